package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// wants returns the "# want: TEXT" lines at the top of a bad scenario.
func wants(data []byte) []string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		w, ok := strings.CutPrefix(line, "# want: ")
		if !ok {
			break
		}
		out = append(out, w)
	}
	return out
}

// loadBound is how long a Load may take in a test: generous, so that only
// a hang (or a quadratic read of a large file) breaks it.
const loadBound = 5 * time.Second

// timed runs f and fails the test when it takes longer than loadBound. f
// runs on its own goroutine, so that a hang is reported rather than waited
// for.
func timed(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(loadBound):
		t.Fatalf("%s: still running after %v; want it to return within %v", what, time.Since(start).Round(time.Millisecond), loadBound)
	}
}

// TestBadScenarios loads every file in testdata/bad: each must fail with an
// *Error whose text holds every line its "# want:" comments give, within
// loadBound.
func TestBadScenarios(t *testing.T) {
	fsys := os.DirFS("testdata/bad")
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tomls, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		t.Fatal(err)
	}
	names = append(names, tomls...)
	if len(names) < 35 {
		t.Fatalf("got %d bad scenarios; want at least 35", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			want := wants(data)
			if len(want) == 0 {
				t.Fatalf("%s has no # want: line", name)
			}
			var s *Scenario
			timed(t, "Load "+name, func() { s, err = Load(fsys, name, nil) })
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got scenario %v, error %v; want an *Error", s != nil, err)
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error\n%v\nwant it to contain %q", err, w)
				}
			}
			for _, p := range e.Problems {
				if p.File != name {
					t.Errorf("got problem file %q; want %q", p.File, name)
				}
			}
			if !strings.HasPrefix(err.Error(), "scenario "+name+": ") {
				t.Errorf("got %q; want it to start with %q", err, "scenario "+name+": ")
			}
		})
	}
}

// TestSeveralProblems checks that one file reports every problem in it, one
// line each, in file order.
func TestSeveralProblems(t *testing.T) {
	_, err := Load(os.DirFS("testdata/bad"), "several_problems.yaml", nil)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v; want an *Error", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 4 || len(e.Problems) != 4 {
		t.Fatalf("got %d lines, %d problems:\n%v\nwant 4 of each", len(lines), len(e.Problems), err)
	}
	want := []string{"colour", "funnel.conversion.customer", "channels.ads.spend", "customers.churn"}
	for i, p := range e.Problems {
		if p.Key != want[i] {
			t.Errorf("problem %d: got key %q; want %q", i, p.Key, want[i])
		}
	}
}

func TestLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{"plan.txt": {Data: []byte("x: 1")}}
	tests := []struct {
		name, file, want string
	}{
		{"missing file", "nope.yaml", "scenario nope.yaml: open nope.yaml"},
		{"unknown extension", "plan.txt", `scenario plan.txt: has an unknown format ".txt": name it .yaml, .yml, .toml or .json`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fsys, tt.file, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want %q", err, tt.want)
			}
		})
	}
	_, err := Load(fsys, "nope.yaml", nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v; want fs.ErrNotExist", err)
	}
}

// slowScenario writes a scenario whose ranges are as many different beta
// intervals as allowed, each near the slowest to fit (about 1 ms; the
// slowest found took 20 ms), with variants that each add one more.
func slowScenario(ranges, variants int) string {
	var b strings.Builder
	slow := func(i int) string {
		f := 1 + float64(i)*1e-4
		return fmt.Sprintf("{low: %.10g, high: %.10g}", 8.912509381337385e-06*f, 1.7825018762675773e-05*f)
	}
	b.WriteString("funnel:\n  stages: [s0, s1, customer]\n  conversion: {s1: 0.5, customer: 0.5}\nchannels:\n")
	for c := range ranges - variants {
		fmt.Fprintf(&b, "  c%03d: {enters: s0, spend: 100, unit_cost: 2, conversion: {s1: %s}}\n", c, slow(c))
	}
	b.WriteString("customers: {value: 10, churn: 0.02}\nvariants:\n")
	for v := range variants {
		fmt.Fprintf(&b, "  v%02d: {channels.c000.conversion.s1: %s}\n", v, slow(10_000+v))
	}
	return b.String()
}

// TestManyRanges: the work of fitting is bounded: a scenario with as many
// slow ranges and variants as allowed loads within loadBound, and one more
// range is refused.
func TestManyRanges(t *testing.T) {
	src := slowScenario(maxChannels, maxVariants)
	var err error
	timed(t, "Parse of 100 slow beta fits, 20 of them in variants", func() { _, err = Parse("slow.yaml", []byte(src), nil) })
	if err != nil {
		t.Fatalf("got %v; want it valid", err)
	}
	var b strings.Builder
	b.WriteString("funnel:\n  stages: [s0, s1, customer]\n  conversion: {s1: 0.5, customer: 0.5}\nchannels:\n")
	for c := range maxChannels {
		fmt.Fprintf(&b, "  c%03d: {enters: s0, spend: 100, unit_cost: {low: 1, high: %d}, max_per_month: {low: 10, high: %d}}\n", c, c+2, c+20)
	}
	b.WriteString("customers: {value: {low: 5, high: 9}}\n")
	wantAll(t, parseErr(t, "ranges.yaml", b.String()), "is an uncertain value past the 200th: a scenario, its variants included, has at most 200 different ones")
}
