package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// This file holds the pieces every planning question shares: plans, metric
// lookup, levers that edit a scenario's decisions, a plan's monthly cost,
// channel response curves at mean values, and running the engine several
// times with common random numbers. The optimizer reuses them.

// Plan is a named scenario to run: a file, or a variant of one.
type Plan struct {
	Name     string          `json:"name"`
	Scenario *model.Scenario `json:"-"`
}

// SpecError is a question put wrongly: a metric, target, lever, bound,
// objective or option the scenario does not have, or a value out of its
// range. The planners return it (wrapped) before running anything;
// commands report it as wrong usage (errors.As).
type SpecError struct{ Err error }

func (e *SpecError) Error() string { return e.Err.Error() }
func (e *SpecError) Unwrap() error { return e.Err }

// specErrorf returns a *SpecError with the formatted message.
func specErrorf(format string, a ...any) error {
	return &SpecError{fmt.Errorf(format, a...)}
}

// scenarioTarget returns target, or when it is 0 the scenario's own
// target for metric (a floor, {min: X} or a number).
func scenarioTarget(s *model.Scenario, metric string, target float64) (float64, error) {
	if target != 0 {
		return target, nil
	}
	for _, t := range s.Targets {
		if t.Metric == metric && !t.Max {
			return t.Value, nil
		}
	}
	return 0, specErrorf("target: none given, and %s sets no target for %s: give one, e.g. 1500000", s.File, metric)
}

// BaseName is the name Variants gives the scenario as written.
const BaseName = "base"

// Variants returns the scenario as written (named BaseName) followed by each
// of its in-file variants. Each plan is parsed afresh from the file's text
// with overrides then the variant's overrides applied, so a variant is
// validated exactly like --set; overrides are the command line's --set
// values, which every plan shares.
func Variants(s *model.Scenario, overrides ...string) ([]Plan, error) {
	if s == nil {
		return nil, fmt.Errorf("no scenario")
	}
	plans := []Plan{{Name: BaseName, Scenario: s}}
	for _, v := range s.Variants {
		all := append(slices.Clip(overrides), v.Overrides...)
		vs, err := model.Parse(s.File, s.Source, all)
		if err != nil {
			return nil, fmt.Errorf("variant %s: %w", v.Name, err)
		}
		plans = append(plans, Plan{Name: v.Name, Scenario: vs})
	}
	return plans, nil
}

// LowerIsBetter reports whether less of metric is better, as the catalog
// says (measure.Metric.LowerIsBetter): costs, cost ratios, payback and
// people lost, and a channel's spend and CAC ("channels.NAME.cac").
func LowerIsBetter(metric string) bool { return measure.Of(metric).LowerIsBetter }

// DefaultMetrics are the metrics Compare shows when none are asked for.
var DefaultMetrics = []string{
	"revenue", "new_customers", "spend", "cac", "roi", "lifetime_roi", "ltv_cac", "payback_months",
}

// CheckMetric returns an error unless metric names a result of the
// scenario: one of measure.Names, "stages.STAGE" (people reaching a stage)
// or "channels.CHANNEL.METRIC" (METRIC one of measure.ChannelNames), and,
// for a metric a run measures only when a key is given (measure.Metric's
// Needs: market_reached needs market.size), a scenario that gives it.
func CheckMetric(s *model.Scenario, metric string) error {
	if measure.IsMetric(metric) {
		if m := measure.Of(metric); !sim.Measures(s, m, nil) {
			return specErrorf("metric %q: %s needs %s, which %s does not give", metric, metric, m.Needs, scenarioName(s))
		}
		return nil
	}
	if name, ok := strings.CutPrefix(metric, "stages."); ok {
		if slices.Contains(s.Funnel.Stages, name) {
			return nil
		}
		return specErrorf("metric %q: no stage %q (stages: %s)", metric, name, strings.Join(s.Funnel.Stages, ", "))
	}
	if rest, ok := strings.CutPrefix(metric, "channels."); ok {
		name, m, _ := strings.Cut(rest, ".")
		i, err := channelIndex(s, name)
		if err != nil {
			return fmt.Errorf("metric %q: %w", metric, err)
		}
		cm, ok := measure.Channel(m)
		if !ok {
			return specErrorf("metric %q: %q is not a channel metric (use one of %s)",
				metric, m, strings.Join(measure.ChannelNames(), ", "))
		}
		if !sim.Measures(s, cm, &s.Channels[i]) {
			return specErrorf("metric %q: %s needs %s, which %s does not give", metric, metric,
				strings.Replace(cm.Needs, "NAME", name, 1), scenarioName(s))
		}
		return nil
	}
	return specErrorf("unknown metric %q: use one of %s, stages.STAGE or channels.CHANNEL.METRIC",
		metric, strings.Join(measure.Names(), ", "))
}

// scenarioName names a scenario in a message: its file, or "the scenario".
func scenarioName(s *model.Scenario) string {
	if s.File == "" {
		return "the scenario"
	}
	return s.File
}

// Values returns a metric's per-trial values in a run (NaN where
// undefined), by the names CheckMetric accepts: a metric, "stages.STAGE"
// or "channels.CHANNEL.METRIC".
func Values(r *sim.Result, metric string) ([]float64, error) {
	if xs, ok := r.Metrics[metric]; ok {
		return xs, nil
	}
	if name, ok := strings.CutPrefix(metric, "stages."); ok {
		for _, st := range r.Stages {
			if st.Name == name {
				return st.Reached, nil
			}
		}
	}
	if rest, ok := strings.CutPrefix(metric, "channels."); ok {
		name, m, _ := strings.Cut(rest, ".")
		for _, ch := range r.Channels {
			if ch.Name == name {
				if xs, ok := ch.Metrics[m]; ok {
					return xs, nil
				}
			}
		}
	}
	return nil, fmt.Errorf("unknown metric %q", metric)
}

// channelIndex returns the index of the channel called name.
func channelIndex(s *model.Scenario, name string) (int, error) {
	names := make([]string, len(s.Channels))
	for i, ch := range s.Channels {
		if ch.Name == name {
			return i, nil
		}
		names[i] = ch.Name
	}
	return -1, specErrorf("no channel %q (channels: %s)", name, strings.Join(names, ", "))
}

// setChannelSpend sets channel i's monthly spend: a schedule that moves
// month by month is scaled so that its mean over the horizon is spend,
// keeping its shape; a constant one, or one that spends nothing, becomes
// spend every month. A headcount channel gets the headcount that spend
// buys (spend / cost_per_head, step by step). The scenario's budget split
// no longer describes the plan once a spend is edited, so it is dropped:
// the channels carry their own spend (reps the split bought stay in
// Sales.Reps, its hires and cuts in Sales.Hires and Sales.Cuts).
func setChannelSpend(s *model.Scenario, i int, spend float64) {
	ch := &s.Channels[i]
	if mean := ch.Spend.Mean(s.Horizon); ch.Spend.IsConstant() || !(mean > 0) {
		ch.Spend = model.Constant(spend)
	} else {
		ch.Spend = ch.Spend.Scaled(spend / mean)
	}
	if ch.Response == model.Headcount && ch.CostPerHead > 0 {
		ch.Headcount = make(model.Schedule, len(ch.Spend))
		for k, st := range ch.Spend {
			ch.Headcount[k] = model.Step{Month: st.Month, Value: st.Value / ch.CostPerHead}
		}
	}
	s.Budget = nil
}

// monthlySpend is a channel's monthly spend as plans weigh it: its
// schedule's mean over the horizon (a constant schedule's value).
func monthlySpend(s *model.Scenario, ch *model.Channel) float64 { return ch.Spend.Mean(s.Horizon) }

// setReps sets the sales team's starting reps; hires are unchanged.
func setReps(s *model.Scenario, reps float64) {
	if s.Sales != nil {
		s.Sales.Reps = reps
		s.Budget = nil
	}
}

// MonthlyCost is a plan's monthly run rate once every hire has joined:
// every channel's mean monthly spend over the horizon (a schedule that
// moves counts at its average) plus (reps + hires − cuts) × cost_per_rep.
// Commission and onboarding are left out: they follow the wins, not the
// plan.
func MonthlyCost(s *model.Scenario) float64 {
	var c float64
	for i := range s.Channels {
		c += monthlySpend(s, &s.Channels[i])
	}
	if s.Sales != nil {
		reps := s.Sales.Reps
		for _, h := range s.Sales.Hires {
			reps += h.Reps
		}
		for _, h := range s.Sales.Cuts {
			reps -= h.Reps
		}
		c += reps * s.Sales.CostPerRep
	}
	return c
}

// ExpectedEntries is a channel's expected entries per month at a steady
// monthly spend, with every uncertain parameter at its mean and no
// volatility: the response formulas of DESIGN.md's Channels section.
// Carryover spreads spend over later months without changing the steady
// state, so it is ignored. A headcount channel's spend buys
// spend / cost_per_head heads at full ramp.
func ExpectedEntries(ch *model.Channel, spend float64) float64 {
	if spend <= 0 {
		return 0
	}
	switch ch.Response {
	case model.Linear:
		return spend / ch.UnitCost.Mean()
	case model.Saturating:
		m, c := ch.MaxPerMonth.Mean(), ch.UnitCost.Mean()
		return m * -math.Expm1(-spend/(c*m))
	case model.Hill:
		m, k, sh := ch.MaxPerMonth.Mean(), ch.HalfSaturation.Mean(), ch.Shape.Mean()
		return m / (1 + math.Pow(k/spend, sh))
	case model.Headcount:
		if ch.CostPerHead <= 0 {
			return 0
		}
		return spend / ch.CostPerHead * ch.OutputPerHead.Mean()
	}
	return 0
}

// MarginalEntries is the derivative of ExpectedEntries with respect to
// spend: extra entries per month per extra dollar a month.
func MarginalEntries(ch *model.Channel, spend float64) float64 {
	spend = math.Max(spend, 0)
	switch ch.Response {
	case model.Linear:
		return 1 / ch.UnitCost.Mean()
	case model.Saturating:
		m, c := ch.MaxPerMonth.Mean(), ch.UnitCost.Mean()
		return math.Exp(-spend/(c*m)) / c
	case model.Hill:
		m, k, sh := ch.MaxPerMonth.Mean(), ch.HalfSaturation.Mean(), ch.Shape.Mean()
		if spend == 0 {
			switch {
			case sh < 1:
				return math.Inf(1)
			case sh == 1:
				return m / k
			}
			return 0
		}
		r := math.Pow(k/spend, sh)
		return m * sh * r / (spend * (1 + r) * (1 + r))
	case model.Headcount:
		if ch.CostPerHead <= 0 {
			return 0
		}
		return ch.OutputPerHead.Mean() / ch.CostPerHead
	}
	return 0
}

// SpendFor inverts ExpectedEntries: the monthly spend at which the channel
// expects entries a month. ok is false when the channel cannot reach that
// many (a saturating or hill channel's ceiling is max_per_month).
func SpendFor(ch *model.Channel, entries float64) (spend float64, ok bool) {
	if entries <= 0 {
		return 0, true
	}
	switch ch.Response {
	case model.Linear:
		return entries * ch.UnitCost.Mean(), true
	case model.Saturating:
		m, c := ch.MaxPerMonth.Mean(), ch.UnitCost.Mean()
		if entries >= m {
			return math.Inf(1), false
		}
		return -c * m * math.Log1p(-entries/m), true
	case model.Hill:
		m, k, sh := ch.MaxPerMonth.Mean(), ch.HalfSaturation.Mean(), ch.Shape.Mean()
		if entries >= m {
			return math.Inf(1), false
		}
		return k * math.Pow(entries/(m-entries), 1/sh), true
	case model.Headcount:
		out := ch.OutputPerHead.Mean()
		if out <= 0 || ch.CostPerHead <= 0 {
			return math.Inf(1), false
		}
		return entries / out * ch.CostPerHead, true
	}
	return math.Inf(1), false
}

// runner runs the engine several times with the same options, so every run
// shares its random numbers with the others (common random numbers). When
// the caller's options carry a Progress function it sees the trials done
// over all runs so far.
type runner struct {
	opts     sim.Options
	progress func(int)
	done     int
	runs     int
}

// newRunner resolves opts' defaults (trials and seed) so every run uses the
// same values. keepPaths false drops the monthly paths, which repeated
// evaluations do not need.
func newRunner(opts *sim.Options, keepPaths bool) *runner {
	var o sim.Options
	if opts != nil {
		o = *opts
	}
	if o.Trials == 0 {
		o.Trials = sim.DefaultTrials
	}
	if o.Seed == 0 {
		o.Seed = sim.DefaultSeed
	}
	if !keepPaths {
		o.Paths = -1
	}
	r := &runner{opts: o, progress: o.Progress}
	r.opts.Progress = nil
	return r
}

func (r *runner) run(ctx context.Context, s *model.Scenario) (*sim.Result, error) {
	o := r.opts
	if r.progress != nil {
		base := r.done
		o.Progress = func(done int) { r.progress(base + done) }
	}
	res, err := sim.Run(ctx, s, &o)
	r.runs++
	r.done += o.Trials
	return res, err
}

// summarize is sim.Summarize of a metric of a result.
func summarize(r *sim.Result, metric string) (sim.Stats, error) {
	xs, err := Values(r, metric)
	if err != nil {
		return sim.Stats{}, err
	}
	return sim.Summarize(xs), nil
}

// defined reports whether x is a number a statistic may use.
func defined(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// ranks returns the ranks (1-based, ties averaged) of xs.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	r := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && xs[idx[j]] == xs[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of ranks i+1 … j
		for k := i; k < j; k++ {
			r[idx[k]] = avg
		}
		i = j
	}
	return r
}
