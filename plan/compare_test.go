package plan

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
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
}

// TestCompareVerdicts: on yamlLinear (fixed rates, one-time sales at 1000,
// gross margin 1) each $50 of ads brings a lead, and a lead 0.5 × 0.2 ×
// 1000 = $100 of gross profit: doubling the spend to 10,000 adds 12 ×
// 5000 × (100/50 − 1) = $60,000 of profit for $60,000 more spend, $1 an
// extra dollar, far beyond 3 standard errors (Pick); halving it loses
// $30,000 (Keep); a plan identical to the base differs by 0 in every
// trial (too close to call). Profit is the default objective of one-time
// sales.
func TestCompareVerdicts(t *testing.T) {
	base := mustParse(t, yamlLinear)
	double := mustParse(t, yamlLinear, "channels.ads.spend=10000")
	half := mustParse(t, yamlLinear, "channels.ads.spend=2500")
	c, err := Compare(context.Background(), []Plan{{"base", base}, {"same", base}, {"double", double}, {"half", half}}, opts(2000), []string{"revenue"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Objective != "profit" || len(c.Verdicts) != 3 {
		t.Fatalf("objective %q, %d verdicts; want profit, 3", c.Objective, len(c.Verdicts))
	}
	tests := []struct {
		plan  string
		gain  float64
		extra float64
		call  string
		says  string
	}{
		{"same", 0, 0, TooClose, "Too close to call between same and base on profit"},
		{"double", 60000, 60000, Pick, "Pick double over base: +$60"},
		{"half", -30000, -30000, Keep, "Keep base rather than half"},
	}
	for i, tt := range tests {
		v := c.Verdicts[i]
		if v.Plan != tt.plan || v.Base != "base" || v.Call != tt.call || !strings.Contains(v.Sentence, tt.says) {
			t.Errorf("verdict %d: %s against %s: %s, %q; want %s against base: %s, %q", i, v.Plan, v.Base, v.Call, v.Sentence, tt.plan, tt.call, tt.says)
		}
		if tol := 4*v.Gain.SE + 1e-9; math.Abs(v.Gain.Mean-tt.gain) > tol {
			t.Errorf("%s: gain %g; want %g ± %g", tt.plan, v.Gain.Mean, tt.gain, tol)
		}
		if math.Abs(v.ExtraSpend-tt.extra) > 1e-6 {
			t.Errorf("%s: extra spend %g; want %g", tt.plan, v.ExtraSpend, tt.extra)
		}
		if tt.extra != 0 && (v.PerDollar == nil || math.Abs(*v.PerDollar-tt.gain/tt.extra) > 4*v.Gain.SE/math.Abs(tt.extra)) {
			t.Errorf("%s: gain per extra dollar %v; want %g", tt.plan, v.PerDollar, tt.gain/tt.extra)
		}
		if c.Findings[i] != v.Sentence {
			t.Errorf("finding %d %q; want the verdict %q", i, c.Findings[i], v.Sentence)
		}
	}
	// Best overall: double, well ahead of the runner-up (base and same tie).
	b := c.Best
	if b == nil || b.Plan != "double" || b.Call != Pick || (b.Base != "base" && b.Base != "same") ||
		!strings.HasPrefix(b.Sentence, "Best of the 4 plans on profit: double, ahead of the runner-up") {
		t.Errorf("best %+v; want double, picked over base or same", b)
	}
	if len(c.Findings) != 4 || c.Findings[3] != b.Sentence {
		t.Errorf("findings %q; want the 3 verdicts, then the best", c.Findings)
	}
	// Judged on new customers, the same plans: double still picked; the
	// per-dollar figure counts customers per extra $1k.
	if err := c.Decide("customers"); err != nil {
		t.Fatal(err)
	}
	if v := c.Verdicts[1]; v.Objective != "customers" || v.Call != Pick || !strings.Contains(v.Sentence, "new customers an extra $1k") {
		t.Errorf("on customers: %+v; want double picked, customers per extra $1k", v)
	}
	if err := c.Decide("revnue"); err == nil || !strings.Contains(err.Error(), `objective "revnue": use one of`) {
		t.Errorf("unknown objective: got %v; want the objectives listed", err)
	}
	// Two plans: no best overall.
	c, err = Compare(context.Background(), []Plan{{"base", base}, {"same", base}}, opts(100), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Best != nil || len(c.Findings) != 1 {
		t.Errorf("two plans: best %v, findings %q; want no best, one finding", c.Best, c.Findings)
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
