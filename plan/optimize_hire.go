package plan

import (
	"cmp"
	"errors"
	"math"
	"slices"
)

// maxHireMoves caps the whole-hire moves the local check makes.
const maxHireMoves = 3

// Whole-hire moves. Transfers between two options shift a whole hire of
// one option against spend, so a split that would be better with an SDR
// swapped for a rep (−$8,000, +$13,000, −$5,000 of spend) is out of their
// reach: each half alone loses. These are the moves a founder would try
// instead, each with the money that changes hands balanced by the spend
// options.

// hireMoves returns the whole-hire moves from x: one hire of a people
// option swapped for one of another, one hire fewer with its money to
// spend, one hire more paid from spend. The spend options take the
// difference in two ways: those with the best returns first (up, what a
// step more there gains) when they receive and those that lose least
// first (down, what a step less there loses) when they give, each to its
// bounds; or in proportion to their amounts (spread). Moves the bounds
// do not allow are left out, and so are repeats. Without up and down the
// spend options are taken in their order.
func (p *problem) hireMoves(x, up, down []float64) [][]float64 {
	eps := 1e-6 * math.Max(p.budget, 1)
	var spend []int
	for i := range x {
		if !p.people(i) && p.upper[i] > p.lower[i] {
			spend = append(spend, i)
		}
	}
	// NaN (no room, or not measured) sorts last.
	rank := func(v []float64, sign float64) []int {
		o := slices.Clone(spend)
		if v == nil {
			return o
		}
		slices.SortStableFunc(o, func(a, b int) int {
			va, vb := v[a], v[b]
			switch {
			case math.IsNaN(va) && math.IsNaN(vb):
				return 0
			case math.IsNaN(va):
				return 1
			case math.IsNaN(vb):
				return -1
			}
			return cmp.Compare(sign*va, sign*vb)
		})
		return o
	}
	receive, give := rank(up, -1), rank(down, 1)
	var moves [][]float64
	seen := map[string]bool{key(x): true}
	add := func(y []float64) {
		if k := key(y); !seen[k] {
			seen[k] = true
			moves = append(moves, y)
		}
	}
	// balance puts d on the spend options (takes it when negative), both
	// ways, and adds the moves that place all of it.
	balance := func(y []float64, d float64) {
		if math.Abs(d) <= eps {
			add(y)
			return
		}
		z := slices.Clone(y)
		left := d
		order := receive
		if d < 0 {
			order = give
		}
		for _, i := range order {
			room := p.upper[i] - z[i]
			if d < 0 {
				room = z[i] - p.lower[i]
			}
			a := math.Min(math.Abs(left), math.Max(room, 0))
			z[i] += math.Copysign(a, d)
			if left = d - (sumOf(z) - sumOf(y)); math.Abs(left) <= eps {
				add(z)
				break
			}
		}
		z = slices.Clone(y)
		if rest := p.spread(z, d); math.Abs(rest) <= eps {
			add(z)
		}
	}
	canLose := func(i int) bool { return p.people(i) && x[i]-p.unit[i] >= p.lower[i]-eps }
	canGain := func(i int) bool { return p.people(i) && x[i]+p.unit[i] <= p.upper[i]+eps }
	for a := range x {
		if !canLose(a) {
			continue
		}
		for b := range x {
			if b == a || !canGain(b) {
				continue
			}
			y := slices.Clone(x)
			y[a] -= p.unit[a]
			y[b] += p.unit[b]
			balance(y, p.unit[a]-p.unit[b])
		}
		y := slices.Clone(x)
		y[a] -= p.unit[a]
		balance(y, p.unit[a])
	}
	for b := range x {
		if canGain(b) {
			y := slices.Clone(x)
			y[b] += p.unit[b]
			balance(y, -p.unit[b])
		}
	}
	return moves
}

// hireRefined is how many of the best whole-hire moves hireMove refines.
const hireRefined = 2

// hireMove is the best whole-hire move from x: the split after it when it
// gains more than noiseZ standard errors and keeps the constraints as
// well as x (or breaks them less), nil when none does. Every move
// (hireMoves, balanced by up and down: the spend options' returns from a
// step more and a step less at x, checkLocally's) is run with the
// evaluator's trials, the search's; the best hireRefined are then
// refined, when they score more than x or break the constraints less,
// the hires held, by transfers of spend of half and a quarter of a grid
// step with the coarse trials (how much spend a hire needs, or what to
// keep unspent under constraints, is rarely one of the two balances), and
// compared again with the search's. Every run shares its
// random numbers, so the differences are trial by trial.
func hireMove(ev *evaluator, p *problem, x, up, down []float64) ([]float64, error) {
	cur, err := ev.eval(x)
	if err != nil {
		return nil, err
	}
	type cand struct {
		x []float64
		e evaluation
	}
	var cands []cand
	for _, y := range p.hireMoves(x, up, down) {
		e, err := ev.eval(y)
		if err != nil {
			return nil, err
		}
		cands = append(cands, cand{y, e})
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		switch {
		case better(a.e, b.e):
			return -1
		case better(b.e, a.e):
			return 1
		}
		return 0
	})
	for k := range cands[:min(len(cands), hireRefined)] {
		if !improves(cands[k].e.score, cur.score) && cands[k].e.viol >= cur.viol-violTol {
			continue // a move that loses as balanced is not refined
		}
		ev.coarse()
		r, _, err := refining(ev, p, cands[k].x, 1, 3, true)
		ev.fine()
		if err == nil {
			r, _, err = refining(ev, p, r, 2, 4, true)
		}
		if err != nil {
			return nil, err
		}
		if e, err := ev.eval(r); err != nil {
			return nil, err
		} else if better(e, cands[k].e) {
			cands = append(cands, cand{r, e})
		}
	}
	var best []float64
	var bestEval evaluation
	for _, c := range cands {
		e := c.e
		switch {
		case e.viol > cur.viol+violTol:
			continue
		case e.viol >= cur.viol-violTol:
			gain := e.score - cur.score
			if !(gain > math.Max(1e-12*(1+math.Abs(cur.score)), noiseZ*scoreDiffSE(e.vals, cur.vals, p.spec.Risk))) {
				continue
			}
		}
		if best == nil || better(e, bestEval) {
			best, bestEval = c.x, e
		}
	}
	return best, nil
}

// polish is the local check: transfers of a step between the options
// (checkLocally), then whole-hire moves (hireMove), each made while it
// improves by more than noiseZ standard errors, up to maxCheckMoves
// transfers and maxHireMoves hire moves. It returns the split, the check
// at it, and the transfers and hire moves made.
func polish(ev *evaluator, p *problem, x []float64, h float64) ([]float64, localCheck, int, int, error) {
	var lc localCheck
	var err error
	transfers, hires := 0, 0
	for {
		if lc, err = checkLocally(ev, p, x, h); err != nil {
			return x, lc, transfers, hires, err
		}
		if lc.best != nil && lc.best.Improves && transfers < maxCheckMoves {
			x = lc.moved
			transfers++
			continue
		}
		if hires == maxHireMoves {
			break
		}
		y, err := hireMove(ev, p, x, lc.up, lc.down)
		if errors.Is(err, errCap) {
			break
		}
		if err != nil {
			return x, lc, transfers, hires, err
		}
		if y == nil {
			break
		}
		x = tidy(p, y)
		hires++
	}
	return x, lc, transfers, hires, nil
}
