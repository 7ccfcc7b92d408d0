package plots

import (
	"bytes"
	"context"
	"html/template"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// TestReportDecisions: the page with the optimizer, a comparison and the
// tornado has a section for each after "What to do", with the split's
// options, the funding order, the frontier, the verdicts and the tornado
// drawn by their own chart functions; each adds its line to "What to
// do"; the overrides are listed above the scenario as run; every text is
// escaped.
func TestReportDecisions(t *testing.T) {
	s := tiny(t)
	res, err := sim.Run(context.Background(), s, &sim.Options{Trials: 300, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	o, f := optimization(t), frontier(t)
	c := comparison(t, "tiny", tiny)
	sr := sensitivity(t, "tiny", tiny, "revenue")
	x := &Extras{
		Overrides:    []string{"sales.reps=3", "name=<b>bold</b>"},
		Scenario:     "sales:\n  reps: 3 # --set\n",
		ScenarioNote: "The scenario as run.",
		Optimization: o, Frontier: f, Comparison: c, Sensitivity: sr,
	}
	var buf bytes.Buffer
	if err := ReportWith(&buf, plan.Review(res), "tiny.yaml", x); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	at := func(s string) int {
		t.Helper()
		i := strings.Index(doc, s)
		if i < 0 {
			t.Errorf("the page has no %q", s)
		}
		return i
	}
	// The sections, in order, after What to do and before the summary.
	lead, summary := at("<h2>What to do</h2>"), at(`<section id="summary">`)
	prev := lead
	for _, id := range []string{"optimize", "compare", "sensitivity"} {
		i := at(`<section id="` + id + `">`)
		if i < prev || i > summary {
			t.Errorf("section %s at %d; want it after %d and before the summary (%d)", id, i, prev, summary)
		}
		prev = i
		at(`<a href="#` + id + `">`)
	}
	// What to do ends with the three analyses' lines.
	v := o.Verdict
	if c.Best == nil {
		t.Fatal("the tiny comparison has no best plan: want three plans")
	}
	findings := at(`<ul class="findings">`)
	for _, line := range []string{v.Sentence, c.Best.Sentence, sr.Finding} {
		if i := at("<li>" + escaped(t, line) + "</li>"); i < lead || i > findings {
			t.Errorf("line %q at %d; want it in What to do (%d to %d)", line, i, lead, findings)
		}
	}
	// The split, the funding order, the verdicts and the charts.
	for _, op := range o.Options {
		at("<td>" + op.Name + "</td>")
	}
	if len(o.FundingOrder.Steps) > 0 {
		at("<th>step</th>")
	}
	for _, cv := range c.Verdicts {
		at("<p>" + escaped(t, cv.Sentence) + "</p>")
	}
	for _, name := range []string{"optimize_split", "optimize_frontier", "compare_diff_revenue", "tornado_revenue"} {
		at(`<figure id="chart-` + name + `">`)
	}
	// The overrides, in the header and above the scenario as run, escaped.
	at("· --set sales.reps=3")
	over, scen := at("<li><code>name=&lt;b&gt;bold&lt;/b&gt;</code></li>"), at("<pre>sales:\n  reps: 3 # --set\n</pre>")
	if over > scen || over < at(`<section id="scenario">`) {
		t.Error("the overrides are not listed above the scenario")
	}
	if strings.Contains(doc, "<b>bold</b>") {
		t.Error("an override reached the page unescaped")
	}
	if badNumber.MatchString(doc) {
		t.Errorf("the page shows %q", badNumber.FindString(doc))
	}
	// Without extras the page has none of it.
	buf.Reset()
	if err := ReportWith(&buf, plan.Review(res), "tiny.yaml", nil); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`id="optimize"`, `id="compare"`, `id="sensitivity"`, "--set"} {
		if strings.Contains(buf.String(), s) {
			t.Errorf("a page without extras has %q", s)
		}
	}
}

// escaped is text as html/template writes it in an element.
func escaped(t *testing.T, text string) string {
	t.Helper()
	var b strings.Builder
	if err := template.Must(template.New("").Parse("{{.}}")).Execute(&b, text); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
