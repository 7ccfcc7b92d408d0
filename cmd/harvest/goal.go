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
)

// goalOptions are the options of `harvest goal [FILE]`.
type goalOptions struct {
	engineOptions
	spec    plan.GoalSpec // plan.Goal checks it against the scenario
	reverse bool          // the deterministic reverse funnel instead of goal seeking
	format  string
	out     io.Writer
}

func newGoalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "goal [FILE]",
		Short: "Find the budget (the plan, channel spend, or reps) that reaches a target",
		Long: `Find what it takes to reach a target with a given confidence: the smallest
monthly budget at which the plan reaches, say, 45 new customers in 8
futures out of 10. Every step of the search runs on the same random
numbers, so the answer is the plan's doing, not luck's.

Levers:
  plan            the whole monthly budget, grown along the best split:
                  channels, SDR heads and reps together, people in whole
                  hires (--fractional allows part-time); the default when
                  the scenario has channels and a sales team
  budget          every spend channel's spend scaled together (reps, hires
                  and headcount channels unchanged); the default otherwise
  channel:NAME    one channel's monthly spend
  reps            the sales team's starting reps (hires unchanged)
  cash            the cash at the start (company.cash), the plan unchanged:
                  --metric cash_min --target 0 is the smallest cash that
                  lasts the horizon, and what it needs beyond today's cash
                  is the raise; cash_end and runway_months (--target 18:
                  the cash lasts 18 months) work too. No search: the cash
                  moves every month-end by the same amount, so one run
                  gives the answer exactly and a second checks it

The plan lever first draws a path from nothing to --high (default 20 ×
today's monthly cost): each step buys what adds most to the target per
dollar in an expected-flow model of the funnel (stage waits, sales
capacity, ramps, the market). It then searches the budget along that path
with full simulation. The answer says what you need a month — reps, heads,
and spend per channel — the chance of reaching the target there with its
Monte Carlo error, the plan by quarter when schedules apply, and a verdict
against today's plan. When no budget within the bounds reaches the target
it says what stops it: the market running out, saturated channels, a
horizon too short for the pipeline, or, for a ceiling such as CAC, more
spend making it worse.

Targets may be any number, 0 included (--metric roi --target 0 is
break-even). Where less is better (cac, payback_months) the goal is the
chance of staying at or under the target. --subject-to adds constraints
the answer must keep, e.g. --subject-to 'cac<=20k@0.8' (CAC at most $20k in
8 futures of 10); the answer reports each one's share and which binds.

--reverse works the funnel backwards at mean rates, as goal calculators
do — target → customers → people at each stage → entries per channel →
budget — then corrects it for what they leave out (people entering late
close after the horizon; capacity and ramps) and simulates the plan, with
today's plan's chance beside it.

Without --metric and --target, the goal is the scenario's own target.`,
		Example: `  harvest goal seed_saas
  harvest goal plan.yaml --metric new_customers --target 60 --subject-to 'cac<=20k@0.8'
  harvest goal plan.yaml --metric roi --target 0
  harvest goal plan.yaml --target 1.5M --lever channel:paid_search
  harvest goal plan.yaml --lever cash --metric cash_min --target 0 --confidence 0.9
  harvest goal plan.yaml --target 1.5M --reverse`,
		Args: maxArgs(1),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts, err := goalOptionsFrom(cmd, args)
			if err != nil {
				return err
			}
			return runGoal(cmd.Context(), opts)
		}),
	}
	addEngineFlags(cmd, false)
	f := cmd.Flags()
	f.String("metric", "", "the metric to reach: revenue, new_customers, roi, cac, … (default: the scenario's first target's, else revenue)")
	f.String("target", "", "the metric's target, any number, e.g. 1.5M, 0 or 20k (default: the scenario's target for the metric)")
	f.String("confidence", "0.8", "the chance of reaching the target to aim for, e.g. 0.8 or 80%")
	f.String("lever", "", "what to change: plan, budget, channel:NAME, reps or cash (default: plan with channels and a sales team, else budget)")
	f.Bool("fractional", false, "let the plan lever buy part-time reps and heads (default: whole hires)")
	f.StringArray("subject-to", nil, "a constraint to keep, `METRIC>=X@P` or METRIC<=X@P (repeatable), e.g. cac<=20k@0.8")
	f.String("low", "", "the lever's lowest value to try (default 0)")
	f.String("high", "", "the lever's highest value to try (default 20 × its current value)")
	f.Bool("reverse", false, "work the funnel backwards at average rates instead (no simulation)")
	f.String("format", compareFormats[0], "output format: "+strings.Join(compareFormats, ", "))
	return cmd
}

func goalOptionsFrom(cmd *cobra.Command, args []string) (goalOptions, error) {
	opts := goalOptions{out: cmd.OutOrStdout()}
	s, err := readSettings(cmd, argOr(args, 0), compareFormats, &opts.engineOptions, &opts.format)
	if err != nil {
		return opts, err
	}
	opts.reverse = s.v.GetBool("reverse")
	opts.spec.Metric = s.string("metric")
	opts.spec.Lever = s.string("lever")
	if opts.spec.Target, opts.spec.HasTarget, err = s.amount("target"); err != nil {
		return opts, err
	}
	opts.spec.Fractional = s.v.GetBool("fractional")
	subj, err := cmd.Flags().GetStringArray("subject-to")
	if err != nil {
		return opts, err
	}
	for _, text := range subj {
		c, err := plan.ParseConstraint(text)
		if err != nil {
			return opts, usageErrorf("--subject-to: %v", err)
		}
		opts.spec.Constraints = append(opts.spec.Constraints, c)
	}
	raw := s.string("confidence")
	c, ok := parseShare(raw)
	if !ok || !(c > 0 && c <= 1) {
		return opts, usageErrorf("%s: %s is not a confidence (allowed: more than 0 and at most 1, as 0.8 or 80%%)", s.source("confidence"), quote(raw))
	}
	opts.spec.Confidence = c
	if opts.spec.Low, err = s.float("low"); err != nil {
		return opts, err
	}
	if opts.spec.High, err = s.float("high"); err != nil {
		return opts, err
	}
	return opts, nil
}

func runGoal(ctx context.Context, opts goalOptions) error {
	s, err := opts.load()
	if err != nil {
		return err
	}
	if opts.reverse {
		metric := opts.spec.Metric
		if metric == "" {
			metric = "revenue"
		}
		simOpts := opts.simOptions()
		if h := horizonOf(s, simOpts); h != s.Horizon {
			s = s.Clone()
			s.Horizon = h
		}
		r, err := plan.ReverseFunnel(s, metric, opts.spec.Target)
		if err != nil {
			return err
		}
		done := opts.watch(simOpts, 0)
		r.Plan, err = plan.CheckReverse(ctx, s, simOpts, r)
		done()
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("goal stopped: %w", context.Cause(ctx))
			}
			return err
		}
		if opts.format == "json" {
			return writeJSON(opts.out, r)
		}
		return writeReverse(opts.out, s, r, opts.spec.Confidence)
	}
	simOpts := opts.simOptions()
	done := opts.watch(simOpts, 0)
	g, err := plan.Goal(ctx, s, simOpts, opts.spec)
	done()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("goal stopped: %w", context.Cause(ctx))
		}
		return err
	}
	if opts.format == "json" {
		return writeJSON(opts.out, g)
	}
	return writeGoal(opts.out, s, g, horizonOf(s, simOpts))
}

// writeGoal writes goal seeking's answer: the lever now and at the goal,
// the chance of reaching the target at both, the plan that reaches it, and
// the finding.
func writeGoal(w io.Writer, s *model.Scenario, g *plan.GoalResult, horizon int) error {
	var b bytes.Buffer
	m := measure.Of(g.Metric)
	target := plan.Event(g.Metric, g.AtMost, g.Target)
	fmt.Fprintf(&b, "Goal: %s %s %s in %s of futures — %s — %s\n", m.Noun(), map[bool]string{false: "≥", true: "≤"}[g.AtMost], m.Unit.Format(g.Target), measure.Share.Format(g.Confidence), scenarioLabel(s), settingsLine(g.Trials, g.Seed, horizon, s.Calendar))
	if g.Lever == plan.LeverCash {
		fmt.Fprintf(&b, "Lever: %s (exact from one run, checked by a second)\n", plan.LeverWords(g.Lever))
	} else {
		fmt.Fprintf(&b, "Lever: %s (searched %s to %s)\n", plan.LeverWords(g.Lever), plan.LeverValue(g.Lever, g.Low), plan.LeverValue(g.Lever, g.High))
	}

	fmt.Fprintln(&b)
	at := "at the goal"
	if !g.Reached {
		at = "at the upper bound"
		if g.Lever == plan.LeverPlan || g.AtMost || len(g.Constraints) > 0 {
			at = "best found" // the search keeps the closest plan it ran
		}
	}
	rows := [][]string{{"", "now", at}}
	if g.Lever != plan.LeverPlan { // the plan lever's value is the monthly cost
		rows = append(rows, []string{"lever", plan.LeverValue(g.Lever, g.Current), plan.LeverValue(g.Lever, g.Value)})
	}
	quantiles := p10p50p90(m.Unit, g.Stats)
	if plan.BeyondHorizon(g.Metric) && g.Result != nil { // over every future, as the run's cash block
		quantiles = beyondCells(g.Metric, g.Result)
	}
	rows = append(rows, [][]string{
		{"monthly cost", measure.Money.Format(g.CurrentMonthlyCost), measure.Money.Format(g.MonthlyCost)},
		{target, plan.ShareAgainst(g.CurrentProbability, plan.ShareSE(g.CurrentProbability, g.Trials), g.Confidence), plan.ShareAgainst(g.Probability, g.ProbabilitySE, g.Confidence)},
		{m.Label + " P10 / P50 / P90", "", strings.Join(quantiles, " / ")},
	}...)
	writeTable(&b, "  ", rows, "lrr")

	if g.Plan != nil && g.Lever != plan.LeverCash { // the cash lever leaves the plan as it is
		fmt.Fprintln(&b)
		head := "The plan that reaches the target, a month:"
		switch {
		case g.Reached:
		case at == "best found":
			head = "The best plan found, a month:"
		default:
			head = "The plan at the upper bound, a month:"
		}
		fmt.Fprintln(&b, head)
		rows = [][]string{{"", "now", at}}
		now, then := plan.Options(s), plan.Options(g.Plan)
		for i, o := range now {
			if i >= len(then) {
				break
			}
			rows = append(rows, []string{o.Name, optionAmount(o, o.Current), optionAmount(then[i], then[i].Current)})
		}
		if s.Sales != nil && len(s.Sales.Hires) > 0 {
			rows = append(rows, []string{"hires", hiresWords(s), hiresWords(g.Plan)})
		}
		writeTable(&b, "  ", rows, "lrr")
	}
	for _, n := range g.Notes {
		fmt.Fprintf(&b, "  Note: %s.\n", n)
	}
	if g.Result != nil {
		tableSchedule(&b, g.Result)
	}
	if len(g.Constraints) > 0 {
		fmt.Fprintln(&b)
		fmt.Fprintln(&b, "Constraints, at the answer:")
		for _, c := range g.Constraints {
			line := c.Words()
			if c.NeverBinds {
				line += " (never binds)"
			}
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, g.Finding)
	if g.Verdict != nil {
		fmt.Fprintln(&b, g.Verdict.Sentence)
	}
	fmt.Fprintf(&b, "  ± one Monte Carlo standard error; %s runs on the same random numbers, the answer's of %s trials\n", measure.Whole(g.Evaluations), measure.Whole(g.Trials))
	_, err := w.Write(b.Bytes())
	return err
}

// optionAmount shows an option's monthly amount, with the heads or reps it
// buys: "$24.0k (2 reps)", "$8,000 (1 head)".
func optionAmount(o plan.Option, amount float64) string {
	if o.UnitCost > 0 {
		return fmt.Sprintf("%s (%s)", measure.Money.Format(amount), measure.Count.Plural(amount/o.UnitCost, strings.TrimSuffix(o.Unit, "s")))
	}
	return measure.Money.Format(amount)
}

// hiresWords lists a plan's hires: "1 in month 4, 1 in month 8", or with
// a calendar "1 in 2027-04, 1 in 2027-08".
func hiresWords(s *model.Scenario) string {
	if s.Sales == nil || len(s.Sales.Hires) == 0 {
		return "none"
	}
	var parts []string
	for _, h := range s.Sales.Hires {
		parts = append(parts, measure.Count.Format(h.Reps)+" in "+plan.MonthWords(s.Calendar, h.Month))
	}
	return strings.Join(parts, ", ")
}

// writeReverse writes the reverse funnel: target → customers → each stage
// → entries per channel → budget, with its formula and notes.
func writeReverse(w io.Writer, s *model.Scenario, r *plan.Reverse, confidence float64) error {
	var b bytes.Buffer
	m := measure.Of(r.Metric)
	fmt.Fprintf(&b, "Reverse funnel: %s of %s over %s, at average rates — %s\n", m.Noun(), m.Unit.Format(r.Target), measure.Count.Plural(float64(r.HorizonMonths), "month"), scenarioLabel(s))
	fmt.Fprintln(&b, "Steps 1–4 at mean rates, as goal calculators do; step 5 adds what they leave out and simulates the plan.")
	fmt.Fprintln(&b)
	fmt.Fprintf(&b, "1. Customers: %s\n", r.Formula)
	fmt.Fprintf(&b, "   %s new customers over the horizon, %s a month\n", measure.Count.Format(r.Customers), measure.Count.Format(r.CustomersPerMonth))

	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "2. People needed at each stage:")
	rows := [][]string{{"stage", "conversion in", "people", "a month"}}
	for _, st := range r.Stages {
		conv := ""
		if st.Conversion > 0 {
			conv = measure.Share.Format(st.Conversion)
		}
		rows = append(rows, []string{st.Name, conv, measure.Count.Format(st.People), measure.Count.Format(st.PerMonth)})
	}
	writeTable(&b, "   ", rows, "lrrr")

	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "3. Channels, split as the current plan splits its customers:")
	rows = [][]string{{"channel", "enters at", "share", "customers", "customers per entry", "entries a month", "spend a month", "now"}}
	for _, ch := range r.Channels {
		spend := measure.Money.Format(ch.Spend)
		if !ch.Reachable {
			spend = "out of reach"
		}
		rows = append(rows, []string{ch.Name, ch.Enters, measure.Share.Format(ch.Share), measure.Count.Format(ch.Customers),
			yield(ch.Yield), measure.Count.Format(ch.EntriesPerMonth), spend, measure.Money.Format(ch.CurrentSpend)})
	}
	writeTable(&b, "   ", rows, "llrrrrrr")

	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "4. Budget, a month:")
	rows = [][]string{{"channels", measure.Money.Format(r.ChannelBudget)}}
	if r.RepsNeeded > 0 || r.PlannedReps > 0 {
		rows = append(rows, []string{fmt.Sprintf("sales team (%s needed, %s planned)", measure.Count.Plural(r.RepsNeeded, "rep"), measure.Count.Format(r.PlannedReps)),
			measure.Money.Format(r.SalesTeamCost)})
	}
	rows = append(rows, []string{"total", measure.Money.Format(r.MonthlyBudget)})
	writeTable(&b, "   ", rows, "lr")
	if !r.Reachable {
		fmt.Fprintln(&b, "\nOut of reach: some channel cannot bring the people asked of it at any spend (see the notes).")
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(&b, "\nNotes:")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "• %s\n", n)
		}
	}
	if rp := r.Plan; rp != nil {
		writeReversePlan(&b, s, r, rp, confidence)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeReversePlan writes step 5 of the reverse funnel: the plan with the
// pipeline in progress, capacity and ramps, and its simulated chance.
func writeReversePlan(b *bytes.Buffer, s *model.Scenario, r *plan.Reverse, rp *plan.ReversePlan, confidence float64) {
	m := measure.Of(r.Metric)
	fmt.Fprintln(b)
	fmt.Fprintln(b, "5. With the pipeline still in progress at the end, sales capacity and ramps (expected flow, month by month):")
	if rp.Reachable {
		fmt.Fprintf(b, "   the channels must bring %s the entries of step 3 for %s new customers within the horizon; %s more are still in the pipeline at its end\n",
			measure.Ratio.Format(rp.Scale), measure.Count.Format(rp.Customers), measure.Count.Format(rp.Pipeline))
	} else {
		fmt.Fprintf(b, "   even %s the entries of step 3 do not bring it on average: %s new customers within the horizon\n",
			measure.Ratio.Format(rp.Scale), measure.Count.Format(rp.Customers))
	}
	rows := [][]string{{"a month", "plan", "now"}}
	for i, ch := range rp.Channels {
		rows = append(rows, []string{ch.Name, measure.Money.Format(ch.Spend), measure.Money.Format(r.Channels[i].CurrentSpend)})
	}
	if s.Sales != nil {
		rows = append(rows, []string{"starting reps", measure.Count.Format(rp.Reps), measure.Count.Format(s.Sales.Reps)})
	}
	rows = append(rows, []string{"monthly cost", measure.Money.Format(rp.MonthlyCost), measure.Money.Format(rp.CurrentMonthlyCost)})
	writeTable(b, "   ", rows, "lrr")
	event := plan.Event(r.Metric, false, r.Target)
	fmt.Fprintf(b, "   Simulated (%s trials, seed %d): %s is %s with this plan; %s with today's plan.\n",
		measure.Whole(rp.Trials), rp.Seed, event, measure.Share.PlusMinus(rp.Probability, rp.ProbabilitySE),
		measure.Share.PlusMinus(rp.CurrentProbability, plan.ShareSE(rp.CurrentProbability, rp.Trials)))
	if confidence == 0 {
		confidence = plan.DefaultConfidence
	}
	if rp.Probability < confidence {
		fmt.Fprintf(b, "   It aims at the average, so it falls short of %s of futures: 'harvest goal --lever plan --metric %s --target %s' finds the budget for that.\n",
			measure.Share.Format(confidence), r.Metric, strings.TrimPrefix(m.Unit.Short(r.Target), "$"))
	}
}

// yield shows customers per entry, a share: with two significant digits
// under 0.1% (0.042%), where a share's one decimal would show 0.0%.
func yield(x float64) string {
	if x > 0 && x < 0.001 {
		return measure.Share.Margin(x)
	}
	return measure.Share.Format(x)
}
