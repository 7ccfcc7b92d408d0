package calibrate_test

import (
	"fmt"
	"strings"
	"testing/fstest"
	"time"

	"github.com/harvest-planning/harvest/calibrate"
)

// Read a people export and fit the move from lead to mql. The 20 people
// who arrived in the export's month may still move on: they are censored,
// not lost, so the conversion is 30 of the 100 decided, not 30 of 120.
func Example() {
	data := "channel,created,mql\n" + strings.Repeat("search,2026-01-10,2026-02-03\n", 30) +
		strings.Repeat("search,2026-01-12,\n", 70) + strings.Repeat("search,2026-06-20,\n", 20)
	fsys := fstest.MapFS{"people.csv": {Data: []byte(data)}}
	p, err := calibrate.ReadPeople(fsys, "people.csv", []string{"lead", "mql"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := p.Evidence(1, "", time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
	f, err := calibrate.Conversion(e, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d at risk, %d moved\n", f.AtRisk, f.Moved)
	fmt.Printf("conversion %.1f%% ± %.1f%%: %s\n", 100*f.Mean, 100*f.SD, f.Conversion.Describe())
	fmt.Printf("months %.2f ± %.2f: %s\n", f.MonthsMean, f.MonthsSD, f.Months.Describe())
	// Output:
	// 120 at risk, 30 moved
	// conversion 30.0% ± 5.1%: beta(α=24.1, β=56.2)
	// months 1.49 ± 0.62: lognormal(μ=0.317, σ=0.4)
}
