package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
)

// Response draws a channel's response curve (one of plan.ResponseCurves):
// expected people entering per month against monthly spend, at the mean of
// every uncertain parameter (DESIGN.md's formulas; carryover only delays
// spend, so the steady state ignores it). The current spend is marked, and
// the recommended one when the curve has it; the legend gives the entries
// there and the marginal cost of one more entry (1 / the curve's slope)
// beside the average cost. A saturating or hill channel's ceiling
// (max_per_month) is drawn dashed, and a hill channel's curve runs to 2.5
// times its half-saturation spend to show the threshold. For a headcount channel the spend is
// headcount × cost_per_head, and the legend names the heads.
func Response(s *model.Scenario, c plan.ResponseCurve) (*plot.Plot, error) {
	if s == nil {
		return nil, fmt.Errorf("plots: no scenario for the response curve of %s", c.Channel)
	}
	var ch *model.Channel
	for i := range s.Channels {
		if s.Channels[i].Name == c.Channel {
			ch = &s.Channels[i]
		}
	}
	if ch == nil {
		return nil, fmt.Errorf("plots: the scenario has no channel %q", c.Channel)
	}
	if len(c.Points) < 2 {
		return nil, fmt.Errorf("plots: the response curve of %s has %d points; want at least 2", c.Channel, len(c.Points))
	}
	stage := "the funnel"
	if ch.Enters >= 0 && ch.Enters < len(s.Funnel.Stages) {
		stage = s.Funnel.Stages[ch.Enters]
	}
	xys := make(plotter.XYs, 0, len(c.Points))
	top := 0.0
	for _, pt := range c.Points {
		if math.IsNaN(pt.Spend) || math.IsInf(pt.Spend, 0) || math.IsNaN(pt.Entries) || math.IsInf(pt.Entries, 0) {
			continue
		}
		xys = append(xys, plotter.XY{X: pt.Spend, Y: pt.Entries})
		top = math.Max(top, pt.Entries)
	}
	if len(xys) < 2 {
		return nil, fmt.Errorf("plots: the response curve of %s has no finite points", c.Channel)
	}
	// An S-curve shows its threshold only past the half-saturation spend:
	// extend a hill channel's curve to 2.5 times it.
	if ch.Response == model.Hill {
		last, end := xys[len(xys)-1].X, 2.5*ch.HalfSaturation.Mean()
		for i := 1; last < end && i <= 40; i++ {
			x := last + (end-last)*float64(i)/40
			y := plan.ExpectedEntries(ch, x)
			xys = append(xys, plotter.XY{X: x, Y: y})
			top = math.Max(top, y)
		}
	}
	title := fmt.Sprintf("%s (%s response): people entering at %s per month", c.Channel, c.Response, stage)
	p := newPlot(title, "monthly spend ($)", "people entering per month (expected)")
	p.X.Tick.Marker = ticks{unit: measure.Money}
	p.Y.Tick.Marker = ticks{unit: measure.Count, integer: true}
	legendLeft(p)
	p.Add(vgrid())

	line, err := plotter.NewLine(xys)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	line.LineStyle = lineStyle(colMarketing, 2.4, false)
	if ch.Kind == model.SalesKind {
		line.LineStyle.Color = colSales
	}
	p.Add(line)
	p.Legend.Add("expected entries (mean inputs)", line)
	entries := 1

	if ch.HasMax && (ch.Response == model.Saturating || ch.Response == model.Hill) {
		m := ch.MaxPerMonth.Mean()
		l, err := hline(m, xys[0].X, xys[len(xys)-1].X, lineStyle(colMuted, 1.2, true))
		if err != nil {
			return nil, err
		}
		p.Add(l)
		p.Legend.Add("ceiling: "+measure.Count.Format(m)+" a month (max_per_month)", l)
		top = math.Max(top, m)
		entries++
	}

	marks := []struct {
		name  string
		spend float64
		col   color.Color
	}{{"current", c.Current, colInk}}
	if c.Recommended != nil {
		marks = append(marks, struct {
			name  string
			spend float64
			col   color.Color
		}{"recommended", *c.Recommended, colGood})
	}
	for _, mk := range marks {
		e := plan.ExpectedEntries(ch, mk.spend)
		pt, err := plotter.NewScatter(plotter.XYs{{X: mk.spend, Y: e}})
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		pt.GlyphStyle = draw.GlyphStyle{Color: mk.col, Radius: 5, Shape: draw.CircleGlyph{}}
		l, err := vline(mk.spend, 0, e, lineStyle(mk.col, 1, true))
		if err != nil {
			return nil, err
		}
		p.Add(l, pt)
		p.Legend.Add(markText(ch, mk.name, mk.spend, e), pt)
		entries++
	}
	p.X.Min, p.X.Max = 0, xys[len(xys)-1].X
	p.Y.Min = 0
	p.Y.Max = math.Max(top, 1) * headroom(entries)
	return p, nil
}

// markText describes a marked spend: "current $8,000 a month (2 heads):
// 2,345 entries, next one costs $4.10 (average $3.41)".
func markText(ch *model.Channel, name string, spend, entries float64) string {
	heads := ""
	if ch.Response == model.Headcount && ch.CostPerHead > 0 {
		heads = " (" + measure.Count.Plural(spend/ch.CostPerHead, "head") + ")"
	}
	s := fmt.Sprintf("%s %s a month%s: %s entries", name, measure.Money.Format(spend), heads, measure.Count.Format(entries))
	if d := plan.MarginalEntries(ch, spend); d > 0 && !math.IsInf(d, 0) {
		s += ", next one costs " + measure.Money.Format(1/d)
	}
	if entries > 0 {
		s += " (average " + measure.Money.Format(spend/entries) + ")"
	}
	return s
}
