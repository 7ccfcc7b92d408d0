package sim

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/harvest-planning/harvest/model"
)

// noSlot marks a parameter a channel does not have.
const noSlot = -1

// compiled is a scenario flattened for the inner loop: every number a trial
// needs is a slot in a per-trial value array (fixed values filled once,
// uncertain ones drawn per trial), and everything else is plain slices.
type compiled struct {
	horizon int
	stages  int // K
	chans   int // C
	handoff int // stage index, or -1 without a sales section

	// fixed holds every slot's value; uncertain slots are overwritten per trial.
	fixed  []float64
	inputs []input

	// scenario is the scenario compiled, and slots the slot of each of its
	// values by address (slotOf). Engine code that uses a key can read its
	// decision from scenario, or bind its value's slot, where it uses it,
	// so that a new key needs no line here.
	scenario *model.Scenario
	slots    map[*model.Value]int

	months []int // [k] slot of the mean months in stage k
	conv   []int // [c*K+k] slot of channel c's conversion into stage k (k ≥ 1)

	ch []chanSpec

	hasSales   bool
	capPerRep  int // slot
	followUp   int // slot
	queueDecay int // slot
	commission float64
	// repsRamped[t] is the reps working in month t+1 (hires ramped);
	// repCost[t] what the reps cost that month (hires paid in full): the
	// sales team's, when nobody leaves it.
	repsRamped []float64
	repCost    []float64

	// teams are the teams whose heads leave (attrition): drawn per trial.
	// salesTeam and a channel's team index them; -1: the team is the same
	// in every trial, or there is none.
	teams     []*teamSpec
	salesTeam int
	// market is the slot of market.size; noSlot: no market.
	market int
	// deplete: some channel draws from a pool (a market or its audience),
	// so its people are drawn whole month by month (flow.go).
	deplete bool
	// startMRR is the slot of customers.starting_mrr; noSlot: the
	// starting customers are worth value each.
	startMRR int
	// cash is the company section; nil: no cash is tracked.
	cash *cashSpec

	oneTime    bool
	value      int // slots
	margin     int
	churn      int
	expansion  int
	repeat     int
	onboarding int
	discount   float64 // monthly: (1 + yearly)^(1/12) − 1
	starting   int

	// Spend that does not depend on draws, summed over the horizon.
	spendMarketing float64 // marketing channels
	spendSalesBase float64 // sales channels and reps
}

// chanSpec is one channel, compiled.
type chanSpec struct {
	name     string
	kind     model.Kind
	enters   int
	stop     int // the handoff if it enters at or before it, else the last stage
	response model.Response
	spend    []float64 // [t] month t+1's spend
	// total is the spend over the horizon: for a constant schedule its
	// value × horizon, as one product.
	total float64
	sub   uint64 // substream: hash("channel:" + name)

	unitCost, maxPer, half, shape, carry, perHead int // slots or noSlot

	volatility float64
	gamma      gammaSetup // Gamma(1/v², scale v²): mean 1, CV v
	gScale     float64
	// volSub is the volatility's substream, hash("volatility:" + name):
	// a gamma draw takes a varying number of uniforms, which on the
	// channel's own stream would shift every count after it.
	volSub uint64

	// headcount channels: ramp[t] is the heads working in month t+1,
	// ramped, when nobody leaves (team -1); perHeadCost their monthly cost.
	ramp        []float64
	team        int
	perHeadCost float64

	prior    float64   // effective spend before month 1, S_0
	season   []float64 // [t] month t+1's seasonal multiplier; nil: none
	audience int       // slot of its audience; noSlot: none
	// deplete: it draws from a pool (the market or its audience), so its
	// people are drawn whole month by month.
	deplete bool
}

// input is one uncertain value: its key path, its substream, the slot it
// fills and the range its draws are clamped to.
type input struct {
	key    string
	value  model.Value
	sub    uint64
	slot   int
	lo, hi float64
	q      quantiler
}

// compiler builds a compiled scenario.
type compiler struct {
	c *compiled
	// own is the slot of each channel's own conversion, by (channel,
	// stage): those live in a map and have no address of their own.
	own map[[2]int]int
}

// register gives a slot to every value model lists for the scenario
// (model.AllValues: each value that applies to its shape, in the order of
// Values), so that Result.Inputs lists the uncertain ones as model does.
// Draws are clamped to the value's domain (a Normal written for a rate
// can stray outside it).
func (b *compiler) register(s *model.Scenario) {
	b.c.scenario = s
	b.c.slots = map[*model.Value]int{}
	b.own = map[[2]int]int{}
	for _, nv := range s.AllValues() {
		i := b.slot(nv.Key, *nv.Value, nv.Lo, nv.Hi)
		if nv.Channel >= 0 && nv.Stage >= 0 {
			b.own[[2]int{nv.Channel, nv.Stage}] = i
		} else {
			b.c.slots[nv.Value] = i
		}
	}
}

// slotOf returns the slot of the value v points to (a field of
// c.scenario, e.g. &c.scenario.Customers.Churn), or noSlot when the value
// does not apply to the scenario's shape. It looks up a map: bind once,
// when compiling or making a worker, not per trial.
func (c *compiled) slotOf(v *model.Value) int {
	if i, ok := c.slots[v]; ok {
		return i
	}
	return noSlot
}

// slot registers v under key and returns its slot.
func (b *compiler) slot(key string, v model.Value, lo, hi float64) int {
	c := b.c
	i := len(c.fixed)
	if v.IsFixed() {
		c.fixed = append(c.fixed, clamp(v.X, lo, hi))
		return i
	}
	c.fixed = append(c.fixed, math.NaN())
	c.inputs = append(c.inputs, input{
		key: key, value: v, sub: hashKey(key), slot: i, lo: lo, hi: hi,
	})
	return i
}

// constant is a slot that always holds x.
func (b *compiler) constant(x float64) int {
	b.c.fixed = append(b.c.fixed, x)
	return len(b.c.fixed) - 1
}

func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// hashKey is FNV-1a 64 of a key path: the substream an input or a
// channel's flow draws from, so that adding or fixing one leaves the
// others' draws alone.
func hashKey(key string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= prime
	}
	return h
}

// Substreams of the flow that are not a channel's.
var (
	subSales     = hashKey("sales")
	subCustomers = hashKey("customers")
)

// compile checks what the engine relies on and flattens the scenario. A
// scenario from model.Load always passes; the checks guard scenarios built
// or edited in code. A cancelled ctx stops it and returns ctx.Err().
func compile(ctx context.Context, s *model.Scenario, horizon int) (*compiled, error) {
	if s == nil {
		return nil, fmt.Errorf("sim: no scenario")
	}
	f := &s.Funnel
	K := len(f.Stages)
	if K < 2 {
		return nil, fmt.Errorf("scenario %s: funnel.stages: %d stages; need at least 2", s.File, K)
	}
	if len(f.Conversion) != K || len(f.Months) != K {
		return nil, fmt.Errorf("scenario %s: funnel: %d stages but %d conversions and %d months; want one of each per stage",
			s.File, K, len(f.Conversion), len(f.Months))
	}
	if len(s.Channels) == 0 {
		return nil, fmt.Errorf("scenario %s: channels: none; need at least one", s.File)
	}
	if s.Sales != nil && (f.Handoff < 0 || f.Handoff >= K-1) {
		return nil, fmt.Errorf("scenario %s: funnel.handoff: index %d; want a stage before the last (0..%d)", s.File, f.Handoff, K-2)
	}
	c := &compiled{horizon: horizon, stages: K, chans: len(s.Channels), handoff: -1,
		salesTeam: -1, market: noSlot, startMRR: noSlot}
	b := &compiler{c: c}
	b.register(s)

	funnelConv := make([]int, K)
	for k := 1; k < K; k++ {
		funnelConv[k] = c.slotOf(&f.Conversion[k])
	}
	c.months = make([]int, K)
	for k := range K - 1 {
		c.months[k] = c.slotOf(&f.Months[k])
	}
	c.months[K-1] = b.constant(0) // the last stage is the won customer: no wait

	if s.Market != nil {
		c.market = c.slotOf(&s.Market.Size)
	}
	c.conv = make([]int, c.chans*K)
	for i := range s.Channels {
		ch := &s.Channels[i]
		if err := checkChannel(s, ch, horizon); err != nil {
			return nil, err
		}
		cs := chanSpec{
			name: ch.Name, kind: ch.Kind, enters: ch.Enters, response: ch.Response,
			spend: ch.Spend.Months(horizon), total: scheduleTotal(ch.Spend, horizon), sub: hashKey("channel:" + ch.Name),
			unitCost: c.slotOf(&ch.UnitCost), maxPer: c.slotOf(&ch.MaxPerMonth), half: c.slotOf(&ch.HalfSaturation),
			shape: c.slotOf(&ch.Shape), carry: c.slotOf(&ch.Carryover), perHead: c.slotOf(&ch.OutputPerHead),
			volatility: ch.Volatility, team: -1, prior: ch.PriorSpend, season: seasonOf(s, ch, horizon),
			audience: noSlot, deplete: s.Market != nil || ch.HasAudience,
		}
		if ch.HasAudience {
			cs.audience = c.slotOf(&ch.Audience)
		}
		c.deplete = c.deplete || cs.deplete
		if ch.Volatility > 0 {
			cs.gamma = newGammaSetup(1 / (ch.Volatility * ch.Volatility))
			cs.gScale = ch.Volatility * ch.Volatility
			cs.volSub = hashKey("volatility:" + ch.Name)
		}
		if ch.Response == model.Headcount {
			// The heads: those of month 1 ramp from month 1, a rise of the
			// schedule is a hire, a fall a cut.
			ts := newTeamSpec(ch.Headcount.At(1), false, ch.RampMonths, rises(ch.Headcount, horizon, 1), rises(ch.Headcount, horizon, -1), horizon)
			ts.cost = ch.CostPerHead
			cs.perHeadCost = ch.CostPerHead
			if ch.HasAttrition {
				b.turnover(ts, &ch.Turnover, "team:channel:"+ch.Name)
				cs.team = len(c.teams)
				c.teams = append(c.teams, ts)
			} else {
				ts.fixTeam(horizon)
				cs.ramp = ts.ramped
			}
		}
		for k := 1; k < K; k++ {
			c.conv[i*K+k] = funnelConv[k]
			if own, ok := b.own[[2]int{i, k}]; ok {
				c.conv[i*K+k] = own
			}
		}
		c.ch = append(c.ch, cs)
		if cs.team >= 0 {
			continue // its spend is drawn: the heads it pays for leave
		}
		if ch.Kind == model.Marketing {
			c.spendMarketing += cs.total
		} else {
			c.spendSalesBase += cs.total
		}
	}

	for i := range c.ch {
		c.ch[i].stop = K - 1
		if s.Sales != nil && c.ch[i].enters <= f.Handoff {
			c.ch[i].stop = f.Handoff
		}
	}
	if sl := s.Sales; sl != nil {
		c.hasSales = true
		c.handoff = f.Handoff
		c.capPerRep = c.slotOf(&sl.CapacityPerRep)
		c.followUp = c.slotOf(&sl.FollowUp)
		c.queueDecay = c.slotOf(&sl.QueueDecay)
		c.commission = sl.Commission
		if bad(sl.Reps) || bad(sl.CostPerRep) || bad(sl.Commission) || bad(sl.RampMonths) || sl.TimeToFill < 0 {
			return nil, fmt.Errorf("scenario %s: sales: reps %g, cost_per_rep %g, commission %g, ramp_months %g, time_to_fill %d; want numbers ≥ 0",
				s.File, sl.Reps, sl.CostPerRep, sl.Commission, sl.RampMonths, sl.TimeToFill)
		}
		// The reps: those of month 1 at full capacity, hires ramping.
		ts := newTeamSpec(sl.Reps, true, sl.RampMonths, heads(sl.Hires), heads(sl.Cuts), horizon)
		ts.cost = sl.CostPerRep
		if sl.HasAttrition {
			b.turnover(ts, &sl.Turnover, "team:sales")
			c.salesTeam = len(c.teams)
			c.teams = append(c.teams, ts)
		} else {
			ts.fixTeam(horizon)
			c.repsRamped = ts.ramped
			c.repCost = make([]float64, horizon)
			for t, paid := range ts.paid {
				c.repCost[t] = paid * sl.CostPerRep
				c.spendSalesBase += c.repCost[t]
			}
		}
	}

	cu := &s.Customers
	c.oneTime = cu.Revenue == model.OneTime
	c.value = c.slotOf(&cu.Value)
	c.margin = c.slotOf(&cu.GrossMargin)
	c.churn = c.slotOf(&cu.Churn)
	c.expansion = c.slotOf(&cu.Expansion)
	c.repeat = c.slotOf(&cu.Repeat)
	c.onboarding = c.slotOf(&cu.OnboardingCost)
	if bad(cu.DiscountRate) || cu.Starting < 0 {
		return nil, fmt.Errorf("scenario %s: customers: discount_rate %g, starting %d; want numbers ≥ 0",
			s.File, cu.DiscountRate, cu.Starting)
	}
	c.discount = math.Pow(1+cu.DiscountRate, 1.0/12) - 1
	c.starting = cu.Starting
	if cu.HasStartingMRR && !c.oneTime && cu.Starting > 0 {
		c.startMRR = c.slotOf(&cu.StartingMRR)
	}
	cash, err := compileCash(s, c)
	if err != nil {
		return nil, err
	}
	c.cash = cash

	// The inputs' quantile tables side by side: a Beta or PERT table
	// takes some 4 ms of gonum's quantiles, on one core. Each looks at
	// ctx as it goes; and since a single quantile of parameters gonum's
	// inversion does not converge for never returns, a cancelled ctx
	// returns at once, leaving such a table behind.
	var wg sync.WaitGroup
	for j := range c.inputs {
		in := &c.inputs[j]
		wg.Go(func() { in.q = newQuantiler(ctx, in.value) })
	}
	tabled := make(chan struct{})
	go func() {
		wg.Wait()
		close(tabled)
	}()
	select {
	case <-tabled:
	case <-ctx.Done():
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// turnover binds a team's attrition and how it replaces its leavers, drawn
// from the substream named sub.
func (b *compiler) turnover(ts *teamSpec, tu *model.Turnover, sub string) {
	ts.attrition = b.c.slotOf(&tu.Attrition)
	ts.sub = hashKey(sub)
	ts.pickSub = hashKey(sub + ":picks")
	ts.backfill = tu.Backfill
	ts.fill = tu.TimeToFill
}

// heads lists a plan's hires (or cuts) by month.
func heads(hs []model.Hire) []monthHeads {
	out := make([]monthHeads, len(hs))
	for i, h := range hs {
		out[i] = monthHeads{month: h.Month, heads: h.Reps}
	}
	return out
}

// rises lists a headcount schedule's rises (sign 1) or falls (sign -1)
// after month 1, by month.
func rises(sc model.Schedule, horizon, sign int) []monthHeads {
	var out []monthHeads
	prev := sc.At(1)
	for _, st := range sc {
		if st.Month <= 1 || st.Month > horizon {
			continue
		}
		if d := float64(sign) * (st.Value - prev); d > 0 {
			out = append(out, monthHeads{month: st.Month, heads: d})
		}
		prev = st.Value
	}
	return out
}

// seasonOf is a channel's seasonal multiplier month by month: its own
// list, else the calendar's; nil without a calendar or a list.
func seasonOf(s *model.Scenario, ch *model.Channel, horizon int) []float64 {
	list := ch.Seasonality
	if list == nil {
		list = s.Calendar.Seasonality
	}
	if s.Calendar.Start.IsZero() || len(list) != 12 {
		return nil
	}
	out := make([]float64, horizon)
	for t := range out {
		out[t] = s.Calendar.Multiplier(list, t+1)
	}
	return out
}

// checkChannel refuses what would make the flow meaningless.
func checkChannel(s *model.Scenario, ch *model.Channel, horizon int) error {
	K := len(s.Funnel.Stages)
	if ch.Enters < 0 || ch.Enters >= K {
		return fmt.Errorf("scenario %s: channels.%s.enters: stage index %d; want 0..%d", s.File, ch.Name, ch.Enters, K-1)
	}
	if badSchedule(ch.Spend) || bad(ch.Volatility) || badSchedule(ch.Headcount) || bad(ch.RampMonths) ||
		bad(ch.PriorSpend) || ch.TimeToFill < 0 {
		return fmt.Errorf("scenario %s: channels.%s: spend %v, volatility %g, headcount %v, ramp_months %g, prior_spend %g, time_to_fill %d; want numbers ≥ 0",
			s.File, ch.Name, ch.Spend, ch.Volatility, ch.Headcount, ch.RampMonths, ch.PriorSpend, ch.TimeToFill)
	}
	for _, x := range ch.Seasonality {
		if bad(x) {
			return fmt.Errorf("scenario %s: channels.%s.seasonality: %v; want numbers ≥ 0", s.File, ch.Name, ch.Seasonality)
		}
	}
	for _, x := range s.Calendar.Seasonality {
		if bad(x) {
			return fmt.Errorf("scenario %s: calendar.seasonality: %v; want numbers ≥ 0", s.File, s.Calendar.Seasonality)
		}
	}
	if ch.Response == model.Hill && !ch.HasMax {
		return fmt.Errorf("scenario %s: channels.%s.max_per_month: missing; a hill response needs it", s.File, ch.Name)
	}
	if ch.Response < model.Linear || ch.Response > model.Headcount {
		return fmt.Errorf("scenario %s: channels.%s.response: %d is not a response", s.File, ch.Name, ch.Response)
	}
	return nil
}

// bad reports whether a planner's number is negative or not finite.
func bad(x float64) bool { return !(x >= 0) || math.IsInf(x, 1) }

// badSchedule reports whether any of a schedule's values is bad.
func badSchedule(s model.Schedule) bool {
	for _, st := range s {
		if bad(st.Value) {
			return true
		}
	}
	return false
}

// scheduleTotal is a schedule's sum over months 1..horizon. A constant
// schedule's is one product, value × horizon, the same bits as a plain
// monthly number's.
func scheduleTotal(s model.Schedule, horizon int) float64 {
	if s.IsConstant() {
		return s.At(1) * float64(horizon)
	}
	total := 0.0
	for _, x := range s.Months(horizon) {
		total += x
	}
	return total
}

// rampShare is the share of full output in the k-th month of work:
// min(1, k/ramp), full at once when ramp is 0.
func rampShare(k, ramp float64) float64 {
	if ramp <= 0 || k >= ramp {
		return 1
	}
	return k / ramp
}
