package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

// Tests of DESIGN.md's "The market, the calendar, people and cash" (the
// market, the calendar, schedules, people who leave, the book you already
// have): each compares a mean over trials with the rule's exact
// expectation within 4 standard errors at a fixed seed, or checks an
// identity in every trial. TestCalendarDistributions (stepper_test.go)
// holds the same paths to the literal stepper on whole distributions.

// depletionLeft is the expected people left in a market of n after each of
// months months, for one channel of constant λ without noise under
// DESIGN.md's rule: a month's entries are Poisson(λ·R/n) capped at R, the
// people left. It follows the distribution of R month by month, exactly
// but for probabilities below 1e-25 left out.
func depletionLeft(lambda, n float64, months int) []float64 {
	N := int(n)
	p := make([]float64, N+1)
	p[N] = 1
	var out []float64
	for range months {
		next := make([]float64, N+1)
		for r, pr := range p {
			if pr < 1e-300 {
				continue
			}
			mu := lambda * float64(r) / n
			if r == 0 || mu == 0 {
				next[r] += pr
				continue
			}
			below := 0.0 // P(K < r)
			k := 0
			for ; k < r; k++ {
				f := math.Exp(float64(k)*math.Log(mu) - mu - lgamma(float64(k+1)))
				next[r-k] += pr * f
				below += f
				if float64(k) > mu && f < 1e-25 {
					break
				}
			}
			if k == r {
				next[0] += pr * max(0, 1-below) // K ≥ r: capped at r
			}
		}
		p = next
		mean := 0.0
		for r, pr := range p {
			mean += float64(r) * pr
		}
		out = append(out, mean)
	}
	return out
}

func lgamma(x float64) float64 {
	l, _ := math.Lgamma(x)
	return l
}

// TestDepletion: a linear channel without noise drawing from a market of
// N people: the mean people left after each month, and so the mean
// entries, match depletionLeft within 4 standard errors; no trial enters
// more people than the market holds; market_reached is entries ÷ N; and
// market_left falls month by month to N less the entries. At λ = 500,
// N = 5,000 the cap almost never binds and DESIGN.md's geometric
// N(1 − (1 − λ/N)^t) is the expectation to 1e-9; at λ = 4,000 the cap binds
// in most trials.
func TestDepletion(t *testing.T) {
	tests := []struct {
		name      string
		lambda, N float64
		H         int
		geometric bool
	}{
		{"lambda=500/N=5000", 500, 5000, 12, true},
		{"lambda=4000/N=5000", 4000, 5000, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := funnelScenario(tt.H, []string{"lead", "customer"}, 0.1)
			s.Channels[0].Spend = model.Constant(tt.lambda * 10) // unit cost 10
			s.Market = &model.Market{Size: fixed(tt.N)}
			const trials = 4000
			res := run(t, s, &Options{Trials: trials, Seed: 21, Paths: trials})
			left := depletionLeft(tt.lambda, tt.N, tt.H)
			if tt.geometric {
				for m, want := range left {
					geo := tt.N * math.Pow(1-tt.lambda/tt.N, float64(m+1))
					if !near(want, geo, 1e-9) {
						t.Fatalf("month %d: the recursion's people left %g; the geometric form %g", m+1, want, geo)
					}
				}
			}
			entries := res.Channels[0].Metrics["entries"]
			m, se := meanSE(entries)
			within(t, "cumulative entries", m, tt.N-left[tt.H-1], 4*se)
			series := res.Paths.Series["market_left"]
			for month := range tt.H {
				col := make([]float64, len(series))
				for p := range series {
					col[p] = series[p][month]
				}
				m, se := meanSE(col)
				within(t, "people left after month "+itoa(month+1), m, left[month], 4*se+1e-9)
			}
			reached := res.Metrics["market_reached"]
			for i, e := range entries {
				if e > tt.N || e < 0 {
					t.Fatalf("trial %d: %g entries from a market of %g", i, e, tt.N)
				}
				if reached[i] != e/tt.N {
					t.Fatalf("trial %d: market_reached %g; want entries ÷ N = %g", i, reached[i], e/tt.N)
				}
				row := series[i]
				for month := range row {
					if row[month] < 0 || month > 0 && row[month] > row[month-1] {
						t.Fatalf("trial %d: market left %v; want falling, never below 0", i, row)
					}
				}
				if row[tt.H-1] != tt.N-e {
					t.Fatalf("trial %d: market left at the end %g; want N − entries = %g", i, row[tt.H-1], tt.N-e)
				}
			}
		})
	}
}

// TestPools: channels are capped at what is left in both pools, in name
// order: a market of 50 people and two channels of λ = 1,000 give the
// first channel all 50 in month 1 and the second none, in every trial; a
// channel's audience caps it alone, and audience_used is its entries ÷ A.
// A channel without a pool keeps the Poisson inflow, its draws unmoved by
// another channel's audience.
func TestPools(t *testing.T) {
	t.Run("name order", func(t *testing.T) {
		s := funnelScenario(3, []string{"lead", "customer"}, 0.5)
		s.Channels = []model.Channel{linearChannel("a", 0, 10000, 10), linearChannel("b", 0, 10000, 10)}
		s.Market = &model.Market{Size: fixed(50)}
		res := run(t, s, &Options{Trials: 500, Seed: 2})
		for i := range res.Trials {
			a, b := res.Channels[0].Metrics["entries"][i], res.Channels[1].Metrics["entries"][i]
			if a != 50 || b != 0 {
				t.Fatalf("trial %d: entries a %g, b %g; want 50 and 0 (a is capped first, then b at what is left)", i, a, b)
			}
		}
	})
	t.Run("audience", func(t *testing.T) {
		const A = 2000
		s := funnelScenario(12, []string{"lead", "customer"}, 0.5)
		s.Channels = []model.Channel{linearChannel("a", 0, 5000, 10), linearChannel("b", 0, 3000, 10)}
		s.Channels[0].Audience, s.Channels[0].HasAudience = fixed(A), true
		res := run(t, s, &Options{Trials: 4000, Seed: 8})
		entries, used := res.Channels[0].Metrics["entries"], res.Channels[0].Metrics["audience_used"]
		for i, e := range entries {
			if e > A || used[i] != e/A {
				t.Fatalf("trial %d: %g entries, audience_used %g from an audience of %d; want at most A, and entries ÷ A", i, e, used[i], A)
			}
		}
		m, se := meanSE(entries)
		within(t, "entries from the audience", m, A-depletionLeft(500, A, 12)[11], 4*se)
		if _, ok := res.Channels[1].Metrics["audience_used"]; ok {
			t.Errorf("b has no audience but an audience_used column")
		}
		if _, ok := res.Metrics["market_reached"]; ok {
			t.Errorf("no market but a market_reached column")
		}

		plain := funnelScenario(12, []string{"lead", "customer"}, 0.5)
		plain.Channels = []model.Channel{linearChannel("a", 0, 5000, 10), linearChannel("b", 0, 3000, 10)}
		ref := run(t, plain, &Options{Trials: 4000, Seed: 8})
		for _, name := range []string{"entries", "customers"} {
			if !slices.Equal(res.Channels[1].Metrics[name], ref.Channels[1].Metrics[name]) {
				t.Errorf("b's %s moved when a got an audience; want b's draws as they were", name)
			}
		}
	})
}

// TestSeasonality: multipliers of 1 change no bit of a result; a
// channel's own list replaces the calendar's; with multipliers averaging 1
// a linear channel's mean entries over 12 months are 12λ and each month's
// λ·s_m, within 4 standard errors, from the calendar month the plan
// starts in.
func TestSeasonality(t *testing.T) {
	t.Run("ones", func(t *testing.T) {
		ones := slices.Repeat([]float64{1}, 12)
		plain := richScenario()
		a := summaryJSON(t, plain, 1500)
		for _, edit := range []func(s *model.Scenario){
			func(s *model.Scenario) {
				s.Calendar = model.Calendar{Start: model.Month{Year: 2027, Month: 3}, Seasonality: ones}
			},
			func(s *model.Scenario) {
				s.Calendar = model.Calendar{Start: model.Month{Year: 2027, Month: 3}}
				s.Channels[1].Seasonality = ones
			},
		} {
			s := richScenario()
			edit(s)
			if b := summaryJSON(t, s, 1500); !bytes.Equal(a, b) {
				t.Fatalf("seasonality of ones changed the summary:\n%s\n%s", a, firstDiff(b, a))
			}
		}
	})
	t.Run("shifts demand", func(t *testing.T) {
		calendar := []float64{0.5, 0.6, 0.8, 1, 1, 1.1, 1.2, 1.3, 1.4, 1.2, 1, 0.9} // mean 1
		own := []float64{0, 0, 3, 0, 0, 3, 0, 0, 3, 0, 0, 3}                        // mean 1
		s := funnelScenario(12, []string{"lead", "customer"}, 1)
		s.Channels = []model.Channel{linearChannel("a", 0, 1000, 10), linearChannel("events", 0, 500, 10)}
		s.Channels[1].Seasonality = own
		s.Calendar = model.Calendar{Start: model.Month{Year: 2027, Month: 7}, Seasonality: calendar}
		res := run(t, s, &Options{Trials: 4000, Seed: 12, Paths: 4000})
		for ci, lambda := range []float64{100, 50} {
			m, se := meanSE(res.Channels[ci].Metrics["entries"])
			within(t, s.Channels[ci].Name+" entries", m, 12*lambda, 4*se)
		}
		won := res.Paths.Series["new_customers"] // every entry is won at once
		for month := range 12 {
			cal := (6 + month) % 12 // month 1 is July
			want := 100*calendar[cal] + 50*own[cal]
			col := make([]float64, len(won))
			for p := range won {
				col[p] = won[p][month]
			}
			m, se := meanSE(col)
			within(t, "entries in month "+itoa(month+1), m, want, 4*se+1e-12)
		}
	})
}

// summaryJSON is s's summary at seed 5 as JSON.
func summaryJSON(t *testing.T, s *model.Scenario, trials int) []byte {
	t.Helper()
	b, err := json.Marshal(run(t, s, &Options{Trials: trials, Seed: 5, Workers: 2}).Summary())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPriorSpend: with prior spend S and carryover c, month 1's effective
// spend is (1 − c)·spend + c·S exactly, and the mean entries over the
// horizon follow S_t = spend + (S − spend)·c^t.
func TestPriorSpend(t *testing.T) {
	const (
		spend, prior, c, H = 1000.0, 2500.0, 0.6, 6
	)
	s := funnelScenario(H, []string{"lead", "customer"}, 0.5)
	s.Channels[0].Carryover = fixed(c)
	s.Channels[0].PriorSpend = prior

	cs, err := compile(context.Background(), s, H)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := resolve(s, &Options{Trials: 10, Paths: -1})
	_, cols := newResult(s, cs, &o)
	w := newWorker(cs, cols, 1)
	w.start(0)
	w.entry(0, 0)
	if got, want := w.eff[0], (1-c)*spend+c*prior; got != want {
		t.Fatalf("month 1 effective spend %v; want (1 − c)·spend + c·S = %v", got, want)
	}

	res := run(t, s, &Options{Trials: 4000, Seed: 4})
	want := 0.0
	for m := 1; m <= H; m++ {
		want += (spend + (prior-spend)*math.Pow(c, float64(m))) / 10
	}
	m, se := meanSE(res.Channels[0].Metrics["entries"])
	within(t, "entries", m, want, 4*se)
}

// TestAttrition: n whole reps who leave with chance a a month, without
// backfill or ramp, work n·Σ_{t=1}^{H} (1 − a)^t rep-months on average
// (a leaver stops in the month it leaves), and n(1 − (1 − a)^H) leave;
// with backfill after time_to_fill d months, the mean follows a slot's
// chain (working, or vacant with months to wait); with time_to_fill 0 and
// no ramp capacity never drops.
func TestAttrition(t *testing.T) {
	const (
		n, a, H = 10, 0.02, 12
		trials  = 4000
	)
	team := func(backfill bool, fill int) *model.Scenario {
		s := funnelScenario(H, []string{"lead", "sql", "customer"}, 0.5, 0.5)
		withSales(s, 1, n, 10, 1, 0)
		s.Sales.Turnover = model.Turnover{Attrition: fixed(a), HasAttrition: true, Backfill: backfill, TimeToFill: fill}
		return s
	}
	t.Run("no backfill", func(t *testing.T) {
		res := run(t, team(false, 0), &Options{Trials: trials, Seed: 31})
		want, q := 0.0, 1.0
		for range H {
			q *= 1 - a
			want += n * q
		}
		m, se := meanSE(res.Metrics["rep_months"])
		within(t, "rep_months", m, want, 4*se)
		m, se = meanSE(res.Metrics["rep_leavers"])
		within(t, "rep_leavers", m, n*(1-q), 4*se)
		for i, months := range res.Metrics["rep_months"] {
			if got := res.Metrics["spend_sales"][i]; got != months*1000 {
				t.Fatalf("trial %d: spend_sales %g; want rep-months × cost %g", i, got, months*1000)
			}
		}
	})
	for _, fill := range []int{1, 3} {
		t.Run("time_to_fill="+itoa(fill), func(t *testing.T) {
			res := run(t, team(true, fill), &Options{Trials: trials, Seed: 32})
			m, se := meanSE(res.Metrics["rep_months"])
			within(t, "rep_months", m, n*slotMonths(a, fill, H), 4*se)
		})
	}
	t.Run("time_to_fill=0", func(t *testing.T) {
		res := run(t, team(true, 0), &Options{Trials: trials, Seed: 33})
		for p, row := range res.Paths.Series["capacity"] {
			for month, x := range row {
				if x != n*10 {
					t.Fatalf("path %d month %d: capacity %g; want %d always", p, month+1, x, n*10)
				}
			}
		}
		for i, x := range res.Metrics["rep_months"] {
			if x != n*H || res.Metrics["capacity_lost"][i] != 0 {
				t.Fatalf("trial %d: rep_months %g, capacity_lost %g; want %d and 0", i, x, res.Metrics["capacity_lost"][i], n*H)
			}
		}
		m, _ := meanSE(res.Metrics["rep_leavers"])
		if m == 0 {
			t.Fatalf("no rep left in %d trials", trials)
		}
	})
}

// TestAttritionRamping: while hires ramp, each of their whole heads leaves
// on its own, so month t's heads working, ramped, average
// Σ_c n_c·(1 − a)^k·k/ramp over the cohorts c, k = t − h_c + 1 months
// since their hire h_c: who leaves among cohorts at different points of
// their ramp shows in capacity (capacity_per_rep 1e6, so flooring is lost
// in the noise).
func TestAttritionRamping(t *testing.T) {
	const (
		H, ramp, a, trials = 11, 12, 0.1, 4000
		perRep             = 1e6
	)
	hires := []model.Hire{{Month: 1, Reps: 10}, {Month: 6, Reps: 10}}
	s := funnelScenario(H, []string{"lead", "sql", "customer"}, 0.5, 0.5)
	withSales(s, 1, 0, perRep, 1, 0)
	s.Sales.Hires = hires
	s.Sales.RampMonths = ramp
	s.Sales.Turnover = model.Turnover{Attrition: fixed(a), HasAttrition: true}
	res := run(t, s, &Options{Trials: trials, Seed: 34, Paths: trials})
	capacity := res.Paths.Series["capacity"]
	for month := 1; month <= H; month++ {
		want := 0.0
		for _, h := range hires {
			if k := float64(month - h.Month + 1); k >= 1 {
				want += h.Reps * math.Pow(1-a, k) * k / ramp
			}
		}
		col := make([]float64, trials)
		for p := range col {
			col[p] = capacity[p][month-1] / perRep
		}
		m, se := meanSE(col)
		within(t, "reps working, ramped, in month "+itoa(month), m, want, 4*se+1e-6)
	}
}

// slotMonths is the expected months worked by one slot over H months: its
// head leaves with chance a each month it works, and with backfill a
// replacement starts fill ≥ 1 months later (and may leave that month).
func slotMonths(a float64, fill, H int) float64 {
	// p[0]: working at the month's start; p[j]: vacant, replacement in j months.
	p := make([]float64, fill+1)
	p[0] = 1
	total := 0.0
	for range H {
		next := make([]float64, fill+1)
		// Replacements due start, then each working head may leave.
		work := p[0] + p[1]
		total += work * (1 - a)
		next[0] = work * (1 - a)
		for j := 2; j <= fill; j++ {
			next[j-1] = p[j]
		}
		next[fill] += work * a
		p = next
	}
	return total
}

// TestTeamRules: the team model's rules, where they decide: fractions never
// leave, a leaver is not paid, a ramping replacement works part of a
// month; falls remove open vacancies first, then pending replacements, then
// the latest started; a rise of a headcount schedule is a hire that ramps.
// Attrition of 1 makes every whole head leave at once, so each case is
// exact.
func TestTeamRules(t *testing.T) {
	sales := func(reps float64, edit func(sl *model.Sales)) *model.Scenario {
		s := funnelScenario(6, []string{"lead", "sql", "customer"}, 0.5, 0.5)
		withSales(s, 1, reps, 10, 1, 0)
		edit(s.Sales)
		return s
	}
	leaveAll := model.Turnover{Attrition: fixed(1), HasAttrition: true}
	tests := []struct {
		name     string
		s        *model.Scenario
		capacity []float64
		repCost  float64 // rep-months × 1000
	}{
		{"fractions stay", sales(2.5, func(sl *model.Sales) { sl.Turnover = leaveAll }),
			[]float64{5, 5, 5, 5, 5, 5}, 6 * 500},
		{"replacements ramp", sales(2, func(sl *model.Sales) {
			sl.Turnover = leaveAll
			sl.Backfill = true
			sl.RampMonths = 2
		}), []float64{10, 10, 10, 10, 10, 10}, 6 * 2000},
		{"a cut takes open vacancies first", sales(3, func(sl *model.Sales) {
			sl.Turnover = leaveAll
			sl.Hires = []model.Hire{{Month: 3, Reps: 0.5}} // half a rep never leaves
			sl.Cuts = []model.Hire{{Month: 4, Reps: 2}}
		}), []float64{0, 0, 5, 5, 5, 5}, 4 * 500},
		{"then pending replacements", sales(2, func(sl *model.Sales) {
			sl.Turnover = model.Turnover{Attrition: fixed(1), HasAttrition: true, Backfill: true, TimeToFill: 3}
			sl.Hires = []model.Hire{{Month: 2, Reps: 0.5}}
			sl.Cuts = []model.Hire{{Month: 3, Reps: 2}}
		}), []float64{0, 5, 5, 5, 5, 5}, 5 * 500},
		{"then the latest started", sales(2, func(sl *model.Sales) {
			sl.RampMonths = 4
			sl.Hires = []model.Hire{{Month: 2, Reps: 1}}
			sl.Cuts = []model.Hire{{Month: 4, Reps: 1}}
		}), []float64{20, 22, 25, 20, 20, 20}, (2*6 + 2) * 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.s, &Options{Trials: 20, Seed: 3})
			for p, row := range res.Paths.Series["capacity"] {
				if !slices.Equal(row, tt.capacity) {
					t.Fatalf("path %d: capacity %v; want %v", p, row, tt.capacity)
				}
			}
			for i, x := range res.Metrics["spend_sales"] {
				if x != tt.repCost {
					t.Fatalf("trial %d: spend_sales %g; want %g", i, x, tt.repCost)
				}
			}
		})
	}

	t.Run("cut order", func(t *testing.T) {
		// Open vacancies, then pending replacements from the latest due,
		// then the latest started, then the ramped part.
		ts := newTeamSpec(0, true, 3, nil, nil, 6)
		var tm team
		tm.init(ts, 6)
		tm.reset(0)
		tm.full, tm.open = 4, 1
		tm.pending[3], tm.pending[5] = 1, 1
		tm.ramping = append(tm.ramping, cohort{start: 0, size: 1}, cohort{start: 1, size: 2})
		for _, step := range []struct {
			cut     float64
			open    float64
			pending [2]float64
			ramping []float64
			full    float64
		}{
			{0.5, 0.5, [2]float64{1, 1}, []float64{1, 2}, 4},
			{1, 0, [2]float64{1, 0.5}, []float64{1, 2}, 4},
			{1.5, 0, [2]float64{0, 0}, []float64{1, 2}, 4},
			{2.5, 0, [2]float64{0, 0}, []float64{0.5}, 4},
			{1, 0, [2]float64{0, 0}, nil, 3.5},
		} {
			tm.cut(2, step.cut)
			var sizes []float64
			for _, c := range tm.ramping {
				sizes = append(sizes, c.size)
			}
			if tm.open != step.open || tm.pending[3] != step.pending[0] || tm.pending[5] != step.pending[1] ||
				!slices.Equal(sizes, step.ramping) || tm.full != step.full {
				t.Fatalf("after a cut of %g: open %g, pending %g and %g, ramping %v, full %g; want %g, %v, %v, %g",
					step.cut, tm.open, tm.pending[3], tm.pending[5], sizes, tm.full, step.open, step.pending, step.ramping, step.full)
			}
		}
	})

	t.Run("headcount schedule", func(t *testing.T) {
		s := funnelScenario(8, []string{"lead", "customer"}, 0.5)
		s.Channels = []model.Channel{{Name: "sdr", Kind: model.SalesKind, Response: model.Headcount,
			Headcount:   model.Schedule{{Month: 1, Value: 2}, {Month: 4, Value: 3}, {Month: 5, Value: 2}, {Month: 7, Value: 4}},
			CostPerHead: 1000, OutputPerHead: fixed(10), RampMonths: 3}}
		s.Channels[0].Spend = s.Channels[0].Headcount.Scaled(1000)
		c, err := compile(context.Background(), s, s.Horizon)
		if err != nil {
			t.Fatal(err)
		}
		// Month 4's hire goes in month 5's fall (the latest started); month 7
		// hires two, ramping from 1/3.
		want := []float64{2.0 / 3, 4.0 / 3, 2, 2 + 1.0/3, 2, 2, 2 + 2.0/3, 2 + 4.0/3}
		for m, x := range c.ch[0].ramp {
			if !near(x, want[m], 1e-15) {
				t.Fatalf("month %d: heads ramped %v; want %v", m+1, c.ch[0].ramp, want)
			}
		}
	})
}

// TestStartingMRR: with starting_mrr the starting customers' month-1
// revenue before churn is starting_mrr in every trial, drawn once a trial
// from its own substream; they share it equally, so each month a churned
// customer takes MRR ÷ customers with it.
func TestStartingMRR(t *testing.T) {
	s := funnelScenario(6, []string{"lead", "customer"}, 0.5)
	s.Channels[0].Spend = model.Constant(0)
	s.Customers.Starting = 80
	s.Customers.Churn = fixed(0.05)
	s.Customers.Expansion = fixed(0.01)
	s.Customers.StartingMRR = model.Value{Family: model.LogNormal, Domain: model.Positive, Mu: math.Log(100000), Sigma: 0.1}
	s.Customers.HasStartingMRR = true
	res := run(t, s, &Options{Trials: 500, Seed: 9})
	draws := res.Inputs[inputIndex(t, res, "customers.starting_mrr")].Draws
	mrr, cust := res.Paths.Series["mrr"], res.Paths.Series["customers"]
	for p := range mrr {
		// Month 1: the book grows by expansion, and the churned take their share.
		before := mrr[p][0] / 1.01 * 80 / cust[p][0]
		if !near(before, draws[p], 1e-12) {
			t.Fatalf("trial %d: month-1 starting MRR before churn %g; want starting_mrr %g", p, before, draws[p])
		}
	}
	s.Customers.Churn = fixed(0)
	res = run(t, s, &Options{Trials: 200, Seed: 9})
	draws = res.Inputs[inputIndex(t, res, "customers.starting_mrr")].Draws
	for p, row := range res.Paths.Series["mrr"] {
		if row[0] != draws[p]*1.01 {
			t.Fatalf("trial %d: month-1 MRR %g; want starting_mrr × (1 + expansion) = %g", p, row[0], draws[p]*1.01)
		}
	}
}

// TestTeamsCommonRandomNumbers: a team's leavers draw from their own
// substream, so attrition moves no other draw: the inputs are as without
// it, and so is the flow of a channel that does not meet the team (no
// sales section here).
func TestTeamsCommonRandomNumbers(t *testing.T) {
	a := richScenario()
	b := richScenario()
	b.Sales.Turnover = model.Turnover{Attrition: fixed(0.05), HasAttrition: true, Backfill: true, TimeToFill: 2}
	b.Channels[1].Turnover = model.Turnover{Attrition: fixed(0.05), HasAttrition: true, Backfill: true, TimeToFill: 1}
	ra := run(t, a, &Options{Trials: 300})
	rb := run(t, b, &Options{Trials: 300})
	for _, in := range ra.Inputs {
		if !slices.Equal(in.Draws, rb.Inputs[inputIndex(t, rb, in.Key)].Draws) {
			t.Errorf("%s's draws moved with attrition", in.Key)
		}
	}

	c := funnelScenario(12, []string{"lead", "mql", "customer"}, 0.4, 0.3)
	c.Funnel.Months[1] = fixed(1)
	c.Channels = append(c.Channels, model.Channel{Name: "sdr", Kind: model.SalesKind, Enters: 1, Response: model.Headcount,
		Headcount: model.Constant(3), CostPerHead: 1000, Spend: model.Constant(3000), OutputPerHead: fixed(10), RampMonths: 2})
	d := c.Clone()
	d.Channels[1].Turnover = model.Turnover{Attrition: fixed(0.1), HasAttrition: true, Backfill: true, TimeToFill: 1}
	rc := run(t, c, &Options{Trials: 300})
	rd := run(t, d, &Options{Trials: 300})
	for _, name := range []string{"entries", "customers"} {
		if !slices.Equal(rc.Channels[0].Metrics[name], rd.Channels[0].Metrics[name]) {
			t.Errorf("ads' %s moved when sdr's heads leave", name)
		}
	}
	if slices.Equal(rc.Channels[1].Metrics["entries"], rd.Channels[1].Metrics["entries"]) {
		t.Errorf("sdr's entries did not move when its heads leave")
	}
}

// TestSpendSeries: each channel's monthly spend series is its schedule,
// or with heads who leave what they are paid, and sums to its spend.
func TestSpendSeries(t *testing.T) {
	s := richScenario()
	s.Channels[2].Spend = model.Schedule{{Month: 1, Value: 8000}, {Month: 7, Value: 12000}, {Month: 13, Value: 4000}}
	s.Channels[1].Turnover = model.Turnover{Attrition: fixed(0.1), HasAttrition: true, Backfill: true, TimeToFill: 2}
	res := run(t, s, &Options{Trials: 300, Seed: 2})
	for ci, ch := range res.Channels {
		series := res.Paths.Series["channels."+ch.Name+".spend"]
		if len(series) != 300 {
			t.Fatalf("%s: %d spend paths; want 300", ch.Name, len(series))
		}
		for p, row := range series {
			sum := 0.0
			for m, x := range row {
				if ci != 1 && x != s.Channels[ci].Spend.At(m+1) {
					t.Fatalf("%s path %d month %d: spend %g; want the schedule's %g", ch.Name, p, m+1, x, s.Channels[ci].Spend.At(m+1))
				}
				sum += x
			}
			if !near(sum, ch.Metrics["spend"][p], 1e-12) {
				t.Fatalf("%s path %d: monthly spend sums to %g; want its spend %g", ch.Name, p, sum, ch.Metrics["spend"][p])
			}
		}
	}
	months, _ := meanSE(res.Channels[1].Metrics["head_months"])
	if months >= 2*18 {
		t.Errorf("head_months %g; want fewer than 2 heads × 18 months with attrition", months)
	}
}
