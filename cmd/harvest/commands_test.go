package main

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/scenarios"
)

func TestScenarios(t *testing.T) {
	inTempDir(t)
	out, errOut, code := harvest(t, "scenarios")
	if code != 0 || errOut != "" {
		t.Fatalf("harvest scenarios: code %d, stderr %q; want 0 and nothing", code, errOut)
	}
	list := scenarios.List()
	if len(list) == 0 {
		t.Fatal("scenarios.List() is empty; want the built-ins")
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, info := range list {
		found := false
		for _, line := range lines {
			fields := strings.Fields(line)
			if len(fields) > 1 && (fields[0] == info.Name || fields[1] == info.Name) {
				found = true
				if !strings.Contains(line, info.Title) {
					t.Errorf("line for %s is %q; want it to contain the title %q", info.Name, line, info.Title)
				}
				isDefault := strings.HasPrefix(line, "*")
				if want := info.Name == scenarios.Default; isDefault != want {
					t.Errorf("line for %s is %q: marked default %v; want %v", info.Name, line, isDefault, want)
				}
			}
		}
		if !found {
			t.Errorf("harvest scenarios printed\n%s\nwant a line for %s", out, info.Name)
		}
	}
}

func TestInit(t *testing.T) {
	builtin, err := fs.ReadFile(scenarios.FS, scenarios.Default+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	const edited = "# my edits\n"
	tests := []struct {
		name     string
		existing string // the file's text before init; empty: no file
		args     []string
		file     string
		code     int
		want     string // the file's text after
		stderr   string
	}{
		{"default file name", "", []string{"init", scenarios.Default}, scenarios.Default + ".yaml", 0, string(builtin), ""},
		{"named file", "", []string{"init", scenarios.Default, "plan.yaml"}, "plan.yaml", 0, string(builtin), ""},
		{"never overwrites", edited, []string{"init", scenarios.Default, "plan.yaml"}, "plan.yaml", 1, edited, "plan.yaml already exists; use --force to overwrite it"},
		{"force overwrites", edited, []string{"init", scenarios.Default, "plan.yaml", "--force"}, "plan.yaml", 0, string(builtin), ""},
		{"unknown name", "", []string{"init", "unicorn", "plan.yaml"}, "plan.yaml", 1, "", `no built-in scenario "unicorn" (built-ins: ` + builtinNames() + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			if tt.existing != "" {
				writeFile(t, tt.file, tt.existing)
			}
			out, errOut, code := harvest(t, tt.args...)
			if code != tt.code {
				t.Fatalf("harvest %s: code %d; want %d (stderr %q)", strings.Join(tt.args, " "), code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q; want it to contain %q", errOut, tt.stderr)
			}
			got, err := os.ReadFile(tt.file)
			switch {
			case tt.want == "" && err == nil:
				t.Errorf("%s exists; want no file", tt.file)
			case tt.want != "" && string(got) != tt.want:
				t.Errorf("%s holds %d bytes starting %q; want %d bytes starting %q", tt.file, len(got), head(string(got)), len(tt.want), head(tt.want))
			}
			if code == 0 && !strings.Contains(out, "wrote "+tt.file) {
				t.Errorf("stdout %q; want it to say it wrote %s", out, tt.file)
			}
		})
	}
}

// head is the start of a text, for messages.
func head(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

func TestInitThenValidate(t *testing.T) {
	inTempDir(t)
	for _, info := range scenarios.List() {
		if _, errOut, code := harvest(t, "init", info.Name); code != 0 {
			t.Fatalf("harvest init %s: code %d; want 0 (stderr %q)", info.Name, code, errOut)
		}
		file := info.Name + ".yaml"
		out, errOut, code := harvest(t, "validate", file)
		if code != 0 {
			t.Errorf("harvest validate %s: code %d; want 0 (stderr %q)", file, code, errOut)
		}
		if !strings.HasPrefix(out, file+": valid") {
			t.Errorf("harvest validate %s printed %q; want it to start %q", file, head(out), file+": valid")
		}
	}
}

// uncertainLine returns validate's output line for key, or "".
func uncertainLine(out, key string) string {
	for line := range strings.Lines(out) {
		if f := strings.Fields(line); len(f) > 0 && f[0] == key {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

func TestValidate(t *testing.T) {
	inTempDir(t)
	out, errOut, code := harvest(t, "validate", scenarios.Default)
	if code != 0 || errOut != "" {
		t.Fatalf("harvest validate %s: code %d, stderr %q; want 0 and nothing", scenarios.Default, code, errOut)
	}
	for _, col := range []string{"uncertain value", "as written", "drawn from", "P5", "P50", "P95"} {
		if !strings.Contains(out, col) {
			t.Errorf("validate printed\n%s\nwant a column %q", out, col)
		}
	}

	// --set is applied before validation and shows in what will be drawn.
	const key = "funnel.conversion.customer"
	tests := []struct {
		name string
		set  string
		want []string // parts of key's line; none: no line (the value is fixed)
	}{
		// A Beta fitted to {low, high} has those as its P5 and P95.
		{"interval", key + "={low: 0.2, high: 0.3}", []string{"beta", " 20% ", " 30%"}},
		{"pert", key + "={min: 0.1, mode: 0.2, max: 0.4}", []string{"pert"}},
		{"fixed", key + "=0.25", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := harvest(t, "validate", scenarios.Default, "--set", tt.set)
			if code != 0 {
				t.Fatalf("harvest validate --set %s: code %d; want 0 (stderr %q)", tt.set, code, errOut)
			}
			line := uncertainLine(out, key)
			if len(tt.want) == 0 && line != "" {
				t.Errorf("--set %s: line %q; want no line for a fixed value", tt.set, line)
			}
			for _, part := range tt.want {
				if !strings.Contains(line+" ", part) {
					t.Errorf("--set %s: line %q; want it to contain %q", tt.set, line, part)
				}
			}
		})
	}
}

func TestValidateReportsEveryProblemInEveryFile(t *testing.T) {
	inTempDir(t)
	writeFile(t, "bad.yaml", "horizon_months: 0\nfunnel:\n  stages: [lead]\nbogus: 1\n")
	writeFile(t, "worse.yaml", "horizon_months: -3\n")
	out, errOut, code := harvest(t, "validate", "bad.yaml", scenarios.Default, "worse.yaml")
	if code != 1 {
		t.Errorf("code %d; want 1", code)
	}
	if !strings.Contains(out, scenarios.Default+": valid") {
		t.Errorf("stdout %q; want the valid built-in reported too", out)
	}
	for _, want := range []string{"scenario bad.yaml: horizon_months", "scenario bad.yaml: bogus", "scenario worse.yaml: horizon_months", "2 of 3 scenario(s) invalid"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr\n%s\nwant it to contain %q", errOut, want)
		}
	}
	for line := range strings.Lines(errOut) {
		if !strings.HasPrefix(line, "harvest: ") {
			t.Errorf("stderr line %q; want it prefixed \"harvest: \"", line)
		}
	}
}
