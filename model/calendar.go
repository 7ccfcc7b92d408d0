package model

import (
	"fmt"
	"strings"
)

// Schedule is a decision that may change from month to month (a channel's
// spend or headcount, the monthly budget): steps in month order, each
// value holding from its month until the next step's. A valid schedule
// starts with a step at month 1; a plain number in a file is Constant(x),
// one step at month 1.
type Schedule []Step

// Step is a schedule's value from Month (1-based, the plan's first month
// is 1) until the next step.
type Step struct {
	Month int
	Value float64
}

// String writes the schedule as a file may: "8000" when it is constant,
// "{1: 8000, 7: 12000}" when it moves.
func (s Schedule) String() string {
	if len(s) == 1 && s[0].Month == 1 {
		return formatNumber(s[0].Value)
	}
	parts := make([]string, len(s))
	for i, st := range s {
		parts[i] = fmt.Sprintf("%d: %s", st.Month, formatNumber(st.Value))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// Constant is the schedule that holds x in every month.
func Constant(x float64) Schedule { return Schedule{{Month: 1, Value: x}} }

// At is the schedule's value in month (1-based): the last step's at or
// before it; 0 before the first step, and for an empty schedule.
func (s Schedule) At(month int) float64 {
	x := 0.0
	for _, st := range s {
		if st.Month > month {
			break
		}
		x = st.Value
	}
	return x
}

// Mean is the schedule's average over months 1..horizon. A constant
// schedule's mean is its value exactly, not a sum divided back.
func (s Schedule) Mean(horizon int) float64 {
	if s.IsConstant() {
		return s.At(1)
	}
	if horizon < 1 {
		return 0
	}
	sum := 0.0
	for i, st := range s {
		if st.Month > horizon {
			break
		}
		end := horizon + 1
		if i+1 < len(s) && s[i+1].Month < end {
			end = s[i+1].Month
		}
		sum += st.Value * float64(end-max(st.Month, 1))
	}
	return sum / float64(horizon)
}

// Scaled is the schedule with every step's value multiplied by f.
func (s Schedule) Scaled(f float64) Schedule {
	out := make(Schedule, len(s))
	for i, st := range s {
		out[i] = Step{Month: st.Month, Value: st.Value * f}
	}
	return out
}

// IsConstant reports whether the schedule holds one value from month 1
// on: a single step at month 1, or steps that all repeat it.
func (s Schedule) IsConstant() bool {
	if len(s) == 0 {
		return true
	}
	if s[0].Month > 1 {
		return false
	}
	for _, st := range s[1:] {
		if st.Value != s[0].Value {
			return false
		}
	}
	return true
}

// Months is the schedule's value in each month 1..horizon: Months(h)[t]
// is At(t+1).
func (s Schedule) Months(horizon int) []float64 {
	out := make([]float64, max(horizon, 0))
	j, x := 0, 0.0
	for t := range out {
		for j < len(s) && s[j].Month <= t+1 {
			x = s[j].Value
			j++
		}
		out[t] = x
	}
	return out
}

// Month is a calendar month.
type Month struct {
	Year  int
	Month int // 1 (January) … 12 (December)
}

// String writes the month as a file does and tables label it: "2027-01".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, m.Month) }

// Add is the calendar month n months after m (before it when n < 0).
func (m Month) Add(n int) Month {
	i := m.Year*12 + m.Month - 1 + n
	y, mo := i/12, i%12
	if mo < 0 {
		y, mo = y-1, mo+12
	}
	return Month{Year: y, Month: mo + 1}
}

// IsZero reports whether m is the zero Month: no month given.
func (m Month) IsZero() bool { return m == Month{} }

// since is the number of months from m to o: o = m.Add(m.since(o)).
func (m Month) since(o Month) int { return (o.Year-m.Year)*12 + o.Month - m.Month }

// Date is the calendar month of simulated month t (1-based); the zero
// Month without a calendar.
func (c Calendar) Date(t int) Month {
	if c.Start.IsZero() {
		return Month{}
	}
	return c.Start.Add(t - 1)
}

// Label names simulated month t (1-based) as tables and CSVs do: its date
// with a calendar ("2027-03"), its number without ("3").
func (c Calendar) Label(t int) string {
	if c.Start.IsZero() {
		return fmt.Sprint(t)
	}
	return c.Date(t).String()
}

// Multiplier is the seasonal multiplier of simulated month t (1-based)
// from a list of 12 (January … December): 1 without a calendar or a list.
// A channel's list is its own Seasonality, or the calendar's when nil.
func (c Calendar) Multiplier(list []float64, t int) float64 {
	if c.Start.IsZero() || len(list) != 12 {
		return 1
	}
	return list[c.Date(t).Month-1]
}
