package model

import (
	"testing"

	"github.com/harvest-planning/harvest/measure"
)

// TestKeyUnit: a concrete path finds its key through the placeholders, and
// reads in the unit the key is declared with.
func TestKeyUnit(t *testing.T) {
	tests := []struct {
		path string
		want measure.Unit
	}{
		{"channels.paid_search.unit_cost", measure.Money},
		{"channels.meta.half_saturation", measure.Money},
		{"customers.value", measure.Money},
		{"customers.onboarding_cost", measure.Money},
		{"customers.expansion", measure.Share},
		{"funnel.conversion.mql", measure.Share},
		{"channels.ads.conversion.sql", measure.Share},
		{"customers.churn", measure.Share},
		{"funnel.months.opportunity", measure.Months},
		{"sales.capacity_per_rep", measure.Count},
		{"channels.sdr.output_per_head", measure.Count},
		{"channels.meta.shape", measure.Number},
		{"targets.cac", measure.Money},
		{"targets.new_customers", measure.Count},
		{"customers.nothing", measure.Number},
		{"channels..unit_cost", measure.Number},
	}
	for _, tt := range tests {
		if got := KeyUnit(tt.path); got != tt.want {
			t.Errorf("KeyUnit(%q) = %v; want %v", tt.path, got, tt.want)
		}
	}
}
