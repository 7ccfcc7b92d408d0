package plan

import (
	"context"
	"fmt"
	"math"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// ReversePlan is the reverse funnel's answer made honest: the channels
// scaled together, in the funnel's mix, until the expected flow (stage
// waits, the pipeline still in progress at the horizon's end, sales
// capacity and ramps, the market) brings the target on average, with the
// reps that take on what they hand off; then simulated, so its chance of
// reaching the target is known and set against today's plan's.
type ReversePlan struct {
	// Scale is the factor on the reverse funnel's entries the flow needs:
	// above 1 when people entering late do not close within the horizon.
	Scale float64 `json:"scale"`
	// Channels are each channel's monthly spend in the plan, in the
	// scenario's order; Reps the starting reps (at least today's).
	Channels []ReverseSpend `json:"channels"`
	Reps     float64        `json:"reps"`
	// MonthlyCost is the plan's monthly cost (MonthlyCost, hires included).
	MonthlyCost float64 `json:"monthly_cost"`
	// Customers are the new customers the flow expects within the horizon;
	// Pipeline those still to come from people in the pipeline at its end.
	Customers float64 `json:"customers"`
	Pipeline  float64 `json:"pipeline"`
	// Reachable is false when no scale up to maxReverseScale brings the
	// target on average (the market or a channel's ceiling stops it).
	Reachable bool `json:"reachable"`
	// Probability is the simulated P(metric ≥ target) of the plan, with
	// its standard error; CurrentProbability today's plan's, on the same
	// random numbers; CurrentMonthlyCost today's cost.
	Probability        float64 `json:"probability"`
	ProbabilitySE      float64 `json:"probability_se"`
	CurrentProbability float64 `json:"current_probability"`
	CurrentMonthlyCost float64 `json:"current_monthly_cost"`
	Trials             int     `json:"trials"`
	Seed               uint64  `json:"seed"`

	// Plan is the plan as a scenario.
	Plan *model.Scenario `json:"-"`
}

// ReverseSpend is one channel's monthly spend in a ReversePlan.
type ReverseSpend struct {
	Name  string  `json:"name"`
	Spend float64 `json:"spend"`
}

// maxReverseScale bounds the scale the flow may ask for.
const maxReverseScale = 100

// CheckReverse makes r's plan honest (see ReversePlan) and simulates it
// and today's plan with opts.
func CheckReverse(ctx context.Context, s *model.Scenario, opts *sim.Options, r *Reverse) (*ReversePlan, error) {
	if len(r.Channels) != len(s.Channels) {
		return nil, fmt.Errorf("reverse funnel: %d channels for a scenario of %d", len(r.Channels), len(s.Channels))
	}
	s = withHorizon(s, opts)
	if s.Horizon != r.HorizonMonths {
		return nil, fmt.Errorf("reverse funnel: worked back over %d months, to be checked over %d", r.HorizonMonths, s.Horizon)
	}
	rp := &ReversePlan{CurrentMonthlyCost: MonthlyCost(s)}
	value := func(k float64) (float64, *model.Scenario, *flow) {
		c := reversePlanAt(s, r, k)
		fl := expectedFlow(c)
		v := 0.0
		w := customerWeights(c, r.Metric)
		if r.Metric == "new_customers" {
			for i := range w {
				w[i] = 1
			}
		}
		for t, n := range fl.Customers {
			v += n * w[t]
		}
		if r.Metric == "revenue" {
			v += r.StartingRevenue
		}
		return v, c, fl
	}
	lo, hi := 0.0, 1.0
	for {
		v, _, _ := value(hi)
		if v >= r.Target {
			break
		}
		lo, hi = hi, 2*hi
		if hi > maxReverseScale {
			break
		}
	}
	rp.Reachable = hi <= maxReverseScale
	if !rp.Reachable {
		hi = maxReverseScale
	}
	for rp.Reachable && hi-lo > 1e-4*hi {
		mid := (lo + hi) / 2
		if v, _, _ := value(mid); v >= r.Target {
			hi = mid
		} else {
			lo = mid
		}
	}
	_, plan, fl := value(hi)
	rp.Scale, rp.Plan = hi, plan
	rp.Customers, rp.Pipeline = fl.total(), fl.Pipeline
	for i := range plan.Channels {
		rp.Channels = append(rp.Channels, ReverseSpend{Name: plan.Channels[i].Name, Spend: monthlySpend(plan, &plan.Channels[i])})
	}
	if plan.Sales != nil {
		rp.Reps = plan.Sales.Reps
	}
	rp.MonthlyCost = MonthlyCost(plan)

	rn := newRunner(opts, false)
	rp.Trials, rp.Seed = rn.opts.Trials, rn.opts.Seed
	chance := func(c *model.Scenario) (float64, error) {
		res, err := rn.run(ctx, c)
		if err != nil {
			return 0, err
		}
		xs, err := Values(res, r.Metric)
		if err != nil {
			return 0, err
		}
		met := 0
		for _, x := range xs {
			if defined(x) && x >= r.Target {
				met++
			}
		}
		return float64(met) / float64(len(xs)), nil
	}
	var err error
	if rp.Probability, err = chance(plan); err != nil {
		return nil, fmt.Errorf("reverse funnel: %w", err)
	}
	rp.ProbabilitySE = ShareSE(rp.Probability, rp.Trials)
	if rp.CurrentProbability, err = chance(s); err != nil {
		return nil, fmt.Errorf("reverse funnel: today's plan: %w", err)
	}
	return rp, nil
}

// reversePlanAt is the reverse funnel's plan with every channel's entries
// scaled by k (each channel's spend from SpendFor, at its ceiling when it
// cannot bring more), and the starting reps raised, when the expected flow
// hands off more than they take on in some month, to what takes it all
// on (hires as planned, ramped).
func reversePlanAt(s *model.Scenario, r *Reverse, k float64) *model.Scenario {
	c := s.Clone()
	for i := range c.Channels {
		ch := &c.Channels[i]
		spend, ok := SpendFor(ch, k*r.Channels[i].EntriesPerMonth)
		if !ok {
			spend, _ = SpendFor(ch, 0.99*ch.MaxPerMonth.Mean()) // as close to the ceiling as it is sensible to pay for
		}
		setChannelSpend(c, i, spend)
	}
	if c.Sales == nil {
		return c
	}
	// The work handed off month by month, with capacity unlimited.
	free := c.Clone()
	free.Sales.Reps = 1e9
	work := expectedFlow(free).Work
	perRep := c.Sales.CapacityPerRep.Mean()
	need := c.Sales.Reps
	for t, w := range work {
		if perRep > 0 {
			need = math.Max(need, w/perRep-(teamAt(c.Sales, t+1)-c.Sales.Reps))
		}
	}
	if need > c.Sales.Reps {
		setReps(c, math.Ceil(need-1e-9))
	}
	return c
}
