package sim

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// blockSize is how many trials a worker takes at a time; the context is
// checked and progress reported between blocks.
const blockSize = 256

// Run simulates the scenario for opts.Trials trials (nil opts: the
// defaults) and returns every trial's outcome.
//
// Trial i draws each uncertain input from its own substream of (seed, i),
// keyed by the input's key path, and each channel's flow, the sales split
// and the customers from substreams of their own: the same seed gives the
// same draws whatever the number of workers, and two scenarios run with the
// same seed share their random numbers wherever they agree. A cancelled
// context stops the run within a trial and returns ctx.Err().
//
// Options beyond their bounds (MaxTrials, MaxHorizon, MaxPaths,
// MaxWorkers) are errors, and a run that would not fit in the machine's
// memory is refused with a *MemoryError, both before anything is
// allocated.
func Run(ctx context.Context, s *model.Scenario, opts *Options) (*Result, error) {
	o, err := resolve(s, opts)
	if err != nil {
		return nil, err
	}
	if err := checkMemory(s, &o); err != nil {
		return nil, err
	}
	c, err := compile(ctx, s, o.Horizon)
	if err != nil {
		return nil, err
	}
	res, cols := newResult(s, c, &o)

	// Workers take blocks of trials from an atomic counter and write each
	// trial's outcomes at its index, so the result does not depend on which
	// worker ran what. Their only failure is a cancelled context, hence a
	// WaitGroup rather than an errgroup. Cancellation sets a flag that the
	// workers read before every trial, so even trials of long horizons stop
	// at once.
	workers := min(o.Workers, (o.Trials+blockSize-1)/blockSize)
	var (
		wg      sync.WaitGroup
		next    atomic.Int64
		stopped atomic.Bool
		mu      sync.Mutex
		done    int
	)
	stop := context.AfterFunc(ctx, func() { stopped.Store(true) })
	defer stop()
	for range workers {
		wg.Go(func() {
			w := newWorker(c, cols, o.Seed)
			for !stopped.Load() {
				start := int(next.Add(blockSize)) - blockSize
				if start >= o.Trials {
					return
				}
				end := min(start+blockSize, o.Trials)
				for i := start; i < end && !stopped.Load(); i++ {
					w.trial(i)
				}
				if o.Progress != nil {
					mu.Lock()
					done += end - start
					o.Progress(done)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// resolve fills in the defaults and checks the options.
func resolve(s *model.Scenario, opts *Options) (Options, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	switch {
	case o.Trials < 0 || o.Trials > MaxTrials:
		return o, fmt.Errorf("sim: trials %d; want 1 to %d", o.Trials, MaxTrials)
	case o.Workers < 0 || o.Workers > MaxWorkers:
		return o, fmt.Errorf("sim: workers %d; want 1 to %d (0: all cores)", o.Workers, MaxWorkers)
	case o.Horizon < 0 || o.Horizon > MaxHorizon:
		return o, fmt.Errorf("sim: horizon %d months; want 1 to %d (0: the scenario's)", o.Horizon, MaxHorizon)
	case o.Paths > MaxPaths:
		return o, fmt.Errorf("sim: paths %d; want at most %d (negative: none)", o.Paths, MaxPaths)
	case s == nil:
		return o, fmt.Errorf("sim: no scenario to run")
	}
	if o.Trials == 0 {
		o.Trials = DefaultTrials
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Horizon == 0 {
		o.Horizon = s.Horizon
	}
	if o.Horizon < 1 || o.Horizon > MaxHorizon {
		return o, fmt.Errorf("scenario %s: horizon_months: %d; want 1 to %d", s.File, o.Horizon, MaxHorizon)
	}
	switch {
	case o.Paths == 0:
		o.Paths = DefaultPaths
	case o.Paths < 0:
		o.Paths = 0
	}
	o.Paths = min(o.Paths, o.Trials)
	return o, nil
}

// newResult allocates every per-trial column and returns the result and the
// workers' view of the same slices.
func newResult(s *model.Scenario, c *compiled, o *Options) (*Result, *columns) {
	n := o.Trials
	res := &Result{
		Scenario: s, Trials: n, Seed: o.Seed, Horizon: o.Horizon,
		Metrics: make(map[string][]float64, len(metricNames)),
	}
	cols := &columns{
		metrics: make([][]float64, len(metricNames)),
		series:  make([][][]float64, len(seriesNames)),
	}
	// One allocation holds every column: the workers' first writes to it
	// are most of a long run's page faults, and on Linux it can ask for
	// huge pages (see hugePages).
	backing := make([]float64, n*columnCount(s))
	hugePages(backing)
	column := func() []float64 {
		col := backing[:n:n]
		backing = backing[n:]
		return col
	}
	for m, name := range metricNames {
		if Measures(s, measure.Of(name), nil) {
			cols.metrics[m] = column()
			res.Metrics[name] = cols.metrics[m]
		}
	}
	for _, name := range s.Funnel.Stages {
		col := column()
		cols.stages = append(cols.stages, col)
		res.Stages = append(res.Stages, StageResult{Name: name, Reached: col})
	}
	cols.channels = make([][][]float64, c.chans)
	for ci, ch := range c.ch {
		cr := ChannelResult{Name: ch.name, Metrics: make(map[string][]float64, len(channelMetricNames))}
		cols.channels[ci] = make([][]float64, len(channelMetricNames))
		for m, name := range channelMetricNames {
			if cm, _ := measure.Channel(name); Measures(s, cm, &s.Channels[ci]) {
				cols.channels[ci][m] = column()
				cr.Metrics[name] = cols.channels[ci][m]
			}
		}
		res.Channels = append(res.Channels, cr)
	}
	for _, in := range c.inputs {
		draws := column()
		cols.inputs = append(cols.inputs, draws)
		res.Inputs = append(res.Inputs, Input{Key: in.key, Value: in.value, Draws: draws})
	}
	res.Paths.Series = make(map[string][][]float64, len(seriesNames))
	res.Paths.Trials = make([]int, o.Paths)
	for i := range res.Paths.Trials {
		res.Paths.Trials[i] = i
	}
	H := o.Horizon
	paths := func() [][]float64 {
		backing := make([]float64, o.Paths*H)
		rows := make([][]float64, o.Paths)
		for p := range rows {
			rows[p] = backing[p*H : (p+1)*H : (p+1)*H]
		}
		return rows
	}
	for si, name := range seriesNames {
		cols.series[si] = paths()
		res.Paths.Series[name] = cols.series[si]
	}
	if m, _ := measure.Series("market_left"); Measures(s, m, nil) {
		cols.marketLeft = paths()
		res.Paths.Series[m.Name] = cols.marketLeft
	}
	if m, _ := measure.Series("cash"); Measures(s, m, nil) {
		cols.cash, cols.netCash = paths(), paths()
		res.Paths.Series["cash"], res.Paths.Series["net_cash_flow"] = cols.cash, cols.netCash
	}
	for _, ch := range c.ch {
		rows := paths()
		cols.chSpend = append(cols.chSpend, rows)
		res.Paths.Series["channels."+ch.name+".spend"] = rows
	}
	return res, cols
}
