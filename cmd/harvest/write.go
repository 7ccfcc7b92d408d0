package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Files are written whole or not at all. A set of files (--out DIR) is
// written into a hidden directory inside DIR, then moved into place file
// by file with rename, each replacing its earlier version at once; the
// files the same command wrote there before and does not write now are
// removed; and the manifest, written last, records what harvest wrote.
// A failure before the manifest is in place puts back every file moved.
// A single file (report -o, init) is written beside its target and
// renamed over it.

// manifestName is the file in an --out directory that lists the files
// harvest wrote there, each with the command that wrote it.
const manifestName = ".harvest-manifest"

// tempPrefix begins the hidden directory a set is written into before it
// moves into place, inside the set's directory so that renames stay on
// one filesystem.
const tempPrefix = ".harvest-new-"

// commitMu is held while files move into place: the interrupt watchdog
// (main.go) takes it before it ends the program, so that an exit never
// falls in the middle of a move.
var commitMu sync.Mutex

// temps are the temporary files and directories being written, for the
// interrupt watchdog to remove before it ends the program.
var temps struct {
	sync.Mutex
	paths map[string]bool
}

// holdTemp registers path as temporary until the returned function runs,
// which removes it.
func holdTemp(path string) (release func()) {
	temps.Lock()
	if temps.paths == nil {
		temps.paths = map[string]bool{}
	}
	temps.paths[path] = true
	temps.Unlock()
	return func() {
		os.RemoveAll(path)
		temps.Lock()
		delete(temps.paths, path)
		temps.Unlock()
	}
}

// removeTemps removes every temporary file and directory being written.
func removeTemps() {
	temps.Lock()
	defer temps.Unlock()
	for path := range temps.paths {
		os.RemoveAll(path)
	}
}

// rename moves a file; a variable so that a test can fail a move and see
// the set put back.
var rename = os.Rename

// writeOutputs writes outs into dir (created if needed) as one set, for
// command (run, plot, compare…). Every file is written into a temporary
// directory inside dir first; only when all are whole, and ctx is not
// cancelled, does the set move into place (commit). A failure leaves the
// earlier set as it was, and no partial or temporary file.
func writeOutputs(ctx context.Context, dir, command string, outs []output) (err error) {
	name := printable(dir)
	st, statErr := os.Stat(dir)
	if statErr == nil && !st.IsDir() {
		return fmt.Errorf("writing into %s: not a directory", name)
	}
	created := errors.Is(statErr, fs.ErrNotExist)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing into %s: %w", name, err)
	}
	if created {
		defer func() {
			if err != nil {
				os.Remove(dir) // only if still empty
			}
		}()
	}
	tmp, err := os.MkdirTemp(dir, tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("writing into %s: %w", name, err)
	}
	defer holdTemp(tmp)() // the new files moved out of it; the replaced ones, kept for a rollback
	stopped := func() error {
		return fmt.Errorf("writing %s stopped: %w; nothing was written", name, context.Cause(ctx))
	}
	rec := recordOf(ctx) // the JSON files record what the command ran with
	for _, o := range outs {
		if ctx.Err() != nil {
			return stopped()
		}
		write := func(w io.Writer) error { return o.write(recorded(w, rec)) }
		if err := writeWhole(filepath.Join(tmp, o.name), write); err != nil {
			return fmt.Errorf("writing %s: %w", printable(filepath.Join(dir, o.name)), err)
		}
	}
	if ctx.Err() != nil {
		return stopped()
	}
	return commit(dir, tmp, command, outputBases(outs))
}

// writeWhole writes a new file at path through write (fill).
func writeWhole(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err := fill(f, write); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// fill writes f through write and closes it. It does not force the file
// to the disk: a set's twenty fsyncs took seconds on a busy disk, and the
// guarantee is against a failed or interrupted run, not a machine's crash.
func fill(f *os.File, write func(io.Writer) error) error {
	bw := bufio.NewWriter(f)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// commit moves the set written into tmp (names) into dir, for command:
//
//  1. It checks that every name it will replace or remove in dir is a
//     regular file, or absent: a directory, a link or a device someone
//     put there is left alone, and nothing moves.
//  2. Each file is renamed from tmp over its name in dir: at every moment
//     the name holds the earlier file or the new one, whole. The earlier
//     one is first linked (or, where links fail, moved) into tmp, to put
//     back on failure.
//  3. The files the manifest says command wrote before and does not write
//     now are moved into tmp (removed with it).
//  4. The new manifest replaces the old one, by rename: the set is in.
//
// A failure in 2 to 4 undoes every move made, in reverse. A crash of the
// machine is not covered: nothing is forced to the disk, and one in the
// middle of the moves can leave a mix of the two sets (the manifest then
// still lists the earlier one, and the next run puts it right).
func commit(dir, tmp, command string, names []string) error {
	commitMu.Lock()
	defer commitMu.Unlock()

	manifest, err := readManifest(dir)
	if err != nil {
		return err
	}
	var stale []string
	for name, by := range manifest {
		if by == command && !slices.Contains(names, name) {
			stale = append(stale, name)
		}
	}
	slices.Sort(stale)

	// 1. What will be replaced must be a file harvest could have written.
	for _, name := range append(slices.Clone(names), manifestName) {
		if err := replaceable(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	stale = slices.DeleteFunc(stale, func(name string) bool {
		st, err := os.Lstat(filepath.Join(dir, name))
		return err != nil || !st.Mode().IsRegular() // gone, or no longer a file harvest wrote
	})

	old := filepath.Join(tmp, ".old")
	if err := os.Mkdir(old, 0o700); err != nil {
		return fmt.Errorf("writing into %s: %w", printable(dir), err)
	}
	var undo []func() error
	fail := func(err error) error {
		var failed []string
		for i := len(undo) - 1; i >= 0; i-- {
			if uerr := undo[i](); uerr != nil {
				failed = append(failed, uerr.Error())
			}
		}
		if len(failed) > 0 {
			return fmt.Errorf("writing into %s: %w; and putting the earlier files back failed: %s", printable(dir), err, strings.Join(failed, "; "))
		}
		return fmt.Errorf("writing into %s: %w; the earlier files are as they were", printable(dir), err)
	}
	// replace renames from over to, keeping to's earlier file in old.
	replace := func(from, to string) error {
		keep := filepath.Join(old, filepath.Base(to))
		switch _, err := os.Lstat(to); {
		case errors.Is(err, fs.ErrNotExist):
			if err := rename(from, to); err != nil {
				return err
			}
			undo = append(undo, func() error { return os.Remove(to) })
			return nil
		case err != nil:
			return err
		}
		if err := os.Link(to, keep); err != nil {
			// No hard links here: move the earlier file aside instead,
			// leaving the name empty for a moment.
			if err := rename(to, keep); err != nil {
				return err
			}
		}
		undo = append(undo, func() error { return rename(keep, to) })
		return rename(from, to)
	}

	// 2. The new files into place.
	for _, name := range names {
		if err := replace(filepath.Join(tmp, name), filepath.Join(dir, name)); err != nil {
			return fail(err)
		}
	}
	// 3. The stale files out.
	for _, name := range stale {
		from, keep := filepath.Join(dir, name), filepath.Join(old, name)
		if err := rename(from, keep); err != nil {
			return fail(err)
		}
		undo = append(undo, func() error { return rename(keep, from) })
	}
	// 4. The manifest.
	for _, name := range stale {
		delete(manifest, name)
	}
	for _, name := range names {
		manifest[name] = command
	}
	next := filepath.Join(tmp, manifestName)
	if err := writeWhole(next, func(w io.Writer) error { return writeManifest(w, manifest) }); err != nil {
		return fail(err)
	}
	if err := replace(next, filepath.Join(dir, manifestName)); err != nil {
		return fail(err)
	}
	return nil
}

// replaceable reports an error when path exists and is not a regular file.
func replaceable(path string) error {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s is %s, not a file harvest wrote: nothing was written; move it, or write elsewhere",
			printable(path), fileKind(st.Mode()))
	}
	return nil
}

// manifestHeader begins a manifest.
const manifestHeader = `# The files harvest wrote in this directory, each after the command that
# wrote it. A later run of that command removes the ones it no longer
# writes; no other file here is touched.
`

// readManifest reads dir's manifest: each file harvest wrote there, by the
// command that wrote it. A missing manifest is an empty one; a line that is
// not "COMMAND NAME" with NAME a plain file name is skipped.
func readManifest(dir string) (map[string]string, error) {
	path := filepath.Join(dir, manifestName)
	if err := replaceable(path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", printable(path), err)
	}
	m := map[string]string{}
	for line := range strings.Lines(string(data)) {
		command, name, ok := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
		if !ok || strings.HasPrefix(command, "#") || command == "" || !plainName(name) {
			continue
		}
		m[name] = command
	}
	return m, nil
}

// plainName reports whether name is a file harvest may have written: a
// base name, not hidden (the manifest, the temporary directory).
func plainName(name string) bool {
	return name != "" && !strings.HasPrefix(name, ".") && filepath.Base(name) == name &&
		!strings.ContainsAny(name, `/\`+"\x00")
}

// writeManifest writes m, by file name.
func writeManifest(w io.Writer, m map[string]string) error {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	for _, name := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "%s %s\n", m[name], name)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeFileWhole writes one file at path through write, whole or not at all:
// into a temporary file beside it, renamed over path once complete and
// only when ctx is not cancelled. Unless replace, an existing path is an
// error and is left alone.
func writeFileWhole(ctx context.Context, path string, replace bool, write func(io.Writer) error) error {
	name := printable(path)
	if err := replaceable(path); err != nil {
		return err
	}
	if !replace {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s already exists; use --force to overwrite it", name)
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	tmp := f.Name()
	defer holdTemp(tmp)() // gone after the rename; a partial file otherwise
	err = f.Chmod(0o644)  // CreateTemp makes files private; this is an ordinary file
	if err == nil {
		err = fill(f, write)
	} else {
		f.Close()
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("writing %s stopped: %w; nothing was written", name, context.Cause(ctx))
	}
	commitMu.Lock()
	defer commitMu.Unlock()
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
