package model

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// Domain is the set a value lives in; it chooses the family fitted to an
// interval or to moments.
type Domain int

const (
	Real        Domain = iota // any real: Normal
	Probability               // 0..1: Beta
	Positive                  // > 0 (an amount): LogNormal
)

// Family names a distribution family.
type Family int

const (
	Fixed Family = iota
	Beta
	LogNormal
	Normal
	Gamma
	Triangle
	Uniform
	PERT
)

var familyNames = [...]string{"fixed", "beta", "lognormal", "normal", "gamma", "triangle", "uniform", "pert"}

func (f Family) String() string { return familyNames[f] }

// Value is a number the world decides: fixed, or a distribution drawn once
// per trial through its quantile function.
//
// Parameters by family: Fixed (X); Beta (Alpha, Beta); LogNormal (Mu, Sigma
// of ln X); Normal (Mu, Sigma); Gamma (Alpha, Beta as the rate); Triangle
// and PERT (Min, Mode, Max); Uniform (Min, Max). PERT is a Beta(Alpha, Beta)
// scaled to [Min, Max], its Alpha and Beta stored beside them.
type Value struct {
	Family Family
	Domain Domain
	// Form is the value as the user wrote it, for messages and reports,
	// e.g. "{low: 0.2, high: 0.4}"; empty for defaults.
	Form string

	X           float64
	Alpha, Beta float64
	Mu, Sigma   float64
	Min, Mode   float64
	Max         float64
}

// FixedValue returns a value that is always x.
func FixedValue(x float64) Value { return Value{Family: Fixed, X: x} }

// IsFixed reports whether the value is a plain number.
func (v Value) IsFixed() bool { return v.Family == Fixed }

// Quantile returns the value's p-quantile, 0 ≤ p ≤ 1: a draw when p is uniform.
func (v Value) Quantile(p float64) float64 {
	switch v.Family {
	case Fixed:
		return v.X
	case Beta:
		return distuv.Beta{Alpha: v.Alpha, Beta: v.Beta}.Quantile(p)
	case LogNormal:
		return distuv.LogNormal{Mu: v.Mu, Sigma: v.Sigma}.Quantile(p)
	case Normal:
		return distuv.Normal{Mu: v.Mu, Sigma: v.Sigma}.Quantile(p)
	case Gamma:
		return distuv.Gamma{Alpha: v.Alpha, Beta: v.Beta}.Quantile(p)
	case Triangle:
		return distuv.NewTriangle(v.Min, v.Max, v.Mode, nil).Quantile(p)
	case Uniform:
		return distuv.Uniform{Min: v.Min, Max: v.Max}.Quantile(p)
	case PERT:
		return v.Min + (v.Max-v.Min)*distuv.Beta{Alpha: v.Alpha, Beta: v.Beta}.Quantile(p)
	}
	panic("model: unknown family")
}

// Mean returns the value's expectation.
func (v Value) Mean() float64 {
	switch v.Family {
	case Fixed:
		return v.X
	case Beta:
		return distuv.Beta{Alpha: v.Alpha, Beta: v.Beta}.Mean()
	case LogNormal:
		return distuv.LogNormal{Mu: v.Mu, Sigma: v.Sigma}.Mean()
	case Normal:
		return v.Mu
	case Gamma:
		return v.Alpha / v.Beta
	case Triangle:
		return (v.Min + v.Mode + v.Max) / 3
	case Uniform:
		return (v.Min + v.Max) / 2
	case PERT:
		return v.Min + (v.Max-v.Min)*v.Alpha/(v.Alpha+v.Beta)
	}
	panic("model: unknown family")
}

// Percentile returns the value's p-quantile, 0 ≤ p ≤ 1 (the same as Quantile;
// Percentile(0.05) is its 5th percentile).
func (v Value) Percentile(p float64) float64 { return v.Quantile(p) }

// Describe names the value's family and parameters, e.g.
// "beta(α=3.21, β=11.4)", "lognormal(μ=0.9, σ=0.3)" or "fixed 0.35".
func (v Value) Describe() string {
	g := func(x float64) string {
		if math.Abs(x) >= 1000 && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', 0, 64)
		}
		return strconv.FormatFloat(x, 'g', 3, 64)
	}
	switch v.Family {
	case Fixed:
		return "fixed " + strconv.FormatFloat(v.X, 'g', -1, 64)
	case Beta:
		return "beta(α=" + g(v.Alpha) + ", β=" + g(v.Beta) + ")"
	case LogNormal:
		return "lognormal(μ=" + g(v.Mu) + ", σ=" + g(v.Sigma) + ")"
	case Normal:
		return "normal(μ=" + g(v.Mu) + ", σ=" + g(v.Sigma) + ")"
	case Gamma:
		return "gamma(α=" + g(v.Alpha) + ", β=" + g(v.Beta) + ")"
	case Triangle:
		return "triangle(min=" + g(v.Min) + ", mode=" + g(v.Mode) + ", max=" + g(v.Max) + ")"
	case Uniform:
		return "uniform(min=" + g(v.Min) + ", max=" + g(v.Max) + ")"
	case PERT:
		return "pert(min=" + g(v.Min) + ", mode=" + g(v.Mode) + ", max=" + g(v.Max) + ")"
	}
	return "unknown"
}

// Each family's parameters are kept to ranges in which gonum's quantile
// returns finite, non-decreasing values within a millisecond at every u
// the engine draws (2^-54 to 1 − 2^-53, and 1e-12 and 1e-6 from each
// end), found by experiment on a grid of parameters 10^0.25 apart (the
// commit that set them gives the evidence). Outside them gonum hangs (a
// gamma's alpha below about 1e-308 or from 1e308: GammaIncRegInv loops for
// ever), returns NaN or ±Inf (a gamma's rate below 1e-300 or so, a
// lognormal with |mu| + 8.3·sigma past 709), or loses its accuracy: a
// gamma with alpha below 0.1 has a 5th percentile gonum returns as 0 (its
// solver's absolute tolerance is 4e-16), and one above 10^8.75 misses
// its tails by 10%; a beta with both parameters near 5e8 misses its
// median. The ranges are wide enough for any plan: a {low, high}
// interval fitted as a beta gives parameters from 0.2 up ({low: 0.1,
// high: 0.1001} gives 9.7e6 and 8.8e7), a narrower one is refused as too
// narrow. Within them, drawable checks what remains (gonum's beta
// quantile strays for large parameters far apart).
var (
	betaParams  = paramRange{1e-3, 1e8} // alpha and beta
	gammaShape  = paramRange{0.1, 1e8}  // alpha
	gammaRate   = paramRange{1e-9, 1e9} // beta
	logMu       = paramRange{-100, 100}
	logSigma    = paramRange{0, 10}
	normalMu    = paramRange{-1e9, 1e9}
	normalSigma = paramRange{0, 1e9}
)

// paramRange is where a family's parameter may lie; a lo of 0 is open
// (the parameter must be above 0).
type paramRange struct{ lo, hi float64 }

func (r paramRange) contains(x float64) bool {
	return !math.IsNaN(x) && (x > r.lo || r.lo != 0 && x == r.lo) && x <= r.hi
}

// text says the range: "from 0.001 to 100,000,000", "above 0 and at most 10".
func (r paramRange) text() string {
	if r.lo == 0 {
		return "above 0 and at most " + bound(r.hi)
	}
	return "from " + bound(r.lo) + " to " + bound(r.hi)
}

// outside is why x, the parameter name of a family, is refused.
func (r paramRange) outside(family, name string, x float64) string {
	return "has " + name + " " + formatNumber(x) + ": harvest draws from a " + family + " whose " + name +
		" is " + r.text() + ", where gonum computes its quantiles reliably"
}

// check returns why the value's parameters cannot be drawn from (gonum's
// constructors would panic, or its quantile hang or return NaN), or "".
func (v Value) check() string {
	fin := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	in := func(family string, ps ...any) string {
		for i := 0; i < len(ps); i += 3 {
			name, r, x := ps[i].(string), ps[i+1].(paramRange), ps[i+2].(float64)
			if !r.contains(x) {
				return r.outside(family, name, x)
			}
		}
		return ""
	}
	switch v.Family {
	case Fixed:
		if !fin(v.X) {
			return "is not a finite number"
		}
	case Beta:
		return in("beta", "alpha", betaParams, v.Alpha, "beta", betaParams, v.Beta)
	case Gamma:
		return in("gamma", "alpha", gammaShape, v.Alpha, "beta", gammaRate, v.Beta)
	case LogNormal:
		return in("lognormal", "mu", logMu, v.Mu, "sigma", logSigma, v.Sigma)
	case Normal:
		return in("normal", "mu", normalMu, v.Mu, "sigma", normalSigma, v.Sigma)
	case Triangle, PERT:
		if !fin(v.Min, v.Mode, v.Max) || !(v.Min < v.Max) || v.Mode < v.Min || v.Mode > v.Max {
			return "needs min ≤ mode ≤ max and min < max"
		}
		if d := v.Max - v.Min; math.IsInf(d, 0) || math.IsInf(d*d, 0) {
			return "has a range too wide to draw from"
		}
		if v.Family == PERT && (!fin(v.Alpha, v.Beta) || v.Alpha < 1 || v.Beta < 1 || v.Alpha > 5 || v.Beta > 5) {
			return "needs alpha and beta from 1 to 5 (1 + 4 × the mode's place in [min, max])"
		}
	case Uniform:
		if !fin(v.Min, v.Max) || !(v.Min < v.Max) || math.IsInf(v.Max-v.Min, 0) {
			return "needs min < max"
		}
	default:
		return "has an unknown family"
	}
	return ""
}

// The uniform numbers the engine's draws start from lie in [2^-54,
// 1 − 2^-53] (sim adds 2^-54 to a multiple of 2^-53); drawUs are those
// ends, with 1e-12 and 1e-6 from each, the 90% interval and the median:
// where drawable looks at a value's quantile.
var drawUs = []float64{0x1p-54, 1e-12, 1e-6, 0.05, 0.5, 0.95, 1 - 1e-6, 1 - 1e-12, 1 - 0x1p-53}

// drawable says why the value, whose parameters check allows, still
// cannot be drawn from reliably, or "": its quantile must be a finite
// number at every u the engine draws, never decrease, and, for the
// families gonum inverts by iteration (beta, gamma), hit the 5th, 50th
// and 95th percentiles (its CDF there within 0.001 of them). gonum's
// inverse of the incomplete beta function goes astray for a beta whose
// parameters are large and far apart: Beta(1e5, 10) gave a 5th
// percentile of 0.9999 but a millionth of 0.965.
func (v Value) drawable() string {
	prev := math.Inf(-1)
	for _, u := range drawUs {
		x := v.Quantile(u)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "cannot be drawn from: its " + percentile(u) + " is " + formatNumber(x) + " (" + v.Describe() + ")"
		}
		if x < prev {
			return "cannot be drawn from reliably: gonum's quantile decreases near its " + percentile(u) + " (" + v.Describe() + "): use {min, mode, max}, a wider interval or a fixed value"
		}
		prev = x
	}
	var cdf func(float64) float64
	switch v.Family {
	case Beta:
		cdf = distuv.Beta{Alpha: v.Alpha, Beta: v.Beta}.CDF
	case Gamma:
		cdf = distuv.Gamma{Alpha: v.Alpha, Beta: v.Beta}.CDF
	default:
		return ""
	}
	for _, u := range []float64{0.05, 0.5, 0.95} {
		x := v.Quantile(u)
		lo, hi := x, x
		for range 4 {
			lo, hi = math.Nextafter(lo, math.Inf(-1)), math.Nextafter(hi, math.Inf(1))
		}
		if cdf(lo) > u+1e-3 || cdf(hi) < u-1e-3 {
			return "cannot be drawn from reliably: gonum's quantile misses its " + percentile(u) + " (" + v.Describe() + "): use {min, mode, max}, a wider interval or a fixed value"
		}
	}
	return ""
}

// percentile names the u-quantile for a message.
func percentile(u float64) string {
	switch {
	case u < 1e-9:
		return "lowest draws"
	case u < 1e-3:
		return "one-in-a-million low"
	case u > 1-1e-9:
		return "highest draws"
	case u > 1-1e-3:
		return "one-in-a-million high"
	}
	return strconv.FormatFloat(100*u, 'g', 3, 64) + "th percentile"
}

// support returns the smallest and largest values the value can take.
func (v Value) support() (lo, hi float64) {
	switch v.Family {
	case Fixed:
		return v.X, v.X
	case Beta:
		return 0, 1
	case LogNormal, Gamma:
		return 0, math.Inf(1)
	case Normal:
		return math.Inf(-1), math.Inf(1)
	}
	return v.Min, v.Max
}
