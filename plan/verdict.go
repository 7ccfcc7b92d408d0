package plan

import (
	"fmt"
	"math"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/sim"
)

// Calls a Verdict makes.
const (
	// Pick: the plan beats the base by more than SureZ standard errors.
	Pick = "pick"
	// Keep: the base beats the plan by more than SureZ standard errors.
	Keep = "keep"
	// Lean: one side is ahead by between CloseZ and SureZ standard errors:
	// more trials would settle it.
	Lean = "lean"
	// TooClose: the plans are within CloseZ standard errors of each other.
	TooClose = "too_close"
)

// A verdict is sure beyond SureZ standard errors of the mean difference
// and too close to call within CloseZ.
const (
	SureZ  = 3
	CloseZ = 1
)

// Verdict says which of two plans run with the same random numbers to
// pick on an objective (one of Objectives), and how sure that is.
type Verdict struct {
	Plan      string `json:"plan"`
	Base      string `json:"base"`
	Objective string `json:"objective"`
	// Call is Pick, Keep, Lean or TooClose.
	Call string `json:"call"`
	// Gain is the objective's trial-by-trial difference, plan − base:
	// its mean, standard error and PBeats (P(plan is better)).
	Gain Difference `json:"gain"`
	// ExtraSpend is the mean difference of total spend over the horizon,
	// plan − base; ExtraMonthly the difference of their monthly cost.
	ExtraSpend   float64 `json:"extra_spend"`
	ExtraMonthly float64 `json:"extra_monthly"`
	// PerDollar is Gain.Mean ÷ ExtraSpend: what an extra dollar spent buys
	// of the objective; absent when the spend barely differs.
	PerDollar *float64 `json:"gain_per_extra_dollar,omitempty"`
	// Sentence says it all in one sentence.
	Sentence string `json:"sentence"`
}

// Judge gives the verdict on plan against base on the objective: both
// runs must have the same seed and trial count. extraMonthly is the
// difference of their monthly cost (MonthlyCost), for the sentence.
func Judge(planName, baseName string, plan, base *sim.Result, objective string, extraMonthly float64) (Verdict, error) {
	a, err := objectiveValues(plan, objective, nil)
	if err != nil {
		return Verdict{}, err
	}
	b, err := objectiveValues(base, objective, nil)
	if err != nil {
		return Verdict{}, err
	}
	if len(a) != len(b) {
		return Verdict{}, fmt.Errorf("verdict: runs of %d and %d trials cannot be compared trial by trial", len(a), len(b))
	}
	v := Verdict{Plan: planName, Base: baseName, Objective: objective, ExtraMonthly: extraMonthly,
		Gain: valueDifference(a, b, false)}
	if spend, err := difference(plan, base, "spend"); err == nil {
		v.ExtraSpend = spend.Mean
	}
	if scale := math.Max(math.Abs(meanOf(base, "spend")), 1); math.Abs(v.ExtraSpend) > 0.005*scale {
		per := v.Gain.Mean / v.ExtraSpend
		v.PerDollar = &per
	}
	v.Call = call(v.Gain)
	v.Sentence = v.sentence()
	return v, nil
}

// call decides on a difference by its z-score.
func call(d Difference) string {
	if d.Defined < 2 || math.IsNaN(d.SE) {
		return TooClose
	}
	z := math.Abs(d.Mean) / d.SE
	switch {
	case d.SE == 0 && d.Mean == 0, z <= CloseZ:
		return TooClose
	case z <= SureZ:
		return Lean
	case d.Mean > 0:
		return Pick
	}
	return Keep
}

// meanOf is a metric's mean over the trials that define it.
func meanOf(r *sim.Result, metric string) float64 {
	xs, err := Values(r, metric)
	if err != nil {
		return math.NaN()
	}
	return score(xs, "mean")
}

// ObjectiveNoun names an objective in a sentence: "lifetime value",
// "profit", "revenue", "new customers".
func ObjectiveNoun(objective string) string {
	if objective == "customers" {
		return "new customers"
	}
	return strings.ReplaceAll(objective, "_", " ")
}

// sentence says the verdict: "Pick more_ads over base: +$34.0k ± $2.1k of
// lifetime value for $13.0k more a month ($0.21 an extra dollar), better
// in 84% of futures."
func (v Verdict) sentence() string {
	u := ObjectiveUnit(v.Objective)
	noun := ObjectiveNoun(v.Objective)
	if v.Gain.Defined > 0 && v.Gain.Mean == 0 && v.Gain.SE == 0 && math.Abs(v.ExtraMonthly) < 0.5 {
		return fmt.Sprintf("Too close to call between %s and %s on %s: they do the same in every future, at the same monthly cost.", v.Plan, v.Base, noun)
	}
	gain := u.SignedPlusMinus(v.Gain.Mean, v.Gain.SE) + " " + noun
	var cost string
	switch m := v.ExtraMonthly; {
	case math.Abs(m) < 0.5:
		cost = " for the same monthly cost"
	case m > 0:
		cost = " for " + measure.Money.Format(m) + " more a month"
	default:
		cost = " for " + measure.Money.Format(-m) + " less a month"
	}
	if v.PerDollar != nil && v.ExtraSpend > 0 && math.Abs(v.ExtraMonthly) >= 0.5 {
		if u == measure.Money {
			cost += " (" + u.Signed(*v.PerDollar) + " an extra dollar)"
		} else {
			cost += " (" + u.Signed(*v.PerDollar*1000) + " " + noun + " an extra $1k)"
		}
	}
	better := fmt.Sprintf("better in %s of futures", measure.Share.Format(v.Gain.PBeats))
	switch v.Call {
	case Pick:
		return fmt.Sprintf("Pick %s over %s: %s%s, %s.", v.Plan, v.Base, gain, cost, better)
	case Keep:
		return fmt.Sprintf("Keep %s rather than %s: %s has %s%s, %s.", v.Base, v.Plan, v.Plan, gain, cost, better)
	case Lean:
		side := v.Plan
		if v.Gain.Mean < 0 {
			side = v.Base
		}
		return fmt.Sprintf("Leaning to %s, not yet sure: %s has %s%s, %s; more trials would settle it.", side, v.Plan, gain, cost, better)
	}
	return fmt.Sprintf("Too close to call between %s and %s on %s: %s%s, %s.", v.Plan, v.Base, noun, gain, cost, better)
}
