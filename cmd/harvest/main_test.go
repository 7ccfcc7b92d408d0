package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestMain clears HARVEST_* variables so that the developer's environment
// cannot change what the tests see.
func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "HARVEST_") {
			os.Unsetenv(name)
		}
	}
	code := m.Run()
	removeBinary()
	os.Exit(code)
}

// harvest runs the command line args through the cobra root as the binary
// would, in the current directory, and returns what it printed and its exit
// code.
func harvest(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return harvestCtx(t, context.Background(), args...)
}

func harvestCtx(t *testing.T, ctx context.Context, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = execute(ctx, args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// inTempDir makes a fresh temporary directory the current one for the test,
// so that no harvest.yaml is found and files written go away.
func inTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

// writeFile writes a file for a test, failing it on error.
func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVersion(t *testing.T) {
	inTempDir(t)
	out, errOut, code := harvest(t, "--version")
	if code != 0 || errOut != "" {
		t.Fatalf("harvest --version: code %d, stderr %q; want 0 and nothing", code, errOut)
	}
	if want := "harvest " + version() + "\n"; out != want {
		t.Errorf("harvest --version printed %q; want %q", out, want)
	}
	if version() == "" {
		t.Errorf("version() is empty; want a version or \"dev\"")
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		config string // harvest.yaml's text, when not empty
		args   []string
		code   int
		stderr string // a part of what stderr must say
	}{
		{"fine", nil, "", []string{"scenarios"}, 0, ""},
		{"unknown command", nil, "", []string{"plant"}, 2, `unknown command "plant"`},
		{"unknown flag", nil, "", []string{"run", "--trails", "10"}, 2, "unknown flag: --trails"},
		{"flag not a number", nil, "", []string{"run", "--trials", "many"}, 2, "--trials"},
		{"too many args", nil, "", []string{"run", "a.yaml", "b.yaml"}, 2, "at most 1 argument"},
		{"init without name", nil, "", []string{"init"}, 2, "usage: harvest init NAME [FILE]"},
		{"validate without file", nil, "", []string{"validate"}, 2, "usage: harvest validate FILE..."},
		{"bad format", nil, "", []string{"run", "--format", "xml"}, 2, `--format: "xml" is not a format (allowed: table, json, csv)`},
		{"zero trials", nil, "", []string{"run", "--trials", "0"}, 2, "--trials: 0 is too small (allowed: 1 to 1,000,000,000)"},
		{"env not a number", map[string]string{"HARVEST_TRIALS": "lots"}, "", []string{"run"}, 2, `HARVEST_TRIALS: "lots" is not a whole number`},
		{"env bad format", map[string]string{"HARVEST_FORMAT": "html"}, "", []string{"run"}, 2, `HARVEST_FORMAT: "html" is not a format`},
		// A config file or the environment speaks to every command: run's
		// csv gives compare its default, and says so.
		{"config format of another command", nil, "format: csv\n", []string{"compare", "seed_saas", "--trials", "200"}, 0,
			"harvest: config file harvest.yaml: format: compare has no csv output; writing table"},
		{"env format of another command", map[string]string{"HARVEST_FORMAT": "csv"}, "", []string{"goal", "seed_saas", "--target", "1", "--trials", "200"}, 0,
			"harvest: HARVEST_FORMAT: goal has no csv output; writing table"},
		{"flag format of another command", nil, "", []string{"compare", "seed_saas", "--format", "csv"}, 2, `--format: "csv" is not a format (allowed: table, json)`},
		{"config malformed", nil, "trials: [1\n", []string{"run"}, 2, "config file harvest.yaml"},
		{"config unknown key", nil, "trails: 100\n", []string{"run"}, 2, `config file harvest.yaml: unknown key "trails"`},
		{"config not a number", nil, "trials: 2.5\n", []string{"run"}, 2, "config file harvest.yaml: trials: 2.5 is not a whole number"},
		{"config named but missing", nil, "", []string{"run", "--config", "nope.yaml"}, 2, "config file nope.yaml: no such file"},
		// Issue 12: bounds before work, from every source.
		{"a trillion trials", nil, "", []string{"run", "--trials", "1000000000000"}, 2, "--trials: 1000000000000 is too large (allowed: 1 to 1,000,000,000)"},
		{"trials overflowing the columns", nil, "", []string{"run", "--trials", "279496122328932601"}, 2, "--trials: 279496122328932601 is too large"},
		{"trials past an int", nil, "", []string{"run", "--trials", "99999999999999999999"}, 2, `invalid argument "99999999999999999999" for "--trials" flag: not a whole decimal number`},
		{"trials past an int from the environment", map[string]string{"HARVEST_TRIALS": "99999999999999999999"}, "", []string{"run"}, 2, "HARVEST_TRIALS: 99999999999999999999 is too large"},
		{"horizon of 2⁶³ − 1", nil, "", []string{"run", "--horizon", "9223372036854775807"}, 2, "--horizon: 9223372036854775807 is too large (allowed: 0 to 600)"},
		{"horizon past 600", nil, "", []string{"run", "--horizon", "601"}, 2, "--horizon: 601 is too large (allowed: 0 to 600)"},
		{"horizon from the environment", map[string]string{"HARVEST_HORIZON": "1000000000000000"}, "", []string{"run"}, 2, "HARVEST_HORIZON: 1000000000000000 is too large (allowed: 0 to 600)"},
		{"trials from the config file", nil, "trials: 1000000000000\n", []string{"run"}, 2, "config file harvest.yaml: trials: 1000000000000 is too large"},
		{"trials of 1e300 in the config file", nil, "trials: 1e300\n", []string{"run"}, 2, "config file harvest.yaml: trials: 1e+300 is too large"},
		{"negative trials in the config file", nil, "trials: -1e300\n", []string{"run"}, 2, "config file harvest.yaml: trials: -1e+300 is too small"},
		{"workers", nil, "", []string{"run", "--workers", "1000000"}, 2, "--workers: 1000000 is too large (allowed: 0 to 1,024)"},
		{"paths", nil, "", []string{"run", "--paths", "1000000"}, 2, "--paths: 1000000 is too large (allowed: 0 to 100,000)"},
		{"max trials", nil, "", []string{"run", "--precision", "1%", "--max-trials", "1000000000000"}, 2, "--max-trials: 1000000000000 is too large"},
		{"frontier", nil, "", []string{"optimize", "--frontier", "1000000000"}, 2, "--frontier: 1000000000 is too large (allowed: 0 to 100)"},
		{"more trials than memory holds", nil, "", []string{"run", "--trials", "1000000000"}, 2, "1,000,000,000 trials need about"},
		// Whole decimal numbers from the flag and the environment alike.
		{"hex trials", nil, "", []string{"run", "--trials", "0x10"}, 2, `invalid argument "0x10" for "--trials" flag: not a whole decimal number`},
		{"hex trials from the environment", map[string]string{"HARVEST_TRIALS": "0x10"}, "", []string{"run"}, 2, `HARVEST_TRIALS: "0x10" is not a whole number`},
		{"octal-looking trials", nil, "", []string{"run", "--trials", "010", "--horizon", "1", "--format", "csv"}, 0, "10 trials"},
		{"confidence 0", nil, "", []string{"goal", "--target", "1500000", "--confidence", "0"}, 2, `--confidence: "0" is not a confidence (allowed: more than 0 and at most 1`},
		{"confidence NaN", nil, "", []string{"goal", "--target", "1500000", "--confidence", "NaN"}, 2, `--confidence: "NaN" is not a confidence`},
		// Keys are exact.
		{"config keys differing in case", nil, "trials: 100\nTrials: 5000\n", []string{"run"}, 2, `config file harvest.yaml: keys "Trials" and "trials" differ only in case; keep one`},
		{"config key in capitals", nil, "Trials: 5000\n", []string{"run"}, 2, `config file harvest.yaml: unknown key "Trials"; did you mean trials?`},
		{"config key with an escape", nil, "\"\\e]0;PWNED\\a\": 1\n", []string{"run"}, 2, `config file harvest.yaml: unknown key "\x1b]0;PWNED\a"`},
		{"unknown flag with an escape", nil, "", []string{"run", "--\x1b]0;PWNED\a"}, 2, `unknown flag: --\x1b]0;PWNED\a`},
		{"config type", nil, "", []string{"run", "--config", "harvest.txt"}, 2, `config file harvest.txt: ".txt" is not a config file's extension (allowed: .yaml, .yml, .toml, .json)`},
		{"missing scenario", nil, "", []string{"run", "nope.yaml"}, 1, "scenario nope.yaml: no such file, and no built-in scenario of that name (built-ins: "},
		{"misspelt built-in", nil, "", []string{"run", "seed_sass"}, 1, "no built-in scenario of that name: did you mean seed_saas? (built-ins: "},
		{"invalid scenario", nil, "", []string{"validate", "bad.yaml"}, 1, "scenario bad.yaml: "},
		{"unknown --set path", nil, "", []string{"validate", "seed_saas", "--set", "sales.repz=4"}, 1, "sales.repz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			writeFile(t, "bad.yaml", "horizon_months: 0\n")
			writeFile(t, "harvest.txt", "trials: 100\n")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.config != "" {
				writeFile(t, "harvest.yaml", tt.config)
			}
			_, errOut, code := harvest(t, tt.args...)
			if code != tt.code {
				t.Errorf("harvest %s: exit code %d; want %d (stderr %q)", strings.Join(tt.args, " "), code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("harvest %s: stderr %q; want it to contain %q", strings.Join(tt.args, " "), errOut, tt.stderr)
			}
			if tt.code != 0 && !strings.HasPrefix(errOut, "harvest: ") {
				t.Errorf("harvest %s: stderr %q; want it to start with \"harvest: \"", strings.Join(tt.args, " "), errOut)
			}
			if i := strings.IndexFunc(errOut, func(r rune) bool { return r != '\n' && !unicode.IsPrint(r) }); i >= 0 {
				t.Errorf("harvest %s: stderr %q has a character a terminal acts on at %d; want it escaped", strings.Join(tt.args, " "), errOut, i)
			}
		})
	}
}

// TestConfigFile: a config file is read whole and bounded, its keys exact
// in every format, and a message repeats at most a little of a value.
func TestConfigFile(t *testing.T) {
	huge := strings.Repeat("z", 200_000)
	tests := []struct {
		name, file, text string
		stderr           string
	}{
		{"keys differing in case, TOML", "h.toml", "trials = 100\nTRIALS = 5000\n", `keys "TRIALS" and "trials" differ only in case`},
		{"keys differing in case, JSON", "h.json", `{"trials": 100, "Trials": 5000}`, `keys "Trials" and "trials" differ only in case`},
		{"a key twice, YAML", "h.yaml", "trials: 100\ntrials: 5000\n", `"trials" already defined`},
		{"larger than the cap", "h.yaml", "# " + strings.Repeat("x", configLimit) + "\n", "config file h.yaml: larger than 1.0 MB"},
		{"a huge value in TOML", "h.toml", "trials = \"" + huge + "\"\n", `config file h.toml: trials: "zzzz`},
		{"a huge malformed TOML", "h.toml", "trials = " + huge + "\n", "config file h.toml: toml: "},
		{"a huge override", "h.yaml", "set: [{a: " + huge + "}]\n", "config file h.yaml: set[0]: map[a:zzz"},
		{"a directory", "dir.yaml", "", "config file dir.yaml: a directory, not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			if tt.file == "dir.yaml" {
				if err := os.Mkdir(tt.file, 0o755); err != nil {
					t.Fatal(err)
				}
			} else {
				writeFile(t, tt.file, tt.text)
			}
			_, errOut, code := harvest(t, "run", "--config", tt.file)
			if code != 2 || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("code %d, stderr %q; want 2 and %q", code, head(errOut), tt.stderr)
			}
			for _, line := range strings.Split(errOut, "\n") {
				if n := utf8.RuneCountInString(line); n > maxEchoLine+len("harvest: ")+1 {
					t.Errorf("a line of %d characters; want at most %d", n, maxEchoLine)
				}
			}
		})
	}
}
