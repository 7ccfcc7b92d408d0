// Package measure names what harvest measures and prints its numbers.
//
// The catalog lists every metric once: its name, the label a reader
// knows, its unit, whether less of it is better, why a trial can leave it
// undefined, the usual range where the benchmarks give one, and the
// threshold that means "this is the limit". The engine names its columns
// from it, the planners take directions from it, and every table, sentence,
// chart and file takes labels and units from it.
//
// A Unit prints a number: money ($940, $17.2k, $1.24M), counts (52, 8,214,
// 41.2k), shares (7.7%, 35%), ratios (2.63×), months (14.5 months). The
// same number prints the same wherever it appears; a Monte Carlo error is
// printed to the precision of the value it qualifies ("$33.7k ± $1.1k").
package measure
