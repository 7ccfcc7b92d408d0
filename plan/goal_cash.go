package plan

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// LeverCash is goal's lever on the cash at the start (company.cash): the
// smallest starting cash that keeps the goal is the cash the plan needs,
// and what it needs beyond today's is the raise.
const LeverCash = "cash"

// cashLeverMetrics are the metrics the cash lever moves: a dollar more
// at the start is a dollar more at every month's end (DESIGN's cash_t =
// cash_{t−1} + flows, and the flows draw nothing from the cash).
var cashLeverMetrics = []string{"cash_min", "cash_end"}

// goalCash is Goal on the cash lever. It needs no search: the cash draws
// no random number and enters every month-end linearly, so a trial's
// cash_min at a starting cash c is c plus what it was at today's cash less
// today's cash. A trial keeps P(metric ≥ target) from the cash
// need_i = target − (x_i − today) up; the smallest cash that keeps a
// share P of trials is need's P-quantile (the ⌈P·n⌉-th smallest). With
// constraints on cash_min or cash_end each gives such a cash too, and the
// answer is the largest; constraints on other metrics do not move with
// the cash: they are kept at today's cash or not at all. A second run at
// the answer checks it on the same random numbers.
func goalCash(ctx context.Context, s *model.Scenario, opts *sim.Options, spec GoalSpec) (*GoalResult, error) {
	if s.Company == nil {
		return nil, specErrorf("goal: lever cash: %s has no company section: add company.cash (and company.other_costs) so that a run follows the cash", scenarioName(s))
	}
	if spec.Metric == "" {
		spec.Metric = "cash_min"
	}
	if !slices.Contains(cashLeverMetrics, spec.Metric) {
		return nil, specErrorf("goal: lever cash: %s does not move dollar for dollar with the starting cash; use --metric cash_min (--target 0: the cash lasts the horizon) or cash_end", spec.Metric)
	}
	if err := CheckMetric(s, spec.Metric); err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	if spec.Low != 0 || spec.High != 0 {
		return nil, specErrorf("goal: lever cash: the cash needed is computed exactly, not searched: drop --low and --high")
	}
	if spec.Confidence == 0 {
		spec.Confidence = DefaultConfidence
	}
	if !(spec.Confidence > 0 && spec.Confidence <= 1) {
		return nil, specErrorf("goal: confidence %g is not a probability in (0, 1]: e.g. 0.8", spec.Confidence)
	}
	if !spec.HasTarget && spec.Target == 0 && spec.Metric == "cash_min" && !hasFloor(s, "cash_min") {
		spec.HasTarget = true // the cash lasts: cash_min ≥ 0
	}
	target, err := goalTarget(s, spec, false)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	spec.Target = target
	for _, c := range spec.Constraints {
		if err := c.Check(s); err != nil {
			return nil, fmt.Errorf("goal: %w", err)
		}
		if c.Metric == "runway_months" || c.AtMost && slices.Contains(cashLeverMetrics, c.Metric) {
			return nil, specErrorf("goal: lever cash: constraint %s: with the cash lever a constraint on the cash must be cash_min>=X@P or cash_end>=X@P", c)
		}
	}

	rn := newRunner(opts, false)
	today := s.Company.Cash
	g := &GoalResult{
		Metric: spec.Metric, Target: spec.Target, Confidence: spec.Confidence, Lever: LeverCash,
		Trials: rn.opts.Trials, Seed: rn.opts.Seed,
		Current: today, CurrentMonthlyCost: MonthlyCost(s),
	}
	cur, err := rn.run(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("goal: the current plan: %w", err)
	}
	g.current = cur
	xs, err := Values(cur, spec.Metric)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	g.CurrentProbability = shareAtLeast(xs, spec.Target)

	// The cash each condition needs; the goal's first.
	needs := []float64{cashNeeded(xs, today, spec.Target, spec.Confidence)}
	for _, c := range spec.Constraints {
		if !slices.Contains(cashLeverMetrics, c.Metric) {
			needs = append(needs, math.Inf(-1)) // any cash: kept or not as today
			continue
		}
		cx, err := Values(cur, c.Metric)
		if err != nil {
			return nil, fmt.Errorf("goal: %w", err)
		}
		needs = append(needs, cashNeeded(cx, today, c.Bound, c.Share))
	}
	need := slices.Max(needs)
	if math.IsInf(need, 1) {
		// Some trial's cash is past the float range: no cash keeps it.
		need = today
	}
	// A cent's margin: the engine adds the flows to the cash month by
	// month, so x_i − today carries rounding a starting cash exactly at
	// the need could fall on the wrong side of.
	need += cashMargin(xs, today)

	plan := s.Clone()
	plan.Company.Cash = need
	res, err := rn.run(ctx, plan)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	at, err := Values(res, spec.Metric)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	kept, ok, err := KeepAll(spec.Constraints, res)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	g.Low, g.High = need, need
	g.Value = need
	g.Probability = shareAtLeast(at, spec.Target)
	g.ProbabilitySE = ShareSE(g.Probability, res.Trials)
	g.Reached = ok && g.Probability >= spec.Confidence
	g.MonthlyCost = MonthlyCost(plan)
	g.Stats, _ = summarize(res, spec.Metric)
	g.Spend, _ = summarize(res, "spend")
	g.Evaluations = rn.runs
	g.Plan, g.Result = plan, res
	binds := slices.Index(needs, slices.Max(needs))
	for i, k := range kept {
		gc := GoalConstraint{Kept: k}
		gc.NeverBinds = k.Met && needs[i+1] < needs[0]
		gc.Binds = k.Met && binds == i+1 || !k.Met
		g.Constraints = append(g.Constraints, gc)
	}
	if !g.Reached {
		g.Diagnosis = fmt.Sprintf("The starting cash does not move %s: no cash keeps it.", g.broken())
	}
	g.Finding = g.words()
	return g, nil
}

// hasFloor reports whether s sets a floor target on metric.
func hasFloor(s *model.Scenario, metric string) bool {
	for _, t := range s.Targets {
		if t.Metric == metric && !t.Max {
			return true
		}
	}
	return false
}

// cashNeeded is the smallest starting cash at which a share p of the
// trials (xs, run at today's cash) has the metric at least bound: each
// trial needs bound − (x − today); the ⌈p·n⌉-th smallest need. p = 0
// asks the mean: bound − (mean(x) − today). +Inf when some trial's value
// is undefined and the share needs it.
func cashNeeded(xs []float64, today, bound, p float64) float64 {
	if p == 0 {
		var sum float64
		for _, x := range xs {
			sum += x
		}
		return bound - (sum/float64(len(xs)) - today)
	}
	need := make([]float64, len(xs))
	for i, x := range xs {
		need[i] = math.Inf(1)
		if defined(x) {
			need[i] = bound - (x - today)
		}
	}
	slices.Sort(need)
	k := int(math.Ceil(p*float64(len(need)) - 1e-9))
	return need[min(max(k, 1), len(need))-1]
}

// cashMargin is a little more than the rounding of x − today: a cent, or
// more for sums past a billion dollars.
func cashMargin(xs []float64, today float64) float64 {
	m := math.Abs(today)
	for _, x := range xs {
		if defined(x) {
			m = max(m, math.Abs(x))
		}
	}
	return max(0.01, m*1e-12)
}

// shareAtLeast is the share of xs at least x (undefined: not).
func shareAtLeast(xs []float64, x float64) float64 {
	n := 0
	for _, v := range xs {
		if defined(v) && v >= x {
			n++
		}
	}
	return float64(n) / float64(max(len(xs), 1))
}

// cashWords is the cash lever's answer: "You need $2.41M of cash at the
// start: $410k more than today's $2.00M (the raise), so that the cash
// lasts the horizon in 9 futures of 10 (90.0% ± 0.30% there; 71% today)."
func (g *GoalResult) cashWords() string {
	m := measure.Money
	what := g.cashEvent()
	if !g.Reached {
		return "No starting cash reaches the goal. " + g.Diagnosis
	}
	there := fmt.Sprintf("%s there", measure.Share.PlusMinus(g.Probability, g.ProbabilitySE))
	if g.Value > g.Current {
		return fmt.Sprintf("You need %s of cash at the start: %s more than today's %s (the raise), so that %s in %s (%s; %s with today's cash).",
			m.Format(g.Value), m.Format(g.Value-g.Current), m.Format(g.Current), what, futures(g.Confidence), there,
			measure.Share.Format(g.CurrentProbability))
	}
	would := m.Format(g.Value) + " would do"
	if g.Value < 0 {
		would = "it would do even starting " + m.Format(-g.Value) + " in debt"
	}
	return fmt.Sprintf("Today's cash is enough: with %s, %s in %s of futures (asked: %s); it could be %s less: %s (%s).",
		m.Format(g.Current), what, measure.Share.Format(g.CurrentProbability), futures(g.Confidence),
		m.Format(g.Current-g.Value), would, there)
}

// cashEvent says what the cash goal asks of a future: "the cash lasts the
// horizon", "the cash never falls below $100k", "the cash at the end is
// at least $1.00M".
func (g *GoalResult) cashEvent() string {
	switch {
	case g.Metric == "cash_min" && g.Target == 0:
		return "the cash lasts the horizon"
	case g.Metric == "cash_min":
		return "the cash never falls below " + measure.Money.Format(g.Target)
	}
	return "the cash at the end is at least " + measure.Money.Format(g.Target)
}
