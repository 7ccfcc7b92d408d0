package plan

import (
	"math"

	"github.com/harvest-planning/harvest/model"
)

// curvePoints is the number of points a response curve has.
const curvePoints = 41

// ResponseCurve is a channel's expected entries a month against its monthly
// spend, at mean values (ExpectedEntries), with the current and recommended
// spends marked: what plots draw.
type ResponseCurve struct {
	Channel  string `json:"channel"`
	Response string `json:"response"`
	// Current and Recommended are monthly spends; Recommended is absent
	// when there is no recommendation.
	Current     float64      `json:"current"`
	Recommended *float64     `json:"recommended,omitempty"`
	Points      []CurvePoint `json:"points"`
}

// CurvePoint is one point of a response curve.
type CurvePoint struct {
	Spend   float64 `json:"spend"`
	Entries float64 `json:"entries"`
	// Marginal is the extra entries a month from an extra $1,000 a month
	// there (MarginalEntries × 1000; for a spend of 0 it is taken at $1, so
	// that it stays finite).
	Marginal float64 `json:"marginal_per_1k"`
}

// ResponseCurves returns a response curve for every channel that spends
// money (spend channels, and headcount channels with a cost_per_head), in
// the scenario's order. recommended maps a channel's name to its
// recommended spend (nil or absent: none). A curve runs from 0 to twice
// the larger of the two spends (or, when both are 0, to where a saturating
// channel reaches 86% of its ceiling, a hill channel twice its
// half-saturation spend, others $10k).
func ResponseCurves(s *model.Scenario, recommended map[string]float64) []ResponseCurve {
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
		for k := range c.Points {
			spend := hi * float64(k) / float64(curvePoints-1)
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
