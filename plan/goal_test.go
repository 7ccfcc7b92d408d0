package plan

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// yamlCapacity sends 400 leads a month (200 reaching sql) to a sales team
// that can take on 10 a month: sales capacity binds.
const yamlCapacity = `
name: capacity
horizon_months: 12
funnel:
  stages: [lead, sql, customer]
  handoff: sql
  conversion:
    sql: 0.5
    customer: 0.2
channels:
  ads:
    enters: lead
    spend: 20000
    unit_cost: 50
sales:
  reps: 1
  cost_per_rep: 10000
  capacity_per_rep: 10
customers:
  revenue: one_time
  value: 1000
`

// poissonMeanFor is the mean μ at which P(Poisson(μ) ≥ n) = conf, by
// bisection on gonum's CDF (P grows continuously with μ).
func poissonMeanFor(n, conf float64) float64 {
	lo, hi := 0.0, 10*n+100
	for hi-lo > 1e-9*hi {
		mid := (lo + hi) / 2
		if 1-(distuv.Poisson{Lambda: mid}).CDF(n-1) >= conf {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// TestGoalLinear: in yamlLinear, new customers over the horizon are
// Poisson(12 × spend/50 × 0.5 × 0.2), so the smallest spend with
// P(new_customers ≥ n) ≥ conf is μ*·50/(12 × 0.1), μ* from the Poisson CDF.
func TestGoalLinear(t *testing.T) {
	const n, conf = 150.0, 0.8
	mu := poissonMeanFor(n, conf)
	spend := mu * 50 / (12 * 0.5 * 0.2)
	tests := []struct {
		lever string
		want  float64
	}{
		{"budget", spend / 5000},
		{"channel:ads", spend},
	}
	for _, tt := range tests {
		t.Run(tt.lever, func(t *testing.T) {
			s := mustParse(t, yamlLinear)
			g, err := Goal(context.Background(), s, opts(10000),
				GoalSpec{Metric: "new_customers", Target: n, Confidence: conf, Lever: tt.lever})
			if err != nil {
				t.Fatal(err)
			}
			if !g.Reached || math.Abs(g.Value-tt.want) > 0.01*tt.want {
				t.Errorf("got reached %v at %g; want reached at %g ± 1%%", g.Reached, g.Value, tt.want)
			}
			if g.Probability < conf {
				t.Errorf("P achieved %g; want ≥ %g", g.Probability, conf)
			}
			if math.Abs(g.MonthlyCost-spend) > 0.01*spend {
				t.Errorf("monthly cost %g; want %g ± 1%%", g.MonthlyCost, spend)
			}
			if g.Plan == nil || g.Result == nil || g.Finding == "" {
				t.Errorf("missing plan, result or finding")
			}
			if _, err := json.Marshal(g); err != nil {
				t.Errorf("json: %v", err)
			}
		})
	}
}

// TestGoalReps: with far more people reaching sql than reps can take on,
// sales takes on exactly floor(reps × 10) a month, and new customers are
// Binomial(12 × floor(10·reps), 0.2); the answer is C/10 reps for the
// smallest capacity C with P(Binomial(12C, 0.2) ≥ n) ≥ conf.
func TestGoalReps(t *testing.T) {
	const n, conf, trials = 90.0, 0.8, 10000
	c := 1
	p := func(c int) float64 { return 1 - distuv.Binomial{N: float64(12 * c), P: 0.2}.CDF(n-1) }
	for p(c) < conf {
		c++
	}
	if se := math.Sqrt(conf * (1 - conf) / trials); p(c)-conf < 4*se || conf-p(c-1) < 4*se {
		t.Fatalf("test design: P at capacity %d and %d is %g and %g, too close to %g for %d trials", c-1, c, p(c-1), p(c), conf, trials)
	}
	want := float64(c) / 10
	s := mustParse(t, yamlCapacity)
	g, err := Goal(context.Background(), s, opts(trials), GoalSpec{Metric: "new_customers", Target: n, Confidence: conf, Lever: "reps"})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Reached || math.Abs(g.Value-want) > goalTolerance*want*1.01 {
		t.Errorf("got reached %v at %g reps; want reached at %g", g.Reached, g.Value, want)
	}
}

// TestGoalCaps: out-of-reach targets report what caps them.
func TestGoalCaps(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		overrides []string
		spec      GoalSpec
		cap       Kind
	}{
		// 10 people a month taken on, 2 customers a month: 24 a year
		// whatever the budget.
		{"sales capacity", yamlCapacity, nil,
			GoalSpec{Metric: "new_customers", Target: 100, Lever: "budget"}, CapSalesCapacity},
		// At most 120 leads a month, 12 customers a month: never 500 a year.
		{"saturation", yamlLinear, []string{"channels.ads.max_per_month=120"},
			GoalSpec{Metric: "new_customers", Target: 500, Lever: "channel:ads"}, CapChannelSaturation},
		// 5000 of ads bring 100 people a month to sql: 20 customers a month
		// at most, however many reps.
		{"demand", yamlCapacity, []string{"channels.ads.spend=5000"},
			GoalSpec{Metric: "new_customers", Target: 500, Lever: "reps"}, CapDemand},
		// A linear channel, no sales: only the bound stops it.
		{"bounds", yamlLinear, nil,
			GoalSpec{Metric: "new_customers", Target: 1000, Lever: "budget", High: 2}, CapBounds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.text, tt.overrides...)
			g, err := Goal(context.Background(), s, opts(1000), tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if g.Reached || g.Cap != tt.cap || g.Diagnosis == "" {
				t.Errorf("got reached %v, cap %q (%s); want unreached, cap %q", g.Reached, g.Cap, g.Diagnosis, tt.cap)
			}
			if !strings.Contains(g.Finding, "out of reach") {
				t.Errorf("finding %q does not say the target is out of reach", g.Finding)
			}
		})
	}
}

func TestGoalErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		spec GoalSpec
		want string
	}{
		{"no ceiling given", yamlLinear, GoalSpec{Metric: "cac"}, "sets no target for cac"},
		{"infinite target", yamlLinear, GoalSpec{Target: math.Inf(1)}, "want a finite number"},
		{"confidence", yamlLinear, GoalSpec{Target: 100, Confidence: 1.5}, "confidence 1.5"},
		{"unknown lever", yamlLinear, GoalSpec{Target: 100, Lever: "ads"}, `unknown lever "ads"`},
		{"unknown channel", yamlLinear, GoalSpec{Target: 100, Lever: "channel:tv"}, `no channel "tv"`},
		{"reps without sales", yamlLinear, GoalSpec{Target: 100, Lever: "reps"}, "no sales section"},
		{"bounds", yamlLinear, GoalSpec{Target: 100, Low: 3, High: 2}, "bounds 3..2"},
		{"metric", yamlLinear, GoalSpec{Metric: "stages.mql", Target: 100}, `no stage "mql"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Goal(context.Background(), mustParse(t, tt.text), opts(10), tt.spec)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v; want one containing %q", err, tt.want)
			}
		})
	}
}
