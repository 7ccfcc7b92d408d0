package model

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad proves that no input makes the loader panic: every file either
// loads into a scenario that passes Validate and whose values can be drawn
// from at every u the engine draws, or fails with an *Error. The seed
// corpus is the good scenarios (inline and in testdata/good), every bad one
// in testdata/bad (each reproducer of issue 12 among them) and a few
// documents in TOML and JSON.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(small), uint8(0), "")
	f.Add([]byte(`{"funnel": {"stages": ["a", "b"], "conversion": {"b": 0.5}}, "channels": {"c": {"enters": "a", "spend": 1, "unit_cost": 1}}, "customers": {"value": 1}}`), uint8(2), "")
	f.Add([]byte("[funnel]\nstages = ['a', 'b']\n[funnel.conversion]\nb = {low = 0.1, high = 0.2}\n"), uint8(1), "customers.value=3")
	f.Add([]byte(small), uint8(0), "customers.churn={dist: pert, min: 0, mode: 0.01, max: 0.05}")
	f.Add([]byte("{"+base["json"]+`, "Customers": {"value": 20}, "customers.churn": 0.1}`), uint8(2), "")
	f.Add([]byte(`{"horizon_months": 12, `+base["json"]+`, "horizon_months": 24, "\u001b]0;x\u0007": 1}`), uint8(2), "")
	f.Add([]byte("\"sales.reps\" = 9\n[Customers]\nvalue = 1\n"+base["toml"]+"[[extra]]\na = 1\n"), uint8(1), "")
	f.Add([]byte(base["yaml"]+"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"), uint8(0), "")
	f.Add([]byte("a: "+strings.Repeat("[", 70)+strings.Repeat("]", 70)+"\n"), uint8(0), "")
	f.Add([]byte(base["yaml"]), uint8(0), "customers.value={dist: gamma, alpha: 1e-320, beta: 1}")
	f.Add([]byte(year), uint8(0), "")
	f.Add([]byte(year), uint8(0), "channels.events.spend={1: 0, 9: 20000}")
	f.Add([]byte(year), uint8(0), "horizon_months=3")
	f.Add([]byte(year), uint8(0), "calendar.start=1900-01")
	f.Add([]byte(strings.Replace(year, "start: 2027-01", "start: 2199-12", 1)), uint8(0), "horizon_months=600")
	f.Add([]byte("[calendar]\nstart = \"2027-01\"\n[channels.ads.spend]\n1 = 5\n2027-03 = 6\n"+base["toml"]), uint8(1), "")
	f.Add([]byte(`{"calendar": {"start": "2027-01", "seasonality": [1,1,1,1,1,1,1,1,1,1,1,1]}, `+base["json"]+`}`), uint8(2), "channels.ads.spend={\"2027-02\": 1, \"1\": 2}")
	for _, dir := range []string{"testdata/good", "testdata/bad"} {
		for _, ext := range []string{"*.yaml", "*.toml"} {
			files, _ := filepath.Glob(filepath.Join(dir, ext))
			for _, file := range files {
				data, err := os.ReadFile(file)
				if err != nil {
					f.Fatal(err)
				}
				format := uint8(0)
				if ext == "*.toml" {
					format = 1
				}
				f.Add(data, format, "sales.reps=2")
			}
		}
	}
	exts := []string{".yaml", ".toml", ".json"}
	f.Fuzz(func(t *testing.T, data []byte, format uint8, override string) {
		var overrides []string
		if override != "" {
			overrides = []string{override}
		}
		checkParse(t, "fuzz"+exts[int(format)%len(exts)], data, overrides)
	})
}

// FuzzSet proves the same of --set: a scenario with one fuzzed override
// loads valid or fails with an *Error. The seeds are the overrides of
// issue 12 and of the tests.
func FuzzSet(f *testing.F) {
	for _, o := range []string{
		"sales.reps=4", "customers.churn={low: 0.01, high: 0.03}", "sales.hires={3: 1}", "Sales.Reps=0",
		"customers.value={dist: gamma, alpha: 1e-320, beta: 1}",
		"customers.value={dist: gamma, alpha: 1e-310, beta: 1}",
		"customers.value={dist: gamma, alpha: 1e308, beta: 1}",
		"customers.value={dist: triangle, min: 1, mode: 2, max: 1e308}",
		"customers.value={dist: lognormal, mu: 20, sigma: 2}",
		"customers.churn={dist: beta, alpha: 1e12, beta: 1}",
		"funnel.conversion.sql={low: 0.000001, high: 0.000003}",
		"funnel.conversion.sql={mean: 0.5, sd: 1e-7}",
		"sales.reps=1e18", "sales.capacity_per_rep=1e308", "sales.hires={1: 1e308}", "budget.monthly=1e26",
		"customers.expansion=1000", "customers.expansion={mean: 0.5, sd: 0.3}",
		"channels.search.unit_cost=1e-300", "customers.starting=1e15",
		"horizon_months=null", "horizon_months=", "customers.revenue=~",
		"name=\x1b]0;PWNED\x07", "name=\"\\e[2J\"", "description=\"a\\u202Eb\"",
		"customers.churn={low: 0.1, low: 0.2, high: 0.3}", "customers.churn={Low: 0.1, high: 0.3}",
		"variants.v={channels.search.spend: 1, channels: {search: {spend: 2}}}",
		"sales.reps=" + strings.Repeat("9", 300) + "x",
		"funnel.conversion.sql=" + strings.Repeat("[", 70) + strings.Repeat("]", 70),
		"channels.new={enters: lead, unit_cost: 1}", "channels.search.unit_cost.high=5",
		// The calendar, schedules, the market and people (issue 13); each
		// override is tried on small (no calendar) and on year.
		"channels.events.spend={1: 0, 9: 20000}", "channels.events.spend={2027-01: 1, 2027-12: 1e9}",
		"channels.events.spend={1: 1, 0: 2}", "channels.events.spend={}", "channels.events.spend={1: {low: 1, high: 2}}",
		"channels.sdr.headcount={1: 1e5, 600: 0}", "budget.monthly={1: 1e10, 12: 0}", "budget.monthly={1: 50000, 2027-06: 1}",
		"sales.hires={2027-03: 1, 3: 2}", "sales.hires.2027-13=1", "sales.hires.2026-12=1",
		"calendar.start=2027-01", "calendar.start=0000-01", "calendar.start=2027-1", "calendar.start=2027-01-15", "calendar.start=",
		"calendar.seasonality=[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 10]", "calendar.seasonality=[1e308]", "calendar.seasonality={1: 1}",
		"channels.events.seasonality=[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
		"market.size={low: 1, high: 1e10}", "market={size: 0}", "channels.sdr.audience=1e-300", "channels.search.audience=5000",
		"channels.content.prior_spend=1e9", "channels.sdr.prior_spend=1",
		"sales.attrition={low: 0.01, high: 0.04}", "sales.backfill=no", "sales.time_to_fill=600", "channels.sdr.time_to_fill=-1",
		"channels.sdr.attrition=1", "channels.search.backfill=true",
		"customers.starting_mrr={low: 1, high: 1e12}", "customers.starting=0", "customers.churn=", "customers.revenue=one_time",
	} {
		f.Add(o)
	}
	f.Fuzz(func(t *testing.T, override string) {
		checkParse(t, "small.yaml", []byte(small), []string{override})
		checkParse(t, "year.yaml", []byte(year), []string{override})
	})
}

// checkParse parses and checks what fuzzing asks of every input.
func checkParse(t *testing.T, name string, data []byte, overrides []string) {
	s, err := Parse(name, data, overrides)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || len(e.Problems) == 0 {
			t.Fatalf("got %v; want an *Error with problems", err)
		}
		if msg := err.Error(); !printable(strings.ReplaceAll(msg, "\n", "")) {
			t.Fatalf("got a message with unprintable text: %q", msg)
		}
		return
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("loaded a scenario that Validate refuses: %v", err)
	}
	for _, nv := range s.AllValues() {
		for _, u := range drawUs {
			if x := nv.Value.Quantile(u); math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%s = %s: quantile at %g is %g; want a finite number", nv.Key, nv.Value.Describe(), u, x)
			}
		}
		nv.Value.Mean()
		nv.Value.Describe()
	}
	for _, v := range s.Variants {
		Parse(s.File, s.Source, v.Overrides)
	}
	s.Clone()
	for _, a := range Advise(s) {
		if !printable(a.String()) {
			t.Fatalf("got advice with unprintable text: %q", a)
		}
	}
}
