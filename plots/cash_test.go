package plots

import (
	"bytes"
	"context"
	"html/template"
	"image/png"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// withCash runs seed_saas (400 trials, seed 1, 200 paths) with a company
// section and further overrides, reviewed.
func withCash(t *testing.T, overrides ...string) *plan.Run {
	t.Helper()
	s, err := model.Load(scenarios.FS, "seed_saas.yaml", overrides)
	if err != nil {
		t.Fatalf("model.Load: %v", err)
	}
	r, err := sim.Run(context.Background(), s, &sim.Options{Trials: 400, Seed: 1, Paths: 200})
	if err != nil {
		t.Fatalf("sim.Run: %v", err)
	}
	return plan.Review(r)
}

// Seed-stage SaaS with $450k and $60k a month of other costs runs out of
// cash within the year in most futures; with $900k, in none.
var (
	shortOfCash = []string{"company={cash: 450000, other_costs: 60000}"}
	enoughCash  = []string{"company={cash: 900000, other_costs: 60000}"}
)

// noRevenueYAML wins nobody and spends nothing: with $1M of cash and
// $100k a month of other costs, month 10 ends at exactly $0 and month 11
// below it, in every future.
const noRevenueYAML = `
name: no revenue
horizon_months: 14
funnel:
  stages: [lead, customer]
  conversion:
    customer: 0.5
channels:
  ads:
    enters: lead
    spend: 0
    unit_cost: 50
customers:
  revenue: one_time
  value: {low: 500, high: 1500}
company:
  cash: 1000000
  other_costs: 100000
`

// TestCashOutCounts: the curve CashOut draws (outCurve) is, month by month, a direct
// count over every trial: none out up to month 10, all from month 11.
func TestCashOutCounts(t *testing.T) {
	s, err := model.Parse("none.yaml", []byte(noRevenueYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), s, &sim.Options{Trials: 300, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	r := plan.Review(res)
	c, _ := r.Cash()
	pts, _, _ := outCurve(c)
	if len(pts) != 14 {
		t.Fatalf("points: got %d; want 14, a month each", len(pts))
	}
	for m, pt := range pts {
		out := 0
		for _, x := range res.Metrics["runway_months"] {
			if x+1 <= float64(m+1) { // false for an undefined runway
				out++
			}
		}
		want := 0.0
		if m+1 >= 11 {
			want = 1
		}
		if count := float64(out) / 300; count != want {
			t.Fatalf("month %d: %v of the trials out by a direct count; want %v", m+1, count, want)
		}
		if pt.X != float64(m+1) || pt.Y != want {
			t.Errorf("point %d: got (%v, %v); want (%d, %v)", m, pt.X, pt.Y, m+1, want)
		}
	}
	p, err := CashOut(r)
	if err != nil {
		t.Fatal(err)
	}
	hasText(t, render(t, p), "Out of cash by each month: 100% of 300 futures by month 14")
}

// TestCashCharts: both cash charts render as SVG and PNG with their
// titles, axes, bands, the line at $0 and the line at 1 future in 10;
// with a calendar, their months are dated.
func TestCashCharts(t *testing.T) {
	r := withCash(t, append(shortOfCash, "calendar.start=2027-01")...)
	c, _ := r.Cash()
	fan, err := CashFan(r)
	if err != nil {
		t.Fatal(err)
	}
	out, err := CashOut(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		p     *plot.Plot
		texts []string
	}{
		{"cash_fan", fan, []string{"Cash at each month's end: median and ranges of 200 sampled futures",
			"cash at the month's end ($)", "below $0: out of cash", "$0", "median (P50)", "90% of futures (P5–P95)", "50% of futures (P25–P75)"}},
		{"cash_out", out, []string{"Out of cash by each month: " + measure.Share.Format(c.Out) + " of 400 futures by 2027-12",
			"futures out of cash by the month's end (%)", "1 future in 10 (10%)", "out of cash by the month's end",
			"± 2 standard errors (Monte Carlo noise)", "0%"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := render(t, tt.p)
			for _, want := range append(tt.texts, "2027-01", "2027-04", "2027-07", "2027-10") {
				hasText(t, doc, want)
			}
			for _, s := range texts(doc) {
				if s == "2" || s == "12" {
					t.Errorf("a month labelled by number (%q) with a calendar", s)
				}
			}
			data, err := Render(tt.p, "png")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Errorf("png: %v", err)
			}
		})
	}
	// Each band once in the data and once in the legend.
	doc := render(t, fan)
	for _, col := range []struct {
		name string
		n    int
	}{{"wide", countFills(doc, colBandWide)}, {"mid", countFills(doc, colBandMid)}} {
		if col.n != 2 {
			t.Errorf("%s band: got %d fills; want 2", col.name, col.n)
		}
	}
	if got := countFills(doc, colOutArea); got != 1 {
		t.Errorf("the area below $0: got %d fills; want 1", got)
	}
}

// TestCashChartsApply: a run with a company section has both cash charts,
// last; one without has neither, and asking for them is an error; with no
// kept paths only the curve, drawn from every trial, is left.
func TestCashChartsApply(t *testing.T) {
	names := func(r *plan.Run) []string {
		charts, err := Charts(r)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range charts {
			out = append(out, c.Name)
			if strings.HasPrefix(c.Name, "cash") && c.Caption == "" {
				t.Errorf("%s: no caption", c.Name)
			}
		}
		return out
	}
	got := names(withCash(t, enoughCash...))
	if n := len(got); n < 2 || got[n-2] != "cash_fan" || got[n-1] != "cash_out" {
		t.Errorf("charts with a company section: got %v; want cash_fan, cash_out last", got)
	}
	// agency has no company section (seed_saas has).
	for _, name := range names(run(t, "agency.yaml")) {
		if strings.HasPrefix(name, "cash") {
			t.Errorf("charts without a company section: got %s", name)
		}
	}
	if _, err := CashFan(run(t, "agency.yaml")); err == nil || !strings.Contains(err.Error(), "no company section") {
		t.Errorf("CashFan without a company section: got error %v; want one saying so", err)
	}
	if _, err := CashOut(run(t, "agency.yaml")); err == nil || !strings.Contains(err.Error(), "no company section") {
		t.Errorf("CashOut without a company section: got error %v; want one saying so", err)
	}
	s, err := model.Load(scenarios.FS, "seed_saas.yaml", enoughCash)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), s, &sim.Options{Trials: 100, Seed: 1, Paths: -1})
	if err != nil {
		t.Fatal(err)
	}
	got = names(plan.Review(res))
	if got[len(got)-1] != "cash_out" || strings.Contains(strings.Join(got, " "), "cash_fan") {
		t.Errorf("charts without kept paths: got %v; want cash_out last and no cash_fan", got)
	}
}

// TestReportCash: the report's cash section comes right after what to do
// when the cash runs out in a tenth of futures or more, after the summary
// otherwise, and holds both cash charts; without a company section there
// is none.
func TestReportCash(t *testing.T) {
	for _, tt := range []struct {
		name          string
		r             *plan.Run
		after, before string // the sections around it
	}{
		{"short of cash", withCash(t, shortOfCash...), `<section id="findings">`, `<section id="summary">`},
		{"enough cash", withCash(t, enoughCash...), `<section id="summary">`, `<section id="funnel">`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := tt.r.Cash()
			var buf bytes.Buffer
			if err := Report(&buf, tt.r, "plan.yaml"); err != nil {
				t.Fatal(err)
			}
			doc := buf.String()
			at := strings.Index(doc, `<section id="cash">`)
			after, before := strings.Index(doc, tt.after), strings.Index(doc, tt.before)
			if at < 0 || !(after < at && at < before) {
				t.Fatalf("cash section at %d; want it between %s (%d) and %s (%d); P(out) %v", at, tt.after, after, tt.before, before, c.Out)
			}
			if strings.Index(doc[after:], "</section>") > at-after {
				t.Errorf("the cash section is inside %s; want it after", tt.after)
			}
			end := at + strings.Index(doc[at:], "</section>")
			for _, name := range []string{"cash_fan", "cash_out"} {
				i := strings.Index(doc, `<figure id="chart-`+name+`">`)
				if i < at || i > end {
					t.Errorf("%s: not in the cash section", name)
				}
				if strings.Count(doc, `<figure id="chart-`+name+`">`) != 1 {
					t.Errorf("%s: shown more than once", name)
				}
			}
			if !strings.Contains(doc[at:end], template.HTMLEscapeString(c.Risk())) {
				t.Errorf("the cash section does not say %q", c.Risk())
			}
			nav := doc[strings.Index(doc, "<nav>"):strings.Index(doc, "</nav>")]
			if strings.Index(nav, `href="#cash"`) > strings.Index(nav, `href="#summary"`) != (tt.after == `<section id="summary">`) {
				t.Error("the cash link is not where the section is")
			}
		})
	}
	var buf bytes.Buffer
	if err := Report(&buf, run(t, "agency.yaml"), ""); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `id="cash"`) {
		t.Error("a report without a company section has a cash section")
	}
}
