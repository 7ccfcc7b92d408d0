package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
// "funnel.conversion.mql: 1.3 is not a probability (0..1)". Text from the
// file (the key, the value) is quoted when it holds anything a terminal
// would act on (escape sequences, bells, bidirectional controls) and cut
// to some 60 characters, so that a line of it is what the file says and
// never changes the terminal.
func (p Problem) String() string {
	var b strings.Builder
	if p.Key != "" {
		b.WriteString(echoText(p.Key))
		b.WriteString(": ")
	}
	if p.Value != "" {
		b.WriteString(echoValue(p.Value))
		b.WriteString(" ")
	}
	b.WriteString(printableText(p.Reason))
	return b.String()
}

// maxProblems is how many problems an Error lists; the rest are counted.
const maxProblems = 50

// Error is every problem found in a scenario file. Load and Parse return it
// (test with errors.As) when the file cannot be used; nothing runs then.
type Error struct {
	File     string
	Problems []Problem // the first maxProblems found, in the order found
	// More counts the problems found beyond those listed.
	More int
}

// Error returns one line per problem, each like
// "scenario b2b.yaml: funnel.conversion.mql: 1.3 is not a probability (0..1)",
// then "scenario b2b.yaml: and 12 more problems" when there were more.
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
		b.WriteString(echoText(file))
		b.WriteString(": ")
		b.WriteString(p.String())
	}
	if e.More > 0 {
		if len(e.Problems) > 0 {
			b.WriteByte('\n')
		}
		noun := "problems"
		if e.More == 1 {
			noun = "problem"
		}
		b.WriteString("scenario " + echoText(e.File) + ": and " + grouped(e.More) + " more " + noun)
	}
	return b.String()
}

// echoMax is how many characters of a file's text a message repeats.
const echoMax = 60

// echoText is text from a file (a key, a name) as a message shows it:
// quoted (Go syntax, escaping what is not printable) when it holds a
// control character, a bidirectional control or invalid UTF-8, and cut
// to echoMax characters with "…".
func echoText(s string) string {
	if !printable(s) {
		s = strconv.Quote(s)
	}
	return cut(s)
}

// echoValue is a value in flow form (already quoted where YAML needs it)
// as a message shows it.
func echoValue(s string) string { return echoText(s) }

// cut shortens s to echoMax characters, ending it with "…".
func cut(s string) string {
	if len(s) <= echoMax {
		return s
	}
	n := 0
	for i := range s {
		if n == echoMax {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// printable reports whether s is valid UTF-8 made only of printable
// characters and spaces: no control characters (ESC, BEL, NUL…), no
// format characters (the bidirectional controls U+202A–U+202E and
// U+2066–U+2069, zero-width ones), no line or paragraph separators.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// printableText escapes, in Go syntax, every character of s that is not
// printable: a reason's own words are printable, and this keeps any text
// it quotes from a file from acting on a terminal.
func printableText(s string) string {
	if printable(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
		case unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

// grouped writes a count with thousands separators: 99,950.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
