package sim

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// A binomial count is drawn by inversion, as a Poisson one (poisson.go):
// one uniform a draw, the same u giving the same or a neighbouring count
// when n or p changes a little. For p > ½ it counts the failures, n − X'
// with X' ~ Binomial(n, 1 − p) of the same u, as a site does.

// binomialInversionMean is where binomial switches from the search from 0
// to the normal-quantile guess, as n·min(p, 1−p).
const binomialInversionMean = 16

// binomial returns a Binomial(n, p) count from one uniform.
func (s *stream) binomial(n int, p float64) int {
	return binomialAt(s.open(), n, p)
}

// binomialAt returns the Binomial(n, p) count of the uniform u in (0, 1).
func binomialAt(u float64, n int, p float64) int {
	if n <= 0 || !(p > 0) {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - binomialLow(u, n, 1-p)
	}
	return binomialLow(u, n, p)
}

// binomialLow is the Binomial(n, p) count of u for n ≥ 1 and 0 < p ≤ ½.
func binomialLow(u float64, n int, p float64) int {
	nf := float64(n)
	if nf*p < binomialInversionMean {
		return binomialInversion(u, n, p)
	}
	return binomialLarge(u, nf, p)
}

// binomialInversion searches the CDF from 0, using
// P(k+1) = P(k)·((n+1)/(k+1) − 1)·p/(1−p). Its cost is O(np).
func binomialInversion(u float64, n int, p float64) int {
	r := p / (1 - p)
	g := r * float64(n+1)
	// P(0) = (1−p)^n: by repeated squaring for small n (the rounding of
	// 1 − p grows n-fold, to below 1e-14), through log1p for large.
	var f float64
	if n <= 64 {
		f = 1
		for q, e := 1-p, n; e > 0; e >>= 1 {
			if e&1 != 0 {
				f *= q
			}
			q *= q
		}
	} else {
		f = math.Exp(float64(n) * math.Log1p(-p))
	}
	// Past inversionMax the mass is below 1e-40: rounding that leaves u
	// above the summed mass ends there.
	top := min(n, inversionMax)
	k := 0
	for ; k < top && u >= f; k++ {
		u -= f
		f *= g*reciprocals[k+1] - r
	}
	return k
}

// From n·p = 16 the count starts from a guess, the normal quantile w of
// u carried to the binomial's scale by the Cornish–Fisher expansion with
// the lattice's continuity correction (its limit as p → 0 is poisson.go's
// expansion to 1/√λ). The count is ⌊x*⌋, x* the x at which the
// regularised incomplete beta function I_q(n + 1 − x, x) is u (F(k) =
// I_q(n − k, k + 1)); with σ² = npq,
//
//	x* ≈ np + σw + ½ + (q − p)(w² − 1)/6
//	      + [(1 − 6pq)(w³ − 3w)/24 − (q − p)²(2w³ − 5w)/36 − w/24]/σ,
//
// within guessBound(w)/σ² of x* at the counts' edges
// (TestBinomialGuess). A guess that far from a whole number has the count
// as its floor; else the exact CDF decides.

// binomialLarge returns the Binomial(n, p) count of u for n·p ≥ 16 and p ≤
// ½.
func binomialLarge(u, nf, p float64) int {
	x, frac, d := binomialGuess(nf, p, mathext.NormalQuantile(u))
	switch {
	case nf >= 1<<52:
		return int(min(max(x+frac, 0), nf)) // float64 holds no fraction of a count here
	case d < 0.5 && frac >= d && frac < 1-d && x >= 0 && x <= nf:
		return int(x)
	}
	return binomialExact(u, nf, p, int(min(max(x, 0), nf)))
}

// binomialGuess returns the guess x* ≈ x + frac of the normal quantile w
// for Binomial(n, p), p ≤ ½, x whole and 0 ≤ frac < 1, and the bound d on
// its error.
func binomialGuess(nf, p, w float64) (x, frac, d float64) {
	q := 1 - p
	v := nf * p * q
	sd := math.Sqrt(v)
	w2 := w * w
	g := q - p
	rest := 0.5 + g*(w2-1)*(1.0/6) +
		((1-6*p*q)*(w2*w-3*w)*(1.0/24)-g*g*(2*w2*w-5*w)*(1.0/36)-w*(1.0/24))/sd
	m := nf * p
	x, frac = splitFloor(m, math.FMA(nf, p, -m), sd, w, rest)
	return x, frac, guessBound(w, w2)/v + guessRounding(sd, w)
}

// binomialExact returns the Binomial(n, p) count of u for p ≤ ½,
// searching from k: F(k) is summed from P(k) over the tail on k's side
// of the mean until the terms are negligible (O(√(npq)) terms).
func binomialExact(u, nf, p float64, k int) int {
	q := 1 - p
	r := p / q
	kf := float64(k)
	pk := math.Exp(binomialLogPMF(kf, nf, p, q))
	var f float64
	if kf < nf*p {
		s, t := 1.0, 1.0
		for j := kf; j > 0 && t >= s*0x1p-60; j-- {
			t *= j / ((nf - j + 1) * r)
			s += t
		}
		f = pk * s
	} else {
		s, t := 0.0, 1.0
		for j := kf + 1; j <= nf && t >= s*0x1p-60; j++ {
			t *= (nf - j + 1) * r / j
			s += t
		}
		f = 1 - pk*s
	}
	return searchFrom(u, k, f, pk,
		func(j float64) float64 { return (nf - j + 1) * r / j },
		func(j float64) float64 { return j / ((nf - j + 1) * r) },
		int(nf))
}

// binomialLogPMF returns ln P(X = k) for X ~ Binomial(n, p), q = 1 − p,
// whole 0 ≤ k ≤ n, to a relative error of a few ulps of its terms: by
// C. Loader's saddle-point form ("Fast and accurate computation of
// binomial probabilities", 2000, as R's dbinom), Stirling's corrections
// less the deviances bd0 of k from np and of n − k from nq.
func binomialLogPMF(k, n, p, q float64) float64 {
	switch k {
	case 0:
		return n * math.Log1p(-p)
	case n:
		return n * math.Log(p)
	}
	// stirlingTail(m − 1) is ln m! less Stirling's formula for it.
	return stirlingTail(n-1) - stirlingTail(k-1) - stirlingTail(n-k-1) -
		bd0(k, n*p) - bd0(n-k, n*q) + 0.5*math.Log(n/(2*math.Pi*k*(n-k)))
}

// bd0 returns x ln(x/m) + m − x, the deviance term of a count x of mean
// m, without the cancellation of the plain form when x is near m
// (Loader's series in v = (x − m)/(x + m)).
func bd0(x, m float64) float64 {
	if math.Abs(x-m) < 0.1*(x+m) {
		v := (x - m) / (x + m)
		s := (x - m) * v
		ej := 2 * x * v
		v2 := v * v
		for j := 3.0; ; j += 2 {
			ej *= v2
			next := s + ej/j
			if next == s {
				return s
			}
			s = next
		}
	}
	return x*math.Log(x/m) + m - x
}
