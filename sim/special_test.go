package sim

import (
	"math"
	"testing"
)

func TestStirlingTail(t *testing.T) {
	for k := 0.0; k <= 300; k++ {
		want := lgammaRef(k+1) - (lnSqrt2Pi + (k+0.5)*math.Log(k+1) - (k + 1))
		if got := stirlingTail(k); math.Abs(got-want) > 1e-13*max(1, k) {
			t.Errorf("stirlingTail(%g): got %.17g; want %.17g", k, got, want)
		}
	}
}

func lgammaRef(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
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
