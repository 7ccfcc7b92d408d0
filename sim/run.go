package sim

import (
	"context"
	"errors"

	"github.com/harvest-planning/harvest/model"
)

// Run simulates the scenario for opts.Trials trials.
//
// PLACEHOLDER: the engine work replaces this file.
func Run(ctx context.Context, s *model.Scenario, opts *Options) (*Result, error) {
	return nil, errors.New("sim: engine not built yet")
}
