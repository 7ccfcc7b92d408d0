package plots

import (
	"fmt"
	"math"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
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
			r.Horizon, measure.Money.Format(st.P50), measure.Money.Format(st.P10), measure.Money.Format(st.P90))
	}
	if r.Scenario != nil {
		for _, t := range r.Scenario.Targets {
			p := r.TargetProbability(t)
			if math.IsNaN(p) {
				continue
			}
			add("The %s target is %s: %s.", measure.Of(t.Metric).Noun(), chance(p), targetText(t, p))
		}
	}
	if st, ok := stat("new_customers"); ok {
		add("The plan wins %s new customers at the median (%s to %s in 8 of 10 futures).",
			measure.Count.Format(st.P50), measure.Count.Format(st.P10), measure.Count.Format(st.P90))
	}
	out = append(out, channelFindings(r)...)
	if st, ok := stat("ltv_cac"); ok {
		m := measure.Of("ltv_cac")
		side := "under"
		if m.Usual.Contains(st.P50) >= 0 {
			side = "at or above"
		}
		add("LTV:CAC is %s at the median, %s the usual bar of %s.", m.Unit.Format(st.P50), side, m.Unit.Short(m.Usual.Lo))
	}
	if st, ok := stat("payback_months"); ok {
		m := measure.Of("payback_months")
		side := "longer than"
		if m.Usual.Contains(st.P50) <= 0 {
			side = "within"
		}
		add("CAC pays back in %s at the median, %s the %s usually called good.", m.Unit.Format(st.P50), side, m.Unit.Short(m.Usual.Hi))
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
				measure.Share.Format(float64(neg)/float64(len(xs))), measure.Share.Format(st.P50), lifetimeNote(r))
		} else {
			add("ROI on new customers within the horizon is %s at the median, positive in %s of futures.",
				measure.Share.Format(st.P50), measure.Share.Format(1-float64(neg)/float64(len(xs))))
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
			add("Sales never works %s of the people handed to it at the median (follow-up below 100%%).", measure.Count.Format(st.P50))
		}
		if st, ok := stat("lost_queue"); ok && st.P50 > 0 {
			add("%s people are lost while waiting for sales at the median.", measure.Count.Format(st.P50))
		}
	}
	for _, b := range spendShares {
		st, ok := stat(b.metric)
		if !ok {
			continue
		}
		m := measure.Of(b.metric)
		add("%s spend is %s of revenue at the median, %s the usual %s.", b.who, m.Unit.Format(st.P50), against(m, st.P50), usualRange(m))
	}
	return out
}

// lifetimeNote adds lifetime ROI's median to the ROI finding.
func lifetimeNote(r *sim.Result) string {
	st := sim.Summarize(r.Metrics["lifetime_roi"])
	if st.Defined == 0 {
		return ""
	}
	return fmt.Sprintf(" (lifetime ROI %s at the median)", measure.Share.Format(st.P50))
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
			lo.name, measure.Money.Format(lo.p50), hi.name, measure.Money.Format(hi.p50)))
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
				r.Channels[best].Name, measure.Share.Format(cust[best]/totalCust), measure.Share.Format(spend[best]/totalSpend)))
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

// spendShares are the spend ÷ revenue metrics the findings and the
// report's budget table weigh against their usual ranges.
var spendShares = []struct{ metric, who string }{
	{"marketing_share_of_revenue", "Marketing"},
	{"sales_share_of_revenue", "Sales"},
}

// against says where x lies against the metric's usual range.
func against(m measure.Metric, x float64) string {
	switch m.Usual.Contains(x) {
	case -1:
		return "below"
	case 1:
		return "above"
	}
	return "within"
}

// usualRange prints a metric's usual range: "6%–12%".
func usualRange(m measure.Metric) string {
	return m.Unit.Short(m.Usual.Lo) + "–" + m.Unit.Short(m.Usual.Hi)
}

// params describes a fitted distribution's parameters: "min 1, mode 1.75,
// max 3", three significant digits and no trailing zeros.
func params(v model.Value) string {
	g := measure.Number.Short
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
