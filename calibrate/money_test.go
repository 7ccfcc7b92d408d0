package calibrate

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// people returns a people file of the given rows (channel,created,mql,
// sql,customer,value) read against testStages.
func people(t *testing.T, rows ...string) *People {
	t.Helper()
	data := "channel,created,mql,sql,customer,value\n" + strings.Join(rows, "\n") + "\n"
	p, err := ReadPeople(fstest.MapFS{"people.csv": {Data: []byte(data)}}, "people.csv", testStages, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func spend(t *testing.T, rows ...string) *Spend {
	t.Helper()
	data := "month,channel,spend\n" + strings.Join(rows, "\n") + "\n"
	s, err := ReadSpend(fstest.MapFS{"spend.csv": {Data: []byte(data)}}, "spend.csv")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// entries returns n rows of channel created on date.
func entries(channel, date string, n int) []string {
	rows := make([]string, n)
	for i := range rows {
		rows[i] = channel + "," + date + ",,,,"
	}
	return rows
}

func TestUnitCost(t *testing.T) {
	var rows []string
	for m, n := range []int{10, 20, 10, 20} {
		rows = append(rows, entries("search", "2026-0"+string(rune('1'+m))+"-15", n)...)
	}
	rows = append(rows, entries("events", "2026-01-03", 7)...)
	p := people(t, rows...)
	s := spend(t, "2026-01,search,1000", "2026-02,search,1000", "2026-03,search,1000", "2026-04,search,1000",
		"2026-05,search,0", "2026-01,events,700")
	c, err := UnitCost(p, s, "search")
	if err != nil {
		t.Fatal(err)
	}
	// x = ln 100, ln 50, ln 100, ln 50: mu = ln √5000, sample sd = ln 2/√3,
	// sigma = sd/√4. Typical cost √5000, λ = 1000/√5000 each month, r =
	// 1/√2, √2, …: var(r) = (4/3)·(1/(2√2))² = 1/6, mean(1/λ) = √5000/1000.
	want := Cost{Months: 4, Volatility: math.Sqrt(1.0/6 - math.Sqrt(5000)/1000)}
	want.UnitCost.Mu, want.UnitCost.Sigma = math.Log(math.Sqrt(5000)), math.Ln2/math.Sqrt(3)/2
	if c.Months != want.Months || math.Abs(c.UnitCost.Mu-want.UnitCost.Mu) > 1e-12 ||
		math.Abs(c.UnitCost.Sigma-want.UnitCost.Sigma) > 1e-12 || math.Abs(c.Volatility-want.Volatility) > 1e-12 {
		t.Errorf("got %+v; want mu %g, sigma %g, volatility %g over 4 months", c, want.UnitCost.Mu, want.UnitCost.Sigma, want.Volatility)
	}
	if _, err := UnitCost(p, s, "events"); err == nil || err.Error() != `calibrate: channel "events" has 1 month with spend and entries; a cost per entry needs at least 2` {
		t.Errorf("got %v; want too few months", err)
	}

	// Entries exactly in proportion to spend: a fixed cost, no volatility.
	p = people(t, append(append(entries("x", "2026-01-01", 10), entries("x", "2026-02-01", 20)...), entries("x", "2026-03-01", 40)...)...)
	s = spend(t, "2026-01,x,1000", "2026-02,x,2000", "2026-03,x,4000")
	c, err = UnitCost(p, s, "x")
	if err != nil {
		t.Fatal(err)
	}
	if !c.UnitCost.IsFixed() || math.Abs(c.UnitCost.X-100) > 1e-9 || c.Volatility != 0 {
		t.Errorf("got %+v; want fixed 100, volatility 0", c)
	}
}

func TestDealValue(t *testing.T) {
	p := people(t,
		"a,2026-01-01,2026-01-02,2026-01-03,2026-01-04,100",
		"a,2026-01-01,2026-01-02,2026-01-03,2026-01-04,200",
		"a,2026-01-01,2026-01-02,2026-01-03,2026-01-04,300",
		"a,2026-01-01,2026-01-02,2026-01-03,,5000", // not won: not a deal
		"a,2026-01-01,2026-01-02,2026-01-03,2026-01-04,")
	d, err := DealValue(p)
	if err != nil {
		t.Fatal(err)
	}
	// Mean 200, sample sd 100, so the average deal's sd is 100/√3.
	mean, sd := 200.0, 100/math.Sqrt(3)
	v := d.Value
	gotSD := math.Sqrt(math.Expm1(v.Sigma*v.Sigma)) * v.Mean()
	if d.Deals != 3 || math.Abs(v.Mean()-mean) > 1e-9 || math.Abs(gotSD-sd) > 1e-9 {
		t.Errorf("got %s from %d deals (mean %g, sd %g); want mean %g, sd %g from 3", v.Describe(), d.Deals, v.Mean(), gotSD, mean, sd)
	}
	if _, err := DealValue(people(t, "a,2026-01-01,,,,")); err == nil || err.Error() != "calibrate: 0 won deals with a value in people.csv; a deal value needs at least 2" {
		t.Errorf("got %v; want too few deals", err)
	}
}

func TestBookOf(t *testing.T) {
	data := "customer,start,end,mrr\n" +
		"c1,2025-06-01,,900\n" + // kept the whole window: 12 months
		"c2,2026-03-15,2026-06-10,400\n" + // at risk April to June: kept 2, churns in June
		"c3,2025-01-01,2025-12-20,300\n" + // ended before the window: not counted
		"c4,2026-12-01,,250\n" + // started in the export's month: kept, no month at risk
		"c5,2026-05-02,2027-02-01,100\n" + // ends after the export: kept June to December, 7
		"c6,2026-08-03,2026-08-20,50\n" + // ended in its first month: a churn, none kept
		"c7,2027-01-05,,75\n" // starts after the export: not counted
	c, err := ReadCustomers(fstest.MapFS{"customers.csv": {Data: []byte(data)}}, "customers.csv")
	if err != nil {
		t.Fatal(err)
	}
	d := func(s string) time.Time { t, _ := time.Parse(dateLayout, s); return t }
	b, err := BookOf(c, d("2026-01-01"), d("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	if b.Churned != 2 || b.Kept != 21 || b.Churn.Alpha != 3 || b.Churn.Beta != 22 {
		t.Errorf("got %d churned, %d kept, %s; want 2, 21, beta(α=3, β=22)", b.Churned, b.Kept, b.Churn.Describe())
	}
	if b.Starting != 3 || b.StartingMRR != 1250 {
		t.Errorf("got starting %d, mrr %g; want 3, 1250", b.Starting, b.StartingMRR)
	}
	if _, err := BookOf(c, d("2027-01-01"), d("2026-12-31")); err == nil {
		t.Errorf("got no error for a window ending before it starts")
	}
}
