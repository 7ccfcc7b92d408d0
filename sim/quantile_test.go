package sim

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
)

// TestQuantileTable: tabulated quantiles match Value.Quantile to 1e-6
// relative everywhere, tails and awkward shapes included.
func TestQuantileTable(t *testing.T) {
	values := []model.Value{
		{Family: model.Beta, Alpha: 12.3, Beta: 40.1},
		{Family: model.Beta, Alpha: 0.3, Beta: 5},
		{Family: model.Beta, Alpha: 5, Beta: 0.4},
		{Family: model.Beta, Alpha: 0.5, Beta: 0.5},
		{Family: model.Beta, Alpha: 300, Beta: 2000},
		{Family: model.PERT, Min: 2, Mode: 3, Max: 6, Alpha: 2.0, Beta: 4.0},
		{Family: model.Gamma, Alpha: 3, Beta: 2},
		{Family: model.Gamma, Alpha: 0.2, Beta: 1},
		{Family: model.Gamma, Alpha: 1000, Beta: 0.01},
		{Family: model.LogNormal, Mu: 4.8, Sigma: 0.25},
		{Family: model.LogNormal, Mu: 0, Sigma: 2},
		{Family: model.Normal, Mu: 0.3, Sigma: 0.05},
		{Family: model.Normal, Mu: 0, Sigma: 100},
	}
	for i, v := range values {
		t.Run(itoa(i)+"/"+v.Family.String(), func(t *testing.T) {
			q := newQuantiler(context.Background(), v)
			if q.table == nil {
				t.Fatal("no table")
			}
			const n = 4001
			for i := range n + 1 {
				u := (float64(i) + 0.5) / (n + 1)
				got, want := q.at(u), v.Quantile(u)
				// Relative, or against the spread where a Normal crosses 0.
				if math.Abs(got-want) > 1e-6*(math.Abs(want)+v.Sigma*1e-3) {
					t.Fatalf("u = %g: got %.12g; want %.12g", u, got, want)
				}
			}
		})
	}
}

// TestQuantileTableScreen: the cells a table computes exactly are those
// the exact check of every cell's midpoint would pick (surelyWithin only
// spares that check where it would pass), for every built-in scenario's
// tabulated inputs and for shapes across the families, skewed, U-shaped,
// nearly normal and heavy-tailed.
func TestQuantileTableScreen(t *testing.T) {
	t.Parallel()
	var values []model.Value
	files, err := fs.Glob(scenarios.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		s := loadBuiltin(t, f)
		c, err := compile(context.Background(), s, s.Horizon)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range c.inputs {
			if in.q.table != nil {
				values = append(values, in.value)
			}
		}
	}
	shapes := []float64{0.3, 0.5, 0.8, 1, 1.5, 3, 10, 40, 300, 3000}
	for _, a := range shapes {
		for _, b := range shapes {
			values = append(values, model.Value{Family: model.Beta, Alpha: a, Beta: b})
		}
		values = append(values, model.Value{Family: model.Gamma, Alpha: a, Beta: 2})
	}
	for _, mode := range []float64{2.05, 2.5, 3, 5, 5.95} {
		values = append(values, model.Value{Family: model.PERT, Min: 2, Mode: mode, Max: 6,
			Alpha: 1 + 4*(mode-2)/4, Beta: 1 + 4*(6-mode)/4})
	}
	for _, sigma := range []float64{0.01, 0.1, 0.4, 1, 2, 3} {
		values = append(values, model.Value{Family: model.LogNormal, Mu: 1, Sigma: sigma})
		values = append(values, model.Value{Family: model.Normal, Mu: 0.5, Sigma: sigma})
	}
	screened := 0
	for _, v := range values {
		tab := buildTable(context.Background(), v)
		for i := 1; i < tableCells-1; i++ {
			want := !tab.interpolates(i) || !tab.within(v, i)
			if tab.exact[i] != want {
				t.Errorf("%+v: cell %d computed exactly: got %t; want %t as the exact check decides", v, i, tab.exact[i], want)
			}
			if tab.interpolates(i) && tab.surelyWithin(i) {
				screened++
			}
		}
	}
	t.Logf("%d tables, %.1f%% of their cells passed without the exact check", len(values),
		100*float64(screened)/float64(len(values)*(tableCells-2)))
}

// TestQuantileTableStops: a cancelled context stops a table and the
// compile that builds it, and a stopped table is not cached for the next
// run. (A quantile that never returns, a gamma of alpha 1e-320, is left
// behind by compile; the built binary's test sends it Ctrl-C.)
func TestQuantileTableStops(t *testing.T) {
	v := model.Value{Family: model.Beta, Alpha: 2.345, Beta: 6.789}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if tab := buildTable(ctx, v); tab != nil {
		t.Fatal("buildTable with a cancelled context returned a table; want nil")
	}
	if tab := tableFor(ctx, v); tab != nil {
		t.Fatal("tableFor with a cancelled context returned a table; want nil")
	}
	key := tableKey{v.Family, v.Alpha, v.Beta, v.Min, v.Mode, v.Max, v.Mu, v.Sigma}
	if _, cached := tables.Load(key); cached {
		t.Fatal("a stopped table was cached; want only whole tables cached")
	}
	s := funnelScenario(6, []string{"lead", "customer"}, 0.5)
	s.Funnel.Conversion[1] = v
	if _, err := Run(ctx, s, &Options{Trials: 10}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run with a cancelled context: %v; want context.Canceled", err)
	}
}
