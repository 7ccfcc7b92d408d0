package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
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
	data, err := model.ReadFile(hostFS{}, arg)
	switch {
	case err == nil:
		return model.Parse(arg, data, overrides)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err // it names the file
	}
	if info, ok := scenarios.Lookup(arg); ok {
		return model.Load(scenarios.FS, info.File, overrides)
	}
	return nil, fmt.Errorf("scenario %s: no such file, and no built-in scenario of that name (built-ins: %s)", arg, builtinNames())
}

// hostFS opens paths as the command line gives them, relative to the
// working directory or absolute, for model.ReadFile: it looks at a file
// before it opens it, so that a FIFO or a device is refused unread.
type hostFS struct{}

func (hostFS) Open(name string) (fs.File, error)     { return os.Open(name) }
func (hostFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// builtinNames lists the built-in scenarios' names, comma-separated.
func builtinNames() string {
	var names []string
	for _, info := range scenarios.List() {
		names = append(names, info.Name)
	}
	return strings.Join(names, ", ")
}
