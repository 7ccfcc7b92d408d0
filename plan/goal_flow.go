package plan

import (
	"math"

	"github.com/harvest-planning/harvest/model"
)

// flow is a plan's expected flow month by month, every uncertain value at
// its mean and every count at its expectation: DESIGN.md's month with the
// draws replaced by their means. It is what goal's plan lever and the
// reverse funnel use to choose a direction cheaply; every answer they give
// is then confirmed by the engine.
//
// What it leaves out: volatility (its multiplier has mean 1), people
// leaving (attrition), and the floor of a fractional capacity's
// hypergeometric split (capacity is shared in proportion).
type flow struct {
	// Customers[t] are the new customers of month t+1.
	Customers []float64
	// Reached[k] are the people reaching stage k over the horizon (at the
	// handoff, before follow-up and capacity, as the engine counts them).
	Reached []float64
	// Entries[c] are channel c's entries over the horizon.
	Entries []float64
	// Pipeline are the people still in a stage or waiting for sales at the
	// horizon's end, weighed by their chance of becoming customers:
	// customers still to come from people already in.
	Pipeline float64
	// Capacity and Taken are the sales team's capacity and the people it
	// took on, summed over the months (0 without a sales section); Work
	// the people it took on each month.
	Capacity, Taken float64
	Work            []float64
	// MarketUsed is the share of the market entered (NaN without one);
	// AudienceUsed each channel's share of its audience (NaN without).
	MarketUsed   float64
	AudienceUsed []float64
}

// total is the flow's new customers over the horizon.
func (f *flow) total() float64 {
	var n float64
	for _, x := range f.Customers {
		n += x
	}
	return n
}

// expectedFlow runs s's expected flow over its horizon.
func expectedFlow(s *model.Scenario) *flow {
	H := s.Horizon
	n := len(s.Channels)
	K := len(s.Funnel.Stages)
	f := &flow{Customers: make([]float64, H), Reached: make([]float64, K), Entries: make([]float64, n),
		AudienceUsed: make([]float64, n), MarketUsed: math.NaN(), Work: make([]float64, H)}

	// rates[c][k]: channel c's mean chance of reaching k from k−1; hazard[k]
	// the chance a person in stage k is decided in a month.
	rates := make([][]float64, n)
	for c := range s.Channels {
		rates[c] = make([]float64, K)
		for k := 1; k < K; k++ {
			rates[c][k] = rate(s, &s.Channels[c], k)
		}
	}
	hazard := make([]float64, K)
	for k := range hazard {
		hazard[k] = 1
		if k < len(s.Funnel.Months) {
			hazard[k] = 1 / (1 + s.Funnel.Months[k].Mean())
		}
	}

	sales := s.Sales
	handoff := -1
	var followUp, decay, perRep float64
	if sales != nil {
		handoff = s.Funnel.Handoff
		followUp, decay, perRep = sales.FollowUp.Mean(), sales.QueueDecay.Mean(), sales.CapacityPerRep.Mean()
	}

	eff := make([]float64, n)
	left := make([]float64, n)
	size := make([]float64, n)
	heads := make([][]float64, n)
	for c := range s.Channels {
		ch := &s.Channels[c]
		eff[c] = ch.PriorSpend
		f.AudienceUsed[c] = math.NaN()
		if ch.HasAudience {
			size[c] = ch.Audience.Mean()
			left[c] = size[c]
		}
		if ch.Response == model.Headcount {
			heads[c] = rampedHeads(ch.Headcount, ch.RampMonths, H)
		}
	}
	market := math.Inf(1)
	if s.Market != nil {
		market = s.Market.Size.Mean()
	}
	rest := market

	pool := make([][]float64, n) // people in stage k awaiting their outcome
	arr := make([][]float64, n)  // this month's arrivals at stage k
	queue := make([]float64, n)  // waiting for sales
	for c := range pool {
		pool[c] = make([]float64, K)
		arr[c] = make([]float64, K)
	}
	lambda := make([]float64, n)
	for t := 1; t <= H; t++ {
		// 1. Capacity.
		var capacity float64
		if sales != nil {
			capacity = math.Floor(teamAt(sales, t) * perRep)
			f.Capacity += capacity
		}
		// 2. Entries.
		for c := range s.Channels {
			lambda[c] = monthEntries(s, &s.Channels[c], t, heads[c], &eff[c])
		}
		start := rest
		for c := range s.Channels {
			e := lambda[c]
			if s.Market != nil {
				e = math.Min(e*start/market, rest)
			}
			if s.Channels[c].HasAudience {
				e = math.Min(e*left[c]/size[c], left[c])
				left[c] -= e
			}
			if s.Market != nil {
				rest -= e
			}
			f.Entries[c] += e
			arr[c][s.Channels[c].Enters] += e
		}
		// 3. The queue decays.
		for c := range queue {
			queue[c] *= 1 - decay
		}
		// 4. Stages in order.
		for k := 0; k < K-1; k++ {
			if k == handoff {
				var waiting, fresh float64
				for c := range s.Channels {
					f.Reached[k] += arr[c][k] // reaching the handoff counts before follow-up, as the engine counts it
					arr[c][k] *= followUp
					waiting += queue[c]
					fresh += arr[c][k]
				}
				fromQueue := math.Min(capacity, waiting)
				fromFresh := math.Min(capacity-fromQueue, fresh)
				f.Taken += fromQueue + fromFresh
				f.Work[t-1] += fromQueue + fromFresh
				for c := range s.Channels {
					var q, a float64
					if waiting > 0 {
						q = queue[c] * fromQueue / waiting
					}
					if fresh > 0 {
						a = arr[c][k] * fromFresh / fresh
					}
					queue[c] += arr[c][k] - q - a
					arr[c][k] = q + a
				}
			}
			for c := range s.Channels {
				if k != handoff {
					f.Reached[k] += arr[c][k]
				}
				pool[c][k] += arr[c][k]
				arr[c][k] = 0
				decided := pool[c][k] * hazard[k]
				pool[c][k] -= decided
				arr[c][k+1] += decided * rates[c][k+1]
			}
		}
		// 5. New customers.
		for c := range s.Channels {
			f.Customers[t-1] += arr[c][K-1]
			f.Reached[K-1] += arr[c][K-1]
			arr[c][K-1] = 0
		}
	}
	// Customers still to come from those in the pipeline.
	for c := range s.Channels {
		yield := 1.0
		for k := K - 2; k >= 0; k-- {
			yield *= rates[c][k+1]
			f.Pipeline += pool[c][k] * yield
			if k == handoff {
				f.Pipeline += queue[c] * yield
			}
		}
	}
	if s.Market != nil {
		f.MarketUsed = 1 - rest/market
	}
	for c := range s.Channels {
		if s.Channels[c].HasAudience {
			f.AudienceUsed[c] = 1 - left[c]/size[c]
		}
	}
	return f
}

// teamAt is the sales team working in month t, before anyone leaves: the
// starting reps at full capacity, each hire ramped from its month
// (min(1, (t − h + 1)/ramp_months)), less the cuts made by then.
func teamAt(sa *model.Sales, t int) float64 {
	reps := sa.Reps
	for _, h := range sa.Hires {
		if h.Month > t {
			continue
		}
		share := 1.0
		if k := float64(t - h.Month + 1); sa.RampMonths > 0 && k < sa.RampMonths {
			share = k / sa.RampMonths
		}
		reps += h.Reps * share
	}
	for _, c := range sa.Cuts {
		if c.Month <= t {
			reps -= c.Reps
		}
	}
	return math.Max(reps, 0)
}

// pipelineMonths is the mean months a person entering at stage from
// takes to become a customer: the stages' mean waits from there on.
func pipelineMonths(s *model.Scenario, from int) float64 {
	var m float64
	for k := from; k < len(s.Funnel.Stages)-1 && k < len(s.Funnel.Months); k++ {
		m += s.Funnel.Months[k].Mean()
	}
	return m
}
