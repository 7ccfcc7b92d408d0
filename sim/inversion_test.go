package sim

import (
	"math"
	"math/big"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// The inversion samplers (poisson.go, binomial.go) return the least count
// k with u < F(k). These helpers hold them to that definition exactly:
// a reference CDF in 256-bit arithmetic, and the count it gives any u.

// exactCDF is a discrete distribution's CDF on lo … hi, in 256-bit
// arithmetic from the ratios of its PMF alone (no logarithm, factorial or
// special function), normalised over lo … hi: the caller takes them wide
// enough that the mass outside is far below 1e-17. F[i] = P(X ≤ lo+i)
// and Q[i] = P(X > lo+i), each to a relative 1e-70 or so.
type exactCDF struct {
	lo   int
	F, Q []float64
}

// newExactCDF tabulates the CDF of the distribution whose PMF has
// P(j)/P(j−1) = up(j), from its mode on lo … hi.
func newExactCDF(lo, hi, mode int, up func(j int) *big.Float) exactCDF {
	const prec = 256
	n := hi - lo + 1
	w := make([]*big.Float, n)
	w[mode-lo] = new(big.Float).SetPrec(prec).SetInt64(1)
	for j := mode + 1; j <= hi; j++ {
		w[j-lo] = new(big.Float).SetPrec(prec).Mul(w[j-1-lo], up(j))
	}
	for j := mode - 1; j >= lo; j-- {
		w[j-lo] = new(big.Float).SetPrec(prec).Quo(w[j+1-lo], up(j+1))
	}
	total := new(big.Float).SetPrec(prec)
	for _, x := range w {
		total.Add(total, x)
	}
	c := exactCDF{lo: lo, F: make([]float64, n), Q: make([]float64, n)}
	below := new(big.Float).SetPrec(prec)
	for i, x := range w {
		below.Add(below, x)
		f := new(big.Float).SetPrec(prec).Quo(below, total)
		c.F[i], _ = f.Float64()
		q := new(big.Float).SetPrec(prec).Sub(total, below)
		c.Q[i], _ = q.Quo(q, total).Float64()
	}
	return c
}

// count is the least k with u < F(k) (hi when u is above them all).
func (c exactCDF) count(u float64) int {
	i, _ := slices.BinarySearchFunc(c.F, u, func(f, u float64) int {
		if f <= u {
			return -1
		}
		return 1
	})
	return c.lo + min(i, len(c.F)-1)
}

// tie reports whether u is within a few ulps of an edge F(k): there the
// rounded F cannot tell which side of the exact one u is on.
func (c exactCDF) tie(u float64) bool {
	i, _ := slices.BinarySearch(c.F, u)
	for _, j := range []int{i - 1, i, i + 1} {
		if j >= 0 && j < len(c.F) && math.Abs(c.F[j]-u) <= 4*ulp(u) {
			return true
		}
	}
	return false
}

// ulp is the spacing of float64 numbers at x.
func ulp(x float64) float64 {
	return math.Nextafter(x, math.Inf(1)) - x
}

// w is the normal quantile of F(lo+i), from Q where F is near 1.
func (c exactCDF) w(i int) float64 {
	if c.F[i] < 0.5 {
		return mathext.NormalQuantile(c.F[i])
	}
	return -mathext.NormalQuantile(c.Q[i])
}

// checkInversion compares draw(u) with the reference count of u: at
// random u, and on each side of every edge F(k) (1e-13 away, far more
// than the samplers' rounding), where a guess is least sure.
func checkInversion(t *testing.T, c exactCDF, draw func(u float64) int) {
	t.Helper()
	var s stream
	s.reset(11, uint64(c.lo), uint64(len(c.F)))
	us := make([]float64, 0, 2*len(c.F)+2000)
	for range 2000 {
		us = append(us, s.open())
	}
	for _, f := range c.F {
		for _, u := range []float64{f - 1e-13, f + 1e-13} {
			if u > 0 && u < 1 {
				us = append(us, u)
			}
		}
	}
	bad := 0
	for _, u := range us {
		if c.tie(u) {
			continue
		}
		if got, want := draw(u), c.count(u); got != want {
			if bad++; bad <= 5 {
				t.Errorf("u = %.17g: got %d; want %d", u, got, want)
			}
		}
	}
	if bad > 5 {
		t.Errorf("… %d draws in all differ from the inversion of the exact CDF", bad)
	}
}

// checkMonotone checks that count(u) never falls as u grows.
func checkMonotone(t *testing.T, name string, draw func(u float64) int) {
	t.Helper()
	last := math.MinInt
	for i := 1; i < 20000; i++ {
		u := float64(i) / 20000
		if k := draw(u); k < last {
			t.Fatalf("%s: u = %g gives %d, after %d below it", name, u, k, last)
		} else {
			last = k
		}
	}
}

// checkGuess checks a normal-quantile guess against the counts' edges:
// at u = F(k), where the count steps from k to k+1, the guess of x* = k+1
// must be within half its bound d wherever the sampler trusts it (d <
// ½); guess returns x*'s whole part, fraction and d. It returns the
// largest error seen as a share of d.
func checkGuess(t *testing.T, name string, c exactCDF, guess func(w float64) (x, frac, d float64)) float64 {
	t.Helper()
	worst := 0.0
	for i := range c.F {
		if c.F[i] < 1e-19 || c.Q[i] < 1e-19 {
			continue // beyond any 53-bit uniform
		}
		x, frac, d := guess(c.w(i))
		if d >= 0.5 {
			continue
		}
		e := math.Abs(x + frac - float64(c.lo+i+1))
		worst = max(worst, e/d)
		if e > d/2 {
			t.Errorf("%s: at F(%d) the guess is %.6f; want %d ± %.3g (half its bound)", name, c.lo+i, x+frac, c.lo+i+1, d/2)
			return worst
		}
	}
	return worst
}
