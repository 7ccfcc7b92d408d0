package plan

import (
	"fmt"
	"math"
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

// HorizonEntries follows DESIGN.md's pool rule at mean values: a linear
// channel at λ = 500 a month in a market of N = 5,000 reaches
// N(1 − (1 − λ/N)^t) by month t (the geometric decay DESIGN.md states),
// and the same for its own audience of 5,000 without a market.
func TestHorizonEntries(t *testing.T) {
	want := 5000 * (1 - math.Pow(1-500.0/5000, 12))
	for _, tt := range []struct {
		name string
		edit func(s *model.Scenario)
		pool []string
	}{
		{"market", func(s *model.Scenario) { s.Market = &model.Market{Size: model.FixedValue(5000)} }, []string{"market.size"}},
		{"audience", func(s *model.Scenario) {
			s.Channels[0].Audience, s.Channels[0].HasAudience = model.FixedValue(5000), true
		}, []string{"channels.ads.audience"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, yamlLinear) // ads: $5,000 at $50 a person
			s.Channels[0].UnitCost = model.FixedValue(10)
			tt.edit(s)
			if got := Pools(s, 0); !slices.Equal(got, tt.pool) {
				t.Errorf("Pools: got %v; want %v", got, tt.pool)
			}
			got, free := HorizonEntries(s, 0, 5000)
			if math.Abs(got-want) > 1e-9*want || free != 6000 {
				t.Errorf("HorizonEntries: got %g, %g; want %g, 6000", got, free, want)
			}
			// The curve bends: twice the spend brings far less than twice the people.
			twice, _ := HorizonEntries(s, 0, 10000)
			if !(twice < 1.5*got && twice <= 5000) {
				t.Errorf("at twice the spend: %g; want well under twice %g, and within the pool", twice, got)
			}
			d := HorizonMarginal(s, 0, 5000)
			a, _ := HorizonEntries(s, 0, 4999)
			b, _ := HorizonEntries(s, 0, 5001)
			if math.Abs(d-(b-a)/2) > 1e-12 {
				t.Errorf("HorizonMarginal: got %g; want %g", d, (b-a)/2)
			}
			curves := ResponseCurves(s, nil)
			if c := curves[0]; c.Horizon != 12 || !slices.Equal(c.Pool, tt.pool) || c.Points[20].WithoutPool == nil {
				t.Errorf("curve: horizon %d, pool %v; want 12 and %v with the line without the pool", c.Horizon, c.Pool, tt.pool)
			} else if p := c.Points[20]; p.Spend != 5000 || math.Abs(p.Entries-want) > 1e-9*want {
				t.Errorf("curve at $5,000: got %+v; want %g entries", p, want)
			}
		})
	}
	// No pool: the steady month's curve, as before.
	s := mustParse(t, yamlLinear)
	if c := ResponseCurves(s, nil)[0]; c.Horizon != 0 || c.Pool != nil || c.Points[1].WithoutPool != nil {
		t.Errorf("curve without a pool: %+v; want a steady month's", c)
	}
}

func TestRampedHeads(t *testing.T) {
	sc := model.Schedule{{Month: 1, Value: 2}, {Month: 4, Value: 3}, {Month: 6, Value: 1}}
	got := rampedHeads(sc, 2, 7)
	// Two ramp from month 1 (½, then full); the third from month 4; at
	// month 6 the latest started goes first, then one of the first two.
	want := []float64{1, 2, 2, 2.5, 3, 1, 1}
	if !slices.Equal(got, want) {
		t.Errorf("rampedHeads: got %v; want %v", got, want)
	}
}

// An answer that scales a linear or headcount channel beyond three times
// today's says it assumes the channel never runs out, unless a pool bounds
// it; one that scales a schedule says so.
func TestScaleNotes(t *testing.T) {
	scaled := func(s *model.Scenario, spend float64) *model.Scenario {
		c := s.Clone()
		setChannelSpend(c, 0, spend)
		return c
	}
	s := mustParse(t, yamlLinear) // ads: linear, $5,000 a month
	notes := ScaleNotes(s, scaled(s, 16000))
	if len(notes) != 1 || notes[0].Kind != NoPool {
		t.Fatalf("ads × 3.2: got %v; want a NoPool note", notes)
	}
	want := "this assumes ads never runs out: it scales ads to 3.20× today's ($5,000 → $16.0k a month) as if every extra dollar there found new people at today's cost; channels.ads.audience or market.size would bound it"
	if got := notes[0].String(); got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	if notes := ScaleNotes(s, scaled(s, 15000)); len(notes) != 0 {
		t.Errorf("ads × 3: got %v; want none (beyond 3×)", notes)
	}
	bounded := s.Clone()
	bounded.Market = &model.Market{Size: model.FixedValue(1e6)}
	if notes := ScaleNotes(bounded, scaled(bounded, 16000)); len(notes) != 0 {
		t.Errorf("with a market: got %v; want none (the market bounds it)", notes)
	}
	sat := s.Clone()
	sat.Channels[0].Response, sat.Channels[0].MaxPerMonth, sat.Channels[0].HasMax = model.Saturating, model.FixedValue(500), true
	if notes := ScaleNotes(sat, scaled(sat, 16000)); len(notes) != 0 {
		t.Errorf("a saturating channel: got %v; want none (it bounds itself)", notes)
	}
	zero := s.Clone()
	setChannelSpend(zero, 0, 0)
	if got := ScaleNotes(zero, scaled(zero, 1000)); len(got) != 1 || !strings.Contains(got[0].String(), "puts $1,000 a month into ads, which spends nothing today") {
		t.Errorf("from nothing: got %v", got)
	}
	sched := s.Clone()
	sched.Channels[0].Spend = model.Schedule{{Month: 1, Value: 0}, {Month: 7, Value: 10000}} // mean $5,000
	got := ScaleNotes(sched, scaled(sched, 7500))
	if len(got) != 1 || got[0].Kind != ScheduleScaled ||
		got[0].String() != "ads follows a schedule: its amount is its mean a month over the horizon, and every step of it is scaled by 1.50× ($5,000 → $7,500 a month on average)" {
		t.Errorf("a schedule scaled: got %v", got)
	}
}
