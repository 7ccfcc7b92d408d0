package sim

import (
	"math"
	"math/bits"
)

// stream is one trial's random numbers: a xoshiro256++ generator (D.
// Blackman and S. Vigna, "Scrambled linear pseudorandom number
// generators", ACM Trans. Math. Softw. 47(4), 2021: period 2²⁵⁶ − 1, no
// known failure of BigCrush or PractRand) whose state is filled from
// (seed, trial, sub) through SplitMix64, as its authors recommend: no
// 128-bit multiply, so cheaper than PCG-DXSM. A stream serves one
// goroutine, and must be reset before use: the zero stream gives only
// zeros.
//
// The samplers are exact (each draw follows the named distribution, not an
// approximation of it), allocate nothing, and cost O(1) per draw whatever
// the count:
//
//   - binomial: inversion below n·min(p, 1−p) = 10, Hörmann's BTRD above;
//   - poisson: below λ = 16 the sum of a Poisson(g/8) count from an alias
//     table and a Poisson(λ − g/8) count, nearly always 0 (see alias.go);
//     Hörmann's PTRS above, with the set-up from λ kept in a poissonSetup
//     for the next draw at that λ;
//   - hypergeometric: reduced by symmetry to the smallest of its four
//     equivalent forms, then inversion (for totals below 1024 from 0 under
//     4 draws, else from the mode through a table of ln k!; for larger
//     totals from 0 up to 32 draws) and Stadlober's ratio-of-uniforms
//     (HRUA) above;
//   - uniform whole numbers below n: Lemire's multiply-and-reject;
//   - gamma: Marsaglia and Tsang, on a 256-layer ziggurat normal.
//
// Invalid parameters (negative counts, probabilities outside 0..1, NaN)
// never panic or loop: they are clamped to the nearest valid value.
type stream struct {
	s0, s1, s2, s3 uint64
}

func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// reset seeds the stream for one trial's substream: the SplitMix64
// sequence started at seed, with trial and then sub folded into its
// counter, gives the four words of state.
func (s *stream) reset(seed, trial, sub uint64) {
	s.resetFrom(newTrialKey(seed, trial), sub)
}

// A trialKey is the part of a stream's seeding that (seed, trial) alone
// decides, computed once for a trial's many substreams.
type trialKey struct{ a, b, x uint64 }

func newTrialKey(seed, trial uint64) trialKey {
	x := seed
	a := splitmix64(&x)
	x ^= trial * 0xd1b54a32d192ed03
	b := splitmix64(&x)
	return trialKey{a, b, x}
}

// resetFrom is reset with the trial's part of the seeding done.
func (s *stream) resetFrom(k trialKey, sub uint64) {
	a, b, x := k.a, k.b, k.x
	x ^= sub * 0x8cb92ba72f3d8dd7
	s.s0 = a ^ splitmix64(&x)
	s.s1 = b ^ splitmix64(&x)
	s.s2 = splitmix64(&x)
	s.s3 = splitmix64(&x)
	if s.s0|s.s1|s.s2|s.s3 == 0 {
		s.s0 = 1 // the one state xoshiro cannot leave
	}
}

// uint64 returns 64 random bits (xoshiro256++).
func (s *stream) uint64() uint64 {
	r := bits.RotateLeft64(s.s0+s.s3, 23) + s.s0
	t := s.s1 << 17
	s.s2 ^= s.s0
	s.s3 ^= s.s1
	s.s1 ^= s.s2
	s.s0 ^= s.s3
	s.s2 ^= t
	s.s3 = bits.RotateLeft64(s.s3, 45)
	return r
}

// float64 returns a uniform number in [0, 1): the top 53 bits.
func (s *stream) float64() float64 {
	return float64(s.uint64()>>11) * 0x1p-53
}

// below returns a uniform whole number in [0, n), n ≥ 1, by Lemire's
// multiply-and-reject method (D. Lemire, "Fast random integer generation
// in an interval", ACM Trans. Model. Comput. Simul. 29(1), 2019): exactly
// uniform, without a division but in the rare rejection.
func (s *stream) below(n uint64) uint64 {
	hi, lo := bits.Mul64(s.uint64(), n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(s.uint64(), n)
		}
	}
	return hi
}

// open returns a uniform number in (0, 1): never 0, so its logarithm and
// reciprocal are finite.
func (s *stream) open() float64 {
	return (float64(s.uint64()>>11) + 0.5) / (1 << 53)
}

// lnSqrt2Pi is ln √(2π).
const lnSqrt2Pi = 0.91893853320467274178

// stirlingTails holds fc(k) for k < 10 (see stirlingTail).
var stirlingTails = [10]float64{
	0.08106146679532726, 0.04134069595540929, 0.02767792568499834,
	0.02079067210376509, 0.01664469118982119, 0.01387612882307075,
	0.01189670994589177, 0.01041126526197209, 0.009255462182712733,
	0.008330563433362871,
}

// stirlingTail returns fc(k), the error of Stirling's formula for k!:
// ln k! = ln √(2π) + (k + ½) ln(k + 1) − (k + 1) + fc(k), for whole k ≥ 0.
// Below 10 it is tabulated; above, Stirling's series in x = k + 1,
// 1/12x − 1/360x³ + 1/1260x⁵ − 1/1680x⁷ + 1/1188x⁹ − 691/360360x¹¹, is
// exact to double precision (the next term is below 2e-16).
func stirlingTail(k float64) float64 {
	if k < 10 {
		return stirlingTails[int(k)]
	}
	r := 1 / (k + 1)
	rr := r * r
	return (1.0/12 - (1.0/360-(1.0/1260-(1.0/1680-(1.0/1188-691.0/360360*rr)*rr)*rr)*rr)*rr) * r
}

// expNegTable[i] = e^(−i/32), for expNeg.
var expNegTable = func() (t [expNegMax * 32]float64) {
	for i := range t {
		t[i] = math.Exp(-float64(i) / 32)
	}
	return t
}()

// expNegMax bounds the x of expNeg's table.
const expNegMax = 16

// expNeg returns e^(−x) for x ≥ 0 to within 6e-16 of itself: e^(−i/32)
// from a table times the Taylor polynomial of degree 8 of e^(−r), r =
// x − i/32 < 1/32 (its remainder is below 1e-19), evaluated in Estrin's
// scheme for a short chain of dependent operations. The hypergeometric
// search from the mode needs one for nearly every draw, and this is about
// twice as fast as math.Exp there. Beyond the table it is math.Exp.
func expNeg(x float64) float64 {
	if !(x >= 0 && x < expNegMax) {
		return math.Exp(-x)
	}
	i := int(x * 32)
	r := -(x - float64(i)*(1.0/32))
	r2 := r * r
	r4 := r2 * r2
	p01 := 1 + r
	p23 := 1.0/2 + r*(1.0/6)
	p45 := 1.0/24 + r*(1.0/120)
	p67 := 1.0/720 + r*(1.0/5040)
	p := (p01 + r2*p23) + r4*((p45+r2*p67)+r4*(1.0/40320))
	return expNegTable[i] * p
}

// inversionMax bounds the sequential search of the inversion samplers, used
// only for means below 16: the mass above it is below 1e-40, far below what
// any run can see, and the bound keeps rounding in the running sum from
// walking far into the tail.
const inversionMax = 120

// binomialInversionMean is where binomial switches from inversion to BTRD,
// as n·min(p, 1−p): BTRD needs it ≥ 10.
const binomialInversionMean = 10

// binomial returns a Binomial(n, p) count.
func (s *stream) binomial(n int, p float64) int {
	if n <= 0 || !(p > 0) {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - s.binomialLow(n, 1-p)
	}
	return s.binomialLow(n, p)
}

// binomialLow draws Binomial(n, p) for n ≥ 1 and 0 < p ≤ ½.
func (s *stream) binomialLow(n int, p float64) int {
	nf := float64(n)
	if nf*p < binomialInversionMean {
		return s.binomialInversion(n, p)
	}
	return s.binomialBTRD(nf, p)
}

// binomialInversion searches the CDF from 0, using
// P(k+1) = P(k)·((n+1)/(k+1) − 1)·p/(1−p). Its cost is O(np).
func (s *stream) binomialInversion(n int, p float64) int {
	r := p / (1 - p)
	g := r * float64(n+1)
	// P(0) = (1−p)^n: by repeated squaring for small n (the rounding of
	// 1 − p grows n-fold, to below 1e-14), through log1p for large.
	var f0 float64
	if n <= 64 {
		f0 = 1
		for q, e := 1-p, n; e > 0; e >>= 1 {
			if e&1 != 0 {
				f0 *= q
			}
			q *= q
		}
	} else {
		f0 = math.Exp(float64(n) * math.Log1p(-p))
	}
	top := min(n, inversionMax)
	for {
		u := s.float64()
		f := f0
		for k := 0; k <= top; k++ {
			if u < f {
				return k
			}
			u -= f
			f *= g*reciprocals[k+1] - r
		}
	}
}

// binomialBTRD is Hörmann's transformed rejection with decomposition
// (W. Hörmann, "The generation of binomial random variates", J. Statist.
// Comput. Simul. 46, 1993, algorithm BTRD) for n·p ≥ 10 and p ≤ ½. Its
// expected cost is bounded whatever n.
func (s *stream) binomialBTRD(n, p float64) int {
	q := 1 - p
	npq := n * p * q
	spq := math.Sqrt(npq)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := n*p + 0.5
	alpha := (2.83 + 5.1/b) * spq
	vr := 0.92 - 4.2/b
	urvr := 0.86 * vr
	m := math.Floor((n + 1) * p)
	r := p / q
	nr := (n + 1) * r
	for {
		// Step 1: the triangle in the centre, accepted at once.
		v := s.float64()
		if v <= urvr {
			u := v/vr - 0.43
			return int((2*a/(0.5-math.Abs(u))+b)*u + c)
		}
		// Step 2: a point under the hat.
		var u float64
		if v >= vr {
			u = s.float64() - 0.5
		} else {
			u = v/vr - 0.93
			u = math.Copysign(0.5, u) - u
			v = s.float64() * vr
		}
		// Step 3.0.
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > n {
			continue
		}
		v = v * alpha / (a/(us*us) + b)
		km := math.Abs(k - m)
		if km <= 15 {
			// Step 3.1: f(k)/f(m) by recursion.
			f := 1.0
			if m < k {
				for i := m + 1; i <= k; i++ {
					f *= nr/i - r
				}
			} else {
				for i := k + 1; i <= m; i++ {
					v *= nr/i - r
				}
			}
			if v <= f {
				return int(k)
			}
			continue
		}
		// Step 3.2: squeeze on the log scale.
		v = math.Log(v)
		rho := km / npq * (((km/3+0.625)*km+1.0/6)/npq + 0.5)
		t := -km * km / (2 * npq)
		if v < t-rho {
			return int(k)
		}
		if v > t+rho {
			continue
		}
		// Steps 3.3 and 3.4: the exact test, through Stirling's formula.
		nm := n - m + 1
		h := (m+0.5)*math.Log((m+1)/(r*nm)) + stirlingTail(m) + stirlingTail(n-m)
		nk := n - k + 1
		if v <= h+(n+1)*math.Log(nm/nk)+(k+0.5)*math.Log(nk*r/(k+1))-stirlingTail(k)-stirlingTail(n-k) {
			return int(k)
		}
	}
}

// poissonTableMean is where poisson switches from the alias tables to
// PTRS.
const poissonTableMean = 16

// poisson returns a Poisson(lambda) count. A lambda of 2⁶² or more
// (beyond what an int count can hold with certainty) gives math.MaxInt.
func (s *stream) poisson(lambda float64) int {
	var p poissonSetup
	return s.poissonWith(&p, lambda)
}

// poissonSetup holds what a Poisson draw of λ ≥ 16 computes from λ alone,
// so that a caller drawing again with the same λ (a large channel's
// entries month after month) skips it; below 16 the tables need none. The
// zero value holds nothing.
type poissonSetup struct {
	lambda float64 // the λ set up; 0: none
	// PTRS (λ ≥ 16); lnLambda and invAlpha only once a draw needs the
	// exact test (0 until then), as most are accepted without it.
	a, b, vr, lnLambda, invAlpha float64
}

// set computes the setup for lambda in [16, 2⁶²).
func (p *poissonSetup) set(lambda float64) {
	p.lambda = lambda
	p.b = 0.931 + 2.53*math.Sqrt(lambda)
	p.a = -0.059 + 0.02483*p.b
	p.vr = 0.9277 - 3.6224/(p.b-2)
	p.lnLambda, p.invAlpha = 0, 0
}

// poissonWith returns a Poisson(lambda) count, reusing p's setup when it
// is for lambda and else setting p up for it.
func (s *stream) poissonWith(p *poissonSetup, lambda float64) int {
	if !(lambda > 0) {
		return 0
	}
	if lambda >= 1<<62 {
		return math.MaxInt
	}
	if lambda < poissonTableMean {
		return s.poissonSmall(lambda)
	}
	if p.lambda != lambda {
		p.set(lambda)
	}
	return s.poissonPTRS(p)
}

// poissonPTRS is Hörmann's transformed rejection with squeeze (W. Hörmann,
// "The transformed rejection method for generating Poisson random
// variables", Insurance: Mathematics and Economics 12, 1993) for λ ≥ 16
// (it needs λ ≥ 10; below 16 the tables are faster), set up in p. Its exact test compares one logarithm with poissonLogPMF.
func (s *stream) poissonPTRS(p *poissonSetup) int {
	lambda, a, b := p.lambda, p.a, p.b
	for {
		u := s.float64() - 0.5
		v := s.float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= p.vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		if p.lnLambda == 0 {
			p.lnLambda = math.Log(lambda)
			p.invAlpha = 1.1239 + 1.1328/(b-3.4)
		}
		// ln(v/α) − ln(a/us² + b) ≤ ln f(k), as one logarithm.
		if math.Log(v*p.invAlpha/(a/(us*us)+b)) <= poissonLogPMF(k, lambda, p.lnLambda) {
			return int(k)
		}
	}
}

// poissonLogTableMax is the λ below which poissonLogPMF uses ln k! from a
// table: there −λ + k ln λ − ln k! loses at most about 1e-13 to rounding.
const poissonLogTableMax = 256

// lnFactorialMax bounds the table of ln k!: 1024 entries, 8 KB.
const lnFactorialMax = 1024

// lnFactorials[k] = ln k!, for k < lnFactorialMax.
var lnFactorials = func() (t [lnFactorialMax]float64) {
	for k := range t {
		t[k], _ = math.Lgamma(float64(k + 1))
	}
	return t
}()

// poissonLogPMF returns ln P(X = k) = −λ + k ln λ − ln k! for whole k ≥ 0.
// For large λ it is computed relative to k + 1, with δ = k + 1 − λ and
// Stirling's formula, so that it keeps its precision for λ in the billions.
func poissonLogPMF(k, lambda, lnLambda float64) float64 {
	if lambda < poissonLogTableMax && k < 2*poissonLogTableMax {
		return -lambda + k*lnLambda - lnFactorials[int(k)]
	}
	d := k + 1 - lambda
	return d + k*math.Log1p(-d/(k+1)) - 0.5*math.Log(k+1) - lnSqrt2Pi - stirlingTail(k)
}

// hypergeometricInversionMax is the most draws for which hypergeometric
// uses inversion from 0 when total is beyond the ln k! table; above it
// uses HRUA.
const hypergeometricInversionMax = 32

// hypergeometric returns how many of draws taken without replacement from
// total items, good of them good, are good. good and draws are clamped to
// 0..total.
func (s *stream) hypergeometric(total, good, draws int) int {
	if total <= 0 {
		return 0
	}
	good = min(max(good, 0), total)
	draws = min(max(draws, 0), total)
	// The count X = |G ∩ D| of the good set G in the drawn set D. Drawing
	// the complement of D gives good − X; counting the complement of G
	// gives |D| − X; and G and D play symmetric roles. So reduce to
	// n ≤ g ≤ total/2.
	n := draws
	flipD := n > total-n
	if flipD {
		n = total - n
	}
	d := n
	g := good
	flipG := g > total-g
	if flipG {
		g = total - g
	}
	if n > g {
		n, g = g, n
	}
	var x int
	switch {
	case total < lnFactorialMax:
		x = s.hypergeometricSmall(total, g, n)
	case n <= hypergeometricInversionMax:
		x = s.hypergeometricInversion(total, g, n)
	default:
		x = s.hypergeometricHRUA(total, g, n)
	}
	if flipG {
		x = d - x
	}
	if flipD {
		x = good - x
	}
	return x
}

// hypergeometricInversion searches the CDF from 0 (HIN), for
// n ≤ good ≤ total/2: P(0) = Π (bad−i)/(total−i) over i < n, and
// P(k+1) = P(k)·(good−k)(n−k)/((k+1)(bad−n+k+1)). Its cost is O(n).
func (s *stream) hypergeometricInversion(total, good, n int) int {
	tf, gf, nf := float64(total), float64(good), float64(n)
	bf := tf - gf
	// P(0) in blocks of 8 factors, one division a block: each product
	// stays below total⁸ < 2⁵⁰⁴, far from overflow.
	f0 := 1.0
	for i := 0.0; i < nf; {
		num, den := 1.0, 1.0
		for end := min(i+8, nf); i < end; i++ {
			num *= bf - i
			den *= tf - i
		}
		f0 *= num / den
	}
	for {
		u := s.float64()
		f := f0
		for k := 0.0; k <= nf; k++ {
			if u < f {
				return int(k)
			}
			u -= f
			f *= (gf - k) * (nf - k) / ((k + 1) * (bf - nf + k + 1))
		}
	}
}

// hypergeometricModeMin is the least n for which hypergeometricSmall
// searches from the mode rather than from 0: below it the first block
// from 0 holds the whole support and f(0) is a product of at most three
// terms, cheaper than the exponential f(m) costs. (Measured in the flow,
// 4 and 6 are alike and about 1.5% faster than 8 or 12.)
const hypergeometricModeMin = 4

// hypergeometricSmall inverts the CDF for n ≤ good ≤ total/2 and total <
// lnFactorialMax (support 0..n), where every divisor of the PMF's ratios
// is in the reciprocals table. For small n it searches from 0 with f(0) =
// Π (bad−i)/(total−i); else in the order m, m+1, m−1, m+2, … from the mode
// m with f(m) from the ln k! table (one exponential, rounded to about
// 1e-12 of itself), at an expected cost of O(sd) rather than O(n). The
// first eight outcomes of the order are told apart without branches, as
// a site's first three are (site.go): most draws end there, and a
// search's exit is mispredicted about once a draw.
func (s *stream) hypergeometricSmall(total, good, n int) int {
	bad := total - good
	rec := &reciprocals
	gf, nf, bnf := float64(good), float64(n), float64(bad-n)
	m := 0
	fm := 1.0
	if n < hypergeometricModeMin {
		for i := range n {
			fm *= float64(bad-i) * rec[total-i]
		}
	} else {
		// The mode ⌊(n+1)(good+1)/(total+2)⌋, by a reciprocal rather
		// than a division that would lengthen the chain of capacity
		// splits, each waiting on the last: rounding can only make it
		// one less, which the search from it does not mind.
		m = int(float64((n+1)*(good+1)) * rec[total+2])
		lf := &lnFactorials
		// Summed as a tree, for a short chain of additions.
		fm = expNeg(((lf[m] + lf[good-m]) + (lf[n-m] + lf[bad-n+m])) +
			((lf[total] - lf[good]) - (lf[bad] + lf[n])) - lf[total-n])
	}
	// The first eight outcomes of the order, m−3 … m+4, without a branch
	// but the one on whether u falls among them: their ratios to f(m) on
	// two chains (up and down), which neither wait on each other nor on
	// f(m). Outside the support 0..n a ratio's factor n − k or k is 0 and
	// so are the terms past it (the reciprocals table reaches total + 8).
	mf := float64(m)
	up1 := (gf - mf) * (nf - mf) * rec[m+1] * rec[bad-n+m+1]
	up2 := up1 * (gf - mf - 1) * (nf - mf - 1) * rec[m+2] * rec[bad-n+m+2]
	up3 := up2 * (gf - mf - 2) * (nf - mf - 2) * rec[m+3] * rec[bad-n+m+3]
	up4 := up3 * (gf - mf - 3) * (nf - mf - 3) * rec[m+4] * rec[bad-n+m+4]
	dn1 := mf * (bnf + mf) * rec[good-m+1] * rec[n-m+1]
	dn2 := dn1 * (mf - 1) * (bnf + mf - 1) * rec[good-m+2] * rec[n-m+2]
	dn3 := dn2 * (mf - 2) * (bnf + mf - 2) * rec[good-m+3] * rec[n-m+3]
	c1 := 1 + up1
	c2 := c1 + dn1
	c3 := c2 + up2
	c4 := c3 + dn2
	c5 := c4 + up3
	c6 := c5 + dn3
	c7 := c6 + up4
	for {
		u := s.float64()
		if u < fm*c7 {
			// Unrolled on purpose: as a loop over arrays it costs about
			// twice as much (Go does not unroll loops).
			k := m
			if u >= fm {
				k = m + 1
			}
			if u >= fm*c1 {
				k = m - 1
			}
			if u >= fm*c2 {
				k = m + 2
			}
			if u >= fm*c3 {
				k = m - 2
			}
			if u >= fm*c4 {
				k = m + 3
			}
			if u >= fm*c5 {
				k = m - 3
			}
			if u >= fm*c6 {
				k = m + 4
			}
			return k
		}
		u -= fm * c7
		up, fu := m+4, fm*up4
		down, fd := m-3, fm*dn3
		for up < n || down > 0 {
			if up < n {
				// f(k+1)/f(k) = (g−k)(n−k)/((k+1)(bad−n+k+1))
				k := float64(up)
				fu *= (gf - k) * (nf - k) * rec[up+1] * rec[bad-n+up+1]
				up++
				if u -= fu; u < 0 {
					return up
				}
			}
			if down > 0 {
				// f(k−1)/f(k) = k(bad−n+k)/((g−k+1)(n−k+1))
				k := float64(down)
				fd *= k * (bnf + k) * rec[good-down+1] * rec[n-down+1]
				down--
				if u -= fd; u < 0 {
					return down
				}
			}
		}
		// Rounding left u above the summed mass: draw it again.
	}
}

// hypergeometricRecursionMax is the farthest from the mode HRUA evaluates
// the PMF's ratio by recursion rather than by logarithms.
const hypergeometricRecursionMax = 16

// hypergeometricHRUA is Stadlober's ratio-of-uniforms method (E. Stadlober,
// "The ratio of uniforms approach for generating discrete random variates",
// J. Comput. Appl. Math. 31, 1990, algorithm HRUA; as numpy implements it)
// for n ≤ good ≤ total/2. Its expected cost is bounded whatever the sizes.
func (s *stream) hypergeometricHRUA(total, good, n int) int {
	const (
		d1 = 1.7155277699214135 // 2√(2/e)
		d2 = 0.8989161620588988 // 3 − 2√(3/e)
	)
	tf, gf, nf := float64(total), float64(good), float64(n)
	bf := tf - gf // the bad items
	p := gf / tf
	mu := nf * p
	a := mu + 0.5
	variance := (tf - nf) * nf * p * (1 - p) / (tf - 1)
	c := math.Sqrt(variance + 0.5)
	h := d1*c + d2
	m := math.Floor((nf + 1) * (gf + 1) / (tf + 2)) // the mode
	top := min(min(nf, gf)+1, math.Floor(a+16*c))
	for {
		u := s.open()
		v := s.float64()
		x := a + h*(v-0.5)/u
		if x < 0 || x >= top {
			continue
		}
		k := math.Floor(x)
		if math.Abs(k-m) <= hypergeometricRecursionMax {
			// f(k)/f(m) by f(i+1)/f(i) = (g−i)(n−i)/((i+1)(bad−n+i+1)),
			// and accept when u² ≤ f(k)/f(m), as 2 ln u ≤ t below.
			ratio := 1.0
			for i := m; i < k; i++ {
				ratio *= (gf - i) * (nf - i) / ((i + 1) * (bf - nf + i + 1))
			}
			for i := k; i < m; i++ {
				ratio *= (i + 1) * (bf - nf + i + 1) / ((gf - i) * (nf - i))
			}
			if u*u <= ratio {
				return int(k)
			}
			continue
		}
		t := hypergeometricLogRatio(gf, nf, bf, m, k)
		if u*(4-u)-3 <= t {
			return int(k)
		}
		if u*(u-t) >= 1 {
			continue
		}
		if 2*math.Log(u) <= t {
			return int(k)
		}
	}
}

// hypergeometricLogRatio returns ln f(k) − ln f(m), f the PMF of the good
// items among n drawn from good + bad: the sum of the four ratios
// ln a! − ln b! of logFactorialRatio, whose d·(ln(b+1) − 1) terms combine
// into one logarithm.
func hypergeometricLogRatio(good, n, bad, m, k float64) float64 {
	a := [4]float64{m, good - m, n - m, bad - n + m}
	b := [4]float64{k, good - k, n - k, bad - n + k}
	t := (m - k) * math.Log((k+1)*(bad-n+k+1)/((good-k+1)*(n-k+1)))
	for j := range a {
		t += (a[j]+0.5)*math.Log1p((a[j]-b[j])/(b[j]+1)) + stirlingTail(a[j]) - stirlingTail(b[j])
	}
	return t
}

// gamma returns a Gamma(shape, rate 1) number (see gammaWith).
func (s *stream) gamma(shape float64) float64 {
	g := newGammaSetup(shape)
	return s.gammaWith(&g)
}

// gammaSetup holds what a Gamma draw computes from its shape alone, for a
// caller drawing the same shape again (a channel's volatility, month after
// month).
type gammaSetup struct {
	shape float64 // as given; not positive: every draw is 0
	d, c  float64 // Marsaglia and Tsang's, for max(shape, shape + 1)
}

func newGammaSetup(shape float64) gammaSetup {
	g := gammaSetup{shape: shape}
	if !(shape > 0) {
		return g
	}
	if shape < 1 {
		shape++
	}
	g.d = shape - 1.0/3
	g.c = 1 / math.Sqrt(9*g.d)
	return g
}

// gammaWith returns a Gamma(shape, rate 1) number: Marsaglia and Tsang's
// method, with U^(1/shape) boosting shapes below 1. A shape that is not
// positive gives 0.
func (s *stream) gammaWith(g *gammaSetup) float64 {
	if !(g.shape > 0) {
		return 0
	}
	boost := 1.0
	if g.shape < 1 {
		boost = math.Pow(s.open(), 1/g.shape)
	}
	d, c := g.d, g.c
	for {
		var x, v float64
		for {
			x = s.normal()
			v = 1 + c*x
			if v > 0 {
				break
			}
		}
		v = v * v * v
		u := s.open()
		xx := x * x
		if u < 1-0.0331*xx*xx || math.Log(u) < 0.5*xx+d*(1-v+math.Log(v)) {
			return d * v * boost
		}
	}
}

// The normal ziggurat (G. Marsaglia and W. W. Tsang, "The ziggurat method
// for generating random variables", J. Stat. Softw. 5, 2000) with 256
// layers of equal area zigArea under exp(−x²/2). Layer i (1..255) is the
// rectangle of half-width zigX[i] between heights zigF[i] and zigF[i+1];
// layer 0 is the base strip of half-width zigR plus the tail beyond it,
// zigX[0] the width a rectangle of its area would have.
const (
	zigR    = 3.6541528853610088
	zigArea = 0.00492867323399
)

var zigX, zigF = zigguratTables()

func zigguratTables() (x, f [257]float64) {
	fr := math.Exp(-0.5 * zigR * zigR)
	x[0], f[0] = zigArea/fr, 0
	x[1], f[1] = zigR, fr
	for i := 2; i < 256; i++ {
		f[i] = zigArea/x[i-1] + f[i-1]
		x[i] = math.Sqrt(-2 * math.Log(f[i]))
	}
	x[256], f[256] = 0, 1
	return x, f
}

// normal returns a standard normal number.
func (s *stream) normal() float64 {
	for {
		r := s.uint64()
		i := r & 0xff
		u := float64(r>>11) / (1 << 53)
		x := u * zigX[i]
		if x < zigX[i+1] {
			// Inside the layer's rectangle: under the curve (99% of draws).
		} else if i == 0 {
			x = s.normalTail()
		} else if zigF[i]+s.float64()*(zigF[i+1]-zigF[i]) >= math.Exp(-0.5*x*x) {
			continue
		}
		// Bit 8 of r, which neither i nor u uses, is the sign: moved to
		// the sign bit rather than branched on, a coin toss the branch
		// predictor would miss half the time.
		return math.Float64frombits(math.Float64bits(x) ^ (r&0x100)<<55)
	}
}

// normalTail returns a standard normal number conditioned to exceed zigR,
// by Marsaglia's exponential rejection method.
func (s *stream) normalTail() float64 {
	for {
		x := -math.Log(s.open()) / zigR
		y := -math.Log(s.open())
		if 2*y >= x*x {
			return zigR + x
		}
	}
}
