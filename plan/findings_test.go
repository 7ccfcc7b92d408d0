package plan

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/sim"
)

// squeezed is yamlCapacity (200 people a month handed to one rep who can
// take on 10) with a queue that loses half its people each month, sales
// following up 80% of those handed to it, and two targets: a
// new_customers floor every trial meets and a revenue floor none does.
var squeezed = []string{"sales.follow_up=0.8", "sales.queue_decay=0.5", "targets={new_customers: 1, revenue: 1000000000000}"}

// review runs a scenario and reviews the run.
func review(t *testing.T, text string, overrides ...string) *Run {
	t.Helper()
	res, err := sim.Run(context.Background(), mustParse(t, text, overrides...), &sim.Options{Trials: 400, Seed: 3, Paths: 100})
	if err != nil {
		t.Fatal(err)
	}
	return Review(res)
}

func kinds(fs []Finding) []Kind {
	out := make([]Kind, len(fs))
	for i, f := range fs {
		out[i] = f.Kind
	}
	return out
}

func TestReviewSummarisesOnce(t *testing.T) {
	run := review(t, yamlCapacity, squeezed...)
	if run.Summary == nil || len(run.Summary.Metrics) != len(run.Result.Metrics) {
		t.Fatalf("summary: got %v; want every metric summarised", run.Summary)
	}
	if got, want := run.Summary.Metrics["revenue"], sim.Summarize(run.Result.Metrics["revenue"]); got != want {
		t.Errorf("revenue: got %+v; want %+v", got, want)
	}
	if len(run.Monthly["mrr"]) != 12 {
		t.Errorf("monthly mrr: got %d months; want 12", len(run.Monthly["mrr"]))
	}
}

func TestRunFindings(t *testing.T) {
	run := review(t, yamlCapacity, squeezed...)
	got := kinds(run.Findings)
	// What caps the plan first, then the targets, then what to do next;
	// the ranges to expect last.
	want := []Kind{CapacityLimit, TargetChance, TargetChance, LostWaiting, NeverFollowedUp}
	if !slices.Equal(got[:len(want)], want) {
		t.Errorf("findings in order: got %v; want %v first", got, want)
	}
	if lead := kinds(run.Lead()); !slices.Equal(lead, want) {
		t.Errorf("lead: got %v; want %v", lead, want)
	}
	for i := 1; i < len(run.Findings); i++ {
		if run.Findings[i].Importance > run.Findings[i-1].Importance {
			t.Errorf("finding %d (%s) is more important than the one before it (%s)", i, run.Findings[i].Kind, run.Findings[i-1].Kind)
		}
	}
	if run.FullMonths != 12 || !run.Binds() {
		t.Errorf("full months %d, binds %v; want 12 of 12 and binding", run.FullMonths, run.Binds())
	}

	// Each sentence prints its numbers as the tables do.
	text := map[Kind]string{}
	for _, f := range run.Findings {
		text[f.Kind] += f.String() + "\n"
	}
	used := run.Summary.Metrics["capacity_used"]
	for kind, parts := range map[Kind][]string{
		CapacityLimit: {"Sales capacity is the limit: it is full in 12 of 12 months at the median (" + measure.Share.Format(used.P50) + " used over the horizon)"},
		TargetChance: {
			"Target new customers ≥ 1: 100% likely (very likely met).",
			"Target revenue ≥ $1.00T: 0% likely (very unlikely to be met).",
		},
		LostWaiting:     {measure.Count.Format(run.Summary.Metrics["lost_queue"].P50) + " people are lost while waiting for sales"},
		NeverFollowedUp: {"Sales never works " + measure.Count.Format(run.Summary.Metrics["lost_follow_up"].P50) + " of the people"},
		SpendShare:      {"Marketing spend is ", "Sales spend is "},
	} {
		for _, p := range parts {
			if !strings.Contains(text[kind], p) {
				t.Errorf("%s: got %q; want it to contain %q", kind, text[kind], p)
			}
		}
	}
}

// A plan without a sales team is not weighed against the 15–20% of revenue
// usual for businesses with one.
func TestRunFindingsWithoutSalesTeam(t *testing.T) {
	run := review(t, yamlLinear)
	for _, f := range run.Findings {
		if f.Metric == "sales_share_of_revenue" || f.Kind == CapacityLimit || f.Kind == CapacityIdle {
			t.Errorf("finding %q in a plan without a sales team", f)
		}
	}
	if !slices.Contains(kinds(run.Findings), SpendShare) {
		t.Errorf("findings %v; want marketing's share of revenue weighed", kinds(run.Findings))
	}
	for metric, want := range map[string]string{
		"sales_share_of_revenue":     "no sales spend in this plan",
		"marketing_share_of_revenue": "the usual range",
	} {
		if got := run.ShareVerdict(metric); !strings.Contains(got, want) {
			t.Errorf("ShareVerdict(%s): got %q; want %q", metric, got, want)
		}
	}
	if run.FullMonths != -1 || run.Binds() {
		t.Errorf("full months %d, binds %v; want -1 and not binding without a sales section", run.FullMonths, run.Binds())
	}
}
