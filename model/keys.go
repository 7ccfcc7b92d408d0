package model

import (
	"slices"
	"strconv"
)

// A scenario's fields, and beside each section the declaration of its keys
// (keyDef): adding a key is adding its field and its entry here, and using
// it in the engine. model/doc.go says how.

// keys is every scenario key, in the README's order. Within a section the
// order is also that of Values: keep a new value key where it should be
// listed (and drawn) among the others.
var keys = table(topKeys, calendarKeys, funnelKeys, marketKeys, channelKeys, budgetKeys, salesKeys, customerKeys, companyKeys, targetKeys)

// Scenario is a validated scenario: everything sim needs to run it.
// Indices into Funnel.Stages are used everywhere a stage is named.
//
// Decisions (spend, reps, hires, the split) are plain numbers, or a
// Schedule where they may change month by month; what the world decides is
// a Value. A Scenario returned by Load is valid; code that edits
// one (plan) must call Validate again or keep to valid values.
type Scenario struct {
	Name        string
	Description string
	// File is the name the scenario was loaded from, for messages.
	File string
	// Source is the file's text exactly as the user wrote it.
	Source []byte

	Horizon int // months, ≥ 1
	// Calendar places the months in the year; the zero Calendar: none.
	Calendar  Calendar
	Market    *Market // nil: no limit on the people channels reach
	Funnel    Funnel
	Channels  []Channel // sorted by name
	Budget    *Budget   // nil when channels carry their own spend
	Sales     *Sales    // nil: no capacity limit, follow-up 1
	Customers Customers
	Company   *Company // nil: no cash is tracked
	Targets   []Target // sorted by metric name

	// Variants are named sets of overrides in --set form (path → value as
	// written), in name order. Empty unless the file has `variants:`.
	Variants []Variant
}

// topKeys are the keys at the top of a file.
var topKeys = []keyDef{
	{path: "name", doc: "title shown in tables", unit: textUnit, dflt: "the file's name",
		kind: textKey, spec: spec{hi: 100, what: "one line of at most 100 printable characters", example: "name: My plan",
			allowed: "one line, ≤ 100 characters, no control characters"},
		text: func(at site) *string { return &at.s.Name }},
	{path: "description", doc: "one line on what the scenario asks", unit: textUnit, dflt: "empty",
		kind: textKey, spec: spec{hi: 500, what: "one line of at most 500 printable characters", example: "description: More ads or a second rep?",
			allowed: "one line, ≤ 500 characters, no control characters"},
		text: func(at site) *string { return &at.s.Description }},
	{path: "horizon_months", doc: "months simulated", unit: monthsUnit,
		kind: wholeKey, spec: spec{lo: 1, hi: MaxHorizon, what: "a number of months from 1 to " + strconv.Itoa(MaxHorizon), example: "12"}, def: 12,
		whole: func(at site) *int { return &at.s.Horizon }},
}

// MaxHorizon bounds horizon_months: fifty years is plenty for a plan.
const MaxHorizon = 600

// Counts a scenario keeps within: far beyond any plan (a large one has a
// dozen channels and ten stages), they keep the sums of people over
// channels and months exact, and reading and drawing short.
const (
	maxChannels  = 100 // channels.NAME
	maxStages    = 30  // funnel.stages
	maxVariants  = 20  // variants.NAME: compare runs each, and each reads the file again
	maxOverrides = 100 // the changes of one variant
	maxTargets   = 64  // targets.METRIC
	// maxRanges bounds the values a scenario writes as distributions:
	// fitting and checking one takes 40 µs typically and up to 20 ms
	// (a narrow beta interval near 0), so that a scenario of them all
	// validates within seconds.
	maxRanges = 200
)

// Bounds on amounts, a business's and more: no plan meets them, and
// within them every sum and product the engine forms is a finite number
// and every count an exact one. People: at most 100,000 reps and hires a
// month (6e7 over 600 months) taking on 1,000,000 people a month each give
// a capacity under 1e14 a month, an int and exact in a float64; a
// channel's month brings at most 1e9 people at saturation, 1e11 by
// headcount (the engine holds any month to 1e12). Money: spend and budget
// up to $1e9 and $1e10 a month, over 600 months and 100 channels, stay
// under 1e15; a customer worth $1e9 a month, growing at most +100% a month
// (2^600 ≈ 4e180 over the longest horizon), times the most customers the
// flow can win (100 channels × 600 months × 1e12), stays below 1e210.
const (
	maxSpend       = 1e9  // a channel's monthly spend, $
	maxBudget      = 1e10 // the monthly budget and a hill's half_saturation, $
	maxCostPerHead = 1e7  // a head's or a rep's monthly cost, $
	maxReps        = 1e5  // reps, heads, a month's hires
	maxPerHead     = 1e6  // people a head brings or a rep takes on, a month
	maxPeople      = 1e9  // a channel's most people a month
	maxValue       = 1e9  // a customer's monthly value, onboarding cost, $
	maxCustomers   = 1e9  // starting customers
	minUnitCost    = 1e-4 // $ a person: below a hundredth of a cent
	maxUnitCost    = 1e9
)

// Calendar places the simulated months in the year. The zero Calendar is
// none: months are numbered 1..horizon and nothing is seasonal.
type Calendar struct {
	// Start is the calendar month of simulated month 1; zero: no calendar.
	Start Month
	// Seasonality is nil, or 12 multipliers (January … December) of every
	// channel's expected entries in that calendar month; a channel's own
	// list replaces it. It needs Start.
	Seasonality []float64
}

// calendarKeys place the months in the year. That seasonality needs a
// start is a rule in load.go's calendar reader.
var calendarKeys = []keyDef{
	{path: "calendar.start", doc: "the calendar month of month 1: months are labelled by date and may be keyed by date", unit: monthUnit,
		dflt: "none", allowed: "a month YYYY-MM, 1900-01..2199-12", kind: monthKey,
		spec:  spec{lo: minYear, hi: maxYear, what: "a month as YYYY-MM", example: "2027-01"},
		month: func(at site) *Month { return &at.s.Calendar.Start }},
	{path: "calendar.seasonality", doc: "multipliers of every channel's expected entries in each calendar month, January … December; needs calendar.start", unit: multipliersUnit,
		dflt: "none", kind: seasonKey, spec: seasonSpec,
		list: func(at site) *[]float64 { return &at.s.Calendar.Seasonality }},
}

// The years a calendar may start in.
const (
	minYear = 1900
	maxYear = 2199
)

// seasonSpec is one month's seasonal multiplier: ten times the average
// month is more than any season (a December for a gift shop is some 3×).
var seasonSpec = spec{lo: 0, hi: 10, what: "a multiplier from 0 to 10 (1: an average month)", example: "1.2",
	allowed: "12 numbers, each 0..10"}

// Funnel is the journey's stages and the rates between them.
type Funnel struct {
	Stages []string
	// Handoff is the index of the first stage owned by sales, or -1 when the
	// scenario has no sales section.
	Handoff int
	// Conversion[k] is the probability of reaching stage k from stage k-1;
	// Conversion[0] is Fixed(1) and unused.
	Conversion []Value
	// Months[k] is the mean number of months spent in stage k before its
	// outcome (Fixed(0) when not given).
	Months []Value
}

// funnelKeys are the journey's keys. The stage list and the handoff are
// read by hand: they name stages, and the handoff depends on sales.
var funnelKeys = []keyDef{
	{path: "funnel.stages", doc: "the stages in order; the last is the won customer", unit: namesUnit,
		dflt: "required", allowed: "≥ 2 distinct names", kind: stagesKey},
	{path: "funnel.handoff", doc: "the first stage owned by sales", unit: stageUnit,
		dflt: "required when `sales` is given", allowed: "a stage before the last", kind: stageKey},
	{path: "funnel.conversion.STAGE", doc: "chance of reaching STAGE from the stage before", unit: probUnit,
		dflt: "required for every stage but the first", kind: valueKey, spec: probSpec, def: none,
		when:  func(at site) bool { return at.stage > 0 && at.stage < len(at.s.Funnel.Conversion) },
		value: func(at site) *Value { return &at.s.Funnel.Conversion[at.stage] }},
	{path: "funnel.months.STAGE", doc: "average months spent in STAGE before its outcome", unit: monthsUnit,
		dflt: "0 (decided in the month of arrival)", kind: valueKey, spec: amountUpTo(MaxHorizon, "an amount ≥ 0"), def: 0,
		when:  func(at site) bool { return at.stage < len(at.s.Funnel.Stages)-1 && at.stage < len(at.s.Funnel.Months) },
		value: func(at site) *Value { return &at.s.Funnel.Months[at.stage] }},
}

// Market is the pool of people (or accounts) every channel draws from.
type Market struct {
	// Size is how many could ever enter and have not been reached yet:
	// drawn once a trial; each month's entries use it up (DESIGN.md's
	// "The market runs out").
	Size Value
}

// marketKeys are the market's: a market section needs its size.
var marketKeys = []keyDef{
	{path: "market.size", doc: "people (or accounts) who could ever enter and are not reached yet: every channel draws from them", unit: peopleUnit,
		dflt: "none (no limit)", kind: valueKey, spec: positiveUpTo(maxMarket, "a number of people > 0"), required: true,
		missing: "give how many people (or accounts) could ever enter, e.g. size: 50000 or {low: 30000, high: 60000}; or remove market for no limit",
		value:   func(at site) *Value { return &at.s.Market.Size }},
}

// maxMarket bounds a market's or an audience's people: more than everyone
// on earth, and a whole number exact in a float64.
const maxMarket = 1e10

// Turnover is how a team's whole heads leave and are replaced: the sales
// team's reps, or a headcount channel's heads. The zero Turnover has no
// attrition.
type Turnover struct {
	// Attrition is the monthly chance a whole working head leaves; valid
	// when HasAttrition (none: nobody leaves).
	Attrition    Value
	HasAttrition bool
	// Backfill replaces each leaver (a file's default: true).
	Backfill bool
	// TimeToFill is the months from a leaving to the replacement's start
	// (0: the same month, after the month's leavers are drawn).
	TimeToFill int
}

// turnoverKeys are the keys of a Turnover, for the sales team (prefix
// "sales", heads "rep") or a headcount channel ("channels.NAME", "head"),
// with their accessor.
func turnoverKeys(prefix, heads string, of func(at site) *Turnover, sh shapes) []keyDef {
	who := ""
	if sh != 0 {
		who = "headcount channel: "
	}
	return []keyDef{
		{path: prefix + ".attrition", doc: who + "monthly chance a whole " + heads + " leaves", unit: probUnit,
			dflt: "none (nobody leaves)", kind: valueKey, spec: probSpec, def: none, shapes: sh,
			when:  func(at site) bool { return of(at).HasAttrition },
			given: func(at site) *bool { return &of(at).HasAttrition },
			value: func(at site) *Value { return &of(at).Attrition }},
		{path: prefix + ".backfill", doc: who + "replace each leaver", unit: noUnit,
			dflt: "true", kind: flagKey, def: 1, shapes: sh,
			flag: func(at site) *bool { return &of(at).Backfill }},
		{path: prefix + ".time_to_fill", doc: who + "months from a leaving to the replacement's start", unit: monthsUnit,
			kind: wholeKey, spec: upTo(MaxHorizon, "a whole number of months ≥ 0", "2"), def: 0, shapes: sh,
			whole: func(at site) *int { return &of(at).TimeToFill }},
	}
}

// Kind says whose budget pays for a channel.
type Kind int

const (
	Marketing Kind = iota
	SalesKind
)

func (k Kind) String() string {
	if k == SalesKind {
		return "sales"
	}
	return "marketing"
}

// Response is the shape of a spend channel's response to spend.
type Response int

const (
	Linear     Response = iota // λ = S / unit_cost
	Saturating                 // λ = M(1 − exp(−S/(unit_cost·M)))
	Hill                       // λ = M·S^s/(S^s + k^s)
	Headcount                  // λ = headcount × output_per_head × ramp
)

func (r Response) String() string {
	switch r {
	case Saturating:
		return "saturating"
	case Hill:
		return "hill"
	case Headcount:
		return "headcount"
	}
	return "linear"
}

// Channel is one source of people entering the funnel.
type Channel struct {
	Name     string
	Kind     Kind
	Enters   int // stage index
	Response Response

	// Spend is the monthly spend, resolved month by month: the channel's
	// own spend, or budget.monthly × its share, or headcount ×
	// cost_per_head.
	Spend Schedule
	// PriorSpend is the effective spend before month 1 (S_0), so that
	// carryover starts full; 0 by default (spend channels).
	PriorSpend float64

	UnitCost       Value // linear and saturating
	MaxPerMonth    Value // saturating and hill; valid when HasMax
	HasMax         bool
	HalfSaturation Value // hill
	Shape          Value // hill
	Carryover      Value // probability-like, 0 ≤ c < 1
	Volatility     float64

	// Conversion holds the channel's overrides of funnel conversions, by
	// stage index; nil or absent entries use the funnel's.
	Conversion map[int]Value

	Headcount     Schedule // headcount channels
	CostPerHead   float64
	OutputPerHead Value
	RampMonths    float64
	// Turnover is how the heads of a headcount channel leave and are
	// replaced.
	Turnover

	// Audience is the channel's own pool of people it can reach, inside
	// the market; valid when HasAudience (none: no pool of its own).
	Audience    Value
	HasAudience bool
	// Seasonality is the channel's own 12 multipliers (January …
	// December), replacing the calendar's; nil: the calendar's.
	Seasonality []float64
}

// channelKeys are a channel's keys. Their order is that of Values: a
// channel's way of bringing people in (unit_cost; half_saturation and
// shape; output_per_head, and its heads' attrition), then max_per_month,
// carryover, its audience and its own conversions.
var channelKeys = slices.Concat([]keyDef{
	{path: "channels.NAME.kind", doc: "whose budget pays", unit: noUnit,
		kind: wordKey, words: []string{"marketing", "sales"}, word: func(at site, i int) { at.ch.Kind = Kind(i) }},
	{path: "channels.NAME.enters", doc: "the stage its people enter at", unit: stageUnit, allowed: "a stage",
		kind: stageKey, required: true, missing: "name the stage its people enter at, e.g. enters: visit",
		whole: func(at site) *int { return &at.ch.Enters }},
	{path: "channels.NAME.spend", doc: "spend per month", unit: perMonthUnit, dflt: "required unless headcount or a split",
		kind: scheduleKey, spec: upTo(maxSpend, "a monthly spend ≥ 0", "8000"), def: none, shapes: spending,
		schedule: func(at site) *Schedule { return &at.ch.Spend }},
	{path: "channels.NAME.unit_cost", doc: "cost per person entering, at low spend (CPL, CPC…)", unit: dollarUnit,
		dflt: "required for linear and saturating", kind: valueKey, spec: unitCostSpec, shapes: shapesOf(Linear, Saturating),
		required: true, missing: "give the cost per person entering at low spend, e.g. unit_cost: 2.5 or {low: 1.5, high: 4}",
		value: func(at site) *Value { return &at.ch.UnitCost }},
	// response is read by hand: with headcount and max_per_month it gives the channel's shape.
	{path: "channels.NAME.response", doc: "shape of the response to spend", unit: noUnit,
		dflt: "linear (saturating when max_per_month is set)", kind: wordKey, words: []string{"linear", "saturating", "hill"}, shapes: spending},
	{path: "channels.NAME.half_saturation", doc: "hill: spend giving half of max_per_month", unit: perMonthUnit,
		dflt: "required for hill", kind: valueKey, spec: positiveUpTo(maxBudget, "a monthly spend > 0"), shapes: shapesOf(Hill),
		required: true, missing: "give the monthly spend at which a hill channel gives half its maximum, e.g. half_saturation: 30000",
		value: func(at site) *Value { return &at.ch.HalfSaturation }},
	{path: "channels.NAME.shape", doc: "hill: steepness (> 1 is S-shaped)", unit: noUnit,
		dflt: "required for hill", kind: valueKey, spec: positiveUpTo(10, "a steepness > 0"), shapes: shapesOf(Hill),
		required: true, missing: "give the hill curve's steepness (1: no threshold, 2–3: an S-curve), e.g. shape: 2",
		value: func(at site) *Value { return &at.ch.Shape }},
	{path: "channels.NAME.headcount", doc: "people in a headcount channel (SDRs…)", unit: peopleUnit, dflt: "—",
		kind: scheduleKey, spec: upTo(maxReps, "a number of people ≥ 0", "2"), def: none, shapes: shapesOf(Headcount),
		schedule: func(at site) *Schedule { return &at.ch.Headcount }},
	{path: "channels.NAME.cost_per_head", doc: "monthly cost per head", unit: perMonthUnit, dflt: "required with headcount",
		kind: numberKey, spec: upTo(maxCostPerHead, "a monthly cost ≥ 0", "7000"), shapes: shapesOf(Headcount),
		required: true, missing: "a headcount channel needs the monthly cost of one head, e.g. cost_per_head: 7000",
		number: func(at site) *float64 { return &at.ch.CostPerHead }},
	{path: "channels.NAME.output_per_head", doc: "people entering per head per month", unit: peopleMonthUnit,
		dflt: "required with headcount", kind: valueKey, spec: positiveUpTo(maxPerHead, "a number of people > 0"), shapes: shapesOf(Headcount),
		required: true, missing: "give the people one head brings in a month, e.g. output_per_head: 10 or {low: 8, high: 15}",
		value: func(at site) *Value { return &at.ch.OutputPerHead }},
	{path: "channels.NAME.ramp_months", doc: "months to full output from month 1", unit: monthsUnit,
		kind: numberKey, spec: spec{lo: 0, hi: MaxHorizon, what: "a number of months ≥ 0", example: "2"}, def: 0, shapes: shapesOf(Headcount),
		number: func(at site) *float64 { return &at.ch.RampMonths }},
}, turnoverKeys("channels.NAME", "head", func(at site) *Turnover { return &at.ch.Turnover }, shapesOf(Headcount)), []keyDef{
	{path: "channels.NAME.max_per_month", doc: "saturation: the most people a month at any spend", unit: peopleMonthUnit,
		dflt: "none (no saturation)", kind: valueKey, spec: positiveUpTo(maxPeople, "a number of people > 0"), def: none, shapes: spending,
		when:  func(at site) bool { return at.ch.HasMax },
		value: func(at site) *Value { return &at.ch.MaxPerMonth }},
	{path: "channels.NAME.carryover", doc: "share of a month's effect arriving later (adstock)", unit: shareUnit,
		kind: valueKey, spec: carryoverSpec, def: 0, shapes: spending,
		value: func(at site) *Value { return &at.ch.Carryover }},
	{path: "channels.NAME.prior_spend", doc: "spend channel: effective spend before month 1, so that carryover starts full", unit: perMonthUnit,
		kind: numberKey, spec: upTo(maxSpend, "a monthly spend ≥ 0", "5000"), def: 0, shapes: spending,
		number: func(at site) *float64 { return &at.ch.PriorSpend }},
	{path: "channels.NAME.volatility", doc: "month-to-month noise, as a coefficient of variation", unit: shareUnit,
		kind: numberKey, spec: spec{lo: 0, hi: 10, what: "a coefficient of variation from 0 to 10", example: "0.2"}, def: 0,
		number: func(at site) *float64 { return &at.ch.Volatility }},
	{path: "channels.NAME.audience", doc: "the channel's own pool of people it can reach, inside the market", unit: peopleUnit,
		dflt: "none (no pool of its own)", kind: valueKey, spec: positiveUpTo(maxMarket, "a number of people > 0"), def: none,
		when:  func(at site) bool { return at.ch.HasAudience },
		given: func(at site) *bool { return &at.ch.HasAudience },
		value: func(at site) *Value { return &at.ch.Audience }},
	{path: "channels.NAME.seasonality", doc: "the channel's own multipliers by calendar month, replacing the calendar's; needs calendar.start", unit: multipliersUnit,
		dflt: "the calendar's", kind: seasonKey, spec: seasonSpec,
		list: func(at site) *[]float64 { return &at.ch.Seasonality }},
	// A channel's own conversions live in a map: value returns a copy and
	// store writes it back.
	{path: "channels.NAME.conversion.STAGE", doc: "this channel's own conversion to STAGE", unit: probUnit,
		dflt: "the funnel's", kind: valueKey, spec: probSpec, def: none,
		when: func(at site) bool {
			_, ok := at.ch.Conversion[at.stage]
			return ok && at.stage > 0
		},
		value: func(at site) *Value {
			v := at.ch.Conversion[at.stage]
			return &v
		},
		store: func(at site, v Value) { at.ch.Conversion[at.stage] = v }},
})

// Budget is a monthly total and its split between channels and the sales team.
type Budget struct {
	// Monthly is the total each month; a step in it moves every share
	// (and the reps a sales_team share buys: Sales.Hires and Sales.Cuts).
	Monthly Schedule
	// Split maps a spend channel's name, or "sales_team", to its share.
	Split map[string]float64
}

// budgetKeys are the budget's keys. The split is read by hand: it names
// channels, and sets their spend.
var budgetKeys = []keyDef{
	{path: "budget.monthly", doc: "total monthly budget to split", unit: perMonthUnit,
		kind: scheduleKey, spec: upTo(maxBudget, "a monthly budget ≥ 0", "60000"), def: none,
		required: true, missing: "give the monthly total the split divides, e.g. monthly: 60000",
		schedule: func(at site) *Schedule { return &at.s.Budget.Monthly }},
	{path: "budget.split.NAME", doc: "a spend channel's (or `sales_team`'s) share of the budget", unit: shareUnit,
		dflt: "—", allowed: "0..1, summing to 1", kind: numberKey, spec: shareSpec},
}

// shareSpec is a share of a whole.
var shareSpec = spec{lo: 0, hi: 1, what: "a share (0..1)", example: "0.3"}

// SalesTeam is the split's key for the share that buys reps.
const SalesTeam = "sales_team"

// Sales is the team that works handed-off people.
type Sales struct {
	// Reps are the reps working from month 1 at full capacity, including
	// those bought by the budget split's sales_team share.
	Reps           float64
	CostPerRep     float64
	CapacityPerRep Value
	RampMonths     float64
	Hires          []Hire // sorted by month
	// Cuts are reps removed in a month, sorted by month: the falls of a
	// budget.monthly schedule with a sales_team share. At a fall heads go
	// at once: open vacancies first, then pending replacements, then the
	// latest started.
	Cuts       []Hire
	FollowUp   Value
	QueueDecay Value
	Commission float64
	// Turnover is how reps leave and are replaced.
	Turnover
}

// salesKeys are the sales team's keys. Hires are read by hand: they are
// keyed by month.
var salesKeys = slices.Concat([]keyDef{
	{path: "sales.reps", doc: "reps working from month 1 (fractions are part-time)", unit: repsUnit,
		kind: numberKey, spec: upTo(maxReps, "a number of reps ≥ 0 (fractions are part-time)", "3"), def: 0,
		number: func(at site) *float64 { return &at.s.Sales.Reps }},
	{path: "sales.cost_per_rep", doc: "monthly loaded cost of a rep", unit: perMonthUnit,
		kind: numberKey, spec: upTo(maxCostPerHead, "a monthly cost ≥ 0", "12000"), def: 0,
		number: func(at site) *float64 { return &at.s.Sales.CostPerRep }},
	{path: "sales.capacity_per_rep", doc: "handed-off people a rep can take on a month", unit: peopleMonthUnit,
		kind: valueKey, spec: positiveUpTo(maxPerHead, "a number of people > 0"), required: true,
		missing: "give the handed-off people one rep can take on a month, e.g. capacity_per_rep: 25",
		value:   func(at site) *Value { return &at.s.Sales.CapacityPerRep }},
	{path: "sales.ramp_months", doc: "months for a hire to reach full capacity", unit: monthsUnit,
		kind: numberKey, spec: upTo(MaxHorizon, "a number of months ≥ 0", "3"), def: 0,
		number: func(at site) *float64 { return &at.s.Sales.RampMonths }},
	{path: "sales.hires.MONTH", doc: "reps added in MONTH, paid from then", unit: repsUnit, dflt: "none",
		allowed: "0..100,000; MONTH 1..horizon, or a date YYYY-MM with calendar.start", kind: numberKey, spec: upTo(maxReps, "a number of reps ≥ 0", "1")},
}, turnoverKeys("sales", "rep", func(at site) *Turnover { return &at.s.Sales.Turnover }, 0), []keyDef{
	{path: "sales.follow_up", doc: "share of handed-off people sales works at all", unit: probUnit,
		kind: valueKey, spec: probSpec, def: 1,
		value: func(at site) *Value { return &at.s.Sales.FollowUp }},
	{path: "sales.queue_decay", doc: "share of waiting people lost each month they wait", unit: probUnit,
		kind: valueKey, spec: probSpec, def: 0,
		value: func(at site) *Value { return &at.s.Sales.QueueDecay }},
	{path: "sales.commission", doc: "share of new bookings paid as commission", unit: shareUnit,
		kind: numberKey, spec: spec{lo: 0, hi: 1, what: "a share of new bookings (0..1)", example: "0.08"}, def: 0,
		number: func(at site) *float64 { return &at.s.Sales.Commission }},
})

// Hire is reps added in a month (1-based), paid from that month.
type Hire struct {
	Month int
	Reps  float64
}

// RevenueModel says how customers pay.
type RevenueModel int

const (
	Subscription RevenueModel = iota
	OneTime
)

func (r RevenueModel) String() string {
	if r == OneTime {
		return "one_time"
	}
	return "subscription"
}

// Customers is what a customer is worth.
type Customers struct {
	Revenue        RevenueModel
	Value          Value
	GrossMargin    Value
	Churn          Value
	Expansion      Value
	Repeat         Value
	OnboardingCost Value
	DiscountRate   float64 // yearly
	Starting       int
	// StartingMRR is the starting customers' monthly revenue today, known
	// and shared equally among them (subscription); valid when
	// HasStartingMRR. Without it the starting customers are worth
	// Starting × Value, drawn with the new customers' uncertainty.
	StartingMRR    Value
	HasStartingMRR bool
}

// customerKeys are what a customer is worth.
var customerKeys = []keyDef{
	{path: "customers.revenue", doc: "how customers pay", unit: noUnit,
		kind: wordKey, words: []string{"subscription", "one_time"}, word: func(at site, i int) { at.s.Customers.Revenue = RevenueModel(i) }},
	{path: "customers.value", doc: "monthly revenue per customer (one_time: the deal value)", unit: dollarUnit,
		kind: valueKey, spec: positiveUpTo(maxValue, "an amount > 0"), required: true,
		missing: "give the monthly revenue per customer (one_time: the deal value per purchase), e.g. value: 500 or {low: 300, high: 900}",
		value:   func(at site) *Value { return &at.s.Customers.Value }},
	{path: "customers.gross_margin", doc: "share of revenue kept after serving the customer", unit: probUnit,
		kind: valueKey, spec: probSpec, def: 1,
		value: func(at site) *Value { return &at.s.Customers.GrossMargin }},
	// churn's default holds only for one_time without repeat: the rule
	// that requires it otherwise is in load.go's customers reader.
	{path: "customers.churn", doc: "monthly chance a customer leaves", unit: probUnit,
		dflt: "required for subscription and when repeat > 0; else 0", kind: valueKey, spec: probSpec, def: 0,
		value: func(at site) *Value { return &at.s.Customers.Churn }},
	{path: "customers.expansion", doc: "monthly growth of a kept customer's revenue (subscription)", unit: shareUnit,
		kind: valueKey, spec: expansionSpec, def: 0,
		value: func(at site) *Value { return &at.s.Customers.Expansion }},
	{path: "customers.repeat", doc: "one_time: monthly chance a kept customer buys again", unit: probUnit,
		kind: valueKey, spec: probSpec, def: 0,
		value: func(at site) *Value { return &at.s.Customers.Repeat }},
	{path: "customers.onboarding_cost", doc: "cost per new customer, sales budget", unit: dollarUnit,
		kind: valueKey, spec: amountUpTo(maxValue, "an amount ≥ 0"), def: 0,
		value: func(at site) *Value { return &at.s.Customers.OnboardingCost }},
	{path: "customers.discount_rate", doc: "yearly discount rate for lifetime value", unit: perYearUnit,
		kind: numberKey, spec: upTo(10, "a yearly rate ≥ 0", "0.1 for 10% a year"), def: 0.1,
		number: func(at site) *float64 { return &at.s.Customers.DiscountRate }},
	{path: "customers.starting", doc: "customers on day one", unit: customersUnit,
		kind: wholeKey, spec: upTo(maxCustomers, "a count of customers ≥ 0", "40"), def: 0,
		whole: func(at site) *int { return &at.s.Customers.Starting }},
	{path: "customers.starting_mrr", doc: "the starting customers' monthly revenue today, known, shared equally (subscription with starting > 0)", unit: perMonthUnit,
		dflt: "starting × value", kind: valueKey, spec: amountUpTo(maxStartingMRR, "a monthly amount ≥ 0"), def: none,
		when:  func(at site) bool { return at.s.Customers.HasStartingMRR },
		given: func(at site) *bool { return &at.s.Customers.HasStartingMRR },
		value: func(at site) *Value { return &at.s.Customers.StartingMRR }},
}

// maxStartingMRR bounds the starting customers' monthly revenue: $1e12 a
// month is some thirty times the largest company's revenue.
const maxStartingMRR = 1e12

// Billing says when a subscription customer is invoiced.
type Billing int

const (
	Monthly       Billing = iota // each month, the month's revenue
	AnnualUpfront                // 12 months' value when won and at each anniversary
)

func (b Billing) String() string {
	if b == AnnualUpfront {
		return "annual_upfront"
	}
	return "monthly"
}

// Company is the bank account the plan draws on (DESIGN.md's "Cash and
// runway"): with it a run measures cash month by month.
type Company struct {
	// Cash is the cash on hand at the start of month 1; negative: debt.
	Cash float64
	// OtherCosts are the monthly costs outside sales and marketing (R&D,
	// G&A).
	OtherCosts Schedule
	Billing    Billing
	// PaymentDays are the days from invoice to cash.
	PaymentDays int
}

// companyKeys are the company's: a company section needs its cash. That
// annual_upfront billing needs subscription revenue is a rule in load.go's
// company reader.
var companyKeys = []keyDef{
	{path: "company.cash", doc: "cash on hand at the start of month 1 (negative: debt)", unit: dollarUnit,
		dflt: "required in a company section",
		kind: numberKey, spec: spec{lo: -maxCash, hi: maxCash, what: "an amount of cash from " + bound(-maxCash) + " to " + bound(maxCash) + " (negative: debt)", example: "2500000"},
		required: true, missing: "give the cash on hand at the start of month 1, e.g. cash: 2500000; or remove company to leave cash out",
		number: func(at site) *float64 { return &at.s.Company.Cash }},
	{path: "company.other_costs", doc: "monthly costs outside sales and marketing (R&D, G&A)", unit: perMonthUnit,
		kind: scheduleKey, spec: upTo(maxBudget, "a monthly cost ≥ 0", "180000"), def: 0,
		schedule: func(at site) *Schedule { return &at.s.Company.OtherCosts }},
	{path: "company.billing", doc: "when subscription customers are invoiced: monthly, or 12 months' value when won and at each anniversary", unit: noUnit,
		allowed: "`monthly`, `annual_upfront` (subscription only)",
		kind:    wordKey, words: []string{"monthly", "annual_upfront"}, word: func(at site, i int) { at.s.Company.Billing = Billing(i) }},
	{path: "company.payment_days", doc: "days from invoice to cash", unit: daysUnit,
		kind: wholeKey, spec: spec{lo: 0, hi: maxPaymentDays, what: "a whole number of days from 0 to 120", example: "30"}, def: 0,
		whole: func(at site) *int { return &at.s.Company.PaymentDays }},
}

// Bounds of the company's keys: cash of $10 trillion is more than any
// company holds, and with a month's costs and takings within keys.go's
// bounds every month-end cash stays a finite number; invoices are paid
// within four months.
const (
	maxCash        = 1e13
	maxPaymentDays = 120
)

// Target is a goal for one metric: met when metric ≥ Value, or ≤ Value when Max.
type Target struct {
	Metric string
	Value  float64
	Max    bool
}

// targetKeys are goals and variants, both read by hand.
var targetKeys = []keyDef{
	{path: "targets.METRIC", doc: "a goal: a number or `{min: X}` (at least), `{max: X}` (at most); METRIC is a metric name above",
		unit: metricUnit, dflt: "none", allowed: "a number", kind: targetKey},
	{path: "variants.NAME", doc: "a named what-if for `harvest compare`: overrides in `--set` form, e.g. `{channels.paid_search.spend: 20000}`",
		unit: noUnit, dflt: "none", allowed: "existing keys with allowed values", kind: variantKey},
}

// Variant is a named set of overrides in --set form.
type Variant struct {
	Name      string
	Overrides []string // "key=value", sorted by key
}
