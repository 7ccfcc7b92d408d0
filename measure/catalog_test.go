package measure

import (
	"os"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name, label, noun string
		unit              Unit
		lower             bool
	}{
		{"cac", "CAC", "CAC", Money, true},
		{"ltv_cac", "LTV:CAC", "LTV:CAC", Ratio, false},
		{"new_customers", "New customers", "new customers", Count, false},
		{"lifetime_roi", "Lifetime ROI", "lifetime ROI", Share, false},
		{"payback_months", "Payback", "payback", Months, true},
		{"stages.sql", "People reaching sql", "people reaching sql", Count, false},
		{"channels.paid_search.cac", "paid_search's CAC", "paid_search's CAC", Money, true},
		{"channels.sdr.customers", "sdr's customers", "sdr's customers", Count, false},
	}
	for _, tt := range tests {
		m, ok := Lookup(tt.name)
		if !ok {
			t.Errorf("Lookup(%q): not found", tt.name)
			continue
		}
		if m.Label != tt.label || m.Noun() != tt.noun || m.Unit != tt.unit || m.LowerIsBetter != tt.lower {
			t.Errorf("Lookup(%q) = %q, %q, %v, lower %v; want %q, %q, %v, lower %v",
				tt.name, m.Label, m.Noun(), m.Unit, m.LowerIsBetter, tt.label, tt.noun, tt.unit, tt.lower)
		}
	}
	for _, bad := range []string{"", "cacs", "stages.", "stages.a.b", "channels.x", "channels.x.nope", "channels..cac"} {
		if _, ok := Lookup(bad); ok {
			t.Errorf("Lookup(%q) found a metric; want none", bad)
		}
	}
}

func TestCatalogComplete(t *testing.T) {
	for _, list := range [][]Metric{catalog, channelCatalog, seriesCatalog} {
		seen := map[string]bool{}
		for _, m := range list {
			if m.Name == "" || m.Label == "" || m.Doc == "" || seen[m.Name] {
				t.Errorf("metric %+v: want a unique name, a label and a doc", m)
			}
			seen[m.Name] = true
			if m.Usual != nil && !(m.Usual.Lo <= m.Usual.Hi) {
				t.Errorf("%s: usual range %v..%v", m.Name, m.Usual.Lo, m.Usual.Hi)
			}
		}
	}
	if m, ok := Channel("entries"); !ok || m.Unit != Count {
		t.Errorf("Channel(entries) = %+v, %v; want a count", m, ok)
	}
	if m, ok := Series("mrr"); !ok || m.Unit != Money {
		t.Errorf("Series(mrr) = %+v, %v; want money", m, ok)
	}
	if _, ok := Channel("revenue"); ok {
		t.Errorf("Channel(revenue) found a channel metric; want none")
	}
	if Index("revenue") != 0 || Index("nope") != -1 {
		t.Errorf("Index: revenue %d, nope %d; want 0, -1", Index("revenue"), Index("nope"))
	}
}

func TestRange(t *testing.T) {
	r := Range{Lo: 0.06, Hi: 0.12}
	for _, tt := range []struct {
		x    float64
		want int
	}{{0.05, -1}, {0.06, 0}, {0.1, 0}, {0.12, 0}, {0.2, 1}} {
		if got := r.Contains(tt.x); got != tt.want {
			t.Errorf("Contains(%v) = %d; want %d", tt.x, got, tt.want)
		}
	}
}

// TestREADMEListsEveryMetric: every metric of the catalog, a run's and a
// channel's, is documented in README.md's JSON section, so that adding one
// without its line fails here.
func TestREADMEListsEveryMetric(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, name := range append(Names(), ChannelNames()...) {
		if !strings.Contains(readme, "`"+name+"`") {
			t.Errorf("README.md does not mention `%s`", name)
		}
	}
}
