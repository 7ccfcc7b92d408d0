package sim

import "math"

// A site is one place in the flow that draws Binomial(n, p) with the same p
// all trial long (a channel's conversion into a stage, a stage's monthly
// decision share, churn, follow-up) and n changing month by month. The
// inner loop's counts are small, so nearly every draw is by inversion, whose
// setup (q^n, an exp and a log1p in stream.binomial) costs more than the
// search. A site keeps q^n for the n it has seen this trial, as numpy's
// binomial keeps its setup for a repeated p, and leaves large counts and
// large means to stream.binomial.

// siteMax bounds the n a site tabulates q^n for; siteInversionMean is
// the n·min(p, 1 − p) from which stream.binomial's normal-quantile guess
// is cheaper than the search (measured: alike at 20 to 25).
const (
	siteMax           = 128
	siteInversionMean = 25
)

type site struct {
	p    float64 // the probability as given
	flip bool    // p > ½: draw the failures, with probability 1 − p
	pp   float64 // min(p, 1 − p)
	r    float64 // pp / (1 − pp)
	// limit is the least n handed to stream.binomial: 0 for p outside
	// (0, 1), else n·pp ≥ siteInversionMean or n ≥ siteMax.
	limit int
	// pow[i] = (1 − pp)^i for i < filled, filled a block at a time from
	// step[j] = (1 − pp)^(j+1).
	pow    [siteMax]float64
	filled int
	step   [siteBlock]float64
}

// siteBlock is how many powers a site fills at once: each from the last
// block's end, so that they do not wait on one another.
const siteBlock = 8

// set starts a trial with probability p.
func (s *site) set(p float64) {
	s.p = p
	s.flip = p > 0.5
	s.pp = p
	if s.flip {
		s.pp = 1 - p
	}
	s.r = s.pp / (1 - s.pp)
	s.limit = 0
	if p > 0 && p < 1 {
		s.limit = siteMax
		if m := siteInversionMean / s.pp; m < siteMax {
			s.limit = int(math.Ceil(m))
		}
	}
	q := 1 - s.pp
	s.step[0] = q
	for j := 1; j < siteBlock; j++ {
		s.step[j] = s.step[j-1] * q
	}
	s.pow[0] = 1
	s.filled = 1
}

// draw returns a Binomial(n, p) count from one uniform of rng, by
// inversion as stream.binomial. n = 0 takes the same path as any small n
// (and a uniform): callers need not branch on it.
func (s *site) draw(rng *stream, n int) int {
	if n < 0 {
		return 0
	}
	if n >= s.limit {
		return rng.binomial(n, s.p)
	}
	if s.filled <= n {
		s.fill(n)
	}
	// Inversion: P(0) = q^n, P(k+1) = P(k)·(n − k)/(k + 1)·pp/q. The first
	// three outcomes, nearly every draw at the flow's small means, are told
	// apart without branches, so no loop exit is mispredicted; beyond them
	// the search goes on from the same u.
	r, nf := s.r, float64(n)
	u := rng.open()
	f0 := s.pow[n]
	f1 := f0 * nf * r
	f2 := f1 * (nf - 1) * 0.5 * r
	c1 := f0 + f1
	c2 := c1 + f2
	k := 0
	if u >= f0 {
		k = 1
	}
	if u >= c1 {
		k = 2
	}
	if u >= c2 {
		k = s.search(n, u-c2, f2*(nf-2)*reciprocals[3]*r, 3)
	}
	if s.flip {
		return n - k
	}
	return k
}

// fill extends pow past n (n < limit ≤ siteMax), whole blocks at a time
// while they fit.
func (s *site) fill(n int) {
	pow, step := &s.pow, &s.step
	i := s.filled
	for ; i <= n && i+siteBlock <= siteMax; i += siteBlock {
		base := pow[i-1]
		for j := range siteBlock {
			pow[i+j] = base * step[j]
		}
	}
	for ; i <= n; i++ {
		pow[i] = pow[i-1] * step[0]
	}
	s.filled = i
}

// search goes on with the inversion from outcome k, of probability f,
// with u the uniform less the mass below k. Rounding can leave u above the
// summed mass; then the count is n, so that a draw takes one uniform.
func (s *site) search(n int, u, f float64, k int) int {
	if k >= n {
		return n
	}
	r, nf := s.r, float64(n)
	for ; k < n && u >= f; k++ {
		u -= f
		f *= (nf - float64(k)) * reciprocals[k+1] * r
	}
	return k
}
