package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// sensitivity runs plan.Sensitivity with 300 trials, seed 1.
func sensitivity(t *testing.T, name string, s func(*testing.T) *model.Scenario, metric string) *plan.SensitivityResult {
	t.Helper()
	return cached(t, "sensitivity "+name+" "+metric, func() (*plan.SensitivityResult, error) {
		return plan.Sensitivity(context.Background(), s(t), &sim.Options{Trials: 300, Seed: 1}, metric)
	})
}

func TestTornado(t *testing.T) {
	for _, tt := range []struct {
		name, metric, title, xLabel string
		s                           func(*testing.T) *model.Scenario
	}{
		{"tiny", "revenue", "What moves mean revenue", "mean revenue over the horizon, with the input held ($)", tiny},
		{"tiny", "cac", "What moves mean CAC", "mean CAC over the horizon, with the input held ($)", tiny},
		{"tiny", "channels.ads.customers", "What moves mean ads's customers", "mean ads's customers over the horizon, with the input held (count)", tiny},
		{"tiny", "stages.sql", "What moves mean people reaching sql", "(count)", tiny},
		{"series_a", "revenue", "What moves mean revenue", "($)", builtin("series_a.yaml")},
	} {
		t.Run(tt.name+"/"+tt.metric, func(t *testing.T) {
			sr := sensitivity(t, tt.name, tt.s, tt.metric)
			p, err := Tornado(sr)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, tt.title)
			hasText(t, doc, tt.xLabel)
			u := measure.Of(tt.metric).Unit
			hasText(t, doc, "base: mean "+strings.TrimPrefix(tt.title, "What moves mean ")+" "+u.Format(sr.Base.Mean))
			shown := sr.Inputs[:min(len(sr.Inputs), tornadoRows)]
			if hidden := len(sr.Inputs) - len(shown); hidden > 0 {
				hasText(t, doc, fmt.Sprintf("%d more inputs with smaller swings not shown", hidden))
			}
			// A bar per input and run, plus a legend swatch for each run.
			defined := 0
			var keys []string
			for _, in := range shown {
				keys = append(keys, in.Key)
				if in.Undefined {
					continue
				}
				defined++
				hasText(t, doc, model.KeyUnit(in.Key).Format(in.Low))
				hasText(t, doc, model.KeyUnit(in.Key).Format(in.High))
			}
			for _, c := range []struct {
				name string
				col  color.NRGBA
			}{{"P10 bars", colLowRun}, {"P90 bars", colHighRun}} {
				if got := countFills(doc, c.col); got != defined+1 {
					t.Errorf("%s: got %d; want %d", c.name, got, defined+1)
				}
			}
			// The key paths top to bottom in order of swing, far enough apart
			// not to overlap: gonum writes y upwards, negated.
			at := textAt(doc, keys)
			if len(at) != len(keys) {
				t.Fatalf("input labels: got %d; want %d (%v)", len(at), len(keys), keys)
			}
			size := 9.5
			if len(keys) > 10 {
				size = 9
			}
			for i := 1; i < len(keys); i++ {
				gap := at[keys[i]] - at[keys[i-1]] // the next row sits lower: a larger y
				if gap < size {
					t.Errorf("%s below %s: %.1f points apart; want at least the font's %.1f", keys[i], keys[i-1], gap, size)
				}
			}
		})
	}
}

// TestTornadoOrder checks the swings the chart draws against the result:
// each bar runs from the base mean to the mean with the input held, and
// the swing of an input is what plan computed.
func TestTornadoOrder(t *testing.T) {
	sr := sensitivity(t, "tiny", tiny, "revenue")
	for i, in := range sr.Inputs {
		if got := math.Abs(in.MeanAtHigh - in.MeanAtLow); !in.Undefined && math.Abs(got-in.Swing) > 1e-9*math.Max(1, got) {
			t.Errorf("%s: swing got %v; want |high − low| = %v", in.Key, in.Swing, got)
		}
		if i > 0 && in.Swing > sr.Inputs[i-1].Swing {
			t.Errorf("%s: swing %v above %s's %v; want largest first", in.Key, in.Swing, sr.Inputs[i-1].Key, sr.Inputs[i-1].Swing)
		}
	}
	charts, err := TornadoCharts(sensitivity(t, "tiny", tiny, "channels.ads.customers"))
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 1 || charts[0].Name != "tornado_channels_ads_customers" || charts[0].Caption == "" {
		t.Errorf("TornadoCharts: got %d charts, the first %q; want one, tornado_channels_ads_customers, with a caption", len(charts), charts[0].Name)
	}
}

func TestTornadoErrors(t *testing.T) {
	fixed := &plan.SensitivityResult{Metric: "revenue", Base: sim.Summarize([]float64{1, 2, 3})}
	undefined := &plan.SensitivityResult{Metric: "cac", Base: sim.Summarize([]float64{math.NaN()})}
	for _, tt := range []struct {
		name string
		sr   *plan.SensitivityResult
		want string
	}{
		{"nil", nil, "no sensitivity result"},
		{"every input fixed", fixed, "every input is a fixed number"},
		{"base undefined", undefined, "cac is undefined in every trial"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Tornado(tt.sr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v; want one containing %q", err, tt.want)
			}
		})
	}
}
