package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// calibrateData returns the absolute path of the synthetic export in
// testdata/calibrate (a year of 667 people through three channels, their
// spend and 40 customers), before a test leaves the package directory.
func calibrateData(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", "calibrate", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCalibrateNewScenario(t *testing.T) {
	people, spend, customers := calibrateData(t, "people.csv"), calibrateData(t, "spend.csv"), calibrateData(t, "customers.csv")
	inTempDir(t)
	out, errOut, code := harvest(t, "calibrate", "--people", people, "--spend", spend, "--customers", customers, "-o", "plan.yaml")
	if code != 0 {
		t.Fatalf("calibrate: code %d, stderr %q; want 0", code, errOut)
	}
	for _, want := range []string{"key", "before", "after", "evidence", "funnel.conversion.mql", "customers.churn", "wrote plan.yaml"} {
		if !strings.Contains(out, want) {
			t.Errorf("calibrate's table has no %q:\n%s", want, out)
		}
	}
	data, err := os.ReadFile("plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "# fitted: ") {
		t.Errorf("the scenario has no evidence comment:\n%s", data)
	}
	if _, errOut, code := harvest(t, "validate", "plan.yaml"); code != 0 {
		t.Fatalf("validate plan.yaml: code %d, stderr %q; want 0\n%s", code, errOut, data)
	}
	// Without -o the scenario is the output and the table goes to stderr.
	out, errOut, code = harvest(t, "calibrate", "--people", people, "--spend", spend, "--customers", customers)
	if code != 0 || !strings.HasPrefix(out, "name: ") || !strings.Contains(errOut, "funnel.conversion.mql") {
		t.Errorf("calibrate to stdout: code %d, stdout starts %.40q, stderr %q; want 0, the scenario, the table", code, out, errOut)
	}
	// An existing -o file is not overwritten without --force.
	if _, errOut, code := harvest(t, "calibrate", "--people", people, "--spend", spend, "--customers", customers, "-o", "plan.yaml"); code == 0 || !strings.Contains(errOut, "already exists") {
		t.Errorf("calibrate over plan.yaml: code %d, stderr %q; want a refusal", code, errOut)
	}
}

func TestCalibrateUpdatesInPlace(t *testing.T) {
	people, spend := calibrateData(t, "people.csv"), calibrateData(t, "spend.csv")
	given, err := os.ReadFile(calibrateData(t, "plan.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	inTempDir(t)
	writeFile(t, "plan.yaml", string(given))
	out, errOut, code := harvest(t, "calibrate", "--people", people, "--spend", spend, "--scenario", "plan.yaml", "-o", "calibrated.yaml")
	if code != 0 {
		t.Fatalf("calibrate: code %d, stderr %q; want 0", code, errOut)
	}
	data, err := os.ReadFile("calibrated.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, keep := range []string{
		"# Our plan for next year: a skeleton that calibrate completes.",
		"gross_margin: 0.8 # from finance",
		"spend: 2500 # next year's budget, not last year's",
		"churn: 0.03",     // no customers file: churn is not fitted
		"12\n\nfunnel:\n", // the blank lines between sections
	} {
		if !strings.Contains(got, keep) {
			t.Errorf("calibrated.yaml lost %q:\n%s", keep, got)
		}
	}
	for _, gone := range []string{"mql: 0.2", "a guess from the sales team", "value: 450"} {
		if strings.Contains(got, gone) {
			t.Errorf("calibrated.yaml still has %q, a fitted key's old value:\n%s", gone, got)
		}
	}
	if !strings.Contains(got, "mql: {dist: beta,") {
		t.Errorf("calibrated.yaml's funnel.conversion.mql is not fitted:\n%s", got)
	}
	for _, want := range []string{"funnel.conversion.mql           0.2", "customers.churn, starting, starting_mrr: not in the files", "channels.referrals.unit_cost: the channel is not in the scenario"} {
		if !strings.Contains(out, want) {
			t.Errorf("calibrate's table has no %q:\n%s", want, out)
		}
	}
	if _, errOut, code := harvest(t, "validate", "calibrated.yaml"); code != 0 {
		t.Fatalf("validate calibrated.yaml: code %d, stderr %q; want 0", code, errOut)
	}
}

func TestCalibrateRefusesBadInput(t *testing.T) {
	people := calibrateData(t, "people.csv")
	inTempDir(t)
	writeFile(t, "bad.csv", "channel,created,mql,customer\nsearch,2026-01-03,,\nsearch,2026-13-01,,\n")
	writeFile(t, "spend.csv", "month,channel,spend\n2026-01,search,100\n")
	writeFile(t, "empty.csv", "")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad date", []string{"--people", "bad.csv"}, `bad.csv:3: column 2 (created): "2026-13-01" is not a date`},
		{"empty people", []string{"--people", "empty.csv"}, "empty.csv"},
		{"channel without spend", []string{"--people", people, "--spend", "spend.csv"}, "people.csv:"},
		{"unknown stage in --map", []string{"--people", people, "--map", "sql=SQL date"}, `--map sql=SQL date: "sql" is not a later stage`},
		{"malformed --map", []string{"--people", people, "--map", "mql"}, "want stage=column"},
		{"no --people", nil, "--people is required"},
		{"a TOML scenario", []string{"--people", people, "--scenario", "plan.toml"}, "plan.toml: calibrate reads and writes YAML"},
		{"bad --as-of", []string{"--people", people, "--as-of", "31/12/2026"}, "--as-of 31/12/2026: not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := harvest(t, append([]string{"calibrate"}, tt.args...)...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("got code %d, stderr %q; want %d and %q", code, errOut, exitUsage, tt.want)
			}
			if _, err := os.Stat("calibrated.yaml"); err == nil {
				t.Errorf("a file was written")
			}
		})
	}
}

// A skeleton — stages, channels with their kind, entry stage and spend —
// is completed into a scenario validate accepts; a sales channel gets no
// cost per entry.
func TestCalibrateCompletesSkeleton(t *testing.T) {
	people, spend, customers := calibrateData(t, "people.csv"), calibrateData(t, "spend.csv"), calibrateData(t, "customers.csv")
	inTempDir(t)
	writeFile(t, "skeleton.yaml", `funnel:
  stages: [lead, mql, customer]
channels:
  search: {enters: lead, spend: 2000}
  events: {enters: lead, spend: 1500}
  referrals:
    kind: sales
    enters: mql
    headcount: 1
    cost_per_head: 4000
    output_per_head: {low: 5, high: 10}
customers:
  revenue: subscription
`)
	out, errOut, code := harvest(t, "calibrate", "--people", people, "--spend", spend, "--customers", customers, "--scenario", "skeleton.yaml", "-o", "plan.yaml")
	if code != 0 {
		t.Fatalf("calibrate: code %d, stderr %q; want 0", code, errOut)
	}
	if want := "channels.referrals.unit_cost: a sales channel"; !strings.Contains(out, want) {
		t.Errorf("calibrate's table has no %q:\n%s", want, out)
	}
	if _, errOut, code := harvest(t, "validate", "plan.yaml"); code != 0 {
		t.Fatalf("validate plan.yaml: code %d, stderr %q; want 0", code, errOut)
	}
}

// Thin data is honest: a rate from fewer than 30 people is written for a
// new scenario flagged thin, and a given scenario's rate is kept.
func TestCalibrateThinData(t *testing.T) {
	inTempDir(t)
	people := "channel,created,MQL date\n"
	for i := range 20 {
		mql := ""
		if i%4 == 0 {
			mql = fmt.Sprintf("2026-%02d-20", i%6+1)
		}
		people += fmt.Sprintf("search,2026-%02d-10,%s\n", i%6+1, mql)
	}
	writeFile(t, "people.csv", people)
	writeFile(t, "spend.csv", "month,channel,spend\n2026-01,search,100\n2026-02,search,100\n2026-03,search,100\n2026-04,search,100\n2026-05,search,100\n2026-06,search,100\n")
	writeFile(t, "plan.yaml", "funnel:\n  stages: [lead, mql]\n  conversion:\n    mql: 0.25 # last year\nchannels:\n  search: {enters: lead, spend: 100, unit_cost: 10}\ncustomers:\n  revenue: one_time\n  value: 100\n")

	out, errOut, code := harvest(t, "calibrate", "--people", "people.csv", "--map", "mql=MQL date", "--scenario", "plan.yaml", "-o", "kept.yaml")
	if code != 0 {
		t.Fatalf("calibrate --scenario: code %d, stderr %q; want 0", code, errOut)
	}
	if want := "funnel.conversion.mql: too little data: 20 people at risk (fewer than 30); the scenario's kept"; !strings.Contains(out, want) {
		t.Errorf("calibrate's table has no %q:\n%s", want, out)
	}
	if data, _ := os.ReadFile("kept.yaml"); !strings.Contains(string(data), "mql: 0.25 # last year") {
		t.Errorf("kept.yaml changed the scenario's thin rate:\n%s", data)
	}

	// A new scenario needs a deal value and churn: without them nothing
	// is written, and the table says what was fitted.
	_, errOut, code = harvest(t, "calibrate", "--people", "people.csv", "--map", "mql=MQL date", "--spend", "spend.csv", "-o", "new.yaml")
	if code != 1 || !strings.Contains(errOut, "does not pass validation") || !strings.Contains(errOut, "customers") ||
		!strings.Contains(errOut, "thin: fewer than 30 people") {
		t.Fatalf("calibrate without customers' value: code %d, stderr %q; want 1, the missing keys and the table", code, errOut)
	}
	if _, err := os.Stat("new.yaml"); err == nil {
		t.Errorf("new.yaml was written from a scenario validate refuses")
	}
	writeFile(t, "customers.csv", "customer,start,end,mrr\nc1,2025-06-01,,100\nc2,2025-07-01,2026-03-05,120\n")
	people = strings.Replace(people, "MQL date", "MQL date,value", 1)
	people = strings.ReplaceAll(people, "-20\n", "-20,150\n")
	people = strings.ReplaceAll(people, ",\n", ",,\n")
	writeFile(t, "people.csv", people)
	_, errOut, code = harvest(t, "calibrate", "--people", "people.csv", "--map", "mql=MQL date", "--spend", "spend.csv", "--customers", "customers.csv", "-o", "new.yaml")
	if code != 0 {
		t.Fatalf("calibrate a new scenario: code %d, stderr %q; want 0", code, errOut)
	}
	if data, _ := os.ReadFile("new.yaml"); !strings.Contains(string(data), "thin: fewer than 30 people") {
		t.Errorf("new.yaml does not flag its thin rate:\n%s", data)
	}
}
