package plots

import (
	"context"
	"io"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// BenchmarkReport measures what `harvest report` does after the engine
// runs: summarising the run once (plan.Review: every metric, each monthly
// series, the findings) and writing the page with every chart, on the
// built-in default's run of 10,000 trials with 2,000 kept paths.
func BenchmarkReport(b *testing.B) {
	s, err := model.Load(scenarios.FS, "seed_saas.yaml", nil)
	if err != nil {
		b.Fatal(err)
	}
	r, err := sim.Run(context.Background(), s, &sim.Options{Trials: 10000, Seed: 1, Paths: 2000})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Report(io.Discard, plan.Review(r), "built-in seed_saas"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/report")
}
