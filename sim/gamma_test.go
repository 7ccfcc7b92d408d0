package sim

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestGamma(t *testing.T) {
	t.Parallel()
	for i, shape := range []float64{0.05, 0.3, 1, 5, 100} {
		t.Run(fmt.Sprintf("shape=%g", shape), func(t *testing.T) {
			t.Parallel()
			var s stream
			s.reset(4000+uint64(i), 0, 0)
			xs := make([]float64, gofDraws)
			for j := range xs {
				xs[j] = s.gamma(shape)
			}
			if p := ksP(xs, distuv.Gamma{Alpha: shape, Beta: 1}.CDF); p < minPValue {
				t.Errorf("Kolmogorov–Smirnov: got p-value %.3g; want ≥ %g", p, minPValue)
			}
		})
	}
}

func BenchmarkGamma(b *testing.B) {
	for _, shape := range []float64{0.3, 1, 5, 100} {
		b.Run(fmt.Sprintf("shape=%g", shape), func(b *testing.B) {
			var s stream
			s.reset(1, 0, 0)
			b.ReportAllocs()
			for b.Loop() {
				sinkFloat += s.gamma(shape)
			}
			reportNsPerDraw(b)
		})
	}
}
