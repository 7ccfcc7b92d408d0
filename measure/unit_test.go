package measure

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		u    Unit
		x    float64
		want string
	}{
		{Money, 0, "$0"},
		{Money, -0.001, "$0"},
		{Money, 2.5, "$2.50"},
		{Money, 8, "$8"},
		{Money, 36.4, "$36"},
		{Money, 940, "$940"},
		{Money, 999.4, "$999"},
		{Money, 999.6, "$1,000"},
		{Money, 1234, "$1,234"},
		{Money, 8575, "$8,575"},
		{Money, 9999.7, "$10.0k"},
		{Money, 17240, "$17.2k"},
		{Money, 33_700, "$33.7k"},
		{Money, 172400, "$172k"},
		{Money, 999_700, "$1.00M"},
		{Money, 1_240_000, "$1.24M"},
		{Money, -17_240, "-$17.2k"},
		{Money, 3.2e9, "$3.20B"},
		{Money, 4.2e15, "$4,200T"},
		{Money, 999.4e15, "$999,400T"},
		{Money, 8.6417e40, "$8.64e40"},
		{Money, -1.7e308, "-$1.70e308"},
		{Count, 1.2e19, "1.20e19"},
		{Share, 1.126e39, "1.13e41%"},
		{Share, 9e15, "900,000,000,000,000,000%"},
		{Ratio, 12345, "12.3k×"},
		{Ratio, 1.2822e99, "1.28e99×"},
		{Months, 2e300, "2.00e300 months"},
		{Number, 5e30, "5.00e30"},
		{Count, 52, "52"},
		{Count, 4.5, "4.5"},
		{Count, 9.94, "9.9"},
		{Count, 99.96, "100"},
		{Count, 0.5, "0.5"},
		{Count, 8214, "8,214"},
		{Count, 41234, "41.2k"},
		{Count, -1234, "-1,234"},
		{Share, 0.35, "35%"},
		{Share, 0.02, "2.0%"},
		{Share, 0.077, "7.7%"},
		{Share, 0, "0%"},
		{Share, -0.48, "-48%"},
		{Share, 12.346, "1,235%"},
		{Share, -0.0004, "-0.040%"},
		{Ratio, 2.63, "2.63×"},
		{Ratio, 26.3, "26.3×"},
		{Months, 14.46, "14.5 months"},
		{Months, 120, "120 months"},
		{Number, 0.0012, "0.0012"},
		{Number, 2.5, "2.50"},
		{Number, 1240, "1,240"},
		{Number, 12345, "12.3k"},
		{Money, math.NaN(), Undefined},
		{Share, math.Inf(1), Undefined},
		{Count, math.Inf(-1), Undefined},
	}
	for _, tt := range tests {
		if got := tt.u.Format(tt.x); got != tt.want {
			t.Errorf("%v.Format(%v) = %q; want %q", tt.u, tt.x, got, tt.want)
		}
	}
}

func TestSigned(t *testing.T) {
	tests := []struct {
		u    Unit
		x    float64
		want string
	}{
		{Money, 52_000, "+$52.0k"},
		{Money, -1585, "-$1,585"},
		{Money, 0, "$0"},
		{Money, 0.001, "$0"},
		{Share, -0.031, "-3.1%"},
		{Count, 3.7, "+3.7"},
		{Count, 0, "0"},
	}
	for _, tt := range tests {
		if got := tt.u.Signed(tt.x); got != tt.want {
			t.Errorf("%v.Signed(%v) = %q; want %q", tt.u, tt.x, got, tt.want)
		}
	}
}

// TestError checks that an error reads at its value's precision, and gets
// digits of its own only when it would round to nothing there.
func TestError(t *testing.T) {
	tests := []struct {
		u       Unit
		x, e    float64
		want    string
		plusMin string
	}{
		{Money, 33_700, 1148, "$1.1k", "$33.7k ± $1.1k"},
		{Money, 33_700, 2260, "$2.3k", "$33.7k ± $2.3k"},
		{Money, 1979, 30, "$30", "$1,979 ± $30"},
		{Money, 514_000, 356, "$356", "$514k ± $356"},
		{Money, 1_440_000, 2259, "$2,259", "$1.44M ± $2,259"},
		{Money, 1_440_000, 46_000, "$0.05M", "$1.44M ± $0.05M"},
		{Money, 2.5, 0.013, "$0.01", "$2.50 ± $0.01"},
		{Money, 2.5, 0.0013, "$0.0013", "$2.50 ± $0.0013"},
		{Money, 500, 4.3, "$4", "$500 ± $4"},
		{Money, 500, 0.43, "$0.43", "$500 ± $0.43"},
		{Count, 17, 0.31, "0.3", "17 ± 0.3"},
		{Count, 170, 0.31, "0.31", "170 ± 0.31"},
		{Count, 17, 0, "0", "17 ± 0"},
		{Count, 4.5, 0.26, "0.3", "4.5 ± 0.3"},
		{Count, 1838, 12, "12", "1,838 ± 12"},
		{Share, 0.76, 0.0043, "0.43%", "76% ± 0.43%"},
		{Share, 0.21, 0.04, "4%", "21% ± 4%"},
		{Share, 0.02, 0.0012, "0.1%", "2.0% ± 0.1%"},
		{Ratio, 2.63, 0.0035, "0.0035×", "2.63× ± 0.0035×"},
		{Months, 14.5, 0.2, "0.2 months", "14.5 months ± 0.2 months"},
		{Money, 100, math.NaN(), Undefined, "$100 ± " + Undefined},
	}
	for _, tt := range tests {
		if got := tt.u.Error(tt.x, tt.e); got != tt.want {
			t.Errorf("%v.Error(%v, %v) = %q; want %q", tt.u, tt.x, tt.e, got, tt.want)
		}
		if got := tt.u.PlusMinus(tt.x, tt.e); got != tt.plusMin {
			t.Errorf("%v.PlusMinus(%v, %v) = %q; want %q", tt.u, tt.x, tt.e, got, tt.plusMin)
		}
	}
	for _, tt := range []struct {
		u    Unit
		e    float64
		want string
	}{
		{Share, 0.0022, "0.22%"}, {Share, 0.012, "1.2%"}, {Share, 0.25, "25%"}, {Share, 0.02, "2%"}, {Share, 0.0099999, "1%"},
		{Money, 3150, "$3,150"}, {Share, 0, "0%"}, {Share, math.NaN(), Undefined},
	} {
		if got := tt.u.Margin(tt.e); got != tt.want {
			t.Errorf("%v.Margin(%v) = %q; want %q", tt.u, tt.e, got, tt.want)
		}
	}
	if got, want := Money.SignedPlusMinus(33_700, 1148), "+$33.7k ± $1.1k"; got != want {
		t.Errorf("SignedPlusMinus = %q; want %q", got, want)
	}
}

func TestAxis(t *testing.T) {
	tests := []struct {
		u     Unit
		ticks []float64
		want  []string
	}{
		{Money, []float64{0, 250_000, 500_000, 750_000}, []string{"$0", "$250k", "$500k", "$750k"}},
		{Money, []float64{1e6, 1.5e6, 2e6}, []string{"$1M", "$1.5M", "$2M"}},
		{Money, []float64{0, 500, 1000, 1500}, []string{"$0", "$0.5k", "$1k", "$1.5k"}},
		{Money, []float64{0, 20, 40}, []string{"$0", "$20", "$40"}},
		{Count, []float64{0, 2.5, 5}, []string{"0", "2.5", "5"}},
		{Count, []float64{0, 5000, 10000}, []string{"0", "5k", "10k"}},
		{Share, []float64{0, 0.25, 0.5}, []string{"0%", "25%", "50%"}},
		{Share, []float64{-0.5, 0, 0.5}, []string{"-50%", "0%", "50%"}},
		{Ratio, []float64{0, 1, 2}, []string{"0×", "1×", "2×"}},
		{Months, []float64{0, 6, 12}, []string{"0", "6", "12"}},
	}
	for _, tt := range tests {
		got := tt.u.Axis(tt.ticks)
		for i := range tt.want {
			if got[i] != tt.want[i] {
				t.Errorf("%v.Axis(%v) = %q; want %q", tt.u, tt.ticks, got, tt.want)
				break
			}
		}
	}
}

func TestWhole(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {200, "200"}, {10_000, "10,000"}, {12_345_678, "12,345,678"}} {
		if got := Whole(tt.n); got != tt.want {
			t.Errorf("Whole(%d) = %q; want %q", tt.n, got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		noun string
		want string
	}{{1, "head", "1 head"}, {1.02, "head", "1 head"}, {3.75, "head", "3.8 heads"}, {0, "rep", "0 reps"}, {12, "month", "12 months"}} {
		if got := Count.Plural(tt.x, tt.noun); got != tt.want {
			t.Errorf("Count.Plural(%v, %q) = %q; want %q", tt.x, tt.noun, got, tt.want)
		}
	}
}

func TestShort(t *testing.T) {
	for _, tt := range []struct {
		u    Unit
		x    float64
		want string
	}{
		{Ratio, 3, "3×"}, {Share, 0.06, "6%"}, {Share, 0.12, "12%"}, {Share, 0.065, "6.5%"},
		{Months, 12, "12 months"}, {Money, 20_000, "$20k"}, {Money, 1234, "$1,234"}, {Ratio, 2.63, "2.63×"},
		{Money, math.NaN(), Undefined},
	} {
		if got := tt.u.Short(tt.x); got != tt.want {
			t.Errorf("%v.Short(%v) = %q; want %q", tt.u, tt.x, got, tt.want)
		}
	}
}

func TestBytes(t *testing.T) {
	tests := []struct {
		n    uint64
		want string
	}{
		{0, "0 bytes"},
		{999, "999 bytes"},
		{1000, "1.0 kB"},
		{528_000_000, "528 MB"},
		{5_280_000_000, "5.3 GB"},
		{52_800_000_000, "53 GB"},
		{25_275_000_000, "25 GB"},
		{math.MaxUint64, "18 EB"},
	}
	for _, tt := range tests {
		if got := Bytes(tt.n); got != tt.want {
			t.Errorf("Bytes(%d) = %q; want %q", tt.n, got, tt.want)
		}
	}
}

func TestAgainst(t *testing.T) {
	for _, tt := range []struct {
		u      Unit
		x, ref float64
		want   string
	}{
		{Share, 0.7996, 0.8, "79.96%"},
		{Share, 0.79, 0.8, "79%"},
		{Share, 0.8, 0.8, "80%"},
		{Share, 0.80004, 0.8, "80.004%"},
		{Money, 19999.6, 20000, "$19.9996k"},
		{Count, 44.96, 45, "44.96"},
	} {
		if got := tt.u.Against(tt.x, tt.ref); got != tt.want {
			t.Errorf("%v.Against(%v, %v) = %q; want %q", tt.u, tt.x, tt.ref, got, tt.want)
		}
	}
}

// TestTinyShare: a share below 0.1% keeps two significant digits, so that
// 1 future in 10,000 does not print as 0.0%, and one short of all by less
// than 0.5% is not printed as 100%.
func TestTinyShare(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		want string
	}{{0.0001, "0.010%"}, {0.00005, "0.0050%"}, {0.0009, "0.090%"}, {0.001, "0.1%"}, {0.0016, "0.2%"}, {0.05, "5.0%"}, {0, "0%"}, {0.9999, "99.99%"}, {0.997, "99.7%"}, {0.995, "100%"}, {0.99, "99%"}, {1, "100%"}} {
		if got := Share.Format(tt.x); got != tt.want {
			t.Errorf("Share.Format(%v) = %q; want %q", tt.x, got, tt.want)
		}
	}
}
