package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// formats are run's output formats; the first is the default.
var formats = []string{"table", "json", "csv"}

// runOptions are the options of `harvest run [FILE]`.
type runOptions struct {
	engineOptions
	format      string
	outDir      string  // where to write summary.json, trials.csv, monthly.csv and the charts; empty: nowhere
	chartFormat string  // png or svg
	precision   float64 // run until the 95% interval of mean revenue is within ±precision of it; 0: no
	maxTrials   int     // the cap of a precision run
	out         io.Writer
}

func newRunCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run [FILE]",
		Short: "Simulate a scenario and summarise its futures",
		Long: `Simulate a scenario (a file, or a built-in's name; the built-in default
without one) over many trials and print what a founder needs: first what
to do (what caps the plan, each target's chance, where the next dollar may
go), then revenue, customers, CAC, ROI, LTV:CAC and payback with their
P10, P50 and P90; the
funnel stage by stage; the channels side by side; the sales team's capacity
and the people it loses; the chance of reaching each target; and marketing
and sales spend as shares of revenue.

Under the headline table, the Monte Carlo error of mean revenue says how
much the figures would move with another seed; --precision 1% adds trials
until the 95% interval of mean revenue is within ±1% of it.

With --out DIR it also writes summary.json, trials.csv, monthly.csv and
every chart (PNG, or SVG with --chart-format svg) into DIR.

The same scenario, seed and trials give the same results on any machine
and with any number of workers.`,
		Example: `  harvest run
  harvest run plan.yaml --trials 50000 --seed 7
  harvest run --set sales.reps=4 --format json
  harvest run plan.yaml --out results
  harvest run plan.yaml --precision 0.5%`,
		Args: maxArgs(1),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts, err := runOptionsFrom(cmd, args)
			if err != nil {
				return err
			}
			return runRun(cmd.Context(), opts)
		}),
	}
	addEngineFlags(cmd, true)
	addPrecisionFlags(cmd)
	f := cmd.Flags()
	f.String("format", formats[0], "output format: "+strings.Join(formats, ", "))
	f.String("out", "", "directory to write summary.json, trials.csv, monthly.csv and the charts to")
	addChartFormatFlag(f, "the charts --out writes")
	return cmd
}

// addPrecisionFlags adds --precision and --max-trials to cmd.
func addPrecisionFlags(cmd *cobra.Command) {
	cmd.Flags().String("precision", "", "add trials until the 95% interval of the headline mean is within this share of it, e.g. 1%")
	addIntFlag(cmd.Flags(), "max-trials", plan.DefaultMaxTrials, "the most trials --precision may run (at most 1,000,000,000, and what memory holds)")
}

// precision resolves --precision and --max-trials.
func (s *settings) precision() (rel float64, maxTrials int, err error) {
	if rel, err = s.share("precision"); err != nil {
		return 0, 0, err
	}
	if maxTrials, err = s.int("max-trials", 1, sim.MaxTrials); err != nil {
		return 0, 0, err
	}
	return rel, maxTrials, nil
}

// runOptionsFrom resolves run's options from flags, environment and config file.
func runOptionsFrom(cmd *cobra.Command, args []string) (runOptions, error) {
	opts := runOptions{out: cmd.OutOrStdout()}
	s, err := readSettings(cmd, argOr(args, 0), formats, &opts.engineOptions, &opts.format)
	if err != nil {
		return opts, err
	}
	if opts.chartFormat, err = s.chartFormat("chart-format"); err != nil {
		return opts, err
	}
	if opts.precision, opts.maxTrials, err = s.precision(); err != nil {
		return opts, err
	}
	opts.outDir = s.string("out")
	return opts, nil
}

// argOr returns args[i], or "" when there is no such argument.
func argOr(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

func runRun(ctx context.Context, opts runOptions) error {
	s, err := opts.load()
	if err != nil {
		return err
	}
	res, prec, err := simulate(ctx, s, opts.engineOptions, opts.precision, opts.maxTrials)
	if err != nil {
		return err
	}
	run := plan.Review(res)
	sum := run.Summary
	files := outputs(run)
	if opts.outDir != "" {
		charts, err := chartOutputs(run, opts.chartFormat)
		if err != nil {
			return err
		}
		files = append(files, charts...)
		if err := writeOutputs(ctx, opts.outDir, "run", files); err != nil {
			return err
		}
	}
	switch opts.format {
	case "json":
		err = writeJSON(opts.out, sum)
	case "csv":
		// The table has no room for the run's settings: say them on stderr.
		fmt.Fprintln(opts.errOut, runHeader(res, sum))
		err = writeSummaryCSV(opts.out, res, sum)
	default:
		err = writeRunTable(opts.out, run, prec)
	}
	if err != nil {
		return err
	}
	if prec != nil && opts.format != "table" {
		fmt.Fprintln(opts.errOut, prec.Finding)
	}
	if opts.outDir != "" {
		fmt.Fprintln(opts.errOut, wroteLine(opts.outDir, files))
	}
	return nil
}

// review loads the scenario, runs it once with the options' trials and
// reviews the run (plan.Review): what plot and report draw from.
func (e engineOptions) review(ctx context.Context) (*model.Scenario, *plan.Run, error) {
	s, err := e.load()
	if err != nil {
		return nil, nil, err
	}
	res, _, err := simulate(ctx, s, e, 0, 0)
	if err != nil {
		return nil, nil, err
	}
	return s, plan.Review(res), nil
}

// simulate runs the scenario once with the options' trials or, when rel is
// above 0, to precision (plan.RunToPrecision on revenue, up to maxTrials),
// drawing progress on a terminal. The precision is nil for a plain run.
func simulate(ctx context.Context, s *model.Scenario, e engineOptions, rel float64, maxTrials int) (*sim.Result, *plan.Precision, error) {
	simOpts := e.simOptions()
	total := e.trials
	if rel > 0 {
		total = 0 // runs of growing size: show a running count
	}
	done := e.watch(simOpts, total)
	var (
		res  *sim.Result
		prec *plan.Precision
		err  error
	)
	if rel > 0 {
		var p plan.Precision
		res, p, err = plan.RunToPrecision(ctx, s, simOpts, "revenue", rel, maxTrials)
		prec = &p
	} else {
		res, err = sim.Run(ctx, s, simOpts)
	}
	done()
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("run stopped: %w; nothing was written", context.Cause(ctx))
		}
		return nil, nil, fmt.Errorf("run %s: %w", printable(source(s)), err)
	}
	return res, prec, nil
}
