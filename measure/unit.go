package measure

import (
	"math"
	"strconv"
	"strings"
)

// Unit is how a number reads to a person.
type Unit int

const (
	Number Unit = iota // a plain number, three significant digits: 0.0012, 2.5, 1,240
	Money              // dollars: $2.50, $940, $8,575, $17.2k, $1.24M
	Count              // people or customers: 4.5, 52, 8,214, 41.2k
	Share              // a share or a ratio of money, as a percentage: 2.0%, 35%
	Ratio              // a multiple of like things: 2.63×
	Months             // a duration: 14.5 months
)

var unitNames = [...]string{"number", "money", "count", "share", "ratio", "months"}

// String names the unit as JSON and docs do: "money", "count", "share",
// "ratio", "months" or "number".
func (u Unit) String() string {
	if u < 0 || int(u) >= len(unitNames) {
		return "number"
	}
	return unitNames[u]
}

// Undefined stands for a value no trial defines, or that is not a finite
// number, wherever a number would be printed.
const Undefined = "—"

// rendering is how a number is drawn: its digits as value/scale with dec
// decimals, between a prefix and a suffix.
type rendering struct {
	neg            bool
	prefix, suffix string // "$", "k"; "", "%"
	scale          float64
	dec            int
	trim           bool // drop trailing zeros after the point
	commas         bool // thousands separators in the whole part
	sci            bool // dec decimals and a power of ten: 8.64e40
}

func (r rendering) text(abs float64) string {
	if r.sci {
		m, exp, _ := strings.Cut(strconv.FormatFloat(abs/r.scale, 'e', r.dec, 64), "e")
		if r.trim && strings.Contains(m, ".") {
			m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
		}
		sign := ""
		if r.neg {
			sign = "-"
		}
		return sign + r.prefix + m + "e" + strings.TrimLeft(strings.TrimPrefix(exp, "+"), "0") + r.suffix
	}
	s := strconv.FormatFloat(abs/r.scale, 'f', r.dec, 64)
	if r.trim && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if r.commas {
		s = commas(s)
	}
	sign := ""
	if r.neg && strings.Trim(s, "0.,") != "" {
		sign = "-"
	}
	return sign + r.prefix + s + r.suffix
}

// render chooses how x is drawn in unit u. x is finite.
func (u Unit) render(x float64) rendering {
	a := math.Abs(x)
	r := rendering{neg: x < 0, scale: 1, commas: true}
	switch u {
	case Money:
		r.prefix = "$"
		switch {
		case a < 0.005:
			r.neg = false // no "-$0" from rounding errors
		case a < 9.995 && a != math.Trunc(a):
			r.dec = 2
		case a >= 9999.5:
			r.scale, r.suffix, r.dec = scaled(a)
		}
	case Count:
		switch {
		case a < 99.95:
			r.dec, r.trim = 1, true
		case a >= 9999.5:
			r.scale, r.suffix, r.dec = scaled(a)
		}
	case Share:
		r.scale, r.suffix = 0.01, "%"
		switch {
		case a == 0:
		case a < 0.00095:
			// Below 0.1%, two significant digits: 0.010%, not 0.0%.
			r.dec = min(15, 1-int(math.Floor(math.Log10(a*100))))
		case a < 0.0995:
			r.dec = 1
		case a > 0.995 && a < 1:
			// Short of all, never 100%: 99.99%, not 100%.
			r.dec = min(15, -int(math.Floor(math.Log10((1-a)*100)+1e-9)))
		}
	case Ratio:
		r = sig3(x)
		r.suffix += "×"
	case Months:
		r.suffix = " months"
		if a < 99.95 {
			r.dec = 1
		}
	default:
		r = sig3(x)
	}
	// From a million trillion as shown ($1,000,000T, or 1e18%) the
	// digits stop meaning anything: three significant ones and a power
	// of ten, $8.64e40.
	base := 1.0
	if u == Share {
		base = 0.01
	}
	if a/base >= sciFrom {
		r.sci, r.dec, r.commas = true, 2, false
		r.suffix = strings.TrimLeft(r.suffix, "kMBT")
		r.scale = base
	}
	return r
}

// sciFrom is the size, as shown, from which a number is written with a
// power of ten.
const sciFrom = 999.5e15

// sig3 draws x with three significant digits, scaled with k, M, B or T
// from 10,000 up.
func sig3(x float64) rendering {
	a := math.Abs(x)
	r := rendering{neg: x < 0, scale: 1, commas: true}
	switch {
	case a == 0:
	case a >= 9999.5:
		r.scale, r.suffix, r.dec = scaled(a)
	case a >= 99.95:
	case a >= 9.995:
		r.dec = 1
	case a >= 0.01:
		r.dec = 2
	default:
		// Two significant digits of a small number.
		r.dec = min(15, 1-int(math.Floor(math.Log10(a))))
	}
	return r
}

// suffixes scale large numbers by thousands.
var suffixes = []string{"k", "M", "B", "T"}

// scaled returns the scale, suffix and decimals that show a ≥ 9,999.5 with
// three significant digits: 10.0k, 17.2k, 172k, 1.24M.
func scaled(a float64) (scale float64, suffix string, dec int) {
	scale = 1.0
	for i, s := range suffixes {
		scale *= 1000
		v := a / scale
		switch {
		case v < 9.995:
			return scale, s, 2
		case v < 99.95:
			return scale, s, 1
		case v < 999.5 || i == len(suffixes)-1:
			return scale, s, 0
		}
	}
	return scale, suffixes[len(suffixes)-1], 0
}

// Format prints x in the unit: "$17.2k", "52", "35%", "2.63×",
// "14.5 months". A value that is not a finite number prints as Undefined.
func (u Unit) Format(x float64) string {
	if !finite(x) {
		return Undefined
	}
	return u.render(x).text(math.Abs(x))
}

// Against prints x as Format does, with more decimals when it would
// otherwise read as ref though it differs: a share of 79.96% against an
// 80% bound prints "79.96%", not "80%", so that "80%, under the 80%
// asked for" cannot be printed.
func (u Unit) Against(x, ref float64) string {
	s := u.Format(x)
	if !finite(x) || !finite(ref) || x == ref || s != u.Format(ref) {
		return s
	}
	r := u.render(x)
	for extra := 1; extra <= 6 && !r.sci; extra++ {
		r.dec++
		r.trim = false
		if t, rt := r.text(math.Abs(x)), r.text(math.Abs(ref)); t != rt || extra == 6 {
			return t
		}
	}
	return s
}

// Short is Format without trailing zeros after the point, for figures
// that are round as written, such as a usual range's ends: "3×" rather
// than "3.00×", "6%" rather than "6.0%", "12 months".
func (u Unit) Short(x float64) string {
	if !finite(x) {
		return Undefined
	}
	r := u.render(x)
	r.trim = true
	return r.text(math.Abs(x))
}

// Plural prints a count and its noun, singular only when the count prints
// as 1: "1 head", "3.8 heads", "0 reps", "12 months".
func (u Unit) Plural(x float64, noun string) string {
	s := u.Format(x)
	if s == "1" {
		return s + " " + noun
	}
	return s + " " + noun + "s"
}

// Signed is Format with a "+" before a positive number: "+$52.0k",
// "-3.1%", "0".
func (u Unit) Signed(x float64) string {
	s := u.Format(x)
	if finite(x) && x > 0 && strings.Trim(s, "$0.,%×") != "" {
		return "+" + s
	}
	return s
}

// Error prints a Monte Carlo error (or any ± margin) e of the value x at
// x's precision, so that the two read together: $33.7k gives "$1.1k" for
// an error of 1,148. An error too small to show there gets two significant
// digits of its own ("$356" beside $514k, "0.43%" beside 76%).
func (u Unit) Error(x, e float64) string {
	if !finite(e) || e < 0 {
		return Undefined
	}
	if e == 0 {
		return u.Format(0)
	}
	if finite(x) {
		r := u.render(x)
		r.neg = false
		if e/r.scale*math.Pow10(r.dec) >= 0.95 {
			r.trim = false
			return r.text(e)
		}
	}
	return u.twoDigits(e).text(e)
}

// Margin prints a ± margin that qualifies no printed value, such as a
// precision asked for or an interval as a share of its mean, with two
// significant digits and no trailing zeros: "0.22%", "1.2%", "2%", "25%",
// "$3,150".
func (u Unit) Margin(e float64) string {
	if !finite(e) || e < 0 {
		return Undefined
	}
	if e == 0 {
		return u.Format(0)
	}
	r := u.twoDigits(e)
	r.trim = true
	return r.text(e)
}

// twoDigits draws a small positive e with at least two significant digits
// in the unit's dress: 0.43%, 0.31, 0.0035×.
func (u Unit) twoDigits(e float64) rendering {
	r := u.render(e)
	digits := func(v float64) int { // decimals that give v two significant digits
		if v <= 0 {
			return 0
		}
		return max(0, 1-int(math.Floor(math.Log10(v))))
	}
	r.dec = max(r.dec, min(15, digits(e/r.scale)))
	r.trim = false
	return r
}

// PlusMinus prints a value and its error: "$33.7k ± $1.1k", "17 ± 0.31",
// "76% ± 0.43%".
func (u Unit) PlusMinus(x, e float64) string {
	return u.Format(x) + " ± " + u.Error(x, e)
}

// SignedPlusMinus is PlusMinus for a difference: "+$33.7k ± $1.1k".
func (u Unit) SignedPlusMinus(x, e float64) string {
	return u.Signed(x) + " ± " + u.Error(x, e)
}

// Axis labels the ticks of a chart's axis in the unit, one scale for the
// whole axis ($250k, $500k, $750k), with the fewest decimals that show
// every tick exactly and tell neighbours apart.
func (u Unit) Axis(ticks []float64) []string {
	top := 0.0
	for _, v := range ticks {
		if finite(v) {
			top = math.Max(top, math.Abs(v))
		}
	}
	base := rendering{scale: 1, commas: true, trim: true}
	switch u {
	case Money:
		base.prefix = "$"
		if top >= 999.5 {
			base.scale, base.suffix, _ = scaled(math.Max(top, 9999.5))
		}
	case Count, Number:
		if top >= 9999.5 {
			base.scale, base.suffix, _ = scaled(top)
		}
	case Share:
		base.scale, base.suffix = 0.01, "%"
	case Ratio:
		base.suffix = "×"
	case Months:
		// an axis is labelled "months" once, not at every tick
	}
	labels := make([]string, len(ticks))
	for dec := 0; dec <= 6; dec++ {
		r := base
		r.dec = dec
		seen := map[string]bool{}
		distinct, exact := true, true
		p := math.Pow10(dec)
		for i, v := range ticks {
			if !finite(v) {
				labels[i] = Undefined
				continue
			}
			r.neg = v < 0
			labels[i] = r.text(math.Abs(v))
			if v == 0 && strings.ContainsAny(r.suffix, "kMBT") {
				labels[i] = r.prefix + "0" // "$0", not "$0k"
			}
			if seen[labels[i]] {
				distinct = false
			}
			seen[labels[i]] = true
			if w := v / r.scale * p; math.Abs(w-math.Round(w)) > 1e-6*math.Max(1, math.Abs(w)) {
				exact = false
			}
		}
		if distinct && exact {
			break
		}
	}
	return labels
}

// Whole prints a whole number exactly, with thousands separators: the
// trials of a run ("10,000"), which repeat it only when exact.
func Whole(n int) string { return commas(strconv.Itoa(n)) }

// commas puts thousands separators in a number's whole part.
func commas(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if len(whole) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Bytes prints an amount of memory in decimal units with two significant
// digits: "530 MB", "5.3 GB", "53 GB".
func Bytes(n uint64) string {
	units := []string{"bytes", "kB", "MB", "GB", "TB", "PB", "EB"}
	x, i := float64(n), 0
	for x >= 999.5 && i < len(units)-1 {
		x /= 1000
		i++
	}
	if i == 0 {
		return strconv.FormatUint(n, 10) + " bytes"
	}
	dec := 0
	if x < 9.95 {
		dec = 1
	}
	return strconv.FormatFloat(x, 'f', dec, 64) + " " + units[i]
}
