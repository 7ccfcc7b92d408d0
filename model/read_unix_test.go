//go:build unix

package model

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadSpecialFiles: a FIFO (which blocks whoever opens it until a
// writer comes) and a symbolic link to /dev/zero (which never ends) are
// refused at once.
func TestLoadSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	fsys := os.DirFS(dir)
	for file, want := range map[string]string{
		"fifo.yaml": "scenario fifo.yaml: is not a regular file (a named pipe)",
		"zero.yaml": "scenario zero.yaml: is not a regular file (a character device)",
	} {
		var err error
		timed(t, "Load "+file, func() { _, err = Load(fsys, file, nil) })
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v; want %q", file, err, want)
		}
	}
}
