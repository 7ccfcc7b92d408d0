package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// render returns a plot's SVG text and fails on NaN or Inf anywhere in it.
func render(t *testing.T, p *plot.Plot) string {
	t.Helper()
	b, err := Render(p, "svg")
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	doc := string(b)
	if m := badNumber.FindString(doc); m != "" {
		t.Errorf("svg contains %q", m)
	}
	return doc
}

// hasText fails unless one of the SVG's text elements contains want.
func hasText(t *testing.T, doc, want string) {
	t.Helper()
	for _, s := range texts(doc) {
		if strings.Contains(s, want) {
			return
		}
	}
	t.Errorf("svg has no text containing %q; texts: %q", want, texts(doc))
}

func TestDistribution(t *testing.T) {
	r := run(t, "seed_saas.yaml")
	for _, tt := range []struct {
		metric, title, xLabel string
	}{
		{"revenue", "Revenue over 12 months", "revenue over the horizon ($)"},
		{"new_customers", "New customers over 12 months", "new customers won (count)"},
		{"cac", "CAC over 12 months", "CAC: spend per new customer ($)"},
		{"roi", "ROI over 12 months", "ROI: (new gross profit − spend) / spend (%)"},
	} {
		t.Run(tt.metric, func(t *testing.T) {
			p, err := Distribution(r, tt.metric)
			if err != nil {
				t.Fatalf("Distribution: %v", err)
			}
			doc := render(t, p)
			hasText(t, doc, tt.title)
			hasText(t, doc, tt.xLabel)
			hasText(t, doc, "share of trials (%)")
			st := sim.Summarize(r.Result.Metrics[tt.metric])
			for _, q := range []struct {
				name string
				x    float64
			}{{"P10", st.P10}, {"P50", st.P50}, {"P90", st.P90}} {
				hasText(t, doc, q.name+"  "+measure.Of(tt.metric).Unit.Format(q.x))
			}
			if tg, _, ok := target(r, tt.metric); ok {
				hasText(t, doc, targetText(tg, r.Result.TargetProbability(tg)))
			}
			// One bar per bin, plus the legend's swatch.
			xs := sortedFinite(r.Result.Metrics[tt.metric])
			lo, hi := axisRange(xs)
			bins, _, _ := histogram(xs, lo, hi, len(r.Result.Metrics[tt.metric]))
			if got, want := countFills(doc, colHist), len(bins)+1; got != want {
				t.Errorf("histogram bars: got %d; want %d", got, want)
			}
		})
	}
}

func TestDistributionTargetText(t *testing.T) {
	// The synthetic run's revenue is Normal(1e6, 2e5) and its target 1e6.
	r := plan.Review(synth(2000, 7, 0))
	p, err := Distribution(r, "revenue")
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, p)
	tg, _, _ := target(r, "revenue")
	want := fmt.Sprintf("target: P(revenue ≥ $1.00M) = %s", measure.Share.Format(r.Result.TargetProbability(tg)))
	hasText(t, doc, want)
	// The undefined CAC trials (1 in 50) are counted, not drawn.
	p, err = Distribution(r, "cac")
	if err != nil {
		t.Fatal(err)
	}
	hasText(t, render(t, p), "undefined in 40 of 2,000 trials, left out")
}

// TestHistogramShares checks the bins against the normal distribution the
// draws come from: each bin's share is within 4 standard errors,
// 4·√(p(1 − p)/n), of the normal probability of the bin.
func TestHistogramShares(t *testing.T) {
	const n = 20000
	r := synth(n, 3, 0)
	xs := sortedFinite(r.Metrics["revenue"])
	lo, hi := axisRange(xs)
	bins, _, outside := histogram(xs, lo, hi, n)
	norm := distuv.Normal{Mu: 1e6, Sigma: 2e5}
	total := 0.0
	for _, b := range bins {
		p := norm.CDF(b.Max) - norm.CDF(b.Min)
		if tol := 4 * math.Sqrt(p*(1-p)/n); math.Abs(b.Weight-p) > tol {
			t.Errorf("bin [%.0f, %.0f): got share %.4f; want %.4f ± %.4f", b.Min, b.Max, b.Weight, p, tol)
		}
		total += b.Weight
	}
	if math.Abs(total+outside-1) > 1e-9 {
		t.Errorf("shares in bins + outside: got %v; want 1", total+outside)
	}
	pOut := 1 - (norm.CDF(hi) - norm.CDF(lo))
	if tol := 4*math.Sqrt(0.02*0.98/n) + 1e-3; math.Abs(outside-pOut) > tol {
		t.Errorf("share beyond the axis: got %.4f; want %.4f ± %.4f", outside, pOut, tol)
	}
}

func TestHistogramWholeNumbers(t *testing.T) {
	xs := []float64{3, 4, 4, 5, 5, 5, 9}
	bins, width, outside := histogram(xs, 3, 9, len(xs))
	if width != 1 || len(bins) != 7 || outside != 0 {
		t.Fatalf("got %d bins of width %v, %v outside; want 7 of width 1, 0 outside", len(bins), width, outside)
	}
	for _, b := range bins {
		centre := (b.Min + b.Max) / 2
		want := 0.0
		for _, x := range xs {
			if x == centre {
				want++
			}
		}
		if want /= float64(len(xs)); math.Abs(b.Weight-want) > 1e-12 {
			t.Errorf("bin centred on %v: got %v; want %v", centre, b.Weight, want)
		}
	}
}

func TestFan(t *testing.T) {
	r := run(t, "seed_saas.yaml")
	for _, tt := range []struct{ series, title, y string }{
		{"revenue", "Monthly revenue: median and ranges", "revenue in the month ($)"},
		{"mrr", "Monthly recurring revenue (MRR): median and ranges", "MRR at the month's end ($)"},
		{"customers", "Customers: median and ranges", "customers at the month's end (count)"},
	} {
		t.Run(tt.series, func(t *testing.T) {
			p, err := Fan(r, tt.series)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, tt.title)
			hasText(t, doc, tt.y)
			hasText(t, doc, "month")
			// Each band once in the data and once in the legend.
			for _, c := range []color.NRGBA{colBandWide, colBandMid} {
				if got := countFills(doc, c); got != 2 {
					t.Errorf("bands of colour %v: got %d; want 2", c, got)
				}
			}
			hasText(t, doc, "median (P50)")
		})
	}
	if got := FanSeries(run(t, "dtc_shop.yaml").Result); !slices.Equal(got, []string{"revenue", "customers"}) {
		t.Errorf("FanSeries(one_time): got %v; want [revenue customers]", got)
	}
	if got := FanSeries(run(t, "seed_saas.yaml").Result); !slices.Equal(got, []string{"mrr", "customers"}) {
		t.Errorf("FanSeries(subscription): got %v; want [mrr customers]", got)
	}
}

func TestFunnel(t *testing.T) {
	for _, file := range []string{"seed_saas.yaml", "dtc_shop.yaml"} {
		t.Run(file, func(t *testing.T) {
			r := run(t, file)
			p, err := Funnel(r)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, "Funnel: people reaching each stage in 12 months")
			hasText(t, doc, "people (log scale)")
			h := r.Result.Scenario.Funnel.Handoff
			mkt, sales := len(r.Result.Stages), 0
			if h >= 0 {
				mkt, sales = h, len(r.Result.Stages)-h
				hasText(t, doc, "handoff to sales")
			}
			// Bars with a positive median, plus one legend swatch per colour.
			pos := func(from, to int) (n int) {
				for _, s := range r.Result.Stages[from:to] {
					if sim.Summarize(s.Reached).P50 > 0 {
						n++
					}
				}
				return n
			}
			if got, want := countFills(doc, colMarketing), pos(0, mkt)+1; got != want {
				t.Errorf("marketing bars: got %d; want %d", got, want)
			}
			if sales > 0 {
				if got, want := countFills(doc, colSales), pos(mkt, len(r.Result.Stages))+1; got != want {
					t.Errorf("sales bars: got %d; want %d", got, want)
				}
			}
			for _, s := range r.Result.Stages {
				hasText(t, doc, s.Name)
				hasText(t, doc, measure.Count.Format(sim.Summarize(s.Reached).P50))
			}
		})
	}
}

func TestChannels(t *testing.T) {
	r := run(t, "seed_saas.yaml")
	for _, tt := range []struct{ metric, title, x, ref string }{
		{"cac", "CAC by channel", "channel spend per customer it brought ($)", "blended CAC (all spend), median"},
		{"roi", "ROI by channel", "(new gross profit − channel spend) / channel spend (%)", "break-even"},
	} {
		t.Run(tt.metric, func(t *testing.T) {
			p, err := Channels(r, tt.metric)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, tt.title)
			hasText(t, doc, tt.x)
			hasText(t, doc, tt.ref)
			var mkt, sales int
			for _, ch := range r.Result.Channels {
				st := sim.Summarize(ch.Metrics[tt.metric])
				if st.Defined == 0 {
					continue
				}
				hasText(t, doc, ch.Name)
				hasText(t, doc, measure.Of(tt.metric).Unit.Format(st.P50))
				if channelKind(r.Result, ch.Name) == model.SalesKind {
					sales++
				} else {
					mkt++
				}
			}
			// A dot per channel and one in the legend, per kind.
			if got := countFills(doc, colMarketing); got != mkt+1 {
				t.Errorf("marketing dots: got %d; want %d", got, mkt+1)
			}
			if got := countFills(doc, colSales); sales > 0 && got != sales+1 {
				t.Errorf("sales dots: got %d; want %d", got, sales+1)
			}
		})
	}
}

func TestShares(t *testing.T) {
	r := run(t, "seed_saas.yaml")
	p, err := Shares(r)
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, p)
	hasText(t, doc, "Share of channel spend against share of customers won")
	hasText(t, doc, "share of all channels (%)")
	n := len(r.Result.Channels)
	if got := countFills(doc, colMuted); got != n+1 {
		t.Errorf("spend bars: got %d; want %d", got, n+1)
	}
	if got := countFills(doc, colGood); got != n+1 {
		t.Errorf("customer bars: got %d; want %d", got, n+1)
	}
}

func TestResponse(t *testing.T) {
	s := synthScenario()
	curves := plan.ResponseCurves(s, nil)
	if len(curves) != 2 {
		t.Fatalf("response curves: got %d; want 2", len(curves))
	}
	// ads: saturating, M = 1000, unit cost c = 5, spend S = 2000: λ = M(1 −
	// e^(−S/(cM))) and the next entry costs 1/λ' = c·e^(S/(cM)).
	lambda := 1000 * (1 - math.Exp(-2000.0/5000))
	next := 5 * math.Exp(2000.0/5000)
	// sdr: headcount 1 × 10 a head; an entry costs 7000 / 10.
	for _, tt := range []struct {
		curve          plan.ResponseCurve
		title, legend  string
		ceiling, heads bool
	}{
		{curves[0], "ads (saturating response): people entering at visit per month",
			fmt.Sprintf("current $2,000 a month: %s entries, next one costs %s (average %s)",
				measure.Count.Format(lambda), measure.Money.Format(next), measure.Money.Format(2000/lambda)), true, false},
		{curves[1], "sdr (headcount response): people entering at sql per month",
			"current $7,000 a month (1 head): 10 entries, next one costs $700 (average $700)", false, true},
	} {
		t.Run(tt.curve.Channel, func(t *testing.T) {
			p, err := Response(s, tt.curve)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, tt.title)
			hasText(t, doc, "monthly spend ($)")
			hasText(t, doc, "people entering per month (expected)")
			hasText(t, doc, tt.legend)
			if tt.ceiling {
				hasText(t, doc, "ceiling: 1,000 a month (max_per_month)")
			}
		})
	}
	rec := 3000.0
	c := curves[0]
	c.Recommended = &rec
	p, err := Response(s, c)
	if err != nil {
		t.Fatal(err)
	}
	hasText(t, render(t, p), "recommended $3,000 a month")
	if _, err := Response(s, plan.ResponseCurve{Channel: "nope"}); err == nil {
		t.Error("Response(unknown channel): got no error; want one")
	}
}

func TestCapacity(t *testing.T) {
	for _, full := range []int{0, 8, 12} {
		t.Run(fmt.Sprint("full=", full), func(t *testing.T) {
			r := plan.Review(synth(200, 1, full))
			if r.FullMonths != full {
				t.Fatalf("FullMonths: got %d; want %d", r.FullMonths, full)
			}
			p, err := Capacity(r)
			if err != nil {
				t.Fatal(err)
			}
			doc := render(t, p)
			hasText(t, doc, fmt.Sprintf("Sales capacity: full in %d of 12 months at the median", full))
			hasText(t, doc, "people per month (median)")
			hasText(t, doc, "capacity: people sales can take on")
			// Twelve monthly bars and the legend's swatch.
			if got := countFills(doc, colHanded); got != 13 {
				t.Errorf("handed-off bars: got %d; want 13", got)
			}
		})
	}
	r := run(t, "dtc_shop.yaml") // no sales section
	if _, err := Capacity(r); err == nil {
		t.Error("Capacity without a sales section: got no error; want one")
	}
}

func TestChartErrors(t *testing.T) {
	r := plan.Review(synth(100, 1, 0))
	noPaths := synth(100, 1, 0)
	noPaths.Paths = sim.Paths{}
	empty := plan.Review(noPaths)
	nan := synth(100, 1, 0)
	for i := range nan.Metrics["cac"] {
		nan.Metrics["cac"][i] = math.NaN()
	}
	allNaN := plan.Review(nan)
	for _, tt := range []struct {
		name string
		err  func() error
		want string
	}{
		{"unknown metric", func() error { _, err := Distribution(r, "nope"); return err }, `metric "nope" is not in the result`},
		{"undefined metric", func() error { _, err := Distribution(allNaN, "cac"); return err }, "cac is undefined in all 100 trials"},
		{"no paths", func() error { _, err := Fan(empty, "revenue"); return err }, "kept no monthly revenue paths"},
		{"unknown series", func() error { _, err := Fan(r, "nope"); return err }, `no monthly series "nope"`},
		{"unknown channel metric", func() error { _, err := Channels(r, "nope"); return err }, `no channel metric "nope"`},
		{"nil result", func() error { _, err := Funnel(nil); return err }, "no result to draw"},
		{"bad format", func() error { _, err := Render(plot.New(), "gif"); return err }, `format "gif" is not png or svg`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// TestNoNaNAnywhere draws every chart of every built-in scenario and of a
// result with undefined trials, and finds no NaN or Inf in the SVG.
func TestNoNaNAnywhere(t *testing.T) {
	files := []string{"seed_saas.yaml", "dtc_shop.yaml", "agency.yaml", "series_a.yaml", "home_services.yaml", "new_business.yaml", "established.yaml"}
	if testing.Short() {
		files = files[:2]
	}
	results := map[string]*plan.Run{"synthetic": plan.Review(synth(300, 5, 6))}
	for _, f := range files {
		results[f] = run(t, f)
	}
	for name, r := range results {
		t.Run(name, func(t *testing.T) {
			charts, err := Charts(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(charts) < 8 {
				t.Errorf("charts: got %d; want at least 8", len(charts))
			}
			for _, c := range charts {
				doc := render(t, c.Plot)
				if !strings.Contains(doc, "<text") {
					t.Errorf("%s: no text in the svg", c.Name)
				}
			}
		})
	}
}

// With a calendar, the month axes of the fan and capacity charts are
// labelled by date, as the tables and CSVs are.
func TestMonthAxesByDate(t *testing.T) {
	res := synth(200, 1, 6)
	res.Scenario.Calendar.Start = model.Month{Year: 2027, Month: 1}
	r := plan.Review(res)
	fan, err := Fan(r, "mrr")
	if err != nil {
		t.Fatal(err)
	}
	capa, err := Capacity(r)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*plot.Plot{"fan": fan, "capacity": capa} {
		doc := render(t, p)
		for _, want := range []string{"2027-01", "2027-04", "2027-07", "2027-10"} {
			hasText(t, doc, want)
		}
		for _, s := range texts(doc) {
			if s == "2" || s == "12" {
				t.Errorf("%s: a month labelled by number (%q) with a calendar", name, s)
			}
		}
	}
}

// A channel drawing from a pool is drawn over the horizon as the pool
// runs out, against the line it would follow without one.
func TestResponsePooled(t *testing.T) {
	s := synthScenario()
	s.Channels[1].Audience, s.Channels[1].HasAudience = model.FixedValue(100), true // sdr: 10 a month, 12 months
	c := plan.ResponseCurves(s, nil)[1]
	if c.Horizon != 12 {
		t.Fatalf("sdr's curve: horizon %d; want 12 (an audience)", c.Horizon)
	}
	e, _ := plan.HorizonEntries(s, 1, 7000)
	p, err := Response(s, c)
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, p)
	hasText(t, doc, "sdr (headcount response): people entering at sql over 12 months")
	hasText(t, doc, "people entering over the horizon (expected)")
	hasText(t, doc, "expected entries as its audience runs out (mean inputs)")
	hasText(t, doc, "were it never to run out")
	hasText(t, doc, "current $7,000 a month (1 head): "+measure.Count.Format(e)+" entries")
	if !(e < 100 && e > 60) {
		t.Errorf("entries over 12 months from an audience of 100 at 10 a month: %g; want 100(1 − 0.9¹²) ≈ 72", e)
	}
}
