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
// handoff, segments after it, stage counts completed once a trial). It is
// the oracle TestFlowDistributions holds the engine to.
//
// It takes what flowFunnel builds: fixed values, linear channels without
// carryover, saturation or volatility, headcount channels, a sales section
// or none, subscription customers without expansion. Its random numbers
// are its own stream's (binomial and Poisson, checked against gonum's
// PMFs in their tests, and uniform picks for the capacity split), seeded
// apart from the engine's.
type stepper struct {
	K, C, H       int
	handoff       int         // -1 without a sales section
	enters        []int       // [c]
	conv          [][]float64 // [c][k] channel c's conversion into stage k
	decide        []float64   // [k] the share of stage k's pool decided each month
	lambda        [][]float64 // [c][t] expected entries
	cap           []int       // [t] capacity; math.MaxInt without sales
	follow, decay float64
	churn, value  float64
	starting      int

	rng stream
	// A trial's state.
	arr, pool [][]int // [c][k] this month's arrivals; people waiting in stage k
	queue     []int   // [c] waiting for sales
	worked    []int   // [c] this month's arrivals at the handoff, followed up
	took      []int   // [c] taken on this month
}

func newStepper(s *model.Scenario) *stepper {
	f := &s.Funnel
	K, C, H := len(f.Stages), len(s.Channels), s.Horizon
	st := &stepper{K: K, C: C, H: H, handoff: -1, follow: 1,
		churn: s.Customers.Churn.X, value: s.Customers.Value.X, starting: s.Customers.Starting}
	for k := range K {
		st.decide = append(st.decide, 1/(1+f.Months[k].X))
	}
	for _, ch := range s.Channels {
		st.enters = append(st.enters, ch.Enters)
		conv := make([]float64, K)
		lambda := make([]float64, H)
		for k := 1; k < K; k++ {
			conv[k] = f.Conversion[k].X
			if v, ok := ch.Conversion[k]; ok {
				conv[k] = v.X
			}
		}
		for t := range H {
			if ch.Response == model.Headcount {
				lambda[t] = ch.Headcount.At(1) * ch.OutputPerHead.X * rampShare(float64(t+1), ch.RampMonths)
			} else {
				lambda[t] = ch.Spend.At(1) / ch.UnitCost.X
			}
		}
		st.conv = append(st.conv, conv)
		st.lambda = append(st.lambda, lambda)
	}
	st.cap = make([]int, H)
	for t := range H {
		st.cap[t] = math.MaxInt
	}
	if sl := s.Sales; sl != nil {
		st.handoff = f.Handoff
		st.follow, st.decay = sl.FollowUp.X, sl.QueueDecay.X
		for t := range H {
			reps := sl.Reps
			for _, h := range sl.Hires {
				if h.Month <= t+1 {
					reps += h.Reps * rampShare(float64(t+1-h.Month+1), sl.RampMonths)
				}
			}
			st.cap[t] = int(math.Floor(reps * sl.CapacityPerRep.X))
		}
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
	customers := st.starting
	for t := range st.H {
		// 1. Capacity.
		capacity := st.cap[t]
		if st.handoff >= 0 {
			out.capacity += float64(capacity)
		}
		// 2. Entries.
		for c := range C {
			clear(st.arr[c])
			n := rng.poisson(st.lambda[c][t])
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
		won := 0
		for c := range C {
			a := st.arr[c][K-1]
			out.reached[K-1] += a
			out.customers[c] += a
			won += a
		}
		// 6. Customers kept from earlier months churn; new ones join and
		// pay from this month.
		customers += won - rng.binomial(customers, st.churn)
		out.revenue += float64(customers) * st.value
	}
	out.ending = customers
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
// section also the follow-up and queue losses and capacity_used.
func flowColumns(s *model.Scenario) []string {
	var names []string
	for _, stage := range s.Funnel.Stages {
		names = append(names, "reached "+stage)
	}
	names = append(names, "new_customers", "ending_customers", "revenue")
	for _, ch := range s.Channels {
		names = append(names, "entries "+ch.Name, "customers "+ch.Name)
	}
	if s.Sales != nil {
		names = append(names, "lost_follow_up", "lost_queue", "capacity_used")
	}
	return names
}

// engineColumns are the engine's flowColumns.
func engineColumns(s *model.Scenario, res *Result) map[string][]float64 {
	cols := map[string][]float64{}
	for _, st := range res.Stages {
		cols["reached "+st.Name] = st.Reached
	}
	for _, name := range []string{"new_customers", "ending_customers", "revenue", "lost_follow_up", "lost_queue", "capacity_used"} {
		cols[name] = res.Metrics[name]
	}
	for _, ch := range res.Channels {
		cols["entries "+ch.Name] = ch.Metrics["entries"]
		cols["customers "+ch.Name] = ch.Metrics["customers"]
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
	stages := s.Funnel.Stages
	for i := range trials {
		o := st.trial(seed, uint64(i))
		for k, n := range o.reached {
			cols["reached "+stages[k]][i] = float64(n)
		}
		won := 0
		for c, ch := range s.Channels {
			cols["entries "+ch.Name][i] = float64(o.entries[c])
			cols["customers "+ch.Name][i] = float64(o.customers[c])
			won += o.customers[c]
		}
		cols["new_customers"][i] = float64(won)
		cols["ending_customers"][i] = float64(o.ending)
		cols["revenue"][i] = o.revenue
		if s.Sales != nil {
			cols["lost_follow_up"][i] = float64(o.lostFollowUp)
			cols["lost_queue"][i] = float64(o.lostQueue)
			cols["capacity_used"][i] = ratio(float64(o.taken), o.capacity)
		}
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
