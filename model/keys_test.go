package model

import (
	"strings"
	"testing"
)

// TestKeyTable checks that every declaration is whole: a path declared
// once, a way to read it, a spec that holds its default, words for a word,
// and what to say when a required key is missing.
func TestKeyTable(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k.path] {
			t.Errorf("%s: declared twice", k.path)
		}
		seen[k.path] = true
		if k.doc == "" || k.unit.text == "" {
			t.Errorf("%s: got doc %q, unit %q; want both", k.path, k.doc, k.unit.text)
		}
		var bound string
		switch {
		case k.value != nil:
			bound = "value"
		case k.number != nil:
			bound = "number"
		case k.schedule != nil:
			bound = "schedule"
		case k.month != nil:
			bound = "month"
		case k.list != nil:
			bound = "list"
		case k.flag != nil:
			bound = "flag"
		case k.whole != nil:
			bound = "whole"
		case k.text != nil:
			bound = "text"
		case k.word != nil:
			bound = "word"
		}
		want := map[keyKind][]string{
			textKey: {"text"}, wordKey: {"word", ""}, stageKey: {"whole", ""}, stagesKey: {""},
			numberKey: {"number", ""}, scheduleKey: {"schedule"}, monthKey: {"month"}, seasonKey: {"list"}, flagKey: {"flag"}, wholeKey: {"whole"}, valueKey: {"value"}, targetKey: {""}, variantKey: {""},
		}[k.kind]
		if indexOf(want, bound) < 0 {
			t.Errorf("%s: kind %d bound as %q; want one of %q", k.path, k.kind, bound, want)
		}
		if k.given != nil && (k.value == nil || k.when == nil || k.hasDefault()) {
			t.Errorf("%s: given is for an optional value without a default, read by its when", k.path)
		}
		if k.store != nil && k.value == nil {
			t.Errorf("%s: a store without a value", k.path)
		}
		if k.kind == wordKey && len(k.words) < 2 {
			t.Errorf("%s: got words %v; want at least 2", k.path, k.words)
		}
		if k.required && k.missing == "" {
			t.Errorf("%s: required, with nothing to say when it is missing", k.path)
		}
		if (k.kind == numberKey || k.kind == scheduleKey || k.kind == wholeKey || k.kind == valueKey) && k.hasDefault() && !k.spec.contains(k.def) {
			t.Errorf("%s: default %g is not %s", k.path, k.def, k.spec.what)
		}
		for _, p := range k.parts {
			if p == strings.ToUpper(p) && !placeholder(p) {
				t.Errorf("%s: %s is not a placeholder (NAME, STAGE, MONTH, METRIC)", k.path, p)
			}
		}
		if k.shapes != 0 && !k.perChannel {
			t.Errorf("%s: shapes on a key outside channels", k.path)
		}
	}
}
