package sim

import (
	"math"
	"testing"
)

// TestSite checks the cached-inversion binomial of site.go against gonum's
// exact PMF with sample_test.go's goodness-of-fit test, over small and
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
