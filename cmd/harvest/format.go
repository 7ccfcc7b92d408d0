package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/sim"
)

// writeTable writes rows as columns separated by two spaces, each row
// after indent. align gives each column's alignment, 'l' or 'r' (a column
// without one is left-aligned). Widths count runes; trailing spaces are cut.
func writeTable(w io.Writer, indent string, rows [][]string, align string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, cell := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i < len(align) && align[i] == 'r' {
				b.WriteString(pad + cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// allUndefined reports whether no trial defines the statistics' metric.
func allUndefined(st sim.Stats) bool { return st.Defined == 0 && st.Undefined > 0 }

// undefinedNote says in how many trials a metric is undefined, and why:
// the catalog's reason, or overflow (measure.OverflowReason), with the
// count of each when both apply; empty when it is defined in every trial.
func undefinedNote(label string, m measure.Metric, st sim.Stats, trials int) string {
	if st.Undefined == 0 {
		return ""
	}
	why := m.Undefined
	if why == "" {
		why = "not a number"
	}
	switch own := st.Undefined - st.Overflow; {
	case own == 0:
		why = measure.OverflowReason
	case st.Overflow > 0:
		why = fmt.Sprintf("%s in %s, %s in %s", why, measure.Whole(own), measure.OverflowReason, measure.Whole(st.Overflow))
	}
	if st.Undefined == trials {
		return fmt.Sprintf("%s undefined in every trial: %s", label, why)
	}
	return fmt.Sprintf("%s undefined in %s of %s trials: %s", label, measure.Whole(st.Undefined), measure.Whole(trials), why)
}

// p10p50p90 formats a metric's P10, P50 and P90 in its unit.
func p10p50p90(u measure.Unit, st sim.Stats) []string {
	if allUndefined(st) {
		return []string{measure.Undefined, measure.Undefined, measure.Undefined}
	}
	return []string{u.Format(st.P10), u.Format(st.P50), u.Format(st.P90)}
}
