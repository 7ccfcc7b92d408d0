package plan

import (
	"cmp"
	"errors"
	"math"
	"slices"

	"github.com/harvest-planning/harvest/model"
)

// greedyStep is one round of the greedy climb: amount went to option, or,
// when delta is set, delta[i] to each option i in the same step (options
// that only pay together, as leads and the reps to work them; option is
// then the one that got most).
type greedyStep struct {
	option int
	amount float64
	after  evaluation
	delta  []float64
}

// total is what the step spends.
func (st greedyStep) total() float64 {
	if st.delta != nil {
		return sumOf(st.delta)
	}
	return st.amount
}

// apply adds the step to x.
func (st greedyStep) apply(x []float64) {
	if st.delta == nil {
		x[st.option] += st.amount
		return
	}
	for i, d := range st.delta {
		x[i] += d
	}
}

// bundle is a step that funds several options at once: delta, with option
// and amount its largest part.
func bundle(delta []float64, after evaluation) greedyStep {
	st := greedyStep{option: -1, after: after, delta: delta}
	for i, d := range delta {
		if st.option < 0 || d > st.amount {
			st.option, st.amount = i, d
		}
	}
	return st
}

// search runs the greedy climb from the lower bounds, then refines the
// first restarts starting splits (the climb's, the current plan's scaled to
// the budget, an even split; the rest skipped once two end within a grid
// step of each other) with the coarsest transfer sizes, then the best with
// the finer ones up to levels, and returns the best split. Under
// constraints the objective's climb cut where it keeps them is a start
// too, and the search ends with the whole-hire moves (hireMove). The
// coarse transfers use the evaluator's coarse trial count, the
// climb half of it, the finer transfers the search's. When the evaluation
// cap is reached it returns the best split found so far, spending the
// budget in full.
func search(ev *evaluator, p *problem, restarts, levels int) ([]float64, error) {
	ev.coarse()
	defer ev.fine()
	start := slices.Clone(p.lower)
	x, _, err := greedy(ev, p, start)
	if err != nil && !errors.Is(err, errCap) {
		return nil, err
	}
	if err != nil { // the cap: hand out what is left in proportion
		return tidy(p, p.whole(project(p, x))), nil
	}
	starts := [][]float64{x}
	if len(p.spec.Constraints) > 0 {
		// The objective's own climb, stopped at its best step that keeps
		// the constraints, the rest kept unspent: spending less is how a
		// cap on CAC or a floor on ROI is usually kept.
		y, err := keptPrefix(ev, p, start)
		if err != nil && !errors.Is(err, errCap) {
			return nil, err
		}
		if y != nil {
			starts = append(starts, y)
		}
	}
	if restarts >= 2 {
		starts = append(starts, p.whole(project(p, p.current())))
	}
	if restarts >= 3 {
		starts = append(starts, p.whole(project(p, nil)))
	}
	// Every start is refined with the coarser transfers; the best is then
	// refined with the finer ones.
	coarse := min(levels, coarseLevels)
	var best []float64
	var bestEval evaluation
	seen := map[string]bool{}
	var ends [][]float64
	// known reports whether r ends within a grid step of an earlier
	// start's end: the same hill.
	known := func(r []float64) bool {
		return slices.ContainsFunc(ends, func(e []float64) bool { return maxDistance(e, r) <= p.grid })
	}
	for _, s := range starts {
		if seen[key(s)] {
			continue
		}
		seen[key(s)] = true
		// A later start is refined with the largest transfers first: when
		// it ends on an earlier start's hill, the rest is skipped.
		first := len(ends) == 0
		lv := coarse
		if !first {
			lv = min(1, coarse)
		}
		var r []float64
		var sc evaluation
		var err error
		if first {
			r, sc, err = refine(ev, p, s, 0, lv)
		} else {
			// Its first level with the climb's trials: enough to see
			// which hill it climbs; on a new one it is refined again.
			ev.trials = ev.climbTrials
			r, _, err = refine(ev, p, s, 0, lv)
			ev.coarse()
			if errors.Is(err, errCap) {
				return tidy(p, best), nil
			}
			if err != nil {
				return nil, err
			}
			if known(r) {
				break
			}
			r, sc, err = refine(ev, p, r, 0, coarse)
		}
		if best == nil || better(sc, bestEval) {
			best, bestEval = r, sc
		}
		if errors.Is(err, errCap) {
			return tidy(p, best), nil
		}
		if err != nil {
			return nil, err
		}
		// Two starts that end within a grid step of each other have
		// found the same hill: the remaining starts are skipped.
		if known(r) {
			break
		}
		ends = append(ends, r)
	}
	ev.fine()
	best, _, err = refine(ev, p, best, coarse, levels)
	if err != nil && !errors.Is(err, errCap) {
		return nil, err
	}
	if len(p.spec.Constraints) > 0 && err == nil {
		// Under constraints a hire more or fewer changes how much can be
		// spent at all: the whole-hire moves, refined, cross what the
		// transfers do not.
		for range maxHireMoves {
			y, err := hireMove(ev, p, best, nil, nil)
			if errors.Is(err, errCap) || y == nil {
				break
			}
			if err != nil {
				return nil, err
			}
			best = y
		}
	}
	return tidy(p, best), nil
}

// greedy hands the budget left above the lower bounds out in steps of about
// p.grid (the left-over divided evenly into whole steps), a hire at a time
// for people. Each round it tries giving k = 1…p.lookahead(i) steps to
// every option i with room and gives the k steps with the best average
// gain per dollar to that option (a plan that breaks a constraint loses to
// one that keeps it, or breaks it less). While no step has gained yet and
// no single step gains, it also tries pairs of options funded together
// (leads need reps to work them, reps need leads). It returns the split and
// the steps taken.
func greedy(ev *evaluator, p *problem, start []float64) ([]float64, []greedyStep, error) {
	t := ev.trials
	ev.trials = ev.climbTrials
	defer func() { ev.trials = t }()
	x, steps, _, err := climb(ev, p, start, nil, false)
	return x, steps, err
}

// keptPrefix climbs from start for the objective alone (constraints
// ignored, the climb's trials) and returns the point of its path that
// keeps the constraints (or breaks them least) with the best score, the
// rest of the budget kept unspent; nil without an Unspent option.
func keptPrefix(ev *evaluator, p *problem, start []float64) ([]float64, error) {
	u := slices.IndexFunc(p.options, func(op Option) bool { return op.channel == unspentChannel })
	if u < 0 {
		return nil, nil
	}
	t := ev.trials
	ev.trials = ev.climbTrials
	defer func() { ev.trials = t }()
	lim := slices.Clone(p.upper)
	lim[u] = start[u]
	_, steps, _, err := climbing(ev, p, start, lim, false, true)
	if err != nil {
		return nil, err
	}
	e, err := ev.eval(start)
	if err != nil {
		return nil, err
	}
	x := slices.Clone(start)
	best, bestEval := slices.Clone(x), e
	for _, st := range steps {
		st.apply(x)
		if better(st.after, bestEval) {
			best, bestEval = slices.Clone(x), st.after
		}
	}
	best[u] += p.budget - sumOf(best)
	return best, nil
}

// climbStop is where a funding order stops: the best next step loses.
type climbStop struct {
	step  greedyStep
	from  float64 // the total before it
	gain  float64
	se    float64
	score float64
}

// climb is greedy's climb. With limit, no option goes beyond its amount
// there (the funding order's climb to the recommendation), and with stop
// the climb ends at the first round whose best step loses, returned as
// the stop.
func climb(ev *evaluator, p *problem, start, limit []float64, stop bool) ([]float64, []greedyStep, *climbStop, error) {
	return climbing(ev, p, start, limit, stop, false)
}

// climbing is climb; free ignores the constraints (the objective's
// climb, whose steps the constrained search scans for the best plan that
// keeps them).
func climbing(ev *evaluator, p *problem, start, limit []float64, stop, free bool) ([]float64, []greedyStep, *climbStop, error) {
	x := slices.Clone(start)
	top := p.upper
	if limit != nil {
		top = make([]float64, len(x))
		for i := range top {
			top[i] = math.Min(p.upper[i], limit[i])
		}
	}
	goal := math.Min(p.budget, sumOf(top))
	left := goal - sumOf(x)
	eps := math.Max(1e-9*math.Max(p.budget, 1), 0.005)
	if left <= eps {
		return x, nil, nil, nil
	}
	n := math.Ceil(left/p.grid - 1e-9)
	step := left / n
	if limit != nil {
		step = p.grid
	}
	var steps []greedyStep
	cur, err := ev.eval(x)
	if err != nil {
		return x, steps, nil, err
	}
	gained := false
	inc := func(i int, k int) float64 {
		room := top[i] - x[i]
		if room <= eps {
			return 0
		}
		a := p.increment(i, x, step, k, math.Min(left, room))
		if a <= eps {
			return 0
		}
		return a
	}
	for left > eps {
		best := greedyStep{option: -1}
		bestRate := math.Inf(-1)
		consider := func(st greedyStep) {
			rate := (st.after.score - cur.score) / st.total()
			if free || best.option < 0 {
				if best.option < 0 || rate > bestRate {
					best, bestRate = st, rate
				}
				return
			}
			if st.after.viol < best.after.viol-violTol ||
				(math.Abs(st.after.viol-best.after.viol) <= violTol && rate > bestRate) {
				best, bestRate = st, rate
			}
		}
		for i := range p.options {
			prev := 0.0
			for k := 1; k <= p.lookahead(i); k++ {
				amt := inc(i, k)
				if amt <= prev+eps {
					break
				}
				prev = amt
				x[i] += amt
				e, err := ev.eval(x)
				x[i] -= amt
				if err != nil {
					return x, steps, nil, err
				}
				consider(greedyStep{option: i, amount: amt, after: e})
			}
		}
		if (best.option < 0 || bestRate <= 0) && (!gained || stop) {
			for i := range p.options {
				a := inc(i, 1)
				if a <= 0 {
					continue
				}
				x[i] += a
				left -= a
				for j := i + 1; j < len(p.options); j++ {
					if b := inc(j, 1); b > 0 {
						x[j] += b
						e, err := ev.eval(x)
						x[j] -= b
						if err != nil {
							x[i] -= a
							left += a
							return x, steps, nil, err
						}
						d := make([]float64, len(x))
						d[i], d[j] = a, b
						consider(bundle(d, e))
					}
				}
				x[i] -= a
				left += a
			}
		}
		if limit != nil && stop && (best.option < 0 || bestRate <= 0) {
			// Toward the recommendation: a quarter, half or all of what is
			// left to fund, at once (a threshold no single step crosses).
			for _, t := range []float64{0.25, 0.5, 1} {
				d := make([]float64, len(x))
				for i := range d {
					gap := top[i] - x[i]
					if gap <= eps || math.IsInf(gap, 1) {
						continue
					}
					d[i] = t * gap
					if u := p.unit[i]; u > 0 {
						d[i] = math.Min(math.Ceil(d[i]/u-1e-9)*u, gap)
					}
				}
				if sumOf(d) <= eps {
					continue
				}
				for i := range d {
					x[i] += d[i]
				}
				e, err := ev.eval(x)
				for i := range d {
					x[i] -= d[i]
				}
				if err != nil {
					return x, steps, nil, err
				}
				consider(bundle(d, e))
			}
		}
		if best.option < 0 { // every option is at its maximum, or no hire fits
			break
		}
		if stop && best.after.score < cur.score {
			st := &climbStop{step: best, from: sumOf(x), gain: best.after.score - cur.score, score: cur.score}
			st.se = scoreDiffSE(best.after.vals, cur.vals, p.spec.Risk)
			return x, steps, st, nil
		}
		gained = gained || bestRate > 0
		best.apply(x)
		left -= best.total()
		cur = best.after
		steps = append(steps, best)
	}
	return x, steps, nil, nil
}

// refine moves money between pairs of options in transfers of a grid step
// halved from level from to level to−1 (level 0: a whole step), taking at
// each size improving transfers until none improves. With few options it
// tries every pair and takes the best; with more it measures each option's
// gain from a transfer's worth more and loss from a transfer's worth less,
// and tries the pairs in order of predicted gain, the first that improves
// winning. It returns the split and its score.
func refine(ev *evaluator, p *problem, start []float64, from, to int) ([]float64, evaluation, error) {
	return refining(ev, p, start, from, to, false)
}

// refining is refine; with spendOnly the people options keep their hires
// at every level and only spend moves.
func refining(ev *evaluator, p *problem, start []float64, from, to int, spendOnly bool) ([]float64, evaluation, error) {
	x := slices.Clone(start)
	cur, err := ev.eval(x)
	if err != nil {
		return x, evaluation{score: math.Inf(-1), viol: math.Inf(1)}, err
	}
	n := len(p.options)
	eps := 1e-9 * math.Max(p.budget, 1)
	d := p.grid / math.Pow(2, float64(from))
	up, down := make([]float64, n), make([]float64, n)
	pairs := make([]move, 0, n*n)
	for level := from; level < to; level, d = level+1, d/2 {
		// Hires move a whole person at any level: they are moved at the
		// coarse levels, and the finer ones move spend alone.
		hires := level < coarseLevels && !spendOnly
		skip := func(i int) bool { return !hires && p.people(i) }
		for range maxMoves {
			pairs = pairs[:0]
			if n <= fullScan {
				for i := range n {
					for j := range n {
						if i != j && !skip(i) && !skip(j) {
							pairs = append(pairs, move{to: i, from: j})
						}
					}
				}
			} else {
				for i := range n {
					up[i], down[i] = math.Inf(-1), math.Inf(1)
					if skip(i) {
						continue
					}
					a, b := math.Min(d, p.upper[i]-x[i]), math.Min(d, x[i]-p.lower[i])
					if p.people(i) {
						a, b = p.increment(i, x, d, 1, p.upper[i]-x[i]), 0
						if x[i]-p.unit[i] >= p.lower[i]-eps {
							b = p.unit[i]
						}
					}
					if a > eps {
						x[i] += a
						e, err := ev.eval(x)
						x[i] -= a
						if err != nil {
							return x, cur, err
						}
						up[i] = (e.score - cur.score) / a
					}
					if b > eps {
						x[i] -= b
						e, err := ev.eval(x)
						x[i] += b
						if err != nil {
							return x, cur, err
						}
						down[i] = (cur.score - e.score) / b
					}
				}
				for i := range n {
					for j := range n {
						if i != j && !math.IsInf(up[i], -1) && !math.IsInf(down[j], 1) {
							pairs = append(pairs, move{i, j, up[i] - down[j]})
						}
					}
				}
				sortByGain(pairs)
				pairs = pairs[:min(len(pairs), n)]
			}
			var bx []float64
			var bEval evaluation
			for _, pr := range pairs {
				y, _, ok := p.move(x, pr.to, pr.from, d)
				if !ok {
					continue
				}
				e, err := ev.eval(y)
				if err != nil {
					return x, cur, err
				}
				if better(e, cur) && (bx == nil || better(e, bEval)) {
					bx, bEval = y, e
					if n > fullScan {
						break
					}
				}
			}
			if bx == nil {
				break
			}
			x = bx
			cur = bEval
		}
	}
	return x, cur, nil
}

// maxDistance is the largest difference between two splits' amounts.
func maxDistance(a, b []float64) float64 {
	var d float64
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// improves reports whether score a beats b by more than rounding. (A
// rule that took only gains beyond two standard errors of the difference
// saved about 7% of the evaluations and cost up to 6% of the objective at
// some frontier points: with common random numbers small gains are real,
// and transfers blocked at a coarse size are not recovered by the finer
// ones.)
func improves(a, b float64) bool {
	return a > b+1e-12*(1+math.Abs(b))
}

// violTol is how much less a plan must break its constraints (summed
// shortfalls of the shares of futures) to count as breaking them less.
const violTol = 1e-9

// better reports whether evaluation a beats b: it breaks the constraints
// less, or as little and scores higher (improves).
func better(a, b evaluation) bool {
	if a.viol < b.viol-violTol {
		return true
	}
	if a.viol > b.viol+violTol {
		return false
	}
	return improves(a.score, b.score)
}

// lookahead is how many steps the greedy climb tries giving option i at
// once: lookahead for a channel whose response is S-shaped (hill), where a
// first step can return little and a few steps much more; 1 for the
// others, whose own returns only fall as they grow (linear, saturating,
// headcount, reps), so that more steps never beat the first's average
// gain per dollar by themselves.
func (p *problem) lookahead(i int) int {
	if c := p.options[i].channel; c >= 0 && p.base.Channels[c].Response == model.Hill {
		return lookahead
	}
	return 1
}

// project returns the split of the budget closest in proportions to w:
// every option at its lower bound plus a share of the rest in proportion to
// w, clipped to its bounds, with what clipping frees handed to the others
// (water-filling: x_i = clamp(t·w_i, lower_i, upper_i), t found by
// bisection). A nil w, or a w with no weight on an option that has room,
// means equal weights. When the bounds cannot absorb the budget every
// option sits at its maximum.
func project(p *problem, w []float64) []float64 {
	n := len(p.options)
	weights := make([]float64, n)
	hasWeight := false
	for i := range weights {
		if w != nil && p.upper[i] > p.lower[i] && w[i] > 0 {
			weights[i], hasWeight = w[i], true
		}
	}
	if !hasWeight {
		for i := range weights {
			weights[i] = 1
		}
	}
	fill := func(t float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Min(math.Max(t*weights[i], p.lower[i]), p.upper[i])
		}
		return x
	}
	if sumOf(p.upper) <= p.budget {
		return slices.Clone(p.upper)
	}
	reach := 0.0 // the most the weighted options can take
	for i := range weights {
		if weights[i] > 0 {
			reach += p.upper[i]
		} else {
			reach += p.lower[i]
		}
	}
	if reach < p.budget {
		for i := range weights {
			if weights[i] == 0 && p.upper[i] > p.lower[i] {
				weights[i] = 1
			}
		}
	}
	minW := math.Inf(1)
	for _, v := range weights {
		if v > 0 {
			minW = math.Min(minW, v)
		}
	}
	lo, hi := 0.0, 2*p.budget/minW
	for range 200 {
		mid := (lo + hi) / 2
		if sumOf(fill(mid)) < p.budget {
			lo = mid
		} else {
			hi = mid
		}
	}
	x := fill(hi)
	// Put the last rounding error where there is room.
	over := sumOf(x) - p.budget
	for i := range x {
		if over > 0 && x[i]-p.lower[i] > over {
			x[i] -= over
			break
		}
		if over < 0 && p.upper[i]-x[i] > -over {
			x[i] -= over
			break
		}
	}
	return x
}

// tidy rounds a split to the cent, puts amounts within a cent of a bound
// exactly on it, and hands any rounding left over to the option with the
// most room, so that bounds and locks hold exactly and the total is the
// budget to the cent (or every option is at its maximum).
func tidy(p *problem, x []float64) []float64 {
	x = slices.Clone(x)
	for i := range x {
		v := math.Round(x[i]*100) / 100
		if v-p.lower[i] < 0.5 { // crumbs below half a dollar
			v = p.lower[i]
		}
		if math.Abs(v-p.lower[i]) < 0.01 || v < p.lower[i] {
			v = p.lower[i]
		}
		if math.Abs(v-p.upper[i]) < 0.01 || v > p.upper[i] {
			v = p.upper[i]
		}
		if v == 0 {
			v = 0 // not -0
		}
		x[i] = v
	}
	left := math.Round((p.budget-sumOf(x))*100) / 100
	if left == 0 {
		return x
	}
	// The rounding goes to the spend option with the most money that has
	// room for it (not to one at zero: no $0.01 lines).
	best := -1
	for i := range x {
		if p.people(i) {
			continue
		}
		r := p.upper[i] - x[i]
		if left < 0 {
			r = x[i] - p.lower[i]
		}
		if r >= math.Abs(left) && (best < 0 || x[i] > x[best]) {
			best = i
		}
	}
	if best < 0 { // none has room for all of it: the one with the most
		room := 0.0
		for i := range x {
			if p.people(i) {
				continue
			}
			r := p.upper[i] - x[i]
			if left < 0 {
				r = x[i] - p.lower[i]
			}
			if r > room {
				best, room = i, r
			}
		}
	}
	if best >= 0 {
		r := p.upper[best] - x[best]
		if left < 0 {
			r = x[best] - p.lower[best]
		}
		x[best] += math.Copysign(math.Min(math.Abs(left), r), left)
	}
	return x
}

// move is a candidate transfer of money to option to from option from,
// with its predicted gain.
type move struct {
	to, from int
	gain     float64
}

// sortByGain sorts moves, largest predicted gain first, ties in order.
func sortByGain(moves []move) {
	slices.SortStableFunc(moves, func(a, b move) int { return cmp.Compare(b.gain, a.gain) })
}
