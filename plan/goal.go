package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// GoalSpec is what goal seeking looks for: the smallest value of a lever at
// which P(Metric ≥ Target) ≥ Confidence.
type GoalSpec struct {
	// Metric is any metric CheckMetric accepts; "" means revenue when a
	// target is given, else the metric of the scenario's first floor target
	// (more is better), else of its first target, else revenue. Where less is
	// better (CAC, payback) the goal is P(metric ≤ target) ≥ confidence.
	Metric string
	// Target is the metric's target, any finite number (0 and below
	// included: break-even ROI is 0). It is used when HasTarget is true
	// or it is not 0; otherwise the scenario's own target for the metric.
	Target    float64
	HasTarget bool
	// Confidence is the probability to reach, in (0, 1]; 0 means 0.8.
	Confidence float64
	// Lever is what changes: "plan" (the whole monthly budget grown along
	// the best split: channels, heads and reps together; the default when
	// the scenario has spend channels and a sales team), "budget" (a scale
	// factor on every spend channel's spend, reps and hires unchanged; the
	// default otherwise), "channel:NAME" (that channel's monthly spend; a
	// headcount channel's spend buys spend / cost_per_head heads) or "reps"
	// (sales.reps, hires unchanged) or "cash" (company.cash, the cash at
	// the start: the metric cash_min or cash_end, found exactly; see
	// LeverCash).
	Lever string
	// Low and High bound the search; High 0 means 20 × the lever's current
	// value (20 × the plan's monthly cost for a channel spending nothing
	// and for the plan lever, 20 reps for a team of none).
	Low, High float64
	// Fractional lets the plan lever buy part-time reps and heads; by
	// default it hires whole people.
	Fractional bool
	// Constraints must all be kept at the answer (--subject-to).
	Constraints []Constraint
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

	// BelowCost and BelowProbability are the monthly cost and chance of
	// the plan just below the answer that falls short (plan lever; 0 when
	// none was run): a whole hire can lift the chance well past the
	// confidence.
	BelowCost        float64 `json:"below_cost,omitempty"`
	BelowProbability float64 `json:"below_probability,omitempty"`
	// UpTo is, for a ceiling (AtMost) reached, the largest lever value
	// found that still reaches it, to 1%: more spend makes such a metric
	// worse. 0 when it holds up to High or was not sought.
	UpTo float64 `json:"up_to,omitempty"`
	// AtMost is true when less of the metric is better: the goal is then
	// P(metric ≤ target) ≥ confidence.
	AtMost bool `json:"at_most,omitempty"`
	// Constraints are how the answer keeps each constraint asked for.
	Constraints []GoalConstraint `json:"constraints,omitempty"`
	// Verdict compares the plan found with the current plan on
	// DefaultObjective (nil when it could not be judged).
	Verdict *Verdict `json:"verdict,omitempty"`

	// Plan is the scenario at Value and Result its run.
	Plan   *model.Scenario `json:"-"`
	Result *sim.Result     `json:"-"`
	// current is the current plan's run, for the verdict.
	current *sim.Result
}

// GoalConstraint is a constraint as goal's answer keeps it.
type GoalConstraint struct {
	Kept
	// NeverBinds is true when every plan the search ran kept it.
	NeverBinds bool `json:"never_binds,omitempty"`
}

// goalTolerance is the bisection's stopping width, relative to the answer.
const goalTolerance = 1e-3

// Goal finds the smallest lever value in [Low, High] at which
// P(metric ≥ target) ≥ confidence (≤ where less of the metric is better),
// keeping every constraint, with common random numbers (the same seed and
// trials at every step). When no value within the bounds reaches it, it
// says so and diagnoses what caps the metric: sales capacity, channel
// saturation, the market running out, a horizon too short for the
// pipeline, demand for the reps lever, or, for a metric where less is
// better, more spend making it worse.
//
// The plan lever grows the whole budget along a path (goalPath): from
// nothing, each step buys the option with the best expected gain per
// dollar in a mean-flow model of the plan (expectedFlow). The search on
// any lever scans a grid of values with a quarter of the trials, then
// bisects between the last value that falls short and the first that
// reaches the goal with all of them.
//
// The probability need not be exactly monotone in the lever (a different
// spend draws different counts from the same random numbers), so the answer
// is a lever value that reaches the target with a smaller one, within 0.1%,
// that does not.
func Goal(ctx context.Context, s *model.Scenario, opts *sim.Options, spec GoalSpec) (*GoalResult, error) {
	if s == nil {
		return nil, fmt.Errorf("goal: no scenario")
	}
	s = withHorizon(s, opts)
	if spec.Lever == LeverCash {
		return goalCash(ctx, s, opts, spec)
	}
	if spec.Metric == "" {
		spec.Metric = "revenue"
		if !spec.HasTarget && spec.Target == 0 && len(s.Targets) > 0 {
			spec.Metric = s.Targets[0].Metric
			for _, t := range slices.Backward(s.Targets) { // the first where more is better, else the first
				if !LowerIsBetter(t.Metric) && !t.Max {
					spec.Metric = t.Metric
				}
			}
		}
	}
	if err := CheckMetric(s, spec.Metric); err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	if spec.Confidence == 0 {
		spec.Confidence = DefaultConfidence
	}
	if !(spec.Confidence > 0 && spec.Confidence <= 1) {
		return nil, specErrorf("goal: confidence %g is not a probability in (0, 1]: e.g. 0.8", spec.Confidence)
	}
	atMost := LowerIsBetter(spec.Metric)
	target, err := goalTarget(s, spec, atMost)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	spec.Target = target
	for _, c := range spec.Constraints {
		if err := c.Check(s); err != nil {
			return nil, fmt.Errorf("goal: %w", err)
		}
	}
	if spec.Lever == "" {
		spec.Lever = DefaultLever(s)
	}
	if spec.Lever == LeverPlan {
		return goalPlan(ctx, s, opts, spec)
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
		return nil, specErrorf("goal: bounds %g..%g: want 0 ≤ low < high", spec.Low, spec.High)
	}

	rn := newRunner(opts, false)
	g := &GoalResult{
		Metric: spec.Metric, Target: spec.Target, Confidence: spec.Confidence, Lever: spec.Lever, AtMost: atMost,
		Low: spec.Low, High: spec.High, Trials: rn.opts.Trials, Seed: rn.opts.Seed,
		Current: lv.current(s), CurrentMonthlyCost: MonthlyCost(s),
	}
	sk := &seeker{ctx: ctx, rn: rn, spec: spec, atMost: atMost, at: func(x float64) *model.Scenario { return lv.apply(s, x) }}

	cur, err := sk.evalAt(g.Current, s, rn.opts.Trials)
	if err != nil {
		return nil, fmt.Errorf("goal: the current plan: %w", err)
	}
	g.CurrentProbability = cur.p
	g.current = cur.res
	if atMost || len(spec.Constraints) > 0 {
		// Neither the target's chance nor the constraints need grow with
		// the lever: scan, then bisect.
		hi, reached, err := sk.seek(grid(spec.Low, spec.High, g.Current))
		if err != nil {
			return nil, fmt.Errorf("goal: %w", err)
		}
		g.Reached = reached
		g.fill(hi, rn, s)
		if reached && atMost {
			if up, ok, err := sk.upTo(grid(spec.Low, spec.High, g.Current), hi.x); err != nil {
				return nil, fmt.Errorf("goal: %w", err)
			} else if ok {
				g.UpTo = up
			}
		}
		sk.constraints(g)
		if !reached {
			caps := sk.limits(s, hi)
			if len(caps) == 0 {
				caps = diagnose(s, lv, cur, hi)
			}
			g.Cap, g.Diagnosis = caps[0].Kind, goalCapWords(caps)
		}
		g.judge(s)
		g.Finding = g.words()
		return g, nil
	}
	hi, err := sk.evalAt(spec.High, nil, rn.opts.Trials)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	if hi.p < spec.Confidence {
		g.fill(hi, rn, s)
		caps := diagnose(s, lv, cur, hi)
		g.Cap, g.Diagnosis = caps[0].Kind, capWords(caps)
		g.judge(s)
		g.Finding = g.words()
		return g, nil
	}
	lo, err := sk.evalAt(spec.Low, nil, rn.opts.Trials)
	if err != nil {
		return nil, fmt.Errorf("goal: %w", err)
	}
	if lo.p >= spec.Confidence {
		hi = lo
	} else {
		for hi.x-lo.x > goalTolerance*hi.x {
			mid, err := sk.evalAt((lo.x+hi.x)/2, nil, rn.opts.Trials)
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
	g.judge(s)
	g.Finding = g.words()
	return g, nil
}

// goalTarget is the goal's target: the one given, or the scenario's own
// for the metric (a floor where more is better, a ceiling where less is).
// Any finite number will do.
func goalTarget(s *model.Scenario, spec GoalSpec, atMost bool) (float64, error) {
	if spec.HasTarget || spec.Target != 0 {
		if math.IsNaN(spec.Target) || math.IsInf(spec.Target, 0) {
			return 0, specErrorf("target %g: want a finite number", spec.Target)
		}
		return spec.Target, nil
	}
	for _, t := range s.Targets {
		if t.Metric == spec.Metric && t.Max == atMost {
			return t.Value, nil
		}
	}
	return 0, specErrorf("target: none given, and %s sets no target for %s: give one, e.g. %s", s.File, spec.Metric, targetExample(spec.Metric))
}

// targetExample is a target one might give for metric, for messages.
func targetExample(metric string) string {
	m := measure.Of(metric)
	switch m.Unit {
	case measure.Money:
		if m.LowerIsBetter {
			return "20000"
		}
		return "1500000"
	case measure.Count:
		return "60"
	case measure.Share:
		return "0 (break-even) or 0.5"
	case measure.Ratio:
		return "3"
	case measure.Months:
		return "18"
	}
	return "1"
}

// judge gives the verdict on the plan found against the current plan.
func (g *GoalResult) judge(s *model.Scenario) {
	if g.Result == nil || g.current == nil {
		return
	}
	v, err := Judge("the plan found", "today's plan", g.Result, g.current, DefaultObjective(s), g.MonthlyCost-g.CurrentMonthlyCost)
	if err == nil {
		g.Verdict = &v
	}
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
	return lever{}, specErrorf("unknown lever %q: use plan, budget, channel:NAME, reps or cash", spec)
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

// withHorizon is s with the horizon opts run it for, so that the
// expected flow and monthly costs count the months the engine does.
func withHorizon(s *model.Scenario, opts *sim.Options) *model.Scenario {
	if opts == nil || opts.Horizon <= 0 || opts.Horizon == s.Horizon {
		return s
	}
	c := s.Clone()
	c.Horizon = opts.Horizon
	return c
}
