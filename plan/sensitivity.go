package plan

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
	"gonum.org/v1/gonum/stat"
)

// SensitivityResult says which uncertain inputs drive a metric's spread: a tornado
// of swings and each input's rank correlation with the metric.
type SensitivityResult struct {
	Metric string `json:"metric"`
	Trials int    `json:"trials"`
	Seed   uint64 `json:"seed"`
	// Base is the metric's statistics with every input drawn as usual.
	Base sim.Stats `json:"base"`
	// Inputs has one entry per uncertain input, largest swing first: the
	// tornado's bars, top to bottom.
	Inputs []InputSensitivity `json:"inputs"`
	// Finding says in words which input is most worth learning better.
	Finding string `json:"finding"`
}

// InputSensitivity is one uncertain input's effect on the metric. Its
// tornado bar runs from MeanAtLow to MeanAtHigh around Base.Mean.
type InputSensitivity struct {
	Key    string `json:"key"`
	Form   string `json:"form,omitempty"`
	Family string `json:"family"`
	// Low and High are the input's 10th and 90th percentiles.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// MeanAtLow and MeanAtHigh are the metric's mean over a run with the
	// input held at Low (High) and every other input drawn as usual.
	MeanAtLow  float64 `json:"mean_at_low"`
	MeanAtHigh float64 `json:"mean_at_high"`
	// Swing is |MeanAtHigh − MeanAtLow|; SwingSE its Monte Carlo standard
	// error, from the trial-by-trial differences of the two runs.
	Swing   float64 `json:"swing"`
	SwingSE float64 `json:"swing_se"`
	// Spearman is the rank correlation between the input's draws and the
	// metric across the base run's trials (over trials defining the
	// metric; 0 when either is constant).
	Spearman float64 `json:"spearman"`
	// Undefined is true when the metric was undefined in every trial of a
	// held run, so the swing is not known (and shown as 0).
	Undefined bool `json:"undefined,omitempty"`

	unit measure.Unit // how Low and High read, for the finding
}

// Sensitivity runs the scenario once as written, then twice for each
// uncertain input (every entry of s.Values() that is not fixed): once with
// the input held at its 10th percentile and once at its 90th, every other
// input drawn as usual from the same random numbers. The swing is the
// distance between the metric's means in the two runs; inputs are sorted by
// swing, largest first. opts.Progress, when set, sees the trials done over
// all 1 + 2·inputs runs.
func Sensitivity(ctx context.Context, s *model.Scenario, opts *sim.Options, metric string) (*SensitivityResult, error) {
	if s == nil {
		return nil, fmt.Errorf("sensitivity: no scenario")
	}
	if metric == "" {
		metric = "revenue"
	}
	if err := CheckMetric(s, metric); err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	rn := newRunner(opts, false)
	base, err := rn.run(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	ys, err := Values(base, metric)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	out := &SensitivityResult{Metric: metric, Trials: rn.opts.Trials, Seed: rn.opts.Seed, Base: sim.Summarize(ys)}
	if out.Base.Defined == 0 {
		why := measure.Of(metric).Undefined
		if out.Base.Overflow == out.Base.Undefined {
			why = measure.OverflowReason
		}
		return nil, fmt.Errorf("sensitivity: %s is undefined in every trial (%s): choose another metric", metric, why)
	}

	for _, nv := range s.Values() {
		v := *nv.Value
		if v.IsFixed() {
			continue
		}
		in := InputSensitivity{
			Key: nv.Key, Form: v.Form, Family: v.Family.String(),
			Low: v.Quantile(0.1), High: v.Quantile(0.9),
			unit: model.KeyUnit(nv.Key),
		}
		lo, err := runHeld(ctx, rn, s, nv.Key, v, in.Low)
		if err != nil {
			return nil, fmt.Errorf("sensitivity: %s at its P10: %w", nv.Key, err)
		}
		hi, err := runHeld(ctx, rn, s, nv.Key, v, in.High)
		if err != nil {
			return nil, fmt.Errorf("sensitivity: %s at its P90: %w", nv.Key, err)
		}
		sl, _ := summarize(lo, metric)
		sh, _ := summarize(hi, metric)
		d, err := difference(hi, lo, metric)
		if err != nil {
			return nil, fmt.Errorf("sensitivity: %w", err)
		}
		if sl.Defined == 0 || sh.Defined == 0 {
			in.Undefined = true
		} else {
			in.MeanAtLow, in.MeanAtHigh = sl.Mean, sh.Mean
			in.Swing = math.Abs(sh.Mean - sl.Mean)
			in.SwingSE = d.SE
		}
		for _, x := range base.Inputs {
			if x.Key == nv.Key {
				in.Spearman = spearman(x.Draws, ys)
			}
		}
		out.Inputs = append(out.Inputs, in)
	}
	sort.SliceStable(out.Inputs, func(i, j int) bool { return out.Inputs[i].Swing > out.Inputs[j].Swing })
	out.Finding = out.words()
	return out, nil
}

// runHeld runs a copy of s with the input at key held at x.
func runHeld(ctx context.Context, rn *runner, s *model.Scenario, key string, v model.Value, x float64) (*sim.Result, error) {
	c := s.Clone()
	f := model.FixedValue(x)
	f.Domain = v.Domain
	if err := c.SetValue(key, f); err != nil {
		return nil, err
	}
	return rn.run(ctx, c)
}

// spearman is the rank correlation of x and y over the pairs where both are
// defined; 0 when it is undefined (fewer than 3 pairs, or a constant).
func spearman(x, y []float64) float64 {
	var xs, ys []float64
	for i := range min(len(x), len(y)) {
		if defined(x[i]) && defined(y[i]) {
			xs = append(xs, x[i])
			ys = append(ys, y[i])
		}
	}
	if len(xs) < 3 {
		return 0
	}
	r := stat.Correlation(ranks(xs), ranks(ys), nil)
	if !defined(r) {
		return 0
	}
	return r
}
