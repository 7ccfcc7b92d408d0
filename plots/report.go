package plots

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"regexp"

	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

// headline are the report's headline metrics, in order.
var headline = []string{
	"revenue", "new_revenue", "new_customers", "spend", "spend_marketing", "spend_sales",
	"cac", "roi", "ltv", "lifetime_roi", "ltv_cac", "payback_months",
	"ending_customers", "ending_mrr", "lost_follow_up", "lost_queue", "capacity_used",
}

// row is one line of a report table: a name and its P10, P50, P90.
type row struct {
	Name, Note    string
	P10, P50, P90 string
	Undefined     string
}

type channelRow struct {
	Name, Kind                      string
	Spend, Entries, Customers, CAC  string
	CACRange, ROI, ROIRange, NewRev string
}

type targetRow struct{ Metric, Target, Probability, Chance string }

type budgetRow struct{ Who, P10, P50, P90, Usual, Verdict string }

type inputRow struct{ Key, Form, Family, Params, P5, P50, P95 string }

type figure struct {
	Name, Caption string
	SVG           template.HTML
}

type report struct {
	Title, Description, Source string
	Trials, Seed, Horizon      string
	// Lead are the findings that say what to do; Findings the rest.
	Lead, Findings []string
	Headline       []row
	// Undefined is true when some headline metric is undefined in some
	// trial: only then has the table a column for it.
	Undefined bool
	Targets   []targetRow
	Budget    []budgetRow
	Funnel    []row
	Channels  []channelRow
	// Market and People are the pools' shares used and the teams'
	// months worked and leavers, when the scenario gives those keys.
	Market, People []row
	Figures        []figure
	Inputs         []inputRow
	Scenario       string
	// Overrides are the --set overrides the run was made with;
	// ScenarioNote says how Scenario relates to the file.
	Overrides    []string
	ScenarioNote string
	// Decisions are the planning answers asked for: the split, the
	// comparison, the tornado.
	Decisions []section
	// Cash is the company's cash, with a company section; CashFirst puts
	// it right after the findings, when the cash runs out in at least
	// measure.CashRisk of futures, rather than after the summary.
	Cash      *cashSection
	CashFirst bool
}

// cashSection is the report's cash: the run table's Cash block and the
// cash charts.
type cashSection struct {
	Rows    []row
	Risk    string
	Figures []figure
}

// cashCharts are the charts the cash section shows rather than the
// charts section.
var cashCharts = map[string]bool{"cash_fan": true, "cash_out": true}

// Report writes one self-contained HTML page about a run: what to do
// (the run's leading findings) and the rest of its findings in plain
// words, the summary tables (headline metrics, targets, budget shares
// against the usual ranges, the funnel, the channels), every chart of
// Charts as inline SVG — with a company section, the cash's table and
// charts in a section of their own, right after the findings when the
// cash runs out in measure.CashRisk of futures or more, else after the
// summary — each uncertain input's fitted distribution, and
// the scenario as the user wrote it. source says where the scenario came
// from ("plan.yaml", "built-in seed_saas"; empty: not said). It loads
// nothing from the network and needs no JavaScript; it prints on A4 or
// Letter with a chart per half page.
func Report(w io.Writer, run *plan.Run, source string) error {
	return ReportWith(w, run, source, nil)
}

// ReportWith is Report with extras (nil: none): the overrides the run was
// made with, listed in the header and above the scenario, which is shown
// as run; and the planning answers asked for, each a section after the
// findings (the recommended split with its funding order and frontier,
// the comparison's verdicts, the tornado), each adding its one line to
// "What to do": the optimizer's verdict, the comparison's, the input most
// worth learning.
func ReportWith(w io.Writer, run *plan.Run, source string, x *Extras) error {
	if err := checkRun(run); err != nil || run.Result.Scenario == nil {
		return fmt.Errorf("plots: no result to report")
	}
	charts, err := Charts(run)
	if err != nil {
		return err
	}
	r, sum := run.Result, run.Summary
	s := r.Scenario
	rep := report{
		Title:       s.Name,
		Description: s.Description,
		Source:      source,
		Trials:      measure.Whole(r.Trials),
		Seed:        fmt.Sprint(r.Seed),
		Horizon:     fmt.Sprint(r.Horizon),
		Scenario:    string(s.Source),
	}
	if rep.Title == "" {
		rep.Title = source
	}
	lead := len(run.Lead())
	for i, f := range run.Findings {
		if i < lead {
			rep.Lead = append(rep.Lead, f.String())
		} else {
			rep.Findings = append(rep.Findings, f.String())
		}
	}
	if x != nil {
		rep.Overrides, rep.ScenarioNote = x.Overrides, x.ScenarioNote
		if x.Scenario != "" {
			rep.Scenario = x.Scenario
		}
		more, secs, err := decisions(x)
		if err != nil {
			return err
		}
		rep.Lead, rep.Decisions = append(rep.Lead, more...), secs
	}
	for _, m := range headline {
		st, ok := sum.Metrics[m]
		if !ok {
			continue
		}
		if m == "ending_mrr" && s.Customers.Revenue == model.OneTime {
			continue
		}
		if (m == "capacity_used" || m == "lost_queue" || m == "lost_follow_up") && s.Sales == nil {
			continue
		}
		rw := statRow(measure.Of(m).Label, m, st)
		rep.Headline = append(rep.Headline, rw)
		rep.Undefined = rep.Undefined || rw.Undefined != ""
	}
	for _, t := range s.Targets {
		p := sum.Targets[t.Metric].Probability
		m := measure.Of(t.Metric)
		op := "≥ "
		if t.Max {
			op = "≤ "
		}
		rep.Targets = append(rep.Targets, targetRow{m.Label, op + m.Unit.Format(t.Value), measure.Share.Format(p), plan.Chance(p)})
	}
	for _, b := range []struct{ metric, who string }{
		{"marketing_share_of_revenue", "Marketing"},
		{"sales_share_of_revenue", "Sales"},
	} {
		st := sum.Metrics[b.metric]
		if st.Defined == 0 {
			continue
		}
		m := measure.Of(b.metric)
		rep.Budget = append(rep.Budget, budgetRow{b.who, m.Unit.Format(st.P10), m.Unit.Format(st.P50), m.Unit.Format(st.P90),
			plan.UsualRange(m), run.ShareVerdict(b.metric)})
	}
	for k, st := range r.Stages {
		owner := "marketing"
		if s.Funnel.Handoff >= 0 && k >= s.Funnel.Handoff {
			owner = "sales"
		}
		rw := statRow(st.Name, "stages."+st.Name, sum.Stages[st.Name])
		rw.Note = owner
		rep.Funnel = append(rep.Funnel, rw)
	}
	for _, ch := range r.Channels {
		st := sum.Channels[ch.Name]
		cac, roi := st["cac"], st["roi"]
		cr := channelRow{
			Name: ch.Name, Kind: channelKind(r, ch.Name).String(),
			Spend: measure.Money.Format(st["spend"].P50), Entries: measure.Count.Format(st["entries"].P50),
			Customers: measure.Count.Format(st["customers"].P50), NewRev: measure.Money.Format(st["new_revenue"].P50),
			CAC: measure.Undefined, ROI: measure.Undefined,
		}
		if cac.Defined > 0 {
			cr.CAC, cr.CACRange = measure.Money.Format(cac.P50), measure.Money.Format(cac.P10)+" – "+measure.Money.Format(cac.P90)
		}
		if roi.Defined > 0 {
			cr.ROI, cr.ROIRange = measure.Share.Format(roi.P50), measure.Share.Format(roi.P10)+" – "+measure.Share.Format(roi.P90)
		}
		rep.Channels = append(rep.Channels, cr)
	}
	for _, m := range run.MarketMetrics() {
		st, _ := run.Stat(m)
		rep.Market = append(rep.Market, statRow(measure.Of(m).Label, m, st))
	}
	for _, m := range run.PeopleMetrics() {
		st, _ := run.Stat(m)
		rep.People = append(rep.People, statRow(measure.Of(m).Label, m, st))
	}
	if c, ok := run.Cash(); ok {
		runway, even := c.Ranges()
		rep.Cash = &cashSection{Risk: c.Risk()}
		for _, m := range []string{"cash_end", "cash_min"} {
			rep.Cash.Rows = append(rep.Cash.Rows, statRow(measure.Of(m).Label, m, sum.Metrics[m]))
		}
		rep.Cash.Rows = append(rep.Cash.Rows,
			row{Name: measure.Of("runway_months").Label, P10: runway[0], P50: runway[1], P90: runway[2]},
			row{Name: measure.Of("break_even_month").Label, P10: even[0], P50: even[1], P90: even[2]})
		rep.CashFirst = c.Out >= measure.CashRisk
	}
	for _, c := range charts {
		svg, err := Render(c.Plot, "svg")
		if err != nil {
			return fmt.Errorf("%s chart: %w", c.Name, err)
		}
		f := figure{
			Name: c.Name, Caption: c.Caption,
			// The SVG comes from our own plots; gonum escapes its text.
			SVG: template.HTML(inlineSVG(svg, c.Plot.Title.Text)),
		}
		if cashCharts[c.Name] && rep.Cash != nil {
			rep.Cash.Figures = append(rep.Cash.Figures, f)
			continue
		}
		rep.Figures = append(rep.Figures, f)
	}
	for _, in := range r.Inputs {
		v := in.Value
		if v.IsFixed() {
			continue
		}
		u := model.KeyUnit(in.Key)
		rep.Inputs = append(rep.Inputs, inputRow{
			Key: in.Key, Form: v.Form, Family: v.Family.String(), Params: params(v),
			P5: u.Format(v.Quantile(0.05)), P50: u.Format(v.Quantile(0.5)), P95: u.Format(v.Quantile(0.95)),
		})
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, rep); err != nil {
		return fmt.Errorf("plots: report: %w", err)
	}
	_, err = buf.WriteTo(w)
	return err
}

// params describes a fitted distribution's parameters: "min 1, mode 1.75,
// max 3", three significant digits and no trailing zeros.
func params(v model.Value) string {
	g := measure.Number.Short
	switch v.Family {
	case model.Beta, model.Gamma:
		return "α " + g(v.Alpha) + ", β " + g(v.Beta)
	case model.LogNormal:
		fallthrough // μ and σ of ln x
	case model.Normal:
		return "μ " + g(v.Mu) + ", σ " + g(v.Sigma)
	case model.Triangle, model.PERT:
		return "min " + g(v.Min) + ", mode " + g(v.Mode) + ", max " + g(v.Max)
	case model.Uniform:
		return "min " + g(v.Min) + ", max " + g(v.Max)
	}
	return g(v.X)
}

// statRow formats one metric's P10, P50 and P90 and its undefined count.
func statRow(name, metric string, st sim.Stats) row {
	rw := row{Name: name, P10: measure.Undefined, P50: measure.Undefined, P90: measure.Undefined}
	if st.Defined > 0 {
		u := measure.Of(metric).Unit
		rw.P10, rw.P50, rw.P90 = u.Format(st.P10), u.Format(st.P50), u.Format(st.P90)
	}
	if st.Undefined > 0 {
		rw.Undefined = measure.Whole(st.Undefined)
	}
	return rw
}

var (
	svgProlog = regexp.MustCompile(`(?s)^.*?<svg\b`)
	svgSize   = regexp.MustCompile(`^<svg width="[^"]*" height="[^"]*"`)
)

// inlineSVG makes a chart's SVG document fit inside HTML: no XML prolog,
// a width that follows the page (the viewBox keeps its proportions), and
// a title for screen readers.
func inlineSVG(svg []byte, title string) string {
	s := svgProlog.ReplaceAllString(string(svg), "<svg")
	s = svgSize.ReplaceAllString(s, `<svg class="chart" role="img" aria-label="`+template.HTMLEscapeString(title)+`"`)
	return s
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — harvest report</title>
<style>
:root { --ink: #222; --muted: #666; --rule: #ddd; --band: #f5f7fa; --mkt: #0072B2; --sales: #E69F00; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 "Liberation Sans", Arial, Helvetica, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; }
header { border-bottom: 3px solid var(--mkt); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 16px; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0; }
.findings li, .lead li { margin: 4px 0; }
.lead { font-size: 16px; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
th, td { text-align: right; padding: 5px 10px; border-bottom: 1px solid var(--rule); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { background: var(--band); font-weight: bold; }
td.left, th.left { text-align: left; white-space: normal; }
.marketing { color: var(--mkt); font-weight: bold; }
.sales { color: #B07A00; font-weight: bold; }
.note { color: var(--muted); font-size: 13px; }
figure { margin: 18px 0 26px; }
figure svg.chart { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 2px; }
svg.chart text { font-family: "Liberation Sans", Arial, Helvetica, sans-serif !important; }
pre { background: var(--band); border: 1px solid var(--rule); padding: 12px 14px; font-size: 12.5px;
  line-height: 1.4; overflow-x: auto; white-space: pre-wrap; }
nav ul { columns: 2; padding-left: 18px; margin: 6px 0; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, table, tr { break-inside: avoid; page-break-inside: avoid; }
  figure svg.chart { max-height: 11cm; }
  pre { white-space: pre-wrap; font-size: 9pt; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
{{if .Description}}<p>{{.Description}}</p>{{end}}
<p class="meta">harvest Monte Carlo report · {{.Trials}} trials · seed {{.Seed}} · {{.Horizon}} months{{if .Source}} · scenario {{.Source}}{{end}}{{range .Overrides}} · --set {{.}}{{end}}</p>
</header>

<nav><ul>
<li><a href="#findings">{{if .Lead}}What to do{{else}}Findings{{end}}</a></li>
{{if and .Cash .CashFirst}}<li><a href="#cash">Cash</a></li>
{{end}}{{range .Decisions}}<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{end}}<li><a href="#summary">Summary</a></li>
{{if and .Cash (not .CashFirst)}}<li><a href="#cash">Cash</a></li>
{{end}}<li><a href="#funnel">Funnel</a></li>
<li><a href="#channels">Channels</a></li>
<li><a href="#charts">Charts</a></li>
<li><a href="#inputs">Uncertain inputs</a></li>
<li><a href="#scenario">Scenario</a></li>
</ul></nav>

<section id="findings">
{{if .Lead}}<h2>What to do</h2>
<ul class="lead">
{{range .Lead}}<li>{{.}}</li>
{{end}}</ul>
<h3>What else the run says</h3>
{{else}}<h2>Findings</h2>
{{end}}<ul class="findings">
{{range .Findings}}<li>{{.}}</li>
{{end}}</ul>
<p class="note">P10, P50 and P90: in 1 of 10 simulated futures the number is below P10, in half below P50 (the median), in 9 of 10 below P90.</p>
</section>

{{if and .Cash .CashFirst}}{{template "cash" .Cash}}
{{end}}{{range .Decisions}}<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{range .Says}}<p>{{.}}</p>
{{end}}{{range .Tables}}<table>
<thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Note}}<p class="note">{{.Note}}</p>{{end}}
{{end}}{{range .Figures}}<figure id="chart-{{.Name}}">
{{.SVG}}
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}</section>

{{end}}<section id="summary">
<h2>Summary</h2>
<table>
<thead><tr><th>metric</th><th>P10</th><th>P50</th><th>P90</th>{{if .Undefined}}<th>undefined trials</th>{{end}}</tr></thead>
<tbody>
{{range .Headline}}<tr><td>{{.Name}}</td><td>{{.P10}}</td><td>{{.P50}}</td><td>{{.P90}}</td>{{if $.Undefined}}<td>{{.Undefined}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Targets}}
<h3 id="targets">Targets</h3>
<table>
<thead><tr><th>metric</th><th>target</th><th>probability of meeting it</th><th class="left">in words</th></tr></thead>
<tbody>
{{range .Targets}}<tr><td>{{.Metric}}</td><td>{{.Target}}</td><td>{{.Probability}}</td><td class="left">{{.Chance}}</td></tr>
{{end}}</tbody>
</table>
{{end}}
{{if .Budget}}
<h3 id="budget">Budget as a share of revenue</h3>
<table>
<thead><tr><th>spend</th><th>P10</th><th>P50</th><th>P90</th><th>usual</th><th class="left">median is</th></tr></thead>
<tbody>
{{range .Budget}}<tr><td>{{.Who}}</td><td>{{.P10}}</td><td>{{.P50}}</td><td>{{.P90}}</td><td>{{.Usual}}</td><td class="left">{{.Verdict}}</td></tr>
{{end}}</tbody>
</table>
{{end}}
</section>

{{if and .Cash (not .CashFirst)}}{{template "cash" .Cash}}
{{end}}<section id="funnel">
<h2>Funnel</h2>
<table>
<thead><tr><th>stage</th><th class="left">owner</th><th>P10</th><th>P50</th><th>P90</th></tr></thead>
<tbody>
{{range .Funnel}}<tr><td>{{.Name}}</td><td class="left {{.Note}}">{{.Note}}</td><td>{{.P10}}</td><td>{{.P50}}</td><td>{{.P90}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">People reaching each stage over the horizon, counted once when they arrive.</p>
</section>

<section id="channels">
<h2>Channels</h2>
<table>
<thead><tr><th>channel</th><th class="left">kind</th><th>spend</th><th>entries</th><th>customers</th><th>new revenue</th><th>CAC</th><th>CAC P10–P90</th><th>ROI</th><th>ROI P10–P90</th></tr></thead>
<tbody>
{{range .Channels}}<tr><td>{{.Name}}</td><td class="left {{.Kind}}">{{.Kind}}</td><td>{{.Spend}}</td><td>{{.Entries}}</td><td>{{.Customers}}</td><td>{{.NewRev}}</td><td>{{.CAC}}</td><td>{{.CACRange}}</td><td>{{.ROI}}</td><td>{{.ROIRange}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">Medians over the trials. A channel's spend excludes reps, commission and onboarding.</p>
{{if .Market}}
<h3 id="market">Market</h3>
<table>
<thead><tr><th>pool</th><th>P10</th><th>P50</th><th>P90</th></tr></thead>
<tbody>
{{range .Market}}<tr><td>{{.Name}}</td><td>{{.P10}}</td><td>{{.P50}}</td><td>{{.P90}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">The share of each pool entered over the horizon: people who entered are not reached again, so the nearer a pool is to used up, the less more spend there buys.</p>
{{end}}
{{if .People}}
<h3 id="people">People who leave</h3>
<table>
<thead><tr><th>team</th><th>P10</th><th>P50</th><th>P90</th></tr></thead>
<tbody>
{{range .People}}<tr><td>{{.Name}}</td><td>{{.P10}}</td><td>{{.P50}}</td><td>{{.P90}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">Months worked by the team's people (summed), those who left, and the people sales could not take on for vacancies and ramps.</p>
{{end}}
</section>

<section id="charts">
<h2>Charts</h2>
{{range .Figures}}<figure id="chart-{{.Name}}">
{{.SVG}}
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}</section>

<section id="inputs">
<h2>Uncertain inputs</h2>
{{if .Inputs}}<table>
<thead><tr><th>key</th><th class="left">as written</th><th class="left">fitted</th><th class="left">parameters</th><th>P5</th><th>P50</th><th>P95</th></tr></thead>
<tbody>
{{range .Inputs}}<tr><td>{{.Key}}</td><td class="left">{{.Form}}</td><td class="left">{{.Family}}</td><td class="left">{{.Params}}</td><td>{{.P5}}</td><td>{{.P50}}</td><td>{{.P95}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">Each is drawn once per trial: what we do not know about the world. A lognormal's μ and σ are those of ln x; a gamma's β is its rate.</p>
{{else}}<p>Every input is a fixed number.</p>{{end}}
</section>

<section id="scenario">
<h2>Scenario</h2>
{{if .Overrides}}<p>Run with these overrides (--set), applied in order:</p>
<ul class="overrides">
{{range .Overrides}}<li><code>{{.}}</code></li>
{{end}}</ul>
{{end}}{{if .ScenarioNote}}<p class="note">{{.ScenarioNote}}</p>
{{end}}<pre>{{.Scenario}}</pre>
</section>
</main>
</body>
</html>
{{define "cash"}}<section id="cash">
<h2>Cash</h2>
<table>
<thead><tr><th>metric</th><th>P10</th><th>P50</th><th>P90</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Name}}</td><td>{{.P10}}</td><td>{{.P50}}</td><td>{{.P90}}</td></tr>
{{end}}</tbody>
</table>
<p>{{.Risk}}.</p>
<p class="note">Over every future. Runway: the whole months the cash covers; break-even: the first month whose net cash flow is ≥ 0.</p>
{{range .Figures}}<figure id="chart-{{.Name}}">
{{.SVG}}
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}</section>
{{end}}`))
