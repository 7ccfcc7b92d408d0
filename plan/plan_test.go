package plan

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// yamlLinear is a funnel with fixed rates and one linear channel, no sales
// section: ads bring 5000/50 = 100 leads a month, half reach sql, a fifth of
// those buy once for 1000. New customers over 12 months are
// Poisson(12 × 100 × 0.5 × 0.2) = Poisson(120).
const yamlLinear = `
name: linear
horizon_months: 12
funnel:
  stages: [lead, sql, customer]
  conversion:
    sql: 0.5
    customer: 0.2
channels:
  ads:
    enters: lead
    spend: 5000
    unit_cost: 50
customers:
  revenue: one_time
  value: 1000
`

// mustParse loads a scenario from YAML text through the real loader.
func mustParse(t testing.TB, text string, overrides ...string) *model.Scenario {
	t.Helper()
	s, err := model.Parse("test.yaml", []byte(text), overrides)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return s
}

// opts returns run options with a fixed seed.
func opts(trials int) *sim.Options { return &sim.Options{Trials: trials, Seed: 42} }

func TestLowerIsBetter(t *testing.T) {
	tests := []struct {
		metric string
		want   bool
	}{
		{"cac", true},
		{"payback_months", true},
		{"spend", true},
		{"lost_queue", true},
		{"channels.ads.cac", true},
		{"channels.ads.customers", false},
		{"revenue", false},
		{"roi", false},
		{"capacity_used", false},
		{"stages.sql", false},
	}
	for _, tt := range tests {
		if got := LowerIsBetter(tt.metric); got != tt.want {
			t.Errorf("LowerIsBetter(%q) = %v; want %v", tt.metric, got, tt.want)
		}
	}
}

func TestCheckMetric(t *testing.T) {
	s := mustParse(t, yamlLinear)
	tests := []struct {
		metric string
		ok     bool
	}{
		{"revenue", true},
		{"stages.sql", true},
		{"channels.ads.cac", true},
		{"stages.mql", false},
		{"channels.tv.cac", false},
		{"channels.ads.reach", false},
		{"revnue", false},
		{"market_reached", false},
		{"channels.ads.audience_used", false},
	}
	for _, tt := range tests {
		err := CheckMetric(s, tt.metric)
		if (err == nil) != tt.ok {
			t.Errorf("CheckMetric(%q) = %v; want ok %v", tt.metric, err, tt.ok)
		}
	}
	// A metric measured only where its key is given says which key.
	for metric, want := range map[string]string{
		"market_reached":             "market_reached needs market.size, which ",
		"rep_leavers":                "rep_leavers needs sales.attrition, which ",
		"channels.ads.audience_used": "channels.ads.audience_used needs channels.ads.audience, which ",
		"channels.ads.leavers":       "channels.ads.leavers needs channels.ads.attrition, which ",
	} {
		err := CheckMetric(s, metric)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "unknown") {
			t.Errorf("CheckMetric(%q) = %v; want it to say %q", metric, err, want)
		}
		var spec *SpecError
		if !errors.As(err, &spec) {
			t.Errorf("CheckMetric(%q): got %T; want a *SpecError (wrong usage)", metric, err)
		}
	}
	// Given the key, the metric is fine.
	s.Market = &model.Market{Size: model.FixedValue(5000)}
	s.Channels[0].Audience, s.Channels[0].HasAudience = model.FixedValue(1000), true
	for _, metric := range []string{"market_reached", "channels.ads.audience_used"} {
		if err := CheckMetric(s, metric); err != nil {
			t.Errorf("CheckMetric(%q) with its key: %v; want nil", metric, err)
		}
	}
}

// TestResponse checks ExpectedEntries against DESIGN.md's formulas written
// out by hand, MarginalEntries against a central difference, and SpendFor
// as ExpectedEntries' inverse.
func TestResponse(t *testing.T) {
	linear := model.Channel{Name: "lin", Response: model.Linear, UnitCost: model.FixedValue(50)}
	sat := model.Channel{Name: "sat", Response: model.Saturating, UnitCost: model.FixedValue(20),
		MaxPerMonth: model.FixedValue(300), HasMax: true}
	hill := model.Channel{Name: "hill", Response: model.Hill, MaxPerMonth: model.FixedValue(400), HasMax: true,
		HalfSaturation: model.FixedValue(10000), Shape: model.FixedValue(2.5)}
	head := model.Channel{Name: "sdr", Response: model.Headcount, CostPerHead: 7000, OutputPerHead: model.FixedValue(12)}
	tests := []struct {
		name  string
		ch    model.Channel
		spend float64
		want  float64
	}{
		{"linear", linear, 5000, 100},
		{"saturating", sat, 6000, 300 * (1 - math.Exp(-1))},
		{"hill at k", hill, 10000, 200},
		{"hill at 2k", hill, 20000, 400 * math.Pow(2, 2.5) / (math.Pow(2, 2.5) + 1)},
		{"headcount", head, 14000, 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExpectedEntries(&tt.ch, tt.spend); math.Abs(got-tt.want) > 1e-9*tt.want {
				t.Errorf("ExpectedEntries = %g; want %g", got, tt.want)
			}
			const h = 1e-3
			fd := (ExpectedEntries(&tt.ch, tt.spend+h) - ExpectedEntries(&tt.ch, tt.spend-h)) / (2 * h)
			if got := MarginalEntries(&tt.ch, tt.spend); math.Abs(got-fd) > 1e-6*math.Abs(fd) {
				t.Errorf("MarginalEntries = %g; want %g (central difference)", got, fd)
			}
			spend, ok := SpendFor(&tt.ch, tt.want)
			if !ok || math.Abs(spend-tt.spend) > 1e-9*tt.spend {
				t.Errorf("SpendFor(%g) = %g, %v; want %g, true", tt.want, spend, ok, tt.spend)
			}
		})
	}
	if _, ok := SpendFor(&sat, 300); ok {
		t.Errorf("SpendFor(saturating, its ceiling) ok; want not reachable")
	}
}

func TestRanks(t *testing.T) {
	got := ranks([]float64{30, 10, 20, 10, 50})
	want := []float64{4, 1.5, 3, 1.5, 5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ranks = %v; want %v", got, want)
		}
	}
}

func TestSpearman(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	tests := []struct {
		name string
		y    []float64
		want float64
	}{
		{"monotone transform", []float64{1, 8, 27, 64, 125, 216}, 1},
		{"reversed", []float64{6, 5, 4, 3, 2, 1}, -1},
		// Textbook: ρ = 1 − 6Σd²/(n(n²−1)) with d = (1, −1, 1, −1, 1, −1): 1 − 36/210.
		{"swapped pairs", []float64{2, 1, 4, 3, 6, 5}, 1 - 36.0/210},
		{"constant", []float64{7, 7, 7, 7, 7, 7}, 0},
		{"undefined trials left out", []float64{1, math.NaN(), 3, 4, 5, 6}, 1},
	}
	for _, tt := range tests {
		if got := spearman(x, tt.y); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: spearman = %g; want %g", tt.name, got, tt.want)
		}
	}
}

func TestMonthlyCost(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		overrides []string
		want      float64
	}{
		{"a channel", yamlLinear, []string{"channels.ads.spend=6000"}, 6000},
		// 20000 of ads plus 1 rep at 10000.
		{"channel and reps", yamlCapacity, nil, 30000},
		// A hire counts in full: the run rate once everyone has joined.
		{"with a hire", yamlCapacity, []string{"sales.hires={6: 2}"}, 50000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MonthlyCost(mustParse(t, tt.text, tt.overrides...)); got != tt.want {
				t.Errorf("MonthlyCost = %g; want %g", got, tt.want)
			}
		})
	}
}

// A question put wrongly is a *SpecError, whichever planner is asked; a
// scenario that cannot answer a well-put question is not.
func TestSpecErrors(t *testing.T) {
	ctx := context.Background()
	s := mustParse(t, yamlLinear)
	tests := []struct {
		name string
		err  func() error
		spec bool
	}{
		{"compare metric", func() error { _, err := Compare(ctx, []Plan{{"a", s}}, opts(10), []string{"revnue"}); return err }, true},
		{"sensitivity metric", func() error { _, err := Sensitivity(ctx, s, opts(10), "stages.mql"); return err }, true},
		{"goal lever", func() error { _, err := Goal(ctx, s, opts(10), GoalSpec{Target: 1, Lever: "hope"}); return err }, true},
		{"goal channel", func() error { _, err := Goal(ctx, s, opts(10), GoalSpec{Target: 1, Lever: "channel:tv"}); return err }, true},
		{"goal without a target", func() error { _, err := Goal(ctx, s, opts(10), GoalSpec{}); return err }, true},
		{"goal bounds", func() error { _, err := Goal(ctx, s, opts(10), GoalSpec{Target: 1, Low: 3, High: 2}); return err }, true},
		{"reverse metric", func() error { _, err := ReverseFunnel(s, "roi", 1); return err }, true},
		{"optimize objective", func() error { _, err := Optimize(ctx, s, opts(10), OptimizeSpec{Objective: "joy"}); return err }, true},
		{"optimize option", func() error {
			_, err := Optimize(ctx, s, opts(10), OptimizeSpec{Min: map[string]float64{"tv": 1}})
			return err
		}, true},
		{"precision", func() error { _, _, err := RunToPrecision(ctx, s, opts(10), "revenue", 2, 0); return err }, true},
		// Well put, but the scenario cannot answer.
		{"sensitivity undefined", func() error { _, err := Sensitivity(ctx, s, opts(10), "capacity_used"); return err }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil {
				t.Fatal("got no error; want one")
			}
			if _, ok := errors.AsType[*SpecError](err); ok != tt.spec {
				t.Errorf("%v: a SpecError: got %v; want %v", err, ok, tt.spec)
			}
		})
	}
}

// A goal without a target seeks the scenario's own.
func TestScenarioTarget(t *testing.T) {
	s := mustParse(t, yamlLinear+"targets: {new_customers: 130, cac: {max: 50}}\n")
	g, err := Goal(context.Background(), s, opts(200), GoalSpec{Metric: "new_customers", Lever: "budget"})
	if err != nil {
		t.Fatal(err)
	}
	if g.Target != 130 {
		t.Errorf("target: got %g; want the scenario's 130", g.Target)
	}
	r, err := ReverseFunnel(s, "new_customers", 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Target != 130 || r.Customers != 130 {
		t.Errorf("reverse funnel: target %g, customers %g; want the scenario's 130", r.Target, r.Customers)
	}
}
