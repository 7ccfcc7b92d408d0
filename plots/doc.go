// Package plots draws harvest's charts with gonum/plot and writes the
// self-contained HTML report.
//
// One function per chart returns a *plot.Plot: Distribution, Fan, Funnel,
// Channels, Shares, Response and Capacity. Charts lists every chart that
// applies to a result, Render draws one as PNG or SVG, WriteCharts writes
// them all into a directory, and Report writes one HTML page with the
// summary tables, every chart inline, the fitted inputs, the scenario's
// source and the Findings in plain words. Format and Label give metrics the
// units and names readers know ("$1.2M", "153%", "LTV:CAC").
package plots
