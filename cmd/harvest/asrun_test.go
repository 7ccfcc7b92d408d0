package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

// TestScenarioAsRun: the text shown as run, read back without overrides,
// is the scenario the overrides made: a key replaced, a key added where
// the file has none, a map written whole; a TOML file is shown as written.
func TestScenarioAsRun(t *testing.T) {
	common := []string{"sales.reps=3", "sales.hires={3: 1}", "customers.churn={low: 0.01, high: 0.02}"}
	for file, channel := range map[string]string{"seed_saas": "Content", "agency": "google_ads", "series_a": "linkedin"} {
		overrides := append(slices.Clone(common), "Channels."+channel+".Spend=2500")
		t.Run(file, func(t *testing.T) {
			want, err := loadScenario(file, overrides)
			if err != nil {
				t.Fatal(err)
			}
			text, ok := scenarioAsRun(want, overrides)
			if !ok {
				t.Fatalf("not shown as run")
			}
			got, err := model.Parse("asrun.yaml", []byte(text), nil)
			if err != nil {
				t.Fatalf("the text as run does not load: %v\n%s", err, text)
			}
			if g, w := describe(got), describe(want); g != w {
				t.Errorf("as run:\n%s\nwant\n%s", g, w)
			}
			if !strings.Contains(text, "reps: 3 # --set") {
				t.Errorf("the override is not marked:\n%s", text)
			}
		})
	}
	s, err := model.Parse("plan.toml", []byte("[funnel]\nstages = [\"lead\", \"customer\"]\n[funnel.conversion]\ncustomer = 0.1\n[channels.ads]\nenters = \"lead\"\nspend = 1000\nunit_cost = 10\n[customers]\nvalue = 100\nchurn = 0.02\n"), []string{"customers.value=200"})
	if err != nil {
		t.Fatal(err)
	}
	if text, ok := scenarioAsRun(s, []string{"customers.value=200"}); ok || text != string(s.Source) {
		t.Errorf("TOML: shown as run %v; want the file as written, and ok false", ok)
	}
}

// describe lists what a run of s depends on that the overrides change.
func describe(s *model.Scenario) string {
	var b strings.Builder
	for _, kv := range s.Values() {
		fmt.Fprintf(&b, "%s %v %g\n", kv.Key, kv.Value.Family, kv.Value.Mean())
	}
	if s.Sales != nil {
		fmt.Fprintf(&b, "reps %v hires %v\n", s.Sales.Reps, s.Sales.Hires)
	}
	for _, ch := range s.Channels {
		fmt.Fprintf(&b, "%s spend %v\n", ch.Name, ch.Spend.At(1))
	}
	return b.String()
}
