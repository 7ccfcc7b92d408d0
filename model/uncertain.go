package model

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// z95 is the standard normal's 95th percentile: a 90% interval is mean ± z95·sd.
const z95 = 1.6448536269514722

// spec is what one key allows: the domain that picks a fitted family, the
// bounds a number (and a distribution's support) must keep to, and words
// for messages.
type spec struct {
	domain         Domain
	lo, hi         float64
	loOpen, hiOpen bool
	what           string // "a probability (0..1)"
	example        string // "0.35 or {low: 0.2, high: 0.4}"
	// allowed is the README's short form ("0..1", "> 0"); empty when the
	// bounds say it plainly.
	allowed string
}

var (
	probSpec = spec{domain: Probability, lo: 0, hi: 1,
		what: "a probability (0..1)", example: "0.35 or {low: 0.2, high: 0.4}"}
	unitCostSpec = spec{domain: Positive, lo: minUnitCost, hi: maxUnitCost,
		what: "a positive amount (> 0) from " + bound(minUnitCost) + " to " + bound(maxUnitCost), example: "3 or {low: 2, high: 5}"}
	carryoverSpec = spec{domain: Probability, lo: 0, hi: 1, hiOpen: true,
		what: "a carryover (0 ≤ c < 1: the share of spend that works the next month)", example: "0.3 or {low: 0.2, high: 0.5}",
		allowed: "0 ≤ c < 1"}
	expansionSpec = spec{domain: Real, lo: -1, hi: 1, loOpen: true,
		what: "a monthly growth rate above -1 and at most 1 (+100% a month)", example: "0.01 (1% a month) or {low: 0, high: 0.02}",
		allowed: "> −1, ≤ 1"}
)

// positiveUpTo is what the world decides as an amount above 0 and at most
// hi: what is "a number of people > 0", say.
func positiveUpTo(hi float64, what string) spec {
	return spec{domain: Positive, lo: 0, hi: hi, loOpen: true,
		what: what + ", at most " + bound(hi), example: "3 or {low: 2, high: 5}"}
}

// amountUpTo is what the world decides as an amount from 0 to hi.
func amountUpTo(hi float64, what string) spec {
	return spec{domain: Positive, lo: 0, hi: hi,
		what: what + ", at most " + bound(hi), example: "2 or {low: 1, high: 3}"}
}

// upTo is a decision from 0 to hi.
func upTo(hi float64, what, example string) spec {
	return spec{lo: 0, hi: hi, what: what + ", at most " + bound(hi), example: example}
}

func (s spec) contains(x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return false
	}
	if x < s.lo || s.loOpen && x == s.lo {
		return false
	}
	return x < s.hi || !s.hiOpen && x == s.hi
}

// outside is the reason a number is refused by s.
func (s spec) outside(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "is not a finite number: write " + s.what + ", e.g. " + s.example
	}
	r := "is not " + s.what
	if s.domain == Probability && x >= 2 && x <= 100 {
		r += fmt.Sprintf(": write a share, e.g. %s for %s%%", strconv.FormatFloat(x/100, 'g', 10, 64), formatNumber(x))
	} else {
		r += ", e.g. " + s.example
	}
	return r
}

// parsed caches parseValue's results by what was written and the key's
// spec: a file's values are read again for each variant, and plan reads
// the file again for each, so a fit (up to 20 ms) is done once. It keeps
// at most parsedMax results.
var (
	parsed      sync.Map // parsedKey → parsedValue
	parsedCount atomic.Int64
)

const parsedMax = 10_000

type parsedKey struct {
	form string
	spec spec
}

type parsedValue struct {
	v   Value
	why string
}

// parseValueCached is parseValue, remembered for distributions.
func parseValueCached(raw any, s spec) (Value, string) {
	if _, ok := raw.(map[string]any); !ok {
		return parseValue(raw, s)
	}
	key := parsedKey{flow(raw), s}
	if p, ok := parsed.Load(key); ok {
		return p.(parsedValue).v, p.(parsedValue).why
	}
	v, why := parseValue(raw, s)
	if parsedCount.Load() < parsedMax {
		if _, loaded := parsed.LoadOrStore(key, parsedValue{v, why}); !loaded {
			parsedCount.Add(1)
		}
	}
	return v, why
}

// forms is the list of ways to write an uncertain value, for messages.
const forms = "a number (0.3), {low: 0.2, high: 0.4} (90% interval), {min: 2, mode: 3, max: 6}, {mean: 0.3, sd: 0.05} or {dist: beta, alpha: 3, beta: 7}"

// parseValue reads an uncertain value written in any of DESIGN.md's forms
// for a key allowing s. On failure it returns the reason, to be read after
// the value as written.
func parseValue(raw any, s spec) (Value, string) {
	form := flow(raw)
	if x, ok := number(raw); ok {
		if !s.contains(x) {
			return Value{}, s.outside(x)
		}
		return Value{Family: Fixed, Domain: s.domain, Form: form, X: x}, ""
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return Value{}, "is not a number or a distribution: write " + forms
	}
	var v Value
	var why string
	switch {
	case has(m, "dist"):
		v, why = parseExplicit(m, s)
	case has(m, "low") || has(m, "high"):
		v, why = parseParams(m, s, []string{"low", "high"}, "an interval", func(p []float64) (Value, string) {
			return fitInterval(p[0], p[1], s)
		})
	case has(m, "mode"):
		v, why = parseParams(m, s, []string{"min", "mode", "max"}, "a three-point estimate", func(p []float64) (Value, string) {
			return fitPERT(p[0], p[1], p[2], s)
		})
	case has(m, "mean") || has(m, "sd"):
		v, why = parseParams(m, s, []string{"mean", "sd"}, "a mean and sd", func(p []float64) (Value, string) {
			return fitMoments(p[0], p[1], s)
		})
	default:
		return Value{}, "is not a number or a distribution: write " + forms
	}
	if why != "" {
		return Value{}, why
	}
	if why := checkValue(v, s); why != "" {
		return Value{}, why
	}
	v.Domain = s.domain
	v.Form = form
	return v, ""
}

func has(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// parseParams checks that m has exactly the keys names, each a finite
// number, and calls fit with them in that order.
func parseParams(m map[string]any, s spec, names []string, what string, fit func([]float64) (Value, string)) (Value, string) {
	p := make([]float64, len(names))
	want := "{" + strings.Join(names, ", ") + "}"
	for k := range m {
		if indexOf(names, k) < 0 {
			return Value{}, fmt.Sprintf("has %q, which %s %s does not take: write %s or %s", k, what, want, want, forms)
		}
	}
	for i, k := range names {
		raw, ok := m[k]
		if !ok {
			return Value{}, fmt.Sprintf("is missing %s: %s is written %s", k, what, want)
		}
		x, ok := number(raw)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return Value{}, fmt.Sprintf("has %s: %s, which is not a finite number", k, flow(raw))
		}
		p[i] = x
	}
	return fit(p)
}

func indexOf(list []string, s string) int {
	for i, e := range list {
		if e == s {
			return i
		}
	}
	return -1
}

// fitInterval fits a 90% interval: low and high are the 5th and 95th
// percentiles of a Beta (probability), LogNormal (positive) or Normal (real).
func fitInterval(low, high float64, s spec) (Value, string) {
	if low >= high {
		return Value{}, "has low ≥ high: low is the 5th percentile and high the 95th, so low must be below high, e.g. {low: 0.2, high: 0.4}"
	}
	switch s.domain {
	case Probability:
		if low <= 0 || high >= 1 {
			return Value{}, "is not inside (0, 1): a probability interval needs 0 < low < high < 1; for a rate that can be 0 or 1 use {min: 0, mode: 0.1, max: 0.3}"
		}
		if why := fittable(low, high); why != "" {
			return Value{}, why
		}
		a, b, err := fitBeta(low, high)
		if err != "" {
			return Value{}, err
		}
		return Value{Family: Beta, Alpha: a, Beta: b}, ""
	case Positive:
		if low <= 0 {
			return Value{}, "has low ≤ 0, and an interval for an amount is fitted by a lognormal, which needs low > 0: use {min, mode, max} or a fixed value"
		}
		if !s.contains(low) {
			return Value{}, hasOutside("low", low, s)
		}
		if !s.contains(high) {
			return Value{}, hasOutside("high", high, s)
		}
		v := Value{Family: LogNormal, Mu: (math.Log(low) + math.Log(high)) / 2,
			Sigma: (math.Log(high) - math.Log(low)) / (2 * z95)}
		if !logSigma.contains(v.Sigma) {
			return Value{}, fmt.Sprintf("is too wide: a lognormal fitted to it has sigma %.3g, and harvest draws lognormals with sigma up to %s (high/low up to %.3g)",
				v.Sigma, bound(logSigma.hi), math.Exp(2*z95*logSigma.hi))
		}
		return v, ""
	}
	if !s.contains(low) {
		return Value{}, hasOutside("low", low, s)
	}
	return Value{Family: Normal, Mu: (low + high) / 2, Sigma: (high - low) / (2 * z95)}, ""
}

// fitMoments matches a mean and a standard deviation exactly.
func fitMoments(mean, sd float64, s spec) (Value, string) {
	if sd <= 0 {
		return Value{}, "has sd ≤ 0: sd must be above 0 (for a sure value write the number alone, e.g. " + formatNumber(mean) + ")"
	}
	switch s.domain {
	case Probability:
		if mean <= 0 || mean >= 1 {
			return Value{}, "has a mean outside (0, 1): a probability's mean must lie strictly between 0 and 1"
		}
		k := mean*(1-mean)/(sd*sd) - 1
		if k <= 0 || math.IsInf(k, 0) {
			return Value{}, fmt.Sprintf("has no beta distribution: a probability with mean %s must have sd below %.4g; give a smaller sd or an interval {low, high}",
				formatNumber(mean), math.Sqrt(mean*(1-mean)))
		}
		v := Value{Family: Beta, Alpha: mean * k, Beta: (1 - mean) * k}
		if !betaParams.contains(v.Alpha) || !betaParams.contains(v.Beta) {
			// sd² = m(1−m)/(k+1), and the smaller of α, β is at most betaParams.hi.
			kMax := betaParams.hi / max(mean, 1-mean)
			return Value{}, fmt.Sprintf("fits a beta with alpha %.3g and beta %.3g, and harvest draws from betas whose parameters are %s: with mean %s, give an sd of at least %.3g, or a fixed value",
				v.Alpha, v.Beta, betaParams.text(), formatNumber(mean), math.Sqrt(mean*(1-mean)/(kMax+1)))
		}
		return v, ""
	case Positive:
		if mean <= 0 {
			return Value{}, "has a mean ≤ 0: an amount's mean must be above 0"
		}
		s2 := math.Log1p(sd * sd / (mean * mean))
		if s2 <= 0 || math.IsInf(s2, 0) || math.IsNaN(s2) {
			return Value{}, "has an sd too small or too large for its mean: use a fixed value or an interval {low, high}"
		}
		return Value{Family: LogNormal, Mu: math.Log(mean) - s2/2, Sigma: math.Sqrt(s2)}, ""
	}
	if !s.contains(mean) {
		return Value{}, hasOutside("mean", mean, s)
	}
	return Value{Family: Normal, Mu: mean, Sigma: sd}, ""
}

// fitPERT makes a PERT distribution (a Beta with λ = 4 scaled to [min, max]).
func fitPERT(lo, mode, hi float64, s spec) (Value, string) {
	if why := checkRange(lo, mode, hi, s, "pert"); why != "" {
		return Value{}, why
	}
	return Value{Family: PERT, Min: lo, Mode: mode, Max: hi,
		Alpha: 1 + 4*(mode-lo)/(hi-lo), Beta: 1 + 4*(hi-mode)/(hi-lo)}, ""
}

// checkRange checks min ≤ mode ≤ max, min < max, and [min, max] inside s.
func checkRange(lo, mode, hi float64, s spec, family string) string {
	if lo >= hi {
		return "has min ≥ max: min must be below max, e.g. {min: 2, mode: 3, max: 6}"
	}
	if mode < lo || mode > hi {
		return "has its mode outside [min, max]: the mode is the most likely value and lies between them"
	}
	if d := hi - lo; math.IsInf(d, 0) {
		return "has a range too wide to draw from"
	}
	if !s.contains(lo) {
		return hasOutside("min", lo, s)
	}
	if !s.contains(hi) {
		return hasOutside("max", hi, s)
	}
	return ""
}

// explicitParams lists each explicit family's parameters.
var explicitParams = map[string][]string{
	"beta":      {"alpha", "beta"},
	"lognormal": {"mu", "sigma"},
	"normal":    {"mu", "sigma"},
	"gamma":     {"alpha", "beta"},
	"triangle":  {"min", "mode", "max"},
	"uniform":   {"min", "max"},
	"pert":      {"min", "mode", "max"},
}

func explicitNames() string {
	names := make([]string, 0, len(explicitParams))
	for k := range explicitParams {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// parseExplicit reads {dist: NAME, params...}.
func parseExplicit(m map[string]any, s spec) (Value, string) {
	name, _ := m["dist"].(string)
	name = strings.ToLower(name)
	names, ok := explicitParams[name]
	if !ok {
		return Value{}, fmt.Sprintf("has dist: %s, which is not a family harvest knows: use one of %s", flow(m["dist"]), explicitNames())
	}
	params := map[string]any{}
	for k, v := range m {
		if k != "dist" {
			params[k] = v
		}
	}
	what := "dist: " + name
	return parseParams(params, s, names, what, func(p []float64) (Value, string) {
		return fitExplicit(name, p, s)
	})
}

func fitExplicit(name string, p []float64, s spec) (Value, string) {
	positive := func(names ...string) string {
		for i, n := range names {
			if p[i] <= 0 {
				return fmt.Sprintf("has %s ≤ 0: %s's %s must be above 0", n, name, n)
			}
		}
		return ""
	}
	// Families whose support is unbounded must fit the key's domain.
	suggest := map[Domain]string{
		Probability: "for a probability use {dist: beta, alpha: 3, beta: 7}, {low, high} or {min, mode, max}",
		Positive:    "for an amount use lognormal, gamma, {low, high} or {min, mode, max}",
	}
	var v Value
	switch name {
	case "beta":
		if why := positive("alpha", "beta"); why != "" {
			return Value{}, why
		}
		if s.lo > 0 || s.hi < 1 {
			return Value{}, "is a beta, whose draws lie in (0, 1), outside " + s.what
		}
		v = Value{Family: Beta, Alpha: p[0], Beta: p[1]}
	case "gamma":
		if why := positive("alpha", "beta"); why != "" {
			return Value{}, why
		}
		v = Value{Family: Gamma, Alpha: p[0], Beta: p[1]}
	case "lognormal":
		if p[1] <= 0 {
			return Value{}, "has sigma ≤ 0: lognormal's sigma (the sd of ln X) must be above 0"
		}
		v = Value{Family: LogNormal, Mu: p[0], Sigma: p[1]}
	case "normal":
		if p[1] <= 0 {
			return Value{}, "has sigma ≤ 0: normal's sigma (its sd) must be above 0"
		}
		if s.domain != Real {
			return Value{}, fmt.Sprintf("is a normal, which can go below %s and is not %s: %s", formatNumber(s.lo), s.what, suggest[s.domain])
		}
		if !s.contains(p[0]) {
			return Value{}, hasOutside("mu", p[0], s)
		}
		v = Value{Family: Normal, Mu: p[0], Sigma: p[1]}
	case "triangle":
		if why := checkRange(p[0], p[1], p[2], s, name); why != "" {
			return Value{}, why
		}
		v = Value{Family: Triangle, Min: p[0], Mode: p[1], Max: p[2]}
	case "uniform":
		if why := checkRange(p[0], p[0], p[1], s, name); why != "" {
			return Value{}, why
		}
		v = Value{Family: Uniform, Min: p[0], Max: p[1]}
	case "pert":
		return fitPERT(p[0], p[1], p[2], s)
	}
	if (v.Family == Gamma || v.Family == LogNormal) && s.domain == Probability {
		return Value{}, fmt.Sprintf("is a %s, which can exceed %s and is not %s: %s", name, formatNumber(s.hi), s.what, suggest[s.domain])
	}
	return v, ""
}

// fittable says why a probability interval is outside the intervals
// fitBeta is known to fit, in milliseconds, with parameters harvest draws
// from reliably, or "". Measured on a grid of low from 1e-6 to 0.5 and
// widths from 1e-12 up (10^0.1 apart), and their mirror images: every
// interval inside fitted (parameters 0.2 to 1e9, of which those to 1e8
// are kept), the median in 37 µs, the slowest in 19 ms. Outside, narrow intervals near 0 or 1 failed
// after up to 44 ms. (Of those fitted, 3% are refused after by drawable:
// a width of a few millionths near 0 or 1, where gonum's quantile of the
// beta goes astray.)
func fittable(low, high float64) string {
	const edge = 1e-6
	if low < edge || high > 1-edge {
		return "has an end within one in a million of 0 or 1, where no beta is fitted reliably: give 0.000001 ≤ low < high ≤ 0.999999, or {min: 0, mode: 0.001, max: 0.01} for a rate near 0"
	}
	// The moments of a normal with this 90% interval give the beta's
	// α = m·k and β = (1 − m)·k; the fitted ones are close.
	m := (low + high) / 2
	sd := (high - low) / (2 * z95)
	k := m*(1-m)/(sd*sd) - 1
	if m*k > betaParams.hi || (1-m)*k > betaParams.hi {
		width := 2 * z95 * math.Sqrt(m*(1-m)/(betaParams.hi/max(m, 1-m)+1))
		return fmt.Sprintf("is too narrow for a beta harvest can draw from reliably: around %.3g, an interval must be at least %.2g wide; use a fixed value instead", m, width)
	}
	return ""
}

// hasOutside says a parameter of a distribution leaves the key's domain.
func hasOutside(name string, x float64, s spec) string {
	return "has " + name + " " + formatNumber(x) + ", which " + s.outside(x)
}
