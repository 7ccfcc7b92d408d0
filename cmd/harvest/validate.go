package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// validateOptions are the options of `harvest validate FILE...`.
type validateOptions struct {
	files     []string // files or built-in names
	overrides []string
	out       io.Writer // the report of each valid file
	errOut    io.Writer // every problem of each invalid file
}

func newValidateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and show what each uncertain value will draw",
		Long: `Check scenario files (or built-in scenarios by name) without running them.
Every problem in every file is printed, with the key, the value and what is
allowed. For a valid file, each uncertain value is shown as written with the
distribution fitted to it and its 5th, 50th and 95th percentiles, so you see
what the simulation will draw; then any advice: a key worth giving (the
starting customers' revenue today, customers.starting_mrr, say), which does
not make the file invalid.`,
		Example: "  harvest validate plan.yaml\n  harvest validate seed_saas --set funnel.conversion.customer=0.25",
		Args:    argRange(1, -1),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			s, err := newSettings(cmd)
			if err != nil {
				return err
			}
			opts := validateOptions{files: args, out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr()}
			if opts.overrides, err = s.overrides(); err != nil {
				return err
			}
			return runValidate(opts)
		}),
	}
	addSetFlag(cmd)
	return cmd
}

func runValidate(opts validateOptions) error {
	invalid := 0
	for i, file := range opts.files {
		if i > 0 {
			fmt.Fprintln(opts.out)
		}
		s, err := loadScenario(file, opts.overrides)
		if err != nil {
			invalid++
			printError(opts.errOut, err)
			fmt.Fprintf(opts.out, "%s: invalid\n", printable(file))
			continue
		}
		describeScenario(opts.out, file, s)
	}
	if invalid > 0 {
		return fmt.Errorf("%d of %d scenario(s) invalid", invalid, len(opts.files))
	}
	return nil
}

// printError writes err to w, each line prefixed "harvest: ", as a
// terminal may show it (terminalSafe).
func printError(w io.Writer, err error) {
	for line := range strings.Lines(terminalSafe(err.Error())) {
		fmt.Fprintf(w, "harvest: %s", line)
		if !strings.HasSuffix(line, "\n") {
			fmt.Fprintln(w)
		}
	}
}

// describeScenario writes a valid scenario's shape and its uncertain values.
func describeScenario(w io.Writer, file string, s *model.Scenario) {
	var parts []string
	parts = append(parts, measure.Count.Plural(float64(s.Horizon), "month"), measure.Count.Plural(float64(len(s.Funnel.Stages)), "stage"),
		measure.Count.Plural(float64(len(s.Channels)), "channel"))
	if s.Sales != nil {
		parts = append(parts, "sales from "+s.Funnel.Stages[s.Funnel.Handoff])
	}
	if len(s.Targets) > 0 {
		parts = append(parts, measure.Count.Plural(float64(len(s.Targets)), "target"))
	}
	fmt.Fprintf(w, "%s: valid — %s (%s)\n", printable(file), printable(s.Name), strings.Join(parts, ", "))
	rows := [][]string{{"uncertain value", "as written", "drawn from", "P5", "P50", "P95"}}
	for _, kv := range s.Values() {
		v := kv.Value
		if v.IsFixed() {
			continue
		}
		u := model.KeyUnit(kv.Key)
		rows = append(rows, []string{
			kv.Key, v.Form, v.Family.String(),
			u.Format(v.Quantile(0.05)), u.Format(v.Quantile(0.5)), u.Format(v.Quantile(0.95)),
		})
	}
	if len(rows) == 1 {
		fmt.Fprintln(w, "  no uncertain values: every number is fixed")
	} else {
		writeTable(w, "  ", rows, "lllrrr")
	}
	for _, a := range model.Advise(s) {
		fmt.Fprintf(w, "  advice: %s\n", terminalSafe(a.String()))
	}
}
