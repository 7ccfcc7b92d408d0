package plan

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/sim"
)

func TestFrontierBudgets(t *testing.T) {
	got := FrontierBudgets(40000, 8)
	want := []float64{10000, 20000, 30000, 40000, 50000, 60000, 70000, 80000}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Fatalf("got %v; want %v", got, want)
		}
	}
}

// One saturating channel, one-time deals worth V: profit a month is
// V·M(1 − e^{−S/(cM)}) − S, rising while V·e^{−S/(cM)}/c > 1, i.e. up to
// S* = cM·ln(V/c) = 10,000·ln 10 ≈ $23,026. On budgets $5k apart the
// stretch 20k→25k still gains (12·(V·M(e^{−2} − e^{−2.5}) − 5000) ≈ $3,900
// over the horizon) and 25k→30k loses (≈ −$21,000): the break-even budget
// is $25k. The Monte Carlo error of a difference of two means is at most
// V·√(2 · 11,000)/√2000 ≈ $330 (runs sharing nothing), so the smaller
// gain is 11 standard errors from zero.
func TestFrontierBreakEven(t *testing.T) {
	s := parseScenario(t, `
name: one channel
horizon_months: 12
funnel:
  stages: [lead, customer]
  conversion: {customer: 1}
channels:
  ads: {enters: lead, spend: 20000, unit_cost: 10, max_per_month: 1000}
customers: {revenue: one_time, value: 100}
`)
	budgets := []float64{5000, 10000, 15000, 20000, 25000, 30000, 35000, 40000, 45000}
	f, err := Frontier(context.Background(), s, &sim.Options{Trials: 2000, Seed: 5}, OptimizeSpec{}, budgets)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Points) != len(budgets) {
		t.Fatalf("got %d points; want %d", len(f.Points), len(budgets))
	}
	for i, pt := range f.Points {
		if pt.Spent != budgets[i] || pt.Split["ads"] != budgets[i] {
			t.Errorf("point %d: got spent %v, ads %v; want %v", i, pt.Spent, pt.Split["ads"], budgets[i])
		}
		// Closed form of the point's mean profit over the horizon; the
		// tolerance is 4 standard errors of the mean.
		want := 12 * (100*1000*-math.Expm1(-budgets[i]/10000) - budgets[i])
		if math.Abs(pt.Objective.Mean-want) > 4*pt.Objective.SE+1e-9 {
			t.Errorf("point %d: mean profit got %.0f; want %.0f ± %.0f", i, pt.Objective.Mean, want, 4*pt.Objective.SE)
		}
	}
	if !f.BreakEvenFound || f.BreakEven != 25000 {
		t.Errorf("break-even: got %v (found %v); want 25000", f.BreakEven, f.BreakEvenFound)
	}
	if f.Current.Total != 20000 {
		t.Errorf("current point: got %v; want 20000", f.Current.Total)
	}
}

// TestBreakEvenCapped: a frontier whose largest budgets keep money unspent
// has no marginal return where it spends barely more, and says that the
// spending stops there, not the returns.
func TestBreakEvenCapped(t *testing.T) {
	split := map[string]float64{"a": 1}
	f := &BudgetFrontier{BreakEvenPer1k: 0, Points: []FrontierPoint{
		{Budget: 20000, Spent: 20000, Score: 100000, Split: split},
		{Budget: 40000, Spent: 40000, Score: 500000, Split: split},
		{Budget: 60000, Spent: 41000, Score: 510000, Split: split},
	}}
	f.markBreakEven()
	if m := f.Points[1].Marginal; m == nil || *m != 20000 {
		t.Errorf("marginal at $40k: %v; want 20000 a $1k", m)
	}
	if f.Points[2].Marginal != nil {
		t.Errorf("marginal at $60k, spending $1k more than at $40k: %v; want none", *f.Points[2].Marginal)
	}
	if f.BreakEvenFound || !f.Capped || f.BreakEven != 41000 {
		t.Errorf("found %v, capped %v at %g; want capped at 41000", f.BreakEvenFound, f.Capped, f.BreakEven)
	}
	if w := f.BreakEvenWords(); !strings.Contains(w, "keep the rest unspent") {
		t.Errorf("words %q; want them to say the rest is kept unspent", w)
	}
}
