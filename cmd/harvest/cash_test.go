package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
)

// The run table has a Cash block only with a company section: the cash
// at the end and at its lowest, the runway and the break-even month over
// every future, and the chance of running out with its error.
func TestRunTableCash(t *testing.T) {
	base := editedRun(t, func(s *model.Scenario) { s.Company = nil })
	var b bytes.Buffer
	if err := writeRunTable(&b, base, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Cash") || strings.Contains(b.String(), "runway") {
		t.Errorf("a run without a company section shows cash:\n%s", b.String())
	}

	// Costs of $10M a month against $25M: out in month 3 in every future.
	run := calendarRun(t, model.Month{}, "company.cash=25000000", "company.other_costs=10000000")
	b.Reset()
	if err := writeRunTable(&b, run, nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"  runway            2.0 months  2.0 months  2.0 months\n  break-even month        none        none        none\n",
		"  P(running out within the 12 months): 100% ± 0%\n",
		"The cash runs out within the 12 months in 100% ± 0% of futures; in those, it lasts 2.0 months at the median and runs out in month 3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("run table: want %q in\n%s", want, out)
		}
	}
	if strings.Index(out, "The cash runs out") > strings.Index(out, "Sales capacity") && strings.Contains(out, "Sales capacity is the limit") {
		t.Errorf("running out of cash is not the first thing to do:\n%s", out)
	}

	// Half the futures run out after 5 months, half last the horizon;
	// every one breaks even in its 4th month, dated with a calendar.
	dated := calendarRun(t, model.Month{Year: 2027, Month: 1}, "company.cash=1000000")
	res := dated.Result
	fillColumn(res.Metrics, "cash_min", res.Trials, 1)
	fillColumn(res.Metrics, "runway_months", res.Trials, math.NaN())
	fillColumn(res.Metrics, "break_even_month", res.Trials, 4)
	for i := range res.Trials / 2 {
		res.Metrics["cash_min"][i] = -1
		res.Metrics["runway_months"][i] = 5
	}
	b.Reset()
	if err := writeRunTable(&b, plan.Review(res), nil); err != nil {
		t.Fatal(err)
	}
	out = b.String()
	for _, want := range []string{
		"  runway            5.0 months   beyond   beyond\n  break-even month     2027-04  2027-04  2027-04\n",
		"  P(running out within the 12 months): 50% ± 4%; the cash lasts beyond the horizon in 50% of futures\n",
		"The cash runs out within the 12 months in 50% ± 4% of futures; in those, it lasts 5.0 months at the median and runs out in 2027-06",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("run table: want %q in\n%s", want, out)
		}
	}
}

// Below measure.CashRisk of futures running out, no finding says so.
func TestCashFindingThreshold(t *testing.T) {
	run := calendarRun(t, model.Month{}, "company.cash=1000000")
	res := run.Result
	fillColumn(res.Metrics, "cash_min", res.Trials, 1)
	for i := range res.Trials/10 - 1 {
		res.Metrics["cash_min"][i] = -1
	}
	for _, f := range plan.Review(res).Findings {
		if f.Kind == plan.CashRunsOut {
			t.Errorf("got finding %q with %d of %d futures out; want none below 10%%", f, res.Trials/10-1, res.Trials)
		}
	}
	res.Metrics["cash_min"][res.Trials/10-1] = -1
	found := false
	for _, f := range plan.Review(res).Findings {
		found = found || f.Kind == plan.CashRunsOut && f.Importance == plan.Limit
	}
	if !found {
		t.Errorf("no cash finding of Limit importance with 10%% of futures out")
	}
}

// run --out and plot write both cash charts with a company section, and
// neither without one.
func TestCashCharts(t *testing.T) {
	inTempDir(t)
	company := []string{"--set", "company.cash=450000", "--set", "company.other_costs=60000"}
	quick := []string{"--trials", "200", "--seed", "1"}
	for _, tt := range []struct {
		name string
		args []string
		want bool
	}{
		{"run --out", append(append([]string{"run", "seed_saas", "--out", "run"}, quick...), company...), true},
		{"plot", append(append([]string{"plot", "seed_saas", "--out", "plot", "--chart-format", "svg"}, quick...), company...), true},
		{"run --out, no company", append([]string{"run", "agency", "--out", "none"}, quick...), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := harvest(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			dir, ext := tt.args[3], ".png"
			if tt.args[0] == "plot" {
				ext = ".svg"
			}
			for _, name := range []string{"cash_fan", "cash_out"} {
				_, err := os.Stat(filepath.Join(dir, name+ext))
				if got := err == nil; got != tt.want {
					t.Errorf("%s%s written: got %v; want %v", name, ext, got, tt.want)
				}
			}
		})
	}
}
