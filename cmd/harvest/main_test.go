package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestMain clears HARVEST_* variables so that the developer's environment
// cannot change what the tests see.
func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "HARVEST_") {
			os.Unsetenv(name)
		}
	}
	os.Exit(m.Run())
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
		{"zero trials", nil, "", []string{"run", "--trials", "0"}, 2, "--trials: 0 is too small (allowed: 1 or more)"},
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
		{"missing scenario", nil, "", []string{"run", "nope.yaml"}, 1, "scenario nope.yaml: no such file, and no built-in scenario of that name (built-ins: "},
		{"misspelt built-in", nil, "", []string{"run", "seed_sass"}, 1, "no built-in scenario of that name: did you mean seed_saas? (built-ins: "},
		{"invalid scenario", nil, "", []string{"validate", "bad.yaml"}, 1, "scenario bad.yaml: "},
		{"unknown --set path", nil, "", []string{"validate", "seed_saas", "--set", "sales.repz=4"}, 1, "sales.repz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			writeFile(t, "bad.yaml", "horizon_months: 0\n")
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
		})
	}
}
