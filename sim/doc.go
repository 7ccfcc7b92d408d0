// Package sim runs a scenario's Monte Carlo simulation and summarises its results.
package sim
