package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/plots"
	"github.com/harvest-planning/harvest/sim"
)

// compareFormats are compare's output formats; the first is the default.
var compareFormats = []string{"table", "json"}

// compareOptions are the options of `harvest compare FILE [FILE...]`.
type compareOptions struct {
	engineOptions
	files       []string // two or more plans, or one file with variants (none: the built-in default)
	metrics     []string // nil: plan.DefaultMetrics
	objective   string   // what the verdicts judge; "": plan.DefaultObjective
	format      string
	outDir      string
	chartFormat string
	precision   float64
	maxTrials   int
	out         io.Writer
}

func newCompareCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compare FILE [FILE...]",
		Short: "Compare plans side by side, with the same random numbers",
		Long: `Compare two or more plans: several scenario files, or one file against each
of its variants (the what-if plans under 'variants:' in the file; without
FILE, the built-in example and its variants). Every plan runs with the same
seed and the same random numbers, so a difference between two plans is the
plans' doing, not luck's.

The first tables show each plan's monthly cost, then its revenue,
customers, spend, CAC, ROI, LTV:CAC and payback (P10, P50, P90). The second shows, for each metric, how
each plan differs from the first one trial by trial: the mean difference
with its Monte Carlo error, the P10 and P90 of the difference, and the
chance the plan does better than the first. Last comes the verdict: for
each plan, whether to pick it over the first on the objective optimize
uses (lifetime value for subscriptions, profit for one-time sales;
--objective to choose), what an extra dollar buys, the chance it does
better, and how sure the call is: "Pick" or "Keep" when the difference is
more than 3 standard errors, "Leaning to" between 1 and 3, "Too close to
call" within 1. With three plans or more it also says which is best overall.

With a company section, --metrics cash_min,runway_months compares the
cash: a future whose cash lasts the horizon has a runway longer than any
("beyond"), and one plan's cash lasting where the other's runs out is
that plan doing better.

--precision 1% adds trials until the 95% interval of every plan's mean
revenue (the first of --metrics) is within ±1% of it.`,
		Example: `  harvest compare seed_saas
  harvest compare plan.yaml plan_more_ads.yaml plan_new_ae.yaml
  harvest compare plan.yaml --metrics revenue,new_customers,cac --out comparison
  harvest compare plan.yaml --objective revenue
  harvest compare plan.yaml --metrics cash_min,runway_months
  harvest compare plan.yaml --precision 1% --format json`,
		Args: cobra.ArbitraryArgs,
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts, err := compareOptionsFrom(cmd, args)
			if err != nil {
				return err
			}
			return runCompare(cmd.Context(), opts)
		}),
	}
	addEngineFlags(cmd, false)
	addPrecisionFlags(cmd)
	f := cmd.Flags()
	f.String("metrics", strings.Join(plan.DefaultMetrics, ","), "metrics to compare, comma-separated; the first is the headline")
	f.String("objective", "", "what the verdict judges the plans on: "+strings.Join(plan.Objectives, ", ")+" (default lifetime_value for subscriptions, profit for one-time sales)")
	f.String("format", compareFormats[0], "output format: "+strings.Join(compareFormats, ", "))
	f.String("out", "", "directory to write comparison.json and the comparison charts to")
	addChartFormatFlag(f, "the charts --out writes")
	return cmd
}

func compareOptionsFrom(cmd *cobra.Command, args []string) (compareOptions, error) {
	opts := compareOptions{files: args, out: cmd.OutOrStdout()}
	s, err := readSettings(cmd, "", compareFormats, &opts.engineOptions, &opts.format)
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
	if opts.objective, err = s.verdictObjective(); err != nil {
		return opts, err
	}
	for _, m := range strings.Split(s.string("metrics"), ",") {
		if m = strings.TrimSpace(m); m != "" {
			opts.metrics = append(opts.metrics, m)
		}
	}
	if len(opts.metrics) == 0 {
		return opts, usageErrorf("%s: name at least one metric, e.g. revenue,new_customers", s.source("metrics"))
	}
	return opts, nil
}

// comparePlans loads the plans to compare: each file as a plan (named by
// its base name), or a single file's base and variants.
func comparePlans(opts compareOptions) ([]plan.Plan, error) {
	if len(opts.files) <= 1 {
		s, err := loadScenario(argOr(opts.files, 0), opts.overrides)
		if err != nil {
			return nil, err
		}
		opts.rec.loaded(s, opts.horizon)
		if len(s.Variants) == 0 {
			return nil, usageErrorf("%s has no variants to compare against: give two or more scenario files, or add a 'variants:' section to it (see 'harvest init seed_saas')", source(s))
		}
		return plan.Variants(s, opts.overrides...)
	}
	plans := make([]plan.Plan, len(opts.files))
	names := map[string]int{}
	for i, file := range opts.files {
		s, err := loadScenario(file, opts.overrides)
		if err != nil {
			return nil, err
		}
		opts.rec.loaded(s, opts.horizon)
		name := printable(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)))
		names[name]++
		plans[i] = plan.Plan{Name: name, Scenario: s}
	}
	for i := range plans {
		if names[plans[i].Name] > 1 {
			plans[i].Name = printable(opts.files[i]) // two files of one base name: their paths tell them apart
		}
	}
	return plans, nil
}

// comparisonDoc is compare's JSON document: the comparison and, for a run
// to precision, how it ended.
type comparisonDoc struct {
	*plan.Comparison
	Precision *plan.Precision `json:"precision,omitempty"`
}

func runCompare(ctx context.Context, opts compareOptions) error {
	plans, err := comparePlans(opts)
	if err != nil {
		return err
	}
	simOpts := opts.simOptions()
	total := len(plans) * opts.trials
	if opts.precision > 0 {
		total = 0
	}
	done := opts.watch(simOpts, total)
	var doc comparisonDoc
	if opts.precision > 0 {
		var p plan.Precision
		doc.Comparison, p, err = plan.CompareToPrecision(ctx, plans, simOpts, opts.metrics, opts.precision, opts.maxTrials)
		doc.Precision = &p
	} else {
		doc.Comparison, err = plan.Compare(ctx, plans, simOpts, opts.metrics)
	}
	done()
	if err == nil && opts.objective != "" {
		err = doc.Decide(opts.objective)
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("compare stopped: %w; nothing was written", context.Cause(ctx))
		}
		return err
	}
	if opts.outDir != "" {
		charts, err := plots.CompareCharts(doc.Comparison)
		if err != nil {
			return fmt.Errorf("drawing the comparison charts: %w", err)
		}
		wrote, err := writeDocument(ctx, opts.outDir, "compare", "comparison.json", doc, charts, opts.chartFormat)
		if err != nil {
			return err
		}
		defer fmt.Fprintln(opts.errOut, wrote)
	}
	if opts.format == "json" {
		return writeJSON(opts.out, doc)
	}
	return writeComparison(opts.out, doc, horizonOf(plans[0].Scenario, simOpts), plans[0].Scenario.Calendar)
}

// writeComparison writes compare's tables: each plan's metrics, then each
// plan's difference from the first, then the findings.
func writeComparison(w io.Writer, doc comparisonDoc, horizon int, cal model.Calendar) error {
	c := doc.Comparison
	var b bytes.Buffer
	base := c.Plans[0]
	names := make([]string, len(c.Plans))
	for i, p := range c.Plans {
		names[i] = p.Name
	}
	fmt.Fprintf(&b, "Comparing %s: %s — %s\n", measure.Count.Plural(float64(len(c.Plans)), "plan"), strings.Join(names, ", "), settingsLine(c.Trials, c.Seed, horizon, cal))
	fmt.Fprintln(&b, "Every plan runs on the same random numbers: differences are the plans', not luck's.")

	fmt.Fprintln(&b)
	rows := [][]string{{"Plan", "monthly cost", "against " + base.Name}}
	for i, p := range c.Plans {
		vs := ""
		if i > 0 {
			vs = measure.Money.Signed(p.MonthlyCost - base.MonthlyCost)
		}
		rows = append(rows, []string{"  " + p.Name, measure.Money.Format(p.MonthlyCost), vs})
	}
	writeTable(&b, "", rows, "lrr")
	fmt.Fprintln(&b, "  monthly cost: channels' spend and every rep once hired; commission and onboarding follow the wins")

	fmt.Fprintln(&b)
	rows = [][]string{{"Plans side by side", "P10", "P50", "P90"}}
	for _, m := range c.Metrics {
		u := measure.Of(m).Unit
		rows = append(rows, []string{measure.Of(m).Label})
		for _, p := range c.Plans {
			cells := p10p50p90(u, p.Metrics[m])
			if plan.BeyondHorizon(m) && p.Result != nil {
				cells = beyondCells(m, p.Result)
			}
			rows = append(rows, append([]string{"  " + p.Name}, cells...))
		}
	}
	writeTable(&b, "", rows, "lrrr")
	if slices.ContainsFunc(c.Metrics, plan.BeyondHorizon) {
		fmt.Fprintln(&b, "  runway and break-even month over every future: \"beyond\" where the cash lasts the horizon, \"none\" where no month breaks even")
	}

	if len(c.Plans) > 1 {
		fmt.Fprintln(&b)
		rows = [][]string{{"Against " + base.Name + " (plan − " + base.Name + ", trial by trial)", "mean ± error", "P10", "P90", "better in"}}
		for _, name := range c.Metrics {
			m := measure.Of(name)
			title := m.Label
			if m.LowerIsBetter {
				title += " (lower is better)"
			}
			rows = append(rows, []string{title})
			for _, p := range c.Plans[1:] {
				rows = append(rows, differenceRow(p.Name, m.Unit, p.VersusBase[name]))
			}
		}
		if len(c.Verdicts) > 0 {
			u := plan.ObjectiveUnit(c.Objective)
			rows = append(rows, []string{capitalize(plan.ObjectiveNoun(c.Objective)) + " (the verdict's objective)"})
			for _, v := range c.Verdicts {
				rows = append(rows, differenceRow(v.Plan, u, v.Gain))
			}
		}
		writeTable(&b, "", rows, "lrrrr")
		fmt.Fprintln(&b, "  error: one Monte Carlo standard error; better in: the share of futures in which the plan beats "+base.Name)
		if slices.ContainsFunc(c.Metrics, plan.BeyondHorizon) {
			fmt.Fprintln(&b, "  runway and break-even month: mean and percentiles over the futures where both plans run out (break even); better in over every future, a cash that lasts the horizon beating any runway and a month that breaks even beating none")
		}
	}

	if len(c.Findings) > 0 {
		fmt.Fprintf(&b, "\nVerdict on %s (%s), against %s:\n", plan.ObjectiveNoun(c.Objective), objectiveWords[c.Objective], base.Name)
		for _, f := range c.Findings {
			fmt.Fprintf(&b, "• %s\n", f)
		}
	}
	if doc.Precision != nil {
		fmt.Fprintf(&b, "\n%s\n", doc.Precision.Finding)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// differenceRow is a table row of a plan's difference from the base: the
// mean difference ± its error, as compare's findings print it.
func differenceRow(name string, u measure.Unit, d plan.Difference) []string {
	if d.Defined == 0 && d.Beyond == 0 {
		return []string{"  " + name, measure.Undefined, measure.Undefined, measure.Undefined, measure.Undefined}
	}
	better := measure.Share.PlusMinus(d.PBeats, plan.ShareSE(d.PBeats, d.Defined+d.Beyond))
	if d.Defined == 0 {
		return []string{"  " + name, measure.Undefined, measure.Undefined, measure.Undefined, better}
	}
	return []string{
		"  " + name,
		u.SignedPlusMinus(d.Mean, d.SE),
		u.Signed(d.P10), u.Signed(d.P90),
		better,
	}
}

// beyondCells are a BeyondHorizon metric's P10, P50 and P90 over every
// future (plan.BeyondQuantiles): "beyond" where the cash lasts the
// horizon, "none" where no month breaks even.
func beyondCells(metric string, r *sim.Result) []string {
	q, _, err := plan.BeyondQuantiles(r, metric)
	if err != nil {
		return []string{measure.Undefined, measure.Undefined, measure.Undefined}
	}
	past := "beyond"
	if measure.Of(metric).LowerIsBetter {
		past = "none"
	}
	cells := make([]string, len(q))
	for i, x := range q {
		cells[i] = past
		if !math.IsInf(x, 1) {
			cells[i] = measure.Of(metric).Unit.Format(x)
		}
	}
	return cells
}

// verdictObjective returns --objective checked against plan.Objectives;
// "" when it is not given (plan.DefaultObjective then decides).
func (s *settings) verdictObjective() (string, error) {
	o := s.string("objective")
	if o != "" && !slices.Contains(plan.Objectives, o) {
		return "", usageErrorf("%s: %s is not an objective (allowed: %s)", s.source("objective"), quote(o), strings.Join(plan.Objectives, ", "))
	}
	return o, nil
}

// capitalize returns text with its first letter in upper case.
func capitalize(text string) string {
	r, n := utf8.DecodeRuneInString(text)
	return string(unicode.ToUpper(r)) + text[n:]
}
