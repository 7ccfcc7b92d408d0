package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestConversionExact: 40 of 200 people converted, all decided, no waiting
// stage. No waiting stage means every move happened in the month of
// arrival (w = 0), and all decided that those who did not move are long
// past deciding: here a year (a = 12). The likelihood is then
// p^40·h^40·∏(1 − p(1 − (1 − h)^13))^160. The 40 moves at w = 0 put h's
// posterior near Beta(41, 1) (mass above 0.9), where (1 − h)^13 < 1e-13,
// so the p-marginal is p^40(1 − p)^160 to within that: Beta(41, 161) from
// the uniform prior, mean 41/202 = 20.30%, 90% interval 15.8–25.1%.
func TestConversionExact(t *testing.T) {
	var e Evidence
	for range 40 {
		e.AddMoved(0)
	}
	for range 160 {
		e.AddWaiting(12)
	}
	f, err := Conversion(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	exact := distuv.Beta{Alpha: 41, Beta: 161}
	if got, want := f.Mean, exact.Mean(); math.Abs(got-want) > 1e-5 {
		t.Errorf("got mean %.6f; want %.6f", got, want)
	}
	if got, want := f.SD, exact.StdDev(); math.Abs(got-want) > 1e-5 {
		t.Errorf("got sd %.6f; want %.6f", got, want)
	}
	if math.Abs(f.Conversion.Alpha-41) > 0.05 || math.Abs(f.Conversion.Beta-161) > 0.2 {
		t.Errorf("got %s; want beta(α=41, β=161)", f.Conversion.Describe())
	}
	for _, q := range []struct{ p, want float64 }{{0.05, 0.158}, {0.5, 0.2020}, {0.95, 0.251}} {
		if got := f.Conversion.Quantile(q.p); math.Abs(got-q.want) > 0.0005 {
			t.Errorf("got %g%% point %.4f; want %.3f", 100*q.p, got, q.want)
		}
	}
	if !f.HasMonths || !f.Months.IsFixed() || f.Months.X != 0 {
		t.Errorf("got months %s; want fixed 0", f.Months.Describe())
	}
	if f.AtRisk != 200 || f.Moved != 40 {
		t.Errorf("got %d at risk, %d moved; want 200, 40", f.AtRisk, f.Moved)
	}
}

// cohorts simulates the model itself: a cohort of n people enters stage
// k−1 in each month 0..11; each is decided after a geometric wait
// (P(w) = h(1 − h)^w) and reaches stage k with probability p; the export
// is in month 11, which counts as whole.
func cohorts(rng *rand.Rand, n int, p, h float64) Evidence {
	var e Evidence
	for m := range 12 {
		for range n {
			w := int(math.Floor(math.Log(1-rng.Float64()) / math.Log(1-h)))
			if rng.Float64() < p && m+w <= 11 {
				e.AddMoved(w)
			} else {
				e.AddWaiting(11 - m)
			}
		}
	}
	return e
}

// TestConversionCensoring: on a year of monthly cohorts with a 2-month
// stage, exported at the year's end, a naive rate (reached k ÷ reached
// k−1) reads a true 30% as about 25% (a person who entered a months before
// the export has been decided with probability 1 − (2/3)^(a+1), 84% on
// average), so its 90% interval rarely covers 30%; the censored fit's 90%
// intervals must cover the true conversion and the true months in at least
// 85% of replications. Small cohorts (50 a month) keep it fast; -short
// runs 50 replications instead of 200.
func TestConversionCensoring(t *testing.T) {
	const p, months = 0.30, 2.0
	h := 1 / (1 + months)
	reps := 200
	if testing.Short() {
		reps = 50
	}
	rng := rand.New(rand.NewPCG(16, 2026))
	var coverP, coverM, coverNaive int
	for range reps {
		e := cohorts(rng, 50, p, h)
		f, err := Conversion(e, nil)
		if err != nil {
			t.Fatal(err)
		}
		if f.Conversion.Quantile(0.05) <= p && p <= f.Conversion.Quantile(0.95) {
			coverP++
		}
		if f.Months.Quantile(0.05) <= months && months <= f.Months.Quantile(0.95) {
			coverM++
		}
		naive := distuv.Beta{Alpha: 1 + float64(f.Moved), Beta: 1 + float64(f.AtRisk-f.Moved)}
		if naive.Quantile(0.05) <= p && p <= naive.Quantile(0.95) {
			coverNaive++
		}
	}
	t.Logf("90%% intervals cover: conversion %d, months %d, naive rate %d of %d", coverP, coverM, coverNaive, reps)
	if coverP < reps*85/100 {
		t.Errorf("got conversion covered in %d of %d; want at least 85%%", coverP, reps)
	}
	if coverM < reps*85/100 {
		t.Errorf("got months covered in %d of %d; want at least 85%%", coverM, reps)
	}
	if coverNaive > reps/2 {
		t.Errorf("got the naive rate covering in %d of %d; want it to fail most (its bias is 3 sd)", coverNaive, reps)
	}
}

// TestConversionNarrow: with many people the posterior spans a few of
// the first grid's cells; the zoomed grid must still find its sd, which
// for all-decided people is the Beta's, √(m(1 − m)/(n + 3)).
func TestConversionNarrow(t *testing.T) {
	e := Evidence{Moved: []int{30000}, Waiting: make([]int, 13)}
	e.Waiting[12] = 70000
	f, err := Conversion(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	exact := distuv.Beta{Alpha: 30001, Beta: 70001}
	if math.Abs(f.Mean-exact.Mean()) > 1e-6 || math.Abs(f.SD/exact.StdDev()-1) > 0.01 {
		t.Errorf("got mean %.6f sd %.6f; want %.6f, %.6f", f.Mean, f.SD, exact.Mean(), exact.StdDev())
	}
}

func TestConversionErrors(t *testing.T) {
	tests := []struct {
		name string
		e    Evidence
		s    *Settings
		want string
	}{
		{name: "nobody", want: "calibrate: no people at risk; a conversion needs people who reached the stage before"},
		{name: "coarse grid", e: Evidence{Moved: []int{1}}, s: &Settings{Grid: 50}, want: "calibrate: a grid of 50 points per axis; want at least 200"},
		{name: "negative", e: Evidence{Moved: []int{-1}}, want: "calibrate: a negative count of people"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Conversion(tt.e, tt.s)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v; want %s", err, tt.want)
			}
		})
	}
}

func TestConversionNoMoves(t *testing.T) {
	f, err := Conversion(Evidence{Waiting: []int{3, 5, 2}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.HasMonths || f.Conversion.Alpha <= 0 || f.Mean >= 0.5 {
		t.Errorf("got %+v; want no months and a conversion below one half", f)
	}
}

func TestPeopleEvidence(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(dateLayout, s); return t }
	p := &People{Stages: testStages, Rows: []Person{
		{Channel: "a", Reached: []time.Time{d("2026-01-31"), d("2026-02-01"), {}, {}}},
		{Channel: "a", Reached: []time.Time{d("2026-03-05"), {}, {}, {}}},
		{Channel: "b", Reached: []time.Time{d("2026-01-10"), d("2026-04-02"), {}, {}}},
		{Channel: "b", Entered: 1, Reached: []time.Time{{}, d("2026-05-01"), {}, {}}},
	}}
	asOf := d("2026-03-31")
	e := p.Evidence(1, "", asOf)
	// a: moved after 1 month; a: waiting 0 months; b: reached mql after
	// the export, so waiting 2 months; b entered at mql: not at risk.
	if want := (Evidence{Moved: []int{0, 1}, Waiting: []int{1, 0, 1}}); !equal(e.Moved, want.Moved) || !equal(e.Waiting, want.Waiting) {
		t.Errorf("got %+v; want %+v", e, want)
	}
	if got := p.Evidence(1, "b", asOf).AtRisk(); got != 1 {
		t.Errorf("got %d of b at risk; want 1", got)
	}
	if got := p.Evidence(2, "", d("2026-12-31")); got.AtRisk() != 3 || sum(got.Waiting) != 3 {
		t.Errorf("got %+v; want 3 waiting", got)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
