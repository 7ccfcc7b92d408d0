package main

// End-to-end tests of the built binary: issue 12's reproducers, run as a
// user runs them. Each must end within hangBound (a bound only a hang
// breaks) with exit code 1 or 2 and a clear message, no trace, under 1 GB
// of memory where the system says, and no partial or stale file.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// hangBound is how long a reproducer may take: generous, so that only a
// hang (or a run doing the work it should have refused) breaks it.
const hangBound = 5 * time.Second

// maxMemory is the most memory a refused run may take.
const maxMemory = 1 << 30

// pkgDir is this package's directory, where the tests start.
var pkgDir, _ = os.Getwd()

// built is the harvest binary, built once for the tests that run it.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// binary returns the path of the harvest command built from this
// package, building it on first use.
func binary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "harvest-e2e-"); built.err != nil {
			return
		}
		name := "harvest"
		if runtime.GOOS == "windows" {
			name += ".exe"
		}
		built.path = filepath.Join(built.dir, name)
		cmd := exec.Command("go", "build", "-o", built.path, ".")
		cmd.Dir = pkgDir
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = &exec.ExitError{ProcessState: cmd.ProcessState, Stderr: out}
		}
	})
	if built.err != nil {
		t.Fatalf("building harvest: %v", built.err)
	}
	return built.path
}

// removeBinary removes the built binary, from TestMain.
func removeBinary() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}

// outcome is how a run of the binary ended.
type outcome struct {
	stdout, stderr string
	code           int
	rss            int64 // the process's peak memory, bytes; 0 where unknown
	took           time.Duration
}

// harvestBinary runs the built harvest with args in the current directory
// and env added to the environment, and fails the test if it has not
// ended within bound.
func harvestBinary(t *testing.T, bound time.Duration, env []string, args ...string) outcome {
	t.Helper()
	cmd, out, errOut := startBinary(t, env, args...)
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(bound):
		cmd.Process.Kill()
		<-done
		t.Fatalf("harvest %s did not end within %s (stderr %q)", strings.Join(args, " "), bound, head(errOut.String()))
	}
	return ended(cmd, out, errOut, time.Since(start))
}

// startBinary starts the built harvest.
func startBinary(t *testing.T, env []string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out, &errOut
}

func ended(cmd *exec.Cmd, out, errOut *bytes.Buffer, took time.Duration) outcome {
	return outcome{
		stdout: out.String(), stderr: errOut.String(),
		code: cmd.ProcessState.ExitCode(), rss: maxRSS(cmd.ProcessState), took: took,
	}
}

// assertRefused fails the test unless o ended with code and a clear
// message holding want: prefixed "harvest: ", no trace, nothing a terminal
// acts on, under maxMemory.
func assertRefused(t *testing.T, o outcome, code int, want string) {
	t.Helper()
	if o.code != code {
		t.Errorf("exit code %d; want %d (stderr %q)", o.code, code, head(o.stderr))
	}
	if !strings.Contains(o.stderr, want) {
		t.Errorf("stderr %q; want it to contain %q", head(o.stderr), want)
	}
	assertClean(t, o)
}

// assertClean fails the test if o shows a trace, a character a terminal
// acts on, or took maxMemory or more.
func assertClean(t *testing.T, o outcome) {
	t.Helper()
	for _, trace := range []string{"panic", "goroutine ", "fatal error"} {
		if strings.Contains(o.stderr, trace) {
			t.Errorf("stderr %q shows a trace (%q); want a message", head(o.stderr), trace)
		}
	}
	if o.code != 0 && !strings.HasPrefix(o.stderr, "harvest: ") {
		t.Errorf("stderr %q; want it to start with \"harvest: \"", head(o.stderr))
	}
	if i := strings.IndexFunc(o.stderr, func(r rune) bool { return r != '\n' && r != '\r' && !unicode.IsPrint(r) }); i >= 0 {
		t.Errorf("stderr %q has a character a terminal acts on at %d", head(o.stderr), i)
	}
	if o.rss >= maxMemory {
		t.Errorf("the process took %d MB at its peak; want under %d MB", o.rss>>20, maxMemory>>20)
	}
}

// TestBinaryBounds: issue 12's settings that panicked, ran out of memory
// or ran unchecked are refused at once as wrong usage (exit 2), from the
// flag, the environment and the config file alike.
func TestBinaryBounds(t *testing.T) {
	tests := []struct {
		name   string
		env    []string
		config string // harvest.yaml, when not empty
		args   []string
		stderr string
	}{
		{"a trillion trials", nil, "", []string{"run", "--trials", "1000000000000"}, "--trials: 1000000000000 is too large (allowed: 1 to 1,000,000,000)"},
		{"trials overflowing n × columns", nil, "", []string{"run", "--trials", "279496122328932601"}, "--trials: 279496122328932601 is too large"},
		{"horizon of 2⁶³ − 1 months", nil, "", []string{"run", "--horizon", "9223372036854775807"}, "--horizon: 9223372036854775807 is too large (allowed: 0 to 600)"},
		{"horizon from the environment", []string{"HARVEST_HORIZON=1000000000000000"}, "", []string{"run"}, "HARVEST_HORIZON: 1000000000000000 is too large (allowed: 0 to 600)"},
		{"a million months", nil, "", []string{"run", "--horizon", "1000000"}, "--horizon: 1000000 is too large (allowed: 0 to 600)"},
		{"trials in the config file", nil, "trials: 1000000000000\n", []string{"run"}, "config file harvest.yaml: trials: 1000000000000 is too large"},
		{"hexadecimal trials", nil, "", []string{"run", "--trials", "0x10"}, `invalid argument "0x10" for "--trials" flag: not a whole decimal number`},
		{"hexadecimal trials from the environment", []string{"HARVEST_TRIALS=0x10"}, "", []string{"run"}, `HARVEST_TRIALS: "0x10" is not a whole number`},
		{"confidence 0", nil, "", []string{"goal", "--target", "1500000", "--confidence", "0"}, `--confidence: "0" is not a confidence (allowed: more than 0 and at most 1`},
		{"keys differing in case", nil, "trials: 100\nTrials: 5000\n", []string{"run"}, `config file harvest.yaml: keys "Trials" and "trials" differ only in case; keep one`},
		{"an escape sequence as a key", nil, "\"\\e]0;PWNED\\a\": 1\n", []string{"run"}, `unknown key "\x1b]0;PWNED\a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			if tt.config != "" {
				writeFile(t, "harvest.yaml", tt.config)
			}
			assertRefused(t, harvestBinary(t, hangBound, tt.env, tt.args...), exitUsage, tt.stderr)
		})
	}
}

// TestBinaryConfigEchoIsShort: a TOML error on a 200 KB value repeats 60
// characters of it.
func TestBinaryConfigEchoIsShort(t *testing.T) {
	inTempDir(t)
	writeFile(t, "h.toml", "trials = \""+strings.Repeat("z", 200_000)+"\"\n")
	o := harvestBinary(t, hangBound, nil, "run", "--config", "h.toml")
	assertRefused(t, o, exitUsage, `config file h.toml: trials: "`+strings.Repeat("z", maxEcho)+`…" is not a whole number`)
	if len(o.stderr) > 1000 {
		t.Errorf("stderr holds %d bytes; want the value cut short", len(o.stderr))
	}
}

// TestBinaryMemory: issue 12's 100,000,000 trials (a billion on a machine
// that would hold those) are refused with the figure and what to do,
// before the memory is taken.
func TestBinaryMemory(t *testing.T) {
	inTempDir(t)
	trials := "100000000"
	if available, ok := memAvailable(); !ok || available > 50<<30 {
		trials = "1000000000"
	}
	o := harvestBinary(t, hangBound, nil, "run", "--trials", trials, "--out", "d")
	assertRefused(t, o, exitUsage, " trials need about ")
	for _, want := range []string{"GB of memory; this machine has", "use fewer trials (--trials), or --precision"} {
		if !strings.Contains(o.stderr, want) {
			t.Errorf("stderr %q; want it to contain %q", o.stderr, want)
		}
	}
	if _, err := os.Stat("d"); err == nil {
		t.Error("d exists after a refused run; want nothing written")
	}
}

// TestBinaryOverflow: issue 12's values that overflow a sum either are
// refused (exit 1, naming the key at validation, or the overflow) or run
// to numbers printed whole: JSON that encodes (null for what is past the
// float range), files written, a table with the reason.
func TestBinaryOverflow(t *testing.T) {
	quick := []string{"--trials", "200", "--horizon", "120"}
	tests := []struct {
		name string
		key  string
		args []string
	}{
		{"run --format json", "customers.expansion", []string{"run", "--set", "customers.expansion=1000", "--format", "json"}},
		{"run --out", "customers.expansion", []string{"run", "--set", "customers.expansion=1000", "--out", "d"}},
		{"compare --format json", "customers.expansion", []string{"compare", "seed_saas", "--set", "customers.expansion=1000", "--format", "json", "--metrics", "revenue,roi"}},
		{"sensitivity --format json", "customers.expansion", []string{"sensitivity", "--set", "customers.expansion=1000", "--format", "json", "--metric", "roi"}},
		{"a trillion reps", "sales.reps", []string{"run", "--set", "sales.reps=1e18", "--format", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			o := harvestBinary(t, 4*hangBound, nil, append(tt.args, quick...)...)
			assertClean(t, o)
			switch o.code {
			case exitFailure:
				// Refused at validation, naming the key, or a question the
				// run cannot answer, naming the overflow.
				if !strings.Contains(o.stderr, tt.key) && !strings.Contains(o.stderr, "overflow") {
					t.Errorf("refused with %q; want %s or the overflow named", head(o.stderr), tt.key)
				}
				return
			case exitOK:
			default:
				t.Fatalf("exit code %d (stderr %q); want 0, or 1 for a refused value", o.code, head(o.stderr))
			}
			if strings.Contains(strings.Join(tt.args, " "), "json") && !json.Valid([]byte(o.stdout)) {
				t.Errorf("stdout is not JSON: %s", head(o.stdout))
			}
			if tt.key == "sales.reps" && strings.Contains(o.stdout, `"new_customers": {
      "mean": 0,`) {
				t.Errorf("a trillion reps won no customer; want capacity unlimited")
			}
			if strings.Contains(strings.Join(tt.args, " "), "--out") {
				data, err := os.ReadFile(filepath.Join("d", "summary.json"))
				if err != nil || !json.Valid(data) {
					t.Errorf("summary.json: %v; want JSON", err)
				}
				if !strings.Contains(o.stdout, "too large to compute (overflow)") {
					t.Errorf("the table says no overflow:\n%s", head(o.stdout))
				}
			}
		})
	}
}

// TestBinaryOutputs: issue 12's reproducers of files not whole. A
// directory where a chart goes fails the run and leaves the earlier set
// whole; a second scenario's run removes the first's charts it does not
// draw; init --force replaces a file only whole.
func TestBinaryOutputs(t *testing.T) {
	quick := []string{"--trials", "200", "--horizon", "6"}
	t.Run("a planted directory", func(t *testing.T) {
		inTempDir(t)
		assertRan(t, harvestBinary(t, 4*hangBound, nil, append([]string{"run", "--out", "out", "--seed", "1"}, quick...)...))
		os.Remove("out/distribution_revenue.png")
		if err := os.Mkdir("out/distribution_revenue.png", 0o755); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, "out")
		o := harvestBinary(t, 4*hangBound, nil, append([]string{"run", "--out", "out", "--seed", "2"}, quick...)...)
		assertRefused(t, o, exitFailure, "out/distribution_revenue.png is a directory, not a file harvest wrote: nothing was written")
		after := snapshot(t, "out")
		for name, data := range before {
			if after[name] != data {
				t.Errorf("%s changed; want the seed 1 set whole", name)
			}
		}
		assertNoTempFiles(t, "out")
	})
	t.Run("stale charts", func(t *testing.T) {
		inTempDir(t)
		assertRan(t, harvestBinary(t, 4*hangBound, nil, append([]string{"run", "seed_saas", "--out", "d"}, quick...)...))
		assertRan(t, harvestBinary(t, 4*hangBound, nil, append([]string{"run", "dtc_shop", "--out", "d"}, quick...)...))
		for _, name := range []string{"capacity.png", "fan_mrr.png", "response_content.png"} {
			if _, err := os.Stat(filepath.Join("d", name)); err == nil {
				t.Errorf("d/%s from seed_saas is still there; want it removed", name)
			}
		}
		assertNoTempFiles(t, "d")
	})
	t.Run("init --force", func(t *testing.T) {
		inTempDir(t)
		writeFile(t, "plan.yaml", "# mine\n")
		assertRan(t, harvestBinary(t, hangBound, nil, "init", "dtc_shop", "plan.yaml", "--force"))
		data, err := os.ReadFile("plan.yaml")
		if err != nil || !strings.Contains(string(data), "DTC") {
			t.Errorf("plan.yaml holds %q (%v); want dtc_shop", head(string(data)), err)
		}
		if err := os.Mkdir("dir.yaml", 0o755); err != nil {
			t.Fatal(err)
		}
		assertRefused(t, harvestBinary(t, hangBound, nil, "init", "dtc_shop", "dir.yaml", "--force"), exitFailure, "dir.yaml is a directory")
		assertNoTempFiles(t, ".")
	})
}

// assertRan fails the test unless o ended well.
func assertRan(t *testing.T, o outcome) {
	t.Helper()
	if o.code != exitOK {
		t.Fatalf("exit code %d (stderr %q); want 0", o.code, head(o.stderr))
	}
	assertClean(t, o)
}
