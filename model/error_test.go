package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// base is the smallest valid scenario, in each format, to which tests add.
var base = map[string]string{
	"yaml": "funnel: {stages: [lead, customer], conversion: {customer: 0.2}}\n" +
		"channels: {ads: {enters: lead, spend: 100, unit_cost: 5}}\ncustomers: {value: 10, churn: 0.02}\n",
	"toml": "[funnel]\nstages = [\"lead\", \"customer\"]\nconversion = {customer = 0.2}\n" +
		"[channels.ads]\nenters = \"lead\"\nspend = 100\nunit_cost = 5\n[customers]\nvalue = 10\nchurn = 0.02\n",
	"json": `"funnel": {"stages": ["lead", "customer"], "conversion": {"customer": 0.2}}, ` +
		`"channels": {"ads": {"enters": "lead", "spend": 100, "unit_cost": 5}}, "customers": {"value": 10, "churn": 0.02}`,
}

// parseErr parses a scenario within loadBound and returns its error's text.
func parseErr(t *testing.T, name, src string, overrides ...string) string {
	t.Helper()
	var err error
	timed(t, "Parse "+name, func() { _, err = Parse(name, []byte(src), overrides) })
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v; want an *Error", err)
	}
	return err.Error()
}

func wantAll(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("got\n%s\nwant it to contain %q", got, w)
		}
	}
}

// TestProblemCap: an Error lists the first 50 problems and counts the rest.
func TestProblemCap(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "extra_%03d: 1\n", i)
	}
	got := parseErr(t, "many.yaml", b.String()+base["yaml"])
	lines := strings.Split(got, "\n")
	if len(lines) != maxProblems+1 {
		t.Fatalf("got %d lines; want %d", len(lines), maxProblems+1)
	}
	if want := "scenario many.yaml: and 250 more problems"; lines[maxProblems] != want {
		t.Errorf("got last line %q; want %q", lines[maxProblems], want)
	}
}

// TestEchoIsInert: text from a file that reaches a message (a key, a value,
// the file's name) cannot act on a terminal: control characters,
// bidirectional controls and invalid UTF-8 are shown quoted, and anything
// long is cut.
func TestEchoIsInert(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"escape in an unknown key", "a.yaml", "\"\\e]0;pwned\\a\": 1\n" + base["yaml"], `scenario a.yaml: "\x1b]0;pwned\a": is not a key harvest knows`},
		{"bidi control in a key", "a.yaml", "\"ab\\u202Ecd\": 1\n" + base["yaml"], `scenario a.yaml: "ab\u202ecd": is not a key harvest knows`},
		{"escape in a value", "a.yaml", strings.Replace(base["yaml"], "value: 10", "value: \"\\e[31mred\"", 1), `customers.value: "\x1b[31mred" is not a number or a distribution`},
		{"escape in the file's name", "\x1b[2Jx.yaml", "nope: 1\n" + base["yaml"], `scenario "\x1b[2Jx.yaml": nope: is not a key harvest knows`},
		{"a long value", "a.yaml", strings.Replace(base["yaml"], "value: 10", "value: "+strings.Repeat("x", 200_000), 1), "customers.value: " + strings.Repeat("x", 60) + "… is not a number"},
		{"a long unknown key", "a.json", `{"` + strings.Repeat("k", 100_000) + `": 1, ` + base["json"] + "}", "scenario a.json: " + strings.Repeat("k", 60) + "…: is not a key harvest knows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseErr(t, tt.file, tt.src)
			wantAll(t, got, tt.want)
			if !printable(strings.ReplaceAll(got, "\n", "")) {
				t.Errorf("got %q; want only printable characters", got)
			}
			for _, line := range strings.Split(got, "\n") {
				if n := len([]rune(line)); n > 800 {
					t.Errorf("got a line of %d characters; want the file's text cut short", n)
				}
			}
		})
	}
}
