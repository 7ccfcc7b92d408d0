package measure

import (
	"math"
	"slices"
	"strings"
)

// Metric is one thing a run measures, per trial.
type Metric struct {
	Name  string // as in JSON, CSV, targets and --metric: "cac"
	Label string // as a reader knows it, for tables and charts: "CAC", "New customers"
	Unit  Unit
	// LowerIsBetter says less of it is better: costs, cost ratios, payback
	// and people lost.
	LowerIsBetter bool
	// Undefined says why a trial can leave it undefined ("no customer
	// won"); empty when every trial defines it.
	Undefined string
	// Beyond says an undefined value lies past the horizon rather than
	// nowhere (a cash that never runs out has a runway longer than any):
	// comparisons, targets and constraints take it as +Inf.
	Beyond bool
	// Usual is the range the benchmarks call usual, when they give one.
	Usual *Range
	// Limit is the level at or beyond which this metric says "here is the
	// limit" (capacity used at 95%: sales, not leads, binds); 0 when none.
	Limit float64
	// Doc says what it is, in a line, for the docs.
	Doc string
	// Needs names the scenario key without which a run does not measure
	// it at all ("market.size"); empty when every run does.
	Needs string
}

// Range is a usual range: Lo..Hi (either may be infinite), and where the
// figure comes from.
type Range struct {
	Lo, Hi float64
	Source string
}

// Contains reports where x lies against the range: -1 below, 0 within, 1 above.
func (r Range) Contains(x float64) int {
	switch {
	case x < r.Lo:
		return -1
	case x > r.Hi:
		return 1
	}
	return 0
}

// Noun is the label for the middle of a sentence: "new customers",
// "lifetime ROI", but "CAC" and "LTV:CAC" as written.
func (m Metric) Noun() string {
	l := m.Label
	if len(l) > 1 && strings.ToUpper(l[:2]) == l[:2] {
		return l
	}
	return strings.ToLower(l[:1]) + l[1:]
}

// Better reports whether a is better than b for this metric.
func (m Metric) Better(a, b float64) bool {
	if m.LowerIsBetter {
		return a < b
	}
	return a > b
}

var inf = math.Inf(1)

// OverflowReason says why a value is undefined when it left the float
// range (a sum past 1.8e308), as Metric.Undefined says a metric's own
// reasons.
const OverflowReason = "too large to compute (overflow)"

// CapacityLimit is the share of sales capacity used at or above which sales,
// not leads, is the limit: more leads would mostly wait.
const CapacityLimit = 0.95

// catalog is every metric of a run over the horizon, in the order tables
// show them (DESIGN.md's "Metrics").
var catalog = []Metric{
	{Name: "revenue", Label: "Revenue", Unit: Money,
		Doc: "all revenue, starting customers included"},
	{Name: "new_revenue", Label: "New revenue", Unit: Money,
		Doc: "revenue from customers won in the horizon"},
	{Name: "new_gross_profit", Label: "New gross profit", Unit: Money,
		Doc: "new revenue × gross margin"},
	{Name: "new_customers", Label: "New customers", Unit: Count,
		Doc: "customers won"},
	{Name: "spend", Label: "Spend", Unit: Money, LowerIsBetter: true,
		Doc: "total spend: marketing and sales"},
	{Name: "spend_marketing", Label: "Marketing spend", Unit: Money, LowerIsBetter: true,
		Doc: "marketing channels' spend"},
	{Name: "spend_sales", Label: "Sales spend", Unit: Money, LowerIsBetter: true,
		Doc: "sales channels, reps, commission and onboarding"},
	{Name: "cac", Label: "CAC", Unit: Money, LowerIsBetter: true, Undefined: "no customer won",
		Doc: "spend ÷ new customers"},
	{Name: "roi", Label: "ROI", Unit: Share, Undefined: "nothing spent",
		Doc: "(new gross profit − spend) ÷ spend"},
	{Name: "ltv", Label: "LTV", Unit: Money,
		Doc: "a new customer's discounted lifetime gross profit over 60 months"},
	{Name: "lifetime_roi", Label: "Lifetime ROI", Unit: Share, Undefined: "nothing spent",
		Doc: "(new customers × ltv − spend) ÷ spend"},
	{Name: "ltv_cac", Label: "LTV:CAC", Unit: Ratio, Undefined: "no customer won",
		Usual: &Range{Lo: 3, Hi: inf, Source: "3 or more is the usual bar (Skok)"},
		Doc:   "ltv ÷ cac"},
	{Name: "payback_months", Label: "Payback", Unit: Months, LowerIsBetter: true,
		Undefined: "no customer won, or not paid back within 60 months",
		Usual:     &Range{Lo: 0, Hi: 12, Source: "under 12 months is usually called good"},
		Doc:       "months of gross profit to earn back the CAC"},
	{Name: "ending_customers", Label: "Customers at the end", Unit: Count,
		Doc: "customers after the last month"},
	{Name: "ending_mrr", Label: "MRR at the end", Unit: Money,
		Doc: "monthly recurring revenue after the last month (0 for one_time)"},
	{Name: "lost_follow_up", Label: "Never followed up", Unit: Count, LowerIsBetter: true,
		Doc: "people sales never followed up"},
	{Name: "lost_queue", Label: "Lost while waiting", Unit: Count, LowerIsBetter: true,
		Doc: "people lost while waiting for sales capacity"},
	{Name: "capacity_used", Label: "Sales capacity used", Unit: Share, Undefined: "no sales team",
		Limit: CapacityLimit,
		Doc:   "people taken on ÷ sales capacity over the horizon"},
	{Name: "marketing_share_of_revenue", Label: "Marketing spend ÷ revenue", Unit: Share, LowerIsBetter: true,
		Undefined: "no revenue",
		Usual:     &Range{Lo: 0.06, Hi: 0.12, Source: "a common rule of thumb for an established business"},
		Doc:       "marketing spend ÷ revenue"},
	{Name: "sales_share_of_revenue", Label: "Sales spend ÷ revenue", Unit: Share, LowerIsBetter: true,
		Undefined: "no revenue",
		Usual:     &Range{Lo: 0.15, Hi: 0.20, Source: "a common rule of thumb for an established business with a sales team"},
		Doc:       "sales spend ÷ revenue"},
	{Name: "market_reached", Label: "Market reached", Unit: Share, Limit: NearlyUsedUp, Needs: "market.size",
		Doc: "share of the market entered over the horizon"},
	{Name: "rep_months", Label: "Rep-months worked", Unit: Count, Needs: "sales.attrition",
		Doc: "months worked by the sales team's reps, summed: part-time reps by their fraction, a rep ramping in full, a leaver not in the month it leaves"},
	{Name: "rep_leavers", Label: "Reps who left", Unit: Count, LowerIsBetter: true, Needs: "sales.attrition",
		Doc: "reps who left over the horizon"},
	{Name: "capacity_lost", Label: "Capacity lost", Unit: Count, LowerIsBetter: true, Needs: "sales.attrition",
		Doc: "Σ over months of ⌊the plan's reps × capacity per rep⌋ − the month's capacity: people the planned team could have taken on at full capacity, less those the team it had could, lost to vacancies and ramps (the plan's reps: those of month 1, plus hires, less cuts)"},
	{Name: "cash_end", Label: "Cash at the end", Unit: Money, Needs: "company.cash",
		Doc: "cash after the last month: the starting cash plus cash collected, less cost of revenue, spend and other costs"},
	{Name: "cash_min", Label: "Lowest cash", Unit: Money, Needs: "company.cash",
		Doc: "the lowest month-end cash over the horizon; below 0, the cash ran out"},
	{Name: "runway_months", Label: "Runway", Unit: Months, Needs: "company.cash",
		Undefined: "cash never runs out within the horizon", Beyond: true,
		Doc: "whole months the cash covers: one less than the first month whose end cash is below 0"},
	{Name: "break_even_month", Label: "Break-even month", Unit: Months, LowerIsBetter: true, Needs: "company.cash",
		Undefined: "no month's net cash flow ≥ 0", Beyond: true,
		Doc: "the first month whose net cash flow (collected less cost of revenue, spend and other costs) is ≥ 0"},
}

// CashRisk is the share of futures running out of cash within the
// horizon at or above which a run says the cash is the limit: one future
// in ten.
const CashRisk = 0.1

// NearlyUsedUp is the share of a market or an audience used at or above
// which a run says the pool is nearly used up: more spend there buys less.
const NearlyUsedUp = 0.8

// channelCatalog is every metric of one channel, in table order.
var channelCatalog = []Metric{
	{Name: "spend", Label: "Spend", Unit: Money, LowerIsBetter: true,
		Doc: "the channel's own spend (no reps, commission or onboarding)"},
	{Name: "entries", Label: "Entries", Unit: Count,
		Doc: "people entering through it"},
	{Name: "customers", Label: "Customers", Unit: Count,
		Doc: "customers it brought"},
	{Name: "new_revenue", Label: "New revenue", Unit: Money,
		Doc: "revenue from its customers"},
	{Name: "cac", Label: "CAC", Unit: Money, LowerIsBetter: true, Undefined: "no customer won",
		Doc: "its own spend ÷ its customers"},
	{Name: "roi", Label: "ROI", Unit: Share, Undefined: "nothing spent",
		Doc: "(its new revenue × gross margin − its own spend) ÷ its own spend"},
	{Name: "audience_used", Label: "Audience used", Unit: Share, Limit: NearlyUsedUp, Needs: "channels.NAME.audience",
		Doc: "share of its audience entered over the horizon"},
	{Name: "head_months", Label: "Head-months worked", Unit: Count, Needs: "channels.NAME.attrition",
		Doc: "months worked by its heads, summed: a head ramping in full, a leaver not in the month it leaves"},
	{Name: "leavers", Label: "Heads who left", Unit: Count, LowerIsBetter: true, Needs: "channels.NAME.attrition",
		Doc: "heads who left over the horizon"},
}

// seriesCatalog is every monthly series kept for a sample of trials.
var seriesCatalog = []Metric{
	{Name: "revenue", Label: "Revenue", Unit: Money, Doc: "the month's revenue"},
	{Name: "mrr", Label: "MRR", Unit: Money, Doc: "monthly recurring revenue at the month's end"},
	{Name: "new_customers", Label: "New customers", Unit: Count, Doc: "customers won in the month"},
	{Name: "customers", Label: "Customers", Unit: Count, Doc: "customers kept at the month's end"},
	{Name: "spend", Label: "Spend", Unit: Money, LowerIsBetter: true, Doc: "the month's spend"},
	{Name: "handed_off", Label: "Handed off", Unit: Count, Doc: "people reaching the handoff"},
	{Name: "capacity", Label: "Sales capacity", Unit: Count, Doc: "people the reps can take on"},
	{Name: "taken_on", Label: "Taken on", Unit: Count, Doc: "people sales took on"},
	{Name: "queue", Label: "Waiting", Unit: Count, Doc: "people waiting for sales at the month's end"},
	{Name: "market_left", Label: "Market left", Unit: Count, Needs: "market.size",
		Doc: "people in the market not yet reached at the month's end"},
	{Name: "cash", Label: "Cash", Unit: Money, Needs: "company.cash",
		Doc: "cash at the month's end"},
	{Name: "net_cash_flow", Label: "Net cash flow", Unit: Money, Needs: "company.cash",
		Doc: "cash collected in the month less its cost of revenue, spend and other costs"},
}

func names(ms []Metric) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return out
}

// Names returns the run's metrics in table order. The slice is a copy.
func Names() []string { return names(catalog) }

// ChannelNames returns a channel's metrics in table order.
func ChannelNames() []string { return names(channelCatalog) }

// SeriesNames returns the monthly series every run keeps, in order. A run
// also keeps those whose key its scenario uses (market_left, with
// market.size; cash and net_cash_flow, with company.cash), and each channel's spend, "channels.NAME.spend": Series
// resolves them all.
func SeriesNames() []string {
	var out []string
	for _, m := range seriesCatalog {
		if m.Needs == "" {
			out = append(out, m.Name)
		}
	}
	return out
}

// Index returns name's position in Names, -1 when it is not a metric.
func Index(name string) int {
	return slices.IndexFunc(catalog, func(m Metric) bool { return m.Name == name })
}

// ChannelIndex returns name's position in ChannelNames, -1 when none.
func ChannelIndex(name string) int {
	return slices.IndexFunc(channelCatalog, func(m Metric) bool { return m.Name == name })
}

// SeriesIndex returns name's position in the series catalog (those of
// SeriesNames first, in its order), -1 when none.
func SeriesIndex(name string) int {
	return slices.IndexFunc(seriesCatalog, func(m Metric) bool { return m.Name == name })
}

// IsMetric reports whether name is one of Names.
func IsMetric(name string) bool { return Index(name) >= 0 }

// Channel returns the channel metric called name, one of ChannelNames.
func Channel(name string) (Metric, bool) {
	if i := ChannelIndex(name); i >= 0 {
		return channelCatalog[i], true
	}
	return Metric{}, false
}

// Series returns the monthly series called name: one of the catalog's, or
// "channels.NAME.spend", a channel's own spend in the month.
func Series(name string) (Metric, bool) {
	if i := SeriesIndex(name); i >= 0 {
		return seriesCatalog[i], true
	}
	if rest, ok := strings.CutPrefix(name, "channels."); ok {
		if ch, ok := strings.CutSuffix(rest, ".spend"); ok && ch != "" && !strings.Contains(ch, ".") {
			return Metric{Name: name, Label: ch + "'s spend", Unit: Money, LowerIsBetter: true,
				Doc: "the channel's own spend in the month (no reps, commission or onboarding)"}, true
		}
	}
	return Metric{}, false
}

// Lookup returns the metric a name refers to: one of Names; "stages.STAGE",
// the people reaching a stage; or "channels.NAME.METRIC", one of a
// channel's metrics. It checks the form only: whether the stage or the
// channel exists is the scenario's to say.
func Lookup(name string) (Metric, bool) {
	if i := Index(name); i >= 0 {
		return catalog[i], true
	}
	if stage, ok := strings.CutPrefix(name, "stages."); ok && stage != "" && !strings.Contains(stage, ".") {
		return Metric{Name: name, Label: "People reaching " + stage, Unit: Count,
			Doc: "people reaching " + stage}, true
	}
	if rest, ok := strings.CutPrefix(name, "channels."); ok {
		ch, m, ok := strings.Cut(rest, ".")
		if i := ChannelIndex(m); ok && ch != "" && i >= 0 {
			c := channelCatalog[i]
			c.Name = name
			c.Label = ch + "'s " + c.Noun()
			return c, true
		}
	}
	return Metric{}, false
}

// Of is Lookup for a name known to be valid; an unknown name reads as a
// plain number under its own name.
func Of(name string) Metric {
	if m, ok := Lookup(name); ok {
		return m
	}
	return Metric{Name: name, Label: name, Unit: Number}
}
