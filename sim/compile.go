package sim

import (
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

	months []int // [k] slot of the mean months in stage k
	conv   []int // [c*K+k] slot of channel c's conversion into stage k (k ≥ 1)

	ch []chanSpec

	hasSales   bool
	capPerRep  int // slot
	followUp   int // slot
	queueDecay int // slot
	commission float64
	// repsRamped[t] is the reps working in month t+1 (hires ramped);
	// repCost[t] what the reps cost that month (hires paid in full).
	repsRamped []float64
	repCost    []float64

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
	spend    float64 // per month
	sub      uint64  // substream: hash("channel:" + name)

	unitCost, maxPer, half, shape, carry, perHead int // slots or noSlot

	volatility float64
	gamma      gammaSetup // Gamma(1/v², scale v²): mean 1, CV v
	gScale     float64

	// headcount channels: ramp[t] = headcount × min(1, (t+1)/ramp_months)
	ramp []float64
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

// Domains of the slots, for clamping draws that fall outside them (a
// Normal written for a rate, say).
var (
	probRange   = [2]float64{0, 1}
	amountRange = [2]float64{0, math.Inf(1)}
	expRange    = [2]float64{-1, math.Inf(1)}
)

// compiler builds a compiled scenario.
type compiler struct {
	c *compiled
}

// slot registers v under key and returns its slot.
func (b *compiler) slot(key string, v model.Value, r [2]float64) int {
	c := b.c
	i := len(c.fixed)
	if v.IsFixed() {
		c.fixed = append(c.fixed, clamp(v.X, r[0], r[1]))
		return i
	}
	c.fixed = append(c.fixed, math.NaN())
	c.inputs = append(c.inputs, input{
		key: key, value: v, sub: hashKey(key), slot: i, lo: r[0], hi: r[1],
	})
	return i
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
// or edited in code.
func compile(s *model.Scenario, horizon int) (*compiled, error) {
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
	c := &compiled{horizon: horizon, stages: K, chans: len(s.Channels), handoff: -1}
	b := &compiler{c: c}

	// Slots in the order of model's Scenario.Values, so that Result.Inputs
	// lists the uncertain ones as model does.
	funnelConv := make([]int, K)
	for k := 1; k < K; k++ {
		funnelConv[k] = b.slot("funnel.conversion."+f.Stages[k], f.Conversion[k], probRange)
	}
	c.months = make([]int, K)
	for k, name := range f.Stages {
		v := f.Months[k]
		if k == K-1 {
			v = model.FixedValue(0) // the last stage is the won customer: no wait
		}
		c.months[k] = b.slot("funnel.months."+name, v, amountRange)
	}

	c.conv = make([]int, c.chans*K)
	for i := range s.Channels {
		ch := &s.Channels[i]
		if err := checkChannel(s, ch, horizon); err != nil {
			return nil, err
		}
		key := "channels." + ch.Name + "."
		cs := chanSpec{
			name: ch.Name, kind: ch.Kind, enters: ch.Enters, response: ch.Response,
			spend: ch.Spend, sub: hashKey("channel:" + ch.Name),
			unitCost: noSlot, maxPer: noSlot, half: noSlot, shape: noSlot, carry: noSlot, perHead: noSlot,
			volatility: ch.Volatility,
		}
		if ch.Volatility > 0 {
			cs.gamma = newGammaSetup(1 / (ch.Volatility * ch.Volatility))
			cs.gScale = ch.Volatility * ch.Volatility
		}
		switch ch.Response {
		case model.Headcount:
			cs.perHead = b.slot(key+"output_per_head", ch.OutputPerHead, amountRange)
			cs.ramp = make([]float64, horizon)
			for t := range cs.ramp {
				cs.ramp[t] = ch.Headcount * rampShare(float64(t+1), ch.RampMonths)
			}
		default:
			if ch.Response == model.Hill {
				cs.half = b.slot(key+"half_saturation", ch.HalfSaturation, amountRange)
				cs.shape = b.slot(key+"shape", ch.Shape, amountRange)
			} else {
				cs.unitCost = b.slot(key+"unit_cost", ch.UnitCost, amountRange)
			}
			if ch.HasMax {
				cs.maxPer = b.slot(key+"max_per_month", ch.MaxPerMonth, amountRange)
			}
			cs.carry = b.slot(key+"carryover", ch.Carryover, probRange)
		}
		for k := 1; k < K; k++ {
			c.conv[i*K+k] = funnelConv[k]
			if v, ok := ch.Conversion[k]; ok {
				c.conv[i*K+k] = b.slot(key+"conversion."+f.Stages[k], v, probRange)
			}
		}
		c.ch = append(c.ch, cs)
		if ch.Kind == model.Marketing {
			c.spendMarketing += ch.Spend * float64(horizon)
		} else {
			c.spendSalesBase += ch.Spend * float64(horizon)
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
		c.capPerRep = b.slot("sales.capacity_per_rep", sl.CapacityPerRep, amountRange)
		c.followUp = b.slot("sales.follow_up", sl.FollowUp, probRange)
		c.queueDecay = b.slot("sales.queue_decay", sl.QueueDecay, probRange)
		c.commission = sl.Commission
		if bad(sl.Reps) || bad(sl.CostPerRep) || bad(sl.Commission) || bad(sl.RampMonths) {
			return nil, fmt.Errorf("scenario %s: sales: reps %g, cost_per_rep %g, commission %g, ramp_months %g; want numbers ≥ 0",
				s.File, sl.Reps, sl.CostPerRep, sl.Commission, sl.RampMonths)
		}
		c.repsRamped = make([]float64, horizon)
		c.repCost = make([]float64, horizon)
		for t := range horizon {
			month := t + 1
			ramped, paid := sl.Reps, sl.Reps
			for _, h := range sl.Hires {
				if h.Month <= month {
					paid += h.Reps
					ramped += h.Reps * rampShare(float64(month-h.Month+1), sl.RampMonths)
				}
			}
			c.repsRamped[t] = ramped
			c.repCost[t] = paid * sl.CostPerRep
			c.spendSalesBase += c.repCost[t]
		}
	}

	cu := &s.Customers
	c.oneTime = cu.Revenue == model.OneTime
	c.value = b.slot("customers.value", cu.Value, amountRange)
	c.margin = b.slot("customers.gross_margin", cu.GrossMargin, probRange)
	c.churn = b.slot("customers.churn", cu.Churn, probRange)
	c.expansion = b.slot("customers.expansion", cu.Expansion, expRange)
	c.repeat = b.slot("customers.repeat", cu.Repeat, probRange)
	c.onboarding = b.slot("customers.onboarding_cost", cu.OnboardingCost, amountRange)
	if bad(cu.DiscountRate) || cu.Starting < 0 {
		return nil, fmt.Errorf("scenario %s: customers: discount_rate %g, starting %d; want numbers ≥ 0",
			s.File, cu.DiscountRate, cu.Starting)
	}
	c.discount = math.Pow(1+cu.DiscountRate, 1.0/12) - 1
	c.starting = cu.Starting

	// The inputs' quantile tables side by side: a Beta or PERT table
	// takes some 4 ms of gonum's quantiles, on one core.
	var wg sync.WaitGroup
	for j := range c.inputs {
		in := &c.inputs[j]
		wg.Go(func() { in.q = newQuantiler(in.value) })
	}
	wg.Wait()
	return c, nil
}

// checkChannel refuses what would make the flow meaningless.
func checkChannel(s *model.Scenario, ch *model.Channel, horizon int) error {
	K := len(s.Funnel.Stages)
	if ch.Enters < 0 || ch.Enters >= K {
		return fmt.Errorf("scenario %s: channels.%s.enters: stage index %d; want 0..%d", s.File, ch.Name, ch.Enters, K-1)
	}
	if bad(ch.Spend) || bad(ch.Volatility) || bad(ch.Headcount) || bad(ch.RampMonths) {
		return fmt.Errorf("scenario %s: channels.%s: spend %g, volatility %g, headcount %g, ramp_months %g; want numbers ≥ 0",
			s.File, ch.Name, ch.Spend, ch.Volatility, ch.Headcount, ch.RampMonths)
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

// rampShare is the share of full output in the k-th month of work:
// min(1, k/ramp), full at once when ramp is 0.
func rampShare(k, ramp float64) float64 {
	if ramp <= 0 || k >= ramp {
		return 1
	}
	return k / ramp
}
