package model

import "testing"

func TestUnitOf(t *testing.T) {
	prob := Value{Family: Beta, Domain: Probability}
	pos := Value{Family: LogNormal, Domain: Positive}
	tests := []struct {
		key  string
		v    Value
		want Unit
	}{
		{"channels.paid_search.unit_cost", pos, Money},
		{"customers.value", pos, Money},
		{"customers.onboarding_cost", pos, Money},
		{"channels.meta.half_saturation", pos, Money},
		{"customers.expansion", Value{Family: Normal, Domain: Real}, Percent},
		{"funnel.conversion.mql", prob, Percent},
		{"customers.churn", prob, Percent},
		{"funnel.months.opportunity", pos, Months},
		{"sales.capacity_per_rep", pos, Number},
		{"channels.sdr.output_per_head", pos, Number},
	}
	for _, tt := range tests {
		if got := UnitOf(tt.key, tt.v); got != tt.want {
			t.Errorf("UnitOf(%q) = %d; want %d", tt.key, got, tt.want)
		}
	}
}
