package sim

import (
	"fmt"
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
		{19, 0.5},        // inversion, n·p just below 10
		{20, 0.5},        // BTRD, n·p = 10
		{21, 0.5},        // BTRD
		{30, 0.9},        // symmetry into inversion
		{100, 0.099},     // inversion, n·p = 9.9
		{40, 0.3},        // BTRD, recursive test only (|k − m| ≤ 15)
		{1000, 0.3},      // BTRD with squeeze and the Stirling test
		{1000, 0.01},     // the threshold from the small-p side
		{200, 0.75},      // symmetry into BTRD
		{1_000_000, 0.3}, // large n
		{1_000_000, 1 - 1e-12},
		{1_000_000_000, 1e-9}, // tiny p, huge n: inversion
		{1_000_000_000, 2e-8}, // tiny p, huge n: BTRD
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

func BenchmarkBinomial(b *testing.B) {
	for _, bc := range []struct {
		n int
		p float64
	}{
		{3, 0.3}, {10, 0.3}, {100, 0.05}, {1000, 0.3}, {1_000_000, 0.3}, {1_000_000_000, 0.3}, {1_000_000_000, 1e-9},
	} {
		b.Run(fmt.Sprintf("n=%d/p=%g", bc.n, bc.p), func(b *testing.B) {
			benchDraws(b, func(s *stream) int { return s.binomial(bc.n, bc.p) })
		})
	}
}
