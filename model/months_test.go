package model

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// year is a scenario with every key of the calendar, the market, people
// and the book: dates and month numbers mixed.
const year = `name: Year
calendar:
  start: 2027-01
  seasonality: [0.8, 0.9, 1, 1, 1, 0.9, 0.7, 0.7, 1.1, 1.2, 1.3, 1.3]
market: {size: {low: 30000, high: 60000}}
funnel:
  stages: [visit, lead, sql, customer]
  handoff: sql
  conversion: {lead: 0.03, sql: 0.3, customer: 0.2}
channels:
  events: {enters: lead, spend: {1: 0, 2027-03: 20000, 4: 0, 2027-09: 20000, 10: 0}, unit_cost: 40,
           seasonality: [0, 0, 1.5, 0, 0, 1.5, 0, 0, 1.5, 0, 0, 0]}
  content: {enters: visit, spend: 3000, unit_cost: 2, carryover: 0.5, prior_spend: 3000}
  sdr: {kind: sales, enters: sql, headcount: {1: 2, 2027-04: 3}, cost_per_head: 7000, output_per_head: 10,
        audience: 4000, attrition: 0.04, time_to_fill: 1}
sales:
  reps: 2
  cost_per_rep: 12000
  capacity_per_rep: 25
  hires: {2027-03: 1, 6: 1}
  attrition: {low: 0.01, high: 0.04}
  backfill: false
  time_to_fill: 2
customers:
  value: {low: 300, high: 900}
  churn: 0.02
  starting: 40
  starting_mrr: 24000
variants:
  push: {channels.events.spend: {1: 0, 2027-11: 30000}}
`

func parseYear(t *testing.T, overrides ...string) *Scenario {
	t.Helper()
	s, err := Parse("year.yaml", []byte(year), overrides)
	if err != nil {
		t.Fatalf("got %v; want the year scenario to load", err)
	}
	return s
}

func TestCalendarKeys(t *testing.T) {
	s := parseYear(t)
	content, events, sdr := s.Channels[0], s.Channels[1], s.Channels[2]
	checks := []struct {
		name      string
		got, want any
	}{
		{"start", s.Calendar.Start, Month{2027, 1}},
		{"seasonality", s.Calendar.Seasonality, []float64{0.8, 0.9, 1, 1, 1, 0.9, 0.7, 0.7, 1.1, 1.2, 1.3, 1.3}},
		{"market", s.Market.Size.Family, LogNormal},
		{"spend by date and month", events.Spend, Schedule{{1, 0}, {3, 20000}, {4, 0}, {9, 20000}, {10, 0}}},
		{"a channel's season", events.Seasonality[2], 1.5},
		{"no own season", content.Seasonality, []float64(nil)},
		{"constant spend", content.Spend, Constant(3000)},
		{"prior spend", content.PriorSpend, 3000.0},
		{"headcount steps", sdr.Headcount, Schedule{{1, 2}, {4, 3}}},
		{"headcount spend", sdr.Spend, Schedule{{1, 14000}, {4, 21000}}},
		{"audience", sdr.HasAudience && sdr.Audience.X == 4000, true},
		{"no audience", events.HasAudience, false},
		{"a channel's attrition", sdr.HasAttrition && sdr.Attrition.IsFixed() && sdr.Attrition.X == 0.04, true},
		{"a channel's backfill by default, time to fill", [2]any{sdr.Backfill, sdr.TimeToFill}, [2]any{true, 1}},
		{"hires by date and month", s.Sales.Hires, []Hire{{3, 1}, {6, 1}}},
		{"sales attrition", s.Sales.HasAttrition && s.Sales.Attrition.Family == Beta, true},
		{"sales backfill", s.Sales.Backfill, false},
		{"sales time to fill", s.Sales.TimeToFill, 2},
		{"starting mrr", s.Customers.HasStartingMRR && s.Customers.StartingMRR.X == 24000, true},
		{"the variant keeps the schedule whole", s.Variants[0].Overrides, []string{"channels.events.spend={1: 0, 2027-11: 30000}"}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v; want %v", c.name, c.got, c.want)
		}
	}
	if err := s.Validate(); err != nil {
		t.Errorf("got Validate() = %v; want nil for a loaded scenario", err)
	}
	if a := Advise(s); len(a) != 0 {
		t.Errorf("got advice %v; want none", a)
	}
}

// TestCalendarDefaults: left out, backfill is true, time_to_fill 0, and
// there is no calendar, market, audience, attrition or starting_mrr.
func TestCalendarDefaults(t *testing.T) {
	s := parseSmall(t)
	sdr := s.Channels[2]
	if !s.Calendar.Start.IsZero() || s.Calendar.Seasonality != nil || s.Market != nil {
		t.Errorf("got calendar %v, market %v; want none", s.Calendar, s.Market)
	}
	if sdr.Turnover != (Turnover{Backfill: true}) || s.Sales.Turnover != (Turnover{Backfill: true}) {
		t.Errorf("got turnover %+v and %+v; want backfill only", sdr.Turnover, s.Sales.Turnover)
	}
	if sdr.HasAudience || s.Customers.HasStartingMRR || s.Channels[0].PriorSpend != 0 {
		t.Errorf("got audience %v, starting_mrr %v, prior_spend %g; want none", sdr.HasAudience, s.Customers.HasStartingMRR, s.Channels[0].PriorSpend)
	}
}

// TestNewValues: the new uncertain values are listed, each in its
// section's place: the market before the channels, a head's attrition
// after its output, an audience after carryover, the sales team's
// attrition after its capacity, starting_mrr last.
func TestNewValues(t *testing.T) {
	s := parseYear(t)
	var keys []string
	for _, v := range s.Values() {
		keys = append(keys, v.Key)
	}
	want := []string{
		"funnel.conversion.lead", "funnel.conversion.sql", "funnel.conversion.customer",
		"market.size",
		"channels.content.unit_cost", "channels.content.carryover",
		"channels.events.unit_cost",
		"channels.sdr.output_per_head", "channels.sdr.attrition", "channels.sdr.audience",
		"sales.capacity_per_rep", "sales.attrition",
		"customers.value", "customers.churn", "customers.starting_mrr",
	}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("got values\n%q\nwant\n%q", keys, want)
	}
	all := s.AllValues()
	if i := slices.IndexFunc(all, func(v NamedValue) bool { return v.Key == "channels.sdr.audience" }); i < 0 || all[i].Channel != 2 || *all[i].Value != s.Channels[2].Audience {
		t.Errorf("got AllValues without the sdr's audience at its channel")
	}
}

// TestBudgetSchedule: a budget that moves resolves each channel's spend
// month by month, and the reps its sales_team share buys: month 1's work
// from the start, a rise is a hire (added to the file's of that month), a
// fall a cut.
func TestBudgetSchedule(t *testing.T) {
	const src = `funnel: {stages: [lead, sql, customer], handoff: sql, conversion: {sql: 0.3, customer: 0.2}}
channels: {ads: {enters: lead, unit_cost: 50}}
budget: {monthly: {1: 60000, 4: 90000, 10: 30000}, split: {ads: 0.5, sales_team: 0.5}}
sales: {reps: 1, cost_per_rep: 10000, capacity_per_rep: 20, hires: {4: 1, 8: 1}}
customers: {value: 100, churn: 0.02}
`
	s, err := Parse("b.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"ads", s.Channels[0].Spend, Schedule{{1, 30000}, {4, 45000}, {10, 15000}}},
		{"reps: 1 + 30000 / 10000", s.Sales.Reps, 4.0},
		{"hires: the file's and the rise of 1.5 in month 4", s.Sales.Hires, []Hire{{4, 2.5}, {8, 1}}},
		{"cuts: 4.5 to 1.5 reps in month 10", s.Sales.Cuts, []Hire{{10, 3}}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v; want %v", c.name, c.got, c.want)
		}
	}
	if err := s.Validate(); err != nil {
		t.Errorf("got Validate() = %v; want nil", err)
	}
	// The reps bounds hold in each month: the file's 90,000 reps and the
	// 9,000 month 4 buys stay within 100,000; 12,000 in month 4 do not.
	if _, err := Parse("b.yaml", []byte(src), []string{"sales.reps=90000", "sales.cost_per_rep=5"}); err != nil {
		t.Errorf("90,000 + 9,000 reps: got %v; want valid", err)
	}
	got := parseErr(t, "b.yaml", src, "sales.reps=90000", "sales.cost_per_rep=5", "budget.monthly={1: 60000, 4: 120000}")
	if want := "budget.split.sales_team: 0.5 buys 12000 reps in month 4"; !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant it to contain %q", got, want)
	}
}

// TestSetSchedule: --set replaces a schedule whole, by steps or by a
// number, and keys months by date with a calendar; a variant's schedule
// does the same.
func TestSetSchedule(t *testing.T) {
	tests := []struct {
		name string
		set  []string
		got  func(s *Scenario) any
		want any
	}{
		{"steps", []string{"channels.events.spend={1: 0, 9: 20000}"}, func(s *Scenario) any { return s.Channels[1].Spend }, Schedule{{1, 0}, {9, 20000}}},
		{"a number", []string{"channels.events.spend=5000"}, func(s *Scenario) any { return s.Channels[1].Spend }, Constant(5000)},
		{"dates", []string{"channels.events.spend={2027-01: 100, 2027-12: 0}"}, func(s *Scenario) any { return s.Channels[1].Spend }, Schedule{{1, 100}, {12, 0}}},
		{"headcount", []string{"channels.sdr.headcount={1: 1, 6: 4}"}, func(s *Scenario) any { return s.Channels[2].Spend }, Schedule{{1, 7000}, {6, 28000}}},
		{"a hire by date", []string{"sales.hires.2027-05=2"}, func(s *Scenario) any { return s.Sales.Hires }, []Hire{{3, 1}, {5, 2}, {6, 1}}},
		{"a season", []string{"calendar.seasonality=[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]"}, func(s *Scenario) any { return s.Calendar.Seasonality[11] }, 2.0},
		{"backfill", []string{"channels.sdr.backfill=false"}, func(s *Scenario) any { return s.Channels[2].Backfill }, false},
		{"no attrition", []string{"sales.attrition=0"}, func(s *Scenario) any { return s.Sales.Attrition.X }, 0.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parseYear(t, tt.set...)
			if got := tt.got(s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v; want %v", got, tt.want)
			}
		})
	}
	s := parseYear(t)
	v, err := Parse(s.File, s.Source, s.Variants[0].Overrides)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.Channels[1].Spend, (Schedule{{1, 0}, {11, 30000}}); !reflect.DeepEqual(got, want) {
		t.Errorf("variant push: got events %v; want %v", got, want)
	}
}

// TestSetScheduleRefused: what --set gives a schedule is checked as a
// file's would be.
func TestSetScheduleRefused(t *testing.T) {
	tests := []struct{ set, want string }{
		{"channels.events.spend={2: 5000}", "channels.events.spend: {2: 5000} has no step in month 1"},
		{"channels.events.spend={1: 5000, 2026-12: 1}", "channels.events.spend.2026-12: is before calendar.start (2027-01)"},
		{"channels.events.spend={1: 5000, 7: -1}", "channels.events.spend.7: -1 is not a monthly spend ≥ 0"},
		{"channels.content.backfill=true", "channels.content.backfill: true only applies to a headcount channel"},
		{"calendar.start=2027", "calendar.start: 2027 is not a month: write a month as YYYY-MM, e.g. 2027-01"},
		{"horizon_months=6", "channels.events.spend.2027-09: is after the plan's last month (2027-06)"},
		{"calendar.start=2027-13", "channels.events.spend.2027-03: is a date, and calendar.start is not a month harvest can read"},
	}
	for _, tt := range tests {
		t.Run(tt.set, func(t *testing.T) {
			got := parseErr(t, "year.yaml", year, tt.set)
			if !strings.Contains(got, tt.want) {
				t.Errorf("got\n%s\nwant it to contain %q", got, tt.want)
			}
		})
	}
}

func TestAdvise(t *testing.T) {
	s := parseYear(t)
	s.Customers.HasStartingMRR = false
	s.Channels[0].Carryover = FixedValue(0)
	var keys []string
	for _, a := range Advise(s) {
		keys = append(keys, a.Key)
	}
	if want := []string{"channels.content.prior_spend", "customers.starting_mrr"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("got advice on %v; want %v", keys, want)
	}
	if got := Advise(s)[1].String(); !strings.HasPrefix(got, "customers.starting_mrr: is recommended: give your 40 starting customers' monthly revenue today") {
		t.Errorf("got %q; want the starting customers' revenue recommended", got)
	}
	s.Customers.Revenue = OneTime
	if got := Advise(s); len(got) != 1 {
		t.Errorf("one_time: got %v; want no starting_mrr advice", got)
	}
}

// TestValidateCalendar: Validate refuses the new fields edited out of
// their domains in code.
func TestValidateCalendar(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *Scenario)
		want string
	}{
		{"season of 11", func(s *Scenario) { s.Calendar.Seasonality = s.Calendar.Seasonality[:11] }, "calendar.seasonality: has 11 multipliers"},
		{"negative multiplier", func(s *Scenario) { s.Channels[1].Seasonality[0] = -1 }, "channels.events.seasonality: has -1"},
		{"season without start", func(s *Scenario) { s.Calendar.Start = Month{} }, "calendar.seasonality: needs calendar.start"},
		{"start month 13", func(s *Scenario) { s.Calendar.Start.Month = 13 }, "calendar.start: 2027-13 is not a month"},
		{"no month 1", func(s *Scenario) { s.Channels[2].Headcount[0].Month = 2 }, "channels.sdr.headcount: has no step at month 1"},
		{"step past the horizon", func(s *Scenario) { s.Channels[1].Spend[4].Month = 13 }, "channels.events.spend: 13 is not a month 1..12 in order"},
		{"negative step", func(s *Scenario) { s.Channels[1].Spend[1].Value = -1 }, "channels.events.spend: -1 is not a monthly spend"},
		{"attrition above 1", func(s *Scenario) { s.Sales.Attrition = FixedValue(1.5) }, "sales.attrition"},
		{"audience zero", func(s *Scenario) { s.Channels[2].Audience = FixedValue(0) }, "channels.sdr.audience"},
		{"market zero", func(s *Scenario) { s.Market.Size = FixedValue(0) }, "market.size"},
		{"negative time to fill", func(s *Scenario) { s.Channels[2].TimeToFill = -1 }, "channels.sdr.time_to_fill"},
		{"a cut in month 1", func(s *Scenario) { s.Sales.Cuts = []Hire{{1, 1}} }, "sales: has a cut of 1 reps in month 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parseYear(t)
			tt.edit(s)
			err := s.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestCloneCalendar(t *testing.T) {
	s := parseYear(t)
	c := s.Clone()
	if !reflect.DeepEqual(s, c) {
		t.Fatal("got a clone that differs; want an equal copy")
	}
	c.Calendar.Seasonality[0] = 9
	c.Market.Size = FixedValue(1)
	c.Channels[1].Spend[1].Value = 1
	c.Channels[1].Seasonality[0] = 9
	c.Channels[2].Headcount[0].Value = 9
	c.Sales.Cuts = append(c.Sales.Cuts, Hire{5, 1})
	if !reflect.DeepEqual(s, parseYear(t)) {
		t.Error("editing the clone changed the original; want a deep copy")
	}
}
