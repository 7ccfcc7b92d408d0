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
	"github.com/harvest-planning/harvest/plan"
)

// objectives name each of plan.Objectives for charts: in a sentence and on
// an axis.
var objectives = map[string]struct{ name, axis string }{
	"profit":         {"profit", "horizon profit: new gross profit − spend"},
	"revenue":        {"revenue", "revenue over the horizon"},
	"customers":      {"new customers", "new customers won"},
	"lifetime_value": {"lifetime value", "lifetime value: new customers × LTV − spend"},
}

// objective returns an objective's name, axis label with its unit, and
// unit (plan.ObjectiveUnit); an unknown one is named as written.
func objective(name string) (string, string, measure.Unit) {
	u := plan.ObjectiveUnit(name)
	o, ok := objectives[name]
	if !ok {
		o.name, o.axis = name, name
	}
	return o.name, o.axis + unitSuffix(u), u
}

// riskText says how a risk measure scores the objective.
func riskText(risk string) string {
	switch risk {
	case "p10":
		return "scored by its P10, a bad year"
	case "cvar10":
		return "scored by the mean of its worst 10% of futures"
	}
	return "scored by its mean"
}

// optimizeCaptions say how to read each optimizer chart.
var optimizeCaptions = map[string]string{
	"split":    "Grey: what each option gets a month today; green: what the optimizer recommends for the same budget. Heads and reps are what the amounts buy.",
	"funding":  "Where each extra dollar goes as the budget grows: each segment is a step of the order to fund things, in the colour of the option it funds, rising by what the step adds to the objective (as the search scored it, with fewer trials than the final runs). Past the dashed line, more leads no longer help until sales can take them on.",
	"frontier": "The best plan the optimizer finds at each monthly budget: the line is its median outcome, the band P10 to P90. The black point is today's plan, the green one the recommendation; past the break-even line an extra dollar no longer pays.",
}

// OptimizeCharts draws an optimization's charts: the current split against
// the recommended one (Split, named "optimize_split"), the order to fund
// things (Funding, "optimize_funding"), the budget frontier
// when f is not nil (Frontier, "optimize_frontier") and each channel's
// response curve with its current and recommended spend marked (Response,
// "response_CHANNEL"). Either argument may be nil, not both.
func OptimizeCharts(o *plan.Optimization, f *plan.BudgetFrontier) ([]Chart, error) {
	if o == nil && f == nil {
		return nil, errors.New("plots: no optimization or frontier to draw")
	}
	var out []Chart
	if o != nil {
		p, err := Split(o)
		if err != nil {
			return nil, fmt.Errorf("optimize_split chart: %w", err)
		}
		out = append(out, Chart{Name: "optimize_split", Caption: optimizeCaptions["split"], Plot: p})
		if len(o.FundingOrder.Steps) > 0 {
			p, err := Funding(o)
			if err != nil {
				return nil, fmt.Errorf("optimize_funding chart: %w", err)
			}
			out = append(out, Chart{Name: "optimize_funding", Caption: optimizeCaptions["funding"], Plot: p})
		}
	}
	if f != nil {
		p, err := Frontier(f, o)
		if err != nil {
			return nil, fmt.Errorf("optimize_frontier chart: %w", err)
		}
		out = append(out, Chart{Name: "optimize_frontier", Caption: optimizeCaptions["frontier"], Plot: p})
	}
	if o != nil {
		if o.Plan == nil && len(o.Curves) > 0 {
			return nil, errors.New("plots: the optimization has no recommended scenario to draw response curves from")
		}
		for _, c := range o.Curves {
			p, err := Response(o.Plan, c)
			if err != nil {
				return nil, fmt.Errorf("response_%s chart: %w", c.Channel, err)
			}
			out = append(out, Chart{Name: "response_" + c.Channel, Caption: caption("response"), Plot: p})
		}
	}
	return out, nil
}

// Split draws each option's monthly amount today (grey) and as recommended
// (green), side by side and labelled in dollars. Under each option's name
// are the heads or reps the amounts buy, or "locked". The legend gives the
// objective's median under both plans and P(recommended beats today's).
func Split(o *plan.Optimization) (*plot.Plot, error) {
	if o == nil || len(o.Options) == 0 {
		return nil, errors.New("plots: the optimization has no options to draw")
	}
	name, _, u := objective(o.Objective)
	n := len(o.Options)
	cur := make(plotter.Values, n)
	rec := make(plotter.Values, n)
	names := make([]string, n)
	top := 0.0
	for i, op := range o.Options {
		cur[i], rec[i] = op.Current, op.Recommended
		for _, v := range []float64{op.Current, op.Recommended} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return nil, fmt.Errorf("plots: option %s has an amount of %v; want a finite amount ≥ 0", op.Name, v)
			}
		}
		top = math.Max(top, math.Max(op.Current, op.Recommended))
		names[i] = wrap(op.Name, 13)
		switch {
		case op.Locked:
			names[i] += "\n(locked)"
		case op.Unit == "heads" || op.Unit == "reps":
			// "1 → 3.8" over "heads", the noun as the recommendation reads.
			rec, noun, _ := strings.Cut(measure.Count.Plural(op.RecommendedUnits, strings.TrimSuffix(op.Unit, "s")), " ")
			names[i] += "\n" + measure.Count.Format(op.CurrentUnits) + " → " + rec + "\n" + noun
		}
	}
	title := fmt.Sprintf("Where %s a month goes: today's split and the recommended one", measure.Money.Format(o.Budget))
	p := newPlot(title, fmt.Sprintf("objective: %s over %s trials, %s", name, measure.Whole(o.Trials), riskText(o.Risk)), "monthly amount ($)")
	p.Y.Tick.Marker = ticks{unit: measure.Money}
	p.NominalX(names...)
	p.X.Tick.Label.Font.Size = 9
	w := vg.Length(math.Min(32, 170/float64(n)))
	bars := make([]*plotter.BarChart, 2)
	for k, b := range []struct {
		vs  plotter.Values
		col color.Color
		off vg.Length
	}{{cur, colMuted, -w / 2}, {rec, colGood, w / 2}} {
		bc, err := plotter.NewBarChart(b.vs, w)
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		bc.Color = b.col
		bc.LineStyle.Width = 0
		bc.Offset = b.off
		p.Add(bc)
		bars[k] = bc
		at := make(plotter.XYs, n)
		ls := make([]string, n)
		for i, v := range b.vs {
			at[i] = plotter.XY{X: float64(i), Y: v}
			ls[i] = measure.Money.Format(math.Round(v)) // a cent left by the search is $0
		}
		lab, err := textLabels(at, ls, labelStyle(8, colInk), vg.Point{X: b.off, Y: 2})
		if err != nil {
			return nil, err
		}
		p.Add(lab)
	}
	p.Legend.Add(fmt.Sprintf("today: %s P50 %s", name, u.Format(o.Current.Objective.P50)), bars[0])
	recText := fmt.Sprintf("recommended: P50 %s", u.Format(o.Recommended.Objective.P50))
	if o.VersusCurrent.Defined > 0 {
		recText += fmt.Sprintf(", beats today's in %s of futures", measure.Share.Format(o.VersusCurrent.PBeats))
	}
	p.Legend.Add(recText, bars[1])
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	p.Y.Min = 0
	p.Y.Max = math.Max(top, 1) * 1.05 * headroom(2)
	return p, nil
}

// Frontier draws the best objective against the monthly budget: the P10 to
// P90 band of the best plan found at each budget, its median as a line with
// a dot per budget tried, today's plan as a black point with its P10–P90,
// the recommended plan of o (when o optimizes the same objective with the
// same risk measure) as a green point, and the break-even budget as a
// dashed line, or in the legend when every step tried still pays.
func Frontier(f *plan.BudgetFrontier, o *plan.Optimization) (*plot.Plot, error) {
	if f == nil {
		return nil, errors.New("plots: no frontier to draw")
	}
	var x, p10, p50, p90 []float64
	for _, pt := range f.Points {
		if pt.Split == nil {
			continue
		}
		st := pt.Objective
		if !finiteAll(pt.Budget, st.P10, st.P50, st.P90) {
			continue
		}
		x, p10, p50, p90 = append(x, pt.Budget), append(p10, st.P10), append(p50, st.P50), append(p90, st.P90)
	}
	if len(x) == 0 {
		return nil, fmt.Errorf("plots: no budget of the frontier has a plan (%d tried)", len(f.Points))
	}
	name, axis, u := objective(f.Objective)
	title := fmt.Sprintf("Best %s at each monthly budget: median and P10–P90", name)
	if f.Risk != "" && f.Risk != "mean" {
		title += fmt.Sprintf(" (plans %s)", riskText(f.Risk))
	}
	p := newPlot(title, "total monthly budget ($)", axis)
	p.X.Tick.Marker = ticks{unit: measure.Money}
	p.Y.Tick.Marker = ticks{unit: u}
	legendLeft(p)
	p.Add(vgrid())

	xmin, xmax := x[0], x[len(x)-1]
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i := range x {
		ymin, ymax = math.Min(ymin, p10[i]), math.Max(ymax, p90[i])
	}
	entries := 0
	if len(x) >= 2 {
		band, err := bandXY(x, p10, p90)
		if err != nil {
			return nil, err
		}
		band.Color = colBandWide
		band.LineStyle.Width = 0
		p.Add(band)
		p.Legend.Add("P10–P90 of the best plan found", band)
		entries++
	}
	line := make(plotter.XYs, len(x))
	for i := range x {
		line[i] = plotter.XY{X: x[i], Y: p50[i]}
	}
	l, dots, err := plotter.NewLinePoints(line)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	l.LineStyle = lineStyle(colMarketing, 2.2, false)
	dots.GlyphStyle = draw.GlyphStyle{Color: colMarketing, Radius: 2.5, Shape: draw.CircleGlyph{}}
	p.Add(l, dots)
	p.Legend.Add("median (P50) of the best plan at each budget", l, dots)
	entries++

	marks := []struct {
		label string
		total float64
		st    [3]float64
		col   color.Color
	}{{fmt.Sprintf("today's plan: %s a month, P50 %s", measure.Money.Format(f.Current.Total), u.Format(f.Current.Objective.P50)),
		f.Current.Total, [3]float64{f.Current.Objective.P10, f.Current.Objective.P50, f.Current.Objective.P90}, colInk}}
	if o != nil && o.Objective == f.Objective && o.Risk == f.Risk {
		r := o.Recommended.Objective
		marks = append(marks, struct {
			label string
			total float64
			st    [3]float64
			col   color.Color
		}{fmt.Sprintf("recommended: %s a month, P50 %s", measure.Money.Format(o.Spent), u.Format(r.P50)),
			o.Spent, [3]float64{r.P10, r.P50, r.P90}, colGood})
	}
	// Today's plan and the recommendation usually share a budget: dodge
	// them apart by a hair so that both whiskers show, as ggplot's
	// position_dodge does.
	dodge := 0.0
	if len(marks) == 2 && math.Abs(marks[0].total-marks[1].total) < 0.02*(xmax-xmin) {
		dodge = 0.008 * (xmax - xmin)
	}
	for k, mk := range marks {
		if !finiteAll(mk.total, mk.st[0], mk.st[1], mk.st[2]) {
			continue
		}
		pt := plotter.XYs{{X: mk.total + dodge*(2*float64(k)-1), Y: mk.st[1]}}
		eb, err := plotter.NewYErrorBars(struct {
			plotter.XYs
			plotter.YErrors
		}{pt, plotter.YErrors{{Low: mk.st[1] - mk.st[0], High: mk.st[2] - mk.st[1]}}})
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		eb.LineStyle = lineStyle(mk.col, 1.6, false)
		eb.CapWidth = 8
		dot, err := plotter.NewScatter(pt)
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		dot.GlyphStyle = draw.GlyphStyle{Color: mk.col, Radius: 4.5, Shape: draw.CircleGlyph{}}
		p.Add(eb, dot)
		p.Legend.Add(mk.label, dot)
		entries++
		xmin, xmax = math.Min(xmin, mk.total), math.Max(xmax, mk.total)
		ymin, ymax = math.Min(ymin, mk.st[0]), math.Max(ymax, mk.st[2])
	}
	span := math.Max(ymax-ymin, 1e-9*math.Max(1, math.Abs(ymax)))
	p.Y.Min = ymin - 0.05*span
	if ymin >= 0 && p.Y.Min < 0 {
		p.Y.Min = 0
	}
	p.Y.Max = p.Y.Min + (ymax+0.03*span-p.Y.Min)*headroom(entries+1)

	if f.BreakEvenFound && !math.IsNaN(f.BreakEven) && !math.IsInf(f.BreakEven, 0) {
		be, err := vline(f.BreakEven, p.Y.Min, p.Y.Max, lineStyle(colTarget, 2, true))
		if err != nil {
			return nil, err
		}
		p.Add(be)
		p.Legend.Add("break-even: "+f.BreakEvenWords(), be)
		xmin, xmax = math.Min(xmin, f.BreakEven), math.Max(xmax, f.BreakEven)
	} else {
		p.Legend.Add(f.BreakEvenWords())
	}
	if p.Y.Min < 0 && u == measure.Money {
		zero, err := hline(0, xmin, xmax, lineStyle(colMuted, 1, true))
		if err != nil {
			return nil, err
		}
		p.Add(zero)
	}
	pad := 0.03 * math.Max(xmax-xmin, 1)
	p.X.Min, p.X.Max = math.Max(0, xmin-pad), xmax+pad
	return p, nil
}

// bandXY returns the polygon between two curves over x: the lower curve
// forwards, the upper one back.
func bandXY(x, lower, upper []float64) (*plotter.Polygon, error) {
	ring := make(plotter.XYs, 0, 2*len(x))
	for i := range x {
		ring = append(ring, plotter.XY{X: x[i], Y: lower[i]})
	}
	for i := len(x) - 1; i >= 0; i-- {
		ring = append(ring, plotter.XY{X: x[i], Y: upper[i]})
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	return poly, nil
}

// finiteAll reports whether every x is neither NaN nor infinite.
func finiteAll(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// Funding draws the order to fund things (plan.FundingOrder): the
// objective, as the search scored it, against the monthly budget as it
// grows from the locked amounts and minimums, one segment per step in the
// colour of the option the step funds, and a dashed line where sales
// capacity, not leads, becomes the limit.
func Funding(o *plan.Optimization) (*plot.Plot, error) {
	if o == nil || len(o.FundingOrder.Steps) == 0 {
		return nil, errors.New("plots: the optimization has no funding order to draw")
	}
	f := o.FundingOrder
	name, _, u := objective(o.Objective)
	// Colours in order of first funding, so that the few options funded
	// get the most distinct ones.
	// A step that funds two options together (an SDR and the rep to work
	// the meetings) is drawn as one, "sdr + sales_team".
	label := func(st plan.FundingStep) string {
		if len(st.Parts) == 0 {
			return st.Option
		}
		names := make([]string, len(st.Parts))
		for i, r := range st.Parts {
			names[i] = r.Option
		}
		return strings.Join(names, " + ")
	}
	colours := map[string]color.NRGBA{}
	for _, st := range f.Steps {
		if _, ok := colours[label(st)]; !ok {
			colours[label(st)] = planColour(len(colours))
		}
	}
	title := fmt.Sprintf("The order to fund things, from %s to %s a month",
		measure.Money.Format(f.Start), measure.Money.Format(f.Steps[len(f.Steps)-1].To))
	p := newPlot(title, "total monthly budget ($)", fmt.Sprintf("%s, %s%s", name, riskText(o.Risk), unitSuffix(u)))
	p.X.Tick.Marker = ticks{unit: measure.Money}
	p.Y.Tick.Marker = ticks{unit: u}
	legendLeft(p)
	p.Add(vgrid())

	x0, y0 := f.Start, f.StartScore
	if !finiteAll(x0, y0) {
		return nil, fmt.Errorf("plots: the funding order starts at %v with a score of %v", x0, y0)
	}
	lo, hi := y0, y0
	inLegend := map[string]bool{}
	entries := 0
	for _, st := range f.Steps {
		if !finiteAll(st.To, st.Score) {
			return nil, fmt.Errorf("plots: funding step %s to %v has a score of %v", st.Option, st.To, st.Score)
		}
		col := colours[label(st)]
		seg, dots, err := plotter.NewLinePoints(plotter.XYs{{X: x0, Y: y0}, {X: st.To, Y: st.Score}})
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		seg.LineStyle = lineStyle(col, 3, false)
		dots.GlyphStyle = draw.GlyphStyle{Color: col, Radius: 3, Shape: draw.CircleGlyph{}}
		p.Add(seg, dots)
		if !inLegend[label(st)] {
			inLegend[label(st)] = true
			p.Legend.Add(label(st), seg)
			entries++
		}
		x0, y0 = st.To, st.Score
		lo, hi = math.Min(lo, y0), math.Max(hi, y0)
	}
	span := math.Max(hi-lo, 1e-9*math.Max(1, math.Abs(hi)))
	switch {
	case f.StartCapacityBound:
		p.Legend.Add(f.Limit(true))
		entries++
	case f.CapacityLimit >= 0 && f.CapacityLimit < len(f.Steps):
		at := f.Steps[f.CapacityLimit].To
		l, err := vline(at, lo-0.05*span, hi+0.05*span, lineStyle(colTarget, 1.6, true))
		if err != nil {
			return nil, err
		}
		p.Add(l)
		p.Legend.Add(f.Limit(true), l)
		entries++
	}
	if f.Stop != nil {
		p.Legend.Add(fmt.Sprintf("beyond %s a month no option pays", measure.Money.Format(f.Stop.At)))
		entries++
	}
	p.Y.Min = lo - 0.05*span
	p.Y.Max = p.Y.Min + (hi+0.05*span-p.Y.Min)*headroom(entries)
	p.X.Min, p.X.Max = f.Start, x0
	return p, nil
}
