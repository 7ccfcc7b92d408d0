package plan

import (
	"math"
	"slices"
	"strings"

	"github.com/harvest-planning/harvest/measure"

	"github.com/harvest-planning/harvest/sim"
)

// violation is how far a run is from keeping every constraint with a
// margin of 2 standard errors (so that the split the search settles on,
// run again with more trials, still keeps them): the sum, over the
// constraints it breaks, of the share of futures it falls short by (for a
// constraint on the mean, the shortfall relative to the bound, or to 1
// when the bound is 0); 0 when it keeps them all.
func violation(cs []Constraint, r *sim.Result) (float64, error) {
	var v float64
	for _, c := range cs {
		k, err := c.Keep(r)
		if err != nil {
			return 0, err
		}
		if c.Share > 0 {
			v += math.Max(c.Share+2*k.SE-k.Achieved, 0)
			continue
		}
		if math.IsNaN(k.Achieved) {
			v++
			continue
		}
		short := k.Achieved - c.Bound // above a floor: positive
		if c.AtMost {
			short = -short
		}
		v += math.Max(2*k.SE-short, 0) / math.Max(math.Abs(c.Bound), 1)
	}
	return v, nil
}

// scoreDiffSE is the Monte Carlo standard error of score(a) − score(b) for
// two runs of the same trials with common random numbers: for the mean,
// that of the trial-by-trial difference; for a percentile or a tail mean,
// the spread of the difference over 20 batches of the trials (batch
// means), divided by √20. NaN when there are too few trials.
func scoreDiffSE(a, b []float64, risk string) float64 {
	n := min(len(a), len(b))
	if n < 2 {
		return math.NaN()
	}
	if risk == "mean" || risk == "" {
		d := make([]float64, n)
		for i := range d {
			d[i] = a[i] - b[i]
		}
		st := sim.Summarize(d)
		if st.SE < 1e-9*(1+math.Abs(st.Mean)) { // rounding, not noise
			return 0
		}
		return st.SE
	}
	const batches = 20
	size := n / batches
	if size < 10 {
		return math.NaN()
	}
	ds := make([]float64, batches)
	for k := range ds {
		lo, hi := k*size, (k+1)*size
		ds[k] = score(a[lo:hi], risk) - score(b[lo:hi], risk)
	}
	// The batches' scores are each from n/batches trials: the full run's
	// score varies about 1/batches as much.
	return sim.Summarize(ds).SD / math.Sqrt(batches)
}

// ConstraintResult is how the recommendation keeps one constraint.
type ConstraintResult struct {
	// Kept is the recommendation's achieved share (or mean) ± its error,
	// Met, and Binds: the recommendation keeps it and the best split
	// without this spec's constraints breaks it, so it changed the answer.
	// A kept constraint that does not bind never binds at this budget: the
	// best split keeps it anyway.
	Kept
	// Unconstrained is how the best split without the constraints keeps
	// it.
	Unconstrained Kept `json:"unconstrained"`
	// Loosened is the constraint moved 10% looser (its bound by 10% of
	// itself, or, for a bound of 0, its share of futures 10% lower);
	// LooseGain ± LooseSE what re-optimising with it gains on the
	// objective (as the risk measure scores it). Set when it binds.
	Loosened  *Constraint `json:"loosened,omitempty"`
	LooseGain *float64    `json:"loosened_gain,omitempty"`
	LooseSE   *float64    `json:"loosened_se,omitempty"`
}

// loosen moves c 10% looser: its bound by 10% of itself in the direction
// that admits more, or, when the bound is 0, its share of futures down by
// 10% of itself; ok is false when neither applies (a mean bound of 0).
func loosen(c Constraint) (Constraint, bool) {
	switch {
	case c.Bound != 0:
		d := 0.1 * math.Abs(c.Bound)
		if c.AtMost {
			c.Bound += d
		} else {
			c.Bound -= d
		}
		return c, true
	case c.Share > 0:
		c.Share *= 0.9
		return c, true
	}
	return c, false
}

// constrain reports how the recommendation keeps each constraint: its
// achieved share ± error with the full trials, whether it binds (the best
// split found without any constraint breaks it) and, for those that bind,
// what re-optimising with it 10% looser gains.
func (o *Optimization) constrain(ev *evaluator, p *problem) error {
	kept, ok, err := KeepAll(p.spec.Constraints, o.Recommended.Result)
	if err != nil {
		return err
	}
	o.Feasible = ok
	// The best split without constraints, run with the full trials.
	free := p.spec
	free.Constraints = nil
	x0, err := ev.searchFor(free)
	if err != nil {
		return err
	}
	for len(x0) < len(p.options) { // nothing kept unspent
		x0 = append(x0, 0)
	}
	out0, err := ev.outcome(x0, true)
	if err != nil {
		return err
	}
	for i, c := range p.spec.Constraints {
		r := ConstraintResult{Kept: kept[i]}
		if r.Unconstrained, err = c.Keep(out0.Result); err != nil {
			return err
		}
		r.Binds = r.Met && !r.Unconstrained.Met
		if r.Binds {
			if l, ok := loosen(c); ok {
				spec := p.spec
				spec.Constraints = slices.Clone(p.spec.Constraints)
				spec.Constraints[i] = l
				xl, err := ev.searchFor(spec)
				if err != nil {
					return err
				}
				outl, err := ev.outcome(xl, true)
				if err != nil {
					return err
				}
				g, se := outl.Score-o.Recommended.Score, scoreDiffSE(outl.Trials, o.Recommended.Trials, p.spec.Risk)
				r.Loosened, r.LooseGain, r.LooseSE = &l, &g, &se
			}
		}
		o.Constraints = append(o.Constraints, r)
	}
	return nil
}

// searchFor runs the search for another spec on the same scenario and
// budget, with the evaluator's trial counts and cap; the evaluator's
// counts include its runs.
func (ev *evaluator) searchFor(spec OptimizeSpec) ([]float64, error) {
	p, err := newProblem(ev.p.base, spec)
	if err != nil {
		return nil, err
	}
	sub := newEvaluator(ev.ctx, p, ev.rn, spec)
	sub.searchTrials, sub.coarseTrials, sub.climbTrials, sub.fullTrials, sub.trials = ev.searchTrials, ev.coarseTrials, ev.climbTrials, ev.fullTrials, ev.searchTrials
	x, err := search(sub, p, p.spec.Restarts, refineLevels)
	ev.count += sub.count
	ev.cut = ev.cut || sub.cut
	return x, err
}

// ConstraintsWords lists the spec's constraints the recommendation breaks,
// in words: "CAC ≤ $20.0k in 8 futures of 10 (kept in 62% ± 0.49% of
// futures)".
func (o *Optimization) ConstraintsWords() string {
	var parts []string
	for _, c := range o.Constraints {
		if !c.Met {
			parts = append(parts, c.Constraint.Words()+" ("+achievedWords(c.Kept)+")")
		}
	}
	return strings.Join(parts, " and ")
}

// achievedWords says how a run keeps a constraint: "kept in 83% ± 1.2% of
// futures", "mean $18.0k ± $200".
func achievedWords(k Kept) string {
	if k.Share > 0 {
		return "kept in " + measure.Share.PlusMinus(k.Achieved, k.SE) + " of futures"
	}
	return "mean " + measure.Of(k.Metric).Unit.PlusMinus(k.Achieved, k.SE)
}

// ConstraintWords says how the recommendation keeps one constraint: kept
// or not (by how much), whether it binds, and what loosening it 10% gains:
// "CAC ≤ $20.0k in 8 futures of 10: kept in 81% ± 0.4% of futures; binds
// (the best split without it keeps it in 55% ± 0.5%); at $22.0k it would
// gain +$40.0k ± $3k lifetime value".
func (o *Optimization) ConstraintWords(c ConstraintResult) string {
	w := c.Constraint.Words() + ": " + achievedWords(c.Kept)
	if !c.Met {
		w = c.Constraint.Words() + ": not kept, " + strings.TrimPrefix(achievedWords(c.Kept), "kept ")
		if c.Share > 0 {
			w += ", short of the " + measure.Share.Format(c.Share) + " asked"
		}
		return w + "; the best split without it: " + achievedWords(c.Unconstrained)
	}
	if !c.Binds {
		return w + "; never binds (the best split without it keeps it too)"
	}
	w += "; binds (the best split without it: " + achievedWords(c.Unconstrained) + ")"
	if c.Loosened != nil && c.LooseGain != nil {
		g := ObjectiveUnit(o.Objective).SignedPlusMinus(*c.LooseGain, *c.LooseSE)
		w += "; loosened 10%, to " + c.Loosened.Words() + ", the best split would change " + ObjectiveNoun(o.Objective) + " by " + g
		if Noise(*c.LooseGain, *c.LooseSE) {
			w += ", within the noise"
		}
	}
	return w
}
