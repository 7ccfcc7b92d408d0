package scenarios

import (
	"embed"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// FS holds the built-in scenario files, one YAML file per scenario at its root.
//
//go:embed *.yaml
var FS embed.FS

// Default is the built-in scenario used when a command is given no file.
const Default = "seed_saas"

// Info describes one built-in scenario.
type Info struct {
	Name        string // the file's base name without .yaml, e.g. "seed_saas"
	File        string // the file's name in FS, e.g. "seed_saas.yaml"
	Title       string // the scenario's name: line
	Description string // the scenario's description: line
}

// List returns the built-in scenarios, Default first, the rest by name.
func List() []Info {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		// FS is embedded at build time: reading its root cannot fail.
		panic("scenarios: reading the embedded files: " + err.Error())
	}
	var list []Info
	for _, e := range entries {
		file := e.Name()
		name, ok := strings.CutSuffix(file, ".yaml")
		if e.IsDir() || !ok {
			continue
		}
		data, err := fs.ReadFile(FS, file)
		if err != nil {
			panic("scenarios: reading " + file + ": " + err.Error())
		}
		info := Info{Name: name, File: file}
		info.Title, info.Description = header(string(data))
		list = append(list, info)
	}
	sort.Slice(list, func(i, j int) bool {
		if (list[i].Name == Default) != (list[j].Name == Default) {
			return list[i].Name == Default
		}
		return list[i].Name < list[j].Name
	})
	return list
}

// Lookup returns the built-in scenario called name ("seed_saas" or
// "seed_saas.yaml") and whether there is one.
func Lookup(name string) (Info, bool) {
	name = strings.TrimSuffix(name, ".yaml")
	for _, info := range List() {
		if info.Name == name {
			return info, true
		}
	}
	return Info{}, false
}

// header returns the values of the top-level name: and description: lines of
// a YAML file. It is a line scan, not a YAML parser: the built-ins write both
// keys on one line each, at the start of the line, as a plain or a
// double-quoted scalar.
func header(text string) (title, description string) {
	for line := range strings.Lines(text) {
		key, value, ok := strings.Cut(strings.TrimRight(line, "\r\n"), ":")
		switch {
		case !ok:
		case key == "name":
			title = scalar(value)
		case key == "description":
			description = scalar(value)
		}
	}
	return title, description
}

// scalar returns a one-line YAML scalar's text: unquoted, or with its
// comment removed.
func scalar(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `"`) {
		if q, err := strconv.QuotedPrefix(s); err == nil {
			if u, err := strconv.Unquote(q); err == nil {
				return u
			}
		}
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
