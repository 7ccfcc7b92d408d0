//go:build unix

package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinaryConfigNotRegular: a config file that is a named pipe (which
// blocked forever) or a link to /dev/zero (read until memory ran out) is
// refused at once.
func TestBinaryConfigNotRegular(t *testing.T) {
	t.Run("a named pipe", func(t *testing.T) {
		inTempDir(t)
		if err := syscall.Mkfifo("harvest.yaml", 0o644); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
		assertRefused(t, harvestBinary(t, hangBound, nil, "run"), exitUsage, "config file harvest.yaml: a named pipe, not a regular file")
	})
	t.Run("a link to /dev/zero", func(t *testing.T) {
		inTempDir(t)
		if err := os.Symlink("/dev/zero", "zero.yaml"); err != nil {
			t.Skipf("no links here: %v", err)
		}
		assertRefused(t, harvestBinary(t, hangBound, []string{"HARVEST_CONFIG=zero.yaml"}, "run"), exitUsage, "config file zero.yaml: a device, not a regular file")
	})
}

// interruptBound is how soon after Ctrl-C the program must end: a second
// for the command to stop on its own or the watchdog to end it, and a
// margin for a loaded machine.
const interruptBound = 3 * time.Second

// interrupt starts harvest with args, sends it Ctrl-C (SIGINT) once it
// has run for a while, unless it has ended by then, and returns how it
// ended; the test fails if it did not end within interruptBound of the
// signal.
func interrupt(t *testing.T, after time.Duration, args ...string) outcome {
	t.Helper()
	cmd, out, errOut := startBinary(t, nil, args...)
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return ended(cmd, out, errOut, time.Since(start)) // refused before the signal
	case <-time.After(after):
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	select {
	case <-done:
	case <-time.After(interruptBound):
		cmd.Process.Kill()
		<-done
		t.Fatalf("harvest %s went on %s after Ctrl-C (stderr %q); want it ended", strings.Join(args, " "), interruptBound, head(errOut.String()))
	}
	return ended(cmd, out, errOut, time.Since(signalled))
}

// TestBinaryInterrupt: Ctrl-C ends a run while it computes, in start-up
// (issue 12: a gamma of alpha 1e-320 spun in the quantile tables, and
// validate's quantiles, ignoring SIGINT) and in the trials, and leaves no
// file.
func TestBinaryInterrupt(t *testing.T) {
	gamma := "customers.value={dist: gamma, alpha: 1e-320, beta: 1}"
	tests := []struct {
		name string
		args []string
	}{
		{"the trials of a long run", []string{"run", "--trials", "500000", "--horizon", "600", "--paths", "0", "--out", "d"}},
		{"run's start-up on a gamma of alpha 1e-320", []string{"run", "--set", gamma, "--out", "d"}},
		{"validate on a gamma of alpha 1e-320", []string{"validate", "seed_saas", "--set", gamma}},
		{"run on a gamma of alpha 1e308", []string{"run", "--set", "customers.value={dist: gamma, alpha: 1e308, beta: 1}", "--out", "d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			o := interrupt(t, 500*time.Millisecond, tt.args...)
			if o.code != exitFailure {
				t.Errorf("exit code %d (stderr %q); want 1", o.code, head(o.stderr))
			}
			assertClean(t, o)
			if _, err := os.Stat("d"); err == nil {
				t.Error("d exists after an interrupted run; want nothing written")
			}
		})
	}
}
