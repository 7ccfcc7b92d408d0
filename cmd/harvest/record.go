package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/harvest-planning/harvest/model"
)

// runRecord is what a command ran with: the scenario, its overrides and
// the engine's settings. Every JSON document a command writes, to
// standard output or into --out, carries it as "run", so that a file
// read a month later says how it was made; the HTML report lists it too.
//
// It is kept in one place: action gives each command a record, in its
// context and in the writer of its standard output; the settings fill it
// (engine), and so does loading the scenario (load); writeJSON adds it to
// whatever document it writes to a writer that carries one, and
// writeOutputs hands it to the files of a set. A command adds nothing.
type runRecord struct {
	// Scenario is where the scenario came from ("plan.yaml", "built-in
	// seed_saas"); Scenarios lists them when a command ran several
	// (compare FILE FILE…).
	Scenario  string   `json:"scenario,omitempty"`
	Scenarios []string `json:"scenarios,omitempty"`
	// Overrides are the --set values (or HARVEST_SET's, or the config
	// file's), in the order applied.
	Overrides []string `json:"overrides"`
	// Trials and Seed are the settings given (a run to precision starts
	// at Trials; the document's own trials say where it ended).
	Trials int `json:"trials"`
	Seed   int `json:"seed"`
	// HorizonMonths is the months simulated: --horizon, or the scenario's.
	HorizonMonths int `json:"horizon_months,omitempty"`

	resolved bool // the engine's settings were read: a command that runs the engine
}

// recordKey keys a command's runRecord in its context.
type recordKey struct{}

// recordOf returns the run record ctx carries, or nil.
func recordOf(ctx context.Context) *runRecord {
	if ctx == nil {
		return nil
	}
	rec, _ := ctx.Value(recordKey{}).(*runRecord)
	return rec
}

// withRecord gives cmd a fresh run record: in its context, and in the
// writer of its standard output (recorded).
func withRecord(cmd *cobra.Command) {
	rec := &runRecord{}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	cmd.SetContext(context.WithValue(ctx, recordKey{}, rec))
	cmd.SetOut(recorded(cmd.OutOrStdout(), rec))
}

// settings notes the engine's settings.
func (r *runRecord) settings(e engineOptions) {
	if r == nil {
		return
	}
	r.Overrides = slices.Clone(e.overrides)
	if r.Overrides == nil {
		r.Overrides = []string{}
	}
	r.Trials, r.Seed, r.resolved = e.trials, e.seed, true
}

// loaded notes a scenario the command loaded, run over horizon months
// (0: its own).
func (r *runRecord) loaded(s *model.Scenario, horizon int) {
	if r == nil || s == nil {
		return
	}
	if horizon == 0 {
		horizon = s.Horizon
	}
	r.HorizonMonths = horizon
	name := source(s)
	switch {
	case r.Scenario == "" && len(r.Scenarios) == 0:
		r.Scenario = name
	case r.Scenario != "" && r.Scenario != name:
		r.Scenarios, r.Scenario = []string{r.Scenario, name}, ""
	case len(r.Scenarios) > 0:
		r.Scenarios = append(r.Scenarios, name)
	}
}

// recordedWriter is a writer that carries its command's run record, for
// writeJSON.
type recordedWriter struct {
	io.Writer
	rec *runRecord
}

// recorded returns w carrying rec (w itself when rec is nil).
func recorded(w io.Writer, rec *runRecord) io.Writer {
	if rec == nil {
		return w
	}
	if rw, ok := w.(*recordedWriter); ok {
		w = rw.Writer
	}
	return &recordedWriter{Writer: w, rec: rec}
}

// recordIn returns the run record w carries, or nil when it carries none
// or the command did not run the engine.
func recordIn(w io.Writer) *runRecord {
	if rw, ok := w.(*recordedWriter); ok && rw.rec != nil && rw.rec.resolved {
		return rw.rec
	}
	return nil
}

// withRun returns the JSON object doc with rec added as its first key,
// "run"; doc as it is when rec is nil or doc is not an object.
func withRun(doc []byte, rec *runRecord) ([]byte, error) {
	doc = bytes.TrimSpace(doc)
	if rec == nil || len(doc) < 2 || doc[0] != '{' {
		return doc, nil
	}
	run, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`{"run":`)
	b.Write(run)
	if rest := bytes.TrimSpace(doc[1:]); len(rest) > 0 && rest[0] != '}' {
		b.WriteByte(',')
	}
	b.Write(doc[1:])
	return b.Bytes(), nil
}
