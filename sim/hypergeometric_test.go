package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/combin"
)

// hypergeometricExKurtosis is the excess kurtosis of the number of good
// items among n drawn from N of which K are good (Johnson, Kemp and Kotz,
// Univariate Discrete Distributions, 3rd ed., §6.3).
func hypergeometricExKurtosis(bigN, bigK, n float64) float64 {
	num := (bigN-1)*bigN*bigN*(bigN*(bigN+1)-6*bigK*(bigN-bigK)-6*n*(bigN-n)) +
		6*n*bigK*(bigN-bigK)*(bigN-n)*(5*bigN-6)
	den := n * bigK * (bigN - bigK) * (bigN - n) * (bigN - 2) * (bigN - 3)
	return num / den
}

func TestHypergeometric(t *testing.T) {
	t.Parallel()
	tests := []struct{ total, good, draws int }{
		{0, 0, 0},
		{10, 0, 5},  // no good items
		{10, 10, 5}, // all good
		{10, 3, 0},  // no draws
		{10, 3, 10}, // draw everything
		{20, 7, 5},  // from the mode
		{1000, 500, 1},
		{1023, 400, 300}, // the largest total from the mode
		{1024, 400, 300}, // the smallest beyond it: HRUA
		{600, 250, 35},   // a queue split
		{132, 40, 29},    // the queue split seed_saas makes most
		{8, 4, 4},        // the first block holds the whole support
		{60, 25, 11},     // from the mode, n = 11
		{1000, 3, 600},   // from 0 (n = 3), complements and roles swapped
		{1024, 30, 20},   // inversion from 0
		{1000, 1, 999},
		{100, 40, 32},
		{100, 40, 33},
		{100, 60, 70}, // both complements
		{1000, 30, 400},
		{1000, 3, 500}, // roles swapped
		{1000, 997, 500},
		{10_000, 4000, 3000}, // HRUA, both recursion and logarithms
		{1_000_000, 300_000, 200_000},
		{1_000_000, 999_999, 500_000},
		{1_000_000_000, 5, 100_000_000},
		{1_000_000_000, 400_000_000, 300_000_000},
	}
	for i, tt := range tests {
		tc := hypergeometricCase(tt.total, tt.good, tt.draws, func(s *stream) int {
			return s.hypergeometric(tt.total, tt.good, tt.draws)
		})
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkDiscrete(t, tc, 3000+uint64(i))
		})
	}
}

// hypergeometricCase is the good items among draws taken without
// replacement from total, good of them good, drawn by draw.
func hypergeometricCase(total, good, draws int, draw func(s *stream) int) discreteCase {
	bigN, bigK, n := float64(total), float64(good), float64(draws)
	tc := discreteCase{
		name: fmt.Sprintf("total=%d/good=%d/draws=%d", total, good, draws),
		draw: draw,
		pmf: func(k int) float64 {
			kf := float64(k)
			return math.Exp(combin.LogGeneralizedBinomial(bigK, kf) +
				combin.LogGeneralizedBinomial(bigN-bigK, n-kf) -
				combin.LogGeneralizedBinomial(bigN, n))
		},
		lo: max(0, draws-(total-good)), hi: min(draws, good),
	}
	if total > 0 {
		tc.mean = n * bigK / bigN
	}
	if total > 1 {
		tc.variance = n * bigK / bigN * (bigN - bigK) / bigN * (bigN - n) / (bigN - 1)
	}
	if tc.variance > 0 {
		tc.exKurt = hypergeometricExKurtosis(bigN, bigK, n)
	}
	return tc
}

func TestHypergeometricLogRatio(t *testing.T) {
	tests := []struct{ good, n, bad, m, k float64 }{
		{30, 20, 70, 6, 0}, {300, 200, 700, 60, 90}, {3e5, 2e5, 7e5, 60000, 59000}, {4e8, 3e8, 6e8, 1.2e8, 1.2e8 + 5e4},
	}
	for _, tt := range tests {
		logPMF := func(k float64) float64 {
			return combin.LogGeneralizedBinomial(tt.good, k) + combin.LogGeneralizedBinomial(tt.bad, tt.n-k)
		}
		want := logPMF(tt.k) - logPMF(tt.m)
		// The reference subtracts log-binomials as large as 6e8, each
		// rounded to about 1e-16 of itself.
		tol := 1e-15 * (1 + math.Abs(logPMF(tt.m))) * 8
		if got := hypergeometricLogRatio(tt.good, tt.n, tt.bad, tt.m, tt.k); math.Abs(got-want) > tol {
			t.Errorf("hypergeometricLogRatio(%v): got %.17g; want %.17g ± %.3g", tt, got, want, tol)
		}
	}
}

func BenchmarkHypergeometric(b *testing.B) {
	for _, bc := range []struct{ total, good, draws int }{
		{1000, 300, 2}, {1000, 300, 8}, {1000, 300, 32}, {1000, 300, 33}, {1000, 300, 200}, {1_000_000, 300_000, 200_000},
		{1_000_000_000, 400_000_000, 300_000_000},
	} {
		b.Run(fmt.Sprintf("total=%d/good=%d/draws=%d", bc.total, bc.good, bc.draws), func(b *testing.B) {
			benchDraws(b, func(s *stream) int { return s.hypergeometric(bc.total, bc.good, bc.draws) })
		})
	}
}
