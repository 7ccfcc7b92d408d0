package sim

import (
	"encoding/json"
	"math"
	"slices"

	"github.com/harvest-planning/harvest/model"
)

// Summarize returns the statistics of xs over its finite values; NaN and
// ±Inf count as undefined. Percentiles interpolate linearly between order
// statistics at q·(n − 1), as numpy's and R's default. With one defined
// value sd and se are 0; with none only Undefined is set.
func Summarize(xs []float64) Stats {
	sorted := make([]float64, 0, len(xs))
	for _, x := range xs {
		if finite(x) {
			sorted = append(sorted, x)
		}
	}
	st := Stats{Defined: len(sorted), Undefined: len(xs) - len(sorted)}
	n := len(sorted)
	if n == 0 {
		return st
	}
	slices.Sort(sorted)
	sum := 0.0
	for _, x := range sorted {
		sum += x
	}
	st.Mean = sum / float64(n)
	if n > 1 {
		ss := 0.0
		for _, x := range sorted {
			d := x - st.Mean
			ss += d * d
		}
		st.SD = math.Sqrt(ss / float64(n-1))
		st.SE = st.SD / math.Sqrt(float64(n))
	}
	st.Min, st.Max = sorted[0], sorted[n-1]
	st.P5 = percentile(sorted, 0.05)
	st.P10 = percentile(sorted, 0.10)
	st.P25 = percentile(sorted, 0.25)
	st.P50 = percentile(sorted, 0.50)
	st.P75 = percentile(sorted, 0.75)
	st.P90 = percentile(sorted, 0.90)
	st.P95 = percentile(sorted, 0.95)
	return st
}

// percentile is the q-quantile of sorted values by linear interpolation
// between the order statistics around position q·(n − 1).
func percentile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo := int(pos)
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(lo)
	return sorted[lo] + f*(sorted[lo+1]-sorted[lo])
}

// MarshalJSON writes every statistic, or only {"undefined": n} when no
// trial defines the metric.
func (s Stats) MarshalJSON() ([]byte, error) {
	if s.Defined == 0 {
		return json.Marshal(struct {
			Undefined int `json:"undefined"`
		}{s.Undefined})
	}
	type plain Stats
	return json.Marshal(plain(s))
}

// Summary summarises every metric, stage and channel metric, and the
// targets' probabilities, in DESIGN.md's JSON schema.
func (r *Result) Summary() *Summary {
	sum := &Summary{
		Trials: r.Trials, Seed: r.Seed, HorizonMonths: r.Horizon,
		Metrics:  make(map[string]Stats, len(r.Metrics)),
		Stages:   make(map[string]Stats, len(r.Stages)),
		Channels: make(map[string]map[string]Stats, len(r.Channels)),
		Targets:  map[string]TargetResult{},
	}
	if r.Scenario != nil {
		sum.Scenario = r.Scenario.Name
		for _, t := range r.Scenario.Targets {
			sum.Targets[t.Metric] = TargetResult{Target: t.Value, Max: t.Max, Probability: r.TargetProbability(t)}
		}
	}
	for name, xs := range r.Metrics {
		sum.Metrics[name] = Summarize(xs)
	}
	for _, st := range r.Stages {
		sum.Stages[st.Name] = Summarize(st.Reached)
	}
	for _, ch := range r.Channels {
		m := make(map[string]Stats, len(ch.Metrics))
		for name, xs := range ch.Metrics {
			m[name] = Summarize(xs)
		}
		sum.Channels[ch.Name] = m
	}
	return sum
}

// TargetProbability is the share of all trials that meet t: the metric at
// least t.Value, or at most it when t.Max. A trial where the metric is
// undefined has not met it. An unknown metric gives NaN.
func (r *Result) TargetProbability(t model.Target) float64 {
	xs, ok := r.Metrics[t.Metric]
	if !ok || r.Trials == 0 {
		return math.NaN()
	}
	met := 0
	for _, x := range xs {
		if !finite(x) {
			continue
		}
		if (t.Max && x <= t.Value) || (!t.Max && x >= t.Value) {
			met++
		}
	}
	return float64(met) / float64(len(xs))
}
