package model_test

import (
	"fmt"

	"github.com/harvest-planning/harvest/model"
)

func ExampleParse() {
	const src = `
funnel:
  stages: [lead, customer]
  conversion: {customer: {low: 0.1, high: 0.3}}
channels:
  ads: {enters: lead, spend: 5000, unit_cost: {low: 20, high: 60}}
customers: {value: 400, churn: 1.5}
`
	_, err := model.Parse("plan.yaml", []byte(src), []string{"channels.ads.spend=8000"})
	fmt.Println(err)

	s, err := model.Parse("plan.yaml", []byte(src), []string{"customers.churn=0.02"})
	if err != nil {
		panic(err)
	}
	for _, nv := range s.Values() {
		v := nv.Value
		fmt.Printf("%s: %s → %s, P5 %.3g, P95 %.3g\n", nv.Key, v.Form, v.Describe(), v.Percentile(0.05), v.Percentile(0.95))
	}
	// Output:
	// scenario plan.yaml: customers.churn: 1.5 is not a probability (0..1), e.g. 0.35 or {low: 0.2, high: 0.4}
	// funnel.conversion.customer: {low: 0.1, high: 0.3} → beta(α=7.72, β=32.7), P5 0.1, P95 0.3
	// channels.ads.unit_cost: {low: 20, high: 60} → lognormal(μ=3.55, σ=0.334), P5 20, P95 60
	// customers.value: 400 → fixed 400, P5 400, P95 400
	// customers.churn: 0.02 → fixed 0.02, P5 0.02, P95 0.02
}
