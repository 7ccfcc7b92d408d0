package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/plots"
)

// sensitivityOptions are the options of `harvest sensitivity [FILE]`.
type sensitivityOptions struct {
	engineOptions
	metric      string
	format      string
	outDir      string
	chartFormat string
	out         io.Writer
}

func newSensitivityCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sensitivity [FILE]",
		Short: "Find which uncertain number moves the result most",
		Long: `Find which of your uncertain inputs (conversion rates, costs per lead, deal
value, churn…) drives the spread of a result, revenue by default. Each
input is held at its P10 (a pessimistic but plausible value), then at its
P90, while every other input varies as usual; the swing is how far the
mean result moves between the two. Inputs are listed largest swing first:
the top one is the number most worth learning better, by a test campaign, a
pilot or a look at last year's data.

The rank correlation (−1 to 1) says how closely the result follows the
input across all the simulated futures. Each swing has its Monte Carlo
error beside it. --out DIR writes sensitivity.json and the tornado chart.`,
		Example: `  harvest sensitivity
  harvest sensitivity plan.yaml --metric new_customers
  harvest sensitivity plan.yaml --out sensitivity --format json`,
		Args: maxArgs(1),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts := sensitivityOptions{out: cmd.OutOrStdout()}
			s, err := readSettings(cmd, argOr(args, 0), compareFormats, &opts.engineOptions, &opts.format)
			if err != nil {
				return err
			}
			if opts.chartFormat, err = s.chartFormat("chart-format"); err != nil {
				return err
			}
			opts.metric = s.string("metric")
			opts.outDir = s.string("out")
			return runSensitivity(cmd.Context(), opts)
		}),
	}
	addEngineFlags(cmd, false)
	f := cmd.Flags()
	f.String("metric", "revenue", "the result to explain: a metric name, stages.STAGE or channels.NAME.METRIC")
	f.String("format", compareFormats[0], "output format: "+strings.Join(compareFormats, ", "))
	f.String("out", "", "directory to write sensitivity.json and the tornado chart to")
	addChartFormatFlag(f, "the chart --out writes")
	return cmd
}

func runSensitivity(ctx context.Context, opts sensitivityOptions) error {
	s, err := opts.load()
	if err != nil {
		return err
	}
	uncertain := 0
	for _, kv := range s.Values() {
		if !kv.Value.IsFixed() {
			uncertain++
		}
	}
	simOpts := opts.simOptions()
	done := opts.watch(simOpts, (1+2*uncertain)*opts.trials)
	res, err := plan.Sensitivity(ctx, s, simOpts, opts.metric)
	done()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("sensitivity stopped: %w; nothing was written", context.Cause(ctx))
		}
		return err
	}
	if opts.outDir != "" {
		var charts []plots.Chart
		if len(res.Inputs) > 0 {
			var err error
			if charts, err = plots.TornadoCharts(res); err != nil {
				return fmt.Errorf("drawing the tornado chart: %w", err)
			}
		}
		wrote, err := writeDocument(ctx, opts.outDir, "sensitivity", "sensitivity.json", res, charts, opts.chartFormat)
		if err != nil {
			return err
		}
		defer fmt.Fprintln(opts.errOut, wrote)
	}
	if opts.format == "json" {
		return writeJSON(opts.out, res)
	}
	return writeSensitivity(opts.out, s, res, horizonOf(s, simOpts))
}

// writeSensitivity writes the tornado as a table, largest swing first, and
// the finding.
func writeSensitivity(w io.Writer, s *model.Scenario, r *plan.SensitivityResult, horizon int) error {
	var b bytes.Buffer
	m := measure.Of(r.Metric)
	u, noun := m.Unit, m.Noun()
	fmt.Fprintf(&b, "What drives %s — %s — %s\n", noun, scenarioLabel(s), settingsLine(r.Trials, r.Seed, horizon, s.Calendar))
	fmt.Fprintf(&b, "Mean %s with every input uncertain: %s\n", noun, u.PlusMinus(r.Base.Mean, r.Base.SE))
	if len(r.Inputs) == 0 {
		fmt.Fprintf(&b, "\n%s\n", r.Finding)
		_, err := w.Write(b.Bytes())
		return err
	}
	fmt.Fprintln(&b)
	mean := "mean " + noun
	rows := [][]string{{"Input", "at its P10", mean, "at its P90", mean, "swing ± error", "rank corr."}}
	for _, in := range r.Inputs {
		iu := model.KeyUnit(in.Key)
		row := []string{in.Key, iu.Format(in.Low), u.Format(in.MeanAtLow), iu.Format(in.High), u.Format(in.MeanAtHigh)}
		if in.Undefined {
			row = append(row, "undefined", fmt.Sprintf("%+.2f", in.Spearman))
		} else {
			row = append(row, u.PlusMinus(in.Swing, in.SwingSE), fmt.Sprintf("%+.2f", in.Spearman))
		}
		rows = append(rows, row)
	}
	writeTable(&b, "", rows, "lrrrrrr")
	fmt.Fprintf(&b, "  each input held at its P10, then its P90, every other input uncertain; swing: how far mean %s moves\n", noun)
	fmt.Fprintf(&b, "  rank corr.: how closely %s follows the input across the futures (−1 to 1); error: one Monte Carlo standard error\n", noun)
	if r.Finding != "" {
		fmt.Fprintf(&b, "\n%s\n", r.Finding)
	}
	_, err := w.Write(b.Bytes())
	return err
}
