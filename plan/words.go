package plan

import (
	"fmt"

	"github.com/harvest-planning/harvest/measure"
)

// This file is where harvest's findings become English: every sentence a
// command prints or writes about a plan is worded here, from the data the
// planners return, with measure's formatter, so that a sentence prints a
// number as the table beside it does.

// String words the finding in a sentence.
func (f Finding) String() string {
	m := measure.Of(f.Metric)
	u := m.Unit
	switch f.Kind {
	case CapacityLimit:
		if f.Count < 0 {
			return fmt.Sprintf("Sales capacity is the limit: %s of it is used over the horizon at the median, so more leads would mostly wait; more reps may pay.",
				u.Format(f.Value))
		}
		return fmt.Sprintf("Sales capacity is the limit: it is full in %d of %d months at the median (%s used over the horizon), so more leads would mostly wait; more reps may pay.",
			f.Count, f.Of, u.Format(f.Value))
	case CapacityIdle:
		return "Sales capacity is never full at the median: sales can work more leads than it gets."
	case CapacityPartly:
		return fmt.Sprintf("Sales capacity is full in %d of %d months at the median.", f.Count, f.Of)
	case LostWaiting:
		return fmt.Sprintf("%s people are lost while waiting for sales at the median.", u.Format(f.Value))
	case NeverFollowedUp:
		return fmt.Sprintf("Sales never works %s of the people handed to it at the median (follow-up below 100%%).", u.Format(f.Value))
	case TargetChance:
		return fmt.Sprintf("Target %s %s %s: %s likely (%s).", m.Noun(), op(f.Max), u.Format(f.Ref), measure.Share.Format(f.Share), Chance(f.Share))
	case ChannelPull:
		return fmt.Sprintf("The %s channel brings %s of the channels' customers for %s of their spend.",
			f.Subject, measure.Share.Format(f.Share), measure.Share.Format(f.Ref))
	case ChannelCAC:
		return fmt.Sprintf("The %s channel has the lowest CAC (%s at the median); %s the highest (%s).",
			f.Subject, u.Format(f.Value), f.Other, u.Format(f.Ref))
	case LTVCAC:
		side := "under"
		if f.Value >= f.Ref {
			side = "at or above"
		}
		return fmt.Sprintf("LTV:CAC is %s at the median, %s the usual bar of %s.", u.Format(f.Value), side, u.Short(f.Ref))
	case Payback:
		side := "longer than"
		if f.Value <= f.Ref {
			side = "within"
		}
		return fmt.Sprintf("CAC pays back in %s at the median, %s the %s usually called good.", u.Format(f.Value), side, u.Short(f.Ref))
	case HorizonROI:
		if 2*f.Share > 1 {
			life := ""
			if defined(f.Ref) {
				life = fmt.Sprintf(" (lifetime ROI %s at the median)", u.Format(f.Ref))
			}
			return fmt.Sprintf("Within the horizon the plan loses money on new customers in %s of futures (ROI %s at the median); their value shows over their lifetime%s.",
				measure.Share.Format(f.Share), u.Format(f.Value), life)
		}
		return fmt.Sprintf("ROI on new customers within the horizon is %s at the median, positive in %s of futures.",
			u.Format(f.Value), measure.Share.Format(1-f.Share))
	case SpendShare:
		who := "Marketing"
		if f.Metric == "sales_share_of_revenue" {
			who = "Sales"
		}
		return fmt.Sprintf("%s spend is %s of revenue at the median, %s the usual %s.", who, u.Format(f.Value), against(m, f.Value), UsualRange(m))
	case RevenueRange:
		return fmt.Sprintf("Revenue over the %d months is %s at the median; in 8 of 10 futures it lands between %s and %s.",
			f.Of, u.Format(f.Value), u.Format(f.Low), u.Format(f.High))
	case CustomersRange:
		return fmt.Sprintf("The plan wins %s new customers at the median (%s to %s in 8 of 10 futures).",
			u.Format(f.Value), u.Format(f.Low), u.Format(f.High))
	}
	return string(f.Kind)
}

// op is the comparison a target or a constraint asks for.
func op(ceiling bool) string {
	if ceiling {
		return "≤"
	}
	return "≥"
}

// Event names the event a target counts: "P(CAC ≤ $20.0k)".
func Event(metric string, ceiling bool, x float64) string {
	m := measure.Of(metric)
	return fmt.Sprintf("P(%s %s %s)", m.Noun(), op(ceiling), m.Unit.Format(x))
}

// Chance puts the probability of meeting a target in words.
func Chance(p float64) string {
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

// UsualRange prints a metric's usual range: "6%–12%".
func UsualRange(m measure.Metric) string {
	return m.Unit.Short(m.Usual.Lo) + "–" + m.Unit.Short(m.Usual.Hi)
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

// ShareVerdict says where a spend ÷ revenue share's median lies against its
// usual range ("above the usual range"), or why it is not weighed: no such
// spend in the plan, or, for sales, no sales team to weigh it for.
func (r *Run) ShareVerdict(metric string) string {
	st, ok := r.stat(metric)
	switch {
	case !ok:
		return ""
	case r.judged(metric):
		return against(measure.Of(metric), st.P50) + " the usual range"
	case metric == "marketing_share_of_revenue":
		return "no marketing spend in this plan"
	}
	if st, ok := r.stat("spend_sales"); ok && st.Max > 0 {
		return "no sales team: not weighed"
	}
	return "no sales spend in this plan"
}
