package measure

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
	}{
		{"60000", 60000},
		{" 60000 ", 60000},
		{"60,000", 60000},
		{"$60,000", 60000},
		{"60k", 60000},
		{"60K", 60000},
		{"$1.5M", 1.5e6},
		{"1.5m", 1.5e6},
		{"2B", 2e9},
		{"-5k", -5000},
		{"-$5k", -5000},
		{"+3", 3},
		{"1e6", 1e6},
		{"0", 0},
		{"80%", 0.8},
		{"0.5%", 0.005},
		{"1,234,567.5", 1234567.5},
	} {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", "no number"},
		{"0,000", "unquoted $"},
		{"6,0000", "group thousands"},
		{"60,00", "group thousands"},
		{",600", "group thousands"},
		{"1.5,000", "group thousands"},
		{"abc", "not a number"},
		{"NaN", "not a number"},
		{"Inf", "not a number"},
		{"0x10", "not a number"},
		{"1_000", "not a number"},
		{"60kk", "not a number"},
		{"$", "not a number"},
		{"1e308k", "too large"},
	} {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error %v; want it to say %q", tt.in, err, tt.want)
		}
	}
}

// TestParseReadsWhatFormatPrints: every amount a table prints reads back
// as itself, to the digits printed.
func TestParseReadsWhatFormatPrints(t *testing.T) {
	for _, x := range []float64{0, 2.5, 940, 8575, 17200, 843000, 1.42e6, -33900, 2.1e9} {
		text := Money.Format(x)
		got, err := Parse(text)
		if err != nil {
			t.Errorf("Parse(Money.Format(%v) = %q): %v", x, text, err)
			continue
		}
		if rel := (got - x) / max(1, abs(x)); rel > 0.005 || rel < -0.005 {
			t.Errorf("Parse(%q) = %v; want %v", text, got, x)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
