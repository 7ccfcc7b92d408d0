package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/plan"
)

var (
	colOut     = color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF} // vermillion: out of cash
	colOutArea = color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0x14}
	colOutBand = color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0x40}
)

// cashOf is the run's cash, or an error without a company section.
func cashOf(run *plan.Run) (plan.Cash, error) {
	if err := checkRun(run); err != nil {
		return plan.Cash{}, err
	}
	c, ok := run.Cash()
	if !ok {
		return plan.Cash{}, fmt.Errorf("plots: the scenario has no company section, so there is no cash to draw")
	}
	return c, nil
}

// CashFan draws the company's cash at each month's end as a fan chart over
// the sampled paths — the P5–P95 band, the P25–P75 band and the median —
// over a shaded area below $0, where the cash has run out, edged by a
// bold zero line.
func CashFan(run *plan.Run) (*plot.Plot, error) {
	if _, err := cashOf(run); err != nil {
		return nil, err
	}
	st, err := monthly(run, "cash")
	if err != nil {
		return nil, err
	}
	months := len(st)
	n := len(run.Result.Paths.Series["cash"])
	title := fmt.Sprintf("Cash at each month's end: median and ranges of %s sampled futures", measure.Whole(n))
	p := newPlot(title, "month", "cash at the month's end ($)")
	p.X.Tick.Marker = ticks{unit: measure.Count, months: true, cal: calendarOf(run)}
	p.Y.Tick.Marker = ticks{unit: measure.Money}

	top, bottom := 0.0, 0.0
	for _, s := range st {
		top, bottom = math.Max(top, s.P95), math.Min(bottom, s.P5)
	}
	// Room below 0 however high the cash, so that the line at 0 and what
	// lies beneath it are always in view, and below the lowest band.
	span := math.Max(top-bottom, 1)
	bottom = math.Min(bottom-0.04*span, -0.14*span)
	x0, x1 := 1.0, math.Max(2, float64(months))
	const entries = 3
	p.Y.Min = bottom
	p.Y.Max = bottom + (top-bottom)*headroom(entries)
	// The legend goes where the cash is lower, the start or the end, so
	// that it sits over the fewest futures.
	if st[0].P95 <= st[months-1].P95 {
		legendLeft(p)
	} else {
		p.Legend.XOffs = -legendInset
	}

	area, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: p.Y.Min}, {X: x1, Y: p.Y.Min}, {X: x1, Y: 0}, {X: x0, Y: 0}})
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	area.Color = colOutArea
	area.LineStyle.Width = 0
	wide, mid, line, err := fanLayers(st)
	if err != nil {
		return nil, err
	}
	zero, err := hline(0, x0, x1, lineStyle(colOut, 2, false))
	if err != nil {
		return nil, err
	}
	// "out of cash" just under the zero line, at the end where the cash
	// is higher and the bands stay above it.
	at, align, off := x0, draw.XLeft, vg.Length(6)
	if st[0].P5 < st[months-1].P5 {
		at, align, off = x1, draw.XRight, -6
	}
	style := labelStyle(9.5, colOut)
	style.XAlign, style.YAlign = align, draw.YTop
	lab, err := textLabels(plotter.XYs{{X: at, Y: 0}}, []string{"below $0: out of cash"}, style, vg.Point{X: off, Y: -4})
	if err != nil {
		return nil, err
	}
	p.Add(area, wide, mid, zero, line, lab)
	addFanLegend(p, wide, mid, line)
	p.X.Min, p.X.Max = x0, x1
	return p, nil
}

// CashOut draws, for each month m, the share of every simulated future
// whose cash has been below $0 at some month's end up to m
// (plan.Cash.OutBy), with two standard errors of Monte Carlo noise either
// side, against the line at measure.CashRisk, one future in 10, from
// which a run calls the cash the limit.
func CashOut(run *plan.Run) (*plot.Plot, error) {
	c, err := cashOf(run)
	if err != nil {
		return nil, err
	}
	months := len(c.OutBy)
	if months == 0 {
		return nil, fmt.Errorf("plots: the run has no months")
	}
	title := fmt.Sprintf("Out of cash by each month: %s of %s futures by %s",
		measure.Share.Format(c.Out), measure.Whole(c.Trials), plan.MonthWords(c.Cal, months))
	p := newPlot(title, "month", "futures out of cash by the month's end (%)")
	p.X.Tick.Marker = ticks{unit: measure.Count, months: true, cal: c.Cal}
	p.Y.Tick.Marker = upTo{ticks{unit: measure.Share}, 1}
	legendLeft(p)

	pts, ring, peak := outCurve(c)
	noise, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	noise.Color = colOutBand
	noise.LineStyle.Width = 0
	line, dots, err := plotter.NewLinePoints(pts)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	line.LineStyle = lineStyle(colOut, 2, false)
	dots.GlyphStyle = draw.GlyphStyle{Color: colOut, Radius: 3, Shape: draw.CircleGlyph{}}
	if months > 24 {
		dots.GlyphStyle.Radius = 1.6 // a dot a month, not a bead string
	}
	x0, x1 := 0.6, float64(months)+0.4
	risk, err := hline(measure.CashRisk, x0, x1, lineStyle(colInk, 1.4, true))
	if err != nil {
		return nil, err
	}
	p.Add(risk, noise, line, dots)
	p.Legend.Add("out of cash by the month's end", line, dots)
	p.Legend.Add("± 2 standard errors (Monte Carlo noise)", noise)
	p.Legend.Add(fmt.Sprintf("1 future in 10 (%s)", measure.Share.Format(measure.CashRisk)), risk)
	p.X.Min, p.X.Max = x0, x1
	p.Y.Min = 0
	p.Y.Max = math.Min(1, math.Max(peak, measure.CashRisk)) * headroom(3)
	return p, nil
}

// outCurve is CashOut's data: a point a month, (m, the share of futures
// out of cash by month m), the band two standard errors either side of it
// (within 0 and 1) as a polygon, and the band's top.
func outCurve(c plan.Cash) (pts, ring plotter.XYs, peak float64) {
	months := len(c.OutBy)
	pts = make(plotter.XYs, months)
	ring = make(plotter.XYs, 2*months)
	for m, share := range c.OutBy {
		x, se := float64(m+1), c.SE(share)
		pts[m] = plotter.XY{X: x, Y: share}
		ring[m] = plotter.XY{X: x, Y: math.Max(0, share-2*se)}
		ring[2*months-1-m] = plotter.XY{X: x, Y: math.Min(1, share+2*se)}
		peak = math.Max(peak, share+2*se)
	}
	return pts, ring, peak
}

// upTo is a ticker that leaves out the ticks above max: a share's axis
// stretched above 100% for its legend labels no share beyond it.
type upTo struct {
	plot.Ticker
	max float64
}

// Ticks implements plot.Ticker.
func (u upTo) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range u.Ticker.Ticks(min, max) {
		if t.Value <= u.max+1e-9 {
			out = append(out, t)
		}
	}
	return out
}
