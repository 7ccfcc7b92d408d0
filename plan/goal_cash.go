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
// cash_{t−1} + flows, and the flows draw nothing from the cash), so the
// lowest cash and the cash at the end move dollar for dollar, and the
// runway lasts m months once the lowest of the first m month-ends is 0.
var cashLeverMetrics = []string{"cash_min", "cash_end", "runway_months"}

// goalCash is Goal on the cash lever. It needs no search: the cash draws
// no random number and enters every month-end linearly, so a trial's
// cash_min at a starting cash c is c plus what it was at today's cash less
// today's cash. A trial keeps the goal from a cash need_i up (cashNeeds);
// the smallest cash that keeps a share P of trials is need's P-quantile
// (the ⌈P·n⌉-th smallest). With constraints on the cash each gives such
// a cash too, and the answer is the largest; constraints on other metrics
// do not move with the cash: they are kept at today's cash or not at all.
// A second run at the answer checks it on the same random numbers.
func goalCash(ctx context.Context, s *model.Scenario, opts *sim.Options, spec GoalSpec) (*GoalResult, error) {
	if s.Company == nil {
		return nil, specErrorf("goal: lever cash: %s has no company section: add company.cash (and company.other_costs) so that a run follows the cash", scenarioName(s))
	}
	if spec.Metric == "" {
		spec.Metric = "cash_min"
	}
	if !slices.Contains(cashLeverMetrics, spec.Metric) {
		return nil, specErrorf("goal: lever cash: %s does not move with the starting cash; use --metric cash_min (--target 0: the cash lasts the horizon), cash_end or runway_months", spec.Metric)
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
	if spec.Metric == "runway_months" && !(target >= 1) {
		return nil, specErrorf("goal: lever cash: runway target %g: want at least 1 month", target)
	}
	spec.Target = target
	paths := spec.Metric == "runway_months"
	for _, c := range spec.Constraints {
		if err := c.Check(s); err != nil {
			return nil, fmt.Errorf("goal: %w", err)
		}
		if c.AtMost && slices.Contains(cashLeverMetrics, c.Metric) {
			return nil, specErrorf("goal: lever cash: constraint %s: with the cash lever a constraint on the cash must be a floor (>=), e.g. cash_min>=0@0.9", c)
		}
		if c.Metric == "runway_months" && c.Share == 0 {
			return nil, specErrorf("goal: lever cash: constraint %s: a runway's mean leaves out the futures whose cash lasts: give a share of futures, e.g. runway_months>=12@0.9", c)
		}
		paths = paths || c.Metric == "runway_months"
	}

	rn := newRunner(opts, false)
	if paths {
		// The runway needs every future's month-end cash.
		if rn.opts.Trials > sim.MaxPaths {
			return nil, specErrorf("goal: lever cash: runway_months reads every future's monthly cash, which a run keeps for at most %s trials; run fewer", measure.Whole(sim.MaxPaths))
		}
		rn.opts.Paths = rn.opts.Trials
	}
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
	if g.CurrentProbability, err = shareAtLeast(cur, spec.Metric, spec.Target); err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}

	// The cash each condition needs; the goal's first.
	goal, err := cashNeeds(cur, spec.Metric, spec.Target, today)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	needs := []float64{quantileNeed(goal, spec.Confidence)}
	for _, c := range spec.Constraints {
		if !slices.Contains(cashLeverMetrics, c.Metric) {
			needs = append(needs, math.Inf(-1)) // any cash: kept or not as today
			continue
		}
		cn, err := cashNeeds(cur, c.Metric, c.Bound, today)
		if err != nil {
			return nil, fmt.Errorf("goal: %w", err)
		}
		needs = append(needs, quantileNeed(cn, c.Share))
	}
	need := slices.Max(needs)
	if math.IsInf(need, 1) {
		// Some trial's cash is past the float range: no cash keeps it.
		need = today
	}
	// A cent's margin: the engine adds the flows to the cash month by
	// month, so a need carries rounding a starting cash exactly at it
	// could fall on the wrong side of.
	need += cashMargin(goal, today)

	plan := s.Clone()
	plan.Company.Cash = need
	rn.opts.Paths = -1
	res, err := rn.run(ctx, plan)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	kept, ok, err := KeepAll(spec.Constraints, res)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	g.Low, g.High = need, need
	g.Value = need
	if g.Probability, err = shareAtLeast(res, spec.Metric, spec.Target); err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
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
	switch {
	case g.Reached:
	case g.broken() != "":
		g.Diagnosis = fmt.Sprintf("The starting cash does not move %s: no cash keeps it.", g.broken())
	default:
		g.Diagnosis = "Some futures' cash is past the range of numbers: no cash keeps them."
	}
	g.Finding = g.words()
	return g, nil
}

// cashNeeds is, for each trial of r (run at today's cash), the starting
// cash from which it keeps metric ≥ bound: bound − (x − today) for
// cash_min and cash_end; for runway_months ≥ bound, the cash that keeps
// the first ⌈bound⌉ month-ends (all of them, past the horizon) at 0 or
// more, from the monthly cash r keeps for every trial. +Inf where the
// value is past the float range.
func cashNeeds(r *sim.Result, metric string, bound, today float64) ([]float64, error) {
	if metric == "runway_months" {
		cash := r.Paths.Series["cash"]
		if len(cash) != r.Trials {
			return nil, fmt.Errorf("runway_months: the monthly cash of %d trials kept; want all %d", len(cash), r.Trials)
		}
		m := min(max(int(math.Ceil(bound-1e-9)), 0), r.Horizon) // a runway is never below 0: any cash keeps ≥ 0
		need := make([]float64, len(cash))
		for i, row := range cash {
			need[i] = math.Inf(-1)
			for _, x := range row[:m] {
				need[i] = max(need[i], -(x - today))
			}
			if math.IsNaN(need[i]) {
				need[i] = math.Inf(1)
			}
		}
		return need, nil
	}
	xs, err := Values(r, metric)
	if err != nil {
		return nil, err
	}
	need := make([]float64, len(xs))
	for i, x := range xs {
		need[i] = math.Inf(1)
		if defined(x) {
			need[i] = bound - (x - today)
		}
	}
	return need, nil
}

// quantileNeed is the smallest cash from which a share p of needs is met:
// the ⌈p·n⌉-th smallest; p = 0 (a constraint on the mean) the mean need.
func quantileNeed(needs []float64, p float64) float64 {
	if p == 0 {
		var sum float64
		for _, x := range needs {
			sum += x
		}
		return sum / float64(len(needs))
	}
	sorted := slices.Clone(needs)
	slices.Sort(sorted)
	k := int(math.Ceil(p*float64(len(sorted)) - 1e-9))
	return sorted[min(max(k, 1), len(sorted))-1]
}

// cashMargin is a little more than the rounding of a need: a cent, or
// more for sums past a billion dollars.
func cashMargin(needs []float64, today float64) float64 {
	m := math.Abs(today)
	for _, x := range needs {
		if defined(x) {
			m = max(m, math.Abs(x))
		}
	}
	return max(0.01, m*1e-12)
}

// shareAtLeast is the share of r's trials whose metric is at least x:
// an undefined value does not count, unless it lies past the horizon (a
// cash that lasts has a runway longer than any).
func shareAtLeast(r *sim.Result, metric string, x float64) (float64, error) {
	xs, err := Values(r, metric)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, v := range xs {
		if v = orBeyond(metric, v); !math.IsNaN(v) && v >= x {
			n++
		}
	}
	return float64(n) / float64(max(len(xs), 1)), nil
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
	case g.Metric == "runway_months" && g.Result != nil && g.Target > float64(g.Result.Horizon):
		return fmt.Sprintf("the cash lasts the horizon's %s (a runway of %s needs a horizon that long to check)",
			measure.Count.Plural(float64(g.Result.Horizon), "month"), measure.Count.Plural(g.Target, "month"))
	case g.Metric == "runway_months":
		return "the cash lasts at least " + measure.Count.Plural(math.Ceil(g.Target-1e-9), "month")
	}
	return "the cash at the end is at least " + measure.Money.Format(g.Target)
}
