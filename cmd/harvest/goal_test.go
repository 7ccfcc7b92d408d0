package main

import (
	"strings"
	"testing"
)

// TestGoalPlanLever runs goal as a founder would: the plan lever by
// default, any target (0 and ceilings), constraints, and the reverse
// funnel's simulated chance.
func TestGoalPlanLever(t *testing.T) {
	inTempDir(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"default", []string{"goal", "seed_saas"},
			[]string{"Goal: new customers ≥ 45 in 80% of futures", "Lever: plan", "You need $", " reps", "today's plan"}},
		{"break-even roi", []string{"goal", "home_services", "--metric", "roi"},
			[]string{"P(ROI ≥ 0%)"}},
		{"a target of 0 is a target", []string{"goal", "seed_saas", "--metric", "roi", "--target", "0"},
			[]string{"P(ROI ≥ 0%)"}},
		{"cac ceiling", []string{"goal", "seed_saas", "--metric", "cac", "--target", "25k"},
			[]string{"Goal: CAC ≤ $25.0k", "P(CAC ≤ $25.0k)"}},
		{"constraint", []string{"goal", "seed_saas", "--subject-to", "roi>=-1@0.5"},
			[]string{"Constraints, at the answer:", "ROI ≥ -100% in 5 futures of 10: kept", "(never binds)"}},
		{"fractional", []string{"goal", "seed_saas", "--fractional"},
			[]string{"You need $"}},
		{"reverse", []string{"goal", "seed_saas", "--reverse", "--target", "1.5M"},
			[]string{"5. With the pipeline still in progress", "Simulated (300 trials", "with today's plan", "harvest goal --lever plan --metric revenue --target 1.5M"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _ := harvestOK(t, append(tt.args, "--trials", "300")...)
			assertNoNaN(t, "goal", out)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("harvest %s printed\n%s\nwant it to contain %q", strings.Join(tt.args, " "), out, w)
				}
			}
		})
	}
	_, errOut, code := harvest(t, "goal", "--subject-to", "cac<20k", "--trials", "100")
	if code != 2 || !strings.Contains(errOut, "--subject-to: constraint") {
		t.Errorf("bad constraint: code %d, stderr %q; want 2 and a --subject-to error", code, errOut)
	}
}
