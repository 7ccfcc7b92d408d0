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
	data, err := model.ReadFile(hostFS{}, arg)
	switch {
	case err == nil:
		return model.Parse(arg, data, overrides)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err // it names the file
	}
	if info, ok := scenarios.Lookup(arg); ok {
		data, err := fs.ReadFile(scenarios.FS, info.File)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", info.File, err)
		}
		return model.Parse(builtinPrefix+info.File, data, overrides)
	}
	hint := ""
	if name, ok := nearBuiltin(arg); ok {
		hint = ": did you mean " + name + "?"
	}
	return nil, fmt.Errorf("scenario %s: no such file, and no built-in scenario of that name%s (built-ins: %s)", arg, hint, builtinNames())
}

// nearBuiltin returns the built-in a name not found was likely meant to
// be: the nearest by edit distance (seed_sass, dtc_shp), or else the only
// one it begins (seed).
func nearBuiltin(arg string) (string, bool) {
	arg = strings.TrimSuffix(arg, ".yaml")
	var names, begun []string
	for _, info := range scenarios.List() {
		names = append(names, info.Name)
		if len(arg) >= 3 && strings.HasPrefix(info.Name, arg) {
			begun = append(begun, info.Name)
		}
	}
	if n := model.Nearest(arg, names); n != "" {
		return n, true
	}
	if len(begun) == 1 {
		return begun[0], true
	}
	return "", false
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
