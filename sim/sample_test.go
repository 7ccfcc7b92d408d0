package sim

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/combin"
	"gonum.org/v1/gonum/stat/distuv"
)

// The goodness-of-fit tests below (chi-square and Kolmogorov–Smirnov) each
// reject at significance 1e-4, and the moment checks at 5 standard errors
// (5.7e-7 each). With about 60 of the former and 100 of the latter, a
// correct sampler fails somewhere with probability below 1% for a random
// seed; the seeds are fixed, so the suite is deterministic.
const minPValue = 1e-4

// gofDraws is the sample size of each goodness-of-fit test.
const gofDraws = 500_000

// gofMaxWindow is the widest support a chi-square test tabulates; wider
// distributions are checked by their moments only.
const gofMaxWindow = 1_000_000

// discreteCase is a discrete distribution to test a sampler against.
type discreteCase struct {
	name     string
	draw     func(s *stream) int
	pmf      func(k int) float64
	lo, hi   int     // the support
	mean     float64 // closed form
	variance float64 // closed form
	exKurt   float64 // excess kurtosis, for the standard error of the variance
}

// checkDiscrete draws gofDraws values and compares them with the
// distribution: Pearson's chi-square over bins merged to an expectation of at least 5,
// and the sample mean and variance within 5 standard errors.
func checkDiscrete(t *testing.T, tc discreteCase, seed uint64) {
	t.Helper()
	var s stream
	s.reset(seed, 0, 0)
	xs := make([]int, gofDraws)
	for i := range xs {
		x := tc.draw(&s)
		if x < tc.lo || x > tc.hi {
			t.Fatalf("draw %d: got %d; want a value in the support %d..%d", i, x, tc.lo, tc.hi)
		}
		xs[i] = x
	}

	// Moments.
	n := float64(gofDraws)
	var sum float64
	for _, x := range xs {
		sum += float64(x)
	}
	mean := sum / n
	var ss float64
	for _, x := range xs {
		d := float64(x) - mean
		ss += d * d
	}
	variance := ss / (n - 1)
	if tc.variance == 0 {
		if mean != tc.mean || variance != 0 {
			t.Errorf("got mean %g, variance %g; want the constant %g", mean, variance, tc.mean)
		}
		return
	}
	if se := math.Sqrt(tc.variance / n); math.Abs(mean-tc.mean) > 5*se {
		t.Errorf("mean: got %.6g; want %.6g ± %.3g (5 SE)", mean, tc.mean, 5*se)
	}
	// Var(s²) = σ⁴·(κ + 3 − (n−3)/(n−1))/n exactly, κ the excess kurtosis.
	// At κ = −2 (a fair coin) s² is far from normal, a squared normal in
	// fact, so there only the chi-square judges the spread.
	if se := tc.variance * math.Sqrt((tc.exKurt+3-(n-3)/(n-1))/n); tc.exKurt+2 > 1e-3 && math.Abs(variance-tc.variance) > 5*se {
		t.Errorf("variance: got %.6g; want %.6g ± %.3g (5 SE)", variance, tc.variance, 5*se)
	}

	// Chi-square over a window of ±12 standard deviations, which holds all
	// but 1e-30 of the mass.
	sd := math.Sqrt(tc.variance)
	lo := max(tc.lo, int(math.Floor(tc.mean-12*sd))-5)
	hi := min(tc.hi, int(math.Ceil(tc.mean+12*sd))+5)
	if hi-lo > gofMaxWindow {
		return
	}
	counts := make([]int, hi-lo+1)
	for i, x := range xs {
		if x < lo || x > hi {
			t.Fatalf("draw %d: got %d; want a value within 12 SD of the mean (%d..%d)", i, x, lo, hi)
		}
		counts[x-lo]++
	}
	p, bins := chiSquareP(counts, lo, n, tc.pmf)
	if p < minPValue {
		t.Errorf("chi-square over %d bins: got p-value %.3g; want ≥ %g", bins, p, minPValue)
	}
}

// chiSquareP returns the p-value of Pearson's chi-square test of counts
// (counts[i] is how many draws equalled lo+i) against n·pmf, merging
// neighbouring values until every bin expects at least 5.
func chiSquareP(counts []int, lo int, n float64, pmf func(k int) float64) (p float64, bins int) {
	var stat, e, lastE float64
	var o, lastO int
	for i, c := range counts {
		e += n * pmf(lo+i)
		o += c
		if e >= 5 {
			if bins > 0 {
				stat += (float64(lastO) - lastE) * (float64(lastO) - lastE) / lastE
			}
			lastE, lastO = e, o
			e, o = 0, 0
			bins++
		}
	}
	if bins == 0 {
		return 1, 0
	}
	lastE += e // the remainder joins the last bin
	lastO += o
	stat += (float64(lastO) - lastE) * (float64(lastO) - lastE) / lastE
	if bins < 2 {
		return 1, bins
	}
	return distuv.ChiSquared{K: float64(bins - 1)}.Survival(stat), bins
}

func binomialCase(n int, p float64) discreteCase {
	d := distuv.Binomial{N: float64(n), P: p}
	tc := discreteCase{
		name: fmt.Sprintf("n=%d/p=%g", n, p),
		draw: func(s *stream) int { return s.binomial(n, p) },
		pmf:  func(k int) float64 { return d.Prob(float64(k)) },
		lo:   0, hi: n,
		mean: float64(n) * p, variance: float64(n) * p * (1 - p),
	}
	if tc.variance > 0 {
		tc.exKurt = d.ExKurtosis()
	}
	return tc
}

func TestBinomial(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n int
		p float64
	}{
		{0, 0.3},         // no trials
		{10, 0},          // p = 0
		{10, 1},          // p = 1
		{1, 0.5},         // a single trial
		{10, 0.5},        // inversion
		{64, 0.1},        // inversion, P(0) by squaring
		{65, 0.1},        // inversion, P(0) through log1p
		{19, 0.5},        // inversion, n·p just below 10
		{20, 0.5},        // BTRD, n·p = 10
		{21, 0.5},        // BTRD
		{30, 0.9},        // symmetry into inversion
		{100, 0.099},     // inversion, n·p = 9.9
		{40, 0.3},        // BTRD, recursive test only (|k − m| ≤ 15)
		{1000, 0.3},      // BTRD with squeeze and the Stirling test
		{1000, 0.01},     // the threshold from the small-p side
		{200, 0.75},      // symmetry into BTRD
		{1_000_000, 0.3}, // large n
		{1_000_000, 1 - 1e-12},
		{1_000_000_000, 1e-9}, // tiny p, huge n: inversion
		{1_000_000_000, 2e-8}, // tiny p, huge n: BTRD
		{1_000_000_000, 0.3},  // huge n: moments only
		{1_000_000_000, 0.5},
	}
	for i, tt := range tests {
		tc := binomialCase(tt.n, tt.p)
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkDiscrete(t, tc, 1000+uint64(i))
		})
	}
}

func TestPoisson(t *testing.T) {
	t.Parallel()
	// Three ways to draw: a fresh setup per draw (poisson), a setup reused
	// (poissonWith, λ repeating month to month), and a setup replaced before
	// every draw (λ alternating, as with volatility).
	type drawer func(s *stream, p *poissonSetup, lambda float64) int
	drawers := []struct {
		name string
		draw drawer
	}{
		{"fresh", func(s *stream, _ *poissonSetup, lambda float64) int { return s.poisson(lambda) }},
		{"reused", func(s *stream, p *poissonSetup, lambda float64) int { return s.poissonWith(p, lambda) }},
		{"replaced", func(s *stream, p *poissonSetup, lambda float64) int {
			s.poissonWith(p, lambda+1)
			return s.poissonWith(p, lambda)
		}},
	}
	// Below 16: table 0 alone (1e-6, 0.1249), a grid point alone (0.5, 3,
	// 10), a table and the Poisson(δ) part at its largest (2.1249, 15.999).
	for i, lambda := range []float64{0, 1e-6, 0.1249, 0.5, 2.1249, 3, 9.9, 10, 10.5, 15.9, 15.999, 16, 30, 100, 255.5, 256, 600, 1e4, 1e6, 1e9, 1e12} {
		for j, dr := range drawers {
			d := distuv.Poisson{Lambda: lambda}
			var setup poissonSetup
			tc := discreteCase{
				name: fmt.Sprintf("lambda=%g/setup=%s", lambda, dr.name),
				draw: func(s *stream) int { return dr.draw(s, &setup, lambda) },
				pmf:  func(k int) float64 { return d.Prob(float64(k)) },
				lo:   0, hi: math.MaxInt,
				mean: lambda, variance: lambda,
			}
			if lambda > 0 {
				tc.exKurt = 1 / lambda
			}
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				checkDiscrete(t, tc, 2000+100*uint64(j)+uint64(i))
			})
		}
	}
}

// hypergeometricExKurtosis is the excess kurtosis of the number of good
// items among n drawn from N of which K are good (Johnson, Kemp and Kotz,
// Univariate Discrete Distributions, 3rd ed., §6.3).
func hypergeometricExKurtosis(bigN, bigK, n float64) float64 {
	num := (bigN-1)*bigN*bigN*(bigN*(bigN+1)-6*bigK*(bigN-bigK)-6*n*(bigN-n)) +
		6*n*bigK*(bigN-bigK)*(bigN-n)*(5*bigN-6)
	den := n * bigK * (bigN - bigK) * (bigN - n) * (bigN - 2) * (bigN - 3)
	return num / den
}

func TestHypergeometric(t *testing.T) {
	t.Parallel()
	tests := []struct{ total, good, draws int }{
		{0, 0, 0},
		{10, 0, 5},  // no good items
		{10, 10, 5}, // all good
		{10, 3, 0},  // no draws
		{10, 3, 10}, // draw everything
		{20, 7, 5},  // from the mode
		{1000, 500, 1},
		{1023, 400, 300}, // the largest total from the mode
		{1024, 400, 300}, // the smallest beyond it: HRUA
		{600, 250, 35},   // a queue split
		{132, 40, 29},    // the queue split seed_saas makes most
		{8, 4, 4},        // the first block holds the whole support
		{60, 25, 11},     // from the mode, n = 11
		{1000, 3, 600},   // from 0 (n = 3), complements and roles swapped
		{1024, 30, 20},   // inversion from 0
		{1000, 1, 999},
		{100, 40, 32},
		{100, 40, 33},
		{100, 60, 70}, // both complements
		{1000, 30, 400},
		{1000, 3, 500}, // roles swapped
		{1000, 997, 500},
		{10_000, 4000, 3000}, // HRUA, both recursion and logarithms
		{1_000_000, 300_000, 200_000},
		{1_000_000, 999_999, 500_000},
		{1_000_000_000, 5, 100_000_000},
		{1_000_000_000, 400_000_000, 300_000_000},
	}
	for i, tt := range tests {
		tc := hypergeometricCase(tt.total, tt.good, tt.draws, func(s *stream) int {
			return s.hypergeometric(tt.total, tt.good, tt.draws)
		})
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkDiscrete(t, tc, 3000+uint64(i))
		})
	}
}

// hypergeometricCase is the good items among draws taken without
// replacement from total, good of them good, drawn by draw.
func hypergeometricCase(total, good, draws int, draw func(s *stream) int) discreteCase {
	bigN, bigK, n := float64(total), float64(good), float64(draws)
	tc := discreteCase{
		name: fmt.Sprintf("total=%d/good=%d/draws=%d", total, good, draws),
		draw: draw,
		pmf: func(k int) float64 {
			kf := float64(k)
			return math.Exp(combin.LogGeneralizedBinomial(bigK, kf) +
				combin.LogGeneralizedBinomial(bigN-bigK, n-kf) -
				combin.LogGeneralizedBinomial(bigN, n))
		},
		lo: max(0, draws-(total-good)), hi: min(draws, good),
	}
	if total > 0 {
		tc.mean = n * bigK / bigN
	}
	if total > 1 {
		tc.variance = n * bigK / bigN * (bigN - bigK) / bigN * (bigN - n) / (bigN - 1)
	}
	if tc.variance > 0 {
		tc.exKurt = hypergeometricExKurtosis(bigN, bigK, n)
	}
	return tc
}

// TestUrn checks the admission of short capacity one person at a time:
// each channel's share taken is hypergeometric, whether the urn draws
// those taken or those left, and the counts add up.
func TestUrn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		counts []int
		take   int
	}{
		{[]int{12, 30, 5}, 4},  // draws those taken
		{[]int{12, 30, 5}, 43}, // draws those left
		{[]int{0, 9, 1}, 5},
		{[]int{7}, 3},
	}
	for i, tt := range tests {
		total := sumInts(tt.counts)
		w := &worker{took: make([]int, len(tt.counts)), left: make([]int, len(tt.counts)), rest: make([]int, len(tt.counts))}
		counts := make([]int, len(tt.counts))
		for ch, good := range tt.counts {
			tc := hypergeometricCase(total, good, tt.take, func(s *stream) int {
				w.sales = *s
				clear(w.took)
				copy(counts, tt.counts)
				w.urn(counts, total, tt.take)
				*s = w.sales
				for c := range counts {
					if counts[c]+w.took[c] != tt.counts[c] {
						t.Fatalf("channel %d: %d taken and %d left of %d", c, w.took[c], counts[c], tt.counts[c])
					}
				}
				if got := sumInts(w.took); got != tt.take {
					t.Fatalf("took %d people; want %d", got, tt.take)
				}
				return w.took[ch]
			})
			t.Run(fmt.Sprintf("counts=%v/take=%d/channel=%d", tt.counts, tt.take, ch), func(t *testing.T) {
				checkDiscrete(t, tc, 5000+uint64(10*i+ch))
			})
		}
	}
}

// TestBelow checks that below is uniform, for small n and for one just
// above 2⁶³, where about half the raw draws are rejected.
func TestBelow(t *testing.T) {
	t.Parallel()
	for _, n := range []uint64{1, 7, 1000} {
		tc := discreteCase{
			name: fmt.Sprintf("n=%d", n),
			draw: func(s *stream) int { return int(s.below(n)) },
			pmf:  func(int) float64 { return 1 / float64(n) },
			lo:   0, hi: int(n) - 1,
			mean: float64(n-1) / 2, variance: float64(n*n-1) / 12, exKurt: -6 * float64(n*n+1) / (5 * float64(n*n-1)),
		}
		if n == 1 {
			tc.exKurt = 0
		}
		t.Run(tc.name, func(t *testing.T) { checkDiscrete(t, tc, 7000+n) })
	}
	var s stream
	s.reset(1, 2, 3)
	n := uint64(1)<<63 + 12345
	high := 0
	const draws = 100_000
	for range draws {
		x := s.below(n)
		if x >= n {
			t.Fatalf("below(%d) = %d", n, x)
		}
		if x >= n/2 {
			high++
		}
	}
	// Half the values lie in the upper half: binomial, sd √(n/4).
	if d := math.Abs(float64(high) - draws/2); d > 5*math.Sqrt(draws/4) {
		t.Errorf("below(2⁶³ + 12345): %d of %d in the upper half; want about half", high, draws)
	}
}

// ksP returns the p-value of the Kolmogorov–Smirnov test of xs against the
// continuous cdf, with Stephens' correction to the asymptotic distribution.
// It sorts xs.
func ksP(xs []float64, cdf func(float64) float64) float64 {
	slices.Sort(xs)
	n := float64(len(xs))
	var d float64
	for i, x := range xs {
		f := cdf(x)
		d = max(d, f-float64(i)/n, float64(i+1)/n-f)
	}
	sn := math.Sqrt(n)
	lambda := (sn + 0.12 + 0.11/sn) * d
	var p float64
	for k := 1.0; k <= 100; k++ {
		p += 2 * math.Pow(-1, k-1) * math.Exp(-2*k*k*lambda*lambda)
	}
	return min(max(p, 0), 1)
}

func TestGamma(t *testing.T) {
	t.Parallel()
	for i, shape := range []float64{0.05, 0.3, 1, 5, 100} {
		t.Run(fmt.Sprintf("shape=%g", shape), func(t *testing.T) {
			t.Parallel()
			var s stream
			s.reset(4000+uint64(i), 0, 0)
			xs := make([]float64, gofDraws)
			for j := range xs {
				xs[j] = s.gamma(shape)
			}
			if p := ksP(xs, distuv.Gamma{Alpha: shape, Beta: 1}.CDF); p < minPValue {
				t.Errorf("Kolmogorov–Smirnov: got p-value %.3g; want ≥ %g", p, minPValue)
			}
		})
	}
}

func TestNormal(t *testing.T) {
	t.Parallel()
	var s stream
	s.reset(5000, 0, 0)
	const n = 4 * gofDraws
	xs := make([]float64, n)
	var tail int
	for i := range xs {
		xs[i] = s.normal()
		if math.Abs(xs[i]) > zigR {
			tail++
		}
	}
	if p := ksP(xs, distuv.UnitNormal.CDF); p < minPValue {
		t.Errorf("Kolmogorov–Smirnov: got p-value %.3g; want ≥ %g", p, minPValue)
	}
	// Chi-square over the 2·256 intervals between the layers' edges, where
	// the wedge and tail tests act: a flaw there shifts mass between them.
	counts := make([]int, 512)
	for _, x := range xs {
		j, _ := slices.BinarySearchFunc(zigX[1:], math.Abs(x), func(e, x float64) int {
			return cmp.Compare(x, e) // zigX decreases
		})
		// zigX[j] ≥ |x| > zigX[j+1]: interval j (0 is the tail).
		if x < 0 {
			j = 511 - j
		}
		counts[j]++
	}
	prob := func(j int) float64 {
		if j >= 256 {
			j = 511 - j
		}
		if j == 0 {
			return distuv.UnitNormal.Survival(zigR)
		}
		return distuv.UnitNormal.CDF(zigX[j]) - distuv.UnitNormal.CDF(zigX[j+1])
	}
	if p, bins := chiSquareP(counts, 0, n, prob); p < minPValue {
		t.Errorf("chi-square over %d intervals between layers: got p-value %.3g; want ≥ %g", bins, p, minPValue)
	}
	// The tail beyond the ziggurat's base has its own algorithm: check its
	// mass, a binomial count, within 5 standard errors.
	q := 2 * distuv.UnitNormal.Survival(zigR)
	if want, se := n*q, math.Sqrt(n*q*(1-q)); math.Abs(float64(tail)-want) > 5*se {
		t.Errorf("draws beyond ±%g: got %d; want %.1f ± %.1f (5 SE)", zigR, tail, want, 5*se)
	}
}

func TestNormalTail(t *testing.T) {
	t.Parallel()
	var s stream
	s.reset(5001, 0, 0)
	xs := make([]float64, gofDraws)
	for i := range xs {
		xs[i] = s.normalTail()
	}
	// P(X ≤ x | X > r) = 1 − S(x)/S(r), S the normal survival function.
	sr := distuv.UnitNormal.Survival(zigR)
	cdf := func(x float64) float64 { return 1 - distuv.UnitNormal.Survival(x)/sr }
	if p := ksP(xs, cdf); p < minPValue {
		t.Errorf("Kolmogorov–Smirnov: got p-value %.3g; want ≥ %g", p, minPValue)
	}
}

func TestZigguratTables(t *testing.T) {
	// Every layer has the area zigArea; the base's is the strip plus the
	// tail, √(π/2)·erfc(r/√2).
	tail := math.Sqrt(math.Pi/2) * math.Erfc(zigR/math.Sqrt2)
	if got := zigR*zigF[1] + tail; math.Abs(got-zigArea) > 1e-12 {
		t.Errorf("base layer area: got %.15g; want %.15g", got, zigArea)
	}
	if got := zigX[255] * (zigF[256] - zigF[255]); math.Abs(got-zigArea) > 1e-9 {
		t.Errorf("top layer area: got %.15g; want %.15g", got, zigArea)
	}
	for i := 1; i < 256; i++ {
		if !(zigX[i+1] < zigX[i]) || !(zigF[i+1] > zigF[i]) {
			t.Fatalf("layer %d: got x %g → %g, f %g → %g; want x decreasing and f increasing",
				i, zigX[i], zigX[i+1], zigF[i], zigF[i+1])
		}
	}
}

func TestStirlingTail(t *testing.T) {
	for k := 0.0; k <= 300; k++ {
		want := lgammaRef(k+1) - (lnSqrt2Pi + (k+0.5)*math.Log(k+1) - (k + 1))
		if got := stirlingTail(k); math.Abs(got-want) > 1e-13*max(1, k) {
			t.Errorf("stirlingTail(%g): got %.17g; want %.17g", k, got, want)
		}
	}
}

func TestHypergeometricLogRatio(t *testing.T) {
	tests := []struct{ good, n, bad, m, k float64 }{
		{30, 20, 70, 6, 0}, {300, 200, 700, 60, 90}, {3e5, 2e5, 7e5, 60000, 59000}, {4e8, 3e8, 6e8, 1.2e8, 1.2e8 + 5e4},
	}
	for _, tt := range tests {
		logPMF := func(k float64) float64 {
			return combin.LogGeneralizedBinomial(tt.good, k) + combin.LogGeneralizedBinomial(tt.bad, tt.n-k)
		}
		want := logPMF(tt.k) - logPMF(tt.m)
		// The reference subtracts log-binomials as large as 6e8, each
		// rounded to about 1e-16 of itself.
		tol := 1e-15 * (1 + math.Abs(logPMF(tt.m))) * 8
		if got := hypergeometricLogRatio(tt.good, tt.n, tt.bad, tt.m, tt.k); math.Abs(got-want) > tol {
			t.Errorf("hypergeometricLogRatio(%v): got %.17g; want %.17g ± %.3g", tt, got, want, tol)
		}
	}
}

func lgammaRef(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// TestInvalidParameters checks that nonsense never panics or hangs and
// gives the nearest sensible answer.
func TestInvalidParameters(t *testing.T) {
	var s stream
	s.reset(6000, 0, 0)
	nan := math.NaN()
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"binomial n<0", s.binomial(-5, 0.5), 0},
		{"binomial p<0", s.binomial(10, -0.5), 0},
		{"binomial p>1", s.binomial(10, 1.5), 10},
		{"binomial p=NaN", s.binomial(10, nan), 0},
		{"poisson lambda<0", s.poisson(-3), 0},
		{"poisson lambda=NaN", s.poisson(nan), 0},
		{"poisson lambda=+Inf", s.poisson(math.Inf(1)), math.MaxInt},
		{"hypergeometric total<0", s.hypergeometric(-1, 3, 2), 0},
		{"hypergeometric good>total", s.hypergeometric(10, 20, 4), 4},
		{"hypergeometric draws>total", s.hypergeometric(10, 4, 20), 4},
		{"hypergeometric good<0", s.hypergeometric(10, -4, 5), 0},
		{"gamma shape=0", int(s.gamma(0)), 0},
		{"gamma shape<0", int(s.gamma(-1)), 0},
		{"gamma shape=NaN", int(s.gamma(nan)), 0},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d; want %d", tt.name, tt.got, tt.want)
		}
	}
}

// TestStreamIndependence checks that streams seeded from neighbouring
// (seed, trial, sub) are uncorrelated: the sample correlation of paired
// uniforms is within 4/√n of 0, as for independent pairs.
func TestStreamIndependence(t *testing.T) {
	type key struct{ seed, trial, sub uint64 }
	tests := []struct{ a, b key }{
		{key{1, 0, 0}, key{2, 0, 0}},
		{key{1, 0, 0}, key{1, 1, 0}},
		{key{1, 0, 0}, key{1, 0, 1}},
		{key{0, 0, 0}, key{0, 1, 0}},
		{key{1, 0, 0}, key{0, 1, 0}},
		{key{7, 41, 3}, key{7, 42, 3}},
		{key{7, 41, 3}, key{7, 41, 4}},
	}
	const n = 100_000
	for _, tt := range tests {
		var a, b stream
		a.reset(tt.a.seed, tt.a.trial, tt.a.sub)
		b.reset(tt.b.seed, tt.b.trial, tt.b.sub)
		var sa, sb, saa, sbb, sab float64
		for range n {
			x, y := a.float64(), b.float64()
			sa += x
			sb += y
			saa += x * x
			sbb += y * y
			sab += x * y
		}
		cov := sab/n - sa/n*sb/n
		r := cov / math.Sqrt((saa/n-sa/n*sa/n)*(sbb/n-sb/n*sb/n))
		if math.Abs(r) > 4/math.Sqrt(n) {
			t.Errorf("%v and %v: got correlation %.4g; want |r| ≤ %.4g", tt.a, tt.b, r, 4/math.Sqrt(n))
		}
	}
}

// TestSamplersAllocateNothing guards the engine's inner loop.
func TestSamplersAllocateNothing(t *testing.T) {
	var s stream
	s.reset(7000, 0, 0)
	allocs := testing.AllocsPerRun(100, func() {
		s.binomial(1000, 0.3)
		s.binomial(10, 0.3)
		s.poisson(3)
		s.poisson(300)
		s.hypergeometric(1000, 300, 10)
		s.hypergeometric(1000, 300, 200)
		s.gamma(0.5)
		s.gamma(5)
		s.normal()
	})
	if allocs != 0 {
		t.Errorf("got %g allocations per run; want 0", allocs)
	}
}

// TestExpNeg checks expNeg against math.Exp across its table and beyond.
func TestExpNeg(t *testing.T) {
	for x := 0.0; x < 20; x += 0.0000123 {
		want := math.Exp(-x)
		if got := expNeg(x); math.Abs(got-want) > 6e-16*want {
			t.Fatalf("expNeg(%g) = %.17g; want %.17g", x, got, want)
		}
	}
	for _, x := range []float64{math.Inf(1), 800} {
		if got := expNeg(x); got != 0 {
			t.Errorf("expNeg(%g) = %g; want 0", x, got)
		}
	}
}
