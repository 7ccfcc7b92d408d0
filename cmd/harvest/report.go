package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/plots"
	"github.com/harvest-planning/harvest/scenarios"
)

// reportOptions are the options of `harvest report [FILE]`.
type reportOptions struct {
	engineOptions
	file        string   // the HTML file to write
	budget      float64  // --optimize: the monthly budget to split; 0: no optimizer
	objective   string   // for the optimizer and the verdicts; "": plan.DefaultObjective
	compare     []string // --compare: files to compare the scenario with, or "variants"
	sensitivity bool
	metric      string // the tornado's metric
	out         io.Writer
}

// reportFrontier is how many budgets the report's frontier has, as
// optimize's default.
const reportFrontier = 6

func newReportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report [FILE]",
		Short: "Write a one-page HTML report to open in a browser or print",
		Long: `Simulate a scenario and write one self-contained HTML page (default
report.html): what to do first (what caps the plan, each target's chance,
where the next dollar may go), the rest of the findings in plain words,
the summary tables, every chart, each uncertain input with the
distribution fitted to it, and the scenario as run. With a company
section, the cash (its table, the month-end cash and the chance of
running out by each month) has a section of its own: right after "What
to do" when the cash runs out in 1 future in 10 or more, else after the
summary. With --set, the overrides are listed and applied to the text
shown. It loads nothing from the network and needs no JavaScript, so it
can be mailed, opened offline and printed.

The decision on one page: each of these adds a section after "What to
do", and a line to it.
  --optimize BUDGET    the best split of BUDGET a month (60000, 60k), the
                       order to fund things and the frontier ('harvest
                       optimize'), with its verdict against today's split
  --compare variants   the scenario against each of its variants, or
  --compare FILE,...   against other scenario files ('harvest compare'),
                       with a verdict per plan and the best overall
  --sensitivity        the tornado: the input most worth learning better
                       ('harvest sensitivity'; --metric to choose the result)
--objective sets what the split and the verdicts aim at (default lifetime
value for subscriptions, profit for one-time sales).

The file is written whole or not at all: an interrupted run leaves any
earlier report in place.`,
		Example: `  harvest report plan.yaml -o plan.html
  harvest report --set sales.reps=3 -o three_reps.html
  harvest report plan.yaml --optimize 60k --compare variants --sensitivity`,
		Args: maxArgs(1),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts, err := reportOptionsFrom(cmd, args)
			if err != nil {
				return err
			}
			return runReportHTML(cmd.Context(), opts)
		}),
	}
	addEngineFlags(cmd, true)
	f := cmd.Flags()
	f.StringP("output", "o", "report.html", "the HTML file to write")
	f.String("optimize", "", "add the best split of this monthly budget, its funding order and frontier, e.g. 60000 or 60k")
	f.StringSlice("compare", nil, "add a comparison with these scenario files (comma-separated or repeated), or with the scenario's variants: --compare variants")
	f.Bool("sensitivity", false, "add the tornado: which uncertain input moves --metric most")
	f.String("metric", "revenue", "the result --sensitivity explains: a metric name, stages.STAGE or channels.NAME.METRIC")
	f.String("objective", "", "what --optimize and the verdicts aim at: "+strings.Join(plan.Objectives, ", ")+" (default lifetime_value for subscriptions, profit for one-time sales)")
	return cmd
}

func reportOptionsFrom(cmd *cobra.Command, args []string) (reportOptions, error) {
	opts := reportOptions{out: cmd.OutOrStdout()}
	s, err := newSettings(cmd)
	if err != nil {
		return opts, err
	}
	if opts.engineOptions, err = s.engine(argOr(args, 0)); err != nil {
		return opts, err
	}
	if opts.file = s.string("output"); opts.file == "" {
		return opts, usageErrorf("%s: want a file to write the report to", s.source("output"))
	}
	budget, set, err := s.amount("optimize")
	if err != nil {
		return opts, err
	}
	if set && !(budget > 0) {
		return opts, usageErrorf("%s: %s is not a budget (allowed: a monthly amount above 0, as 60000, 60k or $60,000)", s.source("optimize"), quote(s.string("optimize")))
	}
	opts.budget = budget
	if opts.objective, err = s.verdictObjective(); err != nil {
		return opts, err
	}
	opts.compare, _ = cmd.Flags().GetStringSlice("compare")
	for i, c := range opts.compare {
		opts.compare[i] = strings.TrimSpace(c)
		if opts.compare[i] == "" || (c == "variants" && len(opts.compare) > 1) {
			return opts, usageErrorf("--compare %s: want scenario files, or variants alone", quote(strings.Join(opts.compare, ",")))
		}
	}
	opts.sensitivity = s.v.GetBool("sensitivity")
	opts.metric = s.string("metric")
	return opts, nil
}

func runReportHTML(ctx context.Context, opts reportOptions) error {
	s, run, err := opts.review(ctx)
	if err != nil {
		return err
	}
	x, err := reportExtras(ctx, s, opts)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("report stopped: %w; nothing was written", context.Cause(ctx))
		}
		return err
	}
	page := func(w io.Writer) error { return plots.ReportWith(w, run, source(s), x) }
	if err := os.MkdirAll(filepath.Dir(opts.file), 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", printable(opts.file), err)
	}
	if err := writeFileWhole(ctx, opts.file, true, page); err != nil {
		return err
	}
	_, err = fmt.Fprintf(opts.out, "wrote %s: open it in a browser\n", printable(opts.file))
	return err
}

// reportExtras runs what the report was asked to add (the optimizer, a
// comparison, the tornado) and gathers the overrides and the scenario as
// run.
func reportExtras(ctx context.Context, s *model.Scenario, opts reportOptions) (*plots.Extras, error) {
	x := &plots.Extras{Overrides: opts.overrides}
	if len(opts.overrides) > 0 {
		text, asRun := scenarioAsRun(s, opts.overrides)
		x.Scenario = text
		if asRun {
			x.ScenarioNote = "The scenario as run: the file with the overrides applied, each overridden key marked # --set."
		} else {
			x.ScenarioNote = "The scenario as written: the overrides above were applied to it for the run."
		}
	}
	simOpts := opts.simOptions()
	simOpts.Paths = -1 // the analyses draw no monthly series
	done := opts.watch(simOpts, 0)
	defer done()
	var err error
	if opts.budget > 0 {
		spec := plan.OptimizeSpec{Budget: opts.budget, Objective: opts.objective}
		if x.Optimization, err = plan.Optimize(ctx, s, simOpts, spec); err != nil {
			return nil, err
		}
		spec.Budget = x.Optimization.Budget
		if x.Frontier, err = plan.Frontier(ctx, s, simOpts, spec, plan.FrontierBudgets(spec.Budget, reportFrontier)); err != nil {
			return nil, err
		}
	}
	if len(opts.compare) > 0 {
		plans, err := reportPlans(s, opts)
		if err != nil {
			return nil, err
		}
		if x.Comparison, err = plan.Compare(ctx, plans, simOpts, nil); err != nil {
			return nil, err
		}
		if opts.objective != "" {
			if err := x.Comparison.Decide(opts.objective); err != nil {
				return nil, err
			}
		}
	}
	if opts.sensitivity {
		if x.Sensitivity, err = plan.Sensitivity(ctx, s, simOpts, opts.metric); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// reportPlans are the plans --compare names: the scenario and its
// variants, or the scenario and each file, as compare loads them.
func reportPlans(s *model.Scenario, opts reportOptions) ([]plan.Plan, error) {
	if len(opts.compare) == 1 && opts.compare[0] == "variants" {
		if len(s.Variants) == 0 {
			return nil, usageErrorf("--compare variants: %s has no variants: add a 'variants:' section to it (see 'harvest init seed_saas'), or name scenario files to compare with", source(s))
		}
		return plan.Variants(s, opts.overrides...)
	}
	file := opts.engineOptions.file
	if file == "" {
		file = scenarios.Default
	}
	return comparePlans(compareOptions{engineOptions: opts.engineOptions, files: append([]string{file}, opts.compare...)})
}
