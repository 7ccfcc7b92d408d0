package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// Tests that the engine computes DESIGN.md's model: each compares a mean
// over trials with a closed form, within 4 standard errors, at a fixed seed,
// or checks an identity exactly in every trial.

const testTrials = 4000

// TestFunnelMean: with fixed rates, no waits and no capacity, the customers
// of a channel with λ entries a month are Poisson with mean H·λ·Πp (each
// stage thins a Poisson count). Uncertain rates drawn once per trial give
// the same mean with E[p] in place of p.
func TestFunnelMean(t *testing.T) {
	stages := []string{"visit", "lead", "customer"}
	tests := []struct {
		name  string
		edit  func(s *model.Scenario)
		stage []float64 // expected mean reached per stage
	}{
		{"fixed rates", func(s *model.Scenario) {}, []float64{600, 300, 90}},
		{"entry at a later stage", func(s *model.Scenario) { s.Channels[0].Enters = 1 }, []float64{0, 600, 180}},
		{"uncertain rate", func(s *model.Scenario) {
			s.Funnel.Conversion[1] = model.Value{Family: model.Beta, Domain: model.Probability, Alpha: 2, Beta: 8}
		}, []float64{600, 120, 36}},
		{"channel override", func(s *model.Scenario) {
			s.Channels[0].Conversion = map[int]model.Value{2: fixed(0.6)}
		}, []float64{600, 300, 180}},
		{"two channels", func(s *model.Scenario) {
			s.Channels = append(s.Channels, linearChannel("zads", 1, 500, 5))
			s.Channels[1].Conversion = map[int]model.Value{2: fixed(0.1)}
		}, []float64{600, 900, 90 + 60}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := funnelScenario(6, stages, 0.5, 0.3)
			tt.edit(s)
			res := run(t, s, &Options{Trials: testTrials, Seed: 7})
			for k, want := range tt.stage {
				m, se := meanSE(res.Stages[k].Reached)
				within(t, "reached "+stages[k], m, want, 4*se+1e-12)
			}
			m, se := meanSE(res.Metrics["new_customers"])
			within(t, "new_customers", m, tt.stage[2], 4*se)
		})
	}
}

// TestResponses: a channel's mean entries over the horizon are Σ_t λ_t with
// DESIGN.md's response on effective spend S_t = (1 − c)·spend + c·S_{t−1};
// the volatility multiplier has mean 1 and leaves the mean alone.
func TestResponses(t *testing.T) {
	const H = 6
	sum := func(f func(t int) float64) float64 {
		s := 0.0
		for m := 1; m <= H; m++ {
			s += f(m)
		}
		return s
	}
	tests := []struct {
		name string
		ch   model.Channel
		want float64
	}{
		{"linear", linearChannel("a", 0, 1000, 10), H * 100},
		{"saturating", model.Channel{Name: "a", Response: model.Saturating, Spend: model.Constant(1000),
			UnitCost: fixed(10), MaxPerMonth: fixed(50), HasMax: true, Carryover: fixed(0)},
			H * 50 * (1 - math.Exp(-1000.0/(10*50)))},
		{"hill", model.Channel{Name: "a", Response: model.Hill, Spend: model.Constant(1000),
			MaxPerMonth: fixed(200), HasMax: true, HalfSaturation: fixed(500), Shape: fixed(2), Carryover: fixed(0)},
			H * 200 * 1e6 / (1e6 + 500*500)},
		{"carryover", model.Channel{Name: "a", Response: model.Linear, Spend: model.Constant(1000), UnitCost: fixed(10), Carryover: fixed(0.5)},
			sum(func(t int) float64 { return 100 * (1 - math.Pow(0.5, float64(t))) })},
		{"hill with carryover", model.Channel{Name: "a", Response: model.Hill, Spend: model.Constant(1000),
			MaxPerMonth: fixed(200), HasMax: true, HalfSaturation: fixed(500), Shape: fixed(3), Carryover: fixed(0.4)},
			sum(func(t int) float64 {
				s := 1000 * (1 - math.Pow(0.4, float64(t)))
				return 200 * math.Pow(s, 3) / (math.Pow(s, 3) + math.Pow(500, 3))
			})},
		{"headcount with ramp", model.Channel{Name: "a", Kind: model.SalesKind, Response: model.Headcount,
			Headcount: model.Constant(2), CostPerHead: 5000, Spend: model.Constant(10000), OutputPerHead: fixed(15), RampMonths: 3},
			sum(func(t int) float64 { return 30 * math.Min(1, float64(t)/3) })},
		{"volatility", model.Channel{Name: "a", Response: model.Linear, Spend: model.Constant(1000), UnitCost: fixed(10),
			Carryover: fixed(0), Volatility: 0.5}, H * 100},
		{"uncertain unit cost", model.Channel{Name: "a", Response: model.Linear, Spend: model.Constant(1000),
			UnitCost: model.Value{Family: model.Gamma, Domain: model.Positive, Alpha: 20, Beta: 2}, Carryover: fixed(0)},
			// E[1/X] for Gamma(α, rate β) is β/(α − 1).
			H * 1000 * 2.0 / 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := funnelScenario(H, []string{"lead", "customer"}, 0.5)
			s.Channels = []model.Channel{tt.ch}
			res := run(t, s, &Options{Trials: testTrials, Seed: 3})
			m, se := meanSE(res.Channels[0].Metrics["entries"])
			within(t, "entries", m, tt.want, 4*se)
		})
	}
}

// TestStageDelay: a stage with months m decides each person with
// probability h = 1/(1 + m) a month, a geometric wait of mean m. With λ
// entries a month, the mean arrivals at the next stage in month t are
// λ·p·(1 − q^t), q = 1 − h, and over H months λ·p·(H − m(1 − q^H)): the
// customers lag the zero-wait funnel by m months' worth.
func TestStageDelay(t *testing.T) {
	const H = 12
	for _, m := range []float64{0, 0.5, 2, 5} {
		t.Run("months="+ftoa(m), func(t *testing.T) {
			s := funnelScenario(H, []string{"lead", "opportunity", "deal", "customer"}, 1, 0.5, 1)
			s.Funnel.Months[1] = fixed(m)
			res := run(t, s, &Options{Trials: testTrials, Seed: 11})
			q := m / (1 + m)
			lp := 100 * 0.5
			total, se := meanSE(res.Metrics["new_customers"])
			within(t, "new_customers", total, lp*(H-m*(1-math.Pow(q, H))), 4*se)
			paths := res.Paths.Series["new_customers"]
			for month := 1; month <= H; month++ {
				col := make([]float64, len(paths))
				for p := range paths {
					col[p] = paths[p][month-1]
				}
				got, se := meanSE(col)
				within(t, "new customers in month "+itoa(month), got, lp*(1-math.Pow(q, float64(month))), 4*se+1e-12)
			}
		})
	}
}

// TestChurn: starting customers only, churn c and expansion e: the
// customers kept at month t are Binomial(n, (1 − c)^t), and since they all
// pay the same, MRR is exactly customers × value × (1 + e)^t, revenue the
// sum of MRR and ending figures those of the last month.
func TestChurn(t *testing.T) {
	const (
		H     = 24
		n     = 1000
		churn = 0.05
		exp   = 0.02
		value = 100
	)
	s := funnelScenario(H, []string{"lead", "customer"}, 0.5)
	s.Channels[0].Spend = model.Constant(0)
	s.Customers.Starting = n
	s.Customers.Churn = fixed(churn)
	s.Customers.Expansion = fixed(exp)
	res := run(t, s, &Options{Trials: 2000, Seed: 5})
	cust := res.Paths.Series["customers"]
	mrr := res.Paths.Series["mrr"]
	P := len(cust)
	for month := 1; month <= H; month++ {
		q := math.Pow(1-churn, float64(month))
		sum := 0.0
		for p := range P {
			sum += cust[p][month-1]
		}
		within(t, "customers at month "+itoa(month), sum/float64(P), n*q, 4*math.Sqrt(n*q*(1-q)/float64(P)))
	}
	for p := range P {
		rev := 0.0
		for month := 1; month <= H; month++ {
			want := cust[p][month-1] * value * math.Pow(1+exp, float64(month))
			if !near(mrr[p][month-1], want, 1e-9) {
				t.Fatalf("path %d month %d: mrr got %g; want customers × value × (1+e)^t = %g", p, month, mrr[p][month-1], want)
			}
			rev += mrr[p][month-1]
		}
		if !near(res.Metrics["revenue"][p], rev, 1e-12) {
			t.Fatalf("trial %d: revenue got %g; want Σ mrr = %g", p, res.Metrics["revenue"][p], rev)
		}
		if got := res.Metrics["ending_customers"][p]; got != cust[p][H-1] {
			t.Fatalf("trial %d: ending_customers got %g; want %g", p, got, cust[p][H-1])
		}
		if got := res.Metrics["new_revenue"][p]; got != 0 {
			t.Fatalf("trial %d: new_revenue got %g; want 0 (starting customers only)", p, got)
		}
	}
}

// TestNewRevenue: customers won in month s pay value × (1 + e)^(t − s) in
// month t ≥ s (no churn), so new revenue is that double sum over the
// monthly new customers of each trial; one-time customers buy again with
// probability r a month, so the repeats in month t average r × those won
// before t.
func TestNewRevenue(t *testing.T) {
	const H = 12
	t.Run("subscription", func(t *testing.T) {
		s := funnelScenario(H, []string{"lead", "customer"}, 0.1)
		s.Customers.Expansion = fixed(0.03)
		s.Customers.Starting = 10
		res := run(t, s, &Options{Trials: 500, Seed: 2})
		won := res.Paths.Series["new_customers"]
		for p := range won {
			want := 0.0
			for tm := 1; tm <= H; tm++ {
				for sm := 1; sm <= tm; sm++ {
					want += won[p][sm-1] * 100 * math.Pow(1.03, float64(tm-sm))
				}
			}
			if got := res.Metrics["new_revenue"][p]; !near(got, want, 1e-9) {
				t.Fatalf("trial %d: new_revenue got %g; want %g", p, got, want)
			}
			starting := 0.0
			for tm := 1; tm <= H; tm++ {
				starting += 10 * 100 * math.Pow(1.03, float64(tm))
			}
			if got := res.Metrics["revenue"][p]; !near(got, want+starting, 1e-9) {
				t.Fatalf("trial %d: revenue got %g; want new %g + starting %g", p, got, want, starting)
			}
		}
	})
	t.Run("one_time repeats", func(t *testing.T) {
		const r = 0.2
		s := funnelScenario(H, []string{"lead", "customer"}, 0.1)
		s.Customers.Revenue = model.OneTime
		s.Customers.Repeat = fixed(r)
		res := run(t, s, &Options{Trials: 1000, Seed: 2})
		won := res.Paths.Series["new_customers"]
		rev := res.Paths.Series["revenue"]
		repeats, exposed := 0.0, 0.0
		for p := range won {
			cum := 0.0
			for tm := range H {
				repeats += rev[p][tm]/100 - won[p][tm]
				exposed += cum
				cum += won[p][tm]
			}
			if got := res.Paths.Series["mrr"][p][H-1]; got != 0 {
				t.Fatalf("path %d: one_time mrr got %g; want 0", p, got)
			}
		}
		within(t, "repeats per kept customer-month", repeats/exposed, r, 4*math.Sqrt(r*(1-r)/exposed))
	})
}

// TestCapacity: with demand above capacity, sales never takes on more than
// capacity in a month, takes on exactly capacity while people wait, loses
// the set share of waiting people each month and drops the set share at
// follow-up; when capacity is short, each channel's people are taken on in
// proportion to their number.
func TestCapacity(t *testing.T) {
	const (
		H        = 12
		followUp = 0.8
		decay    = 0.3
	)
	s := funnelScenario(H, []string{"lead", "sql", "customer"}, 0.5, 0.5)
	s.Channels = append(s.Channels, linearChannel("big", 0, 3000, 10))
	withSales(s, 1, 1, 20.5, followUp, decay)
	res := run(t, s, &Options{Trials: 2000, Seed: 9})
	ser := res.Paths.Series
	lostQueue, exposed := 0.0, 0.0
	for p := range ser["capacity"] {
		for tm := range H {
			capa, taken, queue := ser["capacity"][p][tm], ser["taken_on"][p][tm], ser["queue"][p][tm]
			if capa != 20 {
				t.Fatalf("path %d month %d: capacity got %g; want floor(1 × 20.5) = 20", p, tm+1, capa)
			}
			if taken > capa {
				t.Fatalf("path %d month %d: taken on %g exceeds capacity %g", p, tm+1, taken, capa)
			}
			if queue > 0 && taken != capa {
				t.Fatalf("path %d month %d: %g waiting but only %g of %g taken on", p, tm+1, queue, taken, capa)
			}
			if tm < H-1 {
				exposed += queue
			}
		}
		lostQueue += res.Metrics["lost_queue"][p]
	}
	within(t, "queue decay rate", lostQueue/exposed, decay, 4*math.Sqrt(decay*(1-decay)/exposed))

	handed, lost := 0.0, 0.0
	for i := range res.Trials {
		handed += res.Stages[1].Reached[i]
		lost += res.Metrics["lost_follow_up"][i]
	}
	within(t, "follow-up share", 1-lost/handed, followUp, 4*math.Sqrt(followUp*(1-followUp)/handed))

	// The two channels bring 1:3 of the people; the split keeps that share.
	share := make([]float64, res.Trials)
	for i := range share {
		a, b := res.Channels[0].Metrics["customers"][i], res.Channels[1].Metrics["customers"][i]
		share[i] = a / (a + b)
	}
	m, se := meanSE(share)
	within(t, "share of the small channel", m, 0.25, 4*se)

	cu, se := meanSE(res.Metrics["capacity_used"])
	within(t, "capacity_used", cu, 1, 4*se+1e-12)
}

// TestHires: capacity and rep cost follow the hires with their ramp:
// capacity_t = floor((reps + Σ hires × min(1, (t − h + 1)/ramp)) × per rep),
// and every rep is paid in full from the month it arrives.
func TestHires(t *testing.T) {
	const H = 8
	s := funnelScenario(H, []string{"lead", "sql", "customer"}, 0.5, 0.5)
	withSales(s, 1, 1, 10, 1, 0)
	s.Sales.RampMonths = 2
	s.Sales.Hires = []model.Hire{{Month: 3, Reps: 2}, {Month: 20, Reps: 5}}
	res := run(t, s, &Options{Trials: 50, Seed: 1})
	want := []float64{10, 10, 20, 30, 30, 30, 30, 30}
	for p, row := range res.Paths.Series["capacity"] {
		for tm := range H {
			if row[tm] != want[tm] {
				t.Fatalf("path %d month %d: capacity got %g; want %g", p, tm+1, row[tm], want[tm])
			}
		}
	}
	wantSales := (1*H + 2*(H-2)) * 1000.0
	for i, got := range res.Metrics["spend_sales"] {
		if got != wantSales {
			t.Fatalf("trial %d: spend_sales got %g; want reps paid in full %g", i, got, wantSales)
		}
	}
}

// richScenario has every feature at once: waits, overrides, two kinds of
// channels, a sales team with hires, uncertain values, commission and
// onboarding.
func richScenario() *model.Scenario {
	s := funnelScenario(18, []string{"visit", "lead", "sql", "opportunity", "customer"}, 0.05, 0.4, 0.6, 0.25)
	s.Funnel.Months[3] = model.Value{Family: model.LogNormal, Domain: model.Positive, Mu: math.Log(1.5), Sigma: 0.3}
	s.Funnel.Conversion[4] = model.Value{Family: model.Beta, Domain: model.Probability, Alpha: 5, Beta: 15}
	s.Channels = []model.Channel{
		{Name: "content", Kind: model.Marketing, Enters: 1, Response: model.Hill, Spend: model.Constant(4000),
			MaxPerMonth: fixed(80), HasMax: true, HalfSaturation: fixed(3000), Shape: fixed(2), Carryover: fixed(0.5)},
		{Name: "outbound", Kind: model.SalesKind, Enters: 2, Response: model.Headcount, Headcount: model.Constant(2),
			CostPerHead: 6000, Spend: model.Constant(12000), RampMonths: 2,
			OutputPerHead: model.Value{Family: model.PERT, Domain: model.Positive, Min: 5, Mode: 8, Max: 14, Alpha: 2.3333333333333335, Beta: 3.6666666666666665}},
		{Name: "search", Kind: model.Marketing, Enters: 0, Response: model.Saturating, Spend: model.Constant(8000),
			UnitCost:    model.Value{Family: model.LogNormal, Domain: model.Positive, Mu: math.Log(2), Sigma: 0.3},
			MaxPerMonth: fixed(6000), HasMax: true, Carryover: fixed(0), Volatility: 0.2,
			Conversion: map[int]model.Value{2: model.Value{Family: model.Beta, Domain: model.Probability, Alpha: 8, Beta: 12}}},
	}
	withSales(s, 2, 2, 25, 0.85, 0.2)
	s.Sales.CapacityPerRep = model.Value{Family: model.Gamma, Domain: model.Positive, Alpha: 50, Beta: 2}
	s.Sales.Commission = 0.08
	s.Sales.RampMonths = 3
	s.Sales.Hires = []model.Hire{{Month: 4, Reps: 1}}
	s.Customers.Value = model.Value{Family: model.LogNormal, Domain: model.Positive, Mu: math.Log(500), Sigma: 0.4}
	s.Customers.GrossMargin = fixed(0.8)
	s.Customers.Churn = model.Value{Family: model.Beta, Domain: model.Probability, Alpha: 2, Beta: 80}
	s.Customers.Expansion = model.Value{Family: model.Normal, Domain: model.Real, Mu: 0.01, Sigma: 0.005}
	s.Customers.OnboardingCost = fixed(300)
	s.Customers.Starting = 40
	s.Targets = []model.Target{{Metric: "cac", Value: 20000, Max: true}, {Metric: "new_customers", Value: 30}}
	return s
}

// TestAddsUp: per-channel results add up to the totals exactly in every
// trial, and spend is the sum DESIGN.md gives.
func TestAddsUp(t *testing.T) {
	s := richScenario()
	res := run(t, s, &Options{Trials: 1000, Seed: 4})
	value := res.Inputs[inputIndex(t, res, "customers.value")].Draws
	for i := range res.Trials {
		var cust, newRev, mkt, salesCh, entries0 float64
		for ci, ch := range res.Channels {
			cust += ch.Metrics["customers"][i]
			newRev += ch.Metrics["new_revenue"][i]
			if s.Channels[ci].Kind == model.Marketing {
				mkt += ch.Metrics["spend"][i]
			} else {
				salesCh += ch.Metrics["spend"][i]
			}
			if s.Channels[ci].Enters == 0 {
				entries0 += ch.Metrics["entries"][i]
			}
		}
		m := func(name string) float64 { return res.Metrics[name][i] }
		nc := m("new_customers")
		reps := (2*18 + 1*15) * 1000.0
		wantSales := salesCh + reps + nc*(0.08*12*value[i]+300)
		checks := []struct {
			what      string
			got, want float64
		}{
			{"Σ channel customers", cust, nc},
			{"customers reached", res.Stages[4].Reached[i], nc},
			{"Σ channel new_revenue", newRev, m("new_revenue")},
			{"Σ marketing channel spend", mkt, m("spend_marketing")},
			{"spend", m("spend_marketing") + m("spend_sales"), m("spend")},
			{"first stage reached", entries0, res.Stages[0].Reached[i]},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Fatalf("trial %d: %s got %v; want %v", i, c.what, c.got, c.want)
			}
		}
		if !near(m("spend_sales"), wantSales, 1e-12) {
			t.Fatalf("trial %d: spend_sales got %v; want channels + reps + commission + onboarding %v", i, m("spend_sales"), wantSales)
		}
	}
}

// TestUndefined: a trial without customers has no CAC: it is counted as
// undefined, not averaged as infinity. With λ = 0.5 people a month for one
// month and every one a customer, P(no customer) = e^−0.5.
func TestUndefined(t *testing.T) {
	t.Run("never", func(t *testing.T) {
		s := funnelScenario(3, []string{"lead", "customer"}, 0)
		res := run(t, s, &Options{Trials: 300})
		st := res.Summary().Metrics["cac"]
		if st.Defined != 0 || st.Undefined != 300 {
			t.Fatalf("cac: got %d defined, %d undefined; want 0, 300", st.Defined, st.Undefined)
		}
	})
	t.Run("sometimes", func(t *testing.T) {
		s := funnelScenario(1, []string{"lead", "customer"}, 1)
		s.Channels[0].Spend = model.Constant(5) // λ = 0.5
		const n = 4000
		res := run(t, s, &Options{Trials: n, Seed: 8})
		st := Summarize(res.Metrics["cac"])
		p := math.Exp(-0.5)
		within(t, "undefined cac", float64(st.Undefined), n*p, 4*math.Sqrt(n*p*(1-p)))
		for i, c := range res.Metrics["cac"] {
			if res.Metrics["new_customers"][i] == 0 && !math.IsNaN(c) {
				t.Fatalf("trial %d: cac got %g without customers; want NaN", i, c)
			}
		}
		if math.IsInf(st.Mean, 0) || math.IsNaN(st.Mean) {
			t.Fatalf("cac mean got %g; want a finite mean over defined trials", st.Mean)
		}
	})
}

// TestCommonRandomNumbers: fixing one input leaves every other input's
// draws alone, and adding a channel leaves another channel's flow alone.
func TestCommonRandomNumbers(t *testing.T) {
	a := richScenario()
	b := richScenario()
	b.Customers.Churn = fixed(0.02)
	ra := run(t, a, &Options{Trials: 200})
	rb := run(t, b, &Options{Trials: 200})
	for _, in := range rb.Inputs {
		da := ra.Inputs[inputIndex(t, ra, in.Key)].Draws
		for i := range in.Draws {
			if in.Draws[i] != da[i] {
				t.Fatalf("%s trial %d: got %g; want %g as before churn was fixed", in.Key, i, in.Draws[i], da[i])
			}
		}
	}

	c := funnelScenario(6, []string{"lead", "customer"}, 0.3)
	d := funnelScenario(6, []string{"lead", "customer"}, 0.3)
	d.Channels = append(d.Channels, linearChannel("more", 0, 500, 5))
	rc := run(t, c, &Options{Trials: 200})
	rd := run(t, d, &Options{Trials: 200})
	for _, name := range measure.ChannelNames() {
		x, y := rc.Channels[0].Metrics[name], rd.Channels[0].Metrics[name]
		for i := range x {
			if x[i] != y[i] && !(math.IsNaN(x[i]) && math.IsNaN(y[i])) {
				t.Fatalf("ads %s trial %d: got %g with another channel; want %g", name, i, y[i], x[i])
			}
		}
	}
}

func inputIndex(t *testing.T, r *Result, key string) int {
	t.Helper()
	for j, in := range r.Inputs {
		if in.Key == key {
			return j
		}
	}
	t.Fatalf("no input %q", key)
	return -1
}

// near reports |a − b| ≤ rel·max(|a|, |b|).
func near(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

// TestUnitEconomics: ltv against the closed-form geometric sums of
// DESIGN.md's definitions, payback against its definition, and the ratios
// against their identities, trial by trial.
func TestUnitEconomics(t *testing.T) {
	const (
		value, margin, churn, exp, repeat, discount = 100.0, 0.8, 0.02, 0.01, 0.3, 0.1
	)
	d := math.Pow(1+discount, 1.0/12) - 1
	geo := func(x float64, from, to int) float64 { // Σ_{m=from}^{to} x^m
		return (math.Pow(x, float64(from)) - math.Pow(x, float64(to+1))) / (1 - x)
	}
	for _, revenue := range []model.RevenueModel{model.Subscription, model.OneTime} {
		t.Run(revenue.String(), func(t *testing.T) {
			s := funnelScenario(12, []string{"lead", "customer"}, 0.02)
			s.Customers = model.Customers{Revenue: revenue, Value: fixed(value), GrossMargin: fixed(margin),
				Churn: fixed(churn), Expansion: fixed(exp), Repeat: fixed(repeat), OnboardingCost: fixed(50),
				DiscountRate: discount}
			res := run(t, s, &Options{Trials: 500, Seed: 6})
			wantLTV := value * margin * geo((1-churn)*(1+exp)/(1+d), 0, 59)
			if revenue == model.OneTime {
				wantLTV = value * margin * (1 + repeat*geo((1-churn)/(1+d), 1, 59))
			}
			for i := range res.Trials {
				m := func(name string) float64 { return res.Metrics[name][i] }
				if !near(m("ltv"), wantLTV, 1e-12) {
					t.Fatalf("trial %d: ltv got %.12g; want %.12g", i, m("ltv"), wantLTV)
				}
				spend, nc := m("spend"), m("new_customers")
				ids := []struct {
					name      string
					got, want float64
				}{
					{"new_gross_profit", m("new_gross_profit"), m("new_revenue") * margin},
					{"cac", m("cac"), spend / nc},
					{"roi", m("roi"), (m("new_gross_profit") - spend) / spend},
					{"lifetime_roi", m("lifetime_roi"), (nc*wantLTV - spend) / spend},
					{"ltv_cac", m("ltv_cac"), wantLTV / (spend / nc)},
					{"marketing_share_of_revenue", m("marketing_share_of_revenue"), m("spend_marketing") / m("revenue")},
				}
				for _, id := range ids {
					if !near(id.got, id.want, 1e-12) {
						t.Fatalf("trial %d: %s got %g; want %g", i, id.name, id.got, id.want)
					}
				}
				cac, pb := m("cac"), m("payback_months")
				if revenue == model.Subscription {
					if !near(pb, cac/(value*margin), 1e-12) {
						t.Fatalf("trial %d: payback got %g; want cac/(value × margin) = %g", i, pb, cac/(value*margin))
					}
					continue
				}
				// The first whole month at which the profit reaches cac.
				got := func(m int) float64 { return value * margin * (1 + repeat*geo(1-churn, 1, m)) }
				if math.IsNaN(pb) {
					if got(60) >= cac {
						t.Fatalf("trial %d: payback undefined but month 60 reaches cac %g", i, cac)
					}
					continue
				}
				if m := int(pb); got(m) < cac*(1-1e-12) || (m > 0 && got(m-1) >= cac*(1+1e-12)) {
					t.Fatalf("trial %d: payback %d months; profit %g then, %g the month before, cac %g", i, m, got(m), got(m-1), cac)
				}
			}
		})
	}
}

// TestStageCountsMeanFlow: without a capacity limit the model is linear in
// its counts, so every expected count follows the month-by-month recursion
// of DESIGN.md's steps on means (meanFlow). The engine draws stage counts,
// entries and follow-up losses per segment and once a trial (see flow.go);
// checkMeanFlow compares them, per stage, channel and month, with that
// recursion, here over waits at the first stage, at the handoff and after
// it, drop-outs between waits, and channels entering before, at and after
// the handoff.
func TestStageCountsMeanFlow(t *testing.T) {
	stages := []string{"visit", "lead", "mql", "sql", "opportunity", "customer"}
	s := funnelScenario(10, stages, 0.5, 0.6, 0.4, 0.7, 0.3)
	withSales(s, 3, 1, 1e9, 0.8, 0)
	s.Funnel.Months[0] = fixed(1)   // visit: waits, and feeds two pass-throughs
	s.Funnel.Months[3] = fixed(0.7) // sql: the handoff waits too
	s.Funnel.Months[4] = fixed(2)
	s.Channels[0].Spend = model.Constant(2000) // 200 visits a month
	mid := linearChannel("mid", 2, 500, 10)
	mid.Conversion = map[int]model.Value{3: fixed(0.9), 5: fixed(0.5)}
	sdr := model.Channel{Name: "sdr", Kind: model.SalesKind, Enters: 3, Response: model.Headcount,
		Headcount: model.Constant(2), CostPerHead: 1000, Spend: model.Constant(2000), OutputPerHead: fixed(10), RampMonths: 2}
	late := linearChannel("late", 4, 300, 10)
	s.Channels = append(s.Channels, mid, sdr, late)
	checkMeanFlow(t, s, testTrials, 5)
}

// TestFlowShapes runs checkMeanFlow over funnels of random shape: 2 to 6
// stages, the handoff anywhere or absent, waits anywhere, channels
// entering anywhere with their own conversions, some of them headcount.
func TestFlowShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 29))
	for shape := range 24 {
		K := 2 + rng.IntN(5)
		stages := make([]string, K)
		conv := make([]float64, K-1)
		for k := range K {
			stages[k] = "s" + itoa(k)
			if k > 0 {
				conv[k-1] = 0.2 + 0.8*rng.Float64()
			}
		}
		s := funnelScenario(4+rng.IntN(8), stages, conv...)
		for k := range K - 1 {
			if rng.IntN(2) == 0 {
				s.Funnel.Months[k] = fixed(3 * rng.Float64())
			}
		}
		if h := rng.IntN(K); h < K-1 {
			withSales(s, h, 1, 1e9, 0.5+0.5*rng.Float64(), 0.3*rng.Float64())
		}
		s.Channels = nil
		for c := range 1 + rng.IntN(4) {
			ch := linearChannel("c"+itoa(c), rng.IntN(K), 100+2000*rng.Float64(), 10)
			if rng.IntN(3) == 0 {
				ch = model.Channel{Name: ch.Name, Kind: model.SalesKind, Enters: ch.Enters, Response: model.Headcount,
					Headcount: model.Constant(1 + float64(rng.IntN(3))), CostPerHead: 1000, OutputPerHead: fixed(5 + 20*rng.Float64()),
					RampMonths: float64(rng.IntN(4))}
				ch.Spend = ch.Headcount.Scaled(ch.CostPerHead)
			}
			if k := 1 + rng.IntN(K-1); rng.IntN(2) == 0 {
				ch.Conversion = map[int]model.Value{k: fixed(rng.Float64())}
			}
			s.Channels = append(s.Channels, ch)
		}
		t.Run("shape="+itoa(shape), func(t *testing.T) {
			checkMeanFlow(t, s, 2000, uint64(100+shape))
		})
	}
}

// flowMeans are the expected counts of a scenario without a capacity
// limit, by the recursion on means.
type flowMeans struct {
	stage     []float64 // reached, by stage
	handed    []float64 // arrivals at the handoff, by month
	lost      float64   // lost to follow-up
	entries   []float64 // by channel
	customers []float64 // by channel
}

// meanFlow runs DESIGN.md's month on expected counts for a scenario of
// fixed values whose channels are linear without carryover or volatility,
// or headcount: arrivals join a stage's pool, 1/(1 + months) of the pool is
// decided, p of those decided arrive at the next stage, follow_up of those
// handed off are worked.
func meanFlow(s *model.Scenario) flowMeans {
	K, H := len(s.Funnel.Stages), s.Horizon
	h, follow := -1, 1.0
	if s.Sales != nil {
		h, follow = s.Funnel.Handoff, s.Sales.FollowUp.X
	}
	want := flowMeans{stage: make([]float64, K), handed: make([]float64, H),
		entries: make([]float64, len(s.Channels)), customers: make([]float64, len(s.Channels))}
	for ci, ch := range s.Channels {
		conv := func(k int) float64 {
			if v, ok := ch.Conversion[k]; ok {
				return v.X
			}
			return s.Funnel.Conversion[k].X
		}
		pool := make([]float64, K)
		for month := 1; month <= H; month++ {
			arr := make([]float64, K)
			lambda := ch.Spend.At(1) / ch.UnitCost.X
			if ch.Response == model.Headcount {
				lambda = ch.Headcount.At(1) * ch.OutputPerHead.X * rampShare(float64(month), ch.RampMonths)
			}
			arr[ch.Enters] += lambda
			want.entries[ci] += lambda
			for k := 0; k < K-1; k++ {
				want.stage[k] += arr[k]
				in := arr[k]
				if k == h {
					want.handed[month-1] += in
					want.lost += (1 - follow) * in
					in *= follow
				}
				pool[k] += in
				decided := pool[k] / (1 + s.Funnel.Months[k].X)
				pool[k] -= decided
				arr[k+1] += conv(k+1) * decided
			}
			want.stage[K-1] += arr[K-1]
			want.customers[ci] += arr[K-1]
		}
	}
	return want
}

// checkMeanFlow runs s, which has no capacity limit, and compares its
// counts with meanFlow's: each stage's mean, and its variance, since every
// count is then a thinned, delayed Poisson count; lost follow-ups; each
// channel's entries and customers; and each month's handed-off series of
// the kept paths, which must also add up to the stage's count in every
// trial.
func checkMeanFlow(t *testing.T, s *model.Scenario, trials int, seed uint64) {
	t.Helper()
	want := meanFlow(s)
	res := run(t, s, &Options{Trials: trials, Seed: seed})
	for k, mean := range want.stage {
		name := s.Funnel.Stages[k]
		m, se := meanSE(res.Stages[k].Reached)
		within(t, "reached "+name, m, mean, 5*se+1e-9)
		if mean == 0 {
			continue
		}
		// The sample variance's standard error is about
		// σ²·√(2/(n−1) + 1/(μn)) (a Poisson's excess kurtosis is 1/μ).
		st := Summarize(res.Stages[k].Reached)
		n := float64(st.Defined)
		within(t, "variance of reached "+name, st.SD*st.SD, mean, 5*mean*math.Sqrt(2/(n-1)+1/(mean*n)))
	}
	m, se := meanSE(res.Metrics["lost_follow_up"])
	within(t, "lost_follow_up", m, want.lost, 5*se+1e-9)
	for ci, ch := range res.Channels {
		m, se := meanSE(ch.Metrics["entries"])
		within(t, ch.Name+" entries", m, want.entries[ci], 5*se+1e-9)
		m, se = meanSE(ch.Metrics["customers"])
		within(t, ch.Name+" customers", m, want.customers[ci], 5*se+1e-9)
	}
	h := s.Funnel.Handoff
	if s.Sales == nil {
		return
	}
	handed := res.Paths.Series["handed_off"]
	for p := range handed {
		sum := 0.0
		for _, x := range handed[p] {
			sum += x
		}
		if reached := res.Stages[h].Reached[p]; sum != reached {
			t.Fatalf("path %d: handed off %g over the months; reached %s %g", p, sum, s.Funnel.Stages[h], reached)
		}
	}
	for month := range s.Horizon {
		col := make([]float64, len(handed))
		for p := range handed {
			col[p] = handed[p][month]
		}
		m, se := meanSE(col)
		within(t, "handed off in month "+itoa(month+1), m, want.handed[month], 5*se+1e-9)
	}
}
