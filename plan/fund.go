package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/harvest-planning/harvest/measure"
)

// FundingStep is one stretch of the funding order: Amount more a month to
// Option, taking the total from From to To; or, when Parts is set, the
// options of Parts funded together (Option and Amount are then the largest
// part).
type FundingStep struct {
	Option string  `json:"option"`
	Amount float64 `json:"amount"`
	// Parts are the options funded in the same step, when they only pay
	// together (leads and the reps to work them, or a threshold no single
	// step crosses); absent for a step that funds one option.
	Parts []FundingRest `json:"parts,omitempty"`
	From  float64       `json:"from"`
	To    float64       `json:"to"`
	// Score is the objective (under the risk measure) once the step is
	// funded, from the search's evaluations; ObjectiveMean its mean.
	Score         float64 `json:"score"`
	ObjectiveMean float64 `json:"objective_mean"`
	// Gain is the score's change over the step, never negative in
	// expectation (the order stops before a step that loses: Stop), and SE
	// its Monte Carlo standard error from the trial-by-trial difference
	// (common random numbers).
	Gain float64 `json:"gain"`
	SE   float64 `json:"se"`
	// CapacityUsed is the median share of sales capacity used once the step
	// is funded; absent without a sales section.
	CapacityUsed *float64 `json:"capacity_used_p50,omitempty"`
	// LostQueue is the mean number of people lost waiting for sales.
	LostQueue float64 `json:"lost_queue"`
	// CapacityBound is true when, once the step is funded, sales capacity
	// limits the plan: CapacityUsed ≥ measure.CapacityLimit.
	CapacityBound bool `json:"capacity_bound"`

	before, after []float64 // the objective per trial before and after
}

// FundingStop is where the funding order stops short of the
// recommendation: beyond At a month no option pays. Its best next step,
// Amount to Option (or Parts together), changes the objective by Gain ±
// SE.
type FundingStop struct {
	At     float64       `json:"at"`
	Option string        `json:"option"`
	Amount float64       `json:"amount"`
	Parts  []FundingRest `json:"parts,omitempty"`
	Gain   float64       `json:"gain"`
	SE     float64       `json:"se"`
}

// parts lists a step's options and amounts when it funds more than one.
func (p *problem) parts(st greedyStep) []FundingRest {
	var ps []FundingRest
	for i, d := range st.delta {
		if d > 0.005 {
			ps = append(ps, FundingRest{Option: p.options[i].Name, Amount: d})
		}
	}
	if len(ps) < 2 {
		return nil
	}
	return ps
}

// FundingRest is what the recommendation spends on an option beyond the
// funding order's end.
type FundingRest struct {
	Option string  `json:"option"`
	Amount float64 `json:"amount"`
}

// FundingOrder is the order in which the budget is best spent as it grows
// from the locked amounts and minimums (Start, usually zero) to the
// recommended split: each step funds, among the recommendation's options,
// the one with the best gain per dollar at that budget (a hire at a time
// for people, unless fractional; two options together when neither pays
// alone), consecutive steps to the same option merged. It ends at the
// recommendation, or stops where no option pays (Stop), and Rest says
// what the recommendation spends beyond that point.
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
	// Stop is set when the order stops before the recommendation because
	// its best next step loses; Rest is then what the recommendation
	// spends beyond (the budget is spent in full).
	Stop *FundingStop  `json:"stop,omitempty"`
	Rest []FundingRest `json:"rest,omitempty"`
	// Trials is the trial count of the evaluations the order was measured
	// with; Objective and Risk what its gains are in.
	Trials    int    `json:"trials"`
	Objective string `json:"objective,omitempty"`
	Risk      string `json:"risk,omitempty"`
}

// fundingOrder turns a climb's steps into a funding order, merging
// consecutive steps to the same option unless sales capacity starts to
// bind between them.
func fundingOrder(p *problem, start []float64, e0 evaluation, steps []greedyStep) FundingOrder {
	f := FundingOrder{Start: sumOf(start), StartScore: e0.score, StartCapacityBound: bound(e0), CapacityLimit: -1}
	total, prev, prevVals := f.Start, e0.score, e0.vals
	for _, st := range steps {
		fs := FundingStep{
			Option:        p.options[st.option].Name,
			Amount:        st.amount,
			From:          total,
			To:            total + st.total(),
			Score:         st.after.score,
			ObjectiveMean: st.after.mean,
			LostQueue:     st.after.lostQueue,
			CapacityBound: bound(st.after),
			Gain:          st.after.score - prev,
			before:        prevVals,
			after:         st.after.vals,
		}
		fs.Parts = p.parts(st)
		prev, prevVals = st.after.score, st.after.vals
		if !math.IsNaN(st.after.capacityP50) {
			c := st.after.capacityP50
			fs.CapacityUsed = &c
		}
		total = fs.To
		if n := len(f.Steps); n > 0 && fs.Parts == nil && f.Steps[n-1].Parts == nil &&
			f.Steps[n-1].Option == fs.Option && f.Steps[n-1].CapacityBound == fs.CapacityBound {
			fs.Amount += f.Steps[n-1].Amount
			fs.From = f.Steps[n-1].From
			fs.Gain += f.Steps[n-1].Gain
			fs.before = f.Steps[n-1].before
			f.Steps[n-1] = fs
			continue
		}
		f.Steps = append(f.Steps, fs)
	}
	for i := range f.Steps {
		f.Steps[i].SE = scoreDiffSE(f.Steps[i].after, f.Steps[i].before, p.spec.Risk)
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

// fund is the funding order to the recommended split rec: the climb from
// the lower bounds, each option capped at its amount in rec, stopping
// where the best next step loses, with the evaluator's coarse trials.
func fund(ev *evaluator, p *problem, rec []float64) (FundingOrder, error) {
	ev.coarse()
	defer ev.fine()
	start := slices.Clone(p.lower)
	e0, err := ev.eval(start)
	if err != nil {
		return FundingOrder{}, err
	}
	// Money kept unspent is not a step: the order funds only what buys.
	limit := slices.Clone(rec)
	for i, op := range p.options {
		if op.channel == unspentChannel {
			limit[i] = start[i]
		}
	}
	x, steps, stop, err := climb(ev, p, start, limit, true)
	if err != nil {
		return FundingOrder{}, err
	}
	f := fundingOrder(p, start, e0, steps)
	f.Trials, f.Objective, f.Risk = ev.coarseTrials, p.spec.Objective, p.spec.Risk
	if stop != nil {
		f.Stop = &FundingStop{At: stop.from, Option: p.options[stop.step.option].Name, Amount: stop.step.amount,
			Parts: p.parts(stop.step), Gain: stop.gain, SE: stop.se}
	}
	for i, op := range p.options {
		if d := rec[i] - x[i]; d >= 0.5 && op.channel != unspentChannel {
			f.Rest = append(f.Rest, FundingRest{Option: p.options[i].Name, Amount: d})
		}
	}
	return f, nil
}

// bound reports whether sales capacity, not leads, limits the plan: the
// median share of capacity used is at the catalog's limit.
func bound(e evaluation) bool { return e.capacityP50 >= measure.CapacityLimit }

// Noise reports whether a gain is within the noise: within 2 standard
// errors of 0 (or its error unknown and the gain 0).
func Noise(gain, se float64) bool {
	if math.IsNaN(se) {
		return gain == 0
	}
	return math.Abs(gain) <= 2*se
}

// gainWords says what a stretch of the order gains, "+$304k ± $9,581",
// with "within the noise" when it is within 2 standard errors of 0; ""
// without an objective (an order built by hand).
func (f FundingOrder) gainWords(steps []FundingStep) string {
	if f.Objective == "" || len(steps) == 0 {
		return ""
	}
	var gain float64
	for _, st := range steps {
		gain += st.Gain
	}
	se := steps[0].SE
	if len(steps) > 1 {
		se = scoreDiffSE(steps[len(steps)-1].after, steps[0].before, f.Risk)
	}
	w := ObjectiveUnit(f.Objective).SignedPlusMinus(gain, se)
	if Noise(gain, se) {
		w += ", within the noise"
	}
	return w
}

// StopWords says where the order stops short of the recommendation and
// why: "beyond $50.2k a month no option pays: the best next step, $8,000 →
// sdr, changes lifetime value by −$22.2k ± $7,371"; "" when it does not
// stop.
func (f FundingOrder) StopWords() string {
	st := f.Stop
	if st == nil {
		return ""
	}
	next := measure.Money.Format(st.Amount) + " → " + st.Option
	if len(st.Parts) > 0 {
		var total float64
		for _, r := range st.Parts {
			total += r.Amount
		}
		next = measure.Money.Format(total) + " → " + partsWords(st.Parts)
	}
	where, which := "beyond "+measure.Money.Format(st.At)+" a month", "next"
	if len(f.Steps) == 0 {
		where, which = "from "+measure.Money.Format(st.At)+" a month", "first"
	}
	w := fmt.Sprintf("%s no option pays: the best %s step, %s, changes %s by %s",
		where, which, next, ObjectiveNoun(f.Objective), ObjectiveUnit(f.Objective).SignedPlusMinus(st.Gain, st.SE))
	if Noise(st.Gain, st.SE) {
		w += " (within the noise)"
	}
	return w
}

// RestWords says what the recommendation spends beyond the order's end and
// why: "the recommendation spends the other $9,813 as well (content
// $1,500, sdr $8,000) because the whole budget is split"; "" when the
// order ends at the recommendation.
func (f FundingOrder) RestWords() string {
	if len(f.Rest) == 0 {
		return ""
	}
	var total float64
	parts := make([]string, len(f.Rest))
	for i, r := range f.Rest {
		total += r.Amount
		parts[i] = r.Option + " " + measure.Money.Format(r.Amount)
	}
	why := "because the whole budget is split"
	if f.Stop == nil {
		why = "where the order's steps no longer fit"
	}
	other := "the other " + measure.Money.Format(total) + " as well"
	if len(f.Steps) == 0 {
		other = measure.Money.Format(total) + " all the same"
	}
	return fmt.Sprintf("the recommendation spends %s (%s) %s", other, strings.Join(parts, ", "), why)
}

// partsWords lists the options a step funds together: "sdr $8,000 and
// sales_team $13.0k", "a $1,000, b $2,000 and c $3,000".
func partsWords(parts []FundingRest) string {
	words := make([]string, len(parts))
	for i, r := range parts {
		words[i] = r.Option + " " + measure.Money.Format(r.Amount)
	}
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
