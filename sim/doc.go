// Package sim runs a scenario's Monte Carlo simulation and summarises its results.
//
// Run simulates DESIGN.md's model month by month for each trial: capacity,
// entries, queue decay, the stages with the handoff's follow-up and
// capacity gate, new customers, churn and revenue, costs. Every count is a
// whole number of people: Poisson for those a channel brings in,
// binomial for conversions, churn and losses, hypergeometric for the split
// of short capacity between channels (drawn one person at a time when only
// a few are picked, the same distribution).
//
// The model is DESIGN.md's exactly, in distribution, but drawn with far
// fewer and smaller draws than a stage-by-stage walk (see flow.go): up to
// the handoff, where channels first meet, each channel's people are a
// thinned and delayed Poisson count, one draw a month at the mean the
// recursion on expected counts gives; after it, whole people by segments
// between waiting stages; stage counts and entries, totals over the
// horizon, are completed once a trial. A channel that draws from a pool
// (market.size, or its audience) cannot take the Poisson inflow, since its
// entries depend on those before: its people are drawn whole month by
// month from their entry, by the same segments. TestFlowDistributions
// holds these shortcuts to a literal stage-by-stage stepper on whole
// distributions.
//
// The calendar (DESIGN.md's "The market, the calendar, people and cash"):
// seasonality multiplies a channel's expected entries in its calendar
// month; spend follows its schedule, and prior_spend is the effective
// spend before month 1; the sales team and each headcount channel's heads
// follow team.go's model, where heads leave, are replaced and are cut; a
// team nobody leaves is the same in every trial and computed once. With a
// company section each month closes the cash (cash.go): billed, collected
// after payment_days, less cost of revenue, spend and other costs; it
// draws no random number, so the rest of a trial is as without one.
//
// Where things are: the month and its customers in trial.go, the flow of
// people in flow.go, the teams in team.go, the capacity split in
// capacity.go, the cash in cash.go; the random stream in stream.go and one sampler a file
// (binomial.go, site.go, poisson.go, hypergeometric.go, gamma.go,
// normal.go), with the numbers they share in special.go; the inputs'
// quantile tables in quantile.go.
//
// Random numbers. Trial i's draws come from substreams of (seed, i): each
// uncertain input from its own, keyed by an FNV-1a hash of its key path
// (one uniform through the value's quantile function; market.size,
// channels.NAME.audience, the attritions and customers.starting_mrr too);
// each channel's flow from "channel:NAME" and its volatility's gamma
// multipliers from "volatility:NAME"; the capacity split from "sales";
// churn and repeats from "customers"; a team's leavers from "team:sales"
// or "team:channel:NAME", and who they are, while some ramp, from the
// same name and ":picks". So results do not depend on the number of
// workers, and two scenarios run with the same seed share their random
// numbers wherever they agree: fixing or adding one input leaves every
// other input's draws unchanged (common random numbers, which plan
// relies on).
//
// Two plans that differ in a decision (a spend, a rep) share their random
// numbers too, and their counts move together: every count of the flow,
// the customers and a team's leavers is an inversion of its CDF from one
// uniform (stream.go), so the same uniform gives the same or a
// neighbouring count when its mean changes a little; and the flow,
// settle and the customers draw every count whatever its size, a count of
// 0 included, so that a month whose counts differ between the plans
// leaves the rest of their streams aligned. The gamma multipliers, drawn
// by rejection, have a stream of their own, the same in both plans. The
// capacity split's draws, which depend on how many wait, are on the
// "sales" stream alone.
//
// Decisions the design leaves open, taken here:
//   - A drawn value outside its key's domain (a Normal written for a rate,
//     say) is clamped to the domain: rates to 0..1, amounts to ≥ 0,
//     expansion to ≥ −1. A month's expected entries are capped at 1e12.
//   - The waits of the last stage are ignored: it is the won customer.
//   - Without a sales section the series handed_off, capacity, taken_on and
//     queue are 0, and capacity_used is undefined.
//   - Stats of a metric defined in a single trial have sd and se 0.
//   - A market or an audience drawn as a fraction of a person holds its
//     whole people: entries are capped at ⌊what is left⌋.
//   - Where a month has both, the plan's cuts come before its hires: a
//     fall removes heads before the month's hires start.
//   - A team's fractions: a cohort still ramping has ⌊its size⌋ whole
//     heads who may leave; once ramped, heads join one ramped part whose
//     whole heads are ⌊its size⌋ (team.go).
//   - A cut takes pending replacements from the one due latest; a
//     replacement due after the horizon never starts.
//   - Uncertain inputs are drawn through a tabulated quantile function
//     (cubic Hermite on 2049 points, exact in the tails and wherever the
//     table is not within 1e-7): gonum's quantiles cost microseconds each
//     for Beta, PERT and Gamma, and tens of nanoseconds for LogNormal and
//     Normal, a few percent of a trial.
package sim
