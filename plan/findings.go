package plan

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/sim"
)

// Finding is one thing worth knowing about a plan, as data: what it is
// about (Kind), how much it matters for a decision (Importance) and the
// numbers it rests on. String words it (words.go), with the same formatter
// the tables use, so that a sentence and the table under it agree.
//
// The fields a kind uses are listed beside the kind. Numbers are in the
// unit of Metric unless the kind says otherwise.
type Finding struct {
	Kind       Kind
	Importance Importance
	// Metric is the metric the numbers are of, when there is one.
	Metric string
	// Subject is what the finding is about (a channel, a plan, a stage)
	// and Other what it is set against (the base plan, the dearest
	// channel).
	Subject, Other string
	// Value is the finding's figure; Low and High a range around it; Ref
	// what it is judged against; Share a share of futures or of a whole;
	// From and To a change, from the plan now to another.
	Value, Low, High, Ref, Share, From, To float64
	// Count and Of count whole things: full months of all months.
	Count, Of int
	// Max is true when Ref is a ceiling (≤) rather than a floor (≥).
	Max bool
	// Cal names the months a kind counts in Count (model.Calendar.Label):
	// the zero Calendar numbers them.
	Cal model.Calendar
}

// Kind says what a finding is about.
type Kind string

// A run's findings (Review).
const (
	// Sales capacity binds: Count of Of months full at the median (Count
	// -1 when no monthly paths were kept), Value the median share used
	// over the horizon.
	CapacityLimit Kind = "capacity_limit"
	// Sales capacity is never full (Count 0) or full in Count of Of
	// months, too few to bind; Value as CapacityLimit's.
	CapacityIdle   Kind = "capacity_idle"
	CapacityPartly Kind = "capacity_partly"
	// People lost while waiting for sales (LostWaiting) or never followed
	// up (NeverFollowedUp): Value, the median.
	LostWaiting     Kind = "lost_waiting"
	NeverFollowedUp Kind = "never_followed_up"
	// A target of the scenario: Metric, Ref the target (Max: a ceiling),
	// Share the chance of meeting it.
	TargetChance Kind = "target"
	// The channel that wins more than its weight: Subject, Share its share
	// of the channels' customers, Ref its share of their spend.
	ChannelPull Kind = "channel_pull"
	// The cheapest and the dearest channel: Subject and Value (median
	// CAC), Other and Ref.
	ChannelCAC Kind = "channel_cac"
	// LTV:CAC and payback against their usual bars: Value the median, Ref
	// the bar.
	LTVCAC  Kind = "ltv_cac"
	Payback Kind = "payback"
	// ROI within the horizon: Value its median, Share the share of futures
	// losing money, Ref lifetime ROI's median (NaN when undefined).
	HorizonROI Kind = "horizon_roi"
	// Spend as a share of revenue against the usual range: Metric, Value
	// the median.
	SpendShare Kind = "spend_share"
	// What to expect: Value, Low and High are the median, P10 and P90; Of
	// the months of the horizon.
	RevenueRange   Kind = "revenue_range"
	CustomersRange Kind = "customers_range"
	// A pool nearly used up (at measure.NearlyUsedUp or more at the
	// median): the market (Metric market_reached, no Subject) or channel
	// Subject's audience (Metric channels.NAME.audience_used; Other
	// "heads" for a headcount channel, "spend" for one that spends).
	// Value the median share used by month Count, the horizon's last.
	PoolUsedUp Kind = "pool_used_up"
	// Vacancies and ramps cost the sales team capacity: Value the median
	// people it could not take on (capacity_lost), Share that as a share
	// of what the planned team could take on at full capacity (Ref, at
	// mean capacity_per_rep), at least capacityLostShare.
	CapacityLost Kind = "capacity_lost"
	// The cash runs out within the horizon in at least measure.CashRisk
	// of futures: Share that share and Low its Monte Carlo error; Value
	// the median runway of those futures (months) and Count the month it
	// runs out then (Cal labels it); Of the horizon.
	CashRunsOut Kind = "cash_runs_out"
)

// capacityLostShare is the share of the planned team's capacity lost to
// vacancies and ramps from which a run says so: a tenth, a rep in ten
// gone all year.
const capacityLostShare = 0.1

// A comparison's findings (Compare).
const (
	// A plan against the base on the headline metric: Subject the plan,
	// Other the base, Value the mean difference (plan − base) and Low its
	// 95% margin, Share the chance the plan does better, Ref the monthly
	// cost difference. VersusUndefined: no trial defines the difference.
	Versus          Kind = "versus"
	VersusUndefined Kind = "versus_undefined"
)

// Notes on an optimization (Optimize): what the user should know about
// the answer. BudgetUnspent: only Value of the budget Ref is spent, every
// option at its maximum; BudgetDiffers: the current plan spends Value on
// the options, the budget is Ref; KeepCurrent: no split beats the current
// plan; CheckMoved: the local check's transfers of Value improved the
// split Count times; HireMoved: the local check's whole-hire moves (a
// hire swapped for another, one fewer or one more, balanced by spend)
// improved it Count times; SearchCut: the search stopped at its cap of
// Count evaluations.
const (
	BudgetUnspent Kind = "budget_unspent"
	BudgetDiffers Kind = "budget_differs"
	KeepCurrent   Kind = "keep_current"
	CheckMoved    Kind = "check_moved"
	HireMoved     Kind = "hire_moved"
	SearchCut     Kind = "search_cut"
)

// Notes on a plan an optimizer, the frontier or goal seeking arrived at,
// against the current one (ScaleNotes). NoPool: channel Subject, linear or
// headcount, goes from From to To a month, more than noPoolScale times
// (Ref the ratio; +Inf from nothing), with no pool to bound it: Other
// names the keys that would. ScheduleScaled: channel Subject follows a
// schedule, whose every step is scaled by Ref, its mean a month from From
// to To.
const (
	NoPool         Kind = "no_pool"
	ScheduleScaled Kind = "schedule_scaled"
)

// noPoolScale is the growth of a channel's spend beyond which an answer
// that scales it says it assumes the channel never runs out.
const noPoolScale = 3

// ScaleNotes says what a plan then, found by a search from the plan now,
// takes for granted in each channel: that a linear or headcount channel
// scaled beyond noPoolScale times today's never runs out, when neither
// the market nor its audience bounds it; and that a schedule's amount is
// its mean a month, every step scaled.
func ScaleNotes(now, then *model.Scenario) []Finding {
	var out []Finding
	for i := range now.Channels {
		if i >= len(then.Channels) {
			break
		}
		ch := &now.Channels[i]
		from, to := monthlySpend(now, ch), monthlySpend(then, &then.Channels[i])
		linear := ch.Response == model.Linear || ch.Response == model.Headcount
		if linear && to > 0.5 && to > noPoolScale*from && len(Pools(then, i)) == 0 {
			out = append(out, Finding{Kind: NoPool, Subject: ch.Name, From: from, To: to, Ref: to / from,
				Other: "channels." + ch.Name + ".audience or market.size"})
		}
		moves := !ch.Spend.IsConstant() || (ch.Response == model.Headcount && !ch.Headcount.IsConstant())
		if moves && from > 0 && to > 0.5 && math.Abs(to-from) > 0.5 {
			out = append(out, Finding{Kind: ScheduleScaled, Subject: ch.Name, From: from, To: to, Ref: to / from})
		}
	}
	return out
}

// Notes on a reverse funnel (ReverseFunnel): what it ignores or cannot
// do. StartingEnough: the starting customers alone bring the target;
// ChannelCeiling: channel Subject cannot bring Value entries a month, its
// ceiling High; RepsShort: sales must take on Value people a month, Low
// reps at Ref each against High planned; WaitsIgnored: a person takes
// about Value months from the first stage to customer.
const (
	StartingEnough Kind = "starting_enough"
	ChannelCeiling Kind = "channel_ceiling"
	RepsShort      Kind = "reps_short"
	WaitsIgnored   Kind = "waits_ignored"
)

// Importance orders findings for a decision: what caps the plan first,
// then the targets, then where the next dollar or test should go, then
// the usual bars, then the ranges to expect.
type Importance int

const (
	Context   Importance = iota // what to expect
	Benchmark                   // against the usual bars and ranges
	Lead                        // where the next dollar or test should go
	Target                      // a target's chance
	Limit                       // what caps the plan
)

// sortFindings orders findings most important first, keeping the order
// of equals.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int { return cmp.Compare(b.Importance, a.Importance) })
}

// Run is one simulation read once: its summary, each kept monthly series'
// statistics and its findings. Tables, charts, the report and the files
// all take their numbers from it, so none summarises a column again.
type Run struct {
	Result  *sim.Result
	Summary *sim.Summary
	// Monthly is nil when the run kept no monthly paths.
	Monthly sim.Monthly
	// FullMonths is the number of months in which sales capacity is full
	// at the median (see fullMonths); -1 when unknown: no sales section, or
	// no kept paths.
	FullMonths int
	// Findings are the run's findings, most important first.
	Findings []Finding
}

// Review summarises a run once (every metric, each monthly series) and
// reads its findings.
func Review(r *sim.Result) *Run {
	run := &Run{Result: r, Summary: r.Summary(), Monthly: r.Monthly(), FullMonths: fullMonths(r)}
	run.Findings = run.findings()
	return run
}

// Lead returns the findings that say what to do: those of Lead
// importance or more.
func (r *Run) Lead() []Finding {
	n := slices.IndexFunc(r.Findings, func(f Finding) bool { return f.Importance < Lead })
	if n < 0 {
		n = len(r.Findings)
	}
	return r.Findings[:n]
}

// fullMonths counts the months in which sales capacity is full at the
// median: months where at least half of the kept paths take on at least
// measure.CapacityLimit of what capacity allows, the share at which the
// planners call capacity the limit. -1 when the run has no sales section
// or kept no paths.
func fullMonths(r *sim.Result) int {
	if r.Scenario == nil || r.Scenario.Sales == nil {
		return -1
	}
	taken, capa := r.Paths.Series["taken_on"], r.Paths.Series["capacity"]
	if len(taken) == 0 || len(capa) != len(taken) {
		return -1
	}
	full := 0
	for m := range len(taken[0]) {
		n := 0
		for i := range taken {
			if m < len(taken[i]) && m < len(capa[i]) && capa[i][m] > 0 && taken[i][m] >= measure.CapacityLimit*capa[i][m] {
				n++
			}
		}
		if 2*n >= len(taken) {
			full++
		}
	}
	return full
}

// stat returns a metric's statistics and whether any trial defines it.
func (r *Run) stat(name string) (sim.Stats, bool) {
	st, ok := r.Summary.Metrics[name]
	return st, ok && st.Defined > 0
}

// Stat returns the statistics of a metric by any name CheckMetric
// accepts (a metric, "stages.STAGE", "channels.NAME.METRIC") and whether
// the run measured it.
func (r *Run) Stat(name string) (sim.Stats, bool) {
	if st, ok := r.Summary.Metrics[name]; ok {
		return st, true
	}
	if stage, ok := strings.CutPrefix(name, "stages."); ok {
		st, ok := r.Summary.Stages[stage]
		return st, ok
	}
	if rest, ok := strings.CutPrefix(name, "channels."); ok {
		ch, m, _ := strings.Cut(rest, ".")
		st, ok := r.Summary.Channels[ch][m]
		return st, ok
	}
	return sim.Stats{}, false
}

// MarketMetrics lists the metrics of the market and the channels'
// audiences the run measured, in table order: market_reached, then each
// channel's channels.NAME.audience_used.
func (r *Run) MarketMetrics() []string {
	return r.measured([]string{"market_reached"}, []string{"audience_used"})
}

// PeopleMetrics lists the metrics of people leaving the run measured, in
// table order: the sales team's rep_months, rep_leavers and
// capacity_lost, then each headcount channel's head_months and leavers.
func (r *Run) PeopleMetrics() []string {
	return r.measured([]string{"rep_months", "rep_leavers", "capacity_lost"}, []string{"head_months", "leavers"})
}

// measured lists the metrics of names, then those of each channel's
// channelNames (channels.NAME.METRIC), that the run has.
func (r *Run) measured(names, channelNames []string) []string {
	var out []string
	for _, m := range names {
		if _, ok := r.Summary.Metrics[m]; ok {
			out = append(out, m)
		}
	}
	for _, ch := range r.Result.Channels {
		for _, m := range channelNames {
			if _, ok := r.Summary.Channels[ch.Name][m]; ok {
				out = append(out, "channels."+ch.Name+"."+m)
			}
		}
	}
	return out
}

// findings reads what a planner should notice in the run: what caps it
// (the cash, sales capacity, people lost), each target's chance, the channel that
// pulls most, the usual bars, and the ranges to expect.
func (r *Run) findings() []Finding {
	// Running out of cash caps a plan before anything else does.
	out := r.cashFindings()
	s := r.Result.Scenario
	if s != nil && s.Sales != nil {
		out = append(out, r.capacityFindings()...)
	}
	if st, ok := r.stat("revenue"); ok {
		out = append(out, Finding{Kind: RevenueRange, Importance: Context, Metric: "revenue",
			Value: st.P50, Low: st.P10, High: st.P90, Of: r.Result.Horizon})
	}
	if s != nil {
		for _, t := range s.Targets {
			if tr, ok := r.Summary.Targets[t.Metric]; ok && !math.IsNaN(tr.Probability) {
				out = append(out, Finding{Kind: TargetChance, Importance: Target, Metric: t.Metric,
					Ref: t.Value, Max: t.Max, Share: tr.Probability})
			}
		}
	}
	if st, ok := r.stat("new_customers"); ok {
		out = append(out, Finding{Kind: CustomersRange, Importance: Context, Metric: "new_customers",
			Value: st.P50, Low: st.P10, High: st.P90})
	}
	out = append(out, r.channelFindings()...)
	out = append(out, r.poolFindings()...)
	if st, ok := r.stat("ltv_cac"); ok {
		out = append(out, Finding{Kind: LTVCAC, Importance: Benchmark, Metric: "ltv_cac",
			Value: st.P50, Ref: measure.Of("ltv_cac").Usual.Lo})
	}
	if st, ok := r.stat("payback_months"); ok {
		out = append(out, Finding{Kind: Payback, Importance: Benchmark, Metric: "payback_months",
			Value: st.P50, Ref: measure.Of("payback_months").Usual.Hi})
	}
	if st, ok := r.stat("roi"); ok {
		neg, n := 0, 0
		for _, x := range r.Result.Metrics["roi"] {
			if defined(x) {
				n++
				if x < 0 {
					neg++
				}
			}
		}
		life := math.NaN()
		if lt, ok := r.stat("lifetime_roi"); ok {
			life = lt.P50
		}
		out = append(out, Finding{Kind: HorizonROI, Importance: Context, Metric: "roi",
			Value: st.P50, Share: float64(neg) / float64(n), Ref: life})
	}
	for _, m := range shareMetrics {
		if st, ok := r.stat(m); ok && r.judged(m) {
			out = append(out, Finding{Kind: SpendShare, Importance: Benchmark, Metric: m, Value: st.P50})
		}
	}
	sortFindings(out)
	return out
}

// capacityFindings says whether sales capacity binds, and the people sales
// loses: never followed up, or lost while waiting.
func (r *Run) capacityFindings() []Finding {
	var out []Finding
	used, _ := r.stat("capacity_used")
	f := Finding{Metric: "capacity_used", Value: used.P50, Count: r.FullMonths, Of: r.Result.Horizon}
	switch {
	case used.Defined == 0:
	case r.Binds():
		f.Kind, f.Importance = CapacityLimit, Limit
		out = append(out, f)
	case r.FullMonths == 0:
		f.Kind, f.Importance = CapacityIdle, Lead
		out = append(out, f)
	case r.FullMonths > 0:
		f.Kind, f.Importance = CapacityPartly, Context
		out = append(out, f)
	}
	if st, ok := r.stat("lost_queue"); ok && st.P50 > 0 {
		out = append(out, Finding{Kind: LostWaiting, Importance: Lead, Metric: "lost_queue", Value: st.P50})
	}
	if st, ok := r.stat("lost_follow_up"); ok && st.P50 > 0 {
		out = append(out, Finding{Kind: NeverFollowedUp, Importance: Lead, Metric: "lost_follow_up", Value: st.P50})
	}
	if st, ok := r.stat("capacity_lost"); ok {
		planned := plannedCapacity(r.Result.Scenario, r.Result.Horizon)
		if share := st.P50 / planned; planned > 0 && share >= capacityLostShare {
			imp := Context
			if r.Binds() {
				imp = Lead // capacity is what caps the plan: what is lost of it matters
			}
			out = append(out, Finding{Kind: CapacityLost, Importance: imp, Metric: "capacity_lost",
				Value: st.P50, Share: share, Ref: planned})
		}
	}
	return out
}

// plannedCapacity is what the planned sales team could take on over the
// horizon at full capacity and mean capacity_per_rep: each month's reps
// (starting, bought by a split, hired by then, less those cut by then),
// none leaving and none ramping: the base capacity_lost is counted from.
func plannedCapacity(s *model.Scenario, horizon int) float64 {
	if s == nil || s.Sales == nil {
		return 0
	}
	repMonths := 0.0
	for t := 1; t <= horizon; t++ {
		reps := s.Sales.Reps
		for _, h := range s.Sales.Hires {
			if h.Month <= t {
				reps += h.Reps
			}
		}
		for _, c := range s.Sales.Cuts {
			if c.Month <= t {
				reps -= c.Reps
			}
		}
		repMonths += max(reps, 0)
	}
	return repMonths * s.Sales.CapacityPerRep.Mean()
}

// poolFindings says which pools are nearly used up by the horizon's end at
// the median: the market first (it caps every channel), then each
// channel's own audience.
func (r *Run) poolFindings() []Finding {
	var out []Finding
	var cal model.Calendar
	if s := r.Result.Scenario; s != nil {
		cal = s.Calendar
	}
	if st, ok := r.stat("market_reached"); ok && st.P50 >= measure.NearlyUsedUp {
		out = append(out, Finding{Kind: PoolUsedUp, Importance: Limit, Metric: "market_reached",
			Value: st.P50, Count: r.Result.Horizon, Cal: cal})
	}
	for i, ch := range r.Result.Channels {
		st, ok := r.Summary.Channels[ch.Name]["audience_used"]
		if !ok || st.Defined == 0 || st.P50 < measure.NearlyUsedUp {
			continue
		}
		buys := "spend"
		if s := r.Result.Scenario; s != nil && i < len(s.Channels) && s.Channels[i].Response == model.Headcount {
			buys = "heads"
		}
		out = append(out, Finding{Kind: PoolUsedUp, Importance: Lead, Metric: "channels." + ch.Name + ".audience_used",
			Subject: ch.Name, Other: buys, Value: st.P50, Count: r.Result.Horizon, Cal: cal})
	}
	return out
}

// Binds reports whether sales capacity, not leads, limits the run: it is
// full in at least half of the months at the median, or the median share
// used over the horizon is at measure.CapacityLimit.
func (r *Run) Binds() bool {
	used, ok := r.stat("capacity_used")
	if !ok {
		return false
	}
	return used.P50 >= measure.CapacityLimit || (r.FullMonths >= 0 && 2*r.FullMonths >= r.Result.Horizon)
}

// channelFindings names the channels with the lowest and highest median CAC
// and the channel that wins the largest share of customers for its share of
// spend (means over the trials, as the channel-shares chart draws them).
func (r *Run) channelFindings() []Finding {
	var out []Finding
	var cheap, dear *Finding
	var spend, cust []float64
	var totalSpend, totalCust float64
	for _, ch := range r.Result.Channels {
		ms := r.Summary.Channels[ch.Name]
		if st := ms["cac"]; st.Defined > 0 {
			if cheap == nil {
				cheap, dear = &Finding{Subject: ch.Name, Value: st.P50}, &Finding{Subject: ch.Name, Value: st.P50}
			}
			if st.P50 < cheap.Value {
				cheap.Subject, cheap.Value = ch.Name, st.P50
			}
			if st.P50 > dear.Value {
				dear.Subject, dear.Value = ch.Name, st.P50
			}
		}
		sp, cu := ms["spend"].Mean, ms["customers"].Mean
		spend, cust = append(spend, sp), append(cust, cu)
		totalSpend += sp
		totalCust += cu
	}
	if cheap != nil && cheap.Subject != dear.Subject {
		out = append(out, Finding{Kind: ChannelCAC, Importance: Benchmark, Metric: "cac",
			Subject: cheap.Subject, Value: cheap.Value, Other: dear.Subject, Ref: dear.Value})
	}
	if len(spend) >= 2 && totalSpend > 0 && totalCust > 0 {
		best, ratio := -1, 0.0
		for i := range spend {
			if spend[i] <= 0 {
				continue
			}
			if q := (cust[i] / totalCust) / (spend[i] / totalSpend); q > ratio {
				best, ratio = i, q
			}
		}
		if best >= 0 && ratio > 1.1 {
			out = append(out, Finding{Kind: ChannelPull, Importance: Lead, Subject: r.Result.Channels[best].Name,
				Share: cust[best] / totalCust, Ref: spend[best] / totalSpend})
		}
	}
	return out
}

// shareMetrics are the spend ÷ revenue metrics weighed against their usual
// ranges.
var shareMetrics = []string{"marketing_share_of_revenue", "sales_share_of_revenue"}

// judged reports whether a spend ÷ revenue share is weighed against its
// usual range: marketing's when the plan spends on marketing; sales', a
// range for businesses with a sales team, only when there is a sales team
// or a sales channel.
func (r *Run) judged(metric string) bool {
	spend := "spend_marketing"
	if metric == "sales_share_of_revenue" {
		spend = "spend_sales"
		s := r.Result.Scenario
		if s == nil {
			return false
		}
		team := s.Sales != nil || slices.ContainsFunc(s.Channels, func(ch model.Channel) bool { return ch.Kind == model.SalesKind })
		if !team {
			return false
		}
	}
	st, ok := r.stat(spend)
	return ok && st.Max > 0
}
