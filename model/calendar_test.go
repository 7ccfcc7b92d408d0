package model

import (
	"reflect"
	"testing"
)

func TestSchedule(t *testing.T) {
	steps := Schedule{{1, 8000}, {7, 12000}, {10, 0}}
	tests := []struct {
		name      string
		got, want any
	}{
		{"at month 1", steps.At(1), 8000.0},
		{"at month 6", steps.At(6), 8000.0},
		{"at a step", steps.At(7), 12000.0},
		{"after the last step", steps.At(40), 0.0},
		{"before month 1", steps.At(0), 0.0},
		{"empty", Schedule(nil).At(3), 0.0},
		{"months", steps.Months(11), []float64{8000, 8000, 8000, 8000, 8000, 8000, 12000, 12000, 12000, 0, 0}},
		{"months of a constant", Constant(2.5).Months(3), []float64{2.5, 2.5, 2.5}},
		// (6 × 8000 + 3 × 12000 + 3 × 0) / 12
		{"mean", steps.Mean(12), 7000.0},
		// a step past the horizon does not count: (6 × 8000 + 2 × 12000) / 8
		{"mean within the horizon", steps.Mean(8), 9000.0},
		{"mean of a constant is its value", Constant(0.1).Mean(7), 0.1},
		{"scaled", steps.Scaled(0.5), Schedule{{1, 4000}, {7, 6000}, {10, 0}}},
		{"constant", Constant(3).IsConstant(), true},
		{"repeated steps are constant", Schedule{{1, 3}, {5, 3}}.IsConstant(), true},
		{"a step is not constant", steps.IsConstant(), false},
		{"no month 1 is not constant", Schedule{{2, 3}}.IsConstant(), false},
		{"string of a constant", Constant(8000).String(), "8000"},
		{"string of steps", steps.String(), "{1: 8000, 7: 12000, 10: 0}"},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %v; want %v", tt.name, tt.got, tt.want)
		}
	}
}

// TestScheduleMeanExact: a constant schedule's mean is its value to the
// bit, as the plain number it replaced, whatever the horizon.
func TestScheduleMeanExact(t *testing.T) {
	for _, x := range []float64{0.1, 1.0 / 3, 8123.45, 1e9} {
		for _, h := range []int{1, 7, 12, 600} {
			if got := Constant(x).Mean(h); got != x {
				t.Errorf("Constant(%g).Mean(%d) = %v; want %v", x, h, got, x)
			}
		}
	}
}

func TestMonth(t *testing.T) {
	m := Month{2027, 1}
	tests := []struct {
		name      string
		got, want any
	}{
		{"string", m.String(), "2027-01"},
		{"add", m.Add(11), Month{2027, 12}},
		{"add across a year", m.Add(14), Month{2028, 3}},
		{"subtract", m.Add(-1), Month{2026, 12}},
		{"subtract years", m.Add(-25), Month{2024, 12}},
		{"since", m.since(Month{2028, 3}), 14},
		{"zero", Month{}.IsZero(), true},
		{"not zero", m.IsZero(), false},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %v; want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestCalendar(t *testing.T) {
	season := []float64{0.8, 0.9, 1, 1, 1, 0.9, 0.7, 0.7, 1.1, 1.2, 1.3, 1.4}
	c := Calendar{Start: Month{2027, 11}, Seasonality: season}
	tests := []struct {
		name      string
		got, want any
	}{
		{"date", c.Date(3), Month{2028, 1}},
		{"label", c.Label(2), "2027-12"},
		{"label without a calendar", Calendar{}.Label(2), "2"},
		{"november", c.Multiplier(season, 1), 1.3},
		{"january", c.Multiplier(season, 3), 0.8},
		{"no list", c.Multiplier(nil, 3), 1.0},
		{"no calendar", Calendar{}.Multiplier(season, 3), 1.0},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %v; want %v", tt.name, tt.got, tt.want)
		}
	}
}
