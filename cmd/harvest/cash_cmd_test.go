package main

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/plan"
)

// cashYAML wins about 10 customers a month (ads bring 100 leads, a tenth
// of them buy; events add sqls at an uncertain cost) at a value drawn
// between $800 and $1,200, against $10k a month of spend and $20k of
// other costs: the cash falls, by more in some futures than in others.
const cashYAML = `name: small cash
horizon_months: 12
funnel:
  stages: [lead, sql, customer]
  conversion:
    sql: 0.5
    customer: 0.2
channels:
  ads:
    enters: lead
    spend: 5000
    unit_cost: 50
  events:
    enters: sql
    spend: 5000
    unit_cost: {low: 150, high: 400}
customers:
  revenue: one_time
  value: {low: 800, high: 1200}
company:
  cash: CASH
  other_costs: 20000
`

func writeCash(t *testing.T, name, cash string) {
	t.Helper()
	writeFile(t, name, strings.Replace(cashYAML, "CASH", cash, 1))
}

// optimize --subject-to 'cash_min>=0@0.9': with $170k the best split
// keeps the cash in 9 futures of 10; with $150k no split of the budget
// does, and the answer says so.
func TestOptimizeSubjectToCash(t *testing.T) {
	inTempDir(t)
	writeCash(t, "enough.yaml", "170000")
	writeCash(t, "short.yaml", "150000")
	args := []string{"--trials", "2000", "--search-trials", "500", "--frontier", "0", "--subject-to", "cash_min>=0@0.9"}
	out, _ := harvestOK(t, append([]string{"optimize", "enough.yaml", "--format", "json"}, args...)...)
	var o plan.Optimization
	decodeJSON(t, out, &o)
	if len(o.Constraints) != 1 || !o.Feasible {
		t.Fatalf("got %d constraints, feasible %v; want 1, feasible", len(o.Constraints), o.Feasible)
	}
	if c := o.Constraints[0]; c.Metric != "cash_min" || !c.Met || c.Achieved < 0.9 {
		t.Errorf("cash_min>=0@0.9: met %v in %g of futures; want met in ≥ 0.9", c.Met, c.Achieved)
	}
	out, _ = harvestOK(t, append([]string{"optimize", "enough.yaml"}, args...)...)
	if !strings.Contains(out, "lowest cash ≥ $0 in 9 futures of 10: kept in") {
		t.Errorf("optimize printed\n%s\nwant the cash constraint kept", out)
	}
	out, _ = harvestOK(t, append([]string{"optimize", "short.yaml"}, args...)...)
	if !strings.Contains(out, "no split of $10.0k a month keeps lowest cash ≥ $0 in 9 futures of 10") {
		t.Errorf("optimize printed\n%s\nwant no split keeping the cash", out)
	}
}

// goal --lever cash: the raise, in the table and in JSON; with a
// constraint on the cash, another lever keeps it.
func TestGoalCashCmd(t *testing.T) {
	inTempDir(t)
	writeCash(t, "short.yaml", "100000")
	out, _ := harvestOK(t, "goal", "short.yaml", "--lever", "cash", "--metric", "cash_min", "--target", "0", "--confidence", "0.9", "--trials", "4000", "--format", "json")
	var g plan.GoalResult
	decodeJSON(t, out, &g)
	if !g.Reached || g.Lever != "cash" || g.Probability != 0.9 || g.Value <= 100000 {
		t.Errorf("got reached %v, lever %q, P %g at $%.0f; want reached by cash, P 0.9, above today's $100k", g.Reached, g.Lever, g.Probability, g.Value)
	}
	out, _ = harvestOK(t, "goal", "short.yaml", "--lever", "cash", "--metric", "cash_min", "--target", "0", "--confidence", "0.9", "--trials", "4000")
	assertNoNaN(t, "goal", out)
	for _, want := range []string{
		"Goal: lowest cash ≥ $0 in 90% of futures",
		"Lever: cash: the cash at the start of month 1 (company.cash); the plan unchanged",
		"more than today's $100k (the raise), so that the cash lasts the horizon in 9 futures of 10",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("goal printed\n%s\nwant it to contain %q", out, want)
		}
	}
	if strings.Contains(out, "The plan that reaches the target") {
		t.Errorf("goal --lever cash shows the plan, which it leaves as it is:\n%s", out)
	}

	out, _ = harvestOK(t, "goal", "short.yaml", "--lever", "channel:ads", "--metric", "new_customers", "--target", "60",
		"--subject-to", "cash_min>=0@0.5", "--trials", "2000", "--format", "json")
	g = plan.GoalResult{}
	decodeJSON(t, out, &g)
	if len(g.Constraints) != 1 || g.Reached && (!g.Constraints[0].Met || g.Constraints[0].Achieved < 0.5) {
		t.Errorf("got %+v; want the cash constraint kept where the goal is reached", g.Constraints)
	}

	_, errOut, code := harvest(t, "goal", "agency", "--lever", "cash")
	if code != 2 || !strings.Contains(errOut, "lever cash: built-in agency.yaml has no company section") {
		t.Errorf("goal --lever cash without a company: code %d, stderr %q; want 2 and no company section", code, errOut)
	}
	_, errOut, code = harvest(t, "goal", "short.yaml", "--lever", "cash", "--metric", "revenue", "--target", "1M")
	if code != 2 || !strings.Contains(errOut, "use --metric cash_min") {
		t.Errorf("goal --lever cash --metric revenue: code %d, stderr %q; want 2 and the metrics allowed", code, errOut)
	}
}

// compare --metrics cash_min,runway_months: the plan whose cash lasts
// beats a runway in every future where the other runs out, and the
// side-by-side says "beyond" where the cash lasts.
func TestCompareCashCmd(t *testing.T) {
	inTempDir(t)
	writeCash(t, "short.yaml", "150000")
	writeCash(t, "rich.yaml", "400000")
	out, _ := harvestOK(t, "compare", "short.yaml", "rich.yaml", "--metrics", "cash_min,runway_months", "--trials", "2000")
	assertNoNaN(t, "compare", out)
	for _, want := range []string{"Lowest cash\n", "Runway\n", "runway and break-even month over every future"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare printed\n%s\nwant it to contain %q", out, want)
		}
	}
	if !slices.ContainsFunc(strings.Split(out, "\n"), func(line string) bool {
		return slices.Equal(strings.Fields(line), []string{"rich", "beyond", "beyond", "beyond"})
	}) {
		t.Errorf("compare printed\n%s\nwant rich's runway beyond the horizon at P10, P50 and P90", out)
	}
	out, _ = harvestOK(t, "compare", "short.yaml", "rich.yaml", "--metrics", "cash_min,runway_months", "--trials", "2000", "--format", "json")
	var doc struct {
		Plans []struct {
			Name       string                     `json:"name"`
			VersusBase map[string]plan.Difference `json:"versus_base"`
		} `json:"plans"`
	}
	decodeJSON(t, out, &doc)
	low, runway := doc.Plans[1].VersusBase["cash_min"], doc.Plans[1].VersusBase["runway_months"]
	// $250k more at the start is $250k more at every month-end.
	if math.Abs(low.Mean-250000) > 1e-6 || low.SE != 0 || low.PBeats != 1 {
		t.Errorf("cash_min: rich − short %g ± %g, better in %g; want 250000 ± 0, better in 1", low.Mean, low.SE, low.PBeats)
	}
	// rich never runs out: it beats short wherever short runs out, and
	// ties where both last.
	if runway.Defined != 0 || runway.Beyond != 2000 || !(runway.PBeats > 0.5 && runway.PBeats <= 1) {
		t.Errorf("runway: %d defined, %d beyond, better in %g; want 0, 2000 and short's share of running out", runway.Defined, runway.Beyond, runway.PBeats)
	}
}

// sensitivity --metric cash_min ranks the inputs by how far they move the
// lowest cash: the deal value, which every sale carries, ahead of the
// events' unit cost.
func TestSensitivityCashCmd(t *testing.T) {
	inTempDir(t)
	writeCash(t, "short.yaml", "150000")
	out, _ := harvestOK(t, "sensitivity", "short.yaml", "--metric", "cash_min", "--trials", "2000")
	assertNoNaN(t, "sensitivity", out)
	for _, want := range []string{"What drives lowest cash", "customers.value moves lowest cash most"} {
		if !strings.Contains(out, want) {
			t.Errorf("sensitivity printed\n%s\nwant it to contain %q", out, want)
		}
	}
	if i, j := strings.Index(out, "\ncustomers.value"), strings.Index(out, "\nchannels.events.unit_cost"); i < 0 || j < i {
		t.Errorf("sensitivity printed\n%s\nwant customers.value ranked above channels.events.unit_cost", out)
	}
}
