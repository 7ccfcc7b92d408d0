// Package model defines a harvest scenario: its types, its uncertain values,
// and loading and validating scenario files.
//
// Load and Parse read YAML, TOML or JSON through viper, apply --set
// overrides, and refuse anything DESIGN.md's "Every key" table does not
// allow, returning an *Error that lists every problem, one line each:
//
//	scenario b2b.yaml: funnel.conversion.mql: 1.3 is not a probability (0..1), e.g. 0.35 or {low: 0.2, high: 0.4}
//
// What the world decides is a Value: a number, a 90% interval {low, high}
// (Beta for a probability, fitted so its 5th and 95th percentiles are low
// and high; LogNormal for a positive amount; Normal for a real), a
// three-point estimate {min, mode, max} (PERT), moments {mean, sd}, or an
// explicit {dist: NAME, …}. What the planner decides (spend, headcount,
// reps, hires, the split, commission, the horizon) is a plain number.
//
// Decisions the docs leave open, made here: a funnel.handoff without a
// sales section is checked and then ignored (Handoff −1); a variant's
// nested maps become one override per leaf, so `sales.hires: {2: 1}` in a
// variant adds a hire, while `--set 'sales.hires={2: 1}'` replaces them all.
package model
