package plots

import (
	"fmt"
	"math"
	"slices"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// finite returns the values of xs that are neither NaN nor infinite, in a
// new slice: plotters reject both, and DESIGN.md leaves undefined trials out
// of a metric's statistics.
func finite(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			out = append(out, x)
		}
	}
	return out
}

// metric returns a result's per-trial values of a metric.
func metric(r *sim.Result, name string) ([]float64, error) {
	if r == nil {
		return nil, fmt.Errorf("plots: no result to draw")
	}
	xs, ok := r.Metrics[name]
	if !ok {
		return nil, fmt.Errorf("plots: metric %q is not in the result (known: %v)", name, measure.Names())
	}
	return xs, nil
}

// target returns the scenario's target for a metric, if one is set.
func target(r *sim.Result, name string) (model.Target, bool) {
	if r.Scenario == nil {
		return model.Target{}, false
	}
	for _, t := range r.Scenario.Targets {
		if t.Metric == name {
			return t, true
		}
	}
	return model.Target{}, false
}

// targetText returns "P(revenue ≥ $1.2M) = 62%".
func targetText(t model.Target, p float64) string {
	op := "≥"
	if t.Max {
		op = "≤"
	}
	m := measure.Of(t.Metric)
	return fmt.Sprintf("P(%s %s %s) = %s", m.Noun(), op, m.Unit.Format(t.Value), measure.Share.Format(p))
}

// column returns month m's values across the sampled paths, finite only.
func column(paths [][]float64, m int) []float64 {
	out := make([]float64, 0, len(paths))
	for _, p := range paths {
		if m < len(p) && !math.IsNaN(p[m]) && !math.IsInf(p[m], 0) {
			out = append(out, p[m])
		}
	}
	return out
}

// monthly returns each month's statistics of a kept series, or an error when
// the run kept no paths.
func monthly(r *sim.Result, series string) ([]sim.Stats, error) {
	if r == nil {
		return nil, fmt.Errorf("plots: no result to draw")
	}
	paths, ok := r.Paths.Series[series]
	if !ok || len(paths) == 0 {
		return nil, fmt.Errorf("plots: the run kept no monthly %s paths (run with paths > 0)", series)
	}
	h := 0
	for _, p := range paths {
		h = max(h, len(p))
	}
	out := make([]sim.Stats, h)
	for m := range h {
		col := column(paths, m)
		if len(col) == 0 {
			return nil, fmt.Errorf("plots: monthly %s is undefined in month %d of every kept path", series, m+1)
		}
		out[m] = sim.Summarize(col)
	}
	return out, nil
}

// sortedFinite returns the finite values of xs, sorted.
func sortedFinite(xs []float64) []float64 {
	f := finite(xs)
	slices.Sort(f)
	return f
}
