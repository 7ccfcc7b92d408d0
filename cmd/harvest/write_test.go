package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// text is an output holding s.
func text(name, s string) output {
	return output{name, func(w io.Writer) error { _, err := io.WriteString(w, s); return err }}
}

// dirFiles lists dir's entries but the manifest, sorted.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != manifestName {
			names = append(names, e.Name())
		}
	}
	return names
}

// snapshot is every file of dir and its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, name := range dirFiles(t, dir) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue // a directory
		}
		m[name] = string(data)
	}
	if data, err := os.ReadFile(filepath.Join(dir, manifestName)); err == nil {
		m[manifestName] = string(data)
	}
	return m
}

// TestOutputsReplaceTheSet: a run writing into a directory an earlier run
// of the same command wrote removes the files it no longer writes (issue
// 12: seed_saas's capacity.png, fan_mrr.png and response_content.png
// stayed beside dtc_shop's charts), and touches nothing else: a file of
// the user's, another command's files.
func TestOutputsReplaceTheSet(t *testing.T) {
	inTempDir(t)
	quick := []string{"--trials", "200", "--horizon", "6", "--out", "d"}
	harvestOK(t, append([]string{"run", "seed_saas"}, quick...)...)
	for _, name := range []string{"capacity.png", "fan_mrr.png", "response_content.png"} {
		if _, err := os.Stat(filepath.Join("d", name)); err != nil {
			t.Fatalf("seed_saas wrote no %s: %v", name, err)
		}
	}
	writeFile(t, "d/notes.txt", "mine\n")
	harvestOK(t, append([]string{"compare", "seed_saas", "--metrics", "revenue"}, quick...)...)
	harvestOK(t, append([]string{"run", "dtc_shop"}, quick...)...)

	files := dirFiles(t, "d")
	for _, gone := range []string{"capacity.png", "fan_mrr.png", "response_content.png"} {
		if slices.Contains(files, gone) {
			t.Errorf("d holds %s from seed_saas's run; want it removed by dtc_shop's", gone)
		}
	}
	for _, kept := range []string{"notes.txt", "comparison.json", "compare_revenue.png", "summary.json", "fan_revenue.png"} {
		if !slices.Contains(files, kept) {
			t.Errorf("d holds %v; want %s kept", files, kept)
		}
	}
	manifest, err := readManifest("d")
	if err != nil {
		t.Fatal(err)
	}
	if manifest["summary.json"] != "run" || manifest["comparison.json"] != "compare" || manifest["notes.txt"] != "" {
		t.Errorf("manifest %v; want summary.json by run, comparison.json by compare, notes.txt not listed", manifest)
	}
	assertNoTempFiles(t, "d")
}

// TestOutputsPlantedDirectory: issue 12's reproducer. With a directory
// where a chart goes, a second run fails and leaves the first run's set
// whole: not its data files from seed 2 beside charts from seed 1.
func TestOutputsPlantedDirectory(t *testing.T) {
	inTempDir(t)
	quick := []string{"run", "--trials", "200", "--horizon", "6", "--out", "out"}
	harvestOK(t, append(quick, "--seed", "1")...)
	if err := os.Remove("out/distribution_revenue.png"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("out/distribution_revenue.png", 0o755); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, "out")
	_, errOut, code := harvest(t, append(quick, "--seed", "2")...)
	if code != 1 || !strings.Contains(errOut, "out/distribution_revenue.png is a directory, not a file harvest wrote: nothing was written") {
		t.Errorf("code %d, stderr %q; want 1 and the directory named", code, errOut)
	}
	after := snapshot(t, "out")
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed; want the seed 1 set untouched", name)
		}
	}
	if st, err := os.Stat("out/distribution_revenue.png"); err != nil || !st.IsDir() {
		t.Errorf("the planted directory is gone (%v); want it left alone", err)
	}
	assertNoTempFiles(t, "out")
}

// TestCommitRollsBack: a move that fails anywhere in the commit puts back
// every file moved before it: the earlier set, its stale file and its
// manifest, byte for byte.
func TestCommitRollsBack(t *testing.T) {
	for k := 1; ; k++ {
		dir := t.TempDir()
		if err := writeOutputs(context.Background(), dir, "run", []output{text("a.txt", "A1"), text("b.txt", "B1"), text("c.txt", "C1")}); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "mine.txt"), "mine")
		before := snapshot(t, dir)

		calls := 0
		fail := errors.New("injected")
		rename = func(from, to string) error {
			if calls++; calls == k {
				return fail
			}
			return os.Rename(from, to)
		}
		err := writeOutputs(context.Background(), dir, "run", []output{text("a.txt", "A2"), text("b.txt", "B2"), text("d.txt", "D2")})
		rename = os.Rename
		if err == nil {
			if k == 1 {
				t.Fatal("no rename was made")
			}
			after := snapshot(t, dir)
			if _, ok := after["c.txt"]; ok || after["a.txt"] != "A2" || after["d.txt"] != "D2" || after["mine.txt"] != "mine" {
				t.Errorf("the commit with no failure left %v; want a, b, d new, c gone, mine kept", after)
			}
			break
		}
		if !errors.Is(err, fail) {
			t.Fatalf("move %d failed: got %v; want the injected error", k, err)
		}
		after := snapshot(t, dir)
		if len(after) != len(before) {
			t.Errorf("move %d failed: files %v; want %v", k, slices.Sorted(mapKeys(after)), slices.Sorted(mapKeys(before)))
		}
		for name, data := range before {
			if after[name] != data {
				t.Errorf("move %d failed: %s holds %q; want %q as before", k, name, after[name], data)
			}
		}
		assertNoTempFiles(t, dir)
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestManifestOnlyHarvestsFiles: a manifest naming what harvest never
// writes (a path outside, a hidden file, a directory) removes nothing.
func TestManifestOnlyHarvestsFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "d")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "outside.txt"), "keep")
	writeFile(t, filepath.Join(dir, ".hidden"), "keep")
	writeFile(t, filepath.Join(dir, manifestName), "run ../outside.txt\nrun .hidden\nrun sub\nrun /etc/passwd\n\n# run comment\n")
	if err := writeOutputs(context.Background(), dir, "run", []output{text("a.txt", "A")}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(root, "outside.txt"), filepath.Join(dir, ".hidden"), filepath.Join(dir, "sub")} {
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: %v; want it kept", path, err)
		}
	}
}

// TestWriteFileWhole: a single file replaces its earlier version only when
// whole, and never a directory.
func TestWriteFileWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.yaml")
	writeFile(t, path, "earlier")
	fail := errors.New("disk full")
	err := writeFileWhole(context.Background(), path, true, func(w io.Writer) error {
		io.WriteString(w, "half")
		return fail
	})
	if !errors.Is(err, fail) {
		t.Fatalf("got %v; want %v", err, fail)
	}
	if got, _ := os.ReadFile(path); string(got) != "earlier" {
		t.Errorf("plan.yaml holds %q; want the earlier file untouched", got)
	}
	if err := writeFileWhole(context.Background(), path, false, func(w io.Writer) error { return nil }); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("without replace: %v; want already exists", err)
	}
	if err := writeFileWhole(context.Background(), dir, true, func(w io.Writer) error { return nil }); err == nil {
		t.Error("over a directory: nil error; want one")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := writeFileWhole(ctx, path, true, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err == nil {
		t.Error("with a cancelled context: nil error; want one")
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, []byte("earlier")) {
		t.Errorf("plan.yaml holds %q; want the earlier file untouched", got)
	}
	assertNoTempFiles(t, dir)
}
