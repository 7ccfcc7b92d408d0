// Package plots draws harvest's charts with gonum/plot and writes the
// self-contained HTML report.
package plots
