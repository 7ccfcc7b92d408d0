package sim

import (
	"math"

	"github.com/harvest-planning/harvest/model"
)

// Metric indices into MetricNames, for the inner loop.
const (
	mRevenue = iota
	mNewRevenue
	mNewGrossProfit
	mNewCustomers
	mSpend
	mSpendMarketing
	mSpendSales
	mCAC
	mROI
	mLTV
	mLifetimeROI
	mLTVCAC
	mPayback
	mEndingCustomers
	mEndingMRR
	mLostFollowUp
	mLostQueue
	mCapacityUsed
	mMarketingShare
	mSalesShare
	numMetrics
)

// Channel metric indices into ChannelMetricNames.
const (
	cmSpend = iota
	cmEntries
	cmCustomers
	cmNewRevenue
	cmCAC
	cmROI
	numChannelMetrics
)

// Series indices into SeriesNames.
const (
	sRevenue = iota
	sMRR
	sNewCustomers
	sCustomers
	sSpend
	sHandedOff
	sCapacity
	sTakenOn
	sQueue
	numSeries
)

// ltvMonths is the number of months an ltv sums and payback searches.
const ltvMonths = 60

// columns are the per-trial outputs a worker writes, by index.
type columns struct {
	metrics  [numMetrics][]float64
	stages   [][]float64                    // [k][trial]
	channels [][numChannelMetrics][]float64 // [c][metric][trial]
	inputs   [][]float64                    // [j][trial]
	series   [numSeries][][]float64         // [series][path][month]
}

// worker runs trials. It owns its streams and buffers: once made, a trial
// allocates nothing.
type worker struct {
	c    *compiled
	out  *columns
	seed uint64

	vals []float64 // per slot, this trial's values

	rng   stream   // inputs
	chRng []stream // per channel
	sales stream
	cust  stream

	// This trial's binomial sites (see site.go), segments and parameters.
	conv    []float64 // [c*K+k] channel c's conversion into stage k
	seg     []segment // [c*K+k] channel c's people arriving at stage k
	past    []segment // [c] channel c's people just taken on at the handoff
	decide  []site    // [k] share of stage k decided per month, 1/(1 + months)
	follow  site      // sales.follow_up
	decay   site      // sales.queue_decay
	churn   site      // customers.churn
	repeat  site      // customers.repeat
	effCoef []float64 // [c] carryover
	// pois[c] is the Poisson setup of channel c's last entries: λ often
	// repeats month to month.
	pois []poissonSetup
	par  params
	sum  tally

	// Flow state.
	pool   []int     // [c*K+k] people waiting in stage k who will advance
	arr    []int     // [c*K+k] this month's arrivals at the handoff and the last stage
	queue  []int     // [c] waiting for sales
	eff    []float64 // [c] effective spend
	worked []int     // [c] this month's arrivals at the handoff, followed up
	took   []int     // [c] this month's people taken on at the handoff
	lambda []float64 // [c] the trial's expected entries, summed over months
	grpN   []int     // [g] customers per group: 0 starting, 1+c channel c
	grpR   []float64 // [g] the group's monthly revenue (subscription)

	// Per-trial totals.
	reached   []int     // [k]
	entries   []int     // [c]
	customers []int     // [c]
	newRev    []float64 // [c]
}

func newWorker(c *compiled, out *columns, seed uint64) *worker {
	K, C := c.stages, c.chans
	w := &worker{
		c: c, out: out, seed: seed,
		vals:  append([]float64(nil), c.fixed...),
		chRng: make([]stream, C),
		conv:  make([]float64, C*K), seg: make([]segment, C*K), past: make([]segment, C),
		decide: make([]site, K), effCoef: make([]float64, C), pois: make([]poissonSetup, C),
		pool: make([]int, C*K), arr: make([]int, C*K), queue: make([]int, C),
		eff: make([]float64, C), worked: make([]int, C), took: make([]int, C), lambda: make([]float64, C),
		grpN: make([]int, C+1), grpR: make([]float64, C+1),
		reached: make([]int, K), entries: make([]int, C), customers: make([]int, C), newRev: make([]float64, C),
	}
	return w
}

// draw sets this trial's uncertain values, each from its own substream.
func (w *worker) draw(i int) {
	for j := range w.c.inputs {
		in := &w.c.inputs[j]
		w.rng.reset(w.seed, uint64(i), in.sub)
		u := w.rng.float64() + 0x1p-54 // in (0, 1)
		x := clamp(in.q.at(u), in.lo, in.hi)
		w.vals[in.slot] = x
		w.out.inputs[j][i] = x
	}
}

// params are this trial's drawn numbers that the months use.
type params struct {
	value, margin, churn, grow, repeat float64
	capPerRep                          float64
	variable                           float64 // commission and onboarding per new customer
}

// tally sums a trial's months.
type tally struct {
	revenue, capacity                            float64
	newCustomers, lostFollowUp, lostQueue, taken int
}

// trial runs trial i and writes its outcomes at index i.
func (w *worker) trial(i int) {
	w.start(i)
	path := -1
	if i < len(w.out.series[0]) {
		path = i
	}
	for t := range w.c.horizon {
		w.month(t, path)
	}
	w.settle()
	w.record(i)
}

// start draws trial i's values, sets its sites and streams, and empties
// the flow.
func (w *worker) start(i int) {
	c := w.c
	K := c.stages
	v := w.vals
	w.draw(i)
	for k := range K {
		w.decide[k].set(1 / (1 + v[c.months[k]]))
	}
	for x := range w.conv {
		if x%K != 0 {
			w.conv[x] = v[c.conv[x]]
		}
	}
	for ci := range c.ch {
		for k := c.ch[ci].enters; k < K; k++ {
			w.walk(&w.seg[ci*K+k], ci, k, false)
		}
		if h := c.handoff; h >= c.ch[ci].enters {
			w.walk(&w.past[ci], ci, h, true)
		}
		w.chRng[ci].reset(w.seed, uint64(i), c.ch[ci].sub)
		w.effCoef[ci] = 0
		if c.ch[ci].carry != noSlot {
			w.effCoef[ci] = v[c.ch[ci].carry]
		}
	}
	w.sales.reset(w.seed, uint64(i), subSales)
	w.cust.reset(w.seed, uint64(i), subCustomers)

	p := &w.par
	*p = params{value: v[c.value], margin: v[c.margin], churn: v[c.churn], grow: 1 + v[c.expansion], repeat: v[c.repeat]}
	w.churn.set(p.churn)
	w.repeat.set(p.repeat)
	if c.hasSales {
		p.capPerRep = v[c.capPerRep]
		w.follow.set(v[c.followUp])
		w.decay.set(v[c.queueDecay])
	}
	booking := p.value
	if !c.oneTime {
		booking = 12 * p.value
	}
	p.variable = c.commission*booking + v[c.onboarding]

	w.sum = tally{}
	clear(w.pool)
	clear(w.lambda)
	clear(w.queue)
	clear(w.eff)
	clear(w.grpN)
	clear(w.grpR)
	clear(w.reached)
	clear(w.entries)
	clear(w.customers)
	clear(w.newRev)
	w.grpN[0] = c.starting
	if !c.oneTime {
		w.grpR[0] = float64(c.starting) * p.value
	}
}

// month runs month t (0-based) in DESIGN.md's order, and keeps its series
// when path ≥ 0.
func (w *worker) month(t, path int) {
	c := w.c
	K := c.stages

	// 1. Capacity.
	capacity := math.MaxInt
	if c.hasSales {
		capacity = int(math.Floor(c.repsRamped[t] * w.par.capPerRep))
		w.sum.capacity += float64(capacity)
	}

	// 2. Entries.
	clear(w.arr)
	for ci := range c.ch {
		w.entry(ci, t)
	}

	// 3. Queue decay.
	for ci, q := range w.queue {
		if q > 0 {
			lost := w.decay.draw(&w.chRng[ci], q)
			w.queue[ci] = q - lost
			w.sum.lostQueue += lost
		}
	}

	// 4. Stages.
	handed, taken := w.stages(capacity)

	// 5. New customers.
	won := 0
	for ci := range c.ch {
		a := w.arr[ci*K+K-1]
		won += a
		w.customers[ci] += a
	}
	w.reached[K-1] += won
	w.sum.newCustomers += won

	// 6. Customers.
	revenue, mrr, customers := w.keep()
	w.sum.revenue += revenue

	if path >= 0 {
		s := &w.out.series
		s[sRevenue][path][t] = revenue
		s[sMRR][path][t] = mrr
		s[sNewCustomers][path][t] = float64(won)
		s[sCustomers][path][t] = float64(customers)
		// 7. Costs (the totals are summed once per trial in record).
		s[sSpend][path][t] = c.monthSpend(t) + float64(won)*w.par.variable
		s[sHandedOff][path][t] = float64(handed)
		if c.hasSales {
			s[sCapacity][path][t] = float64(capacity)
		}
		s[sTakenOn][path][t] = float64(taken)
		s[sQueue][path][t] = float64(sumInts(w.queue))
	}
}

// stages moves people through stages 0 … K−2, every channel at a stage
// before the next, with the handoff's gate at its stage; arrivals at the
// last stage are left in arr. It returns the people handed off and taken on.
//
// Only the stages where time passes or channels meet are visited (see
// segment): a waiting stage's pool, the handoff, the last stage.
func (w *worker) stages(capacity int) (handed, taken int) {
	c := w.c
	K := c.stages
	for k := 0; k < K-1; k++ {
		if k == c.handoff {
			var lost int
			handed, taken, lost = w.gate(k, capacity)
			w.sum.lostFollowUp += lost
			w.sum.taken += taken
			for ci, n := range w.took {
				if n > 0 {
					w.pass(ci, &w.past[ci], n)
				}
			}
		}
		d := &w.decide[k]
		if d.p >= 1 {
			continue // no wait: its people were passed through on arrival
		}
		for ci := range c.ch {
			x := ci*K + k
			n := w.pool[x]
			if n == 0 {
				continue
			}
			decided := d.draw(&w.chRng[ci], n)
			if decided > 0 {
				w.pool[x] = n - decided
				w.pass(ci, &w.seg[x+1], decided)
			}
		}
	}
	return handed, taken
}

// A segment is the stretch of one channel's path from arriving at a stage
// to its next stop: a stage with a wait, the handoff, or the last stage.
// Nothing in between takes time or meets another channel, so the people
// who cross it in a month are one Binomial(arrivals, q) draw, q the product
// of its conversions; and at a waiting stop only those who will advance
// from it are kept (the wait does not depend on the outcome, so deciding
// the outcome on arrival is the same model), which makes them the product's
// last factor. Who dropped out where inside a segment matters only to the
// stage counts, which are totals over the horizon: settle draws them once
// a trial, as a multinomial split of the segment's drop-outs. The same
// holds for entries, which are Poisson: those who reach the stop and those
// who do not are independent Poisson counts (thinning), so a month draws
// only the first, with mean λ·q.
type segment struct {
	thin  site    // Binomial(n, q): those of n arrivals who reach the stop
	q     float64 // the chance an arrival reaches the stop
	from  int     // the stage people arrive at
	stop  int     // the stage they stop at
	pool  bool    // the stop is a waiting stage: join its pool
	first int     // the first stage whose count the segment adds to

	arrived, passed int // this trial's arrivals and those who reached the stop
}

// walk sets seg for channel ci's people arriving at stage k. taken marks
// those just taken on at the handoff: they are counted there already and
// do not meet the gate again.
func (w *worker) walk(seg *segment, ci, k int, taken bool) {
	c := w.c
	K := c.stages
	*seg = segment{from: k, first: k}
	if taken {
		seg.first = k + 1
	}
	q := 1.0
	for ; ; k++ {
		if k == K-1 || (k == c.handoff && !(taken && k == seg.from)) {
			seg.stop = k
			break
		}
		q *= w.conv[ci*K+k+1]
		if w.decide[k].p < 1 {
			seg.stop, seg.pool = k, true
			break
		}
	}
	seg.q = q
	seg.thin.set(q)
}

// pass sends n arrivals of channel ci through seg: those who reach its stop
// join the stop's pool or its arrivals.
func (w *worker) pass(ci int, seg *segment, n int) {
	s := n
	if seg.q < 1 {
		s = seg.thin.draw(&w.chRng[ci], n)
	}
	seg.arrived += n
	w.deliver(ci, seg, s)
}

// deliver adds n people to seg's stop and to its count of those passed.
func (w *worker) deliver(ci int, seg *segment, n int) {
	seg.passed += n
	x := ci*w.c.stages + seg.stop
	if seg.pool {
		w.pool[x] += n
	} else {
		w.arr[x] += n
	}
}

// settle ends a trial's stage counts and entries: each segment's arrivals
// reached every stage up to where they stopped or dropped out, and the
// drop-outs are split between the stages by the chance of dropping out at
// each (for entries, independent Poisson counts with the summed λ).
func (w *worker) settle() {
	c := w.c
	K := c.stages
	for ci := range c.ch {
		e := c.ch[ci].enters
		rng := &w.chRng[ci]
		entry := &w.seg[ci*K+e]
		w.entries[ci] = entry.passed + w.count(ci, entry, rng, 0, w.lambda[ci])
		for k := e + 1; k < K; k++ {
			seg := &w.seg[ci*K+k]
			w.count(ci, seg, rng, seg.arrived-seg.passed, 0)
		}
		if c.handoff >= e {
			seg := &w.past[ci]
			w.count(ci, seg, rng, seg.arrived-seg.passed, 0)
		}
	}
}

// count adds seg's people to the stage counts and returns its drop-outs:
// dropped of them when lambda is 0, else Poisson with mean lambda × the
// chance of dropping out.
func (w *worker) count(ci int, seg *segment, rng *stream, dropped int, lambda float64) int {
	c := w.c
	K := c.stages
	last := seg.stop - 1
	if seg.pool {
		last = seg.stop
	}
	for k := seg.first; k <= last; k++ {
		w.reached[k] += seg.passed
	}
	if seg.q >= 1 || (dropped == 0 && lambda == 0) {
		return 0
	}
	// Dropping out at stage j, after reaching it: Π p over from+1 … j,
	// times 1 − p_{j+1}. Their sum is 1 − q.
	rest := 0.0
	reach := 1.0
	for j := seg.from; j <= last; j++ {
		p := w.conv[ci*K+j+1]
		rest += reach * (1 - p)
		reach *= p
	}
	total := 0
	reach = 1.0
	for j := seg.from; j <= last && (dropped > 0 || lambda > 0); j++ {
		p := w.conv[ci*K+j+1]
		out := reach * (1 - p)
		reach *= p
		var n int
		switch {
		case lambda > 0:
			n = rng.poisson(lambda * out)
		case j == last || out >= rest:
			n = dropped
		default:
			n = rng.binomial(dropped, out/rest)
		}
		dropped -= n
		rest -= out
		total += n
		for k := max(seg.first, seg.from); k <= j; k++ {
			w.reached[k] += n
		}
	}
	return total
}

// keep churns the customers kept from earlier months, grows or repeats
// their revenue, adds this month's new customers (in arr's last stage) and
// returns the month's revenue, MRR (0 for one_time) and customers.
func (w *worker) keep() (revenue, mrr float64, customers int) {
	c := w.c
	K := c.stages
	p := &w.par
	for g, n := range w.grpN {
		if n == 0 {
			continue
		}
		lost := w.churn.draw(&w.cust, n)
		kept := n - lost
		w.grpN[g] = kept
		switch {
		case c.oneTime:
			if kept > 0 && p.repeat > 0 {
				r := float64(w.repeat.draw(&w.cust, kept)) * p.value
				revenue += r
				if g > 0 {
					w.newRev[g-1] += r
				}
			}
		case kept == 0:
			w.grpR[g] = 0
		default:
			// A churned customer takes the group's average revenue.
			w.grpR[g] = (w.grpR[g] - w.grpR[g]*float64(lost)/float64(n)) * p.grow
		}
	}
	for ci := range c.ch {
		a := w.arr[ci*K+K-1]
		w.grpN[ci+1] += a
		if c.oneTime {
			r := float64(a) * p.value
			revenue += r
			w.newRev[ci] += r
		} else {
			w.grpR[ci+1] += float64(a) * p.value
		}
	}
	for g, n := range w.grpN {
		customers += n
		if !c.oneTime {
			mrr += w.grpR[g]
			if g > 0 {
				w.newRev[g-1] += w.grpR[g]
			}
		}
	}
	if !c.oneTime {
		revenue = mrr
	}
	return revenue, mrr, customers
}

// record writes trial i's metrics, stages and channels.
func (w *worker) record(i int) {
	c := w.c
	p := &w.par
	newRevenue := 0.0
	for ci := range c.ch {
		newRevenue += w.newRev[ci]
	}
	m := &w.out.metrics
	nc := float64(w.sum.newCustomers)
	spendMarketing := c.spendMarketing
	spendSales := c.spendSalesBase + nc*p.variable
	spend := spendMarketing + spendSales
	grossProfit := newRevenue * p.margin
	cac := ratio(spend, nc)
	ltv := c.ltv(p.value, p.margin, p.churn, p.grow-1, p.repeat)
	revenue := w.sum.revenue

	m[mRevenue][i] = revenue
	m[mNewRevenue][i] = newRevenue
	m[mNewGrossProfit][i] = grossProfit
	m[mNewCustomers][i] = nc
	m[mSpend][i] = spend
	m[mSpendMarketing][i] = spendMarketing
	m[mSpendSales][i] = spendSales
	m[mCAC][i] = cac
	m[mROI][i] = ratio(grossProfit-spend, spend)
	m[mLTV][i] = ltv
	m[mLifetimeROI][i] = ratio(nc*ltv-spend, spend)
	m[mLTVCAC][i] = ratio(ltv, cac)
	m[mPayback][i] = c.payback(cac, p.value, p.margin, p.churn, p.repeat)
	m[mEndingCustomers][i] = float64(sumInts(w.grpN))
	endingMRR := 0.0
	if !c.oneTime {
		for _, r := range w.grpR {
			endingMRR += r
		}
	}
	m[mEndingMRR][i] = endingMRR
	m[mLostFollowUp][i] = float64(w.sum.lostFollowUp)
	m[mLostQueue][i] = float64(w.sum.lostQueue)
	m[mCapacityUsed][i] = math.NaN()
	if c.hasSales {
		m[mCapacityUsed][i] = ratio(float64(w.sum.taken), w.sum.capacity)
	}
	m[mMarketingShare][i] = ratio(spendMarketing, revenue)
	m[mSalesShare][i] = ratio(spendSales, revenue)

	for k := range c.stages {
		w.out.stages[k][i] = float64(w.reached[k])
	}
	H := float64(c.horizon)
	for ci := range c.ch {
		cm := &w.out.channels[ci]
		own := c.ch[ci].spend * H
		cust := float64(w.customers[ci])
		cm[cmSpend][i] = own
		cm[cmEntries][i] = float64(w.entries[ci])
		cm[cmCustomers][i] = cust
		cm[cmNewRevenue][i] = w.newRev[ci]
		cm[cmCAC][i] = ratio(own, cust)
		cm[cmROI][i] = ratio(w.newRev[ci]*p.margin-own, own)
	}
}

// entry draws channel ci's arrivals in month t (0-based) who reach the
// stop of its first segment, and adds the month's λ to the trial's.
func (w *worker) entry(ci, t int) {
	ch := &w.c.ch[ci]
	v := w.vals
	var lambda float64
	if ch.response == model.Headcount {
		lambda = ch.ramp[t] * v[ch.perHead]
	} else {
		cc := w.effCoef[ci]
		s := (1-cc)*ch.spend + cc*w.eff[ci]
		w.eff[ci] = s
		switch ch.response {
		case model.Linear:
			if ch.maxPer != noSlot {
				m := v[ch.maxPer]
				lambda = m * -math.Expm1(-s/(v[ch.unitCost]*m))
			} else {
				lambda = s / v[ch.unitCost]
			}
		case model.Saturating:
			m := v[ch.maxPer]
			lambda = m * -math.Expm1(-s/(v[ch.unitCost]*m))
		case model.Hill:
			m, k, sh := v[ch.maxPer], v[ch.half], v[ch.shape]
			ss := math.Pow(s, sh)
			lambda = m * ss / (ss + math.Pow(k, sh))
		}
	}
	rng := &w.chRng[ci]
	if ch.volatility > 0 {
		lambda *= rng.gamma(ch.gShape) * ch.gScale
	}
	if !(lambda > 0) {
		return
	}
	lambda = min(lambda, maxLambda)
	w.lambda[ci] += lambda
	seg := &w.seg[ci*w.c.stages+ch.enters]
	w.deliver(ci, seg, rng.poissonWith(&w.pois[ci], lambda*seg.q))
}

// maxLambda caps a month's expected entries per channel, so that a unit
// cost drawn near zero cannot overflow the counts.
const maxLambda = 1e12

// gate is the handoff at stage k: this month's arrivals pass follow-up and,
// with the queue served first, the capacity. It leaves those taken on in
// took and returns the people handed off, taken on, and dropped by
// follow-up.
func (w *worker) gate(k, capacity int) (handed, taken, lost int) {
	c := w.c
	K := c.stages
	worked := 0
	for ci := range c.ch {
		a := w.arr[ci*K+k]
		handed += a
		w.reached[k] += a
		f := w.follow.draw(&w.chRng[ci], a)
		lost += a - f
		w.worked[ci] = f
		worked += f
	}
	// The queue first, then this month's worked arrivals; whoever does not
	// fit waits.
	clear(w.took)
	taken = w.admit(w.queue, capacity)
	taken += w.admit(w.worked, capacity-taken)
	for ci := range c.ch {
		w.queue[ci] += w.worked[ci]
	}
	return handed, taken, lost
}

// admit takes up to capacity people from counts (per channel) into took,
// leaving the rest in counts, and returns how many it took. When not all
// fit, each channel's share is drawn hypergeometrically.
func (w *worker) admit(counts []int, capacity int) int {
	total := sumInts(counts)
	if total <= capacity {
		for ci, n := range counts {
			w.took[ci] += n
			counts[ci] = 0
		}
		return total
	}
	draws := capacity
	for ci, n := range counts {
		if draws == 0 {
			break
		}
		got := draws
		if n < total {
			got = hyper(&w.sales, total, n, draws)
		}
		w.took[ci] += got
		counts[ci] = n - got
		total -= n
		draws -= got
	}
	return capacity
}

// hyper is hypergeometric(total, good, draws) with the certain cases free.
func hyper(s *stream, total, good, draws int) int {
	if good == 0 || draws == 0 {
		return 0
	}
	return s.hypergeometric(total, good, draws)
}

// ratio is a/b, NaN where undefined (b = 0 or a non-finite result).
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	r := a / b
	if math.IsInf(r, 0) {
		return math.NaN()
	}
	return r
}

func sumInts(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// monthSpend is month t's spend before commission and onboarding.
func (c *compiled) monthSpend(t int) float64 {
	s := 0.0
	for i := range c.ch {
		s += c.ch[i].spend
	}
	if c.hasSales {
		s += c.repCost[t]
	}
	return s
}

// ltv is DESIGN.md's lifetime value of one new customer.
func (c *compiled) ltv(value, margin, churn, expansion, repeat float64) float64 {
	disc := 1 / (1 + c.discount)
	if c.oneTime {
		r := (1 - churn) * disc
		sum, f := 0.0, 1.0
		for m := 1; m < ltvMonths; m++ {
			f *= r
			sum += f
		}
		return value * margin * (1 + repeat*sum)
	}
	r := (1 - churn) * (1 + expansion) * disc
	sum, f := 0.0, 1.0
	for m := 0; m < ltvMonths; m++ {
		sum += f
		f *= r
	}
	return value * margin * sum
}

// payback is the months a new customer's gross profit takes to repay cac.
func (c *compiled) payback(cac, value, margin, churn, repeat float64) float64 {
	if math.IsNaN(cac) {
		return math.NaN()
	}
	if !c.oneTime {
		return ratio(cac, value*margin)
	}
	got, f, sum := value*margin, 1.0, 0.0
	for m := 0; m <= ltvMonths; m++ {
		if m > 0 {
			f *= 1 - churn
			sum += f
		}
		if got*(1+repeat*sum) >= cac {
			return float64(m)
		}
	}
	return math.NaN()
}
