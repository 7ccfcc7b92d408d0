package model

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// metricNames are DESIGN.md's metrics, in the order tables show them. It
// must stay equal to sim.MetricNames (sim's tests check that).
var metricNames = []string{
	"revenue", "new_revenue", "new_gross_profit", "new_customers",
	"spend", "spend_marketing", "spend_sales",
	"cac", "roi", "ltv", "lifetime_roi", "ltv_cac", "payback_months",
	"ending_customers", "ending_mrr",
	"lost_follow_up", "lost_queue", "capacity_used",
	"marketing_share_of_revenue", "sales_share_of_revenue",
}

// MetricNames returns the names a target may name (DESIGN.md's metrics), in
// table order. The slice is a copy.
func MetricNames() []string { return slices.Clone(metricNames) }

// IsMetric reports whether name is one of MetricNames.
func IsMetric(name string) bool { return slices.Contains(metricNames, name) }

// NamedValue is one uncertain value of a scenario and its key path.
type NamedValue struct {
	Key   string // e.g. "funnel.conversion.mql", "channels.paid_search.unit_cost"
	Value *Value // points into the scenario: assigning *Value changes it
}

// Clone returns a deep copy of s: editing the copy (values, channels,
// hires, the split) leaves s as it was.
func (s *Scenario) Clone() *Scenario {
	c := *s
	c.Source = bytes.Clone(s.Source)
	c.Funnel.Stages = slices.Clone(s.Funnel.Stages)
	c.Funnel.Conversion = slices.Clone(s.Funnel.Conversion)
	c.Funnel.Months = slices.Clone(s.Funnel.Months)
	c.Channels = slices.Clone(s.Channels)
	for i := range c.Channels {
		c.Channels[i].Conversion = maps.Clone(c.Channels[i].Conversion)
	}
	if s.Budget != nil {
		b := *s.Budget
		b.Split = maps.Clone(s.Budget.Split)
		c.Budget = &b
	}
	if s.Sales != nil {
		sales := *s.Sales
		sales.Hires = slices.Clone(s.Sales.Hires)
		c.Sales = &sales
	}
	c.Targets = slices.Clone(s.Targets)
	c.Variants = slices.Clone(s.Variants)
	for i := range c.Variants {
		c.Variants[i].Overrides = slices.Clone(c.Variants[i].Overrides)
	}
	return &c
}

// namedSpec is a value, its key and what its key allows.
type namedSpec struct {
	key      string
	value    *Value
	spec     spec
	required bool    // required (or used) by the scenario's shape
	def      float64 // the default when not required
}

// values lists every value slot of the scenario that applies to its shape.
func (s *Scenario) values() []namedSpec {
	var out []namedSpec
	for k := 1; k < len(s.Funnel.Stages) && k < len(s.Funnel.Conversion); k++ {
		out = append(out, namedSpec{"funnel.conversion." + s.Funnel.Stages[k], &s.Funnel.Conversion[k], probSpec, true, 0})
	}
	for k := 0; k+1 < len(s.Funnel.Stages) && k < len(s.Funnel.Months); k++ {
		out = append(out, namedSpec{"funnel.months." + s.Funnel.Stages[k], &s.Funnel.Months[k], amountSpec, false, 0})
	}
	for i := range s.Channels {
		ch := &s.Channels[i]
		key := "channels." + ch.Name + "."
		switch ch.Response {
		case Linear, Saturating:
			out = append(out, namedSpec{key + "unit_cost", &ch.UnitCost, positiveSpec, true, 0})
		case Hill:
			out = append(out, namedSpec{key + "half_saturation", &ch.HalfSaturation, positiveSpec, true, 0},
				namedSpec{key + "shape", &ch.Shape, positiveSpec, true, 0})
		case Headcount:
			out = append(out, namedSpec{key + "output_per_head", &ch.OutputPerHead, positiveSpec, true, 0})
		}
		if ch.HasMax {
			out = append(out, namedSpec{key + "max_per_month", &ch.MaxPerMonth, positiveSpec, true, 0})
		}
		if ch.Response != Headcount {
			out = append(out, namedSpec{key + "carryover", &ch.Carryover, carryoverSpec, false, 0})
		}
		for _, k := range slices.Sorted(maps.Keys(ch.Conversion)) {
			if k > 0 && k < len(s.Funnel.Stages) {
				v := ch.Conversion[k]
				out = append(out, namedSpec{key + "conversion." + s.Funnel.Stages[k], &v, probSpec, true, 0})
			}
		}
	}
	if s.Sales != nil {
		out = append(out,
			namedSpec{"sales.capacity_per_rep", &s.Sales.CapacityPerRep, positiveSpec, true, 0},
			namedSpec{"sales.follow_up", &s.Sales.FollowUp, probSpec, false, 1},
			namedSpec{"sales.queue_decay", &s.Sales.QueueDecay, probSpec, false, 0})
	}
	c := &s.Customers
	out = append(out,
		namedSpec{"customers.value", &c.Value, positiveSpec, true, 0},
		namedSpec{"customers.gross_margin", &c.GrossMargin, probSpec, false, 1},
		namedSpec{"customers.churn", &c.Churn, probSpec, false, 0},
		namedSpec{"customers.expansion", &c.Expansion, expansionSpec, false, 0},
		namedSpec{"customers.repeat", &c.Repeat, probSpec, false, 0},
		namedSpec{"customers.onboarding_cost", &c.OnboardingCost, amountSpec, false, 0})
	return out
}

// Values returns the scenario's uncertain values with their key paths, in a
// stable order: funnel (conversions, then months, by stage), channels by
// name, sales, customers. It lists every value the scenario's shape requires
// (conversions, unit costs, capacity, value, …), every value the file gave,
// and every optional value that differs from its fixed default (months 0,
// carryover 0, follow_up 1, queue_decay 0, gross_margin 1, churn 0,
// expansion 0, repeat 0, onboarding_cost 0). Each Value points into s, so
// assigning through it changes s — except a channel's conversion overrides,
// which live in a map: write those back with SetValue.
func (s *Scenario) Values() []NamedValue {
	var out []NamedValue
	for _, n := range s.values() {
		if n.required || n.value.Form != "" || !(n.value.IsFixed() && n.value.X == n.def) {
			out = append(out, NamedValue{Key: n.key, Value: n.value})
		}
	}
	return out
}

// SetValue replaces the value at key (a key from Values) with v.
func (s *Scenario) SetValue(key string, v Value) error {
	for i := range s.Channels {
		ch := &s.Channels[i]
		prefix := "channels." + ch.Name + ".conversion."
		if stage, ok := strings.CutPrefix(key, prefix); ok {
			k := slices.Index(s.Funnel.Stages, stage)
			if _, ok := ch.Conversion[k]; !ok {
				break
			}
			ch.Conversion[k] = v
			return nil
		}
	}
	for _, n := range s.values() {
		if n.key == key {
			*n.value = v
			return nil
		}
	}
	return fmt.Errorf("scenario %s: %s is not a value of the scenario", s.File, key)
}

// Validate checks a scenario built or edited in code (plan edits copies):
// the same rules Load applies to a file, on the resolved fields. It returns
// an *Error listing every problem, or nil.
func (s *Scenario) Validate() error {
	d := &decoder{file: s.File}
	if s.Horizon < 1 || s.Horizon > maxHorizon {
		d.add("horizon_months", s.Horizon, monthsSpec.outside(float64(s.Horizon)))
	}
	f := &s.Funnel
	k := len(f.Stages)
	if k < 2 || len(f.Conversion) != k || len(f.Months) != k {
		d.add("funnel.stages", nil, fmt.Sprintf("has %d stages, %d conversions and %d months: a funnel needs at least 2 stages and one conversion and one months value per stage", k, len(f.Conversion), len(f.Months)))
		return d.err()
	}
	if s.Sales != nil && (f.Handoff < 0 || f.Handoff > k-2) || s.Sales == nil && f.Handoff != -1 {
		d.add("funnel.handoff", f.Handoff, "is not a valid handoff index: a stage before the last with a sales section, -1 without")
	}
	nonNeg := func(key string, x float64) {
		if !(x >= 0) || math.IsInf(x, 0) {
			d.add(key, x, "is not a number ≥ 0")
		}
	}
	for i, ch := range s.Channels {
		key := "channels." + ch.Name
		if !validName(ch.Name) || i > 0 && s.Channels[i-1].Name >= ch.Name {
			d.add(key, nil, "is not a valid channel name in name order")
		}
		if ch.Enters < 0 || ch.Enters >= k {
			d.add(key+".enters", ch.Enters, "is not a stage index")
		}
		nonNeg(key+".spend", ch.Spend)
		nonNeg(key+".volatility", ch.Volatility)
		nonNeg(key+".headcount", ch.Headcount)
		nonNeg(key+".cost_per_head", ch.CostPerHead)
		nonNeg(key+".ramp_months", ch.RampMonths)
		if ch.Response == Hill && !ch.HasMax {
			d.add(key+".max_per_month", nil, "is missing: a hill channel needs it")
		}
	}
	if s.Sales != nil {
		nonNeg("sales.reps", s.Sales.Reps)
		nonNeg("sales.cost_per_rep", s.Sales.CostPerRep)
		nonNeg("sales.ramp_months", s.Sales.RampMonths)
		if !(s.Sales.Commission >= 0 && s.Sales.Commission <= 1) {
			d.add("sales.commission", s.Sales.Commission, shareSpec.outside(s.Sales.Commission))
		}
		for i, h := range s.Sales.Hires {
			if h.Month < 1 || h.Month > s.Horizon || i > 0 && h.Month < s.Sales.Hires[i-1].Month {
				d.add(fmt.Sprintf("sales.hires.%d", h.Month), nil, fmt.Sprintf("is not a month 1..%d in order", s.Horizon))
			}
			nonNeg(fmt.Sprintf("sales.hires.%d", h.Month), h.Reps)
		}
	}
	if s.Budget != nil {
		nonNeg("budget.monthly", s.Budget.Monthly)
	}
	nonNeg("customers.discount_rate", s.Customers.DiscountRate)
	if s.Customers.Starting < 0 {
		d.add("customers.starting", s.Customers.Starting, "is not a count ≥ 0")
	}
	for _, n := range s.values() {
		if why := checkValue(*n.value, n.spec); why != "" {
			d.add(n.key, n.value.Describe(), why)
		}
	}
	for _, t := range s.Targets {
		if !IsMetric(t.Metric) || math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
			d.add("targets."+t.Metric, t.Value, "is not a target on a known metric")
		}
	}
	if len(d.problems) > 0 {
		return d.err()
	}
	return nil
}

// checkValue checks a value's parameters and that it stays in its key's
// domain (a Normal is allowed for a real-valued key).
func checkValue(v Value, s spec) string {
	if why := v.check(); why != "" {
		return why
	}
	lo, hi := v.support()
	if v.Family == Normal && s.domain == Real {
		return ""
	}
	open := v.Family == Beta || v.Family == LogNormal || v.Family == Gamma // support's ends are never drawn
	inLo := s.contains(lo) || open && lo >= s.lo
	inHi := s.contains(hi) || open && hi <= s.hi
	if !inLo || !inHi {
		return "can take values outside " + s.what
	}
	return ""
}
