package sim

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// A Poisson count is drawn by inversion: the least k with u < F(k), F
// the CDF and u one uniform number. So a draw takes one uniform whatever
// λ, and the same u gives the same count, or a neighbouring one, when λ
// changes a little: two plans run with the same seed draw their counts
// from the same numbers, and a month whose λ differs between them leaves
// the rest of their streams aligned.

// poissonTableMean is where poisson switches from the tables to the
// normal-quantile guess.
const poissonTableMean = 16

// poisson returns a Poisson(lambda) count from one uniform.
func (s *stream) poisson(lambda float64) int {
	return poissonAt(s.open(), lambda)
}

// poissonAt returns the Poisson(lambda) count of the uniform u in (0, 1):
// the least k with u < F(k). A lambda of 2⁶² or more (beyond what an int
// count can hold with certainty) gives math.MaxInt; beyond 2⁵² the count
// is exact to float64's precision, which cannot hold its units.
func poissonAt(u, lambda float64) int {
	switch {
	case !(lambda > 0):
		return 0
	case lambda < poissonTableMean:
		return poissonSmall(u, lambda)
	case lambda >= 1<<62:
		return math.MaxInt
	}
	return poissonLarge(u, lambda)
}

// Below λ = 16 the count comes from tables of the CDF at the grid points
// λ_g = g/16, without an exponential in nearly every draw: F(k) falls as
// λ grows, so for λ_g ≤ λ < λ_{g+1} the count lies between the counts of
// u at λ_g and at λ_{g+1}, and when those agree (all but a share λ_{g+1}
// − λ_g = 1/16 of draws, the mean's growth across the cell) it is the
// count. Otherwise F(k) at λ itself, from the series, settles it. (A grid
// of 1/8 costs seed_saas some 5% more time in its series; one of 1/32
// saves no more than its doubled tables' cache misses cost.)

// poissonGrid is the number of grid points per unit of λ; poissonGuide
// the number of bins of u whose first count each table keeps.
const (
	poissonGrid  = 16
	poissonGuide = 32
)

// poissonTailMass bounds the Poisson mass a table leaves out above its
// last count, whose F it sets to 1: far below what any run can see.
const poissonTailMass = 1e-20

// poissonTables holds the CDF of Poisson(g/16) for g = 0 … 256, one
// after another: table g is entries off[g] … off[g+1]−1, count k at
// off[g]+k, its last count's F set to 1 and followed by two more 1s;
// guide[g·32+b] is where in cdf its least count with F(k) > b/32 is.
var poissonTables = newPoissonTables()

type poissonCDFTables struct {
	off   [poissonTableMean*poissonGrid + 2]int32
	cdf   []float64
	guide [(poissonTableMean*poissonGrid + 1) * poissonGuide]uint16 // as an index into cdf
}

func newPoissonTables() *poissonCDFTables {
	t := &poissonCDFTables{}
	last := 0 // the last count of the table before: tables only grow
	var w []dd
	for g := 0; g <= poissonTableMean*poissonGrid; g++ {
		lambda := float64(g) / poissonGrid
		t.off[g] = int32(len(t.cdf))
		// The PMF's ratios to P(m), m the mode, by its recurrences in
		// double-double arithmetic, up until the tail above k, below
		// P(k+1)/(1 − λ/(k+2)) past the mode, is negligible; each F(k) is
		// their sum up to k over their total, rounded once.
		m := int(lambda)
		w = append(w[:0], dd{hi: 1})
		for k := m; k > 0; k-- {
			w = append(w, w[len(w)-1].mul(float64(k)).div(lambda))
		}
		slices.Reverse(w) // P(0) … P(m), over P(m)
		total := dd{}
		for _, x := range w {
			total = total.add(x)
		}
		for k := m; ; k++ {
			next := w[k].mul(lambda).div(float64(k + 1))
			if k >= last && float64(k+1) > lambda && next.hi/(1-lambda/float64(k+2)) < poissonTailMass*total.hi {
				last = k
				break
			}
			w = append(w, next)
			total = total.add(next)
		}
		below := dd{}
		for k := range last + 1 {
			below = below.add(w[k])
			t.cdf = append(t.cdf, min(below.ratio(total), 1))
		}
		t.cdf[len(t.cdf)-1] = 1
		t.cdf = append(t.cdf, 1, 1) // padding: see poissonSmall
		cdf := t.cdf[t.off[g]:]
		k := 0
		for b := range poissonGuide {
			for cdf[k] <= float64(b)/poissonGuide {
				k++
			}
			t.guide[g*poissonGuide+b] = uint16(int(t.off[g]) + k)
		}
	}
	t.off[len(t.off)-1] = int32(len(t.cdf))
	if len(t.cdf) > math.MaxUint16 {
		panic("sim: the Poisson tables outgrow their guide's indices")
	}
	return t
}

// dd is a double-double number hi + lo, |lo| ≤ ulp(hi)/2: some 106 bits,
// for tables that must be right to the last bit of a float64.
type dd struct{ hi, lo float64 }

// twoSumDD is hi + lo = a + b exactly (Knuth's TwoSum).
func twoSumDD(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func (x dd) add(y dd) dd {
	s := twoSumDD(x.hi, y.hi)
	return twoSumDD(s.hi, s.lo+x.lo+y.lo)
}

func (x dd) mul(f float64) dd {
	p := x.hi * f
	return twoSumDD(p, math.FMA(x.hi, f, -p)+x.lo*f)
}

func (x dd) div(f float64) dd {
	q := x.hi / f
	return twoSumDD(q, (math.FMA(-q, f, x.hi)+x.lo)/f)
}

// ratio is x/y rounded to a float64 (within about an ulp).
func (x dd) ratio(y dd) float64 {
	q := x.hi / y.hi
	// x − q·y, its leading terms exactly.
	p := q * y.hi
	r := (x.hi - p) - math.FMA(q, y.hi, -p) + x.lo - q*y.lo
	return q + r/y.hi
}

// poissonSmall returns the Poisson(lambda) count of u for 0 < lambda < 16.
func poissonSmall(u, lambda float64) int {
	t := poissonTables
	g := int(lambda * poissonGrid)
	// i is the bin's first count k0 in table g, and i + d the same count
	// in table g+1: both tables are read at once from there. The counts
	// at λ_g and λ_{g+1} are nearly always k0 or one of the next two,
	// told apart without a branch (as a site's first outcomes); past them,
	// a search. Every table ends in 1 > u and two entries more of it, and
	// the one after is at least as long.
	i := int(t.guide[g*poissonGuide+int(u*poissonGuide)])
	d := int(t.off[g+1] - t.off[g])
	a := t.cdf[i : i+2 : i+2]
	b := t.cdf[i+d : i+d+3 : i+d+3]
	lo := 0
	if u >= a[0] {
		lo = 1
	}
	if u >= a[1] {
		for lo = 2; u >= t.cdf[i+lo]; lo++ {
		}
	}
	hi := 0
	if u >= b[0] {
		hi = 1
	}
	if u >= b[1] {
		hi = 2
	}
	if u >= b[2] {
		for hi = 3; u >= t.cdf[i+d+hi]; hi++ {
		}
	}
	k := i - int(t.off[g])
	if hi == lo {
		return k + lo
	}
	return poissonSeries(u, lambda, k+lo, k+hi)
}

// poissonSeries returns the least count from k up to top with u < F, F
// at lambda < 16 from its series e^−λ Σ λ^j/j!; top when rounding leaves
// u above it.
func poissonSeries(u, lambda float64, k, top int) int {
	p := expNeg(lambda)
	f := p
	for j := 1; j <= k; j++ {
		p *= lambda * reciprocals[j]
		f += p
	}
	for k < top && u >= f {
		k++
		p *= lambda * reciprocals[k]
		f += p
	}
	return k
}

// From λ = 16 the count starts from a guess: the normal quantile w of u
// carried to the Poisson's scale by Temme's uniform expansion of the
// incomplete gamma function (N. M. Temme, "Special functions", Wiley
// 1996, §11.2.4; M. B. Giles, "Algorithm 955: approximation of the inverse
// Poisson cumulative distribution function", ACM TOMS 42(1), 2016, takes
// the same road). The count is ⌊x*⌋, x* the shape a at which the
// regularised incomplete gamma function Q(a, λ) is u (F(k) = Q(k+1, λ)).
// Expanded in 1/√λ (the series of the inverse of its leading term and of
// its first correction; the constant term, −8/405, read off the exact
// CDF),
//
//	x* ≈ λ + √λ w + (w² + 2)/6 − (w³ + 2w)/(72√λ) + (w⁴/270 + 7w²/810 − 8/405)/λ,
//
// which is within guessBound(w)/λ^1.5 of x* at the counts' edges
// (TestPoissonGuess checks it against the exact CDF). So when the guess
// is farther than that from a whole number its floor is the count; else
// (about 1 draw in 100 at λ = 16, fewer above) the exact CDF decides.

// poissonLarge returns the Poisson(lambda) count of u for 16 ≤ lambda <
// 2⁶².
func poissonLarge(u, lambda float64) int {
	x, frac, d := poissonGuess(lambda, mathext.NormalQuantile(u))
	switch {
	case lambda >= 1<<52:
		return int(x + frac) // float64 holds no fraction of a count here
	case d < 0.5 && frac >= d && frac < 1-d && x >= 0:
		return int(x)
	}
	return poissonExact(u, lambda, int(max(0, x)))
}

// poissonGuess returns the guess x* ≈ x + frac of the normal quantile w
// at lambda ≥ 16, x whole and 0 ≤ frac < 1, and the bound d on its error.
func poissonGuess(lambda, w float64) (x, frac, d float64) {
	sl := math.Sqrt(lambda)
	w2 := w * w
	rest := (w2+2)*(1.0/6) - (w2*w+2*w)/(72*sl) + (w2*w2*(1.0/270)+w2*(7.0/810)-8.0/405)/lambda
	x, frac = splitFloor(lambda, 0, sl, w, rest)
	return x, frac, guessBound(w, w2)/(lambda*sl) + guessRounding(sl, w)
}

// poissonExact returns the Poisson(lambda) count of u for lambda ≥ 16,
// searching from k: F(k) is summed from P(k) over the tail on k's side of
// the mean, where the terms fall from the first, until they are
// negligible (some 9 standard deviations: O(√λ) terms).
func poissonExact(u, lambda float64, k int) int {
	kf := float64(k)
	p := math.Exp(poissonLogPMF(kf, lambda))
	var f float64
	if kf < lambda {
		s, r := 1.0, 1.0
		for j := kf; j > 0 && r >= s*0x1p-60; j-- {
			r *= j / lambda
			s += r
		}
		f = p * s
	} else {
		s, r := 0.0, 1.0
		for j := kf + 1; r >= s*0x1p-60; j++ {
			r *= lambda / j
			s += r
		}
		f = 1 - p*s
	}
	return searchFrom(u, k, f, p, func(j float64) float64 { return lambda / j }, func(j float64) float64 { return j / lambda }, math.MaxInt)
}

// searchFrom finishes an inversion from count k, F(k) = f and P(k) = p:
// the least count with u < F. up(j) is P(j)/P(j−1) and down(j) is
// P(j−1)/P(j); top bounds the counts.
func searchFrom(u float64, k int, f, p float64, up, down func(j float64) float64, top int) int {
	if u < f {
		for k > 0 {
			below := f - p // F(k−1)
			if u >= below {
				break
			}
			p *= down(float64(k))
			f = below
			k--
		}
		return k
	}
	for k < top {
		k++
		p *= up(float64(k))
		f += p
		if u < f || p == 0 {
			break
		}
	}
	return k
}

// poissonLogPMF returns ln P(X = k) for X ~ Poisson(λ), whole k ≥ 0, to
// a few ulps of its terms: by Loader's saddle-point form (as binomialLogPMF),
// Stirling's correction less the deviance bd0 of k from λ.
func poissonLogPMF(k, lambda float64) float64 {
	if k == 0 {
		return -lambda
	}
	return -stirlingTail(k-1) - bd0(k, lambda) - 0.5*math.Log(2*math.Pi*k)
}
