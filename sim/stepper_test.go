package sim

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/harvest-planning/harvest/model"
)

// A stepper is DESIGN.md's month followed literally, one step after
// another, with whole people drawn stage by stage and channel by channel:
// none of the engine's shortcuts (flow.go's Poisson inflow to the
// handoff, segments after it, stage counts completed once a trial; the
// teams' single draw of leavers, split afterwards). It is the oracle
// TestFlowDistributions holds the engine to.
//
// It takes what flowFunnel and calendarFunnel build: fixed values, linear
// channels without saturation or volatility (with carryover, prior spend
// and spend schedules), headcount channels (with schedules and heads who
// leave), a sales section or none (with hires, cuts and reps who leave),
// a market and audiences, seasonality, subscription customers without
// expansion (with a starting MRR), and a company section without
// commission or onboarding. Its random numbers are its own
// stream's (binomial and Poisson, checked against gonum's PMFs in their
// tests, and uniform picks for the capacity split), seeded apart from the
// engine's.
type stepper struct {
	K, C, H       int
	handoff       int         // -1 without a sales section
	enters        []int       // [c]
	conv          [][]float64 // [c][k] channel c's conversion into stage k
	decide        []float64   // [k] the share of stage k's pool decided each month
	spend         [][]float64 // [c][t] a linear channel's spend
	carry, prior  []float64   // [c] a linear channel's carryover and effective spend before month 1
	unitCost      []float64   // [c] a linear channel's
	season        [][]float64 // [c][t] the seasonal multiplier
	perHead       []float64   // [c] a headcount channel's output per head
	heads         []*stepTeam // [c] a headcount channel's heads; nil for a linear one
	reps          *stepTeam   // the sales team; nil without
	capPerRep     float64
	market        float64   // 0: none
	audience      []float64 // [c] 0: none
	follow, decay float64
	churn, value  float64
	starting      int
	startMRR      float64   // 0: starting × value
	cash          *stepCash // nil: no company section

	rng stream
	// A trial's state.
	arr, pool [][]int // [c][k] this month's arrivals; people waiting in stage k
	queue     []int   // [c] waiting for sales
	worked    []int   // [c] this month's arrivals at the handoff, followed up
	took      []int   // [c] taken on this month
}

// A stepCash is DESIGN.md's company section, literally: the customers won
// in each month kept apart, each month's churn drawn for each of them, a
// customer billed annual_upfront 12 × value when won and at each
// anniversary while kept; the starting customers a twelfth a month.
type stepCash struct {
	start  float64
	other  []float64 // [t]
	annual bool
	lag    int
	frac   float64
	margin float64
}

// A stepTeam is DESIGN.md's team, literally: every cohort of heads kept
// apart, each month's falls, hires, replacements due and leavers in that
// order, each part's whole heads leaving one by one with chance a.
type stepTeam struct {
	a                  float64
	backfill           bool
	fill               int
	ramp, cost         float64
	start              float64
	full               bool      // the starting heads work at full capacity from month 1
	hires, cuts, plans []float64 // [t]

	cohorts []stepCohort
	pending []float64 // [t] replacements due
	open    float64
	// A trial's totals.
	leavers int
	months  float64
	paid    float64 // Σ heads paid × cost
}

type stepCohort struct {
	start int // month, 0-based; -1 for heads at full capacity from month 1
	size  float64
}

func newStepTeam(start float64, full bool, ramp, cost float64, hires, cuts []model.Hire, tu model.Turnover, H int) *stepTeam {
	tm := &stepTeam{start: start, full: full, ramp: ramp, cost: cost,
		hires: make([]float64, H), cuts: make([]float64, H), plans: make([]float64, H)}
	if tu.HasAttrition {
		tm.a, tm.backfill, tm.fill = tu.Attrition.X, tu.Backfill, tu.TimeToFill
	}
	for _, h := range hires {
		if h.Month <= H {
			tm.hires[h.Month-1] += h.Reps
		}
	}
	for _, h := range cuts {
		if h.Month <= H {
			tm.cuts[h.Month-1] += h.Reps
		}
	}
	plan := start
	for t := range H {
		plan = math.Max(0, plan+tm.hires[t]-tm.cuts[t])
		tm.plans[t] = plan
	}
	return tm
}

// begin empties the team for a trial: its starting heads.
func (tm *stepTeam) begin() {
	tm.cohorts = tm.cohorts[:0]
	tm.pending = make([]float64, len(tm.hires))
	tm.open, tm.leavers, tm.months, tm.paid = 0, 0, 0, 0
	if tm.start > 0 {
		st := 0
		if tm.full {
			st = -1
		}
		tm.cohorts = append(tm.cohorts, stepCohort{st, tm.start})
	}
}

// share is a cohort's share of full capacity in month t.
func (tm *stepTeam) share(c stepCohort, t int) float64 {
	if c.start < 0 {
		return 1
	}
	return rampShare(float64(t-c.start+1), tm.ramp)
}

// month runs month t and returns the heads working, ramped.
func (tm *stepTeam) month(t int, rng *stream) float64 {
	// A fall: open vacancies, pending replacements from the latest due,
	// then the latest started.
	x := tm.cuts[t]
	take := func(have *float64) {
		r := math.Min(x, *have)
		*have -= r
		x -= r
	}
	take(&tm.open)
	for d := len(tm.pending) - 1; d >= t; d-- {
		take(&tm.pending[d])
	}
	for i := len(tm.cohorts) - 1; i >= 0; i-- {
		take(&tm.cohorts[i].size)
	}
	// The plan's hires and the replacements due start.
	if h := tm.hires[t]; h > 0 {
		tm.cohorts = append(tm.cohorts, stepCohort{t, h})
	}
	if p := tm.pending[t]; p > 0 {
		tm.cohorts = append(tm.cohorts, stepCohort{t, p})
	}
	// Leavers: the whole heads of the ramped part (⌊its size⌋) and of each
	// cohort still ramping, one by one.
	left := 0
	ramped := 0.0
	for _, c := range tm.cohorts {
		if tm.share(c, t) >= 1 {
			ramped += c.size
		}
	}
	for range wholeHeads(ramped) {
		if rng.float64() < tm.a {
			left++
		}
	}
	rest := float64(left) // from the ramped part's cohorts, any of them
	for i := range tm.cohorts {
		if c := &tm.cohorts[i]; tm.share(*c, t) >= 1 {
			r := math.Min(rest, c.size)
			c.size -= r
			rest -= r
		}
	}
	for i := range tm.cohorts {
		c := &tm.cohorts[i]
		if tm.share(*c, t) >= 1 {
			continue
		}
		for range wholeHeads(c.size) {
			if rng.float64() < tm.a {
				c.size = math.Max(0, c.size-1)
				left++
			}
		}
	}
	tm.leavers += left
	switch {
	case left == 0:
	case !tm.backfill:
		tm.open += float64(left)
	case tm.fill == 0:
		tm.cohorts = append(tm.cohorts, stepCohort{t, float64(left)})
	case t+tm.fill < len(tm.pending):
		tm.pending[t+tm.fill] += float64(left)
	}
	working, paid := 0.0, 0.0
	for _, c := range tm.cohorts {
		working += c.size * tm.share(c, t)
		paid += c.size
	}
	tm.months += paid
	tm.paid += paid * tm.cost
	return working
}

func newStepper(s *model.Scenario) *stepper {
	f := &s.Funnel
	K, C, H := len(f.Stages), len(s.Channels), s.Horizon
	st := &stepper{K: K, C: C, H: H, handoff: -1, follow: 1,
		churn: s.Customers.Churn.X, value: s.Customers.Value.X, starting: s.Customers.Starting}
	if s.Customers.HasStartingMRR {
		st.startMRR = s.Customers.StartingMRR.X
	}
	if s.Market != nil {
		st.market = s.Market.Size.X
	}
	if co := s.Company; co != nil {
		days := float64(co.PaymentDays)
		st.cash = &stepCash{start: co.Cash, other: co.OtherCosts.Months(H), annual: co.Billing == model.AnnualUpfront,
			lag: co.PaymentDays / 30, frac: days/30 - float64(co.PaymentDays/30), margin: s.Customers.GrossMargin.X}
	}
	for k := range K {
		st.decide = append(st.decide, 1/(1+f.Months[k].X))
	}
	for _, ch := range s.Channels {
		st.enters = append(st.enters, ch.Enters)
		conv := make([]float64, K)
		for k := 1; k < K; k++ {
			conv[k] = f.Conversion[k].X
			if v, ok := ch.Conversion[k]; ok {
				conv[k] = v.X
			}
		}
		st.conv = append(st.conv, conv)
		st.spend = append(st.spend, ch.Spend.Months(H))
		st.carry = append(st.carry, ch.Carryover.X)
		st.prior = append(st.prior, ch.PriorSpend)
		st.unitCost = append(st.unitCost, ch.UnitCost.X)
		st.perHead = append(st.perHead, ch.OutputPerHead.X)
		season := make([]float64, H)
		for t := range H {
			list := ch.Seasonality
			if list == nil {
				list = s.Calendar.Seasonality
			}
			season[t] = s.Calendar.Multiplier(list, t+1)
		}
		st.season = append(st.season, season)
		var heads *stepTeam
		if ch.Response == model.Headcount {
			// The schedule's heads in month 1 ramp from month 1; a rise
			// is a hire, a fall a cut.
			var hires, cuts []model.Hire
			months := ch.Headcount.Months(H)
			for t := 1; t < H; t++ {
				if d := months[t] - months[t-1]; d > 0 {
					hires = append(hires, model.Hire{Month: t + 1, Reps: d})
				} else if d < 0 {
					cuts = append(cuts, model.Hire{Month: t + 1, Reps: -d})
				}
			}
			heads = newStepTeam(months[0], false, ch.RampMonths, ch.CostPerHead, hires, cuts, ch.Turnover, H)
		}
		st.heads = append(st.heads, heads)
		aud := 0.0
		if ch.HasAudience {
			aud = ch.Audience.X
		}
		st.audience = append(st.audience, aud)
	}
	if sl := s.Sales; sl != nil {
		st.handoff = f.Handoff
		st.follow, st.decay = sl.FollowUp.X, sl.QueueDecay.X
		st.capPerRep = sl.CapacityPerRep.X
		st.reps = newStepTeam(sl.Reps, true, sl.RampMonths, sl.CostPerRep, sl.Hires, sl.Cuts, sl.Turnover, H)
	}
	grid := func() [][]int {
		g := make([][]int, C)
		for c := range g {
			g[c] = make([]int, K)
		}
		return g
	}
	st.arr, st.pool = grid(), grid()
	st.queue, st.worked, st.took = make([]int, C), make([]int, C), make([]int, C)
	return st
}

// stepOutcome is one trial's counts, named as in flowColumns.
type stepOutcome struct {
	reached                        []int // [k]
	entries, customers             []int // [c]
	lostFollowUp, lostQueue, taken int
	capacity                       float64
	ending                         int
	revenue                        float64
	spend                          float64 // the teams' pay and the linear channels' spend
	capacityLost                   float64
	// With a company section: the cash at the end and at its lowest, the
	// runway and the break-even month (NaN: undefined).
	cashEnd, cashMin, runway, breakEven float64
}

// trial runs one trial, month by month in DESIGN.md's order.
func (st *stepper) trial(seed, i uint64) stepOutcome {
	K, C := st.K, st.C
	st.rng.reset(seed, i, 0)
	rng := &st.rng
	out := stepOutcome{reached: make([]int, K), entries: make([]int, C), customers: make([]int, C)}
	for c := range C {
		clear(st.pool[c])
	}
	clear(st.queue)
	for _, tm := range append(slices.Clone(st.heads), st.reps) {
		if tm != nil {
			tm.begin()
		}
	}
	eff := slices.Clone(st.prior)
	left := st.market
	audLeft := slices.Clone(st.audience)
	// The starting customers, and the customers won since.
	startN, startR := st.starting, float64(st.starting)*st.value
	if st.startMRR > 0 && st.starting > 0 {
		startR = st.startMRR
	}
	won := 0
	// With a company section: the customers won in each month still kept,
	// the bills of each month, the teams' pay so far, the cash.
	var cohort, bills []float64
	paid, before := 0.0, 0.0
	cash, low := 0.0, math.Inf(1)
	out.runway, out.breakEven = math.NaN(), math.NaN()
	if st.cash != nil {
		cohort, bills = make([]float64, st.H), make([]float64, st.H)
		cash = st.cash.start
	}
	for t := range st.H {
		spendNow := 0.0
		// Before capacity, the teams: falls, hires, replacements, leavers.
		working := make([]float64, C)
		for c, tm := range st.heads {
			if tm != nil {
				working[c] = tm.month(t, rng)
			}
		}
		// 1. Capacity.
		capacity := math.MaxInt
		if st.reps != nil {
			reps := st.reps.month(t, rng)
			capacity = int(math.Floor(reps * st.capPerRep))
			out.capacity += float64(capacity)
			out.capacityLost += math.Floor(st.reps.plans[t]*st.capPerRep) - float64(capacity)
		}
		// 2. Entries, from the market and audiences left after last month.
		mkt := 1.0
		if st.market > 0 {
			mkt = left / st.market
		}
		for c := range C {
			clear(st.arr[c])
			var lambda float64
			if st.heads[c] != nil {
				lambda = working[c] * st.perHead[c]
			} else {
				eff[c] = (1-st.carry[c])*st.spend[c][t] + st.carry[c]*eff[c]
				lambda = eff[c] / st.unitCost[c]
				out.spend += st.spend[c][t]
				spendNow += st.spend[c][t]
			}
			lambda *= st.season[c][t]
			lambda *= mkt
			if st.audience[c] > 0 {
				lambda *= audLeft[c] / st.audience[c]
			}
			n := rng.poisson(lambda)
			if st.market > 0 {
				n = min(n, int(math.Floor(left)))
			}
			if st.audience[c] > 0 {
				n = min(n, int(math.Floor(audLeft[c])))
			}
			left -= float64(n)
			audLeft[c] -= float64(n)
			st.arr[c][st.enters[c]] += n
			out.entries[c] += n
		}
		// 3. Queue: Binomial(queued, queue_decay) of each channel's are lost.
		for c := range C {
			lost := rng.binomial(st.queue[c], st.decay)
			st.queue[c] -= lost
			out.lostQueue += lost
		}
		// 4. Stages in order, every channel at a stage before the next.
		for k := 0; k < K-1; k++ {
			for c := range C {
				out.reached[k] += st.arr[c][k]
			}
			if k == st.handoff {
				// Follow-up, then the capacity gate: the queue first,
				// then this month's arrivals; whoever does not fit waits.
				for c := range C {
					st.worked[c] = rng.binomial(st.arr[c][k], st.follow)
					out.lostFollowUp += st.arr[c][k] - st.worked[c]
				}
				clear(st.took)
				left := st.admit(st.queue, capacity)
				st.admit(st.worked, left)
				for c := range C {
					st.queue[c] += st.worked[c]
					st.pool[c][k] += st.took[c]
					out.taken += st.took[c]
				}
			} else {
				for c := range C {
					st.pool[c][k] += st.arr[c][k]
				}
			}
			// The pool is decided; of those decided, Binomial(decided,
			// p) reach the next stage and the rest are lost.
			for c := range C {
				decided := rng.binomial(st.pool[c][k], st.decide[k])
				st.pool[c][k] -= decided
				st.arr[c][k+1] += rng.binomial(decided, st.conv[c][k+1])
			}
		}
		// 5. Arrivals at the last stage are this month's new customers.
		newNow := 0
		for c := range C {
			a := st.arr[c][K-1]
			out.reached[K-1] += a
			out.customers[c] += a
			newNow += a
		}
		// 6. Customers kept from earlier months churn, the starting ones
		// taking their share of the starting MRR with them; new ones join
		// and pay from this month.
		if startN > 0 {
			lost := rng.binomial(startN, st.churn)
			startR -= startR * float64(lost) / float64(startN)
			startN -= lost
		}
		if st.cash == nil {
			won += newNow - rng.binomial(won, st.churn)
		} else {
			// Each month's customers churn on their own.
			for m := range t {
				lost := rng.binomial(int(cohort[m]), st.churn)
				cohort[m] -= float64(lost)
				won -= lost
			}
			cohort[t] = float64(newNow)
			won += newNow
		}
		revenue := startR + float64(won)*st.value
		out.revenue += revenue
		if cs := st.cash; cs != nil {
			// 7. Costs: the linear channels' spend and the teams' pay.
			teams := 0.0
			for _, tm := range append(slices.Clone(st.heads), st.reps) {
				if tm != nil {
					teams += tm.paid
				}
			}
			spendNow += teams - paid
			paid = teams
			// Billed, then collected.
			bills[t] = revenue
			if cs.annual {
				bills[t] = startR
				for m := 0; m <= t; m++ {
					if (t-m)%12 == 0 {
						bills[t] += 12 * st.value * cohort[m]
					}
				}
			}
			if t == 0 {
				before = startR
			}
			bill := func(m int) float64 {
				if m < 0 {
					return before
				}
				return bills[m]
			}
			collected := (1-cs.frac)*bill(t-cs.lag) + cs.frac*bill(t-cs.lag-1)
			net := collected - (1-cs.margin)*revenue - spendNow - cs.other[t]
			cash += net
			low = min(low, cash)
			if cash < 0 && math.IsNaN(out.runway) {
				out.runway = float64(t)
			}
			if net >= 0 && math.IsNaN(out.breakEven) {
				out.breakEven = float64(t + 1)
			}
		}
	}
	out.cashEnd, out.cashMin = cash, low
	for _, tm := range st.heads {
		if tm != nil {
			out.spend += tm.paid
		}
	}
	if st.reps != nil {
		out.spend += st.reps.paid
	}
	out.ending = startN + won
	return out
}

// admit takes people from counts into took, up to capacity, one at a
// time: each pick uniform over everyone still waiting, a draw without
// replacement. It returns the capacity left.
func (st *stepper) admit(counts []int, capacity int) int {
	total := sumInts(counts)
	for ; capacity > 0 && total > 0; capacity-- {
		r := int(st.rng.below(uint64(total)))
		c := 0
		for r >= counts[c] {
			r -= counts[c]
			c++
		}
		counts[c]--
		st.took[c]++
		total--
	}
	return capacity
}

// flowColumns are the per-trial counts TestFlowDistributions compares, by
// name: every stage's arrivals, new customers, each channel's entries and
// customers, the customers at the end and the revenue; with a sales
// section also the follow-up and queue losses and capacity_used; with a
// market market_reached, with an audience the channel's audience_used;
// with heads who leave the spend, and their team's months worked, leavers
// and (the sales team's) capacity lost.
func flowColumns(s *model.Scenario) []string {
	var names []string
	for _, stage := range s.Funnel.Stages {
		names = append(names, "reached "+stage)
	}
	names = append(names, "new_customers", "ending_customers", "revenue")
	leave := false
	for _, ch := range s.Channels {
		names = append(names, "entries "+ch.Name, "customers "+ch.Name)
		if ch.HasAudience {
			names = append(names, "audience_used "+ch.Name)
		}
		if ch.Response == model.Headcount && ch.HasAttrition {
			names = append(names, "head_months "+ch.Name, "leavers "+ch.Name)
			leave = true
		}
	}
	if s.Sales != nil {
		names = append(names, "lost_follow_up", "lost_queue", "capacity_used")
		if s.Sales.HasAttrition {
			names = append(names, "rep_months", "rep_leavers", "capacity_lost")
			leave = true
		}
	}
	if s.Market != nil {
		names = append(names, "market_reached")
	}
	if leave {
		names = append(names, "spend")
	}
	if s.Company != nil {
		names = append(names, "cash_end", "cash_min", "runway_months", "break_even_month")
	}
	return names
}

// engineColumns are the engine's flowColumns.
func engineColumns(s *model.Scenario, res *Result) map[string][]float64 {
	cols := map[string][]float64{}
	for _, st := range res.Stages {
		cols["reached "+st.Name] = st.Reached
	}
	for name, col := range res.Metrics {
		cols[name] = col
	}
	for _, ch := range res.Channels {
		for _, name := range []string{"entries", "customers", "audience_used", "head_months", "leavers"} {
			cols[name+" "+ch.Name] = ch.Metrics[name]
		}
	}
	return cols
}

// stepColumns runs the stepper for trials trials and returns its
// flowColumns.
func stepColumns(s *model.Scenario, trials int, seed uint64) map[string][]float64 {
	st := newStepper(s)
	cols := map[string][]float64{}
	for _, name := range flowColumns(s) {
		cols[name] = make([]float64, trials)
	}
	set := func(name string, i int, x float64) {
		if col, ok := cols[name]; ok {
			col[i] = x
		}
	}
	stages := s.Funnel.Stages
	for i := range trials {
		o := st.trial(seed, uint64(i))
		for k, n := range o.reached {
			cols["reached "+stages[k]][i] = float64(n)
		}
		won, entered := 0, 0
		for c, ch := range s.Channels {
			cols["entries "+ch.Name][i] = float64(o.entries[c])
			cols["customers "+ch.Name][i] = float64(o.customers[c])
			won += o.customers[c]
			entered += o.entries[c]
			set("audience_used "+ch.Name, i, float64(o.entries[c])/st.audience[c])
			if tm := st.heads[c]; tm != nil {
				set("head_months "+ch.Name, i, tm.months)
				set("leavers "+ch.Name, i, float64(tm.leavers))
			}
		}
		cols["new_customers"][i] = float64(won)
		cols["ending_customers"][i] = float64(o.ending)
		cols["revenue"][i] = o.revenue
		if s.Sales != nil {
			cols["lost_follow_up"][i] = float64(o.lostFollowUp)
			cols["lost_queue"][i] = float64(o.lostQueue)
			cols["capacity_used"][i] = ratio(float64(o.taken), o.capacity)
			set("rep_months", i, st.reps.months)
			set("rep_leavers", i, float64(st.reps.leavers))
			set("capacity_lost", i, o.capacityLost)
		}
		set("market_reached", i, float64(entered)/st.market)
		set("spend", i, o.spend)
		set("cash_end", i, o.cashEnd)
		set("cash_min", i, o.cashMin)
		set("runway_months", i, o.runway)
		set("break_even_month", i, o.breakEven)
	}
	return cols
}

// flowFunnel is random funnel i: 2 to 6 stages (by i), waits anywhere,
// the handoff anywhere but absent in every fourth, channels entering
// before, at and after it, linear or headcount, some with their own
// conversions; capacity short in odd funnels and ample in even ones,
// follow-up below 1, queue decay above 0, sometimes a hire with a ramp;
// starting customers and churn.
func flowFunnel(rng *rand.Rand, i int) *model.Scenario {
	K := 2 + i%5
	stages := make([]string, K)
	conv := make([]float64, K-1)
	for k := range K {
		stages[k] = "s" + itoa(k)
		if k > 0 {
			conv[k-1] = 0.3 + 0.7*rng.Float64()
		}
	}
	s := funnelScenario(6+rng.IntN(7), stages, conv...)
	for k := range K - 1 {
		if rng.IntN(2) == 0 {
			s.Funnel.Months[k] = fixed(2.5 * rng.Float64())
		}
	}
	h := -1
	if i%4 != 0 {
		h = rng.IntN(K - 1)
	}
	s.Channels = nil
	for c := range 1 + rng.IntN(3) {
		enters := rng.IntN(K)
		switch {
		case h >= 0 && c == 0:
			enters = rng.IntN(h + 1) // before or at the handoff
		case h >= 0 && c == 1 && i%3 == 0:
			enters = h + 1 + rng.IntN(K-1-h) // after it
		}
		ch := linearChannel("c"+itoa(c), enters, 100+500*rng.Float64(), 10)
		if rng.IntN(3) == 0 {
			ch = model.Channel{Name: ch.Name, Kind: model.SalesKind, Enters: enters, Response: model.Headcount,
				Headcount: model.Constant(float64(1 + rng.IntN(3))), CostPerHead: 1000, OutputPerHead: fixed(5 + 15*rng.Float64()),
				RampMonths: float64(rng.IntN(4))}
			ch.Spend = ch.Headcount.Scaled(ch.CostPerHead)
		}
		if k := 1 + rng.IntN(K-1); rng.IntN(2) == 0 {
			ch.Conversion = map[int]model.Value{k: fixed(0.2 + 0.8*rng.Float64())}
		}
		s.Channels = append(s.Channels, ch)
	}
	if h >= 0 {
		// Capacity against the people handed off a month once every
		// channel is at full output: half of them, or three times.
		handed := 0.0
		for _, ch := range s.Channels {
			if ch.Enters > h {
				continue
			}
			n := ch.Spend.At(1) / 10
			if ch.Response == model.Headcount {
				n = ch.Headcount.At(1) * ch.OutputPerHead.X
			}
			for k := ch.Enters + 1; k <= h; k++ {
				p := s.Funnel.Conversion[k].X
				if v, ok := ch.Conversion[k]; ok {
					p = v.X
				}
				n *= p
			}
			handed += n
		}
		share := 3.0
		if i%2 == 1 {
			share = 0.5
		}
		reps := 1 + float64(rng.IntN(3))/2
		withSales(s, h, reps, math.Max(1, share*handed/reps), 0.5+0.45*rng.Float64(), 0.05+0.35*rng.Float64())
		if rng.IntN(2) == 0 {
			s.Sales.Hires = []model.Hire{{Month: 2 + rng.IntN(s.Horizon-1), Reps: 1}}
			s.Sales.RampMonths = float64(rng.IntN(3))
		}
	}
	s.Customers.Starting = rng.IntN(40)
	s.Customers.Churn = fixed(0.1 * rng.Float64())
	return s
}

// calendarFunnel is random funnel i of flowFunnel with DESIGN.md's newer
// keys: a market in every other funnel and an audience on the first
// channel in two of three, sized to run low within the horizon;
// seasonality from a random calendar month, a channel's own list now and
// then; linear channels with carryover, prior spend and a step in their
// spend; headcount schedules that rise or fall and heads who leave; reps
// who leave (with or without backfill, after 0 to 3 months), cuts and
// fractional reps; a starting MRR.
func calendarFunnel(rng *rand.Rand, i int) *model.Scenario {
	s := flowFunnel(rng, i)
	H := s.Horizon
	expected := 0.0 // entries a month, roughly, once every channel is at full output
	for c := range s.Channels {
		ch := &s.Channels[c]
		if ch.Response == model.Headcount {
			h0 := ch.Headcount.At(1)
			h1 := math.Max(0, h0+float64(rng.IntN(5)-2)) // a rise or a fall, or none
			ch.Headcount = model.Schedule{{Month: 1, Value: h0}, {Month: 2 + rng.IntN(H-1), Value: h1}}
			ch.Spend = ch.Headcount.Scaled(ch.CostPerHead)
			if rng.IntN(3) > 0 {
				ch.Turnover = model.Turnover{Attrition: fixed(0.05 + 0.25*rng.Float64()), HasAttrition: true,
					Backfill: rng.IntN(3) > 0, TimeToFill: rng.IntN(3)}
			}
			expected += math.Max(h0, h1) * ch.OutputPerHead.X
			continue
		}
		spend := ch.Spend.At(1)
		ch.Spend = model.Schedule{{Month: 1, Value: spend}, {Month: 2 + rng.IntN(H-1), Value: spend * (0.3 + 1.7*rng.Float64())}}
		ch.Carryover = fixed(0.8 * rng.Float64())
		ch.PriorSpend = 2 * spend * rng.Float64()
		expected += spend / 10
	}
	if i%2 == 0 {
		s.Market = &model.Market{Size: fixed(math.Round(expected * float64(H) * (0.6 + rng.Float64())))}
	}
	if i%3 != 0 {
		ch := &s.Channels[0]
		ch.Audience, ch.HasAudience = fixed(math.Round(expected*float64(H)*(0.2+0.6*rng.Float64()))+0.5), true
	}
	if i%2 == 1 || i%5 == 0 {
		s.Calendar.Start = model.Month{Year: 2027, Month: 1 + rng.IntN(12)}
		s.Calendar.Seasonality = make([]float64, 12)
		for m := range 12 {
			s.Calendar.Seasonality[m] = 2 * rng.Float64()
		}
		if len(s.Channels) > 1 && rng.IntN(2) == 0 {
			s.Channels[1].Seasonality = []float64{0, 0, 3, 0, 0, 3, 0, 0, 3, 0, 0, 3}
		}
	}
	if sl := s.Sales; sl != nil {
		sl.CostPerRep = 1000
		if rng.IntN(4) > 0 {
			sl.Turnover = model.Turnover{Attrition: fixed(0.05 + 0.25*rng.Float64()), HasAttrition: true,
				Backfill: rng.IntN(3) > 0, TimeToFill: rng.IntN(4)}
		}
		if rng.IntN(2) == 0 {
			sl.Reps += 0.5
		}
		if rng.IntN(2) == 0 {
			sl.Cuts = []model.Hire{{Month: 2 + rng.IntN(H-1), Reps: 0.5 + float64(rng.IntN(2))}}
		}
	}
	if s.Customers.Starting > 0 {
		s.Customers.StartingMRR, s.Customers.HasStartingMRR = fixed(float64(s.Customers.Starting)*(50+100*rng.Float64())), true
	}
	return s
}

// queueFirstFunnel makes the order at the gate visible: capacity well
// short of two channels handed off at once, one at full output from the
// start and one ramping up, so that the queue, served first, holds more of
// the first than this month's arrivals do.
func queueFirstFunnel() *model.Scenario {
	s := funnelScenario(12, []string{"lead", "sql", "customer"}, 1, 0.5)
	s.Channels = []model.Channel{
		linearChannel("early", 1, 400, 10),
		{Name: "ramping", Kind: model.SalesKind, Enters: 1, Response: model.Headcount,
			Headcount: model.Constant(4), CostPerHead: 1000, Spend: model.Constant(4000), OutputPerHead: fixed(10), RampMonths: 8},
	}
	withSales(s, 1, 1, 30, 0.9, 0.1)
	return s
}

// chiSquare2P is the p-value of the two-sample chi-square test that x and
// y come from one distribution: the pooled values in order are cut into
// bins of at least minPooled observations (at most about maxBins bins),
// and Σ (√(m/n)·a − √(n/m)·b)² / (a + b) over the bins, a and b the bins'
// counts in x (n of them) and y (m), is chi-square with one degree of
// freedom less than the bins (Numerical Recipes' chstwo).
func chiSquare2P(x, y []float64) (p float64, bins int) {
	const (
		minPooled = 20
		maxBins   = 64
	)
	xs, ys := slices.Sorted(slices.Values(x)), slices.Sorted(slices.Values(y))
	n, m := float64(len(xs)), float64(len(ys))
	least := max(minPooled, (len(xs)+len(ys))/maxBins)
	kx, ky := math.Sqrt(m/n), math.Sqrt(n/m)
	var stat float64
	var a, b, lastA, lastB int
	i, j := 0, 0
	for i < len(xs) || j < len(ys) {
		// Every observation of the next value, from both samples.
		v := math.Inf(1)
		if i < len(xs) {
			v = xs[i]
		}
		if j < len(ys) && ys[j] < v {
			v = ys[j]
		}
		for ; i < len(xs) && xs[i] == v; i++ {
			a++
		}
		for ; j < len(ys) && ys[j] == v; j++ {
			b++
		}
		if a+b >= least {
			if bins > 0 {
				stat += chiTerm(lastA, lastB, kx, ky)
			}
			lastA, lastB, a, b = a, b, 0, 0
			bins++
		}
	}
	// The remainder joins the last bin.
	stat += chiTerm(lastA+a, lastB+b, kx, ky)
	if bins < 2 {
		return 1, bins
	}
	return chiSquaredSurvival(float64(bins-1), stat), bins
}

func chiTerm(a, b int, kx, ky float64) float64 {
	if a+b == 0 {
		return 0
	}
	d := kx*float64(a) - ky*float64(b)
	return d * d / float64(a+b)
}

// ks2P is the p-value of the two-sample Kolmogorov–Smirnov test, from the
// asymptotic distribution with Stephens' correction at the effective size
// nm/(n + m). With ties (counts) the test is conservative: its true
// false-alarm rate is below the p-value's.
func ks2P(x, y []float64) float64 {
	xs, ys := slices.Sorted(slices.Values(x)), slices.Sorted(slices.Values(y))
	n, m := float64(len(xs)), float64(len(ys))
	var d float64
	i, j := 0, 0
	for i < len(xs) && j < len(ys) {
		v := min(xs[i], ys[j])
		for i < len(xs) && xs[i] == v {
			i++
		}
		for j < len(ys) && ys[j] == v {
			j++
		}
		d = max(d, math.Abs(float64(i)/n-float64(j)/m))
	}
	ne := n * m / (n + m)
	sn := math.Sqrt(ne)
	return kolmogorovQ((sn + 0.12 + 0.11/sn) * d)
}
