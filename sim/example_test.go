package sim_test

import (
	"fmt"
	"math"

	"github.com/harvest-planning/harvest/sim"
)

// Summarize leaves undefined trials (NaN, such as CAC without customers)
// out of the statistics and counts them.
func ExampleSummarize() {
	cac := []float64{4000, math.NaN(), 5000, 3000, 6000}
	st := sim.Summarize(cac)
	fmt.Printf("mean %.0f, p50 %.0f, p90 %.0f, undefined %d\n", st.Mean, st.P50, st.P90, st.Undefined)
	// Output: mean 4500, p50 4500, p90 5700, undefined 1
}
