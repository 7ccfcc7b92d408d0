package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// configFormats are the config file's extensions FuzzConfig writes.
var configFormats = []string{"yaml", "toml", "json"}

// FuzzConfig: whatever a config file holds, every command's settings
// resolve or fail as wrong usage (exit 2), never with a panic, and the
// message repeats nothing a terminal would act on.
func FuzzConfig(f *testing.F) {
	for _, seed := range []struct {
		format uint8
		text   string
	}{
		{0, "trials: 50000\nseed: 7\nset: [\"sales.reps=3\"]\n"},
		{0, "trials: 100\nTrials: 5000\n"},                 // issue 12: keys differing in case
		{0, "trials: 1000000000000\n"},                     // a trillion trials
		{0, "horizon: 9223372036854775807\n"},              // 2⁶³ − 1 months
		{0, "trials: 0x10\n"},                              // hexadecimal
		{0, "\"\\e]0;PWNED\\a\": 1\n"},                     // an escape sequence as a key
		{0, "confidence: 0\nformat: csv\nmetrics: \"\"\n"}, // the small ones
		{0, "set: [1, {a: b}, \"x=\\u202e\"]\n"},
		{0, "trials: [[[[[[[[[[1]]]]]]]]]]\n"},
		{0, "paths: 1e300\nworkers: -1e300\nmax-trials: 1.5\n"},
		{1, "trials = \"" + strings.Repeat("z", 2000) + "\"\n"}, // a TOML error echoing a huge value
		{1, "trials = 100\nTRIALS = 5000\n"},
		{1, "set = \"sales.reps=3\"\nprecision = \"1%\"\n"},
		{2, `{"trials": 100, "Trials": 5000}`},
		{2, `{"seed": -1, "horizon": 601, "precision": "0%"}`},
	} {
		f.Add(seed.format, []byte(seed.text))
	}
	dir := f.TempDir()
	commands := []string{"run", "compare", "sensitivity", "goal", "optimize", "plot", "report", "validate"}
	f.Fuzz(func(t *testing.T, format uint8, data []byte) {
		path := filepath.Join(dir, "harvest."+configFormats[int(format)%len(configFormats)])
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, command := range commands {
			err := resolveSettings(command, path)
			if err == nil {
				continue
			}
			if code := exitCode(err); code != exitUsage {
				t.Fatalf("%s: %v: exit code %d; want %d (wrong usage)", command, err, code, exitUsage)
			}
			msg := err.Error()
			if i := strings.IndexFunc(msg, func(r rune) bool { return r != '\n' && !unicode.IsPrint(r) }); i >= 0 {
				t.Fatalf("%s: message %q repeats a character a terminal acts on at %d; want it quoted", command, msg, i)
			}
			for line := range strings.Lines(msg) {
				if len(line) > 2000 {
					t.Fatalf("%s: a message line of %d bytes; want the value cut short", command, len(line))
				}
			}
		}
	})
}

// resolveSettings resolves command's options with the config file at
// path, as the command does before it runs.
func resolveSettings(command, path string) error {
	root := newRootCmd()
	cmd, _, err := root.Find([]string{command})
	if err != nil {
		return err
	}
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.ParseFlags([]string{"--config", path}); err != nil {
		return err
	}
	switch command {
	case "run":
		_, err = runOptionsFrom(cmd, nil)
	case "compare":
		_, err = compareOptionsFrom(cmd, nil)
	case "goal":
		_, err = goalOptionsFrom(cmd, nil)
	case "optimize":
		_, err = optimizeOptionsFrom(cmd, nil)
	default: // sensitivity, plot, report, validate: the settings and the engine's options
		var s *settings
		if s, err = newSettings(cmd); err == nil && cmd.Flags().Lookup("trials") != nil {
			_, err = s.engine("")
		} else if err == nil {
			_, err = s.overrides()
		}
	}
	return err
}

// fuzzScenario is a valid-shaped scenario of the numbers given: a lead
// channel spending into a three-stage funnel, a sales team with an SDR,
// and customers paying by subscription or once.
func fuzzScenario(horizon, starting int, oneTime bool, x [12]float64) []byte {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	spend, unitCost, convLow, convHigh, conv, value := x[0], x[1], x[2], x[3], x[4], x[5]
	margin, churn, expansion, reps, capacity, volatility := x[6], x[7], x[8], x[9], x[10], x[11]
	revenue, grow := "subscription", "expansion: "+g(expansion)
	if oneTime {
		revenue, grow = "one_time", "repeat: "+g(math.Abs(expansion))
	}
	return fmt.Appendf(nil, `name: fuzz
horizon_months: %d
funnel:
  stages: [lead, sql, customer]
  handoff: sql
  conversion:
    sql: {low: %s, high: %s}
    customer: %s
  months: {sql: 1}
channels:
  ads: {enters: lead, spend: %s, unit_cost: %s, volatility: %s}
  sdr: {kind: sales, enters: sql, headcount: 1, cost_per_head: 5000, output_per_head: {low: 5, high: 15}}
sales: {reps: %s, cost_per_rep: 10000, capacity_per_rep: %s, ramp_months: 2}
customers:
  revenue: %s
  value: {low: %s, high: %s}
  gross_margin: %s
  churn: %s
  %s
  starting: %d
targets: {revenue: 1000000, cac: {max: 5000}}
`, horizon, g(convLow), g(convHigh), g(conv), g(spend), g(unitCost), g(volatility),
		g(reps), g(capacity), revenue, g(value), g(2*value), g(margin), g(churn), grow, starting)
}

// FuzzRun: a scenario of fuzzed numbers that validates runs 20 trials
// without a panic; every statistic is a finite number, or undefined (null
// in JSON, counted in undefined and overflow); and the summary's JSON, the
// table, the CSV files and the findings are written.
func FuzzRun(f *testing.F) {
	base := [12]float64{8000, 120, 0.2, 0.4, 0.3, 1500, 0.8, 0.02, 0.01, 2, 20, 0.1}
	with := func(i int, v float64) [12]float64 { x := base; x[i] = v; return x }
	for _, seed := range []struct {
		horizon, starting int
		oneTime           bool
		x                 [12]float64
	}{
		{12, 10, false, base},
		{12, 10, false, with(8, 1000)},  // issue 12: customers.expansion=1000
		{120, 10, false, with(8, 1000)}, // … until revenue passes 1.8e308
		{12, 0, false, with(9, 1e18)},   // sales.reps=1e18
		{12, 0, false, with(10, 1e308)}, // capacity_per_rep=1e308
		{12, 0, false, with(5, 1e300)},  // a customer worth 1e300
		{12, 0, false, with(0, 1e26)},   // spend 1e26
		{600, 5, true, with(8, 1)},      // one-time sales, every customer buying again
		{12, 0, false, with(1, 1e-300)}, // a lead for nothing
		{12, 0, false, with(11, 10)},    // the most volatile channel
		{0, 0, false, base},             // an invalid horizon
	} {
		f.Add(seed.horizon, seed.starting, seed.oneTime,
			seed.x[0], seed.x[1], seed.x[2], seed.x[3], seed.x[4], seed.x[5],
			seed.x[6], seed.x[7], seed.x[8], seed.x[9], seed.x[10], seed.x[11])
	}
	f.Fuzz(func(t *testing.T, horizon, starting int, oneTime bool,
		x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11 float64) {
		data := fuzzScenario(horizon, starting, oneTime, [12]float64{x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11})
		s, err := model.Parse("fuzz.yaml", data, nil)
		if err != nil {
			return // refused at validation: model's fuzz test and its bad fixtures cover that
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := sim.Run(ctx, s, &sim.Options{Trials: 20, Workers: 1, Paths: 20})
		if err != nil {
			t.Fatalf("a valid scenario failed to run: %v\n%s", err, data)
		}
		sum := res.Summary()
		check := func(name string, st sim.Stats) {
			if st.Defined+st.Undefined != 20 || st.Overflow > st.Undefined {
				t.Fatalf("%s: %d defined, %d undefined (%d overflowing); want 20 in all", name, st.Defined, st.Undefined, st.Overflow)
			}
			if st.Defined == 0 {
				return
			}
			for i, v := range []float64{st.Mean, st.Min, st.P5, st.P10, st.P25, st.P50, st.P75, st.P90, st.P95, st.Max} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s: statistic %d is %g; want a finite number\n%s", name, i, v, data)
				}
			}
			if math.IsNaN(st.SD) || math.IsNaN(st.SE) {
				t.Fatalf("%s: sd %g, se %g; want numbers (+Inf only past the float range)\n%s", name, st.SD, st.SE, data)
			}
		}
		for name, st := range sum.Metrics {
			check(name, st)
		}
		for name, st := range sum.Stages {
			check("stages."+name, st)
		}
		for ch, ms := range sum.Channels {
			for name, st := range ms {
				check("channels."+ch+"."+name, st)
			}
		}
		var b bytes.Buffer
		if err := writeJSON(&b, sum); err != nil {
			t.Fatalf("the summary's JSON: %v\n%s", err, data)
		}
		if !json.Valid(b.Bytes()) {
			t.Fatalf("the summary's JSON is not valid: %s", head(b.String()))
		}
		run := plan.Review(res)
		for _, write := range []func(io.Writer) error{
			func(w io.Writer) error { return writeRunTable(w, run, nil) },
			func(w io.Writer) error { return writeSummaryCSV(w, res, sum) },
			func(w io.Writer) error { return writeTrialsCSV(w, res) },
			func(w io.Writer) error { return writeMonthlyCSV(w, run) },
		} {
			if err := write(io.Discard); err != nil {
				t.Fatalf("writing the run: %v\n%s", err, data)
			}
		}
	})
}
