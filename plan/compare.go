package plan

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/harvest-planning/harvest/finitejson"
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
	// Findings say in words, for each plan after the first, how it fares
	// against the first on the first metric, the plan that gains most
	// first.
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
	// Trials holds each trial's difference (NaN where undefined), for plots.
	Trials []float64 `json:"-"`
}

// MarshalJSON shows only the defined count when no trial defines the
// difference, so that no NaN reaches the JSON; a statistic past the float
// range is null.
func (d Difference) MarshalJSON() ([]byte, error) {
	if d.Defined == 0 {
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
// better for the rest. A plan compared with itself differs by zero in every
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
	var fs []Finding
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
		fs = append(fs, versus(pr, &c.Plans[0], metrics[0]))
	}
	// The plan that gains most on the headline comes first.
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Importance != b.Importance {
			return cmp.Compare(b.Importance, a.Importance)
		}
		return cmp.Compare(gain(b), gain(a))
	})
	for _, f := range fs {
		c.Findings = append(c.Findings, f.String())
	}
	return c, nil
}

// versus is how a plan fares against the base on one metric.
func versus(p, base *PlanResult, metric string) Finding {
	d := p.VersusBase[metric]
	f := Finding{Kind: Versus, Importance: Lead, Metric: metric, Subject: p.Name, Other: base.Name,
		Value: d.Mean, Low: z95 * d.SE, Share: d.PBeats, Ref: p.MonthlyCost - base.MonthlyCost}
	if d.Defined == 0 {
		f.Kind, f.Importance = VersusUndefined, Context
	}
	return f
}

// gain is a Versus finding's mean difference in the direction that is
// better for its metric.
func gain(f Finding) float64 {
	if LowerIsBetter(f.Metric) {
		return -f.Value
	}
	return f.Value
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
	return valueDifference(xa, xb, LowerIsBetter(metric)), nil
}
