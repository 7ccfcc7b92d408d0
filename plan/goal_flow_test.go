package plan

import (
	"context"
	"math"
	"testing"

	"github.com/harvest-planning/harvest/sim"
)

// yamlFlow: fixed rates, geometric waits, a seasonal-free linear channel
// and a headcount channel that ramps, a sales team whose capacity never
// binds, and queue decay: every step of the month is linear in the
// counts, so the expected flow is the simulation's mean exactly.
const yamlFlow = `
name: flow
horizon_months: 12
funnel:
  stages: [lead, mql, sql, customer]
  handoff: sql
  conversion:
    mql: 0.4
    sql: 0.5
    customer: 0.3
  months:
    mql: 2
    sql: 1
channels:
  ads:
    enters: lead
    spend: 6000
    unit_cost: 20
    carryover: 0.3
  sdr:
    kind: sales
    enters: sql
    headcount: 2
    cost_per_head: 7000
    output_per_head: 15
    ramp_months: 3
sales:
  reps: 3
  cost_per_rep: 10000
  capacity_per_rep: 100
  follow_up: 0.9
customers:
  revenue: one_time
  value: 1000
`

// TestExpectedFlow: the expected flow's new customers, and the people
// reaching each stage, are the simulation's means within 4 standard
// errors.
func TestExpectedFlow(t *testing.T) {
	s := mustParse(t, yamlFlow)
	fl := expectedFlow(s)
	res, err := sim.Run(context.Background(), s, &sim.Options{Trials: 4000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, want float64) {
		t.Helper()
		st, err := summarize(res, name)
		if err != nil {
			t.Fatal(err)
		}
		se := st.SD / math.Sqrt(float64(st.Defined))
		if math.Abs(st.Mean-want) > 4*se {
			t.Errorf("%s: simulated %g ± %g; the expected flow says %g", name, st.Mean, se, want)
		}
	}
	check("new_customers", fl.total())
	for k, name := range s.Funnel.Stages {
		check("stages."+name, fl.Reached[k])
	}
	if fl.Pipeline <= 0 {
		t.Errorf("pipeline %g; want people still in the stages at the end", fl.Pipeline)
	}
}
