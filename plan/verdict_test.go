package plan

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/sim"
)

// pair makes two runs of n trials whose new customers differ by delta
// plus noise of sd in each trial, and whose spend differs by extra.
func pair(n int, delta, sd, extra float64, seed uint64) (plan, base *sim.Result) {
	rng := rand.New(rand.NewPCG(seed, 1))
	mk := func() *sim.Result {
		return &sim.Result{Trials: n, Metrics: map[string][]float64{
			"new_customers": make([]float64, n), "spend": make([]float64, n)}}
	}
	plan, base = mk(), mk()
	for i := range n {
		x := 50 + 10*rng.NormFloat64()
		base.Metrics["new_customers"][i] = x
		plan.Metrics["new_customers"][i] = x + delta + sd*rng.NormFloat64()
		base.Metrics["spend"][i] = 100000
		plan.Metrics["spend"][i] = 100000 + extra
	}
	return plan, base
}

// TestVerdictCalls: with n trials and noise sd the difference's standard
// error is sd/√n; a gain of 6 SE is picked (or kept against), one of 0.3
// SE too close to call, 2 SE leaned to.
func TestVerdictCalls(t *testing.T) {
	const n, sd = 4000, 4.0
	se := sd / math.Sqrt(n)
	for _, tt := range []struct {
		z    float64
		call string
		says string
	}{
		{6, Pick, "Pick more over base"},
		{-6, Keep, "Keep base rather than more"},
		{0.3, TooClose, "Too close to call between more and base"},
		{-0.3, TooClose, "Too close to call"},
		{2, Lean, "Leaning to more, not yet sure"},
		{-2, Lean, "Leaning to base, not yet sure"},
	} {
		plan, base := pair(n, tt.z*se, sd, 1200, 7)
		v, err := Judge("more", "base", plan, base, "customers", 100)
		if err != nil {
			t.Fatal(err)
		}
		z := v.Gain.Mean / v.Gain.SE
		// The drawn noise moves z by about 1 around tt.z; the calls are
		// checked where that cannot cross a threshold.
		if v.Call != tt.call || !strings.Contains(v.Sentence, tt.says) {
			t.Errorf("z %.2f (asked %v): call %s, %q; want %s, %q", z, tt.z, v.Call, v.Sentence, tt.call, tt.says)
		}
		if v.PerDollar == nil || math.Abs(*v.PerDollar-v.Gain.Mean/1200) > 1e-12 {
			t.Errorf("per dollar %v; want gain ÷ 1200", v.PerDollar)
		}
	}
}

func TestVerdictSameSpend(t *testing.T) {
	plan, base := pair(1000, 5, 1, 0, 3)
	v, err := Judge("b", "a", plan, base, "customers", 0)
	if err != nil {
		t.Fatal(err)
	}
	if v.PerDollar != nil || !strings.Contains(v.Sentence, "for the same monthly cost") || v.Call != Pick {
		t.Errorf("verdict %+v; want a pick for the same monthly cost and no gain per dollar", v)
	}
}
