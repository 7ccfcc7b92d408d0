package sim

import (
	"fmt"
	"testing"
)

// sinkInt and sinkFloat keep the compiler from discarding benchmarked draws.
var (
	sinkInt   int
	sinkFloat float64
)

// benchDraws runs draw in a loop and reports ns/draw (one draw per op)
// with allocations.
func benchDraws(b *testing.B, draw func(s *stream) int) {
	var s stream
	s.reset(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		sinkInt += draw(&s)
	}
	reportNsPerDraw(b)
}

func reportNsPerDraw(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/draw")
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

func BenchmarkPoisson(b *testing.B) {
	for _, lambda := range []float64{0.5, 5, 30, 1000, 1e6, 1e9} {
		b.Run(fmt.Sprintf("lambda=%g", lambda), func(b *testing.B) {
			benchDraws(b, func(s *stream) int { return s.poisson(lambda) })
		})
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

func BenchmarkNormal(b *testing.B) {
	var s stream
	s.reset(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		sinkFloat += s.normal()
	}
	reportNsPerDraw(b)
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
