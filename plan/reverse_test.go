package plan

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

// yamlReverse: two channels entering at different stages, one saturating
// with its own win rate, a sales team with follow-up, subscription revenue
// with churn and starting customers.
const yamlReverse = `
name: reverse
horizon_months: 12
funnel:
  stages: [visit, lead, sql, customer]
  handoff: sql
  conversion:
    lead: 0.1
    sql: {mean: 0.5, sd: 0.05}
    customer: 0.2
channels:
  ads:
    enters: visit
    spend: 5000
    unit_cost: 50
  events:
    enters: lead
    spend: 10000
    unit_cost: 200
    max_per_month: 100
    conversion: {customer: 0.3}
sales:
  reps: 1
  cost_per_rep: 8000
  capacity_per_rep: 20
  follow_up: 0.9
  hires: {6: 1}
customers:
  revenue: subscription
  value: 1000
  churn: 0.02
  starting: 10
`

// TestReverseFunnel checks the reverse funnel against the computation by
// hand, step by step.
func TestReverseFunnel(t *testing.T) {
	s := mustParse(t, yamlReverse)
	const target = 800000.0
	r, err := ReverseFunnel(s, "revenue", target)
	if err != nil {
		t.Fatal(err)
	}
	// Revenue per new customer: won in month t, kept with 0.98 a month,
	// paying 1000 in months t..12: Σ_{m=0}^{12−t} 0.98^m = (1 − 0.98^j)/0.02,
	// j = 13 − t; averaged over t = 1..12.
	var sum float64
	for j := 1; j <= 12; j++ {
		sum += (1 - math.Pow(0.98, float64(j))) / 0.02
	}
	perCustomer := 1000 * sum / 12
	// Starting customers: 10 × 1000 × Σ_{t=1}^{12} 0.98^t.
	starting := 10 * 1000 * 0.98 * (1 - math.Pow(0.98, 12)) / 0.02
	customers := (target - starting) / perCustomer
	// Yields (customers per person entering): ads enter at visit and pass
	// lead 0.1, sql 0.5, follow-up 0.9, customer 0.2; events enter at lead
	// and pass sql 0.5, follow-up 0.9 and their own customer rate 0.3.
	yAds, yEvents := 0.1*0.5*0.9*0.2, 0.5*0.9*0.3
	// Current customers a month: ads 5000/50 = 100 entries, events
	// 100(1 − e^(−10000/(200·100))).
	cAds, cEvents := 100*yAds, 100*(1-math.Exp(-0.5))*yEvents
	nAds := customers * cAds / (cAds + cEvents)
	nEvents := customers * cEvents / (cAds + cEvents)
	eAds, eEvents := nAds/yAds/12, nEvents/yEvents/12
	spendAds := eAds * 50
	spendEvents := -200 * 100 * math.Log(1-eEvents/100)
	// People reaching each stage over the horizon.
	visit := nAds / yAds
	lead := nAds/(0.5*0.9*0.2) + nEvents/yEvents
	sql := nAds/(0.9*0.2) + nEvents/(0.9*0.3)
	// Reps: worked people a month (0.9 of those reaching sql) ÷ 20 each.
	reps := sql * 0.9 / 12 / 20

	tests := []struct {
		name      string
		got, want float64
	}{
		{"revenue per customer", r.RevenuePerCustomer, perCustomer},
		{"starting revenue", r.StartingRevenue, starting},
		{"customers", r.Customers, customers},
		{"visit", r.Stages[0].People, visit},
		{"lead", r.Stages[1].People, lead},
		{"sql", r.Stages[2].People, sql},
		{"customer", r.Stages[3].People, customers},
		{"ads entries", r.Channels[0].EntriesPerMonth, eAds},
		{"events entries", r.Channels[1].EntriesPerMonth, eEvents},
		{"ads spend", r.Channels[0].Spend, spendAds},
		{"events spend", r.Channels[1].Spend, spendEvents},
		{"reps", r.RepsNeeded, reps},
		{"budget", r.MonthlyBudget, spendAds + spendEvents + 2*8000}, // 1 rep + 1 hire ≥ reps needed
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-9*math.Abs(tt.want) {
			t.Errorf("%s: got %g; want %g", tt.name, tt.got, tt.want)
		}
	}
	if reps > 2 {
		t.Fatalf("test design: %g reps needed, more than the 2 planned", reps)
	}
	if !r.Reachable || r.Channels[0].Name != "ads" || r.Channels[1].Name != "events" {
		t.Errorf("got reachable %v, channels %s, %s; want reachable, ads, events", r.Reachable, r.Channels[0].Name, r.Channels[1].Name)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("json: %v", err)
	}
}

func TestReverseFunnelTargets(t *testing.T) {
	s := mustParse(t, yamlReverse)
	tests := []struct {
		metric    string
		target    float64
		customers float64
		reachable bool
	}{
		{"new_customers", 50, 50, true},
		// 100 × a customer's revenue in the horizon: 100 customers.
		{"new_revenue", 100 * revenuePerCustomer(s), 100, true},
		// Events would need more than their ceiling of 100 entries a month.
		{"new_customers", 400, 400, false},
	}
	for _, tt := range tests {
		r, err := ReverseFunnel(s, tt.metric, tt.target)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r.Customers-tt.customers) > 1e-9*tt.customers || r.Reachable != tt.reachable {
			t.Errorf("%s %g: got %g customers, reachable %v; want %g, %v", tt.metric, tt.target, r.Customers, r.Reachable, tt.customers, tt.reachable)
		}
		if !tt.reachable && (len(r.Notes) == 0 || !strings.Contains(strings.Join(r.Notes, " "), "events cannot bring")) {
			t.Errorf("notes %q do not say events cannot bring the entries", r.Notes)
		}
	}
	if _, err := ReverseFunnel(s, "cac", 100); err == nil {
		t.Errorf("reverse funnel of cac: no error; want one")
	}
}

// revenuePerCustomer is ReverseFunnel's revenue per customer.
func revenuePerCustomer(s *model.Scenario) float64 {
	r, _ := ReverseFunnel(s, "new_revenue", 1)
	return r.RevenuePerCustomer
}
