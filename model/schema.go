package model

import (
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
	return root
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

// unknownKeys reports every key of raw that the schema does not know.
func (d *decoder) unknownKeys(raw map[string]any, n *node, path string) {
	for _, k := range sortedKeys(raw) {
		v := raw[k]
		switch n.kind {
		case objectNode:
			next, ok := n.fields[k]
			if !ok {
				d.add(join(path, k), nil, unknownReason(k, n.keyNames(), path))
				continue
			}
			if m, ok := v.(map[string]any); ok && (next.kind == objectNode || next.kind == eachNode) {
				d.unknownKeys(m, next, join(path, k))
			}
		case eachNode:
			if m, ok := v.(map[string]any); ok && (n.elem.kind == objectNode || n.elem.kind == eachNode) {
				d.unknownKeys(m, n.elem, join(path, k))
			}
		}
	}
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
