package sim

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// Checks every sampler shares: goodness of fit against a distribution's
// PMF or CDF, nonsense parameters, no allocations; and the benchmarks'
// helpers.

// The goodness-of-fit tests of the samplers (chi-square and Kolmogorov–Smirnov) each
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
	return chiSquaredSurvival(float64(bins-1), stat), bins
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
	return kolmogorovQ((sn + 0.12 + 0.11/sn) * d)
}

// kolmogorovQ is P(K > lambda), K Kolmogorov's limit of √n times the
// largest distance between a sample's CDF and its distribution's. Below
// 0.3 it is 1 to 5 decimals, and the series would need many terms.
func kolmogorovQ(lambda float64) float64 {
	if lambda < 0.3 {
		return 1
	}
	var p float64
	for k := 1.0; k <= 100; k++ {
		p += 2 * math.Pow(-1, k-1) * math.Exp(-2*k*k*lambda*lambda)
	}
	return min(max(p, 0), 1)
}

// chiSquaredSurvival is P(X > x) for X chi-square with k degrees of freedom.
func chiSquaredSurvival(k, x float64) float64 {
	return distuv.ChiSquared{K: k}.Survival(x)
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

// TestOneUniform: a Poisson or binomial draw takes exactly one uniform,
// whatever its parameters, nonsense and certainties included, so that
// two plans' streams stay aligned past a draw whose parameters differ.
func TestOneUniform(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	var s stream
	s.reset(8000, 0, 0)
	check := func(name string, draw func()) {
		t.Helper()
		one := s
		one.open()
		draw()
		if s != one {
			t.Errorf("%s: took other than one uniform", name)
			s = one
		}
	}
	for _, lambda := range []float64{-1, nan, 0, 1e-300, 0.3, 7.99, 15.9999, 16, 16.0001, 250, 1e6, 1e12, 1 << 53, 1 << 62, inf} {
		for range 1000 {
			check(fmt.Sprintf("poisson(%g)", lambda), func() { s.poisson(lambda) })
		}
	}
	for _, n := range []int{-3, 0, 1, 10, 31, 32, 1000, 1 << 40, 1 << 53} {
		for _, p := range []float64{-1, nan, 0, 1e-12, 0.016, 0.3, 0.5, 0.7, 1 - 1e-12, 1, 2} {
			for range 200 {
				check(fmt.Sprintf("binomial(%d, %g)", n, p), func() { s.binomial(n, p) })
			}
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

// sinkInt and sinkFloat keep the compiler from discarding benchmarked draws.
var (
	sinkInt   int
	sinkFloat float64
)

// benchDraws runs draw in a loop and reports ns/draw (one draw per op)
// with allocations.
func benchDraws(b *testing.B, draw func(s *stream) int) {
	var s stream
	s.reset(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		sinkInt += draw(&s)
	}
	reportNsPerDraw(b)
}

func reportNsPerDraw(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/draw")
}
