package sim

import (
	"math"
)

// hypergeometricInversionMax is the most draws for which hypergeometric
// uses inversion from 0 when total is beyond the ln k! table; above it
// uses HRUA.
const hypergeometricInversionMax = 32

// hypergeometric returns how many of draws taken without replacement from
// total items, good of them good, are good. good and draws are clamped to
// 0..total.
func (s *stream) hypergeometric(total, good, draws int) int {
	if total <= 0 {
		return 0
	}
	good = min(max(good, 0), total)
	draws = min(max(draws, 0), total)
	// The count X = |G ∩ D| of the good set G in the drawn set D. Drawing
	// the complement of D gives good − X; counting the complement of G
	// gives |D| − X; and G and D play symmetric roles. So reduce to
	// n ≤ g ≤ total/2.
	n := draws
	flipD := n > total-n
	if flipD {
		n = total - n
	}
	d := n
	g := good
	flipG := g > total-g
	if flipG {
		g = total - g
	}
	if n > g {
		n, g = g, n
	}
	var x int
	switch {
	case total < lnFactorialMax:
		x = s.hypergeometricSmall(total, g, n)
	case n <= hypergeometricInversionMax:
		x = s.hypergeometricInversion(total, g, n)
	default:
		x = s.hypergeometricHRUA(total, g, n)
	}
	if flipG {
		x = d - x
	}
	if flipD {
		x = good - x
	}
	return x
}

// hypergeometricInversion searches the CDF from 0 (HIN), for
// n ≤ good ≤ total/2: P(0) = Π (bad−i)/(total−i) over i < n, and
// P(k+1) = P(k)·(good−k)(n−k)/((k+1)(bad−n+k+1)). Its cost is O(n).
func (s *stream) hypergeometricInversion(total, good, n int) int {
	tf, gf, nf := float64(total), float64(good), float64(n)
	bf := tf - gf
	// P(0) in blocks of 8 factors, one division a block: each product
	// stays below total⁸ < 2⁵⁰⁴, far from overflow.
	f0 := 1.0
	for i := 0.0; i < nf; {
		num, den := 1.0, 1.0
		for end := min(i+8, nf); i < end; i++ {
			num *= bf - i
			den *= tf - i
		}
		f0 *= num / den
	}
	for {
		u := s.float64()
		f := f0
		for k := 0.0; k <= nf; k++ {
			if u < f {
				return int(k)
			}
			u -= f
			f *= (gf - k) * (nf - k) / ((k + 1) * (bf - nf + k + 1))
		}
	}
}

// hypergeometricModeMin is the least n for which hypergeometricSmall
// searches from the mode rather than from 0: below it the first block
// from 0 holds the whole support and f(0) is a product of at most three
// terms, cheaper than the exponential f(m) costs. (Measured in the flow,
// 4 and 6 are alike and about 1.5% faster than 8 or 12.)
const hypergeometricModeMin = 4

// hypergeometricSmall inverts the CDF for n ≤ good ≤ total/2 and total <
// lnFactorialMax (support 0..n), where every divisor of the PMF's ratios
// is in the reciprocals table. For small n it searches from 0 with f(0) =
// Π (bad−i)/(total−i); else in the order m, m+1, m−1, m+2, … from the mode
// m with f(m) from the ln k! table (one exponential, rounded to about
// 1e-12 of itself), at an expected cost of O(sd) rather than O(n). The
// first eight outcomes of the order are told apart without branches, as
// a site's first three are (site.go): most draws end there, and a
// search's exit is mispredicted about once a draw.
func (s *stream) hypergeometricSmall(total, good, n int) int {
	bad := total - good
	rec := &reciprocals
	gf, nf, bnf := float64(good), float64(n), float64(bad-n)
	m := 0
	fm := 1.0
	if n < hypergeometricModeMin {
		for i := range n {
			fm *= float64(bad-i) * rec[total-i]
		}
	} else {
		// The mode ⌊(n+1)(good+1)/(total+2)⌋, by a reciprocal rather
		// than a division that would lengthen the chain of capacity
		// splits, each waiting on the last: rounding can only make it
		// one less, which the search from it does not mind.
		m = int(float64((n+1)*(good+1)) * rec[total+2])
		lf := &lnFactorials
		// Summed as a tree, for a short chain of additions.
		fm = expNeg(((lf[m] + lf[good-m]) + (lf[n-m] + lf[bad-n+m])) +
			((lf[total] - lf[good]) - (lf[bad] + lf[n])) - lf[total-n])
	}
	// The first eight outcomes of the order, m−3 … m+4, without a branch
	// but the one on whether u falls among them: their ratios to f(m) on
	// two chains (up and down), which neither wait on each other nor on
	// f(m). Outside the support 0..n a ratio's factor n − k or k is 0 and
	// so are the terms past it (the reciprocals table reaches total + 8).
	mf := float64(m)
	up1 := (gf - mf) * (nf - mf) * rec[m+1] * rec[bad-n+m+1]
	up2 := up1 * (gf - mf - 1) * (nf - mf - 1) * rec[m+2] * rec[bad-n+m+2]
	up3 := up2 * (gf - mf - 2) * (nf - mf - 2) * rec[m+3] * rec[bad-n+m+3]
	up4 := up3 * (gf - mf - 3) * (nf - mf - 3) * rec[m+4] * rec[bad-n+m+4]
	dn1 := mf * (bnf + mf) * rec[good-m+1] * rec[n-m+1]
	dn2 := dn1 * (mf - 1) * (bnf + mf - 1) * rec[good-m+2] * rec[n-m+2]
	dn3 := dn2 * (mf - 2) * (bnf + mf - 2) * rec[good-m+3] * rec[n-m+3]
	c1 := 1 + up1
	c2 := c1 + dn1
	c3 := c2 + up2
	c4 := c3 + dn2
	c5 := c4 + up3
	c6 := c5 + dn3
	c7 := c6 + up4
	for {
		u := s.float64()
		if u < fm*c7 {
			// Unrolled on purpose: as a loop over arrays it costs about
			// twice as much (Go does not unroll loops).
			k := m
			if u >= fm {
				k = m + 1
			}
			if u >= fm*c1 {
				k = m - 1
			}
			if u >= fm*c2 {
				k = m + 2
			}
			if u >= fm*c3 {
				k = m - 2
			}
			if u >= fm*c4 {
				k = m + 3
			}
			if u >= fm*c5 {
				k = m - 3
			}
			if u >= fm*c6 {
				k = m + 4
			}
			return k
		}
		u -= fm * c7
		up, fu := m+4, fm*up4
		down, fd := m-3, fm*dn3
		for up < n || down > 0 {
			if up < n {
				// f(k+1)/f(k) = (g−k)(n−k)/((k+1)(bad−n+k+1))
				k := float64(up)
				fu *= (gf - k) * (nf - k) * rec[up+1] * rec[bad-n+up+1]
				up++
				if u -= fu; u < 0 {
					return up
				}
			}
			if down > 0 {
				// f(k−1)/f(k) = k(bad−n+k)/((g−k+1)(n−k+1))
				k := float64(down)
				fd *= k * (bnf + k) * rec[good-down+1] * rec[n-down+1]
				down--
				if u -= fd; u < 0 {
					return down
				}
			}
		}
		// Rounding left u above the summed mass: draw it again.
	}
}

// hypergeometricRecursionMax is the farthest from the mode HRUA evaluates
// the PMF's ratio by recursion rather than by logarithms.
const hypergeometricRecursionMax = 16

// hypergeometricHRUA is Stadlober's ratio-of-uniforms method (E. Stadlober,
// "The ratio of uniforms approach for generating discrete random variates",
// J. Comput. Appl. Math. 31, 1990, algorithm HRUA; as numpy implements it)
// for n ≤ good ≤ total/2. Its expected cost is bounded whatever the sizes.
func (s *stream) hypergeometricHRUA(total, good, n int) int {
	const (
		d1 = 1.7155277699214135 // 2√(2/e)
		d2 = 0.8989161620588988 // 3 − 2√(3/e)
	)
	tf, gf, nf := float64(total), float64(good), float64(n)
	bf := tf - gf // the bad items
	p := gf / tf
	mu := nf * p
	a := mu + 0.5
	variance := (tf - nf) * nf * p * (1 - p) / (tf - 1)
	c := math.Sqrt(variance + 0.5)
	h := d1*c + d2
	m := math.Floor((nf + 1) * (gf + 1) / (tf + 2)) // the mode
	top := min(min(nf, gf)+1, math.Floor(a+16*c))
	for {
		u := s.open()
		v := s.float64()
		x := a + h*(v-0.5)/u
		if x < 0 || x >= top {
			continue
		}
		k := math.Floor(x)
		if math.Abs(k-m) <= hypergeometricRecursionMax {
			// f(k)/f(m) by f(i+1)/f(i) = (g−i)(n−i)/((i+1)(bad−n+i+1)),
			// and accept when u² ≤ f(k)/f(m), as 2 ln u ≤ t below.
			ratio := 1.0
			for i := m; i < k; i++ {
				ratio *= (gf - i) * (nf - i) / ((i + 1) * (bf - nf + i + 1))
			}
			for i := k; i < m; i++ {
				ratio *= (i + 1) * (bf - nf + i + 1) / ((gf - i) * (nf - i))
			}
			if u*u <= ratio {
				return int(k)
			}
			continue
		}
		t := hypergeometricLogRatio(gf, nf, bf, m, k)
		if u*(4-u)-3 <= t {
			return int(k)
		}
		if u*(u-t) >= 1 {
			continue
		}
		if 2*math.Log(u) <= t {
			return int(k)
		}
	}
}

// hypergeometricLogRatio returns ln f(k) − ln f(m), f the PMF of the good
// items among n drawn from good + bad: the sum of the four ratios
// ln a! − ln b! of logFactorialRatio, whose d·(ln(b+1) − 1) terms combine
// into one logarithm.
func hypergeometricLogRatio(good, n, bad, m, k float64) float64 {
	a := [4]float64{m, good - m, n - m, bad - n + m}
	b := [4]float64{k, good - k, n - k, bad - n + k}
	t := (m - k) * math.Log((k+1)*(bad-n+k+1)/((good-k+1)*(n-k+1)))
	for j := range a {
		t += (a[j]+0.5)*math.Log1p((a[j]-b[j])/(b[j]+1)) + stirlingTail(a[j]) - stirlingTail(b[j])
	}
	return t
}
