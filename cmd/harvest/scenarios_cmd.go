package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/scenarios"
)

// scenariosOptions are the options of `harvest scenarios`.
type scenariosOptions struct {
	out io.Writer
}

func newScenariosCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "scenarios",
		Short: "List the built-in example scenarios",
		Long: `List the built-in example scenarios, one a line: name, title and what it
shows. The default, run when no file is given, is marked with *. Use a name
wherever a scenario file is expected, or write one out with 'harvest init NAME'.`,
		Args: maxArgs(0),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			return runScenarios(scenariosOptions{out: cmd.OutOrStdout()})
		}),
	}
}

func runScenarios(opts scenariosOptions) error {
	list := scenarios.List()
	var rows [][]string
	for _, info := range list {
		mark := " "
		if info.Name == scenarios.Default {
			mark = "*"
		}
		rows = append(rows, []string{mark + " " + info.Name, info.Title, info.Description})
	}
	writeTable(opts.out, "", rows, "ll")
	_, err := fmt.Fprintf(opts.out, "\n* the default, run when no file is given\n")
	return err
}
