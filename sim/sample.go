package sim

import (
	"math"
	"math/bits"
)

// stream is one trial's random numbers: a PCG generator seeded from
// (seed, trial, sub) through SplitMix64. A stream serves one goroutine.
//
// The samplers are exact (each draw follows the named distribution, not an
// approximation of it), allocate nothing, and cost O(1) per draw whatever
// the count:
//
//   - binomial: inversion below n·min(p, 1−p) = 10, Hörmann's BTRD above;
//   - poisson: inversion below λ = 10, Hörmann's PTRS above;
//   - hypergeometric: reduced by symmetry to the smallest of its four
//     equivalent forms, then inversion up to 32 draws and Stadlober's
//     ratio-of-uniforms (HRUA) above;
//   - gamma: Marsaglia and Tsang, on a 256-layer ziggurat normal.
//
// Invalid parameters (negative counts, probabilities outside 0..1, NaN)
// never panic or loop: they are clamped to the nearest valid value.
type stream struct {
	hi, lo uint64
}

func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// reset seeds the stream for one trial's substream.
func (s *stream) reset(seed, trial, sub uint64) {
	x := seed
	a := splitmix64(&x)
	x ^= trial * 0xd1b54a32d192ed03
	b := splitmix64(&x)
	x ^= sub * 0x8cb92ba72f3d8dd7
	s.hi = a ^ splitmix64(&x)
	s.lo = b ^ splitmix64(&x)
}

// uint64 returns 64 random bits (PCG-DXSM, as math/rand/v2's PCG).
func (s *stream) uint64() uint64 {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	hi, lo := bits.Mul64(s.lo, mulLo)
	hi += s.hi*mulLo + s.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	s.lo = lo
	s.hi = hi
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> (3 * 16)
	hi *= (lo | 1)
	return hi
}

// float64 returns a uniform number in [0, 1).
func (s *stream) float64() float64 {
	return float64(s.uint64()<<11>>11) / (1 << 53)
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

// inversionMax bounds the sequential search of the inversion samplers, used
// only for means below 10: the mass above it is below 1e-40, far below what
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
			f *= g/float64(k+1) - r
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

// poissonInversionMean is where poisson switches from inversion to PTRS.
const poissonInversionMean = 10

// poisson returns a Poisson(lambda) count. A lambda of 2⁶² or more
// (beyond what an int count can hold with certainty) gives math.MaxInt.
func (s *stream) poisson(lambda float64) int {
	if !(lambda > 0) {
		return 0
	}
	if lambda < poissonInversionMean {
		f0 := math.Exp(-lambda)
		for {
			u := s.float64()
			f := f0
			for k := 0; k <= inversionMax; k++ {
				if u < f {
					return k
				}
				u -= f
				f *= lambda / float64(k+1)
			}
		}
	}
	if lambda >= 1<<62 {
		return math.MaxInt
	}
	return s.poissonPTRS(lambda)
}

// poissonPTRS is Hörmann's transformed rejection with squeeze (W. Hörmann,
// "The transformed rejection method for generating Poisson random
// variables", Insurance: Mathematics and Economics 12, 1993) for λ ≥ 10.
// The acceptance test −λ + k ln λ − ln k! is computed relative to k + 1 so
// that it keeps its precision for λ in the billions.
func (s *stream) poissonPTRS(lambda float64) int {
	slam := math.Sqrt(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	lnInvAlpha := math.Log(1.1239 + 1.1328/(b-3.4))
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := s.float64() - 0.5
		v := s.float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		// −λ + k ln λ − ln k!, with δ = k + 1 − λ and Stirling's formula.
		d := k + 1 - lambda
		logf := d + k*math.Log1p(-d/(k+1)) - 0.5*math.Log(k+1) - lnSqrt2Pi - stirlingTail(k)
		if math.Log(v)+lnInvAlpha-math.Log(a/(us*us)+b) <= logf {
			return int(k)
		}
	}
}

// hypergeometricInversionMax is the most draws for which hypergeometric
// uses inversion; above it uses HRUA.
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
	if n <= hypergeometricInversionMax {
		x = s.hypergeometricInversion(total, g, n)
	} else {
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
	f0 := 1.0
	for i := 0.0; i < nf; i++ {
		f0 *= (bf - i) / (tf - i)
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

// gamma returns a Gamma(shape, rate 1) number: Marsaglia and Tsang's
// method, with U^(1/shape) boosting shapes below 1. A shape that is not
// positive gives 0.
func (s *stream) gamma(shape float64) float64 {
	if !(shape > 0) {
		return 0
	}
	boost := 1.0
	if shape < 1 {
		boost = math.Pow(s.open(), 1/shape)
		shape++
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
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
		neg := r&0x100 != 0
		if x < zigX[i+1] {
			// Inside the layer's rectangle: under the curve (99% of draws).
		} else if i == 0 {
			x = s.normalTail()
		} else if zigF[i]+s.float64()*(zigF[i+1]-zigF[i]) >= math.Exp(-0.5*x*x) {
			continue
		}
		if neg {
			return -x
		}
		return x
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
