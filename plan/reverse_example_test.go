package plan_test

import (
	"fmt"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
)

// The goal calculator: 60 new customers a year from one ads channel at $50
// a lead, 50% of leads reaching sql and 20% of those buying.
func ExampleReverseFunnel() {
	s, err := model.Parse("ads.yaml", []byte(`
funnel:
  stages: [lead, sql, customer]
  conversion: {sql: 0.5, customer: 0.2}
channels:
  ads: {enters: lead, spend: 5000, unit_cost: 50}
customers: {revenue: one_time, value: 1000}
`), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := plan.ReverseFunnel(s, "new_customers", 60)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range r.Stages {
		fmt.Printf("%-8s %4.0f a year, %3.0f a month\n", st.Name, st.People, st.PerMonth)
	}
	fmt.Printf("ads: $%.0f a month\n", r.Channels[0].Spend)
	// Output:
	// lead      600 a year,  50 a month
	// sql       300 a year,  25 a month
	// customer   60 a year,   5 a month
	// ads: $2500 a month
}
