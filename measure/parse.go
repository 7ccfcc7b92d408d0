package measure

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Parse reads a number the way harvest prints one, so that what a table
// shows can be typed back: "60000", "60,000", "$60,000", "60k", "$1.5M",
// "2B", "-5k", "1e6", and for shares "80%" (0.8). Suffixes are k
// (thousand), M (million) and B (billion), in either case; commas must
// group thousands ("6,0000" is refused). The error says what was wrong
// and what is allowed; it names no flag or key (the caller does).
//
// A shell turns an unquoted $60,000 into "0,000" (it reads $6 as a
// variable); that text is refused with a hint to quote it.
func Parse(text string) (float64, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return 0, fmt.Errorf("no number (allowed: 60000, 60k, 1.5M, $60,000 or 80%%)")
	}
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	} else if rest, ok := strings.CutPrefix(s, "+"); ok {
		s = rest
	}
	s = strings.TrimPrefix(s, "$")
	scale := 1.0
	if rest, ok := strings.CutSuffix(s, "%"); ok {
		s, scale = rest, 0.01
	} else if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			s, scale = s[:n-1], 1e3
		case 'm', 'M':
			s, scale = s[:n-1], 1e6
		case 'b', 'B':
			s, scale = s[:n-1], 1e9
		}
	}
	if strings.Contains(s, ",") {
		if strings.HasPrefix(s, "0,") {
			return 0, fmt.Errorf("not a number; an unquoted $ makes the shell drop what follows it (\"$60,000\" arrives as \"0,000\"): write 60000, 60k or '$60,000' in quotes")
		}
		if !grouped(s) {
			return 0, fmt.Errorf("not a number: commas must group thousands, as in 60,000")
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || strings.ContainsAny(s, "xXpP_") || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("not a number (allowed: 60000, 60k, 1.5M, $60,000 or 80%%)")
	}
	x *= scale
	if math.IsInf(x, 0) {
		return 0, fmt.Errorf("too large a number")
	}
	if neg {
		x = -x
	}
	return x, nil
}

// grouped reports whether s's integer part is digits grouped in threes
// by commas (1,234,567) with no comma in its fraction.
func grouped(s string) bool {
	whole, frac, _ := strings.Cut(s, ".")
	if strings.Contains(frac, ",") {
		return false
	}
	groups := strings.Split(whole, ",")
	for i, g := range groups {
		if g == "" || len(g) > 3 || (i > 0 && len(g) != 3) || strings.Trim(g, "0123456789") != "" {
			return false
		}
	}
	return true
}
