package sim

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

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

func BenchmarkNormal(b *testing.B) {
	var s stream
	s.reset(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		sinkFloat += s.normal()
	}
	reportNsPerDraw(b)
}
