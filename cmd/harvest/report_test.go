package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportDecisions: report --set shows the scenario as run and lists
// the override; --optimize, --compare and --sensitivity add their
// sections and lines to What to do.
func TestReportDecisions(t *testing.T) {
	dir := inTempDir(t)
	harvestOK(t, "report", "--set", "sales.reps=3", "-o", "three.html", "--trials", "200", "--horizon", "6")
	page, err := os.ReadFile(filepath.Join(dir, "three.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(page)
	scen := strings.Index(doc, `<section id="scenario">`)
	over := strings.Index(doc, "<li><code>sales.reps=3</code></li>")
	asRun := strings.Index(doc, "reps: 3 # --set")
	if scen < 0 || over < scen || asRun < over || strings.Contains(doc[scen:], "reps: 2 #") {
		t.Errorf("scenario section at %d, override listed at %d, reps: 3 at %d; want the override listed above the scenario as run", scen, over, asRun)
	}
	if !strings.Contains(doc, "· --set sales.reps=3") {
		t.Error("the header does not name the override")
	}

	harvestOK(t, "report", "-o", "all.html", "--trials", "200", "--horizon", "6",
		"--optimize", "$60,000", "--compare", "variants", "--sensitivity", "--metric", "new_customers")
	page, err = os.ReadFile(filepath.Join(dir, "all.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc = string(page)
	for _, want := range []string{`<section id="optimize">`, `<section id="compare">`, `<section id="sensitivity">`,
		`<figure id="chart-optimize_split">`, `<figure id="chart-optimize_frontier">`, `<figure id="chart-tornado_new_customers">`,
		"<td>sales_team</td>", "the current plan", "Best of the 3 plans on lifetime value", "What drives new customers"} {
		if !strings.Contains(doc, want) {
			t.Errorf("report with every analysis has no %q", want)
		}
	}

	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"report", "--optimize", "0"}, `--optimize: "0" is not a budget`},
		{[]string{"report", "--optimize", "lots"}, `--optimize: "lots" is`},
		{[]string{"report", "--objective", "fun"}, `--objective: "fun" is not an objective`},
		{[]string{"report", "--compare", "variants,b.yaml"}, "--compare"},
	} {
		_, errOut, code := harvest(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("harvest %s: code %d, stderr %q; want 2 and %q", strings.Join(tt.args, " "), code, errOut, tt.stderr)
		}
	}
	writeFile(t, "plain.yaml", "funnel:\n  stages: [lead, customer]\n  conversion: {customer: 0.1}\nchannels:\n  ads: {enters: lead, spend: 1000, unit_cost: 10}\ncustomers: {value: 100, churn: 0.02}\n")
	_, errOut, code := harvest(t, "report", "plain.yaml", "--compare", "variants", "--trials", "50")
	if code != 2 || !strings.Contains(errOut, "--compare variants: plain.yaml has no variants") {
		t.Errorf("report --compare variants without variants: code %d, stderr %q; want 2", code, errOut)
	}
}
