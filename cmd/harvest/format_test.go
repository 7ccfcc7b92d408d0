package main

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/sim"
)

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	writeTable(&b, "  ", [][]string{{"a", "P50", "x"}, {"long–name", "1", ""}}, "lr")
	want := "  a          P50  x\n  long–name    1\n"
	if b.String() != want {
		t.Errorf("writeTable wrote %q; want %q", b.String(), want)
	}
}

func TestProgressBar(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		after []time.Duration // when update is called
		drawn int             // how many times the bar is drawn
	}{
		{"short run draws nothing", []time.Duration{100 * time.Millisecond, 900 * time.Millisecond}, 0},
		{"long run draws", []time.Duration{1100 * time.Millisecond, 1500 * time.Millisecond}, 2},
		{"redraws at most every 100ms", []time.Duration{1100 * time.Millisecond, 1150 * time.Millisecond, 1250 * time.Millisecond}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			p := newProgressBar(&b, 1000, start)
			for i, d := range tt.after {
				p.now = func() time.Time { return start.Add(d) }
				p.update(100 * (i + 1))
			}
			p.finish()
			if got := strings.Count(b.String(), "running "); got != tt.drawn {
				t.Errorf("drawn %d times; want %d (output %q)", got, tt.drawn, b.String())
			}
			if tt.drawn > 0 && !strings.HasSuffix(b.String(), "\r\033[K") {
				t.Errorf("output %q; want the line cleared at the end", b.String())
			}
		})
	}
}

func TestRenderProgress(t *testing.T) {
	got := renderProgress(25_000, 100_000, 2*time.Second)
	for _, want := range []string{"25,000 of 100,000 trials", " 25%", "6s left"} {
		if !strings.Contains(got, want) {
			t.Errorf("renderProgress = %q; want it to contain %q", got, want)
		}
	}
}

func TestCell(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{1405083.873111242, "1405083.873111242"},
		{-0.6543608386633022, "-0.6543608386633022"},
		{1e-9, "1e-09"},
		{math.NaN(), ""},
		{math.Inf(-1), ""},
	}
	for _, tt := range tests {
		if got := cell(tt.x); got != tt.want {
			t.Errorf("cell(%v) = %q; want %q", tt.x, got, tt.want)
		}
		if tt.want != "" {
			if back, err := strconv.ParseFloat(tt.want, 64); err != nil || back != tt.x {
				t.Errorf("cell(%v) = %q reads back as %v; want the same number", tt.x, tt.want, back)
			}
		}
	}
}

// TestUndefinedNote: a metric undefined by overflow says so, not the
// catalog's reason (issue 12: "ROI undefined: nothing spent" while $881k
// was spent).
func TestUndefinedNote(t *testing.T) {
	roi := measure.Of("roi")
	tests := []struct {
		name string
		st   sim.Stats
		want string
	}{
		{"defined", sim.Stats{Defined: 10}, ""},
		{"the catalog's reason", sim.Stats{Defined: 7, Undefined: 3}, "ROI undefined in 3 of 10 trials: nothing spent"},
		{"overflow in every trial", sim.Stats{Undefined: 10, Overflow: 10}, "ROI undefined in every trial: too large to compute (overflow)"},
		{"both", sim.Stats{Defined: 5, Undefined: 5, Overflow: 2}, "ROI undefined in 5 of 10 trials: nothing spent in 3, too large to compute (overflow) in 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := undefinedNote("ROI", roi, tt.st, 10); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}
