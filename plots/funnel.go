package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// Funnel draws the number of people reaching each stage over the horizon:
// a bar at the median with a P10–P90 whisker and the median written above
// it. Marketing's stages (before the handoff) and sales' stages are in two
// colours and a dashed line marks the handoff. Counts span orders of
// magnitude (visits to customers), so the y axis is logarithmic. Under a
// stage's name is the share of the previous stage's people who reach it
// (ratio of means), unless a channel also enters there.
func Funnel(run *plan.Run) (*plot.Plot, error) {
	if err := checkRun(run); err != nil {
		return nil, err
	}
	r := run.Result
	if len(r.Stages) == 0 {
		return nil, fmt.Errorf("plots: the result has no funnel stages")
	}
	handoff := -1
	if r.Scenario != nil {
		handoff = r.Scenario.Funnel.Handoff
	}
	entered := map[int]bool{}
	if r.Scenario != nil {
		for _, ch := range r.Scenario.Channels {
			entered[ch.Enters] = true
		}
	}
	n := len(r.Stages)
	st := make([]sim.Stats, n)
	names := make([]string, n)
	lowest, highest := math.Inf(1), 1.0
	for k, s := range r.Stages {
		st[k] = run.Summary.Stages[s.Name]
		if st[k].Defined == 0 {
			return nil, fmt.Errorf("plots: stage %s has no defined count", s.Name)
		}
		for _, v := range []float64{st[k].P10, st[k].P50} {
			if v > 0 {
				lowest = math.Min(lowest, v)
			}
		}
		highest = math.Max(highest, st[k].P90)
		// Every name has two lines, so that the names align.
		names[k] = s.Name + "\n "
		if k > 0 && !entered[k] {
			if prev := st[k-1].Mean; prev > 0 {
				names[k] = s.Name + "\n" + measure.Share.Format(st[k].Mean/prev)
			}
		}
	}
	if math.IsInf(lowest, 1) {
		lowest = 1
	}
	base := math.Pow(10, math.Floor(math.Log10(lowest)))
	top := highest * 4

	title := fmt.Sprintf("Funnel: people reaching each stage in %d months (median, P10–P90)", r.Horizon)
	p := newPlot(title, "stage, and the share of the previous stage's people who reach it", "people (log scale)")
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	p.NominalX(names...)
	p.X.Tick.Label.Font.Size = 9

	var mkt, sales *plotter.Polygon
	bars := make(plotter.XYs, n)
	errs := make(plotter.YErrors, n)
	labels := make([]string, n)
	for k := range n {
		mid := math.Max(st[k].P50, base)
		bar, err := plotter.NewPolygon(plotter.XYs{
			{X: float64(k) - 0.32, Y: base}, {X: float64(k) + 0.32, Y: base},
			{X: float64(k) + 0.32, Y: mid}, {X: float64(k) - 0.32, Y: mid},
		})
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		bar.LineStyle.Width = 0
		bar.Color = colMarketing
		if handoff >= 0 && k >= handoff {
			bar.Color = colSales
			sales = bar
		} else {
			mkt = bar
		}
		if st[k].P50 > 0 {
			p.Add(bar)
		}
		bars[k] = plotter.XY{X: float64(k), Y: mid}
		lo, hi := math.Max(st[k].P10, base), math.Max(st[k].P90, base)
		errs[k].Low, errs[k].High = mid-lo, hi-mid
		labels[k] = measure.Count.Format(st[k].P50)
	}
	whisk, err := plotter.NewYErrorBars(struct {
		plotter.XYs
		plotter.YErrors
	}{bars, errs})
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	whisk.LineStyle = lineStyle(colInk, 1.2, false)
	whisk.CapWidth = 10
	p.Add(whisk)

	// The median above each whisker.
	at := make(plotter.XYs, n)
	for k := range n {
		at[k] = plotter.XY{X: float64(k), Y: math.Max(st[k].P90, base)}
	}
	lab, err := textLabels(at, labels, labelStyle(9.5, colInk), vg.Point{Y: 4})
	if err != nil {
		return nil, err
	}
	p.Add(lab)

	switch {
	case mkt != nil && handoff < 0:
		p.Legend.Add("stages (no sales section)", mkt)
	case mkt != nil:
		p.Legend.Add("marketing's stages", mkt)
	}
	if sales != nil {
		p.Legend.Add("sales' stages", sales)
	}
	p.Legend.Add("P10–P90", legendLine(whisk.LineStyle))
	if handoff > 0 {
		ls := lineStyle(colMuted, 1.2, true)
		l, err := vline(float64(handoff)-0.5, base, top, ls)
		if err != nil {
			return nil, err
		}
		style := labelStyle(9.5, colMuted)
		style.XAlign = draw.XLeft
		note, err := textLabels(plotter.XYs{{X: float64(handoff) - 0.5, Y: top / 1.6}},
			[]string{"handoff to sales"}, style, vg.Point{X: 4})
		if err != nil {
			return nil, err
		}
		p.Add(l, note)
	}
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	p.Y.Min, p.Y.Max = base, top
	return p, nil
}

// logTicks marks each power of ten with a count ("1", "100", "10k", "1M"),
// each decade at its own scale, and the 2…9 multiples between them
// unlabelled.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		d := math.Pow(10, e)
		if d >= min*(1-1e-9) && d <= max*(1+1e-9) {
			ts = append(ts, plot.Tick{Value: d, Label: measure.Count.Short(d)})
		}
		for m := 2.0; m < 10; m++ {
			if v := m * d; v >= min && v <= max {
				ts = append(ts, plot.Tick{Value: v})
			}
		}
	}
	return ts
}
