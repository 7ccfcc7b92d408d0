package plan

import (
	"context"
	"testing"

	"github.com/harvest-planning/harvest/sim"
)

// noSpend is yamlLinear spending nothing: it wins nobody, so the cash
// only pays the company's other costs.
var noSpend = []string{"channels.ads.spend=0"}

// TestCashOutBy: $1M against $100k a month of other costs, no revenue and
// no spend ends month 10 at exactly 0 and month 11 below it, in every
// future: out by month m is 0 up to month 10 and 1 from month 11.
func TestCashOutBy(t *testing.T) {
	run := review(t, yamlLinear, append(noSpend, "horizon_months=14", "company={cash: 1000000, other_costs: 100000}")...)
	c, ok := run.Cash()
	if !ok {
		t.Fatal("Cash: no company section read")
	}
	if len(c.OutBy) != 14 {
		t.Fatalf("OutBy: got %d months; want 14", len(c.OutBy))
	}
	for m, got := range c.OutBy {
		want := 0.0
		if m+1 >= 11 {
			want = 1
		}
		if got != want {
			t.Errorf("out by month %d: got %v; want %v", m+1, got, want)
		}
	}
	if c.Out != 1 || c.Trials != 400 {
		t.Errorf("out within the horizon: got %v of %d futures; want 1 of 400", c.Out, c.Trials)
	}
}

// TestCashOutByCounts: on a random plan, out by month m is a direct
// count over every future's month-end cash (every path kept): the futures
// with some month-end up to m below 0. Out is its last month.
func TestCashOutByCounts(t *testing.T) {
	const trials = 2000
	s := mustParse(t, yamlLinear, "horizon_months=18", "customers.value={low: 500, high: 1500}",
		"channels.ads.unit_cost={low: 30, high: 80}", "company={cash: 60000, other_costs: 9000}")
	res, err := sim.Run(context.Background(), s, &sim.Options{Trials: trials, Seed: 5, Paths: trials})
	if err != nil {
		t.Fatal(err)
	}
	c, ok := Review(res).Cash()
	if !ok {
		t.Fatal("Cash: no company section read")
	}
	cash := res.Paths.Series["cash"]
	if len(cash) != trials {
		t.Fatalf("kept cash paths: got %d; want %d", len(cash), trials)
	}
	some := false
	for m := 1; m <= 18; m++ {
		out := 0
		for _, path := range cash {
			for _, x := range path[:m] {
				if x < 0 {
					out++
					break
				}
			}
		}
		want := float64(out) / trials
		some = some || (want > 0.05 && want < 0.95)
		if got := c.OutBy[m-1]; got != want {
			t.Errorf("out by month %d: got %v; want %v (%d of %d futures)", m, got, want, out, trials)
		}
	}
	if !some {
		t.Error("no month with between 5% and 95% of futures out: the test checks nothing random")
	}
	if c.Out != c.OutBy[17] {
		t.Errorf("Out: got %v; want out by the last month, %v", c.Out, c.OutBy[17])
	}
}
