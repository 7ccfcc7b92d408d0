package sim

import (
	"context"
	"math"
	"strconv"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

// fixed is shorthand for a fixed value.
func fixed(x float64) model.Value { return model.FixedValue(x) }

// funnelScenario builds a scenario in code: stages with fixed conversions
// (conv[k] into stage k+1), no waits, no sales section, subscription
// customers worth 100 a month with no churn, and one linear channel "ads"
// entering at the first stage with spend 1000 and unit cost 10 (100 people
// a month). Tests edit the fields they need.
func funnelScenario(horizon int, stages []string, conv ...float64) *model.Scenario {
	K := len(stages)
	f := model.Funnel{Stages: stages, Handoff: -1, Conversion: make([]model.Value, K), Months: make([]model.Value, K)}
	f.Conversion[0] = fixed(1)
	for k := range K {
		f.Months[k] = fixed(0)
		if k > 0 {
			f.Conversion[k] = fixed(conv[k-1])
		}
	}
	return &model.Scenario{
		Name: "test", File: "test.yaml", Horizon: horizon, Funnel: f,
		Channels: []model.Channel{linearChannel("ads", 0, 1000, 10)},
		Customers: model.Customers{
			Revenue: model.Subscription, Value: fixed(100), GrossMargin: fixed(1),
			Churn: fixed(0), Expansion: fixed(0), Repeat: fixed(0), OnboardingCost: fixed(0),
			DiscountRate: 0.1,
		},
	}
}

// linearChannel is a marketing channel with λ = spend / unit cost.
func linearChannel(name string, enters int, spend, unitCost float64) model.Channel {
	return model.Channel{
		Name: name, Kind: model.Marketing, Enters: enters, Response: model.Linear,
		Spend: model.Constant(spend), UnitCost: fixed(unitCost), Carryover: fixed(0),
	}
}

// withSales adds a sales section with the handoff at stage handoff.
func withSales(s *model.Scenario, handoff int, reps, capPerRep, followUp, decay float64) *model.Scenario {
	s.Funnel.Handoff = handoff
	s.Sales = &model.Sales{
		Reps: reps, CostPerRep: 1000, CapacityPerRep: fixed(capPerRep),
		FollowUp: fixed(followUp), QueueDecay: fixed(decay),
	}
	return s
}

// run runs s and fails the test on error.
func run(t testing.TB, s *model.Scenario, opts *Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), s, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// within checks |got − want| ≤ tol.
func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s: got %.6g; want %.6g ± %.3g", what, got, want, tol)
	}
}

// meanSE returns the mean of xs and its standard error.
func meanSE(xs []float64) (mean, se float64) {
	st := Summarize(xs)
	return st.Mean, st.SE
}

func itoa(i int) string     { return strconv.Itoa(i) }
func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
