package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newCustomers runs a scenario and returns its mean new customers.
func newCustomers(t *testing.T, scenario string) float64 {
	t.Helper()
	out, errOut, code := harvest(t, "run", scenario, "--trials", "300", "--seed", "3", "--format", "json")
	if code != 0 {
		t.Fatalf("run %s: code %d, stderr %q", scenario, code, errOut)
	}
	var r struct {
		Metrics map[string]struct{ Mean float64 }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("run %s: %v", scenario, err)
	}
	return r.Metrics["new_customers"].Mean
}

func TestCalibrateExample(t *testing.T) {
	inTempDir(t)
	out, errOut, code := harvest(t, "calibrate", "--example", "ex")
	if code != 0 {
		t.Fatalf("calibrate --example: code %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"ex/people.csv", "ex/spend.csv", "ex/customers.csv", "built-in seed_saas", "funnel.conversion.customer", "22%",
		"harvest calibrate --people ex/people.csv --spend ex/spend.csv --customers ex/customers.csv -o calibrated.yaml"} {
		if !strings.Contains(out, want) {
			t.Errorf("calibrate --example says no %q:\n%s", want, out)
		}
	}
	for _, f := range exampleFiles {
		if _, err := os.Stat(filepath.Join("ex", f)); err != nil {
			t.Error(err)
		}
	}
	// The files are not overwritten without --force, and are with it.
	if _, errOut, code := harvest(t, "calibrate", "--example", "ex"); code == 0 || !strings.Contains(errOut, "already exist") {
		t.Errorf("calibrate --example over ex: code %d, stderr %q; want a refusal", code, errOut)
	}
	if _, errOut, code := harvest(t, "calibrate", "--example", "ex", "--force", "--seed", "2"); code != 0 {
		t.Errorf("calibrate --example --force: code %d, stderr %q", code, errOut)
	}
	if _, errOut, code := harvest(t, "calibrate", "--example", "ex2", "--people", "p.csv"); code != 2 {
		t.Errorf("calibrate --example with --people: code %d, stderr %q; want 2", code, errOut)
	}
	// The next command it prints works, and what it writes validates.
	if _, errOut, code := harvest(t, "calibrate", "--people", "ex/people.csv", "--spend", "ex/spend.csv", "--customers", "ex/customers.csv", "-o", "calibrated.yaml"); code != 0 {
		t.Fatalf("calibrate the example: code %d, stderr %q", code, errOut)
	}
	if _, errOut, code := harvest(t, "validate", "calibrated.yaml"); code != 0 {
		t.Errorf("validate calibrated.yaml: code %d, stderr %q", code, errOut)
	}
}

// TestCalibrateRoundTrip: seed_saas's synthetic year, calibrated into
// seed_saas's own file (which keeps its sales team and plan) and into a
// new scenario, runs to about seed_saas's own new customers. One year of
// seed_saas has about 35 wins, so the last stage's rate is known to about
// ±20% and one example's run lands within about ±25% of the truth; the
// mean over 8 years of exports is held to within 10%.
func TestCalibrateRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("eight years of exports calibrated and run")
	}
	inTempDir(t)
	if _, errOut, code := harvest(t, "init", "seed_saas", "seed.yaml"); code != 0 {
		t.Fatalf("init: code %d, stderr %q", code, errOut)
	}
	truth := newCustomers(t, "seed_saas")
	const years = 8
	var inPlace, fresh float64
	for seed := 1; seed <= years; seed++ {
		dir := fmt.Sprintf("ex%d", seed)
		if _, errOut, code := harvest(t, "calibrate", "--example", dir, "--seed", fmt.Sprint(seed)); code != 0 {
			t.Fatalf("calibrate --example: code %d, stderr %q", code, errOut)
		}
		files := []string{"--people", dir + "/people.csv", "--spend", dir + "/spend.csv", "--customers", dir + "/customers.csv"}
		if _, errOut, code := harvest(t, append([]string{"calibrate", "--scenario", "seed.yaml", "-o", dir + "/in_place.yaml"}, files...)...); code != 0 {
			t.Fatalf("calibrate into seed.yaml: code %d, stderr %q", code, errOut)
		}
		if _, errOut, code := harvest(t, append([]string{"calibrate", "-o", dir + "/new.yaml"}, files...)...); code != 0 {
			t.Fatalf("calibrate a new scenario: code %d, stderr %q", code, errOut)
		}
		a, b := newCustomers(t, dir+"/in_place.yaml"), newCustomers(t, dir+"/new.yaml")
		t.Logf("seed %d: in place %.1f, new %.1f (seed_saas %.1f)", seed, a, b, truth)
		inPlace += a / years
		fresh += b / years
	}
	for _, c := range []struct {
		name string
		got  float64
	}{{"into seed_saas's file", inPlace}, {"into a new scenario", fresh}} {
		t.Logf("%s: mean new customers %.1f over %d years of exports, seed_saas %.1f (%+.1f%%)", c.name, c.got, years, truth, 100*(c.got/truth-1))
		if math.Abs(c.got/truth-1) > 0.10 {
			t.Errorf("calibrated %s: mean new customers %.1f, seed_saas %.1f: more than 10%% apart", c.name, c.got, truth)
		}
	}
}

func TestCalibrateFromHubSpot(t *testing.T) {
	export, err := filepath.Abs(filepath.Join("..", "..", "calibrate", "testdata", "hubspot_ok.csv"))
	if err != nil {
		t.Fatal(err)
	}
	inTempDir(t)
	if _, errOut, code := harvest(t, "init", "seed_saas", "seed.yaml"); code != 0 {
		t.Fatalf("init: code %d, stderr %q", code, errOut)
	}
	out, errOut, code := harvest(t, "calibrate", "--from", "hubspot", "--people", export, "--map", "value=Recent Deal Amount", "--scenario", "seed.yaml", "-o", "out.yaml")
	if code != 0 {
		t.Fatalf("calibrate --from hubspot: code %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"12 people", "2 contacts in no stage of the funnel left out", "customers.value", "3 won deals with a value",
		"funnel.conversion.mql: too little data"} {
		if !strings.Contains(out, want) {
			t.Errorf("calibrate --from hubspot says no %q:\n%s", want, out)
		}
	}
	if _, errOut, code := harvest(t, "calibrate", "--from", "salesforce", "--people", export); code != 2 || !strings.Contains(errOut, "want csv or hubspot") {
		t.Errorf("--from salesforce: code %d, stderr %q; want 2 and the formats", code, errOut)
	}
	// A new scenario takes HubSpot's stages; with no spend its channels
	// lack what validate needs, and nothing is written.
	if _, errOut, code := harvest(t, "calibrate", "--from", "hubspot", "--people", export, "-o", "new.yaml"); code == 0 || !strings.Contains(errOut, "channels.paid_search.spend: is missing") {
		t.Errorf("a new scenario from HubSpot alone: code %d, stderr %q; want a refusal naming the missing keys", code, errOut)
	}
}

// The data's conversion into the stage after the handoff already counts
// the people sales never followed up: calibrating into a scenario with
// follow_up 0.95 divides it by 0.95, and says so.
func TestCalibrateFollowUpCountedOnce(t *testing.T) {
	inTempDir(t)
	if _, errOut, code := harvest(t, "init", "seed_saas", "seed.yaml"); code != 0 {
		t.Fatalf("init: code %d, stderr %q", code, errOut)
	}
	if _, errOut, code := harvest(t, "calibrate", "--example", "ex"); code != 0 {
		t.Fatalf("calibrate --example: code %d, stderr %q", code, errOut)
	}
	files := []string{"--people", "ex/people.csv", "--spend", "ex/spend.csv", "--customers", "ex/customers.csv"}
	out, errOut, code := harvest(t, append([]string{"calibrate", "--scenario", "seed.yaml", "-o", "in_place.yaml"}, files...)...)
	if code != 0 {
		t.Fatalf("calibrate: code %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "÷ follow_up 0.95: the data's rate counts the people sales never worked") {
		t.Errorf("calibrate into seed_saas does not say it divided by follow_up:\n%s", out)
	}
	s, err := loadScenario("in_place.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if fu := s.Sales.FollowUp.Mean(); fu != 0.95 {
		t.Errorf("follow_up %g; want 0.95 kept", fu)
	}
	k := s.Funnel.Handoff + 1
	if got := s.Funnel.Conversion[k].Mean(); math.Abs(got-0.6) > 0.05 {
		t.Errorf("conversion into %s: mean %.3f; want about seed_saas's 0.6 (the data shows 0.6 × 0.95)", s.Funnel.Stages[k], got)
	}
}

// dtc_shop's organic saturates (max_per_month) and meta follows a Hill
// curve: calibrate takes organic's cost per entry back to its low-spend
// unit_cost, leaves meta's curve alone, and what it writes validates.
func TestCalibrateSaturatingAndHill(t *testing.T) {
	if testing.Short() {
		t.Skip("a year of dtc_shop is half a million people")
	}
	inTempDir(t)
	if _, errOut, code := harvest(t, "init", "dtc_shop", "dtc.yaml"); code != 0 {
		t.Fatalf("init: code %d, stderr %q", code, errOut)
	}
	if _, errOut, code := harvest(t, "calibrate", "--example", "ex", "--scenario", "dtc_shop"); code != 0 {
		t.Fatalf("calibrate --example: code %d, stderr %q", code, errOut)
	}
	out, errOut, code := harvest(t, "calibrate", "--people", "ex/people.csv", "--spend", "ex/spend.csv", "--scenario", "dtc.yaml", "-o", "cal.yaml")
	if code != 0 {
		t.Fatalf("calibrate into dtc.yaml: code %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"at low spend, under max_per_month 15.0k", "channels.meta.unit_cost: a hill channel"} {
		if !strings.Contains(out, want) {
			t.Errorf("calibrate says no %q:\n%s", want, out)
		}
	}
	s, err := loadScenario("cal.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range s.Channels {
		if ch.Name == "organic" {
			if got := math.Exp(ch.UnitCost.Mu); math.Abs(got/0.185-1) > 0.1 {
				t.Errorf("organic's unit_cost: median %.3f; want about dtc_shop's 0.185", got)
			}
		}
	}
}
