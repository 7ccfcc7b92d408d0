// Package plan answers planning questions over the engine: compare plans,
// sensitivity, goal seeking and budget optimisation.
package plan
