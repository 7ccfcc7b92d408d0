package sim

import (
	"math"
	"math/bits"
)

// poissonTableMean is where poisson switches from the alias tables to
// PTRS.
const poissonTableMean = 16

// poisson returns a Poisson(lambda) count. A lambda of 2⁶² or more
// (beyond what an int count can hold with certainty) gives math.MaxInt.
func (s *stream) poisson(lambda float64) int {
	var p poissonSetup
	return s.poissonWith(&p, lambda)
}

// poissonSetup holds what a Poisson draw of λ ≥ 16 computes from λ alone,
// so that a caller drawing again with the same λ (a large channel's
// entries month after month) skips it; below 16 the tables need none. The
// zero value holds nothing.
type poissonSetup struct {
	lambda float64 // the λ set up; 0: none
	// PTRS (λ ≥ 16); lnLambda and invAlpha only once a draw needs the
	// exact test (0 until then), as most are accepted without it.
	a, b, vr, lnLambda, invAlpha float64
}

// set computes the setup for lambda in [16, 2⁶²).
func (p *poissonSetup) set(lambda float64) {
	p.lambda = lambda
	p.b = 0.931 + 2.53*math.Sqrt(lambda)
	p.a = -0.059 + 0.02483*p.b
	p.vr = 0.9277 - 3.6224/(p.b-2)
	p.lnLambda, p.invAlpha = 0, 0
}

// poissonWith returns a Poisson(lambda) count, reusing p's setup when it
// is for lambda and else setting p up for it.
func (s *stream) poissonWith(p *poissonSetup, lambda float64) int {
	if !(lambda > 0) {
		return 0
	}
	if lambda >= 1<<62 {
		return math.MaxInt
	}
	if lambda < poissonTableMean {
		return s.poissonSmall(lambda)
	}
	if p.lambda != lambda {
		p.set(lambda)
	}
	return s.poissonPTRS(p)
}

// poissonPTRS is Hörmann's transformed rejection with squeeze (W. Hörmann,
// "The transformed rejection method for generating Poisson random
// variables", Insurance: Mathematics and Economics 12, 1993) for λ ≥ 16
// (it needs λ ≥ 10; below 16 the tables are faster), set up in p. Its
// exact test compares one logarithm with poissonLogPMF.
func (s *stream) poissonPTRS(p *poissonSetup) int {
	lambda, a, b := p.lambda, p.a, p.b
	for {
		u := s.float64() - 0.5
		v := s.float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= p.vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		if p.lnLambda == 0 {
			p.lnLambda = math.Log(lambda)
			p.invAlpha = 1.1239 + 1.1328/(b-3.4)
		}
		// ln(v/α) − ln(a/us² + b) ≤ ln f(k), as one logarithm.
		if math.Log(v*p.invAlpha/(a/(us*us)+b)) <= poissonLogPMF(k, lambda, p.lnLambda) {
			return int(k)
		}
	}
}

// poissonLogTableMax is the λ below which poissonLogPMF uses ln k! from a
// table: there −λ + k ln λ − ln k! loses at most about 1e-13 to rounding.
const poissonLogTableMax = 256

// poissonLogPMF returns ln P(X = k) = −λ + k ln λ − ln k! for whole k ≥ 0.
// For large λ it is computed relative to k + 1, with δ = k + 1 − λ and
// Stirling's formula, so that it keeps its precision for λ in the billions.
func poissonLogPMF(k, lambda, lnLambda float64) float64 {
	if lambda < poissonLogTableMax && k < 2*poissonLogTableMax {
		return -lambda + k*lnLambda - lnFactorials[int(k)]
	}
	d := k + 1 - lambda
	return d + k*math.Log1p(-d/(k+1)) - 0.5*math.Log(k+1) - lnSqrt2Pi - stirlingTail(k)
}

// Poisson draws below λ = 16 come from tables, without an exponential or a
// search: λ = g/8 + δ with 0 ≤ δ < 1/8, and a Poisson(λ) count is the sum
// of independent Poisson(g/8) and Poisson(δ) counts. The first is one
// lookup in Walker's alias table for g/8 (A. J. Walker, "An efficient
// method for generating discrete random variables with general
// distributions", ACM TOMS 3(3), 1977, built by M. D. Vose's stable
// method, IEEE TSE 17(9), 1991); the second is 0 with probability
// e^−δ ≥ 1 − δ, so nearly always known from one comparison.

// aliasGrid is the number of grid points per unit of λ.
const aliasGrid = 8

// aliasTailMass bounds the Poisson mass a table leaves out above its last
// outcome: far below what any run can see.
const aliasTailMass = 1e-20

// poissonAlias holds the alias tables of Poisson(g/aliasGrid) for
// 0 < g < poissonTableMean·aliasGrid, one after another: table g is
// entries off[g] … off[g+1]−1, outcome k at off[g]+k.
var poissonAlias = newPoissonAlias()

type aliasTables struct {
	off [poissonTableMean*aliasGrid + 1]int32
	// slot k keeps outcome k when a uniform fraction's 64 bits are below
	// its top 56 bits (followed by eight 0s), and else takes the outcome in
	// its low 8 bits: one read a draw. 56 bits are finer than the float64
	// probabilities they come from.
	slot []uint64
}

func newPoissonAlias() *aliasTables {
	t := &aliasTables{}
	var pmf []float64
	for g := 1; g < len(t.off)-1; g++ {
		lambda := float64(g) / aliasGrid
		// P(k) by the recurrence from e^−λ, until the tail above k,
		// below P(k)/(1 − λ/(k+1)) past the mode, is negligible.
		pmf = append(pmf[:0], math.Exp(-lambda))
		for k := 1; ; k++ {
			p := pmf[k-1] * lambda / float64(k)
			pmf = append(pmf, p)
			if float64(k) > lambda && p/(1-lambda/float64(k+1)) < aliasTailMass {
				break
			}
		}
		t.off[g] = int32(len(t.slot))
		t.appendTable(pmf)
	}
	// Table 0 stays empty (off[0] = off[1] = 0): Poisson(0) is 0.
	t.off[len(t.off)-1] = int32(len(t.slot))
	return t
}

// appendTable appends the alias table of the distribution pmf (summing to
// about 1; it is normalised) by Vose's method.
func (t *aliasTables) appendTable(pmf []float64) {
	n := len(pmf)
	sum := 0.0
	for _, p := range pmf {
		sum += p
	}
	scaled := make([]float64, n)
	var small, large []int
	for k, p := range pmf {
		scaled[k] = p * float64(n) / sum
		if scaled[k] < 1 {
			small = append(small, k)
		} else {
			large = append(large, k)
		}
	}
	keep := make([]float64, n)
	alias := make([]uint8, n)
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		keep[s], alias[s] = scaled[s], uint8(l)
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// What is left is 1 up to rounding.
	for _, k := range large {
		keep[k], alias[k] = 1, uint8(k)
	}
	for _, k := range small {
		keep[k], alias[k] = 1, uint8(k)
	}
	for k := range n {
		thr := uint64(math.MaxUint64)
		if keep[k] < 1 {
			thr = uint64(keep[k] * 0x1p64)
		}
		t.slot = append(t.slot, thr&^0xff|uint64(alias[k]))
	}
}

// poissonSmall returns a Poisson(lambda) count for 0 ≤ lambda < 16.
func (s *stream) poissonSmall(lambda float64) int {
	g := int(lambda * aliasGrid)
	d := lambda - float64(g)*(1.0/aliasGrid)
	t := poissonAlias
	lo, hi := int(t.off[g]), int(t.off[g+1])
	k := 0
	if hi > lo {
		// The slot and the fraction from one 64-bit word (the slot's
		// bias, below n/2⁶⁴, is as far out of sight as the tables'
		// rounding); then a conditional move, not a branch taken at
		// random.
		i, frac := bits.Mul64(s.uint64(), uint64(hi-lo))
		slot := t.slot[lo+int(i)]
		k = int(i)
		if a := int(slot & 0xff); frac >= slot&^0xff {
			k = a
		}
	}
	u := s.float64()
	if u < 1-d {
		return k
	}
	return k + s.poissonTail(d, u)
}

// poissonTail returns the outcome of a Poisson(d) inversion, d < 1/8, for
// the uniform u ≥ 1 − d (rarely reached: nearly always 0 or 1).
func (s *stream) poissonTail(d, u float64) int {
	for {
		p := expNeg(d)
		for k := 0; k <= inversionMax; k++ {
			if u < p {
				return k
			}
			u -= p
			p *= d * reciprocals[k+1]
		}
		u = s.float64()
	}
}
