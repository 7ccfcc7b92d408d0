package plots

import (
	"math"

	"gonum.org/v1/plot"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// unitSuffix is an axis label's unit: " ($)", " (%)", " (×)", " (months)"
// or, for counts, " (count)"; a plain number has none.
func unitSuffix(u measure.Unit) string {
	switch u {
	case measure.Money:
		return " ($)"
	case measure.Share:
		return " (%)"
	case measure.Ratio:
		return " (×)"
	case measure.Months:
		return " (months)"
	case measure.Count:
		return " (count)"
	}
	return ""
}

// ticks places about five ticks at round steps and labels them in a unit
// with measure's Axis: money with one suffix for the whole axis ($250k,
// $500k, $750k), percentages, counts.
type ticks struct {
	unit measure.Unit
	// integer keeps ticks on whole numbers (people).
	integer bool
	// months steps by 1, 2, 3, 6 or 12 months, or whole years.
	months bool
	// cal labels a months axis by date ("2027-04") when it has a start;
	// see dateTicks.
	cal model.Calendar
}

// Ticks implements plot.Ticker.
func (t ticks) Ticks(min, max float64) []plot.Tick {
	if t.months && !t.cal.Start.IsZero() {
		return dateTicks(t.cal, min, max)
	}
	if !(max > min) {
		return []plot.Tick{{Value: min, Label: t.unit.Axis([]float64{min})[0]}}
	}
	step := niceStep(max-min, t.integer)
	if t.months {
		step = monthStep(max - min)
	}
	var vs []float64
	first := math.Ceil(min/step - 1e-9)
	for i := first; i*step <= max+1e-9*step; i++ {
		v := i * step
		if math.Abs(v) < 1e-9*step {
			v = 0
		}
		vs = append(vs, v)
	}
	ts := make([]plot.Tick, len(vs))
	for i, l := range t.unit.Axis(vs) {
		ts[i] = plot.Tick{Value: vs[i], Label: l}
	}
	return ts
}

// niceStep returns the round step (1, 2, 2.5 or 5 times a power of ten)
// that cuts span into the number of parts closest to five; with whole, a
// whole step of at least 1.
func niceStep(span float64, whole bool) float64 {
	best, score := 1.0, math.Inf(1)
	e := math.Floor(math.Log10(span / 5))
	for _, d := range []float64{e - 1, e, e + 1} {
		for _, m := range []float64{1, 2, 2.5, 5} {
			step := m * math.Pow(10, d)
			if whole && (step < 1 || step != math.Trunc(step)) {
				continue
			}
			if sc := math.Abs(span/step - 5); sc < score {
				best, score = step, sc
			}
		}
	}
	return best
}

// monthStep returns a step for an axis of months spanning span: every
// month up to a year, then 2, 3, 6 or 12 months, then whole years, for at
// most about twelve ticks.
func monthStep(span float64) float64 {
	for _, s := range []float64{1, 2, 3, 6, 12} {
		if span/s <= 12 {
			return s
		}
	}
	return 12 * math.Ceil(span/144)
}

// dateTicks labels the simulated months from..to by date, as every table
// and CSV does (model.Calendar.Label: "2027-04"). A date is wider than a
// month's number, so at most about seven are labelled, each at the start
// of a calendar period: every month up to seven months, then each quarter
// (January, April, July, October), each half year, each January or every
// few Januaries; an unlabelled tick marks every month in between while
// there are at most five years.
func dateTicks(cal model.Calendar, from, to float64) []plot.Tick {
	lo, hi := int(math.Ceil(from-1e-9)), int(math.Floor(to+1e-9))
	if hi < lo {
		return []plot.Tick{{Value: from, Label: cal.Label(max(1, lo))}}
	}
	step := 1
	for _, s := range []int{1, 3, 6, 12} {
		step = s
		if (hi-lo+1)/s <= 7 {
			break
		}
	}
	years := 1
	if step == 12 {
		years = int(math.Ceil(float64(hi-lo+1) / (12 * 7)))
	}
	var ts []plot.Tick
	for m := lo; m <= hi; m++ {
		d := cal.Date(m)
		major := (d.Month-1)%step == 0 && (step < 12 || d.Year%years == 0)
		switch {
		case major:
			ts = append(ts, plot.Tick{Value: float64(m), Label: cal.Label(m)})
		case hi-lo < 60:
			ts = append(ts, plot.Tick{Value: float64(m)})
		}
	}
	return ts
}
