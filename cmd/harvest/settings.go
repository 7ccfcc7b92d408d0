package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// defaultConfig is the config file read when --config is not given, if it exists.
const defaultConfig = "harvest.yaml"

// configKeys are the keys a config file may set: the flags' names.
var configKeys = []string{
	"chart-format", "confidence", "format", "horizon", "max-trials", "metric", "metrics",
	"objective", "out", "paths", "precision", "risk", "seed", "set", "trials", "workers",
}

// settings resolves a command's options from, in order of precedence, its
// flags, HARVEST_* environment variables, the config file and the flags'
// defaults. A fresh viper instance serves each execution.
type settings struct {
	v    *viper.Viper
	cmd  *cobra.Command
	file string // the config file read, "" when none
}

// configLimit is the most a config file may hold: its keys and a list
// of overrides take a few hundred bytes, and a megabyte holds thousands.
const configLimit = 1 << 20

// newSettings binds cmd's flags, the environment and the config file: the
// file named by --config (or HARVEST_CONFIG), else ./harvest.yaml when it
// exists. A missing default file is fine; a missing named file, a file
// that is not a regular one or is larger than configLimit, a malformed
// file, an unknown key or two keys that differ only in case is a usage
// error.
func newSettings(cmd *cobra.Command) (*settings, error) {
	v := viper.New()
	v.SetEnvPrefix("HARVEST")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	if err := v.BindPFlags(cmd.Flags()); err != nil {
		return nil, err
	}
	s := &settings{v: v, cmd: cmd}
	path := v.GetString("config")
	if path == "" {
		if _, err := os.Lstat(defaultConfig); err == nil {
			path = defaultConfig
		}
	}
	if path == "" {
		return s, nil
	}
	data, err := readConfig(path)
	if err != nil {
		return nil, err
	}
	keys, err := parseConfig(path, data)
	if err != nil {
		return nil, err
	}
	if err := v.MergeConfigMap(keys); err != nil {
		return nil, usageErrorf("config file %s: %v", printable(path), err)
	}
	s.file = path
	return s, nil
}

// readConfig reads the config file at path: a regular file (not a pipe,
// which would block, or a device such as /dev/zero, which never ends) of
// at most configLimit bytes.
func readConfig(path string) ([]byte, error) {
	name := printable(path)
	// Non-blocking, so that opening a named pipe returns at once: the
	// check below then refuses it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usageErrorf("config file %s: no such file", name)
	}
	if err != nil {
		return nil, usageErrorf("config file %s: %v", name, unwrapAll(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, usageErrorf("config file %s: %v", name, unwrapAll(err))
	}
	if !st.Mode().IsRegular() {
		return nil, usageErrorf("config file %s: %s, not a regular file", name, fileKind(st.Mode()))
	}
	data, err := io.ReadAll(io.LimitReader(f, configLimit+1))
	if err != nil {
		return nil, usageErrorf("config file %s: %v", name, unwrapAll(err))
	}
	if len(data) > configLimit {
		return nil, usageErrorf("config file %s: larger than %s (a config file holds a few settings)", name, measure.Bytes(configLimit))
	}
	return data, nil
}

// fileKind says what kind of file mode describes, for a message.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// configTypes are the config file's formats, by extension.
var configTypes = []string{"yaml", "yml", "toml", "json"}

// parseConfig decodes a config file's text by its extension (YAML, TOML
// or JSON, as viper would) and checks its keys: each one of configKeys,
// exactly. Viper folds keys to lower case, so a file with both "trials"
// and "Trials" would silently run with one of them.
func parseConfig(path string, data []byte) (map[string]any, error) {
	name := printable(path)
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	var keys map[string]any
	var err error
	switch ext {
	case "yaml", "yml":
		err = yaml.Unmarshal(data, &keys)
	case "toml":
		err = toml.Unmarshal(data, &keys)
	case "json":
		err = json.Unmarshal(data, &keys)
	default:
		return nil, usageErrorf("config file %s: %s is not a config file's extension (allowed: .%s)", name, quote(filepath.Ext(path)), strings.Join(configTypes, ", ."))
	}
	if err != nil {
		// The parser's message may quote the file: escaped, and cut short.
		return nil, usageErrorf("config file %s: %s", name, terminalSafe(unwrapAll(err).Error()))
	}
	folded := map[string][]string{}
	for k := range keys {
		folded[strings.ToLower(k)] = append(folded[strings.ToLower(k)], k)
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if spellings := folded[strings.ToLower(k)]; len(spellings) > 1 {
			slices.Sort(spellings)
			quoted := make([]string, len(spellings))
			for i, sp := range spellings {
				quoted[i] = quote(sp)
			}
			return nil, usageErrorf("config file %s: keys %s differ only in case; keep one", name, strings.Join(quoted, " and "))
		}
		if !slices.Contains(configKeys, k) {
			hint := ""
			if near := model.Nearest(k, configKeys); near != "" {
				hint = "; did you mean " + near + "?"
			}
			return nil, usageErrorf("config file %s: unknown key %s%s (allowed: %s)", name, quote(k), hint, strings.Join(configKeys, ", "))
		}
	}
	return keys, nil
}

// unwrapAll returns the innermost error, whose message is the parser's.
func unwrapAll(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// envName is the environment variable that sets key.
func envName(key string) string {
	return "HARVEST_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}

// source names where key's value comes from, for messages: "--trials",
// "HARVEST_TRIALS", "config file harvest.yaml: trials" or "--trials (default)".
func (s *settings) source(key string) string {
	if f := s.cmd.Flags().Lookup(key); f != nil && f.Changed {
		return "--" + key
	}
	if _, ok := os.LookupEnv(envName(key)); ok {
		return envName(key)
	}
	if s.file != "" && s.v.InConfig(key) {
		return "config file " + printable(s.file) + ": " + key
	}
	return "--" + key + " (default)"
}

// string returns key's value as text.
func (s *settings) string(key string) string {
	return strings.TrimSpace(fmt.Sprint(s.v.Get(key)))
}

// wholeFlag is an int flag that takes whole decimal numbers only, as
// HARVEST_* variables do: pflag's own reads 0x10 as 16 and 010 as 8.
type wholeFlag int

func (w *wholeFlag) String() string { return strconv.Itoa(int(*w)) }
func (w *wholeFlag) Type() string   { return "int" }

func (w *wholeFlag) Set(text string) error {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return errors.New("not a whole decimal number")
	}
	*w = wholeFlag(n)
	return nil
}

// addIntFlag adds a whole-number flag (wholeFlag) to f.
func addIntFlag(f *pflag.FlagSet, name string, def int, usage string) {
	w := wholeFlag(def)
	f.Var(&w, name, usage)
}

// int returns key's value as a whole number in min..max: decimal digits
// from a flag or the environment, a number from a config file.
func (s *settings) int(key string, min, max int) (int, error) {
	raw := s.v.Get(key)
	allowed := fmt.Sprintf("allowed: %s to %s", measure.Whole(min), measure.Whole(max))
	tooLarge := usageErrorf("%s: %s is too large (%s)", s.source(key), clip(fmt.Sprint(raw), maxEcho), allowed)
	var n int
	switch x := raw.(type) {
	case int:
		n = x
	case int64:
		n = int(x)
	case uint64:
		if x > math.MaxInt {
			return 0, tooLarge
		}
		n = int(x)
	case float64:
		if x != math.Trunc(x) {
			return 0, usageErrorf("%s: %v is not a whole number", s.source(key), raw)
		}
		if math.Abs(x) >= 1<<62 {
			if x > 0 {
				return 0, tooLarge
			}
			return 0, usageErrorf("%s: %v is too small (%s)", s.source(key), raw, allowed)
		}
		n = int(x)
	default:
		text := strings.TrimSpace(fmt.Sprint(raw))
		var err error
		n, err = strconv.Atoi(text)
		switch {
		case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(text, "-"):
			return 0, tooLarge
		case err != nil:
			return 0, usageErrorf("%s: %s is not a whole number", s.source(key), quote(fmt.Sprint(raw)))
		}
	}
	switch {
	case n < min:
		return 0, usageErrorf("%s: %d is too small (%s)", s.source(key), n, allowed)
	case n > max:
		return 0, tooLarge
	}
	return n, nil
}

// overrides returns the --set overrides: the flag's values when given (each
// --set one override), else HARVEST_SET (overrides separated by ";"), else
// the config file's set (a list, or one override).
func (s *settings) overrides() ([]string, error) {
	if f := s.cmd.Flags().Lookup("set"); f != nil && f.Changed {
		return s.cmd.Flags().GetStringArray("set")
	}
	if env, ok := os.LookupEnv(envName("set")); ok {
		var out []string
		for _, o := range strings.Split(env, ";") {
			if o = strings.TrimSpace(o); o != "" {
				out = append(out, o)
			}
		}
		return out, nil
	}
	if s.file == "" || !s.v.InConfig("set") {
		return nil, nil
	}
	switch x := s.v.Get("set").(type) {
	case string:
		return []string{x}, nil
	case []any:
		out := make([]string, len(x))
		for i, o := range x {
			str, ok := o.(string)
			if !ok {
				return nil, usageErrorf("config file %s: set[%d]: %s is not an override (want \"key=value\")", printable(s.file), i, clip(fmt.Sprint(o), maxEcho))
			}
			out[i] = str
		}
		return out, nil
	case []string:
		return x, nil
	}
	return nil, usageErrorf("config file %s: set: want a list of \"key=value\" overrides", printable(s.file))
}

// addSetFlag adds the repeatable --set flag to cmd.
func addSetFlag(cmd *cobra.Command) {
	cmd.Flags().StringArray("set", nil, "override a scenario key before validation, `key=value` (repeatable), e.g. --set sales.reps=4")
}
