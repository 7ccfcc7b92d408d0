package sim

import "math"

// Numbers the samplers share: ln k! and the error of Stirling's formula for
// it, a cheaper e^−x, the reciprocals of whole numbers, and the bound of
// the inversion searches.

// lnFactorialMax bounds the table of ln k!: 1024 entries, 8 KB.
const lnFactorialMax = 1024

// lnFactorials[k] = ln k!, for k < lnFactorialMax.
var lnFactorials = func() (t [lnFactorialMax]float64) {
	for k := range t {
		t[k], _ = math.Lgamma(float64(k + 1))
	}
	return t
}()

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

// reciprocals[k] = 1/k for 0 < k < lnFactorialMax + 8, for the inversions'
// recurrences without divisions.
var reciprocals = func() (r [lnFactorialMax + 8]float64) {
	for k := 1; k < len(r); k++ {
		r[k] = 1 / float64(k)
	}
	return r
}()

// inversionMax bounds the sequential search of the inversion samplers, used
// only for means below 16: the mass above it is below 1e-40, far below what
// any run can see, and the bound keeps rounding in the running sum from
// walking far into the tail.
const inversionMax = 120

// A normal-quantile guess (poisson.go, binomial.go) is x = m + sd·w +
// rest, m and sd·w up to 2⁵² and rest a few units: splitFloor returns ⌊x⌋
// and x − ⌊x⌋ with the fraction accurate to about 1e-15, whatever the
// size of m, by taking the whole parts of m and of sd·w apart before
// adding (m = mHi + mLo, mLo the rounding error of a product, and sd·w's
// own rounding error from an FMA).
func splitFloor(mHi, mLo, sd, w, rest float64) (x, frac float64) {
	mi := math.Floor(mHi)
	b := sd * w
	be := math.FMA(sd, w, -b)
	bi := math.Floor(b)
	small := (mHi - mi) + (b - bi) + (mLo + be + rest)
	si := math.Floor(small)
	return mi + bi + si, small - si
}

// guessBound bounds the error of a guess at the normal quantile w (w2 =
// w²), times λ^1.5 for the Poisson's and σ² for the binomial's: 0.1 +
// 0.04 w⁴ + 0.01 |w|⁵ (the tests find errors of at most 0.15 and 0.2 of
// it), and beyond |w| = 9 (u within 1e-19 of 0 or 1, which a 53-bit
// uniform never is) none is trusted.
func guessBound(w, w2 float64) float64 {
	if !(w2 <= 81) {
		return math.Inf(1)
	}
	return 0.1 + w2*w2*(0.04+0.01*math.Abs(w))
}

// guessRounding bounds the error rounding leaves in a guess's fraction
// (splitFloor's, and sd·w's from the relative errors of sd and of the
// normal quantile w, a few ulps each).
func guessRounding(sd, w float64) float64 {
	return 1e-13 + 2e-15*sd*math.Abs(w)
}
