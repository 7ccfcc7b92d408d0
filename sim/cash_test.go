package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

// withCompany gives s a company section.
func withCompany(s *model.Scenario, cash, other float64, billing model.Billing, days int) *model.Scenario {
	s.Company = &model.Company{Cash: cash, OtherCosts: model.Constant(other), Billing: billing, PaymentDays: days}
	return s
}

// noRevenue is a scenario that wins nobody and spends nothing.
func noRevenue(horizon int) *model.Scenario {
	s := funnelScenario(horizon, []string{"lead", "customer"}, 0.5)
	s.Channels[0].Spend = model.Constant(0)
	return s
}

// TestRunway: $1M against $100k a month of other costs, no revenue and no
// spend ends month 10 at exactly 0 and month 11 below it: a runway of 10
// months in every trial, and no month breaks even.
func TestRunway(t *testing.T) {
	for _, billing := range []model.Billing{model.Monthly, model.AnnualUpfront} {
		for _, days := range []int{0, 45, 120} {
			s := withCompany(noRevenue(24), 1e6, 1e5, billing, days)
			res := run(t, s, &Options{Trials: 300, Seed: 3})
			for i := range res.Trials {
				if got := res.Metrics["runway_months"][i]; got != 10 {
					t.Fatalf("%v, %d days: trial %d: runway_months %g; want 10", billing, days, i, got)
				}
				if got := res.Metrics["break_even_month"][i]; !math.IsNaN(got) {
					t.Fatalf("%v, %d days: trial %d: break_even_month %g; want undefined", billing, days, i, got)
				}
				if got := res.Metrics["cash_end"][i]; got != 1e6-24*1e5 {
					t.Fatalf("%v, %d days: trial %d: cash_end %g; want %g", billing, days, i, got, 1e6-24*1e5)
				}
				if got := res.Metrics["cash_min"][i]; got != 1e6-24*1e5 {
					t.Fatalf("%v, %d days: trial %d: cash_min %g; want %g", billing, days, i, got, 1e6-24*1e5)
				}
			}
		}
	}
}

// TestRunwayEdges: cash that never runs out leaves the runway undefined;
// debt at the start is a runway of 0; a month exactly at 0 is not out.
func TestRunwayEdges(t *testing.T) {
	tests := []struct {
		name        string
		cash, other float64
		runway      float64 // NaN: undefined
	}{
		{"never runs out", 1e6, 1e4, math.NaN()},
		{"ends at exactly 0", 12e4, 1e4, math.NaN()},
		{"out in the last month", 11e4 + 1, 1e4, 11},
		{"debt", -1, 0, 0},
		{"out in month 1", 5e3, 1e4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := withCompany(noRevenue(12), tt.cash, tt.other, model.Monthly, 0)
			res := run(t, s, &Options{Trials: 10, Seed: 1})
			got := res.Metrics["runway_months"][0]
			if got != tt.runway && !(math.IsNaN(got) && math.IsNaN(tt.runway)) {
				t.Errorf("got runway %g; want %g", got, tt.runway)
			}
		})
	}
}

// oneWin is a scenario whose channel brings Poisson(1) people in month 1
// only, each won at once, worth 1,000 a month: trials with exactly one
// customer are DESIGN.md's single customer won in month 1. Its only cost
// is month 1's spend of 10.
func oneWin(horizon int, churn, expansion float64, billing model.Billing) *model.Scenario {
	s := funnelScenario(horizon, []string{"lead", "customer"}, 1)
	s.Channels[0].Spend = model.Schedule{{Month: 1, Value: 10}, {Month: 2, Value: 0}}
	s.Customers.Value = fixed(1000)
	s.Customers.Churn = fixed(churn)
	s.Customers.Expansion = fixed(expansion)
	return withCompany(s, 0, 0, billing, 0)
}

// TestBilling: one customer won in month 1 at 1,000 a month is billed
// 12,000 in month 1 and again in month 13 if kept, nothing between,
// under annual_upfront; 1,000 a month while kept, billed monthly. With
// expansion the renewal is 12 × 1,000 × (1 + expansion)^12.
func TestBilling(t *testing.T) {
	tests := []struct {
		name             string
		billing          model.Billing
		churn, expansion float64
	}{
		{"annual", model.AnnualUpfront, 0.05, 0},
		{"annual with expansion", model.AnnualUpfront, 0.05, 0.01},
		{"monthly", model.Monthly, 0.05, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const H, trials = 26, 2000
			res := run(t, oneWin(H, tt.churn, tt.expansion, tt.billing), &Options{Trials: trials, Seed: 5, Paths: trials})
			won := res.Paths.Series["new_customers"]
			kept := res.Paths.Series["customers"]
			net := res.Paths.Series["net_cash_flow"]
			singles, renewed := 0, 0
			for p := range trials {
				if won[p][0] != 1 {
					continue
				}
				singles++
				for m := range H {
					want := 0.0
					switch {
					case tt.billing == model.Monthly:
						want = 1000 * kept[p][m]
					case m%12 == 0 && kept[p][m] == 1:
						want = 12 * 1000 * math.Pow(1+tt.expansion, float64(m))
					}
					if m == 0 {
						want -= 10 // month 1's spend
					}
					if math.Abs(net[p][m]-want) > 1e-6 {
						t.Fatalf("trial %d, month %d: net cash flow %g; want %g (customers kept %g)", p, m+1, net[p][m], want, kept[p][m])
					}
				}
				if kept[p][12] == 1 {
					renewed++
				}
			}
			if singles < trials/5 || renewed == 0 || renewed == singles {
				t.Fatalf("got %d trials with one customer, %d renewed in month 13; want enough of each to test", singles, renewed)
			}
		})
	}
}

// TestAnnualCohorts: customers won every month and never lost are billed
// 12 × value when won and again 12 months later: each month of the
// year's anniversaries are its own.
func TestAnnualCohorts(t *testing.T) {
	const H, trials = 30, 200
	s := oneWin(H, 0, 0, model.AnnualUpfront)
	s.Channels[0].Spend = model.Constant(30) // Poisson(3) people a month
	res := run(t, s, &Options{Trials: trials, Seed: 9, Paths: trials})
	won, net := res.Paths.Series["new_customers"], res.Paths.Series["net_cash_flow"]
	for p := range trials {
		for m := range H {
			want := 12000*won[p][m] - 30
			if m >= 12 {
				want += 12000 * won[p][m-12]
			}
			if m >= 24 {
				want += 12000 * won[p][m-24]
			}
			if math.Abs(net[p][m]-want) > 1e-6 {
				t.Fatalf("trial %d, month %d: net cash flow %g; want %g", p, m+1, net[p][m], want)
			}
		}
	}
}

// TestPaymentDays: with payment_days 45 (L = 1.5) a month's bills arrive
// half in month t + 1 and half in t + 2, the starting customers' bills
// before month 1 taken as their month-1 bills. Billed monthly, the bills
// are the revenue series, so the cash collected is rebuilt from it.
func TestPaymentDays(t *testing.T) {
	for _, tt := range []struct {
		days       int
		lag, share float64 // ⌊L⌋ and frac(L)
	}{{0, 0, 0}, {30, 1, 0}, {45, 1, 0.5}, {100, 3, 1.0 / 3}} {
		s := richScenario()
		// The starting customers' month-1 revenue is known: 40 × value.
		s.Customers.Churn, s.Customers.Expansion = fixed(0), fixed(0)
		withCompany(s, 5e5, 2e4, model.Monthly, tt.days)
		const trials = 200
		res := run(t, s, &Options{Trials: trials, Seed: 7, Paths: trials})
		rev, spend, net := res.Paths.Series["revenue"], res.Paths.Series["spend"], res.Paths.Series["net_cash_flow"]
		value := res.Inputs[inputIndex(t, res, "customers.value")].Draws
		for p := range trials {
			before := 40 * value[p]
			bill := func(m int) float64 {
				if m < 0 {
					return before
				}
				return rev[p][m]
			}
			for m := range s.Horizon {
				lag := m - int(tt.lag)
				collected := (1-tt.share)*bill(lag) + tt.share*bill(lag-1)
				want := collected - 0.2*rev[p][m] - spend[p][m] - 2e4
				if math.Abs(net[p][m]-want) > 1e-6*max(1, math.Abs(want)) {
					t.Fatalf("%d days: trial %d, month %d: net cash flow %g; want %g", tt.days, p, m+1, net[p][m], want)
				}
			}
		}
	}
}

// TestNoFalseDip: starting customers alone, kept and billed monthly, bring
// the same cash every month whatever the payment delay: their bills
// before month 1 are their month-1 bills.
func TestNoFalseDip(t *testing.T) {
	for _, billing := range []model.Billing{model.Monthly, model.AnnualUpfront} {
		for _, days := range []int{0, 30, 45, 120} {
			s := noRevenue(6)
			s.Customers.Starting = 40
			s.Customers.StartingMRR = fixed(8000)
			s.Customers.HasStartingMRR = true
			withCompany(s, 0, 1000, billing, days)
			res := run(t, s, &Options{Trials: 4, Seed: 1})
			for m, x := range res.Paths.Series["net_cash_flow"][0] {
				if x != 7000 {
					t.Errorf("%v, %d days: month %d: net cash flow %g; want 7000", billing, days, m+1, x)
				}
			}
		}
	}
}

// TestCashIdentity: in every trial, cash_end = cash + Σ collected − Σ
// cost of revenue − Σ spend − Σ other costs, with collected (billed
// monthly, paid at once) the month's revenue and the gross margin the
// trial's draw; the month-end cash series, cash_min, runway_months and
// break_even_month agree with the monthly series; and the months' spend
// adds up to the spend metric.
func TestCashIdentity(t *testing.T) {
	s := richScenario()
	s.Customers.GrossMargin = model.Value{Family: model.Beta, Domain: model.Probability, Alpha: 16, Beta: 4}
	withCompany(s, 4e5, 3e4, model.Monthly, 0)
	s.Company.OtherCosts = model.Schedule{{Month: 1, Value: 3e4}, {Month: 7, Value: 4.5e4}}
	const trials = 500
	res := run(t, s, &Options{Trials: trials, Seed: 11, Paths: trials})
	margin := res.Inputs[inputIndex(t, res, "customers.gross_margin")].Draws
	rev, spend := res.Paths.Series["revenue"], res.Paths.Series["spend"]
	cash, net := res.Paths.Series["cash"], res.Paths.Series["net_cash_flow"]
	ran := 0
	for p := range trials {
		want, spent := 4e5, 0.0
		low, runway, even := math.Inf(1), math.NaN(), math.NaN()
		for m := range s.Horizon {
			want += rev[p][m] - (1-margin[p])*rev[p][m] - spend[p][m] - s.Company.OtherCosts.At(m+1)
			spent += spend[p][m]
			if math.Abs(cash[p][m]-want) > 1e-6*max(1, math.Abs(want)) {
				t.Fatalf("trial %d, month %d: cash %g; want %g", p, m+1, cash[p][m], want)
			}
			low = min(low, cash[p][m])
			if cash[p][m] < 0 && math.IsNaN(runway) {
				runway = float64(m)
			}
			if net[p][m] >= 0 && math.IsNaN(even) {
				even = float64(m + 1)
			}
		}
		checks := []struct {
			name      string
			got, want float64
		}{
			{"cash_end", res.Metrics["cash_end"][p], want},
			{"cash_min", res.Metrics["cash_min"][p], low},
			{"runway_months", res.Metrics["runway_months"][p], runway},
			{"break_even_month", res.Metrics["break_even_month"][p], even},
			{"spend", res.Metrics["spend"][p], spent},
		}
		for _, c := range checks {
			if !(math.Abs(c.got-c.want) <= 1e-6*max(1, math.Abs(c.want)) || math.IsNaN(c.got) && math.IsNaN(c.want)) {
				t.Fatalf("trial %d: %s %g; want %g", p, c.name, c.got, c.want)
			}
		}
		if !math.IsNaN(runway) {
			ran++
		}
	}
	if ran == 0 || ran == trials {
		t.Fatalf("%d of %d trials ran out of cash; want some and not all, to test both", ran, trials)
	}
}

// TestCashLeavesTheFlowAlone: a company section changes no other metric,
// trial by trial (it draws no random number), and its cash is the same
// for any number of workers.
func TestCashLeavesTheFlowAlone(t *testing.T) {
	s := richScenario()
	plain := run(t, s, &Options{Trials: 600, Seed: 2, Workers: 1})
	c := s.Clone()
	withCompany(c, 2e5, 2e4, model.AnnualUpfront, 45)
	one := run(t, c, &Options{Trials: 600, Seed: 2, Workers: 1})
	many := run(t, c, &Options{Trials: 600, Seed: 2, Workers: 4})
	for name, col := range plain.Metrics {
		if !slices.Equal(nanZero(col), nanZero(one.Metrics[name])) {
			t.Errorf("%s differs with a company section", name)
		}
	}
	for _, name := range []string{"cash_end", "cash_min", "runway_months", "break_even_month"} {
		if _, ok := plain.Metrics[name]; ok {
			t.Errorf("%s measured without a company section", name)
		}
		if !slices.Equal(nanZero(one.Metrics[name]), nanZero(many.Metrics[name])) {
			t.Errorf("%s differs between 1 and 4 workers", name)
		}
	}
	if _, ok := plain.Paths.Series["cash"]; ok {
		t.Error("cash series kept without a company section")
	}
}

// nanZero is xs with NaN written as a marker slices.Equal can compare.
func nanZero(xs []float64) []float64 {
	out := slices.Clone(xs)
	for i, x := range out {
		if math.IsNaN(x) {
			out[i] = -0x1p1000
		}
	}
	return out
}

// TestCashTrialAllocs: with a company section billed annual_upfront, a
// warm worker still runs a trial without allocating.
func TestCashTrialAllocs(t *testing.T) {
	assertNoTrialAllocs(t, withCompany(richScenario(), 1e5, 1e4, model.AnnualUpfront, 45))
}

// TestAnnualPhases: under annual_upfront each group's customers by month
// of the year add up to the customers it keeps, month after month, as
// churn takes them (each kept customer is as likely to be any of them).
func TestAnnualPhases(t *testing.T) {
	s := withCompany(richScenario(), 1e5, 1e4, model.AnnualUpfront, 0)
	s.Customers.Churn = fixed(0.1)
	o := Options{Trials: 20, Seed: 1, Horizon: 18, Paths: 1}
	c, err := compile(context.Background(), s, o.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	_, cols := newResult(s, c, &o)
	w := newWorker(c, cols, o.Seed)
	for i := range o.Trials {
		w.start(i)
		for m := range c.horizon {
			w.month(m, -1)
			for g := 1; g < len(w.grpN); g++ {
				sum := 0.0
				for _, x := range w.cash.phase[g*12 : g*12+12] {
					sum += x * w.cash.scale[g]
				}
				if math.Abs(sum-float64(w.grpN[g])) > 1e-9*max(1, sum) {
					t.Fatalf("trial %d, month %d, group %d: phases add up to %g; want the %d customers kept", i, m+1, g, sum, w.grpN[g])
				}
			}
		}
	}
}

// TestAnnualPhasesLong: nine in ten of a group leaving every month for
// 600 months, as new customers join, shrinks its phases by some 10^-600
// in all, past the float range: folded in before they underflow, they
// still add up to those kept.
func TestAnnualPhasesLong(t *testing.T) {
	k := cashState{billed: make([]float64, 600), phase: make([]float64, 24), scale: make([]float64, 2)}
	k.reset(&cashSpec{})
	n := 0
	for m := range 600 {
		kept := n / 10
		if n > 0 {
			k.renew(1, m, n, kept, float64(kept))
		}
		k.won(1, m, 1000, 1)
		n = kept + 1000
		sum := 0.0
		for _, x := range k.phase[12:] {
			sum += x * k.scale[1]
		}
		if math.Abs(sum-float64(n)) > 1e-9*float64(n) {
			t.Fatalf("month %d: phases add up to %g; want %d", m+1, sum, n)
		}
	}
}

// TestCashDistributions holds the engine's cash to the literal stepper's
// (stepper_test.go), on whole distributions as TestFlowDistributions
// does: the stepper keeps each month's customers apart, draws their churn
// on their own and bills annual_upfront renewals customer by customer,
// where the engine bills the customers due that its groups expect; for
// random funnels of flowFunnel run past a year, with a company section
// billed monthly or annual_upfront, paid in 0 to 120 days, whose cash
// runs out in some futures, cash_end, cash_min, runway_months and
// break_even_month must agree by chi-square and Kolmogorov–Smirnov tests
// at flowFamilyAlpha over the comparisons.
func TestCashDistributions(t *testing.T) {
	trials := 20_000
	if testing.Short() {
		trials = 5000
	}
	rng := rand.New(rand.NewPCG(2026, 15))
	var funnels []*model.Scenario
	for i := range 12 {
		s := flowFunnel(rng, i)
		s.Horizon = 13 + rng.IntN(18)
		monthly := 0.0
		for _, ch := range s.Channels {
			monthly += ch.Spend.At(1)
		}
		if s.Sales != nil {
			monthly += s.Sales.Reps * s.Sales.CostPerRep
		}
		billing := model.Monthly
		if i%2 == 1 {
			billing = model.AnnualUpfront
		}
		s.Customers.GrossMargin = fixed(0.5 + 0.5*rng.Float64())
		withCompany(s, monthly*float64(1+rng.IntN(6)), monthly*rng.Float64(), billing, 15*rng.IntN(9))
		funnels = append(funnels, s)
	}
	names := []string{"cash_end", "cash_min", "runway_months", "break_even_month"}
	alpha := flowFamilyAlpha / float64(2*len(names)*len(funnels))
	for i, s := range funnels {
		t.Run(fmt.Sprintf("funnel=%d", i), func(t *testing.T) {
			t.Parallel()
			res := run(t, s, &Options{Trials: trials, Seed: uint64(300 + i), Paths: -1})
			literal := stepColumns(s, trials, uint64(9300+i))
			for _, name := range names {
				x, y := rounded(res.Metrics[name]), rounded(literal[name])
				pc, bins := chiSquare2P(x, y)
				pk := ks2P(x, y)
				if pc < alpha || pk < alpha {
					mx, _ := meanSE(x)
					my, _ := meanSE(y)
					t.Errorf("%s: engine and stepper differ: chi-square p %.3g over %d bins, Kolmogorov–Smirnov p %.3g; want both ≥ %.3g (means %.6g and %.6g)\n%s",
						name, pc, bins, pk, alpha, mx, my, describeFunnel(s))
				}
			}
		})
	}
}
