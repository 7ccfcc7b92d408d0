package plan

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// yamlSensitivity has three uncertain inputs: a deal value with a wide
// interval that dominates revenue by construction, a narrow win rate, and
// churn, which cannot move the revenue of one-time sales without repeats.
const yamlSensitivity = `
name: sensitivity
horizon_months: 12
funnel:
  stages: [lead, customer]
  conversion:
    customer: {low: 0.19, high: 0.21}
channels:
  ads:
    enters: lead
    spend: 5000
    unit_cost: 50
customers:
  revenue: one_time
  value: {low: 200, high: 2000}
  churn: {low: 0.01, high: 0.05}
`

func TestSensitivity(t *testing.T) {
	s := mustParse(t, yamlSensitivity)
	const trials = 4000
	got, err := Sensitivity(context.Background(), s, opts(trials), "revenue")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Inputs) != 3 {
		t.Fatalf("got %d inputs; want 3 (value, conversion, churn)", len(got.Inputs))
	}
	if got.Inputs[0].Key != "customers.value" {
		t.Errorf("first input %s; want customers.value", got.Inputs[0].Key)
	}
	if !strings.Contains(got.Finding, "customers.value") {
		t.Errorf("finding %q does not name customers.value", got.Finding)
	}
	for i := 1; i < len(got.Inputs); i++ {
		if got.Inputs[i].Swing > got.Inputs[i-1].Swing {
			t.Errorf("inputs not sorted by swing: %g after %g", got.Inputs[i].Swing, got.Inputs[i-1].Swing)
		}
	}
	byKey := map[string]InputSensitivity{}
	for _, in := range got.Inputs {
		byKey[in.Key] = in
	}
	// Revenue = value × customers, and customers do not depend on the value:
	// E[revenue | value = x] = x × 12 × 100 × E[p], so the swing is
	// (P90 − P10 of value) × 1200 × E[p], E[p] the win rate's Beta mean.
	p := s.Funnel.Conversion[1].Mean()
	v := byKey["customers.value"]
	want := (v.High - v.Low) * 1200 * p
	if math.Abs(v.Swing-want) > 4*v.SwingSE {
		t.Errorf("value swing %g; want %g ± %g", v.Swing, want, 4*v.SwingSE)
	}
	// Likewise the win rate's swing is E[value] × 1200 × (P90 − P10 of p).
	c := byKey["funnel.conversion.customer"]
	want = s.Customers.Value.Mean() * 1200 * (c.High - c.Low)
	if math.Abs(c.Swing-want) > 4*c.SwingSE {
		t.Errorf("conversion swing %g; want %g ± %g", c.Swing, want, 4*c.SwingSE)
	}
	if ch := byKey["customers.churn"]; ch.Swing > 4*ch.SwingSE+1e-9*got.Base.Mean {
		t.Errorf("churn swing %g; want 0 ± %g (it cannot move one-time revenue)", ch.Swing, 4*ch.SwingSE)
	}
	// Rank correlations: the value drives revenue, churn has nothing to do
	// with it (|ρ| within 4/√n of 0).
	if v.Spearman < 0.5 || v.Spearman <= c.Spearman {
		t.Errorf("value's rank correlation %g, conversion's %g; want the value's above 0.5 and larger", v.Spearman, c.Spearman)
	}
	if ch := byKey["customers.churn"]; math.Abs(ch.Spearman) > 4/math.Sqrt(trials) {
		t.Errorf("churn's rank correlation %g; want 0 ± %g", ch.Spearman, 4/math.Sqrt(trials))
	}
	if _, err := json.Marshal(got); err != nil {
		t.Errorf("json: %v", err)
	}
}

func TestSensitivityFixed(t *testing.T) {
	got, err := Sensitivity(context.Background(), mustParse(t, yamlLinear), opts(100), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Inputs) != 0 || !strings.Contains(got.Finding, "fixed") {
		t.Errorf("got %d inputs, finding %q; want none and a finding saying every input is fixed", len(got.Inputs), got.Finding)
	}
}

// TestSensitivityChannelOverride: a channel's own conversion (held through
// Scenario.SetValue, as it lives in a map) swings revenue by
// E[value] × 1200 × (P90 − P10 of the rate), the funnel's rate unused.
func TestSensitivityChannelOverride(t *testing.T) {
	s := mustParse(t, yamlSensitivity, "channels.ads.conversion={customer: {low: 0.1, high: 0.3}}")
	got, err := Sensitivity(context.Background(), s, opts(2000), "revenue")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, in := range got.Inputs {
		switch in.Key {
		case "channels.ads.conversion.customer":
			found = true
			want := s.Customers.Value.Mean() * 1200 * (in.High - in.Low)
			if math.Abs(in.Swing-want) > 4*in.SwingSE {
				t.Errorf("override swing %g; want %g ± %g", in.Swing, want, 4*in.SwingSE)
			}
		case "funnel.conversion.customer":
			if in.Swing != 0 {
				t.Errorf("the funnel's rate, unused by the only channel, swings revenue by %g; want 0", in.Swing)
			}
		}
	}
	if !found {
		t.Errorf("no input channels.ads.conversion.customer among %d", len(got.Inputs))
	}
}

func TestSensitivityUndefined(t *testing.T) {
	_, err := Sensitivity(context.Background(), mustParse(t, yamlSensitivity), opts(100), "capacity_used")
	if err == nil || !strings.Contains(err.Error(), "undefined in every trial") {
		t.Errorf("got error %v; want one saying capacity_used is undefined in every trial", err)
	}
}
