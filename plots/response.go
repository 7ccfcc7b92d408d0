package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

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
//
// A channel that draws from a pool (the market, or its own audience: the
// curve's Horizon is set) is drawn over the whole horizon instead: its
// expected entries as the pool runs out (plan.HorizonEntries), which bend
// however straight its response, against the dashed line it would follow
// were the pool endless.
func Response(s *model.Scenario, c plan.ResponseCurve) (*plot.Plot, error) {
	if s == nil {
		return nil, fmt.Errorf("plots: no scenario for the response curve of %s", c.Channel)
	}
	var ch *model.Channel
	idx := -1
	for i := range s.Channels {
		if s.Channels[i].Name == c.Channel {
			ch, idx = &s.Channels[i], i
		}
	}
	if ch == nil {
		return nil, fmt.Errorf("plots: the scenario has no channel %q", c.Channel)
	}
	pooled := c.Horizon > 0
	// at is the curve's entries at a monthly spend; perPerson the cost of
	// one more person there, and on average.
	at := func(x float64) float64 { return plan.ExpectedEntries(ch, x) }
	slope := func(x float64) float64 { return plan.MarginalEntries(ch, x) }
	months := 1.0
	if pooled {
		at = func(x float64) float64 { e, _ := plan.HorizonEntries(s, idx, x); return e }
		slope = func(x float64) float64 { return plan.HorizonMarginal(s, idx, x) }
		months = float64(c.Horizon)
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
			y := at(x)
			xys = append(xys, plotter.XY{X: x, Y: y})
			top = math.Max(top, y)
		}
	}
	title := fmt.Sprintf("%s (%s response): people entering at %s per month", c.Channel, c.Response, stage)
	yLabel := "people entering per month (expected)"
	if pooled {
		title = fmt.Sprintf("%s (%s response): people entering at %s over %s", c.Channel, c.Response, stage,
			measure.Count.Plural(months, "month"))
		yLabel = "people entering over the horizon (expected)"
	}
	p := newPlot(title, "monthly spend ($)", yLabel)
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
	entries := 1
	if pooled {
		runs := " runs out"
		if len(c.Pool) > 1 {
			runs = " run out"
		}
		p.Legend.Add("expected entries as "+poolWords(c.Pool)+runs+" (mean inputs)", line)
	} else {
		p.Legend.Add("expected entries (mean inputs)", line)
	}

	if ch.HasMax && (ch.Response == model.Saturating || ch.Response == model.Hill) {
		m := ch.MaxPerMonth.Mean()
		label := "ceiling: " + measure.Count.Format(m) + " a month (max_per_month)"
		if pooled {
			label = "ceiling: " + measure.Count.Format(m*months) + " over the horizon (max_per_month " + measure.Count.Format(m) + ")"
			m *= months
		}
		l, err := hline(m, xys[0].X, xys[len(xys)-1].X, lineStyle(colMuted, 1.2, true))
		if err != nil {
			return nil, err
		}
		p.Add(l)
		p.Legend.Add(label, l)
		top = math.Max(top, m)
		entries++
	}
	if pooled {
		// The line without a pool, as far as the plot's top: above it is
		// the legend's.
		var free plotter.XYs
		for _, pt := range c.Points {
			y := pt.WithoutPool
			if y == nil || math.IsNaN(*y) || math.IsInf(*y, 0) {
				continue
			}
			if *y > top && len(free) > 0 {
				last := free[len(free)-1]
				free = append(free, plotter.XY{X: last.X + (pt.Spend-last.X)*(top-last.Y)/(*y-last.Y), Y: top})
				break
			}
			free = append(free, plotter.XY{X: pt.Spend, Y: *y})
		}
		if len(free) >= 2 {
			l, err := plotter.NewLine(free)
			if err != nil {
				return nil, fmt.Errorf("plots: %w", err)
			}
			l.LineStyle = lineStyle(colMuted, 1.2, true)
			p.Add(l)
			p.Legend.Add("were it never to run out", l)
			entries++
		}
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
		e := at(mk.spend)
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
		p.Legend.Add(markText(ch, mk.name, mk.spend, e, months*mk.spend, slope(mk.spend)/months), pt)
		entries++
	}
	p.X.Min, p.X.Max = 0, xys[len(xys)-1].X
	p.Y.Min = 0
	p.Y.Max = math.Max(top, 1) * headroom(entries)
	return p, nil
}

// markText describes a marked spend: "current $8,000 a month (2 heads):
// 2,345 entries, next one costs $4.10 (average $3.41)". cost is what the
// entries cost in all (a month's spend, or the horizon's) and slope the
// extra entries per extra dollar spent.
func markText(ch *model.Channel, name string, spend, entries, cost, slope float64) string {
	heads := ""
	if ch.Response == model.Headcount && ch.CostPerHead > 0 {
		heads = " (" + measure.Count.Plural(spend/ch.CostPerHead, "head") + ")"
	}
	s := fmt.Sprintf("%s %s a month%s: %s entries", name, measure.Money.Format(spend), heads, measure.Count.Format(entries))
	if slope > 0 && !math.IsInf(slope, 0) {
		s += ", next one costs " + measure.Money.Format(1/slope)
	}
	if entries > 0 {
		s += " (average " + measure.Money.Format(cost/entries) + ")"
	}
	return s
}

// poolWords names the pools a curve depletes: "the market", "its
// audience", "the market and its audience".
func poolWords(keys []string) string {
	var words []string
	for _, k := range keys {
		if k == "market.size" {
			words = append(words, "the market")
		} else {
			words = append(words, "its audience")
		}
	}
	return strings.Join(words, " and ")
}
