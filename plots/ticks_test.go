package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

func TestTicks(t *testing.T) {
	for _, tt := range []struct {
		name     string
		ticker   ticks
		min, max float64
		want     string
	}{
		{"money millions", ticks{unit: measure.Money}, 0.95e6, 2.05e6, "$1M $1.2M $1.4M $1.6M $1.8M $2M"},
		{"money thousands", ticks{unit: measure.Money}, 0, 12_000, "$0 $2.5k $5k $7.5k $10k"},
		{"percent", ticks{unit: measure.Share}, -0.9, -0.45, "-90% -80% -70% -60% -50%"},
		{"counts", ticks{unit: measure.Count, integer: true}, 0, 13, "0 2 4 6 8 10 12"},
		{"thousands", ticks{unit: measure.Count}, 0, 52_000, "0 10k 20k 30k 40k 50k"},
		{"months", ticks{unit: measure.Count, months: true}, 1, 12, "1 2 3 4 5 6 7 8 9 10 11 12"},
		{"36 months", ticks{unit: measure.Count, months: true}, 1, 36, "3 6 9 12 15 18 21 24 27 30 33 36"},
		{"dates, a year from January", dated(2027, 1), 1, 12, "2027-01 2027-04 2027-07 2027-10"},
		{"dates, a year from March", dated(2027, 3), 1, 12, "2027-04 2027-07 2027-10 2028-01"},
		{"dates, 6 months", dated(2027, 2), 1, 6, "2027-02 2027-03 2027-04 2027-05 2027-06 2027-07"},
		{"dates, 36 months", dated(2027, 1), 1, 36, "2027-01 2027-07 2028-01 2028-07 2029-01 2029-07"},
		{"dates, 10 years", dated(2027, 1), 1, 120, "2028-01 2030-01 2032-01 2034-01 2036-01"},
		{"dates, the capacity chart's margins", dated(2027, 1), 0.4, 12.6, "2027-01 2027-04 2027-07 2027-10"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tk := range tt.ticker.Ticks(tt.min, tt.max) {
				if tk.Value < tt.min || tk.Value > tt.max {
					t.Errorf("tick %v outside [%v, %v]", tk.Value, tt.min, tt.max)
				}
				if tk.Label != "" { // a minor tick
					got = append(got, tk.Label)
				}
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("got %q; want %q", s, tt.want)
			}
		})
	}
}

func TestNiceStep(t *testing.T) {
	for _, tt := range []struct {
		span  float64
		whole bool
		want  float64
	}{
		{1.1e6, false, 200_000}, // 5.5 parts, against 4.4 for 250,000
		{0.98e6, false, 200_000},
		{51, false, 10},
		{13, true, 2},
		{3, true, 1},
		{0.45, false, 0.1},
	} {
		if got := niceStep(tt.span, tt.whole); math.Abs(got-tt.want) > 1e-12*tt.want {
			t.Errorf("niceStep(%v, %v): got %v; want %v", tt.span, tt.whole, got, tt.want)
		}
	}
}

// TestLogTicks: each decade of a log axis is labelled at its own scale,
// not at the top decade's (0.001M).
func TestLogTicks(t *testing.T) {
	var got []string
	for _, tk := range (logTicks{}).Ticks(500, 2e6) {
		if tk.Label != "" {
			got = append(got, tk.Label)
		}
	}
	if s, want := strings.Join(got, " "), "1,000 10k 100k 1M"; s != want {
		t.Errorf("got %q; want %q", s, want)
	}
}

// dated is a months axis labelled by date from year-month.
func dated(year, month int) ticks {
	return ticks{unit: measure.Count, months: true, cal: model.Calendar{Start: model.Month{Year: year, Month: month}}}
}
