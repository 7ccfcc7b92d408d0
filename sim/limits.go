package sim

import (
	"fmt"
	"math/bits"
	"runtime"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// Upper bounds of a run's options, checked before anything is allocated.
// Trials are bounded further by the machine's memory (MemoryError).
const (
	// MaxTrials keeps every count of numbers a run holds well inside an
	// int: a billion trials of a hundred thousand columns still fit.
	// Memory refuses far fewer on any machine of today.
	MaxTrials = 1_000_000_000
	// MaxHorizon is model's bound of horizon_months, for a horizon given
	// in the options.
	MaxHorizon = model.MaxHorizon
	// MaxPaths is the most trials whose monthly series a run keeps: the
	// percentiles of a month over 100,000 paths are already within a
	// fraction of a percent, and they take 4.3 GB at 600 months.
	MaxPaths = 100_000
	// MaxWorkers is the most goroutines a run starts; more than the cores
	// only adds buffers.
	MaxWorkers = 1024
)

// A MemoryError is a run refused because it would not fit in the
// machine's memory: Need, about what the run would hold, is more than
// the memory Available to it (Linux's MemAvailable) of Total.
type MemoryError struct {
	Trials, Paths, Horizon int
	Need, Available, Total uint64
	pathsNeed, columnsNeed uint64
}

func (e *MemoryError) Error() string {
	what := measure.Whole(e.Trials) + " trials need"
	if e.Trials == 1 {
		what = "1 trial needs"
	}
	if e.pathsNeed > e.columnsNeed {
		what = fmt.Sprintf("the monthly series of %s trials over %s need", measure.Whole(e.Paths), measure.Count.Plural(float64(e.Horizon), "month"))
	}
	return fmt.Sprintf("%s about %s of memory; this machine has %s available (%s in all)",
		what, measure.Bytes(e.Need), measure.Bytes(e.Available), measure.Bytes(e.Total))
}

// columnCount is the number of per-trial columns a run of s holds: every
// metric, each stage's people reached, each channel's metrics and each
// uncertain input's draws.
func columnCount(s *model.Scenario) int {
	n := len(s.Funnel.Stages)
	for _, name := range metricNames {
		if Measures(s, measure.Of(name), nil) {
			n++
		}
	}
	for i := range s.Channels {
		for _, name := range channelMetricNames {
			if m, _ := measure.Channel(name); Measures(s, m, &s.Channels[i]) {
				n++
			}
		}
	}
	for _, nv := range s.AllValues() {
		if !nv.Value.IsFixed() {
			n++
		}
	}
	return n
}

// seriesCount is the number of monthly series a run of s keeps for each
// sampled path: the catalog's (market_left with a market, cash and
// net_cash_flow with a company section) and each
// channel's spend.
func seriesCount(s *model.Scenario) int {
	n := len(seriesNames) + len(s.Channels)
	if m, _ := measure.Series("market_left"); Measures(s, m, nil) {
		n++
	}
	if m, _ := measure.Series("cash"); Measures(s, m, nil) {
		n += 2 // cash and net_cash_flow
	}
	return n
}

// checkMemory refuses a run (resolved options o) that would not fit in
// the memory available, where the system says how much that is. A run
// holds its columns, 8 bytes a trial each, and the kept paths' series, 8
// bytes a month each; summarising it sorts a column on each core, with
// three trial-long buffers.
func checkMemory(s *model.Scenario, o *Options) error {
	available, total, ok := machineMemory()
	if !ok {
		return nil
	}
	perTrial := uint64(columnCount(s) + 3*runtime.GOMAXPROCS(0))
	columns := mulSat(mulSat(uint64(o.Trials), perTrial), 8)
	paths := mulSat(mulSat(mulSat(uint64(o.Paths), uint64(seriesCount(s))), uint64(o.Horizon)), 8)
	need, carry := bits.Add64(columns, paths, 0)
	if carry != 0 {
		need = ^uint64(0)
	}
	if need <= available {
		return nil
	}
	return &MemoryError{
		Trials: o.Trials, Paths: o.Paths, Horizon: o.Horizon,
		Need: need, Available: available, Total: total,
		pathsNeed: paths, columnsNeed: columns,
	}
}

// mulSat is a·b, or the largest uint64 when that overflows.
func mulSat(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi != 0 {
		return ^uint64(0)
	}
	return lo
}
