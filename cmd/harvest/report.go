package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/plots"
)

// reportOptions are the options of `harvest report [FILE]`.
type reportOptions struct {
	engineOptions
	file string // the HTML file to write
	out  io.Writer
}

func newReportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report [FILE]",
		Short: "Write a one-page HTML report to open in a browser or print",
		Long: `Simulate a scenario and write one self-contained HTML page (default
report.html): what to do first (what caps the plan, each target's chance,
where the next dollar may go), the rest of the findings in plain words,
the summary tables, every chart, each uncertain input with the
distribution fitted to it, and the scenario as you wrote it. It loads nothing from the network and needs no JavaScript,
so it can be mailed, opened offline and printed.

The file is written whole or not at all: an interrupted run leaves any
earlier report in place.`,
		Example: `  harvest report plan.yaml -o plan.html
  harvest report --set sales.reps=3 -o three_reps.html`,
		Args: maxArgs(1),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts := reportOptions{out: cmd.OutOrStdout()}
			s, err := newSettings(cmd)
			if err != nil {
				return err
			}
			if opts.engineOptions, err = s.engine(argOr(args, 0)); err != nil {
				return err
			}
			if opts.file = s.string("output"); opts.file == "" {
				return usageErrorf("%s: want a file to write the report to", s.source("output"))
			}
			return runReportHTML(cmd.Context(), opts)
		}),
	}
	addEngineFlags(cmd, true)
	cmd.Flags().StringP("output", "o", "report.html", "the HTML file to write")
	return cmd
}

func runReportHTML(ctx context.Context, opts reportOptions) error {
	s, run, err := opts.review(ctx)
	if err != nil {
		return err
	}
	page := func(w io.Writer) error { return plots.Report(w, run, source(s)) }
	if err := os.MkdirAll(filepath.Dir(opts.file), 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", printable(opts.file), err)
	}
	if err := writeFileWhole(ctx, opts.file, true, page); err != nil {
		return err
	}
	_, err = fmt.Fprintf(opts.out, "wrote %s: open it in a browser\n", printable(opts.file))
	return err
}
