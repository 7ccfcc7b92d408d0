package sim

import (
	"math"
)

// binomialInversionMean is where binomial switches from inversion to BTRD,
// as n·min(p, 1−p): BTRD needs it ≥ 10.
const binomialInversionMean = 10

// binomial returns a Binomial(n, p) count.
func (s *stream) binomial(n int, p float64) int {
	if n <= 0 || !(p > 0) {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - s.binomialLow(n, 1-p)
	}
	return s.binomialLow(n, p)
}

// binomialLow draws Binomial(n, p) for n ≥ 1 and 0 < p ≤ ½.
func (s *stream) binomialLow(n int, p float64) int {
	nf := float64(n)
	if nf*p < binomialInversionMean {
		return s.binomialInversion(n, p)
	}
	return s.binomialBTRD(nf, p)
}

// binomialInversion searches the CDF from 0, using
// P(k+1) = P(k)·((n+1)/(k+1) − 1)·p/(1−p). Its cost is O(np).
func (s *stream) binomialInversion(n int, p float64) int {
	r := p / (1 - p)
	g := r * float64(n+1)
	// P(0) = (1−p)^n: by repeated squaring for small n (the rounding of
	// 1 − p grows n-fold, to below 1e-14), through log1p for large.
	var f0 float64
	if n <= 64 {
		f0 = 1
		for q, e := 1-p, n; e > 0; e >>= 1 {
			if e&1 != 0 {
				f0 *= q
			}
			q *= q
		}
	} else {
		f0 = math.Exp(float64(n) * math.Log1p(-p))
	}
	top := min(n, inversionMax)
	for {
		u := s.float64()
		f := f0
		for k := 0; k <= top; k++ {
			if u < f {
				return k
			}
			u -= f
			f *= g*reciprocals[k+1] - r
		}
	}
}

// binomialBTRD is Hörmann's transformed rejection with decomposition
// (W. Hörmann, "The generation of binomial random variates", J. Statist.
// Comput. Simul. 46, 1993, algorithm BTRD) for n·p ≥ 10 and p ≤ ½. Its
// expected cost is bounded whatever n.
func (s *stream) binomialBTRD(n, p float64) int {
	q := 1 - p
	npq := n * p * q
	spq := math.Sqrt(npq)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := n*p + 0.5
	alpha := (2.83 + 5.1/b) * spq
	vr := 0.92 - 4.2/b
	urvr := 0.86 * vr
	m := math.Floor((n + 1) * p)
	r := p / q
	nr := (n + 1) * r
	for {
		// Step 1: the triangle in the centre, accepted at once.
		v := s.float64()
		if v <= urvr {
			u := v/vr - 0.43
			return int((2*a/(0.5-math.Abs(u))+b)*u + c)
		}
		// Step 2: a point under the hat.
		var u float64
		if v >= vr {
			u = s.float64() - 0.5
		} else {
			u = v/vr - 0.93
			u = math.Copysign(0.5, u) - u
			v = s.float64() * vr
		}
		// Step 3.0.
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > n {
			continue
		}
		v = v * alpha / (a/(us*us) + b)
		km := math.Abs(k - m)
		if km <= 15 {
			// Step 3.1: f(k)/f(m) by recursion.
			f := 1.0
			if m < k {
				for i := m + 1; i <= k; i++ {
					f *= nr/i - r
				}
			} else {
				for i := k + 1; i <= m; i++ {
					v *= nr/i - r
				}
			}
			if v <= f {
				return int(k)
			}
			continue
		}
		// Step 3.2: squeeze on the log scale.
		v = math.Log(v)
		rho := km / npq * (((km/3+0.625)*km+1.0/6)/npq + 0.5)
		t := -km * km / (2 * npq)
		if v < t-rho {
			return int(k)
		}
		if v > t+rho {
			continue
		}
		// Steps 3.3 and 3.4: the exact test, through Stirling's formula.
		nm := n - m + 1
		h := (m+0.5)*math.Log((m+1)/(r*nm)) + stirlingTail(m) + stirlingTail(n-m)
		nk := n - k + 1
		if v <= h+(n+1)*math.Log(nm/nk)+(k+0.5)*math.Log(nk*r/(k+1))-stirlingTail(k)-stirlingTail(n-k) {
			return int(k)
		}
	}
}
