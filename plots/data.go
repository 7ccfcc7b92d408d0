package plots

import (
	"fmt"
	"math"
	"slices"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
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

// target returns the scenario's target for a metric, if one is set, and
// the run's chance of meeting it.
func target(run *plan.Run, name string) (model.Target, float64, bool) {
	if s := run.Result.Scenario; s != nil {
		for _, t := range s.Targets {
			if t.Metric == name {
				return t, run.Summary.Targets[name].Probability, true
			}
		}
	}
	return model.Target{}, 0, false
}

// targetText returns "P(revenue ≥ $1.20M) = 62%".
func targetText(t model.Target, p float64) string {
	return plan.Event(t.Metric, t.Max, t.Value) + " = " + measure.Share.Format(p)
}

// monthly returns each month's statistics of a kept series, from the run's
// monthly summary, or an error when the run kept no paths.
func monthly(run *plan.Run, series string) ([]sim.Stats, error) {
	st := run.Monthly[series]
	if len(st) == 0 {
		return nil, fmt.Errorf("plots: the run kept no monthly %s paths (run with paths > 0)", series)
	}
	for m, s := range st {
		if s.Defined == 0 {
			return nil, fmt.Errorf("plots: monthly %s is undefined in month %d of every kept path", series, m+1)
		}
	}
	return st, nil
}

// checkRun returns an error unless run holds a reviewed result.
func checkRun(run *plan.Run) error {
	if run == nil || run.Result == nil || run.Summary == nil {
		return fmt.Errorf("plots: no result to draw")
	}
	return nil
}

// sortedFinite returns the finite values of xs, sorted.
func sortedFinite(xs []float64) []float64 {
	f := finite(xs)
	slices.Sort(f)
	return f
}

// calendarOf is the calendar of a run's scenario: the zero Calendar (months
// by number) when it has none.
func calendarOf(run *plan.Run) model.Calendar {
	if run.Result.Scenario == nil {
		return model.Calendar{}
	}
	return run.Result.Scenario.Calendar
}
