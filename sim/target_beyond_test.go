package sim

import (
	"math"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

// TestTargetBeyondHorizon: a runway left undefined because the cash lasts
// the horizon meets any runway floor and no ceiling; a break-even that
// never comes meets no break-even ceiling.
func TestTargetBeyondHorizon(t *testing.T) {
	nan := math.NaN()
	r := &Result{Trials: 4, Metrics: map[string][]float64{
		"runway_months":    {nan, nan, 5, 8},
		"break_even_month": {nan, 3, 7, nan},
	}}
	tests := []struct {
		target model.Target
		want   float64
	}{
		{model.Target{Metric: "runway_months", Value: 6}, 0.75},
		{model.Target{Metric: "runway_months", Value: 6, Max: true}, 0.25},
		{model.Target{Metric: "break_even_month", Value: 6, Max: true}, 0.25},
	}
	for _, tt := range tests {
		if got := r.TargetProbability(tt.target); got != tt.want {
			t.Errorf("%+v: got %g; want %g", tt.target, got, tt.want)
		}
	}
}
