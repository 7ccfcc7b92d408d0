package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/harvest-planning/harvest/measure"
)

// undefinedMark stands in a table for a value no trial defines.
const undefinedMark = "—"

// unit says how a number is shown.
type unit int

const (
	unitNumber   unit = iota // a plain number: 3 significant digits
	unitMoney                // $1.24M, $17.2k, $940, $2.50
	unitCount                // people or customers: 820, 8,214, 41.2k
	unitPercent              // a share or a ratio of money: 35%, 2.0%
	unitMultiple             // a ratio of like things: 2.6×
	unitMonths               // 14.5
)

// metricUnits gives the unit of each metric (sim.MetricNames and
// sim.ChannelMetricNames); a name not listed is a plain number.
var metricUnits = map[string]unit{
	"revenue": unitMoney, "new_revenue": unitMoney, "new_gross_profit": unitMoney,
	"spend": unitMoney, "spend_marketing": unitMoney, "spend_sales": unitMoney,
	"cac": unitMoney, "ltv": unitMoney, "ending_mrr": unitMoney,
	"new_customers": unitCount, "ending_customers": unitCount,
	"lost_follow_up": unitCount, "lost_queue": unitCount,
	"entries": unitCount, "customers": unitCount,
	"roi": unitPercent, "lifetime_roi": unitPercent, "capacity_used": unitPercent,
	"marketing_share_of_revenue": unitPercent, "sales_share_of_revenue": unitPercent,
	"ltv_cac": unitMultiple, "payback_months": unitMonths,
}

// unitOf is the unit of a metric as plan names them: a metric of
// sim.MetricNames, "stages.STAGE" (people) or "channels.NAME.METRIC".
func unitOf(metric string) unit {
	if strings.HasPrefix(metric, "stages.") {
		return unitCount
	}
	if i := strings.LastIndexByte(metric, '.'); i >= 0 {
		metric = metric[i+1:]
	}
	return metricUnits[metric]
}

// metricNoun names a metric in the middle of a sentence: "revenue", "new
// customers", "CAC", "people reaching sql", "paid_search's CAC".
func metricNoun(metric string) string { return measure.Of(metric).Noun() }

// signed shows x in unit u with its sign: "+$52.0k", "-3.1%", "+0".
func signed(u unit, x float64) string {
	s := format(u, x)
	if x > 0 && !math.IsInf(x, 0) {
		return "+" + s
	}
	return s
}

// errorOf shows a Monte Carlo error (a standard error) in unit u with two
// significant digits, so that small errors do not round to zero: "$979",
// "0.14%", "0.0035×", "0.12".
func errorOf(u unit, x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return undefinedMark
	}
	if x == 0 {
		return format(u, 0)
	}
	two := func(v float64) string { return strconv.FormatFloat(v, 'g', 2, 64) }
	switch u {
	case unitMoney:
		if x >= 10 {
			return money(x)
		}
		return "$" + two(x)
	case unitPercent:
		if 100*x >= 10 {
			return percent(x)
		}
		return two(100*x) + "%"
	case unitMultiple:
		return two(x) + "×"
	}
	if x >= 100 {
		return sig3(x)
	}
	return two(x)
}

// meanDiff shows a mean difference in unit u with its sign; counts get a
// decimal, since a mean of whole people need not be whole ("+3.7").
func meanDiff(u unit, x float64) string {
	if u == unitCount && math.Abs(x) < 9999.5 {
		u = unitNumber
	}
	return signed(u, x)
}

// format shows x in unit u; NaN and ±Inf show as undefinedMark.
func format(u unit, x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return undefinedMark
	}
	switch u {
	case unitMoney:
		return money(x)
	case unitCount:
		return count(x)
	case unitPercent:
		return percent(x)
	case unitMultiple:
		return sig3(x) + "×"
	case unitMonths:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return sig3(x)
}

// money shows an amount of dollars: whole dollars under $10,000 (cents
// under $10), then three significant digits with k, M, B or T.
func money(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return undefinedMark
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	switch {
	case x < 0.005: // rounds to zero cents: no "-$0.00" from rounding errors
		return "$0"
	case x < 9.995 && x != math.Trunc(x):
		return sign + "$" + strconv.FormatFloat(x, 'f', 2, 64)
	case x < 9999.5:
		return sign + "$" + thousands(int64(math.Round(x)))
	}
	return sign + "$" + scaled(x)
}

// count shows a number of people: whole (one decimal under 1, where
// interpolated percentiles are not whole), with thousands separators under
// 10,000, then three significant digits with k, M, B or T.
func count(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return undefinedMark
	}
	a := math.Abs(x)
	switch {
	case a < 0.95 && math.Abs(x-math.Round(x)) >= 0.05:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case a < 9999.5:
		return thousands(int64(math.Round(x)))
	}
	if x < 0 {
		return "-" + scaled(a)
	}
	return scaled(a)
}

// percent shows a share: one decimal under 10%, whole percents above.
func percent(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return undefinedMark
	}
	p := 100 * x
	if p == 0 {
		return "0%"
	}
	if math.Abs(p) < 9.95 {
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return thousands(int64(math.Round(p))) + "%"
}

// sig3 shows x with three significant digits, scaled with k, M, B or T from
// 10,000 up.
func sig3(x float64) string {
	a := math.Abs(x)
	sign := ""
	if x < 0 {
		sign = "-"
	}
	switch {
	case a == 0:
		return "0"
	case a >= 9999.5:
		return sign + scaled(a)
	case a >= 99.95:
		return sign + thousands(int64(math.Round(a)))
	case a >= 9.995:
		return sign + strconv.FormatFloat(a, 'f', 1, 64)
	case a >= 0.01:
		return sign + strconv.FormatFloat(a, 'f', 2, 64)
	}
	return strconv.FormatFloat(x, 'g', 2, 64)
}

// scaled shows x ≥ 1,000 with three significant digits and a suffix:
// 1.24k, 17.2k, 172k, 1.24M.
func scaled(x float64) string {
	suffixes := []string{"k", "M", "B", "T"}
	v := x
	for i, s := range suffixes {
		v /= 1000
		var digits int
		switch {
		case v < 9.995:
			digits = 2
		case v < 99.95:
			digits = 1
		case v < 999.5 || i == len(suffixes)-1:
			digits = 0
		default:
			continue
		}
		return strconv.FormatFloat(v, 'f', digits, 64) + s
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// thousands shows n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

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
