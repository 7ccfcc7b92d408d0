package plan

import (
	"fmt"
	"math"
	"strings"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// This file is where harvest's findings become English: every sentence a
// command prints or writes about a plan is worded here, from the data the
// planners return, with measure's formatter, so that a sentence prints a
// number as the table beside it does.

// String words the finding in a sentence.
func (f Finding) String() string {
	m := measure.Of(f.Metric)
	u := m.Unit
	switch f.Kind {
	case CapacityLimit:
		if f.Count < 0 {
			return fmt.Sprintf("Sales capacity is the limit: %s of it is used over the horizon at the median, so more leads would mostly wait; another rep would work more of them (harvest optimize says whether one pays for itself).",
				u.Format(f.Value))
		}
		return fmt.Sprintf("Sales capacity is the limit: it is full in %d of %d months at the median (%s used over the horizon), so more leads would mostly wait; another rep would work more of them (harvest optimize says whether one pays for itself).",
			f.Count, f.Of, u.Format(f.Value))
	case CapacityIdle:
		return "Sales capacity is never full at the median: sales can work more leads than it gets."
	case CapacityPartly:
		return fmt.Sprintf("Sales capacity is full in %d of %d months at the median.", f.Count, f.Of)
	case LostWaiting:
		return fmt.Sprintf("%s people are lost while waiting for sales at the median.", u.Format(f.Value))
	case NeverFollowedUp:
		return fmt.Sprintf("Sales never works %s of the people handed to it at the median (follow-up below 100%%).", u.Format(f.Value))
	case TargetChance:
		return fmt.Sprintf("Target %s %s %s: %s likely (%s).", m.Noun(), op(f.Max), u.Format(f.Ref), measure.Share.Format(f.Share), Chance(f.Share))
	case ChannelPull:
		return fmt.Sprintf("The %s channel brings %s of the channels' customers for %s of their spend.",
			f.Subject, measure.Share.Format(f.Share), measure.Share.Format(f.Ref))
	case ChannelCAC:
		return fmt.Sprintf("The %s channel has the lowest CAC (%s at the median); %s the highest (%s).",
			f.Subject, u.Format(f.Value), f.Other, u.Format(f.Ref))
	case LTVCAC:
		side := "under"
		if f.Value >= f.Ref {
			side = "at or above"
		}
		return fmt.Sprintf("LTV:CAC is %s at the median, %s the usual bar of %s.", u.Format(f.Value), side, u.Short(f.Ref))
	case Payback:
		side := "longer than"
		if f.Value <= f.Ref {
			side = "within"
		}
		return fmt.Sprintf("CAC pays back in %s at the median, %s the %s usually called good.", u.Format(f.Value), side, u.Short(f.Ref))
	case HorizonROI:
		if 2*f.Share > 1 {
			life := ""
			if defined(f.Ref) {
				life = fmt.Sprintf(" (lifetime ROI %s at the median)", u.Format(f.Ref))
			}
			return fmt.Sprintf("Within the horizon the plan loses money on new customers in %s of futures (ROI %s at the median); their value shows over their lifetime%s.",
				measure.Share.Format(f.Share), u.Format(f.Value), life)
		}
		return fmt.Sprintf("ROI on new customers within the horizon is %s at the median, positive in %s of futures.",
			u.Format(f.Value), measure.Share.Format(1-f.Share))
	case SpendShare:
		who := "Marketing"
		if f.Metric == "sales_share_of_revenue" {
			who = "Sales"
		}
		return fmt.Sprintf("%s spend is %s of revenue at the median, %s the usual %s.", who, u.Format(f.Value), against(m, f.Value), UsualRange(m))
	case RevenueRange:
		return fmt.Sprintf("Revenue over the %d months is %s at the median; in 8 of 10 futures it lands between %s and %s.",
			f.Of, u.Format(f.Value), u.Format(f.Low), u.Format(f.High))
	case Versus:
		better := "higher"
		if m.LowerIsBetter {
			better = "lower"
		}
		msg := fmt.Sprintf("%s: %s %s on average against %s (95%%: ±%s), %s in %s of trials",
			f.Subject, m.Noun(), u.Signed(f.Value), f.Other, u.Error(f.Value, f.Low), better, measure.Share.Format(f.Share))
		if f.Ref != 0 {
			word := "more"
			if f.Ref < 0 {
				word = "less"
			}
			msg += fmt.Sprintf(", for %s %s a month", measure.Money.Format(math.Abs(f.Ref)), word)
		}
		return msg + "."
	case VersusUndefined:
		return fmt.Sprintf("%s: %s is undefined in every trial of %s or %s.", f.Subject, m.Noun(), f.Subject, f.Other)
	case BudgetUnspent:
		return fmt.Sprintf("only %s of the %s budget is spent: every option is at its maximum", measure.Money.Format(f.Value), measure.Money.Format(f.Ref))
	case BudgetDiffers:
		return fmt.Sprintf("the current plan spends %s a month on these options, the budget is %s", measure.Money.Format(f.Value), measure.Money.Format(f.Ref))
	case KeepCurrent:
		return "no split found beats the current plan over the full run: keep it"
	case CheckMoved:
		return fmt.Sprintf("the check of single %s transfers between options improved the search's split %s", measure.Money.Format(f.Value), times(f.Count))
	case HireMoved:
		return fmt.Sprintf("the check of whole-hire moves (a hire swapped for another, one fewer or one more, the difference on spend) improved the search's split %s", times(f.Count))
	case SearchCut:
		return fmt.Sprintf("the search stopped at its cap of %d evaluations: raise it for a finer answer", f.Count)
	case NoPool:
		scale := fmt.Sprintf("scales %s to %s today's (%s → %s a month)", f.Subject, measure.Ratio.Format(f.Ref),
			measure.Money.Format(f.From), measure.Money.Format(f.To))
		if !(f.From > 0) {
			scale = fmt.Sprintf("puts %s a month into %s, which spends nothing today", measure.Money.Format(f.To), f.Subject)
		}
		return fmt.Sprintf("this assumes %s never runs out: it %s as if every extra dollar there found new people at today's cost; %s would bound it",
			f.Subject, scale, f.Other)
	case ScheduleScaled:
		return fmt.Sprintf("%s follows a schedule: its amount is its mean a month over the horizon, and every step of it is scaled by %s (%s → %s a month on average)",
			f.Subject, measure.Ratio.Format(f.Ref), measure.Money.Format(f.From), measure.Money.Format(f.To))
	case StartingEnough:
		return "the starting customers alone bring the target: no new customer is needed"
	case ChannelCeiling:
		return fmt.Sprintf("%s cannot bring %s entries a month at any spend: its ceiling is %s a month",
			f.Subject, measure.Count.Format(f.Value), measure.Count.Format(f.High))
	case RepsShort:
		return fmt.Sprintf("sales must take on %s people a month: %s reps at %s each, against %s planned",
			measure.Count.Format(f.Value), measure.Count.Format(f.Low), measure.Count.Format(f.Ref), measure.Count.Format(f.High))
	case WaitsIgnored:
		return fmt.Sprintf("stage waits are ignored: a person takes about %s from the first stage to customer, "+
			"so those entering in the horizon's last months close after it; start earlier or plan more", measure.Months.Format(f.Value))
	case CustomersRange:
		return fmt.Sprintf("The plan wins %s new customers at the median (%s to %s in 8 of 10 futures).",
			u.Format(f.Value), u.Format(f.Low), u.Format(f.High))
	case CashRunsOut:
		msg := fmt.Sprintf("The cash runs out within the %d months in %s of futures",
			f.Of, measure.Share.PlusMinus(f.Share, f.Low))
		if defined(f.Value) {
			msg += fmt.Sprintf("; in those, it lasts %s at the median and runs out in %s", u.Format(f.Value), MonthWords(f.Cal, f.Count))
		}
		return msg + ": raise cash, cut costs or spend later."
	case PoolUsedUp:
		by := MonthWords(f.Cal, f.Count)
		switch {
		case f.Subject == "":
			return fmt.Sprintf("The market is %s reached by %s at the median: every channel finds fewer new people as it runs out, so more spend buys less.",
				u.Format(f.Value), by)
		case f.Other == "heads":
			return fmt.Sprintf("The %s audience is %s used by %s at the median: more %s heads will find fewer new people.",
				f.Subject, u.Format(f.Value), by, f.Subject)
		}
		return fmt.Sprintf("The %s audience is %s used by %s at the median: more spend on %s will reach fewer new people.",
			f.Subject, u.Format(f.Value), by, f.Subject)
	case CapacityLost:
		return fmt.Sprintf("Vacancies and ramps cost sales %s of the %s people the planned team could take on at the median (%s): "+
			"a shorter time_to_fill, backfill or hiring ahead of leavers wins it back.",
			u.Format(f.Value), measure.Count.Format(f.Ref), measure.Share.Format(f.Share))
	}
	return string(f.Kind)
}

// words says which input is most worth learning better, with its means
// at its P10 and P90 as the tornado's table prints them.
func (s *SensitivityResult) words() string {
	m := measure.Of(s.Metric)
	noun, u := m.Noun(), m.Unit
	if len(s.Inputs) == 0 {
		return fmt.Sprintf("Every input is a fixed number: the spread of %s comes from month-to-month chance alone. "+
			"Write ranges such as {low: 0.2, high: 0.4} where you are unsure.", noun)
	}
	top := s.Inputs[0]
	if top.Undefined || top.Swing <= 2*top.SwingSE {
		return fmt.Sprintf("No uncertain input moves mean %s beyond Monte Carlo noise: the spread comes from month-to-month chance.", noun)
	}
	msg := fmt.Sprintf("%s moves %s most: mean %s at its P10 (%s) against %s at its P90 (%s), a swing of %s. "+
		"It is the number most worth learning better.",
		top.Key, noun, u.Format(top.MeanAtLow), top.unit.Format(top.Low),
		u.Format(top.MeanAtHigh), top.unit.Format(top.High), u.Format(top.Swing))
	if len(s.Inputs) > 1 && !s.Inputs[1].Undefined && s.Inputs[1].Swing > 2*s.Inputs[1].SwingSE {
		msg += fmt.Sprintf(" Next: %s (swing %s).", s.Inputs[1].Key, u.Format(s.Inputs[1].Swing))
	}
	return msg
}

// words says how a run to precision ended: the trials it took and whether
// the 95% interval of the mean reached the precision asked for or the runs
// stopped at the cap.
func (p Precision) words() string {
	m := measure.Of(p.Metric)
	interval := fmt.Sprintf("the 95%% interval of mean %s is ±%s (%s)", m.Noun(), m.Unit.Error(p.Mean, p.HalfWidth), measure.Share.Margin(p.Achieved))
	who := ""
	if p.Plan != "" {
		who = " (least precise plan: " + p.Plan + ")"
	}
	runs := measure.Count.Plural(float64(p.Runs), "run")
	if p.Reached {
		return fmt.Sprintf("Ran to precision: %s trials in %s; %s%s, within the ±%s asked for.",
			measure.Whole(p.Trials), runs, interval, who, measure.Share.Margin(p.Relative))
	}
	if p.StoppedBy == StoppedByMemory {
		return fmt.Sprintf("Stopped at %s trials in %s, the most this machine's memory holds: %s%s, short of the ±%s asked for.",
			measure.Whole(p.Trials), runs, interval, who, measure.Share.Margin(p.Relative))
	}
	return fmt.Sprintf("Stopped at the cap of %s trials (--max-trials) in %s: %s%s, short of the ±%s asked for.",
		measure.Whole(p.Trials), runs, interval, who, measure.Share.Margin(p.Relative))
}

// words is goal seeking's answer in a sentence or two: the chance reached
// at the lever's value and what it costs, or, out of reach, the chance at
// the upper bound and why (the diagnosis).
func (g *GoalResult) words() string {
	switch g.Lever {
	case LeverPlan:
		return g.planWords()
	case LeverCash:
		return g.cashWords()
	}
	event := Event(g.Metric, g.AtMost, g.Target)
	if !g.Reached {
		return fmt.Sprintf("The target is out of reach within the bounds: even at %s, %s is %s, under the %s asked for. %s",
			leverAt(g.Lever, g.Value), event, measure.Share.Against(g.Probability, g.Confidence), measure.Share.Format(g.Confidence), g.Diagnosis)
	}
	return fmt.Sprintf("%s reaches %s (asked: %s) at %s, costing %s a month (%s now, where it is %s).",
		event, measure.Share.Format(g.Probability), measure.Share.Format(g.Confidence), leverAt(g.Lever, g.Value),
		measure.Money.Format(g.MonthlyCost), measure.Money.Format(g.CurrentMonthlyCost), measure.Share.Format(g.CurrentProbability)) + g.upToWords()
}

// capWords says what keeps a target out of reach, a sentence a cause; the
// saturated channels share one.
func capWords(caps []Finding) string {
	var words, saturated []string
	for _, f := range caps {
		u := measure.Of(f.Metric).Unit
		switch f.Kind {
		case CapDemand:
			words = append(words, fmt.Sprintf("With %s sales uses only %s of its capacity at the median: "+
				"leads, not reps, are the limit; more spend is what would help (lever plan grows spend and reps together).", LeverValue("reps", f.Ref), u.Format(f.Value)))
		case CapSalesCapacity:
			msg := fmt.Sprintf("Sales capacity caps it: the reps take on %s of what they can at the median", u.Format(f.Value))
			if f.Subject != "" {
				msg += fmt.Sprintf(", while the people reaching %s grow from %s a run at the current plan to %s at the bound",
					f.Subject, measure.Count.Format(f.From), measure.Count.Format(f.To))
			}
			if f.High > f.Low {
				msg += fmt.Sprintf("; those lost waiting grow from %s to %s", measure.Count.Format(f.Low), measure.Count.Format(f.High))
			}
			words = append(words, msg+". Add reps or hires (lever plan grows spend and reps together).")
		case CapChannelSaturation:
			brings := measure.Count.Format(f.Ref) + " entries"
			if measure.Count.Format(f.Ref) == "0" {
				brings = "almost no one"
			}
			saturated = append(saturated, fmt.Sprintf("%s (at %s a month an extra $1k brings %s, %s of its best; ceiling %s a month)",
				f.Subject, measure.Money.Format(f.Value), brings, measure.Share.Format(f.Share), measure.Count.Format(f.High)))
		case CapBounds:
			words = append(words, fmt.Sprintf("Neither sales capacity nor channel saturation caps it: the target needs more than the bound allows; "+
				"raise the upper bound (now %s).", LeverValue(f.Subject, f.Ref)))
		}
	}
	if len(saturated) > 0 {
		words = append(words, "Channel saturation caps it: "+strings.Join(saturated, "; ")+".")
	}
	return strings.Join(words, " ")
}

// LeverWords says what a goal's lever changes.
func LeverWords(lever string) string {
	switch {
	case lever == "budget":
		return "budget: every spend channel's spend scaled together; reps, hires and headcount channels unchanged"
	case lever == "reps":
		return "reps: the sales team's starting reps; hires unchanged"
	case lever == LeverCash:
		return "cash: the cash at the start of month 1 (company.cash); the plan unchanged"
	case lever == LeverPlan:
		return "plan: the whole monthly budget, grown along the best split of channels, heads and reps"
	}
	return strings.TrimPrefix(lever, "channel:") + "'s monthly spend"
}

// LeverValue prints a lever's value: a budget scale ("1.46×"), reps
// ("2.7 reps") or a channel's monthly spend ("$18.2k a month").
func LeverValue(lever string, x float64) string {
	switch lever {
	case "budget":
		return measure.Ratio.Format(x)
	case "reps":
		return measure.Count.Plural(x, "rep")
	case LeverPlan:
		return measure.Money.Format(x) + " a month"
	case LeverCash:
		return measure.Money.Format(x)
	}
	return measure.Money.Format(x) + " a month"
}

// leverAt says what the plan is with the lever at x, for sentences.
func leverAt(lever string, x float64) string {
	switch {
	case lever == "budget":
		return fmt.Sprintf("a budget scale of %s (on every spend channel; headcount, reps and hires unchanged)", LeverValue(lever, x))
	case lever == "reps":
		return fmt.Sprintf("%s (%g whole)", LeverValue(lever, x), math.Ceil(x-1e-9))
	case lever == LeverCash:
		return "a starting cash of " + LeverValue(lever, x)
	}
	return fmt.Sprintf("%s spend of %s", strings.TrimPrefix(lever, "channel:"), LeverValue(lever, x))
}

// Lines says the funding order in words, a line per stretch: "the
// first $3.2k → content (total $3.2k)". The search hands out the budget in
// small steps, and two options that grow together (an SDR and the reps who
// work the meetings) take turns; such turns make one line, "the next $54k →
// sales_team $29k and sdr $25k, in turns (total $64k)", so that the order
// reads as decisions rather than steps. The step after which sales capacity
// becomes the limit ends its line, and the line says so.
func (f FundingOrder) Lines() []string {
	steps := f.Steps
	var lines []string
	for i := 0; i < len(steps); {
		j := fundingLineEnd(steps, i, f.CapacityLimit)
		amounts := map[string]float64{}
		var order []string
		add := func(option string, amount float64) {
			if _, ok := amounts[option]; !ok {
				order = append(order, option)
			}
			amounts[option] += amount
		}
		together := false
		for _, st := range steps[i:j] {
			if len(st.Parts) == 0 {
				add(st.Option, st.Amount)
			}
			for _, r := range st.Parts {
				add(r.Option, r.Amount)
				together = true
			}
		}
		first := "the next"
		if i == 0 {
			first = "the first"
		}
		total, to := steps[j-1].To-steps[i].From, measure.Money.Format(steps[j-1].To)
		if g := f.gainWords(steps[i:j]); g != "" {
			to += ", " + g
		}
		var line string
		switch {
		case len(order) == 1:
			line = fmt.Sprintf("%s %s → %s (total %s)", first, measure.Money.Format(total), order[0], to)
		case together:
			parts := make([]FundingRest, len(order))
			for k, o := range order {
				parts[k] = FundingRest{Option: o, Amount: amounts[o]}
			}
			line = fmt.Sprintf("%s %s → %s together (total %s)", first, measure.Money.Format(total), partsWords(parts), to)
		default:
			line = fmt.Sprintf("%s %s → %s %s and %s %s, in turns (total %s)", first, measure.Money.Format(total),
				order[0], measure.Money.Format(amounts[order[0]]), order[1], measure.Money.Format(amounts[order[1]]), to)
		}
		if j-1 == f.CapacityLimit {
			line += ": from here " + capacityLimit
		}
		lines = append(lines, line)
		i = j
	}
	return lines
}

// fundingLineEnd returns one past the last step of the line that starts at
// step i: the steps while at most two options take turns, each at least
// twice, ending at the capacity limit's step.
func fundingLineEnd(steps []FundingStep, i, limit int) int {
	if i == limit {
		return i + 1
	}
	if len(steps[i].Parts) > 0 {
		return i + 1
	}
	seen := map[string]int{steps[i].Option: 1}
	j := i + 1
	for ; j < len(steps); j++ {
		if len(steps[j].Parts) > 0 {
			break
		}
		if _, ok := seen[steps[j].Option]; !ok && len(seen) == 2 {
			break
		}
		seen[steps[j].Option]++
		if j == limit {
			j++
			break
		}
	}
	for _, n := range seen {
		if n < 2 && len(seen) == 2 {
			// Not turns: the line is the first option's own steps.
			k := i + 1
			for k < j && steps[k].Option == steps[i].Option {
				k++
			}
			return k
		}
	}
	return j
}

// joinNotes joins notes into one, each worded by String.
func joinNotes(notes []Finding) string {
	words := make([]string, len(notes))
	for i, f := range notes {
		words[i] = f.String()
	}
	return strings.Join(words, "; ")
}

// NoteWords joins notes of an optimization into one, the unspent
// budget's with each option's maximum: "only $58.0k of the $64.0k budget
// is spent: every option is at its maximum (ads $20.0k, …); the current
// plan …".
func (o *Optimization) NoteWords(notes []Finding) string {
	words := make([]string, len(notes))
	for i, f := range notes {
		if f.Kind != BudgetUnspent {
			words[i] = f.String()
			continue
		}
		maxima := make([]string, len(o.Options))
		for j, op := range o.Options {
			top := math.Inf(1)
			switch {
			case op.Locked:
				top = op.Current
			case op.MaxBound != nil:
				top = *op.MaxBound
			}
			maxima[j] = op.Name + " " + measure.Money.Format(top)
		}
		words[i] = f.String() + " (" + strings.Join(maxima, ", ") + ")"
	}
	return strings.Join(words, "; ")
}

// CheckWords says what the budget-neutral check found: the best move of
// $1k a month between two options and its gain ± error, within the noise
// or not; "" when no move could be made.
func (o *Optimization) CheckWords() string {
	t := o.Transfer
	if t == nil {
		return ""
	}
	var verdict string
	switch {
	case Noise(t.Gain, t.SE):
		verdict = "within the noise (2 standard errors): no single move between two options improves the recommendation"
	case t.Gain < 0:
		verdict = "every move tried loses: the recommendation is the best split at this scale"
	default:
		verdict = "beyond the noise: a finer search could gain from it"
	}
	return fmt.Sprintf("budget-neutral check: the best move of %s a month, %s → %s, changes it by %s, %s",
		measure.Money.Format(t.Amount), t.From, t.To, ObjectiveUnit(o.Objective).SignedPlusMinus(t.Gain, t.SE), verdict)
}

// GainWords says how often, and by how much on average, the recommendation
// beats the current plan; "" when no trial defines the difference.
func (o *Optimization) GainWords() string {
	d := o.VersusCurrent
	if d.Defined == 0 {
		return ""
	}
	return fmt.Sprintf("the recommendation does better in %s of futures; mean gain %s",
		measure.Share.PlusMinus(d.PBeats, ShareSE(d.PBeats, d.Defined)), ObjectiveUnit(o.Objective).SignedPlusMinus(d.Mean, d.SE))
}

// BreakEvenWords says where an extra dollar stops paying, or that it still
// pays at the frontier's largest budget.
func (f *BudgetFrontier) BreakEvenWords() string {
	if f.BreakEvenFound {
		return fmt.Sprintf("beyond about %s a month an extra dollar no longer pays", measure.Money.Format(f.BreakEven))
	}
	if f.Capped {
		return fmt.Sprintf("every step up to %s a month still pays; beyond it the constraints or the options' maximums keep the rest unspent", measure.Money.Format(f.BreakEven))
	}
	return fmt.Sprintf("every step up to %s a month still pays; the break-even lies beyond", measure.Money.Format(f.BreakEven))
}

// ShareSE is the standard error of a share p estimated from n trials.
func ShareSE(p float64, n int) float64 {
	if n <= 0 {
		return math.NaN()
	}
	return math.Sqrt(p * (1 - p) / float64(n))
}

// capacityLimit says that sales capacity binds.
const capacityLimit = "sales capacity, not leads, is the limit"

// Limit says where sales capacity becomes the limit as the budget grows
// ("from $9,600 a month, sales capacity, not leads, is the limit"), that it
// is from the start, or, for a plan with a sales team (sales), that it
// never does within the budget; "" for a plan without one.
func (f FundingOrder) Limit(sales bool) string {
	switch {
	case f.StartCapacityBound:
		return "sales capacity is already the limit at the start"
	case f.CapacityLimit >= 0 && f.CapacityLimit < len(f.Steps):
		return "from " + measure.Money.Format(f.Steps[f.CapacityLimit].To) + " a month, " + capacityLimit
	case sales:
		return "sales capacity does not become the limit within this budget"
	}
	return ""
}

// op is the comparison a target or a constraint asks for.
func op(ceiling bool) string {
	if ceiling {
		return "≤"
	}
	return "≥"
}

// Event names the event a target counts: "P(CAC ≤ $20.0k)".
func Event(metric string, ceiling bool, x float64) string {
	m := measure.Of(metric)
	return fmt.Sprintf("P(%s %s %s)", m.Noun(), op(ceiling), m.Unit.Format(x))
}

// Chance puts the probability of meeting a target in words.
func Chance(p float64) string {
	switch {
	case p >= 0.9:
		return "very likely met"
	case p >= 0.6:
		return "likely met"
	case p >= 0.4:
		return "a coin toss"
	case p >= 0.1:
		return "unlikely to be met"
	}
	return "very unlikely to be met"
}

// UsualRange prints a metric's usual range: "6%–12%".
func UsualRange(m measure.Metric) string {
	return m.Unit.Short(m.Usual.Lo) + "–" + m.Unit.Short(m.Usual.Hi)
}

// against says where x lies against the metric's usual range.
func against(m measure.Metric, x float64) string {
	switch m.Usual.Contains(x) {
	case -1:
		return "below"
	case 1:
		return "above"
	}
	return "within"
}

// ShareVerdict says where a spend ÷ revenue share's median lies against its
// usual range ("above the usual range"), or why it is not weighed: no such
// spend in the plan, or, for sales, no sales team to weigh it for.
func (r *Run) ShareVerdict(metric string) string {
	st, ok := r.stat(metric)
	switch {
	case !ok:
		return ""
	case r.judged(metric):
		return against(measure.Of(metric), st.P50) + " the usual range"
	case metric == "marketing_share_of_revenue":
		return "no marketing spend in this plan"
	}
	if st, ok := r.stat("spend_sales"); ok && st.Max > 0 {
		return "no sales team: not weighed"
	}
	return "no sales spend in this plan"
}

// MonthWords names simulated month t (1-based) in a sentence: "month 4",
// or with a calendar its date as tables label it ("2027-04",
// model.Calendar.Label).
func MonthWords(cal model.Calendar, t int) string {
	if cal.Start.IsZero() {
		return "month " + cal.Label(t)
	}
	return cal.Label(t)
}

// times says how many times: "once", "twice", "3 times".
func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return measure.Whole(n) + " times"
}
