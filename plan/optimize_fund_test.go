package plan

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// The funding order on the two-channel closed forms: every step gains in
// expectation, no option is funded beyond its recommended amount, and the
// steps (with what the order leaves, Rest) add up to the recommendation,
// option by option. On the saturating pair each step's measured gain also
// matches the closed form, H·Σ_i M_i(e^{−S_i/a_i} − e^{−S'_i/a_i}), within
// 4 standard errors of its trial-by-trial difference.
func TestFundingOrderAddsUp(t *testing.T) {
	tests := []struct {
		name, yaml string
		budget     float64
		// gain is the closed-form expected gain of going from split a to
		// b, nil when only the sign is checked.
		gain func(a, b map[string]float64) float64
	}{
		{name: "linear", budget: 10000, yaml: twoLinear, gain: func(a, b map[string]float64) float64 {
			return 6 * ((b["cheap"]-a["cheap"])/10 + (b["dear"]-a["dear"])/100)
		}},
		{name: "saturating", budget: 30000, yaml: twoSaturating, gain: func(a, b map[string]float64) float64 {
			f := func(m, k, s float64) float64 { return m * (1 - math.Exp(-s/k)) }
			return 12 * (f(1e7, 1e4, b["one"]) - f(1e7, 1e4, a["one"]) + f(2e7, 4e4, b["two"]) - f(2e7, 4e4, a["two"]))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := optimizeFor(t, parseScenario(t, tt.yaml), OptimizeSpec{Budget: tt.budget, Objective: "customers"})
			f := o.FundingOrder
			if len(f.Steps) == 0 {
				t.Fatalf("no funding order")
			}
			funded := map[string]float64{}
			total := f.Start
			for i, st := range f.Steps {
				before := map[string]float64{}
				for k, v := range funded {
					before[k] = v
				}
				if len(st.Parts) == 0 {
					funded[st.Option] += st.Amount
				}
				for _, r := range st.Parts {
					funded[r.Option] += r.Amount
				}
				if st.Gain < 0 {
					t.Errorf("step %d (%s): gain %v; want ≥ 0", i, st.Option, st.Gain)
				}
				if want := tt.gain(before, funded); want < 0 || math.Abs(st.Gain-want) > 4*st.SE+1e-9 {
					t.Errorf("step %d (%s %v): gain %.1f ± %.1f; closed form %.1f", i, st.Option, st.Amount, st.Gain, st.SE, want)
				}
				if math.Abs(st.From-total) > 1e-6 {
					t.Errorf("step %d starts at %v; want %v", i, st.From, total)
				}
				total = st.To
			}
			for _, r := range f.Rest {
				funded[r.Option] += r.Amount
			}
			if f.Stop == nil && len(f.Rest) > 0 {
				t.Errorf("rest %v without a stop", f.Rest)
			}
			for _, op := range o.Options {
				if math.Abs(funded[op.Name]-op.Recommended) > 0.01 {
					t.Errorf("%s: the order funds %v; the recommendation %v", op.Name, funded[op.Name], op.Recommended)
				}
			}
		})
	}
}

// Heads and reps are whole hires: on the capacity-bound funnel of
// TestOptimizeBuysCapacityFirst at $46k, the fractional optimum is about
// 4.4 reps (L/100 = R/320 with L + R = $46k gives R ≈ $35.0k); in whole
// reps it is 4 ($32k: 100 worked a month of the 140 handed off, against
// 60 handed off with 5), and the rest goes to ads.
func TestOptimizeWholeHires(t *testing.T) {
	s := parseScenario(t, capacityBound)
	o := optimizeFor(t, s, OptimizeSpec{Budget: 46000, Objective: "customers"})
	team := amount(t, o, model.SalesTeam)
	if team != 32000 {
		t.Errorf("sales_team: got %v; want 32000 (4 whole reps)", team)
	}
	if ads := amount(t, o, "ads"); ads != 14000 {
		t.Errorf("ads: got %v; want 14000 (the rest)", ads)
	}
	for _, r := range o.Options {
		if r.Name == model.SalesTeam && (!r.Whole || r.RecommendedUnits != 4 || r.MarginalStep != 8000) {
			t.Errorf("sales_team: whole %v, %v reps, marginal step %v; want whole, 4, one rep ($8,000)", r.Whole, r.RecommendedUnits, r.MarginalStep)
		}
	}
	for _, st := range o.FundingOrder.Steps {
		if st.Option == model.SalesTeam && math.Mod(st.Amount, 8000) != 0 {
			t.Errorf("funding step of %v to sales_team: want whole reps", st.Amount)
		}
	}
	frac := optimizeFor(t, s, OptimizeSpec{Budget: 46000, Objective: "customers", Fractional: true})
	if got := amount(t, frac, model.SalesTeam); math.Mod(got, 8000) == 0 || math.Abs(got-35048) > 0.05*35048 {
		t.Errorf("fractional sales_team: got %v; want about 35,048 (4.38 reps)", got)
	}
}

func TestMarginalStep(t *testing.T) {
	for _, tt := range []struct{ budget, want float64 }{
		{60000, 3000}, {64000, 3000}, {30000, 1500}, {1300, 70}, {18100, 900}, {200000, 10000}, {1, 0.05},
	} {
		if got := MarginalStep(tt.budget); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("MarginalStep(%v): got %v; want %v", tt.budget, got, tt.want)
		}
	}
}

// "Within the noise" is said of a gain within 2 standard errors of 0,
// and only then: −$1,585 ± $55 is a loss, not noise.
func TestNoiseWords(t *testing.T) {
	for _, tt := range []struct {
		gain, se float64
		noise    bool
		check    string
	}{
		{-1585, 55, false, "every move tried loses"},
		{-100, 55, true, "within the noise"},
		{109, 55, true, "within the noise"},
		{111, 55, false, "beyond the noise"},
	} {
		if got := Noise(tt.gain, tt.se); got != tt.noise {
			t.Errorf("Noise(%v, %v): got %v; want %v", tt.gain, tt.se, got, tt.noise)
		}
		o := &Optimization{Objective: "profit", Transfer: &Transfer{From: "a", To: "b", Amount: 1000, Gain: tt.gain, SE: tt.se}}
		if got := o.CheckWords(); !strings.Contains(got, tt.check) {
			t.Errorf("gain %v ± %v: got %q; want it to say %q", tt.gain, tt.se, got, tt.check)
		}
	}
	f := FundingOrder{Objective: "profit", CapacityLimit: -1, Steps: []FundingStep{
		{Option: "ads", Amount: 1000, To: 1000, Gain: 500, SE: 300},
		{Option: "seo", Amount: 1000, From: 1000, To: 2000, Gain: 500, SE: 100},
	}}
	lines := f.Lines()
	if len(lines) != 2 || !strings.HasSuffix(lines[0], "within the noise)") || strings.Contains(lines[1], "noise") {
		t.Errorf("lines: got %q; want the first within the noise (500 ± 300), the second not (500 ± 100)", lines)
	}
}

// constraintScenario is a saturating channel, λ(S) = 1000(1 − e^{−S/10⁴})
// customers a month, whose CAC = S/λ(S) rises with spend, from $10 at the
// first dollar to $31.6 at $30k (λ = 950) and $20 at about $15.9k, and a
// linear one at $100 a customer.
const constraintScenario = `
name: cac rises
horizon_months: 3
funnel:
  stages: [lead, customer]
  conversion: {customer: 1}
channels:
  ads: {enters: lead, spend: 30000, unit_cost: 10, max_per_month: 1000}
  radio: {enters: lead, spend: 0, unit_cost: 100}
customers: {revenue: one_time, value: 100}
`

// A CAC cap the unconstrained optimum breaks binds: the split found keeps
// it (its achieved share at least P − 2 SE), spending less than the budget;
// the best split without it breaks it. A constraint no split can break
// never binds.
func TestOptimizeConstraints(t *testing.T) {
	s := parseScenario(t, constraintScenario)
	run := func(c string) *Optimization {
		k, err := ParseConstraint(c)
		if err != nil {
			t.Fatal(err)
		}
		o, err := Optimize(context.Background(), s, &sim.Options{Trials: 2000, Seed: 5},
			OptimizeSpec{Budget: 30000, Objective: "customers", Constraints: []Constraint{k}})
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Constraints) != 1 {
			t.Fatalf("constraints: got %d; want 1", len(o.Constraints))
		}
		return o
	}
	o := run("cac<=20@0.8")
	c := o.Constraints[0]
	t.Logf("%s; spent %v, unspent %v", o.ConstraintWords(c), o.Spent, o.Unspent)
	if !c.Binds || c.Unconstrained.Met {
		t.Errorf("binds %v, unconstrained kept %v (%v); want it to bind and the unconstrained optimum to break it", c.Binds, c.Unconstrained.Met, c.Unconstrained.Achieved)
	}
	if c.Achieved < 0.8-2*c.SE {
		t.Errorf("achieved %v ± %v; want ≥ 0.8 − 2 SE", c.Achieved, c.SE)
	}
	// Spend where CAC is $20 at the mean: S/λ(S) = 20 near $15.9k; a cap
	// kept in 8 futures of 10 needs a little less.
	if o.Spent > 16500 || o.Spent < 12000 {
		t.Errorf("spent %v; want a little under $15.9k", o.Spent)
	}
	if c.LooseGain == nil || *c.LooseGain <= 0 {
		t.Errorf("loosened gain: got %v; want positive (a looser cap lets it spend more)", c.LooseGain)
	}
	if !o.Feasible || !strings.Contains(o.ConstraintWords(c), "binds") {
		t.Errorf("feasible %v, words %q", o.Feasible, o.ConstraintWords(c))
	}
	o = run("new_customers>=1@0.5")
	if c := o.Constraints[0]; c.Binds || !c.Met || !strings.Contains(o.ConstraintWords(c), "never binds") {
		t.Errorf("a constraint that cannot bind: got %q", o.ConstraintWords(c))
	}
	// Unconstrained, ads' marginal 0.1·e^{−S/10⁴} customers a dollar
	// falls to radio's 0.01 at S = 10⁴·ln 10 ≈ $23.0k; the rest goes to
	// radio, and nothing is kept unspent.
	if ads := amount(t, o, "ads"); o.Unspent != 0 || o.Spent != 30000 || math.Abs(ads-23026) > 0.02*23026 {
		t.Errorf("never binding: ads %v, spent %v, unspent %v; want ads about $23.0k, all $30k spent", ads, o.Spent, o.Unspent)
	}
	o = run("cac<=5@0.8")
	if o.Feasible || o.Constraints[0].Met || !strings.Contains(o.ConstraintWords(o.Constraints[0]), "not kept") {
		t.Errorf("an impossible cap: got feasible %v, %q", o.Feasible, o.ConstraintWords(o.Constraints[0]))
	}
}

// ApplySplit sets the amounts a split names and keeps the others.
func TestApplySplit(t *testing.T) {
	s := testScenario()
	got, err := ApplySplit(s, map[string]float64{"ads": 7000, model.SalesTeam: 30000, Unspent: 5})
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Channels[0].Spend.At(1); v != 7000 {
		t.Errorf("ads: got %v; want 7000", v)
	}
	if got.Sales.Reps != 3 {
		t.Errorf("reps: got %v; want 3 ($30k at $10k)", got.Sales.Reps)
	}
	if v := got.Channels[1].Headcount.At(1); v != 2 {
		t.Errorf("sdr heads: got %v; want 2, kept", v)
	}
	if _, err := ApplySplit(s, map[string]float64{"tv": 1}); err == nil || !strings.Contains(err.Error(), "split tv: no such option") {
		t.Errorf("unknown option: got %v", err)
	}
}
