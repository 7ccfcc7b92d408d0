package model

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// flow writes a raw value read from a file in YAML flow form, as a user
// would type it: 0.3, {high: 0.4, low: 0.2}, [visit, lead]. Map keys are
// sorted, so the text is stable; Parse reads it back to the same value.
func flow(v any) string {
	var b strings.Builder
	writeFlow(&b, v)
	return b.String()
}

// echoFlow is flow for a message: it stops soon after echoMax
// characters, so that a value of megabytes costs no more to show than a
// short one (Problem.String cuts it to echoMax), and it writes a large
// map's first keys without sorting all of them.
func echoFlow(v any) string {
	b := &strings.Builder{}
	writeEcho(b, v)
	return b.String()
}

// echoBudget is how much echoFlow writes before it stops.
const echoBudget = 2 * echoMax

func writeEcho(b *strings.Builder, v any) {
	if b.Len() > echoBudget {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		keys := firstKeys(x, 8)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			if b.Len() > echoBudget {
				return
			}
			writeKey(b, k)
			b.WriteString(": ")
			writeEcho(b, x[k])
		}
		if len(x) > len(keys) {
			b.WriteString(", …")
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			if b.Len() > echoBudget {
				return
			}
			writeEcho(b, e)
		}
		b.WriteByte(']')
	case string:
		if len(x) <= echoBudget {
			writeFlow(b, x)
			return
		}
		// Quote or not as the whole string needs, then write its start.
		short := strings.ToValidUTF8(x[:echoBudget], "")
		if needsQuotes(x) {
			short = strconv.Quote(short)
		}
		b.WriteString(short)
	default:
		writeFlow(b, v)
	}
}

// firstKeys returns up to n of m's keys, first in flow's order, in O(len(m)·n).
func firstKeys(m map[string]any, n int) []string {
	keys := make([]string, 0, n+1)
	for k := range m {
		i := len(keys)
		for i > 0 && keyLess(k, keys[i-1]) {
			i--
		}
		if i >= n {
			continue
		}
		keys = append(keys, "")
		copy(keys[i+1:], keys[i:])
		keys[i] = k
		if len(keys) > n {
			keys = keys[:n]
		}
	}
	return keys
}

func writeFlow(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		if needsQuotes(x) {
			b.WriteString(strconv.Quote(x))
		} else {
			b.WriteString(x)
		}
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) })
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeKey(b, k)
			b.WriteString(": ")
			writeFlow(b, x[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeFlow(b, e)
		}
		b.WriteByte(']')
	default:
		if f, ok := number(v); ok {
			b.WriteString(formatNumber(f))
			return
		}
		s := fmt.Sprint(v)
		if needsQuotes(s) {
			s = strconv.Quote(s)
		}
		b.WriteString(s)
	}
}

// flowOrder is the order a value's keys are written in, as DESIGN.md
// writes them: {low, high}, {min, mode, max}, {mean, sd}, {dist, …}.
var flowOrder = []string{"dist", "low", "high", "min", "mode", "max", "mean", "sd", "alpha", "beta", "mu", "sigma"}

// keyLess orders a map's keys: known value keys first, in flowOrder, then
// months (whole numbers) by number, then the rest.
func keyLess(a, b string) bool {
	ra, rb := keyRank(a), keyRank(b)
	if ra != rb {
		return ra < rb
	}
	if wa, wb := whole(a), whole(b); wa != wb {
		return wa
	} else if wa && len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// writeKey writes a map's key: a month (a whole number) as it is, for a
// key is text to the reader ({7: 12000}); any other as writeFlow does.
func writeKey(b *strings.Builder, k string) {
	if whole(k) {
		b.WriteString(k)
		return
	}
	writeFlow(b, k)
}

// whole reports whether k is a whole number written in digits.
func whole(k string) bool {
	if k == "" || len(k) > 9 {
		return false
	}
	for _, r := range k {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// keyRank orders known value keys first, in flowOrder, then the rest.
func keyRank(k string) int {
	for i, o := range flowOrder {
		if o == k {
			return i
		}
	}
	return len(flowOrder)
}

// formatNumber writes a number the shortest way that reads back exactly,
// with YAML's spellings of the non-finite ones.
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return ".nan"
	case math.IsInf(f, 1):
		return ".inf"
	case math.IsInf(f, -1):
		return "-.inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// bound writes a bound for a message or the README: a whole number with
// thousands separators (1,000,000,000), else the shortest exact form
// (0.0001, 1e-09).
func bound(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		s := strconv.FormatFloat(math.Abs(x), 'f', 0, 64)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		if x < 0 {
			s = "-" + s
		}
		return s
	}
	return formatNumber(x)
}

// needsQuotes reports whether a string would not read back as itself in
// YAML flow form (empty, a number, a keyword, or punctuation).
func needsQuotes(s string) bool {
	if s == "" {
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "~":
		return true
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || r == ' ' || r == '/' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return true
		}
	}
	return s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '-' || s[0] == '.'
}

// number converts a raw number of any Go numeric type to float64.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}
