package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/plan"
)

// DistributionMetrics are the metrics whose distributions Charts draws.
var DistributionMetrics = []string{"revenue", "new_customers", "cac", "roi"}

// axisLabels say what a metric's axis shows, where its noun alone would
// not; axisLabel adds the unit.
var axisLabels = map[string]string{
	"revenue":        "revenue over the horizon",
	"new_revenue":    "revenue from new customers",
	"new_customers":  "new customers won",
	"cac":            "CAC: spend per new customer",
	"roi":            "ROI: (new gross profit − spend) / spend",
	"lifetime_roi":   "lifetime ROI",
	"ltv":            "lifetime value per customer",
	"ltv_cac":        "LTV:CAC",
	"payback_months": "payback",
}

// axisLabel returns a metric's axis label with its unit from the catalog:
// "CAC: spend per new customer ($)".
func axisLabel(name string) string {
	m := measure.Of(name)
	l, ok := axisLabels[name]
	if !ok {
		l = m.Noun()
	}
	return l + unitSuffix(m.Unit)
}

// Distribution draws a histogram of a metric over the trials, as a share of
// trials, with its P10, P50 and P90 marked and, when the scenario sets a
// target for the metric, the target line and P(reaching it) in the legend.
//
// Undefined trials are left out and counted in the legend. The x axis spans
// the 1st to 99th percentiles with a margin, so that a few extreme trials (a
// CAC with one customer won) do not squash the rest; the share of trials
// beyond the axis is written on it.
func Distribution(run *plan.Run, name string) (*plot.Plot, error) {
	if err := checkRun(run); err != nil {
		return nil, err
	}
	r := run.Result
	all, err := metric(r, name)
	if err != nil {
		return nil, err
	}
	xs := sortedFinite(all)
	if len(xs) == 0 {
		return nil, fmt.Errorf("plots: %s is undefined in all %d trials", name, len(all))
	}
	st := run.Summary.Metrics[name]
	lo, hi := axisRange(xs)
	t, prob, hasTarget := target(run, name)
	targetShown := false
	if hasTarget {
		span := hi - lo
		switch {
		case t.Value >= lo && t.Value <= hi:
			targetShown = true
		case t.Value < lo && lo-t.Value <= 0.5*span:
			lo, targetShown = t.Value-0.03*span, true
		case t.Value > hi && t.Value-hi <= 0.5*span:
			hi, targetShown = t.Value+0.03*span, true
		}
	}

	bins, width, outside := histogram(xs, lo, hi, len(all))
	lo, hi = math.Min(lo, bins[0].Min), math.Max(hi, bins[len(bins)-1].Max)
	h := &plotter.Histogram{Bins: bins, Width: width, FillColor: colHist}
	h.LineStyle = lineStyle(colHist, 0.3, false)
	h.LineStyle.Color = plotterWhite
	peak := 0.0
	for _, b := range bins {
		peak = math.Max(peak, b.Weight)
	}

	horizon := r.Horizon
	m := measure.Of(name)
	title := fmt.Sprintf("%s over %d months, across %s simulated futures", m.Label, horizon, measure.Whole(len(all)))
	xl := axisLabel(name)
	if outside > 0 {
		xl += fmt.Sprintf("  (%s of trials beyond the axis)", measure.Share.Format(outside))
	}
	p := newPlot(title, xl, "share of trials (%)")
	p.Add(h)
	p.X.Tick.Marker = ticks{unit: m.Unit}
	p.Y.Tick.Marker = ticks{unit: measure.Share}
	p.Legend.Add("trials", h)
	entries := 4

	for _, q := range []struct {
		name   string
		x      float64
		dashed bool
	}{{"P10", st.P10, true}, {"P50", st.P50, false}, {"P90", st.P90, true}} {
		l, err := vline(q.x, 0, peak*1.04, lineStyle(colInk, 1.4, q.dashed))
		if err != nil {
			return nil, err
		}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s  %s", q.name, m.Unit.Format(q.x)), l)
	}
	if hasTarget {
		entries++
		ls := lineStyle(colTarget, 2.2, false)
		if targetShown {
			l, err := vline(t.Value, 0, peak*1.04, ls)
			if err != nil {
				return nil, err
			}
			p.Add(l)
			p.Legend.Add("target: "+targetText(t, prob), l)
		} else {
			p.Legend.Add("target (beyond the axis): "+targetText(t, prob), legendLine(ls))
		}
	}
	if st.Undefined > 0 {
		entries++
		p.Legend.Add(fmt.Sprintf("undefined in %s of %s trials, left out", measure.Whole(st.Undefined), measure.Whole(len(all))))
	}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min = 0
	p.Y.Max = peak * headroom(entries)
	return p, nil
}

// axisRange returns the x range of a histogram of sorted xs: the 1st to
// 99th percentiles with a 5% margin, within the data, and never empty.
func axisRange(xs []float64) (lo, hi float64) {
	p1, p99 := stat.Quantile(0.01, stat.Empirical, xs, nil), stat.Quantile(0.99, stat.Empirical, xs, nil)
	m := 0.05 * (p99 - p1)
	lo, hi = math.Max(xs[0], p1-m), math.Min(xs[len(xs)-1], p99+m)
	if hi-lo <= 0 {
		d := math.Max(1, 0.05*math.Abs(lo))
		return lo - d, hi + d
	}
	return lo, hi
}

// histogram bins the sorted xs within [lo, hi] as shares of all trials. Whole-number data with a narrow range (customers won) gets one bin
// per value, centred on it; other data 40 bins (fewer for small runs). It
// returns the bins, their width and the share of xs outside [lo, hi].
func histogram(xs []float64, lo, hi float64, trials int) ([]plotter.HistogramBin, float64, float64) {
	whole := true
	for _, x := range xs {
		if x != math.Trunc(x) {
			whole = false
			break
		}
	}
	var n int
	var width float64
	if whole && hi-lo <= 60 {
		lo, hi = math.Floor(lo)-0.5, math.Ceil(hi)+0.5
		n = int(hi - lo)
		width = 1
	} else {
		n = int(math.Min(40, math.Max(8, math.Sqrt(float64(len(xs))))))
		width = (hi - lo) / float64(n)
	}
	bins := make([]plotter.HistogramBin, n)
	for i := range bins {
		bins[i].Min = lo + float64(i)*width
		bins[i].Max = lo + float64(i+1)*width
	}
	out := 0
	for _, x := range xs {
		if x < lo || x > hi {
			out++
			continue
		}
		i := min(int((x-lo)/width), n-1)
		bins[i].Weight++
	}
	for i := range bins {
		bins[i].Weight /= float64(trials)
	}
	return bins, width, float64(out) / float64(len(xs))
}

// headroom returns the factor by which a chart's y range grows so that its
// legend, at the top, sits above the data.
func headroom(entries int) float64 {
	// The data area is about 230 points high in a 4.2-inch chart; each
	// legend entry takes about 14, and the legend sits a little below the
	// top edge.
	f := 1 / (1 - math.Min(0.6, (float64(entries)*14+12)/230))
	return math.Max(1.08, f)
}
