package model

import "fmt"

// Advice is a recommendation about a valid scenario: a key worth giving or
// changing, and why. It is not a problem: the scenario runs as written.
type Advice struct {
	Key  string // the key path it is about, e.g. "customers.starting_mrr"
	Text string // what to do and why
}

// String returns the advice as one line: "customers.starting_mrr: give …".
func (a Advice) String() string { return a.Key + ": " + a.Text }

// Advise returns what is worth changing in a valid scenario, in the key
// table's order: the starting customers' revenue today when there are
// starting subscription customers without customers.starting_mrr (their
// revenue is otherwise starting × value, drawn with the new customers'
// uncertainty), and a prior_spend that carryover does not carry.
func Advise(s *Scenario) []Advice {
	var out []Advice
	for _, ch := range s.Channels {
		if ch.PriorSpend > 0 && ch.Response != Headcount && ch.Carryover.IsFixed() && ch.Carryover.X == 0 {
			out = append(out, Advice{Key: "channels." + ch.Name + ".prior_spend",
				Text: "has no effect without carryover (spend before month 1 reaches month 1 only through it): give the channel's carryover, e.g. carryover: 0.3, or remove prior_spend"})
		}
	}
	c := &s.Customers
	if c.Revenue == Subscription && c.Starting > 0 && !c.HasStartingMRR {
		out = append(out, Advice{Key: "customers.starting_mrr",
			Text: fmt.Sprintf("is recommended: give your %s starting customers' monthly revenue today (your MRR), e.g. starting_mrr: 20000; without it they are worth %s × customers.value, drawn with the new customers' uncertainty",
				grouped(c.Starting), grouped(c.Starting))})
	}
	return out
}
