package plan

import (
	"context"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// goalBench loads a built-in for goal's benchmarks.
func goalBench(b *testing.B, name string) *model.Scenario {
	b.Helper()
	s, err := model.Load(scenarios.FS, name+".yaml", nil)
	if err != nil {
		b.Fatalf("load %s: %v", name, err)
	}
	return s
}

// BenchmarkGoalPlan is `harvest goal seed_saas` (the plan lever, the
// scenario's own target of 45 new customers at 80%) with the CLI's 10,000
// trials: runs is the engine runs it made, trials the trials they drew
// together. Run with -benchtime=1x -cpu=2.
func BenchmarkGoalPlan(b *testing.B) {
	s := goalBench(b, "seed_saas")
	opts := &sim.Options{Trials: 10000, Seed: 1}
	var runs, trials int
	for b.Loop() {
		rn := 0
		o := *opts
		o.Progress = func(done int) { rn = max(rn, done) }
		g, err := Goal(context.Background(), s, &o, GoalSpec{Lever: LeverPlan})
		if err != nil {
			b.Fatal(err)
		}
		if !g.Reached {
			b.Fatalf("seed_saas's own target out of reach: %s", g.Finding)
		}
		runs, trials = g.Evaluations, rn
	}
	b.ReportMetric(float64(runs), "runs")
	b.ReportMetric(float64(trials), "trials")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
}

// BenchmarkGoalPath is the plan lever's path alone on seed_saas, up to 20
// times today's monthly cost: the expected-flow model, no simulation.
func BenchmarkGoalPath(b *testing.B) {
	s := goalBench(b, "seed_saas")
	var points int
	for b.Loop() {
		p := newGoalPath(s, "new_customers", 20*MonthlyCost(s), false)
		points = len(p.points)
	}
	b.ReportMetric(float64(points), "points")
}
