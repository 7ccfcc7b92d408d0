package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// Constraint is a bound a plan must keep (DESIGN's "Constraints"):
// METRIC>=X@P or METRIC<=X@P, the metric meeting the bound in at least a
// share P of futures; without @P, the metric's mean meets it. goal and
// optimize take them with --subject-to.
type Constraint struct {
	// Metric is any name CheckMetric accepts.
	Metric string `json:"metric"`
	// AtMost is true for <=, false for >=.
	AtMost bool `json:"at_most,omitempty"`
	// Bound is the metric's bound, any finite number.
	Bound float64 `json:"bound"`
	// Share is P, in (0, 1); 0 means the mean must meet the bound.
	Share float64 `json:"share,omitempty"`
}

// constraintForm is how a constraint is written, for errors.
const constraintForm = "METRIC>=X@P or METRIC<=X@P, e.g. cac<=20000@0.8 or roi>=0@80%"

// ParseConstraint reads METRIC>=X@P or METRIC<=X@P (≥ and ≤ too). X is
// an amount as measure.Parse reads it (20000, 20k, $20,000, 0, -5k, 15%);
// P a share in (0, 1), as 0.8 or 80%. The metric's name is checked
// against a scenario by Check.
func ParseConstraint(text string) (Constraint, error) {
	var c Constraint
	s := strings.TrimSpace(text)
	s = strings.NewReplacer("≥", ">=", "≤", "<=").Replace(s)
	metric, rest, ok := strings.Cut(s, ">=")
	if !ok {
		if metric, rest, ok = strings.Cut(s, "<="); !ok {
			return c, specErrorf("constraint %s: want %s", strconv.Quote(text), constraintForm)
		}
		c.AtMost = true
	}
	c.Metric = strings.TrimSpace(metric)
	if c.Metric == "" {
		return c, specErrorf("constraint %s: no metric (want %s)", strconv.Quote(text), constraintForm)
	}
	bound, share, hasShare := strings.Cut(rest, "@")
	x, err := measure.Parse(bound)
	if err != nil {
		return c, specErrorf("constraint %s: bound %s is %v", strconv.Quote(text), strconv.Quote(strings.TrimSpace(bound)), err)
	}
	c.Bound = x
	if hasShare {
		p, err := measure.Parse(share)
		if err != nil || !(p > 0 && p < 1) {
			return c, specErrorf("constraint %s: %s is not a share of futures (allowed: more than 0 and less than 1, as 0.8 or 80%%)",
				strconv.Quote(text), strconv.Quote(strings.TrimSpace(share)))
		}
		c.Share = p
	}
	return c, nil
}

// Check reports whether c's metric is one s measures (CheckMetric).
func (c Constraint) Check(s *model.Scenario) error {
	if err := CheckMetric(s, c.Metric); err != nil {
		return fmt.Errorf("constraint %s: %w", c, err)
	}
	return nil
}

// String writes c as ParseConstraint reads it: "cac<=20000@0.8".
func (c Constraint) String() string {
	s := c.Metric + op(c.AtMost) + strconv.FormatFloat(c.Bound, 'g', -1, 64)
	s = strings.NewReplacer("≥", ">=", "≤", "<=").Replace(s)
	if c.Share > 0 {
		s += "@" + strconv.FormatFloat(c.Share, 'g', -1, 64)
	}
	return s
}

// Words says c for a person: "CAC ≤ $20.0k in 8 futures of 10", "mean
// ROI ≥ 0%".
func (c Constraint) Words() string {
	m := measure.Of(c.Metric)
	bound := fmt.Sprintf("%s %s %s", m.Noun(), op(c.AtMost), m.Unit.Format(c.Bound))
	if c.Share == 0 {
		return "mean " + bound
	}
	return bound + " in " + futures(c.Share)
}

// futures says a share of futures as "8 futures of 10" when it is a whole
// number of tenths, else "85% of futures".
func futures(p float64) string {
	if t := p * 10; math.Abs(t-math.Round(t)) < 1e-9 {
		return fmt.Sprintf("%d futures of 10", int(math.Round(t)))
	}
	return measure.Share.Format(p) + " of futures"
}

// meets reports whether a value keeps c's bound; an undefined value (no
// customer won, so no CAC; never paid back) does not, unless it lies past
// the horizon (BeyondHorizon: a cash that never runs out keeps any
// runway_months>=X).
func (c Constraint) meets(x float64) bool {
	x = orBeyond(c.Metric, x)
	if math.IsNaN(x) {
		return false
	}
	if c.AtMost {
		return x <= c.Bound
	}
	return x >= c.Bound
}

// Kept is a constraint as a run keeps it.
type Kept struct {
	Constraint
	// Achieved is the share of trials that keep the bound (a trial where
	// the metric is undefined does not), or, for a constraint on the mean,
	// the mean over the trials that define the metric; SE is its Monte
	// Carlo standard error.
	Achieved float64 `json:"achieved"`
	SE       float64 `json:"se"`
	// Met is true when Achieved keeps the constraint: at least Share, or
	// a mean on the right side of Bound.
	Met bool `json:"met"`
	// Binds is true when the constraint limits the answer: without it the
	// answer would be another (set by the search that kept it).
	Binds bool `json:"binds,omitempty"`
}

// Keep measures how a run keeps c.
func (c Constraint) Keep(r *sim.Result) (Kept, error) {
	xs, err := Values(r, c.Metric)
	if err != nil {
		return Kept{}, err
	}
	k := Kept{Constraint: c}
	if c.Share > 0 {
		met := 0
		for _, x := range xs {
			if c.meets(x) {
				met++
			}
		}
		k.Achieved = float64(met) / float64(max(len(xs), 1))
		k.SE = ShareSE(k.Achieved, len(xs))
		k.Met = k.Achieved >= c.Share
		return k, nil
	}
	var n int
	var sum, sq float64
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			n++
			sum += x
			sq += x * x
		}
	}
	if n == 0 {
		k.Achieved, k.SE = math.NaN(), math.NaN()
		return k, nil
	}
	mean := sum / float64(n)
	k.Achieved = mean
	if n > 1 {
		k.SE = math.Sqrt(math.Max(sq-float64(n)*mean*mean, 0)/float64(n-1)) / math.Sqrt(float64(n))
	}
	k.Met = c.meets(mean)
	return k, nil
}

// KeepAll measures every constraint on r; ok is true when all are met.
func KeepAll(cs []Constraint, r *sim.Result) (kept []Kept, ok bool, err error) {
	ok = true
	for _, c := range cs {
		k, err := c.Keep(r)
		if err != nil {
			return nil, false, err
		}
		kept = append(kept, k)
		ok = ok && k.Met
	}
	return kept, ok, nil
}

// Words says how a run keeps the constraint: "CAC ≤ $20.0k in 8 futures
// of 10: kept, in 83% ± 1.2% of futures (binds)".
func (k Kept) Words() string {
	var got string
	if k.Share > 0 {
		got = "in " + ShareAgainst(k.Achieved, k.SE, k.Share) + " of futures"
	} else {
		got = "mean " + measure.Of(k.Metric).Unit.PlusMinus(k.Achieved, k.SE)
	}
	verdict := "kept"
	if !k.Met {
		verdict = "not kept"
	}
	s := fmt.Sprintf("%s: %s, %s", k.Constraint.Words(), verdict, got)
	if k.Binds {
		s += " (binds)"
	}
	return s
}

// ShareAgainst prints a share ± its error so that one short of the bound
// it is judged against never reads as the bound: "79.96% ± 0.40%" beside
// an 80% bound; one that reaches it prints as usual.
func ShareAgainst(p, se, bound float64) string {
	if p >= bound || measure.Share.Format(p) != measure.Share.Format(bound) {
		return measure.Share.PlusMinus(p, se)
	}
	return measure.Share.Against(p, bound) + " ± " + measure.Share.Error(p, se)
}
