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
	"github.com/harvest-planning/harvest/sim"
)

// optimizeOptions are the options of `harvest optimize [FILE]`.
type optimizeOptions struct {
	engineOptions
	spec        plan.OptimizeSpec
	mins, maxes []string // --min and --max as given: NAME=AMOUNT
	subjectTo   []string // --subject-to as given: METRIC>=X@P
	frontier    int      // budgets on the frontier; 0: none
	format      string
	outDir      string
	chartFormat string
	out         io.Writer
}

func newOptimizeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "optimize [FILE]",
		Short: "Find the best split of a monthly budget, and what to fund first",
		Long: `Find how to split a monthly budget between the marketing channels, sales
channels (SDRs and other headcount) and sales reps so that the plan earns
the most, and in what order to fund them as the budget grows.

It prints the recommended split against the current one, the objective
under both (P10, P50, P90) and the chance the recommendation does better,
and each option's marginal return: what 5% of the budget more a month there
(one more hire for heads and reps) would add on top of the budget, ± its
error. Heads and reps are whole hires unless --fractional. A
budget-neutral check then moves money between the most promising pairs of
options and shows the best move's gain ± its error ("within the noise"
only within two standard errors of zero). Then the funding order ("the
first $21.0k → sdr $8,000 and sales_team $13.0k together, the next $8,000
→ sdr, …"), each step's gain ± its error, ending at the recommended split
or where no option pays any more, with the point where sales capacity, not
leads, becomes the limit; the frontier: the best result at each total
budget, and the budget beyond which an extra dollar no longer pays
(break-even); and a verdict: pick the recommendation, keep the current
plan, or too close to call.

With --subject-to METRIC>=X@P (or <=, repeatable) the split must keep the
metric on the right side of X in at least a share P of futures, e.g.
--subject-to 'cac<=20000@0.8'; the budget is then a ceiling. The answer
says how each constraint is kept (± its error), which binds, and what
loosening it by 10% would gain, or that no split keeps them.

Objectives (per simulated future, over the horizon):
  profit          gross profit of the customers won, less everything spent
  revenue         all revenue
  customers       new customers
  lifetime_value  customers won × their lifetime value, less everything
                  spent (the default for subscriptions, whose customers pay
                  for years after the horizon)
Risk: mean (the default), p10 (a plan that holds up in a bad year), or
cvar10 (the average of the worst 10% of futures).

Every plan the search tries runs on the same random numbers, so the
comparison between splits is fair. Hires in the scenario are paid on top
of the budget. The search makes its coarse moves with a quarter of
--search-trials (its first climb with an eighth), its fine moves and the
marginal returns with all of them. A search takes about a second on a
two-core laptop, with its frontier a few; --frontier 0 leaves it out.`,
		Example: `  harvest optimize --budget 60000
  harvest optimize plan.yaml --budget 80000 --objective customers --risk p10
  harvest optimize plan.yaml --budget 60k --objective customers --subject-to 'cac<=20000@0.8'
  harvest optimize plan.yaml --budget 60000 --min linkedin=5000 --max sales_team=36000 --lock content
  harvest optimize plan.yaml --out optimization`,
		Args: maxArgs(1),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts, err := optimizeOptionsFrom(cmd, args)
			if err != nil {
				return err
			}
			return runOptimize(cmd.Context(), opts)
		}),
	}
	addEngineFlags(cmd, false)
	f := cmd.Flags()
	f.String("budget", "", "the monthly budget to split, in dollars (default: what the plan spends now)")
	f.String("objective", "", "what to maximise: "+strings.Join(plan.Objectives, ", ")+" (default lifetime_value for subscriptions, profit for one-time sales)")
	f.String("risk", plan.Risks[0], "how to score the futures: "+strings.Join(plan.Risks, ", "))
	f.StringArray("min", nil, "spend at least this on an option a month, `NAME=AMOUNT` (repeatable), e.g. --min linkedin=5000")
	f.StringArray("max", nil, "spend at most this on an option a month, `NAME=AMOUNT` (repeatable); 0 leaves it out")
	f.StringArray("lock", nil, "keep an option at its current spend, `NAME` (repeatable)")
	f.StringArray("subject-to", nil, "a constraint the split must keep, `METRIC>=X@P` or METRIC<=X@P: the metric meets X in at least a share P of futures (repeatable), e.g. --subject-to 'cac<=20000@0.8'")
	f.Bool("fractional", false, "let heads and reps be fractional (part-time capacity) instead of whole hires")
	addIntFlag(f, "search-trials", plan.DefaultSearchTrials, "trials per plan tried during the search's fine moves; its climb and coarse moves use a quarter (the answer is run with --trials)")
	addIntFlag(f, "frontier", 6, "budgets on the frontier, from a quarter to twice the budget (0: no frontier; at most 100)")
	f.String("format", compareFormats[0], "output format: "+strings.Join(compareFormats, ", "))
	f.String("out", "", "directory to write optimization.json and the optimizer's charts to")
	addChartFormatFlag(f, "the charts --out writes")
	return cmd
}

func optimizeOptionsFrom(cmd *cobra.Command, args []string) (optimizeOptions, error) {
	opts := optimizeOptions{out: cmd.OutOrStdout()}
	s, err := readSettings(cmd, argOr(args, 0), compareFormats, &opts.engineOptions, &opts.format)
	if err != nil {
		return opts, err
	}
	if opts.chartFormat, err = s.chartFormat("chart-format"); err != nil {
		return opts, err
	}
	budget, set, err := s.amount("budget")
	if err != nil {
		return opts, err
	}
	if set && !(budget > 0) {
		return opts, usageErrorf("%s: %s is not a budget (allowed: a monthly amount above 0, as 60000, 60k or $60,000; leave it out to split what the plan spends now)", s.source("budget"), quote(s.string("budget")))
	}
	opts.spec.Budget = budget
	opts.spec.Objective = s.string("objective")
	opts.spec.Risk = s.string("risk")
	if opts.spec.SearchTrials, err = s.int("search-trials", 1, sim.MaxTrials); err != nil {
		return opts, err
	}
	if opts.frontier, err = s.int("frontier", 0, maxFrontier); err != nil {
		return opts, err
	}
	if opts.frontier == 1 {
		return opts, usageErrorf("%s: 1 budget is no frontier (allowed: 0 for none, or 2 or more)", s.source("frontier"))
	}
	flags := cmd.Flags()
	opts.mins, _ = flags.GetStringArray("min")
	opts.maxes, _ = flags.GetStringArray("max")
	opts.spec.Lock, _ = flags.GetStringArray("lock")
	opts.subjectTo, _ = flags.GetStringArray("subject-to")
	opts.spec.Fractional, _ = flags.GetBool("fractional")
	opts.outDir = s.string("out")
	return opts, nil
}

// maxFrontier is the most budgets --frontier may ask for: each is a search
// of its own, and a hundred already draw a smooth curve.
const maxFrontier = 100

// parseBounds reads --min or --max values, NAME=AMOUNT, naming the flag
// and the value when one is malformed; plan.Optimize checks the names
// against the scenario's options.
func parseBounds(flag string, values []string) (map[string]float64, error) {
	if len(values) == 0 {
		return nil, nil
	}
	bounds := make(map[string]float64, len(values))
	for _, v := range values {
		name, raw, ok := strings.Cut(v, "=")
		name, raw = strings.TrimSpace(name), strings.TrimSpace(raw)
		if !ok || name == "" || raw == "" {
			return nil, usageErrorf("--%s %s: want NAME=AMOUNT, a monthly amount in dollars, e.g. --%s paid_search=5000", flag, quote(v), flag)
		}
		x, err := measure.Parse(raw)
		if err != nil || !(x >= 0) || x > 1e15 {
			return nil, usageErrorf("--%s %s: %s is not a monthly amount (allowed: dollars ≥ 0, as 5000, 5k or $5,000)", flag, printable(clip(v, maxEcho)), quote(raw))
		}
		if _, dup := bounds[name]; dup {
			return nil, usageErrorf("--%s %s: %s is bounded twice", flag, printable(clip(v, maxEcho)), printable(clip(name, maxEcho)))
		}
		bounds[name] = x
	}
	return bounds, nil
}

// optimizationDoc is optimize's JSON document: the optimization and, when
// asked for, the frontier.
type optimizationDoc struct {
	*plan.Optimization
	Frontier *plan.BudgetFrontier `json:"frontier,omitempty"`
}

func runOptimize(ctx context.Context, opts optimizeOptions) error {
	s, err := opts.load()
	if err != nil {
		return err
	}
	if opts.spec.Min, err = parseBounds("min", opts.mins); err != nil {
		return err
	}
	if opts.spec.Max, err = parseBounds("max", opts.maxes); err != nil {
		return err
	}
	for _, text := range opts.subjectTo {
		c, err := plan.ParseConstraint(text)
		if err != nil {
			return usageErrorf("--subject-to: %v", err)
		}
		opts.spec.Constraints = append(opts.spec.Constraints, c)
	}
	simOpts := opts.simOptions()
	done := opts.watch(simOpts, 0)
	doc := optimizationDoc{}
	doc.Optimization, err = plan.Optimize(ctx, s, simOpts, opts.spec)
	if err == nil && opts.frontier > 0 {
		spec := opts.spec
		spec.Budget = doc.Budget
		doc.Frontier, err = plan.Frontier(ctx, s, simOpts, spec, plan.FrontierBudgets(doc.Budget, opts.frontier))
	}
	done()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("optimize stopped: %w; nothing was written", context.Cause(ctx))
		}
		return err
	}
	if opts.outDir != "" {
		charts, err := plots.OptimizeCharts(doc.Optimization, doc.Frontier)
		if err != nil {
			return fmt.Errorf("drawing the optimizer's charts: %w", err)
		}
		wrote, err := writeDocument(ctx, opts.outDir, "optimize", "optimization.json", doc, charts, opts.chartFormat)
		if err != nil {
			return err
		}
		defer fmt.Fprintln(opts.errOut, wrote)
	}
	if opts.format == "json" {
		return writeJSON(opts.out, doc)
	}
	return writeOptimization(opts.out, s, doc, horizonOf(s, simOpts))
}

// objectiveWords says what each objective counts.
var objectiveWords = map[string]string{
	"profit":         "gross profit of the customers won in the horizon, less everything spent",
	"revenue":        "all revenue in the horizon",
	"customers":      "new customers won in the horizon",
	"lifetime_value": "customers won × their lifetime gross profit, less everything spent",
}

// riskWords says how each risk measure scores the futures.
var riskWords = map[string]string{
	"mean":   "the average future",
	"p10":    "a bad year: the P10 future",
	"cvar10": "the average of the worst 10% of futures",
}

// writeOptimization writes the recommended split against the current one,
// the objective under both, the marginal returns, the funding order and the
// frontier.
func writeOptimization(w io.Writer, s *model.Scenario, doc optimizationDoc, horizon int) error {
	o := doc.Optimization
	var b bytes.Buffer
	u := plan.ObjectiveUnit(o.Objective)
	fmt.Fprintf(&b, "Best split of %s a month — %s — %s\n", measure.Money.Format(o.Budget), scenarioLabel(s), settingsLine(o.Trials, o.Seed, horizon, s.Calendar))
	fmt.Fprintf(&b, "Objective: %s (%s), scored on %s\n", strings.ReplaceAll(o.Objective, "_", " "), objectiveWords[o.Objective], riskWords[o.Risk])

	fmt.Fprintln(&b)
	step := measure.Money.Format(o.MarginalStep)
	rows := [][]string{{"Option", "kind", "now", "share", "recommended", "share", "change", "an extra " + step + " a month (5% of the budget) adds"}}
	people := false
	var curTotal, recTotal float64
	for _, op := range o.Options {
		if op.Name == plan.Unspent {
			continue
		}
		name := op.Name
		switch {
		case op.Locked:
			name += " (locked)"
		case op.MaxBound != nil && op.Recommended >= *op.MaxBound-0.5:
			name += " (at its max)"
		case op.Min > 0 && op.Recommended <= op.Min+0.5:
			name += " (at its min)"
		}
		rows = append(rows, []string{
			name, op.Kind,
			optionAmount(op.Option, op.Current), measure.Share.Format(op.CurrentShare),
			optionAmount(op.Option, op.Recommended), measure.Share.Format(op.RecommendedShare),
			measure.Money.Signed(op.Recommended - op.Current),
			marginalWords(u, op),
		})
		people = people || op.Whole
		curTotal += op.Current
		recTotal += op.Recommended
	}
	rows = append(rows, []string{"total", "", measure.Money.Format(curTotal), "", measure.Money.Format(recTotal), "", measure.Money.Signed(recTotal - curTotal), ""})
	writeTable(&b, "  ", rows, "llrrrrrr")
	if o.Unspent > 0.5 {
		fmt.Fprintf(&b, "    %s a month is kept unspent (under constraints the budget is a ceiling): spending it would break a constraint or lose\n", measure.Money.Format(o.Unspent))
	}
	fmt.Fprintf(&b, "    an extra %s: the change in the objective (%s) from %s more a month there, on top of the recommendation (the budget grows), ± its error\n", step, o.Risk, step)
	if people {
		fmt.Fprintf(&b, "    heads and reps are whole hires: their row is one more hire at its cost (use --fractional for part-time capacity)\n")
	}
	if check := o.CheckWords(); check != "" {
		fmt.Fprintf(&b, "    %s\n", check)
	}
	if s.Sales != nil && len(s.Sales.Hires) > 0 {
		fmt.Fprintf(&b, "    hires (%s) are paid on top of the budget in both plans\n", hiresWords(s))
	}
	// What the recommendation takes for granted of a channel goes under
	// it; the rest of the notes close the output.
	var rest []plan.Finding
	for _, n := range o.Notes {
		if n.Kind == plan.NoPool || n.Kind == plan.ScheduleScaled {
			fmt.Fprintf(&b, "    Note: %s.\n", n)
		} else {
			rest = append(rest, n)
		}
	}

	fmt.Fprintln(&b)
	obj := "Objective: " + strings.ReplaceAll(o.Objective, "_", " ")
	rows = [][]string{{obj, "P10", "P50", "P90", "mean ± error"}}
	for _, row := range []struct {
		name string
		out  plan.Outcome
	}{{"  current", o.Current}, {"  recommended", o.Recommended}} {
		st := row.out.Objective
		rows = append(rows, append(append([]string{row.name}, p10p50p90(u, st)...), u.PlusMinus(st.Mean, st.SE)))
	}
	writeTable(&b, "", rows, "lrrrr")
	if gain := o.GainWords(); gain != "" {
		fmt.Fprintf(&b, "  %s\n", gain)
	}

	if f := o.FundingOrder; len(f.Steps) > 0 {
		fmt.Fprintln(&b)
		from := "$0"
		if f.Start > 0 {
			from = measure.Money.Format(f.Start) + " (the locked amounts and minimums)"
		}
		fmt.Fprintf(&b, "What to fund first, as the budget grows from %s:\n", from)
		// Where capacity starts to bind along the order, that step's line
		// says so; otherwise the limit gets a line of its own.
		limit := f.Limit(s.Sales != nil)
		if f.StartCapacityBound {
			fmt.Fprintf(&b, "  %s\n", limit)
		}
		for _, l := range f.Lines() {
			fmt.Fprintf(&b, "  • %s\n", l)
		}
		if f.CapacityLimit < 0 && !f.StartCapacityBound && limit != "" {
			fmt.Fprintf(&b, "  %s\n", limit)
		}
		if stop := f.StopWords(); stop != "" {
			fmt.Fprintf(&b, "  %s.\n", upperFirst(stop))
		}
		if rest := f.RestWords(); rest != "" {
			fmt.Fprintf(&b, "  %s.\n", upperFirst(rest))
		} else {
			fmt.Fprintf(&b, "  The order ends at the recommended split.\n")
		}
		fmt.Fprintf(&b, "  (each step's gain ± its error, with %s trials)\n", measure.Whole(f.Trials))
	} else if stop := o.FundingOrder.StopWords(); stop != "" {
		fmt.Fprintf(&b, "\nWhat to fund first: %s.\n", stop)
		if rest := o.FundingOrder.RestWords(); rest != "" {
			fmt.Fprintf(&b, "  %s.\n", upperFirst(rest))
		}
	}
	writeConstraints(&b, o)

	if f := doc.Frontier; f != nil {
		writeFrontier(&b, f, u)
	}
	if note := o.NoteWords(rest); note != "" {
		fmt.Fprintf(&b, "\nNote: %s.\n", note)
	}
	trials := measure.Whole(o.SearchTrials) + " trials each"
	if o.CoarseTrials > 0 && o.CoarseTrials < o.SearchTrials {
		coarse := measure.Whole(o.CoarseTrials)
		if o.ClimbTrials > 0 && o.ClimbTrials < o.CoarseTrials {
			coarse = measure.Whole(o.ClimbTrials) + "–" + coarse
		}
		trials = fmt.Sprintf("%s trials each, %s for the finest moves", coarse, measure.Whole(o.SearchTrials))
	}
	fmt.Fprintf(&b, "\nSearch: %s plans tried with %s (cap %s), the two above run with %s; %s trials simulated in all.\n",
		measure.Whole(o.Evaluations), trials, measure.Whole(o.MaxEvaluations), measure.Whole(o.Trials), measure.Whole(o.EngineTrials))
	fmt.Fprintf(&b, "\nVerdict: %s\n", verdictWords(o))
	_, err := w.Write(b.Bytes())
	return err
}

// writeFrontier writes the best objective at each budget and the
// break-even budget.
func writeFrontier(b *bytes.Buffer, f *plan.BudgetFrontier, u measure.Unit) {
	fmt.Fprintln(b)
	fmt.Fprintln(b, "Frontier: the best split at each monthly budget")
	rows := [][]string{{"budget", "P10", "P50", "P90", "score", "gain per extra $1k", ""}}
	for _, p := range f.Points {
		gain := ""
		if p.Marginal != nil {
			gain = u.Signed(*p.Marginal)
		}
		note := p.Note
		if p.Spent < p.Budget-0.5 && note == "" {
			note = "spends " + measure.Money.Format(p.Spent)
		}
		if p.Objective.Defined == 0 {
			rows = append(rows, []string{measure.Money.Format(p.Budget), measure.Undefined, measure.Undefined, measure.Undefined, measure.Undefined, gain, note})
			continue
		}
		rows = append(rows, append(append([]string{measure.Money.Format(p.Budget)}, p10p50p90(u, p.Objective)...), u.Format(p.Score), gain, note))
	}
	writeTable(b, "  ", rows, "rrrrrrl")
	fmt.Fprintf(b, "  current plan: %s a month, score %s\n", measure.Money.Format(f.Current.Total), u.Format(f.Current.Score))
	if f.Note != "" {
		fmt.Fprintf(b, "  Note: %s.\n", f.Note)
	}
	fmt.Fprintf(b, "Break-even: %s (%s).\n", f.BreakEvenWords(), f.BreakEvenRule)
}

// marginalWords is an option's marginal return for the table: its gain ±
// error from the marginal step, or, for whole hires, from one more hire:
// "+$424k ± $6,021 (1 more rep)".
func marginalWords(u measure.Unit, op plan.OptionResult) string {
	w := u.SignedPlusMinus(op.Marginal, op.MarginalSE)
	if op.Whole {
		w += " (1 more " + strings.TrimSuffix(op.Unit, "s") + ")"
	}
	return w
}

// verdictWords is optimize's closing sentence: the verdict on the
// recommendation against the current plan, or, when the constraints
// cannot be kept, that no split keeps them.
func verdictWords(o *plan.Optimization) string {
	if len(o.Constraints) > 0 && !o.Feasible {
		return "no split of " + measure.Money.Format(o.Budget) + " a month keeps " + o.ConstraintsWords() + "; the split above is the closest found."
	}
	return o.Verdict.Sentence
}

// writeConstraints writes how the recommendation keeps each constraint,
// which binds and what loosening it would gain.
func writeConstraints(b *bytes.Buffer, o *plan.Optimization) {
	if len(o.Constraints) == 0 {
		return
	}
	fmt.Fprintln(b)
	if o.Feasible {
		fmt.Fprintln(b, "Constraints: the split keeps them all")
	} else {
		fmt.Fprintf(b, "Constraints: no split of %s a month keeps them all\n", measure.Money.Format(o.Budget))
	}
	for _, c := range o.Constraints {
		fmt.Fprintf(b, "  • %s\n", o.ConstraintWords(c))
	}
}

// upperFirst capitalises a sentence's first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
