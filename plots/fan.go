package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// fanTitles say what each monthly series is; Fan adds the unit to the
// axis.
var fanTitles = map[string]struct{ title, y string }{
	"revenue":       {"Monthly revenue", "revenue in the month"},
	"mrr":           {"Monthly recurring revenue (MRR)", "MRR at the month's end"},
	"new_customers": {"New customers per month", "customers won in the month"},
	"customers":     {"Customers", "customers at the month's end"},
	"spend":         {"Monthly spend", "spend in the month"},
	"handed_off":    {"People handed to sales per month", "people handed off"},
	"capacity":      {"Sales capacity per month", "people sales can take on"},
	"taken_on":      {"People sales takes on per month", "people taken on"},
	"queue":         {"People waiting for sales", "people in the queue at the month's end"},
}

// FanSeries returns the monthly series Charts draws as fan charts for
// a result: the month's revenue — MRR for a subscription business, whose
// monthly revenue is its MRR, so one chart shows both — and the customers
// kept at each month's end.
func FanSeries(r *sim.Result) []string {
	if r != nil && r.Scenario != nil && r.Scenario.Customers.Revenue == model.OneTime {
		return []string{"revenue", "customers"}
	}
	return []string{"mrr", "customers"}
}

// Fan draws a fan chart of a monthly series (one of measure.SeriesNames) over
// the sampled paths: the P5–P95 band, the P25–P75 band over it and the
// median line on top. For "mrr" an ending_mrr target is drawn as a line.
func Fan(run *plan.Run, series string) (*plot.Plot, error) {
	names, ok := fanTitles[series]
	if !ok {
		return nil, fmt.Errorf("plots: no monthly series %q (known: %v)", series, measure.SeriesNames())
	}
	if err := checkRun(run); err != nil {
		return nil, err
	}
	st, err := monthly(run, series)
	if err != nil {
		return nil, err
	}
	n := len(run.Result.Paths.Series[series])
	title := fmt.Sprintf("%s: median and ranges of %s sampled futures", names.title, measure.Whole(n))
	m, _ := measure.Series(series)
	p := newPlot(title, "month", names.y+unitSuffix(m.Unit))
	p.X.Tick.Marker = ticks{unit: measure.Count, months: true, cal: calendarOf(run)}
	p.Y.Tick.Marker = ticks{unit: m.Unit}
	legendLeft(p)

	top, bottom := 0.0, 0.0
	for _, s := range st {
		top = math.Max(top, s.P95)
		bottom = math.Min(bottom, s.P5)
	}
	wide, mid, line, err := fanLayers(st)
	if err != nil {
		return nil, err
	}
	p.Add(wide, mid, line)
	addFanLegend(p, wide, mid, line)
	entries := 3

	if t, prob, ok := target(run, "ending_mrr"); ok && series == "mrr" {
		l, err := hline(t.Value, 1, float64(len(st)), lineStyle(colTarget, 2, true))
		if err != nil {
			return nil, err
		}
		p.Add(l)
		p.Legend.Add("target: "+targetText(t, prob), l)
		top = math.Max(top, t.Value)
		entries++
	}
	p.X.Min, p.X.Max = 1, math.Max(2, float64(len(st)))
	p.Y.Min = bottom
	p.Y.Max = math.Max(top*headroom(entries), bottom+1)
	return p, nil
}

// band returns the polygon between two quantile curves over the months: the
// lower curve forwards, the upper one back.
// fanLayers are a fan chart's layers over months 1…len(st): the P5–P95
// and P25–P75 bands and the median line.
func fanLayers(st []sim.Stats) (wide, mid *plotter.Polygon, line *plotter.Line, err error) {
	if wide, err = band(st, func(s sim.Stats) (float64, float64) { return s.P5, s.P95 }); err != nil {
		return nil, nil, nil, err
	}
	wide.Color = colBandWide
	wide.LineStyle.Width = 0
	if mid, err = band(st, func(s sim.Stats) (float64, float64) { return s.P25, s.P75 }); err != nil {
		return nil, nil, nil, err
	}
	mid.Color = colBandMid
	mid.LineStyle.Width = 0
	med := make(plotter.XYs, len(st))
	for m, s := range st {
		med[m] = plotter.XY{X: float64(m + 1), Y: s.P50}
	}
	if line, err = plotter.NewLine(med); err != nil {
		return nil, nil, nil, fmt.Errorf("plots: %w", err)
	}
	line.LineStyle = lineStyle(colMarketing, 2.2, false)
	return wide, mid, line, nil
}

// addFanLegend names a fan chart's layers in its legend.
func addFanLegend(p *plot.Plot, wide, mid *plotter.Polygon, line *plotter.Line) {
	p.Legend.Add("90% of futures (P5–P95)", wide)
	p.Legend.Add("50% of futures (P25–P75)", mid)
	p.Legend.Add("median (P50)", line)
}

func band(st []sim.Stats, q func(sim.Stats) (float64, float64)) (*plotter.Polygon, error) {
	ring := make(plotter.XYs, 0, 2*len(st))
	for m, s := range st {
		lo, _ := q(s)
		ring = append(ring, plotter.XY{X: float64(m + 1), Y: lo})
	}
	for m := len(st) - 1; m >= 0; m-- {
		_, hi := q(st[m])
		ring = append(ring, plotter.XY{X: float64(m + 1), Y: hi})
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	return poly, nil
}
