package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // an invalid scenario or a failed run
	exitUsage   = 2 // wrong usage: unknown flag or command, bad value, too many arguments
)

// exitError carries the exit code an error should end the program with.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErrorf returns an error that ends the program with exitUsage.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// exitCode is the code err should end the program with. Errors from a
// command's action are failures unless marked otherwise; errors cobra
// returns before an action runs (flags, arguments, unknown commands) are
// usage errors.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return exitUsage
}

// action adapts a command's action: it gives the command a run record
// for its outputs to carry (withRecord), and makes its errors failures
// (exitFailure) unless they already carry an exit code, or are a question
// put wrongly to a planner (plan.SpecError: a metric, lever, bound or
// option the scenario does not have) or a run larger than the machine's
// memory (sim.MemoryError: too many trials), which are wrong usage.
func action(f func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		withRecord(cmd) // what the command runs with, for its outputs (record.go)
		err := f(cmd, args)
		if err == nil {
			return nil
		}
		var e *exitError
		if errors.As(err, &e) {
			return err
		}
		code := exitFailure
		if _, ok := errors.AsType[*plan.SpecError](err); ok {
			code = exitUsage
		}
		if _, ok := errors.AsType[*sim.MemoryError](err); ok {
			code = exitUsage
			advice := "use fewer trials (--trials)"
			if cmd.Flags().Lookup("precision") != nil {
				advice += ", or --precision to add them only as far as needed"
			}
			err = fmt.Errorf("%w; %s", err, advice)
		}
		return &exitError{code: code, err: err}
	}
}

// execute runs the command line args and returns the exit code. Errors go to
// stderr prefixed "harvest: ".
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	code := exitCode(err)
	if err != nil {
		fmt.Fprintf(stderr, "harvest: %s\n", terminalSafe(err.Error()))
		if code == exitUsage && cmd != nil {
			fmt.Fprintf(stderr, "see '%s --help'\n", cmd.CommandPath())
		}
	}
	return code
}

// newRootCmd builds the harvest command and its subcommands.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "harvest",
		Short: "Plan marketing and sales budgets by Monte Carlo simulation",
		Long: `harvest plans a marketing and sales budget. A scenario file describes the
channels that bring people in, the stages of the funnel, the sales team and
what a customer is worth; harvest runs thousands of simulated futures and
reports revenue, customers, CAC, ROI and the chance of reaching each target.

Start with the built-in example:  harvest run
Write it out to edit:             harvest init seed_saas
Fit it to last year's data:       harvest calibrate --people people.csv
See it in pictures:               harvest report -o report.html
Weigh what-if plans:              harvest compare seed_saas
Find the number that matters:     harvest sensitivity
Find what a target takes:         harvest goal --target 1500000
Split a budget, fund in order:    harvest optimize --budget 60000`,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetVersionTemplate("harvest {{.Version}}\n")
	root.CompletionOptions.HiddenDefaultCmd = true
	root.PersistentFlags().String("config", "", "config file with default flag values (default ./harvest.yaml when it exists)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err}
	})
	root.AddCommand(
		newScenariosCmd(),
		newInitCmd(),
		newValidateCmd(),
		newCalibrateCmd(),
		newRunCmd(),
		newPlotCmd(),
		newReportCmd(),
		newCompareCmd(),
		newSensitivityCmd(),
		newGoalCmd(),
		newOptimizeCmd(),
	)
	return root
}

// version is the module version harvest was built from, or "dev".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "dev"
	}
	return bi.Main.Version
}

// maxArgs is cobra.MaximumNArgs with a message that names the command's usage.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usageErrorf("%s takes at most %d argument(s), got %d: usage: %s", cmd.Name(), n, len(args), cmd.UseLine())
		}
		return nil
	}
}

// argRange is cobra.RangeArgs with a message that names the command's usage.
func argRange(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min || (max >= 0 && len(args) > max) {
			return usageErrorf("%s: wrong number of arguments (%d): usage: %s", cmd.Name(), len(args), cmd.UseLine())
		}
		return nil
	}
}
