package plan

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/sim"
)

// yamlCashRamp draws nothing: 50 starting customers at $1,000 a month
// whose revenue grows 10% a month (expansion applies before a month's
// revenue, DESIGN's step 6: month t's is 50,000 × 1.1^t), 80% gross
// margin, no spend and $100k a month of other costs. Month t's net cash
// flow is 40,000 × 1.1^t − 100,000: negative to month 9, positive after,
// so the cash is lowest at the end of month 9.
const yamlCashRamp = `
name: ramp
horizon_months: 12
funnel:
  stages: [lead, customer]
  conversion:
    customer: 0.5
channels:
  ads:
    enters: lead
    spend: 0
    unit_cost: 50
customers:
  revenue: subscription
  value: 1000
  churn: 0
  expansion: 0.1
  gross_margin: 0.8
  starting: 50
company:
  cash: 300000
  other_costs: 100000
`

// rampFlows are yamlCashRamp's cumulative net cash flows by hand: the
// lowest (at month 9), the last (month 12), and by month ([t] month t+1).
func rampFlows() (lowest, end float64, cum []float64) {
	var sum float64
	lowest = math.Inf(1)
	for t := 1; t <= 12; t++ {
		sum += 40000*math.Pow(1.1, float64(t)) - 100000
		lowest = min(lowest, sum)
		cum = append(cum, sum)
	}
	return lowest, sum, cum
}

// TestGoalCashExact: on yamlCashRamp every future is the same, so the
// cash needed is the closed form at any confidence: −(lowest cumulative
// flow) = $302,503.02 for the cash to last, target − (the flows' sum) for
// the cash at the end; the answer is that to the cent's margin.
//
// The runway lasts m months once the first m month-ends are at 0 or
// more: the flows fall to month 9, so m ≤ 9 needs −(the flows to month
// m), a runway of 6.5 months a whole 7, and one past the 12 months of the
// horizon the cash to last them all.
func TestGoalCashExact(t *testing.T) {
	lowest, end, cum := rampFlows()
	tests := []struct {
		name       string
		cash       string
		metric     string
		target     float64
		confidence float64
		want       float64
		raise      bool
	}{
		{"lasts, short today", "300000", "cash_min", 0, 0.9, -lowest, true},
		{"lasts, median", "300000", "cash_min", 0, 0.5, -lowest, true},
		{"lasts, enough today", "1000000", "cash_min", 0, 0.9, -lowest, false},
		{"never below $50k", "300000", "cash_min", 50000, 0.8, 50000 - lowest, true},
		{"ends with $100k", "0", "cash_end", 100000, 0.9, 100000 - end, true},
		{"runway 6 months", "0", "runway_months", 6, 0.9, -cum[5], true},
		{"runway 6.5 months", "0", "runway_months", 6.5, 0.9, -cum[6], true},
		{"runway 20 months", "0", "runway_months", 20, 0.9, -lowest, true},
		{"runway 3 months, enough today", "300000", "runway_months", 3, 0.9, -cum[2], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, yamlCashRamp, "company.cash="+tt.cash)
			g, err := Goal(context.Background(), s, opts(500),
				GoalSpec{Metric: tt.metric, Target: tt.target, HasTarget: true, Confidence: tt.confidence, Lever: LeverCash})
			if err != nil {
				t.Fatal(err)
			}
			if !g.Reached || math.Abs(g.Value-tt.want) > 0.05 {
				t.Errorf("got reached %v at $%.4f; want reached at $%.4f ± $0.05", g.Reached, g.Value, tt.want)
			}
			if g.Probability != 1 {
				t.Errorf("P at the answer %g; want 1 (every future is the same)", g.Probability)
			}
			if g.Evaluations != 2 {
				t.Errorf("%d runs; want 2 (the answer and its check)", g.Evaluations)
			}
			if got := strings.Contains(g.Finding, "(the raise)"); got != tt.raise {
				t.Errorf("finding %q: says the raise %v; want %v", g.Finding, got, tt.raise)
			}
		})
	}
}

// TestGoalCashWords: the raise in words, from yamlCashRamp's closed form.
func TestGoalCashWords(t *testing.T) {
	s := mustParse(t, yamlCashRamp)
	g, err := Goal(context.Background(), s, opts(200), GoalSpec{Metric: "cash_min", Confidence: 0.9, Lever: LeverCash})
	if err != nil {
		t.Fatal(err)
	}
	want := "You need $303k of cash at the start: $2,503 more than today's $300k (the raise), so that the cash lasts the horizon in 9 futures of 10"
	if !strings.HasPrefix(g.Finding, want) {
		t.Errorf("got %q; want it to start %q", g.Finding, want)
	}
}

// yamlCashRandom wins Poisson-many customers (about 10 a month) at a
// value drawn for each future between $800 and $1,200, against $5k a
// month of spend and $20k of other costs: a cash flow that differs from
// future to future, continuously (no two futures need the same cash).
const yamlCashRandom = `
name: random cash
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
  value: {low: 800, high: 1200}
company:
  cash: 100000
  other_costs: 20000
`

// TestGoalCashChance: on a random scenario the answer is the confidence
// quantile of the cash each future needs, so on the run's own random
// numbers P(cash_min ≥ 0) is exactly ⌈0.9 n⌉/n; on new ones (another
// seed) it is the confidence within 2 standard errors of their
// difference: the answer's true chance and the check's estimate each err
// by √(p(1 − p)/n), so the difference's SE is √2 times that.
func TestGoalCashChance(t *testing.T) {
	const n, conf = 20000, 0.9
	for _, tt := range []struct {
		metric string
		target float64
	}{{"cash_min", 0}, {"runway_months", 6}} {
		t.Run(tt.metric, func(t *testing.T) {
			s := mustParse(t, yamlCashRandom)
			g, err := Goal(context.Background(), s, opts(n), GoalSpec{Metric: tt.metric, Target: tt.target, HasTarget: true, Confidence: conf, Lever: LeverCash})
			if err != nil {
				t.Fatal(err)
			}
			if want := math.Ceil(conf*n) / n; !g.Reached || g.Probability != want {
				t.Fatalf("got reached %v, P %g on the same numbers; want reached, P %g", g.Reached, g.Probability, want)
			}
			low, err := summarize(g.Result, "cash_min")
			if err != nil {
				t.Fatal(err)
			}
			if tt.metric == "cash_min" && (low.Min >= 0 || low.Max <= 0) {
				t.Fatalf("cash_min from %g to %g at the answer; want both signs (a random cash flow)", low.Min, low.Max)
			}
			check := s.Clone()
			check.Company.Cash = g.Value
			res, err := sim.Run(context.Background(), check, &sim.Options{Trials: n, Seed: 777})
			if err != nil {
				t.Fatal(err)
			}
			p, err := shareAtLeast(res, tt.metric, tt.target)
			if err != nil {
				t.Fatal(err)
			}
			se := math.Sqrt2 * math.Sqrt(conf*(1-conf)/n)
			if math.Abs(p-conf) > 2*se {
				t.Errorf("P(%s ≥ %g) at $%.0f on seed 777: %g; want %g ± %g (2 SE)", tt.metric, tt.target, g.Value, p, conf, 2*se)
			}
		})
	}
}

// TestGoalCashRefuses: the cash lever needs a company and a metric the
// cash moves dollar for dollar; its answer is exact, not searched.
func TestGoalCashRefuses(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		spec GoalSpec
		want string
	}{
		{"no company", yamlLinear, GoalSpec{Metric: "cash_min", Lever: LeverCash}, "has no company section"},
		{"revenue", yamlCashRamp, GoalSpec{Metric: "revenue", Target: 1, Lever: LeverCash}, "use --metric cash_min"},
		{"break-even", yamlCashRamp, GoalSpec{Metric: "break_even_month", Target: 12, Lever: LeverCash}, "break_even_month does not move"},
		{"no runway", yamlCashRamp, GoalSpec{Metric: "runway_months", Target: 0, HasTarget: true, Lever: LeverCash}, "want at least 1 month"},
		{"bounds", yamlCashRamp, GoalSpec{Metric: "cash_min", High: 1e6, Lever: LeverCash}, "drop --low and --high"},
		{"a runway's mean", yamlCashRamp, GoalSpec{Metric: "cash_min", Lever: LeverCash,
			Constraints: []Constraint{{Metric: "runway_months", Bound: 6}}}, "give a share of futures"},
		{"a ceiling on the cash", yamlCashRamp, GoalSpec{Metric: "cash_min", Lever: LeverCash,
			Constraints: []Constraint{{Metric: "cash_end", AtMost: true, Bound: 1e6, Share: 0.5}}}, "must be a floor (>=)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Goal(context.Background(), mustParse(t, tt.yaml), opts(100), tt.spec)
			var se *SpecError
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &se) {
				t.Errorf("got %v; want a spec error saying %q", err, tt.want)
			}
		})
	}
}

// TestGoalCashConstraint: a constraint on the cash that asks more than
// the goal sets the answer and binds; one on a metric the cash does not
// move is kept as today's plan keeps it.
func TestGoalCashConstraint(t *testing.T) {
	lowest, end, _ := rampFlows()
	s := mustParse(t, yamlCashRamp)
	g, err := Goal(context.Background(), s, opts(200), GoalSpec{Metric: "cash_min", Confidence: 0.9, Lever: LeverCash,
		Constraints: []Constraint{
			{Metric: "cash_end", Bound: 400000, Share: 0.9},
			{Metric: "revenue", Bound: 1, Share: 0.9},
		}})
	if err != nil {
		t.Fatal(err)
	}
	want := max(-lowest, 400000-end)
	if !g.Reached || math.Abs(g.Value-want) > 0.05 {
		t.Fatalf("got reached %v at $%.2f; want $%.2f", g.Reached, g.Value, want)
	}
	if c := g.Constraints[0]; !c.Met || !c.Binds || c.NeverBinds {
		t.Errorf("cash_end: %+v; want kept and binding", c)
	}
	if c := g.Constraints[1]; !c.Met || c.Binds || !c.NeverBinds {
		t.Errorf("revenue: %+v; want kept, never binding", c)
	}

	// A runway floor below 0 months asks nothing; revenue above what
	// the plan wins is kept by no cash.
	g, err = Goal(context.Background(), s, opts(200), GoalSpec{Metric: "cash_min", Confidence: 0.9, Lever: LeverCash,
		Constraints: []Constraint{
			{Metric: "runway_months", Bound: -5, Share: 0.9},
			{Metric: "revenue", Bound: 1e9, Share: 0.5},
		}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Reached || math.Abs(g.Value+lowest) > 0.05 || !strings.Contains(g.Finding, "does not move revenue ≥ $1.00B") {
		t.Errorf("got reached %v at $%.2f, %q; want not reached at $%.2f, revenue not moved by the cash", g.Reached, g.Value, g.Finding, -lowest)
	}
}

// TestGoalSubjectToCash: --subject-to cash_min>=0@0.9 on another lever:
// the budget found keeps the cash in 9 futures of 10 at least.
func TestGoalSubjectToCash(t *testing.T) {
	s := mustParse(t, yamlCashRandom, "company.cash=60000")
	c, err := ParseConstraint("cash_min>=0@0.9")
	if err != nil {
		t.Fatal(err)
	}
	g, err := Goal(context.Background(), s, opts(4000), GoalSpec{Metric: "new_customers", Target: 5, Confidence: 0.8,
		Lever: "channel:ads", Constraints: []Constraint{c}})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Constraints) != 1 {
		t.Fatalf("got %d constraints; want 1", len(g.Constraints))
	}
	k := g.Constraints[0]
	if g.Reached && (!k.Met || k.Achieved < 0.9) {
		t.Errorf("reached, but cash_min ≥ 0 in %g of futures; want ≥ 0.9", k.Achieved)
	}
	if !strings.Contains(k.Words(), "lowest cash ≥ $0 in 9 futures of 10") {
		t.Errorf("got %q; want the constraint in words", k.Words())
	}
}
