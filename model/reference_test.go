package model

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md's key reference from the key table")

// TestKeyReference: README.md's "### Keys" table is the key table,
// rendered. When it differs, rerun with -update to rewrite that table.
func TestKeyReference(t *testing.T) {
	const file = "../README.md"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start, end, ok := keysSection(readme)
	if !ok {
		t.Fatalf("%s: no table under a \"### Keys\" heading", file)
	}
	want := keyReference()
	if readme[start:end] == want {
		return
	}
	if *update {
		if err := os.WriteFile(file, []byte(readme[:start]+want+readme[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got := strings.Split(readme[start:end], "\n")
	for i, line := range strings.Split(want, "\n") {
		if i >= len(got) || got[i] != line {
			t.Errorf("%s: key reference line %d:\ngot  %s\nwant %s", file, i+1, at(got, i), line)
			break
		}
	}
	t.Errorf("README.md's key reference differs from the key table (model/keys.go); " +
		"update it with: go test ./model -run TestKeyReference -update")
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(nothing)"
}

// keysSection finds the table under "### Keys": from its first row to the
// end of its last.
func keysSection(readme string) (start, end int, ok bool) {
	h := strings.Index(readme, "\n### Keys\n")
	if h < 0 {
		return 0, 0, false
	}
	t := strings.Index(readme[h:], "\n|")
	if t < 0 {
		return 0, 0, false
	}
	start = h + t + 1
	end = start
	for end < len(readme) && readme[end] == '|' {
		nl := strings.IndexByte(readme[end:], '\n')
		if nl < 0 {
			return start, len(readme), true
		}
		end += nl + 1
	}
	return start, end, true
}

// keyReference renders the key table as README.md shows it.
func keyReference() string {
	var b strings.Builder
	b.WriteString("| key | meaning | unit | default | allowed | may be uncertain |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for i := range keys {
		k := &keys[i]
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n",
			k.path, k.doc, k.unit.text, k.defaultText(), k.allowedText(), k.uncertainText())
	}
	return b.String()
}

// defaultText is the key's default as the README shows it.
func (k *keyDef) defaultText() string {
	switch {
	case k.dflt != "":
		return k.dflt
	case k.required:
		return "required"
	case k.kind == wordKey:
		return k.words[0]
	case k.hasDefault():
		return formatNumber(k.def)
	}
	return "none"
}

// allowedText is what the key allows, as the README shows it.
func (k *keyDef) allowedText() string {
	switch {
	case k.allowed != "":
		return k.allowed
	case k.kind == wordKey:
		return "`" + strings.Join(k.words, "`, `") + "`"
	case k.kind == wholeKey:
		return "whole, " + k.spec.short()
	case k.kind == scheduleKey:
		return k.spec.short() + "; a number, or steps by month `{1: X, 7: Y}` (month 1 given)"
	case k.kind == flagKey:
		return "`true`, `false`"
	}
	return k.spec.short()
}

// short is a spec's bounds in a few symbols: "0..1", "> 0", "≥ 0",
// "> 0, ≤ 1,000,000".
func (s spec) short() string {
	switch {
	case s.allowed != "":
		return s.allowed
	case math.IsInf(s.hi, 1) && s.loOpen:
		return "> " + bound(s.lo)
	case math.IsInf(s.hi, 1):
		return "≥ " + bound(s.lo)
	case s.loOpen || s.hiOpen:
		lo, hi := "≥ ", "≤ "
		if s.loOpen {
			lo = "> "
		}
		if s.hiOpen {
			hi = "< "
		}
		return lo + bound(s.lo) + ", " + hi + bound(s.hi)
	}
	return bound(s.lo) + ".." + bound(s.hi)
}

// uncertainText says whether the key may be uncertain, and the family a
// range becomes.
func (k *keyDef) uncertainText() string {
	switch k.kind {
	case valueKey:
		return "yes (" + [...]string{Real: "real", Probability: "probability", Positive: "amount"}[k.spec.domain] + ")"
	case variantKey:
		return "as the key allows"
	}
	return "no"
}
