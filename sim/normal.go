package sim

import (
	"math"
)

// The normal ziggurat (G. Marsaglia and W. W. Tsang, "The ziggurat method
// for generating random variables", J. Stat. Softw. 5, 2000) with 256
// layers of equal area zigArea under exp(−x²/2). Layer i (1..255) is the
// rectangle of half-width zigX[i] between heights zigF[i] and zigF[i+1];
// layer 0 is the base strip of half-width zigR plus the tail beyond it,
// zigX[0] the width a rectangle of its area would have.
const (
	zigR    = 3.6541528853610088
	zigArea = 0.00492867323399
)

var zigX, zigF = zigguratTables()

func zigguratTables() (x, f [257]float64) {
	fr := math.Exp(-0.5 * zigR * zigR)
	x[0], f[0] = zigArea/fr, 0
	x[1], f[1] = zigR, fr
	for i := 2; i < 256; i++ {
		f[i] = zigArea/x[i-1] + f[i-1]
		x[i] = math.Sqrt(-2 * math.Log(f[i]))
	}
	x[256], f[256] = 0, 1
	return x, f
}

// normal returns a standard normal number.
func (s *stream) normal() float64 {
	for {
		r := s.uint64()
		i := r & 0xff
		u := float64(r>>11) / (1 << 53)
		x := u * zigX[i]
		if x < zigX[i+1] {
			// Inside the layer's rectangle: under the curve (99% of draws).
		} else if i == 0 {
			x = s.normalTail()
		} else if zigF[i]+s.float64()*(zigF[i+1]-zigF[i]) >= math.Exp(-0.5*x*x) {
			continue
		}
		// Bit 8 of r, which neither i nor u uses, is the sign: moved to
		// the sign bit rather than branched on, a coin toss the branch
		// predictor would miss half the time.
		return math.Float64frombits(math.Float64bits(x) ^ (r&0x100)<<55)
	}
}

// normalTail returns a standard normal number conditioned to exceed zigR,
// by Marsaglia's exponential rejection method.
func (s *stream) normalTail() float64 {
	for {
		x := -math.Log(s.open()) / zigR
		y := -math.Log(s.open())
		if 2*y >= x*x {
			return zigR + x
		}
	}
}
