package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/harvest-planning/harvest/calibrate"
	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// exampleFiles are the files `calibrate --example` may write.
var exampleFiles = []string{"people.csv", "spend.csv", "customers.csv"}

// runCalibrateExample writes a year of synthetic exports from a scenario
// (seed_saas by default) into opts.example, and says what it wrote, the
// command to calibrate them and the parameters calibrate should recover.
func runCalibrateExample(opts calibrateOptions) error {
	if opts.people != "" || opts.spend != "" || opts.customers != "" || opts.output != "" || opts.asOf != "" || len(opts.maps) > 0 || opts.from != "csv" {
		return usageErrorf("--example writes exports and takes only --scenario, --seed and --force; calibrate them in a second command")
	}
	if opts.seed < 1 {
		return usageErrorf("--seed %d: want a whole number ≥ 1", opts.seed)
	}
	name := opts.scenario
	if name == "" {
		name = "seed_saas"
	}
	s, err := loadScenario(name, nil)
	if err != nil {
		return usageErrorf("%w", err)
	}
	dir := opts.example
	if !opts.force {
		var there []string
		for _, f := range exampleFiles {
			if _, err := os.Lstat(filepath.Join(dir, f)); err == nil {
				there = append(there, printable(filepath.Join(dir, f)))
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		if len(there) > 0 {
			return fmt.Errorf("%s already exist%s; use --force to overwrite %s", strings.Join(there, ", "),
				map[bool]string{true: "s", false: ""}[len(there) == 1], map[bool]string{true: "it", false: "them"}[len(there) == 1])
		}
	}
	if err := calibrate.WriteExample(dir, s, uint64(opts.seed)); err != nil {
		return err
	}
	t := calibrate.ExampleTruthOf(s)
	w := opts.out
	path := func(f string) string { return printable(filepath.Join(dir, f)) }
	people, _ := countRows(filepath.Join(dir, "people.csv"))
	fmt.Fprintf(w, "wrote a year of exports (%s to %s) from %s, seed %d:\n", t.From.Format("2006-01-02"), t.AsOf.Format("2006-01-02"), source(s), opts.seed)
	fmt.Fprintf(w, "  %s  %s people through %s\n", path("people.csv"), measure.Count.Format(float64(people)), measure.Count.Plural(float64(len(t.Channels)), "channel"))
	fmt.Fprintf(w, "  %s  each channel's monthly spend\n", path("spend.csv"))
	cmdline := "harvest calibrate --people " + path("people.csv") + " --spend " + path("spend.csv")
	if t.Subscription {
		customers, _ := countRows(filepath.Join(dir, "customers.csv"))
		fmt.Fprintf(w, "  %s  %s, the starting book and the year's wins\n", path("customers.csv"), measure.Count.Plural(float64(customers), "customer"))
		cmdline += " --customers " + path("customers.csv")
	} else {
		// a one-time scenario has no book: a customers.csv left from
		// another run would be calibrated with these files.
		os.Remove(filepath.Join(dir, "customers.csv"))
	}
	fmt.Fprintln(w, "\nthe true values they come from (uncertain values at their means):")
	writeTable(w, "  ", exampleTruthRows(s, t), "ll")
	fmt.Fprintf(w, "\nnow calibrate them and see it recover these:\n  %s -o calibrated.yaml\n", cmdline)
	return nil
}

// exampleTruthRows is the table of the keys calibrate fits and the values
// the example's exports were generated with.
func exampleTruthRows(s *model.Scenario, t calibrate.ExampleTruth) [][]string {
	rows := [][]string{{"key", "true"}}
	pct := func(x float64) string { return measure.Share.Format(x) }
	f := &s.Funnel
	for k := 1; k < len(t.Stages); k++ {
		v := f.Conversion[k].Mean()
		cell := pct(v)
		if t.Handoff >= 0 && k == t.Handoff+1 && t.FollowUp < 1 {
			cell += fmt.Sprintf(" (%s in the data: × follow_up %s)", pct(v*t.FollowUp), measure.Number.Format(t.FollowUp))
		}
		rows = append(rows, []string{"funnel.conversion." + t.Stages[k], cell})
		rows = append(rows, []string{"funnel.months." + t.Stages[k-1], measure.Number.Format(t.Months[k-1])})
	}
	for i, c := range t.Channels {
		ch := &s.Channels[i]
		for k := 1; k < len(t.Stages); k++ {
			if _, ok := ch.Conversion[k]; ok {
				rows = append(rows, []string{"channels." + c.Name + ".conversion." + t.Stages[k], pct(c.Conversion[k])})
			}
		}
		if c.CostPerEntry > 0 && ch.Kind != model.SalesKind {
			rows = append(rows, []string{"channels." + c.Name + ".unit_cost", measure.Money.Format(c.CostPerEntry) + " per entry"})
			rows = append(rows, []string{"channels." + c.Name + ".volatility", measure.Number.Format(c.Volatility)})
		}
	}
	rows = append(rows, []string{"customers.value", measure.Money.Format(t.Value)})
	if t.Subscription {
		rows = append(rows, []string{"customers.churn", pct(t.Churn)})
	}
	return rows
}

// countRows counts a CSV file's lines after its header.
func countRows(name string) (int, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, err
	}
	return max(0, strings.Count(string(data), "\n")-1), nil
}
