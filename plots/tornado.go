package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
)

// tornadoRows is the most inputs a tornado shows; the legend counts the
// rest, whose swings are the smallest.
const tornadoRows = 15

// Tornado colours: the run with the input at its P10, and at its P90.
var (
	colLowRun  = colMarketing
	colHighRun = colSales
)

// Tornado draws a sensitivity result as a tornado: one row per uncertain
// input, largest swing on top, with a bar from the base mean to the
// metric's mean when the input is held at its P10 and another to the mean
// when it is held at its P90. The input's P10 and P90 are written at the
// bars' ends, the base mean is a vertical line, and the x axis is in the
// metric's unit. Inputs whose held runs left the metric undefined are
// named without bars; beyond tornadoRows inputs, the smallest swings are
// counted in the legend instead of drawn.
func Tornado(sr *plan.SensitivityResult) (*plot.Plot, error) {
	if sr == nil {
		return nil, errors.New("plots: no sensitivity result to draw")
	}
	base := sr.Base.Mean
	if math.IsNaN(base) || math.IsInf(base, 0) || sr.Base.Defined == 0 {
		return nil, fmt.Errorf("plots: %s is undefined in every trial of the base run", sr.Metric)
	}
	m := measure.Of(sr.Metric)
	name, u := m.Noun(), m.Unit
	if len(sr.Inputs) == 0 {
		return nil, fmt.Errorf("plots: every input is a fixed number, so there is no tornado of %s to draw", name)
	}
	inputs := sr.Inputs
	hidden := 0
	if len(inputs) > tornadoRows {
		inputs, hidden = inputs[:tornadoRows], len(inputs)-tornadoRows
	}
	// The legend says how the bars were made, so that the title stays
	// short enough for a long metric's name.
	title := "What moves mean " + name
	p := newPlot(title, "mean "+name+" over the horizon, with the input held"+unitSuffix(u), "")
	p.X.Tick.Marker = ticks{unit: u}
	p.Add(vgrid())
	n := len(inputs)
	if n > 10 {
		p.Y.Tick.Label.Font.Size = 9
	}

	labels := make([]string, n)
	lo, hi := base, base
	var low, high *plotter.Polygon
	// The input's value is written just beyond each bar's end.
	var leftAt, rightAt plotter.XYs
	var leftText, rightText []string
	for i, in := range inputs {
		y := float64(n - 1 - i)
		labels[n-1-i] = in.Key
		if in.Undefined {
			labels[n-1-i] += " (undefined when held)"
			continue
		}
		iu := model.KeyUnit(in.Key)
		for _, run := range []struct {
			mean, input float64
			poly        **plotter.Polygon
			col         color.NRGBA
		}{
			{in.MeanAtLow, in.Low, &low, colLowRun},
			{in.MeanAtHigh, in.High, &high, colHighRun},
		} {
			if math.IsNaN(run.mean) || math.IsInf(run.mean, 0) {
				continue
			}
			bar, err := plotter.NewPolygon(plotter.XYs{
				{X: base, Y: y - 0.32}, {X: run.mean, Y: y - 0.32}, {X: run.mean, Y: y + 0.32}, {X: base, Y: y + 0.32},
			})
			if err != nil {
				return nil, fmt.Errorf("plots: %w", err)
			}
			bar.Color = run.col
			bar.LineStyle.Width = 0
			p.Add(bar)
			*run.poly = bar
			// The smaller of the two means is labelled on its left, the
			// larger on its right, so that the two labels never meet, even
			// when an input moves nothing.
			other := in.MeanAtHigh
			if run.poly == &high {
				other = in.MeanAtLow
			}
			if run.mean < other || (run.mean == other && run.poly == &low) {
				leftAt = append(leftAt, plotter.XY{X: run.mean, Y: y})
				leftText = append(leftText, iu.Format(run.input))
			} else {
				rightAt = append(rightAt, plotter.XY{X: run.mean, Y: y})
				rightText = append(rightText, iu.Format(run.input))
			}
			lo, hi = math.Min(lo, run.mean), math.Max(hi, run.mean)
		}
	}
	for _, side := range []struct {
		at    plotter.XYs
		text  []string
		align draw.XAlignment
		dx    vg.Length
	}{{leftAt, leftText, draw.XRight, -4}, {rightAt, rightText, draw.XLeft, 4}} {
		if len(side.at) == 0 {
			continue
		}
		style := labelStyle(8.5, colMuted)
		style.XAlign, style.YAlign = side.align, draw.YCenter
		lab, err := textLabels(side.at, side.text, style, vg.Point{X: side.dx})
		if err != nil {
			return nil, err
		}
		p.Add(lab)
	}
	p.NominalY(labels...)

	baseLine, err := vline(base, -0.5, float64(n)-0.5, lineStyle(colInk, 1.4, false))
	if err != nil {
		return nil, err
	}
	p.Add(baseLine)
	entries := 1
	if low != nil {
		p.Legend.Add("input held at its P10 (value at the bar's end)", low)
		entries++
	}
	if high != nil {
		p.Legend.Add("input held at its P90", high)
		entries++
	}
	p.Legend.Add("base: mean "+name+" "+u.Format(base)+", every input drawn", baseLine)
	if hidden > 0 {
		p.Legend.Add(fmt.Sprintf("%d more inputs with smaller swings not shown", hidden))
		entries++
	}
	// Room on both sides for the values written at the bars' ends.
	span := math.Max(hi-lo, 1e-6*math.Max(1, math.Abs(base)))
	p.X.Min, p.X.Max = lo-0.22*span, hi+0.22*span
	legendRows(p, n, entries)
	return p, nil
}

// TornadoCharts wraps Tornado as a chart set for WriteChartSet and the
// report: one chart named "tornado_METRIC" (dots in the metric's name
// become underscores).
func TornadoCharts(sr *plan.SensitivityResult) ([]Chart, error) {
	p, err := Tornado(sr)
	if err != nil {
		return nil, err
	}
	return []Chart{{
		Name:    "tornado_" + strings.ReplaceAll(sr.Metric, ".", "_"),
		Caption: "Each uncertain input held at its 10th percentile (blue) and its 90th (orange) while every other input is drawn as usual, in the same simulated futures. The longer the bars, the more the metric depends on learning that input better; the input's value is written at each bar's end.",
		Plot:    p,
	}}, nil
}
