package plan

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// parseScenario loads a scenario written in YAML.
func parseScenario(t *testing.T, src string) *model.Scenario {
	t.Helper()
	s, err := model.Parse("test.yaml", []byte(src), nil)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return s
}

// optimizeFor runs Optimize with a fixed seed and small trial counts.
func optimizeFor(t *testing.T, s *model.Scenario, spec OptimizeSpec) *Optimization {
	t.Helper()
	o, err := Optimize(context.Background(), s, &sim.Options{Trials: 4000, Seed: 7}, spec)
	if err != nil {
		t.Fatalf("optimize: %v", err)
	}
	return o
}

// amount returns the recommended amount of an option.
func amount(t *testing.T, o *Optimization, name string) float64 {
	t.Helper()
	for _, r := range o.Options {
		if r.Name == name {
			return r.Recommended
		}
	}
	t.Fatalf("no option %q", name)
	return 0
}

// Two linear channels, no capacity limit: every dollar goes to the cheaper.
// A transfer of the smallest size tried, δ = budget/320 = $31.25, from the
// dearer channel (unit cost $100) to the cheaper ($10) adds δ(1/10 − 1/100)
// × 6 months ≈ 16.9 customers a trial in expectation; the Monte Carlo
// noise of the mean difference, even if the two runs shared nothing, is
// √(2 · 6000)/√2000 ≈ 2.4 customers (Poisson variance = mean, 6,000
// entries a trial). 16.9 is 7 standard errors: the dearer channel gets
// nothing.
func TestOptimizeLinearGoesToCheaper(t *testing.T) {
	s := parseScenario(t, twoLinear)
	o := optimizeFor(t, s, OptimizeSpec{Budget: 10000, Objective: "customers"})
	if got := amount(t, o, "cheap"); got != 10000 {
		t.Errorf("cheap: got %v; want 10000", got)
	}
	if got := amount(t, o, "dear"); got != 0 {
		t.Errorf("dear: got %v; want 0", got)
	}
	if o.VersusCurrent.PBeats < 0.99 {
		t.Errorf("P(recommended beats current): got %v; want ≥ 0.99", o.VersusCurrent.PBeats)
	}
}

// Two saturating channels λ_i = M_i(1 − e^{−S_i/a_i}), a_i = c_i·M_i: the
// optimum equalises the marginal returns e^{−S_i/a_i}/c_i with S_1 + S_2 =
// B, so S_1 = (ln(c_2/c_1) + B/a_2)/(1/a_1 + 1/a_2).
//
// Tolerance: a split 2% of S_1 away from the optimum loses
// ½·H·Σ e^{−S_i/a_i}/(c_i a_i)·(0.02 S_1)² ≈ 1,260 customers a trial in
// expectation (H = 12, M scaled up so that losses dwarf noise), while the
// Monte Carlo error of a difference of two means is at most
// √(2 · 1.7e8)/√2000 ≈ 410 (runs sharing nothing): 3 standard errors, and
// common random numbers make it far smaller.
func TestOptimizeSaturatingMatchesAnalyticOptimum(t *testing.T) {
	s := parseScenario(t, twoSaturating)
	const (
		b      = 30000.0
		c1, m1 = 0.001, 1e7
		c2, m2 = 0.002, 2e7
	)
	a1, a2 := c1*m1, c2*m2
	s1 := (math.Log(c2/c1) + b/a2) / (1/a1 + 1/a2)
	o := optimizeFor(t, s, OptimizeSpec{Budget: b, Objective: "customers"})
	got1, got2 := amount(t, o, "one"), amount(t, o, "two")
	t.Logf("one %.0f (analytic %.0f), two %.0f (analytic %.0f), %d evaluations", got1, s1, got2, b-s1, o.Evaluations)
	if math.Abs(got1-s1) > 0.02*s1 {
		t.Errorf("one: got %.0f; want %.0f ± 2%%", got1, s1)
	}
	if math.Abs(got2-(b-s1)) > 0.02*(b-s1) {
		t.Errorf("two: got %.0f; want %.0f ± 2%%", got2, b-s1)
	}
	// Equal marginal returns, as the analytic condition says: check them
	// from the closed form at the recommendation (within what a 2% error
	// in S_1 allows: e^{0.02 S_1/a_1} − 1 ≈ 2.3%).
	r1, r2 := math.Exp(-got1/a1)/c1, math.Exp(-got2/a2)/c2
	if math.Abs(r1/r2-1) > 0.05 {
		t.Errorf("marginal entries per $: got %.4g and %.4g; want equal within 5%%", r1, r2)
	}
	// The measured marginal returns agree with the closed form of a step
	// h = MarginalStep(B) more, H·M(e^{−S/a} − e^{−(S+h)/a}) customers,
	// and of the last step, H·M(e^{−(S−h)/a} − e^{−S/a}), within 10%.
	step := MarginalStep(b)
	if step != 1500 {
		t.Errorf("marginal step: got %v; want 1500 (5%% of %v)", step, b)
	}
	for i, c := range []struct{ m, a, s float64 }{{m1, a1, got1}, {m2, a2, got2}} {
		r := o.Options[i]
		up := 12 * c.m * (math.Exp(-c.s/c.a) - math.Exp(-(c.s+step)/c.a))
		if r.MarginalStep != step || math.Abs(r.Marginal/up-1) > 0.1 {
			t.Errorf("%s: %v more gains %.4g; want %.4g ± 10%% for %v more", r.Name, r.MarginalStep, r.Marginal, up, step)
		}
		down := 12 * c.m * (math.Exp(-(c.s-step)/c.a) - math.Exp(-c.s/c.a))
		if r.MarginalLast == nil || math.Abs(*r.MarginalLast/down-1) > 0.1 {
			t.Errorf("%s: the last %v gains %v; want %.4g ± 10%%", r.Name, step, r.MarginalLast, down)
		}
	}
	// The budget-neutral check: the expected gain of moving h from one
	// channel to the other is, in closed form,
	// H·[M_to(e^{−S_to/a_to} − e^{−(S_to+h)/a_to}) − M_from(e^{−(S_from−h)/a_from} − e^{−S_from/a_from})],
	// negative near the optimum; the measured gain must match it within 4
	// standard errors of the trial-by-trial difference, and not improve.
	tr := o.Transfer
	if tr == nil {
		t.Fatalf("transfer: got none; want the best move between one and two")
	}
	amounts := map[string]float64{"one": got1, "two": got2}
	curves := map[string][2]float64{"one": {m1, a1}, "two": {m2, a2}}
	h := tr.Amount
	to, from := curves[tr.To], curves[tr.From]
	want := 12 * (to[0]*(math.Exp(-amounts[tr.To]/to[1])-math.Exp(-(amounts[tr.To]+h)/to[1])) -
		from[0]*(math.Exp(-(amounts[tr.From]-h)/from[1])-math.Exp(-amounts[tr.From]/from[1])))
	t.Logf("best transfer %s → %s: %.1f ± %.1f (closed form %.1f)", tr.From, tr.To, tr.Gain, tr.SE, want)
	if math.Abs(tr.Gain-want) > 4*tr.SE+1e-9 {
		t.Errorf("transfer %s → %s gain: got %.1f; want %.1f ± %.1f", tr.From, tr.To, tr.Gain, want, 4*tr.SE)
	}
	if tr.Improves {
		t.Errorf("transfer improves: got true; want false at the optimum")
	}
}

// An S-curve (hill, shape 3, half-saturation $16k) beside a linear channel
// at $50 a customer. One $2k step into the S-curve returns 0.002 customers
// a dollar against the linear channel's 0.02, but funded past its threshold
// it returns far more: the closed-form optimum puts about $31k of $40k into
// it. The recommendation must be above the threshold and, by the closed
// form E[customers a month] = M·S³/(S³ + k³) + (B − S)/50, within 1% of
// the best split on a $10 grid (the loss of a split 1% worse, about 116
// customers a trial over 6 months, is 30 times the Monte Carlo error of a
// difference of means, √(2 · 11,600)/√2000 ≈ 3.4).
func TestOptimizeFindsSCurve(t *testing.T) {
	s := parseScenario(t, `
name: threshold
horizon_months: 6
funnel:
  stages: [lead, customer]
  conversion: {customer: 1}
channels:
  search: {enters: lead, spend: 40000, unit_cost: 50}
  events: {enters: lead, spend: 0, response: hill, max_per_month: 2000, half_saturation: 16000, shape: 3}
customers: {revenue: one_time, value: 1000}
`)
	const b, m, k, c = 40000.0, 2000.0, 16000.0, 50.0
	f := func(sh float64) float64 { return m*sh*sh*sh/(sh*sh*sh+k*k*k) + (b-sh)/c }
	best := 0.0
	for sh := 0.0; sh <= b; sh += 10 {
		best = math.Max(best, f(sh))
	}
	o := optimizeFor(t, s, OptimizeSpec{Budget: b, Objective: "customers"})
	got := amount(t, o, "events")
	t.Logf("events %.0f: %.1f customers a month (best %.1f), %d evaluations", got, f(got), best, o.Evaluations)
	if got < k {
		t.Errorf("events: got %.0f; want above the threshold %.0f", got, k)
	}
	if f(got) < 0.99*best {
		t.Errorf("expected customers a month at the recommendation: got %.1f; want ≥ 99%% of %.1f", f(got), best)
	}
	if len(o.FundingOrder.Steps) == 0 || o.FundingOrder.Steps[0].Option != "events" {
		t.Errorf("funding order: got %v; want events first (its look-ahead gain beats search's)", o.FundingOrder.Lines())
	}
}

// twoLinear has two linear channels, one ten times dearer a lead.
const twoLinear = `
name: two linear
horizon_months: 6
funnel:
  stages: [lead, customer]
  conversion: {customer: 1}
channels:
  cheap: {enters: lead, spend: 5000, unit_cost: 10}
  dear: {enters: lead, spend: 5000, unit_cost: 100}
customers: {revenue: one_time, value: 1000}
`

// twoSaturating has two saturating channels of known closed forms.
const twoSaturating = `
name: two saturating
horizon_months: 12
funnel:
  stages: [lead, customer]
  conversion: {customer: 1}
channels:
  one: {enters: lead, spend: 15000, unit_cost: 0.001, max_per_month: 10000000}
  two: {enters: lead, spend: 15000, unit_cost: 0.002, max_per_month: 20000000}
customers: {revenue: one_time, value: 1000}
`

// capacityBound is a funnel whose leads are far beyond sales capacity.
const capacityBound = `
name: capacity bound
horizon_months: 12
funnel:
  stages: [lead, sql, customer]
  handoff: sql
  conversion: {sql: 0.5, customer: 0.2}
channels:
  ads: {enters: lead, spend: 10000, unit_cost: 50}
sales: {reps: 1, cost_per_rep: 8000, capacity_per_rep: 25}
customers: {revenue: one_time, value: 2000}
`

// Leads far beyond sales capacity: 200 leads a month at $50, half of them
// handed to one rep who takes 25 a month. More leads add nothing (they
// queue), a rep adds 25 worked a month: the first money past the current
// plan buys reps, and the recommendation has the capacity to work the leads
// it buys: 4 reps for 100 a month at the closed-form optimum
// (L/100 = 25·R/8000 with L + R = $42k gives L = $10k, R = $32k).
func TestOptimizeBuysCapacityFirst(t *testing.T) {
	s := parseScenario(t, capacityBound)
	o := optimizeFor(t, s, OptimizeSpec{
		Budget: 42000, Objective: "customers",
		Min: map[string]float64{"ads": 10000, model.SalesTeam: 8000},
	})
	f := o.FundingOrder
	if !f.StartCapacityBound {
		t.Errorf("start: got capacity not bound; want bound (100 handed off a month, capacity 25)")
	}
	if len(f.Steps) == 0 || f.Steps[0].Option != model.SalesTeam {
		t.Errorf("funding order: got %v; want sales_team first", f.Lines())
	}
	ads, team := amount(t, o, "ads"), amount(t, o, model.SalesTeam)
	t.Logf("ads %.0f, sales_team %.0f; funding order %q", ads, team, f.Lines())
	if team < 28000 {
		t.Errorf("sales_team: got %.0f; want about 32000 (at least 28000)", team)
	}
	if capacity, demand := team/8000*25, ads/50*0.5; capacity < 0.9*demand {
		t.Errorf("capacity %.1f a month for %.1f handed off: want capacity ≥ 90%% of demand", capacity, demand)
	}
}

// Bounds and locks hold exactly, and the budget is spent in full unless
// every option is at its maximum, which the note says.
func TestOptimizeBounds(t *testing.T) {
	s := parseScenario(t, `
name: bounds
horizon_months: 3
funnel:
  stages: [lead, customer]
  conversion: {customer: 1}
channels:
  a: {enters: lead, spend: 1000, unit_cost: 10}
  b: {enters: lead, spend: 1000, unit_cost: 20}
  c: {enters: lead, spend: 3000, unit_cost: 30}
customers: {revenue: one_time, value: 1000}
`)
	tests := []struct {
		name   string
		spec   OptimizeSpec
		want   map[string]float64 // exact amounts
		atLeas map[string]float64
		spent  float64
		note   string
	}{
		{
			name: "max lock min",
			spec: OptimizeSpec{Budget: 15000, Objective: "customers",
				Max: map[string]float64{"a": 4000}, Min: map[string]float64{"b": 2000}, Lock: []string{"c"}},
			want:  map[string]float64{"a": 4000, "b": 8000, "c": 3000},
			spent: 15000,
		},
		{
			name: "min above the optimum",
			spec: OptimizeSpec{Budget: 9000, Objective: "customers", Min: map[string]float64{"c": 5000}},
			want: map[string]float64{"a": 4000, "b": 0, "c": 5000}, spent: 9000,
		},
		{
			name: "every option at its maximum",
			spec: OptimizeSpec{Budget: 20000, Objective: "customers",
				Max: map[string]float64{"a": 4000, "b": 5000}, Lock: []string{"c"}},
			want:  map[string]float64{"a": 4000, "b": 5000, "c": 3000},
			spent: 12000, note: "every option is at its maximum",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Optimize(context.Background(), s, &sim.Options{Trials: 1000, Seed: 3}, tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tt.want {
				if got := amount(t, o, name); got != want {
					t.Errorf("%s: got %v; want %v", name, got, want)
				}
			}
			if math.Abs(o.Spent-tt.spent) > 1e-6 {
				t.Errorf("spent: got %v; want %v", o.Spent, tt.spent)
			}
			if !strings.Contains(o.Note, tt.note) || (tt.note == "" && strings.Contains(o.Note, "maximum")) {
				t.Errorf("note: got %q; want %q", o.Note, tt.note)
			}
		})
	}
}

// The same seed gives the same recommendation, to the cent.
func TestOptimizeSameSeed(t *testing.T) {
	s := parseScenario(t, `
name: repeat
horizon_months: 6
funnel:
  stages: [lead, customer]
  conversion: {customer: 0.3}
channels:
  one: {enters: lead, spend: 3000, unit_cost: 5, max_per_month: 800}
  two: {enters: lead, spend: 3000, unit_cost: 8, max_per_month: 2000}
customers: {revenue: one_time, value: 200}
`)
	spec := OptimizeSpec{Budget: 8000, Risk: "p10"}
	a, b := optimizeFor(t, s, spec), optimizeFor(t, s, spec)
	for i := range a.Options {
		if a.Options[i].Recommended != b.Options[i].Recommended {
			t.Errorf("%s: got %v then %v; want the same", a.Options[i].Name, a.Options[i].Recommended, b.Options[i].Recommended)
		}
	}
	if a.Evaluations != b.Evaluations {
		t.Errorf("evaluations: got %d then %d; want the same", a.Evaluations, b.Evaluations)
	}
}

// testScenario is a scenario built by hand, for checks that never run it.
func testScenario() *model.Scenario {
	return &model.Scenario{
		Name: "hand", Horizon: 12,
		Channels: []model.Channel{
			{Name: "ads", Response: model.Linear, Spend: model.Constant(5000), UnitCost: model.FixedValue(10)},
			{Name: "sdr", Kind: model.SalesKind, Response: model.Headcount, Headcount: model.Constant(2), CostPerHead: 6000, Spend: model.Constant(12000),
				OutputPerHead: model.FixedValue(10)},
			{Name: "writers", Response: model.Headcount, Headcount: model.Constant(1)},
		},
		Sales: &model.Sales{Reps: 2, CostPerRep: 10000, CapacityPerRep: model.FixedValue(20)},
	}
}

// A cancelled run stops the search and says why.
func TestOptimizeCancelled(t *testing.T) {
	s := parseScenario(t, `
name: cancelled
funnel:
  stages: [lead, customer]
  conversion: {customer: 0.1}
channels:
  ads: {enters: lead, spend: 1000, unit_cost: 10}
customers: {value: 100, churn: 0.02}
`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Optimize(ctx, s, nil, OptimizeSpec{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want context.Canceled", err)
	}
}

func TestOptions(t *testing.T) {
	got := Options(testScenario())
	want := []struct {
		name, unit string
		current    float64
	}{{"ads", "spend", 5000}, {"sdr", "heads", 12000}, {model.SalesTeam, "reps", 20000}}
	if len(got) != len(want) {
		t.Fatalf("got %d options; want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Name != w.name || got[i].Unit != w.unit || got[i].Current != w.current {
			t.Errorf("option %d: got %s %s %v; want %s %s %v", i, got[i].Name, got[i].Unit, got[i].Current, w.name, w.unit, w.current)
		}
	}
}

func TestOptimizeSpecErrors(t *testing.T) {
	tests := []struct {
		name string
		spec OptimizeSpec
		want string
	}{
		{"objective", OptimizeSpec{Objective: "fame"}, `objective "fame": use one of profit, revenue, customers, lifetime_value`},
		{"risk", OptimizeSpec{Risk: "p5"}, `risk "p5": use one of mean, p10, cvar10`},
		{"unknown min", OptimizeSpec{Min: map[string]float64{"tv": 1}}, "min tv: no such option (options: ads, sdr, sales_team)"},
		{"unknown lock", OptimizeSpec{Lock: []string{"writers"}}, "lock writers: no such option"},
		{"negative max", OptimizeSpec{Max: map[string]float64{"ads": -1}}, "max ads=-1: an amount must be a number ≥ 0"},
		{"min above max", OptimizeSpec{Min: map[string]float64{"ads": 900}, Max: map[string]float64{"ads": 500}}, "ads: min $900 is above max $500"},
		{"lock outside", OptimizeSpec{Lock: []string{"ads"}, Max: map[string]float64{"ads": 100}}, "lock ads: its current $5,000 is outside its bounds $0..$100"},
		{"budget", OptimizeSpec{Budget: -5}, "budget -5: must be an amount ≥ 0"},
		{"minimums over budget", OptimizeSpec{Budget: 10000, Lock: []string{"sales_team"}}, "budget $10.0k: the locked amounts and minimums already add up to $20.0k"},
		{"nothing spent now", OptimizeSpec{}, "the current plan spends nothing on the options: give a budget to split"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testScenario()
			if tt.name == "nothing spent now" {
				s.Channels[0].Spend, s.Channels[1].Headcount, s.Sales.Reps = model.Constant(0), model.Constant(0), 0
			}
			_, err := Optimize(context.Background(), s, nil, tt.spec)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	ramp := func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[n-1-i] = float64(i + 1) // n … 1: order must not matter
		}
		return x
	}
	tests := []struct {
		name string
		xs   []float64
		risk string
		want float64
	}{
		{"mean", []float64{1, 2, 3, math.NaN()}, "mean", 2},
		// p10 of 1…11: position 0.1·10 = 1, the second order statistic.
		{"p10 exact", ramp(11), "p10", 2},
		// p10 of 1…20: position 1.9, between 2 and 3.
		{"p10 between", ramp(20), "p10", 2.9},
		// cvar10 of 1…20: the worst 2, mean 1.5; of 1…25: the worst 3.
		{"cvar10", ramp(20), "cvar10", 1.5},
		{"cvar10 rounds up", ramp(25), "cvar10", 2},
		{"nothing defined", []float64{math.NaN()}, "cvar10", math.Inf(-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := score(tt.xs, tt.risk); math.Abs(got-tt.want) > 1e-12 && got != tt.want {
				t.Errorf("got %v; want %v", got, tt.want)
			}
		})
	}
}

func TestProject(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name         string
		budget       float64
		lower, upper []float64
		w            []float64
		want         []float64
	}{
		{"proportional", 100, []float64{0, 0}, []float64{inf, inf}, []float64{1, 3}, []float64{25, 75}},
		{"clipped", 100, []float64{0, 0}, []float64{10, inf}, []float64{1, 1}, []float64{10, 90}},
		{"lower bound", 100, []float64{40, 0}, []float64{inf, inf}, []float64{1, 3}, []float64{40, 60}},
		{"no weight", 90, []float64{0, 0, 0}, []float64{inf, inf, inf}, nil, []float64{30, 30, 30}},
		{"weighted full", 100, []float64{0, 0}, []float64{20, inf}, []float64{1, 0}, []float64{20, 80}},
		{"all at max", 100, []float64{0, 0}, []float64{20, 30}, nil, []float64{20, 30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &problem{budget: tt.budget, lower: tt.lower, upper: tt.upper, options: make([]Option, len(tt.lower))}
			got := project(p, tt.w)
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-6 {
					t.Errorf("got %v; want %v", got, tt.want)
					break
				}
			}
		})
	}
}

func TestFundingOrderMerges(t *testing.T) {
	p := &problem{options: []Option{{Name: "ads"}, {Name: model.SalesTeam}}}
	e := func(c float64) evaluation { return evaluation{capacityP50: c, score: 100 * c} }
	steps := []greedyStep{
		{option: 0, amount: 1000, after: e(0.5)}, {option: 0, amount: 1000, after: e(0.8)}, {option: 1, amount: 2000, after: e(0.6)},
		// 0.92 is under measure.CapacityLimit: not yet the limit.
		{option: 0, amount: 1000, after: e(0.92)}, {option: 0, amount: 1000, after: e(0.95)}, {option: 0, amount: 1000, after: e(0.99)}, {option: 1, amount: 500, after: e(0.7)},
	}
	f := fundingOrder(p, []float64{0, 0}, e(0), steps)
	want := []struct {
		option     string
		amount, to float64
		bound      bool
	}{
		{"ads", 2000, 2000, false}, {model.SalesTeam, 2000, 4000, false},
		{"ads", 1000, 5000, false}, {"ads", 2000, 7000, true}, {model.SalesTeam, 500, 7500, false},
	}
	if len(f.Steps) != len(want) {
		t.Fatalf("got %d steps %v; want %d", len(f.Steps), f.Lines(), len(want))
	}
	for i, w := range want {
		st := f.Steps[i]
		if st.Option != w.option || st.Amount != w.amount || st.To != w.to || st.CapacityBound != w.bound {
			t.Errorf("step %d: got %s %v to %v bound %v; want %s %v to %v bound %v",
				i, st.Option, st.Amount, st.To, st.CapacityBound, w.option, w.amount, w.to, w.bound)
		}
	}
	if got := f.Steps[0].Gain; math.Abs(got-80) > 1e-9 {
		t.Errorf("first step's gain: got %v; want 80 (score 0 → 50 → 80)", got)
	}
	if f.CapacityLimit != 3 {
		t.Errorf("capacity limit: got step %d; want 3", f.CapacityLimit)
	}
	// ads' steps around the limit make one line, which ends at the limit.
	lines := f.Lines()
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "the first $2,000 → ads") ||
		lines[2] != "the next $3,000 → ads (total $7,000): from here sales capacity, not leads, is the limit" {
		t.Errorf("lines: got %q", lines)
	}
}

func TestResponseCurves(t *testing.T) {
	s := testScenario()
	curves := ResponseCurves(s, map[string]float64{"ads": 8000})
	if got := len(curves); got != 2 {
		t.Fatalf("got %d curves; want 2 (ads, sdr; writers have no cost_per_head)", got)
	}
	ads := curves[0]
	if ads.Current != 5000 || ads.Recommended == nil || *ads.Recommended != 8000 {
		t.Errorf("ads marks: got current %v recommended %v; want 5000 and 8000", ads.Current, ads.Recommended)
	}
	last := ads.Points[len(ads.Points)-1]
	// Linear at $10 a head: 16,000/10 entries at twice the larger spend,
	// 100 more per extra $1k.
	if last.Spend != 16000 || math.Abs(last.Entries-1600) > 1e-9 || math.Abs(last.Marginal-100) > 1e-9 {
		t.Errorf("ads end: got %+v; want spend 16000, entries 1600, marginal 100", last)
	}
	if curves[1].Recommended != nil {
		t.Errorf("sdr: got a recommendation %v; want none", *curves[1].Recommended)
	}
	if !slices.IsSortedFunc(ads.Points, func(a, b CurvePoint) int { return int(a.Spend - b.Spend) }) {
		t.Errorf("points not sorted by spend")
	}
}
