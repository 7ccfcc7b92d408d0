package calibrate

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
)

func builtin(t testing.TB, name string) *model.Scenario {
	t.Helper()
	data, err := scenarios.FS.ReadFile(name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := model.Parse(name+".yaml", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// coverage counts how often a 90% interval covered the truth.
type coverage struct{ covered, n int }

func (c *coverage) add(v model.Value, truth float64) {
	c.n++
	if v.Quantile(0.05) <= truth && truth <= v.Quantile(0.95) {
		c.covered++
	}
}

// enough reports whether c's coverage is what 90% intervals give: at
// least 90% of n less 3 binomial sd (√(0.9·0.1·n)), less 5 points of n for
// the intervals' own approximations (a Beta and a LogNormal matched to the
// posterior's moments; a cost per entry's small bias from the noise of
// ln(entries), about (volatility² + 1/λ)/2).
func (c coverage) enough() bool {
	n := float64(c.n)
	return float64(c.covered) >= 0.85*n-3*math.Sqrt(0.09*n)
}

// TestExampleRecovers: exports written from seed_saas, read back by the
// package's readers and fitted by its own functions, give 90% intervals
// that cover the truth they were generated from: each channel's
// conversions (with at least MinAtRisk people at risk) and the months
// of each stage (with at least 10 moves), each channel's cost per entry,
// the deal value and churn.
func TestExampleRecovers(t *testing.T) {
	s := builtin(t, "seed_saas")
	truth := ExampleTruthOf(s)
	seeds := 8
	if testing.Short() {
		seeds = 3
	}
	var conv, months, cost, value, churn coverage
	for seed := range uint64(seeds) {
		dir := t.TempDir()
		if err := WriteExample(dir, s, seed); err != nil {
			t.Fatal(err)
		}
		fsys := os.DirFS(dir)
		p, err := ReadPeople(fsys, "people.csv", s.Funnel.Stages, nil)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := ReadSpend(fsys, "spend.csv")
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckSpend(p, sp); err != nil {
			t.Fatal(err)
		}
		cs, err := ReadCustomers(fsys, "customers.csv")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range truth.Channels {
			for k := c.Enters + 1; k < len(truth.Stages); k++ {
				e := p.Evidence(k, c.Name, truth.AsOf)
				if e.AtRisk() < MinAtRisk {
					continue
				}
				f, err := Conversion(e, nil)
				if err != nil {
					t.Fatal(err)
				}
				conv.add(f.Conversion, c.Seen[k])
				if f.HasMonths && f.Moved >= 10 {
					months.add(f.Months, truth.Months[k-1])
				}
			}
			u, err := UnitCost(p, sp, c.Name)
			if err != nil {
				t.Fatal(err)
			}
			cost.add(u.UnitCost, c.CostPerEntry)
		}
		d, err := DealValue(p)
		if err != nil {
			t.Fatal(err)
		}
		value.add(d.Value, truth.Value)
		b, err := BookOf(cs, truth.From, truth.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		churn.add(b.Churn, truth.Churn)
	}
	for _, c := range []struct {
		name string
		c    coverage
	}{{"conversions", conv}, {"months", months}, {"costs per entry", cost}, {"deal values", value}, {"churn", churn}} {
		t.Logf("%s: %d of %d intervals cover the truth", c.name, c.c.covered, c.c.n)
		if c.c.n == 0 || !c.c.enough() {
			t.Errorf("got %s covered in %d of %d; want about 90%%", c.name, c.c.covered, c.c.n)
		}
	}
}

// TestExampleDeterministic: the same scenario and seed write the same
// files; another seed writes others.
func TestExampleDeterministic(t *testing.T) {
	s := builtin(t, "seed_saas")
	read := func(seed uint64) map[string][]byte {
		dir := t.TempDir()
		if err := WriteExample(dir, s, seed); err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, name := range []string{"people.csv", "spend.csv", "customers.csv"} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			out[name] = data
		}
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) != 3 {
			t.Errorf("got %d files (%v); want the 3 exports and no temporary file", len(entries), err)
		}
		return out
	}
	a, b, c := read(7), read(7), read(8)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs for the same seed", name)
		}
	}
	if bytes.Equal(a["people.csv"], c["people.csv"]) {
		t.Error("people.csv is the same for seeds 7 and 8")
	}
}

// TestExampleBuiltins: every built-in writes exports the readers accept.
func TestExampleBuiltins(t *testing.T) {
	for _, info := range scenarios.List() {
		t.Run(info.Name, func(t *testing.T) {
			s := builtin(t, info.Name)
			dir := t.TempDir()
			if err := WriteExample(dir, s, 1); err != nil {
				t.Fatal(err)
			}
			fsys := os.DirFS(dir)
			p, err := ReadPeople(fsys, "people.csv", s.Funnel.Stages, nil)
			if err != nil {
				t.Fatal(err)
			}
			sp, err := ReadSpend(fsys, "spend.csv")
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckSpend(p, sp); err != nil {
				t.Fatal(err)
			}
			if s.Customers.Revenue == model.Subscription {
				if _, err := ReadCustomers(fsys, "customers.csv"); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
