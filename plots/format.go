package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// unit is how a metric's numbers are read.
type unit int

const (
	unitCount   unit = iota // people, customers: 1,234
	unitMoney               // dollars: $1.2M
	unitPercent             // a ratio shown as a percentage: 153%
	unitRatio               // a multiple: 2.1×
	unitMonths              // months: 14.5 months
)

// metricUnits gives the unit of every metric in sim.MetricNames and
// sim.ChannelMetricNames; a name not listed is a count.
var metricUnits = map[string]unit{
	"revenue": unitMoney, "new_revenue": unitMoney, "new_gross_profit": unitMoney,
	"spend": unitMoney, "spend_marketing": unitMoney, "spend_sales": unitMoney,
	"cac": unitMoney, "ltv": unitMoney, "ending_mrr": unitMoney, "mrr": unitMoney,
	"roi": unitPercent, "lifetime_roi": unitPercent, "capacity_used": unitPercent,
	"marketing_share_of_revenue": unitPercent, "sales_share_of_revenue": unitPercent,
	"ltv_cac":        unitRatio,
	"payback_months": unitMonths,
}

// metricLabels are the names readers know; others are spelled out from the
// metric's name ("ending_customers" → "Ending customers").
var metricLabels = map[string]string{
	"cac": "CAC", "roi": "ROI", "ltv": "LTV", "ltv_cac": "LTV:CAC",
	"lifetime_roi": "Lifetime ROI", "payback_months": "Payback",
	"ending_mrr": "Ending MRR", "mrr": "MRR", "new_gross_profit": "New gross profit",
	"spend_marketing": "Marketing spend", "spend_sales": "Sales spend",
	"lost_follow_up": "Lost to missed follow-up", "lost_queue": "Lost while waiting",
	"capacity_used":              "Sales capacity used",
	"marketing_share_of_revenue": "Marketing spend / revenue",
	"sales_share_of_revenue":     "Sales spend / revenue",
	"handed_off":                 "Handed off", "taken_on": "Taken on",
}

// Label returns a metric's name as a reader knows it: "cac" → "CAC",
// "new_customers" → "New customers".
func Label(metric string) string {
	if l, ok := metricLabels[metric]; ok {
		return l
	}
	return sentence(words(metric))
}

// shortLabel is Label for the middle of a sentence: "new customers",
// "lifetime ROI", but "CAC" and "LTV:CAC" as written.
func shortLabel(metric string) string {
	l := Label(metric)
	if len(l) > 1 && strings.ToUpper(l[:2]) == l[:2] {
		return l
	}
	return strings.ToLower(l[:1]) + l[1:]
}

// sentence returns s with its first letter in upper case.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// words returns a stage's or channel's name for a sentence: "paid_search" →
// "paid search".
func words(name string) string { return strings.ReplaceAll(name, "_", " ") }

// Format returns x as the metric's readers expect it: money as "$1.2M",
// ratios as percentages ("153%"), LTV:CAC as "2.1×", payback as
// "14.5 months", counts with thousands separators. NaN is "n/a".
func Format(metric string, x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	switch metricUnits[metric] {
	case unitMoney:
		return money(x)
	case unitPercent:
		return percent(x)
	case unitRatio:
		return trimFloat(x, 1) + "×"
	case unitMonths:
		return trimFloat(x, 1) + " months"
	}
	return count(x)
}

// money formats dollars with three significant digits and k/M/B suffixes.
func money(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	suffix, scale := "", 1.0
	switch {
	case x >= 999.5e6:
		suffix, scale = "B", 1e9
	case x >= 999.5e3:
		suffix, scale = "M", 1e6
	case x >= 999.5:
		suffix, scale = "k", 1e3
	}
	v := x / scale
	dec := 0
	switch {
	case v < 10:
		dec = 2
	case v < 100:
		dec = 1
	}
	return sign + "$" + trimFloat(v, dec) + suffix
}

// percent formats a ratio as a percentage: 1.53 → "153%", 0.077 → "7.7%".
func percent(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	p := 100 * x
	if math.Abs(p) >= 10 {
		return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
	}
	return trimFloat(p, 1) + "%"
}

// count formats a number of people: whole with thousands separators from
// 100 up, one decimal below (a median of 4.5 customers).
func count(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	if math.Abs(x) < 100 {
		return trimFloat(x, 1)
	}
	return commas(strconv.FormatFloat(math.Round(x), 'f', 0, 64))
}

// commas puts thousands separators in a whole number's digits.
func commas(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// trimFloat formats x with at most dec decimals and no trailing zeros.
func trimFloat(x float64, dec int) string {
	s := strconv.FormatFloat(x, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// ticks labels round tick positions in a unit: money with one
// suffix for the whole axis ($250k, $500k, $750k), percentages, counts.
// It uses the fewest decimals that keep neighbouring labels distinct.
type ticks struct {
	unit unit
	// integer keeps ticks on whole numbers (people).
	integer bool
	// months steps by 1, 2, 3, 6 or 12 months, or whole years.
	months bool
}

// Ticks implements plot.Ticker: about five labelled ticks at round steps.
func (t ticks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) {
		return []plot.Tick{{Value: min, Label: Format("", min)}}
	}
	step := niceStep(max-min, t.integer)
	if t.months {
		step = monthStep(max - min)
	}
	var ts []plot.Tick
	top := 0.0
	first := math.Ceil(min/step - 1e-9)
	for i := first; i*step <= max+1e-9*step; i++ {
		v := i * step
		if math.Abs(v) < 1e-9*step {
			v = 0
		}
		ts = append(ts, plot.Tick{Value: v, Label: "x"})
		top = math.Max(top, math.Abs(v))
	}
	suffix, scale, prefix, post := "", 1.0, "", ""
	switch t.unit {
	case unitMoney:
		prefix = "$"
		switch {
		case top >= 1e9:
			suffix, scale = "B", 1e9
		case top >= 1e6:
			suffix, scale = "M", 1e6
		case top >= 1e3:
			suffix, scale = "k", 1e3
		}
	case unitPercent:
		scale, post = 0.01, "%"
	case unitRatio:
		post = "×"
	}
	for dec := 0; dec <= 4; dec++ {
		seen := map[string]bool{}
		distinct := true
		for i := range ts {
			l := label(ts[i].Value/scale, dec, prefix, suffix+post)
			if seen[l] {
				distinct = false
			}
			seen[l] = true
			ts[i].Label = l
		}
		if distinct && exact(ts, scale, dec) {
			break
		}
	}
	return ts
}

// exact reports whether every tick's value is shown without rounding at dec
// decimals.
func exact(ts []plot.Tick, scale float64, dec int) bool {
	p := math.Pow10(dec)
	for _, tk := range ts {
		v := tk.Value / scale * p
		if math.Abs(v-math.Round(v)) > 1e-6*math.Max(1, math.Abs(v)) {
			return false
		}
	}
	return true
}

func label(v float64, dec int, prefix, suffix string) string {
	s := trimFloat(v, dec)
	if strings.Trim(s, "-0.") == "" {
		// Zero: "$0" rather than "$0k", but "0%" and "0×" keep their unit.
		if strings.HasSuffix(suffix, "%") || strings.HasSuffix(suffix, "×") {
			return prefix + "0" + suffix[len(suffix)-len(strings.TrimLeft(suffix, "kMB")):]
		}
		return prefix + "0"
	}
	if !strings.Contains(s, ".") {
		s = commas(s)
	}
	if strings.HasPrefix(s, "-") {
		return "-" + prefix + s[1:] + suffix
	}
	return prefix + s + suffix
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
