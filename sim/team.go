package sim

import "math"

// The team model (DESIGN.md's "People leave") is the same for the sales
// team and for each headcount channel's heads. Each month, before
// capacity: the plan's falls remove heads at once (open vacancies first,
// then pending replacements, then the latest started); the plan's hires and
// the replacements due start; then each whole working head leaves with
// probability attrition, and with backfill a replacement starts
// time_to_fill months later (0: this month, after the draw). A hire or a
// replacement works at min(1, k/ramp_months) in its k-th month and is paid
// in full from its start; a leaver stops, and is no longer paid, in the
// month it leaves.
//
// Whole heads and fractions: a head still ramping belongs to its cohort
// (those who started in one month as one hire or one set of
// replacements), and a cohort of size x has ⌊x⌋ whole heads who may leave
// and a fraction who never does; once ramped, heads join the team's
// ramped part, whose whole heads are ⌊its size⌋ (2.5 reps are 2 who may
// leave and a half who stays). A size within 1e-9 of a whole number is
// that number, so that a rounding in a budget's share does not turn a
// whole rep into a fraction.
//
// A team without attrition is the same in every trial: compile runs it
// once. With attrition each trial runs it, with its own substream.

// teamSpec is a team's plan.
type teamSpec struct {
	sub       uint64  // the substream of its leavers: hash("team:sales"), hash("team:channel:NAME")
	pickSub   uint64  // the substream of who leaves among them: sub's name + ":picks"
	attrition int     // slot of its attrition; noSlot: nobody leaves
	backfill  bool    // replace each leaver
	fill      int     // time_to_fill, months
	ramp      float64 // ramp_months
	cost      float64 // a head's monthly cost, paid from its start while it works
	// start is the heads working from month 1: at full capacity (full:
	// the sales team's reps) or ramping from month 1 (a headcount
	// channel's heads).
	start float64
	full  bool
	// hires[t] and cuts[t] are the heads the plan adds and removes at the
	// start of month t+1.
	hires, cuts []float64
	// planned[t] is the plan's heads in month t+1.
	planned []float64
	// ramped[t] and paid[t] are the heads working in month t+1, ramped
	// and as paid, when nobody leaves (attrition noSlot).
	ramped, paid []float64
}

// newTeamSpec is a team of start heads with the plan's hires and cuts by
// month (1-based; those past the horizon never start), computed once when
// nobody leaves.
func newTeamSpec(start float64, full bool, ramp float64, hires, cuts []monthHeads, horizon int) *teamSpec {
	ts := &teamSpec{attrition: noSlot, ramp: ramp, start: start, full: full,
		hires: make([]float64, horizon), cuts: make([]float64, horizon), planned: make([]float64, horizon)}
	for _, h := range hires {
		if h.month >= 1 && h.month <= horizon {
			ts.hires[h.month-1] += h.heads
		}
	}
	for _, h := range cuts {
		if h.month >= 1 && h.month <= horizon {
			ts.cuts[h.month-1] += h.heads
		}
	}
	plan := start
	for t := range horizon {
		plan = max(0, plan+ts.hires[t]-ts.cuts[t])
		ts.planned[t] = plan
	}
	return ts
}

// monthHeads is heads added or removed in a month (1-based).
type monthHeads struct {
	month int
	heads float64
}

// fixTeam computes the team's months once, for a team nobody leaves.
func (ts *teamSpec) fixTeam(horizon int) {
	var tm team
	tm.init(ts, horizon)
	tm.reset(0)
	ts.ramped = make([]float64, horizon)
	ts.paid = make([]float64, horizon)
	for t := range horizon {
		tm.month(t)
		ts.ramped[t], ts.paid[t] = tm.ramped, tm.paid
	}
}

// A cohort is heads who started in one month and are still ramping.
type cohort struct {
	start int     // the month they started, 0-based
	size  float64 // heads
}

// team is one trial's team.
type team struct {
	spec  *teamSpec
	rng   stream // the leavers: one uniform a month
	picks stream // who they are, while some ramp
	leave site   // Binomial(whole heads, attrition)

	full    float64   // heads past their ramp
	ramping []cohort  // heads still ramping, in start order
	pending []float64 // [t] replacements due at the start of month t+1
	open    float64   // vacancies no one will fill (no backfill)

	// This month's heads working, ramped and as paid.
	ramped, paid float64

	// The trial's totals.
	leavers int
	months  float64 // head-months worked: Σ paid
	spent   float64 // Σ paid × cost
	lost    float64 // the sales team's capacity lost to vacancies and ramps (trial.go)
}

// init makes a team's buffers for a horizon.
func (tm *team) init(ts *teamSpec, horizon int) {
	tm.spec = ts
	// At most a hire and a replacement start each month.
	tm.ramping = make([]cohort, 0, 2*horizon+1)
	tm.pending = make([]float64, horizon)
}

// reset starts a trial with the plan's starting heads and attrition a.
func (tm *team) reset(a float64) {
	ts := tm.spec
	tm.leave.set(a)
	tm.full, tm.open = 0, 0
	tm.ramping = tm.ramping[:0]
	clear(tm.pending)
	tm.leavers, tm.months, tm.spent, tm.lost = 0, 0, 0, 0
	if ts.start > 0 {
		if ts.full {
			tm.full = ts.start
		} else {
			tm.add(0, ts.start)
		}
	}
}

// month runs the team's month t (0-based), before capacity.
func (tm *team) month(t int) {
	ts := tm.spec
	if x := ts.cuts[t]; x > 0 {
		tm.cut(t, x)
	}
	if x := ts.hires[t]; x > 0 {
		tm.add(t, x)
	}
	if x := tm.pending[t]; x > 0 {
		tm.pending[t] = 0
		tm.add(t, x)
	}
	if tm.leave.p > 0 {
		tm.leavers += tm.draw(t)
	}
	// The heads working, ramped and paid; those whose ramp ends join
	// the ramped part, in the order they started.
	ramped, paid := tm.full, tm.full
	kept := tm.ramping[:0]
	for _, c := range tm.ramping {
		share := rampShare(float64(t-c.start+1), ts.ramp)
		if share >= 1 {
			tm.full += c.size
			ramped += c.size
			paid += c.size
			continue
		}
		ramped += c.size * share
		paid += c.size
		kept = append(kept, c)
	}
	tm.ramping = kept
	tm.ramped, tm.paid = ramped, paid
	tm.months += paid
	tm.spent += paid * ts.cost
}

// add starts x heads in month t: ramping, or at once in the ramped part
// when a first month is already full (ramp_months ≤ 1).
func (tm *team) add(t int, x float64) {
	if rampShare(1, tm.spec.ramp) >= 1 {
		tm.full += x
		return
	}
	tm.ramping = append(tm.ramping, cohort{start: t, size: x})
}

// cut removes x heads at the start of month t: open vacancies first, then
// pending replacements (the latest due first), then the latest started.
func (tm *team) cut(t int, x float64) {
	take := func(have *float64) {
		r := min(x, *have)
		*have -= r
		x -= r
	}
	take(&tm.open)
	for d := len(tm.pending) - 1; d >= t && x > 0; d-- {
		take(&tm.pending[d])
	}
	for i := len(tm.ramping) - 1; i >= 0 && x > 0; i-- {
		take(&tm.ramping[i].size)
	}
	take(&tm.full)
	kept := tm.ramping[:0]
	for _, c := range tm.ramping {
		if c.size > wholeSlack {
			kept = append(kept, c)
		}
	}
	tm.ramping = kept
}

// draw draws month t's leavers, Binomial(whole heads, attrition), and
// starts or schedules their replacements. Who leaves matters while some
// are ramping: the leavers are then picked one at a time from the whole
// heads (the split of independent leavings given their number), from a
// stream of their own, so that the count's stream takes one uniform a
// month whatever the plan.
func (tm *team) draw(t int) int {
	fullWhole := wholeHeads(tm.full)
	whole := fullWhole
	for _, c := range tm.ramping {
		whole += wholeHeads(c.size)
	}
	n := tm.leave.draw(&tm.rng, whole)
	if n == 0 {
		return 0
	}
	if len(tm.ramping) == 0 {
		tm.full = max(0, tm.full-float64(n))
	} else {
		for range n {
			r := int(tm.picks.below(uint64(whole)))
			whole--
			if r < fullWhole {
				tm.full = max(0, tm.full-1)
				fullWhole--
				continue
			}
			r -= fullWhole
			for i := range tm.ramping {
				c := &tm.ramping[i]
				w := wholeHeads(c.size)
				if r < w {
					c.size = max(0, c.size-1)
					break
				}
				r -= w
			}
		}
	}
	ts := tm.spec
	switch {
	case !ts.backfill:
		tm.open += float64(n)
	case ts.fill == 0:
		tm.add(t, float64(n))
	case t+ts.fill < len(tm.pending):
		tm.pending[t+ts.fill] += float64(n)
	}
	return n
}

// wholeSlack is how near a whole number a team's size counts as it.
const wholeSlack = 1e-9

// wholeHeads is the whole heads of a size: ⌊x⌋, within wholeSlack.
func wholeHeads(x float64) int {
	if !(x > 0) {
		return 0
	}
	return int(math.Floor(x + wholeSlack))
}
