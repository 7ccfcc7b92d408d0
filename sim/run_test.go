package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

func TestOptions(t *testing.T) {
	s := funnelScenario(6, []string{"lead", "customer"}, 0.5)
	tests := []struct {
		name    string
		s       *model.Scenario
		opts    *Options
		wantErr string
	}{
		{"negative trials", s, &Options{Trials: -1}, "trials -1"},
		{"negative workers", s, &Options{Workers: -2}, "workers -2"},
		{"negative horizon", s, &Options{Horizon: -3}, "horizon -3"},
		{"no scenario", nil, nil, "no scenario"},
		{"hill without max", func() *model.Scenario {
			s := funnelScenario(6, []string{"lead", "customer"}, 0.5)
			s.Channels[0].Response = model.Hill
			return s
		}(), nil, "channels.ads.max_per_month"},
		{"negative spend", func() *model.Scenario {
			s := funnelScenario(6, []string{"lead", "customer"}, 0.5)
			s.Channels[0].Spend = model.Constant(-5)
			return s
		}(), nil, "spend -5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.s, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v; want one containing %q", err, tt.wantErr)
			}
		})
	}

	t.Run("defaults and overrides", func(t *testing.T) {
		res := run(t, s, &Options{Trials: 10, Horizon: 9, Paths: 4})
		if res.Trials != 10 || res.Horizon != 9 || res.Seed != DefaultSeed {
			t.Fatalf("got trials %d, horizon %d, seed %d; want 10, 9, %d", res.Trials, res.Horizon, res.Seed, DefaultSeed)
		}
		if got := len(res.Paths.Series["revenue"]); got != 4 {
			t.Fatalf("paths got %d; want 4", got)
		}
		if got := len(res.Paths.Series["revenue"][3]); got != 9 {
			t.Fatalf("months per path got %d; want 9", got)
		}
		none := run(t, s, &Options{Trials: 10, Paths: -1})
		if got := len(none.Paths.Series["revenue"]); got != 0 {
			t.Fatalf("paths with Paths < 0 got %d; want 0", got)
		}
		def := run(t, s, nil)
		if def.Trials != DefaultTrials || def.Horizon != 6 || len(def.Paths.Trials) != DefaultPaths {
			t.Fatalf("nil options got trials %d, horizon %d, paths %d; want %d, 6, %d",
				def.Trials, def.Horizon, len(def.Paths.Trials), DefaultTrials, DefaultPaths)
		}
	})
}

// TestWorkers: one worker and eight give byte-identical summaries.
func TestWorkers(t *testing.T) {
	s := richScenario()
	var out [2][]byte
	for k, workers := range []int{1, 8} {
		res := run(t, s, &Options{Trials: 3000, Seed: 42, Workers: workers})
		b, err := json.Marshal(res.Summary())
		if err != nil {
			t.Fatal(err)
		}
		out[k] = b
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Fatalf("summary with 8 workers differs from 1 worker:\n%s\n%s", out[0], out[1])
	}
}

// TestCancel: a cancelled run stops within a second and returns the
// context's error.
func TestCancel(t *testing.T) {
	s := richScenario()
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	progress := func(done int) {
		if cancelled.IsZero() {
			cancelled = time.Now()
			cancel()
		}
	}
	_, err := Run(ctx, s, &Options{Trials: 20_000, Horizon: 240, Workers: 2, Paths: -1, Progress: progress})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got error %v; want context.Canceled", err)
	}
	if d := time.Since(cancelled); d > 500*time.Millisecond {
		t.Fatalf("run stopped %v after cancel; want under 500ms", d)
	}
}

// TestProgress: progress counts up to the trials, never twice at once.
func TestProgress(t *testing.T) {
	s := funnelScenario(6, []string{"lead", "customer"}, 0.5)
	last, calls := 0, 0
	run(t, s, &Options{Trials: 1000, Workers: 3, Progress: func(done int) {
		if done <= last {
			t.Errorf("progress went from %d to %d", last, done)
		}
		last = done
		calls++
	}})
	if last != 1000 || calls != 4 {
		t.Fatalf("progress got %d after %d calls; want 1000 after 4 blocks", last, calls)
	}
}

// TestSummarize against numpy.percentile (linear) of hand-sorted samples.
func TestSummarize(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		xs   []float64
		want Stats
	}{
		{
			// sorted: 1 1 2 3 4 5 6 9; p at q·7: 0.35, 0.7, 1.75, 3.5, 5.25, 6.3, 6.65
			name: "eight values and two undefined",
			xs:   []float64{3, 1, nan, 4, 1, 5, 9, inf, 2, 6},
			want: Stats{Mean: 3.875, SD: math.Sqrt(52.875 / 7), Min: 1, Max: 9,
				P5: 1, P10: 1, P25: 1.75, P50: 3.5, P75: 5.25, P90: 6.9, P95: 7.95,
				Undefined: 2, Overflow: 1, Defined: 8},
		},
		{
			// sorted: 10 20 30 40 50; positions q·4: 0.2 0.4 1 2 3 3.6 3.8
			name: "five values",
			xs:   []float64{50, 10, 40, 20, 30},
			want: Stats{Mean: 30, SD: math.Sqrt(250), Min: 10, Max: 50,
				P5: 12, P10: 14, P25: 20, P50: 30, P75: 40, P90: 46, P95: 48, Defined: 5},
		},
		{
			name: "one value",
			xs:   []float64{7},
			want: Stats{Mean: 7, Min: 7, Max: 7, P5: 7, P10: 7, P25: 7, P50: 7, P75: 7, P90: 7, P95: 7, Defined: 1},
		},
		{name: "none defined", xs: []float64{nan, nan, -inf}, want: Stats{Undefined: 3, Overflow: 1}},
		{
			// The sum and the squares leave the float range; the statistics do not.
			name: "values near the float range's end",
			xs:   []float64{1.5e308, 1.7e308, 1.6e308},
			want: Stats{Mean: 1.6e308, SD: 1e307, Min: 1.5e308, Max: 1.7e308,
				P5: 1.51e308, P10: 1.52e308, P25: 1.55e308, P50: 1.6e308, P75: 1.65e308, P90: 1.68e308, P95: 1.69e308, Defined: 3},
		},
		{
			// Neighbours 3.4e308 apart: the interpolation still lands between them.
			name: "values at both ends of the float range",
			xs:   []float64{-1.7e308, 1.7e308, -1.7e308, 1.7e308, 1.7e308},
			want: Stats{Mean: 0.34e308, SD: math.Inf(1), Min: -1.7e308, Max: 1.7e308,
				P5: -1.7e308, P10: -1.7e308, P25: -1.7e308, P50: 1.7e308, P75: 1.7e308, P90: 1.7e308, P95: 1.7e308, Defined: 5},
		},
		{name: "empty", xs: nil, want: Stats{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(tt.xs)
			if tt.want.Defined > 0 {
				tt.want.SE = tt.want.SD / math.Sqrt(float64(tt.want.Defined))
			}
			g, w := statFields(got), statFields(tt.want)
			for k := range g {
				if g[k] != w[k] && !(math.Abs(g[k]-w[k]) <= 1e-12*math.Max(1, math.Abs(w[k]))) {
					t.Errorf("%s: got %v; want %v", statNames[k], g[k], w[k])
				}
			}
		})
	}
}

var statNames = []string{"mean", "sd", "se", "min", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "max", "undefined", "overflow", "defined"}

func statFields(s Stats) []float64 {
	return []float64{s.Mean, s.SD, s.SE, s.Min, s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95, s.Max,
		float64(s.Undefined), float64(s.Overflow), float64(s.Defined)}
}

func TestStatsJSON(t *testing.T) {
	tests := []struct {
		name string
		s    Stats
		want string
	}{
		{"none defined", Stats{Undefined: 5}, `{"undefined":5}`},
		{"none defined, some overflowing", Stats{Undefined: 5, Overflow: 2}, `{"undefined":5,"overflow":2}`},
		{"an sd past the float range", Summarize([]float64{-1.7e308, 1.7e308, math.Inf(1)}),
			`{"mean":0,"sd":null,"se":null,"min":-1.7e+308,"p5":-1.5299999999999998e+308,"p10":-1.3600000000000001e+308,"p25":-8.499999999999999e+307,"p50":0,"p75":8.499999999999999e+307,"p90":1.3600000000000001e+308,"p95":1.5299999999999998e+308,"max":1.7e+308,"undefined":1,"overflow":1}`},
		{"defined", Summarize([]float64{1, 3}),
			`{"mean":2,"sd":1.4142135623730951,"se":1,"min":1,"p5":1.1,"p10":1.2,"p25":1.5,"p50":2,"p75":2.5,"p90":2.8,"p95":2.9,"max":3,"undefined":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.s)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Fatalf("got %s; want %s", b, tt.want)
			}
		})
	}
}

// TestTargets: a target's probability is met trials over all trials, and
// an undefined trial has not met it.
func TestTargets(t *testing.T) {
	r := &Result{Trials: 5, Metrics: map[string][]float64{"cac": {1, 2, math.NaN(), 4, 5}}}
	tests := []struct {
		target model.Target
		want   float64
	}{
		{model.Target{Metric: "cac", Value: 4, Max: true}, 3.0 / 5},
		{model.Target{Metric: "cac", Value: 4}, 2.0 / 5},
		{model.Target{Metric: "cac", Value: 9}, 0},
	}
	for _, tt := range tests {
		if got := r.TargetProbability(tt.target); got != tt.want {
			t.Errorf("%+v: got %g; want %g", tt.target, got, tt.want)
		}
	}
	if got := r.TargetProbability(model.Target{Metric: "nope"}); !math.IsNaN(got) {
		t.Errorf("unknown metric: got %g; want NaN", got)
	}
}

// TestSummarySchema: the summary has every metric, stage, channel metric
// and target, and marshals to JSON whatever is undefined.
func TestSummarySchema(t *testing.T) {
	s := richScenario()
	sum := run(t, s, &Options{Trials: 200}).Summary()
	for _, name := range measure.Names() {
		if _, ok := sum.Metrics[name]; !ok && measure.Of(name).Needs == "" {
			t.Errorf("metrics: no %s", name)
		}
	}
	for _, st := range s.Funnel.Stages {
		if _, ok := sum.Stages[st]; !ok {
			t.Errorf("stages: no %s", st)
		}
	}
	for _, ch := range s.Channels {
		for _, name := range measure.ChannelNames() {
			if m, _ := measure.Channel(name); m.Needs != "" {
				continue // the rich scenario has no market, audience or attrition
			}
			if _, ok := sum.Channels[ch.Name][name]; !ok {
				t.Errorf("channels.%s: no %s", ch.Name, name)
			}
		}
	}
	if len(sum.Targets) != 2 {
		t.Errorf("targets: got %d; want 2", len(sum.Targets))
	}
	if _, err := json.Marshal(sum); err != nil {
		t.Fatalf("marshal: %v", err)
	}
}

// TestTrialAllocs: a warm worker runs a trial without allocating.
func TestTrialAllocs(t *testing.T) {
	assertNoTrialAllocs(t, richScenario())
}

// assertNoTrialAllocs fails unless a warm worker runs a trial of s
// without allocating.
func assertNoTrialAllocs(t *testing.T, s *model.Scenario) {
	t.Helper()
	o := Options{Trials: 64, Seed: 1, Horizon: 18, Paths: 8}
	c, err := compile(context.Background(), s, o.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	_, cols := newResult(s, c, &o)
	w := newWorker(c, cols, o.Seed)
	i := 0
	allocs := testing.AllocsPerRun(50, func() {
		w.trial(i % o.Trials)
		i++
	})
	if allocs != 0 {
		t.Fatalf("allocations per trial: got %g; want 0", allocs)
	}
}

// TestSortFloats compares the radix sort with slices.Sort on columns like
// the engine's: whole counts, money with fractions, both signs, and values
// spanning many orders of magnitude.
func TestSortFloats(t *testing.T) {
	var rng stream
	rng.reset(1, 2, 3)
	gens := map[string]func() float64{
		"counts":    func() float64 { return float64(rng.poisson(40)) },
		"money":     func() float64 { return 1e5 * rng.normal() },
		"ratios":    func() float64 { return rng.normal() / (0.01 + rng.float64()) },
		"magnitude": func() float64 { return math.Ldexp(rng.float64(), int(rng.uint64()%200)-100) },
		"constant":  func() float64 { return 17 },
	}
	for name, gen := range gens {
		for _, n := range []int{0, 5, 1023, 1024, 20_000} {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = gen()
			}
			want := slices.Clone(xs)
			slices.Sort(want)
			var b sortBuffers
			b.sort(xs)
			if !slices.Equal(xs, want) {
				t.Errorf("%s, n=%d: radix sort differs from slices.Sort", name, n)
			}
		}
	}
}

// TestOverflow: a value past the float range (an overflowing sum) is
// counted undefined, as Overflow rather than for the catalog's reason;
// every statistic stays a finite number and the summary's JSON encodes.
// The engine itself cannot overflow on a valid scenario: an expansion of
// 1000 a month (issue 12) written in code is held to the key's bound, and
// revenue stays finite.
func TestOverflow(t *testing.T) {
	s := funnelScenario(120, []string{"lead", "customer"}, 0.5)
	s.Customers.Expansion = fixed(1000)
	s.Customers.Starting = 10
	res := run(t, s, &Options{Trials: 50, Workers: 2})
	for _, x := range res.Metrics["revenue"] {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			t.Fatalf("revenue %g with expansion held to its bound; want a finite number", x)
		}
	}
	for _, name := range []string{"revenue", "new_revenue", "ending_mrr"} {
		for i := range res.Metrics[name] {
			res.Metrics[name][i] = math.Inf(1)
		}
	}
	sum := res.Summary()
	for name, st := range sum.Metrics {
		for k, x := range statFields(st) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s: %s is %g; want a finite number", name, statNames[k], x)
			}
		}
		if st.Overflow > st.Undefined {
			t.Errorf("%s: %d overflowing of %d undefined; want overflow counted among the undefined", name, st.Overflow, st.Undefined)
		}
	}
	for _, name := range []string{"revenue", "new_revenue", "ending_mrr"} {
		if st := sum.Metrics[name]; st.Overflow != 50 {
			t.Errorf("%s: %d of 50 trials overflow (undefined %d); want all 50", name, st.Overflow, st.Undefined)
		}
	}
	for _, name := range []string{"spend", "new_customers", "cac", "ltv"} {
		if st := sum.Metrics[name]; st.Undefined != 0 {
			t.Errorf("%s: %d undefined; want none", name, st.Undefined)
		}
	}
	b, err := json.Marshal(sum)
	if err != nil {
		t.Fatalf("the summary's JSON: %v", err)
	}
	if !bytes.Contains(b, []byte(`"revenue":{"undefined":50,"overflow":50}`)) {
		t.Errorf("JSON %s; want revenue as undefined by overflow in 50 trials", head(b))
	}
}

// head is the start of b, for messages.
func head(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// TestHugeCapacity: a capacity past what an int holds (issue 12:
// sales.reps=1e18, capacity_per_rep=1e308) takes everyone on, as no sales
// limit would, rather than turning negative and taking no one.
func TestHugeCapacity(t *testing.T) {
	for _, tt := range []struct{ reps, perRep float64 }{{1e18, 20}, {2, 1e308}} {
		s := richScenario()
		s.Sales.Reps = tt.reps
		s.Sales.CapacityPerRep = fixed(tt.perRep)
		sum := run(t, s, &Options{Trials: 200, Seed: 3}).Summary()
		unlimited := richScenario()
		unlimited.Sales.Reps = 1e6
		want := run(t, unlimited, &Options{Trials: 200, Seed: 3}).Summary()
		got := sum.Metrics["new_customers"]
		if got.Mean == 0 || got.Mean != want.Metrics["new_customers"].Mean {
			t.Errorf("reps %g × capacity %g: mean new customers %g; want %g, as with a million reps", tt.reps, tt.perRep, got.Mean, want.Metrics["new_customers"].Mean)
		}
	}
}
