package plan

import (
	"context"
	"math"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// seeker searches a lever for the smallest value that reaches a goal and
// keeps its constraints.
type seeker struct {
	ctx    context.Context
	rn     *runner
	spec   GoalSpec
	atMost bool
	// at is the plan with the lever at x.
	at func(x float64) *model.Scenario
	// ran are every run's steps, the scan's included (full false).
	ran []*goalStep
	// below is the full run just below the answer that falls short (nil
	// when the search's lowest value reaches the goal).
	below *goalStep
	// mid is the bisection's next value between lo and hi; ok false stops
	// it. nil: halfway, until they are within goalTolerance.
	mid func(lo, hi float64) (x float64, ok bool)
}

// Grid sizes of the scan.
const (
	scanPoints  = 16 // values scanned between the bounds
	scanDivisor = 8  // the scan runs an eighth of the trials …
	minScan     = 500
)

// goalStep is one run of goal seeking.
type goalStep struct {
	x    float64
	p    float64 // the share of trials reaching the target
	ok   bool    // p ≥ confidence and every constraint kept
	kept []Kept
	full bool // run with all the trials, not the scan's share
	plan *model.Scenario
	res  *sim.Result
}

// meets reports whether a trial's value reaches the target.
func (sk *seeker) meets(v float64) bool {
	if v = orBeyond(sk.spec.Metric, v); math.IsInf(v, 1) && BeyondHorizon(sk.spec.Metric) {
		return !sk.atMost // a runway past the horizon is longer than any target
	}
	if !defined(v) { // undefined, overflow included: not met, as sim.TargetProbability
		return false
	}
	if sk.atMost {
		return v <= sk.spec.Target
	}
	return v >= sk.spec.Target
}

// evalAt runs the plan with the lever at x (plan, when not nil, is that
// plan already built) on trials trials.
func (sk *seeker) evalAt(x float64, plan *model.Scenario, trials int) (*goalStep, error) {
	if plan == nil {
		plan = sk.at(x)
	}
	rn := sk.rn
	if trials != rn.opts.Trials {
		saved := rn.opts.Trials
		rn.opts.Trials = trials
		defer func() { rn.opts.Trials = saved }()
	}
	res, err := rn.run(sk.ctx, plan)
	if err != nil {
		return nil, err
	}
	xs, err := Values(res, sk.spec.Metric)
	if err != nil {
		return nil, err
	}
	met := 0
	for _, v := range xs {
		if sk.meets(v) {
			met++
		}
	}
	st := &goalStep{x: x, plan: plan, res: res, p: float64(met) / float64(len(xs))}
	kept, ok, err := KeepAll(sk.spec.Constraints, res)
	if err != nil {
		return nil, err
	}
	st.kept, st.ok = kept, ok && st.p >= sk.spec.Confidence
	st.full = trials == sk.rn.opts.Trials
	sk.ran = append(sk.ran, st)
	return st, nil
}

// grid is the scan's values from lo to hi: evenly spaced on a log scale
// from a little above lo (lo itself when positive), with the current
// value among them when it lies inside.
func grid(lo, hi, current float64) []float64 {
	from := lo
	if from <= 0 {
		from = hi / 200
	}
	xs := make([]float64, 0, scanPoints+2)
	if lo < from {
		xs = append(xs, lo)
	}
	r := math.Pow(hi/from, 1/float64(scanPoints-1))
	x := from
	for i := 0; i < scanPoints; i++ {
		if current > x && current < x*r && current < hi {
			xs = append(xs, x, current)
		} else {
			xs = append(xs, x)
		}
		x *= r
	}
	xs[len(xs)-1] = hi
	return xs
}

// seek scans xs with an eighth of the trials and bisects, with all of
// them, between the last value that falls short and the first that
// reaches the goal (moving on when the full run disagrees with the scan).
// When none does it returns the full run of the value with the best
// chance, reached false.
func (sk *seeker) seek(xs []float64) (*goalStep, bool, error) {
	trials := sk.rn.opts.Trials
	scan := min(trials, max(trials/scanDivisor, minScan))
	var coarse []*goalStep
	first := -1
	for _, x := range xs {
		st, err := sk.evalAt(x, nil, scan)
		if err != nil {
			return nil, false, err
		}
		coarse = append(coarse, st)
		if st.ok {
			first = len(coarse) - 1
			break
		}
	}
	for first >= 0 && first < len(xs) {
		hi, err := sk.evalAt(xs[first], nil, trials)
		if err != nil {
			return nil, false, err
		}
		if !hi.ok {
			first++
			continue
		}
		// Walk down while the value below reaches it too.
		var lo *goalStep
		for i := first - 1; i >= 0; i-- {
			st, err := sk.evalAt(xs[i], nil, trials)
			if err != nil {
				return nil, false, err
			}
			if !st.ok {
				lo = st
				break
			}
			hi = st
		}
		if lo == nil {
			return hi, true, nil
		}
		for {
			x, ok := (lo.x+hi.x)/2, hi.x-lo.x > goalTolerance*hi.x
			if sk.mid != nil {
				x, ok = sk.mid(lo.x, hi.x)
			}
			if !ok {
				break
			}
			mid, err := sk.evalAt(x, nil, trials)
			if err != nil {
				return nil, false, err
			}
			if mid.ok {
				hi = mid
			} else {
				lo = mid
			}
		}
		sk.below = lo
		return hi, true, nil
	}
	// Out of reach: the best chance seen, run in full. Constraints first:
	// among the values that keep them, the best chance of the target.
	best := 0
	for i, st := range coarse {
		if closer(st, coarse[best]) {
			best = i
		}
	}
	st, err := sk.evalAt(xs[best], nil, trials)
	return st, false, err
}

// closer ranks scanned plans that fall short: those keeping every
// constraint first, then the better chance of the target; a scanned at
// a larger value than b.
func closer(a, b *goalStep) bool {
	ka, kb := allKept(a.kept), allKept(b.kept)
	if ka != kb {
		return ka
	}
	return a.p >= b.p // a tie goes to the larger value: the bound, as far as the search went
}

func allKept(ks []Kept) bool {
	for _, k := range ks {
		if !k.Met {
			return false
		}
	}
	return true
}

// constraints records how the answer keeps each constraint: a constraint
// binds when a smaller value reached the target but broke it (or, out of
// reach, when the answer breaks it); it never binds when every full run
// kept it.
func (sk *seeker) constraints(g *GoalResult) {
	var answer *goalStep
	for _, st := range sk.ran {
		if st.res == g.Result {
			answer = st
		}
	}
	if answer == nil {
		return
	}
	for i, k := range answer.kept {
		gc := GoalConstraint{Kept: k, NeverBinds: true}
		for _, st := range sk.ran {
			if st.full && !st.kept[i].Met {
				gc.NeverBinds = false
				if st.x < answer.x && st.p >= sk.spec.Confidence {
					gc.Binds = true
				}
			}
		}
		if !g.Reached && !k.Met {
			gc.Binds = true
		}
		g.Constraints = append(g.Constraints, gc)
	}
}

// Causes of a target out of reach that goal's search finds on any lever.
const (
	// The market or a channel's audience is nearly used up: Subject
	// "market" or the channel, Value the median share used.
	CapMarket Kind = "market_exhausted"
	// The pipeline is longer than the horizon allows: Value the mean
	// months from entry to customer, Ref the horizon, Share the expected
	// customers still in the pipeline at the end as a share of all those
	// its entries will bring.
	CapHorizon Kind = "horizon_short"
	// More spend makes the metric worse beyond a point (a ceiling on CAC,
	// a floor on ROI): Value the best chance seen, at From; Ref the chance
	// at the largest value searched, To; Subject the lever.
	CapWorse Kind = "worse_with_spend"
)

// limits finds the causes that stop the target at a plan, beyond those
// diagnose finds: the market used up, a pipeline longer than the horizon,
// a ceiling more spend makes worse.
func (sk *seeker) limits(s *model.Scenario, at *goalStep) []Finding {
	var caps []Finding
	if len(sk.ran) > 0 {
		best, hi := sk.ran[0], sk.ran[0]
		for _, st := range sk.ran {
			if st.p > best.p {
				best = st
			}
			if st.x > hi.x {
				hi = st
			}
		}
		if best.x == at.x {
			best = at // the answer's full run, as the answer says it
		}
		se := ShareSE(best.p, best.res.Trials) + ShareSE(hi.p, hi.res.Trials)
		if hi.x > best.x && hi.p < best.p-2*se {
			caps = append(caps, Finding{Kind: CapWorse, Importance: Limit, Metric: sk.spec.Metric, Subject: sk.spec.Lever,
				Value: best.p, Ref: hi.p, From: best.x, To: hi.x})
		}
	}
	if st, err := summarize(at.res, "market_reached"); err == nil && st.Defined > 0 && st.P50 >= measure.NearlyUsedUp {
		caps = append(caps, Finding{Kind: CapMarket, Importance: Limit, Subject: "market", Value: st.P50})
	}
	for _, ch := range s.Channels {
		if st, err := summarize(at.res, "channels."+ch.Name+".audience_used"); err == nil && st.Defined > 0 && st.P50 >= measure.NearlyUsedUp {
			caps = append(caps, Finding{Kind: CapMarket, Importance: Limit, Subject: ch.Name, Value: st.P50})
		}
	}
	fl := expectedFlow(at.plan)
	if won, pipe := fl.total(), fl.Pipeline; pipe > 0 && pipe >= won {
		wait := math.Inf(1)
		for _, ch := range at.plan.Channels {
			wait = math.Min(wait, pipelineMonths(at.plan, ch.Enters))
		}
		caps = append(caps, Finding{Kind: CapHorizon, Importance: Limit, Value: wait, Ref: float64(at.plan.Horizon), Share: pipe / (won + pipe)})
	}
	return caps
}

// upTo is, for a ceiling reached at the answer x, the largest value in xs
// beyond it that still reaches the goal before more spend breaks it for
// good: a scan upward with the scan's trials; a value that falls short
// there is checked with all the trials, and so is the next one, since a
// path's plans change mix and a scan is noisy; only two failures in a row
// end the scan, and a bisection with all the trials then finds the edge.
// ok is false when every value up to the last still reaches it.
func (sk *seeker) upTo(xs []float64, x float64) (float64, bool, error) {
	trials := sk.rn.opts.Trials
	scan := min(trials, max(trials/scanDivisor, minScan))
	lo := x
	var above []float64
	for _, v := range xs {
		if v > x {
			above = append(above, v)
		}
	}
	for i := 0; i < len(above); i++ {
		v := above[i]
		st, err := sk.evalAt(v, nil, scan)
		if err != nil {
			return 0, false, err
		}
		if !st.ok && scan < trials {
			if st, err = sk.evalAt(v, nil, trials); err != nil {
				return 0, false, err
			}
		}
		if st.ok {
			lo = v
			continue
		}
		if i+1 < len(above) {
			next, err := sk.evalAt(above[i+1], nil, trials)
			if err != nil {
				return 0, false, err
			}
			if next.ok {
				lo = above[i+1]
				i++
				continue
			}
		}
		hi := v
		for hi-lo > 10*goalTolerance*hi {
			mid, err := sk.evalAt((lo+hi)/2, nil, trials)
			if err != nil {
				return 0, false, err
			}
			if mid.ok {
				lo = mid.x
			} else {
				hi = mid.x
			}
		}
		return lo, true, nil
	}
	return lo, false, nil
}
