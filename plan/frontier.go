package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// frontierLevels is the refinement's transfer sizes at a frontier point
// (a step of budget/20 with the coarse trials; half and a quarter of it
// with the search trials): coarser than Optimize's, as ten budgets are
// searched. With the coarse trials for the half step too, the smallest
// budgets (whose starting split comes from the coarse climb's first few
// steps) lost up to 6% of their objective on built-in scenarios.
const (
	frontierLevels       = 3
	frontierCoarseLevels = 1
)

// FrontierBudgets returns n budgets evenly spaced from 0.25 to 2 times
// budget: the frontier's default.
func FrontierBudgets(budget float64, n int) []float64 {
	if n < 2 {
		n = 2
	}
	b := make([]float64, n)
	for i := range b {
		b[i] = budget * (0.25 + 1.75*float64(i)/float64(n-1))
	}
	return b
}

// FrontierPoint is the best plan found for one total budget.
type FrontierPoint struct {
	Budget float64 `json:"budget"`
	// Spent is less than Budget when every option is at its maximum.
	Spent float64 `json:"spent"`
	// Score is the objective under the risk measure; Objective its
	// distribution (P10/P50/P90), both with the run's full trial count.
	Score     float64   `json:"score"`
	Objective sim.Stats `json:"objective"`
	// Split is each option's monthly amount.
	Split map[string]float64 `json:"split"`
	// Marginal is the score's gain per extra $1,000 of budget from the
	// previous point to this one; absent at the first point.
	Marginal *float64 `json:"marginal_per_1k,omitempty"`
	// Note says why the point is missing (Budget below the locked amounts
	// and minimums) or what limited it.
	Note string `json:"note,omitempty"`
}

// BudgetFrontier is the best objective as a function of the total monthly
// budget, with the current plan's point and the break-even budget.
type BudgetFrontier struct {
	Objective string          `json:"objective"`
	Risk      string          `json:"risk"`
	Trials    int             `json:"trials"`
	Seed      uint64          `json:"seed"`
	Points    []FrontierPoint `json:"points"`
	// Current is the scenario's own plan: its total and objective.
	Current Outcome `json:"current"`
	// BreakEven is the budget beyond which an extra dollar no longer pays
	// by BreakEvenRule: the start of the first stretch of the frontier
	// whose marginal return per $1,000 is below BreakEvenPer1k.
	// BreakEvenFound is false when every stretch pays (BreakEven is then
	// the largest budget tried: the break-even lies beyond it).
	BreakEven      float64 `json:"break_even_budget"`
	BreakEvenFound bool    `json:"break_even_found"`
	BreakEvenPer1k float64 `json:"break_even_per_1k"`
	BreakEvenRule  string  `json:"break_even_rule"`
	// Capped is true when no break-even was found but the largest budget
	// leaves money unspent: constraints or the options' maximums stop the
	// spending, not the returns.
	Capped bool `json:"capped,omitempty"`
	// Evaluations is how many engine runs the search made; CutShort is
	// true when it reached its cap (2 × MaxEvaluations) and the later
	// points were left unrefined.
	Evaluations int  `json:"evaluations"`
	CutShort    bool `json:"cut_short,omitempty"`
	// Note says what the largest budget's split takes for granted of a
	// channel it scales far with no pool to bound it (NoPool: the
	// frontier then runs on a straight line); Notes as data.
	Note  string    `json:"note,omitempty"`
	Notes []Finding `json:"-"`
}

// Frontier finds the best split for each total budget in budgets, with
// spec's objective, risk and bounds: one greedy climb (as Optimize's, with
// a quarter of the search trials) from the minimums to the largest budget
// passes through every smaller budget and gives each a starting split,
// refined at that budget by transfers of budget/20 with a quarter of the
// search trials, then of half and a quarter of that with all of them.
// It is given budgets (nil: FrontierBudgets(spec.Budget, 10), the current
// plan's total when spec.Budget is 0), runs each with opts.Trials, and
// marks where the marginal return falls below break-even.
//
// Break-even, by objective: profit and lifetime_value already subtract
// spend, so an extra dollar pays while the objective still rises (gain per
// $1,000 ≥ 0: it brings at least a dollar of gross profit, or of lifetime
// gross profit); revenue: while an extra $1,000 brings at least $1,000 of
// revenue in the horizon; customers: while an extra customer costs no more
// than the mean LTV of the current plan's customers (gain per $1,000 ≥
// 1000 / LTV).
func Frontier(ctx context.Context, s *model.Scenario, opts *sim.Options, spec OptimizeSpec, budgets []float64) (*BudgetFrontier, error) {
	p0, err := newProblem(s, spec)
	if err != nil {
		return nil, fmt.Errorf("frontier: %w", err)
	}
	if budgets == nil {
		budgets = FrontierBudgets(p0.budget, 10)
	}
	budgets = slices.Clone(budgets)
	slices.Sort(budgets)
	rn := newRunner(opts, false)
	ev := newEvaluator(ctx, p0, rn, p0.spec)
	ev.max *= 2
	f := &BudgetFrontier{Objective: p0.spec.Objective, Risk: p0.spec.Risk, Trials: ev.fullTrials, Seed: rn.opts.Seed}
	if f.Current, err = ev.outcome(p0.current(), true); err != nil {
		return nil, fmt.Errorf("frontier: current plan: %w", err)
	}
	f.BreakEvenPer1k, f.BreakEvenRule, err = breakEven(p0.spec.Objective, f.Current.Result)
	if err != nil {
		return nil, fmt.Errorf("frontier: %w", err)
	}
	f.Current.Result, f.Current.Trials = nil, nil
	// One greedy climb from the minimums to the largest budget, in steps of
	// the base budget / DefaultGridSteps, gives a starting split for every
	// budget on the way; each is then refined at its own budget.
	top := budgets[len(budgets)-1]
	var path [][]float64
	if top > 0 {
		sp := p0.spec
		sp.Budget = top
		if pTop, err := newProblem(s, sp); err == nil {
			pTop.grid = p0.grid
			if pTop.grid <= 0 {
				pTop.grid = top / DefaultGridSteps
			}
			ev.p = pTop
			ev.coarse()
			_, steps, err := greedy(ev, pTop, slices.Clone(pTop.lower))
			if err != nil && !errors.Is(err, errCap) {
				return nil, fmt.Errorf("frontier: %w", err)
			}
			x := slices.Clone(pTop.lower)
			path = append(path, slices.Clone(x))
			for _, st := range steps {
				x[st.option] += st.amount
				path = append(path, slices.Clone(x))
			}
		}
	}
	for _, b := range budgets {
		sp := p0.spec
		sp.Budget = b
		pt := FrontierPoint{Budget: b}
		p, err := newProblem(s, sp)
		if err != nil || b <= 0 {
			if b <= 0 {
				pt.Note = "a budget must be above zero"
			} else {
				pt.Note = err.Error()
			}
			f.Points = append(f.Points, pt)
			continue
		}
		// The path's last split within this budget, scaled up to it.
		var start []float64
		for _, x := range path {
			if sumOf(x) <= b+1e-9 {
				start = x
			}
		}
		if start == nil {
			start = p.lower
		}
		ev.p = p
		var x []float64
		if len(p.spec.Constraints) > 0 {
			// Under constraints a point may keep money unspent: each is
			// searched as Optimize searches (its own climb, the climb cut
			// where the constraints are kept, then the refinement).
			x, err = ev.searchFor(p.spec)
		} else {
			ev.coarse()
			x, _, err = refine(ev, p, p.whole(project(p, start)), 0, frontierCoarseLevels)
			if err == nil {
				ev.fine()
				x, _, err = refine(ev, p, x, frontierCoarseLevels, frontierLevels)
			}
		}
		if err != nil && !errors.Is(err, errCap) {
			return nil, fmt.Errorf("frontier: budget %s: %w", measure.Money.Format(b), err)
		}
		x = tidy(p, x)
		out, err := ev.outcome(x, false)
		if err != nil {
			return nil, fmt.Errorf("frontier: budget %s: %w", measure.Money.Format(b), err)
		}
		pt.Spent, pt.Score, pt.Objective = out.Total, out.Score, out.Objective
		pt.Split = make(map[string]float64, len(x))
		unspent := 0.0
		for i, op := range p.options {
			if op.channel == unspentChannel {
				unspent = x[i]
				pt.Spent -= x[i]
				continue
			}
			pt.Split[op.Name] = x[i]
		}
		switch {
		case unspent > 0.5:
			pt.Note = "keeps " + measure.Money.Format(unspent) + " unspent"
			if out.viol > 0 {
				pt.Note = "no split keeps the constraints"
			}
		case out.viol > 0:
			pt.Note = "no split keeps the constraints"
		case b-pt.Spent > 0.5:
			pt.Note = "every option is at its maximum"
		}
		f.Points = append(f.Points, pt)
		f.Notes = nil
		for _, n := range ScaleNotes(s, p.apply(x)) {
			if n.Kind == NoPool {
				f.Notes = append(f.Notes, n)
			}
		}
	}
	f.Evaluations, f.CutShort = ev.count, ev.cut
	f.Note = joinNotes(f.Notes)
	if f.Note != "" {
		f.Note = "at " + measure.Money.Format(f.Points[len(f.Points)-1].Budget) + " a month, " + f.Note
	}
	f.markBreakEven()
	return f, nil
}

// breakEven returns the marginal return per $1,000 below which an extra
// dollar no longer pays, and the rule in words.
func breakEven(objective string, current *sim.Result) (float64, string, error) {
	switch objective {
	case "profit":
		return 0, "profit already subtracts spend: an extra dollar pays while it brings at least a dollar of new gross profit (gain ≥ 0)", nil
	case "lifetime_value":
		return 0, "lifetime value already subtracts spend: an extra dollar pays while it brings at least a dollar of lifetime gross profit (gain ≥ 0)", nil
	case "revenue":
		return 1000, "an extra $1,000 pays while it brings at least $1,000 of revenue in the horizon", nil
	case "customers":
		ltv := sim.Summarize(current.Metrics["ltv"]).Mean
		if !(ltv > 0) {
			return 0, "customers have no lifetime value here: break-even is taken as any gain", nil
		}
		return 1000 / ltv, fmt.Sprintf("an extra customer pays while it costs no more than its mean lifetime value, %s", measure.Money.Format(ltv)), nil
	}
	return 0, "", fmt.Errorf("unknown objective %q", objective)
}

// markBreakEven sets each point's marginal return and the break-even budget.
func (f *BudgetFrontier) markBreakEven() {
	prev := -1
	for i := range f.Points {
		if f.Points[i].Split == nil {
			continue
		}
		if prev >= 0 {
			a, b := f.Points[prev], f.Points[i]
			// A point that spends little more than the last (the rest
			// kept unspent) has no marginal return worth a column.
			if d := b.Spent - a.Spent; d > 0 && d >= 0.25*(b.Budget-a.Budget) {
				m := (b.Score - a.Score) / d * 1000
				f.Points[i].Marginal = &m
				if !f.BreakEvenFound && m < f.BreakEvenPer1k {
					f.BreakEven, f.BreakEvenFound = a.Spent, true
				}
			}
		}
		prev = i
	}
	if !f.BreakEvenFound && prev >= 0 {
		last := f.Points[prev]
		f.BreakEven = last.Spent
		f.Capped = last.Spent < 0.99*last.Budget
	}
}
