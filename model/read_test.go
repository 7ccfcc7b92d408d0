package model

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// noOpen is a file system that fails a test when a file is opened: what
// ReadFile refuses, it refuses by looking.
type noOpen struct {
	fstest.MapFS
	t *testing.T
}

func (f noOpen) Open(name string) (fs.File, error) {
	f.t.Errorf("opened %s; want it refused before opening", name)
	return f.MapFS.Open(name)
}

func (f noOpen) Stat(name string) (fs.FileInfo, error) { return f.MapFS.Stat(name) }

func TestReadFileRefuses(t *testing.T) {
	fsys := noOpen{fstest.MapFS{
		"pipe.yaml":   {Mode: fs.ModeNamedPipe},
		"zero.yaml":   {Mode: fs.ModeDevice | fs.ModeCharDevice},
		"dir.yaml":    {Mode: fs.ModeDir},
		"socket.yaml": {Mode: fs.ModeSocket},
		"plan.txt":    {Data: []byte("funnel: {}")},
		"noext":       {Data: []byte("funnel: {}")},
		"big.yaml":    {Data: make([]byte, MaxFileSize+1)},
	}, t}
	tests := []struct{ file, want string }{
		{"pipe.yaml", "scenario pipe.yaml: is not a regular file (a named pipe): give a scenario file (.yaml, .yml, .toml or .json)"},
		{"zero.yaml", "scenario zero.yaml: is not a regular file (a character device)"},
		{"dir.yaml", "scenario dir.yaml: is not a regular file (a directory)"},
		{"socket.yaml", "scenario socket.yaml: is not a regular file (a socket)"},
		{"plan.txt", `scenario plan.txt: has an unknown format ".txt": name it .yaml, .yml, .toml or .json`},
		{"noext", `scenario noext: has an unknown format "": name it .yaml, .yml, .toml or .json`},
		{"big.yaml", "scenario big.yaml: is larger than 10 MB: a scenario is a few kilobytes; is this the right file?"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			fsys.t = t
			var err error
			timed(t, "ReadFile "+tt.file, func() { _, err = ReadFile(fsys, tt.file) })
			var e *Error
			if !errors.As(err, &e) || err.Error() != tt.want && !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v; want an *Error %q", err, tt.want)
			}
		})
	}
	_, err := ReadFile(fsys, "nope.yaml")
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "scenario nope.yaml: ") {
		t.Errorf("got %v; want fs.ErrNotExist naming the file", err)
	}
}

// growing is a file whose size says small but which reads on and on, as
// /dev/zero does, or a file that grows while read.
type growing struct{ fs.File }

func (growing) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type growingFS struct{ fstest.MapFS }

func (f growingFS) Open(name string) (fs.File, error) {
	file, err := f.MapFS.Open(name)
	return growing{file}, err
}

func TestReadFileStopsAtTheCap(t *testing.T) {
	fsys := growingFS{fstest.MapFS{"grows.yaml": {Data: []byte("x: 1\n")}}}
	var err error
	timed(t, "ReadFile of a file that never ends", func() { _, err = ReadFile(fsys, "grows.yaml") })
	if err == nil || !strings.Contains(err.Error(), "scenario grows.yaml: is larger than 10 MB") {
		t.Errorf("got %v; want the file refused as larger than 10 MB", err)
	}
}
