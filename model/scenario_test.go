package model

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// small is a scenario with every section, used by the tests below.
const small = `name: Small
funnel:
  stages: [visit, lead, sql, customer]
  handoff: sql
  conversion: {lead: {low: 0.02, high: 0.04}, sql: 0.3, customer: {min: 0.1, mode: 0.2, max: 0.4}}
  months: {sql: 1}
channels:
  search: {enters: visit, unit_cost: {low: 1.5, high: 4}, max_per_month: 9000, conversion: {sql: 0.4}}
  content: {enters: visit, unit_cost: 2, carryover: 0.5}
  meta: {enters: visit, response: hill, half_saturation: 30000, shape: 2, max_per_month: 20000}
  sdr: {kind: sales, enters: sql, headcount: 2, cost_per_head: 7000, output_per_head: 10, ramp_months: 2}
budget:
  monthly: 50000
  split: {search: 0.4, content: 0.1, meta: 0.26, sales_team: 0.24}
sales:
  reps: 1
  cost_per_rep: 12000
  capacity_per_rep: 25
  hires: {6: 1, 3: 0.5}
customers:
  value: {low: 300, high: 900}
  churn: {mean: 0.02, sd: 0.005}
targets: {revenue: 1000000, cac: {max: 4000}}
variants:
  more_search: {channels.search.max_per_month: 12000, budget.split: {search: 0.5, content: 0, meta: 0.26, sales_team: 0.24}}
  hire_early: {sales.hires: {2: 1}}
`

func parseSmall(t *testing.T, overrides ...string) *Scenario {
	t.Helper()
	s, err := Parse("small.yaml", []byte(small), overrides)
	if err != nil {
		t.Fatalf("got %v; want the small scenario to load", err)
	}
	return s
}

func TestScenarioResolved(t *testing.T) {
	s := parseSmall(t)
	var names []string
	for _, ch := range s.Channels {
		names = append(names, ch.Name)
	}
	if want := []string{"content", "meta", "sdr", "search"}; !reflect.DeepEqual(names, want) {
		t.Errorf("got channels %v; want %v (sorted by name)", names, want)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"name", s.Name, "Small"},
		{"horizon default", s.Horizon, 12},
		{"handoff", s.Funnel.Handoff, 2},
		{"content spend = monthly × share", s.Channels[0].Spend, Constant(5000)},
		{"meta response", s.Channels[1].Response, Hill},
		{"sdr spend = headcount × cost", s.Channels[2].Spend, Constant(14000)},
		{"sdr response", s.Channels[2].Response, Headcount},
		{"sdr kind", s.Channels[2].Kind, SalesKind},
		{"search spend", s.Channels[3].Spend, Constant(20000)},
		{"search response", s.Channels[3].Response, Saturating},
		{"content response", s.Channels[0].Response, Linear},
		{"search conversion override", s.Channels[3].Conversion[2].X, 0.4},
		{"reps = 1 + 0.24×50000/12000", s.Sales.Reps, 2.0},
		{"hires sorted", s.Sales.Hires, []Hire{{3, 0.5}, {6, 1}}},
		{"follow_up default", s.Sales.FollowUp.X, 1.0},
		{"gross_margin default", s.Customers.GrossMargin.X, 1.0},
		{"discount default", s.Customers.DiscountRate, 0.1},
		{"first conversion", s.Funnel.Conversion[0].X, 1.0},
		{"months", s.Funnel.Months[2].X, 1.0},
		{"pert conversion", s.Funnel.Conversion[3].Family, PERT},
		{"targets sorted", s.Targets, []Target{{"cac", 4000, true}, {"revenue", 1000000, false}}},
		{"variants", s.Variants, []Variant{
			{"hire_early", []string{"sales.hires={2: 1}"}},
			{"more_search", []string{"budget.split.content=0", "budget.split.meta=0.26", "budget.split.sales_team=0.24", "budget.split.search=0.5", "channels.search.max_per_month=12000"}},
		}},
		{"source", string(s.Source), small},
		{"file", s.File, "small.yaml"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v; want %v", c.name, c.got, c.want)
		}
	}
	if err := s.Validate(); err != nil {
		t.Errorf("got Validate() = %v; want nil for a loaded scenario", err)
	}
}

func TestDefaultsWithoutSales(t *testing.T) {
	const src = "funnel: {stages: [lead, customer], handoff: lead, conversion: {customer: 0.2}}\n" +
		"channels: {ads: {enters: lead, spend: 100, unit_cost: 5}}\ncustomers: {value: 10, churn: 0}\n"
	s, err := Parse("dir/plain.yml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "plain" || s.Funnel.Handoff != -1 || s.Sales != nil || s.Budget != nil || s.Horizon != 12 {
		t.Errorf("got name %q handoff %d sales %v budget %v horizon %d; want plain, -1, nil, nil, 12",
			s.Name, s.Funnel.Handoff, s.Sales, s.Budget, s.Horizon)
	}
}

// TestFormats loads the same scenario written in YAML, TOML and JSON.
func TestFormats(t *testing.T) {
	const toml = `name = "Small"
[funnel]
stages = ["visit", "lead", "customer"]
handoff = "lead"
[funnel.conversion]
lead = {low = 0.02, high = 0.04}
customer = 0.2
[channels.search]
enters = "visit"
spend = 8000
unit_cost = {min = 1, mode = 2, max = 4}
[sales]
capacity_per_rep = 25
reps = 2
[sales.hires]
4 = 1
[customers]
value = {mean = 500, sd = 100}
churn = 0.02
`
	const json = `{"name": "Small",
 "funnel": {"stages": ["visit", "lead", "customer"], "handoff": "lead",
            "conversion": {"lead": {"low": 0.02, "high": 0.04}, "customer": 0.2}},
 "channels": {"search": {"enters": "visit", "spend": 8000, "unit_cost": {"min": 1, "mode": 2, "max": 4}}},
 "sales": {"capacity_per_rep": 25, "reps": 2, "hires": {"4": 1}},
 "customers": {"value": {"mean": 500, "sd": 100}, "churn": 0.02}}`
	const yaml = `name: Small
funnel:
  stages: [visit, lead, customer]
  handoff: lead
  conversion: {lead: {low: 0.02, high: 0.04}, customer: 0.2}
channels:
  search: {enters: visit, spend: 8000, unit_cost: {min: 1, mode: 2, max: 4}}
sales: {capacity_per_rep: 25, reps: 2, hires: {4: 1}}
customers: {value: {mean: 500, sd: 100}, churn: 0.02}
`
	want, err := Parse("s.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ file, src string }{{"s.toml", toml}, {"s.json", json}} {
		src := tt.src
		got, err := Parse(tt.file, []byte(src), nil)
		if err != nil {
			t.Errorf("%s: got %v; want it to load", tt.file, err)
			continue
		}
		got.File, got.Source, want.File, want.Source = "", nil, "", nil
		// Forms differ only in how numbers were spelled; compare the rest.
		for _, s := range []*Scenario{got, want} {
			for i := range s.Funnel.Conversion {
				s.Funnel.Conversion[i].Form = ""
			}
			s.Channels[0].UnitCost.Form = ""
			s.Customers.Value.Form = ""
			s.Sales.CapacityPerRep.Form = ""
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got\n%+v\nwant\n%+v", tt.file, got, want)
		}
	}
}

func TestOverrides(t *testing.T) {
	tests := []struct {
		name      string
		overrides []string
		check     func(s *Scenario) (got, want any)
	}{
		{"change a spend", []string{"budget.monthly=100000"}, func(s *Scenario) (any, any) { return s.Channels[3].Spend, Constant(40000) }},
		{"change a conversion", []string{"funnel.conversion.sql=0.25"}, func(s *Scenario) (any, any) { return s.Funnel.Conversion[2].X, 0.25 }},
		{"add a hire", []string{"sales.hires.9=2"}, func(s *Scenario) (any, any) { return s.Sales.Hires, []Hire{{3, 0.5}, {6, 1}, {9, 2}} }},
		{"replace the hires", []string{"sales.hires={2: 1}"}, func(s *Scenario) (any, any) { return s.Sales.Hires, []Hire{{2, 1}} }},
		{"replace a distribution", []string{"customers.churn={low: 0.01, high: 0.03}"}, func(s *Scenario) (any, any) {
			return s.Customers.Churn.Family.String() + " " + s.Customers.Churn.Form, "beta {low: 0.01, high: 0.03}"
		}},
		{"distribution to number", []string{"customers.value=450"}, func(s *Scenario) (any, any) { return s.Customers.Value.Describe(), "fixed 450" }},
		{"a key absent from the file", []string{"customers.expansion=0.01"}, func(s *Scenario) (any, any) { return s.Customers.Expansion.X, 0.01 }},
		{"a parameter inside a value", []string{"channels.search.unit_cost.high=5"}, func(s *Scenario) (any, any) { return s.Channels[3].UnitCost.Form, "{low: 1.5, high: 5}" }},
		{"later wins", []string{"sales.reps=3", "sales.reps=4"}, func(s *Scenario) (any, any) { return s.Sales.Reps, 5.0 }},
		{"upper case key", []string{"Sales.Reps=0"}, func(s *Scenario) (any, any) { return s.Sales.Reps, 1.0 }},
		{"horizon", []string{"horizon_months=24"}, func(s *Scenario) (any, any) { return s.Horizon, 24 }},
		{"a new channel", []string{"channels.email={enters: lead, unit_cost: 1}", "budget.split.email=0"}, func(s *Scenario) (any, any) { return s.Channels[1].Name, "email" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parseSmall(t, tt.overrides...)
			if got, want := tt.check(s); !reflect.DeepEqual(got, want) {
				t.Errorf("got %v; want %v", got, want)
			}
		})
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		name, override, want string
	}{
		{"unknown path", "channels.search.budget=3", "channels.search.budget: is not a key harvest knows (from --set channels.search.budget=3)"},
		{"typo with a suggestion", "sales.rep=3", "did you mean sales.reps?"},
		{"unknown section", "marketing.spend=3", "marketing.spend: is not a key harvest knows"},
		{"no equals", "sales.reps", "--set: sales.reps is not key=value"},
		{"no key", "=4", "--set: =4 is not key=value"},
		{"empty part", "sales..reps=4", "has an empty part in its key"},
		{"bad yaml", "customers.churn={low: 0.01", "has a value that is not valid YAML"},
		{"no value", "sales.reps=", "--set: sales.reps= has no value"},
		{"inside a number", "funnel.conversion.sql.low=0.1", "sets a key inside funnel.conversion.sql, which is 0.3 and not a map"},
		{"out of domain", "funnel.conversion.sql=2", "funnel.conversion.sql: 2 is not a probability"},
		{"a decision as distribution", "sales.reps={low: 1, high: 2}", "sales.reps: {low: 1, high: 2} is a decision"},
		{"unknown stage", "funnel.conversion.mql=0.3", "funnel.conversion.mql: is not a stage of the funnel"},
		{"hire past horizon", "sales.hires.13=1", "sales.hires.13: is not a month of the plan"},
		{"null says what is allowed", "horizon_months=null", "--set: horizon_months=null has no value: horizon_months takes a number of months from 1 to 600, e.g. --set horizon_months=12"},
		{"null for a value", "customers.churn=~", "customers.churn takes a probability (0..1), e.g. --set customers.churn=0.35"},
		{"null for a word", "customers.revenue=", "customers.revenue takes one of subscription, one_time, e.g. --set customers.revenue=subscription"},
		{"key twice in a value", "customers.churn={low: 0.1, low: 0.2, high: 0.3}", "--set: customers.churn={low: 0.1, low: 0.2, high: 0.3} gives low twice in its value"},
		{"case in a value", "customers.churn={Low: 0.1, high: 0.3}", "customers.churn.Low: has upper-case letters"},
		{"escape in text", "name=\x1b]0;x\x07", `--set: "name=\x1b]0;x\a" has a value that is not valid YAML (control characters are not allowed)`},
		{"control in text", "name=\"\\e[2J\"", `name: "\x1b[2J" has a control character`},
		{"a long bad value", "sales.reps=" + strings.Repeat("9", 300) + "x", "sales.reps: " + strings.Repeat("9", 60) + "… is not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			timed(t, "Parse --set "+tt.override, func() { _, err = Parse("small.yaml", []byte(small), []string{tt.override}) })
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want an *Error containing %q", err, tt.want)
			}
		})
	}
}

// TestVariants checks that each variant reloads through Parse with its
// overrides, as plan does.
func TestVariants(t *testing.T) {
	s := parseSmall(t)
	for _, v := range s.Variants {
		got, err := Parse(s.File, s.Source, v.Overrides)
		if err != nil {
			t.Fatalf("variant %s: got %v; want it to load", v.Name, err)
		}
		switch v.Name {
		case "hire_early":
			// A map by month is the variant's plan, replaced whole as
			// --set replaces it, not merged with the base's {3: 0.5, 6: 1}.
			if !reflect.DeepEqual(got.Sales.Hires, []Hire{{2, 1}}) {
				t.Errorf("hire_early: got hires %v; want only a hire in month 2", got.Sales.Hires)
			}
		case "more_search":
			if got.Channels[3].Spend.At(1) != 25000 || got.Channels[0].Spend.At(1) != 0 || got.Channels[3].MaxPerMonth.X != 12000 {
				t.Errorf("more_search: got search %v, content %v, max %g; want 25000, 0, 12000",
					got.Channels[3].Spend, got.Channels[0].Spend, got.Channels[3].MaxPerMonth.X)
			}
		}
	}
	bad := strings.Replace(small, "hire_early: {sales.hires: {2: 1}}", "hire_early: {sales.hires: {20: 1}}", 1)
	_, err := Parse("small.yaml", []byte(bad), nil)
	if err == nil || !strings.Contains(err.Error(), "variants.hire_early.sales.hires.20: is not a month of the plan") {
		t.Errorf("got %v; want the variant's problem under variants.hire_early", err)
	}
}

func TestClone(t *testing.T) {
	s := parseSmall(t)
	c := s.Clone()
	if !reflect.DeepEqual(s, c) {
		t.Fatal("got a clone that differs; want an equal copy")
	}
	c.Funnel.Conversion[1] = FixedValue(0.5)
	c.Channels[3].Conversion[2] = FixedValue(0.9)
	c.Channels[0].Spend[0].Value = 1
	c.Budget.Split["search"] = 0
	c.Sales.Hires[0].Reps = 9
	c.Targets[0].Value = 1
	c.Variants[0].Overrides[0] = "x=1"
	c.Source[0] = 'X'
	if !reflect.DeepEqual(s, parseSmall(t)) {
		t.Error("editing the clone changed the original; want a deep copy")
	}
}

func TestValues(t *testing.T) {
	s := parseSmall(t)
	var keys []string
	for _, nv := range s.Values() {
		keys = append(keys, nv.Key)
	}
	want := []string{
		"funnel.conversion.lead", "funnel.conversion.sql", "funnel.conversion.customer", "funnel.months.sql",
		"channels.content.unit_cost", "channels.content.carryover",
		"channels.meta.half_saturation", "channels.meta.shape", "channels.meta.max_per_month",
		"channels.sdr.output_per_head",
		"channels.search.unit_cost", "channels.search.max_per_month", "channels.search.conversion.sql",
		"sales.capacity_per_rep",
		"customers.value", "customers.churn",
	}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("got keys\n%v\nwant\n%v", keys, want)
	}
	// Values point into the scenario.
	for _, nv := range s.Values() {
		if nv.Key == "customers.value" {
			*nv.Value = FixedValue(42)
		}
	}
	if s.Customers.Value.X != 42 {
		t.Errorf("got customers.value %g after assigning through Values; want 42", s.Customers.Value.X)
	}
	if err := s.SetValue("channels.search.conversion.sql", FixedValue(0.45)); err != nil || s.Channels[3].Conversion[2].X != 0.45 {
		t.Errorf("got %v, %g; want SetValue to change the channel's override to 0.45", err, s.Channels[3].Conversion[2].X)
	}
	if err := s.SetValue("customers.churn", FixedValue(0.03)); err != nil || s.Customers.Churn.X != 0.03 {
		t.Errorf("got %v, %g; want SetValue to change churn to 0.03", err, s.Customers.Churn.X)
	}
	if err := s.SetValue("customers.nothing", FixedValue(1)); err == nil {
		t.Error("got nil; want an error for an unknown key")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *Scenario)
		want string
	}{
		{"probability above 1", func(s *Scenario) { s.Funnel.Conversion[1] = FixedValue(1.5) }, "funnel.conversion.lead"},
		{"bad beta", func(s *Scenario) { s.Customers.Churn = Value{Family: Beta, Alpha: -1, Beta: 2} }, "customers.churn"},
		{"normal for an amount", func(s *Scenario) { s.Customers.Value = Value{Family: Normal, Mu: 5, Sigma: 1} }, "customers.value"},
		{"negative spend", func(s *Scenario) { s.Channels[0].Spend = Constant(-1) }, "channels.content.spend"},
		{"hire outside horizon", func(s *Scenario) { s.Sales.Hires[1].Month = 13 }, "sales.hires.13"},
		{"horizon zero", func(s *Scenario) { s.Horizon = 0 }, "horizon_months"},
		{"handoff without sales", func(s *Scenario) { s.Sales = nil }, "funnel.handoff"},
		{"unknown target", func(s *Scenario) { s.Targets[0].Metric = "profit" }, "targets.profit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parseSmall(t)
			tt.edit(s)
			err := s.Validate()
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), "scenario small.yaml: "+tt.want+": ") {
				t.Errorf("got %v; want an *Error at %s", err, tt.want)
			}
		})
	}
}

func TestGoodFile(t *testing.T) {
	s, err := Load(os.DirFS("testdata/good"), "b2b.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "B2B SaaS" || len(s.Funnel.Stages) != 6 || s.Funnel.Handoff != 3 || s.Customers.Starting != 40 {
		t.Errorf("got %q, %d stages, handoff %d, %d starting; want B2B SaaS, 6, 3, 40", s.Name, len(s.Funnel.Stages), s.Funnel.Handoff, s.Customers.Starting)
	}
}
