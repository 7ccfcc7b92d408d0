package sim

import (
	"context"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

// TestOptionBounds: options past their bounds are errors, never a panic
// or an allocation (the reproducers of issue 12: n × columns overflowing,
// a horizon of 2⁶³ − 1 months).
func TestOptionBounds(t *testing.T) {
	s := funnelScenario(6, []string{"lead", "customer"}, 0.5)
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"trials past the bound", Options{Trials: MaxTrials + 1}, "want 1 to 1000000000"},
		{"trials whose columns overflow an int", Options{Trials: 279496122328932601}, "trials 279496122328932601"},
		{"a trillion trials", Options{Trials: 1_000_000_000_000}, "trials 1000000000000"},
		{"horizon of 2⁶³ − 1 months", Options{Horizon: math.MaxInt}, "want 1 to 600"},
		{"horizon of 601 months", Options{Horizon: 601}, "horizon 601 months"},
		{"paths past the bound", Options{Paths: MaxPaths + 1}, "paths 100001"},
		{"workers past the bound", Options{Workers: MaxWorkers + 1}, "workers 1025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), s, &tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v; want one containing %q", err, tt.wantErr)
			}
		})
	}
	t.Run("a scenario's horizon past the bound", func(t *testing.T) {
		long := funnelScenario(MaxHorizon+1, []string{"lead", "customer"}, 0.5)
		if _, err := Run(context.Background(), long, &Options{Trials: 1}); err == nil || !strings.Contains(err.Error(), "horizon_months: 601") {
			t.Fatalf("got error %v; want horizon_months: 601 refused", err)
		}
	})
}

// playMachine makes checkMemory see a machine with the given memory
// available and in all, for the test.
func playMachine(t *testing.T, available, total uint64) {
	t.Helper()
	saved := machineMemory
	machineMemory = func() (uint64, uint64, bool) { return available, total, true }
	t.Cleanup(func() { machineMemory = saved })
}

// TestMemoryError: a run that would not fit is refused before it
// allocates, with the figures: issue 12's 100,000,000 trials on a 24 GB
// machine.
func TestMemoryError(t *testing.T) {
	// The default as it was then (its columns are counted below); today's
	// adds an audience, attrition and cash.
	s, err := model.Load(os.DirFS("testdata"), "seed_saas_2026.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	playMachine(t, 24_000_000_000, 24_000_000_000)
	_, err = Run(context.Background(), s, &Options{Trials: 100_000_000})
	var me *MemoryError
	if !errors.As(err, &me) {
		t.Fatalf("got error %v; want a *MemoryError", err)
	}
	// 66 columns of 8 bytes a trial, and the summary's scratch.
	if me.Need < 66*8*100_000_000 || me.Need > 100*8*100_000_000 {
		t.Errorf("need %d bytes; want about 66 × 8 × 10⁸ (53 GB) and the summary's scratch", me.Need)
	}
	for _, want := range []string{"100,000,000 trials need about 5", " GB of memory; this machine has 24 GB available (24 GB in all)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q; want it to contain %q", err, want)
		}
	}

	// Paths are held to the trials: 2,000 × 14 series (9, and each of 5
	// channels' spend) × 600 months fit.
	if _, err := Run(context.Background(), s, &Options{Trials: 2000, Paths: MaxPaths, Horizon: MaxHorizon}); err != nil {
		t.Errorf("2,000 trials of 600 months: %v; want it run", err)
	}

	playMachine(t, 1_000_000_000, 2_000_000_000)
	_, err = Run(context.Background(), s, &Options{Trials: MaxPaths, Paths: MaxPaths, Horizon: MaxHorizon})
	if err == nil || !strings.Contains(err.Error(), "the monthly series of 100,000 trials over 600 months need about 6.") {
		t.Errorf("100,000 kept paths of 600 months on 1 GB: got %v; want the series named", err)
	}
}
