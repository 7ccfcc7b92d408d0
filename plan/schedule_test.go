package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

func TestPeriods(t *testing.T) {
	start := func(y, m int) model.Calendar { return model.Calendar{Start: model.Month{Year: y, Month: m}} }
	for _, tt := range []struct {
		cal     model.Calendar
		horizon int
		want    string
	}{
		{model.Calendar{}, 12, "Q1 1-3, Q2 4-6, Q3 7-9, Q4 10-12"},
		{model.Calendar{}, 7, "Q1 1-3, Q2 4-6, Q3 7-7"},
		{model.Calendar{}, 36, "Y1 1-12, Y2 13-24, Y3 25-36"},
		{start(2027, 1), 12, "2027-Q1 1-3, 2027-Q2 4-6, 2027-Q3 7-9, 2027-Q4 10-12"},
		{start(2027, 11), 6, "2027-Q4 1-2, 2028-Q1 3-5, 2028-Q2 6-6"},
		{start(2027, 7), 24, "2027-Q3 1-3, 2027-Q4 4-6, 2028-Q1 7-9, 2028-Q2 10-12, 2028-Q3 13-15, 2028-Q4 16-18, 2029-Q1 19-21, 2029-Q2 22-24"},
		{start(2027, 7), 36, "2027 1-6, 2028 7-18, 2029 19-30, 2030 31-36"},
	} {
		var parts []string
		for _, p := range Periods(tt.cal, tt.horizon) {
			parts = append(parts, fmt.Sprintf("%s %d-%d", p.Label, p.From, p.To))
		}
		if got := strings.Join(parts, ", "); got != tt.want {
			t.Errorf("Periods(%v, %d): got %s; want %s", tt.cal.Start, tt.horizon, got, tt.want)
		}
	}
}

func TestPlanned(t *testing.T) {
	s := mustParse(t, yamlCapacity)
	if HasSchedule(s) {
		t.Error("HasSchedule: got true for constant spend")
	}
	s.Channels[0].Spend = model.Schedule{{Month: 1, Value: 1000}, {Month: 4, Value: 4000}}
	s.Sales.Hires = []model.Hire{{Month: 3, Reps: 1}}
	s.Sales.Cuts = []model.Hire{{Month: 5, Reps: 2}}
	if !HasSchedule(s) {
		t.Error("HasSchedule: got false for a spend that moves")
	}
	p := Planned(s, 6)
	if !slices.Equal(p.Names, []string{"ads", model.SalesTeam}) {
		t.Fatalf("names: got %v", p.Names)
	}
	for i, want := range [][]float64{{1000, 1000, 1000, 4000, 4000, 4000}, {10000, 10000, 20000, 20000, 0, 0}} {
		if !slices.Equal(p.Months[i], want) {
			t.Errorf("%s: got %v; want %v", p.Names[i], p.Months[i], want)
		}
	}
	if got := (Period{From: 2, To: 4}).MeanOver(p.Months[0]); got != 2000 {
		t.Errorf("MeanOver months 2-4: got %g; want 2000", got)
	}
}
