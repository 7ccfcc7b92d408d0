package model

import (
	"strings"
	"testing"
)

// companyBase is a valid scenario without a company section.
const companyBase = `
funnel:
  stages: [lead, customer]
  conversion: {customer: 0.2}
channels:
  ads: {enters: lead, spend: 1000, unit_cost: 50}
customers: {value: 100, churn: 0.02}
`

func TestCompany(t *testing.T) {
	tests := []struct {
		name    string
		company string
		want    *Company
	}{
		{"none", "", nil},
		{"defaults", "company: {cash: 1000000}", &Company{Cash: 1e6, OtherCosts: Constant(0)}},
		{"debt", "company: {cash: -250000}", &Company{Cash: -250000, OtherCosts: Constant(0)}},
		{"every key", "company: {cash: 2500000, other_costs: {1: 180000, 7: 200000}, billing: annual_upfront, payment_days: 45}",
			&Company{Cash: 2.5e6, OtherCosts: Schedule{{1, 180000}, {7, 200000}}, Billing: AnnualUpfront, PaymentDays: 45}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("plan.yaml", []byte(tt.company+companyBase), nil)
			if err != nil {
				t.Fatal(err)
			}
			got := s.Company
			switch {
			case tt.want == nil && got != nil:
				t.Fatalf("got company %+v; want none", *got)
			case tt.want == nil:
				return
			case got == nil:
				t.Fatalf("got no company; want %+v", *tt.want)
			}
			if got.Cash != tt.want.Cash || got.Billing != tt.want.Billing || got.PaymentDays != tt.want.PaymentDays ||
				got.OtherCosts.String() != tt.want.OtherCosts.String() {
				t.Errorf("got %+v; want %+v", *got, *tt.want)
			}
			if err := s.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			c := s.Clone()
			c.Company.OtherCosts[0].Value = 1
			if s.Company.OtherCosts[0].Value == 1 {
				t.Error("Clone shares the other costs' schedule")
			}
		})
	}
}

// TestCompanyValidate checks the rule between keys that Validate holds
// for a scenario edited in code: annual_upfront needs subscription revenue.
func TestCompanyValidate(t *testing.T) {
	s, err := Parse("plan.yaml", []byte("company: {cash: 1000000, billing: annual_upfront}"+companyBase), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Customers.Revenue = OneTime
	err = s.Validate()
	if err == nil || !strings.Contains(err.Error(), "company.billing: annual_upfront") {
		t.Errorf("got %v; want company.billing refused for one_time", err)
	}
	s.Customers.Revenue = Subscription
	s.Company.PaymentDays = 121
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "company.payment_days: 121") {
		t.Errorf("got %v; want payment_days 121 refused", err)
	}
}
