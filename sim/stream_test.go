package sim

import (
	"fmt"
	"math"
	"testing"
)

// TestBelow checks that below is uniform, for small n and for one just
// above 2⁶³, where about half the raw draws are rejected.
func TestBelow(t *testing.T) {
	t.Parallel()
	for _, n := range []uint64{1, 7, 1000} {
		tc := discreteCase{
			name: fmt.Sprintf("n=%d", n),
			draw: func(s *stream) int { return int(s.below(n)) },
			pmf:  func(int) float64 { return 1 / float64(n) },
			lo:   0, hi: int(n) - 1,
			mean: float64(n-1) / 2, variance: float64(n*n-1) / 12, exKurt: -6 * float64(n*n+1) / (5 * float64(n*n-1)),
		}
		if n == 1 {
			tc.exKurt = 0
		}
		t.Run(tc.name, func(t *testing.T) { checkDiscrete(t, tc, 7000+n) })
	}
	var s stream
	s.reset(1, 2, 3)
	n := uint64(1)<<63 + 12345
	high := 0
	const draws = 100_000
	for range draws {
		x := s.below(n)
		if x >= n {
			t.Fatalf("below(%d) = %d", n, x)
		}
		if x >= n/2 {
			high++
		}
	}
	// Half the values lie in the upper half: binomial, sd √(n/4).
	if d := math.Abs(float64(high) - draws/2); d > 5*math.Sqrt(draws/4) {
		t.Errorf("below(2⁶³ + 12345): %d of %d in the upper half; want about half", high, draws)
	}
}

// TestStreamIndependence checks that streams seeded from neighbouring
// (seed, trial, sub) are uncorrelated: the sample correlation of paired
// uniforms is within 4/√n of 0, as for independent pairs.
func TestStreamIndependence(t *testing.T) {
	type key struct{ seed, trial, sub uint64 }
	tests := []struct{ a, b key }{
		{key{1, 0, 0}, key{2, 0, 0}},
		{key{1, 0, 0}, key{1, 1, 0}},
		{key{1, 0, 0}, key{1, 0, 1}},
		{key{0, 0, 0}, key{0, 1, 0}},
		{key{1, 0, 0}, key{0, 1, 0}},
		{key{7, 41, 3}, key{7, 42, 3}},
		{key{7, 41, 3}, key{7, 41, 4}},
	}
	const n = 100_000
	for _, tt := range tests {
		var a, b stream
		a.reset(tt.a.seed, tt.a.trial, tt.a.sub)
		b.reset(tt.b.seed, tt.b.trial, tt.b.sub)
		var sa, sb, saa, sbb, sab float64
		for range n {
			x, y := a.float64(), b.float64()
			sa += x
			sb += y
			saa += x * x
			sbb += y * y
			sab += x * y
		}
		cov := sab/n - sa/n*sb/n
		r := cov / math.Sqrt((saa/n-sa/n*sa/n)*(sbb/n-sb/n*sb/n))
		if math.Abs(r) > 4/math.Sqrt(n) {
			t.Errorf("%v and %v: got correlation %.4g; want |r| ≤ %.4g", tt.a, tt.b, r, 4/math.Sqrt(n))
		}
	}
}

func BenchmarkUniform(b *testing.B) {
	var s stream
	s.reset(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		sinkFloat += s.float64()
	}
	reportNsPerDraw(b)
}
