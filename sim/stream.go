package sim

import "math/bits"

// stream is one trial's random numbers: a xoshiro256++ generator (D.
// Blackman and S. Vigna, "Scrambled linear pseudorandom number
// generators", ACM Trans. Math. Softw. 47(4), 2021: period 2²⁵⁶ − 1, no
// known failure of BigCrush or PractRand) whose state is filled from
// (seed, trial, sub) through SplitMix64, as its authors recommend: no
// 128-bit multiply, so cheaper than PCG-DXSM. A stream serves one
// goroutine, and must be reset before use: the zero stream gives only
// zeros.
//
// Its samplers, one to a file as in gonum's stat/distuv, are exact (each
// draw follows the named distribution, not an approximation of it),
// allocate nothing, and cost O(1) per draw whatever the count:
//
//   - binomial.go and poisson.go: inversion, the least k with u < F(k) for
//     one uniform u, so that a draw takes one uniform whatever its
//     parameters and the same u gives the same or a neighbouring count
//     when they change a little (the common random numbers of two plans):
//     binomials by a search from 0 below n·min(p, 1−p) = 16 (site.go
//     keeps a repeated p's set-up for the flow's many small draws), Poisson
//     counts below λ = 16 from tables of the CDF at λ on a grid; above,
//     both from the normal quantile of u carried to the count's scale,
//     which nearly always is the count, and else the exact CDF decides;
//   - hypergeometric.go: reduced by symmetry to the smallest of its four
//     equivalent forms, then inversion (for totals below 1024 from 0 under
//     4 draws, else from the mode through a table of ln k!; for larger
//     totals from 0 up to 32 draws) and Stadlober's ratio-of-uniforms
//     (HRUA) above;
//   - gamma.go: Marsaglia and Tsang, on normal.go's 256-layer ziggurat;
//   - here: uniform whole numbers below n, Lemire's multiply-and-reject.
//
// Invalid parameters (negative counts, probabilities outside 0..1, NaN)
// never panic or loop: they are clamped to the nearest valid value.
type stream struct {
	s0, s1, s2, s3 uint64
}

func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// reset seeds the stream for one trial's substream: the SplitMix64
// sequence started at seed, with trial and then sub folded into its
// counter, gives the four words of state.
func (s *stream) reset(seed, trial, sub uint64) {
	s.resetFrom(newTrialKey(seed, trial), sub)
}

// A trialKey is the part of a stream's seeding that (seed, trial) alone
// decides, computed once for a trial's many substreams.
type trialKey struct{ a, b, x uint64 }

func newTrialKey(seed, trial uint64) trialKey {
	x := seed
	a := splitmix64(&x)
	x ^= trial * 0xd1b54a32d192ed03
	b := splitmix64(&x)
	return trialKey{a, b, x}
}

// resetFrom is reset with the trial's part of the seeding done.
func (s *stream) resetFrom(k trialKey, sub uint64) {
	a, b, x := k.a, k.b, k.x
	x ^= sub * 0x8cb92ba72f3d8dd7
	s.s0 = a ^ splitmix64(&x)
	s.s1 = b ^ splitmix64(&x)
	s.s2 = splitmix64(&x)
	s.s3 = splitmix64(&x)
	if s.s0|s.s1|s.s2|s.s3 == 0 {
		s.s0 = 1 // the one state xoshiro cannot leave
	}
}

// uint64 returns 64 random bits (xoshiro256++).
func (s *stream) uint64() uint64 {
	r := bits.RotateLeft64(s.s0+s.s3, 23) + s.s0
	t := s.s1 << 17
	s.s2 ^= s.s0
	s.s3 ^= s.s1
	s.s1 ^= s.s2
	s.s0 ^= s.s3
	s.s2 ^= t
	s.s3 = bits.RotateLeft64(s.s3, 45)
	return r
}

// float64 returns a uniform number in [0, 1): the top 53 bits.
func (s *stream) float64() float64 {
	return float64(s.uint64()>>11) * 0x1p-53
}

// below returns a uniform whole number in [0, n), n ≥ 1, by Lemire's
// multiply-and-reject method (D. Lemire, "Fast random integer generation
// in an interval", ACM Trans. Model. Comput. Simul. 29(1), 2019): exactly
// uniform, without a division but in the rare rejection.
func (s *stream) below(n uint64) uint64 {
	hi, lo := bits.Mul64(s.uint64(), n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(s.uint64(), n)
		}
	}
	return hi
}

// open returns a uniform number in (0, 1): never 0, so its logarithm and
// reciprocal are finite.
func (s *stream) open() float64 {
	return (float64(s.uint64()>>11) + 0.5) / (1 << 53)
}
