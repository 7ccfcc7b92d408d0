package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/sim"
)

var colHanded = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0x70}

// FullMonths counts the months in which sales capacity is full at the
// median: months where at least half of the sampled paths take on at least
// measure.CapacityLimit of what the capacity allows, the share at which
// the run's summary and the planners call capacity the limit. It returns the count and the number of
// months, or an error when the run kept no paths or the scenario has no
// sales section.
func FullMonths(r *sim.Result) (full, months int, err error) {
	if r == nil || r.Scenario == nil || r.Scenario.Sales == nil {
		return 0, 0, fmt.Errorf("plots: the scenario has no sales section, so sales capacity has no limit")
	}
	taken, capa := r.Paths.Series["taken_on"], r.Paths.Series["capacity"]
	if len(taken) == 0 || len(capa) != len(taken) {
		return 0, 0, fmt.Errorf("plots: the run kept no monthly taken_on and capacity paths (run with paths > 0)")
	}
	months = len(taken[0])
	for m := range months {
		n := 0
		for i := range taken {
			if m < len(taken[i]) && m < len(capa[i]) && capa[i][m] > 0 && taken[i][m] >= measure.CapacityLimit*capa[i][m] {
				n++
			}
		}
		if 2*n >= len(taken) {
			full++
		}
	}
	return full, months, nil
}

// Capacity draws, per month, the people handed to sales (bars, median)
// against what sales can take on (capacity, a step line, median) and the
// people left waiting at the month's end (queue, median). The title says in
// how many months capacity is full at the median (FullMonths).
func Capacity(r *sim.Result) (*plot.Plot, error) {
	full, months, err := FullMonths(r)
	if err != nil {
		return nil, err
	}
	handed, err := monthly(r, "handed_off")
	if err != nil {
		return nil, err
	}
	capa, err := monthly(r, "capacity")
	if err != nil {
		return nil, err
	}
	queue, err := monthly(r, "queue")
	if err != nil {
		return nil, err
	}
	title := fmt.Sprintf("Sales capacity: full in %d of %d months at the median", full, months)
	p := newPlot(title, "month", "people per month (median)")
	p.X.Tick.Marker = ticks{unit: measure.Count, months: true}
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
