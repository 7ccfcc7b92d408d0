package plan

import (
	"math"
	"slices"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// Cash is what a run says of the company's cash, as data: the chance of
// running out within the horizon, how long the cash lasts and when a
// month first breaks even, over every future.
type Cash struct {
	// Out is the share of futures whose cash falls below 0 within the
	// horizon (cash_min < 0), and OutSE its Monte Carlo standard error,
	// √(Out(1 − Out)/trials).
	Out, OutSE float64
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
	c.Runway, c.Beyond = beyondQuantiles(runway)
	c.BreakEven, _ = beyondQuantiles(even)
	return c, true
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
