package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// headline lists the metrics at the top of the report, with their labels.
// The note names a metric in the line saying in how many trials it is
// undefined.
var headline = []struct{ metric, label, note string }{
	{"revenue", "Revenue", "revenue"},
	{"spend", "Spend", "spend"},
	{"new_customers", "New customers", "new customers"},
	{"cac", "CAC", "CAC"},
	{"roi", "ROI", "ROI"},
	{"lifetime_roi", "Lifetime ROI", "lifetime ROI"},
	{"ltv_cac", "LTV:CAC", "LTV:CAC"},
	{"payback_months", "Payback (months)", "payback"},
}

// undefinedWhy says why a metric can be undefined in a trial.
var undefinedWhy = map[string]string{
	"cac":                        "no customer won",
	"ltv_cac":                    "no customer won",
	"payback_months":             "no customer won",
	"roi":                        "nothing spent",
	"lifetime_roi":               "nothing spent",
	"capacity_used":              "no sales capacity",
	"marketing_share_of_revenue": "no revenue",
	"sales_share_of_revenue":     "no revenue",
}

// Usual spend as a share of revenue (DOMAIN.md: a common rule of thumb).
const (
	usualMarketingLow, usualMarketingHigh = 0.06, 0.12
	usualSalesLow, usualSalesHigh         = 0.15, 0.20
)

// writeReport writes the terminal summary of a run: a header, the
// headline metrics, the funnel, the channels, the sales team, the targets
// and spend as shares of revenue.
//
// prec, when not nil, says how a run to precision ended; else the line under
// the headline gives the Monte Carlo error of mean revenue.
func writeReport(w io.Writer, res *sim.Result, sum *sim.Summary, prec *plan.Precision) error {
	var b bytes.Buffer
	s := res.Scenario
	fmt.Fprintln(&b, runHeader(res, sum))
	fmt.Fprintln(&b, "8 futures in 10 fall between P10 and P90; P50 is the middle one.")

	reportHeadline(&b, sum, s)
	if prec != nil {
		fmt.Fprintf(&b, "  %s\n", precisionLine(*prec))
	} else if line := mcErrorLine("revenue", sum.Metrics["revenue"]); line != "" {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	reportFunnel(&b, res, sum)
	reportChannels(&b, res, sum)
	reportSales(&b, sum, s)
	reportTargets(&b, sum)
	reportShares(&b, sum)
	_, err := w.Write(b.Bytes())
	return err
}

// runHeader names the scenario and the run's settings: trials, seed and
// horizon, e.g. "Seed-stage B2B SaaS (seed_saas.yaml) — 10,000 trials,
// seed 1, 12 months".
func runHeader(res *sim.Result, sum *sim.Summary) string {
	file := ""
	if res.Scenario != nil && res.Scenario.File != "" {
		file = " (" + res.Scenario.File + ")"
	}
	return fmt.Sprintf("%s%s — %s trials, seed %d, %s", sum.Scenario, file, thousands(int64(sum.Trials)), sum.Seed, plural(sum.HorizonMonths, "month"))
}

// mcErrorLine says the Monte Carlo standard error of a metric's mean:
// "Monte Carlo error of mean revenue: ±$4.1k (0.3%) — add trials to shrink it".
func mcErrorLine(metric string, st sim.Stats) string {
	if st.Defined == 0 {
		return ""
	}
	rel := ""
	if st.Mean != 0 {
		rel = " (" + percent(st.SE/math.Abs(st.Mean)) + ")"
	}
	return fmt.Sprintf("Monte Carlo error of mean %s: ±%s%s — add trials to shrink it", metricNoun(metric), format(unitOf(metric), st.SE), rel)
}

// precisionLine says how a run to precision ended: the trials it took and
// whether the 95%% interval of the mean reached the precision asked for or
// the run stopped at the cap.
func precisionLine(p plan.Precision) string {
	u := unitOf(p.Metric)
	interval := fmt.Sprintf("the 95%% interval of mean %s is ±%s (%s)", metricNoun(p.Metric), format(u, p.HalfWidth), errorOf(unitPercent, p.Achieved))
	who := ""
	if p.Plan != "" {
		who = " (least precise plan: " + p.Plan + ")"
	}
	if p.Reached {
		return fmt.Sprintf("Ran to precision: %s trials in %s; %s%s, within the ±%s asked for", thousands(int64(p.Trials)), plural(p.Runs, "run"), interval, who, errorOf(unitPercent, p.Relative))
	}
	return fmt.Sprintf("Stopped at the cap of %s trials (--max-trials) in %s: %s%s, short of the ±%s asked for", thousands(int64(p.Trials)), plural(p.Runs, "run"), interval, who, errorOf(unitPercent, p.Relative))
}

// allUndefined reports whether no trial defines the statistics' metric.
func allUndefined(st sim.Stats) bool { return st.Defined == 0 && st.Undefined > 0 }

// p10p50p90 formats a metric's P10, P50 and P90 in its unit.
func p10p50p90(u unit, st sim.Stats) []string {
	if allUndefined(st) {
		return []string{undefinedMark, undefinedMark, undefinedMark}
	}
	return []string{format(u, st.P10), format(u, st.P50), format(u, st.P90)}
}

// undefinedNote says in how many trials a metric is undefined, and why;
// empty when it is defined in every trial.
func undefinedNote(label, metric string, st sim.Stats, trials int) string {
	if st.Undefined == 0 {
		return ""
	}
	why := undefinedWhy[metric]
	if metric == "payback_months" {
		why = "no customer won, or not paid back within 60 months"
	}
	if why == "" {
		why = "not a number"
	}
	if st.Undefined == trials {
		return fmt.Sprintf("%s undefined in every trial: %s", label, why)
	}
	return fmt.Sprintf("%s undefined in %s of %s trials: %s", label, thousands(int64(st.Undefined)), thousands(int64(trials)), why)
}

func reportHeadline(b *bytes.Buffer, sum *sim.Summary, s *model.Scenario) {
	fmt.Fprintln(b)
	rows := [][]string{{"Headline", "P10", "P50", "P90"}}
	var notes []string
	for _, h := range headline {
		st, ok := sum.Metrics[h.metric]
		if !ok {
			continue
		}
		rows = append(rows, append([]string{h.label}, p10p50p90(metricUnits[h.metric], st)...))
		if n := undefinedNote(h.note, h.metric, st, sum.Trials); n != "" {
			notes = append(notes, n)
		}
	}
	if s != nil && s.Customers.Revenue == model.Subscription {
		if st, ok := sum.Metrics["ending_mrr"]; ok {
			rows = append(rows, append([]string{"MRR at the end"}, p10p50p90(unitMoney, st)...))
		}
	}
	writeTable(b, "", rows, "lrrr")
	for _, n := range notes {
		fmt.Fprintf(b, "  %s\n", n)
	}
}

func reportFunnel(b *bytes.Buffer, res *sim.Result, sum *sim.Summary) {
	if len(res.Stages) == 0 {
		return
	}
	fmt.Fprintln(b)
	handoff := -1
	if res.Scenario != nil && res.Scenario.Sales != nil {
		handoff = res.Scenario.Funnel.Handoff
	}
	rows := [][]string{{"Funnel", "P50", "P10–P90", "from previous", ""}}
	prevMean := math.NaN()
	for k, stage := range res.Stages {
		st := sum.Stages[stage.Name]
		conv := ""
		if k > 0 && prevMean > 0 {
			conv = percent(st.Mean / prevMean)
		}
		prevMean = st.Mean
		mark := ""
		if k == handoff {
			mark = "← handed to sales"
		}
		rows = append(rows, []string{"  " + stage.Name, count(st.P50), count(st.P10) + "–" + count(st.P90), conv, mark})
	}
	writeTable(b, "", rows, "lrrrl")
	fmt.Fprintln(b, "  people reaching each stage over the horizon; from previous = mean of this stage ÷ mean of the one before")
}

func reportChannels(b *bytes.Buffer, res *sim.Result, sum *sim.Summary) {
	if len(res.Channels) == 0 {
		return
	}
	fmt.Fprintln(b)
	rows := [][]string{{"Channels (P50)", "kind", "spend", "customers", "CAC", "ROI"}}
	var notes []string
	for i, ch := range res.Channels {
		ms := sum.Channels[ch.Name]
		kind := ""
		if res.Scenario != nil && i < len(res.Scenario.Channels) {
			kind = res.Scenario.Channels[i].Kind.String()
		}
		row := []string{"  " + ch.Name, kind}
		for _, m := range []string{"spend", "customers", "cac", "roi"} {
			st := ms[m]
			if allUndefined(st) {
				row = append(row, undefinedMark)
			} else {
				row = append(row, format(metricUnits[m], st.P50))
			}
		}
		rows = append(rows, row)
		if n := undefinedNote(ch.Name+" CAC", "cac", ms["cac"], sum.Trials); n != "" {
			notes = append(notes, n)
		}
	}
	writeTable(b, "", rows, "llrrrr")
	fmt.Fprintln(b, "  a channel's own spend only: reps, commission and onboarding count in the headline")
	for _, n := range notes {
		fmt.Fprintf(b, "  %s\n", n)
	}
}

func reportSales(b *bytes.Buffer, sum *sim.Summary, s *model.Scenario) {
	fmt.Fprintln(b)
	if s != nil && s.Sales == nil {
		fmt.Fprintln(b, "Sales: no sales section, so no capacity limit and every handed-off person is worked")
		return
	}
	rows := [][]string{{"Sales team", "P10", "P50", "P90"}}
	for _, m := range []struct{ metric, label string }{
		{"capacity_used", "capacity used"},
		{"lost_follow_up", "people never followed up"},
		{"lost_queue", "people lost while waiting"},
	} {
		if st, ok := sum.Metrics[m.metric]; ok {
			rows = append(rows, append([]string{"  " + m.label}, p10p50p90(metricUnits[m.metric], st)...))
		}
	}
	writeTable(b, "", rows, "lrrr")
	if st := sum.Metrics["capacity_used"]; !allUndefined(st) && st.P50 >= fullCapacity {
		fmt.Fprintln(b, "  sales capacity is full at the median: more leads would mostly wait; more reps may pay")
	}
}

// fullCapacity is the share of capacity used above which sales is the limit.
const fullCapacity = 0.95

func reportTargets(b *bytes.Buffer, sum *sim.Summary) {
	if len(sum.Targets) == 0 {
		return
	}
	fmt.Fprintln(b)
	names := make([]string, 0, len(sum.Targets))
	for name := range sum.Targets {
		names = append(names, name)
	}
	sort.Strings(names)
	rows := [][]string{{"Targets", "chance of reaching it"}}
	for _, name := range names {
		t := sum.Targets[name]
		op := "≥"
		if t.Max {
			op = "≤"
		}
		rows = append(rows, []string{fmt.Sprintf("  %s %s %s", name, op, format(metricUnits[name], t.Target)), percent(t.Probability)})
	}
	writeTable(b, "", rows, "lr")
}

func reportShares(b *bytes.Buffer, sum *sim.Summary) {
	fmt.Fprintln(b)
	rows := [][]string{{"Spend ÷ revenue", "P10", "P50", "P90", "usual", ""}}
	var notes []string
	for _, m := range []struct {
		metric, label string
		low, high     float64
	}{
		{"marketing_share_of_revenue", "marketing", usualMarketingLow, usualMarketingHigh},
		{"sales_share_of_revenue", "sales", usualSalesLow, usualSalesHigh},
	} {
		st, ok := sum.Metrics[m.metric]
		if !ok {
			continue
		}
		verdict := ""
		if !allUndefined(st) {
			switch {
			case st.Max == 0:
				verdict = "no " + m.label + " spend in this plan"
			case st.P50 > m.high:
				verdict = "above the usual range"
			case st.P50 < m.low:
				verdict = "below the usual range"
			default:
				verdict = "within the usual range"
			}
		}
		usual := fmt.Sprintf("%.0f–%.0f%%", 100*m.low, 100*m.high)
		rows = append(rows, append(append([]string{"  " + m.label}, p10p50p90(unitPercent, st)...), usual, verdict))
		if n := undefinedNote(m.label+" share", m.metric, st, sum.Trials); n != "" {
			notes = append(notes, n)
		}
	}
	writeTable(b, "", rows, "lrrrrl")
	fmt.Fprintln(b, "  usual for an established business; early-stage companies often spend far more while they grow")
	for _, n := range notes {
		fmt.Fprintf(b, "  %s\n", n)
	}
}
