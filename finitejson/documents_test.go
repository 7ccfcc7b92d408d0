package finitejson_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/harvest-planning/harvest/finitejson"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// TestDocuments: for every document harvest writes (run's summary, the
// comparison, sensitivity, goal seeking, the reverse funnel, the
// optimization and its frontier, shaped as cmd wraps them), the walk
// Marshal falls back to writes what encoding/json writes, so that a
// document with one non-finite number differs from its finite form in
// that number only.
func TestDocuments(t *testing.T) {
	ctx := context.Background()
	s, err := model.Load(scenarios.FS, "seed_saas.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := &sim.Options{Trials: 300, Seed: 3}
	res, err := sim.Run(ctx, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := plan.Variants(s)
	if err != nil {
		t.Fatal(err)
	}
	cmp, prec, err := plan.CompareToPrecision(ctx, plans, opts, nil, 0.5, 600)
	if err != nil {
		t.Fatal(err)
	}
	sens, err := plan.Sensitivity(ctx, s, opts, "revenue")
	if err != nil {
		t.Fatal(err)
	}
	goal, err := plan.Goal(ctx, s, opts, plan.GoalSpec{Metric: "revenue", Target: 1.5e6})
	if err != nil {
		t.Fatal(err)
	}
	rev, err := plan.ReverseFunnel(s, "revenue", 1.5e6)
	if err != nil {
		t.Fatal(err)
	}
	spec := plan.OptimizeSpec{SearchTrials: 250}
	opt, err := plan.Optimize(ctx, s, opts, spec)
	if err != nil {
		t.Fatal(err)
	}
	spec.Budget = opt.Budget
	front, err := plan.Frontier(ctx, s, opts, spec, plan.FrontierBudgets(opt.Budget, 2))
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]any{
		"summary": res.Summary(),
		"monthly": res.Monthly(),
		"comparison": struct {
			*plan.Comparison
			Precision *plan.Precision `json:"precision,omitempty"`
		}{cmp, &prec},
		"sensitivity": sens,
		"goal":        goal,
		"reverse":     rev,
		"optimization": struct {
			*plan.Optimization
			Frontier *plan.BudgetFrontier `json:"frontier,omitempty"`
		}{opt, front},
	}
	for name, doc := range docs {
		want, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := finitejson.Walk(doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: the walk wrote\n%s\nwant\n%s", name, got, want)
		}
	}
}
