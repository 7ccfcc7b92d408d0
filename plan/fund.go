package plan

import (
	"math"

	"github.com/harvest-planning/harvest/measure"
)

// FundingStep is one stretch of the funding order: Amount more a month to
// Option, taking the total from From to To.
type FundingStep struct {
	Option string  `json:"option"`
	Amount float64 `json:"amount"`
	From   float64 `json:"from"`
	To     float64 `json:"to"`
	// Score is the objective (under the risk measure) once the step is
	// funded, from the search's evaluations; ObjectiveMean its mean.
	Score         float64 `json:"score"`
	ObjectiveMean float64 `json:"objective_mean"`
	// Gain is the score's change over the step: negative when even the
	// best use of the money loses (as horizon profit does while customers
	// have not yet paid back).
	Gain float64 `json:"gain"`
	// CapacityUsed is the median share of sales capacity used once the step
	// is funded; absent without a sales section.
	CapacityUsed *float64 `json:"capacity_used_p50,omitempty"`
	// LostQueue is the mean number of people lost waiting for sales.
	LostQueue float64 `json:"lost_queue"`
	// CapacityBound is true when, once the step is funded, sales capacity
	// limits the plan: CapacityUsed ≥ measure.CapacityLimit.
	CapacityBound bool `json:"capacity_bound"`
}

// FundingOrder is the order in which the budget is best spent as it grows
// from the locked amounts and minimums (Start, usually zero) to the budget:
// the greedy climb's path, consecutive increments to the same option merged.
type FundingOrder struct {
	Start float64 `json:"start"`
	// StartScore is the objective with only the Start amounts funded.
	StartScore float64 `json:"start_score"`
	// StartCapacityBound is true when sales capacity limits the plan
	// before any step is funded.
	StartCapacityBound bool          `json:"start_capacity_bound"`
	Steps              []FundingStep `json:"steps"`
	// CapacityLimit is the index of the first step after which sales
	// capacity limits the plan, or -1 (at the start, or never).
	CapacityLimit int `json:"capacity_limit_step"`
}

// fundingOrder turns the greedy climb's steps into a funding order, merging
// consecutive steps to the same option unless sales capacity starts to bind
// between them.
func fundingOrder(p *problem, start []float64, e0 evaluation, steps []greedyStep) FundingOrder {
	f := FundingOrder{Start: sumOf(start), StartScore: e0.score, StartCapacityBound: bound(e0), CapacityLimit: -1}
	total, prev := f.Start, e0.score
	for _, st := range steps {
		fs := FundingStep{
			Option:        p.options[st.option].Name,
			Amount:        st.amount,
			From:          total,
			To:            total + st.amount,
			Score:         st.after.score,
			ObjectiveMean: st.after.mean,
			LostQueue:     st.after.lostQueue,
			CapacityBound: bound(st.after),
			Gain:          st.after.score - prev,
		}
		prev = st.after.score
		if !math.IsNaN(st.after.capacityP50) {
			c := st.after.capacityP50
			fs.CapacityUsed = &c
		}
		total = fs.To
		if n := len(f.Steps); n > 0 && f.Steps[n-1].Option == fs.Option && f.Steps[n-1].CapacityBound == fs.CapacityBound {
			fs.Amount += f.Steps[n-1].Amount
			fs.From = f.Steps[n-1].From
			fs.Gain += f.Steps[n-1].Gain
			f.Steps[n-1] = fs
			continue
		}
		f.Steps = append(f.Steps, fs)
	}
	if !f.StartCapacityBound {
		for i, st := range f.Steps {
			if st.CapacityBound {
				f.CapacityLimit = i
				break
			}
		}
	}
	return f
}

// bound reports whether sales capacity, not leads, limits the plan: the
// median share of capacity used is at the catalog's limit.
func bound(e evaluation) bool { return e.capacityP50 >= measure.CapacityLimit }
