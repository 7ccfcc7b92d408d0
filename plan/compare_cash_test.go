package plan

import (
	"context"
	"math"
	"testing"
)

// TestCompareBeyondHorizon: on yamlCashRamp (every future the same) with
// $1M the cash lasts the horizon (its lowest is $1M − $302.5k), with $200k
// it runs out in month 5 (a runway of 4 months: the flows sum to −$231.4k
// by then); with $100k of other costs the first month to break even is
// month 10 (40,000 × 1.1^t ≥ 100,000 from t = 9.6), with $200k none is,
// and $1M runs out in month 8 (a runway of 7: the flows sum to −$1.097M).
// A cash that lasts beats any runway in every future, and a month that
// breaks even beats none; the pairs where both are past the horizon tie.
func TestCompareBeyondHorizon(t *testing.T) {
	rich := mustParse(t, yamlCashRamp, "company.cash=1000000")
	poor := mustParse(t, yamlCashRamp, "company.cash=200000")
	costly := mustParse(t, yamlCashRamp, "company.cash=1000000", "company.other_costs=200000")
	c, err := Compare(context.Background(), []Plan{{"poor", poor}, {"rich", rich}, {"costly", costly}}, opts(300),
		[]string{"runway_months", "break_even_month"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Plans[0].Metrics["runway_months"].P50; got != 4 {
		t.Errorf("poor's runway %g; want 4", got)
	}
	tests := []struct {
		plan, metric    string
		beats           float64
		defined, beyond int
		mean            float64 // over the defined; NaN: none
	}{
		{"rich", "runway_months", 1, 0, 300, math.NaN()},
		{"costly", "runway_months", 1, 300, 0, 3},
		{"rich", "break_even_month", 0, 300, 0, 0},
		{"costly", "break_even_month", 0, 0, 300, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.plan+" "+tt.metric, func(t *testing.T) {
			var d Difference
			for _, p := range c.Plans {
				if p.Name == tt.plan {
					d = p.VersusBase[tt.metric]
				}
			}
			if d.PBeats != tt.beats || d.Defined != tt.defined || d.Beyond != tt.beyond {
				t.Errorf("got P(beats) %g over %d defined + %d beyond; want %g over %d + %d",
					d.PBeats, d.Defined, d.Beyond, tt.beats, tt.defined, tt.beyond)
			}
			if !math.IsNaN(tt.mean) && d.Mean != tt.mean {
				t.Errorf("got mean %g; want %g", d.Mean, tt.mean)
			}
		})
	}
	// The other way round: poor against rich never beats it, and never
	// breaking even loses to month 10.
	c, err = Compare(context.Background(), []Plan{{"rich", rich}, {"poor", poor}}, opts(300), []string{"runway_months"})
	if err != nil {
		t.Fatal(err)
	}
	if d := c.Plans[1].VersusBase["runway_months"]; d.PBeats != 0 || d.Beyond != 300 {
		t.Errorf("poor against rich: P(beats) %g over %d beyond; want 0 over 300", d.PBeats, d.Beyond)
	}
}

// TestConstraintBeyondHorizon: runway_months>=6@0.9 holds where the
// cash lasts the horizon (the runway is undefined there: past it).
func TestConstraintBeyondHorizon(t *testing.T) {
	c, err := ParseConstraint("runway_months>=6@0.9")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		x    float64
		want bool
	}{{math.NaN(), true}, {6, true}, {5, false}} {
		if got := c.meets(tt.x); got != tt.want {
			t.Errorf("runway %g: meets %v; want %v", tt.x, got, tt.want)
		}
	}
	even, _ := ParseConstraint("break_even_month<=12@0.9")
	if even.meets(math.NaN()) {
		t.Error("no month breaking even meets break_even_month<=12; want not")
	}
}
