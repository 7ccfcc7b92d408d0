package model

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/viper"
)

// TestExactKeys: keys are read as written. Keys that viper would merge
// (differing only in case, or dotted beside nested) and keys given twice
// are refused, naming both spellings, in every format.
func TestExactKeys(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            []string
	}{
		{"json case", "c.json", "{" + base["json"] + `, "Customers": {"value": 20}}`,
			[]string{"scenario c.json: Customers: differs from customers only in case: keys and names are lower-case; keep one of them"}},
		{"json twice", "c.json", `{"horizon_months": 12, ` + base["json"] + `, "horizon_months": 24}`,
			[]string{"scenario c.json: horizon_months: is given twice in one map: give each key once"}},
		{"json dotted", "c.json", "{" + base["json"] + `, "customers.value": 20}`,
			[]string{"scenario c.json: customers.value: 20 is a dotted key for customers.value, which is also given nested, as customers: {value: 10}"}},
		{"toml quoted dotted", "c.toml", "\"customers.repeat\" = 0.1\n" + base["toml"],
			[]string{"customers.repeat: is a dotted key: outside variants, write keys nested, e.g. customers: {repeat: 0.1}"}},
		{"toml table twice", "c.toml", base["toml"] + "[customers]\nchurn = 0.1\n",
			[]string{"scenario c.toml: customers: is given twice in one map"}},
		{"yaml upper-case stage key", "c.yaml", strings.Replace(base["yaml"], "{customer: 0.2}", "{Customer: 0.2}", 1),
			[]string{"funnel.conversion.Customer: has upper-case letters: keys and names are lower-case, e.g. customer"}},
		{"yaml split and channel", "c.yaml", base["yaml"] + "budget: {monthly: 100, split: {ads: 1, Ads: 0}}\n",
			[]string{"budget.split.Ads: differs from budget.split.ads only in case"}},
		{"yaml value params", "c.yaml", strings.Replace(base["yaml"], "value: 10", "value: {low: 1, Low: 2, high: 3}", 1),
			[]string{"customers.value.Low: differs from customers.value.low only in case"}},
		{"null section", "c.yaml", base["yaml"] + "sales:\n",
			[]string{"sales: is empty (null): give it a value, or remove it"}},
		{"variant dotted and nested", "c.yaml", base["yaml"] + "variants: {v: {customers.churn: 0.1, customers: {churn: 0.2}}}\n",
			[]string{"variants.v.customers.churn: sets customers.churn again, as customers.churn after customers: {churn}: give each change once"}},
		{"variant upper-case", "c.yaml", base["yaml"] + "variants: {v: {Customers.churn: 0.1}}\n",
			[]string{"variants.v.Customers.churn: is not a key harvest knows: keys are lower-case names joined by dots"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantAll(t, parseErr(t, tt.file, tt.src), tt.want...)
		})
	}
}

// TestSettingsAsViper: the exact reader reads what viper read from the
// same text, in each format: numbers of each kind, lists, YAML's anchors
// and merge keys, TOML's dotted keys, inline tables and arrays of tables;
// and every scenario in testdata/good and scenarios/.
func TestSettingsAsViper(t *testing.T) {
	docs := map[string]string{
		"anchors.yaml": `name: "x"
funnel: {stages: [lead, customer], conversion: {customer: 0.2}}
channels:
  ads: &ch {enters: lead, spend: 100, unit_cost: 5}
  seo: {<<: *ch, spend: 0x10, unit_cost: 1_000, max_per_month: .inf}
  web: {<<: [*ch], spend: 1e3, carryover: 010}
customers: {value: 1e3, churn: 2.5e-2, revenue: one_time}
sales: {hires: {3: 1, 6: 2.5}}
variants: {v: {channels.ads.spend: 200}}
`,
		"tables.toml": "name = 'x'\nfunnel.stages = ['lead', 'customer']\nfunnel.conversion = {customer = 0.2}\n" +
			"[channels.ads]\nenters = \"lead\"\nspend = 1_000\nunit_cost = 5e0\nmax_per_month = inf\n" +
			"[sales.hires]\n3 = 1\n6 = 2.5\n[variants.v]\n\"channels.ads.spend\" = 200\n" +
			"[[extra]]\na = 1\n[extra.sub]\nb = 2\n[[extra]]\na = 3\n[extra.sub]\nb = 4\n",
		"numbers.json": `{"name": "x", "funnel": {"stages": ["lead", "customer"], "conversion": {"customer": 0.2}},
			"channels": {"ads": {"enters": "lead", "spend": 100, "unit_cost": 5e-1}}, "sales": {"hires": {"3": 1}}}`,
	}
	for _, dir := range []string{"testdata/good", "../scenarios"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs[f] = string(data)
		}
	}
	for name, src := range docs {
		t.Run(name, func(t *testing.T) {
			typ, _ := formatOf(name)
			v := viper.New()
			v.SetConfigType(typ)
			if err := v.ReadConfig(strings.NewReader(src)); err != nil {
				t.Fatal(err)
			}
			want := v.AllSettings()
			d := newDecoder(name)
			doc, fatal := readDocument(typ, []byte(src), d.twice)
			if fatal != "" || d.failed() {
				t.Fatalf("got %q, %v; want it read", fatal, d.problems)
			}
			if got := settings(doc); !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%#v\nwant (viper)\n%#v", got, want)
			}
			if !strings.Contains(name, "testdata") && !strings.Contains(name, "scenarios") {
				return
			}
			// A scenario: the schema's checks take nothing out.
			got, _ := d.read([]byte(src))
			if d.failed() || !reflect.DeepEqual(got, want) {
				t.Errorf("read: got %v, problems %v; want viper's settings and no problem", got, d.problems)
			}
		})
	}
}

// TestReadIsLinear: a large file is read in time linear in its size and
// lists its first 50 problems. 100,000 unknown keys took 94 s when
// yaml.v3 (through viper) compared each key of a map with every other.
func TestReadIsLinear(t *testing.T) {
	const n = 100_000
	for _, format := range []string{"yaml", "toml", "json"} {
		t.Run(format, func(t *testing.T) {
			var b strings.Builder
			switch format {
			case "yaml":
				for i := range n {
					fmt.Fprintf(&b, "k%06d: 1\n", i)
				}
				b.WriteString(base["yaml"])
			case "toml":
				for i := range n {
					fmt.Fprintf(&b, "k%06d = 1\n", i)
				}
				b.WriteString(base["toml"])
			case "json":
				b.WriteString("{")
				for i := range n {
					fmt.Fprintf(&b, "\"k%06d\": 1, ", i)
				}
				b.WriteString(base["json"] + "}")
			}
			got := parseErr(t, "big."+format, b.String())
			lines := strings.Split(got, "\n")
			if len(lines) != maxProblems+1 {
				t.Fatalf("got %d lines; want %d: the first %d problems and a count of the rest", len(lines), maxProblems+1, maxProblems)
			}
			wantAll(t, got, "scenario big."+format+": k000000: is not a key harvest knows (keys at the top level: ",
				fmt.Sprintf("scenario big.%s: and %s more problems", format, grouped(n-maxProblems)))
		})
	}
}

// TestManyTablesAreLinear: TOML's tables and arrays of tables, however
// many, are read in linear time (go-toml's decoder looks for each key among
// all its siblings; an array of tables once restarted by scanning every
// table defined).
func TestManyTablesAreLinear(t *testing.T) {
	var tables, arrays strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&tables, "[t%06d]\na = 1\n", i)
		fmt.Fprintf(&arrays, "[[x]]\na = %d\n[x.y]\nb = 1\n", i)
	}
	wantAll(t, parseErr(t, "tables.toml", tables.String()+base["toml"]), "and 99,950 more problems")
	wantAll(t, parseErr(t, "arrays.toml", base["toml"]+arrays.String()), "scenario arrays.toml: x: is not a key harvest knows")
}

// TestDeepNesting: nesting past maxDepth is refused at once, however it is
// written (5,000 levels of block nesting ran past 120 s in viper's search
// of every key's path prefixes).
func TestDeepNesting(t *testing.T) {
	var block strings.Builder
	for i := range 3000 {
		block.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	block.WriteString(strings.Repeat(" ", 3000) + "x: 1\n")
	tests := []struct{ file, src string }{
		{"block.yaml", block.String()},
		{"flow.yaml", "a: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"},
		{"flow.json", `{"a": ` + strings.Repeat(`{"a": `, 5000) + "1" + strings.Repeat("}", 5000) + "}"},
		{"keys.toml", strings.Repeat("a.", 5000) + "a = 1\n"},
		{"inline.toml", "a = " + strings.Repeat("{a = ", 5000) + "1" + strings.Repeat("}", 5000) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			wantAll(t, parseErr(t, tt.file, tt.src), "scenario "+tt.file+": nests maps and lists deeper than 64 levels (at ")
		})
	}
}

// TestYAMLItemCap: a YAML file of more items than any scenario holds is
// refused before yaml.v3 holds them all in memory.
func TestYAMLItemCap(t *testing.T) {
	src := strings.Repeat("- ", 300_000) + "x\n"
	wantAll(t, parseErr(t, "list.yaml", src), "scenario list.yaml: has over 250000 YAML items")
}
