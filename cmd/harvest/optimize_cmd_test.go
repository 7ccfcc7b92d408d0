package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// optimize's constraints, whole hires, marginal step and verdict, as a
// founder reads them.
func TestOptimizeAnswers(t *testing.T) {
	base := []string{"optimize", "--trials", "400", "--search-trials", "200", "--horizon", "6", "--frontier", "0", "--budget", "60k"}
	out, _ := harvestOK(t, base...)
	for _, want := range []string{"an extra $3,000 a month (5% of the budget) adds", "(1 more rep)", "whole hires", "Verdict: "} {
		if !strings.Contains(out, want) {
			t.Errorf("optimize printed\n%s\nwant it to contain %q", out, want)
		}
	}
	if m := regexp.MustCompile(`\d\.\d+ (heads?|reps?)\)`).FindString(out); m != "" {
		t.Errorf("optimize printed fractional hires %q:\n%s", m, out)
	}
	// A cap no split keeps is an answer, not an error.
	out, _ = harvestOK(t, append(base, "--subject-to", "cac<=1@0.5")...)
	if !strings.Contains(out, "Verdict: no split of $60.0k a month keeps CAC ≤ $1 in 5 futures of 10") {
		t.Errorf("an impossible cap: optimize printed\n%s", out)
	}
	js, _ := harvestOK(t, append(base, "--format", "json", "--subject-to", "new_customers>=0@0.5")...)
	var doc struct {
		Verdict struct {
			Call, Sentence string
		}
		Constraints []struct {
			Met   bool
			Binds bool
		}
		MarginalStep float64 `json:"marginal_step"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Verdict.Sentence == "" || doc.MarginalStep != 3000 || len(doc.Constraints) != 1 || !doc.Constraints[0].Met || doc.Constraints[0].Binds {
		t.Errorf("json: verdict %+v, marginal step %v, constraints %+v", doc.Verdict, doc.MarginalStep, doc.Constraints)
	}
	_, errOut, code := harvest(t, append(base, "--subject-to", "cac=20000")...)
	if code != 2 || !strings.Contains(errOut, "--subject-to") {
		t.Errorf("a malformed constraint: code %d, stderr %q; want 2 naming --subject-to", code, errOut)
	}
}
