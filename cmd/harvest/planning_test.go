package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// quick are flags that keep a planning command's runs quick.
var quick = []string{"--trials", "300", "--horizon", "6"}

// harvestOK runs harvest and fails the test unless it exits 0.
func harvestOK(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	out, errOut, code := harvest(t, args...)
	if code != 0 {
		t.Fatalf("harvest %s: code %d; want 0 (stderr %q)", strings.Join(args, " "), code, errOut)
	}
	return out, errOut
}

// decodeJSON decodes a command's JSON output into v, failing the test if it
// does not parse.
func decodeJSON(t *testing.T, out string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("output does not parse as JSON: %v; output %q", err, head(out))
	}
}

// assertFiles fails the test unless dir holds exactly the files want (and
// no temporary file).
func assertFiles(t *testing.T, dir string, want []string) {
	t.Helper()
	want = append(want, manifestName)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s holds %v; want %v", dir, got, want)
	}
}

// assertPNG fails the test unless path is a PNG file.
func assertPNG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("%s starts %q; want a PNG", path, head(string(data)))
	}
}

// assertNoNaN fails the test if a command's output shows NaN, Inf or a
// formatting error.
func assertNoNaN(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range []string{"NaN", "Inf", "%!"} {
		if strings.Contains(out, bad) {
			t.Errorf("%s printed %q:\n%s", what, bad, out)
		}
	}
}

func TestRunOutWritesCharts(t *testing.T) {
	for _, format := range []string{"png", "svg"} {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join(inTempDir(t), "results")
			harvestOK(t, append([]string{"run", "--out", dir, "--chart-format", format, "--paths", "100"}, quick...)...)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var charts []string
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), "."+format) {
					charts = append(charts, e.Name())
				}
			}
			for _, want := range []string{"summary.json", "trials.csv", "monthly.csv"} {
				if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
					t.Errorf("%s: %v; want it beside the charts", want, err)
				}
			}
			for _, want := range []string{"distribution_revenue", "funnel", "capacity"} {
				if !slices.Contains(charts, want+"."+format) {
					t.Errorf("charts %v; want %s.%s", charts, want, format)
				}
			}
			if format == "png" && len(charts) > 0 {
				assertPNG(t, filepath.Join(dir, charts[0]))
			}
			assertNoTempFiles(t, dir)
		})
	}
}

func TestPlotAndReport(t *testing.T) {
	dir := inTempDir(t)
	out, _ := harvestOK(t, append([]string{"plot", "--out", "charts", "--chart-format", "svg"}, quick...)...)
	if !strings.Contains(out, "wrote") {
		t.Errorf("plot printed %q; want it to say what it wrote", out)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatalf("charts is empty; want the charts")
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".svg") && e.Name() != manifestName {
			t.Errorf("plot wrote %s; want only SVG charts and the manifest", e.Name())
		}
	}

	harvestOK(t, append([]string{"report", "-o", "out/plan.html"}, quick...)...)
	page, err := os.ReadFile(filepath.Join(dir, "out", "plan.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<html", "<svg", "Seed-stage B2B SaaS"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report.html does not contain %q", want)
		}
	}
	assertNoTempFiles(t, filepath.Join(dir, "out"))

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"plot bad format", []string{"plot", "--chart-format", "gif"}, 2, `--chart-format: "gif" is not a chart format (allowed: png, svg)`},
		{"plot's older flag", []string{"plot", "--format", "gif"}, 2, `--format: "gif" is not a chart format (allowed: png, svg)`},
		{"run bad chart format", []string{"run", "--chart-format", "jpg"}, 2, `--chart-format: "jpg" is not a chart format`},
		{"report invalid scenario", []string{"report", "bad.yaml", "-o", "bad.html"}, 1, "scenario bad.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, "bad.yaml", "horizon_months: 0\n")
			_, errOut, code := harvest(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("harvest %s: code %d, stderr %q; want %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.stderr)
			}
		})
	}
	if _, err := os.Stat("bad.html"); err == nil {
		t.Errorf("bad.html exists after a failed report; want nothing written")
	}
}

func TestRunMonteCarloError(t *testing.T) {
	inTempDir(t)
	out, _ := harvestOK(t, append([]string{"run"}, quick...)...)
	if !strings.Contains(out, "Monte Carlo error of mean revenue: ±$") {
		t.Errorf("run printed\n%s\nwant the Monte Carlo error of mean revenue", out)
	}

	// --precision: the 95% interval's half-width within the share asked
	// for, and the same answer twice.
	args := []string{"run", "--trials", "250", "--horizon", "6", "--precision", "2%"}
	one, _ := harvestOK(t, args...)
	two, _ := harvestOK(t, args...)
	if one != two {
		t.Errorf("two runs to precision differ; want the same output")
	}
	if !strings.Contains(one, "Ran to precision: ") || !strings.Contains(one, "within the ±2% asked for") {
		t.Errorf("run --precision printed\n%s\nwant the trials it took and the precision reached", one)
	}
	capped, _ := harvestOK(t, "run", "--trials", "100", "--horizon", "6", "--precision", "0.01%", "--max-trials", "400")
	if !strings.Contains(capped, "Stopped at the cap of 400 trials") {
		t.Errorf("run --precision 0.01%% --max-trials 400 printed\n%s\nwant it to say it stopped at the cap", capped)
	}
	_, errOut, code := harvest(t, "run", "--precision", "150%")
	if code != 2 || !strings.Contains(errOut, `--precision: "150%" is not a share`) {
		t.Errorf("run --precision 150%%: code %d, stderr %q; want 2 and a message naming the flag", code, errOut)
	}
}

func TestCompareVariants(t *testing.T) {
	dir := inTempDir(t)
	out, _ := harvestOK(t, append([]string{"compare", scenarios.Default}, quick...)...)
	assertNoNaN(t, "compare", out)
	for _, want := range []string{"Comparing 3 plans: base, more_marketing, one_more_ae", "Plans side by side", "Against base",
		"mean ± error", "better in", "monthly cost", "Revenue", "CAC (lower is better)", "Verdict on lifetime value (customers won × their lifetime gross profit, less everything spent), against base:"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare printed\n%s\nwant it to contain %q", out, want)
		}
	}

	js, _ := harvestOK(t, append([]string{"compare", scenarios.Default, "--format", "json", "--out", "cmp"}, quick...)...)
	var doc plan.Comparison
	decodeJSON(t, js, &doc)
	if len(doc.Plans) != 3 || doc.Plans[0].Name != plan.BaseName {
		t.Fatalf("JSON has %d plans, the first %q; want 3, the first %q", len(doc.Plans), doc.Plans[0].Name, plan.BaseName)
	}
	for _, p := range doc.Plans[1:] {
		d, ok := p.VersusBase["revenue"]
		if !ok || d.Defined == 0 || d.PBeats < 0 || d.PBeats > 1 {
			t.Errorf("plan %s: versus_base.revenue %+v; want a defined difference with p_beats in 0..1", p.Name, d)
		}
		// The table prints the mean difference as the JSON has it.
		row := "  " + p.Name + " "
		cell := measure.Money.SignedPlusMinus(d.Mean, d.SE)
		if i := strings.Index(out, "Against base"); i < 0 || !strings.Contains(out[i:], row) || !strings.Contains(out[i:], cell) {
			t.Errorf("compare printed\n%s\nwant the row %q with %q", out, row, cell)
		}
	}
	// The verdicts close the table, on the subscription's lifetime value,
	// as the JSON gives them.
	if doc.Objective != "lifetime_value" || len(doc.Verdicts) != 2 || doc.Best == nil {
		t.Fatalf("JSON objective %q, %d verdicts, best %v; want lifetime_value, 2 verdicts and the best", doc.Objective, len(doc.Verdicts), doc.Best)
	}
	for _, v := range append(doc.Verdicts, *doc.Best) {
		if !strings.Contains(out, "• "+v.Sentence+"\n") {
			t.Errorf("compare printed\n%s\nwant the verdict %q", out, v.Sentence)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "cmp", "comparison.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Errorf("comparison.json is not JSON")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "cmp"))
	if len(entries) < 2 {
		t.Errorf("--out wrote %d files; want comparison.json and the charts", len(entries))
	}
	assertNoTempFiles(t, filepath.Join(dir, "cmp"))
}

func TestCompareFiles(t *testing.T) {
	inTempDir(t)
	harvestOK(t, "init", scenarios.Default, "a.yaml")
	harvestOK(t, "init", scenarios.Default, "b.yaml")

	// A plan compared with an identical one differs by zero in every trial
	// and never beats it.
	out, _ := harvestOK(t, append([]string{"compare", "a.yaml", "b.yaml", "--format", "json", "--metrics", "revenue,cac"}, quick...)...)
	var doc plan.Comparison
	decodeJSON(t, out, &doc)
	if len(doc.Plans) != 2 || doc.Plans[0].Name != "a" || doc.Plans[1].Name != "b" {
		t.Fatalf("plans %v; want a and b", doc.Plans)
	}
	for _, m := range []string{"revenue", "cac"} {
		d := doc.Plans[1].VersusBase[m]
		if d.Mean != 0 || d.P10 != 0 || d.P90 != 0 || d.PBeats != 0 {
			t.Errorf("%s: difference %+v; want 0 everywhere and p_beats 0", m, d)
		}
	}

	// --precision on compare names the trials it took.
	out, _ = harvestOK(t, "compare", "a.yaml", "b.yaml", "--trials", "200", "--horizon", "6", "--precision", "3%")
	if !strings.Contains(out, "Ran to precision") {
		t.Errorf("compare --precision printed\n%s\nwant the trials it took", out)
	}

	writeFile(t, "plain.yaml", "funnel:\n  stages: [lead, customer]\n  conversion: {customer: 0.1}\nchannels:\n  ads: {enters: lead, spend: 1000, unit_cost: 10}\ncustomers: {value: 100, churn: 0.02}\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no variants", []string{"compare", "plain.yaml"}, 2, "plain.yaml has no variants to compare against: give two or more scenario files"},
		{"unknown metric", []string{"compare", "a.yaml", "b.yaml", "--metrics", "revenue,happiness"}, 2, `compare: plan a: unknown metric "happiness"`},
		{"bad format", []string{"compare", "a.yaml", "b.yaml", "--format", "csv"}, 2, `--format: "csv" is not a format (allowed: table, json)`},
		{"missing file", []string{"compare", "a.yaml", "nope.yaml"}, 1, "scenario nope.yaml: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := harvest(t, append(tt.args, quick...)...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("harvest %s: code %d, stderr %q; want %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.stderr)
			}
		})
	}
}

func TestSensitivity(t *testing.T) {
	dir := inTempDir(t)
	out, _ := harvestOK(t, append([]string{"sensitivity"}, quick...)...)
	assertNoNaN(t, "sensitivity", out)
	for _, want := range []string{"What drives revenue", "Input", "at its P10", "at its P90", "swing ± error", "rank corr.", "most worth learning better"} {
		if !strings.Contains(out, want) {
			t.Errorf("sensitivity printed\n%s\nwant it to contain %q", out, want)
		}
	}

	js, _ := harvestOK(t, append([]string{"sensitivity", "--metric", "new_customers", "--format", "json", "--out", "sens"}, quick...)...)
	var r plan.SensitivityResult
	decodeJSON(t, js, &r)
	if r.Metric != "new_customers" || len(r.Inputs) == 0 {
		t.Fatalf("metric %q with %d inputs; want new_customers and some inputs", r.Metric, len(r.Inputs))
	}
	for i := 1; i < len(r.Inputs); i++ {
		if r.Inputs[i].Swing > r.Inputs[i-1].Swing {
			t.Errorf("input %d's swing %g is above input %d's %g; want largest first", i, r.Inputs[i].Swing, i-1, r.Inputs[i-1].Swing)
		}
	}
	assertFiles(t, filepath.Join(dir, "sens"), []string{"sensitivity.json", "tornado_new_customers.png"})
	assertPNG(t, filepath.Join(dir, "sens", "tornado_new_customers.png"))

	_, errOut, code := harvest(t, "sensitivity", "--metric", "happiness")
	if code != 2 || !strings.Contains(errOut, `sensitivity: unknown metric "happiness"`) {
		t.Errorf("sensitivity --metric happiness: code %d, stderr %q; want 2 and the metric named", code, errOut)
	}
}

func TestGoal(t *testing.T) {
	inTempDir(t)
	// Revenue's P10 in the built-in is well above $1M: the current plan
	// reaches it, so the search finds a budget scale of at most 1.
	out, _ := harvestOK(t, append([]string{"goal", "--target", "1000000", "--confidence", "0.8", "--lever", "budget", "--format", "json"}, quick[:2]...)...)
	var g plan.GoalResult
	decodeJSON(t, out, &g)
	if !g.Reached || g.Probability < 0.8 || g.Value > 1 {
		t.Errorf("reached %v, P %g at %g; want reached with P ≥ 0.8 at a scale ≤ 1", g.Reached, g.Probability, g.Value)
	}

	out, _ = harvestOK(t, append([]string{"goal", "--target", "1500000"}, quick[:2]...)...)
	assertNoNaN(t, "goal", out)
	for _, want := range []string{"Goal: revenue ≥ $1.50M in 80% of futures", "Lever: plan", "P(revenue ≥ $1.50M)", "monthly cost", " ± "} {
		if !strings.Contains(out, want) {
			t.Errorf("goal printed\n%s\nwant it to contain %q", out, want)
		}
	}

	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"bad lever", []string{"goal", "--target", "1e6", "--lever", "hope"}, `goal: unknown lever "hope": use plan, budget, channel:NAME, reps or cash`},
		{"unknown channel", []string{"goal", "--target", "1e6", "--lever", "channel:tv"}, `goal: lever channel:tv: no channel "tv"`},
		{"bad confidence", []string{"goal", "--target", "1e6", "--confidence", "1.5"}, `--confidence: "1.5" is not a confidence`},
		{"no target", []string{"goal", "--metric", "ending_mrr"}, "goal: target: none given, and built-in seed_saas.yaml sets no target for ending_mrr"},
		{"reverse metric", []string{"goal", "--reverse", "--metric", "roi", "--target", "1"}, `reverse funnel: metric "roi": use revenue, new_revenue`},
		{"bad bounds", []string{"goal", "--target", "1e6", "--low", "5", "--high", "2"}, "want 0 ≤ low < high"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := harvest(t, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("harvest %s: code %d, stderr %q; want 2 and %q", strings.Join(tt.args, " "), code, errOut, tt.stderr)
			}
		})
	}
}

func TestGoalReverseMatchesReverseFunnel(t *testing.T) {
	inTempDir(t)
	tests := []struct {
		metric string
		target float64
		args   []string
	}{
		{"revenue", 1.5e6, []string{"--target", "1500000"}},
		{"new_customers", 45, nil}, // the scenario's own target
		{"new_customers", 60, []string{"--target", "60", "--set", "sales.reps=3"}},
	}
	for _, tt := range tests {
		t.Run(tt.metric, func(t *testing.T) {
			args := append([]string{"goal", "--reverse", "--metric", tt.metric, "--format", "json"}, tt.args...)
			out, _ := harvestOK(t, args...)
			var overrides []string
			if i := slices.Index(tt.args, "--set"); i >= 0 {
				overrides = tt.args[i+1 : i+2]
			}
			s, err := loadScenario(scenarios.Default, overrides)
			if err != nil {
				t.Fatal(err)
			}
			want, err := plan.ReverseFunnel(s, tt.metric, tt.target)
			if err != nil {
				t.Fatal(err)
			}
			wantJSON, _ := json.Marshal(want)
			var got map[string]any
			var exp any
			decodeJSON(t, out, &got)
			if got["plan"] == nil {
				t.Errorf("goal --reverse JSON has no plan (CheckReverse's)")
			}
			delete(got, "plan")
			decodeJSON(t, string(wantJSON), &exp)
			delete(got, "run") // what the command ran with (record_test.go)
			gotJSON, _ := json.Marshal(got)
			expJSON, _ := json.Marshal(exp)
			if !bytes.Equal(gotJSON, expJSON) {
				t.Errorf("goal --reverse JSON\n%s\nwant plan.ReverseFunnel's\n%s", gotJSON, expJSON)
			}

			table, _ := harvestOK(t, append([]string{"goal", "--reverse", "--metric", tt.metric}, tt.args...)...)
			assertNoNaN(t, "goal --reverse", table)
			for _, wantText := range []string{"Reverse funnel", want.Formula, "People needed at each stage", "Budget, a month", measure.Money.Format(want.MonthlyBudget)} {
				if !strings.Contains(table, wantText) {
					t.Errorf("goal --reverse printed\n%s\nwant it to contain %q", table, wantText)
				}
			}
		})
	}
}

func TestOptimizeUsageErrors(t *testing.T) {
	inTempDir(t)
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"unknown option", []string{"--min", "tv=5000"}, `optimize: min tv: no such option (options: content, linkedin, paid_search, sdr, webinars, sales_team)`},
		{"malformed", []string{"--max", "paid_search"}, `--max "paid_search": want NAME=AMOUNT`},
		{"negative", []string{"--min", "paid_search=-5"}, `--min paid_search=-5: "-5" is not a monthly amount`},
		{"not a number", []string{"--max", "paid_search=lots"}, `--max paid_search=lots: "lots" is not a monthly amount`},
		{"unknown lock", []string{"--lock", "radio"}, `optimize: lock radio: no such option`},
		{"min above max", []string{"--min", "sdr=9000", "--max", "sdr=1000"}, "optimize: sdr: min $9,000 is above max $1,000"},
		{"bad objective", []string{"--objective", "happiness"}, `optimize: objective "happiness": use one of profit, revenue, customers, lifetime_value`},
		{"bad risk", []string{"--risk", "p5"}, `optimize: risk "p5": use one of mean, p10, cvar10`},
		{"negative budget", []string{"--budget", "-100"}, `--budget: "-100" is not a budget (allowed: a monthly amount above 0`},
		{"zero budget", []string{"--budget", "0"}, `--budget: "0" is not a budget`},
		{"shell ate the dollar", []string{"--budget", "0,000"}, `an unquoted $ makes the shell drop what follows it`},
		{"bad bound", []string{"--min", "content=5kk"}, `--min content=5kk: "5kk" is not a monthly amount`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := harvest(t, append([]string{"optimize"}, tt.args...)...)
			if code != 2 || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("harvest optimize %s: code %d, stderr %q; want 2 and %q", strings.Join(tt.args, " "), code, errOut, tt.stderr)
			}
		})
	}
}

func TestOptimize(t *testing.T) {
	dir := inTempDir(t)
	const budget = 30000.0
	args := []string{"optimize", "--trials", "200", "--search-trials", "100", "--horizon", "6", "--frontier", "3",
		"--budget", "30000", "--lock", "content", "--min", "linkedin=5000", "--max", "sales_team=20000"}
	out, _ := harvestOK(t, args...)
	assertNoNaN(t, "optimize", out)
	for _, want := range []string{"Best split of $30.0k a month", "Option", "recommended", "a month (5% of the budget) adds",
		"content (locked)", "does better in", "What to fund first", "the first $", "Frontier", "Break-even"} {
		if !strings.Contains(out, want) {
			t.Errorf("optimize printed\n%s\nwant it to contain %q", out, want)
		}
	}

	js, _ := harvestOK(t, append(args, "--format", "json", "--out", "opt")...)
	var doc struct {
		plan.Optimization
		Frontier *plan.BudgetFrontier `json:"frontier"`
	}
	decodeJSON(t, js, &doc)
	var total float64
	for _, o := range doc.Options {
		total += o.Recommended
		switch o.Name {
		case "content":
			if o.Recommended != o.Current {
				t.Errorf("content is locked at %g; recommended %g", o.Current, o.Recommended)
			}
		case "linkedin":
			if o.Recommended < 5000 {
				t.Errorf("linkedin recommended %g; want at least the --min 5000", o.Recommended)
			}
		case "sales_team":
			if o.Recommended > 20000 {
				t.Errorf("sales_team recommended %g; want at most the --max 20000", o.Recommended)
			}
		}
	}
	if math.Abs(total-budget) > 1 && doc.Note == "" {
		t.Errorf("recommended total %g; want the budget %g spent, or a note saying why not", total, budget)
	}
	if doc.Frontier == nil || len(doc.Frontier.Points) != 3 {
		t.Errorf("frontier %+v; want 3 points", doc.Frontier)
	}
	data, err := os.ReadFile(filepath.Join(dir, "opt", "optimization.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Errorf("optimization.json is not JSON")
	}
	if _, err := os.Stat(filepath.Join(dir, "opt", "optimize_split.png")); err != nil {
		t.Errorf("optimize_split.png: %v; want the split chart", err)
	}
	assertNoTempFiles(t, filepath.Join(dir, "opt"))
}

func TestPlanningCommandsHelp(t *testing.T) {
	inTempDir(t)
	for _, cmd := range []string{"plot", "report", "compare", "sensitivity", "goal", "optimize"} {
		out, _ := harvestOK(t, cmd, "--help")
		if !strings.Contains(out, "Examples:") || !strings.Contains(out, "harvest "+cmd) {
			t.Errorf("harvest %s --help printed\n%s\nwant a description and examples", cmd, out)
		}
	}
}

func TestPlanningFailureWritesNothing(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		args []string
		code int
	}{
		{"compare interrupted", cancelled, []string{"compare", scenarios.Default, "--out", "results"}, 1},
		{"compare bad metric", context.Background(), []string{"compare", scenarios.Default, "--metrics", "nope", "--out", "results"}, 2},
		{"sensitivity interrupted", cancelled, []string{"sensitivity", "--out", "results"}, 1},
		{"optimize interrupted", cancelled, []string{"optimize", "--out", "results"}, 1},
		{"plot interrupted", cancelled, []string{"plot", "--out", "results"}, 1},
		{"report interrupted", cancelled, []string{"report", "-o", "results/report.html"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			_, errOut, code := harvestCtx(t, tt.ctx, append(tt.args, quick...)...)
			if code != tt.code {
				t.Errorf("code %d; want %d (stderr %q)", code, tt.code, errOut)
			}
			if _, err := os.Stat("results"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("results exists after a failure (%v); want nothing written", err)
			}
		})
	}
}

func TestRenderProgressOfASearch(t *testing.T) {
	got := renderProgress(1_234_000, 0, 12*time.Second)
	for _, want := range []string{"1,234,000 trials", "12s"} {
		if !strings.Contains(got, want) {
			t.Errorf("renderProgress(1234000, 0, 12s) = %q; want it to contain %q", got, want)
		}
	}
}

// TestSchedules: --set and a compare variant take a schedule, and the
// spend follows it month by month (spend is fixed: no Monte Carlo error);
// the monthly cost a plan shows is the schedule's mean. validate
// recommends starting_mrr for starting subscription customers without it.
func TestSchedules(t *testing.T) {
	inTempDir(t)
	writeFile(t, "cal.yaml", `calendar: {start: 2027-01}
funnel:
  stages: [lead, customer]
  conversion: {customer: 0.1}
channels:
  events: {enters: lead, spend: 5000, unit_cost: 50}
customers: {value: 100, churn: 0.02, starting: 10}
variants:
  autumn: {channels.events.spend: {1: 0, 2027-09: 20000}}
`)
	few := []string{"--trials", "200"}
	js, _ := harvestOK(t, append([]string{"run", "cal.yaml", "--set", "channels.events.spend={1: 0, 9: 20000}", "--format", "json"}, few...)...)
	var doc struct {
		Channels map[string]map[string]sim.Stats `json:"channels"`
	}
	decodeJSON(t, js, &doc)
	if got := doc.Channels["events"]["spend"]; got.Mean != 80000 || got.SD != 0 {
		t.Errorf("run --set a schedule: events spend %+v; want 80,000 (4 months × 20,000) in every trial", got)
	}

	js, _ = harvestOK(t, append([]string{"compare", "cal.yaml", "--format", "json"}, few...)...)
	var cmp plan.Comparison
	decodeJSON(t, js, &cmp)
	if len(cmp.Plans) != 2 || cmp.Plans[1].Name != "autumn" {
		t.Fatalf("compare: got %d plans; want base and autumn", len(cmp.Plans))
	}
	if got, want := cmp.Plans[1].MonthlyCost, 80000.0/12; math.Abs(got-want) > 1e-9 {
		t.Errorf("autumn: monthly cost %g; want the schedule's mean, %g", got, want)
	}
	if got := cmp.Plans[1].Metrics["spend"]; got.Mean != 80000 {
		t.Errorf("autumn: spend %+v; want 80,000", got)
	}

	out, _ := harvestOK(t, "validate", "cal.yaml")
	if !strings.Contains(out, "advice: customers.starting_mrr: is recommended: give your 10 starting customers' monthly revenue today") {
		t.Errorf("validate printed\n%s\nwant it to recommend customers.starting_mrr", out)
	}
	out, _ = harvestOK(t, "validate", "cal.yaml", "--set", "customers.starting_mrr=1200")
	if strings.Contains(out, "advice") {
		t.Errorf("validate with starting_mrr printed\n%s\nwant no advice", out)
	}
}

// TestMoneyFlags: an amount reads the same however it is written, as the
// tables print it or as a person types it.
func TestMoneyFlags(t *testing.T) {
	var budgets []float64
	for _, b := range []string{"60000", "60k", "$60,000", "60,000", "0.06M"} {
		out, errOut, code := harvest(t, "optimize", "--budget", b, "--trials", "100", "--search-trials", "100",
			"--horizon", "3", "--frontier", "0", "--format", "json")
		if code != 0 {
			t.Fatalf("optimize --budget %s: code %d (stderr %q)", b, code, errOut)
		}
		var doc struct{ Budget float64 }
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("optimize --budget %s: %v", b, err)
		}
		budgets = append(budgets, doc.Budget)
	}
	for i, b := range budgets {
		if b != 60000 {
			t.Errorf("budget %d read as %v; want 60000", i, b)
		}
	}
}
