// Command harvest plans marketing and sales budgets by Monte Carlo
// simulation: it runs a scenario file (channels, funnel, sales team,
// customers) through thousands of simulated futures and reports revenue,
// customers, CAC, ROI and the chance of reaching each target.
//
// Commands: scenarios, init, validate and run; plot and report for the
// charts and the HTML page (package plots); compare, sensitivity, goal and
// optimize for the planning questions (package plan). Each command has an
// options struct, a newXCmd constructor and a runX function writing to
// cmd.OutOrStdout(); files are written through writeOutputs, all or nothing.
// The commands that simulate share engineOptions (--trials, --seed,
// --workers, --horizon, --set) and report the Monte Carlo error of their
// headline numbers.
//
// Settings come, in order of precedence, from flags, HARVEST_* environment
// variables (HARVEST_TRIALS, HARVEST_SEED, …; HARVEST_SET holds overrides
// separated by ";"), a config file (--config, or ./harvest.yaml when it
// exists) and the defaults.
//
// Exit codes: 0 fine, 1 an invalid scenario or a failed run, 2 wrong usage
// (an unknown flag or command, a bad flag value or one past its bound, too
// many arguments, a malformed config file, a run larger than the memory).
//
// Nothing from the user reaches a terminal raw (echo.go), and Ctrl-C ends
// the program within a second even when a computation does not stop
// (main.go).
package main
