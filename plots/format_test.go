package plots

import (
	"math"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		metric string
		x      float64
		want   string
	}{
		{"revenue", 1_234_567, "$1.23M"},
		{"revenue", 850_000, "$850k"},
		{"revenue", 999_999, "$1M"},
		{"cac", 17_260, "$17.3k"},
		{"cac", 4.1, "$4.1"},
		{"cac", 950, "$950"},
		{"spend", -12_000, "-$12k"},
		{"spend", 2.5e9, "$2.5B"},
		{"roi", 1.53, "153%"},
		{"roi", -0.006, "-0.6%"},
		{"marketing_share_of_revenue", 0.077, "7.7%"},
		{"ltv_cac", 2.14, "2.1×"},
		{"payback_months", 14.46, "14.5 months"},
		{"new_customers", 4.5, "4.5"},
		{"new_customers", 12345.4, "12,345"},
		{"new_customers", 1_000_000, "1,000,000"},
		{"new_customers", -1234, "-1,234"},
		{"cac", math.NaN(), "n/a"},
		{"revenue", math.Inf(1), "n/a"},
	} {
		if got := Format(tt.metric, tt.x); got != tt.want {
			t.Errorf("Format(%s, %v): got %q; want %q", tt.metric, tt.x, got, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	for _, tt := range []struct{ metric, label, short string }{
		{"cac", "CAC", "CAC"},
		{"ltv_cac", "LTV:CAC", "LTV:CAC"},
		{"new_customers", "New customers", "new customers"},
		{"lifetime_roi", "Lifetime ROI", "lifetime ROI"},
		{"ending_customers", "Ending customers", "ending customers"},
	} {
		if got := Label(tt.metric); got != tt.label {
			t.Errorf("Label(%s): got %q; want %q", tt.metric, got, tt.label)
		}
		if got := shortLabel(tt.metric); got != tt.short {
			t.Errorf("shortLabel(%s): got %q; want %q", tt.metric, got, tt.short)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, tt := range []struct {
		name     string
		ticker   ticks
		min, max float64
		want     string
	}{
		{"money millions", ticks{unit: unitMoney}, 0.95e6, 2.05e6, "$1M $1.2M $1.4M $1.6M $1.8M $2M"},
		{"money thousands", ticks{unit: unitMoney}, 0, 12_000, "$0 $2.5k $5k $7.5k $10k"},
		{"percent", ticks{unit: unitPercent}, -0.9, -0.45, "-90% -80% -70% -60% -50%"},
		{"counts", ticks{unit: unitCount, integer: true}, 0, 13, "0 2 4 6 8 10 12"},
		{"thousands", ticks{unit: unitCount}, 0, 52_000, "0 10,000 20,000 30,000 40,000 50,000"},
		{"months", ticks{unit: unitCount, months: true}, 1, 12, "1 2 3 4 5 6 7 8 9 10 11 12"},
		{"36 months", ticks{unit: unitCount, months: true}, 1, 36, "3 6 9 12 15 18 21 24 27 30 33 36"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tk := range tt.ticker.Ticks(tt.min, tt.max) {
				if tk.Value < tt.min || tk.Value > tt.max {
					t.Errorf("tick %v outside [%v, %v]", tk.Value, tt.min, tt.max)
				}
				got = append(got, tk.Label)
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
