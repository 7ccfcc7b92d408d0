package model

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// fitBeta solves for the Beta(α, β) whose 5th and 95th percentiles are low
// and high (0 < low < high < 1), to well within 1e-6.
//
// It runs a damped Newton iteration on (ln α, ln β) for the two equations
// logit F(low) = logit 0.05 and logit F(high) = logit 0.95, F the Beta's CDF
// (the regularized incomplete beta function), with a finite-difference
// Jacobian. The start matches the interval's moments as if it were a normal
// one; other starts are tried if that one stalls. It returns a reason when
// no Beta is found (an interval too narrow to fit in floating point).
func fitBeta(low, high float64) (alpha, beta float64, why string) {
	m := (low + high) / 2
	sd := (high - low) / (2 * z95)
	k := m*(1-m)/(sd*sd) - 1
	if k < 0.5 {
		k = 0.5
	}
	starts := [][2]float64{
		{math.Log(m * k), math.Log((1 - m) * k)},
		{0, 0},
		{math.Log(m * 10), math.Log((1 - m) * 10)},
		{math.Log(0.5), math.Log(0.5)},
	}
	for _, u := range starts {
		a, b, ok := newtonBeta(low, high, u)
		if ok || a > 0 && b > 0 && hitsPercentiles(a, b, low, high) {
			return a, b, ""
		}
	}
	return 0, 0, "has no beta distribution harvest can fit (the interval is too narrow or too close to 0 or 1): use a fixed value, {mean, sd} or {min, mode, max}"
}

// betaLogMax bounds ln α and ln β while solving: parameters past e^23 ≈ 1e10
// describe an interval narrower than a number can say.
const betaLogMax = 23

func newtonBeta(low, high float64, u [2]float64) (float64, float64, bool) {
	lo, hi := logit(0.05), logit(0.95)
	res := func(u [2]float64) ([2]float64, bool) {
		if math.Abs(u[0]) > betaLogMax || math.Abs(u[1]) > betaLogMax || math.IsNaN(u[0]) || math.IsNaN(u[1]) {
			return [2]float64{}, false
		}
		a, b := math.Exp(u[0]), math.Exp(u[1])
		f1 := mathext.RegIncBeta(a, b, low)
		f2 := mathext.RegIncBeta(a, b, high)
		if !(f1 > 0 && f1 < 1 && f2 > 0 && f2 < 1) {
			return [2]float64{}, false
		}
		return [2]float64{logit(f1) - lo, logit(f2) - hi}, true
	}
	norm := func(r [2]float64) float64 { return math.Hypot(r[0], r[1]) }
	r, ok := res(u)
	if !ok {
		return 0, 0, false
	}
	for iter := 0; iter < 200; iter++ {
		if norm(r) < 1e-11 {
			return math.Exp(u[0]), math.Exp(u[1]), true
		}
		// Jacobian by central differences.
		const h = 1e-6
		var jac [2][2]float64
		for j := 0; j < 2; j++ {
			up, dn := u, u
			up[j] += h
			dn[j] -= h
			rp, ok1 := res(up)
			rm, ok2 := res(dn)
			if !ok1 || !ok2 {
				return 0, 0, false
			}
			jac[0][j] = (rp[0] - rm[0]) / (2 * h)
			jac[1][j] = (rp[1] - rm[1]) / (2 * h)
		}
		det := jac[0][0]*jac[1][1] - jac[0][1]*jac[1][0]
		if det == 0 || math.IsNaN(det) {
			return 0, 0, false
		}
		step := [2]float64{
			-(jac[1][1]*r[0] - jac[0][1]*r[1]) / det,
			-(-jac[1][0]*r[0] + jac[0][0]*r[1]) / det,
		}
		// Keep steps moderate in log space, then backtrack until the residual falls.
		if s := math.Max(math.Abs(step[0]), math.Abs(step[1])); s > 2 {
			step[0] *= 2 / s
			step[1] *= 2 / s
		}
		t := 1.0
		improved := false
		for range 40 {
			next := [2]float64{u[0] + t*step[0], u[1] + t*step[1]}
			if rn, ok := res(next); ok && norm(rn) < norm(r) {
				u, r = next, rn
				improved = true
				break
			}
			t /= 2
		}
		if !improved {
			break
		}
	}
	return math.Exp(u[0]), math.Exp(u[1]), norm(r) < 1e-9
}

// hitsPercentiles reports whether Beta(a, b)'s 5th and 95th percentiles are
// low and high to 1e-7: the test for a fit whose residual stalled above the
// Newton tolerance because the incomplete beta function ran out of digits.
func hitsPercentiles(a, b, low, high float64) bool {
	d := distuv.Beta{Alpha: a, Beta: b}
	return math.Abs(d.Quantile(0.05)-low) <= 1e-7 && math.Abs(d.Quantile(0.95)-high) <= 1e-7
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }
