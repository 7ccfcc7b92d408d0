package plots

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// ChannelMetrics are the per-channel metrics Charts draws.
var ChannelMetrics = []string{"cac", "roi"}

// channelTitles say what a per-channel chart shows; Channels adds the
// unit to the axis.
var channelTitles = map[string]struct{ title, x string }{
	"cac":         {"CAC by channel: median and P10–P90", "channel spend per customer it brought"},
	"roi":         {"ROI by channel: median and P10–P90", "(new gross profit − channel spend) / channel spend"},
	"spend":       {"Spend by channel: median and P10–P90", "channel spend over the horizon"},
	"entries":     {"People entering by channel: median and P10–P90", "people entering the funnel"},
	"customers":   {"Customers by channel: median and P10–P90", "customers won"},
	"new_revenue": {"New revenue by channel: median and P10–P90", "revenue from the channel's new customers"},
}

// channelKind returns a channel's kind from the scenario, marketing when the
// scenario does not say.
func channelKind(r *sim.Result, name string) model.Kind {
	if r.Scenario != nil {
		for _, ch := range r.Scenario.Channels {
			if ch.Name == name {
				return ch.Kind
			}
		}
	}
	return model.Marketing
}

// Channels draws one per-channel metric (one of measure.ChannelNames) for
// every channel: a dot at the median and a P10–P90 interval, the median
// written beside it, marketing's and sales' channels in two colours. CAC
// has the blended CAC's median as a reference line and ROI the break-even
// line at 0. A channel whose metric is undefined in every trial (no customer
// won) is named in the legend instead.
func Channels(run *plan.Run, name string) (*plot.Plot, error) {
	names, ok := channelTitles[name]
	if !ok {
		return nil, fmt.Errorf("plots: no channel metric %q (known: %v)", name, measure.ChannelNames())
	}
	if err := checkRun(run); err != nil {
		return nil, err
	}
	r := run.Result
	if len(r.Channels) == 0 {
		return nil, fmt.Errorf("plots: the result has no channels")
	}
	type row struct {
		name string
		st   sim.Stats
		kind model.Kind
	}
	var rows []row
	var missing []string
	for _, ch := range r.Channels {
		st := run.Summary.Channels[ch.Name][name]
		if st.Defined == 0 {
			missing = append(missing, ch.Name)
			continue
		}
		rows = append(rows, row{ch.Name, st, channelKind(r, ch.Name)})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("plots: %s is undefined for every channel in every trial", name)
	}
	m, _ := measure.Channel(name)
	p := newPlot(names.title, names.x+unitSuffix(m.Unit), "")
	p.X.Tick.Marker = ticks{unit: m.Unit}
	p.Y.Tick.Label.Font.Size = 10.5
	p.Add(vgrid())

	// First channel at the top.
	n := len(rows)
	labels := make([]string, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	var legendDot [2]*plotter.Scatter
	for i, rw := range rows {
		y := float64(n - 1 - i)
		labels[n-1-i] = rw.name
		c := colMarketing
		if rw.kind == model.SalesKind {
			c = colSales
		}
		pt := plotter.XYs{{X: rw.st.P50, Y: y}}
		eb, err := plotter.NewXErrorBars(struct {
			plotter.XYs
			plotter.XErrors
		}{pt, plotter.XErrors{{Low: rw.st.P50 - rw.st.P10, High: rw.st.P90 - rw.st.P50}}})
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		eb.LineStyle = lineStyle(c, 2.5, false)
		eb.CapWidth = 10
		dot, err := plotter.NewScatter(pt)
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		dot.GlyphStyle = draw.GlyphStyle{Color: c, Radius: 5, Shape: draw.CircleGlyph{}}
		lab, err := textLabels(pt, []string{m.Unit.Format(rw.st.P50)}, labelStyle(9.5, colInk), vg.Point{Y: 8})
		if err != nil {
			return nil, err
		}
		p.Add(eb, dot, lab)
		legendDot[rw.kind] = dot
		lo, hi = math.Min(lo, rw.st.P10), math.Max(hi, rw.st.P90)
	}
	p.NominalY(labels...)
	entries := 0
	if legendDot[model.Marketing] != nil {
		p.Legend.Add("marketing channel (median, P10–P90)", legendDot[model.Marketing])
		entries++
	}
	if legendDot[model.SalesKind] != nil {
		p.Legend.Add("sales channel (median, P10–P90)", legendDot[model.SalesKind])
		entries++
	}

	ref, refName := math.NaN(), ""
	switch name {
	case "cac":
		if st := run.Summary.Metrics["cac"]; st.Defined > 0 {
			ref, refName = st.P50, "blended CAC (all spend), median "+measure.Money.Format(st.P50)
		}
	case "roi":
		ref, refName = 0, "break-even"
	}
	if !math.IsNaN(ref) {
		l, err := vline(ref, -0.5, float64(n)-0.5, lineStyle(colMuted, 1.2, true))
		if err != nil {
			return nil, err
		}
		p.Add(l)
		p.Legend.Add(refName, l)
		entries++
		lo, hi = math.Min(lo, ref), math.Max(hi, ref)
	}
	if len(missing) > 0 {
		p.Legend.Add("no customers in any trial: " + strings.Join(missing, ", "))
		entries++
	}
	pad := 0.06 * math.Max(hi-lo, math.Abs(hi)*0.1+1e-9)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	if lo >= 0 && lo-pad < 0 && name != "roi" {
		p.X.Min = 0
	}
	// Leave rows above the channels for the legend.
	extra := float64(entries) * 15 * float64(n) / (235 - float64(entries)*15)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4+extra
	return p, nil
}

// vgrid returns light vertical grid lines.
func vgrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Horizontal.Width = 0
	g.Vertical.Color = colGrid
	g.Vertical.Width = 0.5
	return g
}

// Shares draws, for each channel, its share of all channels' spend against
// its share of the customers they won (means over the trials): a channel
// whose customer bar is taller than its spend bar pulls more than its weight.
func Shares(run *plan.Run) (*plot.Plot, error) {
	if err := checkRun(run); err != nil {
		return nil, err
	}
	r := run.Result
	if len(r.Channels) == 0 {
		return nil, fmt.Errorf("plots: the result has no channels")
	}
	n := len(r.Channels)
	spend := make(plotter.Values, n)
	cust := make(plotter.Values, n)
	names := make([]string, n)
	var totalSpend, totalCust float64
	for i, ch := range r.Channels {
		spend[i] = run.Summary.Channels[ch.Name]["spend"].Mean
		cust[i] = run.Summary.Channels[ch.Name]["customers"].Mean
		totalSpend += spend[i]
		totalCust += cust[i]
		names[i] = ch.Name
	}
	if totalSpend <= 0 && totalCust <= 0 {
		return nil, fmt.Errorf("plots: no channel spends or wins a customer")
	}
	top := 0.0
	for i := range n {
		if totalSpend > 0 {
			spend[i] /= totalSpend
		}
		if totalCust > 0 {
			cust[i] /= totalCust
		}
		top = math.Max(top, math.Max(spend[i], cust[i]))
	}
	p := newPlot("Share of channel spend against share of customers won", "", "share of all channels (%)")
	p.Y.Tick.Marker = ticks{unit: measure.Share}
	p.NominalX(names...)
	w := vg.Length(math.Min(36, 150/float64(n)))
	sb, err := plotter.NewBarChart(spend, w)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	sb.Color = colMuted
	sb.LineStyle.Width = 0
	sb.Offset = -w / 2
	cb, err := plotter.NewBarChart(cust, w)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	cb.Color = colGood
	cb.LineStyle.Width = 0
	cb.Offset = w / 2
	p.Add(sb, cb)
	for _, b := range []struct {
		vs  plotter.Values
		off vg.Length
	}{{spend, -w / 2}, {cust, w / 2}} {
		at := make(plotter.XYs, n)
		ls := make([]string, n)
		for i, v := range b.vs {
			at[i] = plotter.XY{X: float64(i), Y: v}
			ls[i] = measure.Share.Format(v)
		}
		lab, err := textLabels(at, ls, labelStyle(8.5, colInk), vg.Point{X: b.off, Y: 2})
		if err != nil {
			return nil, err
		}
		p.Add(lab)
	}
	p.Legend.Add("share of channel spend", sb)
	p.Legend.Add("share of new customers", cb)
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	p.Y.Min = 0
	p.Y.Max = top * headroom(2) * 1.05
	return p, nil
}
