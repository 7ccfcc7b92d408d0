package sim

import (
	"fmt"
	"math"

	"github.com/harvest-planning/harvest/model"
)

// The company's cash (DESIGN.md's "Cash and runway"): each month,
//
//	cash_t = cash_{t−1} + collected_t − cost_of_revenue_t − spend_t − other_costs_t
//
// It draws no random number: a scenario with a company section has the
// same customers, revenue and spend, trial by trial, as without one, and
// one without is run exactly as before.
//
// Billed: one_time sales and, billed monthly, subscriptions bill the
// month's revenue. Billed annual_upfront, a new customer is billed 12 ×
// its value when won, and a kept one 12 × its current monthly value (its
// group's revenue per customer, expansion and churn applied) every 12
// months after. The engine keeps customers in groups (the starting ones,
// and each channel's) whose churn is drawn for the group, not for
// customers by the month they were won: a group keeps, for each month of
// the year, how many of its customers were won in such a month, and those
// shrink with the group (each kept customer is as likely to be any of
// them), so that a renewal bills the expected number of customers due
// that month given the group's draws. A single customer is billed exactly
// as DESIGN says, and TestCashDistributions holds the whole to the
// stepper's customer-by-customer billing. Starting customers renew a
// twelfth in each month: 12 × their value × a twelfth of them, their
// month's revenue.
//
// Collected: with L = payment_days/30, a month's bills arrive as a share
// 1 − frac(L) in month t + ⌊L⌋ and frac(L) in t + ⌊L⌋ + 1; the starting
// customers' bills before month 1 are taken as their month-1 bills.
// Bills still unpaid after the last month are not cash.

// cashSpec is the company section, compiled.
type cashSpec struct {
	start  float64   // cash at the start of month 1
	other  []float64 // [t] month t+1's other costs
	annual bool      // annual_upfront billing
	lag    int       // ⌊L⌋ months
	frac   float64   // frac(L): the share paid a month later still
	// spend[t] is month t+1's spend before commission and onboarding when
	// no team's heads leave; nil: it is drawn, and summed per trial.
	spend []float64
}

// compileCash compiles s's company section; nil without one.
func compileCash(s *model.Scenario, c *compiled) (*cashSpec, error) {
	co := s.Company
	if co == nil {
		return nil, nil
	}
	if !finite(co.Cash) || co.PaymentDays < 0 || co.PaymentDays > 120 {
		return nil, fmt.Errorf("scenario %s: company: cash %g, payment_days %d; want a finite cash and 0..120 days",
			s.File, co.Cash, co.PaymentDays)
	}
	if co.Billing == model.AnnualUpfront && c.oneTime {
		return nil, fmt.Errorf("scenario %s: company.billing: annual_upfront needs subscription revenue", s.File)
	}
	cs := &cashSpec{
		start:  co.Cash,
		other:  co.OtherCosts.Months(c.horizon),
		annual: co.Billing == model.AnnualUpfront,
	}
	for t, x := range cs.other {
		if !finite(x) || x < 0 {
			return nil, fmt.Errorf("scenario %s: company.other_costs: %g in month %d; want an amount ≥ 0", s.File, x, t+1)
		}
	}
	L := float64(co.PaymentDays) / 30
	cs.lag = int(L)
	cs.frac = L - float64(cs.lag)
	if len(c.teams) == 0 {
		cs.spend = make([]float64, c.horizon)
		for t := range cs.spend {
			cs.spend[t] = c.monthSpend(t)
		}
	}
	return cs, nil
}

// cashState is a worker's cash in the trial it runs.
type cashState struct {
	billed []float64 // [t] the month's bills
	// phase[g*12+j] × scale[g] is how many of group g's customers were
	// won in a month t with t mod 12 = j (annual_upfront): churn scales
	// them all at once.
	phase []float64
	scale []float64
	bills float64 // this month's bills, summed by keep
	rev0  float64 // this month's revenue of the starting customers
	// before stands for the starting customers' bills before month 1.
	before float64

	now, low          float64 // cash now, and its lowest month-end
	runway, breakEven float64 // NaN until known
}

func newCashState(c *compiled) cashState {
	return cashState{billed: make([]float64, c.horizon), phase: make([]float64, (c.chans+1)*12), scale: make([]float64, c.chans+1)}
}

// reset starts a trial's cash.
func (k *cashState) reset(cs *cashSpec) {
	clear(k.phase)
	for g := range k.scale {
		k.scale[g] = 1
	}
	k.now, k.low = cs.start, math.Inf(1)
	k.runway, k.breakEven = math.NaN(), math.NaN()
}

// renew bills, in month t under annual_upfront, the kept customers of
// group g due to renew: n (> 0) were kept from last month, kept are left
// after this month's churn, and r is their revenue, expansion applied. A
// twelfth of the starting customers (group 0, won before month 1) renew
// each month: 12 × r/kept × kept/12 = r.
//
// Whether a customer left, or any is due, is a coin toss month to month:
// the arithmetic runs either way rather than branch on it (a branch the
// processor cannot predict costs more than the sums).
func (k *cashState) renew(g, t, n, kept int, r float64) {
	if g == 0 {
		k.bills += r
		return
	}
	if kept == 0 {
		clear(k.phase[g*12 : g*12+12])
		k.scale[g] = 1
		return
	}
	sc := k.scale[g] * (float64(kept) / float64(n))
	if sc < 0x1p-500 { // fold it in before it underflows
		for j := g * 12; j < g*12+12; j++ {
			k.phase[j] *= sc
		}
		sc = 1
	}
	k.scale[g] = sc
	k.bills += 12 * r / float64(kept) * k.phase[g*12+t%12] * sc
}

// won bills a customers of group g won in month t at value each.
func (k *cashState) won(g, t, a int, value float64) {
	k.bills += 12 * float64(a) * value
	k.phase[g*12+t%12] += float64(a) / k.scale[g]
}

// collected is month t's cash in from the bills: 1 − frac(L) of month
// t − ⌊L⌋'s and frac(L) of the month before.
func (k *cashState) collected(cs *cashSpec, t int) float64 {
	x := (1 - cs.frac) * k.at(t-cs.lag)
	if cs.frac > 0 {
		x += cs.frac * k.at(t-cs.lag-1)
	}
	return x
}

// at is month t's bills; before month 1, the starting customers'.
func (k *cashState) at(t int) float64 {
	if t < 0 {
		return k.before
	}
	return k.billed[t]
}

// cashMonth closes month t's cash: revenue is the month's, spend its
// sales and marketing spend; the month's bills are in w.cash.bills. It
// keeps the series when path ≥ 0.
func (w *worker) cashMonth(t int, revenue, spend float64, path int) {
	cs := w.c.cash
	k := &w.cash
	if !cs.annual {
		k.bills = revenue
	}
	k.billed[t] = k.bills
	if t == 0 {
		k.before = k.rev0
	}
	net := k.collected(cs, t) - (1-w.par.margin)*revenue - spend - cs.other[t]
	k.now += net
	k.low = min(k.low, k.now)
	if k.now < 0 && math.IsNaN(k.runway) {
		k.runway = float64(t) // month t+1 is the first below 0
	}
	if net >= 0 && math.IsNaN(k.breakEven) {
		k.breakEven = float64(t + 1)
	}
	if path >= 0 {
		w.out.cash[path][t] = k.now
		w.out.netCash[path][t] = net
	}
}
