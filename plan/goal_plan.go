package plan

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// LeverPlan is goal's lever that grows the whole monthly budget along the
// best split: channels, heads and reps together.
const LeverPlan = "plan"

// DefaultLever is goal's lever when none is given: the plan lever when the
// scenario has something to spend on and a sales team to pay, else budget.
func DefaultLever(s *model.Scenario) string {
	if s.Sales != nil && s.Sales.CostPerRep > 0 {
		for _, o := range Options(s) {
			if o.Name != model.SalesTeam {
				return LeverPlan
			}
		}
	}
	return "budget"
}

// goalPath is the plan lever's path: plans of growing monthly cost, each
// the one before with one step more of the option (or the pair of
// options) with the best expected gain per dollar.
type goalPath struct {
	base    *model.Scenario
	options []Option
	index   []int // options' channel index; -1 for the sales team
	points  []pathPoint
	// stop says why the path ends before the upper bound: "" (it reached
	// the bound) or "flat" (no step gains anything in the expected flow).
	stop string
}

// pathPoint is a plan on the path.
type pathPoint struct {
	x    []float64 // each option's monthly amount
	cost float64   // MonthlyCost of the plan
	// split is true when the step from the point before buys one spend
	// option only, so that the plans between them may be interpolated.
	split bool
}

// pathSteps is the spend step as a share of the larger of today's
// monthly cost and the path's cost so far.
const pathStepShare = 0.02

// newGoalPath grows a path from nothing (reps and heads at 0, hires as
// planned) to a monthly cost of high. Its greedy steps buy, at each
// point, the option, or the option with one more rep, that adds most to
// the expected flow's value (flowValue) per extra dollar. A spend step is
// pathStepShare of the cost so far (at least of today's); people come in
// whole hires unless fractional.
func newGoalPath(s *model.Scenario, metric string, high float64, fractional bool) *goalPath {
	p := &goalPath{base: s, options: Options(s)}
	for _, o := range p.options {
		i := -1
		if o.Name != model.SalesTeam {
			i, _ = channelIndex(s, o.Name)
		}
		p.index = append(p.index, i)
	}
	x := make([]float64, len(p.options))
	p.points = append(p.points, pathPoint{x: x, cost: MonthlyCost(p.apply(x))})
	value := flowValue(p.apply(x), metric)
	team := -1
	for i, o := range p.options {
		if o.Name == model.SalesTeam {
			team = i
		}
	}
	today := math.Max(MonthlyCost(s), high/20)
	var first float64 // the first step's gain per dollar
	for p.points[len(p.points)-1].cost < high {
		last := p.points[len(p.points)-1]
		step := pathStepShare * math.Max(today, last.cost)
		size := func(i int) float64 {
			if o := p.options[i]; o.UnitCost > 0 && !fractional {
				return o.UnitCost
			}
			return step
		}
		bestGain, bestValue := 0.0, value
		var bestX []float64
		var bestMoves []int
		try := func(moves ...int) {
			y := append([]float64(nil), last.x...)
			var cost float64
			for _, i := range moves {
				d := size(i)
				y[i] += d
				cost += d
			}
			v := flowValue(p.apply(y), metric)
			if g := (v - value) / cost; g > bestGain {
				bestGain, bestValue, bestX, bestMoves = g, v, y, moves
			}
		}
		for i := range p.options {
			try(i)
			if team >= 0 && i != team {
				try(i, team)
			}
		}
		if bestX == nil || bestGain <= 1e-9*first {
			p.stop = "flat"
			break
		}
		if first == 0 {
			first = bestGain
		}
		if len(bestMoves) == 2 {
			// A pair comes in two plans: first the half that brings more
			// on its own (the cheaper on a tie), so the search can stop
			// between them.
			var half []float64
			halfValue, halfSize := math.Inf(-1), 0.0
			for _, i := range bestMoves {
				y := append([]float64(nil), last.x...)
				y[i] += size(i)
				v := flowValue(p.apply(y), metric)
				if v > halfValue || v == halfValue && size(i) < halfSize {
					half, halfValue, halfSize = y, v, size(i)
				}
			}
			p.points = append(p.points, pathPoint{x: half, cost: MonthlyCost(p.apply(half))})
		}
		value = bestValue
		split := len(bestMoves) == 1 && p.options[bestMoves[0]].Unit == "spend"
		p.points = append(p.points, pathPoint{x: bestX, cost: MonthlyCost(p.apply(bestX)), split: split})
	}
	return p
}

// apply is the base scenario with each option at x's amount.
func (p *goalPath) apply(x []float64) *model.Scenario {
	c := p.base.Clone()
	for i, o := range p.options {
		if p.index[i] < 0 {
			setReps(c, x[i]/o.UnitCost)
		} else {
			setChannelSpend(c, p.index[i], x[i])
		}
	}
	return c
}

// at is the plan on the path at a monthly cost of b: the last point that
// costs no more, and, when the next step buys spend only, that step's
// share that b pays for.
func (p *goalPath) at(b float64) *model.Scenario {
	return p.apply(p.split(b))
}

func (p *goalPath) split(b float64) []float64 {
	j := sort.Search(len(p.points), func(j int) bool { return p.points[j].cost > b }) - 1
	if j < 0 {
		j = 0
	}
	x := append([]float64(nil), p.points[j].x...)
	if j+1 < len(p.points) && p.points[j+1].split {
		next := p.points[j+1]
		f := (b - p.points[j].cost) / (next.cost - p.points[j].cost)
		for i := range x {
			x[i] += f * (next.x[i] - x[i])
		}
	}
	return x
}

// pathTolerance is the plan lever's stopping width within a step of
// spend, relative to the budget.
const pathTolerance = 2.5e-3

// mid is the bisection's next budget between lo and hi on the path: the
// middle one of the path's points between them, or, when none is, halfway
// within a step of spend (until within pathTolerance); ok is false when
// no plan lies strictly between them.
func (p *goalPath) mid(lo, hi float64) (float64, bool) {
	i := sort.Search(len(p.points), func(j int) bool { return p.points[j].cost > lo })
	j := sort.Search(len(p.points), func(j int) bool { return p.points[j].cost >= hi })
	if j-i >= 1 { // points i..j-1 lie strictly between
		return p.points[(i+j-1)/2].cost, true
	}
	if j < len(p.points) && p.points[j].split && hi-lo > pathTolerance*hi {
		return (lo + hi) / 2, true
	}
	return 0, false
}

// flowValue is what the path maximises: the expected flow's customers,
// each weighed by what the metric makes of it — the revenue it brings in
// the horizon for the revenue metrics, its revenue at the end for
// ending_mrr, whether it is still a customer at the end for
// ending_customers; one customer for every other metric (CAC, ROI, LTV:CAC
// and payback all improve as a dollar buys more customers).
func flowValue(s *model.Scenario, metric string) float64 {
	fl := expectedFlow(s)
	w := customerWeights(s, metric)
	var v float64
	for t, n := range fl.Customers {
		v += n * w[t]
	}
	return v
}

// customerWeights is what a customer won in month t+1 brings of metric,
// at mean rates (see flowValue).
func customerWeights(s *model.Scenario, metric string) []float64 {
	H := s.Horizon
	cu := &s.Customers
	value, churn := cu.Value.Mean(), cu.Churn.Mean()
	w := make([]float64, H)
	for t := 1; t <= H; t++ {
		switch metric {
		case "revenue", "new_revenue", "new_gross_profit":
			if cu.Revenue == model.OneTime {
				w[t-1] = value * (1 + cu.Repeat.Mean()*geometric(1-churn, 1, H-t))
			} else {
				w[t-1] = value * geometric((1-churn)*(1+cu.Expansion.Mean()), 0, H-t)
			}
			if metric == "new_gross_profit" {
				w[t-1] *= cu.GrossMargin.Mean()
			}
		case "ending_mrr":
			w[t-1] = value * math.Pow((1-churn)*(1+cu.Expansion.Mean()), float64(H-t))
		case "ending_customers":
			w[t-1] = math.Pow(1-churn, float64(H-t))
		default:
			w[t-1] = 1
		}
	}
	return w
}

// goalPlan is Goal on the plan lever: the path, then the search on the
// monthly cost along it.
func goalPlan(ctx context.Context, s *model.Scenario, opts *sim.Options, spec GoalSpec) (*GoalResult, error) {
	if len(Options(s)) == 0 {
		return nil, specErrorf("goal: lever plan: the scenario has nothing to spend on: no spend channel, no headcount channel with a cost_per_head, no sales team with a cost_per_rep")
	}
	now := MonthlyCost(s)
	if spec.High == 0 {
		spec.High = 20 * now
		if spec.High <= 0 {
			return nil, specErrorf("goal: lever plan: the plan spends nothing to scale from: give an upper bound (--high)")
		}
	}
	if !(spec.Low >= 0 && spec.High > spec.Low) || math.IsInf(spec.High, 0) {
		return nil, specErrorf("goal: bounds %s..%s: want 0 ≤ low < high (dollars a month)", measure.Money.Format(spec.Low), measure.Money.Format(spec.High))
	}
	path := newGoalPath(s, spec.Metric, spec.High, spec.Fractional)
	lo := math.Max(spec.Low, path.points[0].cost)
	hi := math.Min(spec.High, path.points[len(path.points)-1].cost)
	if len(path.points) < 2 || hi <= lo {
		return nil, fmt.Errorf("goal: lever plan: no option adds anything to %s in the expected flow: check the channels' spend, conversions and the sales team", measure.Of(spec.Metric).Noun())
	}
	rn := newRunner(opts, false)
	atMost := LowerIsBetter(spec.Metric)
	g := &GoalResult{
		Metric: spec.Metric, Target: spec.Target, Confidence: spec.Confidence, Lever: LeverPlan, AtMost: atMost,
		Low: lo, High: hi, Trials: rn.opts.Trials, Seed: rn.opts.Seed,
		Current: now, CurrentMonthlyCost: now,
	}
	sk := &seeker{ctx: ctx, rn: rn, spec: spec, atMost: atMost, at: path.at, mid: path.mid}
	cur, err := sk.evalAt(now, s, rn.opts.Trials)
	if err != nil {
		return nil, fmt.Errorf("goal: the current plan: %w", err)
	}
	sk.ran = nil // today's plan is not on the path
	g.CurrentProbability, g.current = cur.p, cur.res

	// The scan starts at the first plan that brings anyone.
	from := lo
	for _, pt := range path.points[1:] {
		if pt.cost > lo {
			from = pt.cost
			break
		}
	}
	xs := grid(from, hi, -1)
	at, reached, err := sk.seek(xs)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	g.Reached = reached
	g.fill(at, rn, s)
	g.Value = g.MonthlyCost
	if reached && sk.below != nil {
		g.BelowCost, g.BelowProbability = MonthlyCost(sk.below.plan), sk.below.p
	}
	if reached && atMost {
		up, ok, err := sk.upTo(xs, at.x)
		if err != nil {
			return nil, fmt.Errorf("goal: %w", err)
		}
		if ok {
			g.UpTo = up
		}
	}
	sk.constraints(g)
	if !reached {
		caps := sk.limits(s, at)
		if len(caps) == 0 {
			caps = planCaps(s, cur, at, path)
		}
		g.Cap, g.Diagnosis = caps[0].Kind, goalCapWords(caps)
	}
	g.judge(s)
	g.Finding = g.words()
	return g, nil
}

// planCaps are the causes diagnose finds at the path's plan (saturated
// channels) or, when none, the bound.
func planCaps(s *model.Scenario, cur, at *goalStep, path *goalPath) []Finding {
	var caps []Finding
	for _, f := range diagnose(s, lever{kind: leverBudget, name: LeverPlan}, cur, at) {
		if f.Kind != CapSalesCapacity { // the path buys reps when they help
			caps = append(caps, f)
		}
	}
	if len(caps) == 0 {
		caps = append(caps, Finding{Kind: CapBounds, Importance: Limit, Subject: LeverPlan})
	}
	if len(caps) == 1 && caps[0].Kind == CapBounds {
		caps[0].Ref = at.x
		if path.stop == "flat" {
			caps[0].Subject = "flat"
		}
	}
	return caps
}
