package sim

import (
	"math"
	"slices"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// The engine's outputs are named by measure's catalog: a run has a column
// per metric of measure.Names, per channel metric of measure.ChannelNames,
// and a monthly series per measure.SeriesNames. Each index below is where
// the engine writes one of them; adding a metric is its catalog entry, an
// index here and its computation in record.
var (
	metricNames        = measure.Names()
	channelMetricNames = measure.ChannelNames()
	seriesNames        = measure.SeriesNames()
)

// Metric indices into metricNames, for the inner loop.
var (
	mRevenue         = at(metricNames, "revenue")
	mNewRevenue      = at(metricNames, "new_revenue")
	mNewGrossProfit  = at(metricNames, "new_gross_profit")
	mNewCustomers    = at(metricNames, "new_customers")
	mSpend           = at(metricNames, "spend")
	mSpendMarketing  = at(metricNames, "spend_marketing")
	mSpendSales      = at(metricNames, "spend_sales")
	mCAC             = at(metricNames, "cac")
	mROI             = at(metricNames, "roi")
	mLTV             = at(metricNames, "ltv")
	mLifetimeROI     = at(metricNames, "lifetime_roi")
	mLTVCAC          = at(metricNames, "ltv_cac")
	mPayback         = at(metricNames, "payback_months")
	mEndingCustomers = at(metricNames, "ending_customers")
	mEndingMRR       = at(metricNames, "ending_mrr")
	mLostFollowUp    = at(metricNames, "lost_follow_up")
	mLostQueue       = at(metricNames, "lost_queue")
	mCapacityUsed    = at(metricNames, "capacity_used")
	mMarketingShare  = at(metricNames, "marketing_share_of_revenue")
	mSalesShare      = at(metricNames, "sales_share_of_revenue")
	mMarketReached   = at(metricNames, "market_reached")
	mRepMonths       = at(metricNames, "rep_months")
	mRepLeavers      = at(metricNames, "rep_leavers")
	mCapacityLost    = at(metricNames, "capacity_lost")
	mCashEnd         = at(metricNames, "cash_end")
	mCashMin         = at(metricNames, "cash_min")
	mRunway          = at(metricNames, "runway_months")
	mBreakEven       = at(metricNames, "break_even_month")
)

// Channel metric indices into channelMetricNames.
var (
	cmSpend        = at(channelMetricNames, "spend")
	cmEntries      = at(channelMetricNames, "entries")
	cmCustomers    = at(channelMetricNames, "customers")
	cmNewRevenue   = at(channelMetricNames, "new_revenue")
	cmCAC          = at(channelMetricNames, "cac")
	cmROI          = at(channelMetricNames, "roi")
	cmAudienceUsed = at(channelMetricNames, "audience_used")
	cmHeadMonths   = at(channelMetricNames, "head_months")
	cmLeavers      = at(channelMetricNames, "leavers")
)

// Series indices into seriesNames.
var (
	sRevenue      = at(seriesNames, "revenue")
	sMRR          = at(seriesNames, "mrr")
	sNewCustomers = at(seriesNames, "new_customers")
	sCustomers    = at(seriesNames, "customers")
	sSpend        = at(seriesNames, "spend")
	sHandedOff    = at(seriesNames, "handed_off")
	sCapacity     = at(seriesNames, "capacity")
	sTakenOn      = at(seriesNames, "taken_on")
	sQueue        = at(seriesNames, "queue")
)

// Measures reports whether a run of s measures metric m of the catalog
// (of channel ch, for a channel metric): every run measures a metric
// that needs no key; one that needs a key the scenario does not use
// (m.Needs) has no column, so that a scenario without it is summarised
// exactly as before the metric existed.
func Measures(s *model.Scenario, m measure.Metric, ch *model.Channel) bool {
	switch m.Needs {
	case "":
		return true
	case "market.size":
		return s.Market != nil
	case "company.cash":
		return s.Company != nil
	case "sales.attrition":
		return s.Sales != nil && s.Sales.HasAttrition
	case "channels.NAME.audience":
		return ch != nil && ch.HasAudience
	case "channels.NAME.attrition":
		return ch != nil && ch.Response == model.Headcount && ch.HasAttrition
	}
	return false
}

// at is name's index in names. A name the catalog lacks is a bug in the
// engine, found the moment the package loads.
func at(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	panic("sim: the catalog has no " + name)
}

// ltvMonths is the number of months an ltv sums and payback searches.
const ltvMonths = 60

// columns are the per-trial outputs a worker writes, by index.
type columns struct {
	metrics  [][]float64   // [metric][trial], by measure.Names
	stages   [][]float64   // [k][trial]
	channels [][][]float64 // [c][metric][trial], by measure.ChannelNames
	inputs   [][]float64   // [j][trial]
	series   [][][]float64 // [series][path][month], by measure.SeriesNames
	// marketLeft is [path][month], with a market; chSpend [c][path][month];
	// cash and netCash [path][month], with a company section.
	marketLeft    [][]float64
	chSpend       [][][]float64
	cash, netCash [][]float64
}

// worker runs trials. It owns its streams and buffers: once made, a trial
// allocates nothing.
type worker struct {
	c    *compiled
	out  *columns
	seed uint64
	key  trialKey // this trial's part of its streams' seeding

	vals []float64 // per slot, this trial's values

	rng    stream   // inputs
	chRng  []stream // per channel
	volRng []stream // per channel, its volatility's
	sales  stream
	cust   stream

	// This trial's binomial sites (see site.go), segments and parameters.
	conv    []float64 // [c*K+k] channel c's conversion into stage k
	seg     []segment // [c*K+k] channel c's people arriving at stage k after the handoff
	past    []segment // [c] channel c's people just taken on at the handoff
	decide  []site    // [k] share of stage k decided per month, 1/(1 + months)
	follow  float64   // sales.follow_up (1 without sales)
	decay   site      // sales.queue_decay
	churn   site      // customers.churn
	repeat  site      // customers.repeat
	effCoef []float64 // [c] carryover
	perCost []float64 // [c] 1/unit_cost, for a linear response
	par     params
	sum     tally

	// Flow state.
	inPool  []float64 // [c*K+k] expected people waiting in stage k before the stop (see inflow)
	inReach []float64 // [c*K+k] expected arrivals at stage k so far, up to the stop
	inCount []int     // [c] people drawn arriving at the stop so far
	inLost  []float64 // [c*H+t] a path's expected follow-up losses in month t
	pool    []int     // [c*K+k] people waiting in stage k who will advance
	arr     []int     // [c*K+k] this month's arrivals at the handoff and the last stage
	queue   []int     // [c] waiting for sales
	eff     []float64 // [c] effective spend
	worked  []int     // [c] this month's arrivals at the handoff, followed up
	split   split     // short capacity's split; its took: this month's people taken on
	grpN    []int     // [g] customers per group: 0 starting, 1+c channel c
	grpR    []float64 // [g] the group's monthly revenue (subscription)
	teams   []team    // [c.teams] the teams whose heads leave
	cash    cashState // with a company section

	// The pools channels draw from (flow.go's whole inflow): the market's
	// size N and people left R, and each channel's audience.
	mSize, mLeft float64
	aSize, aLeft []float64 // [c]
	preSeg       []segment // [c*K+k] a pool channel's people arriving at stage k before its stop
	prePool      []int     // [c*K+k] a pool channel's people waiting in stage k before its stop, who will advance
	lostNow      int       // this month's people lost to follow-up from pool channels

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
		vals:  slices.Clone(c.fixed),
		chRng: make([]stream, C), volRng: make([]stream, C),
		conv: make([]float64, C*K), seg: make([]segment, C*K), past: make([]segment, C),
		decide: make([]site, K), effCoef: make([]float64, C), perCost: make([]float64, C),
		inPool: make([]float64, C*K), inReach: make([]float64, C*K), inCount: make([]int, C),
		inLost: make([]float64, C*c.horizon),
		pool:   make([]int, C*K), arr: make([]int, C*K), queue: make([]int, C),
		eff: make([]float64, C), worked: make([]int, C), split: newSplit(C),
		grpN: make([]int, C+1), grpR: make([]float64, C+1),
		reached: make([]int, K), entries: make([]int, C), customers: make([]int, C), newRev: make([]float64, C),
		teams: make([]team, len(c.teams)),
	}
	if c.deplete {
		w.aSize, w.aLeft = make([]float64, C), make([]float64, C)
		w.preSeg, w.prePool = make([]segment, C*K), make([]int, C*K)
	}
	for i, ts := range c.teams {
		w.teams[i].init(ts, c.horizon)
	}
	if c.cash != nil {
		w.cash = newCashState(c)
	}
	return w
}

// draw sets this trial's uncertain values, each from its own substream.
func (w *worker) draw(i int) {
	for j := range w.c.inputs {
		in := &w.c.inputs[j]
		w.rng.resetFrom(w.key, in.sub)
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
	w.settle(path)
	w.record(i)
}

// start draws trial i's values, sets its sites and streams, and empties
// the flow.
func (w *worker) start(i int) {
	c := w.c
	K := c.stages
	v := w.vals
	w.key = newTrialKey(w.seed, uint64(i))
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
		// Every channel's segments after the handoff, even one entering
		// past it, which passes no one through them: the flow passes
		// every channel's counts, zeros included, without asking.
		if h := c.handoff; h >= 0 {
			w.walk(&w.past[ci], ci, h, h+1)
			for k := h + 1; k < K; k++ {
				w.walk(&w.seg[ci*K+k], ci, k, k)
			}
		}
		if ch := &c.ch[ci]; ch.deplete {
			for k := ch.enters; k <= ch.stop; k++ {
				w.walkTo(&w.preSeg[ci*K+k], ci, k, k, ch.stop)
			}
			w.aSize[ci], w.aLeft[ci] = 0, 0
			if ch.audience != noSlot {
				w.aSize[ci] = v[ch.audience]
				w.aLeft[ci] = w.aSize[ci]
			}
		}
		w.chRng[ci].resetFrom(w.key, c.ch[ci].sub)
		if c.ch[ci].volatility > 0 {
			w.volRng[ci].resetFrom(w.key, c.ch[ci].volSub)
		}
		w.effCoef[ci] = 0
		if c.ch[ci].carry != noSlot {
			w.effCoef[ci] = v[c.ch[ci].carry]
		}
		if c.ch[ci].unitCost != noSlot {
			w.perCost[ci] = 1 / v[c.ch[ci].unitCost]
		}
	}
	w.sales.resetFrom(w.key, subSales)
	w.cust.resetFrom(w.key, subCustomers)
	for i := range w.teams {
		tm := &w.teams[i]
		tm.rng.resetFrom(w.key, tm.spec.sub)
		tm.picks.resetFrom(w.key, tm.spec.pickSub)
		tm.reset(v[tm.spec.attrition])
	}

	p := &w.par
	*p = params{value: v[c.value], margin: v[c.margin], churn: v[c.churn], grow: 1 + v[c.expansion], repeat: v[c.repeat]}
	w.churn.set(p.churn)
	w.repeat.set(p.repeat)
	w.follow = 1
	if c.hasSales {
		p.capPerRep = v[c.capPerRep]
		w.follow = v[c.followUp]
		w.decay.set(v[c.queueDecay])
	}
	booking := p.value
	if !c.oneTime {
		booking = 12 * p.value
	}
	p.variable = c.commission*booking + v[c.onboarding]

	w.sum = tally{}
	if c.market != noSlot {
		w.mSize = v[c.market]
		w.mLeft = w.mSize
	}
	clear(w.prePool)
	clear(w.inPool)
	clear(w.inReach)
	clear(w.inCount)
	clear(w.pool)
	clear(w.queue)
	for ci := range c.ch {
		w.eff[ci] = c.ch[ci].prior // S_0
	}
	clear(w.grpN)
	clear(w.grpR)
	clear(w.reached)
	clear(w.entries)
	clear(w.customers)
	clear(w.newRev)
	w.grpN[0] = c.starting
	if !c.oneTime {
		w.grpR[0] = float64(c.starting) * p.value
		if c.startMRR != noSlot {
			w.grpR[0] = v[c.startMRR] // known today, shared equally among them
		}
	}
	if c.cash != nil {
		w.cash.reset(c.cash)
	}
}

// month runs month t (0-based) in DESIGN.md's order, and keeps its series
// when path ≥ 0.
func (w *worker) month(t, path int) {
	c := w.c
	K := c.stages

	// Before capacity, the teams whose heads leave: the plan's hires and
	// cuts, the replacements due, then the month's leavers (team.go).
	for i := range w.teams {
		w.teams[i].month(t)
	}

	// 1. Capacity: the reps working this month, ramped.
	capacity := math.MaxInt
	if c.hasSales {
		reps := 0.0
		if c.salesTeam >= 0 {
			reps = w.teams[c.salesTeam].ramped
		} else {
			reps = c.repsRamped[t]
		}
		// Beyond what an int holds (1e18 reps) capacity is unlimited, as
		// without a sales team; converted, it would turn negative.
		if x := math.Floor(reps * w.par.capPerRep); x < math.MaxInt {
			capacity = int(x)
		}
		w.sum.capacity += float64(capacity)
		if c.salesTeam >= 0 {
			// The planned team's full capacity less the team's.
			tm := &w.teams[c.salesTeam]
			tm.lost += max(0, math.Floor(tm.spec.planned[t]*w.par.capPerRep)-float64(capacity))
		}
	}

	// 2. Entries: each channel's arrivals, carried at once to its first
	// stop where channels meet, the handoff or the last stage (flow.go).
	clear(w.arr)
	if c.deplete {
		w.enterPools(t, path)
	} else {
		for ci := range c.ch {
			w.inflow(ci, t, w.entry(ci, t), path)
		}
	}

	// 3. Queue: Binomial(queued, queue_decay) of each channel's are lost.
	if w.decay.p > 0 {
		for ci, q := range w.queue {
			lost := w.decay.draw(&w.chRng[ci], q)
			w.queue[ci] = q - lost
			w.sum.lostQueue += lost
		}
	}

	// 4. Stages after the handoff: follow-up (drawn with the entries),
	// the capacity gate, queue first, and the stages in order.
	handed, taken := w.stages(capacity)

	// 5 and 6. New customers; the customers kept churn and pay.
	revenue, mrr, customers, won := w.keep(t)
	w.reached[K-1] += won
	w.sum.newCustomers += won
	w.sum.revenue += revenue

	// 7. Costs (the totals are summed once per trial in record), and the
	// month's cash.
	spend := 0.0
	switch {
	case c.cash != nil && c.cash.spend != nil:
		spend = c.cash.spend[t] + float64(won)*w.par.variable
	case path >= 0 || c.cash != nil:
		spend = w.monthSpend(t) + float64(won)*w.par.variable
	}
	if c.cash != nil {
		w.cashMonth(t, revenue, spend, path)
	}

	if path >= 0 {
		s := w.out.series
		s[sRevenue][path][t] = revenue
		s[sMRR][path][t] = mrr
		s[sNewCustomers][path][t] = float64(won)
		s[sCustomers][path][t] = float64(customers)
		s[sSpend][path][t] = spend
		s[sHandedOff][path][t] = float64(handed + w.lostNow)
		if c.hasSales {
			s[sCapacity][path][t] = float64(capacity)
		}
		s[sTakenOn][path][t] = float64(taken)
		s[sQueue][path][t] = float64(sumInts(w.queue))
		for ci, sp := range w.out.chSpend {
			sp[path][t] = w.chanSpend(ci, t)
		}
	}
}

// keep is steps 5 and 6 for each group of customers, the starting ones
// (group 0) and each channel's (group 1+c): those kept from earlier months
// churn, and the rest grow their revenue (subscription) or buy again
// (one_time); then the month's new customers, its arrivals at the last
// stage, join and pay. It returns the month's revenue, MRR (0 for
// one_time), customers and new customers. With a company section it
// keeps the starting customers' revenue and, billed annual_upfront, sums
// the month's bills (cash.go).
func (w *worker) keep(t int) (revenue, mrr float64, customers, won int) {
	c := w.c
	K := c.stages
	p := &w.par
	annual := c.cash != nil && c.cash.annual
	w.cash.bills = 0
	for g, n := range w.grpN {
		r := w.grpR[g] // subscription: the group's monthly revenue
		// Drawn even for a group with no one (yet), so that the
		// customers' stream takes the same uniforms whatever the plan.
		lost := w.churn.draw(&w.cust, n)
		kept := n - lost
		switch {
		case c.oneTime:
			// Those kept buy again, Binomial(kept, repeat), at value.
			if p.repeat > 0 {
				x := float64(w.repeat.draw(&w.cust, kept)) * p.value
				revenue += x
				if g > 0 {
					w.newRev[g-1] += x
				}
			}
		case kept == 0:
			r = 0
		default:
			// The revenue of those kept grows by expansion, and a churned
			// customer takes the average revenue of its group, r/n, with
			// it.
			r *= p.grow
			r -= r * float64(lost) * (1 / float64(n))
		}
		if annual && n > 0 {
			w.cash.renew(g, t, n, kept, r)
		}
		n = kept
		if g > 0 {
			ci := g - 1
			a := w.arr[ci*K+K-1]
			won += a
			w.customers[ci] += a
			n += a
			if c.oneTime {
				x := float64(a) * p.value
				revenue += x
				w.newRev[ci] += x
			} else {
				r += float64(a) * p.value
				if annual {
					w.cash.won(g, t, a, p.value)
				}
			}
		}
		if g == 0 {
			w.cash.rev0 = r
			if c.oneTime {
				w.cash.rev0 = revenue
			}
		}
		w.grpN[g] = n
		customers += n
		if !c.oneTime {
			w.grpR[g] = r
			mrr += r
			if g > 0 {
				w.newRev[g-1] += r
			}
		}
	}
	if !c.oneTime {
		revenue = mrr
	}
	return revenue, mrr, customers, won
}

// record writes trial i's metrics, stages and channels. A money total
// past the float range is written as overflow (+Inf), never as NaN, and a
// ratio of one is overflow too: NaN is left to the catalog's reasons
// (nothing to divide by), so that the summary can tell them apart.
func (w *worker) record(i int) {
	c := w.c
	p := &w.par
	newRevenue := 0.0
	for ci := range c.ch {
		newRevenue += w.newRev[ci]
	}
	newRevenue = orOverflow(newRevenue)
	m := w.out.metrics
	nc := float64(w.sum.newCustomers)
	marketing, sales := c.spendMarketing, c.spendSalesBase
	if len(w.teams) > 0 {
		// The heads of teams that leave are paid while they work.
		for ci := range c.ch {
			if tm := c.ch[ci].team; tm >= 0 && c.ch[ci].kind == model.Marketing {
				marketing += w.teams[tm].spent
			} else if tm >= 0 {
				sales += w.teams[tm].spent
			}
		}
		if c.salesTeam >= 0 {
			sales += w.teams[c.salesTeam].spent
		}
	}
	spendMarketing := orOverflow(marketing)
	spendSales := orOverflow(sales + nc*p.variable)
	spend := orOverflow(spendMarketing + spendSales)
	grossProfit := orOverflow(newRevenue * p.margin)
	cac := ratio(spend, nc)
	ltv := orOverflow(c.ltv(p.value, p.margin, p.churn, p.grow-1, p.repeat))
	revenue := orOverflow(w.sum.revenue)

	m[mRevenue][i] = revenue
	m[mNewRevenue][i] = newRevenue
	m[mNewGrossProfit][i] = grossProfit
	m[mNewCustomers][i] = nc
	m[mSpend][i] = spend
	m[mSpendMarketing][i] = spendMarketing
	m[mSpendSales][i] = spendSales
	m[mCAC][i] = cac
	m[mROI][i] = ratio(orOverflow(grossProfit-spend), spend)
	m[mLTV][i] = ltv
	m[mLifetimeROI][i] = ratio(orOverflow(nc*ltv-spend), spend)
	m[mLTVCAC][i] = ratio(ltv, cac)
	m[mPayback][i] = c.payback(cac, p.value, p.margin, p.churn, p.repeat)
	m[mEndingCustomers][i] = float64(sumInts(w.grpN))
	endingMRR := 0.0
	if !c.oneTime {
		for _, r := range w.grpR {
			endingMRR += r
		}
	}
	m[mEndingMRR][i] = orOverflow(endingMRR)
	m[mLostFollowUp][i] = float64(w.sum.lostFollowUp)
	m[mLostQueue][i] = float64(w.sum.lostQueue)
	m[mCapacityUsed][i] = math.NaN()
	if c.hasSales {
		m[mCapacityUsed][i] = ratio(float64(w.sum.taken), w.sum.capacity)
	}
	m[mMarketingShare][i] = ratio(spendMarketing, revenue)
	m[mSalesShare][i] = ratio(spendSales, revenue)
	if c.market != noSlot {
		m[mMarketReached][i] = ratio(float64(sumInts(w.entries)), w.mSize)
	}
	if c.cash != nil {
		k := &w.cash
		m[mCashEnd][i] = orOverflow(k.now)
		m[mCashMin][i] = orOverflow(k.low)
		m[mRunway][i] = k.runway
		m[mBreakEven][i] = k.breakEven
	}
	if c.salesTeam >= 0 {
		tm := &w.teams[c.salesTeam]
		m[mRepMonths][i] = orOverflow(tm.months)
		m[mRepLeavers][i] = float64(tm.leavers)
		m[mCapacityLost][i] = orOverflow(tm.lost)
	}

	for k := range c.stages {
		w.out.stages[k][i] = float64(w.reached[k])
	}
	for ci := range c.ch {
		cm := w.out.channels[ci]
		own := orOverflow(c.ch[ci].total)
		if c.ch[ci].audience != noSlot {
			cm[cmAudienceUsed][i] = ratio(float64(w.entries[ci]), w.aSize[ci])
		}
		if tm := c.ch[ci].team; tm >= 0 {
			own = orOverflow(w.teams[tm].spent)
			cm[cmHeadMonths][i] = orOverflow(w.teams[tm].months)
			cm[cmLeavers][i] = float64(w.teams[tm].leavers)
		}
		cust := float64(w.customers[ci])
		rev := orOverflow(w.newRev[ci])
		cm[cmSpend][i] = own
		cm[cmEntries][i] = float64(w.entries[ci])
		cm[cmCustomers][i] = cust
		cm[cmNewRevenue][i] = rev
		cm[cmCAC][i] = ratio(own, cust)
		cm[cmROI][i] = ratio(orOverflow(rev*p.margin-own), own)
	}
}

// entry returns channel ci's expected entries in month t (0-based): the
// response to its effective spend, or its ramped headcount's output, times
// the month's volatility.
func (w *worker) entry(ci, t int) float64 {
	ch := &w.c.ch[ci]
	v := w.vals
	var lambda float64
	if ch.response == model.Headcount {
		if ch.team >= 0 {
			lambda = w.teams[ch.team].ramped * v[ch.perHead]
		} else {
			lambda = ch.ramp[t] * v[ch.perHead]
		}
	} else {
		cc := w.effCoef[ci]
		s := (1-cc)*ch.spend[t] + cc*w.eff[ci]
		w.eff[ci] = s
		switch ch.response {
		case model.Linear:
			if ch.maxPer != noSlot {
				m := v[ch.maxPer]
				lambda = m * -math.Expm1(-s/(v[ch.unitCost]*m))
			} else {
				lambda = s * w.perCost[ci]
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
	if ch.season != nil {
		lambda *= ch.season[t]
	}
	if ch.volatility > 0 {
		lambda *= w.volRng[ci].gammaWith(&ch.gamma) * ch.gScale
	}
	if !(lambda > 0) {
		return 0
	}
	return min(lambda, maxLambda)
}

// maxLambda caps a month's expected entries per channel, so that a unit
// cost drawn near zero cannot overflow the counts.
const maxLambda = 1e12

// overflow marks a value past the float range: a sum too large, or a
// number made from one. NaN marks a value undefined for its catalog
// reason.
var overflow = math.Inf(1)

// orOverflow is a total that is never undefined: x, or overflow where it is not
// a finite number (a sum past the float range, or two such meeting).
func orOverflow(x float64) float64 {
	if finite(x) {
		return x
	}
	return overflow
}

// ratio is a/b: NaN where undefined (nothing to divide by, or a or b
// undefined), overflow where a or b overflowed or the quotient leaves the
// float range.
func ratio(a, b float64) float64 {
	switch {
	case b == 0 || math.IsNaN(a) || math.IsNaN(b):
		return math.NaN()
	case math.IsInf(a, 0) || math.IsInf(b, 0):
		return overflow
	}
	r := a / b
	if math.IsInf(r, 0) {
		return overflow
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

// monthSpend is month t's spend before commission and onboarding, the
// heads of teams that leave as paid this trial.
func (w *worker) monthSpend(t int) float64 {
	c := w.c
	if len(w.teams) == 0 {
		return c.monthSpend(t)
	}
	s := 0.0
	for ci := range c.ch {
		s += w.chanSpend(ci, t)
	}
	if c.hasSales {
		if c.salesTeam >= 0 {
			tm := &w.teams[c.salesTeam]
			s += tm.paid * tm.spec.cost
		} else {
			s += c.repCost[t]
		}
	}
	return s
}

// chanSpend is channel ci's own spend in month t: its schedule's, or its
// heads' as paid this trial when they leave.
func (w *worker) chanSpend(ci, t int) float64 {
	ch := &w.c.ch[ci]
	if ch.team >= 0 {
		tm := &w.teams[ch.team]
		return tm.paid * tm.spec.cost
	}
	return ch.spend[t]
}

// monthSpend is month t's spend before commission and onboarding, when
// no team's heads leave.
func (c *compiled) monthSpend(t int) float64 {
	s := 0.0
	for i := range c.ch {
		s += c.ch[i].spend[t]
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
	if math.IsInf(cac, 0) || !finite(value*margin) {
		return overflow
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
