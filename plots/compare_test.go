package plots

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// tinyYAML is a small scenario for the planning charts: a saturating ad
// channel and an SDR feed lead → sql → customer, one rep works the sql
// stage, and three variants: more ads, a long-named one that adds a rep,
// and "paused", which spends nothing and so wins nobody (CAC and ROI are
// undefined in every trial).
const tinyYAML = `
name: Tiny
horizon_months: 6
funnel:
  stages: [lead, sql, customer]
  handoff: sql
  conversion:
    sql: {low: 0.1, high: 0.2}
    customer: {low: 0.15, high: 0.3}
channels:
  ads:
    enters: lead
    spend: 3000
    unit_cost: {low: 20, high: 40}
    max_per_month: 300
  sdr:
    kind: sales
    enters: sql
    headcount: 1
    cost_per_head: 5000
    output_per_head: {low: 8, high: 14}
sales:
  reps: 1
  cost_per_rep: 8000
  capacity_per_rep: 30
customers:
  value: {low: 100, high: 300}
  churn: 0.02
variants:
  more_ads: {channels.ads.spend: 6000}
  another_rep_for_the_sdr_leads: {sales.reps: 2}
  paused: {channels.ads.spend: 0, channels.sdr.headcount: 0, sales.reps: 0}
`

// planned caches the planning runs the chart tests share.
var planned sync.Map

// cached runs f once per key.
func cached[T any](t *testing.T, key string, f func() (T, error)) T {
	t.Helper()
	if v, ok := planned.Load(key); ok {
		return v.(T)
	}
	v, err := f()
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	planned.Store(key, v)
	return v
}

// tiny returns the tiny scenario.
func tiny(t *testing.T) *model.Scenario {
	t.Helper()
	s, err := model.Parse("tiny.yaml", []byte(tinyYAML), nil)
	if err != nil {
		t.Fatalf("model.Parse(tiny.yaml): %v", err)
	}
	return s
}

// comparison compares a scenario with its variants: 300 trials, seed 1.
func comparison(t *testing.T, name string, s func(*testing.T) *model.Scenario) *plan.Comparison {
	t.Helper()
	return cached(t, "compare "+name, func() (*plan.Comparison, error) {
		plans, err := plan.Variants(s(t))
		if err != nil {
			return nil, err
		}
		return plan.Compare(context.Background(), plans, &sim.Options{Trials: 300, Seed: 1}, nil)
	})
}

// builtin returns a loader of a built-in scenario.
func builtin(file string) func(*testing.T) *model.Scenario {
	return func(t *testing.T) *model.Scenario {
		t.Helper()
		s, err := model.Load(scenarios.FS, file, nil)
		if err != nil {
			t.Fatalf("model.Load(%s): %v", file, err)
		}
		return s
	}
}

func TestCompareCharts(t *testing.T) {
	for _, tt := range []struct {
		name string
		c    *plan.Comparison
	}{
		{"seed_saas", comparison(t, "seed_saas", builtin("seed_saas.yaml"))},
		{"tiny", comparison(t, "tiny", tiny)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			charts, err := CompareCharts(tt.c)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, m := range tt.c.Metrics {
				want = append(want, "compare_"+m, "compare_boxes_"+m, "compare_diff_"+m)
			}
			var got []string
			for _, c := range charts {
				got = append(got, c.Name)
				if c.Caption == "" {
					t.Errorf("%s: no caption", c.Name)
				}
				render(t, c.Plot)
			}
			if !slices.Equal(got, want) {
				t.Errorf("charts: got %v; want %v", got, want)
			}
		})
	}
}

// Every compared metric is drawn, a stage's and a channel's too.
func TestCompareChartsEveryMetric(t *testing.T) {
	plans, err := plan.Variants(tiny(t))
	if err != nil {
		t.Fatal(err)
	}
	metrics := []string{"payback_months", "stages.sql", "channels.ads.customers"}
	c, err := plan.Compare(context.Background(), plans, &sim.Options{Trials: 200, Seed: 1}, metrics)
	if err != nil {
		t.Fatal(err)
	}
	charts, err := CompareCharts(c)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ch := range charts {
		got = append(got, ch.Name)
	}
	for _, want := range []string{"compare_payback_months", "compare_boxes_stages_sql", "compare_diff_channels_ads_customers"} {
		if !slices.Contains(got, want) {
			t.Errorf("charts %v; want %s among them", got, want)
		}
	}
	if len(got) != 3*len(metrics) {
		t.Errorf("got %d charts; want 3 for each of %d metrics", len(got), len(metrics))
	}
}

func TestOverlay(t *testing.T) {
	c := comparison(t, "tiny", tiny)
	for _, m := range []string{"revenue", "new_customers", "cac", "roi"} {
		t.Run(m, func(t *testing.T) {
			p, err := Overlay(c, m)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, fmt.Sprintf("%s over 6 months: 4 plans in the same 300 simulated futures", measure.Of(m).Label))
			hasText(t, doc, axisLabel(m))
			hasText(t, doc, "how often (density)")
			for i, pr := range c.Plans {
				st := sim.Summarize(pr.Result.Metrics[m])
				fill := translucent(planColour(i), planFill)
				if st.Defined == 0 {
					hasText(t, doc, pr.Name+": undefined in every trial")
					if got := countFills(doc, fill); got != 0 {
						t.Errorf("%s: curves: got %d; want 0", pr.Name, got)
					}
					continue
				}
				hasText(t, doc, fmt.Sprintf("%s: P50 %s", pr.Name, measure.Of(m).Unit.Format(st.P50)))
				// The curve's fill and its legend swatch.
				if got := countFills(doc, fill); got != 2 {
					t.Errorf("%s: filled curves: got %d; want 2", pr.Name, got)
				}
			}
		})
	}
}

func TestBoxes(t *testing.T) {
	c := comparison(t, "tiny", tiny)
	for _, m := range []string{"revenue", "new_customers", "cac", "roi"} {
		t.Run(m, func(t *testing.T) {
			p, err := Boxes(c, m)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, measure.Of(m).Label+" over 6 months by plan: median, P25–P75 and P10–P90")
			hasText(t, doc, axisLabel(m))
			hasText(t, doc, "whiskers: P10–P90, 8 in 10 futures")
			for i, pr := range c.Plans {
				hasText(t, doc, strings.Split(wrap(pr.Name, 16), "\n")[0])
				st := sim.Summarize(pr.Result.Metrics[m])
				want := 1
				if st.Defined == 0 {
					want = 0
					hasText(t, doc, "(undefined)")
				} else {
					hasText(t, doc, "P50 "+measure.Of(m).Unit.Format(st.P50))
				}
				if got := countFills(doc, translucent(planColour(i), planFill)); got != want {
					t.Errorf("%s: boxes: got %d; want %d", pr.Name, got, want)
				}
			}
		})
	}
}

func TestDifferences(t *testing.T) {
	c := comparison(t, "tiny", tiny)
	for _, m := range []string{"revenue", "new_customers", "cac", "roi"} {
		t.Run(m, func(t *testing.T) {
			p, err := Differences(c, m)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, measure.Of(m).Label+": each plan minus base in the same futures (mean, P10–P90)")
			better := "higher is better"
			if plan.LowerIsBetter(m) {
				better = "lower is better"
			}
			hasText(t, doc, better)
			hasText(t, doc, "no difference: the same as base")
			for i, pr := range c.Plans[1:] {
				d := pr.VersusBase[m]
				want := 1
				if d.Defined == 0 {
					want = 0
				} else {
					hasText(t, doc, "P(beats base) "+measure.Share.Format(d.PBeats))
					hasText(t, doc, "mean "+measure.Of(m).Unit.Signed(d.Mean))
				}
				// One dot per plan with a defined difference.
				if got := countFills(doc, planColour(i+1)); got != want {
					t.Errorf("%s: dots: got %d; want %d", pr.Name, got, want)
				}
			}
		})
	}
	if _, err := Differences(&plan.Comparison{Plans: c.Plans[:1]}, "revenue"); err == nil {
		t.Error("Differences of one plan: got no error; want one")
	}
}

func TestCompareErrors(t *testing.T) {
	c := comparison(t, "tiny", tiny)
	noRun := &plan.Comparison{Metrics: c.Metrics, Plans: []plan.PlanResult{{Name: "lost"}}}
	for _, tt := range []struct {
		name string
		err  func() error
		want string
	}{
		{"nil", func() error { _, err := CompareCharts(nil); return err }, "no comparison to draw"},
		{"no run", func() error { _, err := CompareCharts(noRun); return err }, "plan lost has no run to draw"},
		{"unknown metric", func() error { _, err := Overlay(c, "nope"); return err }, `unknown metric "nope"`},
		{"no metric", func() error {
			_, err := CompareCharts(&plan.Comparison{Plans: c.Plans})
			return err
		}, "no metric of the comparison"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// TestDensity checks the kernel density estimate against its expectation:
// for a Normal(μ, σ) sample and a Gaussian kernel of bandwidth h, the
// estimate's mean at x is the Normal(μ, σ² + h²) density, and its standard
// deviation about √(f(x) / (2√π·n·h)) (Silverman 1986, §3.3), so each point
// must lie within 4 of those.
func TestDensity(t *testing.T) {
	const n = 20000
	const mu, sigma = 50.0, 10.0
	src := rand.NewPCG(11, 12)
	norm := distuv.Normal{Mu: mu, Sigma: sigma, Src: src}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = norm.Rand()
	}
	slices.Sort(xs)
	h := bandwidth(xs, false)
	// Silverman: 0.9 · min(sd, IQR/1.34) · n^(−1/5); for a normal sample
	// both spreads are about σ.
	if want := 0.9 * sigma * math.Pow(n, -0.2); math.Abs(h-want) > 0.05*want {
		t.Errorf("bandwidth: got %v; want %v ± 5%%", h, want)
	}
	smooth := distuv.Normal{Mu: mu, Sigma: math.Sqrt(sigma*sigma + h*h)}
	grid := density(xs, mu-4*sigma, mu+4*sigma, 81, h)
	area := 0.0
	for k, pt := range grid {
		f := smooth.Prob(pt.X)
		if tol := 4 * math.Sqrt(f/(2*math.Sqrt(math.Pi)*n*h)); math.Abs(pt.Y-f) > tol {
			t.Errorf("density at %.1f: got %.5f; want %.5f ± %.5f", pt.X, pt.Y, f, tol)
		}
		if k > 0 {
			area += (pt.X - grid[k-1].X) * (pt.Y + grid[k-1].Y) / 2
		}
	}
	// The estimate integrates to the share of Normal(μ, σ² + h²) within
	// ±4σ, up to the sample's chance share beyond it and the trapezoid rule.
	want := smooth.CDF(mu+4*sigma) - smooth.CDF(mu-4*sigma)
	if math.Abs(area-want) > 2e-3 {
		t.Errorf("area: got %v; want %v ± 0.002", area, want)
	}
}

func TestBandwidth(t *testing.T) {
	for _, tt := range []struct {
		name  string
		xs    []float64
		whole bool
		want  float64
	}{
		// 1..5: sd √2.5 ≈ 1.58, IQR/1.34 = (4 − 2)/1.34 ≈ 1.49, the smaller.
		{"small sample", []float64{1, 2, 3, 4, 5}, false, 0.9 * 2 / 1.34 * math.Pow(5, -0.2)},
		{"IQR of zero: the sd", []float64{0, 10, 10, 10, 10, 10, 20}, false, 0.9 * math.Sqrt(200.0/6) * math.Pow(7, -0.2)},
		{"whole numbers at least 0.5", []float64{3, 3, 3, 3, 4}, true, 0.5},
		{"constant", []float64{7, 7, 7}, false, 7e-3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := bandwidth(tt.xs, tt.whole); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("got %v; want %v", got, tt.want)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	for _, tt := range []struct {
		in    string
		width int
		want  string
	}{
		{"base", 16, "base"},
		{"more_marketing", 16, "more_marketing"},
		{"another_rep_for_the_sdr_leads", 16, "another_rep_for_\nthe_sdr_leads"},
		{"paid search and more", 10, "paid\nsearch and\nmore"},
		{"averyveryverylongword", 5, "averyveryverylongword"},
	} {
		if got := wrap(tt.in, tt.width); got != tt.want {
			t.Errorf("wrap(%q, %d): got %q; want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

// textAt returns the y position of each SVG text element whose text is in
// want: gonum writes text as <text x="…" y="…" …>.
func textAt(doc string, want []string) map[string]float64 {
	out := map[string]float64{}
	for _, m := range textPos.FindAllStringSubmatch(doc, -1) {
		s := strings.TrimSpace(m[3])
		if slices.Contains(want, s) {
			y, err := strconv.ParseFloat(m[2], 64)
			if err == nil {
				out[s] = y
			}
		}
	}
	return out
}

var textPos = regexp.MustCompile(`<text x="([-0-9.e]+)" y="([-0-9.e]+)"[^>]*>([^<]*)</text>`)
