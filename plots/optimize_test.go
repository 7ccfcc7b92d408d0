package plots

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// optimizeSpec keeps the search small: the charts, not the optimum, are
// under test.
var optimizeSpec = plan.OptimizeSpec{Objective: "customers", SearchTrials: 200, MaxEvaluations: 120}

// optimization optimizes the tiny scenario's split: 300 trials, seed 1.
func optimization(t *testing.T) *plan.Optimization {
	t.Helper()
	return cached(t, "optimize tiny", func() (*plan.Optimization, error) {
		return plan.Optimize(context.Background(), tiny(t), &sim.Options{Trials: 300, Seed: 1}, optimizeSpec)
	})
}

// frontier runs the tiny scenario's frontier at four budgets.
func frontier(t *testing.T) *plan.BudgetFrontier {
	t.Helper()
	return cached(t, "frontier tiny", func() (*plan.BudgetFrontier, error) {
		spec := optimizeSpec
		spec.MaxEvaluations = 40
		return plan.Frontier(context.Background(), tiny(t), &sim.Options{Trials: 300, Seed: 1}, spec,
			[]float64{4000, 10000, 16000, 32000})
	})
}

func TestOptimizeCharts(t *testing.T) {
	o, f := optimization(t), frontier(t)
	var curves []string
	for _, c := range o.Curves {
		curves = append(curves, "response_"+c.Channel)
	}
	if len(o.FundingOrder.Steps) == 0 {
		t.Fatal("the tiny optimization has no funding order")
	}
	for _, tt := range []struct {
		name string
		o    *plan.Optimization
		f    *plan.BudgetFrontier
		want []string
	}{
		{"both", o, f, append([]string{"optimize_split", "optimize_funding", "optimize_frontier"}, curves...)},
		{"no frontier", o, nil, append([]string{"optimize_split", "optimize_funding"}, curves...)},
		{"frontier only", nil, f, []string{"optimize_frontier"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			charts, err := OptimizeCharts(tt.o, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range charts {
				got = append(got, c.Name)
				if c.Caption == "" {
					t.Errorf("%s: no caption", c.Name)
				}
				doc := render(t, c.Plot)
				if strings.HasPrefix(c.Name, "response_") {
					hasText(t, doc, "current $")
					hasText(t, doc, "recommended $")
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("charts: got %v; want %v", got, tt.want)
			}
		})
	}
	if _, err := OptimizeCharts(nil, nil); err == nil {
		t.Error("OptimizeCharts(nil, nil): got no error; want one")
	}
}

func TestSplit(t *testing.T) {
	o := optimization(t)
	p, err := Split(o)
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, p)
	hasText(t, doc, fmt.Sprintf("Where %s a month goes: today's split and the recommended one", measure.Money.Format(o.Budget)))
	hasText(t, doc, "monthly amount ($)")
	name, _, u := objective(o.Objective)
	hasText(t, doc, fmt.Sprintf("objective: %s over 300 trials, scored by its mean", name))
	hasText(t, doc, fmt.Sprintf("today: %s P50 %s", name, u.Format(o.Current.Objective.P50)))
	hasText(t, doc, fmt.Sprintf("recommended: P50 %s, beats today's in %s of futures",
		u.Format(o.Recommended.Objective.P50), measure.Share.Format(o.VersusCurrent.PBeats)))
	// tiny's options: ads (spend), sdr (heads), sales_team (reps).
	var names []string
	for _, op := range o.Options {
		names = append(names, op.Name)
		hasText(t, doc, strings.Split(wrap(op.Name, 13), "\n")[0])
		hasText(t, doc, measure.Money.Format(math.Round(op.Current)))
		hasText(t, doc, measure.Money.Format(math.Round(op.Recommended)))
		if op.Unit == "heads" || op.Unit == "reps" {
			hasText(t, doc, measure.Count.Format(op.CurrentUnits)+" → ")
			hasText(t, doc, strings.TrimSuffix(op.Unit, "s"))
		}
	}
	if want := []string{"ads", "sdr", "sales_team"}; !slices.Equal(names, want) {
		t.Fatalf("options: got %v; want %v", names, want)
	}
	// A bar per option and plan, plus the legend's swatch.
	for _, c := range []struct {
		name string
		n    int
	}{{"today's bars", countFills(doc, colMuted)}, {"recommended bars", countFills(doc, colGood)}} {
		if c.n != len(o.Options)+1 {
			t.Errorf("%s: got %d; want %d", c.name, c.n, len(o.Options)+1)
		}
	}
	if _, err := Split(&plan.Optimization{}); err == nil {
		t.Error("Split with no options: got no error; want one")
	}
}

func TestFrontier(t *testing.T) {
	o, f := optimization(t), frontier(t)
	p, err := Frontier(f, o)
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, p)
	name, axis, u := objective(f.Objective)
	hasText(t, doc, fmt.Sprintf("Best %s at each monthly budget: median and P10–P90", name))
	hasText(t, doc, "total monthly budget ($)")
	hasText(t, doc, axis)
	hasText(t, doc, fmt.Sprintf("today's plan: %s a month, P50 %s", measure.Money.Format(f.Current.Total), u.Format(f.Current.Objective.P50)))
	hasText(t, doc, fmt.Sprintf("recommended: %s a month, P50 %s", measure.Money.Format(o.Spent), u.Format(o.Recommended.Objective.P50)))
	if f.BreakEvenFound {
		hasText(t, doc, fmt.Sprintf("break-even: beyond about %s a month", measure.Money.Format(f.BreakEven)))
	} else {
		hasText(t, doc, "break-even lies beyond")
	}
	// One band, drawn and in the legend; a dot per budget with a plan, plus
	// the legend's; today's and the recommended points, drawn and in the
	// legend.
	planned := 0
	for _, pt := range f.Points {
		if pt.Split != nil {
			planned++
		}
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"bands", countFills(doc, colBandWide), 2},
		{"budget dots", countFills(doc, colMarketing), planned + 1},
		{"today's point", countFills(doc, colInk), 2},
		{"recommended point", countFills(doc, colGood), 2},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %d; want %d", c.name, c.got, c.want)
		}
	}
	// Another objective's recommendation is not drawn on this frontier.
	other := *o
	other.Objective = "revenue"
	p, err = Frontier(f, &other)
	if err != nil {
		t.Fatal(err)
	}
	if got := countFills(render(t, p), colGood); got != 0 {
		t.Errorf("recommended point of another objective: got %d; want 0", got)
	}
	empty := &plan.BudgetFrontier{Objective: "profit", Points: []plan.FrontierPoint{{Budget: 0, Note: "a budget must be above zero"}}}
	if _, err := Frontier(empty, nil); err == nil || !strings.Contains(err.Error(), "no budget of the frontier has a plan") {
		t.Errorf("Frontier with no plans: got %v; want an error saying so", err)
	}
}

func TestFunding(t *testing.T) {
	o := optimization(t)
	p, err := Funding(o)
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, p)
	f := o.FundingOrder
	hasText(t, doc, fmt.Sprintf("The order to fund things, from %s to %s a month", measure.Money.Format(f.Start), measure.Money.Format(f.Steps[len(f.Steps)-1].To)))
	hasText(t, doc, "total monthly budget ($)")
	name, _, _ := objective(o.Objective)
	hasText(t, doc, name+", scored by its mean")
	// Options take colours in the order they are first funded; each step
	// is a segment with a dot at either end.
	var order []string
	dots := map[string]int{}
	for _, st := range f.Steps {
		if !slices.Contains(order, st.Option) {
			order = append(order, st.Option)
			hasText(t, doc, st.Option)
		}
		dots[st.Option] += 2
	}
	for i, opt := range order {
		if got := countFills(doc, planColour(i)); got != dots[opt] {
			t.Errorf("%s: dots: got %d; want %d", opt, got, dots[opt])
		}
	}
	if f.CapacityLimit >= 0 {
		hasText(t, doc, fmt.Sprintf("from %s a month, sales capacity, not leads, is the limit", measure.Money.Format(f.Steps[f.CapacityLimit].To)))
	}
	if _, err := Funding(&plan.Optimization{}); err == nil {
		t.Error("Funding with no steps: got no error; want one")
	}
}
