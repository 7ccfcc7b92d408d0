package plan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// Objectives are the quantities Optimize can maximise, per trial over the
// horizon:
//
//   - profit: new_gross_profit − spend, the gross profit of the customers won
//     in the horizon less everything spent (channels, reps and hires,
//     commission, onboarding). An extra dollar of budget pays when it brings
//     more than a dollar of gross profit.
//   - revenue: revenue, all of it (starting customers included; they are the
//     same under every split).
//   - customers: new_customers.
//   - lifetime_value: new_customers × ltv − spend, the lifetime gross profit
//     of the customers won less everything spent: profit for businesses whose
//     customers pay back after the horizon.
var Objectives = []string{"profit", "revenue", "customers", "lifetime_value"}

// ObjectiveUnit is the unit an objective is counted in: customers are a
// count, every other objective is money.
func ObjectiveUnit(objective string) measure.Unit {
	if objective == "customers" {
		return measure.Count
	}
	return measure.Money
}

// DefaultObjective is the objective Optimize uses when none is given:
// lifetime_value for a subscription business, whose customers pay for years
// after a twelve-month horizon (horizon profit would count only their first
// months and so undervalue every channel), profit for one-time sales.
func DefaultObjective(s *model.Scenario) string {
	if s.Customers.Revenue == model.Subscription {
		return "lifetime_value"
	}
	return "profit"
}

// Risks are the ways Optimize scores an objective's distribution over the
// trials: mean; p10, its 10th percentile (a plan that holds up in a bad
// year); cvar10, the mean of the worst 10% of trials (the expected outcome in
// the bad years).
var Risks = []string{"mean", "p10", "cvar10"}

// Optimizer defaults.
const (
	DefaultSearchTrials   = 2000                 // trials per evaluation in the search's fine transfers
	DefaultMaxEvaluations = 3000                 // engine runs the search may make
	DefaultGridSteps      = 20                   // the greedy climb's step is budget / 20
	lookahead             = 4                    // the greedy climb tries 1..4 steps per S-shaped option
	refineLevels          = 5                    // transfers of step, step/2, … step/16
	coarseLevels          = 2                    // every start is refined with step and step/2
	fullScan              = 4                    // up to this many options, refine tries every pair
	maxMoves              = 4 * DefaultGridSteps // transfers per size, at most
	marginalStep          = 1000                 // marginal returns: objective gain per extra $1k
	coarseDivisor         = 4                    // the climb and coarse transfers use a quarter of the search trials
	minCoarseTrials       = 250                  // … unless that is fewer than this
	minClimbTrials        = 125                  // the greedy climb uses half the coarse trials, at least this
	maxCheckMoves         = 3                    // the local check makes at most this many transfers
	noiseZ                = 2                    // the local check's transfer improves when it gains 2 standard errors
)

// OptimizeSpec is what to optimize and under which constraints. Amounts are
// dollars per month. The zero value of every field means its default.
type OptimizeSpec struct {
	// Budget is the monthly total to split; 0: the current plan's total.
	Budget float64
	// Objective is one of Objectives; "": DefaultObjective.
	Objective string
	// Risk is one of Risks; "": mean.
	Risk string
	// Min and Max bound an option's monthly amount: a channel's name or
	// "sales_team". Max of 0 means the option gets nothing.
	Min, Max map[string]float64
	// Lock keeps options at their current amount.
	Lock []string
	// SearchTrials is the trial count of each evaluation in the search's
	// fine transfers; its climb and coarse transfers use a quarter (at
	// least 250). 0: DefaultSearchTrials (or the run's trials when fewer).
	SearchTrials int
	// MaxEvaluations caps the engine runs of the search; 0:
	// DefaultMaxEvaluations. The result says when the cap cut the search short.
	MaxEvaluations int
	// Restarts is how many starting splits the refinement starts from: the
	// greedy climb's, then the current plan's (scaled to the budget), then an
	// even split; once two of them end within a grid step of each other the
	// rest are skipped. 0: all three.
	Restarts int
	// Fractional lets a headcount channel's heads and the sales team's reps
	// be any amount (part-time capacity); by default they are whole hires:
	// 1 SDR, 2 reps.
	Fractional bool
	// Constraints are bounds the recommendation must keep (DESIGN's
	// "Constraints"): the best split is the best that keeps them all.
	Constraints []Constraint
}

// Option is one thing the budget can buy: a spend channel's monthly spend,
// a headcount channel's heads (headcount × cost_per_head) or the sales team's
// reps (reps × cost_per_rep). Hires are not an option: they are a plan of
// their own and are paid on top of the budget.
type Option struct {
	// Name is the channel's name or "sales_team".
	Name string `json:"name"`
	// Kind is marketing or sales: whose budget pays for it.
	Kind string `json:"kind"`
	// Unit is what a dollar buys: "spend", "heads" or "reps".
	Unit string `json:"unit"`
	// UnitCost is the monthly cost of one head or rep; 0 for spend.
	UnitCost float64 `json:"unit_cost,omitempty"`
	// Current is the amount the scenario spends now, per month.
	Current float64 `json:"current"`
	// Min and Max are the bounds the search respected; Max is +Inf (and
	// absent from JSON) when unbounded.
	Min    float64 `json:"min"`
	Max    float64 `json:"-"`
	Locked bool    `json:"locked,omitempty"`

	channel int // index in the scenario's channels; -1 for the sales team
}

// OptionResult is one option's share of the current and recommended plans.
type OptionResult struct {
	Option
	// MaxBound is Max when the option has one (for whole hires, rounded
	// down to a whole hire).
	MaxBound         *float64 `json:"max,omitempty"`
	Recommended      float64  `json:"recommended"`
	CurrentShare     float64  `json:"current_share"`
	RecommendedShare float64  `json:"recommended_share"`
	// CurrentUnits and RecommendedUnits are the heads or reps the amounts
	// buy; for spend channels, the expected entries a month at mean values.
	CurrentUnits     float64 `json:"current_units"`
	RecommendedUnits float64 `json:"recommended_units"`
	// Whole is true when the option is bought in whole hires (heads or
	// reps, unless the spec is Fractional).
	Whole bool `json:"whole,omitempty"`
	// Marginal is the objective's gain (as scored by the risk measure)
	// from MarginalStep more a month to this option on top of the
	// recommended plan (the budget grows): Optimization.MarginalStep for
	// spend, one hire for people. MarginalSE is its standard error, from
	// the trial-by-trial difference with the search's trials. At a smooth
	// optimum the options that got money show about equal returns per
	// dollar and an option left at zero shows less; where returns come in
	// whole people they can differ, and Transfer is the budget-neutral
	// check. It is measured beyond a maximum or a lock too: what relaxing
	// it would add.
	Marginal     float64 `json:"marginal"`
	MarginalSE   float64 `json:"marginal_se"`
	MarginalStep float64 `json:"marginal_step"`
	// MarginalLast is the objective's loss from MarginalStep a month less
	// to this option: what its last step earns; absent when the option is
	// at its minimum. A budget-neutral move from option j to option i gains
	// about Marginal_i − MarginalLast_j (per dollar, times the amount),
	// and Optimization.Transfer measures the best such move directly.
	MarginalLast   *float64 `json:"marginal_last,omitempty"`
	MarginalLastSE *float64 `json:"marginal_last_se,omitempty"`
}

// Transfer is the best budget-neutral move found at the recommendation:
// Amount a month from one option to another, with the objective's gain
// (as the risk measure scores it) over the full run and the standard
// error of the trial-by-trial mean difference. When no transfer Improves,
// the recommendation is a local optimum at this scale: moving $1k between
// any two options does not help beyond the noise.
type Transfer struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	Amount float64 `json:"amount"`
	Gain   float64 `json:"gain"`
	SE     float64 `json:"se"`
	// Improves is true when Gain is more than two standard errors: the
	// move is then made, up to three times (Moves counts those made before
	// this check).
	Improves bool `json:"improves"`
	Moves    int  `json:"moves_made,omitempty"`
}

// Outcome is a plan's objective over the trials.
type Outcome struct {
	// Total is the plan's monthly amount over the options.
	Total float64 `json:"total"`
	// Score is the objective as the risk measure scores it.
	Score float64 `json:"score"`
	// Objective summarises the objective's per-trial values.
	Objective sim.Stats `json:"objective"`
	// Trials holds the objective in every trial, for plots.
	Trials []float64 `json:"-"`
	// Result is the plan's full run, for tables and plots.
	Result *sim.Result `json:"-"`

	viol float64 // how far it is from keeping the constraints
}

// Optimization is Optimize's answer: the recommended split against the
// current one, why (marginal returns), the order to fund things and the
// response curves.
type Optimization struct {
	Scenario  string  `json:"scenario"`
	Objective string  `json:"objective"`
	Risk      string  `json:"risk"`
	Budget    float64 `json:"budget"`
	// Spent is the recommended plan's total: Budget unless every option is
	// at its maximum (Note says so) or money is kept Unspent.
	Spent float64 `json:"spent"`
	// Unspent is the money the recommendation keeps unspent to keep the
	// constraints (under constraints the budget is a ceiling).
	Unspent float64 `json:"unspent,omitempty"`
	// Note explains, in words, anything the user should know about the
	// result: what it assumes of a channel scaled far (NoPool) or a
	// schedule (ScheduleScaled), the budget not spent in full, the search
	// cut short. Notes are the same as data.
	Note         string    `json:"note,omitempty"`
	Notes        []Finding `json:"-"`
	Trials       int       `json:"trials"`
	SearchTrials int       `json:"search_trials"`
	// CoarseTrials is the trial count of the coarse transfers, ClimbTrials
	// that of the greedy climb; SearchTrials that of the fine transfers
	// and the local check.
	CoarseTrials int    `json:"coarse_trials"`
	ClimbTrials  int    `json:"climb_trials"`
	Seed         uint64 `json:"seed"`
	// Evaluations is how many engine runs the search made (cached repeats
	// not counted), out of MaxEvaluations.
	Evaluations    int  `json:"evaluations"`
	MaxEvaluations int  `json:"max_evaluations"`
	CutShort       bool `json:"cut_short,omitempty"`

	Options     []OptionResult `json:"options"`
	Current     Outcome        `json:"current"`
	Recommended Outcome        `json:"recommended"`
	// VersusCurrent is the objective's trial-by-trial difference,
	// recommended − current; its PBeats is P(recommended beats current).
	VersusCurrent Difference `json:"versus_current"`

	// Transfer is the best single transfer of $1k a month between two
	// options at the recommendation (nil with fewer than two options
	// that can give and take).
	Transfer *Transfer `json:"best_transfer,omitempty"`

	FundingOrder FundingOrder    `json:"funding_order"`
	Curves       []ResponseCurve `json:"response_curves"`

	// MarginalStep is the step of the options' marginal returns:
	// MarginalStep(Budget), 5% of the budget.
	MarginalStep float64 `json:"marginal_step"`
	// Fractional is true when heads and reps could be fractional.
	Fractional bool `json:"fractional,omitempty"`
	// EngineTrials is the number of trials the engine simulated for the
	// answer (every search evaluation and full run, the funding order and
	// the constraints' searches).
	EngineTrials int `json:"engine_trials"`
	// Constraints is how the recommendation keeps each constraint of the
	// spec; Feasible is false when it does not keep them all (no split
	// found within the budget does), true without constraints.
	Constraints []ConstraintResult `json:"constraints,omitempty"`
	Feasible    bool               `json:"feasible"`
	// Verdict is the recommendation against the current plan on the
	// objective (Judge).
	Verdict Verdict `json:"verdict"`

	// Plan is the recommended scenario, ready to run or write out, over
	// the run's horizon.
	Plan *model.Scenario `json:"-"`
}

// Optimize finds the split of spec.Budget across the scenario's options
// (Options) that maximises the objective under the risk measure, with the
// bounds and locks respected exactly, heads and reps in whole hires unless
// spec.Fractional, and the budget spent in full (unless every option is at
// its maximum, which Note says). Under spec.Constraints the budget is a
// ceiling (an Unspent option keeps money back) and a split that breaks
// the constraints less beats one that scores more.
//
// The search: every evaluation is a sim.Run with the same seed, so two
// splits differ only by the plan (common random numbers), and the first n
// trials of a run are the same whatever its trial count. The search
// works coarse to fine: its coarse transfers run a quarter of
// spec.SearchTrials (at least 250), its climb half that, its fine
// transfers all of them.
//
// A greedy climb starts from the minimums and locks and hands the budget
// out in steps of budget/20 (a whole hire for people); each round it tries
// giving a step to each option, and 1 to 4 steps to an S-shaped (hill)
// channel, and takes the best average gain per dollar, so that an
// S-curve's threshold is not missed for lack of a first step's gain (the
// look-ahead Google's Meridian uses); while nothing has gained yet and no
// single step gains, pairs of options are tried together (leads and the
// reps to work them). The refinement then moves money between pairs of
// options, keeping each transfer that improves the score: from the climb's
// split, from the current plan scaled to the budget and from an even split
// (a later start is dropped as soon as its largest transfers, made with
// the climb's trials, end within a step of an earlier start's end: the
// same hill), in transfers of a step and half a step, and a hire at a
// time; the best then in transfers of spend of a quarter, an eighth and a
// sixteenth of a step, with the full search trials. With more than four
// options the pairs are tried in the order their one-sided gains predict.
// Identical splits are evaluated once, and MaxEvaluations bounds the
// engine runs.
//
// Finally the recommended and current plans are run with opts.Trials and
// compared trial by trial (the current plan stays the recommendation if it
// keeps to the bounds, the budget, whole hires and the constraints and
// scores at least as well there); Verdict is plan.Judge's call. A local
// check with the search's trials measures each option's return from
// MarginalStep(budget) more (a hire for people; Marginal, one-sided: the
// budget grows) and as much less (MarginalLast), each ± its error, and
// runs the three budget-neutral transfers these predict to gain most
// (Transfer): when the best gains more than two standard errors, it is
// made and the check repeated (at most three times). Transfers shift a
// whole hire against spend only, so when none improves, whole-hire moves
// are tried (hireMove: a hire of one people option swapped for one of
// another, one hire fewer with its money to spend, one more paid from
// spend, the difference balanced by the spend options), and the best that
// gains more than two standard errors is made and the check repeated (at
// most three times). The funding order (fund) climbs again from the
// minimums to the recommended split.
//
// On seed_saas at $64k (2 cores, 10,000 trials, BenchmarkOptimize) this
// simulates about 165,000 trials (393,500 before whole hires and the
// leaner search).
func Optimize(ctx context.Context, s *model.Scenario, opts *sim.Options, spec OptimizeSpec) (*Optimization, error) {
	p, err := newProblem(s, spec)
	if err != nil {
		return nil, fmt.Errorf("optimize: %w", err)
	}
	rn := newRunner(opts, false)
	ev := newEvaluator(ctx, p, rn, spec)
	best, err := search(ev, p, p.spec.Restarts, refineLevels)
	if err != nil {
		return nil, fmt.Errorf("optimize: %w", err)
	}
	o := &Optimization{
		Scenario:       s.Name,
		Objective:      p.spec.Objective,
		Risk:           p.spec.Risk,
		Budget:         p.budget,
		SearchTrials:   ev.searchTrials,
		CoarseTrials:   ev.coarseTrials,
		ClimbTrials:    ev.climbTrials,
		MaxEvaluations: ev.max,
		Fractional:     p.spec.Fractional,
	}
	// The full runs.
	o.Trials, o.Seed = ev.fullTrials, rn.opts.Seed
	cur := p.current()
	if o.Current, err = ev.outcome(cur, true); err != nil {
		return nil, fmt.Errorf("optimize: current plan: %w", err)
	}
	if o.Recommended, err = ev.outcome(best, true); err != nil {
		return nil, fmt.Errorf("optimize: recommended plan: %w", err)
	}
	// The search saw only its own trials: when, over all of them, the
	// current plan (if it keeps to the bounds, the budget and whole hires,
	// and the constraints as well) scores at least as well, it is the
	// recommendation.
	kept := false
	if p.feasible(cur) && key(cur) != key(best) && o.Current.viol <= o.Recommended.viol &&
		(o.Current.viol < o.Recommended.viol || o.Current.Score >= o.Recommended.Score) {
		best, o.Recommended, kept = cur, o.Current, true
	}
	// The local check, with the search's trials: each option's score a
	// step more and a step less (a hire for people), the best
	// budget-neutral transfer, then the whole-hire moves. A move that
	// gains more than noiseZ standard errors (and keeps the constraints as
	// well) improves the recommendation: it is made and the check repeated.
	h := MarginalStep(p.budget)
	o.MarginalStep = h
	best, lc, moves, hires, err := polish(ev, p, best, h)
	if err != nil {
		return nil, fmt.Errorf("optimize: marginal returns: %w", err)
	}
	if moves+hires > 0 {
		kept = false
	}
	if moves+hires > 0 {
		if o.Recommended, err = ev.outcome(best, true); err != nil {
			return nil, fmt.Errorf("optimize: recommended plan: %w", err)
		}
	}
	if lc.best != nil {
		lc.best.Moves = moves
		o.Transfer = lc.best
	}
	o.Spent = sumOf(best)
	for i, op := range p.options {
		if op.channel == unspentChannel {
			o.Unspent = best[i]
			o.Spent -= best[i]
		}
	}
	o.VersusCurrent = valueDifference(o.Recommended.Trials, o.Current.Trials, false)
	if o.Verdict, err = Judge("the recommendation", "the current plan", o.Recommended.Result, o.Current.Result,
		o.Objective, o.Spent-sumOf(cur)); err != nil {
		return nil, fmt.Errorf("optimize: verdict: %w", err)
	}
	o.Plan = p.apply(best)
	o.Options = make([]OptionResult, len(p.options))
	for i, op := range p.options {
		r := OptionResult{Option: op, Recommended: best[i], Whole: p.people(i)}
		if !math.IsInf(op.Max, 1) {
			m := op.Max
			if !op.Locked {
				m = p.upper[i] // whole hires: the max rounded down
			}
			r.MaxBound = &m
		}
		r.CurrentShare = shareOf(cur[i], sumOf(cur))
		r.RecommendedShare = shareOf(best[i], o.Spent)
		r.CurrentUnits = p.units(i, cur[i])
		r.RecommendedUnits = p.units(i, best[i])
		r.Marginal, r.MarginalSE, r.MarginalStep = lc.up[i], lc.upSE[i], lc.upStep[i]
		if !math.IsNaN(lc.down[i]) {
			m, se := lc.down[i], lc.downSE[i]
			r.MarginalLast, r.MarginalLastSE = &m, &se
		}
		o.Options[i] = r
	}
	if o.FundingOrder, err = fund(ev, p, best); err != nil {
		return nil, fmt.Errorf("optimize: funding order: %w", err)
	}
	o.Feasible = true
	if len(p.spec.Constraints) > 0 {
		if err := o.constrain(ev, p); err != nil {
			return nil, fmt.Errorf("optimize: constraints: %w", err)
		}
	}
	o.Evaluations, o.CutShort, o.EngineTrials = ev.count, ev.cut, rn.done
	// A curve over the horizon (a channel drawing from a pool) is drawn in
	// the recommendation's world, whose other channels share the market,
	// over the run's horizon; plots draw it from o.Plan.
	if h := rn.opts.Horizon; h > 0 && h != o.Plan.Horizon {
		o.Plan.Horizon = h
	}
	o.Curves = responseCurves(s, o.Plan, p.recommendedSpends(best))
	notes := ScaleNotes(s, o.Plan)
	if p.budget-o.Spent-o.Unspent > 0.5 {
		notes = append(notes, Finding{Kind: BudgetUnspent, Value: o.Spent, Ref: p.budget})
	}
	if c := sumOf(cur); math.Abs(c-p.budget) >= 1 {
		notes = append(notes, Finding{Kind: BudgetDiffers, Value: c, Ref: p.budget})
	}
	if kept {
		notes = append(notes, Finding{Kind: KeepCurrent})
	}
	if moves > 0 {
		notes = append(notes, Finding{Kind: CheckMoved, Value: h, Count: moves})
	}
	if hires > 0 {
		notes = append(notes, Finding{Kind: HireMoved, Count: hires})
	}
	if ev.cut {
		notes = append(notes, Finding{Kind: SearchCut, Count: ev.max})
	}
	o.Notes, o.Note = notes, o.NoteWords(notes)
	return o, nil
}

// BestSplit is the best split of spec.Budget across the scenario's options
// (Options), as Optimize finds it (whole hires unless spec.Fractional,
// bounds, locks and spec.Constraints kept where the search can), returned
// as the scenario with that split, ready to run: the search alone, without
// Optimize's full runs, local check, funding order and curves. goal's plan
// lever grows the budget along it.
func BestSplit(ctx context.Context, s *model.Scenario, opts *sim.Options, spec OptimizeSpec) (*model.Scenario, error) {
	p, err := newProblem(s, spec)
	if err != nil {
		return nil, fmt.Errorf("best split: %w", err)
	}
	rn := newRunner(opts, false)
	ev := newEvaluator(ctx, p, rn, spec)
	best, err := search(ev, p, p.spec.Restarts, refineLevels)
	if err != nil {
		return nil, fmt.Errorf("best split: %w", err)
	}
	return p.apply(best), nil
}

// MarginalStep is the step Optimize measures marginal returns with: 5% of
// the budget, rounded to a readable amount: one significant figure, two
// when the first is 1 ($3,000 for $60k, $1,500 for $30k, $70 for $1.3k).
func MarginalStep(budget float64) float64 {
	x := 0.05 * budget
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(x)))
	if x/e < 2 {
		e /= 10
	}
	return math.Max(math.Round(x/e)*e, 0.01)
}

// problem is the scenario's options, their bounds and the budget.
type problem struct {
	base    *model.Scenario
	spec    OptimizeSpec
	options []Option
	budget  float64
	lower   []float64
	upper   []float64
	// grid is the greedy climb's step and the refinement's largest
	// transfer: budget / DefaultGridSteps.
	grid float64
	// unit is a people option's step, one hire (its UnitCost), unless the
	// spec is Fractional or the option is locked; 0 for spend.
	unit []float64
}

// Options lists what the scenario's budget can buy: every spend channel
// (marketing or sales), every headcount channel with a cost_per_head, and
// the sales team ("sales_team") when there is a sales section with a
// cost_per_rep, in the scenario's channel order with the sales team last.
// Current is each one's monthly amount now (a schedule's mean over the
// horizon); bounds are open.
func Options(s *model.Scenario) []Option {
	var ops []Option
	for i := range s.Channels {
		ch := &s.Channels[i]
		op := Option{Name: ch.Name, Kind: ch.Kind.String(), Unit: "spend", Current: monthlySpend(s, ch), Max: math.Inf(1), channel: i}
		if ch.Response == model.Headcount {
			if ch.CostPerHead <= 0 {
				continue
			}
			op.Unit, op.UnitCost, op.Current = "heads", ch.CostPerHead, ch.Headcount.Mean(s.Horizon)*ch.CostPerHead
		}
		ops = append(ops, op)
	}
	if s.Sales != nil && s.Sales.CostPerRep > 0 {
		ops = append(ops, Option{
			Name: model.SalesTeam, Kind: model.SalesKind.String(), Unit: "reps",
			UnitCost: s.Sales.CostPerRep, Current: s.Sales.Reps * s.Sales.CostPerRep,
			Max: math.Inf(1), channel: -1,
		})
	}
	return ops
}

// Unspent is the option that keeps money unspent: under constraints the
// budget is a ceiling, and spending less can be what keeps them.
const Unspent = "unspent"

// unspentChannel marks the Unspent option.
const unspentChannel = -2

// newProblem checks the spec against the scenario and fills in defaults.
func newProblem(s *model.Scenario, spec OptimizeSpec) (*problem, error) {
	if s == nil {
		return nil, errors.New("no scenario")
	}
	if spec.Objective == "" {
		spec.Objective = DefaultObjective(s)
	}
	if !slices.Contains(Objectives, spec.Objective) {
		return nil, specErrorf("objective %q: use one of %s", spec.Objective, strings.Join(Objectives, ", "))
	}
	if spec.Risk == "" {
		spec.Risk = "mean"
	}
	if !slices.Contains(Risks, spec.Risk) {
		return nil, specErrorf("risk %q: use one of %s", spec.Risk, strings.Join(Risks, ", "))
	}
	if spec.Restarts <= 0 || spec.Restarts > 3 {
		spec.Restarts = 3
	}
	p := &problem{base: s, spec: spec, options: Options(s)}
	if len(p.options) == 0 {
		return nil, errors.New("the scenario has nothing to allocate: no spend channel, no headcount channel with a cost_per_head, no sales team with a cost_per_rep")
	}
	if len(spec.Constraints) > 0 {
		// Under constraints the budget is a ceiling: keeping money unspent
		// can be what keeps them (CAC rises as channels saturate).
		p.options = append(p.options, Option{Name: Unspent, Kind: "none", Unit: "unspent", Max: math.Inf(1), channel: unspentChannel})
	}
	names := make([]string, len(p.options))
	index := map[string]int{}
	for i, op := range p.options {
		names[i] = op.Name
		index[op.Name] = i
	}
	lookup := func(flag, name string) (int, error) {
		i, ok := index[name]
		if !ok {
			return 0, specErrorf("%s %s: no such option (options: %s)", flag, name, strings.Join(names, ", "))
		}
		return i, nil
	}
	bound := func(flag string, m map[string]float64, set func(i int, v float64)) error {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			i, err := lookup(flag, k)
			if err != nil {
				return err
			}
			v := m[k]
			if !(v >= 0) || math.IsInf(v, 0) {
				return specErrorf("%s %s=%g: an amount must be a number ≥ 0 (dollars a month)", flag, k, v)
			}
			set(i, v)
		}
		return nil
	}
	if err := bound("min", spec.Min, func(i int, v float64) { p.options[i].Min = v }); err != nil {
		return nil, err
	}
	if err := bound("max", spec.Max, func(i int, v float64) { p.options[i].Max = v }); err != nil {
		return nil, err
	}
	for _, name := range spec.Lock {
		i, err := lookup("lock", name)
		if err != nil {
			return nil, err
		}
		p.options[i].Locked = true
	}
	for _, op := range p.options {
		if op.Min > op.Max {
			return nil, specErrorf("%s: min %s is above max %s", op.Name, measure.Money.Format(op.Min), measure.Money.Format(op.Max))
		}
		if op.Locked && (op.Current < op.Min || op.Current > op.Max) {
			return nil, specErrorf("lock %s: its current %s is outside its bounds %s..%s",
				op.Name, measure.Money.Format(op.Current), measure.Money.Format(op.Min), measure.Money.Format(op.Max))
		}
	}
	p.budget = spec.Budget
	if p.budget == 0 {
		if p.budget = sumOf(p.current()); p.budget == 0 {
			return nil, specErrorf("the current plan spends nothing on the options: give a budget to split")
		}
	}
	if !(p.budget >= 0) || math.IsInf(p.budget, 0) {
		return nil, specErrorf("budget %g: must be an amount ≥ 0 (dollars a month)", spec.Budget)
	}
	p.lower = make([]float64, len(p.options))
	p.upper = make([]float64, len(p.options))
	for i, op := range p.options {
		p.lower[i], p.upper[i] = op.Min, op.Max
		if op.Locked {
			p.lower[i], p.upper[i] = op.Current, op.Current
		}
	}
	p.unit = make([]float64, len(p.options))
	for i, op := range p.options {
		if spec.Fractional || op.Locked || op.UnitCost <= 0 {
			continue
		}
		u := op.UnitCost
		p.unit[i] = u
		// Whole hires: a minimum rounds up, a maximum down.
		p.lower[i] = math.Ceil(p.lower[i]/u-1e-9) * u
		if !math.IsInf(p.upper[i], 1) {
			p.upper[i] = math.Floor(p.upper[i]/u+1e-9) * u
		}
		if p.lower[i] > p.upper[i] {
			return nil, specErrorf("%s: no whole number of %s fits between its min %s and max %s at %s each (or use fractional %s)",
				op.Name, op.Unit, measure.Money.Format(op.Min), measure.Money.Format(op.Max), measure.Money.Format(u), op.Unit)
		}
	}
	for _, c := range spec.Constraints {
		if err := c.Check(s); err != nil {
			return nil, err
		}
	}
	if lo := sumOf(p.lower); lo > p.budget+1e-6 {
		return nil, specErrorf("budget %s: the locked amounts and minimums already add up to %s", measure.Money.Format(p.budget), measure.Money.Format(lo))
	}
	p.spec.Budget = p.budget
	p.grid = p.budget / DefaultGridSteps
	return p, nil
}

// feasible reports whether a split keeps to the bounds and spends the
// budget to the cent.
func (p *problem) feasible(x []float64) bool {
	for i, v := range x {
		if v < p.lower[i] || v > p.upper[i] || !p.isWhole(i, v) {
			return false
		}
	}
	return math.Abs(sumOf(x)-p.budget) < 0.01
}

// current is the scenario's own split.
func (p *problem) current() []float64 {
	x := make([]float64, len(p.options))
	for i, op := range p.options {
		x[i] = op.Current
	}
	return x
}

// apply returns a copy of the base scenario with the split x.
func (p *problem) apply(x []float64) *model.Scenario {
	s := p.base.Clone()
	for i, op := range p.options {
		v := math.Max(x[i], 0) // rounding can leave -1e-13
		switch {
		case op.channel == unspentChannel:
		case op.channel < 0:
			setReps(s, v/op.UnitCost)
		default:
			setChannelSpend(s, op.channel, v)
		}
	}
	return s
}

// units is what amount buys of option i: heads, reps, or for a spend
// channel its expected entries a month at mean values.
func (p *problem) units(i int, amount float64) float64 {
	op := p.options[i]
	if op.UnitCost > 0 {
		return amount / op.UnitCost
	}
	if op.channel == unspentChannel {
		return 0
	}
	return ExpectedEntries(&p.base.Channels[op.channel], amount)
}

// evaluation is what the search keeps of one engine run.
type evaluation struct {
	score float64 // the objective under the risk measure
	mean  float64 // the objective's mean
	// capacityP50 is the median share of sales capacity used (NaN without a
	// sales section); lostQueue the mean number of people lost waiting.
	capacityP50 float64
	lostQueue   float64
	// vals is the objective in every trial, for the standard errors of
	// differences; viol is how far the plan is from keeping the spec's
	// constraints (0 when it keeps them all).
	vals []float64
	viol float64
}

// errCap stops the search when it has used its evaluations.
var errCap = errors.New("evaluation cap reached")

// evaluator runs the engine on splits, with a cache.
type evaluator struct {
	ctx context.Context
	p   *problem
	rn  *runner
	// trials is the trial count of the evaluations now: coarseTrials while
	// the search climbs and makes its coarse transfers, searchTrials for
	// the fine ones.
	trials       int
	searchTrials int
	coarseTrials int
	// climbTrials is the greedy climb's: half the coarse trials (at least
	// minClimbTrials), as the refinement corrects its split.
	climbTrials int
	fullTrials  int
	max         int
	count       int
	cut         bool
	cache       map[string]evaluation
	buf         []float64
}

func newEvaluator(ctx context.Context, p *problem, rn *runner, spec OptimizeSpec) *evaluator {
	ev := &evaluator{ctx: ctx, p: p, rn: rn, fullTrials: rn.opts.Trials, cache: map[string]evaluation{}}
	ev.searchTrials = spec.SearchTrials
	if ev.searchTrials <= 0 {
		ev.searchTrials = min(DefaultSearchTrials, ev.fullTrials)
	}
	ev.coarseTrials = ev.searchTrials
	if c := ev.searchTrials / coarseDivisor; c >= minCoarseTrials {
		ev.coarseTrials = c
	}
	ev.climbTrials = ev.coarseTrials
	if c := ev.coarseTrials / 2; c >= minClimbTrials {
		ev.climbTrials = c
	}
	ev.trials = ev.searchTrials
	ev.max = spec.MaxEvaluations
	if ev.max <= 0 {
		ev.max = DefaultMaxEvaluations
	}
	return ev
}

// coarse switches the evaluations to the coarse trial count, fine to the
// search's.
func (ev *evaluator) coarse() { ev.trials = ev.coarseTrials }
func (ev *evaluator) fine()   { ev.trials = ev.searchTrials }

// key identifies a split to the cent.
func key(x []float64) string {
	var b strings.Builder
	for _, v := range x {
		fmt.Fprintf(&b, "%.0f,", math.Round(v*100))
	}
	return b.String()
}

// eval scores a split with the current trial count (the first trials of
// a run are the same whatever the count, so a coarse and a fine
// evaluation share their random numbers as far as they go).
func (ev *evaluator) eval(x []float64) (evaluation, error) {
	k := strconv.Itoa(ev.trials) + ":" + key(x)
	if e, ok := ev.cache[k]; ok {
		return e, nil
	}
	if ev.count >= ev.max {
		ev.cut = true
		return evaluation{}, errCap
	}
	ev.count++
	ev.rn.opts.Trials = ev.trials
	res, err := ev.rn.run(ev.ctx, ev.p.apply(x))
	if err != nil {
		return evaluation{}, err
	}
	ev.buf, err = objectiveValues(res, ev.p.spec.Objective, ev.buf)
	if err != nil {
		return evaluation{}, err
	}
	e := evaluation{capacityP50: math.NaN()}
	e.score, e.mean = score(ev.buf, ev.p.spec.Risk), score(ev.buf, "mean")
	if ev.p.base.Sales != nil {
		e.capacityP50 = sim.Summarize(res.Metrics["capacity_used"]).P50
	}
	e.lostQueue = sim.Summarize(res.Metrics["lost_queue"]).Mean
	e.vals = slices.Clone(ev.buf)
	if e.viol, err = violation(ev.p.spec.Constraints, res); err != nil {
		return evaluation{}, err
	}
	ev.cache[k] = e
	return e, nil
}

// outcome runs a split with the full trial count.
func (ev *evaluator) outcome(x []float64, keep bool) (Outcome, error) {
	return ev.outcomeWith(x, keep, ev.fullTrials)
}

// outcomeWith runs a split with the given trial count.
func (ev *evaluator) outcomeWith(x []float64, keep bool, trials int) (Outcome, error) {
	ev.rn.opts.Trials = trials
	res, err := ev.rn.run(ev.ctx, ev.p.apply(x))
	if err != nil {
		return Outcome{}, err
	}
	vals, err := objectiveValues(res, ev.p.spec.Objective, nil)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Total: sumOf(x), Score: score(vals, ev.p.spec.Risk), Objective: sim.Summarize(vals)}
	if o.viol, err = violation(ev.p.spec.Constraints, res); err != nil {
		return Outcome{}, err
	}
	if keep {
		o.Trials, o.Result = vals, res
	}
	return o, nil
}

// objectiveValues writes the objective's per-trial values into buf (grown
// as needed) and returns it; NaN marks a trial where it is undefined.
func objectiveValues(r *sim.Result, objective string, buf []float64) ([]float64, error) {
	need := func(name string) ([]float64, error) { return Values(r, name) }
	var a, b, c []float64
	var err error
	switch objective {
	case "profit":
		if a, err = need("new_gross_profit"); err == nil {
			b, err = need("spend")
		}
	case "revenue":
		a, err = need("revenue")
	case "customers":
		a, err = need("new_customers")
	case "lifetime_value":
		if a, err = need("new_customers"); err == nil {
			if b, err = need("spend"); err == nil {
				c, err = need("ltv")
			}
		}
	default:
		err = fmt.Errorf("unknown objective %q", objective)
	}
	if err != nil {
		return nil, err
	}
	buf = slices.Grow(buf[:0], len(a))[:len(a)]
	for i := range a {
		switch objective {
		case "profit":
			buf[i] = a[i] - b[i]
		case "lifetime_value":
			buf[i] = a[i]*c[i] - b[i]
		default:
			buf[i] = a[i]
		}
	}
	return buf, nil
}

// score reduces an objective's per-trial values by a risk measure: "mean",
// "p10" (linear interpolation between order statistics, as sim.Stats) or
// "cvar10" (the mean of the lowest ⌈n/10⌉ values). Undefined trials are
// left out; with none defined the score is −Inf, worse than any plan.
func score(xs []float64, risk string) float64 {
	if risk == "mean" {
		var s float64
		n := 0
		for _, x := range xs {
			if defined(x) {
				s += x
				n++
			}
		}
		if n == 0 {
			return math.Inf(-1)
		}
		return s / float64(n)
	}
	d := make([]float64, 0, len(xs))
	for _, x := range xs {
		if defined(x) {
			d = append(d, x)
		}
	}
	if len(d) == 0 {
		return math.Inf(-1)
	}
	sort.Float64s(d)
	switch risk {
	case "p10":
		pos := 0.1 * float64(len(d)-1)
		lo := int(pos)
		if lo+1 >= len(d) {
			return d[lo]
		}
		return d[lo] + (pos-float64(lo))*(d[lo+1]-d[lo])
	case "cvar10":
		k := (len(d) + 9) / 10
		var s float64
		for _, x := range d[:k] {
			s += x
		}
		return s / float64(k)
	}
	return math.NaN()
}

// valueDifference compares per-trial values of two runs made with the same
// seed and trial count, trial by trial: a − b.
func valueDifference(a, b []float64, lower bool) Difference {
	d := Difference{LowerIsBetter: lower, Trials: make([]float64, len(a))}
	beats := 0
	for i := range a {
		diff := a[i] - b[i]
		if !defined(diff) {
			d.Trials[i] = math.NaN()
			continue
		}
		d.Trials[i] = diff
		if (lower && diff < 0) || (!lower && diff > 0) {
			beats++
		}
	}
	st := sim.Summarize(d.Trials)
	d.Defined = st.Defined
	if d.Defined > 0 {
		d.Mean, d.SE, d.P10, d.P50, d.P90 = st.Mean, st.SE, st.P10, st.P50, st.P90
		d.PBeats = float64(beats) / float64(d.Defined)
	}
	if d.Defined < 2 {
		d.SE = math.NaN() // one future has no spread to estimate an error from
	}
	return d
}

func sumOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func shareOf(x, total float64) float64 {
	if total <= 0 {
		return 0
	}
	return x / total
}

// checkPairs is how many transfers the local check runs: those whose
// one-sided differences predict the most gain.
const checkPairs = 3

// localCheck is what checkLocally measures at a split.
type localCheck struct {
	// up and down are the score's gains from a step more to each option
	// and its losses from a step less (NaN where its bounds leave no
	// room), with their standard errors and steps (a hire for people).
	up, upSE, upStep, down, downSE []float64
	// best is the best transfer run (nil when none could be), moved the
	// split after it.
	best  *Transfer
	moved []float64
}

// checkLocally runs, with the search's trials, the split x with a step h
// more to each option (a hire for people) and a step less to each its
// bounds allow, then the transfers from one option to another (within
// their bounds) whose one-sided differences predict the most gain
// (up_i − down_j), and keeps the best of them.
func checkLocally(ev *evaluator, p *problem, x []float64, h float64) (localCheck, error) {
	n := len(x)
	trials := ev.searchTrials
	lc := localCheck{up: make([]float64, n), upSE: make([]float64, n), upStep: make([]float64, n),
		down: make([]float64, n), downSE: make([]float64, n)}
	rec, err := ev.outcomeWith(x, true, trials)
	if err != nil {
		return lc, err
	}
	eps := 1e-9 * math.Max(p.budget, 1)
	shifted := func(i int, d float64) []float64 {
		y := slices.Clone(x)
		y[i] += d
		return y
	}
	for i := range x {
		lc.down[i], lc.downSE[i] = math.NaN(), math.NaN()
		step := h
		if p.people(i) {
			step = p.unit[i]
		}
		lc.upStep[i] = step
		out, err := ev.outcomeWith(shifted(i, step), true, trials)
		if err != nil {
			return lc, err
		}
		lc.up[i], lc.upSE[i] = out.Score-rec.Score, scoreDiffSE(out.Trials, rec.Trials, p.spec.Risk)
		if x[i]-p.lower[i] >= step-eps {
			out, err := ev.outcomeWith(shifted(i, -step), true, trials)
			if err != nil {
				return lc, err
			}
			lc.down[i], lc.downSE[i] = rec.Score-out.Score, scoreDiffSE(rec.Trials, out.Trials, p.spec.Risk)
		}
	}
	var pairs []move
	for i := range n {
		for j := range n {
			if i == j || math.IsNaN(lc.down[j]) {
				continue
			}
			if _, amt, ok := p.move(x, i, j, h); ok && amt > eps {
				pairs = append(pairs, move{i, j, lc.up[i]/lc.upStep[i]*amt - lc.down[j]/lc.upStep[j]*amt})
			}
		}
	}
	sortByGain(pairs)
	for _, pr := range pairs[:min(len(pairs), checkPairs)] {
		y, amt, _ := p.move(x, pr.to, pr.from, h)
		out, err := ev.outcomeWith(y, true, trials)
		if err != nil {
			return lc, err
		}
		gain := out.Score - rec.Score
		if out.viol > rec.viol+violTol || (lc.best != nil && gain <= lc.best.Gain) {
			continue
		}
		se := scoreDiffSE(out.Trials, rec.Trials, p.spec.Risk)
		lc.best = &Transfer{
			From: p.options[pr.from].Name, To: p.options[pr.to].Name, Amount: amt,
			Gain: gain, SE: se,
			Improves: gain > math.Max(1e-12*(1+math.Abs(rec.Score)), noiseZ*se),
		}
		lc.moved = y
	}
	return lc, nil
}
