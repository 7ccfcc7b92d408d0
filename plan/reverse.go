package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// Reverse is the reverse funnel of a goal calculator: from a target back to
// customers, to people at each stage, to entries per channel, to budget.
// Deterministic, at every uncertain value's mean.
type Reverse struct {
	Metric        string  `json:"metric"`
	Target        float64 `json:"target"`
	HorizonMonths int     `json:"horizon_months"`
	// Formula says how the target became a number of customers.
	Formula string `json:"formula"`
	// RevenuePerCustomer is what a customer won in the horizon brings in
	// the horizon (0 for a new_customers target); StartingRevenue what the
	// starting customers bring (revenue targets only).
	RevenuePerCustomer float64 `json:"revenue_per_customer,omitempty"`
	StartingRevenue    float64 `json:"starting_revenue,omitempty"`
	// Customers is the number of new customers needed over the horizon.
	Customers         float64 `json:"customers"`
	CustomersPerMonth float64 `json:"customers_per_month"`
	// Stages are the people who must reach each stage over the horizon.
	Stages []ReverseStage `json:"stages"`
	// Channels split the customers by the current plan's mix.
	Channels []ReverseChannel `json:"channels"`
	// ChannelBudget is the channels' monthly spend; SalesTeamCost the
	// monthly cost of max(RepsNeeded, the planned reps and hires);
	// MonthlyBudget their sum.
	ChannelBudget float64 `json:"channel_budget"`
	SalesTeamCost float64 `json:"sales_team_cost"`
	MonthlyBudget float64 `json:"monthly_budget"`
	// RepsNeeded is the reps whose capacity takes on every handed-off
	// person worked (0 without a sales section); PlannedReps the reps and
	// hires in the plan.
	RepsNeeded  float64 `json:"reps_needed"`
	PlannedReps float64 `json:"planned_reps"`
	// Reachable is false when some channel cannot bring the entries asked
	// of it at any spend (its ceiling max_per_month is too low).
	Reachable bool     `json:"reachable"`
	Notes     []string `json:"notes,omitempty"`
	// Plan is the plan made honest and simulated (CheckReverse); nil
	// until checked.
	Plan *ReversePlan `json:"plan,omitempty"`
}

// ReverseStage is one funnel stage of the reverse funnel.
type ReverseStage struct {
	Name string `json:"name"`
	// Conversion is the funnel's mean rate into the stage (0 for the first).
	Conversion float64 `json:"conversion"`
	People     float64 `json:"people"`
	PerMonth   float64 `json:"per_month"`
}

// ReverseChannel is one channel's part of the reverse funnel.
type ReverseChannel struct {
	Name   string `json:"name"`
	Enters string `json:"enters"`
	// Share is the channel's share of customers under the current plan.
	Share     float64 `json:"share"`
	Customers float64 `json:"customers"`
	// Yield is customers per person entering: the product of the rates
	// from its entry stage on (and follow-up, when it enters before sales).
	Yield           float64 `json:"yield"`
	EntriesPerMonth float64 `json:"entries_per_month"`
	// Spend is the monthly spend that brings EntriesPerMonth (0 and not
	// Reachable when no spend can); CurrentSpend the plan's.
	Spend        float64 `json:"spend"`
	CurrentSpend float64 `json:"current_spend"`
	Reachable    bool    `json:"reachable"`
}

// ReverseMetrics are the metrics ReverseFunnel accepts as targets.
var ReverseMetrics = []string{"revenue", "new_revenue", "new_gross_profit", "new_customers"}

// ReverseFunnel works back from a target for metric (revenue, new_revenue,
// new_gross_profit or new_customers over the horizon; 0: the scenario's
// own target for it) at mean rates, as planners know it from goal
// calculators:
//
//  1. customers = target ÷ revenue per customer, where a customer's revenue
//     in the horizon assumes wins spread evenly over its months: with
//     g = (1 − churn)(1 + expansion), subscription R = value × (1/H) Σ_{t=1..H}
//     Σ_{m=0..H−t} g^m; one_time R = value × (1 + repeat × (1/H) Σ_{t=1..H}
//     Σ_{m=1..H−t} (1 − churn)^m). A revenue target first subtracts what the
//     starting customers bring; new_gross_profit divides by gross_margin too.
//  2. Each channel's share of those customers is its share under the current
//     plan (expected entries × yield); its people at each stage are its
//     customers ÷ the product of the rates after that stage (÷ follow-up at
//     and before the handoff).
//  3. Entries per month per channel give its spend by inverting its response
//     (ExpectedEntries), or say that it cannot be reached.
//  4. Sales: the reps whose capacity takes on every worked person.
//
// It ignores stage waits (people entering late close after the horizon), the
// capacity queue and ramps, and says so in Notes where they matter;
// CheckReverse accounts for them and simulates the plan.
func ReverseFunnel(s *model.Scenario, metric string, target float64) (*Reverse, error) {
	if s == nil {
		return nil, fmt.Errorf("reverse funnel: no scenario")
	}
	if !slices.Contains(ReverseMetrics, metric) {
		return nil, specErrorf("reverse funnel: metric %q: use %s", metric, strings.Join(ReverseMetrics, ", "))
	}
	target, err := scenarioTarget(s, metric, target)
	if err != nil {
		return nil, fmt.Errorf("reverse funnel: %w", err)
	}
	if !(target > 0) || math.IsInf(target, 0) {
		return nil, specErrorf("reverse funnel: target %g: want a positive number", target)
	}
	h := s.Horizon
	if h < 1 {
		return nil, fmt.Errorf("reverse funnel: horizon of %d months: want at least 1", h)
	}
	r := &Reverse{Metric: metric, Target: target, HorizonMonths: h, Reachable: true}
	var notes []Finding
	cu := &s.Customers
	value := cu.Value.Mean()
	churn := cu.Churn.Mean()
	var perCustomer, starting float64
	var formula string
	if cu.Revenue == model.OneTime {
		var sum float64 // Σ_t Σ_{m=1..H−t} (1 − churn)^m
		for t := 1; t <= h; t++ {
			sum += geometric(1-churn, 1, h-t)
		}
		perCustomer = value * (1 + cu.Repeat.Mean()*sum/float64(h))
		starting = float64(cu.Starting) * value * cu.Repeat.Mean() * geometric(1-churn, 1, h)
		formula = "R = value × (1 + repeat × (1/H) Σ_{t=1..H} Σ_{m=1..H−t} (1 − churn)^m)"
	} else {
		g := (1 - churn) * (1 + cu.Expansion.Mean())
		var sum float64 // Σ_t Σ_{m=0..H−t} g^m
		for t := 1; t <= h; t++ {
			sum += geometric(g, 0, h-t)
		}
		perCustomer = value * sum / float64(h)
		starting = float64(cu.Starting) * value * geometric(g, 1, h)
		formula = "R = value × (1/H) Σ_{t=1..H} Σ_{m=0..H−t} ((1 − churn)(1 + expansion))^m"
	}
	formula += fmt.Sprintf(" = %s, H = %d months, customers won evenly over the horizon, mean rates", measure.Money.Format(perCustomer), h)
	switch metric {
	case "new_customers":
		r.Customers = target
		r.Formula = "customers = the target"
	case "new_revenue":
		r.RevenuePerCustomer = perCustomer
		r.Customers = target / perCustomer
		r.Formula = "customers = new revenue target ÷ R, " + formula
	case "new_gross_profit":
		r.RevenuePerCustomer = perCustomer
		r.Customers = target / (perCustomer * cu.GrossMargin.Mean())
		r.Formula = "customers = gross profit target ÷ (R × gross_margin), " + formula
	case "revenue":
		r.RevenuePerCustomer = perCustomer
		r.StartingRevenue = starting
		r.Customers = math.Max(0, target-starting) / perCustomer
		r.Formula = fmt.Sprintf("customers = (revenue target − starting customers' revenue %s) ÷ R, ", measure.Money.Format(starting)) + formula
		if starting >= target {
			notes = append(notes, Finding{Kind: StartingEnough})
		}
	}
	r.CustomersPerMonth = r.Customers / float64(h)

	// Each channel's yield from each stage it passes, and its current share.
	stages := len(s.Funnel.Stages)
	yields := make([][]float64, len(s.Channels)) // [channel][stage]: customers per person reaching it
	var total float64
	current := make([]float64, len(s.Channels))
	for i := range s.Channels {
		ch := &s.Channels[i]
		y := make([]float64, stages)
		y[stages-1] = 1
		for k := stages - 2; k >= 0; k-- {
			y[k] = y[k+1] * rate(s, ch, k+1)
		}
		if s.Sales != nil && s.Funnel.Handoff >= 0 {
			f := s.Sales.FollowUp.Mean()
			for k := 0; k <= s.Funnel.Handoff; k++ {
				y[k] *= f
			}
		}
		yields[i] = y
		current[i] = meanEntries(s, ch) * y[ch.Enters]
		total += current[i]
	}
	if !(total > 0) {
		return nil, fmt.Errorf("reverse funnel: the current plan brings no customer (no spend, or a zero rate), " +
			"so its channel mix is unknown: give the channels some spend")
	}

	people := make([]float64, stages)
	var handed float64 // people reaching the handoff from channels entering at or before it
	for i := range s.Channels {
		ch := &s.Channels[i]
		rc := ReverseChannel{
			Name: ch.Name, Enters: s.Funnel.Stages[ch.Enters],
			Share: current[i] / total, Yield: yields[i][ch.Enters], CurrentSpend: monthlySpend(s, ch), Reachable: true,
		}
		rc.Customers = r.Customers * rc.Share
		if rc.Customers > 0 {
			for k := ch.Enters; k < stages; k++ {
				people[k] += rc.Customers / yields[i][k]
			}
			if s.Sales != nil && ch.Enters <= s.Funnel.Handoff {
				handed += rc.Customers / yields[i][s.Funnel.Handoff]
			}
			rc.EntriesPerMonth = rc.Customers / rc.Yield / float64(h)
		}
		spend, ok := SpendFor(ch, rc.EntriesPerMonth)
		if ok {
			rc.Spend = spend
			r.ChannelBudget += spend
		} else {
			rc.Reachable = false
			r.Reachable = false
			notes = append(notes, Finding{Kind: ChannelCeiling, Subject: ch.Name, Value: rc.EntriesPerMonth, High: ch.MaxPerMonth.Mean()})
		}
		r.Channels = append(r.Channels, rc)
	}
	for k, name := range s.Funnel.Stages {
		st := ReverseStage{Name: name, People: people[k], PerMonth: people[k] / float64(h)}
		if k > 0 {
			st.Conversion = s.Funnel.Conversion[k].Mean()
		}
		r.Stages = append(r.Stages, st)
	}

	if sa := s.Sales; sa != nil {
		r.PlannedReps = sa.Reps
		for _, hi := range sa.Hires {
			r.PlannedReps += hi.Reps
		}
		worked := handed * sa.FollowUp.Mean() / float64(h) // taken on per month
		r.RepsNeeded = worked / sa.CapacityPerRep.Mean()
		r.SalesTeamCost = math.Max(r.RepsNeeded, r.PlannedReps) * sa.CostPerRep
		if r.RepsNeeded > r.PlannedReps {
			notes = append(notes, Finding{Kind: RepsShort, Value: worked, Low: r.RepsNeeded, Ref: sa.CapacityPerRep.Mean(), High: r.PlannedReps})
		}
	}
	r.MonthlyBudget = r.ChannelBudget + r.SalesTeamCost

	var wait float64
	for k := 0; k < stages-1 && k < len(s.Funnel.Months); k++ {
		wait += s.Funnel.Months[k].Mean()
	}
	if wait > 0 {
		notes = append(notes, Finding{Kind: WaitsIgnored, Value: wait})
	}
	for _, f := range notes {
		r.Notes = append(r.Notes, f.String())
	}
	return r, nil
}

// rate is the mean probability that a channel's people reach stage k from
// stage k−1: the channel's override or the funnel's.
func rate(s *model.Scenario, ch *model.Channel, k int) float64 {
	if v, ok := ch.Conversion[k]; ok {
		return v.Mean()
	}
	return s.Funnel.Conversion[k].Mean()
}

// geometric is Σ_{m=from..to} g^m (0 when to < from).
func geometric(g float64, from, to int) float64 {
	var sum float64
	for m := from; m <= to; m++ {
		sum += math.Pow(g, float64(m))
	}
	return sum
}

// meanEntries is a channel's expected entries a month at its spend,
// averaged over the horizon's months when its spend schedule moves.
func meanEntries(s *model.Scenario, ch *model.Channel) float64 {
	if ch.Spend.IsConstant() {
		return ExpectedEntries(ch, ch.Spend.At(1))
	}
	sum := 0.0
	for _, x := range ch.Spend.Months(s.Horizon) {
		sum += ExpectedEntries(ch, x)
	}
	return sum / float64(s.Horizon)
}
