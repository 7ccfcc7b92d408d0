package sim

import "github.com/harvest-planning/harvest/model"

// DefaultTrials, DefaultSeed and DefaultPaths are the options' defaults.
const (
	DefaultTrials = 10000
	DefaultSeed   = 1
	DefaultPaths  = 2000
)

// Options are a run's settings; the zero value means the defaults.
type Options struct {
	Trials  int    // 0: DefaultTrials
	Seed    uint64 // 0: DefaultSeed
	Workers int    // 0: all cores (runtime.GOMAXPROCS)
	Horizon int    // 0: the scenario's horizon_months
	// Paths is how many trials keep their monthly series (the first Paths
	// trials by index); 0: DefaultPaths, negative: none.
	Paths int
	// Progress, when not nil, is called now and then with the number of
	// trials finished so far. It may be called from any goroutine, but never
	// from two at once.
	Progress func(done int)
}

// Result holds every trial's outcome. Per-trial slices have one entry per
// trial in trial order; NaN marks a value undefined in that trial.
type Result struct {
	Scenario *model.Scenario
	Trials   int
	Seed     uint64
	Horizon  int

	// Metrics maps each of measure.Names to its per-trial values.
	Metrics map[string][]float64
	// Stages has one entry per funnel stage, in funnel order.
	Stages []StageResult
	// Channels has one entry per channel, in the scenario's order.
	Channels []ChannelResult
	// Paths holds monthly series for the first trials.
	Paths Paths
	// Inputs holds each uncertain value's per-trial draws, for sensitivity.
	Inputs []Input
}

// StageResult is the number of people reaching a stage, per trial.
type StageResult struct {
	Name    string
	Reached []float64
}

// ChannelResult is one channel's per-trial metrics, by measure.ChannelNames.
type ChannelResult struct {
	Name    string
	Metrics map[string][]float64
}

// Paths are monthly series for a sample of trials.
type Paths struct {
	// Trials are the sampled trials' indices.
	Trials []int
	// Series maps each of measure.SeriesNames to [sample][month] values,
	// months 1..Horizon at indices 0..Horizon-1. Without a sales section,
	// handed_off, capacity, taken_on and queue are 0. It also holds
	// "channels.NAME.spend", each channel's own spend in the month (every
	// run), and with a market "market_left", the people in it not yet
	// reached at the month's end, and with a company section "cash" and
	// "net_cash_flow"; measure.Series describes them all.
	Series map[string][][]float64
}

// Input is one uncertain value of the scenario and its per-trial draws.
type Input struct {
	// Key is the value's key path in the scenario, e.g. "funnel.conversion.mql".
	Key   string
	Value model.Value
	Draws []float64
}
