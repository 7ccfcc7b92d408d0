package sim

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

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

// aliasMaxError bounds the error of an outcome's probability from an alias
// table: Vose's method moves mass between outcomes by subtractions whose
// rounding adds up to a few ulps of the table's scaled probabilities (n
// times the outcome's), an absolute error that no run can detect (it
// would take some 10³⁰ draws).
const aliasMaxError = 1e-15

// TestPoissonAlias reads every alias table back into the probabilities it
// gives each outcome and compares them with Poisson(g/8)'s PMF, and checks
// that the mass it leaves out above its last outcome is negligible.
func TestPoissonAlias(t *testing.T) {
	t.Parallel()
	tab := poissonAlias
	if lo, hi := tab.off[0], tab.off[1]; lo != hi {
		t.Errorf("table 0 has %d outcomes; want none (Poisson(0) is 0)", hi-lo)
	}
	worst := 0.0
	for g := 1; g < len(tab.off)-1; g++ {
		lambda := float64(g) / aliasGrid
		d := distuv.Poisson{Lambda: lambda}
		lo, hi := int(tab.off[g]), int(tab.off[g+1])
		n := hi - lo
		if n < 1 || n > 256 {
			t.Fatalf("λ = %g: %d outcomes; want 1 to 256 (aliases are bytes)", lambda, n)
		}
		// Slot i gives outcome i with chance keep/2⁶⁴ and its alias
		// otherwise, each slot with chance 1/n.
		got := make([]float64, n)
		for i := range n {
			slot := tab.slot[lo+i]
			keep := float64(slot&^0xff) * 0x1p-64
			got[i] += keep / float64(n)
			a := int(slot & 0xff)
			if a >= n {
				t.Fatalf("λ = %g: slot %d aliases outcome %d of %d", lambda, i, a, n)
			}
			got[a] += (1 - keep) / float64(n)
		}
		for k, p := range got {
			want := poissonPMF(k, lambda)
			if diff := math.Abs(p - want); diff > aliasMaxError {
				t.Errorf("λ = %g: P(%d) = %.17g; want %.17g", lambda, k, p, want)
			} else {
				worst = max(worst, diff)
			}
		}
		// Past the mode the PMF falls at least geometrically by λ/(n+1),
		// so the mass from n on is below P(n)/(1 − λ/(n+1)).
		if float64(n) <= lambda {
			t.Fatalf("λ = %g: the table ends at %d, before the mode", lambda, n-1)
		}
		if tail := d.Prob(float64(n)) / (1 - lambda/float64(n+1)); tail > aliasTailMass {
			t.Errorf("λ = %g: the table leaves out mass up to %g; want below %g", lambda, tail, aliasTailMass)
		}
	}
	t.Logf("largest difference from the PMF: %g", worst)
}

// poissonPMF returns e^−λ λ^k/k! with λ^k/k! computed exactly, as a
// reference within an ulp or two (gonum's Prob, through ln λ and ln k!,
// loses some 30 ulps at λ = 13).
func poissonPMF(k int, lambda float64) float64 {
	r := new(big.Float).SetPrec(256).SetFloat64(math.Exp(-lambda))
	l := new(big.Float).SetPrec(256).SetFloat64(lambda)
	for i := 1; i <= k; i++ {
		r.Mul(r, l)
		r.Quo(r, new(big.Float).SetPrec(256).SetInt64(int64(i)))
	}
	f, _ := r.Float64()
	return f
}

func BenchmarkPoisson(b *testing.B) {
	for _, lambda := range []float64{0.5, 5, 30, 1000, 1e6, 1e9} {
		b.Run(fmt.Sprintf("lambda=%g", lambda), func(b *testing.B) {
			benchDraws(b, func(s *stream) int { return s.poisson(lambda) })
		})
	}
}
