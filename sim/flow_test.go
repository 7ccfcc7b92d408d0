package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/harvest-planning/harvest/model"
)

// flowFamilyAlpha is TestFlowDistributions' error budget: the chance that
// a correct engine fails it somewhere, had its seeds been drawn at random
// (Bonferroni over every comparison it makes).
const flowFamilyAlpha = 0.001

// TestFlowDistributions holds the engine's shortcuts in flow.go (the
// Poisson inflow up to the handoff, segments after it, stage counts and
// entries completed once a trial) to the literal stepper of
// stepper_test.go, on whole distributions: for 30 random funnels of
// flowFunnel and queueFirstFunnel, each of flowColumns' per-trial counts
// of the engine and of the stepper, in as many trials each, are compared
// by a two-sample chi-square test on binned counts and a two-sample
// Kolmogorov–Smirnov test. Every p-value must be at least
// flowFamilyAlpha over the number of comparisons, so a correct engine
// fails with probability at most flowFamilyAlpha; the seeds are fixed, so
// the test is deterministic. With -short, fewer trials.
func TestFlowDistributions(t *testing.T) {
	trials := 20_000
	if testing.Short() {
		trials = 5000
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	var funnels []*model.Scenario
	for i := range 30 {
		funnels = append(funnels, flowFunnel(rng, i))
	}
	funnels = append(funnels, queueFirstFunnel())
	for i := range 16 {
		funnels = append(funnels, calendarFunnel(rng, i))
	}
	comparisons := 0
	for _, s := range funnels {
		comparisons += 2 * len(flowColumns(s))
	}
	alpha := flowFamilyAlpha / float64(comparisons)

	var mu sync.Mutex
	least, where := 1.0, ""
	t.Run("funnels", func(t *testing.T) {
		for i, s := range funnels {
			t.Run(fmt.Sprintf("funnel=%d", i), func(t *testing.T) {
				t.Parallel()
				res := run(t, s, &Options{Trials: trials, Seed: uint64(100 + i), Paths: -1})
				engine := engineColumns(s, res)
				literal := stepColumns(s, trials, uint64(9000+i))
				for _, name := range flowColumns(s) {
					x, y := rounded(engine[name]), rounded(literal[name])
					pc, bins := chiSquare2P(x, y)
					pk := ks2P(x, y)
					mu.Lock()
					if p := min(pc, pk); p < least {
						least, where = p, fmt.Sprintf("funnel %d, %s", i, name)
					}
					mu.Unlock()
					if pc < alpha || pk < alpha {
						mx, _ := meanSE(x)
						my, _ := meanSE(y)
						t.Errorf("%s: engine and stepper differ: chi-square p %.3g over %d bins, Kolmogorov–Smirnov p %.3g; want both ≥ %.3g (means %.4g and %.4g)\n%s",
							name, pc, bins, pk, alpha, mx, my, describeFunnel(s))
					}
				}
			})
		}
	})
	t.Logf("%d funnels, %d trials each, %d comparisons at %.3g each; smallest p-value %.3g (%s)",
		len(funnels), trials, comparisons, alpha, least, where)
}

// rounded is xs to 30 significant bits, about 9 digits: sums the engine
// and the stepper add up in different orders (revenue, spend, months
// worked) then agree exactly, and ties stay ties. An undefined value (a
// capacity_used without capacity) is -1, a value of its own.
func rounded(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		if math.IsNaN(x) {
			out[i] = -1
			continue
		}
		if x == 0 || math.IsInf(x, 0) {
			out[i] = x
			continue
		}
		scale := math.Ldexp(1, 30-math.Ilogb(x))
		out[i] = math.Round(x*scale) / scale
	}
	return out
}

// describeFunnel says what a test funnel is, for a failure's message.
func describeFunnel(s *model.Scenario) string {
	var b strings.Builder
	f := &s.Funnel
	fmt.Fprintf(&b, "%d months; stages", s.Horizon)
	for k, name := range f.Stages {
		fmt.Fprintf(&b, " %s", name)
		if k > 0 {
			fmt.Fprintf(&b, "(p %.3g)", f.Conversion[k].X)
		}
		if m := f.Months[k].X; m > 0 && k < len(f.Stages)-1 {
			fmt.Fprintf(&b, "[wait %.3g]", m)
		}
	}
	if sl := s.Sales; sl != nil {
		fmt.Fprintf(&b, "; handoff %s, reps %g × %.4g, hires %v ramp %g, follow-up %.3g, queue decay %.3g",
			f.Stages[f.Handoff], sl.Reps, sl.CapacityPerRep.X, sl.Hires, sl.RampMonths, sl.FollowUp.X, sl.QueueDecay.X)
	}
	for _, ch := range s.Channels {
		fmt.Fprintf(&b, "; %s enters %s", ch.Name, f.Stages[ch.Enters])
		if ch.Response == model.Headcount {
			fmt.Fprintf(&b, " headcount %g × %.3g ramp %g", ch.Headcount.At(1), ch.OutputPerHead.X, ch.RampMonths)
		} else {
			fmt.Fprintf(&b, " λ %.3g", ch.Spend.At(1)/ch.UnitCost.X)
		}
		for k, v := range ch.Conversion {
			fmt.Fprintf(&b, " p(%s) %.3g", f.Stages[k], v.X)
		}
	}
	fmt.Fprintf(&b, "; starting %d, churn %.3g", s.Customers.Starting, s.Customers.Churn.X)
	if s.Customers.HasStartingMRR {
		fmt.Fprintf(&b, ", starting MRR %.4g", s.Customers.StartingMRR.X)
	}
	if s.Market != nil {
		fmt.Fprintf(&b, "; market %g", s.Market.Size.X)
	}
	if c := s.Calendar; !c.Start.IsZero() {
		fmt.Fprintf(&b, "; from %s, seasonality %.2f", c.Start, c.Seasonality)
	}
	for _, ch := range s.Channels {
		fmt.Fprintf(&b, "; %s spend %v prior %.4g carryover %.3g", ch.Name, ch.Spend, ch.PriorSpend, ch.Carryover.X)
		if ch.Response == model.Headcount {
			fmt.Fprintf(&b, " heads %v", ch.Headcount)
		}
		if ch.HasAudience {
			fmt.Fprintf(&b, " audience %g", ch.Audience.X)
		}
		if ch.HasAttrition {
			fmt.Fprintf(&b, " attrition %.3g backfill %v fill %d", ch.Attrition.X, ch.Backfill, ch.TimeToFill)
		}
		if ch.Seasonality != nil {
			fmt.Fprintf(&b, " seasonality %v", ch.Seasonality)
		}
	}
	if sl := s.Sales; sl != nil && (sl.HasAttrition || len(sl.Cuts) > 0) {
		fmt.Fprintf(&b, "; reps leave %.3g backfill %v fill %d, cuts %v", sl.Attrition.X, sl.Backfill, sl.TimeToFill, sl.Cuts)
	}
	return b.String()
}
