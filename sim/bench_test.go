package sim

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
)

// loadBuiltin loads a built-in scenario.
func loadBuiltin(tb testing.TB, name string) *model.Scenario {
	tb.Helper()
	s, err := model.Load(scenarios.FS, name, nil)
	if err != nil {
		tb.Fatalf("load %s: %v", name, err)
	}
	return s
}

// BenchmarkRun: the speed goal is the built-in seed_saas at
// horizon 36 with 100,000 trials in under a second on 2 cores.
func BenchmarkRun(b *testing.B) {
	s := loadBuiltin(b, "seed_saas.yaml")
	for _, bc := range []struct{ trials, horizon, workers int }{
		{100_000, 36, 2},
		{100_000, 36, 1},
		{10_000, 12, 2},
	} {
		name := fmt.Sprintf("scenario=seed_saas/horizon=%d/trials=%d/workers=%d", bc.horizon, bc.trials, bc.workers)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			opts := &Options{Trials: bc.trials, Horizon: bc.horizon, Workers: bc.workers}
			var res *Result
			for b.Loop() {
				var err error
				if res, err = Run(context.Background(), s, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(bc.trials)*float64(b.N)/b.Elapsed().Seconds(), "trials/s")
			// The heap a finished result holds, per trial: its per-trial
			// columns plus the constant of the sampled monthly paths.
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/float64(bc.trials), "heap-B/trial")
			runtime.KeepAlive(res)
		})
	}
}

// BenchmarkTrial is one warm worker's trial of seed_saas at horizon 36.
func BenchmarkTrial(b *testing.B) {
	s := loadBuiltin(b, "seed_saas.yaml")
	o, err := resolve(s, &Options{Trials: 1024, Horizon: 36, Paths: -1})
	if err != nil {
		b.Fatal(err)
	}
	c, err := compile(context.Background(), s, o.Horizon)
	if err != nil {
		b.Fatal(err)
	}
	_, cols := newResult(s, c, &o)
	w := newWorker(c, cols, 1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		w.trial(i % o.Trials)
		i++
	}
}

// BenchmarkSummary is a 100,000-trial seed_saas result's summary: every
// metric, stage and channel metric sorted for its percentiles.
func BenchmarkSummary(b *testing.B) {
	s := loadBuiltin(b, "seed_saas.yaml")
	res, err := Run(context.Background(), s, &Options{Trials: 100_000, Horizon: 36})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res.Summary()
	}
}

// BenchmarkCompile is a run's start-up: compiling a built-in scenario,
// its inputs' quantile tables built side by side from an empty cache, as
// in a fresh process.
func BenchmarkCompile(b *testing.B) {
	for _, info := range scenarios.List() {
		s := loadBuiltin(b, info.File)
		b.Run("scenario="+info.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				forgetTables()
				if _, err := compile(context.Background(), s, s.Horizon); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/compile")
		})
	}
}

// BenchmarkQuantileTable is one input's quantile table, built on one core:
// the CPU a run's start-up spends on it.
func BenchmarkQuantileTable(b *testing.B) {
	for _, v := range []model.Value{
		{Family: model.Beta, Alpha: 18.2, Beta: 39.3},
		{Family: model.PERT, Min: 1, Mode: 2, Max: 4, Alpha: 2.5, Beta: 3.5},
		{Family: model.Gamma, Alpha: 50, Beta: 2},
		{Family: model.LogNormal, Mu: 4.8, Sigma: 0.25},
		{Family: model.Normal, Mu: 0.01, Sigma: 0.005},
	} {
		b.Run("family="+v.Family.String(), func(b *testing.B) {
			for b.Loop() {
				buildTable(context.Background(), v)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/table")
		})
	}
}

// forgetTables empties the quantile tables' cache.
func forgetTables() {
	tables.Clear()
	tableCount.Store(0)
}
