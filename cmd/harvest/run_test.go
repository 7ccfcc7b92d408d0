package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// smallRun are flags that keep a test's run quick.
var smallRun = []string{"--trials", "200", "--horizon", "6"}

// runJSON runs harvest with args and --format json and decodes the summary.
func runJSON(t *testing.T, args ...string) sim.Summary {
	t.Helper()
	out, errOut, code := harvest(t, append(append([]string{"run"}, args...), "--format", "json")...)
	if code != 0 {
		t.Fatalf("harvest run %s: code %d; want 0 (stderr %q)", strings.Join(args, " "), code, errOut)
	}
	var sum sim.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("harvest run %s --format json: %v; output %q", strings.Join(args, " "), err, head(out))
	}
	return sum
}

func TestRunJSON(t *testing.T) {
	inTempDir(t)
	sum := runJSON(t, append(smallRun, "--seed", "42")...)
	if sum.Trials != 200 || sum.Seed != 42 || sum.HorizonMonths != 6 {
		t.Errorf("trials, seed, horizon = %d, %d, %d; want 200, 42, 6", sum.Trials, sum.Seed, sum.HorizonMonths)
	}
	for _, m := range []string{"revenue", "new_customers", "cac", "roi", "spend"} {
		if _, ok := sum.Metrics[m]; !ok {
			t.Errorf("metrics has no %q; want every metric", m)
		}
	}
	if len(sum.Stages) == 0 || len(sum.Channels) == 0 {
		t.Errorf("%d stages and %d channels; want some of each", len(sum.Stages), len(sum.Channels))
	}
	if sum.Scenario == "" {
		t.Errorf("scenario is empty; want the scenario's name")
	}
}

func TestRunIsReproducible(t *testing.T) {
	inTempDir(t)
	one, _, _ := harvest(t, append([]string{"run", "--format", "json", "--workers", "1"}, smallRun...)...)
	two, _, _ := harvest(t, append([]string{"run", "--format", "json", "--workers", "2"}, smallRun...)...)
	if one != two || one == "" {
		t.Errorf("--workers 1 and --workers 2 gave different JSON (%d and %d bytes); want identical", len(one), len(two))
	}
}

func TestRunTable(t *testing.T) {
	inTempDir(t)
	out, errOut, code := harvest(t, append([]string{"run", "--seed", "7"}, smallRun...)...)
	if code != 0 {
		t.Fatalf("harvest run: code %d; want 0 (stderr %q)", code, errOut)
	}
	if errOut != "" {
		t.Errorf("stderr %q; want nothing (no progress bar off a terminal)", errOut)
	}
	for _, want := range []string{"200 trials, seed 7, 6 months", "Headline", "Revenue", "New customers", "CAC", "ROI",
		"Lifetime ROI", "LTV:CAC", "Payback", "Funnel", "Channels", "Spend ÷ revenue", "6%–12%", "15%–20%", "$"} {
		if !strings.Contains(out, want) {
			t.Errorf("harvest run printed\n%s\nwant it to contain %q", out, want)
		}
	}
	// What to do comes first: the targets' chances, above the tables.
	todo, target, table := strings.Index(out, "\nWhat to do\n"), strings.Index(out, "  • Target new customers ≥ 45: "), strings.Index(out, "\nHeadline")
	if todo < 0 || target < todo || table < target {
		t.Errorf("harvest run printed\n%s\nwant What to do, then the targets' chances, then the tables", out)
	}
}

// A scenario from a file is named by its file.
func TestRunHeaderNamesTheFile(t *testing.T) {
	inTempDir(t)
	harvestOK(t, "init", "seed_saas", "plan.yaml")
	out, _ := harvestOK(t, append([]string{"run", "plan.yaml"}, smallRun...)...)
	if !strings.HasPrefix(out, "Seed-stage B2B SaaS (plan.yaml) — ") {
		t.Errorf("header %q; want the scenario's name and its file", head(out))
	}
}

func TestRunCSV(t *testing.T) {
	inTempDir(t)
	out, errOut, code := harvest(t, append([]string{"run", "--format", "csv"}, smallRun...)...)
	if code != 0 {
		t.Fatalf("harvest run --format csv: code %d; want 0 (stderr %q)", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("--format csv does not parse: %v", err)
	}
	if got, want := strings.Join(rows[0], ","), strings.Join(statsHeader, ","); got != want {
		t.Errorf("header %s; want %s", got, want)
	}
	if rows[1][0] != measure.Names()[0] {
		t.Errorf("first row's metric %q; want %q", rows[1][0], measure.Names()[0])
	}
	for _, row := range rows {
		if len(row) != len(statsHeader) {
			t.Errorf("row %v has %d cells; want %d", row, len(row), len(statsHeader))
		}
	}
	if !strings.Contains(errOut, "200 trials, seed 1, 6 months") {
		t.Errorf("stderr %q; want the run's settings, seed included", errOut)
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name   string
		config string
		env    map[string]string
		args   []string
		trials int
		seed   uint64
	}{
		{"defaults", "", nil, nil, sim.DefaultTrials, sim.DefaultSeed},
		{"config file", "trials: 300\nseed: 5\n", nil, nil, 300, 5},
		{"env over config", "trials: 300\nseed: 5\n", map[string]string{"HARVEST_TRIALS": "200"}, nil, 200, 5},
		{"flag over env", "trials: 300\nseed: 5\n", map[string]string{"HARVEST_TRIALS": "200"}, []string{"--trials", "100"}, 100, 5},
		{"flag over config", "trials: 300\nseed: 5\n", nil, []string{"--seed", "9"}, 300, 9},
		{"named config", "", nil, []string{"--config", "other.yaml"}, 150, 3},
		{"config from env", "", map[string]string{"HARVEST_CONFIG": "other.yaml"}, nil, 150, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			if tt.config != "" {
				writeFile(t, "harvest.yaml", tt.config)
			}
			writeFile(t, "other.yaml", "trials: 150\nseed: 3\n")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			sum := runJSON(t, append([]string{"--horizon", "3"}, tt.args...)...)
			if sum.Trials != tt.trials || sum.Seed != tt.seed {
				t.Errorf("trials %d, seed %d; want %d, %d", sum.Trials, sum.Seed, tt.trials, tt.seed)
			}
		})
	}
}

func TestSetPrecedence(t *testing.T) {
	const key = "funnel.conversion.customer"
	tests := []struct {
		name   string
		config string
		env    string
		args   []string
		want   string // a part of key's line in validate's output
	}{
		{"config", "set: ['" + key + "={low: 0.1, high: 0.2}']\n", "", nil, "{low: 0.1, high: 0.2}"},
		{"env over config", "set: ['" + key + "={low: 0.1, high: 0.2}']\n", key + "={low: 0.3, high: 0.4}", nil, "{low: 0.3, high: 0.4}"},
		{"flag over env", "", key + "={low: 0.3, high: 0.4}", []string{"--set", key + "={low: 0.5, high: 0.6}"}, "{low: 0.5, high: 0.6}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			if tt.config != "" {
				writeFile(t, "harvest.yaml", tt.config)
			}
			if tt.env != "" {
				t.Setenv("HARVEST_SET", tt.env)
			}
			out, errOut, code := harvest(t, append([]string{"validate", "seed_saas"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("code %d; want 0 (stderr %q)", code, errOut)
			}
			if line := uncertainLine(out, key); !strings.Contains(line, tt.want) {
				t.Errorf("line %q; want it to contain %q", line, tt.want)
			}
		})
	}
}

func TestRunOut(t *testing.T) {
	dir := filepath.Join(inTempDir(t), "results")
	const trials, horizon = 150, 5
	_, errOut, code := harvest(t, "run", "--trials", strconv.Itoa(trials), "--horizon", strconv.Itoa(horizon), "--paths", "50", "--out", dir)
	if code != 0 {
		t.Fatalf("harvest run --out: code %d; want 0 (stderr %q)", code, errOut)
	}

	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum sim.Summary
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	if sum.Trials != trials {
		t.Errorf("summary.json: trials %d; want %d", sum.Trials, trials)
	}

	rows := readCSV(t, filepath.Join(dir, "trials.csv"))
	if len(rows) != trials+1 {
		t.Errorf("trials.csv has %d rows; want a header and %d trials", len(rows), trials)
	}
	for _, want := range []string{"trial", "revenue", "cac"} {
		if !contains(rows[0], want) {
			t.Errorf("trials.csv header %v; want a column %q", rows[0], want)
		}
	}
	if !hasPrefixed(rows[0], "stages.") || !hasPrefixed(rows[0], "channels.") {
		t.Errorf("trials.csv header %v; want stages.* and channels.* columns", rows[0])
	}

	rows = readCSV(t, filepath.Join(dir, "monthly.csv"))
	if got, want := strings.Join(rows[0], ","), strings.Join(monthlyHeader, ","); got != want {
		t.Errorf("monthly.csv header %s; want %s", got, want)
	}
	// The catalog's series every run keeps, the cash series (seed_saas
	// has a company section), then each of its channels' spend.
	s, err := model.Load(scenarios.FS, "seed_saas.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"cash", "net_cash_flow"}
	for _, ch := range s.Channels {
		names = append(names, "channels."+ch.Name+".spend")
	}
	series := len(measure.SeriesNames()) + len(names)
	if len(rows)-1 != series*horizon {
		t.Errorf("monthly.csv has %d rows; want %d series × %d months", len(rows)-1, series, horizon)
	}
	for _, name := range names {
		if !slices.ContainsFunc(rows, func(row []string) bool { return row[0] == name }) {
			t.Errorf("monthly.csv has no series %s", name)
		}
	}
	for _, row := range rows[1:] {
		p5, _ := strconv.ParseFloat(row[2], 64)
		p95, _ := strconv.ParseFloat(row[8], 64)
		if p5 > p95 {
			t.Errorf("monthly.csv row %v: p5 above p95", row)
		}
	}
	assertNoTempFiles(t, dir)
}

func TestRunFailureLeavesNoFile(t *testing.T) {
	tests := []struct {
		name   string
		ctx    func() context.Context
		args   []string
		stderr string
	}{
		{"invalid scenario", context.Background, []string{"run", "bad.yaml", "--out", "results"}, "scenario bad.yaml"},
		{"interrupted", func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, []string{"run", "--trials", "100000", "--out", "results"}, "nothing was written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			writeFile(t, "bad.yaml", "horizon_months: 0\n")
			_, errOut, code := harvestCtx(t, tt.ctx(), tt.args...)
			if code != 1 {
				t.Errorf("code %d; want 1", code)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q; want it to contain %q", errOut, tt.stderr)
			}
			if _, err := os.Stat("results"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("results exists after a failed run (%v); want nothing written", err)
			}
		})
	}
}

func TestWriteOutputsIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "earlier run\n")
	fail := errors.New("disk full")
	outs := []output{
		{"a.txt", func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }},
		{"b.txt", func(w io.Writer) error { io.WriteString(w, "half"); return fail }},
	}
	err := writeOutputs(context.Background(), dir, "run", outs)
	if !errors.Is(err, fail) {
		t.Fatalf("writeOutputs: %v; want %v", err, fail)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(got) != "earlier run\n" {
		t.Errorf("a.txt holds %q; want the earlier run's file untouched", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "b.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("b.txt exists (%v); want no partial file", err)
	}
	assertNoTempFiles(t, dir)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fresh := filepath.Join(t.TempDir(), "new")
	if err := writeOutputs(ctx, fresh, "run", outs[:1]); err == nil {
		t.Errorf("writeOutputs with a cancelled context: nil error; want one")
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists after a cancelled write (%v); want it removed", fresh, err)
	}
}

// assertNoTempFiles fails the test if dir holds a temporary file.
func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") || strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("%s left in %s; want no temporary file", e.Name(), dir)
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s is empty; want a header at least", path)
	}
	return rows
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func hasPrefixed(xs []string, prefix string) bool {
	for _, y := range xs {
		if strings.HasPrefix(y, prefix) {
			return true
		}
	}
	return false
}

func TestRunEveryBuiltin(t *testing.T) {
	inTempDir(t)
	for _, info := range scenarios.List() {
		t.Run(info.Name, func(t *testing.T) {
			out, errOut, code := harvest(t, "run", info.Name, "--trials", "100", "--horizon", "4")
			if code != 0 {
				t.Fatalf("harvest run %s: code %d; want 0 (stderr %q)", info.Name, code, errOut)
			}
			for _, bad := range []string{"NaN", "Inf", "%!"} {
				if strings.Contains(out, bad) {
					t.Errorf("harvest run %s printed %q:\n%s", info.Name, bad, out)
				}
			}
			// Named by its built-in name: no file of that name need exist;
			// with a calendar, the months' dates follow.
			header := info.Title + " (built-in " + info.Name + ") — 100 trials, seed 1, 4 months"
			if !strings.HasPrefix(out, header+"\n") && !strings.HasPrefix(out, header+", 2027-01 to 2027-04\n") {
				t.Errorf("harvest run %s header %q; want the title, built-in name, trials, seed and horizon", info.Name, head(out))
			}
		})
	}
}

func TestRunJSONSchema(t *testing.T) {
	inTempDir(t)
	out, _, code := harvest(t, append([]string{"run", "--format", "json"}, smallRun...)...)
	if code != 0 {
		t.Fatalf("code %d; want 0", code)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"scenario", "trials", "seed", "horizon_months", "metrics", "stages", "channels", "targets"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("JSON has no %q; want DESIGN.md's schema", key)
		}
	}
	var metrics map[string]map[string]float64
	if err := json.Unmarshal(doc["metrics"], &metrics); err != nil {
		t.Fatal(err)
	}
	stats := []string{"mean", "sd", "se", "min", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "max", "undefined"}
	for _, m := range measure.Names() {
		st, ok := metrics[m]
		if !ok && measure.Of(m).Needs == "" {
			t.Errorf("metrics has no %q", m)
		}
		if !ok {
			continue
		}
		if len(st) == 1 && st["undefined"] > 0 {
			continue // undefined in every trial: only the count
		}
		for _, s := range stats {
			if _, ok := st[s]; !ok {
				t.Errorf("metrics.%s has no %q; want every statistic", m, s)
			}
		}
		if len(st) != len(stats) {
			t.Errorf("metrics.%s has %d statistics; want exactly %d", m, len(st), len(stats))
		}
	}
}

// A plan without sales spend is not "below the usual range" of sales spend:
// it has none, and the table says so.
func TestRunTableWithoutSales(t *testing.T) {
	inTempDir(t)
	out, errOut, code := harvest(t, append([]string{"run", "dtc_shop"}, smallRun...)...)
	if code != 0 {
		t.Fatalf("harvest run dtc_shop: code %d; want 0 (stderr %q)", code, errOut)
	}
	if !strings.Contains(out, "no sales spend in this plan") {
		t.Errorf("harvest run dtc_shop printed\n%s\nwant it to say there is no sales spend", out)
	}
	if strings.Contains(out, "15%–20%  below") {
		t.Errorf("harvest run dtc_shop calls zero sales spend below the usual range:\n%s", out)
	}
}
