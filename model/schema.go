package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// node is one place in the scenario's key tree, used to refuse unknown keys,
// to check --set paths and to turn variants back into --set form. The tree
// is built from the key table: a path's parts are objects' keys, and its
// NAME, STAGE, MONTH and METRIC parts are names the user chooses.
type node struct {
	kind   nodeKind
	fields map[string]*node // object: its keys
	elem   *node            // each: what every named entry is
	// limit is how many entries an each node takes, and noun what they
	// are ("channels"): counts bounded so that sums of counts stay exact
	// and reading stays short.
	limit int
	noun  string
}

type nodeKind int

const (
	leafNode   nodeKind = iota // a number, a name or a list
	valueNode                  // an uncertain value: a number or {low, high}, …
	targetNode                 // a number, {min: X} or {max: X}
	objectNode                 // fixed keys
	eachNode                   // names chosen by the user (channels, stages, months)
	anyNode                    // anything (variants' contents, checked apart)
)

// valueKeys are the keys an uncertain value's map may have.
var valueKeys = map[string]bool{
	"low": true, "high": true, "min": true, "mode": true, "max": true, "mean": true, "sd": true,
	"dist": true, "alpha": true, "beta": true, "mu": true, "sigma": true,
}

// schema is the key table as a tree.
var schema = tree(keys)

func tree(keys []keyDef) *node {
	root := &node{kind: objectNode, fields: map[string]*node{}}
	for _, k := range keys {
		n := root
		for _, p := range k.parts[:len(k.parts)-1] {
			n = n.child(p, &node{kind: objectNode, fields: map[string]*node{}})
		}
		leaf := &node{kind: leafNode}
		switch k.kind {
		case valueKey:
			leaf.kind = valueNode
		case targetKey:
			leaf.kind = targetNode
		case variantKey:
			leaf.kind = anyNode
		}
		n.child(k.leaf, leaf)
	}
	for _, k := range keys {
		for i, p := range k.parts {
			if placeholder(p) {
				setLimit(root, k.parts[:i+1])
			}
		}
	}
	return root
}

// setLimit gives the each node whose entries parts names (the last part a
// placeholder) its limit.
func setLimit(root *node, parts []string) {
	n := root
	for _, p := range parts[:len(parts)-1] {
		if placeholder(p) {
			n = n.elem
		} else {
			n = n.fields[p]
		}
	}
	parent := strings.Join(parts[:len(parts)-1], ".")
	switch {
	case parent == "channels":
		n.limit, n.noun = maxChannels, "channels"
	case parent == "budget.split":
		n.limit, n.noun = maxChannels+1, "shares"
	case parent == "variants":
		n.limit, n.noun = maxVariants, "variants"
	case parent == "targets":
		n.limit, n.noun = maxTargets, "targets"
	case parts[len(parts)-1] == "STAGE":
		n.limit, n.noun = maxStages, "stages"
	case parts[len(parts)-1] == "MONTH":
		n.limit, n.noun = MaxHorizon, "months"
	}
}

// child returns n's child at part, adding next there when it has none: an
// each node's element for a placeholder, an object's field otherwise.
func (n *node) child(part string, next *node) *node {
	if placeholder(part) {
		if n.kind != eachNode {
			n.kind, n.fields = eachNode, nil
		}
		if n.elem == nil {
			n.elem = next
		}
		return n.elem
	}
	if n.fields[part] == nil {
		n.fields[part] = next
	}
	return n.fields[part]
}

// keyNames lists an object node's keys, sorted.
func (n *node) keyNames() []string {
	names := make([]string, 0, len(n.fields))
	for k := range n.fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// lookup walks path from n. It reports whether the path names a key the
// schema allows: an object's key, any name under an each node, or a
// parameter inside an uncertain value ({low, high}, …) or a target.
func (n *node) lookup(path []string) (*node, bool) {
	for i, k := range path {
		switch n.kind {
		case objectNode:
			next, ok := n.fields[k]
			if !ok {
				return nil, false
			}
			n = next
		case eachNode:
			n = n.elem
		case valueNode:
			return nil, i == len(path)-1 && valueKeys[k]
		case targetNode:
			return nil, i == len(path)-1 && (k == "min" || k == "max")
		case anyNode:
			return n, true
		default:
			return nil, false
		}
	}
	return n, true
}

// exact checks the settings read from a file (m, at the schema's node n
// and path) before viper sees them, and takes out what it refuses, so that
// viper, which lower-cases keys and merges those that then agree, gets only
// exact keys, and only keys the schema knows (its AllSettings takes time
// that grows with the depth of each key): an empty value (null), a key with
// upper-case letters (naming the key it would collide with), a dotted key
// outside variants (naming the nested key it would set), a key the schema
// does not have, and entries beyond an each node's limit. Where the schema
// expects no map (a number, a value's parameter) a map is wrapped, for
// viper to pass along without walking it.
func (d *decoder) exact(m map[string]any, n *node, path string) {
	keys := sortedKeys(m)
	if n.kind == eachNode && n.limit > 0 && len(keys) > n.limit {
		d.add(path, nil, fmt.Sprintf("has %d %s: a scenario has at most %d", len(keys), n.noun, n.limit))
		for _, k := range keys[n.limit:] {
			delete(m, k)
		}
		keys = keys[:n.limit]
	}
	unknownParam := false
	for _, k := range keys {
		v, p := m[k], join(path, k)
		if !d.exactKey(m, k, path, n) {
			delete(m, k)
			continue
		}
		var next *node
		switch n.kind {
		case objectNode:
			next = n.fields[k]
			if next == nil {
				d.addf(p, nil, func() string { return unknownReason(k, n.keyNames(), path) })
				delete(m, k)
				continue
			}
		case eachNode:
			next = n.elem
		case valueNode, targetNode:
			// A value's parameters: the first unknown one is kept, for
			// the value's reader to name; the rest add nothing.
			if !valueKeys[k] && !(n.kind == targetNode && (k == "min" || k == "max")) {
				if unknownParam {
					delete(m, k)
					continue
				}
				unknownParam = true
			}
			next = &node{kind: leafNode}
		case anyNode:
			next = &node{kind: leafNode}
		default:
			next = &node{kind: leafNode}
		}
		vm, isMap := v.(map[string]any)
		switch {
		case !isMap:
		case next.kind == anyNode:
			m[k] = d.variant(vm, p)
		case next.kind == leafNode:
			m[k] = opaque{v}
		default:
			d.exact(vm, next, p)
		}
	}
}

// exactKey checks one key of m (at path, the schema's node n) and its
// value for exact, lower-case, undotted spelling and a value, reporting
// why not.
func (d *decoder) exactKey(m map[string]any, k, path string, n *node) bool {
	p := join(path, k)
	if lower := strings.ToLower(k); lower != k {
		_, collides := m[lower]
		switch {
		case collides:
			d.add(p, nil, "differs from "+join(path, lower)+" only in case: keys and names are lower-case; keep one of them")
		case validName(lower):
			d.add(p, nil, "has upper-case letters: keys and names are lower-case, e.g. "+lower)
		case n.kind == objectNode:
			d.addf(p, nil, func() string { return unknownReason(k, n.keyNames(), path) })
		default:
			d.add(p, nil, "is not a name: "+nameRule)
		}
		return false
	}
	if strings.Contains(k, ".") {
		parts := strings.Split(k, ".")
		if nested, ok := lookupRaw(m, parts); ok {
			d.add(p, m[k], "is a dotted key for "+join(path, k)+", which is also given nested, as "+nestedExample(parts, nested)+": give it once, nested")
		} else {
			d.add(p, nil, "is a dotted key: outside variants, write keys nested, e.g. "+nestedExample(parts, m[k]))
		}
		return false
	}
	if m[k] == nil {
		d.add(p, nil, "is empty (null): give it a value, or remove it")
		return false
	}
	return true
}

// lookupRaw follows parts down nested maps.
func lookupRaw(m map[string]any, parts []string) (any, bool) {
	var v any = m
	for _, p := range parts {
		vm, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = vm[p]; !ok {
			return nil, false
		}
	}
	return v, true
}

// nestedExample writes a dotted key's parts nested, with its value:
// "a: {b: 9}".
func nestedExample(parts []string, v any) string {
	s := parts[len(parts)-1] + ": " + echoFlow(v)
	for i := len(parts) - 2; i >= 0; i-- {
		s = parts[i] + ": {" + s + "}"
	}
	return s
}

// variant checks a variant's changes (m, at path variants.NAME): keys in
// --set form (channels.ads.spend) or nested, or both, each a key the
// schema has, set once. It returns them nested, for viper: dotted keys are
// the variant's own syntax, not keys viper should split.
func (d *decoder) variant(m map[string]any, path string) map[string]any {
	out := map[string]any{}
	spelled := map[string]string{} // each change's path → how the file wrote it
	count := 0
	var walk func(m map[string]any, at, written []string, n *node)
	walk = func(m map[string]any, at, written []string, n *node) {
		for _, k := range sortedKeys(m) {
			p := join(path, strings.Join(append(at, k), "."))
			spelling := append(slices.Clone(written), k)
			parts := strings.Split(k, ".")
			ok := true
			for _, part := range parts {
				if part == "" || part != strings.ToLower(part) {
					ok = false
				}
			}
			if !ok {
				d.add(p, nil, "is not a key harvest knows: keys are lower-case names joined by dots, e.g. channels.paid_search.spend: 20000")
				continue
			}
			if m[k] == nil {
				d.add(p, nil, "is empty (null): give it a value, or remove it")
				continue
			}
			full := append(slices.Clone(at), parts...)
			next, known := n.lookup(parts)
			if !known || next != nil && next.kind == anyNode {
				d.add(p, nil, "is not a key harvest knows: a variant changes scenario keys, e.g. channels.paid_search.spend: 20000")
				continue
			}
			if vm, isMap := m[k].(map[string]any); isMap && next != nil && (next.kind == objectNode || next.kind == eachNode) {
				walk(vm, full, spelling, next)
				continue
			}
			if count++; count > maxOverrides {
				if count == maxOverrides+1 {
					d.add(path, nil, fmt.Sprintf("changes more than %d keys: a variant is a few changes to the scenario", maxOverrides))
				}
				continue
			}
			v := m[k]
			if vm, isMap := v.(map[string]any); isMap {
				if next != nil && (next.kind == valueNode || next.kind == targetNode) {
					d.exact(vm, next, p)
				} else {
					v = opaque{v}
				}
			}
			key := strings.Join(full, ".")
			if first, twice := setAt(out, spelled, full, v, nestedKeys(spelling)); twice {
				d.add(p, nil, "sets "+key+" again, as "+nestedKeys(spelling)+" after "+first+": give each change once")
			}
		}
	}
	walk(m, nil, nil, schema)
	return out
}

// nestedKeys writes the keys of nested maps as a file does: "a.b",
// "a: {b}", "a: {b.c: {d}}".
func nestedKeys(keys []string) string {
	s := keys[len(keys)-1]
	for i := len(keys) - 2; i >= 0; i-- {
		s = keys[i] + ": {" + s + "}"
	}
	return s
}

// setAt sets v at parts in nested maps, remembering how it was written. It
// reports the first spelling when parts, a key inside it or a key holding
// it was set already.
func setAt(m map[string]any, spelled map[string]string, parts []string, v any, spelling string) (string, bool) {
	for i := range parts {
		if s, ok := spelled[strings.Join(parts[:i+1], ".")]; ok {
			return s, true
		}
	}
	prefix := strings.Join(parts, ".") + "."
	for p, s := range spelled {
		if strings.HasPrefix(p, prefix) {
			return s, true
		}
	}
	spelled[strings.Join(parts, ".")] = spelling
	setRaw(m, parts, v)
	return "", false
}

// setRaw sets the value at parts in nested maps, reporting false when
// something is already there.
func setRaw(m map[string]any, parts []string, v any) bool {
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p]
		if !ok {
			nm := map[string]any{}
			m[p] = nm
			m = nm
			continue
		}
		if m, ok = next.(map[string]any); !ok {
			return false
		}
	}
	last := parts[len(parts)-1]
	if _, ok := m[last]; ok {
		return false
	}
	m[last] = v
	return true
}

// opaque holds a map viper need not walk: one where the schema expects a
// number or a name, refused later with the key's own words.
type opaque struct{ v any }

// unwrap replaces the opaque maps in settings from viper by their maps.
func unwrap(v any) any {
	switch x := v.(type) {
	case opaque:
		return x.v
	case map[string]any:
		for k, e := range x {
			x[k] = unwrap(e)
		}
	}
	return v
}

// unknownReason says a key is unknown, suggesting the nearest known one.
func unknownReason(k string, known []string, path string) string {
	where := "at the top level"
	if path != "" {
		where = "in " + path
	}
	r := "is not a key harvest knows"
	if s := nearest(k, known); s != "" {
		r += ": did you mean " + s + "?"
	}
	return r + " (keys " + where + ": " + strings.Join(known, ", ") + ")"
}

// Nearest returns the known name closest to k by edit distance when it is
// close enough to be a likely typo (a built-in's name, a flag's value),
// else "".
func Nearest(k string, known []string) string { return nearest(k, known) }

// nearest returns the known name closest to k by edit distance, if it is
// close enough to be a likely typo.
func nearest(k string, known []string) string {
	best, bestD := "", 3
	if len(k) <= 4 {
		bestD = 2
	}
	for _, c := range known {
		if d := editDistance(k, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// suggest explains where an unknown path leaves the schema: the keys
// allowed there and the nearest one.
func (n *node) suggest(path []string) string {
	for i, k := range path {
		switch n.kind {
		case objectNode:
			next, ok := n.fields[k]
			if !ok {
				r := ""
				if s := nearest(k, n.keyNames()); s != "" {
					r = ": did you mean " + strings.Join(append(slices.Clone(path[:i]), s), ".") + "?"
				}
				return r + " (keys in " + orTop(strings.Join(path[:i], ".")) + ": " + strings.Join(n.keyNames(), ", ") + ")"
			}
			n = next
		case eachNode:
			n = n.elem
		case valueNode:
			return ": inside a value set low, high, min, mode, max, mean, sd, dist or its parameters, or set the whole value, e.g. '" + strings.Join(path[:i], ".") + "={low: 0.2, high: 0.4}'"
		default:
			return ": " + strings.Join(path[:i], ".") + " takes a single value"
		}
	}
	return ""
}

func orTop(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}
