package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// headline lists the metrics at the top of run's table, labelled as the
// catalog labels them.
var headline = []string{"revenue", "spend", "new_customers", "cac", "roi", "lifetime_roi", "ltv_cac", "payback_months"}

// writeRunTable writes run's terminal summary: a header, what to do
// (the run's leading findings), then the tables: the headline metrics, the
// cash (with a company section), the funnel, the channels, the sales team, the targets and spend as shares of
// revenue.
//
// prec, when not nil, says how a run to precision ended; else the line under
// the headline gives the Monte Carlo error of mean revenue.
func writeRunTable(w io.Writer, run *plan.Run, prec *plan.Precision) error {
	var b bytes.Buffer
	res, sum := run.Result, run.Summary
	s := res.Scenario
	fmt.Fprintln(&b, runHeader(res, sum))
	if lead := run.Lead(); len(lead) > 0 {
		fmt.Fprintln(&b)
		fmt.Fprintln(&b, "What to do")
		for _, f := range lead {
			fmt.Fprintf(&b, "  • %s\n", f)
		}
		fmt.Fprintln(&b)
	}
	fmt.Fprintln(&b, "8 futures in 10 fall between P10 and P90; P50 is the middle one.")

	tableHeadline(&b, sum, s)
	if prec != nil {
		fmt.Fprintf(&b, "  %s\n", prec.Finding)
	} else if line := mcErrorLine("revenue", sum.Metrics["revenue"]); line != "" {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	tableCash(&b, run)
	tableFunnel(&b, res, sum)
	tableChannels(&b, res, sum)
	tableSchedule(&b, res)
	tableMarket(&b, run)
	tableSales(&b, run)
	tableTargets(&b, sum)
	tableShares(&b, run)
	_, err := w.Write(b.Bytes())
	return err
}

// runHeader names the scenario and the run's settings: trials, seed and
// horizon, e.g. "Seed-stage B2B SaaS (built-in seed_saas) — 10,000 trials,
// seed 1, 12 months".
func runHeader(res *sim.Result, sum *sim.Summary) string {
	name, cal := sum.Scenario, model.Calendar{}
	if res.Scenario != nil {
		name, cal = scenarioLabel(res.Scenario), res.Scenario.Calendar
	}
	return fmt.Sprintf("%s — %s", name, settingsLine(sum.Trials, sum.Seed, sum.HorizonMonths, cal))
}

// mcErrorLine says the Monte Carlo standard error of a metric's mean, at
// the mean's precision: "Monte Carlo error of mean revenue: ±$2,259
// (0.16%) — add trials to shrink it".
func mcErrorLine(metric string, st sim.Stats) string {
	if st.Defined == 0 {
		return ""
	}
	rel := ""
	if st.Mean != 0 {
		rel = " (" + measure.Share.Margin(st.SE/math.Abs(st.Mean)) + ")"
	}
	m := measure.Of(metric)
	return fmt.Sprintf("Monte Carlo error of mean %s: ±%s%s — add trials to shrink it", m.Noun(), m.Unit.Error(st.Mean, st.SE), rel)
}

func tableHeadline(b *bytes.Buffer, sum *sim.Summary, s *model.Scenario) {
	fmt.Fprintln(b)
	rows := [][]string{{"Headline", "P10", "P50", "P90"}}
	var notes []string
	for _, name := range headline {
		st, ok := sum.Metrics[name]
		if !ok {
			continue
		}
		m := measure.Of(name)
		rows = append(rows, append([]string{m.Label}, p10p50p90(m.Unit, st)...))
		if n := undefinedNote(m.Noun(), m, st, sum.Trials); n != "" {
			notes = append(notes, n)
		}
	}
	if s != nil && s.Customers.Revenue == model.Subscription {
		if st, ok := sum.Metrics["ending_mrr"]; ok {
			m := measure.Of("ending_mrr")
			rows = append(rows, append([]string{m.Label}, p10p50p90(m.Unit, st)...))
		}
	}
	writeTable(b, "", rows, "lrrr")
	for _, n := range notes {
		fmt.Fprintf(b, "  %s\n", n)
	}
}

func tableFunnel(b *bytes.Buffer, res *sim.Result, sum *sim.Summary) {
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
			conv = measure.Share.Format(st.Mean / prevMean)
		}
		prevMean = st.Mean
		mark := ""
		if k == handoff {
			mark = "← handed to sales"
		}
		rows = append(rows, []string{"  " + stage.Name, measure.Count.Format(st.P50), measure.Count.Format(st.P10) + "–" + measure.Count.Format(st.P90), conv, mark})
	}
	writeTable(b, "", rows, "lrrrl")
	fmt.Fprintln(b, "  people reaching each stage over the horizon; from previous = mean of this stage ÷ mean of the one before")
}

func tableChannels(b *bytes.Buffer, res *sim.Result, sum *sim.Summary) {
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
		for _, name := range []string{"spend", "customers", "cac", "roi"} {
			st := ms[name]
			if allUndefined(st) {
				row = append(row, measure.Undefined)
			} else {
				m, _ := measure.Channel(name)
				row = append(row, m.Unit.Format(st.P50))
			}
		}
		rows = append(rows, row)
		cac, _ := measure.Channel("cac")
		if n := undefinedNote(ch.Name+" CAC", cac, ms["cac"], sum.Trials); n != "" {
			notes = append(notes, n)
		}
	}
	writeTable(b, "", rows, "llrrrr")
	fmt.Fprintln(b, "  a channel's own spend only: reps, commission and onboarding count in the headline")
	for _, n := range notes {
		fmt.Fprintf(b, "  %s\n", n)
	}
}

// tableSchedule shows, when a schedule moves a decision month by month,
// the planned spend a month in each quarter (or year): each channel's,
// the sales team's and the total, as the file writes them.
func tableSchedule(b *bytes.Buffer, res *sim.Result) {
	s := res.Scenario
	if s == nil || !plan.HasSchedule(s) {
		return
	}
	planned := plan.Planned(s, res.Horizon)
	periods := plan.Periods(s.Calendar, res.Horizon)
	head := []string{"Planned spend a month"}
	for _, p := range periods {
		head = append(head, p.Label)
	}
	rows := [][]string{head}
	total := make([]float64, res.Horizon)
	for i, name := range planned.Names {
		row := []string{"  " + name}
		for _, p := range periods {
			row = append(row, measure.Money.Format(p.MeanOver(planned.Months[i])))
		}
		rows = append(rows, row)
		for t, x := range planned.Months[i] {
			total[t] += x
		}
	}
	row := []string{"  total"}
	for _, p := range periods {
		row = append(row, measure.Money.Format(p.MeanOver(total)))
	}
	rows = append(rows, row)
	fmt.Fprintln(b)
	writeTable(b, "", rows, "l"+strings.Repeat("r", len(periods)))
	note := "  the average month of each period, as the schedules say"
	if planned.Names[len(planned.Names)-1] == model.SalesTeam {
		note += "; sales_team: reps × cost_per_rep, each hire from its month, before anyone leaves"
	}
	fmt.Fprintln(b, note)
}

// tableCash shows the company's cash, with a company section: the cash
// at the end and at its lowest, the runway and the break-even month (P10,
// P50, P90 over every future, "beyond" where the cash lasts the horizon
// and "none" where no month breaks even), and the chance of running out
// within the horizon with its Monte Carlo error.
func tableCash(b *bytes.Buffer, run *plan.Run) {
	c, ok := run.Cash()
	if !ok {
		return
	}
	fmt.Fprintln(b)
	rows := metricRows("Cash", run, []string{"cash_end", "cash_min"})
	runway, even := c.Ranges()
	rows = append(rows,
		append([]string{"  " + measure.Of("runway_months").Noun()}, runway[:]...),
		append([]string{"  " + measure.Of("break_even_month").Noun()}, even[:]...))
	writeTable(b, "", rows, "lrrr")
	fmt.Fprintln(b, "  "+c.Risk())
	fmt.Fprintln(b, "  over every future; runway: whole months the cash covers; break-even: the first month whose net cash flow is ≥ 0")
}

// tableMarket shows how much of the market and of each channel's
// audience the run used, when the scenario gives them.
func tableMarket(b *bytes.Buffer, run *plan.Run) {
	names := run.MarketMetrics()
	if len(names) == 0 {
		return
	}
	fmt.Fprintln(b)
	writeTable(b, "", metricRows("Market", run, names), "lrrr")
	fmt.Fprintf(b, "  share of each pool entered over the horizon; from %s used, more spend there buys less\n", measure.Share.Format(measure.NearlyUsedUp))
}

// tableSales shows the sales team: the capacity it used, the people it
// lost, and, with attrition, the rep-months it worked, its leavers and the
// capacity lost to vacancies and ramps; then each headcount channel's
// head-months and leavers.
func tableSales(b *bytes.Buffer, run *plan.Run) {
	s := run.Result.Scenario
	fmt.Fprintln(b)
	var names []string
	if s != nil && s.Sales == nil {
		fmt.Fprintln(b, "Sales: no sales section, so no capacity limit and every handed-off person is worked")
	} else {
		names = []string{"capacity_used", "lost_follow_up", "lost_queue"}
	}
	names = append(names, run.PeopleMetrics()...)
	if len(names) == 0 {
		return
	}
	title := "Sales team"
	if s != nil && s.Sales == nil {
		title = "Headcount channels"
	}
	writeTable(b, "", metricRows(title, run, names), "lrrr")
}

// metricRows is a table of metrics' P10, P50 and P90 under a title, each
// labelled as the catalog labels it; a metric the run lacks is left out.
func metricRows(title string, run *plan.Run, names []string) [][]string {
	rows := [][]string{{title, "P10", "P50", "P90"}}
	for _, name := range names {
		if st, ok := run.Stat(name); ok {
			m := measure.Of(name)
			rows = append(rows, append([]string{"  " + m.Noun()}, p10p50p90(m.Unit, st)...))
		}
	}
	return rows
}

func tableTargets(b *bytes.Buffer, sum *sim.Summary) {
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
		rows = append(rows, []string{fmt.Sprintf("  %s %s %s", name, op, measure.Of(name).Unit.Format(t.Target)), measure.Share.Format(t.Probability)})
	}
	writeTable(b, "", rows, "lr")
}

func tableShares(b *bytes.Buffer, run *plan.Run) {
	fmt.Fprintln(b)
	rows := [][]string{{"Spend ÷ revenue", "P10", "P50", "P90", "usual", ""}}
	var notes []string
	for _, share := range []struct{ metric, label string }{
		{"marketing_share_of_revenue", "marketing"},
		{"sales_share_of_revenue", "sales"},
	} {
		st, ok := run.Summary.Metrics[share.metric]
		if !ok {
			continue
		}
		m := measure.Of(share.metric)
		rows = append(rows, append(append([]string{"  " + share.label}, p10p50p90(m.Unit, st)...), plan.UsualRange(m), run.ShareVerdict(share.metric)))
		if n := undefinedNote(share.label+" share", m, st, run.Summary.Trials); n != "" {
			notes = append(notes, n)
		}
	}
	writeTable(b, "", rows, "lrrrrl")
	fmt.Fprintln(b, "  usual for an established business; early-stage companies often spend far more while they grow")
	for _, n := range notes {
		fmt.Fprintf(b, "  %s\n", n)
	}
}
