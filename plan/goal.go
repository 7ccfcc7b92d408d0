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
	Metric string // a metric where more is better; "" means revenue
	// Target is the metric's target, more than 0; 0 means the scenario's
	// own target for the metric.
	Target float64
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

// Causes of a target out of reach (GoalResult.Cap), each a kind of
// finding of Limit importance.
const (
	// The reps take on all they can: Value, the median share of capacity
	// used at the bound; Subject the handoff stage and From, To the people
	// reaching it a run at the current plan and at the bound; Low, High
	// the people lost waiting at both.
	CapSalesCapacity Kind = "sales_capacity"
	// More spend brings almost nobody, one finding a channel: Subject the
	// channel, Value its spend at the bound, Ref the entries an extra $1k
	// a month brings there, Share that as a share of its best, High its
	// ceiling (entries a month).
	CapChannelSaturation Kind = "channel_saturation"
	// More reps do not help, sales is not the limit: Value the median
	// share of capacity used at Ref reps.
	CapDemand Kind = "demand"
	// No cap found, the bounds are too tight: Subject the lever, Ref its
	// upper bound.
	CapBounds Kind = "bounds"
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
	Cap       Kind   `json:"cap,omitempty"`
	Diagnosis string `json:"diagnosis,omitempty"`
	// Finding is the answer in one or two sentences.
	Finding string `json:"finding"`
	// Note says what the plan at Value takes for granted of a channel it
	// scales (NoPool, ScheduleScaled: ScaleNotes); Notes as data.
	Note  string    `json:"note,omitempty"`
	Notes []Finding `json:"-"`

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
		return nil, specErrorf("goal: metric %s: goal seek looks for the smallest lever reaching "+
			"P(metric ≥ target), and less %s is better: seek revenue, new_customers or another metric "+
			"that grows with the plan, or compare plans", spec.Metric, spec.Metric)
	}
	if spec.Confidence == 0 {
		spec.Confidence = DefaultConfidence
	}
	if !(spec.Confidence > 0 && spec.Confidence <= 1) {
		return nil, specErrorf("goal: confidence %g is not a probability in (0, 1]: e.g. 0.8", spec.Confidence)
	}
	target, err := scenarioTarget(s, spec.Metric, spec.Target)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	if !(target > 0) || math.IsInf(target, 0) {
		return nil, specErrorf("goal: target %g: want a positive number", spec.Target)
	}
	spec.Target = target
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
		return nil, specErrorf("goal: bounds %g..%g: want 0 ≤ low < high", spec.Low, spec.High)
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
		xs, err := Values(res, spec.Metric)
		if err != nil {
			return nil, err
		}
		met := 0
		for _, v := range xs {
			if defined(v) && v >= spec.Target { // undefined, overflow included: not met, as sim.TargetProbability
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
		g.fill(hi, rn, s)
		caps := diagnose(s, lv, cur, hi)
		g.Cap, g.Diagnosis = caps[0].Kind, capWords(caps)
		g.Finding = g.words()
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
	g.fill(hi, rn, s)
	g.Finding = g.words()
	return g, nil
}

// goalStep is one run of goal seeking.
type goalStep struct {
	x    float64
	p    float64
	plan *model.Scenario
	res  *sim.Result
}

// fill records an evaluation as the answer, with what its plan takes for
// granted against base.
func (g *GoalResult) fill(e *goalStep, rn *runner, base *model.Scenario) {
	g.Value = e.x
	g.Probability = e.p
	g.ProbabilitySE = ShareSE(e.p, e.res.Trials)
	g.MonthlyCost = MonthlyCost(e.plan)
	g.Stats, _ = summarize(e.res, g.Metric)
	g.Spend, _ = summarize(e.res, "spend")
	g.Evaluations = rn.runs
	g.Plan, g.Result = e.plan, e.res
	g.Notes = ScaleNotes(base, e.plan)
	g.Note = joinNotes(g.Notes)
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
		for i := range s.Channels {
			if s.Channels[i].Response != model.Headcount {
				total += monthlySpend(s, &s.Channels[i])
			}
		}
		if total <= 0 {
			return lever{}, specErrorf("lever budget: no channel spends anything to scale: use channel:NAME or reps")
		}
		return lever{kind: leverBudget, name: "budget"}, nil
	case spec == "reps":
		if s.Sales == nil {
			return lever{}, specErrorf("lever reps: the scenario has no sales section: use budget or channel:NAME")
		}
		return lever{kind: leverReps, name: "reps"}, nil
	}
	if name, ok := strings.CutPrefix(spec, "channel:"); ok {
		i, err := channelIndex(s, name)
		if err != nil {
			return lever{}, fmt.Errorf("lever %s: %w", spec, err)
		}
		if s.Channels[i].Response == model.Headcount && s.Channels[i].CostPerHead <= 0 {
			return lever{}, specErrorf("lever %s: the channel's cost_per_head is 0, so spend cannot buy heads", spec)
		}
		return lever{kind: leverChannel, ch: i, name: spec}, nil
	}
	return lever{}, specErrorf("unknown lever %q: use budget, channel:NAME or reps", spec)
}

// current is the lever's value in s.
func (l lever) current(s *model.Scenario) float64 {
	switch l.kind {
	case leverChannel:
		return monthlySpend(s, &s.Channels[l.ch])
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
	return 0, specErrorf("lever %s: nothing to scale from: give an upper bound", l.name)
}

// apply returns a copy of s with the lever at x.
func (l lever) apply(s *model.Scenario, x float64) *model.Scenario {
	c := s.Clone()
	switch l.kind {
	case leverBudget:
		for i := range c.Channels {
			if c.Channels[i].Response != model.Headcount {
				setChannelSpend(c, i, x*monthlySpend(s, &s.Channels[i]))
			}
		}
	case leverChannel:
		setChannelSpend(c, l.ch, x)
	case leverReps:
		setReps(c, x)
	}
	return c
}

// saturationShare is the marginal response, as a share of its value at
// low spend, under which a channel counts as saturated.
const saturationShare = 0.05

// diagnose says what keeps the metric from the target at the upper bound,
// from the runs at the current plan and at the bound: the causes found,
// the first the main one, or CapBounds when none is.
func diagnose(s *model.Scenario, l lever, cur, hi *goalStep) []Finding {
	var caps []Finding
	if s.Sales != nil {
		cu, _ := summarize(hi.res, "capacity_used")
		switch {
		case l.kind == leverReps && cu.Defined > 0 && cu.P50 < measure.CapacityLimit:
			caps = append(caps, Finding{Kind: CapDemand, Importance: Limit, Metric: "capacity_used", Value: cu.P50, Ref: hi.x})
		case l.kind != leverReps && cu.Defined > 0 && cu.P50 >= measure.CapacityLimit:
			f := Finding{Kind: CapSalesCapacity, Importance: Limit, Metric: "capacity_used", Value: cu.P50}
			if h := s.Funnel.Handoff; h >= 0 {
				stage := "stages." + s.Funnel.Stages[h]
				nCur, _ := summarize(cur.res, stage)
				nHi, _ := summarize(hi.res, stage)
				f.Subject, f.From, f.To = s.Funnel.Stages[h], nCur.Mean, nHi.Mean
			}
			lqCur, _ := summarize(cur.res, "lost_queue")
			lqHi, _ := summarize(hi.res, "lost_queue")
			f.Low, f.High = lqCur.Mean, lqHi.Mean
			caps = append(caps, f)
		}
	}
	if l.kind != leverReps {
		for i := range hi.plan.Channels {
			ch := &hi.plan.Channels[i]
			spend := monthlySpend(hi.plan, ch)
			if l.kind == leverChannel && i != l.ch || ch.Response == model.Headcount || spend <= 0 {
				continue
			}
			m0 := MarginalEntries(ch, 0)
			if ch.Response == model.Hill {
				m0 = MarginalEntries(ch, ch.HalfSaturation.Mean()) // the steepest point, for s ≥ 1
			}
			mHi := MarginalEntries(ch, spend)
			if m0 > 0 && mHi < saturationShare*m0 {
				caps = append(caps, Finding{Kind: CapChannelSaturation, Importance: Limit, Subject: ch.Name,
					Value: spend, Ref: 1000 * mHi, Share: mHi / m0, High: ch.MaxPerMonth.Mean()})
			}
		}
	}
	if len(caps) == 0 {
		caps = append(caps, Finding{Kind: CapBounds, Importance: Limit, Subject: l.name, Ref: hi.x})
	}
	return caps
}
