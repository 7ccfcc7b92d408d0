package sim

// The flow of people is drawn in two parts, both exactly DESIGN.md's model
// in distribution.
//
// A channel's inflow runs from its entries to its first stop where
// channels meet: the handoff, for channels entering before it or at it, or
// else the last stage. Up to there every person moves on their own, so
// given the month's expected entries λ the people arriving at the stop in
// a month are Poisson (a Poisson count thinned by the conversions and
// delayed by the waits stays Poisson, and counts of different outcomes are
// independent): one draw a month, with the mean the recursion on expected
// counts gives. The follow-up at the handoff thins it once more. The stage
// counts before the stop, the entries and the follow-up losses are totals
// over the horizon: Poisson counts drawn once a trial in settle.
//
// After the handoff capacity and the queue make the counts depend on each
// other, so they are drawn as whole people, by segments: the stretch from
// being taken on, or leaving a waiting stage, to the next waiting stage or
// the last stage. A month's people cross its zero-wait stages in one
// Binomial(n, q) draw, q the product of the conversions, and a waiting stage
// keeps only those who will advance from it (the wait does not depend on
// the outcome, so deciding the outcome on arrival is the same model). Who
// dropped out where inside a segment again matters only to the stage
// counts, completed in settle by a multinomial split of its drop-outs.
//
// A channel that draws from a pool, the market or its own audience
// (DESIGN.md's "The market runs out"), cannot take the Poisson inflow:
// its expected entries depend on how many entered before. Its entries are
// drawn month by month as whole people, capped at what is left, and moved
// to its stop by the same segments (enterPools); its stage counts, entries
// and follow-up losses are then counted exactly as they happen, the stage
// counts of its drop-outs completed in settle as after the handoff.

// inflow moves channel ci's expected entries lambda of month t (0-based)
// through the recursion on expected counts up to its stop, and draws the
// month's arrivals there: into arr, for the gate or as new customers. For
// a path it keeps the expected follow-up losses, to spread the trial's
// losses over its months in settle.
func (w *worker) inflow(ci, t int, lambda float64, path int) {
	c := w.c
	K := c.stages
	ch := &c.ch[ci]
	x := ci * K
	in := lambda
	for k := ch.enters; k < ch.stop; k++ {
		w.inReach[x+k] += in
		if d := w.decide[k].p; d < 1 {
			pool := w.inPool[x+k] + in
			in = d * pool
			w.inPool[x+k] = pool - in
		}
		in *= w.conv[x+k+1]
	}
	w.inReach[x+ch.stop] += in
	if ch.stop == c.handoff {
		if path >= 0 {
			w.inLost[ci*c.horizon+t] = in * (1 - w.follow)
		}
		in *= w.follow
	}
	// Drawn even at a mean of 0, so that every month takes one uniform
	// whatever the plan.
	n := w.chRng[ci].poisson(in)
	w.inCount[ci] += n
	w.arr[x+ch.stop] += n
}

// enterPools is step 2 when some channel draws from a pool. Each channel's
// expected entries are λ·(R/N)·(R_c/A_c), with the market's people left R
// of its size N and the channel's audience left R_c of A_c after last
// month (a factor is 1 without its pool); its entries, Poisson as always,
// are capped at the whole people left in both pools, channels in name
// order, and leave them. A channel without a pool takes the inflow.
func (w *worker) enterPools(t, path int) {
	c := w.c
	w.lostNow = 0
	market := 1.0
	if c.market != noSlot {
		market = share(w.mLeft, w.mSize)
	}
	for ci := range c.ch {
		lambda := w.entry(ci, t)
		ch := &c.ch[ci]
		if !ch.deplete {
			w.inflow(ci, t, lambda, path)
			continue
		}
		if c.market != noSlot {
			lambda *= market
		}
		if ch.audience != noSlot {
			lambda *= share(w.aLeft[ci], w.aSize[ci])
		}
		n := w.chRng[ci].poisson(lambda)
		if c.market != noSlot {
			n = min(n, people(w.mLeft))
		}
		if ch.audience != noSlot {
			n = min(n, people(w.aLeft[ci]))
			w.aLeft[ci] -= float64(n)
		}
		if c.market != noSlot {
			w.mLeft -= float64(n)
		}
		w.entries[ci] += n
		w.walkIn(ci, n)
	}
	if path >= 0 && c.market != noSlot {
		w.out.marketLeft[path][t] = w.mLeft
	}
}

// share is left/size, 0 for an empty pool.
func share(left, size float64) float64 {
	if !(size > 0) || !(left > 0) {
		return 0
	}
	return left / size
}

// people is the whole people a pool of x holds, ⌊x⌋ (a drawn size need
// not be whole), or as many as an int count can hold.
func people(x float64) int {
	if !(x > 0) {
		return 0
	}
	if x >= 1<<62 {
		return 1 << 62
	}
	return int(x)
}

// walkIn moves a pool channel's n entries of the month, and the people
// waiting before its stop, to its stop by whole people: each waiting
// stage's pool is decided, the advancing move on; at the handoff they
// pass follow-up. The month's arrivals at the stop go into arr.
func (w *worker) walkIn(ci, n int) {
	c := w.c
	K := c.stages
	ch := &c.ch[ci]
	x := ci * K
	rng := &w.chRng[ci]
	at := w.passIn(ci, &w.preSeg[x+ch.enters], n)
	for k := ch.enters; k < ch.stop; k++ {
		d := &w.decide[k]
		if d.p >= 1 {
			continue // no wait: its people were passed through on arrival
		}
		pool := w.prePool[x+k]
		decided := d.draw(rng, pool)
		w.prePool[x+k] = pool - decided
		at += w.passIn(ci, &w.preSeg[x+k+1], decided)
	}
	if ch.stop == c.handoff {
		worked := rng.binomial(at, w.follow)
		lost := at - worked
		w.reached[c.handoff] += lost
		w.sum.lostFollowUp += lost
		w.lostNow += lost
		at = worked
	}
	w.arr[x+ch.stop] += at
}

// passIn sends n of a pool channel's people through seg, before its
// stop: into a waiting stage's pool, or it returns those who reach the
// stop.
func (w *worker) passIn(ci int, seg *segment, n int) int {
	s := n
	if seg.q < 1 {
		s = seg.thin.draw(&w.chRng[ci], n)
	}
	seg.arrived += n
	seg.passed += s
	if seg.pool {
		w.prePool[ci*w.c.stages+seg.stop] += s
		return 0
	}
	return s
}

// stages moves the people taken on at the handoff through the stages after
// it, every channel at a stage before the next; arrivals at the last stage
// are left in arr. It returns the people worked at the handoff and taken on.
func (w *worker) stages(capacity int) (worked, taken int) {
	c := w.c
	h := c.handoff
	if h < 0 {
		return 0, 0
	}
	K := c.stages
	worked, taken = w.gate(h, capacity)
	w.sum.taken += taken
	for ci, n := range w.split.took {
		w.pass(ci, &w.past[ci], n)
	}
	for k := h; k < K-1; k++ {
		d := &w.decide[k]
		if d.p >= 1 {
			continue // no wait: its people were passed through on arrival
		}
		for ci := range c.ch {
			// Without branches on empty pools or no one decided: they
			// are unpredictable, and a draw of 0 is cheap.
			x := ci*K + k
			n := w.pool[x]
			decided := d.draw(&w.chRng[ci], n)
			w.pool[x] = n - decided
			w.pass(ci, &w.seg[x+1], decided)
		}
	}
	return worked, taken
}

// gate is the handoff at stage k: this month's worked arrivals (the inflow
// has drawn follow-up) meet the capacity, the queue served first. It leaves
// those taken on in w.split.took and returns the people worked and taken on.
func (w *worker) gate(k, capacity int) (worked, taken int) {
	K := w.c.stages
	// The queue first, then this month's arrivals; whoever does not fit
	// waits.
	for ci := range w.worked {
		w.worked[ci] = w.arr[ci*K+k]
		worked += w.worked[ci]
	}
	w.reached[k] += worked
	clear(w.split.took)
	taken = w.split.admit(&w.sales, w.queue, capacity)
	taken += w.split.admit(&w.sales, w.worked, capacity-taken)
	for ci, n := range w.worked {
		w.queue[ci] += n
	}
	return worked, taken
}

// A segment is channel ci's stretch, after the handoff, from arriving at a
// stage to its next stop: a waiting stage, whose pool keeps those who will
// advance, or the last stage.
type segment struct {
	thin  site    // Binomial(n, q): those of n arrivals who reach the stop
	q     float64 // the chance an arrival reaches the stop
	from  int     // the stage people arrive at
	stop  int     // the stage they stop at
	pool  bool    // the stop is a waiting stage: join its pool
	first int     // the first stage whose count the segment adds to

	arrived, passed int // this trial's arrivals and those who reached the stop
}

// walk sets seg for channel ci's people arriving at stage k, counted from
// stage first on (those taken on at the handoff are counted there
// already): they cross the stages without a wait in the month they arrive
// and stop at the first stage with one, or at the last stage. q, their
// chance of reaching the stop, is the product of the conversions on the
// way, and at a waiting stop also the conversion out of it: its pool keeps
// only those who will advance, as the wait does not depend on the outcome.
func (w *worker) walk(seg *segment, ci, k, first int) {
	w.walkTo(seg, ci, k, first, w.c.stages-1)
}

// walkTo is walk with the stop at stage stop at the latest: a pool
// channel's stretch before its own stop, the handoff or the last stage.
func (w *worker) walkTo(seg *segment, ci, k, first, stop int) {
	K := w.c.stages
	from, q := k, 1.0
	for ; k < stop; k++ {
		q *= w.conv[ci*K+k+1]
		if w.decide[k].p < 1 {
			break
		}
	}
	seg.set(from, k, first, q, k < stop)
}

// set starts a trial's segment. Field by field: a composite literal would
// also clear the site's table of powers, a kilobyte that set makes stale
// anyway.
func (seg *segment) set(from, stop, first int, q float64, pool bool) {
	seg.from, seg.stop, seg.first, seg.pool = from, stop, first, pool
	seg.arrived, seg.passed = 0, 0
	seg.q = q
	seg.thin.set(q)
}

// pass sends n arrivals of channel ci through seg to its stop's pool or, at
// the last stage, to arr.
func (w *worker) pass(ci int, seg *segment, n int) {
	s := n
	if seg.q < 1 {
		s = seg.thin.draw(&w.chRng[ci], n)
	}
	seg.arrived += n
	seg.passed += s
	x := ci*w.c.stages + seg.stop
	if seg.pool {
		w.pool[x] += s
	} else {
		w.arr[x] += s
	}
}

// settle ends a trial: the stage counts and entries of each channel's
// inflow and segments, and the follow-up losses (spread over the months of
// a path's handed-off series).
func (w *worker) settle(path int) {
	c := w.c
	K := c.stages
	h := c.handoff
	for ci := range c.ch {
		ch := &c.ch[ci]
		rng := &w.chRng[ci]
		x := ci * K
		if ch.deplete {
			// Whole people from their entry: their segments' drop-outs.
			for k := ch.enters; k < ch.stop; k++ {
				w.count(ci, &w.preSeg[x+k], rng)
			}
		} else {
			w.settleInflow(ci, path)
		}

		if h >= 0 {
			w.count(ci, &w.past[ci], rng)
			for k := h + 1; k < K; k++ {
				w.count(ci, &w.seg[x+k], rng)
			}
		}
	}
}

// settleInflow completes channel ci's inflow: those who arrived at the
// stop, and for each stage before it those who reached it but not the
// next (dropped out, or still waiting), independent Poisson counts; the
// follow-up losses, spread over a path's handed-off series.
func (w *worker) settleInflow(ci, path int) {
	c := w.c
	K := c.stages
	h := c.handoff
	ch := &c.ch[ci]
	rng := &w.chRng[ci]
	x := ci * K
	reach := w.inReach[x : x+K]
	atStop := w.inCount[ci]
	if ch.stop == h {
		lost := rng.poisson(reach[h] * (1 - w.follow))
		w.sum.lostFollowUp += lost
		w.reached[h] += lost
		atStop += lost
		if path >= 0 {
			w.spread(ci, lost, path)
		}
	}
	passed := atStop
	for k := ch.stop - 1; k >= ch.enters; k-- {
		passed += rng.poisson(max(0, reach[k]-reach[k+1]))
		w.reached[k] += passed
	}
	w.entries[ci] = passed
}

// spread adds channel ci's lost follow-ups to path's handed-off series,
// month by month in proportion to their expected numbers (a multinomial
// split of a Poisson total is the months' independent Poisson counts).
func (w *worker) spread(ci, lost, path int) {
	H := w.c.horizon
	means := w.inLost[ci*H : (ci+1)*H]
	rest := 0.0
	for _, m := range means {
		rest += m
	}
	series := w.out.series[sHandedOff][path]
	for t, m := range means {
		// A draw every month, whatever is left: the stream after it
		// stays aligned whatever the plan.
		share := 1.0
		if m < rest {
			share = m / rest
		}
		n := w.chRng[ci].binomial(lost, share)
		series[t] += float64(n)
		lost -= n
		rest -= m
	}
}

// count adds seg's people to the stage counts: those who passed reached
// every stage up to its stop, and its drop-outs are split between the
// stages by the chance of dropping out at each.
func (w *worker) count(ci int, seg *segment, rng *stream) {
	K := w.c.stages
	last := seg.stop - 1
	if seg.pool {
		last = seg.stop
	}
	for k := seg.first; k <= last; k++ {
		w.reached[k] += seg.passed
	}
	dropped := seg.arrived - seg.passed
	// Dropping out at stage j, after reaching it: Π p over from+1 … j,
	// times 1 − p_{j+1}. Their sum is 1 − q. A draw at every stage but
	// the last, even with no one left: the stream after it stays aligned
	// whatever the plan.
	rest := 1 - seg.q
	reach := 1.0
	for j := seg.from; j <= last; j++ {
		p := w.conv[ci*K+j+1]
		out := reach * (1 - p)
		reach *= p
		n := dropped
		if j < last {
			share := 1.0
			if out < rest {
				share = out / rest
			}
			n = rng.binomial(dropped, share)
		}
		dropped -= n
		rest -= out
		for k := seg.first; k <= j; k++ {
			w.reached[k] += n
		}
	}
}
