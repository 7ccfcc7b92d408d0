package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/plan"
)

var colHanded = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0x70}

// Capacity draws, per month, the people handed to sales (bars, median)
// against what sales can take on (capacity, a step line, median) and the
// people left waiting at the month's end (queue, median). The title says in
// how many months capacity is full at the median (plan.Run.FullMonths).
func Capacity(run *plan.Run) (*plot.Plot, error) {
	if err := checkRun(run); err != nil {
		return nil, err
	}
	if run.Result.Scenario == nil || run.Result.Scenario.Sales == nil {
		return nil, fmt.Errorf("plots: the scenario has no sales section, so sales capacity has no limit")
	}
	full := run.FullMonths
	if full < 0 {
		return nil, fmt.Errorf("plots: the run kept no monthly taken_on and capacity paths (run with paths > 0)")
	}
	handed, err := monthly(run, "handed_off")
	if err != nil {
		return nil, err
	}
	capa, err := monthly(run, "capacity")
	if err != nil {
		return nil, err
	}
	queue, err := monthly(run, "queue")
	if err != nil {
		return nil, err
	}
	months := len(handed)
	title := fmt.Sprintf("Sales capacity: full in %d of %d months at the median", full, months)
	p := newPlot(title, "month", "people per month (median)")
	p.X.Tick.Marker = ticks{unit: measure.Count, months: true, cal: calendarOf(run)}
	p.Y.Tick.Marker = ticks{unit: measure.Count, integer: true}

	top := 1.0
	var bar *plotter.Polygon
	steps := make(plotter.XYs, 0, months+1)
	qs := make(plotter.XYs, months)
	for m := range months {
		x := float64(m + 1)
		h := handed[m].P50
		if h > 0 {
			bar, err = plotter.NewPolygon(plotter.XYs{{X: x - 0.36, Y: 0}, {X: x + 0.36, Y: 0}, {X: x + 0.36, Y: h}, {X: x - 0.36, Y: h}})
			if err != nil {
				return nil, fmt.Errorf("plots: %w", err)
			}
			bar.Color = colHanded
			bar.LineStyle.Width = 0
			p.Add(bar)
		}
		steps = append(steps, plotter.XY{X: x - 0.5, Y: capa[m].P50})
		qs[m] = plotter.XY{X: x, Y: queue[m].P50}
		top = math.Max(top, math.Max(h, math.Max(capa[m].P50, queue[m].P50)))
	}
	steps = append(steps, plotter.XY{X: float64(months) + 0.5, Y: capa[months-1].P50})
	capLine, err := plotter.NewLine(steps)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	capLine.StepStyle = plotter.PostStep
	capLine.LineStyle = lineStyle(colSales, 2.6, false)
	qLine, qPts, err := plotter.NewLinePoints(qs)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	qLine.LineStyle = lineStyle(colTarget, 1.8, false)
	qPts.GlyphStyle = draw.GlyphStyle{Color: colTarget, Radius: 3, Shape: draw.CircleGlyph{}}
	p.Add(capLine, qLine, qPts)
	if bar != nil {
		p.Legend.Add("handed off to sales", bar)
	}
	p.Legend.Add("capacity: people sales can take on", capLine)
	p.Legend.Add("queue: waiting at the month's end", qLine, qPts)
	p.X.Min, p.X.Max = 0.4, float64(months)+0.6
	p.Y.Min = 0
	p.Y.Max = top * headroom(3)
	return p, nil
}
