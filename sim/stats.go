package sim

// Stats summarises one metric over the trials where it is defined.
// Percentiles interpolate linearly between order statistics (numpy's and
// R's default). When no trial defines the metric, only Undefined (and
// Overflow) is set and JSON shows only those.
type Stats struct {
	Mean      float64 `json:"mean"`
	SD        float64 `json:"sd"`
	SE        float64 `json:"se"`
	Min       float64 `json:"min"`
	P5        float64 `json:"p5"`
	P10       float64 `json:"p10"`
	P25       float64 `json:"p25"`
	P50       float64 `json:"p50"`
	P75       float64 `json:"p75"`
	P90       float64 `json:"p90"`
	P95       float64 `json:"p95"`
	Max       float64 `json:"max"`
	Undefined int     `json:"undefined"`
	// Overflow is how many of the Undefined trials left the float range
	// (the value +Inf or -Inf: a sum too large), rather than being
	// undefined for the metric's own reason (measure.Metric.Undefined).
	Overflow int `json:"overflow,omitempty"`
	// Defined is the number of trials that define the metric.
	Defined int `json:"-"`
}

// Summary is a run's results in DESIGN.md's JSON schema.
type Summary struct {
	Scenario      string                      `json:"scenario"`
	Trials        int                         `json:"trials"`
	Seed          uint64                      `json:"seed"`
	HorizonMonths int                         `json:"horizon_months"`
	Metrics       map[string]Stats            `json:"metrics"`
	Stages        map[string]Stats            `json:"stages"`
	Channels      map[string]map[string]Stats `json:"channels"`
	Targets       map[string]TargetResult     `json:"targets"`
}

// TargetResult is the probability that a plan reaches one target.
type TargetResult struct {
	Target      float64 `json:"target"`
	Max         bool    `json:"max,omitempty"`
	Probability float64 `json:"probability"`
}
