package plan

import (
	"context"
	"fmt"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// benchScenario loads the built-in seed_saas scenario.
func benchScenario(b *testing.B) *model.Scenario {
	b.Helper()
	s, err := model.Load(scenarios.FS, "seed_saas.yaml", nil)
	if err != nil {
		b.Fatalf("load seed_saas: %v", err)
	}
	return s
}

// BenchmarkOptimize is `harvest optimize --budget 64000 --frontier 0` on
// seed_saas with the CLI's defaults (10,000 trials for the answer). plans
// is the engine runs the search made; an iteration takes seconds, so run
// it with -benchtime=1x.
func BenchmarkOptimize(b *testing.B) {
	s := benchScenario(b)
	opts := &sim.Options{Trials: 10000, Seed: 1}
	spec := OptimizeSpec{Budget: 64000}
	var plans, trials int
	for b.Loop() {
		o, err := Optimize(context.Background(), s, opts, spec)
		if err != nil {
			b.Fatal(err)
		}
		plans, trials = o.Evaluations, o.EngineTrials
	}
	b.ReportMetric(float64(plans), "plans")
	b.ReportMetric(float64(trials), "trials/answer")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
}

// BenchmarkFrontier is the frontier `harvest optimize --budget 64000` adds
// by default: six budgets from $16k to $128k on seed_saas.
func BenchmarkFrontier(b *testing.B) {
	s := benchScenario(b)
	opts := &sim.Options{Trials: 10000, Seed: 1}
	spec := OptimizeSpec{Budget: 64000}
	budgets := FrontierBudgets(64000, 6)
	var plans int
	for b.Loop() {
		f, err := Frontier(context.Background(), s, opts, spec, budgets)
		if err != nil {
			b.Fatal(err)
		}
		plans = f.Evaluations
	}
	b.ReportMetric(float64(plans), "plans")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
}

// BenchmarkEvaluation is one engine run of a seed_saas split, as the
// search makes them, by trial count.
func BenchmarkEvaluation(b *testing.B) {
	s := benchScenario(b)
	for _, trials := range []int{500, 2000} {
		b.Run(fmt.Sprintf("trials=%d", trials), func(b *testing.B) {
			p, err := newProblem(s, OptimizeSpec{Budget: 64000})
			if err != nil {
				b.Fatal(err)
			}
			ev := newEvaluator(context.Background(), p, newRunner(&sim.Options{Trials: 10000, Seed: 1}, false), OptimizeSpec{SearchTrials: trials})
			x := project(p, nil)
			b.ReportAllocs()
			for b.Loop() {
				clear(ev.cache)
				ev.count = 0
				if _, err := ev.eval(x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
