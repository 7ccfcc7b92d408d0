package model

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// MaxFileSize is the largest scenario file harvest reads: 10 MB, some
// hundred times a large scenario.
const MaxFileSize = 10 << 20

// ReadFile reads the scenario file name from fsys, refusing before it
// reads what could block or never end: a file that does not exist is
// returned wrapped (errors.Is(err, fs.ErrNotExist)), for a caller that
// falls back to something else; anything but a regular file (a FIFO, a
// device such as /dev/zero, a directory; a symbolic link is followed and
// judged by what it points to), a file without a scenario extension, and a
// file over MaxFileSize are refused by their metadata, before the file is
// opened. The size is checked again while reading, for a file that grows.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", echoText(name), err)
	}
	if why := readable(name, info); why != "" {
		return nil, fileError(name, why)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", echoText(name), err)
	}
	defer f.Close()
	// The file opened may not be the one looked at: look again.
	if info, err := f.Stat(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", echoText(name), err)
	} else if why := readable(name, info); why != "" {
		return nil, fileError(name, why)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", echoText(name), err)
	}
	if len(data) > MaxFileSize {
		return nil, fileError(name, tooLarge)
	}
	return data, nil
}

var tooLarge = fmt.Sprintf("is larger than %d MB: a scenario is a few kilobytes; is this the right file?", MaxFileSize>>20)

// readable says why a file cannot be read as a scenario, or "".
func readable(name string, info fs.FileInfo) string {
	if !info.Mode().IsRegular() {
		return "is not a regular file (" + kindOf(info.Mode()) + "): give a scenario file (.yaml, .yml, .toml or .json)"
	}
	if _, ok := formatOf(name); !ok {
		return unknownFormat(name)
	}
	if info.Size() > MaxFileSize {
		return tooLarge
	}
	return ""
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a plain file"
}

// configType maps a file's extension to viper's config type.
var configType = map[string]string{".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json"}

// formatOf returns the format a file's extension names.
func formatOf(name string) (string, bool) {
	typ, ok := configType[strings.ToLower(path.Ext(name))]
	return typ, ok
}

func unknownFormat(name string) string {
	return "has an unknown format " + strconv.Quote(cut(strings.ToLower(path.Ext(name)))) + ": name it .yaml, .yml, .toml or .json"
}

// fileError is a problem with a file as a whole.
func fileError(name, reason string) error {
	return &Error{File: name, Problems: []Problem{{File: name, Reason: reason}}}
}
