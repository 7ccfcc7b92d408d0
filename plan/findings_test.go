package plan

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
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

// withColumns adds per-trial columns to a result, each filled with one
// value: what the engine measures for a market, audiences and attrition,
// set by hand so that the findings' rules are tested on known medians.
func withColumns(res *sim.Result, metrics, channel map[string]float64) {
	for name, x := range metrics {
		col := make([]float64, res.Trials)
		for i := range col {
			col[i] = x
		}
		res.Metrics[name] = col
	}
	for name, x := range channel {
		col := make([]float64, res.Trials)
		for i := range col {
			col[i] = x
		}
		res.Channels[0].Metrics[name] = col
	}
}

// A pool at measure.NearlyUsedUp or more says so, by the horizon's last
// month (dated with a calendar); one just under it says nothing.
func TestPoolFindings(t *testing.T) {
	for _, tt := range []struct {
		name           string
		market, ads    float64
		calendar       bool
		want           []string
		wantImportance []Importance
	}{
		{"both nearly used up", 0.86, 0.91, false, []string{
			"The market is 86% reached by month 12 at the median: every channel finds fewer new people as it runs out, so more spend buys less.",
			"The ads audience is 91% used by month 12 at the median: more spend on ads will reach fewer new people.",
		}, []Importance{Limit, Lead}},
		{"dated", 0.8, 0.5, true, []string{"The market is 80% reached by 2027-12 at the median"}, []Importance{Limit}},
		{"just under", 0.79, 0.79, false, nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := review(t, yamlCapacity).Result
			if tt.calendar {
				res.Scenario.Calendar.Start = model.Month{Year: 2027, Month: 1}
			}
			withColumns(res, map[string]float64{"market_reached": tt.market}, map[string]float64{"audience_used": tt.ads})
			run := Review(res)
			var got []Finding
			for _, f := range run.Findings {
				if f.Kind == PoolUsedUp {
					got = append(got, f)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("pool findings: got %v; want %d", got, len(tt.want))
			}
			for i, f := range got {
				if !strings.HasPrefix(f.String(), tt.want[i]) {
					t.Errorf("finding %d: got %q; want it to start %q", i, f, tt.want[i])
				}
				if f.Importance != tt.wantImportance[i] {
					t.Errorf("finding %d: importance %d; want %d", i, f.Importance, tt.wantImportance[i])
				}
			}
			if got := run.MarketMetrics(); !slices.Equal(got, []string{"market_reached", "channels.ads.audience_used"}) {
				t.Errorf("MarketMetrics: got %v", got)
			}
		})
	}
}

// A headcount channel's pool speaks of heads, not spend.
func TestPoolFindingHeads(t *testing.T) {
	f := Finding{Kind: PoolUsedUp, Metric: "channels.sdr.audience_used", Subject: "sdr", Other: "heads", Value: 0.86, Count: 12}
	if got, want := f.String(), "The sdr audience is 86% used by month 12 at the median: more sdr heads will find fewer new people."; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

// Capacity lost to vacancies and ramps is a finding from a tenth of what
// the planned team could take on: yamlCapacity's one rep takes on 10 a
// month, 120 over the year.
func TestCapacityLostFinding(t *testing.T) {
	for _, tt := range []struct {
		lost float64
		want string
	}{
		{12, "Vacancies and ramps cost sales 12 of the 120 people the planned team could take on at the median (10%)"},
		{11, ""},
	} {
		res := review(t, yamlCapacity).Result
		withColumns(res, map[string]float64{"capacity_lost": tt.lost, "rep_months": 11, "rep_leavers": 1}, nil)
		run := Review(res)
		got := ""
		for _, f := range run.Findings {
			if f.Kind == CapacityLost {
				got = f.String()
				if f.Importance != Lead {
					t.Errorf("capacity lost when capacity binds: importance %d; want Lead", f.Importance)
				}
			}
		}
		if !strings.HasPrefix(got, tt.want) || (tt.want == "") != (got == "") {
			t.Errorf("capacity lost %g: got %q; want %q", tt.lost, got, tt.want)
		}
		if got := run.PeopleMetrics(); !slices.Equal(got, []string{"rep_months", "rep_leavers", "capacity_lost"}) {
			t.Errorf("PeopleMetrics: got %v", got)
		}
	}
}
