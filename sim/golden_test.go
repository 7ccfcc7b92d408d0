package sim

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/harvest-planning/harvest/model"
	"github.com/harvest-planning/harvest/scenarios"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current engine")

// TestGolden guards the built-in default against silent changes: its
// summary at seed 1 with 2000 trials must match testdata/golden byte for
// byte. After an intended change (the model, a sampler, the scenario), run
// `go test ./sim -run TestGolden -update` and review the diff.
//
// testdata/seed_saas_2026.yaml is the default as it was before the
// calendar's keys (market, seasons, schedules, people who leave,
// starting_mrr): a scenario without them must give what it gave then, so
// its golden is never updated.
func TestGolden(t *testing.T) {
	tests := []struct {
		fsys             fs.FS
		scenario, golden string
	}{
		{scenarios.FS, "seed_saas.yaml", "seed_saas.json"},
		{os.DirFS("testdata"), "seed_saas_2026.yaml", "seed_saas_2026.json"},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			s, err := model.Load(tt.fsys, tt.scenario, nil)
			if err != nil {
				t.Fatal(err)
			}
			res := run(t, s, &Options{Trials: 2000, Seed: 1, Workers: 2})
			got, err := json.MarshalIndent(res.Summary(), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", tt.golden)
			if *update && tt.golden != "seed_saas_2026.json" {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("summary of %s differs from %s; if the change is intended, run with -update and review the diff:\n%s",
					tt.scenario, path, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range min(len(g), len(w)) {
		if !bytes.Equal(g[i], w[i]) {
			return "line " + itoa(i+1) + ": got " + string(g[i]) + "; want " + string(w[i])
		}
	}
	return "got " + itoa(len(g)) + " lines; want " + itoa(len(w))
}
