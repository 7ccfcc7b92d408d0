package sim

import (
	"math"
)

// gamma returns a Gamma(shape, rate 1) number (see gammaWith).
func (s *stream) gamma(shape float64) float64 {
	g := newGammaSetup(shape)
	return s.gammaWith(&g)
}

// gammaSetup holds what a Gamma draw computes from its shape alone, for a
// caller drawing the same shape again (a channel's volatility, month after
// month).
type gammaSetup struct {
	shape float64 // as given; not positive: every draw is 0
	d, c  float64 // Marsaglia and Tsang's, for max(shape, shape + 1)
}

func newGammaSetup(shape float64) gammaSetup {
	g := gammaSetup{shape: shape}
	if !(shape > 0) {
		return g
	}
	if shape < 1 {
		shape++
	}
	g.d = shape - 1.0/3
	g.c = 1 / math.Sqrt(9*g.d)
	return g
}

// gammaWith returns a Gamma(shape, rate 1) number: Marsaglia and Tsang's
// method, with U^(1/shape) boosting shapes below 1. A shape that is not
// positive gives 0.
func (s *stream) gammaWith(g *gammaSetup) float64 {
	if !(g.shape > 0) {
		return 0
	}
	boost := 1.0
	if g.shape < 1 {
		boost = math.Pow(s.open(), 1/g.shape)
	}
	d, c := g.d, g.c
	for {
		var x, v float64
		for {
			x = s.normal()
			v = 1 + c*x
			if v > 0 {
				break
			}
		}
		v = v * v * v
		u := s.open()
		xx := x * x
		if u < 1-0.0331*xx*xx || math.Log(u) < 0.5*xx+d*(1-v+math.Log(v)) {
			return d * v * boost
		}
	}
}
