package sim

import (
	"context"
	"fmt"
	"runtime"
	"slices"
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

// withoutCalendar is s with the calendar's features taken out: no
// calendar, market or audiences, each schedule at its mean, no prior
// spend, nobody leaving, no starting MRR. The same funnel with and
// without them measures what the features cost.
func withoutCalendar(s *model.Scenario) *model.Scenario {
	flat := *s
	flat.Calendar, flat.Market = model.Calendar{}, nil
	flat.Channels = slices.Clone(s.Channels)
	for i := range flat.Channels {
		ch := &flat.Channels[i]
		ch.Spend = model.Schedule{{Month: 1, Value: ch.Spend.Mean(s.Horizon)}}
		if len(ch.Headcount) > 0 {
			ch.Headcount = model.Schedule{{Month: 1, Value: ch.Headcount.Mean(s.Horizon)}}
		}
		ch.PriorSpend, ch.Seasonality, ch.HasAudience, ch.Turnover = 0, nil, false, model.Turnover{}
	}
	flat.Sales.Turnover = model.Turnover{}
	flat.Customers.HasStartingMRR = false
	return &flat
}

// withCash is s with a company section, and withoutCash without one: the
// same funnel with and without measures what cash costs. The section
// bills a year upfront and is paid in 45 days, the costliest way.
func withCash(s *model.Scenario) *model.Scenario {
	c := *s
	c.Company = &model.Company{Cash: 2.5e6, OtherCosts: model.Schedule{{Month: 1, Value: 180000}, {Month: 13, Value: 220000}},
		Billing: model.AnnualUpfront, PaymentDays: 45}
	return &c
}

func withoutCash(s *model.Scenario) *model.Scenario {
	c := *s
	c.Company = nil
	return &c
}

// BenchmarkRun: the speed goal is the built-in seed_saas at
// horizon 36 with 100,000 trials in under a second on 2 cores; the
// calendar's features (a market, seasons, schedules, hires, people who
// leave, the starting book) cost what the built-in annual_plan costs
// beyond it; a company section, what seed_saas_cash costs beyond
// seed_saas (issue 15: under 10%).
func BenchmarkRun(b *testing.B) {
	seed := withoutCash(loadBuiltin(b, "seed_saas.yaml"))
	cash := withCash(seed)
	annual := loadBuiltin(b, "annual_plan.yaml")
	flat := withoutCalendar(annual)
	for _, bc := range []struct {
		scenario                 string
		trials, horizon, workers int
	}{
		{"seed_saas", 100_000, 36, 2},
		{"seed_saas", 100_000, 36, 1},
		{"seed_saas", 10_000, 12, 2},
		{"seed_saas_cash", 100_000, 36, 2},
		{"seed_saas_cash", 100_000, 36, 1},
		{"annual_plan", 100_000, 36, 2},
		{"annual_plan", 100_000, 36, 1},
		{"annual_plan_flat", 100_000, 36, 2},
	} {
		s := map[string]*model.Scenario{"seed_saas": seed, "seed_saas_cash": cash, "annual_plan": annual, "annual_plan_flat": flat}[bc.scenario]
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
// without and with a company section, and of the built-in annual_plan
// (every calendar feature).
func BenchmarkTrial(b *testing.B) {
	for _, sc := range []struct {
		name string
		s    *model.Scenario
	}{
		{"seed_saas", withoutCash(loadBuiltin(b, "seed_saas.yaml"))},
		{"seed_saas_cash", withCash(loadBuiltin(b, "seed_saas.yaml"))},
		{"annual_plan", loadBuiltin(b, "annual_plan.yaml")},
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
