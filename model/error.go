package model

import "strings"

// Problem is one thing wrong with a scenario: where (File, Key), what was
// written (Value, empty when the key is missing) and why it is refused,
// saying what is allowed (Reason).
type Problem struct {
	File   string
	Key    string // key path, e.g. "funnel.conversion.mql"; empty for the whole file
	Value  string // the value as written, in YAML flow form
	Reason string
}

// String returns the problem as one line without the file, e.g.
// "funnel.conversion.mql: 1.3 is not a probability (0..1)".
func (p Problem) String() string {
	var b strings.Builder
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	if p.Value != "" {
		b.WriteString(p.Value)
		b.WriteString(" ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// Error is every problem found in a scenario file. Load and Parse return it
// (test with errors.As) when the file cannot be used; nothing runs then.
type Error struct {
	File     string
	Problems []Problem
}

// Error returns one line per problem, each like
// "scenario b2b.yaml: funnel.conversion.mql: 1.3 is not a probability (0..1)".
func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("scenario ")
		file := p.File
		if file == "" {
			file = e.File
		}
		b.WriteString(file)
		b.WriteString(": ")
		b.WriteString(p.String())
	}
	return b.String()
}
