package model

// Scenario is a validated scenario: everything sim needs to run it.
// Indices into Funnel.Stages are used everywhere a stage is named.
//
// Decisions (spend, reps, hires, the split) are plain numbers; what the world
// decides is a Value. A Scenario returned by Load is valid; code that edits
// one (plan) must call Validate again or keep to valid values.
type Scenario struct {
	Name        string
	Description string
	// File is the name the scenario was loaded from, for messages.
	File string
	// Source is the file's text exactly as the user wrote it.
	Source []byte

	Horizon   int // months, ≥ 1
	Funnel    Funnel
	Channels  []Channel // sorted by name
	Budget    *Budget   // nil when channels carry their own spend
	Sales     *Sales    // nil: no capacity limit, follow-up 1
	Customers Customers
	Targets   []Target // sorted by metric name

	// Variants are named sets of overrides in --set form (path → value as
	// written), in name order. Empty unless the file has `variants:`.
	Variants []Variant
}

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

	// Spend is the monthly spend, resolved: the channel's own spend, or
	// budget.monthly × its share, or headcount × cost_per_head.
	Spend float64

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

	Headcount     float64 // headcount channels
	CostPerHead   float64
	OutputPerHead Value
	RampMonths    float64
}

// Budget is a monthly total and its split between channels and the sales team.
type Budget struct {
	Monthly float64
	// Split maps a spend channel's name, or "sales_team", to its share.
	Split map[string]float64
}

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
	FollowUp       Value
	QueueDecay     Value
	Commission     float64
}

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
}

// Target is a goal for one metric: met when metric ≥ Value, or ≤ Value when Max.
type Target struct {
	Metric string
	Value  float64
	Max    bool
}

// Variant is a named set of overrides in --set form.
type Variant struct {
	Name      string
	Overrides []string // "key=value", sorted by key
}
