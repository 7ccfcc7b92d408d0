package plan

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/measure"
)

// TestCompareSelf: a plan compared with itself differs by zero in every
// trial and never beats the base.
func TestCompareSelf(t *testing.T) {
	s := mustParse(t, yamlLinear)
	c, err := Compare(context.Background(), []Plan{{"a", s}, {"b", s}}, opts(2000), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Plans) != 2 || c.Plans[0].VersusBase != nil {
		t.Fatalf("got %d plans, base versus %v; want 2 plans, base with no difference", len(c.Plans), c.Plans[0].VersusBase)
	}
	for _, m := range DefaultMetrics {
		d, ok := c.Plans[1].VersusBase[m]
		if !ok {
			t.Fatalf("%s: no difference", m)
		}
		for i, x := range d.Trials {
			if x != 0 && !math.IsNaN(x) {
				t.Fatalf("%s: trial %d differs by %g; want 0", m, i, x)
			}
		}
		if d.Defined > 0 && (d.Mean != 0 || d.P10 != 0 || d.P90 != 0 || d.PBeats != 0) {
			t.Errorf("%s: got mean %g, P10 %g, P90 %g, P(beats) %g; want all 0", m, d.Mean, d.P10, d.P90, d.PBeats)
		}
	}
	if _, err := json.Marshal(c); err != nil {
		t.Errorf("json: %v", err)
	}
}

// TestCompareMoreSpend: 2500 more a month in the linear channel brings, in
// expectation, 12 months × 2500/50 leads × 0.5 × 0.2 = 60 more customers
// and 60 × 1000 more revenue (λ·Πp·value); tolerance 4·SE of the
// trial-by-trial difference.
func TestCompareMoreSpend(t *testing.T) {
	base := mustParse(t, yamlLinear)
	more := mustParse(t, yamlLinear, "channels.ads.spend=7500")
	c, err := Compare(context.Background(), []Plan{{"base", base}, {"more", more}}, opts(4000),
		[]string{"new_customers", "new_revenue", "spend"})
	if err != nil {
		t.Fatal(err)
	}
	const extra = 12 * 2500.0 / 50 * 0.5 * 0.2
	tests := []struct {
		metric    string
		want      float64
		minBeats  float64
		maxBeats  float64
		lowerBest bool
	}{
		{"new_customers", extra, 0.99, 1, false},
		{"new_revenue", extra * 1000, 0.99, 1, false},
		{"spend", 12 * 2500, 0, 0, true}, // more spend never beats on spend
	}
	for _, tt := range tests {
		d := c.Plans[1].VersusBase[tt.metric]
		if tol := 4*d.SE + 1e-9*tt.want; math.Abs(d.Mean-tt.want) > tol {
			t.Errorf("%s: mean difference %g; want %g ± %g", tt.metric, d.Mean, tt.want, tol)
		}
		if d.PBeats < tt.minBeats || d.PBeats > tt.maxBeats {
			t.Errorf("%s: P(beats) %g; want in [%g, %g]", tt.metric, d.PBeats, tt.minBeats, tt.maxBeats)
		}
		if d.LowerIsBetter != tt.lowerBest {
			t.Errorf("%s: lower is better %v; want %v", tt.metric, d.LowerIsBetter, tt.lowerBest)
		}
		if d.Defined != 4000 {
			t.Errorf("%s: defined in %d trials; want 4000", tt.metric, d.Defined)
		}
	}
	// The finding prints the mean difference as compare's table does, and
	// its 95% margin at the mean's precision.
	d := c.Plans[1].VersusBase["new_customers"]
	want := fmt.Sprintf("more: new customers %s on average against base (95%%: ±%s), higher in %s of trials, for $2,500 more a month.",
		measure.Count.Signed(d.Mean), measure.Count.Error(d.Mean, z95*d.SE), measure.Share.Format(d.PBeats))
	if len(c.Findings) != 1 || c.Findings[0] != want {
		t.Errorf("findings %q; want [%q]", c.Findings, want)
	}
}

// The findings lead with the plan that gains most on the headline metric,
// whatever the order of the plans: on new customers, more spend first.
func TestCompareFindingsBestFirst(t *testing.T) {
	base := mustParse(t, yamlLinear)
	less := mustParse(t, yamlLinear, "channels.ads.spend=2500")
	more := mustParse(t, yamlLinear, "channels.ads.spend=7500")
	c, err := Compare(context.Background(), []Plan{{"base", base}, {"less", less}, {"more", more}}, opts(2000), []string{"new_customers"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Findings) != 2 || !strings.HasPrefix(c.Findings[0], "more: ") || !strings.HasPrefix(c.Findings[1], "less: ") {
		t.Errorf("findings %q; want more's first, then less's", c.Findings)
	}
	if !strings.Contains(c.Findings[1], "for $2,500 less a month") {
		t.Errorf("finding %q; want it to say less costs $2,500 less a month", c.Findings[1])
	}
}

func TestCompareErrors(t *testing.T) {
	s := mustParse(t, yamlLinear)
	long := mustParse(t, yamlLinear, "horizon_months=24")
	tests := []struct {
		name    string
		plans   []Plan
		metrics []string
		want    string
	}{
		{"no plans", nil, nil, "no plans"},
		{"same names", []Plan{{"a", s}, {"a", s}}, nil, `two plans are called "a"`},
		{"unknown metric", []Plan{{"a", s}}, []string{"revnue"}, `unknown metric "revnue"`},
		{"different horizons", []Plan{{"a", s}, {"b", long}}, nil, "covers 24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compare(context.Background(), tt.plans, opts(10), tt.metrics)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// TestDifferenceJSON: a difference no trial defines shows only its count.
func TestDifferenceJSON(t *testing.T) {
	nan := math.NaN()
	d := valueDifference([]float64{nan, 1}, []float64{2, nan}, true)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"lower_is_better":true,"defined":0}`; got != want {
		t.Errorf("got %s; want %s", got, want)
	}
}

const yamlVariants = yamlLinear + `
variants:
  double_ads: {channels.ads.spend: 10000}
  pricier: {customers.value: 1500}
`

func TestVariants(t *testing.T) {
	s := mustParse(t, yamlVariants, "channels.ads.unit_cost=40")
	plans, err := Variants(s, "channels.ads.unit_cost=40")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		spend    float64
		value    float64
		unitCost float64
	}{
		{BaseName, 5000, 1000, 40},
		{"double_ads", 10000, 1000, 40},
		{"pricier", 5000, 1500, 40},
	}
	if len(plans) != len(tests) {
		t.Fatalf("got %d plans; want %d", len(plans), len(tests))
	}
	for i, tt := range tests {
		p := plans[i]
		ch := p.Scenario.Channels[0]
		if p.Name != tt.name || ch.Spend.At(1) != tt.spend || p.Scenario.Customers.Value.Mean() != tt.value ||
			ch.UnitCost.Mean() != tt.unitCost {
			t.Errorf("plan %d: got %s spend %g value %g unit cost %g; want %s %g %g %g", i, p.Name, ch.Spend.At(1),
				p.Scenario.Customers.Value.Mean(), ch.UnitCost.Mean(), tt.name, tt.spend, tt.value, tt.unitCost)
		}
	}
}
