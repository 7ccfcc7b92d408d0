package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/harvest-planning/harvest/finitejson"
	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/plots"
	"github.com/harvest-planning/harvest/sim"
)

// output is one file that --out writes: its name in the directory and
// what writes its contents.
type output struct {
	name  string
	write func(w io.Writer) error
}

// outputs lists the data files a run writes with --out: summary.json,
// trials.csv and monthly.csv. chartOutputs lists the charts beside them.
func outputs(run *plan.Run) []output {
	return []output{
		jsonOutput("summary.json", run.Summary),
		{"trials.csv", func(w io.Writer) error { return writeTrialsCSV(w, run.Result) }},
		{"monthly.csv", func(w io.Writer) error { return writeMonthlyCSV(w, run) }},
	}
}

// chartOutputs lists the charts of a run (plots.Charts) as files in
// format, png or svg: NAME.png. The charts are drawn here, so that a chart
// that cannot be drawn fails the command before any file is written.
func chartOutputs(run *plan.Run, format string) ([]output, error) {
	charts, err := plots.Charts(run)
	if err != nil {
		return nil, fmt.Errorf("drawing the charts: %w", err)
	}
	return chartSetOutputs(charts, format), nil
}

// chartSetOutputs lists charts as files in format: NAME.png or NAME.svg.
func chartSetOutputs(charts []plots.Chart, format string) []output {
	outs := make([]output, len(charts))
	for i, c := range charts {
		outs[i] = output{c.Name + "." + format, func(w io.Writer) error {
			data, err := plots.Render(c.Plot, format)
			if err != nil {
				return err
			}
			_, err = w.Write(data)
			return err
		}}
	}
	return outs
}

// writeDocument writes command's JSON document as jsonName and its
// charts into dir, all or nothing (writeOutputs), and returns the line that
// says so, to print once the command's own output is out.
func writeDocument(ctx context.Context, dir, command, jsonName string, doc any, charts []plots.Chart, chartFormat string) (string, error) {
	files := append([]output{jsonOutput(jsonName, doc)}, chartSetOutputs(charts, chartFormat)...)
	if err := writeOutputs(ctx, dir, command, files); err != nil {
		return "", err
	}
	return wroteLine(dir, files), nil
}

// jsonOutput is a file holding v as indented JSON.
func jsonOutput(name string, v any) output {
	return output{name, func(w io.Writer) error { return writeJSON(w, v) }}
}

// writeJSON writes v as indented JSON, a line. A number that is not
// finite (a statistic past the float range) is null (finitejson): no
// document fails on one. When w carries the command's run record
// (recorded), an object gains it as "run": every JSON output says what
// it ran with, whichever command wrote it.
func writeJSON(w io.Writer, v any) error {
	b, err := finitejson.Marshal(v)
	if err != nil {
		return err
	}
	if b, err = withRun(b, recordIn(w)); err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// wroteLine says what --out wrote: "wrote 3 files into results:
// summary.json, trials.csv, monthly.csv".
func wroteLine(dir string, outs []output) string {
	return fmt.Sprintf("wrote %s into %s: %s", measure.Count.Plural(float64(len(outs)), "file"), printable(dir), strings.Join(outputBases(outs), ", "))
}

// cell formats a number for CSV exactly, in plain decimals where
// spreadsheets read them best; NaN and ±Inf (undefined) are empty cells.
func cell(x float64) string {
	switch a := math.Abs(x); {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return ""
	case a != 0 && (a < 1e-6 || a >= 1e21):
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// column is one column of trials.csv: its header and per-trial values.
type column struct {
	name   string
	values []float64
}

// trialColumns lists trials.csv's columns: every metric, then each stage's
// people reached (stages.NAME), then each channel's metrics
// (channels.NAME.METRIC).
func trialColumns(res *sim.Result) []column {
	var cols []column
	for _, m := range measure.Names() {
		if vs, ok := res.Metrics[m]; ok {
			cols = append(cols, column{m, vs})
		}
	}
	for _, st := range res.Stages {
		cols = append(cols, column{"stages." + st.Name, st.Reached})
	}
	for _, ch := range res.Channels {
		for _, m := range measure.ChannelNames() {
			if vs, ok := ch.Metrics[m]; ok {
				cols = append(cols, column{"channels." + ch.Name + "." + m, vs})
			}
		}
	}
	return cols
}

// writeTrialsCSV writes a row per trial: the trial's index, then every
// column of trialColumns. An undefined value is an empty cell.
func writeTrialsCSV(w io.Writer, res *sim.Result) error {
	cw := csv.NewWriter(w)
	cols := trialColumns(res)
	row := make([]string, 1+len(cols))
	row[0] = "trial"
	for i, c := range cols {
		row[1+i] = c.name
	}
	if err := cw.Write(row); err != nil {
		return err
	}
	for t := range res.Trials {
		row[0] = strconv.Itoa(t)
		for i, c := range cols {
			row[1+i] = cell(c.values[t])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// monthlyHeader is monthly.csv's header; a scenario with a calendar has
// a date column after month (monthlyColumns).
var monthlyHeader = []string{"series", "month", "p5", "p10", "p25", "p50", "p75", "p90", "p95"}

// monthlyColumns is monthly.csv's header for a calendar: with a start,
// "date" (2027-01) follows "month" (1, 2, …), so that a file without a
// calendar reads as before and a script may always key on month.
func monthlyColumns(cal model.Calendar) []string {
	if cal.Start.IsZero() {
		return monthlyHeader
	}
	return slices.Insert(slices.Clone(monthlyHeader), 2, "date")
}

// monthlySeries lists the series monthly.csv writes, in order: the
// catalog's (measure.SeriesNames) the run kept, each channel's spend
// (channels.NAME.spend) in the scenario's order, then any other kept
// series by name, so that none kept is left out.
func monthlySeries(run *plan.Run) []string {
	var names []string
	seen := map[string]bool{}
	add := func(name string) {
		if _, ok := run.Monthly[name]; ok && !seen[name] {
			names, seen[name] = append(names, name), true
		}
	}
	for _, name := range measure.SeriesNames() {
		add(name)
	}
	for _, ch := range run.Result.Channels {
		add("channels." + ch.Name + ".spend")
	}
	rest := slices.Sorted(maps.Keys(run.Monthly))
	for _, name := range rest {
		add(name)
	}
	return names
}

// writeMonthlyCSV writes, for each monthly series and month, its
// percentiles over the trials whose paths were kept: the run's monthly
// summary, as the fan and capacity charts draw it. Months are numbered
// from 1 and, with a calendar, dated as every table labels them.
func writeMonthlyCSV(w io.Writer, run *plan.Run) error {
	var cal model.Calendar
	if s := run.Result.Scenario; s != nil {
		cal = s.Calendar
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(monthlyColumns(cal)); err != nil {
		return err
	}
	for _, name := range monthlySeries(run) {
		for m, st := range run.Monthly[name] {
			row := []string{name, strconv.Itoa(m + 1)}
			if !cal.Start.IsZero() {
				row = append(row, cal.Label(m+1))
			}
			for _, x := range []float64{st.P5, st.P10, st.P25, st.P50, st.P75, st.P90, st.P95} {
				row = append(row, cell(x))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// statsHeader is the header of --format csv.
var statsHeader = []string{"metric", "mean", "sd", "se", "min", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "max", "undefined"}

// writeSummaryCSV writes the summary as a flat table, a row per metric
// (metrics by name, then stages.NAME, then channels.NAME.METRIC) and a
// column per statistic. A metric no trial defines has only its undefined
// count.
func writeSummaryCSV(w io.Writer, res *sim.Result, sum *sim.Summary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(statsHeader); err != nil {
		return err
	}
	write := func(name string, st sim.Stats, ok bool) error {
		if !ok {
			return nil
		}
		row := []string{name}
		if st.Defined == 0 && st.Undefined > 0 {
			row = append(row, make([]string, len(statsHeader)-2)...) // every statistic empty
		} else {
			for _, x := range []float64{st.Mean, st.SD, st.SE, st.Min, st.P5, st.P10, st.P25, st.P50, st.P75, st.P90, st.P95, st.Max} {
				row = append(row, cell(x))
			}
		}
		row = append(row, strconv.Itoa(st.Undefined))
		return cw.Write(row)
	}
	for _, m := range measure.Names() {
		st, ok := sum.Metrics[m]
		if err := write(m, st, ok); err != nil {
			return err
		}
	}
	for _, stage := range res.Stages {
		st, ok := sum.Stages[stage.Name]
		if err := write("stages."+stage.Name, st, ok); err != nil {
			return err
		}
	}
	for _, ch := range res.Channels {
		for _, m := range measure.ChannelNames() {
			st, ok := sum.Channels[ch.Name][m]
			if err := write("channels."+ch.Name+"."+m, st, ok); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// outputBases returns the file names of outs.
func outputBases(outs []output) []string {
	names := make([]string, len(outs))
	for i, o := range outs {
		names[i] = o.name
	}
	return names
}
