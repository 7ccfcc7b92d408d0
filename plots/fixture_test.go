package plots

import (
	"context"
	"html"
	"image/color"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/scenarios"
	"github.com/harvest-planning/harvest/sim"
)

// runs caches one small engine run per built-in scenario.
var runs sync.Map

// run returns a small real run (400 trials, seed 1) of a built-in
// scenario, reviewed.
func run(t *testing.T, file string) *plan.Run {
	t.Helper()
	if r, ok := runs.Load(file); ok {
		return r.(*plan.Run)
	}
	s, err := model.Load(scenarios.FS, file, nil)
	if err != nil {
		t.Fatalf("model.Load(%s): %v", file, err)
	}
	r, err := sim.Run(context.Background(), s, &sim.Options{Trials: 400, Seed: 1, Paths: 200})
	if err != nil {
		t.Fatalf("sim.Run(%s): %v", file, err)
	}
	run := plan.Review(r)
	runs.Store(file, run)
	return run
}

// synthScenario is a small scenario written as a literal: ads (saturating)
// and an SDR (headcount, sales) feed visit → lead → sql → customer, with a
// sales team from sql on.
func synthScenario() *model.Scenario {
	fixed := model.FixedValue
	return &model.Scenario{
		Name: "Synthetic", File: "synth.yaml", Horizon: 12,
		Source: []byte("name: Synthetic # <script>alert(1)</script>\n"),
		Funnel: model.Funnel{
			Stages:     []string{"visit", "lead", "sql", "customer"},
			Handoff:    2,
			Conversion: []model.Value{fixed(1), fixed(0.05), fixed(0.4), fixed(0.25)},
			Months:     []model.Value{fixed(0), fixed(0), fixed(0), fixed(0)},
		},
		Channels: []model.Channel{
			{Name: "ads", Kind: model.Marketing, Enters: 0, Response: model.Saturating, Spend: model.Constant(2000),
				UnitCost: fixed(5), MaxPerMonth: fixed(1000), HasMax: true},
			{Name: "sdr", Kind: model.SalesKind, Enters: 2, Response: model.Headcount, Spend: model.Constant(7000),
				Headcount: model.Constant(1), CostPerHead: 7000, OutputPerHead: fixed(10)},
		},
		Sales: &model.Sales{Reps: 1, CostPerRep: 10000, CapacityPerRep: fixed(10), FollowUp: fixed(1), QueueDecay: fixed(0)},
		Customers: model.Customers{Value: fixed(500), GrossMargin: fixed(0.8), Churn: fixed(0.02),
			Expansion: fixed(0), Repeat: fixed(0), OnboardingCost: fixed(0), DiscountRate: 0.1},
		Targets: []model.Target{{Metric: "new_customers", Value: 50}, {Metric: "revenue", Value: 1e6}},
	}
}

// synth builds a result by hand from distuv draws with a fixed seed, for
// tests that need known distributions or edge cases the engine rarely
// produces. Revenue is Normal(1e6, 2e5); new customers Poisson(40); CAC is
// spend / new customers (undefined without any). Paths: capacity 10 a
// month, and taken_on at 96% of it in the first fullMonths months, 94% after.
func synth(trials int, seed uint64, fullMonths int) *sim.Result {
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	rev := distuv.Normal{Mu: 1e6, Sigma: 2e5, Src: src}
	cust := distuv.Poisson{Lambda: 40, Src: src}
	r := &sim.Result{Scenario: synthScenario(), Trials: trials, Seed: seed, Horizon: 12, Metrics: map[string][]float64{}}
	for _, m := range measure.Names() {
		if measure.Of(m).Needs == "" { // the scenario gives no market and no attrition
			r.Metrics[m] = make([]float64, trials)
		}
	}
	for i := range trials {
		n := cust.Rand()
		if i%50 == 0 {
			n = 0 // a few trials win nobody: CAC undefined
		}
		spend := 9000.0 * 12
		r.Metrics["revenue"][i] = rev.Rand()
		r.Metrics["new_customers"][i] = n
		r.Metrics["spend"][i] = spend
		r.Metrics["spend_marketing"][i] = 2000 * 12
		r.Metrics["spend_sales"][i] = spend - 2000*12
		r.Metrics["new_revenue"][i] = n * 500 * 6
		r.Metrics["new_gross_profit"][i] = n * 500 * 6 * 0.8
		r.Metrics["cac"][i] = spend / n // +Inf when n = 0: must be left out
		if n == 0 {
			r.Metrics["cac"][i] = math.NaN()
		}
		r.Metrics["roi"][i] = (n*500*6*0.8 - spend) / spend
		r.Metrics["ltv"][i] = 20000
		r.Metrics["ltv_cac"][i] = 20000 / r.Metrics["cac"][i]
		r.Metrics["payback_months"][i] = r.Metrics["cac"][i] / 400
		r.Metrics["marketing_share_of_revenue"][i] = 2000 * 12 / r.Metrics["revenue"][i]
		r.Metrics["sales_share_of_revenue"][i] = (spend - 2000*12) / r.Metrics["revenue"][i]
		r.Metrics["lost_follow_up"][i] = 0
		r.Metrics["lost_queue"][i] = 3
		r.Metrics["capacity_used"][i] = 0.9
	}
	for k, name := range r.Scenario.Funnel.Stages {
		reached := make([]float64, trials)
		for i := range reached {
			reached[i] = r.Metrics["new_customers"][i] * math.Pow(4, float64(3-k))
		}
		r.Stages = append(r.Stages, sim.StageResult{Name: name, Reached: reached})
	}
	for c, ch := range r.Scenario.Channels {
		m := map[string][]float64{}
		for _, name := range measure.ChannelNames() {
			if cm, _ := measure.Channel(name); cm.Needs == "" {
				m[name] = make([]float64, trials)
			}
		}
		for i := range trials {
			share := 0.3 + 0.4*float64(c)
			cu := math.Round(share * r.Metrics["new_customers"][i])
			m["spend"][i] = ch.Spend.At(1) * 12
			m["entries"][i] = 100 * share
			m["customers"][i] = cu
			m["new_revenue"][i] = cu * 3000
			m["cac"][i] = math.NaN()
			if cu > 0 {
				m["cac"][i] = ch.Spend.At(1) * 12 / cu
			}
			m["roi"][i] = (cu*3000*0.8 - ch.Spend.At(1)*12) / (ch.Spend.At(1) * 12)
		}
		r.Channels = append(r.Channels, sim.ChannelResult{Name: ch.Name, Metrics: m})
	}
	paths := min(trials, 100)
	r.Paths.Series = map[string][][]float64{}
	for _, name := range measure.SeriesNames() {
		rows := make([][]float64, paths)
		for p := range rows {
			rows[p] = make([]float64, 12)
			for m := range rows[p] {
				switch name {
				case "capacity":
					rows[p][m] = 10
				case "taken_on":
					// Full at measure.CapacityLimit (95%) of capacity,
					// not only at all of it; just under it, not full.
					rows[p][m] = 9.4
					if m < fullMonths {
						rows[p][m] = 9.6
					}
				case "handed_off":
					rows[p][m] = 6 + float64(m)
				case "queue":
					rows[p][m] = float64(m)
				default:
					rows[p][m] = 1000 * float64(m+1) * (1 + 0.1*rev.Rand()/1e6)
				}
			}
		}
		r.Paths.Series[name] = rows
	}
	r.Paths.Trials = make([]int, paths)
	for i := range r.Paths.Trials {
		r.Paths.Trials[i] = i
	}
	r.Inputs = []sim.Input{{Key: "customers.value", Value: model.Value{Family: model.LogNormal, Domain: model.Positive, Form: "{low: 300, high: 900}", Mu: math.Log(519.6), Sigma: 0.334}}}
	return r
}

// countFills counts the SVG paths filled with a colour. gonum writes a
// translucent colour as an opaque one (un-premultiplied, so a channel may be
// off by one) plus a fill-opacity; both are matched to within rounding.
func countFills(doc string, c color.NRGBA) int {
	n := 0
	for _, m := range fillStyle.FindAllStringSubmatch(doc, -1) {
		rgb, err := strconv.ParseUint(m[1], 16, 32)
		if err != nil {
			continue
		}
		op := 1.0
		if m[2] != "" {
			op, _ = strconv.ParseFloat(m[2], 64)
		}
		near := func(got uint64, want uint8) bool { return math.Abs(float64(got)-float64(want)) <= 1 }
		if near(rgb>>16, c.R) && near(rgb>>8&0xff, c.G) && near(rgb&0xff, c.B) && math.Abs(op-float64(c.A)/255) < 0.002 {
			n++
		}
	}
	return n
}

var (
	fillStyle = regexp.MustCompile(`<path d="[^"]*"\s*style="fill:#([0-9A-Fa-f]{6})(?:;fill-opacity:([0-9.]+))?"`)
	textElem  = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
	badNumber = regexp.MustCompile(`\b(NaN|[+-]?Inf)\b`)
)

// texts returns the SVG's text elements, unescaped.
func texts(doc string) []string {
	var out []string
	for _, m := range textElem.FindAllStringSubmatch(doc, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}
