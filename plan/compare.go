package plan

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/harvest-planning/harvest/finitejson"
	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/sim"
)

// Comparison is several plans run with the same seed and trial count, side
// by side, each against the first.
type Comparison struct {
	Trials int    `json:"trials"`
	Seed   uint64 `json:"seed"`
	// Metrics are the metrics compared, in the order asked for.
	Metrics []string     `json:"metrics"`
	Plans   []PlanResult `json:"plans"`
	// Objective is what the verdicts judge the plans on: one of
	// Objectives, DefaultObjective of the first plan unless Decide was
	// given another.
	Objective string `json:"objective"`
	// Verdicts say, for each plan after the first in order, whether to
	// pick it over the first and how sure that is (Judge).
	Verdicts []Verdict `json:"verdicts,omitempty"`
	// Best, with three plans or more, is the verdict of the plan with the
	// highest mean objective (Plan) over the runner-up (Base): which plan
	// is best overall, and how sure.
	Best *Verdict `json:"best,omitempty"`
	// Findings say the verdicts in words: a sentence per plan after the
	// first, then which plan is best overall.
	Findings []string `json:"findings,omitempty"`
}

// PlanResult is one plan's outcome in a Comparison.
type PlanResult struct {
	Name          string  `json:"name"`
	Scenario      string  `json:"scenario"`
	HorizonMonths int     `json:"horizon_months"`
	MonthlyCost   float64 `json:"monthly_cost"`
	// Metrics holds the plan's statistics for each compared metric.
	Metrics map[string]sim.Stats `json:"metrics"`
	// VersusBase holds, for every plan after the first, each metric's
	// trial-by-trial difference from the first plan; nil for the first.
	VersusBase map[string]Difference `json:"versus_base,omitempty"`
	// Result is the plan's full run, for tables and plots.
	Result *sim.Result `json:"-"`
}

// Difference is a metric's trial-by-trial difference between a plan and the
// base (plan − base). Because both ran with the same random numbers, the
// difference in a trial is the plans' doing, not luck's.
type Difference struct {
	// Mean, SE (its Monte Carlo standard error) and percentiles of the
	// difference, over the trials where both plans define the metric.
	Mean float64 `json:"mean"`
	SE   float64 `json:"se"`
	P10  float64 `json:"p10"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	// PBeats is the share of those trials in which the plan is strictly
	// better than the base: higher, or lower when LowerIsBetter.
	PBeats        float64 `json:"p_beats"`
	LowerIsBetter bool    `json:"lower_is_better,omitempty"`
	// Defined is the number of trials where both plans define the metric;
	// when 0 the other numbers are meaningless and JSON omits them.
	Defined int `json:"defined"`
	// Beyond, for a metric whose undefined lies past the horizon
	// (BeyondHorizon: runway_months, break_even_month), is the number of
	// trials where one plan's value or both lie past it. PBeats counts them
	// too, such a value taken as +Inf (a cash that lasts beats any runway;
	// both lasting is a tie), over Defined + Beyond trials; the mean and
	// percentiles are over the Defined ones.
	Beyond int `json:"beyond,omitempty"`
	// Trials holds each trial's difference (NaN where undefined), for plots.
	Trials []float64 `json:"-"`
}

// MarshalJSON shows only the defined count when no trial defines the
// difference, so that no NaN reaches the JSON; a statistic past the float
// range is null.
func (d Difference) MarshalJSON() ([]byte, error) {
	if d.Defined == 0 {
		if d.Beyond > 0 {
			return finitejson.Marshal(struct {
				PBeats        float64 `json:"p_beats"`
				LowerIsBetter bool    `json:"lower_is_better,omitempty"`
				Defined       int     `json:"defined"`
				Beyond        int     `json:"beyond"`
			}{d.PBeats, d.LowerIsBetter, 0, d.Beyond})
		}
		return json.Marshal(struct {
			LowerIsBetter bool `json:"lower_is_better,omitempty"`
			Defined       int  `json:"defined"`
		}{d.LowerIsBetter, 0})
	}
	type plain Difference
	return finitejson.Marshal(plain(d))
}

// Compare runs every plan with the same options (seed, trials, horizon) and
// compares metrics (DefaultMetrics when empty; any name CheckMetric
// accepts). For each plan after the first and each metric it gives the
// distribution of the trial-by-trial difference from the first plan and
// P(plan beats base): the share of trials, among those where both define
// the metric, in which the plan is strictly better. Less is better for the
// metrics LowerIsBetter lists (cac, payback_months, spend, losses); more is
// better for the rest. For runway_months and break_even_month a future
// past the horizon (BeyondHorizon) counts too, as +Inf: a cash that lasts
// beats any runway (Difference.Beyond). A plan compared with itself differs by zero in every
// trial and beats the base with probability 0.
//
// Plans must cover the same horizon (or opts.Horizon must set one) so that
// totals compare like for like. opts.Progress, when set, sees the trials
// done over all plans: len(plans) × trials in all.
func Compare(ctx context.Context, plans []Plan, opts *sim.Options, metrics []string) (*Comparison, error) {
	if len(plans) == 0 {
		return nil, fmt.Errorf("compare: no plans to compare")
	}
	if len(metrics) == 0 {
		metrics = DefaultMetrics
	}
	metrics = slices.Clone(metrics)
	seen := map[string]bool{}
	for i, p := range plans {
		if p.Scenario == nil {
			return nil, fmt.Errorf("compare: plan %q has no scenario", p.Name)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("compare: two plans are called %q: give each plan its own name", p.Name)
		}
		seen[p.Name] = true
		for _, m := range metrics {
			if err := CheckMetric(p.Scenario, m); err != nil {
				return nil, fmt.Errorf("compare: plan %s: %w", p.Name, err)
			}
		}
		if (opts == nil || opts.Horizon == 0) && p.Scenario.Horizon != plans[0].Scenario.Horizon {
			return nil, fmt.Errorf("compare: plan %s covers %d months and plan %s covers %d: "+
				"set the horizon (--horizon) so that the plans compare like for like",
				plans[0].Name, plans[0].Scenario.Horizon, plans[i].Name, p.Scenario.Horizon)
		}
	}
	rn := newRunner(opts, true)
	c := &Comparison{Trials: rn.opts.Trials, Seed: rn.opts.Seed, Metrics: metrics}
	for _, p := range plans {
		res, err := rn.run(ctx, p.Scenario)
		if err != nil {
			return nil, fmt.Errorf("compare: plan %s: %w", p.Name, err)
		}
		pr := PlanResult{
			Name:          p.Name,
			Scenario:      p.Scenario.Name,
			HorizonMonths: res.Horizon,
			MonthlyCost:   MonthlyCost(p.Scenario),
			Metrics:       make(map[string]sim.Stats, len(metrics)),
			Result:        res,
		}
		for _, m := range metrics {
			if pr.Metrics[m], err = summarize(res, m); err != nil {
				return nil, fmt.Errorf("compare: plan %s: %w", p.Name, err)
			}
		}
		c.Plans = append(c.Plans, pr)
	}
	base := c.Plans[0].Result
	for i := 1; i < len(c.Plans); i++ {
		pr := &c.Plans[i]
		pr.VersusBase = make(map[string]Difference, len(metrics))
		for _, m := range metrics {
			d, err := difference(pr.Result, base, m)
			if err != nil {
				return nil, fmt.Errorf("compare: plan %s: %w", pr.Name, err)
			}
			pr.VersusBase[m] = d
		}
	}
	if err := c.Decide(DefaultObjective(plans[0].Scenario)); err != nil {
		return nil, err
	}
	return c, nil
}

// Decide judges the plans on an objective (one of Objectives; ""
// keeps the one they were judged on): each plan after the first against
// the first (Verdicts) and, with three plans or more, the best overall
// against the runner-up (Best), and says so in Findings. The plans'
// metrics are not the objective's: a plan may bring more revenue and
// still lose on lifetime value, because it costs more than it brings.
func (c *Comparison) Decide(objective string) error {
	if objective == "" {
		objective = c.Objective
	}
	if !slices.Contains(Objectives, objective) {
		return specErrorf("objective %q: use one of %s", objective, strings.Join(Objectives, ", "))
	}
	if len(c.Plans) == 0 {
		return fmt.Errorf("compare: no plans to judge")
	}
	c.Objective, c.Verdicts, c.Best, c.Findings = objective, nil, nil, nil
	base := &c.Plans[0]
	for i := 1; i < len(c.Plans); i++ {
		pr := &c.Plans[i]
		v, err := Judge(pr.Name, base.Name, pr.Result, base.Result, objective, pr.MonthlyCost-base.MonthlyCost)
		if err != nil {
			return fmt.Errorf("compare: plan %s on %s: %w", pr.Name, ObjectiveNoun(objective), err)
		}
		c.Verdicts = append(c.Verdicts, v)
		c.Findings = append(c.Findings, v.Sentence)
	}
	if len(c.Plans) < 3 {
		return nil
	}
	// The best plan by mean objective, judged against the runner-up.
	means := make([]float64, len(c.Plans))
	for i, pr := range c.Plans {
		xs, err := objectiveValues(pr.Result, objective, nil)
		if err != nil {
			return fmt.Errorf("compare: plan %s on %s: %w", pr.Name, ObjectiveNoun(objective), err)
		}
		means[i] = score(xs, "mean")
	}
	order := make([]int, len(c.Plans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(means[b], means[a]) })
	best, next := &c.Plans[order[0]], &c.Plans[order[1]]
	v, err := Judge(best.Name, next.Name, best.Result, next.Result, objective, best.MonthlyCost-next.MonthlyCost)
	if err != nil {
		return fmt.Errorf("compare: plan %s on %s: %w", best.Name, ObjectiveNoun(objective), err)
	}
	v.Sentence = v.bestSentence(len(c.Plans))
	c.Best = &v
	c.Findings = append(c.Findings, v.Sentence)
	return nil
}

// difference compares a metric of two runs made with the same seed and
// trial count, trial by trial: a − b (valueDifference, shared with the
// optimizer, does the arithmetic).
func difference(a, b *sim.Result, metric string) (Difference, error) {
	xa, err := Values(a, metric)
	if err != nil {
		return Difference{}, err
	}
	xb, err := Values(b, metric)
	if err != nil {
		return Difference{}, err
	}
	if len(xa) != len(xb) {
		return Difference{}, fmt.Errorf("%s: runs of %d and %d trials cannot be compared trial by trial",
			metric, len(xa), len(xb))
	}
	d := valueDifference(xa, xb, LowerIsBetter(metric))
	if d.SE < 1e-9*math.Abs(d.Mean) {
		// A difference the same in every future but for the arithmetic's
		// rounding (two starting cashes: the cash at every month-end
		// differs by theirs): no Monte Carlo error would be this small.
		d.SE = 0
	}
	if BeyondHorizon(metric) {
		beyondBeats(&d, metric, xa, xb)
	}
	return d, nil
}

// beyondBeats counts, in d.PBeats, the trials where a's value or b's lies
// past the horizon, as +Inf (Difference.Beyond).
func beyondBeats(d *Difference, metric string, a, b []float64) {
	beats := d.PBeats * float64(d.Defined)
	for i := range a {
		if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
			continue
		}
		d.Beyond++
		x, y := orBeyond(metric, a[i]), orBeyond(metric, b[i])
		if d.LowerIsBetter && x < y || !d.LowerIsBetter && x > y {
			beats++
		}
	}
	if n := d.Defined + d.Beyond; n > 0 {
		d.PBeats = math.Round(beats) / float64(n)
	}
}

// bestSentence says which of n plans is best overall, v being the best's
// verdict over the runner-up: "Best of the 3 plans on lifetime value:
// more_ads, ahead of the runner-up new_ae by +$21.0k ± $1.2k, better than
// it in 71% of futures."
func (v Verdict) bestSentence(n int) string {
	u := ObjectiveUnit(v.Objective)
	noun := ObjectiveNoun(v.Objective)
	of := fmt.Sprintf("Best of the %d plans on %s", n, noun)
	by := u.SignedPlusMinus(v.Gain.Mean, v.Gain.SE)
	better := "better than it in " + measure.Share.Format(v.Gain.PBeats) + " of futures"
	switch v.Call {
	case Pick:
		return fmt.Sprintf("%s: %s, ahead of the runner-up %s by %s, %s.", of, v.Plan, v.Base, by, better)
	case Lean:
		return fmt.Sprintf("%s, not yet sure: %s, ahead of the runner-up %s by %s, %s; more trials would settle it.", of, v.Plan, v.Base, by, better)
	}
	return fmt.Sprintf("%s: too close to call between %s and %s (%s for %s, %s).", of, v.Plan, v.Base, by, v.Plan, better)
}
