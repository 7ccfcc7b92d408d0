package plan

import (
	"fmt"
	"math"
	"slices"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// Cash is what a run says of the company's cash, as data: the chance of
// running out within the horizon, how long the cash lasts and when a
// month first breaks even, over every future.
type Cash struct {
	// Out is the share of futures whose cash falls below 0 within the
	// horizon (cash_min < 0), and OutSE its Monte Carlo standard error,
	// √(Out(1 − Out)/trials).
	Out, OutSE float64
	// OutBy[m−1] is the share of futures whose cash has been below 0 at
	// some month-end up to month m, m = 1..horizon, over every future: a
	// future's first month below 0 is its runway_months + 1. Its last
	// month is Out.
	OutBy []float64
	// Trials is the number of futures the shares are over.
	Trials int
	// Runway is runway_months' P10, P50 and P90 over every future, a
	// future whose cash lasts the horizon counted as +Inf (beyond it);
	// Beyond is the share of such futures.
	Runway [3]float64
	Beyond float64
	// BreakEven is break_even_month's P10, P50 and P90 (a month, 1-based)
	// over every future, +Inf where no month breaks even.
	BreakEven [3]float64
	// Cal labels the months.
	Cal model.Calendar
}

// Cash reads the company's cash from the run; false without a company
// section.
func (r *Run) Cash() (Cash, bool) {
	runway, ok := r.Result.Metrics["runway_months"]
	low, ok2 := r.Result.Metrics["cash_min"]
	even, ok3 := r.Result.Metrics["break_even_month"]
	if !ok || !ok2 || !ok3 || len(low) == 0 {
		return Cash{}, false
	}
	var c Cash
	if s := r.Result.Scenario; s != nil {
		c.Cal = s.Calendar
	}
	out := 0
	for _, x := range low {
		if x < 0 {
			out++
		}
	}
	n := float64(len(low))
	c.Out = float64(out) / n
	c.OutSE = math.Sqrt(c.Out * (1 - c.Out) / n)
	c.Trials = len(low)
	c.OutBy = outBy(runway, r.Result.Horizon)
	c.Runway, c.Beyond = beyondQuantiles(runway)
	c.BreakEven, _ = beyondQuantiles(even)
	return c, true
}

// outBy is, for m = 1..horizon, the share of futures whose cash is out
// by month m: runway_months + 1 ≤ m, an undefined runway (the cash lasts)
// never.
func outBy(runway []float64, horizon int) []float64 {
	first := make([]int, horizon+1) // [m] futures whose first month below 0 is m
	for _, x := range runway {
		if math.IsNaN(x) {
			continue
		}
		if m := int(x) + 1; m >= 1 && m <= horizon {
			first[m]++
		}
	}
	out := make([]float64, horizon)
	n := 0
	for m := 1; m <= horizon; m++ {
		n += first[m]
		out[m-1] = float64(n) / float64(len(runway))
	}
	return out
}

// SE is the Monte Carlo standard error of a share p of the futures,
// √(p(1 − p)/trials).
func (c Cash) SE(p float64) float64 {
	return math.Sqrt(p * (1 - p) / float64(c.Trials))
}

// Ranges are the runway's and the break-even month's P10, P50 and P90 as
// a table shows them: "beyond" where the cash lasts the horizon, "none"
// where no month breaks even, a month by its date ("2027-04") or number
// ("month 7").
func (c Cash) Ranges() (runway, breakEven [3]string) {
	u := measure.Of("runway_months").Unit
	for i, x := range c.Runway {
		runway[i] = "beyond"
		if !math.IsInf(x, 1) {
			runway[i] = u.Format(x)
		}
	}
	for i, x := range c.BreakEven {
		breakEven[i] = "none"
		if !math.IsInf(x, 1) {
			breakEven[i] = MonthWords(c.Cal, int(math.Round(x)))
		}
	}
	return runway, breakEven
}

// Risk says the chance of running out within the horizon, with its error,
// and in how many futures the cash lasts beyond it: "P(running out within
// the 12 months): 21% ± 0.41%; the cash lasts beyond the horizon in 79%
// of futures".
func (c Cash) Risk() string {
	s := fmt.Sprintf("P(running out within the %d months): %s", len(c.OutBy), measure.Share.PlusMinus(c.Out, c.OutSE))
	if c.Beyond > 0 {
		s += fmt.Sprintf("; the cash lasts beyond the horizon in %s of futures", measure.Share.Against(c.Beyond, 1))
	}
	return s
}

// beyondQuantiles is P10, P50 and P90 of xs as DESIGN.md interpolates
// them, an undefined value counted as +Inf (beyond the horizon), and the
// share of those.
func beyondQuantiles(xs []float64) (q [3]float64, beyond float64) {
	sorted := make([]float64, len(xs))
	n := 0
	for i, x := range xs {
		if math.IsNaN(x) {
			x = math.Inf(1)
			n++
		}
		sorted[i] = x
	}
	slices.Sort(sorted)
	for i, p := range []float64{0.1, 0.5, 0.9} {
		pos := p * float64(len(sorted)-1)
		lo := int(pos)
		f := pos - float64(lo)
		q[i] = sorted[lo]
		if f > 0 && lo+1 < len(sorted) {
			// Between a month and beyond the horizon is beyond it.
			q[i] += f * (sorted[lo+1] - q[i])
			if math.IsNaN(q[i]) {
				q[i] = math.Inf(1)
			}
		}
	}
	return q, float64(n) / float64(len(xs))
}

// cashFindings says when the cash runs out in too many futures: at
// measure.CashRisk or more, it caps the plan.
func (r *Run) cashFindings() []Finding {
	c, ok := r.Cash()
	if !ok || c.Out < measure.CashRisk {
		return nil
	}
	f := Finding{Kind: CashRunsOut, Importance: Limit, Metric: "runway_months",
		Share: c.Out, Low: c.OutSE, Value: math.NaN(), Of: r.Result.Horizon, Cal: c.Cal}
	if st, ok := r.stat("runway_months"); ok {
		f.Value = st.P50
		f.Count = int(math.Round(st.P50)) + 1
	}
	return []Finding{f}
}

// BeyondHorizon reports whether an undefined value of metric lies past
// the horizon rather than nowhere: a runway whose cash never runs out is
// longer than any runway, a break-even that never comes is later than
// any. Comparisons take such a value as +Inf: compare's P(better) and its
// percentiles, and the share of futures meeting a goal or a constraint
// (runway_months ≥ 12 holds where the cash lasts).
func BeyondHorizon(metric string) bool { return measure.Of(metric).Beyond }

// orBeyond is x as comparisons take it: +Inf where it is undefined and
// the metric's undefined lies past the horizon.
func orBeyond(metric string, x float64) float64 {
	if math.IsNaN(x) && BeyondHorizon(metric) {
		return math.Inf(1)
	}
	return x
}

// BeyondQuantiles is a BeyondHorizon metric's P10, P50 and P90 over
// every future of a run, a future past the horizon counted as +Inf, and
// the share of those.
func BeyondQuantiles(r *sim.Result, metric string) (q [3]float64, beyond float64, err error) {
	xs, err := Values(r, metric)
	if err != nil {
		return q, 0, err
	}
	if len(xs) == 0 {
		return q, 0, fmt.Errorf("%s: no trials", metric)
	}
	q, beyond = beyondQuantiles(xs)
	return q, beyond, nil
}
