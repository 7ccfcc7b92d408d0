package plan

import (
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/sim"
)

func TestParseConstraint(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Constraint
	}{
		{"cac<=20000@0.8", Constraint{Metric: "cac", AtMost: true, Bound: 20000, Share: 0.8}},
		{" cac <= 20k @ 80% ", Constraint{Metric: "cac", AtMost: true, Bound: 20000, Share: 0.8}},
		{"cash_min>=0@0.9", Constraint{Metric: "cash_min", Bound: 0, Share: 0.9}},
		{"roi≥-5%", Constraint{Metric: "roi", Bound: -0.05}},
		{"payback_months<=18", Constraint{Metric: "payback_months", AtMost: true, Bound: 18}},
		{"channels.sdr.cac<=$9,000@0.5", Constraint{Metric: "channels.sdr.cac", AtMost: true, Bound: 9000, Share: 0.5}},
	} {
		got, err := ParseConstraint(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseConstraint(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		back, err := ParseConstraint(got.String())
		if err != nil || back != got {
			t.Errorf("ParseConstraint(%q.String() = %q) = %+v, %v; want it back", tt.in, got.String(), back, err)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"cac<20000", "want METRIC>=X@P or METRIC<=X@P"},
		{"<=5", "no metric"},
		{"cac<=lots", `bound "lots" is not a number`},
		{"cac<=20k@1", `"1" is not a share of futures`},
		{"cac<=20k@0", `"0" is not a share of futures`},
		{"cac<=20k@", `"" is not a share of futures`},
	} {
		_, err := ParseConstraint(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseConstraint(%q) error %v; want it to say %q", tt.in, err, tt.want)
		}
	}
}

// TestConstraintKeep counts by hand on a run with known values: CAC
// undefined in a trial (no customer) does not keep a bound.
func TestConstraintKeep(t *testing.T) {
	r := &sim.Result{Trials: 5, Metrics: map[string][]float64{
		"cac": {10000, 15000, 25000, math.NaN(), 19000},
		"roi": {-0.5, 0.25, 0.25, -0.25, 0.25},
	}}
	for _, tt := range []struct {
		c        Constraint
		achieved float64
		met      bool
	}{
		{Constraint{Metric: "cac", AtMost: true, Bound: 20000, Share: 0.6}, 0.6, true},
		{Constraint{Metric: "cac", AtMost: true, Bound: 20000, Share: 0.61}, 0.6, false},
		{Constraint{Metric: "cac", AtMost: true, Bound: 20000}, 17250, true},
		{Constraint{Metric: "roi", Bound: 0}, 0, true},
		{Constraint{Metric: "roi", Bound: 0.01}, 0, false},
		{Constraint{Metric: "roi", Bound: 0, Share: 0.5}, 0.6, true},
	} {
		k, err := tt.c.Keep(r)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(k.Achieved-tt.achieved) > 1e-12 || k.Met != tt.met {
			t.Errorf("%s: achieved %v, met %v; want %v, %v", tt.c, k.Achieved, k.Met, tt.achieved, tt.met)
		}
	}
	k, _ := Constraint{Metric: "cac", AtMost: true, Bound: 20000, Share: 0.8}.Keep(r)
	if want := math.Sqrt(0.6 * 0.4 / 5); math.Abs(k.SE-want) > 1e-12 {
		t.Errorf("share SE %v; want %v", k.SE, want)
	}
	if got, want := k.Words(), "CAC ≤ $20.0k in 8 futures of 10: not kept, in 60% ± 22% of futures"; got != want {
		t.Errorf("Words() = %q; want %q", got, want)
	}
}
