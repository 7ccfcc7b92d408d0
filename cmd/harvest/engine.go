package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// engineOptions are the settings every command that runs the engine shares:
// the scenario, its overrides and the run's trials, seed, workers, horizon
// and kept paths.
type engineOptions struct {
	file      string // a file or a built-in name; empty: the built-in default
	overrides []string
	trials    int
	seed      int
	workers   int  // 0: all cores
	horizon   int  // 0: the scenario's
	paths     int  // trials whose monthly series are kept; 0: none
	progress  bool // draw progress on errOut (a terminal)
	errOut    io.Writer
	rec       *runRecord // what the command runs with, for its outputs; nil: not recorded
}

// addEngineFlags adds --trials, --seed, --workers, --horizon and --set to
// cmd, and --paths when withPaths (the commands whose outputs draw monthly
// series).
func addEngineFlags(cmd *cobra.Command, withPaths bool) {
	f := cmd.Flags()
	addIntFlag(f, "trials", sim.DefaultTrials, "number of simulated futures (at most 1,000,000,000, and what memory holds)")
	addIntFlag(f, "seed", sim.DefaultSeed, "random seed (a whole number ≥ 1): the same seed gives the same results")
	addIntFlag(f, "workers", 0, "goroutines to run on (0: all cores, at most 1,024); results do not depend on it")
	addIntFlag(f, "horizon", 0, "months to simulate, 1 to 600 (0: the scenario's horizon_months)")
	if withPaths {
		addIntFlag(f, "paths", sim.DefaultPaths, "trials whose month-by-month series are kept for monthly.csv and the fan charts (0: none; at most 100,000)")
	}
	addSetFlag(cmd)
}

// engine resolves the engine's settings; file is the command's FILE
// argument ("" for the built-in default).
func (s *settings) engine(file string) (engineOptions, error) {
	e := engineOptions{file: file, errOut: s.cmd.ErrOrStderr()}
	// Every bound is checked here, whichever source gave the value, before
	// a scenario is read or anything allocated; sim.Run checks them again.
	type field struct {
		key      string
		min, max int
		dst      *int
	}
	fields := []field{
		{"trials", 1, sim.MaxTrials, &e.trials},
		{"seed", 1, math.MaxInt, &e.seed},
		{"workers", 0, sim.MaxWorkers, &e.workers},
		{"horizon", 0, sim.MaxHorizon, &e.horizon},
	}
	if s.cmd.Flags().Lookup("paths") != nil {
		fields = append(fields, field{"paths", 0, sim.MaxPaths, &e.paths})
	}
	var err error
	for _, f := range fields {
		if *f.dst, err = s.int(f.key, f.min, f.max); err != nil {
			return e, err
		}
	}
	if e.overrides, err = s.overrides(); err != nil {
		return e, err
	}
	if f, ok := e.errOut.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		e.progress = true
	}
	e.rec = recordOf(s.cmd.Context())
	e.rec.settings(e)
	return e, nil
}

// simOptions are the engine options for sim.Run and plan's functions.
func (e engineOptions) simOptions() *sim.Options {
	paths := e.paths
	if paths == 0 {
		paths = -1 // sim: negative keeps none
	}
	return &sim.Options{
		Trials:  e.trials,
		Seed:    uint64(e.seed),
		Workers: e.workers,
		Horizon: e.horizon,
		Paths:   paths,
	}
}

// load loads the scenario the options name, with the overrides applied.
func (e engineOptions) load() (*model.Scenario, error) {
	s, err := loadScenario(e.file, e.overrides)
	if err == nil {
		e.rec.loaded(s, e.horizon)
	}
	return s, err
}

// watch sets opts.Progress to draw a progress bar over total trials (a
// running count when total is 0, for searches of unknown length) when
// progress is drawn, and returns the function that clears it.
func (e engineOptions) watch(opts *sim.Options, total int) (done func()) {
	if !e.progress {
		return func() {}
	}
	bar := newProgressBar(e.errOut, total, time.Now())
	opts.Progress = bar.update
	return bar.finish
}

// settingsLine says a run's settings for a header: "10,000 trials, seed 1,
// 12 months", and with a calendar the months' dates: "12 months, 2027-01
// to 2027-12".
func settingsLine(trials int, seed uint64, horizon int, cal model.Calendar) string {
	months := measure.Count.Plural(float64(horizon), "month")
	if !cal.Start.IsZero() {
		months += ", " + cal.Label(1) + " to " + cal.Label(horizon)
	}
	return fmt.Sprintf("%s trials, seed %d, %s", measure.Whole(trials), seed, months)
}

// horizonOf is the horizon a run of s with opts covers.
func horizonOf(s *model.Scenario, opts *sim.Options) int {
	if opts.Horizon > 0 {
		return opts.Horizon
	}
	return s.Horizon
}

// scenarioLabel names a scenario for a header: "Seed-stage B2B SaaS
// (plan.yaml)", "Seed-stage B2B SaaS (built-in seed_saas)".
func scenarioLabel(s *model.Scenario) string {
	if s.File == "" {
		return printable(s.Name)
	}
	return printable(s.Name) + " (" + printable(source(s)) + ")"
}

// chartFormats are the formats charts are written in; the first is the default.
var chartFormats = []string{"png", "svg"}

// chartFormat returns key's value checked against chartFormats.
// addChartFormatFlag adds --chart-format, the format of what's charts,
// named alike in every command that draws.
func addChartFormatFlag(f *pflag.FlagSet, what string) {
	f.String("chart-format", chartFormats[0], "format of "+what+": "+strings.Join(chartFormats, ", "))
}

func (s *settings) chartFormat(key string) (string, error) {
	f := s.string(key)
	if !slices.Contains(chartFormats, f) {
		return "", usageErrorf("%s: %s is not a chart format (allowed: %s)", s.source(key), quote(f), strings.Join(chartFormats, ", "))
	}
	return f, nil
}

// readSettings reads cmd's settings and the two that every simulating
// command has: the engine's options for the scenario file (or "" for
// none) into e, and --format, checked against formats, into format.
func readSettings(cmd *cobra.Command, file string, formats []string, e *engineOptions, format *string) (*settings, error) {
	s, err := newSettings(cmd)
	if err != nil {
		return nil, err
	}
	if *e, err = s.engine(file); err != nil {
		return nil, err
	}
	if *format, err = s.outputFormat(formats); err != nil {
		return nil, err
	}
	return s, nil
}

// outputFormat returns --format's value checked against allowed, the
// command's formats, the first its default. A config file or HARVEST_FORMAT
// speaks to every command: a format another command offers but this one
// does not (csv, for compare) gives the default, and a line on standard
// error says so; on the command line it is an error.
func (s *settings) outputFormat(allowed []string) (string, error) {
	f := s.string("format")
	if slices.Contains(allowed, f) {
		return f, nil
	}
	src := s.source("format")
	if slices.Contains(formats, f) && !s.cmd.Flags().Changed("format") {
		fmt.Fprintf(s.cmd.ErrOrStderr(), "harvest: %s: %s has no %s output; writing %s\n", src, s.cmd.Name(), f, allowed[0])
		return allowed[0], nil
	}
	return "", usageErrorf("%s: %s is not a format (allowed: %s)", src, quote(f), strings.Join(allowed, ", "))
}

// amount returns key's value as a number written as harvest prints one
// (60000, 60k, 1.5M, $60,000: measure.Parse); set is false when it was
// left empty.
func (s *settings) amount(key string) (x float64, set bool, err error) {
	raw := strings.TrimSpace(fmt.Sprint(s.v.Get(key)))
	if raw == "" {
		return 0, false, nil
	}
	x, err = measure.Parse(raw)
	if err != nil {
		return 0, false, usageErrorf("%s: %s is %v", s.source(key), quote(raw), err)
	}
	return x, true, nil
}

// float returns key's value as amount reads it; empty text is 0.
func (s *settings) float(key string) (float64, error) {
	x, _, err := s.amount(key)
	return x, err
}

// share returns key's value as a share: "1%" or "0.01" both give 0.01.
// Empty text is 0 (not asked for). Allowed: more than 0 and less than 1.
func (s *settings) share(key string) (float64, error) {
	raw := strings.TrimSpace(fmt.Sprint(s.v.Get(key)))
	if raw == "" || raw == "0" {
		return 0, nil
	}
	x, ok := parseShare(raw)
	if !ok || !(x > 0 && x < 1) {
		return 0, usageErrorf("%s: %s is not a share (allowed: more than 0 and less than 1, as 0.01 or 1%%)", s.source(key), quote(raw))
	}
	return x, nil
}

// parseShare reads a share written as a fraction ("0.8") or a percentage
// ("80%"); ok is false for anything else, NaN included.
func parseShare(raw string) (float64, bool) {
	num, pct := strings.CutSuffix(strings.TrimSpace(raw), "%")
	x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || math.IsNaN(x) {
		return 0, false
	}
	if pct {
		x /= 100
	}
	return x, true
}
