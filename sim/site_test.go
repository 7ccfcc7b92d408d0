package sim

import (
	"fmt"
	"math"
	"testing"
)

// TestSite checks the cached-inversion binomial of site.go against gonum's
// exact PMF with sampler_test.go's goodness-of-fit test, over small and
// flipped p, the edges and the hand-over to stream.binomial, and with n
// changing between draws as in the flow.
func TestSite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n int
		p float64
	}{
		{0, 0.3}, {10, 0}, {10, 1}, {1, 0.5},
		{5, 0.015},  // churn-like
		{40, 0.22},  // inversion, n·p = 8.8
		{19, 0.5},   // inversion, n·p just below the threshold
		{30, 0.95},  // flipped
		{127, 0.07}, // the largest tabulated n
		{128, 0.05}, // handed to stream.binomial
		{60, 0.6},   // flipped, n·(1 − p) = 24: handed over
		{3, 0.999},  // nearly certain
		{24, 0.96},  // flipped, n·(1 − p) near 1
		{55, 0.45},  // n·p = 24.75, just below siteInversionMean
	}
	for i, tt := range tests {
		tc := binomialCase(tt.n, tt.p)
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var s site
			s.set(tt.p)
			// Warm the table with other n first, as a trial's months do.
			var rng stream
			rng.reset(7, 0, 0)
			for n := range tt.n + 3 {
				s.draw(&rng, n)
			}
			tc.draw = func(r *stream) int { return s.draw(r, tt.n) }
			checkDiscrete(t, tc, 2000+uint64(i))
		})
	}
}

// TestSitePowers checks the table of (1 − p)^i as draws fill it, a step or
// a jump at a time, across the blocks' edges and up to siteMax.
func TestSitePowers(t *testing.T) {
	t.Parallel()
	for _, p := range []float64{0.015, 0.3, 0.5, 0.93} {
		for _, ns := range [][]int{{0, 1, 2, 3, 9, 10, 17}, {40}, {7, 8, 9, 120}, {127}, {5, 126, 127}} {
			var s site
			s.set(p)
			var rng stream
			rng.reset(3, 0, 0)
			most := 0 // the largest n the table serves
			for _, n := range ns {
				s.draw(&rng, n)
				if n < s.limit {
					most = max(most, n)
				}
			}
			q := 1 - s.pp
			if s.filled <= most {
				t.Errorf("p = %g, n = %v: %d powers filled", p, ns, s.filled)
			}
			for i := range s.filled {
				if want := math.Pow(q, float64(i)); math.Abs(s.pow[i]-want) > 1e-14*want {
					t.Errorf("p = %g, n = %v: pow[%d] = %.17g; want %.17g", p, ns, i, s.pow[i], want)
				}
			}
		}
	}
}

// TestSiteIsInversion: a site's draw is stream.binomial's, the inversion
// of the same uniform, for every n and p (flipped above ½), so that a
// count that moves between the site's search and stream.binomial between
// two plans still moves with its uniform.
func TestSiteIsInversion(t *testing.T) {
	t.Parallel()
	for _, p := range []float64{0, 0.015, 0.22, 0.5, 0.6, 0.93, 0.999, 1} {
		var s site
		s.set(p)
		var rng stream
		rng.reset(5, 0, 0)
		for range 20 {
			for n := range 300 {
				one := rng // the stream one uniform on
				u := one.open()
				if got, want := s.draw(&rng, n), binomialAt(u, n, p); got != want {
					t.Fatalf("p = %g, n = %d, u = %g: the site draws %d; want stream.binomial's %d", p, n, u, got, want)
				}
				if rng != one {
					t.Fatalf("p = %g, n = %d: the site took more than one uniform", p, n)
				}
			}
		}
	}
}

// BenchmarkSite compares a site's cached inversion with stream.binomial at
// counts typical of the flow.
func BenchmarkSite(b *testing.B) {
	for _, bc := range []struct {
		n int
		p float64
	}{{3, 0.22}, {10, 0.35}, {30, 0.3}, {60, 0.25}, {67, 0.015}} {
		b.Run(fmt.Sprintf("n=%d/p=%g/sampler=site", bc.n, bc.p), func(b *testing.B) {
			var s site
			var rng stream
			rng.reset(1, 0, 0)
			s.set(bc.p)
			sum := 0
			for b.Loop() {
				sum += s.draw(&rng, bc.n)
			}
			sink = sum
		})
		b.Run(fmt.Sprintf("n=%d/p=%g/sampler=stream", bc.n, bc.p), func(b *testing.B) {
			var rng stream
			rng.reset(1, 0, 0)
			sum := 0
			for b.Loop() {
				sum += rng.binomial(bc.n, bc.p)
			}
			sink = sum
		})
	}
}

var sink int
