package calibrate

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/harvest-planning/harvest/model"
)

// ExampleTruth is what WriteExample's exports are generated from: every
// uncertain value of the scenario at its mean, over a year of months. A
// fit of the exports should recover it.
type ExampleTruth struct {
	// From is the first day of the year the exports cover and AsOf its
	// last, the export date: people still deciding then are censored.
	From, AsOf time.Time
	Stages     []string
	// Handoff is the first stage owned by sales (-1 without a sales
	// section) and FollowUp the share of people reaching it that sales
	// works (1 without).
	Handoff  int
	FollowUp float64
	// Months[k] is the mean months a person spends in stage k before its
	// outcome.
	Months   []float64
	Channels []ChannelTruth
	// Value is the mean won deal's value (monthly for a subscription) and
	// DealSD the spread of single deals about it.
	Value, DealSD float64
	// Churn is the monthly chance a customer leaves; Subscription says
	// whether customers.csv was written (customers pay monthly).
	Churn        float64
	Subscription bool
}

// ChannelTruth is one channel's part of the truth.
type ChannelTruth struct {
	Name   string
	Enters int
	// Conversion[k] is the chance its people reach stage k from stage
	// k−1, the channel's overrides applied (Conversion[0] is 1, unused).
	Conversion []float64
	// Seen[k] is the conversion its export shows: Conversion[k], times
	// FollowUp into the stage after the handoff for the people who
	// reached the handoff (those not followed up never move on).
	Seen []float64
	// Spend and Entries are its spend and expected entries in each month
	// of the year.
	Spend, Entries []float64
	// CostPerEntry is the geometric mean of Spend ÷ Entries over the
	// months with spend: what a fit of the channel's cost per entry
	// estimates. Zero when the channel spent nothing.
	CostPerEntry float64
	Volatility   float64
}

// exampleMonths is the length of the example's year.
const exampleMonths = 12

// dealSpread is the coefficient of variation of single deals' values
// about the mean: a scenario's value is the average deal's, and real
// deals differ.
const dealSpread = 0.3

// ExampleTruthOf returns the known parameters WriteExample generates s's
// exports from. The year is the 12 months before s's calendar.start, or
// 2026 when s has no calendar. Each uncertain value is taken at its mean.
// A channel's month brings its expected entries for the month's spend
// (its schedule's months 1 to 12; a headcount channel's heads at full
// output, paid headcount × cost_per_head), with carryover as if the
// channel had spent its first month's spend for long before. Seasonality,
// the market and audiences, and heads' ramp and attrition are left out:
// the example's months differ only by their spend.
func ExampleTruthOf(s *model.Scenario) ExampleTruth {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if st := s.Calendar.Start; !st.IsZero() {
		from = time.Date(st.Year-1, time.Month(st.Month), 1, 0, 0, 0, 0, time.UTC)
	}
	f := &s.Funnel
	k := len(f.Stages)
	t := ExampleTruth{
		From:     from,
		AsOf:     from.AddDate(0, exampleMonths, -1),
		Stages:   slices.Clone(f.Stages),
		Handoff:  -1,
		FollowUp: 1,
		Months:   make([]float64, k),
		Value:    s.Customers.Value.Mean(),
		Churn:    clamp01(s.Customers.Churn.Mean()),
	}
	t.DealSD = dealSpread * t.Value
	t.Subscription = s.Customers.Revenue == model.Subscription
	if s.Sales != nil {
		t.Handoff = f.Handoff
		t.FollowUp = clamp01(s.Sales.FollowUp.Mean())
	}
	for i := range k {
		if i < len(f.Months) {
			t.Months[i] = max(0, f.Months[i].Mean())
		}
	}
	for i := range s.Channels {
		ch := &s.Channels[i]
		c := ChannelTruth{Name: ch.Name, Enters: ch.Enters, Volatility: ch.Volatility,
			Conversion: make([]float64, k), Seen: make([]float64, k),
			Spend: make([]float64, exampleMonths), Entries: make([]float64, exampleMonths)}
		c.Conversion[0], c.Seen[0] = 1, 1
		for j := 1; j < k; j++ {
			v := f.Conversion[j]
			if o, ok := ch.Conversion[j]; ok {
				v = o
			}
			c.Conversion[j] = clamp01(v.Mean())
			c.Seen[j] = c.Conversion[j]
			if j == t.Handoff+1 && t.Handoff >= 0 && ch.Enters <= t.Handoff {
				c.Seen[j] *= t.FollowUp
			}
		}
		expectedEntries(ch, c.Spend, c.Entries)
		var logs float64
		n := 0
		for m, sp := range c.Spend {
			if sp > 0 && c.Entries[m] > 0 {
				logs += math.Log(sp / c.Entries[m])
				n++
			}
		}
		if n > 0 {
			c.CostPerEntry = math.Exp(logs / float64(n))
		}
		t.Channels = append(t.Channels, c)
	}
	return t
}

// expectedEntries fills a channel's spend and expected entries for each month of
// the example's year, at mean parameters (DESIGN's "Channels"), with
// neither seasonality nor a market to run out.
func expectedEntries(ch *model.Channel, spend, lambda []float64) {
	if ch.Response == model.Headcount {
		for m := range spend {
			heads := ch.Headcount.At(m + 1)
			spend[m] = heads * ch.CostPerHead
			lambda[m] = heads * ch.OutputPerHead.Mean()
		}
		return
	}
	c := clamp01(ch.Carryover.Mean())
	eff := ch.Spend.At(1)
	for m := range spend {
		spend[m] = ch.Spend.At(m + 1)
		eff = (1-c)*spend[m] + c*eff
		switch {
		case eff <= 0:
			lambda[m] = 0
		case ch.Response == model.Saturating:
			mx, uc := ch.MaxPerMonth.Mean(), ch.UnitCost.Mean()
			lambda[m] = -mx * math.Expm1(-eff/(uc*mx))
		case ch.Response == model.Hill:
			mx, half, sh := ch.MaxPerMonth.Mean(), ch.HalfSaturation.Mean(), ch.Shape.Mean()
			lambda[m] = mx / (1 + math.Pow(half/eff, sh))
		default:
			lambda[m] = eff / ch.UnitCost.Mean()
		}
	}
}

func clamp01(x float64) float64 { return min(1, max(0, x)) }

// WriteExample writes a year of synthetic exports generated from s into
// dir (created if needed): people.csv, spend.csv and, for subscription
// revenue, customers.csv, in the formats of DESIGN's "Calibration from
// last year's data", exported on the year's last day. ExampleTruthOf(s)
// gives the parameters they come from; the same s and seed give the same
// files.
//
// People are simulated one by one, as DESIGN's "The model" moves them in
// whole numbers: each channel's month brings Poisson(λ·g) people, g a
// Gamma of mean 1 and the channel's volatility as coefficient of
// variation, created on days spread over the month; a person in stage k
// is decided after a geometric wait of mean months_k (in calendar months,
// the month of arrival counting 0) and reaches stage k+1 with the
// channel's conversion; a person reaching the handoff stage (or entering
// there) is worked with probability follow_up, and one not worked moves
// no further. A stage reached in the month of the last is dated on or
// after it. A person still deciding at the export has no later dates.
// Sales capacity is ignored: last year's team is taken to have kept up,
// so the exports show the funnel's own waits, not a queue's. A won
// person's deal value is drawn about the scenario's mean value (a
// LogNormal with sd 30% of it) and becomes a customer from their won
// date. The starting customers started in the three years before; every
// customer churns each month after its start month with the mean churn,
// and its mrr is its value grown by expansion over the months kept.
//
// Each file is written whole: to a temporary file in dir, then renamed.
func WriteExample(dir string, s *model.Scenario, seed uint64) error {
	t := ExampleTruthOf(s)
	people, spend, customers := example(s, t, seed)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("calibrate: writing the example: %w", err)
	}
	files := []struct {
		name string
		data []byte
	}{{"people.csv", people}, {"spend.csv", spend}}
	if t.Subscription {
		files = append(files, struct {
			name string
			data []byte
		}{"customers.csv", customers})
	}
	for _, f := range files {
		if err := writeWhole(filepath.Join(dir, f.name), f.data); err != nil {
			return fmt.Errorf("calibrate: writing the example: %w", err)
		}
	}
	return nil
}

// writeWhole writes data to path through a temporary file beside it,
// renamed over path once complete: a reader never sees half a file.
func writeWhole(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// person is one generated row of people.csv.
type person struct {
	channel string
	entered int
	reached []time.Time
	value   float64
	won     bool
}

// stream returns a generator for one part of the example (a channel, the
// customers), keyed by the seed and the part's name through SplitMix64,
// so that the parts draw independent numbers.
func stream(seed uint64, part string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(part))
	return rand.New(rand.NewPCG(splitMix(seed), splitMix(h.Sum64()^0x9e3779b97f4a7c15)))
}

func splitMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// example generates the three files' contents.
func example(s *model.Scenario, t ExampleTruth, seed uint64) (people, spend, customers []byte) {
	k := len(t.Stages)
	var rows []person
	for _, c := range t.Channels {
		rng := stream(seed, "channel "+c.Name)
		for m := range exampleMonths {
			lambda := c.Entries[m]
			if c.Volatility > 0 && lambda > 0 {
				a := 1 / (c.Volatility * c.Volatility)
				lambda *= distuv.Gamma{Alpha: a, Beta: a, Src: rng}.Rand()
			}
			n := 0
			if lambda > 0 {
				n = int(distuv.Poisson{Lambda: lambda, Src: rng}.Rand())
			}
			first := t.From.AddDate(0, m, 0)
			for range n {
				p := person{channel: c.Name, entered: c.Enters, reached: make([]time.Time, k)}
				p.reached[c.Enters] = dayIn(rng, first, 1)
				walk(rng, &p, c, t)
				rows = append(rows, p)
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b person) int {
		return a.reached[a.entered].Compare(b.reached[b.entered])
	})

	var b bytes.Buffer
	b.WriteString("id,channel,created,entered_at")
	for _, st := range t.Stages[1:] {
		b.WriteString("," + st)
	}
	b.WriteString(",value\n")
	for i, p := range rows {
		fmt.Fprintf(&b, "p%05d,%s,%s,%s", i+1, p.channel, p.reached[p.entered].Format(dateLayout), t.Stages[p.entered])
		for j := 1; j < k; j++ {
			b.WriteByte(',')
			if j > p.entered && !p.reached[j].IsZero() {
				b.WriteString(p.reached[j].Format(dateLayout))
			}
		}
		b.WriteByte(',')
		if p.won {
			b.WriteString(amount(p.value))
		}
		b.WriteByte('\n')
	}
	people = bytes.Clone(b.Bytes())

	b.Reset()
	b.WriteString("month,channel,spend\n")
	for m := range exampleMonths {
		month := MonthOf(t.From.AddDate(0, m, 0))
		for _, c := range t.Channels {
			fmt.Fprintf(&b, "%s,%s,%s\n", month, c.Name, amount(c.Spend[m]))
		}
	}
	spend = bytes.Clone(b.Bytes())

	if t.Subscription {
		customers = book(s, t, rows, seed)
	}
	return people, spend, customers
}

// walk moves a person from their entry through the funnel until they are
// lost, still deciding at the export, or won.
func walk(rng *rand.Rand, p *person, c ChannelTruth, t ExampleTruth) {
	k := len(p.reached)
	end := MonthOf(t.AsOf)
	at := p.entered
	if at == t.Handoff && rng.Float64() >= t.FollowUp {
		return
	}
	for at < k-1 {
		cur := p.reached[at]
		w := 0
		if m := t.Months[at]; m > 0 {
			// P(w) = h(1 − h)^w, h = 1/(1 + m): inverted from a uniform in (0, 1].
			w = int(math.Floor(math.Log(1-rng.Float64()) / math.Log1p(-1/(1+m))))
		}
		decided := MonthOf(cur) + Month(w)
		if decided > end {
			return // still deciding at the export
		}
		if rng.Float64() >= c.Conversion[at+1] {
			return // lost
		}
		at++
		if w == 0 {
			p.reached[at] = dayIn(rng, cur, cur.Day())
		} else {
			p.reached[at] = dayIn(rng, cur.AddDate(0, 0, 1-cur.Day()).AddDate(0, w, 0), 1)
		}
		if at == t.Handoff && rng.Float64() >= t.FollowUp {
			return // sales never worked them
		}
	}
	p.won = true
	p.value = math.Round(dealValue(rng, t.Value, t.DealSD))
}

// dayIn returns a day of d's month from day from to its last, uniformly.
func dayIn(rng *rand.Rand, d time.Time, from int) time.Time {
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, from-1+rng.IntN(last-from+1))
}

// dealValue draws one deal: a LogNormal of mean m and sd sd.
func dealValue(rng *rand.Rand, m, sd float64) float64 {
	if m <= 0 || sd <= 0 {
		return m
	}
	v := math.Log1p(sd * sd / (m * m))
	return math.Exp(math.Log(m) - v/2 + math.Sqrt(v)*rng.NormFloat64())
}

// customer is one generated row of customers.csv.
type customer struct {
	id         string
	start, end time.Time
	mrr        float64
}

// book generates customers.csv: the starting customers and the people won
// in the year, each churning month by month after its start month.
func book(s *model.Scenario, t ExampleTruth, rows []person, seed uint64) []byte {
	rng := stream(seed, "customers")
	end := MonthOf(t.AsOf)
	expansion := s.Customers.Expansion.Mean()
	var cs []customer
	keep := func(c customer, from Month) customer {
		mrr := c.mrr
		for m := from; m <= end; m++ {
			if rng.Float64() < t.Churn {
				c.end = dayIn(rng, t.From.AddDate(0, int(m-MonthOf(t.From)), 0), 1)
				break
			}
			mrr *= 1 + expansion
		}
		c.mrr = math.Round(mrr*100) / 100
		return c
	}
	n := s.Customers.Starting
	mean := t.Value
	if s.Customers.HasStartingMRR && n > 0 {
		mean = s.Customers.StartingMRR.Mean() / float64(n)
	}
	for i := range n {
		start := dayIn(rng, t.From.AddDate(0, -1-rng.IntN(36), 0), 1)
		c := customer{id: fmt.Sprintf("s%04d", i+1), start: start, mrr: math.Round(dealValue(rng, mean, dealSpread*mean))}
		cs = append(cs, keep(c, MonthOf(t.From)))
	}
	for i, p := range rows {
		if p.won {
			won := p.reached[len(p.reached)-1]
			cs = append(cs, keep(customer{id: fmt.Sprintf("p%05d", i+1), start: won, mrr: p.value}, MonthOf(won)+1))
		}
	}
	slices.SortStableFunc(cs, func(a, b customer) int {
		return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.id, b.id))
	})
	var b bytes.Buffer
	b.WriteString("customer,start,end,mrr\n")
	for _, c := range cs {
		e := ""
		if !c.end.IsZero() {
			e = c.end.Format(dateLayout)
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", c.id, c.start.Format(dateLayout), e, amount(c.mrr))
	}
	return b.Bytes()
}

// amount writes money to the cent, without trailing zeros: 12000, 1492.54.
func amount(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}
