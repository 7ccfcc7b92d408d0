package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/scenarios"
)

// initOptions are the options of `harvest init NAME [FILE]`.
type initOptions struct {
	name  string // a built-in scenario
	file  string // where to write it; NAME.yaml when empty
	force bool   // overwrite an existing file
	out   io.Writer
}

func newInitCmd() *cobra.Command {
	var opts initOptions
	cmd := &cobra.Command{
		Use:   "init NAME [FILE]",
		Short: "Write a built-in scenario to a file to edit",
		Long: `Write the built-in scenario NAME to FILE (default NAME.yaml) to edit as
your own plan. An existing file is never overwritten unless --force is given.
'harvest scenarios' lists the names.`,
		Example: "  harvest init seed_saas plan.yaml",
		Args:    argRange(1, 2),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			if len(args) == 2 {
				opts.file = args[1]
			}
			opts.out = cmd.OutOrStdout()
			return runInit(cmd.Context(), opts)
		}),
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite FILE if it exists")
	return cmd
}

func runInit(ctx context.Context, opts initOptions) error {
	info, ok := scenarios.Lookup(opts.name)
	if !ok {
		return fmt.Errorf("no built-in scenario %q (built-ins: %s)", opts.name, builtinNames())
	}
	data, err := fs.ReadFile(scenarios.FS, info.File)
	if err != nil {
		return fmt.Errorf("built-in scenario %s: %w", opts.name, err)
	}
	file := opts.file
	if file == "" {
		file = opts.name + filepath.Ext(info.File)
	}
	// Whole or not at all: --force replaces the file only once the new
	// one is complete (a full disk truncated the old one to a partial
	// scenario).
	err = writeFileWhole(ctx, file, opts.force, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	name := printable(file)
	_, err = fmt.Fprintf(opts.out, "wrote %s (%s); try: harvest validate %s, then harvest run %s\n", name, info.Title, name, name)
	return err
}
