package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/measure"
)

// plotOptions are the options of `harvest plot [FILE]`.
type plotOptions struct {
	engineOptions
	outDir string
	format string // png or svg
	out    io.Writer
}

func newPlotCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plot [FILE]",
		Short: "Draw a scenario's charts as PNG or SVG files",
		Long: `Simulate a scenario and write its charts, and nothing else, into a
directory (default ./charts): the distributions of revenue, new customers,
CAC and ROI with P10, P50, P90 and the target marked; fan charts of monthly
revenue and MRR; the funnel; CAC and ROI per channel; spend share against
customer share; a response curve per channel; sales capacity against
the people handed to sales; and, with a company section, the cash at each
month's end and the chance of running out of it by each month.

Charts are written whole or not at all. 'harvest run --out DIR' writes the
same charts beside the data; 'harvest report' puts them in one HTML page.`,
		Example: `  harvest plot plan.yaml --out charts
  harvest plot --chart-format svg --out charts`,
		Args: maxArgs(1),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts := plotOptions{out: cmd.OutOrStdout()}
			s, err := newSettings(cmd)
			if err != nil {
				return err
			}
			if opts.engineOptions, err = s.engine(argOr(args, 0)); err != nil {
				return err
			}
			key := "chart-format"
			if cmd.Flags().Changed("format") {
				key = "format" // the older name, deprecated
			}
			if opts.format, err = s.chartFormat(key); err != nil {
				return err
			}
			if opts.outDir = s.string("out"); opts.outDir == "" {
				return usageErrorf("%s: want a directory to write the charts to", s.source("out"))
			}
			return runPlot(cmd.Context(), opts)
		}),
	}
	addEngineFlags(cmd, true)
	cmd.Flags().String("out", "charts", "directory to write the charts to")
	addChartFormatFlag(cmd.Flags(), "the charts")
	// --format was plot's name for --chart-format; every other command
	// uses --format for table or JSON.
	cmd.Flags().String("format", chartFormats[0], "")
	_ = cmd.Flags().MarkDeprecated("format", "use --chart-format")
	return cmd
}

func runPlot(ctx context.Context, opts plotOptions) error {
	_, run, err := opts.review(ctx)
	if err != nil {
		return err
	}
	files, err := chartOutputs(run, opts.format)
	if err != nil {
		return err
	}
	if err := writeOutputs(ctx, opts.outDir, "plot", files); err != nil {
		return err
	}
	_, err = fmt.Fprintf(opts.out, "wrote %s into %s: %s\n", measure.Count.Plural(float64(len(files)), "chart"), opts.outDir, strings.Join(outputBases(files), ", "))
	return err
}
