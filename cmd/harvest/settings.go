package main

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
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

// newSettings binds cmd's flags, the environment and the config file: the
// file named by --config (or HARVEST_CONFIG), else ./harvest.yaml when it
// exists. A missing default file is fine; a missing named file, a malformed
// file or an unknown key in it is a usage error.
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
		if st, err := os.Stat(defaultConfig); err == nil && !st.IsDir() {
			path = defaultConfig
		}
	}
	if path == "" {
		return s, nil
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usageErrorf("config file %s: no such file", path)
		}
		return nil, usageErrorf("config file %s: %v", path, err)
	}
	// A separate instance reads the file alone, so that its keys can be
	// checked without the flags' and the environment's.
	file := viper.New()
	file.SetConfigFile(path)
	if err := file.ReadInConfig(); err != nil {
		return nil, usageErrorf("config file %s: %v", path, unwrapAll(err))
	}
	for _, k := range file.AllKeys() {
		if !slices.Contains(configKeys, k) {
			return nil, usageErrorf("config file %s: unknown key %q (allowed: %s)", path, k, strings.Join(configKeys, ", "))
		}
	}
	if err := v.MergeConfigMap(file.AllSettings()); err != nil {
		return nil, usageErrorf("config file %s: %v", path, err)
	}
	s.file = path
	return s, nil
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
		return "config file " + s.file + ": " + key
	}
	return "--" + key + " (default)"
}

// string returns key's value as text.
func (s *settings) string(key string) string {
	return strings.TrimSpace(fmt.Sprint(s.v.Get(key)))
}

// int returns key's value as a whole number of at least min.
func (s *settings) int(key string, min int) (int, error) {
	raw := s.v.Get(key)
	var n int
	switch x := raw.(type) {
	case int:
		n = x
	case int64:
		n = int(x)
	case uint64:
		n = int(x)
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return 0, usageErrorf("%s: %v is not a whole number", s.source(key), raw)
		}
		n = int(x)
	default:
		var err error
		n, err = strconv.Atoi(strings.TrimSpace(fmt.Sprint(raw)))
		if err != nil {
			return 0, usageErrorf("%s: %q is not a whole number", s.source(key), fmt.Sprint(raw))
		}
	}
	if n < min {
		return 0, usageErrorf("%s: %d is too small (allowed: %d or more)", s.source(key), n, min)
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
				return nil, usageErrorf("config file %s: set[%d]: %v is not an override (want \"key=value\")", s.file, i, o)
			}
			out[i] = str
		}
		return out, nil
	case []string:
		return x, nil
	}
	return nil, usageErrorf("config file %s: set: want a list of \"key=value\" overrides", s.file)
}

// addSetFlag adds the repeatable --set flag to cmd.
func addSetFlag(cmd *cobra.Command) {
	cmd.Flags().StringArray("set", nil, "override a scenario key before validation, `key=value` (repeatable), e.g. --set sales.reps=4")
}
