package plan

import (
	"math"
	"slices"

	"github.com/harvest-planning/harvest/model"
)

// Whole hires: a headcount channel's heads and the sales team's reps come
// in whole people (1 SDR, 2 reps) unless the spec is Fractional. Their
// amounts are multiples of the option's unit cost; spend channels take
// any amount, and what whole hires leave over goes to them.

// isWhole reports whether v is a whole number of option i's hires (always
// true for spend, a locked option or a fractional spec).
func (p *problem) isWhole(i int, v float64) bool {
	u := p.unit[i]
	if u <= 0 {
		return true
	}
	k := v / u
	return math.Abs(k-math.Round(k)) < 1e-6
}

// people reports whether option i is bought in whole hires.
func (p *problem) people(i int) bool { return p.unit[i] > 0 }

// whole rounds each people option of x to whole hires (nearest, within its
// bounds), takes hires back while the total is over the budget, and hands
// what is left to the spend options in proportion to their amounts (evenly
// when they have none), within their bounds; what they cannot take buys
// more hires where one fits. The total is then the budget unless nothing
// more fits (or every option is at its maximum).
func (p *problem) whole(x []float64) []float64 {
	x = slices.Clone(x)
	eps := 1e-6 * math.Max(p.budget, 1)
	hasPeople := false
	for i := range x {
		if u := p.unit[i]; u > 0 {
			hasPeople = true
			x[i] = math.Min(math.Max(math.Round(x[i]/u)*u, p.lower[i]), p.upper[i])
		}
	}
	if !hasPeople {
		return x
	}
	for sumOf(x) > p.budget+eps {
		best := -1
		for i := range x {
			if u := p.unit[i]; u > 0 && x[i]-u >= p.lower[i]-eps && (best < 0 || x[i] > x[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		x[best] -= p.unit[best]
	}
	// The spend options shrink when the hires took more than x gave them.
	if over := sumOf(x) - p.budget; over > eps {
		p.spread(x, -over)
	}
	if left := p.budget - sumOf(x); left > eps {
		left = p.spread(x, left)
		for left > eps {
			best := -1
			for i := range x {
				if u := p.unit[i]; u > 0 && u <= left+eps && x[i]+u <= p.upper[i]+eps && (best < 0 || u > p.unit[best]) {
					best = i
				}
			}
			if best < 0 {
				break
			}
			x[best] += p.unit[best]
			left = p.spread(x, p.budget-sumOf(x))
		}
	}
	return x
}

// spread adds d (taken away when negative) to x's spend options in
// proportion to their amounts, evenly when none has any, within their
// bounds; it returns what could not be placed.
func (p *problem) spread(x []float64, d float64) float64 {
	eps := 1e-9 * math.Max(p.budget, 1)
	for range 50 {
		if math.Abs(d) <= eps {
			return 0
		}
		var w float64
		var open []int
		for i := range x {
			if p.unit[i] > 0 || p.upper[i] <= p.lower[i] {
				continue
			}
			if (d > 0 && x[i] < p.upper[i]-eps) || (d < 0 && x[i] > p.lower[i]+eps) {
				open = append(open, i)
				w += x[i]
			}
		}
		if len(open) == 0 {
			return d
		}
		placed := 0.0
		for _, i := range open {
			share := 1 / float64(len(open))
			if w > 0 {
				share = x[i] / w
			}
			v := math.Min(math.Max(x[i]+d*share, p.lower[i]), p.upper[i])
			placed += v - x[i]
			x[i] = v
		}
		d -= placed
	}
	return d
}

// increment is what one step of the climb gives option i: a hire for a
// people option, else step (k steps for the look-ahead), never more than
// left or its room; 0 when nothing fits.
func (p *problem) increment(i int, x []float64, step float64, k int, left float64) float64 {
	room := p.upper[i] - x[i]
	eps := 1e-9 * math.Max(p.budget, 1)
	if u := p.unit[i]; u > 0 {
		if k > 1 || u > left+eps || u > room+eps {
			return 0
		}
		return u
	}
	return math.Max(math.Min(float64(k)*step, math.Min(left, room)), 0)
}

// move returns x with a budget-neutral move from option j to option i:
// between two spend options, d (or as much as their bounds allow); to a
// people option, one hire, paid by j (its amount above its minimum, or one
// of its hires) and, for the rest, by the other spend options in
// proportion; from a people option to a spend option, one hire's cost.
// Surplus (a cheaper hire for a dearer one) goes to the spend options. ok
// is false when the bounds leave no room for the move.
func (p *problem) move(x []float64, i, j int, d float64) (y []float64, amt float64, ok bool) {
	eps := 1e-6 * math.Max(p.budget, 1)
	ui, uj := p.unit[i], p.unit[j]
	y = slices.Clone(x)
	switch {
	case ui == 0 && uj == 0:
		amt = math.Min(d, math.Min(x[j]-p.lower[j], p.upper[i]-x[i]))
		if amt <= eps {
			return nil, 0, false
		}
		y[i] += amt
		y[j] -= amt
		return y, amt, true
	case ui == 0: // a hire of j pays for spend on i
		amt = uj
		if x[j]-uj < p.lower[j]-eps || p.upper[i]-x[i] < amt-eps {
			return nil, 0, false
		}
		y[i] += amt
		y[j] -= amt
		return y, amt, true
	}
	// A hire for i.
	if p.upper[i]-x[i] < ui-eps {
		return nil, 0, false
	}
	y[i] += ui
	owe := ui
	if uj > 0 {
		// As many of j's hires as pay for i's, or fewer with the spend
		// options paying the rest (a surplus goes to them).
		for k := math.Max(math.Ceil(ui/uj-1e-9), 1); k >= 1; k-- {
			if x[j]-k*uj < p.lower[j]-eps {
				continue
			}
			z := slices.Clone(y)
			z[j] -= k * uj
			if rest := p.spread(z, k*uj-ui); math.Abs(rest) <= eps {
				return z, ui, true
			}
		}
		return nil, 0, false
	} else {
		take := math.Min(owe, x[j]-p.lower[j])
		if take <= eps {
			return nil, 0, false
		}
		y[j] -= take
		owe -= take
	}
	if math.Abs(owe) > eps {
		if rest := p.spread(y, -owe); math.Abs(rest) > eps {
			return nil, 0, false
		}
	}
	return y, ui, true
}

// ApplySplit returns a copy of s with each option's monthly amount taken
// from split, keyed by option name (a channel's or "sales_team"), as
// FrontierPoint.Split gives it; options absent keep their amounts, and
// Unspent is ignored. With Frontier it gives the best plan at each budget
// of a path: goal's plan lever can grow a budget along it.
func ApplySplit(s *model.Scenario, split map[string]float64) (*model.Scenario, error) {
	p := &problem{base: s, options: Options(s)}
	x := p.current()
	index := map[string]int{}
	for i, op := range p.options {
		index[op.Name] = i
	}
	for name, v := range split {
		if name == Unspent {
			continue
		}
		i, ok := index[name]
		if !ok {
			return nil, specErrorf("split %s: no such option", name)
		}
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, specErrorf("split %s=%g: an amount must be a number ≥ 0 (dollars a month)", name, v)
		}
		x[i] = v
	}
	return p.apply(x), nil
}
