package plan

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// DefaultMaxTrials caps RunToPrecision when no cap is given.
const DefaultMaxTrials = 200000

// z95 is the normal quantile of a two-sided 95% interval.
const z95 = 1.959963984540054

// How a precision run stopped (Precision.StoppedBy).
const (
	StoppedByPrecision = "precision"
	StoppedByCap       = "cap"
	StoppedByMemory    = "memory" // twice the trials would not fit (sim.MemoryError)
)

// Precision says how precisely a run estimates a metric's mean: the Monte
// Carlo standard error and the 95% interval's half-width 1.96·SE.
type Precision struct {
	Metric string `json:"metric"`
	// Plan names the plan that set the figures (CompareToPrecision: the
	// least precise plan); empty for a single run.
	Plan string `json:"plan,omitempty"`
	// Relative is the half-width asked for, as a share of |mean|.
	Relative  float64 `json:"relative"`
	MaxTrials int     `json:"max_trials"`
	// Trials is the trial count of the final run; Runs the runs made.
	Trials int `json:"trials"`
	Runs   int `json:"runs"`

	Mean      float64 `json:"mean"`
	SE        float64 `json:"se"`
	HalfWidth float64 `json:"half_width"`
	// Achieved is HalfWidth / |Mean| (0 when the mean is 0).
	Achieved float64 `json:"achieved"`
	// Reached says whether HalfWidth ≤ Relative·|Mean|; StoppedBy is
	// "precision" when it is, "cap" when MaxTrials stopped the runs first,
	// "memory" when the machine's memory did (the next run would not fit).
	Reached   bool   `json:"reached"`
	StoppedBy string `json:"stopped_by"`
	Finding   string `json:"finding"`
}

// RunToPrecision runs the scenario with opts.Trials trials (sim's default
// when 0), then again with twice as many, and so on, with the same seed
// each time, until the 95% interval of metric's mean is within ±rel of it
// (1.96·SE ≤ rel·|mean|) or maxTrials (DefaultMaxTrials when 0) is reached,
// or the next run would not fit in the machine's memory (sim.MemoryError).
// Trial i draws the same random numbers in every run, so each run extends
// the one before, and the whole sequence is reproducible. It returns the
// last run. opts.Progress, when set, sees each run's trials counted from 0.
func RunToPrecision(ctx context.Context, s *model.Scenario, opts *sim.Options, metric string, rel float64, maxTrials int) (*sim.Result, Precision, error) {
	if s == nil {
		return nil, Precision{}, fmt.Errorf("precision: no scenario")
	}
	if metric == "" {
		metric = "revenue"
	}
	if err := CheckMetric(s, metric); err != nil {
		return nil, Precision{}, fmt.Errorf("precision: %w", err)
	}
	var res *sim.Result
	pr, err := toPrecision(opts, metric, rel, maxTrials, func(o *sim.Options) ([]named, error) {
		r, err := sim.Run(ctx, s, o)
		if err != nil {
			return nil, err
		}
		res = r
		st, err := summarize(r, metric)
		return []named{{stats: st}}, err
	})
	return res, pr, err
}

// CompareToPrecision is Compare run to precision: trials double, with the
// same seed, until the 95% interval of the first metric's mean (the
// headline, revenue by default) is within ±rel of it for every plan, or
// maxTrials is reached. Precision names the least precise plan.
func CompareToPrecision(ctx context.Context, plans []Plan, opts *sim.Options, metrics []string, rel float64, maxTrials int) (*Comparison, Precision, error) {
	if len(metrics) == 0 {
		metrics = DefaultMetrics
	}
	var c *Comparison
	pr, err := toPrecision(opts, metrics[0], rel, maxTrials, func(o *sim.Options) ([]named, error) {
		cmp, err := Compare(ctx, plans, o, metrics)
		if err != nil {
			return nil, err
		}
		c = cmp
		out := make([]named, len(cmp.Plans))
		for i, p := range cmp.Plans {
			out[i] = named{name: p.Name, stats: p.Metrics[metrics[0]]}
		}
		return out, nil
	})
	return c, pr, err
}

// named is one plan's statistics of the headline metric.
type named struct {
	name  string
	stats sim.Stats
}

// toPrecision doubles the trials given to run until every plan's headline
// mean is precise enough or the cap is reached.
func toPrecision(opts *sim.Options, metric string, rel float64, maxTrials int, run func(*sim.Options) ([]named, error)) (Precision, error) {
	if !(rel > 0 && rel < 1) {
		return Precision{}, specErrorf("precision: %g is not a share in (0, 1): e.g. 0.01 for ±1%%", rel)
	}
	if maxTrials == 0 {
		maxTrials = DefaultMaxTrials
	}
	if maxTrials < 2 {
		return Precision{}, specErrorf("precision: a cap of %d trials: want at least 2", maxTrials)
	}
	var o sim.Options
	if opts != nil {
		o = *opts
	}
	if o.Trials == 0 {
		o.Trials = sim.DefaultTrials
	}
	if o.Trials < 2 {
		o.Trials = 2
	}
	o.Trials = min(o.Trials, maxTrials)
	p := Precision{Metric: metric, Relative: rel, MaxTrials: maxTrials}
	for {
		plans, err := run(&o)
		if _, full := errors.AsType[*sim.MemoryError](err); full && p.Runs > 0 {
			p.StoppedBy = StoppedByMemory
			break
		}
		if err != nil {
			return p, fmt.Errorf("precision: %w", err)
		}
		p.Runs++
		p.Trials = o.Trials
		// The least precise plan decides.
		worst := -1.0
		for _, pl := range plans {
			st := pl.stats
			if st.Defined < 2 {
				return p, fmt.Errorf("precision: %s is defined in %d of %d trials: its mean has no standard error",
					metric, st.Defined, o.Trials)
			}
			hw := z95 * st.SE
			ach := 0.0
			if hw > 0 {
				ach = hw / math.Abs(st.Mean) // +Inf when the mean is 0
			}
			if ach > worst {
				worst = ach
				p.Plan, p.Mean, p.SE, p.HalfWidth, p.Achieved = pl.name, st.Mean, st.SE, hw, ach
			}
		}
		if p.HalfWidth <= rel*math.Abs(p.Mean) {
			p.Reached, p.StoppedBy = true, StoppedByPrecision
			break
		}
		if o.Trials >= maxTrials {
			p.StoppedBy = StoppedByCap
			break
		}
		o.Trials = min(2*o.Trials, maxTrials)
	}
	if math.IsInf(p.Achieved, 0) {
		p.Achieved = 0
	}
	p.Finding = p.words()
	return p, nil
}
