package calibrate

import (
	"maps"
	"math"
	"slices"
	"testing"
	"time"
)

// decided returns the evidence of n people all decided (moves in the month
// of arrival, the rest a year old) of whom moved reached the next stage.
func decided(n, moved int) Evidence {
	e := Evidence{Moved: []int{moved}, Waiting: make([]int, 13)}
	e.Waiting[12] = n - moved
	return e
}

func TestChannels(t *testing.T) {
	byChannel := map[string]Evidence{
		"a":     decided(1000, 300),
		"b":     decided(1000, 310),
		"c":     decided(1000, 600), // 0.6 against 0.3: an override
		"small": decided(10, 9),     // too few to stand on its own
	}
	st, err := Channels(byChannel, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(maps.Keys(st.Overrides)); !slices.Equal(got, []string{"c"}) {
		t.Errorf("got overrides %v; want [c]", got)
	}
	if !slices.Equal(st.Pooled, []string{"small"}) {
		t.Errorf("got pooled %v; want [small]", st.Pooled)
	}
	// Refitted without c: 619 of 2010, all decided, so Beta(620, 1392).
	if want := 620.0 / 2012; math.Abs(st.Funnel.Mean-want) > 1e-5 || st.Funnel.AtRisk != 2010 {
		t.Errorf("got funnel %.5f from %d; want %.5f from 2010", st.Funnel.Mean, st.Funnel.AtRisk, want)
	}
	if st.Thin {
		t.Errorf("got a thin funnel from %d people", st.Funnel.AtRisk)
	}
}

func TestChannelsAlike(t *testing.T) {
	// Chance differences (0.30 and 0.32 of 1000: under 1.5 sd) are no override.
	st, err := Channels(map[string]Evidence{"a": decided(1000, 300), "b": decided(1000, 320), "t": decided(20, 5)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Overrides) != 0 || st.Funnel.AtRisk != 2020 {
		t.Errorf("got %d overrides, funnel from %d; want none, 2020", len(st.Overrides), st.Funnel.AtRisk)
	}
	st, err = Channels(map[string]Evidence{"t": decided(20, 5)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Thin || !slices.Equal(st.Pooled, []string{"t"}) {
		t.Errorf("got thin %v, pooled %v; want a thin funnel, t pooled", st.Thin, st.Pooled)
	}
	if _, err := Channels(nil, nil); err == nil {
		t.Errorf("got no error for no channels")
	}
}

func TestEvidenceByChannel(t *testing.T) {
	p := people(t, "a,2026-01-05,2026-02-01,,,", "a,2026-03-05,,,,", "b,2026-01-10,,,,")
	by := p.EvidenceByChannel(1, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
	if len(by) != 2 || by["a"].AtRisk() != 2 || sum(by["a"].Moved) != 1 || by["b"].AtRisk() != 1 {
		t.Errorf("got %+v; want a: 2 at risk, 1 moved; b: 1", by)
	}
	var all Evidence
	all.Add(by["a"])
	all.Add(by["b"])
	if !equal(all.Moved, []int{0, 1}) || !equal(all.Waiting, []int{1, 0, 1}) {
		t.Errorf("got %+v; want moved [0 1], waiting [1 0 1]", all)
	}
}
