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

// check returns why the value's parameters cannot be drawn from (gonum's
// constructors would panic or return NaN), or "" when they can.
func (v Value) check() string {
	fin := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	switch v.Family {
	case Fixed:
		if !fin(v.X) {
			return "is not a finite number"
		}
	case Beta, Gamma:
		if !fin(v.Alpha, v.Beta) || v.Alpha <= 0 || v.Beta <= 0 {
			return "needs alpha > 0 and beta > 0"
		}
	case LogNormal, Normal:
		if !fin(v.Mu, v.Sigma) || v.Sigma <= 0 {
			return "needs a finite mu and sigma > 0"
		}
	case Triangle, PERT:
		if !fin(v.Min, v.Mode, v.Max) || !(v.Min < v.Max) || v.Mode < v.Min || v.Mode > v.Max {
			return "needs min ≤ mode ≤ max and min < max"
		}
		if v.Family == PERT && (!fin(v.Alpha, v.Beta) || v.Alpha <= 0 || v.Beta <= 0) {
			return "needs alpha > 0 and beta > 0"
		}
	case Uniform:
		if !fin(v.Min, v.Max) || !(v.Min < v.Max) {
			return "needs min < max"
		}
	default:
		return "has an unknown family"
	}
	return ""
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
