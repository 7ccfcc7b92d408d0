package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
)

// loadScenario loads the scenario named on the command line, with the
// overrides applied: a file, or else a built-in scenario's name; the
// built-in default when arg is empty. An existing file wins over a
// built-in of the same name.
func loadScenario(arg string, overrides []string) (*model.Scenario, error) {
	if arg == "" {
		arg = scenarios.Default
	}
	data, err := os.ReadFile(arg)
	switch {
	case err == nil:
		return model.Parse(arg, data, overrides)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("scenario %s: %w", arg, err)
	}
	if info, ok := scenarios.Lookup(arg); ok {
		data, err := fs.ReadFile(scenarios.FS, info.File)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", info.File, err)
		}
		return model.Parse(builtinPrefix+info.File, data, overrides)
	}
	return nil, fmt.Errorf("scenario %s: no such file, and no built-in scenario of that name (built-ins: %s)", arg, builtinNames())
}

// builtinPrefix begins the name a built-in scenario is parsed under,
// "built-in seed_saas.yaml", so that messages about it and headers naming it
// do not point at a file that is not there.
const builtinPrefix = "built-in "

// source names where a scenario came from, for headers: its file
// ("plan.yaml"), or the built-in's name ("built-in seed_saas").
func source(s *model.Scenario) string {
	if name, ok := strings.CutPrefix(s.File, builtinPrefix); ok {
		return builtinPrefix + strings.TrimSuffix(name, path.Ext(name))
	}
	return s.File
}

// builtinNames lists the built-in scenarios' names, comma-separated.
func builtinNames() string {
	var names []string
	for _, info := range scenarios.List() {
		names = append(names, info.Name)
	}
	return strings.Join(names, ", ")
}
