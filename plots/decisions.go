package plots

import (
	"fmt"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/plan"
)

// Extras are what a report adds to a run's page: the settings it ran with
// and the planning answers asked for. Every field may be left empty.
type Extras struct {
	// Overrides are the --set overrides the run was made with, in order,
	// listed in the header and above the scenario.
	Overrides []string
	// Scenario is the scenario's text as run, the overrides applied;
	// empty: the file as written.
	Scenario string
	// ScenarioNote says how Scenario relates to the file, shown above it
	// (e.g. that a TOML file is shown as written).
	ScenarioNote string

	// Optimization and Frontier are optimize's answer (Frontier may be
	// nil): the recommended split, its funding order and the frontier.
	Optimization *plan.Optimization
	Frontier     *plan.BudgetFrontier
	// Sensitivity is the tornado: which input is most worth learning.
	Sensitivity *plan.SensitivityResult
	// Comparison is compare's answer, with its verdicts (Decide).
	Comparison *plan.Comparison
}

// section is one planning answer on the page: its id and title, a lead
// sentence for "What to do", sentences, tables and charts.
type section struct {
	ID, Title string
	Says      []string
	Tables    []table
	Figures   []figure
}

// table is a small table of text cells; the first column is left-aligned.
type table struct {
	Head []string
	Rows [][]string
	Note string
}

// decisions turns the extras into the page's sections, and the lines
// they add to "What to do": the optimizer's verdict, the comparison's,
// and the input most worth learning.
func decisions(x *Extras) (lead []string, out []section, err error) {
	if o := x.Optimization; o != nil {
		v := o.Verdict
		lead = append(lead, v.Sentence)
		sec, err := optimizeSection(o, x.Frontier, v)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, sec)
	}
	if c := x.Comparison; c != nil && len(c.Plans) > 1 {
		switch {
		case c.Best != nil:
			lead = append(lead, c.Best.Sentence)
		case len(c.Verdicts) > 0:
			lead = append(lead, c.Verdicts[0].Sentence)
		}
		sec, err := compareSection(c)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, sec)
	}
	if sr := x.Sensitivity; sr != nil {
		if sr.Finding != "" {
			lead = append(lead, sr.Finding)
		}
		sec, err := sensitivitySection(sr)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, sec)
	}
	return lead, out, nil
}

// optimizeSection is the recommended split, its funding order and frontier.
func optimizeSection(o *plan.Optimization, f *plan.BudgetFrontier, v plan.Verdict) (section, error) {
	name, _, u := objective(o.Objective)
	sec := section{ID: "optimize", Title: "The budget split"}
	sec.Says = append(sec.Says, fmt.Sprintf("The split of %s a month that earns the most %s (%s), against today's split.",
		measure.Money.Format(o.Budget), name, riskText(o.Risk)), v.Sentence)
	if o.Note != "" {
		sec.Says = append(sec.Says, sentence(o.Note))
	}
	split := table{Head: []string{"option", "today", "recommended", "share", "buys"}}
	for _, op := range o.Options {
		buys := ""
		if op.Unit == "heads" || op.Unit == "reps" {
			buys = measure.Number.Short(op.RecommendedUnits) + " " + op.Unit
		}
		split.Rows = append(split.Rows, []string{op.Name, measure.Money.Format(op.Current), measure.Money.Format(op.Recommended),
			measure.Share.Format(op.RecommendedShare), buys})
	}
	split.Rows = append(split.Rows, []string{"total", measure.Money.Format(o.Current.Total), measure.Money.Format(o.Recommended.Total), "", ""})
	split.Note = fmt.Sprintf("Monthly amounts. Mean %s: today %s, recommended %s.", name,
		u.Format(o.Current.Objective.Mean), u.Format(o.Recommended.Objective.Mean))
	sec.Tables = append(sec.Tables, split)
	if steps := o.FundingOrder.Steps; len(steps) > 0 {
		fund := table{Head: []string{"step", "option", "from", "to", "adds"}}
		for i, st := range steps {
			fund.Rows = append(fund.Rows, []string{fmt.Sprint(i + 1), st.Option, measure.Money.Format(st.From),
				measure.Money.Format(st.To), u.Signed(st.Gain)})
		}
		fund.Note = "The order to fund things as the budget grows, from the search's own runs: each step's budget from and to, and what it adds to " + name + "."
		sec.Tables = append(sec.Tables, fund)
	}
	if f != nil && f.BreakEvenRule != "" {
		if f.BreakEvenFound {
			sec.Says = append(sec.Says, fmt.Sprintf("Past %s a month an extra dollar no longer pays (%s).", measure.Money.Format(f.BreakEven), f.BreakEvenRule))
		} else {
			sec.Says = append(sec.Says, fmt.Sprintf("Every budget tried, up to %s a month, still pays (%s).", measure.Money.Format(f.BreakEven), f.BreakEvenRule))
		}
	}
	charts, err := OptimizeCharts(o, f)
	if err != nil {
		return sec, err
	}
	for _, c := range charts {
		if strings.HasPrefix(c.Name, "optimize_") { // the response curves are on the page already
			if sec.Figures, err = appendFigure(sec.Figures, c); err != nil {
				return sec, err
			}
		}
	}
	return sec, nil
}

// compareSection is the comparison's verdicts, each plan's objective and
// the differences against the base.
func compareSection(c *plan.Comparison) (section, error) {
	name, _, u := objective(c.Objective)
	base := c.Plans[0]
	sec := section{ID: "compare", Title: "Plans compared"}
	sec.Says = append(sec.Says, c.Findings...)
	tb := table{Head: []string{"plan", "monthly cost", name + " against " + base.Name, "better in", "verdict"}}
	tb.Rows = append(tb.Rows, []string{base.Name, measure.Money.Format(base.MonthlyCost), "", "", ""})
	for i, v := range c.Verdicts {
		tb.Rows = append(tb.Rows, []string{v.Plan, measure.Money.Format(c.Plans[i+1].MonthlyCost),
			u.SignedPlusMinus(v.Gain.Mean, v.Gain.SE), measure.Share.Format(v.Gain.PBeats), callWords(v)})
	}
	tb.Note = "Every plan ran on the same simulated futures; the difference is trial by trial, ± one Monte Carlo standard error."
	sec.Tables = append(sec.Tables, tb)
	for _, m := range []string{"revenue", "spend"} {
		if !containsMetric(c, m) {
			continue
		}
		p, err := Differences(c, m)
		if err != nil {
			return sec, fmt.Errorf("compare_diff_%s chart: %w", m, err)
		}
		if sec.Figures, err = appendFigure(sec.Figures, Chart{Name: "compare_diff_" + m, Caption: compareCaptions["diff"], Plot: p}); err != nil {
			return sec, err
		}
	}
	return sec, nil
}

// callWords say a verdict's call in the comparison's table.
func callWords(v plan.Verdict) string {
	switch v.Call {
	case plan.Pick:
		return "pick " + v.Plan
	case plan.Keep:
		return "keep " + v.Base
	case plan.Lean:
		if v.Gain.Mean < 0 {
			return "leaning to " + v.Base
		}
		return "leaning to " + v.Plan
	}
	return "too close to call"
}

// containsMetric reports whether the comparison compared a metric.
func containsMetric(c *plan.Comparison, m string) bool {
	for _, x := range c.Metrics {
		if x == m {
			return true
		}
	}
	return false
}

// sensitivitySection is the tornado and its table.
func sensitivitySection(sr *plan.SensitivityResult) (section, error) {
	m := measure.Of(sr.Metric)
	sec := section{ID: "sensitivity", Title: "What drives " + m.Noun()}
	if sr.Finding != "" {
		sec.Says = append(sec.Says, sr.Finding)
	}
	if len(sr.Inputs) == 0 {
		return sec, nil
	}
	tb := table{Head: []string{"input", "mean " + m.Noun() + " at its P10", "at its P90", "swing ± error"}}
	for _, in := range sr.Inputs {
		swing := measure.Undefined
		if !in.Undefined {
			swing = m.Unit.PlusMinus(in.Swing, in.SwingSE)
		}
		tb.Rows = append(tb.Rows, []string{in.Key, m.Unit.Format(in.MeanAtLow), m.Unit.Format(in.MeanAtHigh), swing})
	}
	tb.Note = "Each input held at its P10, then its P90, every other input uncertain; the swing is how far the mean moves."
	sec.Tables = append(sec.Tables, tb)
	charts, err := TornadoCharts(sr)
	if err != nil {
		return sec, err
	}
	for _, c := range charts {
		if sec.Figures, err = appendFigure(sec.Figures, c); err != nil {
			return sec, err
		}
	}
	return sec, nil
}

// appendFigure renders a chart as inline SVG onto figures.
func appendFigure(figures []figure, c Chart) ([]figure, error) {
	svg, err := Render(c.Plot, "svg")
	if err != nil {
		return figures, fmt.Errorf("%s chart: %w", c.Name, err)
	}
	// The SVG comes from our own plots; gonum escapes its text.
	return append(figures, figure{Name: c.Name, Caption: c.Caption, SVG: template.HTML(inlineSVG(svg, c.Plot.Title.Text))}), nil
}

// sentence returns text as a sentence: its first letter in upper case and
// a full stop at its end.
func sentence(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return text
	}
	r, n := utf8.DecodeRuneInString(text)
	text = string(unicode.ToUpper(r)) + text[n:]
	if !strings.HasSuffix(text, ".") {
		text += "."
	}
	return text
}
