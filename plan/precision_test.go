package plan

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/sim"
)

func TestRunToPrecision(t *testing.T) {
	s := mustParse(t, yamlSensitivity)
	const rel = 0.01
	res, p, err := RunToPrecision(context.Background(), s, opts(1000), "revenue", rel, 200000)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := summarize(res, "revenue")
	if !p.Reached || p.StoppedBy != StoppedByPrecision || p.HalfWidth > rel*math.Abs(p.Mean) {
		t.Errorf("got reached %v by %s, ±%g around %g; want reached by precision within ±%g%%", p.Reached, p.StoppedBy, p.HalfWidth, p.Mean, 100*rel)
	}
	if res.Trials != p.Trials || st.Mean != p.Mean || st.SE != p.SE || p.HalfWidth != z95*st.SE {
		t.Errorf("precision %+v does not describe the run returned (%d trials, mean %g, se %g)", p, res.Trials, st.Mean, st.SE)
	}
	// Batches double from 1000: the trial count is 1000·2^k.
	if k := math.Log2(float64(p.Trials) / 1000); k != math.Trunc(k) || int(k)+1 != p.Runs {
		t.Errorf("%d trials in %d runs; want 1000·2^(runs−1)", p.Trials, p.Runs)
	}
	// The run before was not precise enough: capped there, it stops by the cap.
	if p.Trials > 1000 {
		_, q, err := RunToPrecision(context.Background(), s, opts(1000), "revenue", rel, p.Trials/2)
		if err != nil {
			t.Fatal(err)
		}
		if q.Reached || q.StoppedBy != StoppedByCap || q.Trials != p.Trials/2 {
			t.Errorf("capped at %d: got reached %v by %s at %d trials; want stopped by the cap", p.Trials/2, q.Reached, q.StoppedBy, q.Trials)
		}
	}
	// The same answer twice.
	_, again, err := RunToPrecision(context.Background(), s, opts(1000), "revenue", rel, 200000)
	if err != nil {
		t.Fatal(err)
	}
	if again != p {
		t.Errorf("second run %+v; want %+v", again, p)
	}
}

func TestRunToPrecisionCap(t *testing.T) {
	s := mustParse(t, yamlSensitivity)
	_, p, err := RunToPrecision(context.Background(), s, opts(500), "revenue", 1e-5, 3000)
	if err != nil {
		t.Fatal(err)
	}
	// 500, 1000, 2000, then the cap of 3000.
	if p.Reached || p.StoppedBy != StoppedByCap || p.Trials != 3000 || p.Runs != 4 {
		t.Errorf("got reached %v by %s after %d runs at %d trials; want the cap after 4 runs at 3000", p.Reached, p.StoppedBy, p.Runs, p.Trials)
	}
}

func TestCompareToPrecision(t *testing.T) {
	base := mustParse(t, yamlSensitivity)
	more := mustParse(t, yamlSensitivity, "channels.ads.spend=7500")
	c, p, err := CompareToPrecision(context.Background(), []Plan{{"base", base}, {"more", more}}, opts(1000), []string{"revenue"}, 0.02, 100000)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Reached || c.Trials != p.Trials {
		t.Fatalf("got reached %v at %d trials (comparison of %d); want reached, equal trials", p.Reached, p.Trials, c.Trials)
	}
	for _, pl := range c.Plans {
		st := pl.Metrics["revenue"]
		if z95*st.SE > 0.02*math.Abs(st.Mean) {
			t.Errorf("plan %s: ±%g around %g; want within 2%%", pl.Name, z95*st.SE, st.Mean)
		}
	}
}

// TestPrecisionStopsAtMemory: doubling stops where the next run would
// not fit in memory, with the last run that did; a first run that does
// not fit is an error.
func TestPrecisionStopsAtMemory(t *testing.T) {
	run := func(o *sim.Options) ([]named, error) {
		if o.Trials > 400 {
			return nil, &sim.MemoryError{Trials: o.Trials}
		}
		return []named{{stats: sim.Stats{Mean: 100, SE: 10, Defined: o.Trials}}}, nil
	}
	p, err := toPrecision(&sim.Options{Trials: 100}, "revenue", 1e-9, 1_000_000, run)
	if err != nil {
		t.Fatal(err)
	}
	// 100, 200, 400; 800 would not fit.
	if p.Reached || p.StoppedBy != StoppedByMemory || p.Trials != 400 || p.Runs != 3 {
		t.Errorf("got reached %v by %s after %d runs at %d trials; want stopped by memory after 3 runs at 400", p.Reached, p.StoppedBy, p.Runs, p.Trials)
	}
	if want := "the most this machine's memory holds"; !strings.Contains(p.Finding, want) {
		t.Errorf("finding %q; want it to say %q", p.Finding, want)
	}
	_, err = toPrecision(&sim.Options{Trials: 1000}, "revenue", 1e-9, 1_000_000, run)
	if _, full := errors.AsType[*sim.MemoryError](err); !full {
		t.Errorf("a first run too large: got %v; want the *sim.MemoryError", err)
	}
}
