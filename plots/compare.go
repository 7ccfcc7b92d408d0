package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// planColours tell plans apart in every comparison chart: the first plan
// (the base) is blue, the next orange, then green, purple, vermillion, sky
// and black (Okabe–Ito); an eighth plan takes blue again.
var planColours = []color.NRGBA{
	colMarketing, colSales, colGood, colAccent, colTarget,
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, colInk,
}

// planFill is the opacity of a plan's translucent fills: low enough that
// two overlapping histograms both show through.
const planFill = 0x26

// planColour returns plan i's colour.
func planColour(i int) color.NRGBA { return planColours[i%len(planColours)] }

// translucent returns c with opacity a.
func translucent(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// compareCaptions say how to read each comparison chart.
var compareCaptions = map[string]string{
	"overlay": "Each plan's distribution over the same simulated futures, as a share of trials; the vertical lines are the plans' medians (P50), given in the legend.",
	"boxes":   "Each plan side by side: the box holds the middle half of the futures (P25–P75), the line in it is the median, the whiskers run from P10 to P90 (8 in 10 futures).",
	"diff":    "Each plan minus the base in the same simulated futures, trial by trial: the dot is the mean difference, the bar P10 to P90. P(beats …) is the share of futures in which the plan does strictly better.",
}

// CompareCharts draws a comparison's charts for every metric it compared,
// in its order (a metric undefined in every trial of every plan is left
// out): the plans' distributions overlaid (Overlay, named
// "compare_METRIC"), their box plots side by side (Boxes,
// "compare_boxes_METRIC") and, with two plans or more, the trial-by-trial
// differences against the base (Differences, "compare_diff_METRIC"). A
// stage's or a channel's metric is named with underscores for its dots:
// "compare_channels_ads_cac".
func CompareCharts(c *plan.Comparison) ([]Chart, error) {
	if err := checkComparison(c); err != nil {
		return nil, err
	}
	var out []Chart
	for _, m := range c.Metrics {
		defined := false
		for _, pr := range c.Plans {
			defined = defined || pr.Metrics[m].Defined > 0
		}
		if !defined {
			continue
		}
		file := strings.ReplaceAll(m, ".", "_")
		charts := []struct {
			name, kind string
			draw       func(*plan.Comparison, string) (*plot.Plot, error)
		}{
			{"compare_" + file, "overlay", Overlay},
			{"compare_boxes_" + file, "boxes", Boxes},
			{"compare_diff_" + file, "diff", Differences},
		}
		for _, ch := range charts {
			if ch.kind == "diff" && len(c.Plans) < 2 {
				continue
			}
			p, err := ch.draw(c, m)
			if err != nil {
				return nil, fmt.Errorf("%s chart: %w", ch.name, err)
			}
			out = append(out, Chart{Name: ch.name, Caption: compareCaptions[ch.kind], Plot: p})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("plots: no metric of the comparison (%s) is defined in any trial", strings.Join(c.Metrics, ", "))
	}
	return out, nil
}

// checkComparison returns an error unless every plan of c has a run.
func checkComparison(c *plan.Comparison) error {
	if c == nil || len(c.Plans) == 0 {
		return errors.New("plots: no comparison to draw")
	}
	for _, pr := range c.Plans {
		if pr.Result == nil {
			return fmt.Errorf("plots: plan %s has no run to draw", pr.Name)
		}
	}
	return nil
}

// planStats returns plan i's statistics of a metric: those the comparison
// computed when it compared the metric, else xs summarised.
func planStats(c *plan.Comparison, i int, name string, xs []float64) sim.Stats {
	if st, ok := c.Plans[i].Metrics[name]; ok {
		return st
	}
	return sim.Summarize(xs)
}

// planValues returns each plan's per-trial values of a metric.
func planValues(c *plan.Comparison, name string) ([][]float64, error) {
	if err := checkComparison(c); err != nil {
		return nil, err
	}
	out := make([][]float64, len(c.Plans))
	for i, pr := range c.Plans {
		xs, err := plan.Values(pr.Result, name)
		if err != nil {
			return nil, fmt.Errorf("plan %s: %w", pr.Name, err)
		}
		out[i] = xs
	}
	return out, nil
}

// Overlay draws the plans' distributions of a metric on one axis, as
// smooth density outlines (overlaid step histograms are too jagged to tell
// apart): a Gaussian kernel density estimate per plan over the pooled 1st
// to 99th percentiles (as Distribution's axis), lightly filled in the
// plan's colour, and each plan's median as a dashed line up to its curve.
// A curve's area is the share of the plan's trials that define the metric,
// so a plan with undefined trials (a CAC with no customer won) has a
// smaller one. The legend names the plans with their P50.
func Overlay(c *plan.Comparison, name string) (*plot.Plot, error) {
	vals, err := planValues(c, name)
	if err != nil {
		return nil, err
	}
	var pooled []float64
	for _, xs := range vals {
		pooled = append(pooled, finite(xs)...)
	}
	if len(pooled) == 0 {
		return nil, fmt.Errorf("plots: %s is undefined in every trial of every plan", name)
	}
	slices.Sort(pooled)
	lo, hi := axisRange(pooled)
	whole := true
	for _, x := range pooled {
		if x != math.Trunc(x) {
			whole = false
			break
		}
	}
	outside := 0
	for _, x := range pooled {
		if x < lo || x > hi {
			outside++
		}
	}

	m := measure.Of(name)
	title := fmt.Sprintf("%s over %d months: %d plans in the same %s simulated futures",
		m.Label, c.Plans[0].HorizonMonths, len(c.Plans), measure.Whole(c.Trials))
	p := newPlot(title, axisLabel(name), "how often (density)")
	p.X.Tick.Marker = ticks{unit: m.Unit}
	p.Y.Tick.Marker = plot.ConstantTicks{}

	type curve struct {
		xys        plotter.XYs
		p50, atP50 float64
		col        color.NRGBA
		label      string
	}
	var curves []curve
	var notes []string
	peak, piled := 0.0, 0.0
	for i, xs := range vals {
		pr := c.Plans[i]
		sorted := sortedFinite(xs)
		if len(sorted) == 0 {
			notes = append(notes, fmt.Sprintf("%s: undefined in every trial", pr.Name))
			continue
		}
		// A bandwidth of at least 1/200 of the axis keeps a plan whose
		// trials pile up on one value (a paused plan's revenue of $0) a
		// narrow bump rather than an invisible needle.
		h := math.Max(bandwidth(sorted, whole), (hi-lo)/200)
		xys := density(sorted, lo, hi, 200, h)
		share := float64(len(sorted)) / float64(len(xs))
		top := 0.0
		for k := range xys {
			xys[k].Y *= share
			top = math.Max(top, xys[k].Y)
		}
		// Such a pile would squash every other curve: it does not set the
		// y range, and its bump is cut at the top.
		if atom(sorted) <= 0.25 {
			peak = math.Max(peak, top)
		} else {
			piled = math.Max(piled, top)
		}
		st := planStats(c, i, name, xs)
		label := fmt.Sprintf("%s: P50 %s", pr.Name, m.Unit.Format(st.P50))
		if st.Undefined > 0 {
			label += fmt.Sprintf(" (undefined in %s trials, left out)", measure.Whole(st.Undefined))
		}
		at := share * kde(sorted, st.P50, h)
		curves = append(curves, curve{xys, st.P50, at, planColour(i), label})
	}
	if peak == 0 {
		peak = piled
	}
	for i := range curves {
		curves[i].atP50 = math.Min(curves[i].atP50, peak*1.04)
	}
	// Every fill under every outline.
	var fills []*plotter.Polygon
	for _, cv := range curves {
		ring := append(plotter.XYs{{X: lo, Y: 0}}, cv.xys...)
		ring = append(ring, plotter.XY{X: hi, Y: 0})
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		poly.Color = translucent(cv.col, planFill)
		poly.LineStyle.Width = 0
		p.Add(poly)
		fills = append(fills, poly)
	}
	for i, cv := range curves {
		l, err := plotter.NewLine(cv.xys)
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		l.LineStyle = lineStyle(cv.col, 2.2, false)
		med, err := vline(cv.p50, 0, cv.atP50, lineStyle(cv.col, 1.6, true))
		if err != nil {
			return nil, err
		}
		p.Add(l, med)
		p.Legend.Add(cv.label, fills[i], l)
	}
	p.Legend.Add("dashed lines: each plan's median (P50)")
	for _, n := range notes {
		p.Legend.Add(n)
	}
	if outside > 0 {
		p.X.Label.Text += fmt.Sprintf("  (%s of trials beyond the axis)", measure.Share.Format(float64(outside)/float64(len(pooled))))
	}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min = 0
	p.Y.Max = peak * headroom(len(curves)+1+len(notes))
	return p, nil
}

// density returns a Gaussian kernel density estimate of sorted xs with
// bandwidth h at n points evenly spread over [lo, hi].
func density(sorted []float64, lo, hi float64, n int, h float64) plotter.XYs {
	out := make(plotter.XYs, n)
	for k := range out {
		x := lo + (hi-lo)*float64(k)/float64(n-1)
		out[k] = plotter.XY{X: x, Y: kde(sorted, x, h)}
	}
	return out
}

// atom returns the largest share of sorted xs that are equal.
func atom(sorted []float64) float64 {
	best, run := 0, 0
	for i := range sorted {
		if i > 0 && sorted[i] == sorted[i-1] {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
	}
	return float64(best) / float64(len(sorted))
}

// kde is the Gaussian kernel density estimate of sorted xs at x with
// bandwidth h: the mean of φ((x − xᵢ)/h)/h, over the xᵢ within 6h of x
// (the rest add less than 1e-8 of the peak).
func kde(sorted []float64, x, h float64) float64 {
	from, _ := slices.BinarySearch(sorted, x-6*h)
	sum := 0.0
	for _, xi := range sorted[from:] {
		z := (x - xi) / h
		if z < -6 {
			break
		}
		sum += math.Exp(-z * z / 2)
	}
	return sum / (float64(len(sorted)) * h * math.Sqrt(2*math.Pi))
}

// bandwidth is Silverman's rule of thumb for sorted xs, 0.9 · min(sd,
// IQR/1.34) · n^(−1/5), at least 0.5 for whole numbers (so that counts
// draw one curve rather than a spike per value) and never zero.
func bandwidth(sorted []float64, whole bool) float64 {
	n := float64(len(sorted))
	st := sim.Summarize(sorted)
	spread := st.SD
	if iqr := (st.P75 - st.P25) / 1.34; iqr > 0 && (iqr < spread || !(spread > 0)) {
		spread = iqr
	}
	h := 0.9 * spread * math.Pow(n, -0.2)
	if whole {
		h = math.Max(h, 0.5)
	}
	if !(h > 0) {
		h = math.Max(1e-3*math.Abs(st.Mean), 1e-9)
	}
	return h
}

// Boxes draws one box plot per plan, side by side: the box from P25 to
// P75, the median across it and whiskers from P10 to P90 (not Tukey's
// 1.5 × IQR: planners read P10 and P90 everywhere else), with the median
// written above each.
func Boxes(c *plan.Comparison, name string) (*plot.Plot, error) {
	vals, err := planValues(c, name)
	if err != nil {
		return nil, err
	}
	m := measure.Of(name)
	title := fmt.Sprintf("%s over %d months by plan: median, P25–P75 and P10–P90", m.Label, c.Plans[0].HorizonMonths)
	p := newPlot(title, "", axisLabel(name))
	p.Y.Tick.Marker = ticks{unit: m.Unit}
	n := len(vals)
	names := make([]string, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	const half = 0.28 // half a box's width, in plans
	var tops plotter.XYs
	var medians []string
	for i, xs := range vals {
		names[i] = wrap(c.Plans[i].Name, 16)
		st := planStats(c, i, name, xs)
		if st.Defined == 0 {
			names[i] += "\n(undefined)"
			continue
		}
		x := float64(i)
		col := planColour(i)
		box, err := plotter.NewPolygon(plotter.XYs{
			{X: x - half, Y: st.P25}, {X: x + half, Y: st.P25}, {X: x + half, Y: st.P75}, {X: x - half, Y: st.P75},
		})
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		box.Color = translucent(col, planFill)
		box.LineStyle = lineStyle(col, 1.4, false)
		p.Add(box)
		whisker := lineStyle(col, 1.4, false)
		for _, seg := range []struct {
			vertical  bool
			at, a, b  float64
			lineStyle draw.LineStyle
		}{
			{true, x, st.P10, st.P25, whisker},
			{true, x, st.P75, st.P90, whisker},
			{false, st.P10, x - half/2, x + half/2, whisker},
			{false, st.P90, x - half/2, x + half/2, whisker},
			{false, st.P50, x - half, x + half, lineStyle(colInk, 2.4, false)},
		} {
			var l *plotter.Line
			if seg.vertical {
				l, err = vline(seg.at, seg.a, seg.b, seg.lineStyle)
			} else {
				l, err = hline(seg.at, seg.a, seg.b, seg.lineStyle)
			}
			if err != nil {
				return nil, err
			}
			p.Add(l)
		}
		tops = append(tops, plotter.XY{X: x, Y: st.P90})
		medians = append(medians, "P50 "+m.Unit.Format(st.P50))
		lo, hi = math.Min(lo, st.P10), math.Max(hi, st.P90)
	}
	if len(tops) == 0 {
		return nil, fmt.Errorf("plots: %s is undefined in every trial of every plan", name)
	}
	lab, err := textLabels(tops, medians, labelStyle(9.5, colInk), vg.Point{Y: 4})
	if err != nil {
		return nil, err
	}
	p.Add(lab)
	p.NominalX(names...)

	grey := translucent(colMuted, planFill)
	key, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	key.Color, key.LineStyle = grey, lineStyle(colMuted, 1.4, false)
	p.Legend.Add("box: P25–P75, half of the futures", key)
	p.Legend.Add("line in the box: median (P50)", legendLine(lineStyle(colInk, 2.4, false)))
	p.Legend.Add("whiskers: P10–P90, 8 in 10 futures", legendLine(lineStyle(colMuted, 1.4, false)))

	span := math.Max(hi-lo, 1e-9*math.Max(1, math.Abs(hi)))
	p.Y.Min = lo - 0.06*span
	if lo >= 0 && p.Y.Min < 0 {
		p.Y.Min = 0 // no negative customers or dollars on the axis
	}
	// Room above the tallest whisker for its label, then for the legend.
	p.Y.Max = p.Y.Min + (hi+0.12*span-p.Y.Min)*headroom(3)
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	return p, nil
}

// Differences draws, for each plan after the first, the distribution of its
// trial-by-trial difference from the first plan (the base) in a metric:
// the mean as a dot in the plan's colour, a bar from P10 to P90, and beside
// the plan's name the share of futures in which it beats the base (higher,
// or lower for plan.LowerIsBetter metrics). A dashed line marks no
// difference.
func Differences(c *plan.Comparison, name string) (*plot.Plot, error) {
	if err := checkComparison(c); err != nil {
		return nil, err
	}
	if len(c.Plans) < 2 {
		return nil, fmt.Errorf("plots: a comparison of one plan has no differences to draw")
	}
	base := c.Plans[0].Name
	m := measure.Of(name)
	better := "higher is better"
	if m.LowerIsBetter {
		better = "lower is better"
	}
	title := fmt.Sprintf("%s: each plan minus %s in the same futures (mean, P10–P90)", m.Label, base)
	xl := fmt.Sprintf("difference in %s, plan − %s, trial by trial%s; %s", m.Noun(), base, unitSuffix(m.Unit), better)
	p := newPlot(title, xl, "")
	p.X.Tick.Marker = ticks{unit: m.Unit}
	p.Y.Tick.Label.Font.Size = 10
	p.Add(vgrid())

	rows := c.Plans[1:]
	n := len(rows)
	labels := make([]string, n)
	lo, hi := 0.0, 0.0
	var missing []string
	for i, pr := range rows {
		y := float64(n - 1 - i)
		d, ok := pr.VersusBase[name]
		if !ok {
			return nil, fmt.Errorf("plots: plan %s has no difference in %s against %s", pr.Name, name, base)
		}
		labels[n-1-i] = wrap(pr.Name, 18)
		if d.Defined == 0 {
			labels[n-1-i] += "\n(undefined)"
			missing = append(missing, pr.Name)
			continue
		}
		labels[n-1-i] += fmt.Sprintf("\nP(beats %s) %s", base, measure.Share.Format(d.PBeats))
		col := planColour(i + 1)
		if err := interval(p, y, d.Mean, d.P10, d.P90, col, "mean "+m.Unit.Signed(d.Mean)); err != nil {
			return nil, err
		}
		lo, hi = math.Min(lo, math.Min(d.P10, d.Mean)), math.Max(hi, math.Max(d.P90, d.Mean))
	}
	p.NominalY(labels...)
	zero, err := vline(0, -0.5, float64(n)-0.5, lineStyle(colMuted, 1.2, true))
	if err != nil {
		return nil, err
	}
	p.Add(zero)
	p.Legend.Add("no difference: the same as "+base, zero)
	p.Legend.Add("dot: mean difference; bar: P10 to P90")
	entries := 2
	if len(missing) > 0 {
		p.Legend.Add(fmt.Sprintf("undefined in every trial: %s", strings.Join(missing, ", ")))
		entries++
	}
	pad := 0.08 * math.Max(hi-lo, 1e-9*math.Max(1, math.Abs(hi)))
	p.X.Min, p.X.Max = lo-pad, hi+pad
	if lo == 0 && hi == 0 {
		p.X.Min, p.X.Max = -1, 1
	}
	legendRows(p, n, entries)
	return p, nil
}

// interval draws one row of a dot-and-bar chart: a dot at x = mid in row
// y, a bar from lo to hi and text above the dot.
func interval(p *plot.Plot, y, mid, lo, hi float64, col color.Color, text string) error {
	pt := plotter.XYs{{X: mid, Y: y}}
	eb, err := plotter.NewXErrorBars(struct {
		plotter.XYs
		plotter.XErrors
	}{pt, plotter.XErrors{{Low: mid - math.Min(lo, mid), High: math.Max(hi, mid) - mid}}})
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	eb.LineStyle = lineStyle(col, 2.5, false)
	eb.CapWidth = 10
	dot, err := plotter.NewScatter(pt)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	dot.GlyphStyle = draw.GlyphStyle{Color: col, Radius: 5, Shape: draw.CircleGlyph{}}
	lab, err := textLabels(pt, []string{text}, labelStyle(9.5, colInk), vg.Point{Y: 8})
	if err != nil {
		return err
	}
	p.Add(eb, dot, lab)
	return nil
}

// legendRows sets the y range of a chart of n nominal rows (first row at
// the top, as NominalY lays them out) with room above them for a legend of
// entries lines, as Channels does.
func legendRows(p *plot.Plot, n, entries int) {
	extra := float64(entries) * 15 * float64(n) / (235 - float64(entries)*15)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4+extra
}

// wrap breaks a label into lines of about width characters, at spaces or
// after underscores (a plan's name as written, "double_the_ads"), so that
// long names side by side do not run into each other.
func wrap(s string, width int) string {
	var words []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			words = append(words, s[start:i])
			start = i + 1
		case '_':
			words = append(words, s[start:i+1])
			start = i + 1
		}
	}
	words = append(words, s[start:])
	var b strings.Builder
	line := 0
	for i, w := range words {
		if w == "" {
			continue
		}
		sep := ""
		if i > 0 && !strings.HasSuffix(words[i-1], "_") {
			sep = " "
		}
		switch {
		case line == 0:
		case line+len(sep)+len(w) > width:
			b.WriteByte('\n')
			line, sep = 0, ""
		}
		b.WriteString(sep + w)
		line += len(sep) + len(w)
	}
	return b.String()
}
