package model

import "strings"

// Unit is how a scenario value reads to a person.
type Unit int

const (
	Number  Unit = iota // a plain number: people per head, shape
	Money               // dollars: costs, deal values, half-saturation spend
	Percent             // a share: rates, churn, expansion
	Months              // a duration in months
)

// UnitOf returns the unit of the value at key (a key path such as
// "channels.paid_search.unit_cost"), from its last part and its domain.
func UnitOf(key string, v Value) Unit {
	switch key[strings.LastIndex(key, ".")+1:] {
	case "unit_cost", "value", "onboarding_cost", "half_saturation":
		return Money
	case "expansion":
		return Percent
	}
	if strings.HasPrefix(key, "funnel.months.") {
		return Months
	}
	if v.Domain == Probability {
		return Percent
	}
	return Number
}
