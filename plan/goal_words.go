package plan

import (
	"fmt"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// PlanWords says what a plan buys a month: "3 reps, 2 sdr heads, $41.2k
// in channels (paid_search $20.0k, content $11.2k, linkedin $10.0k)",
// channels by spend, largest first; hires are left to the plan's table.
func PlanWords(s *model.Scenario) string {
	var parts, spends []string
	var channels float64
	type spend struct {
		name string
		x    float64
	}
	var list []spend
	for _, o := range Options(s) {
		switch o.Unit {
		case "reps":
			parts = append(parts, measure.Count.Plural(o.Current/o.UnitCost, "rep"))
		case "heads":
			parts = append(parts, measure.Count.Plural(o.Current/o.UnitCost, o.Name+" head"))
		default:
			if o.Current > 0.5 {
				channels += o.Current
				list = append(list, spend{o.Name, o.Current})
			}
		}
	}
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].x > list[j-1].x; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
	for _, sp := range list {
		spends = append(spends, sp.name+" "+measure.Money.Format(sp.x))
	}
	ch := measure.Money.Format(channels) + " in channels"
	if len(spends) > 0 {
		ch += " (" + strings.Join(spends, ", ") + ")"
	}
	return strings.Join(append(parts, ch), ", ")
}

// planWords is the plan lever's answer: "You need $107k a month: 4 reps,
// … — P(new customers ≥ 45) is 81% ± 0.4% there (asked: 80%); today's
// plan, $64.0k a month, reaches it in 31%."
func (g *GoalResult) planWords() string {
	event := Event(g.Metric, g.AtMost, g.Target)
	if !g.Reached {
		if g.Probability >= g.Confidence {
			return fmt.Sprintf("No plan up to %s a month reaches the target while keeping every constraint: the closest, %s a month, reaches %s in %s of futures but breaks %s. %s",
				measure.Money.Format(g.High), measure.Money.Format(g.MonthlyCost), event, measure.Share.PlusMinus(g.Probability, g.ProbabilitySE), g.broken(), g.Diagnosis)
		}
		return fmt.Sprintf("The target is out of reach within the bounds: even the best plan found up to %s a month reaches %s in %s of futures, under the %s asked for. %s",
			measure.Money.Format(g.High), event, ShareAgainst(g.Probability, g.ProbabilitySE, g.Confidence), measure.Share.Format(g.Confidence), g.Diagnosis)
	}
	below := ""
	if g.BelowCost > 0 {
		below = fmt.Sprintf(" and the path's plan just below it, %s a month, falls short (%s)", measure.Money.Format(g.BelowCost),
			measure.Share.PlusMinus(g.BelowProbability, ShareSE(g.BelowProbability, g.Trials)))
	}
	s := fmt.Sprintf("You need %s a month: %s. %s is %s there (asked: %s)%s; today's plan, %s a month, reaches it in %s.",
		measure.Money.Format(g.MonthlyCost), PlanWords(g.Plan), event, measure.Share.PlusMinus(g.Probability, g.ProbabilitySE),
		measure.Share.Format(g.Confidence), below, measure.Money.Format(g.CurrentMonthlyCost), measure.Share.PlusMinus(g.CurrentProbability, ShareSE(g.CurrentProbability, g.Trials)))
	return s + g.upToWords()
}

// upToWords says, for a ceiling, how far the budget may grow before more
// spend breaks it: " It holds up to $240k a month on the same path; more
// spend makes CAC worse beyond that."
func (g *GoalResult) upToWords() string {
	if !g.AtMost || !g.Reached {
		return ""
	}
	noun := measure.Of(g.Metric).Noun()
	if g.UpTo == 0 {
		return fmt.Sprintf(" It holds all the way up to %s: within the bounds more spend does not push %s past the ceiling.", LeverValue(g.Lever, g.High), noun)
	}
	return fmt.Sprintf(" It holds up to about %s; beyond that more spend makes %s worse than the ceiling allows.", LeverValue(g.Lever, g.UpTo), noun)
}

// goalCapWords says what keeps a target out of reach: the causes goal's
// search finds on any lever (CapMarket, CapHorizon, CapWorse), then those
// capWords says.
func goalCapWords(caps []Finding) string {
	var words []string
	var rest []Finding
	for _, f := range caps {
		switch f.Kind {
		case CapMarket:
			what := "the market"
			if f.Subject != "market" {
				what = f.Subject + "'s audience"
			}
			words = append(words, fmt.Sprintf("The market runs out: %s is %s used at the median; more spend finds almost no one new.", what, measure.Share.Format(f.Value)))
		case CapHorizon:
			words = append(words, fmt.Sprintf("The horizon is too short for the pipeline: a person takes about %s from entering to winning, and at the end of %s %s of the customers the plan's people would bring are still in the pipeline; a longer horizon or an earlier start would count them.",
				measure.Months.Format(f.Value), measure.Count.Plural(f.Ref, "month"), measure.Share.Format(f.Share)))
		case CapWorse:
			words = append(words, fmt.Sprintf("Spending more makes %s worse: the chance is best, %s, at %s and falls to %s at %s; more spend does not reach this target — improve conversion, costs or deal value instead.",
				measure.Of(f.Metric).Noun(), measure.Share.Format(f.Value), LeverValue(f.Subject, f.From), measure.Share.Format(f.Ref), LeverValue(f.Subject, f.To)))
		case CapBounds:
			if f.Subject == LeverPlan || f.Subject == "flat" {
				msg := "Neither the market, saturation nor the horizon caps it: the target needs more than the upper bound allows; raise it (--high)."
				if f.Subject == "flat" {
					msg = "No option adds anything more in the expected flow: every channel is saturated or used up, or sales cannot take on more."
				}
				words = append(words, msg)
				continue
			}
			rest = append(rest, f)
		default:
			rest = append(rest, f)
		}
	}
	if w := capWords(rest); w != "" {
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// broken lists the constraints the answer breaks: "CAC ≤ $20.0k in 8
// futures of 10 (kept in 79% ± 0.41%)".
func (g *GoalResult) broken() string {
	var out []string
	for _, c := range g.Constraints {
		if !c.Met {
			out = append(out, c.Constraint.Words()+" (kept in "+measure.Share.PlusMinus(c.Achieved, c.SE)+")")
		}
	}
	return strings.Join(out, " and ")
}
