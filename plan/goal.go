package plan

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// GoalSpec is what goal seeking looks for: the smallest value of a lever at
// which P(Metric ≥ Target) ≥ Confidence.
type GoalSpec struct {
	Metric string  // a metric where more is better; "" means revenue
	Target float64 // the metric's target
	// Confidence is the probability to reach, in (0, 1]; 0 means 0.8.
	Confidence float64
	// Lever is what changes: "budget" (the default: a scale factor on every
	// spend channel's spend, reps and hires unchanged), "channel:NAME" (that
	// channel's monthly spend; a headcount channel's spend buys
	// spend / cost_per_head heads) or "reps" (sales.reps, hires unchanged).
	Lever string
	// Low and High bound the search; High 0 means 20 × the lever's current
	// value (20 × the plan's monthly cost for a channel spending nothing,
	// 20 reps for a team of none).
	Low, High float64
}

// DefaultConfidence is GoalSpec's confidence when none is given.
const DefaultConfidence = 0.8

// Causes of a target out of reach (GoalResult.Cap).
const (
	CapSalesCapacity     = "sales_capacity"     // reps take on all they can
	CapChannelSaturation = "channel_saturation" // more spend brings almost nobody
	CapDemand            = "demand"             // more reps: sales is not the limit
	CapBounds            = "bounds"             // no cap found: the bounds are too tight
)

// GoalResult is the outcome of goal seeking.
type GoalResult struct {
	Metric     string  `json:"metric"`
	Target     float64 `json:"target"`
	Confidence float64 `json:"confidence"`
	Lever      string  `json:"lever"`
	// Low and High are the bounds searched.
	Low  float64 `json:"low"`
	High float64 `json:"high"`

	Trials int    `json:"trials"`
	Seed   uint64 `json:"seed"`

	// Current is the lever's value in the plan as written (1 for budget),
	// with the probability of reaching the target and the monthly cost there.
	Current            float64 `json:"current"`
	CurrentProbability float64 `json:"current_probability"`
	CurrentMonthlyCost float64 `json:"current_monthly_cost"`

	// Reached says whether the target is reached within the bounds. Value
	// is then the smallest lever value found that reaches it (to 0.1%);
	// otherwise High.
	Reached bool    `json:"reached"`
	Value   float64 `json:"value"`
	// Probability is P(metric ≥ target) at Value (a trial where the metric
	// is undefined has not reached it), with its standard error.
	Probability   float64 `json:"probability"`
	ProbabilitySE float64 `json:"probability_se"`
	// MonthlyCost is the plan's monthly cost at Value (see MonthlyCost).
	MonthlyCost float64 `json:"monthly_cost"`
	// Stats are the metric's statistics at Value; Spend those of total
	// spend over the horizon.
	Stats sim.Stats `json:"stats"`
	Spend sim.Stats `json:"spend"`
	// Evaluations is the number of runs the search made.
	Evaluations int `json:"evaluations"`

	// Cap is what keeps the target out of reach (one of the Cap
	// constants), and Diagnosis says it in words; empty when reached.
	Cap       string `json:"cap,omitempty"`
	Diagnosis string `json:"diagnosis,omitempty"`
	// Finding is the answer in one or two sentences.
	Finding string `json:"finding"`

	// Plan is the scenario at Value and Result its run.
	Plan   *model.Scenario `json:"-"`
	Result *sim.Result     `json:"-"`
}

// goalTolerance is the bisection's stopping width, relative to the answer.
const goalTolerance = 1e-3

// Goal finds, by bisection over the lever with common random numbers (the
// same seed and trials at every step), the smallest lever value in
// [Low, High] at which P(metric ≥ target) ≥ confidence. When even High
// falls short it says so and diagnoses what caps the metric: sales capacity
// (capacity nearly all used, people lost waiting), channel saturation (an
// extra dollar brings almost no one), or, for the reps lever, demand.
//
// The probability need not be exactly monotone in the lever (a different
// spend draws different counts from the same random numbers), so the answer
// is a lever value that reaches the target with a smaller one, within 0.1%,
// that does not.
func Goal(ctx context.Context, s *model.Scenario, opts *sim.Options, spec GoalSpec) (*GoalResult, error) {
	if s == nil {
		return nil, fmt.Errorf("goal: no scenario")
	}
	if spec.Metric == "" {
		spec.Metric = "revenue"
	}
	if err := CheckMetric(s, spec.Metric); err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	if LowerIsBetter(spec.Metric) {
		return nil, fmt.Errorf("goal: metric %s: goal seek looks for the smallest lever reaching "+
			"P(metric ≥ target), and less %s is better: seek revenue, new_customers or another metric "+
			"that grows with the plan, or compare plans", spec.Metric, spec.Metric)
	}
	if spec.Confidence == 0 {
		spec.Confidence = DefaultConfidence
	}
	if !(spec.Confidence > 0 && spec.Confidence <= 1) {
		return nil, fmt.Errorf("goal: confidence %g is not a probability in (0, 1]: e.g. 0.8", spec.Confidence)
	}
	if !defined(spec.Target) {
		return nil, fmt.Errorf("goal: target %g is not a number", spec.Target)
	}
	lv, err := parseLever(s, spec.Lever)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	spec.Lever = lv.name
	if spec.High == 0 {
		if spec.High, err = lv.defaultHigh(s); err != nil {
			return nil, fmt.Errorf("goal: %w", err)
		}
	}
	if !(spec.Low >= 0 && spec.High > spec.Low) || math.IsInf(spec.High, 0) {
		return nil, fmt.Errorf("goal: bounds %g..%g: want 0 ≤ low < high", spec.Low, spec.High)
	}

	rn := newRunner(opts, false)
	g := &GoalResult{
		Metric: spec.Metric, Target: spec.Target, Confidence: spec.Confidence, Lever: spec.Lever,
		Low: spec.Low, High: spec.High, Trials: rn.opts.Trials, Seed: rn.opts.Seed,
		Current: lv.current(s), CurrentMonthlyCost: MonthlyCost(s),
	}
	eval := func(x float64) (*goalStep, error) {
		plan := lv.apply(s, x)
		res, err := rn.run(ctx, plan)
		if err != nil {
			return nil, err
		}
		xs, err := metricValues(res, spec.Metric)
		if err != nil {
			return nil, err
		}
		met := 0
		for _, v := range xs {
			if v >= spec.Target { // NaN compares false: not met
				met++
			}
		}
		return &goalStep{x: x, plan: plan, res: res, p: float64(met) / float64(len(xs))}, nil
	}

	cur, err := eval(g.Current)
	if err != nil {
		return nil, fmt.Errorf("goal: the current plan: %w", err)
	}
	g.CurrentProbability = cur.p
	hi, err := eval(spec.High)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	if hi.p < spec.Confidence {
		g.fill(hi, rn)
		g.Cap, g.Diagnosis = diagnose(s, lv, cur, hi)
		g.Finding = fmt.Sprintf("The target is out of reach within the bounds: even at %s, %s is %s, under the %s asked for. %s",
			lv.describe(s, spec.High), reaching(spec), measure.Share.Format(hi.p), measure.Share.Format(spec.Confidence), g.Diagnosis)
		return g, nil
	}
	lo, err := eval(spec.Low)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	if lo.p >= spec.Confidence {
		hi = lo
	} else {
		for hi.x-lo.x > goalTolerance*hi.x {
			mid, err := eval((lo.x + hi.x) / 2)
			if err != nil {
				return nil, fmt.Errorf("goal: %w", err)
			}
			if mid.p >= spec.Confidence {
				hi = mid
			} else {
				lo = mid
			}
		}
	}
	g.Reached = true
	g.fill(hi, rn)
	g.Finding = fmt.Sprintf("%s reaches %s (asked: %s) at %s, costing %s a month (%s now, where it is %s).",
		reaching(spec), measure.Share.Format(hi.p), measure.Share.Format(spec.Confidence),
		lv.describe(s, hi.x), measure.Money.Format(g.MonthlyCost), measure.Money.Format(g.CurrentMonthlyCost), measure.Share.Format(cur.p))
	return g, nil
}

// reaching is the event goal seeking counts: "P(revenue ≥ $1.50M)".
func reaching(spec GoalSpec) string {
	m := measure.Of(spec.Metric)
	return fmt.Sprintf("P(%s ≥ %s)", m.Noun(), m.Unit.Format(spec.Target))
}

// goalStep is one run of goal seeking.
type goalStep struct {
	x    float64
	p    float64
	plan *model.Scenario
	res  *sim.Result
}

// fill records an evaluation as the answer.
func (g *GoalResult) fill(e *goalStep, rn *runner) {
	g.Value = e.x
	g.Probability = e.p
	g.ProbabilitySE = math.Sqrt(e.p * (1 - e.p) / float64(e.res.Trials))
	g.MonthlyCost = MonthlyCost(e.plan)
	g.Stats, _ = summarize(e.res, g.Metric)
	g.Spend, _ = summarize(e.res, "spend")
	g.Evaluations = rn.runs
	g.Plan, g.Result = e.plan, e.res
}

// Lever kinds.
const (
	leverBudget = iota
	leverChannel
	leverReps
)

// lever is a parsed GoalSpec.Lever.
type lever struct {
	kind int
	ch   int // leverChannel: the channel's index
	name string
}

func parseLever(s *model.Scenario, spec string) (lever, error) {
	switch {
	case spec == "" || spec == "budget":
		var total float64
		for _, ch := range s.Channels {
			if ch.Response != model.Headcount {
				total += ch.Spend
			}
		}
		if total <= 0 {
			return lever{}, fmt.Errorf("lever budget: no channel spends anything to scale: use channel:NAME or reps")
		}
		return lever{kind: leverBudget, name: "budget"}, nil
	case spec == "reps":
		if s.Sales == nil {
			return lever{}, fmt.Errorf("lever reps: the scenario has no sales section: use budget or channel:NAME")
		}
		return lever{kind: leverReps, name: "reps"}, nil
	}
	if name, ok := strings.CutPrefix(spec, "channel:"); ok {
		i, err := channelIndex(s, name)
		if err != nil {
			return lever{}, fmt.Errorf("lever %s: %w", spec, err)
		}
		if s.Channels[i].Response == model.Headcount && s.Channels[i].CostPerHead <= 0 {
			return lever{}, fmt.Errorf("lever %s: the channel's cost_per_head is 0, so spend cannot buy heads", spec)
		}
		return lever{kind: leverChannel, ch: i, name: spec}, nil
	}
	return lever{}, fmt.Errorf("unknown lever %q: use budget, channel:NAME or reps", spec)
}

// current is the lever's value in s.
func (l lever) current(s *model.Scenario) float64 {
	switch l.kind {
	case leverChannel:
		return s.Channels[l.ch].Spend
	case leverReps:
		return s.Sales.Reps
	}
	return 1
}

func (l lever) defaultHigh(s *model.Scenario) (float64, error) {
	if c := l.current(s); c > 0 {
		return 20 * c, nil
	}
	switch l.kind {
	case leverReps:
		return 20, nil
	case leverChannel:
		if c := MonthlyCost(s); c > 0 {
			return 20 * c, nil
		}
	}
	return 0, fmt.Errorf("lever %s: nothing to scale from: give an upper bound", l.name)
}

// apply returns a copy of s with the lever at x.
func (l lever) apply(s *model.Scenario, x float64) *model.Scenario {
	c := s.Clone()
	switch l.kind {
	case leverBudget:
		for i := range c.Channels {
			if c.Channels[i].Response != model.Headcount {
				setChannelSpend(c, i, x*s.Channels[i].Spend)
			}
		}
	case leverChannel:
		setChannelSpend(c, l.ch, x)
	case leverReps:
		setReps(c, x)
	}
	return c
}

// describe says what the lever at x means, for sentences.
func (l lever) describe(s *model.Scenario, x float64) string {
	switch l.kind {
	case leverChannel:
		return fmt.Sprintf("%s spend of %s a month", s.Channels[l.ch].Name, l.format(x))
	case leverReps:
		return fmt.Sprintf("%s reps (%g whole)", l.format(x), math.Ceil(x-1e-9))
	}
	return fmt.Sprintf("a budget scale of %s (on every spend channel; headcount, reps and hires unchanged)", l.format(x))
}

// format prints a value of the lever: a scale (1.46×), a monthly spend
// ($18.2k) or reps (3.4).
func (l lever) format(x float64) string {
	switch l.kind {
	case leverChannel:
		return measure.Money.Format(x)
	case leverReps:
		return measure.Count.Format(x)
	}
	return measure.Ratio.Format(x)
}

// saturationShare is the marginal response, as a share of its value at
// low spend, under which a channel counts as saturated.
const saturationShare = 0.05

// diagnose says what keeps the metric from the target at the upper bound,
// from the runs at the current plan and at the bound.
func diagnose(s *model.Scenario, l lever, cur, hi *goalStep) (string, string) {
	var causes, words []string
	if s.Sales != nil {
		cu, _ := summarize(hi.res, "capacity_used")
		switch {
		case l.kind == leverReps && cu.Defined > 0 && cu.P50 < measure.CapacityLimit:
			causes = append(causes, CapDemand)
			words = append(words, fmt.Sprintf("With %s reps sales uses only %s of its capacity at the median: "+
				"leads, not reps, are the limit; more spend (lever budget) is what would help.", l.format(hi.x), measure.Share.Format(cu.P50)))
		case l.kind != leverReps && cu.Defined > 0 && cu.P50 >= measure.CapacityLimit:
			causes = append(causes, CapSalesCapacity)
			msg := fmt.Sprintf("Sales capacity caps it: the reps take on %s of what they can at the median", measure.Share.Format(cu.P50))
			if h := s.Funnel.Handoff; h >= 0 {
				stage := "stages." + s.Funnel.Stages[h]
				nCur, _ := summarize(cur.res, stage)
				nHi, _ := summarize(hi.res, stage)
				msg += fmt.Sprintf(", while the people reaching %s grow from %s a run at the current plan to %s at the bound",
					s.Funnel.Stages[h], measure.Count.Format(nCur.Mean), measure.Count.Format(nHi.Mean))
			}
			lqCur, _ := summarize(cur.res, "lost_queue")
			lqHi, _ := summarize(hi.res, "lost_queue")
			if lqHi.Mean > lqCur.Mean {
				msg += fmt.Sprintf("; those lost waiting grow from %s to %s", measure.Count.Format(lqCur.Mean), measure.Count.Format(lqHi.Mean))
			}
			words = append(words, msg+". Add reps or hires (lever reps).")
		}
	}
	if l.kind != leverReps {
		var sat []string
		for i := range hi.plan.Channels {
			ch := &hi.plan.Channels[i]
			if l.kind == leverChannel && i != l.ch || ch.Response == model.Headcount || ch.Spend <= 0 {
				continue
			}
			m0 := MarginalEntries(ch, 0)
			if ch.Response == model.Hill {
				m0 = MarginalEntries(ch, ch.HalfSaturation.Mean()) // the steepest point, for s ≥ 1
			}
			mHi := MarginalEntries(ch, ch.Spend)
			if m0 > 0 && mHi < saturationShare*m0 {
				sat = append(sat, fmt.Sprintf("%s (at %s a month an extra $1k brings %s entries, %s of its best; ceiling %s a month)",
					ch.Name, measure.Money.Format(ch.Spend), measure.Number.Format(1000*mHi), measure.Share.Format(mHi/m0),
					measure.Count.Format(ch.MaxPerMonth.Mean())))
			}
		}
		if len(sat) > 0 {
			causes = append(causes, CapChannelSaturation)
			words = append(words, "Channel saturation caps it: "+strings.Join(sat, "; ")+".")
		}
	}
	if len(causes) == 0 {
		return CapBounds, fmt.Sprintf("Neither sales capacity nor channel saturation caps it: the target needs more than the bound allows; raise the upper bound (now %s).", l.format(hi.x))
	}
	return causes[0], strings.Join(words, " ")
}
