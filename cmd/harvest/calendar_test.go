package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// calendarRun runs the default scenario with overrides, its calendar
// starting at start (the zero Month: none), and reviews the run.
func calendarRun(t *testing.T, start model.Month, overrides ...string) *plan.Run {
	t.Helper()
	return editedRun(t, func(s *model.Scenario) { s.Calendar.Start = start }, overrides...)
}

// editedRun runs the default scenario with overrides, edited by edit, and
// reviews the run.
func editedRun(t *testing.T, edit func(*model.Scenario), overrides ...string) *plan.Run {
	t.Helper()
	s, err := loadScenario("", overrides)
	if err != nil {
		t.Fatal(err)
	}
	edit(s)
	res, err := sim.Run(context.Background(), s, &sim.Options{Trials: 200, Seed: 1, Paths: 50})
	if err != nil {
		t.Fatal(err)
	}
	return plan.Review(res)
}

// With a calendar every month is labelled by its date; without one the
// outputs read as before.
func TestMonthsByDate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		start  model.Month
		header string // monthly.csv
		row    string // its second row's first columns
		period string // the run's header
		hires  string
	}{
		{"no calendar", model.Month{}, "series,month,p5,", "revenue,2,", "12 months\n", "1 in month 4"},
		{"from 2027-11", model.Month{Year: 2027, Month: 11}, "series,month,date,p5,", "revenue,2,2027-12,", "12 months, 2027-11 to 2028-10\n", "1 in 2028-02"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			run := calendarRun(t, tt.start, "sales.hires={4: 1}")
			var b bytes.Buffer
			if err := writeMonthlyCSV(&b, run); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&b).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(rows[0], ","); !strings.HasPrefix(got, tt.header) {
				t.Errorf("monthly.csv header: got %s; want it to start %s", got, tt.header)
			}
			if got := strings.Join(rows[2], ","); !strings.HasPrefix(got, tt.row) {
				t.Errorf("monthly.csv row 2: got %s; want it to start %s", got, tt.row)
			}
			for _, r := range rows {
				if len(r) != len(rows[0]) {
					t.Fatalf("monthly.csv row %v: %d cells; want %d", r, len(r), len(rows[0]))
				}
			}
			b.Reset()
			if err := writeRunTable(&b, run, nil); err != nil {
				t.Fatal(err)
			}
			if first, _, _ := strings.Cut(b.String(), "\n"); !strings.HasSuffix(first+"\n", tt.period) {
				t.Errorf("run header: got %q; want it to end %q", first, tt.period)
			}
			if got := hiresWords(run.Result.Scenario); got != tt.hires {
				t.Errorf("hires: got %q; want %q", got, tt.hires)
			}
		})
	}
}

// fillColumn adds a per-trial column holding x to metrics.
func fillColumn(metrics map[string][]float64, name string, trials int, x float64) {
	col := make([]float64, trials)
	for i := range col {
		col[i] = x
	}
	metrics[name] = col
}

// The market's and the teams' metrics, when a run has them, are in the
// run table: a Market block, and the sales block's people rows.
func TestRunTableMarketAndPeople(t *testing.T) {
	base := calendarRun(t, model.Month{})
	var b bytes.Buffer
	if err := writeRunTable(&b, base, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Market") || strings.Contains(b.String(), "rep-months") {
		t.Errorf("a run without a market or attrition shows their rows:\n%s", b.String())
	}
	res := base.Result
	fillColumn(res.Metrics, "market_reached", res.Trials, 0.86)
	fillColumn(res.Metrics, "rep_months", res.Trials, 22)
	fillColumn(res.Metrics, "rep_leavers", res.Trials, 1)
	fillColumn(res.Metrics, "capacity_lost", res.Trials, 40)
	for i := range res.Channels {
		if res.Channels[i].Name == "sdr" {
			fillColumn(res.Channels[i].Metrics, "audience_used", res.Trials, 0.5)
			fillColumn(res.Channels[i].Metrics, "head_months", res.Trials, 11)
			fillColumn(res.Channels[i].Metrics, "leavers", res.Trials, 1)
		}
	}
	b.Reset()
	if err := writeRunTable(&b, plan.Review(res), nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Market                 P10  P50  P90\n  market reached       86%  86%  86%\n  sdr's audience used  50%  50%  50%\n",
		"  lost while waiting          0    0      0\n  rep-months worked          22   22     22\n  reps who left               1    1      1\n" +
			"  capacity lost              40   40     40\n  sdr's head-months worked   11   11     11\n  sdr's heads who left        1    1      1\n",
		"The market is 86% reached by month 12 at the median",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("run table: want %q in\n%s", want, out)
		}
	}
}

// A plan whose spend moves month by month shows its planned spend a month
// by quarter, dated with a calendar; a constant plan shows none.
func TestRunTableSchedule(t *testing.T) {
	var b bytes.Buffer
	if err := writeRunTable(&b, calendarRun(t, model.Month{}), nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Planned spend") {
		t.Errorf("a constant plan shows planned spend by quarter:\n%s", b.String())
	}
	run := editedRun(t, func(s *model.Scenario) {
		s.Calendar.Start = model.Month{Year: 2027, Month: 1}
		for i := range s.Channels {
			if s.Channels[i].Name == "paid_search" {
				s.Channels[i].Spend = model.Schedule{{Month: 1, Value: 12000}, {Month: 10, Value: 24000}}
			}
		}
	}, "sales.hires={5: 1}")
	b.Reset()
	if err := writeRunTable(&b, run, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Planned spend a month  2027-Q1  2027-Q2  2027-Q3  2027-Q4\n",
		"  paid_search           $12.0k   $12.0k   $12.0k   $24.0k\n",
		"  sales_team            $26.0k   $34.7k   $39.0k   $39.0k\n",
		"  total                 $64.0k   $72.7k   $77.0k   $89.0k\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("run table: want %q in\n%s", want, b.String())
		}
	}
}

// What an answer takes for granted of a channel is printed under its
// plan: in optimize's table (the other notes close it) and in goal's.
func TestScaleNotesPrinted(t *testing.T) {
	s, err := loadScenario("", nil)
	if err != nil {
		t.Fatal(err)
	}
	noPool := plan.Finding{Kind: plan.NoPool, Subject: "sdr", From: 8000, To: 30000, Ref: 3.75, Other: "channels.sdr.audience or market.size"}
	cut := plan.Finding{Kind: plan.SearchCut, Count: 10}
	o := &plan.Optimization{Budget: 64000, Objective: "profit", Risk: "mean", Notes: []plan.Finding{noPool, cut}}
	var b bytes.Buffer
	if err := writeOptimization(&b, s, optimizationDoc{Optimization: o}, 12); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	under := "    Note: this assumes sdr never runs out: it scales sdr to 3.75× today's ($8,000 → $30.0k a month)"
	end := "\nNote: the search stopped at its cap of 10 evaluations: raise it for a finer answer.\n"
	if !strings.Contains(out, under) || !strings.Contains(out, end) || strings.Count(out, "never runs out") != 1 {
		t.Errorf("optimize: want %q under the table and %q at the end, once each, in\n%s", under, end, out)
	}
	b.Reset()
	g := &plan.GoalResult{Metric: "revenue", Target: 1.5e6, Confidence: 0.8, Lever: "budget", Reached: true, Value: 2,
		Plan: s, Notes: []plan.Finding{noPool}, Finding: "It is reached."}
	if err := writeGoal(&b, s, g, 12); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "  Note: this assumes sdr never runs out") {
		t.Errorf("goal: no note in\n%s", b.String())
	}
}
