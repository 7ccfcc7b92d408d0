package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Reading what is keyed by month or written as a month: schedules, month
// keys (a month's number, or its date with calendar.start), calendar.start
// and the seasonal multipliers.

// parseMonth reads a calendar month written YYYY-MM.
func parseMonth(t string) (Month, bool) {
	if len(t) != 7 || t[4] != '-' {
		return Month{}, false
	}
	for i, r := range t {
		if i != 4 && (r < '0' || r > '9') {
			return Month{}, false
		}
	}
	y, _ := strconv.Atoi(t[:4])
	m, _ := strconv.Atoi(t[5:])
	if m < 1 || m > 12 {
		return Month{}, false
	}
	return Month{Year: y, Month: m}, true
}

// looksLikeDate reports whether a month key was meant as a date (2027-3,
// 2027/03, 2027-13): it has a separator between digits.
func looksLikeDate(t string) bool {
	return strings.ContainsAny(t, "-/.") && strings.ContainsAny(t, "0123456789")
}

// monthRule says how months are keyed in this scenario: by number within
// the horizon and, with a calendar, by date.
func (d *decoder) monthRule(what, example string) string {
	h := d.s.Horizon
	r := fmt.Sprintf("%s are keyed by month 1..%d (horizon_months)", what, h)
	if st := d.s.Calendar.Start; !st.IsZero() {
		r += fmt.Sprintf(" or by date %s..%s", st, st.Add(h-1))
	}
	return r + ", e.g. " + example
}

// monthOf reads a month key: a month of the plan by its number, or, with
// calendar.start, by its date. It returns the month (1-based), or 0 and
// why the key is refused; what and example name the keys for the message
// ("hires", "hires: {4: 1}").
func (d *decoder) monthOf(k, what, example string) (int, string) {
	h := d.s.Horizon
	start := d.s.Calendar.Start
	if date, ok := parseMonth(k); ok {
		if start.IsZero() && d.started {
			return 0, "is a date, and calendar.start is not a month harvest can read: correct calendar.start (YYYY-MM)"
		}
		if start.IsZero() {
			return 0, fmt.Sprintf("is a date, but the scenario has no calendar.start: key %s by month 1..%d, or give the first month, e.g. calendar: {start: %s}",
				what, h, Month{Year: date.Year, Month: 1})
		}
		switch t := start.since(date) + 1; {
		case t < 1:
			return 0, fmt.Sprintf("is before calendar.start (%s): %s", start, d.monthRule(what, example))
		case t > h:
			return 0, fmt.Sprintf("is after the plan's last month (%s): %s", start.Add(h-1), d.monthRule(what, example))
		default:
			return t, ""
		}
	}
	n, err := strconv.Atoi(k)
	if err != nil || strconv.Itoa(n) != k || n < 1 || n > h {
		if err != nil && looksLikeDate(k) {
			return 0, "is not a month: write a date as YYYY-MM (2027-03); " + d.monthRule(what, example)
		}
		return 0, "is not a month of the plan: " + d.monthRule(what, example)
	}
	return n, ""
}

// schedule reads a decision that may change month by month: a number
// (Constant), or a map of steps {1: 8000, 7: 12000} keyed as monthOf
// reads, month 1 given, each value within s.
func (d *decoder) schedule(path string, raw any, s spec) (Schedule, bool) {
	m, isMap := raw.(map[string]any)
	if !isMap {
		x, ok := d.decision(path, raw, s)
		return Constant(x), ok
	}
	example := stepsExample(s)
	for k := range m {
		if valueKeys[k] {
			d.add(path, raw, "is a decision: give a number (the planner decides it), not a distribution, e.g. "+s.example+", or steps by month, e.g. "+example)
			return nil, false
		}
	}
	var sc Schedule
	firstKey := map[int]string{} // each month's key as written
	ok := true
	for _, k := range sortedKeys(m) {
		month, why := d.monthOf(k, "steps", example)
		if why != "" {
			d.add(path+"."+k, nil, why)
			ok = false
			continue
		}
		if first, twice := firstKey[month]; twice {
			d.add(path+"."+k, nil, fmt.Sprintf("is month %d again, also given as %s: give each month once", month, first))
			ok = false
			continue
		}
		firstKey[month] = k
		x, good := d.decision(path+"."+k, m[k], s)
		if !good {
			ok = false
			continue
		}
		sc = append(sc, Step{Month: month, Value: x})
	}
	if _, first := firstKey[1]; !first {
		first := "1"
		if st := d.s.Calendar.Start; !st.IsZero() {
			first += " (" + st.String() + ")"
		}
		d.add(path, raw, "has no step in month "+first+": a schedule gives its value from the first month on, e.g. "+example)
		return nil, false
	}
	slices.SortFunc(sc, func(a, b Step) int { return a.Month - b.Month })
	return sc, ok
}

// stepsExample is a schedule of the spec's example number: a step up in
// month 7.
func stepsExample(s spec) string {
	x, err := strconv.ParseFloat(s.example, 64)
	if err != nil {
		x = 1
	}
	return "{1: " + formatNumber(x) + ", 7: " + formatNumber(x*1.5) + "}"
}

// calendarMonth reads calendar.start: a month written YYYY-MM within the
// years s allows.
func (d *decoder) calendarMonth(path string, raw any, s spec) (Month, bool) {
	t, isText := raw.(string)
	m, ok := parseMonth(t)
	if !isText || !ok {
		d.add(path, raw, "is not a month: write "+s.what+", e.g. "+s.example)
		return Month{}, false
	}
	if !s.contains(float64(m.Year)) {
		d.add(path, raw, fmt.Sprintf("is not a month from %d-01 to %d-12: write %s, e.g. %s", minYear, maxYear, s.what, s.example))
		return Month{}, false
	}
	return m, true
}

// seasonExample is a season as a file writes it.
const seasonExample = "[0.8, 0.9, 1, 1, 1, 0.9, 0.7, 0.7, 1.1, 1.2, 1.3, 1.3]"

// season reads 12 multipliers, January … December, each within s.
func (d *decoder) season(path string, raw any, s spec) ([]float64, bool) {
	list, ok := raw.([]any)
	if !ok {
		d.add(path, raw, "is not a list of 12 multipliers (January … December, 1 an average month): write e.g. "+seasonExample)
		return nil, false
	}
	if len(list) != 12 {
		d.add(path, raw, fmt.Sprintf("has %d multipliers: give 12, one for each calendar month January … December (1 an average month), e.g. %s", len(list), seasonExample))
		return nil, false
	}
	out := make([]float64, 12)
	for i, e := range list {
		x, isNumber := number(e)
		key := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case !isNumber:
			d.add(key, e, "is not a number: write "+s.what+", e.g. "+s.example)
			ok = false
		case !s.contains(x):
			d.add(key, e, s.outside(x))
			ok = false
		}
		out[i] = x
	}
	return out, ok
}

// flag reads true or false.
func (d *decoder) flag(path string, raw any) (bool, bool) {
	b, ok := raw.(bool)
	if !ok {
		d.add(path, raw, "is not true or false")
	}
	return b, ok
}

// checkSeason says why a season built in code is refused, or "".
func checkSeason(list []float64, s spec) string {
	if len(list) != 12 {
		return fmt.Sprintf("has %d multipliers: a season has 12", len(list))
	}
	for _, x := range list {
		if !s.contains(x) {
			return "has " + formatNumber(x) + ", which " + s.outside(x)
		}
	}
	return ""
}
