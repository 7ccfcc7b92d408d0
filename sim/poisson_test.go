package sim

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestPoisson(t *testing.T) {
	t.Parallel()
	// Tables: a grid point (0.5, 3, 10), between two (1e-6, 0.1249,
	// 2.1249, 9.9, 15.999); the guess from 16, near and far.
	for i, lambda := range []float64{0, 1e-6, 0.1249, 0.5, 2.1249, 3, 9.9, 10, 10.5, 15.9, 15.999, 16, 16.3, 30, 100, 255.5, 256, 600, 1e4, 1e6, 1e9, 1e12} {
		d := distuv.Poisson{Lambda: lambda}
		tc := discreteCase{
			name: fmt.Sprintf("lambda=%g", lambda),
			draw: func(s *stream) int { return s.poisson(lambda) },
			pmf:  func(k int) float64 { return d.Prob(float64(k)) },
			lo:   0, hi: math.MaxInt,
			mean: lambda, variance: lambda,
		}
		if lambda > 0 {
			tc.exKurt = 1 / lambda
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkDiscrete(t, tc, 2000+uint64(i))
		})
	}
}

// poissonCDF is Poisson(λ)'s exact CDF over ±40 standard deviations
// (and 60 counts) of its mean.
func poissonCDF(lambda float64) exactCDF {
	sd := math.Sqrt(lambda)
	lo := max(0, int(lambda-40*sd-60))
	hi := int(lambda + 40*sd + 60)
	l := new(big.Float).SetFloat64(lambda)
	return newExactCDF(lo, hi, int(lambda), func(j int) *big.Float {
		return new(big.Float).SetPrec(256).Quo(l, new(big.Float).SetInt64(int64(j)))
	})
}

// TestPoissonInversion holds poisson to the definition of inversion, the
// least k with u < F(k), against the exact CDF: in the tables, across
// their cells, at the switch to the guess and far above it.
func TestPoissonInversion(t *testing.T) {
	t.Parallel()
	for _, lambda := range []float64{1e-9, 0.01, 0.125, 0.2, 1, 2.0625, 7.3, 12.5, 15.93, 15.9999, 16, 16.01, 17.7, 25, 64, 200, 255.7, 256.2, 1000, 31415.9, 1e6} {
		t.Run(fmt.Sprintf("lambda=%g", lambda), func(t *testing.T) {
			t.Parallel()
			c := poissonCDF(lambda)
			checkInversion(t, c, func(u float64) int { return poissonAt(u, lambda) })
			checkMonotone(t, "u", func(u float64) int { return poissonAt(u, lambda) })
		})
	}
}

// TestPoissonGuess checks poissonGuess's bound, (0.1 + 0.04 w⁴)/λ^1.5 and
// the rounding, at every count's edge for means from 16 up.
func TestPoissonGuess(t *testing.T) {
	t.Parallel()
	worst := 0.0
	for _, lambda := range []float64{16, 16.5, 17.3, 19, 21.7, 24, 27.1, 32, 40.4, 50, 64, 90, 128, 181, 256, 400, 1000, 4096, 1e4, 1e5, 1e6} {
		c := poissonCDF(lambda)
		worst = max(worst, checkGuess(t, fmt.Sprintf("λ = %g", lambda), c, func(w float64) (float64, float64, float64) {
			return poissonGuess(lambda, w)
		}))
	}
	t.Logf("largest error: %.3g of the bound", worst)
}

// TestPoissonMonotone: a larger λ never gives a smaller count of the same
// u, across the tables' cells and the switch to the guess: the common
// random numbers of two plans.
func TestPoissonMonotone(t *testing.T) {
	t.Parallel()
	for _, u := range []float64{1e-12, 0.001, 0.1, 0.37, 0.5, 0.8, 0.99, 0.999999, 1 - 1e-12} {
		last := 0
		for lambda := 0.0; lambda < 40; lambda += 1.0 / 64 {
			k := poissonAt(u, lambda)
			if k < last {
				t.Fatalf("u = %g: λ = %g gives %d, less than %d below it", u, lambda, k, last)
			}
			last = k
		}
	}
}

// TestPoissonTables compares each table with the exact CDF at its grid
// point, its guide with the table, and checks that the mass it leaves
// out above its last count (whose F it sets to 1) is negligible.
func TestPoissonTables(t *testing.T) {
	t.Parallel()
	tab := poissonTables
	worst := 0.0
	for g := 0; g <= poissonTableMean*poissonGrid; g++ {
		lambda := float64(g) / poissonGrid
		cdf := tab.cdf[tab.off[g]:tab.off[g+1]]
		if n := len(cdf); n < 3 || cdf[n-1] != 1 || cdf[n-2] != 1 || cdf[n-3] != 1 {
			t.Fatalf("λ = %g: the table ends in %v; want its last count's 1 and two more", lambda, cdf[max(0, n-3):])
		}
		cdf = cdf[:len(cdf)-2]
		if g > 0 {
			if prev := tab.off[g] - tab.off[g-1] - 2; int32(len(cdf)) < prev {
				t.Fatalf("λ = %g: %d counts, fewer than the table before (%d)", lambda, len(cdf), prev)
			}
			c := poissonCDF(lambda)
			for k := range len(cdf) - 1 {
				want := c.F[k-c.lo]
				if diff := math.Abs(cdf[k] - want); diff > ulp(want) {
					t.Errorf("λ = %g: F(%d) = %.17g; want %.17g", lambda, k, cdf[k], want)
				} else {
					worst = max(worst, diff)
				}
			}
			if tail := c.Q[len(cdf)-1-c.lo]; tail > poissonTailMass {
				t.Errorf("λ = %g: the table leaves out mass %g; want below %g", lambda, tail, poissonTailMass)
			}
		}
		for b := range poissonGuide {
			k := int(tab.guide[g*poissonGuide+b]) - int(tab.off[g])
			if cdf[k] <= float64(b)/poissonGuide || (k > 0 && cdf[k-1] > float64(b)/poissonGuide) {
				t.Errorf("λ = %g: bin %d starts at count %d; want the least k with F(k) > %d/%d", lambda, b, k, b, poissonGuide)
			}
		}
	}
	t.Logf("largest difference from the exact CDF: %g", worst)
}

func BenchmarkPoisson(b *testing.B) {
	for _, lambda := range []float64{0.5, 5, 12, 30, 1000, 1e6, 1e9} {
		b.Run(fmt.Sprintf("lambda=%g", lambda), func(b *testing.B) {
			benchDraws(b, func(s *stream) int { return s.poisson(lambda) })
		})
	}
}
