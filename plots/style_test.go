package plots

import (
	"testing"
)

// Every chart's title and x-axis label fit the canvas: a title cut at both
// ends ("hat moves mean new customers: … P90") is one a reader cannot read.
// The canvas loses 18 points to margins (see margins). And no legend sits
// on the y axis.
func TestTextFitsTheCanvas(t *testing.T) {
	var charts []Chart
	add := func(cs []Chart, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		charts = append(charts, cs...)
	}
	for _, f := range []string{"seed_saas.yaml", "dtc_shop.yaml", "series_a.yaml"} {
		add(Charts(run(t, f)))
	}
	add(CompareCharts(comparison(t, "seed_saas", builtin("seed_saas.yaml"))))
	add(OptimizeCharts(optimization(t), frontier(t)))
	for _, m := range []string{"revenue", "new_customers", "channels.paid_search.customers", "channels.paid_search.new_revenue"} {
		add(TornadoCharts(sensitivity(t, "seed_saas", builtin("seed_saas.yaml"), m)))
	}
	room := chartWidth - 18
	for _, c := range charts {
		// A legend at the left starts at the y axis: without an inset its
		// swatches sit on the axis line.
		if l := c.Plot.Legend; l.Left && l.XOffs < legendInset {
			t.Errorf("%s: a legend at the left %.0f points off the y axis; want %.0f", c.Name, l.XOffs.Points(), legendInset.Points())
		}
		title, x := c.Plot.Title, c.Plot.X.Label
		if w := title.TextStyle.Width(title.Text); w > room {
			t.Errorf("%s: title %q is %.0f points wide; the canvas has %.0f", c.Name, title.Text, w.Points(), room.Points())
		}
		if w := x.TextStyle.Width(x.Text); w > room {
			t.Errorf("%s: x label %q is %.0f points wide; the canvas has %.0f", c.Name, x.Text, w.Points(), room.Points())
		}
	}
}
