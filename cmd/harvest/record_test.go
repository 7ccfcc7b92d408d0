package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/plan"
)

// recordDoc is the run block every JSON output carries.
type recordDoc struct {
	Run *struct {
		Scenario      string   `json:"scenario"`
		Scenarios     []string `json:"scenarios"`
		Overrides     []string `json:"overrides"`
		Trials        int      `json:"trials"`
		Seed          int      `json:"seed"`
		HorizonMonths int      `json:"horizon_months"`
	} `json:"run"`
}

// TestJSONRecordsRun: every command's JSON, on standard output or in
// --out, records the overrides (in order), trials, seed, horizon and the
// scenario it ran with; goal's and optimize's documents too, which their
// commands write without knowing of it.
func TestJSONRecordsRun(t *testing.T) {
	dir := inTempDir(t)
	set := []string{"--set", "sales.reps=3", "--set", "channels.content.spend=5000"}
	want := []string{"sales.reps=3", "channels.content.spend=5000"}
	tests := []struct {
		name string
		args []string
		file string // a file --out writes, checked too
	}{
		{"run", []string{"run", "--format", "json", "--out", "r"}, "r/summary.json"},
		{"compare", []string{"compare", "seed_saas", "--format", "json", "--out", "c"}, "c/comparison.json"},
		{"sensitivity", []string{"sensitivity", "--format", "json", "--trials", "100"}, ""},
		{"goal", []string{"goal", "--format", "json", "--target", "1000000", "--trials", "100"}, ""},
		{"goal reverse", []string{"goal", "--reverse", "--format", "json", "--target", "1000000"}, ""},
		{"optimize", []string{"optimize", "--format", "json", "--budget", "60k", "--frontier", "0", "--search-trials", "100", "--trials", "100", "--out", "o"}, "o/optimization.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append(slices.Clone(tt.args), set...), "--seed", "7", "--horizon", "6")
			if !slices.Contains(args, "--trials") {
				args = append(args, "--trials", "300")
			}
			out, _ := harvestOK(t, args...)
			docs := map[string]string{"stdout": out}
			if tt.file != "" {
				data, err := os.ReadFile(filepath.Join(dir, tt.file))
				if err != nil {
					t.Fatal(err)
				}
				docs[tt.file] = string(data)
			}
			for where, text := range docs {
				var d recordDoc
				decodeJSON(t, text, &d)
				r := d.Run
				if r == nil {
					t.Fatalf("%s: no run block in %s", where, head(text))
				}
				trials := 300
				if i := slices.Index(args, "--trials"); i >= 0 && args[i+1] == "100" {
					trials = 100
				}
				if !slices.Equal(r.Overrides, want) || r.Seed != 7 || r.Trials != trials || r.HorizonMonths != 6 || r.Scenario != "built-in seed_saas" {
					t.Errorf("%s: run %+v; want overrides %q, seed 7, %d trials, 6 months, built-in seed_saas", where, *r, want, trials)
				}
			}
		})
	}
	// HARVEST_SET's overrides, in order; none recorded as an empty list.
	t.Setenv("HARVEST_SET", "sales.reps=4; sales.cost_per_rep=14000")
	out, _ := harvestOK(t, "run", "--format", "json", "--trials", "50")
	var d recordDoc
	decodeJSON(t, out, &d)
	if d.Run == nil || !slices.Equal(d.Run.Overrides, []string{"sales.reps=4", "sales.cost_per_rep=14000"}) || d.Run.HorizonMonths != 12 {
		t.Errorf("run with HARVEST_SET: %+v; want its two overrides in order, 12 months", d.Run)
	}
	os.Unsetenv("HARVEST_SET")
	out, _ = harvestOK(t, "run", "--format", "json", "--trials", "50")
	if !strings.Contains(out, `"overrides": []`) {
		t.Errorf("run without overrides: %s; want \"overrides\": []", head(out))
	}
	// Two files compared: both named.
	harvestOK(t, "init", "seed_saas", "a.yaml")
	out, _ = harvestOK(t, "compare", "a.yaml", "seed_saas", "--format", "json", "--trials", "50")
	decodeJSON(t, out, &d)
	if d.Run == nil || !slices.Equal(d.Run.Scenarios, []string{"a.yaml", "built-in seed_saas"}) {
		t.Errorf("compare of two files: %+v; want both scenarios", d.Run)
	}
}

// TestCompareObjective: --objective judges the plans on another
// objective; an unknown one is refused before anything runs.
func TestCompareObjective(t *testing.T) {
	out, _ := harvestOK(t, append([]string{"compare", "seed_saas", "--objective", "revenue", "--format", "json"}, quick...)...)
	var c plan.Comparison
	decodeJSON(t, out, &c)
	if c.Objective != "revenue" || len(c.Verdicts) != 2 || c.Verdicts[0].Objective != "revenue" {
		t.Errorf("objective %q, verdicts %+v; want both on revenue", c.Objective, c.Verdicts)
	}
	out, _ = harvestOK(t, append([]string{"compare", "seed_saas", "--objective", "revenue"}, quick...)...)
	if !strings.Contains(out, "Verdict on revenue (all revenue in the horizon), against base:") {
		t.Errorf("compare --objective revenue printed\n%s\nwant the verdict on revenue", out)
	}
	_, errOut, code := harvest(t, "compare", "seed_saas", "--objective", "happiness")
	if code != 2 || !strings.Contains(errOut, `--objective: "happiness" is not an objective (allowed: profit, revenue, customers, lifetime_value)`) {
		t.Errorf("compare --objective happiness: code %d, stderr %q; want 2 and the objectives", code, errOut)
	}
}
