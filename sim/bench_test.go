package sim

import (
	"context"
	"fmt"
	"math"
	"os"
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

// calendarScenario is testdata/annual_plan.yaml with every calendar
// feature set in code (the file says which): what the calendar's engine
// costs, against seed_saas.
func calendarScenario(tb testing.TB) *model.Scenario {
	tb.Helper()
	s, err := model.Load(os.DirFS("testdata"), "annual_plan.yaml", nil)
	if err != nil {
		tb.Fatalf("load annual_plan.yaml: %v", err)
	}
	lognormal := func(low, high float64) model.Value {
		return model.Value{Family: model.LogNormal, Domain: model.Positive,
			Mu: (math.Log(low) + math.Log(high)) / 2, Sigma: (math.Log(high) - math.Log(low)) / (2 * 1.6449)}
	}
	s.Calendar = model.Calendar{Start: model.Month{Year: 2027, Month: 1},
		Seasonality: []float64{0.8, 0.9, 1, 1, 1, 0.9, 0.7, 0.7, 1.1, 1.2, 1.3, 1.3}}
	s.Market = &model.Market{Size: lognormal(60000, 120000)}
	channel := func(name string) *model.Channel {
		for i := range s.Channels {
			if s.Channels[i].Name == name {
				return &s.Channels[i]
			}
		}
		tb.Fatalf("annual_plan.yaml: no channel %s", name)
		return nil
	}
	events := channel("events")
	events.Seasonality = []float64{0, 0, 2.5, 0, 0, 2.5, 0, 0, 2.5, 0, 0, 2.5} // a show a quarter
	channel("paid_search").Spend = model.Schedule{{Month: 1, Value: 40000}, {Month: 10, Value: 60000}, {Month: 13, Value: 40000}}
	channel("content_seo").PriorSpend = 15000
	sdr := channel("sdr_outbound")
	sdr.Headcount = model.Schedule{{Month: 1, Value: 2}, {Month: 4, Value: 3}, {Month: 13, Value: 4}}
	sdr.Spend = sdr.Headcount.Scaled(sdr.CostPerHead)
	sdr.RampMonths = 2
	sdr.Audience, sdr.HasAudience = lognormal(1500, 3000), true
	sdr.Turnover = model.Turnover{Attrition: fixed(0.04), HasAttrition: true, Backfill: true, TimeToFill: 1}
	s.Sales.Turnover = model.Turnover{Attrition: model.Value{Family: model.Beta, Domain: model.Probability, Alpha: 4, Beta: 150},
		HasAttrition: true, Backfill: true, TimeToFill: 2}
	s.Sales.Cuts = []model.Hire{{Month: 24, Reps: 1}}
	s.Customers.StartingMRR, s.Customers.HasStartingMRR = fixed(500000), true
	return s
}

// BenchmarkRun: the speed goal is the built-in seed_saas at
// horizon 36 with 100,000 trials in under a second on 2 cores; the
// calendar's features cost what annual_plan costs beyond it.
func BenchmarkRun(b *testing.B) {
	seed := loadBuiltin(b, "seed_saas.yaml")
	annual := calendarScenario(b)
	for _, bc := range []struct {
		scenario                 string
		trials, horizon, workers int
	}{
		{"seed_saas", 100_000, 36, 2},
		{"seed_saas", 100_000, 36, 1},
		{"seed_saas", 10_000, 12, 2},
		{"annual_plan", 100_000, 36, 2},
		{"annual_plan", 100_000, 36, 1},
	} {
		s := seed
		if bc.scenario == "annual_plan" {
			s = annual
		}
		name := fmt.Sprintf("scenario=%s/horizon=%d/trials=%d/workers=%d", bc.scenario, bc.horizon, bc.trials, bc.workers)
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

// BenchmarkTrial is one warm worker's trial at horizon 36, of seed_saas
// and of annual_plan (every calendar feature).
func BenchmarkTrial(b *testing.B) {
	for _, sc := range []struct {
		name string
		s    *model.Scenario
	}{
		{"seed_saas", loadBuiltin(b, "seed_saas.yaml")},
		{"annual_plan", calendarScenario(b)},
	} {
		b.Run("scenario="+sc.name, func(b *testing.B) {
			s := sc.s
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
		})
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
