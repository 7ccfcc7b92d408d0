package sim

import "testing"

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
