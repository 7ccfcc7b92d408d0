package plan

import (
	"context"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// The consistency of Optimize's answer on seed_saas at $60k with what it
// prints beside it: the frontier at smaller budgets, single swaps of a
// hire, and the funding order's stop. Every comparison runs both splits
// with the same seed and trials, so the tolerance is two standard errors
// of the trial-by-trial difference.

const consistencyTrials = 2000

// consistencyCases are the specs checked: the default objective, and a
// constraint under which the budget is a ceiling.
func consistencyCases(t *testing.T) []struct {
	name string
	spec OptimizeSpec
} {
	t.Helper()
	cac, err := ParseConstraint("cac<=22000@0.8")
	if err != nil {
		t.Fatal(err)
	}
	return []struct {
		name string
		spec OptimizeSpec
	}{
		{"lifetime_value", OptimizeSpec{Budget: 60000}},
		{"customers cac<=22000@0.8", OptimizeSpec{Budget: 60000, Objective: "customers", Constraints: []Constraint{cac}}},
	}
}

// consistency runs Optimize on seed_saas and returns it with a problem and
// an evaluator that run splits with the same seed and trials.
func consistency(t *testing.T, spec OptimizeSpec) (*model.Scenario, *Optimization, *problem, *evaluator) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the optimizer")
	}
	s, err := model.Load(scenarios.FS, "seed_saas.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := &sim.Options{Trials: consistencyTrials, Seed: 1}
	o, err := Optimize(context.Background(), s, opts, spec)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newProblem(s, spec)
	if err != nil {
		t.Fatal(err)
	}
	return s, o, p, newEvaluator(context.Background(), p, newRunner(opts, false), spec)
}

// recommended is o's split, in p's option order.
func recommended(o *Optimization) []float64 {
	x := make([]float64, len(o.Options))
	for i, r := range o.Options {
		x[i] = r.Recommended
	}
	return x
}

// notBeaten fails when split y beats the recommendation x by more than two
// standard errors, or keeps the constraints where x does not.
func notBeaten(t *testing.T, ev *evaluator, p *problem, x, y []float64, what string) {
	t.Helper()
	rec, err := ev.outcomeWith(x, true, consistencyTrials)
	if err != nil {
		t.Fatal(err)
	}
	alt, err := ev.outcomeWith(y, true, consistencyTrials)
	if err != nil {
		t.Fatal(err)
	}
	if alt.viol > rec.viol+violTol {
		return
	}
	if alt.viol < rec.viol-violTol {
		t.Errorf("%s keeps the constraints better than the recommendation: violation %g; want ≥ %g", what, alt.viol, rec.viol)
		return
	}
	gain := alt.Score - rec.Score
	se := scoreDiffSE(alt.Trials, rec.Trials, p.spec.Risk)
	if gain > noiseZ*se {
		t.Errorf("%s beats the recommendation by %.4g ± %.4g; want within %d standard errors", what, gain, se, noiseZ)
	}
}

// TestOptimizeConsistent runs Optimize once per case and checks it
// against smaller budgets, single hire swaps and its funding order.
func TestOptimizeConsistent(t *testing.T) {
	for _, tt := range consistencyCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			s, o, p, ev := consistency(t, tt.spec)
			t.Run("smaller budgets", func(t *testing.T) { beatsSmallerBudgets(t, s, o, p, ev) })
			t.Run("hire swaps", func(t *testing.T) { noHireSwapImproves(t, o, p, ev) })
			t.Run("funding rest", func(t *testing.T) { fundingRestIsBestUse(t, o, p, ev) })
		})
	}
}

// beatsSmallerBudgets: the recommendation at $60k does at least as well as the frontier's best split at any smaller budget with
// the rest of the money where it does least harm: unspent under
// constraints (the budget is a ceiling), else on the spend option that
// scores best with it (the budget is spent in full, and a smaller
// budget's split plus spend is a split of $60k).
func beatsSmallerBudgets(t *testing.T, s *model.Scenario, o *Optimization, p *problem, ev *evaluator) {
	x := recommended(o)
	f, err := Frontier(context.Background(), s, &sim.Options{Trials: consistencyTrials, Seed: 1}, p.spec, FrontierBudgets(p.budget, 6)[:3])
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range f.Points {
		if pt.Budget >= p.budget || pt.Split == nil || strings.Contains(pt.Note, "no split") {
			continue
		}
		y := make([]float64, len(p.options))
		for i, op := range p.options {
			y[i] = pt.Split[op.Name]
		}
		extra := p.budget - sumOf(y)
		var best []float64
		var bestScore float64
		for i, op := range p.options {
			if p.people(i) || (len(p.spec.Constraints) > 0 && op.Name != Unspent) {
				continue
			}
			z := append([]float64(nil), y...)
			z[i] += extra
			out, err := ev.outcomeWith(z, false, consistencyTrials)
			if err != nil {
				t.Fatal(err)
			}
			if best == nil || out.Score > bestScore {
				best, bestScore = z, out.Score
			}
		}
		notBeaten(t, ev, p, x, best, "the frontier's split at "+measure.Money.Format(pt.Budget)+" with the rest on its best use")
	}
}

// noHireSwapImproves: no swap of one hire of a people option
// for one of another, the difference taken from or given to a single
// spend option (unspent included), beats the recommendation.
func noHireSwapImproves(t *testing.T, o *Optimization, p *problem, ev *evaluator) {
	x := recommended(o)
	tried := 0
	for a := range x {
		for b := range x {
			if a == b || !p.people(a) || !p.people(b) || x[a]-p.unit[a] < p.lower[a] || x[b]+p.unit[b] > p.upper[b] {
				continue
			}
			for s := range x {
				if p.people(s) {
					continue
				}
				y := append([]float64(nil), x...)
				y[a] -= p.unit[a]
				y[b] += p.unit[b]
				y[s] += p.unit[a] - p.unit[b]
				if y[s] < p.lower[s] || y[s] > p.upper[s] {
					continue
				}
				tried++
				notBeaten(t, ev, p, x, y, "a "+p.options[a].Name+" hire swapped for a "+p.options[b].Name+" hire, the difference on "+p.options[s].Name)
			}
		}
	}
	if tried == 0 {
		t.Errorf("no swap tried at %v", x)
	}
}

// fundingRestIsBestUse: where the funding order stops because its
// next step loses and the recommendation buys hires beyond it "because
// the whole budget is split", leaving the hire's money on a spend option
// instead does no better.
func fundingRestIsBestUse(t *testing.T, o *Optimization, p *problem, ev *evaluator) {
	f := o.FundingOrder
	if f.Stop == nil || len(f.Rest) == 0 {
		t.Skipf("the funding order does not stop short of the recommendation (stop %v, rest %v)", f.Stop, f.Rest)
	}
	if w := f.RestWords(); !strings.Contains(w, "because the whole budget is split") {
		t.Errorf("RestWords() = %q; want it to say why", w)
	}
	x := recommended(o)
	for _, r := range f.Rest {
		i := -1
		for k, op := range p.options {
			if op.Name == r.Option {
				i = k
			}
		}
		if i < 0 || !p.people(i) || x[i]-p.unit[i] < p.lower[i] {
			continue
		}
		for s := range x {
			if p.people(s) || x[s]+p.unit[i] > p.upper[s] {
				continue
			}
			y := append([]float64(nil), x...)
			y[i] -= p.unit[i]
			y[s] += p.unit[i]
			notBeaten(t, ev, p, x, y, "one "+r.Option+" hire fewer, its money on "+p.options[s].Name)
		}
	}
}
