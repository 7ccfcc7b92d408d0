// Package plots draws harvest's charts with gonum/plot and writes the
// self-contained HTML report.
//
// One function per chart returns a *plot.Plot: Distribution, Fan, Funnel,
// Channels, Shares, Response, Capacity, CashFan and CashOut. They take a
// reviewed run (plan.Run), whose statistics are computed once and shared
// by every chart, table and finding. Charts lists every chart that applies to a
// run, Render draws one as PNG or SVG, and Report writes one HTML page that
// leads with the run's findings (what to do first) and, when the cash runs
// out in 1 future in 10 or more, the cash; then the summary tables (the
// cash after them otherwise), every chart inline, the fitted inputs and
// the scenario's source.
// Labels and units come from package measure.
package plots
