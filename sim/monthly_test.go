package sim

import (
	"math"
	"testing"
)

func TestMonthly(t *testing.T) {
	// 100 people a month reach a customer stage at 30%: new customers in a
	// month are Poisson(30), every month alike.
	s := funnelScenario(6, []string{"visit", "customer"}, 0.3)
	r := run(t, s, &Options{Trials: 3000, Seed: 5, Paths: 2000})
	mon := r.Monthly()
	if len(mon) != len(r.Paths.Series) {
		t.Fatalf("got %d series; want %d", len(mon), len(r.Paths.Series))
	}
	for name, paths := range r.Paths.Series {
		if len(mon[name]) != r.Horizon {
			t.Fatalf("%s: got %d months; want %d", name, len(mon[name]), r.Horizon)
		}
		for m, got := range mon[name] {
			col := make([]float64, len(paths))
			for i, p := range paths {
				col[i] = p[m]
			}
			if want := Summarize(col); got != want {
				t.Errorf("%s month %d: got %+v; want Summarize of the column, %+v", name, m+1, got, want)
			}
		}
	}
	const lambda, n = 30.0, 2000
	for m, st := range mon["new_customers"] {
		if tol := 4 * math.Sqrt(lambda/n); math.Abs(st.Mean-lambda) > tol {
			t.Errorf("month %d: mean new customers %g; want %g ± %.2f (Poisson, 4 standard errors)", m+1, st.Mean, lambda, tol)
		}
	}

	none := run(t, s, &Options{Trials: 100, Seed: 5, Paths: -1})
	if got := none.Monthly(); got != nil {
		t.Errorf("no kept paths: got %d series; want nil", len(got))
	}
}
