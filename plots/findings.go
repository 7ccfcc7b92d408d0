package plots

import (
	"fmt"
	"math"
	"strings"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// Usual bars the findings compare against (DOMAIN.md): LTV:CAC of 3 or
// more, payback under 12 months, marketing at 6–12% and sales at 15–20% of
// revenue.
const (
	ltvCACBar   = 3
	paybackBar  = 12
	marketingLo = 0.06
	marketingHi = 0.12
	salesLo     = 0.15
	salesHi     = 0.20
)

// Findings returns what a planner should notice in a result, in plain
// sentences computed from it: the revenue range, each target's chance, the
// cheapest and dearest channels, LTV:CAC and payback against the usual
// bars, whether sales capacity or follow-up loses people, and spend as a
// share of revenue against the usual ranges.
func Findings(r *sim.Result) []string {
	if r == nil {
		return nil
	}
	var out []string
	add := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	stat := func(name string) (sim.Stats, bool) {
		st := sim.Summarize(r.Metrics[name])
		return st, st.Defined > 0
	}

	if st, ok := stat("revenue"); ok {
		add("Revenue over the %d months is %s at the median; in 8 of 10 futures it lands between %s and %s.",
			r.Horizon, money(st.P50), money(st.P10), money(st.P90))
	}
	if r.Scenario != nil {
		for _, t := range r.Scenario.Targets {
			p := r.TargetProbability(t)
			if math.IsNaN(p) {
				continue
			}
			add("The %s target is %s: %s.", shortLabel(t.Metric), chance(p), targetText(t, p))
		}
	}
	if st, ok := stat("new_customers"); ok {
		add("The plan wins %s new customers at the median (%s to %s in 8 of 10 futures).",
			count(st.P50), count(st.P10), count(st.P90))
	}
	out = append(out, channelFindings(r)...)
	if st, ok := stat("ltv_cac"); ok {
		side := "under"
		if st.P50 >= ltvCACBar {
			side = "at or above"
		}
		add("LTV:CAC is %s at the median, %s the usual bar of %d.", trimFloat(st.P50, 1), side, ltvCACBar)
	}
	if st, ok := stat("payback_months"); ok {
		side := "longer than"
		if st.P50 <= paybackBar {
			side = "within"
		}
		add("CAC pays back in %s at the median, %s the %d months usually called good.", Format("payback_months", st.P50), side, paybackBar)
	}
	if st, ok := stat("roi"); ok {
		xs := finite(r.Metrics["roi"])
		neg := 0
		for _, x := range xs {
			if x < 0 {
				neg++
			}
		}
		if 2*neg > len(xs) {
			add("Within the horizon the plan loses money on new customers in %s of futures (ROI %s at the median); their value shows over their lifetime%s.",
				percent(float64(neg)/float64(len(xs))), percent(st.P50), lifetimeNote(r))
		} else {
			add("ROI on new customers within the horizon is %s at the median, positive in %s of futures.",
				percent(st.P50), percent(1-float64(neg)/float64(len(xs))))
		}
	}
	if r.Scenario != nil && r.Scenario.Sales != nil {
		if full, months, err := FullMonths(r); err == nil {
			switch {
			case full == 0:
				add("Sales capacity is never full at the median: sales can work more leads than it gets.")
			case 2*full >= months:
				add("Sales capacity is full in %d of %d months at the median: more leads would mostly wait, so capacity, not demand, limits growth.", full, months)
			default:
				add("Sales capacity is full in %d of %d months at the median.", full, months)
			}
		}
		if st, ok := stat("lost_follow_up"); ok && st.P50 > 0 {
			add("Sales never works %s of the people handed to it at the median (follow-up below 100%%).", count(st.P50))
		}
		if st, ok := stat("lost_queue"); ok && st.P50 > 0 {
			add("%s people are lost while waiting for sales at the median.", sentence(count(st.P50)))
		}
	}
	for _, b := range []struct {
		name, who string
		lo, hi    float64
	}{{"marketing_share_of_revenue", "Marketing", marketingLo, marketingHi}, {"sales_share_of_revenue", "Sales", salesLo, salesHi}} {
		st, ok := stat(b.name)
		if !ok {
			continue
		}
		add("%s spend is %s of revenue at the median, %s the usual %s–%s.", b.who, percent(st.P50), against(st.P50, b.lo, b.hi), percent(b.lo), percent(b.hi))
	}
	return out
}

// lifetimeNote adds lifetime ROI's median to the ROI finding.
func lifetimeNote(r *sim.Result) string {
	st := sim.Summarize(r.Metrics["lifetime_roi"])
	if st.Defined == 0 {
		return ""
	}
	return fmt.Sprintf(" (lifetime ROI %s at the median)", percent(st.P50))
}

// channelFindings names the channels with the lowest and highest median CAC
// and the channel that wins the largest share of customers for its share of
// spend.
func channelFindings(r *sim.Result) []string {
	var out []string
	type cac struct {
		name string
		p50  float64
	}
	var cs []cac
	var spend, cust []float64
	var totalSpend, totalCust float64
	for _, ch := range r.Channels {
		if st := sim.Summarize(ch.Metrics["cac"]); st.Defined > 0 {
			cs = append(cs, cac{ch.Name, st.P50})
		}
		s, c := sim.Summarize(ch.Metrics["spend"]).Mean, sim.Summarize(ch.Metrics["customers"]).Mean
		spend, cust = append(spend, s), append(cust, c)
		totalSpend += s
		totalCust += c
	}
	if len(cs) >= 2 {
		lo, hi := cs[0], cs[0]
		for _, c := range cs[1:] {
			if c.p50 < lo.p50 {
				lo = c
			}
			if c.p50 > hi.p50 {
				hi = c
			}
		}
		out = append(out, fmt.Sprintf("The %s channel has the lowest CAC (%s at the median); %s the highest (%s).",
			words(lo.name), money(lo.p50), words(hi.name), money(hi.p50)))
	}
	if len(r.Channels) >= 2 && totalSpend > 0 && totalCust > 0 {
		best, ratio := -1, 0.0
		for i := range r.Channels {
			if spend[i] <= 0 {
				continue
			}
			if q := (cust[i] / totalCust) / (spend[i] / totalSpend); q > ratio {
				best, ratio = i, q
			}
		}
		if best >= 0 && ratio > 1.1 {
			out = append(out, fmt.Sprintf("The %s channel brings %s of the channels' customers for %s of their spend.",
				words(r.Channels[best].Name), percent(cust[best]/totalCust), percent(spend[best]/totalSpend)))
		}
	}
	return out
}

// chance puts a probability in words.
func chance(p float64) string {
	switch {
	case p >= 0.9:
		return "very likely met"
	case p >= 0.6:
		return "likely met"
	case p >= 0.4:
		return "a coin toss"
	case p >= 0.1:
		return "unlikely to be met"
	}
	return "very unlikely to be met"
}

// against says where x lies against the range lo..hi.
func against(x, lo, hi float64) string {
	switch {
	case x < lo:
		return "below"
	case x > hi:
		return "above"
	}
	return "within"
}

// budgetVerdict is against for the report's budget table.
func budgetVerdict(x, lo, hi float64) string { return against(x, lo, hi) + " the usual range" }

// inputUnit guesses an uncertain input's unit from its key path, for the
// report's table of fitted distributions.
func inputUnit(key string) unit {
	switch {
	case strings.Contains(key, ".conversion."):
		return unitPercent
	case strings.Contains(key, ".months."):
		return unitMonths
	}
	switch key[strings.LastIndex(key, ".")+1:] {
	case "unit_cost", "value", "onboarding_cost", "half_saturation":
		return unitMoney
	case "churn", "repeat", "follow_up", "queue_decay", "gross_margin", "carryover", "expansion":
		return unitPercent
	case "shape":
		return unitRatio
	}
	return unitCount
}

// formatUnit formats x in a unit.
func formatUnit(u unit, x float64) string {
	switch u {
	case unitMoney:
		return money(x)
	case unitPercent:
		return percent(x)
	case unitRatio:
		return trimFloat(x, 2)
	case unitMonths:
		return trimFloat(x, 1) + " months"
	}
	return count(x)
}

// params describes a fitted distribution's parameters.
func params(v model.Value) string {
	g := func(x float64) string { return trimFloat(x, 4) }
	switch v.Family {
	case model.Beta, model.Gamma:
		return "α " + g(v.Alpha) + ", β " + g(v.Beta)
	case model.LogNormal:
		fallthrough // μ and σ of ln x
	case model.Normal:
		return "μ " + g(v.Mu) + ", σ " + g(v.Sigma)
	case model.Triangle, model.PERT:
		return "min " + g(v.Min) + ", mode " + g(v.Mode) + ", max " + g(v.Max)
	case model.Uniform:
		return "min " + g(v.Min) + ", max " + g(v.Max)
	}
	return g(v.X)
}
