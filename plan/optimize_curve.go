package plan

import (
	"math"
	"slices"

	"github.com/harvest-planning/harvest/model"
)

// curvePoints is the number of points a response curve has.
const curvePoints = 41

// ResponseCurve is a channel's expected entries a month against its monthly
// spend, at mean values (ExpectedEntries), with the current and recommended
// spends marked: what plots draw. A channel that draws from a pool (the
// market, or its own audience) has instead its expected entries over the
// whole horizon as the pool runs out (HorizonEntries): Horizon and Pool
// say so.
type ResponseCurve struct {
	Channel  string `json:"channel"`
	Response string `json:"response"`
	// Current and Recommended are monthly spends; Recommended is absent
	// when there is no recommendation.
	Current     float64  `json:"current"`
	Recommended *float64 `json:"recommended,omitempty"`
	// Horizon is set (the months) when Entries count the whole horizon
	// with the pools of Pool (market.size, channels.NAME.audience)
	// depleting; 0 when they are a steady month's.
	Horizon int          `json:"horizon_months,omitempty"`
	Pool    []string     `json:"pool,omitempty"`
	Points  []CurvePoint `json:"points"`
}

// CurvePoint is one point of a response curve.
type CurvePoint struct {
	Spend   float64 `json:"spend"`
	Entries float64 `json:"entries"`
	// Marginal is the extra entries from an extra $1,000 a month there (a
	// month's, or the horizon's with a pool): MarginalEntries × 1000, for
	// a spend of 0 taken at $1 so that it stays finite; with a pool, a
	// difference over $1.
	Marginal float64 `json:"marginal_per_1k"`
	// WithoutPool is, with a pool, the entries over the horizon were it
	// never to run out: the straight line the pool bends.
	WithoutPool *float64 `json:"without_pool,omitempty"`
}

// ResponseCurves returns a response curve for every channel that spends
// money (spend channels, and headcount channels with a cost_per_head), in
// the scenario's order. recommended maps a channel's name to its
// recommended spend (nil or absent: none). A curve runs from 0 to twice
// the larger of the two spends (or, when both are 0, to where a saturating
// channel reaches 86% of its ceiling, a hill channel twice its
// half-saturation spend, others $10k).
func ResponseCurves(s *model.Scenario, recommended map[string]float64) []ResponseCurve {
	return responseCurves(s, s, recommended)
}

// responseCurves is ResponseCurves with the pools' curves computed in
// world: the plan whose other channels share the market (the
// recommendation, for the optimizer's curves), over its horizon; s gives
// the current spends.
func responseCurves(s, world *model.Scenario, recommended map[string]float64) []ResponseCurve {
	var curves []ResponseCurve
	for i := range s.Channels {
		ch := &s.Channels[i]
		if ch.Response == model.Headcount && ch.CostPerHead <= 0 {
			continue
		}
		c := ResponseCurve{Channel: ch.Name, Response: ch.Response.String(), Current: monthlySpend(s, ch)}
		hi := c.Current
		if r, ok := recommended[ch.Name]; ok {
			c.Recommended = &r
			hi = math.Max(hi, r)
		}
		hi *= 2
		if hi <= 0 {
			switch ch.Response {
			case model.Saturating:
				hi = 2 * ch.UnitCost.Mean() * ch.MaxPerMonth.Mean()
			case model.Hill:
				hi = 2 * ch.HalfSaturation.Mean()
			default:
				hi = 10000
			}
		}
		c.Points = make([]CurvePoint, curvePoints)
		pool := Pools(world, i)
		if len(pool) > 0 {
			c.Horizon, c.Pool = world.Horizon, pool
		}
		for k := range c.Points {
			spend := hi * float64(k) / float64(curvePoints-1)
			if len(pool) > 0 {
				e, free := HorizonEntries(world, i, spend)
				c.Points[k] = CurvePoint{Spend: spend, Entries: e, WithoutPool: &free,
					Marginal: 1000 * HorizonMarginal(world, i, spend)}
				continue
			}
			c.Points[k] = CurvePoint{
				Spend:    spend,
				Entries:  ExpectedEntries(ch, spend),
				Marginal: 1000 * MarginalEntries(ch, math.Max(spend, 1)),
			}
		}
		curves = append(curves, c)
	}
	return curves
}

// recommendedSpends maps each channel option to its amount in x.
func (p *problem) recommendedSpends(x []float64) map[string]float64 {
	m := make(map[string]float64, len(x))
	for i, op := range p.options {
		if op.channel >= 0 {
			m[op.Name] = x[i]
		}
	}
	return m
}

// Pools names the keys whose pools channel i draws from: "market.size"
// when the scenario has a market, "channels.NAME.audience" when the
// channel has an audience; none when it could scale without end.
func Pools(s *model.Scenario, i int) []string {
	var keys []string
	if s.Market != nil {
		keys = append(keys, "market.size")
	}
	if s.Channels[i].HasAudience {
		keys = append(keys, "channels."+s.Channels[i].Name+".audience")
	}
	return keys
}

// HorizonEntries is channel i's expected entries over the horizon when
// its monthly spend is spend (a schedule scaled to that mean, as the
// optimizer sets it) and every other channel keeps its plan, at mean
// values: DESIGN.md's recursion on what is left of the pools, month by
// month, with the expected entries in place of the draws,
//
//	e_{c,t} = λ_{c,t} · R_{t−1}/N · R_{c,t−1}/A_c,
//	R_t = R_{t−1} − Σ_c e_{c,t},  R_{c,t} = R_{c,t−1} − e_{c,t},
//
// each e capped at what is left of both pools, channels in name order,
// where λ_{c,t} is the channel's response to its effective spend (with
// carryover from prior_spend), times its seasonal multiplier, or, for a
// headcount channel, its scheduled heads ramped (a rise ramps from its
// month) times output per head; nobody leaves. free is the same without
// any pool: what the straight line would promise.
func HorizonEntries(s *model.Scenario, i int, spend float64) (entries, free float64) {
	c := s.Clone()
	setChannelSpend(c, i, math.Max(spend, 0))
	n := len(c.Channels)
	eff := make([]float64, n)  // effective spend S_{t−1}
	left := make([]float64, n) // R_{c,t−1}
	size := make([]float64, n) // A_c
	for j := range c.Channels {
		ch := &c.Channels[j]
		eff[j] = ch.PriorSpend
		if ch.HasAudience {
			size[j] = ch.Audience.Mean()
			left[j] = size[j]
		}
	}
	market := math.Inf(1)
	if c.Market != nil {
		market = c.Market.Size.Mean()
	}
	rest := market
	heads := make([][]float64, n)
	for j := range c.Channels {
		if c.Channels[j].Response == model.Headcount {
			heads[j] = rampedHeads(c.Channels[j].Headcount, c.Channels[j].RampMonths, c.Horizon)
		}
	}
	lambda := make([]float64, n)
	for t := 1; t <= c.Horizon; t++ {
		for j := range c.Channels {
			lambda[j] = monthEntries(c, &c.Channels[j], t, heads[j], &eff[j])
		}
		free += lambda[i]
		start := rest // R_{t−1}: every channel's factor is taken from it
		for j := range c.Channels {
			e := lambda[j]
			if c.Market != nil {
				e = math.Min(e*start/market, rest) // capped at what is left, in name order
			}
			if c.Channels[j].HasAudience {
				e = math.Min(e*left[j]/size[j], left[j])
				left[j] -= e
			}
			if j == i {
				entries += e
			}
			if c.Market != nil {
				rest -= e
			}
		}
	}
	return entries, free
}

// HorizonMarginal is the derivative of HorizonEntries' entries with
// respect to the monthly spend: extra entries over the horizon per extra
// dollar a month, by a central difference of $1 (forward at 0).
func HorizonMarginal(s *model.Scenario, i int, spend float64) float64 {
	lo := math.Max(spend-1, 0)
	a, _ := HorizonEntries(s, i, lo)
	b, _ := HorizonEntries(s, i, spend+1)
	return (b - a) / (spend + 1 - lo)
}

// rampedHeads is a headcount schedule's working heads in months
// 1..horizon, each ramped as DESIGN.md's schedules say: the heads of month
// 1 and each later rise ramp from their month (min(1, k/ramp) in their
// k-th); at a fall the latest started go first.
func rampedHeads(sc model.Schedule, ramp float64, horizon int) []float64 {
	type cohort struct {
		from  int
		heads float64
	}
	var team []cohort
	out := make([]float64, horizon)
	have := 0.0
	for t := 1; t <= horizon; t++ {
		want := sc.At(t)
		switch {
		case want > have:
			team = append(team, cohort{t, want - have})
		case want < have:
			cut := have - want
			for len(team) > 0 && cut > 0 {
				last := &team[len(team)-1]
				d := math.Min(cut, last.heads)
				last.heads -= d
				cut -= d
				if last.heads <= 0 {
					team = slices.Delete(team, len(team)-1, len(team))
				}
			}
		}
		have = want
		for _, c := range team {
			k := float64(t - c.from + 1)
			share := 1.0
			if ramp > 0 && k < ramp {
				share = k / ramp
			}
			out[t-1] += c.heads * share
		}
	}
	return out
}

// monthEntries is a channel's expected entries in month t at mean inputs,
// before any pool takes its share: a headcount channel's working heads
// (heads, by month) × output per head, a spend channel's response to its
// effective spend (carryover: *eff is S_{t−1} and becomes S_t), times the
// month's season (the channel's own, else the calendar's).
func monthEntries(s *model.Scenario, ch *model.Channel, t int, heads []float64, eff *float64) float64 {
	var lambda float64
	if ch.Response == model.Headcount {
		lambda = heads[t-1] * ch.OutputPerHead.Mean()
	} else {
		cc := ch.Carryover.Mean()
		*eff = (1-cc)*ch.Spend.At(t) + cc**eff
		lambda = ExpectedEntries(ch, *eff)
	}
	list := ch.Seasonality
	if list == nil {
		list = s.Calendar.Seasonality
	}
	return lambda * s.Calendar.Multiplier(list, t)
}
