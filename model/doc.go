// Package model defines a harvest scenario: its types, its uncertain values,
// and loading and validating scenario files.
//
// Load and Parse read YAML, TOML or JSON, apply --set overrides, and
// refuse anything DESIGN.md's "Every key" table does not allow, returning
// an *Error that lists the problems (the first 50), one line each:
//
//	scenario b2b.yaml: funnel.conversion.mql: 1.3 is not a probability (0..1), e.g. 0.35 or {low: 0.2, high: 0.4}
//
// Reading is bounded and exact: ReadFile takes only a regular file of at
// most 10 MB; each format's own parser reads the text in time linear in
// its size (document.go), keys are taken as written (a key given twice, or
// differing from another only in case, or dotted outside variants, is
// refused naming both spellings), nesting stops at 64 levels, and what the
// schema does not know is refused before viper reads the settings.
//
// What the world decides is a Value: a number, a 90% interval {low, high}
// (Beta for a probability, fitted so its 5th and 95th percentiles are low
// and high; LogNormal for a positive amount; Normal for a real), a
// three-point estimate {min, mode, max} (PERT), moments {mean, sd}, or an
// explicit {dist: NAME, …}. What the planner decides (spend, headcount,
// reps, hires, the split, commission, the horizon) is a plain number; a
// channel's spend and headcount and budget.monthly may instead be a
// Schedule, a map of steps {1: 8000, 7: 12000}, each holding until the
// next.
//
// Decisions the docs leave open, made here: a funnel.handoff without a
// sales section is checked and then ignored (Handoff −1); a variant's
// nested maps become one override per leaf, so `sales.hires: {2: 1}` in a
// variant adds a hire, while `--set 'sales.hires={2: 1}'` replaces them all;
// a schedule is one leaf, so a variant's or --set's schedule replaces the
// file's whole. customers.churn is required for a subscription and when
// repeat is not 0 (a missing churn once meant none ever leave); left out
// elsewhere it is 0. market.size is required in a market section;
// channels.NAME.audience needs no market. Attrition, backfill and
// time_to_fill apply to the sales team and to headcount channels only,
// prior_spend to spend channels only.
// company.cash is required in a company section, and billing:
// annual_upfront needs subscription revenue (a one_time sale is billed
// when made).
//
// # Months and the calendar
//
// Without calendar.start months are numbers, 1..horizon_months. With it
// (YYYY-MM, 1900-01..2199-12) month 1 is that calendar month, and any key
// that names a month (a schedule's step, sales.hires.MONTH) may name it
// by date instead, 2027-03; a date outside the plan, or a date without a
// calendar, is refused saying which months the plan has. A schedule must
// give month 1; a month given twice (as 1 and as 2027-01) is refused.
// Seasons (calendar.seasonality, channels.NAME.seasonality) are 12
// multipliers, January … December, each 0..10, and need calendar.start.
//
// A budget.monthly schedule with a sales_team share buys reps month by
// month (share × monthly ÷ cost_per_rep): month 1's join Sales.Reps, a
// rise adds a hire in its month (Sales.Hires, added to the file's hire of
// that month) and a fall a cut (Sales.Cuts); each spend channel's spend
// is the schedule × its share. A plan that edits a channel's spend (plan
// levers, the optimizer) scales its schedule to the new mean over the
// horizon, keeping its shape.
//
// # Advice
//
// Advise lists what is worth changing in a valid scenario without making
// it invalid: customers.starting_mrr when there are starting subscription
// customers without it (their revenue is otherwise starting × value,
// drawn with the new customers' uncertainty), and a prior_spend that no
// carryover carries. harvest validate prints it under a valid file.
//
// # Keys
//
// Every key is declared once, in keys.go, beside the struct field it
// fills: its path, meaning, unit, domain and bounds (a spec), default,
// whether it is required, the channel shapes it applies to, and how to
// reach its field. The schema (unknown keys, --set paths, variants), the
// decoder, Validate, Values, AllValues and SetValue, KeyUnit, sim's slots
// and the README's key reference all derive from that table. What spans
// keys (a split or a channel's own spend; headcount, response and
// max_per_month deciding a channel's shape; the stage list, the handoff,
// stage-keyed conversions, hires, targets, variants; a season needing
// calendar.start; churn required by the revenue model; starting_mrr
// needing starting subscription customers; a budget schedule's reps) is
// code in load.go that takes each key's spec from the table; what reads
// months, schedules and seasons is in months.go.
//
// # Adding a key
//
// A plain key (one that no other key makes required or forbidden) touches
// two files: keys.go, where it is declared, and the engine file that uses
// it.
//
//  1. In keys.go, add the field to its struct and a keyDef to its
//     section's table. Say what the world decides with kind valueKey, a
//     value accessor and a spec whose domain picks the family a range
//     becomes (probSpec, positiveUpTo, amountUpTo, …); what the planner
//     decides with numberKey or wholeKey, a number or whole accessor and
//     a spec with its own words (upTo: what, example). Every number has
//     an upper bound no business meets, chosen with the products the
//     engine forms from it (keys.go's bounds say how): it is written once,
//     in the spec, and shows in messages and the README. Give def, or none, or
//     required with its missing message; shapes for a channel key that
//     only some channels take (the others refuse it); and when, if it
//     applies only sometimes (an optional value without a default stays
//     the zero Value when left out: give it a given flag, HasAudience, that
//     the decoder sets when the file gives the key, and a when that reads
//     it). A decision that may change month by month is a scheduleKey
//     with a schedule accessor; a month a monthKey, a season of 12
//     multipliers a seasonKey, true or false a flagKey (def 1 for true).
//     Its place in the section is where Values and sim's
//     Result.Inputs list it. Never rename a path: the engine's random
//     substreams are keyed by it. Then rewrite the README's table with
//     go test ./model -run TestKeyReference -update.
//  2. In the engine, use it where it acts: read a decision from the
//     compiled scenario (c.scenario.Channels[i].PriorSpend); bind an
//     uncertain value's slot once, c.slotOf(&c.scenario.Customers.StartingMRR)
//     (noSlot when it does not apply), and read it per trial from the
//     trial's values.
//
// A rule between keys (starting_mrr only with starting customers, say) is
// a third place: a few lines in load.go's section reader, taking the
// key's words from the table.
package model
