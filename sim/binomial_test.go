package sim

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func binomialCase(n int, p float64) discreteCase {
	d := distuv.Binomial{N: float64(n), P: p}
	tc := discreteCase{
		name: fmt.Sprintf("n=%d/p=%g", n, p),
		draw: func(s *stream) int { return s.binomial(n, p) },
		pmf:  func(k int) float64 { return d.Prob(float64(k)) },
		lo:   0, hi: n,
		mean: float64(n) * p, variance: float64(n) * p * (1 - p),
	}
	if tc.variance > 0 {
		tc.exKurt = d.ExKurtosis()
	}
	return tc
}

func TestBinomial(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n int
		p float64
	}{
		{0, 0.3},         // no trials
		{10, 0},          // p = 0
		{10, 1},          // p = 1
		{1, 0.5},         // a single trial
		{10, 0.5},        // inversion
		{64, 0.1},        // inversion, P(0) by squaring
		{65, 0.1},        // inversion, P(0) through log1p
		{31, 0.5},        // inversion, n·p just below 16
		{32, 0.5},        // the guess, n·p = 16
		{33, 0.5},        // the guess
		{30, 0.9},        // symmetry into inversion
		{100, 0.159},     // inversion, n·p = 15.9
		{40, 0.45},       // the guess at its smallest σ
		{1000, 0.3},      // the guess
		{1000, 0.016},    // the threshold from the small-p side
		{200, 0.75},      // symmetry into the guess
		{1_000_000, 0.3}, // large n
		{1_000_000, 1 - 1e-12},
		{1_000_000_000, 1e-9}, // tiny p, huge n: inversion
		{1_000_000_000, 2e-8}, // tiny p, huge n: the guess
		{1_000_000_000, 0.3},  // huge n: moments only
		{1_000_000_000, 0.5},
	}
	for i, tt := range tests {
		tc := binomialCase(tt.n, tt.p)
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkDiscrete(t, tc, 1000+uint64(i))
		})
	}
}

// binomialCDF is Binomial(n, p)'s exact CDF over ±40 standard deviations
// (and 60 counts) of its mean.
func binomialCDF(n int, p float64) exactCDF {
	nf := float64(n)
	sd := math.Sqrt(nf * p * (1 - p))
	lo := max(0, int(nf*p-40*sd-60))
	hi := min(n, int(nf*p+40*sd+60))
	bp := new(big.Float).SetPrec(256).SetFloat64(p)
	r := new(big.Float).SetPrec(256).Sub(big.NewFloat(1), bp)
	r.Quo(bp, r) // p/q
	return newExactCDF(lo, hi, int(float64(n+1)*p), func(j int) *big.Float {
		x := new(big.Float).SetPrec(256).SetInt64(int64(n - j + 1))
		x.Mul(x, r)
		return x.Quo(x, new(big.Float).SetInt64(int64(j)))
	})
}

// TestBinomialInversion holds binomial to the definition of inversion
// against the exact CDF: the least k with u < F(k), or for p > ½ the
// failures n − k' of the same u (k' the count of 1 − p), as a site
// draws them.
func TestBinomialInversion(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n int
		p float64
	}{
		{1, 0.3}, {7, 0.5}, {20, 0.2}, {31, 0.5}, {32, 0.5}, {100, 0.159}, {100, 0.16}, {100, 0.1601}, {40, 0.45},
		{64, 0.3}, {1000, 0.02}, {1000, 0.3}, {1000, 0.7}, {5000, 0.5}, {100_000, 0.001}, {300_000, 0.27}, {1_000_000_000, 2e-8},
	} {
		t.Run(fmt.Sprintf("n=%d/p=%g", tt.n, tt.p), func(t *testing.T) {
			t.Parallel()
			draw := func(u float64) int { return binomialAt(u, tt.n, tt.p) }
			checkMonotone(t, "u", func(u float64) int {
				if tt.p > 0.5 {
					return -draw(u)
				}
				return draw(u)
			})
			if tt.p > 0.5 {
				c := binomialCDF(tt.n, 1-tt.p)
				checkInversion(t, c, func(u float64) int { return tt.n - draw(u) })
				return
			}
			checkInversion(t, binomialCDF(tt.n, tt.p), draw)
		})
	}
}

// TestBinomialGuess checks binomialGuess's bound, guessBound(w)/σ² and
// the rounding, at every count's edge for n·p from 16 up and p from the
// Poisson's limit to ½.
func TestBinomialGuess(t *testing.T) {
	t.Parallel()
	worst := 0.0
	for _, n := range []int{32, 35, 40, 50, 64, 80, 100, 160, 256, 400, 1000, 3000, 10_000, 100_000, 1_000_000, 1_000_000_000} {
		for _, p := range []float64{1e-8, 1e-4, 0.003, 0.01, 0.03, 0.07, 0.1, 0.16, 0.25, 0.33, 0.4, 0.45, 0.49, 0.5} {
			nf := float64(n)
			if nf*p < binomialInversionMean || nf*p*(1-p) > 1e7 {
				continue
			}
			c := binomialCDF(n, p)
			worst = max(worst, checkGuess(t, fmt.Sprintf("n = %d, p = %g", n, p), c, func(w float64) (float64, float64, float64) {
				return binomialGuess(nf, p, w)
			}))
		}
	}
	t.Logf("largest error: %.3g of the bound", worst)
}

// TestBinomialMonotone: a larger n, or a larger p up to ½, never gives a
// smaller count of the same u, across the switch from the search to the
// guess.
func TestBinomialMonotone(t *testing.T) {
	t.Parallel()
	for _, u := range []float64{1e-12, 0.001, 0.1, 0.37, 0.5, 0.8, 0.99, 0.999999, 1 - 1e-12} {
		for _, p := range []float64{0.02, 0.2, 0.5} {
			last := 0
			for n := range 300 {
				k := binomialAt(u, n, p)
				if k < last {
					t.Fatalf("u = %g, p = %g: n = %d gives %d, less than %d below it", u, p, n, k, last)
				}
				last = k
			}
		}
		for _, n := range []int{40, 100, 1000} {
			last := 0
			for p := 0.0; p <= 0.5; p += 1.0 / 1024 {
				k := binomialAt(u, n, p)
				if k < last {
					t.Fatalf("u = %g, n = %d: p = %g gives %d, less than %d below it", u, n, p, k, last)
				}
				last = k
			}
		}
	}
}

func BenchmarkBinomial(b *testing.B) {
	for _, bc := range []struct {
		n int
		p float64
	}{
		{3, 0.3}, {10, 0.3}, {100, 0.05}, {100, 0.2}, {1000, 0.3}, {1_000_000, 0.3}, {1_000_000_000, 0.3}, {1_000_000_000, 1e-9},
	} {
		b.Run(fmt.Sprintf("n=%d/p=%g", bc.n, bc.p), func(b *testing.B) {
			benchDraws(b, func(s *stream) int { return s.binomial(bc.n, bc.p) })
		})
	}
}
