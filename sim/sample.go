package sim

import (
	"math"
	"math/bits"
)

// stream is one trial's random numbers: a PCG generator seeded from
// (seed, trial, sub) through SplitMix64. A stream serves one goroutine.
//
// PLACEHOLDER SAMPLERS: the methods below are correct but slow (their cost
// grows with the count); the samplers work replaces their bodies with O(1)
// algorithms without changing their signatures.
type stream struct {
	hi, lo uint64
}

func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// reset seeds the stream for one trial's substream.
func (s *stream) reset(seed, trial, sub uint64) {
	x := seed
	a := splitmix64(&x)
	x ^= trial * 0xd1b54a32d192ed03
	b := splitmix64(&x)
	x ^= sub * 0x8cb92ba72f3d8dd7
	s.hi = a ^ splitmix64(&x)
	s.lo = b ^ splitmix64(&x)
}

// uint64 returns 64 random bits (PCG-DXSM, as math/rand/v2's PCG).
func (s *stream) uint64() uint64 {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	hi, lo := bits.Mul64(s.lo, mulLo)
	hi += s.hi*mulLo + s.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	s.lo = lo
	s.hi = hi
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> (3 * 16)
	hi *= (lo | 1)
	return hi
}

// float64 returns a uniform number in [0, 1).
func (s *stream) float64() float64 {
	return float64(s.uint64()<<11>>11) / (1 << 53)
}

// binomial returns a Binomial(n, p) count.
func (s *stream) binomial(n int, p float64) int {
	k := 0
	for i := 0; i < n; i++ {
		if s.float64() < p {
			k++
		}
	}
	return k
}

// poisson returns a Poisson(lambda) count.
func (s *stream) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= s.float64()
		if p <= l {
			return k
		}
		k++
	}
}

// hypergeometric returns how many of draws taken without replacement from
// total items, good of them good, are good.
func (s *stream) hypergeometric(total, good, draws int) int {
	k := 0
	for i := 0; i < draws; i++ {
		if s.float64()*float64(total-i) < float64(good) {
			k++
			good--
		}
	}
	return k
}

// gamma returns a Gamma(shape, rate 1) number.
func (s *stream) gamma(shape float64) float64 {
	// Marsaglia and Tsang, with the shape < 1 boost.
	if shape < 1 {
		u := s.float64()
		return s.gamma(1+shape) * math.Pow(u, 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
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
		u := s.float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// normal returns a standard normal number.
func (s *stream) normal() float64 {
	for {
		u := 2*s.float64() - 1
		v := 2*s.float64() - 1
		r := u*u + v*v
		if r > 0 && r < 1 {
			return u * math.Sqrt(-2*math.Log(r)/r)
		}
	}
}
