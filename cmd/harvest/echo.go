package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text from the user (a flag's value, a config key, a file name, an
// override) goes back to a terminal in messages and headers. A terminal
// acts on control characters (an escape sequence can retitle the window
// or rewrite the screen; U+202E reverses what follows), so such text is
// quoted, and a value is cut short.

// maxEcho is how much of a value a message repeats; maxEchoLine how long
// a line of a message may be at most.
const (
	maxEcho     = 60
	maxEchoLine = 400
)

// clip is s cut to n characters, with "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// quote is a value from the user as a message repeats it: in Go quotes,
// every character a terminal would act on escaped, cut after maxEcho
// characters.
func quote(s string) string { return strconv.Quote(clip(s, maxEcho)) }

// printable is a name from the user (a file, a directory) as a message or
// a header shows it: as it is, or quoted when a character in it is not
// printable.
func printable(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// terminalSafe is a message as it may reach a terminal: every character
// that is not printable, but for the line breaks, escaped as Go escapes
// it (\x1b, \u202e), and each line cut after maxEchoLine characters. It
// is the last guard: messages quote what they repeat, but some come from
// libraries (an unknown flag's name, a parser's message).
func terminalSafe(msg string) string {
	var b strings.Builder
	for i, line := range strings.Split(msg, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		line = clip(line, maxEchoLine)
		for _, r := range line {
			if unicode.IsPrint(r) {
				b.WriteRune(r)
				continue
			}
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}
