package model

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad proves that no input makes the loader panic: every file either
// loads into a scenario that passes Validate and whose values can be drawn
// from, or fails with an *Error. The seed corpus is the good scenarios
// (inline and in testdata/good) and every bad one in testdata/bad.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(small), uint8(0), "")
	f.Add([]byte(`{"funnel": {"stages": ["a", "b"], "conversion": {"b": 0.5}}, "channels": {"c": {"enters": "a", "spend": 1, "unit_cost": 1}}, "customers": {"value": 1}}`), uint8(2), "")
	f.Add([]byte("[funnel]\nstages = ['a', 'b']\n[funnel.conversion]\nb = {low = 0.1, high = 0.2}\n"), uint8(1), "customers.value=3")
	f.Add([]byte(small), uint8(0), "customers.churn={dist: pert, min: 0, mode: 0.01, max: 0.05}")
	for _, dir := range []string{"testdata/good", "testdata/bad"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data, uint8(0), "sales.reps=2")
		}
	}
	exts := []string{".yaml", ".toml", ".json"}
	f.Fuzz(func(t *testing.T, data []byte, format uint8, override string) {
		var overrides []string
		if override != "" {
			overrides = []string{override}
		}
		s, err := Parse("fuzz"+exts[int(format)%len(exts)], data, overrides)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("got %v; want an *Error with problems", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("loaded a scenario that Validate refuses: %v", err)
		}
		for _, nv := range s.Values() {
			for _, p := range []float64{0, 0.05, 0.5, 0.95, 1} {
				nv.Value.Quantile(p)
			}
			nv.Value.Mean()
			nv.Value.Describe()
		}
		for _, v := range s.Variants {
			Parse(s.File, s.Source, v.Overrides)
		}
		s.Clone()
	})
}
