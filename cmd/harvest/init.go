package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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
			return runInit(opts)
		}),
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite FILE if it exists")
	return cmd
}

func runInit(opts initOptions) error {
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
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if opts.force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(file, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; use --force to overwrite it", file)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(opts.out, "wrote %s (%s); try: harvest validate %s, then harvest run %s\n", file, info.Title, file, file)
	return err
}
