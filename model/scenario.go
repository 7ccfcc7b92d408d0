package model

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/harvest-planning/harvest/measure"
)

// NamedValue is one value of a scenario: its key path, where it lives, the
// bounds of its key's domain, and the channel and stage its path names.
type NamedValue struct {
	Key   string // e.g. "funnel.conversion.mql", "channels.paid_search.unit_cost"
	Value *Value // points into the scenario: assigning *Value changes it
	// Lo and Hi bound the key's domain: an engine clamps draws to them (a
	// Normal written for a rate can stray outside).
	Lo, Hi float64
	// Channel and Stage are the indices in Channels and Funnel.Stages that
	// the path's NAME and STAGE stand for; -1 when it has none.
	Channel, Stage int
}

// Clone returns a deep copy of s: editing the copy (values, channels,
// hires, the split) leaves s as it was.
func (s *Scenario) Clone() *Scenario {
	c := *s
	c.Source = bytes.Clone(s.Source)
	c.Funnel.Stages = slices.Clone(s.Funnel.Stages)
	c.Funnel.Conversion = slices.Clone(s.Funnel.Conversion)
	c.Funnel.Months = slices.Clone(s.Funnel.Months)
	c.Calendar.Seasonality = slices.Clone(s.Calendar.Seasonality)
	if s.Market != nil {
		m := *s.Market
		c.Market = &m
	}
	c.Channels = slices.Clone(s.Channels)
	for i := range c.Channels {
		ch := &c.Channels[i]
		ch.Conversion = maps.Clone(ch.Conversion)
		ch.Spend = slices.Clone(ch.Spend)
		ch.Headcount = slices.Clone(ch.Headcount)
		ch.Seasonality = slices.Clone(ch.Seasonality)
	}
	if s.Budget != nil {
		b := *s.Budget
		b.Monthly = slices.Clone(s.Budget.Monthly)
		b.Split = maps.Clone(s.Budget.Split)
		c.Budget = &b
	}
	if s.Sales != nil {
		sales := *s.Sales
		sales.Hires = slices.Clone(s.Sales.Hires)
		sales.Cuts = slices.Clone(s.Sales.Cuts)
		c.Sales = &sales
	}
	if s.Company != nil {
		co := *s.Company
		co.OtherCosts = slices.Clone(s.Company.OtherCosts)
		c.Company = &co
	}
	c.Targets = slices.Clone(s.Targets)
	c.Variants = slices.Clone(s.Variants)
	for i := range c.Variants {
		c.Variants[i].Overrides = slices.Clone(c.Variants[i].Overrides)
	}
	return &c
}

// namedValue is a value of the scenario with its declaration and site.
type namedValue struct {
	NamedValue
	key *keyDef
	at  site
}

// values lists every value of the scenario that applies to its shape, in
// the key table's order.
func (s *Scenario) values() []namedValue {
	var out []namedValue
	s.visit(func(k *keyDef, at site) {
		if k.value == nil || !k.applies(at) {
			return
		}
		out = append(out, namedValue{NamedValue{Key: k.pathAt(at), Value: k.value(at),
			Lo: k.spec.lo, Hi: k.spec.hi, Channel: at.channel, Stage: at.stage}, k, at})
	})
	return out
}

// AllValues returns every value that applies to the scenario's shape,
// defaults included, in the order of Values: what an engine draws or holds
// fixed. Values is the part of it a person wrote or needs to see.
func (s *Scenario) AllValues() []NamedValue {
	all := s.values()
	out := make([]NamedValue, len(all))
	for i, n := range all {
		out[i] = n.NamedValue
	}
	return out
}

// Values returns the scenario's uncertain values with their key paths, in a
// stable order: funnel (conversions, then months, by stage), market,
// channels by name, sales, customers (the key table's order). It lists
// every value the scenario's shape requires (conversions, unit costs,
// capacity, value, …), every value the file gave, and every optional
// value that differs from its key's default (months 0, carryover 0,
// follow_up 1, queue_decay 0, gross_margin 1, churn 0, expansion 0,
// repeat 0, onboarding_cost 0); the market's size, audiences, attrition
// and starting_mrr when given. Each Value points into s, so assigning
// through it changes s — except a channel's conversion overrides, which
// live in a map: write those back with SetValue.
func (s *Scenario) Values() []NamedValue {
	var out []NamedValue
	for _, n := range s.values() {
		v := n.Value
		if !n.key.hasDefault() || v.Form != "" || !(v.IsFixed() && v.X == n.key.def) {
			out = append(out, n.NamedValue)
		}
	}
	return out
}

// SetValue replaces the value at key (a key from Values) with v.
func (s *Scenario) SetValue(key string, v Value) error {
	for _, n := range s.values() {
		if n.Key != key {
			continue
		}
		if n.key.store != nil {
			n.key.store(n.at, v)
		} else {
			*n.Value = v
		}
		return nil
	}
	return fmt.Errorf("scenario %s: %s is not a value of the scenario", s.File, key)
}

// Validate checks a scenario built or edited in code (plan edits copies):
// the same rules Load applies to a file, on the resolved fields. It returns
// an *Error listing every problem, or nil.
func (s *Scenario) Validate() error {
	d := newDecoder(s.File)
	f := &s.Funnel
	k := len(f.Stages)
	if k < 2 || len(f.Conversion) != k || len(f.Months) != k {
		d.add("funnel.stages", nil, fmt.Sprintf("has %d stages, %d conversions and %d months: a funnel needs at least 2 stages and one conversion and one months value per stage", k, len(f.Conversion), len(f.Months)))
	}
	// Every key the table binds, by its spec.
	s.visit(func(key *keyDef, at site) {
		path := key.pathAt(at)
		switch {
		case key.value != nil:
			if !key.applies(at) {
				return
			}
			v := key.value(at)
			if why := checkValue(*v, key.spec); why != "" {
				d.add(path, v.Describe(), why)
			}
		case key.number != nil:
			if x := *key.number(at); !key.spec.contains(x) {
				d.add(path, x, key.spec.outside(x))
			}
		case key.schedule != nil:
			if !key.applies(at) {
				return
			}
			for _, p := range checkSchedule(*key.schedule(at), key.spec, s.Horizon) {
				d.add(path, p.raw, p.why)
			}
		case key.whole != nil && key.kind == stageKey:
			if i := *key.whole(at); i < 0 || i >= k {
				d.add(path, i, "is not a stage index")
			}
		case key.whole != nil:
			if x := *key.whole(at); !key.spec.contains(float64(x)) {
				d.add(path, x, key.spec.outside(float64(x)))
			}
		case key.text != nil:
			if why := checkText(*key.text(at), key.spec); why != "" {
				d.add(path, *key.text(at), why)
			}
		case key.month != nil:
			if m := *key.month(at); !m.IsZero() && (m.Month < 1 || m.Month > 12 || !key.spec.contains(float64(m.Year))) {
				d.add(path, m.String(), fmt.Sprintf("is not a month from %d-01 to %d-12", minYear, maxYear))
			}
		case key.list != nil:
			list := *key.list(at)
			if list == nil {
				return
			}
			if why := checkSeason(list, key.spec); why != "" {
				d.add(path, nil, why)
			}
			if s.Calendar.Start.IsZero() {
				d.add(path, nil, needsStart)
			}
		}
	})
	// The keys read by hand, and the rules between keys.
	if s.Sales != nil && (f.Handoff < 0 || f.Handoff > k-2) || s.Sales == nil && f.Handoff != -1 {
		d.add("funnel.handoff", f.Handoff, "is not a valid handoff index: a stage before the last with a sales section, -1 without")
	}
	for i, ch := range s.Channels {
		key := "channels." + ch.Name
		if !validName(ch.Name) || i > 0 && s.Channels[i-1].Name >= ch.Name {
			d.add(key, nil, "is not a valid channel name in name order")
		}
		if ch.Response == Hill && !ch.HasMax {
			d.add(key+".max_per_month", nil, "is missing: a hill channel needs it")
		}
	}
	if s.Sales != nil {
		reps := salesHire.spec
		for i, h := range s.Sales.Hires {
			key := fmt.Sprintf("sales.hires.%d", h.Month)
			if h.Month < 1 || h.Month > s.Horizon || i > 0 && h.Month < s.Sales.Hires[i-1].Month {
				d.add(key, nil, fmt.Sprintf("is not a month 1..%d in order", s.Horizon))
			}
			if !reps.contains(h.Reps) {
				d.add(key, h.Reps, reps.outside(h.Reps))
			}
		}
		for i, c := range s.Sales.Cuts {
			if c.Month < 2 || c.Month > s.Horizon || i > 0 && c.Month <= s.Sales.Cuts[i-1].Month || !reps.contains(c.Reps) {
				d.add("sales", nil, fmt.Sprintf("has a cut of %s reps in month %d: cuts are a month's fall of the reps budget.monthly buys, in months 2..%d in order, each %s",
					formatNumber(c.Reps), c.Month, s.Horizon, reps.what))
			}
		}
	}
	if co := s.Company; co != nil && co.Billing == AnnualUpfront && s.Customers.Revenue == OneTime {
		d.add("company.billing", co.Billing.String(), "is annual_upfront, which needs subscription revenue: use monthly for one_time")
	}
	for _, t := range s.Targets {
		if !measure.IsMetric(t.Metric) || math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
			d.add("targets."+t.Metric, t.Value, "is not a target on a known metric")
		}
	}
	if len(d.problems) > 0 {
		return d.err()
	}
	return nil
}

// scheduleProblem is one thing wrong with a schedule: the value shown and why.
type scheduleProblem struct {
	raw any
	why string
}

// checkSchedule checks a schedule built or edited in code: steps in
// month order from month 1, within the horizon, each value in the key's
// spec.
func checkSchedule(sc Schedule, s spec, horizon int) []scheduleProblem {
	var out []scheduleProblem
	if len(sc) == 0 || sc[0].Month != 1 {
		out = append(out, scheduleProblem{nil, "has no step at month 1: a schedule starts in month 1"})
	}
	for i, st := range sc {
		if st.Month < 1 || st.Month > horizon || i > 0 && st.Month <= sc[i-1].Month {
			out = append(out, scheduleProblem{st.Month, fmt.Sprintf("is not a month 1..%d in order", horizon)})
		}
		if !s.contains(st.Value) {
			out = append(out, scheduleProblem{st.Value, s.outside(st.Value)})
		}
	}
	return out
}

// checkValue checks a value's parameters (check: in the ranges harvest
// draws from reliably; drawable: its quantile well behaved) and that its
// draws stay within its key's bounds: every draw of a fixed value or of a
// family with bounded support (triangle, uniform, PERT, beta); for a
// lognormal, gamma or normal, whose support is unbounded, its draws from
// the one-in-a-million low to the one-in-a-million high, the engine
// holding the rarer ones to the bounds (and a normal's below a real key's
// lower bound, as DESIGN.md allows). A lognormal or gamma is for an amount
// or a real number, a normal for a real number only.
func checkValue(v Value, s spec) string {
	if why := v.check(); why != "" {
		return why
	}
	if why := v.drawable(); why != "" {
		return why
	}
	switch v.Family {
	case LogNormal, Gamma, Normal:
		if v.Family == Normal && s.domain != Real || s.domain == Probability {
			return "is a " + v.Family.String() + ", which can take values outside " + s.what
		}
		for _, u := range []float64{1e-6, 1 - 1e-6} {
			x := v.Quantile(u)
			if v.Family == Normal && x < s.lo {
				continue // DESIGN: a normal may stray below a real's bound; the engine holds it there
			}
			if !s.contains(x) {
				return "can draw " + formatNumber(x) + " (its " + percentile(u) + "), which " + s.outside(x) +
					"; a value's draws from its one-in-a-million low to its one-in-a-million high must be allowed"
			}
		}
		return ""
	}
	lo, hi := v.support()
	open := v.Family == Beta // the support's ends are never drawn
	inLo := s.contains(lo) || open && lo >= s.lo
	inHi := s.contains(hi) || open && hi <= s.hi
	if !inLo || !inHi {
		return "can take values outside " + s.what
	}
	return ""
}
