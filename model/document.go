package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v3"
)

// A file's text is read into settings (maps of maps, lists and scalars)
// here, before viper sees them, for two reasons. Keys must be exact: viper
// lower-cases keys and merges those that then agree, so `Paid_Search`
// beside `paid_search`, or `"sales.reps": 9` beside `sales: {reps: 3}`,
// would silently become one key; and reading must take time linear in the
// file, while yaml.v3's decoding into maps, go-toml's decoder and viper's
// AllSettings each take time quadratic in the keys of one map or in the
// depth of nesting (a 1 MB YAML file of 100,000 keys took 94 s). Each
// format is parsed by its own parser into nodes (YAML, TOML) or tokens
// (JSON), and the settings are built from them with a map per map to find
// a key given twice.

// maxDepth bounds how deeply a file's maps and lists nest: a scenario's
// deepest key (a variant's override of a channel's conversion, as an
// interval) is 7 levels down.
const maxDepth = 64

// maxYAMLItems bounds a YAML file's items (keys, values, list entries)
// before it is parsed: yaml.v3 holds every item of a document in memory
// at some 170 bytes each, and more while parsing (10 MB of one-line keys
// took 1.4 GB). The count is an upper bound read from the text: every item
// but the document needs one of ":", ",", "-", "[", "{" or "?".
const maxYAMLItems = 250_000

// docReader builds settings from a parsed document. It reports a key given
// twice through dup and stops at the first problem that leaves the
// document unreadable (too deep, too many aliases), saying why in fatal.
type docReader struct {
	dup   func(path string)
	fatal string
	// budget is the nodes a YAML document may still expand to: an alias
	// is read again wherever it is used, so that "billion laughs" of
	// aliases of aliases would otherwise grow without bound.
	budget int
}

// tooDeep is the fatal problem of a document nested past maxDepth.
func tooDeep(path string) string {
	where := ""
	if path != "" {
		where = " (at " + echoText(path) + ")"
	}
	return fmt.Sprintf("nests maps and lists deeper than %d levels%s: a scenario's keys go at most 7 levels deep", maxDepth, where)
}

// readDocument reads a document of the format typ (yaml, toml, json) into
// settings, calling dup for each key given twice in one map (the first is
// kept). A document that cannot be read at all returns the reason.
func readDocument(typ string, data []byte, dup func(path string)) (map[string]any, string) {
	r := &docReader{dup: dup}
	var m map[string]any
	switch typ {
	case "yaml":
		m = r.yaml(data)
	case "toml":
		m = r.toml(data)
	case "json":
		m = r.json(data)
	}
	if r.fatal != "" {
		return nil, r.fatal
	}
	return m, ""
}

// parseError is a parser's message as a problem shows it: on one line,
// printable, and cut short (a parser may quote a line of the file).
func parseError(typ string, msg string) string {
	msg = strings.Join(strings.Fields(msg), " ")
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "toml: ")
	msg = strings.TrimPrefix(msg, "json: ")
	if n := 3 * echoMax; len(msg) > n {
		msg = cut(msg[:n]) + "…"
	}
	return "is not valid " + strings.ToUpper(typ) + ": " + printableText(msg)
}

// yaml reads a YAML document.
func (r *docReader) yaml(data []byte) map[string]any {
	items := 0
	for _, c := range data {
		switch c {
		case ':', ',', '-', '[', '{', '?':
			items++
		}
	}
	if items > maxYAMLItems {
		r.fatal = fmt.Sprintf("has over %d YAML items (keys, values and list entries, counting the : , - [ { ? that start them): a scenario has a few hundred; is this the right file?", maxYAMLItems)
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		r.fatal = parseError("yaml", err.Error())
		return nil
	}
	if len(doc.Content) == 0 {
		return map[string]any{} // no document, or only comments
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.ShortTag() == "!!null" {
		return map[string]any{}
	}
	if top.Kind != yaml.MappingNode {
		r.fatal = "is not valid YAML for a scenario: its top level must be keys, e.g. name: My plan"
		return nil
	}
	r.budget = 2*len(data) + 1000
	m, _ := r.yamlNode(top, "", 1).(map[string]any)
	return m
}

// yamlNode reads one YAML node at path, depth levels down.
func (r *docReader) yamlNode(n *yaml.Node, path string, depth int) any {
	if r.fatal != "" {
		return nil
	}
	if depth > maxDepth {
		r.fatal = tooDeep(path)
		return nil
	}
	if r.budget--; r.budget < 0 {
		r.fatal = "uses aliases (*name) that expand to more than twice the file's size: write the values out"
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		return r.yamlNode(n.Alias, path, depth+1)
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return n.Value
		case "!!null":
			return nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			r.fatal = parseError("yaml", fmt.Sprintf("line %d: %v", n.Line, err))
			return nil
		}
		return v
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			list = append(list, r.yamlNode(c, path+"["+strconv.Itoa(i)+"]", depth+1))
		}
		return list
	case yaml.MappingNode:
		return r.yamlMapping(n, path, depth)
	}
	r.fatal = parseError("yaml", fmt.Sprintf("line %d: a node of an unknown kind", n.Line))
	return nil
}

// yamlMapping reads a YAML map. Merge keys (<<: *defaults) add the merged
// maps' keys that the map does not give itself, the first merged map first,
// as YAML's merge type says; a key given twice is reported.
func (r *docReader) yamlMapping(n *yaml.Node, path string, depth int) map[string]any {
	m := make(map[string]any, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content) && r.fatal == ""; i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		for k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			r.fatal = parseError("yaml", fmt.Sprintf("line %d: a key that is a map or a list: keys are names", k.Line))
			return nil
		}
		key := k.Value
		if _, ok := m[key]; ok {
			r.dup(join(path, key))
			continue
		}
		m[key] = r.yamlNode(v, join(path, key), depth+1)
	}
	for _, mn := range merges {
		for mn.Kind == yaml.AliasNode && mn.Alias != nil {
			mn = mn.Alias
		}
		list := []*yaml.Node{mn}
		if mn.Kind == yaml.SequenceNode {
			list = mn.Content
		}
		for _, e := range list {
			merged, ok := r.yamlNode(e, path, depth).(map[string]any)
			if !ok {
				if r.fatal == "" {
					r.fatal = parseError("yaml", fmt.Sprintf("line %d: a merge (<<) of something other than a map", e.Line))
				}
				return nil
			}
			for k, v := range merged {
				if _, ok := m[k]; !ok {
					m[k] = v
				}
			}
		}
	}
	return m
}

// json reads a JSON document token by token.
func (r *docReader) json(data []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(data))
	t, err := dec.Token()
	if err != nil {
		r.fatal = r.jsonError(data, dec, err)
		return nil
	}
	if t != json.Delim('{') {
		r.fatal = "is not valid JSON for a scenario: its top level must be an object of keys, e.g. {\"name\": \"My plan\"}"
		return nil
	}
	m := r.jsonObject(data, dec, "", 1)
	if r.fatal != "" {
		return nil
	}
	if _, err := dec.Token(); err != io.EOF {
		r.fatal = parseError("json", "text after the top-level object")
		return nil
	}
	return m
}

func (r *docReader) jsonError(data []byte, dec *json.Decoder, err error) string {
	if err == io.EOF {
		return parseError("json", "the document ends early")
	}
	var syn *json.SyntaxError
	offset := dec.InputOffset()
	if errors.As(err, &syn) {
		offset = syn.Offset
	}
	line := 1 + bytes.Count(data[:min(int(offset), len(data))], []byte{'\n'})
	return parseError("json", fmt.Sprintf("line %d: %v", line, err))
}

// jsonValue reads the value starting with token t.
func (r *docReader) jsonValue(data []byte, dec *json.Decoder, t json.Token, path string, depth int) any {
	if depth > maxDepth {
		r.fatal = tooDeep(path)
		return nil
	}
	switch t {
	case json.Delim('{'):
		return r.jsonObject(data, dec, path, depth)
	case json.Delim('['):
		var list []any
		for i := 0; r.fatal == ""; i++ {
			t, err := dec.Token()
			if err != nil {
				r.fatal = r.jsonError(data, dec, err)
				return nil
			}
			if t == json.Delim(']') {
				if list == nil {
					list = []any{}
				}
				return list
			}
			list = append(list, r.jsonValue(data, dec, t, path+"["+strconv.Itoa(i)+"]", depth+1))
		}
		return nil
	}
	return t // a string, a float64, a bool or nil, as json.Unmarshal gives them
}

// jsonObject reads an object whose "{" has been read.
func (r *docReader) jsonObject(data []byte, dec *json.Decoder, path string, depth int) map[string]any {
	m := map[string]any{}
	for r.fatal == "" {
		t, err := dec.Token()
		if err != nil {
			r.fatal = r.jsonError(data, dec, err)
			return nil
		}
		if t == json.Delim('}') {
			return m
		}
		key, ok := t.(string)
		if !ok {
			r.fatal = r.jsonError(data, dec, fmt.Errorf("an object key that is not a string"))
			return nil
		}
		t, err = dec.Token()
		if err != nil {
			r.fatal = r.jsonError(data, dec, err)
			return nil
		}
		v := r.jsonValue(data, dec, t, join(path, key), depth+1)
		if _, ok := m[key]; ok {
			r.dup(join(path, key))
			continue
		}
		m[key] = v
	}
	return nil
}

// tomlDoc builds the settings of a TOML document from its expressions.
type tomlDoc struct {
	r    *docReader
	p    *unstable.Parser
	root map[string]any
	// defined holds the path of every table a header opened and of every
	// value a key set, to refuse a second definition; arrays holds the
	// paths of arrays of tables ([[name]]); closed holds inline tables,
	// which keys outside them may not add to.
	defined, arrays, closed map[string]bool
	// scalars are the numbers and dates, decoded together at the end by
	// go-toml so that they mean exactly what go-toml says.
	scalars []tomlScalar
}

type tomlScalar struct {
	raw    []byte
	set    func(v any)
	offset int // in the file, for its line should it fail
}

func (r *docReader) toml(data []byte) map[string]any {
	p := &unstable.Parser{}
	p.Reset(data)
	t := &tomlDoc{r: r, p: p, root: map[string]any{},
		defined: map[string]bool{}, arrays: map[string]bool{}, closed: map[string]bool{}}
	cur, curPath := t.root, ""
	for r.fatal == "" && p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys := t.keys(e.Key())
			if r.fatal != "" {
				return nil
			}
			cur, curPath = t.table(keys, e.Kind == unstable.ArrayTable, t.offset(e))
		case unstable.KeyValue:
			depth := 1
			if curPath != "" {
				depth = 2 + strings.Count(curPath, "\x00")
			}
			t.keyValue(cur, curPath, e, depth)
		}
	}
	if err := p.Error(); err != nil && r.fatal == "" {
		r.fatal = t.parseError(err)
	}
	if r.fatal != "" {
		return nil
	}
	t.decodeScalars()
	if r.fatal != "" {
		return nil
	}
	return t.root
}

// offset returns where a node's text starts in the file, or -1 when its
// text is not the file's (a string with escapes, decoded).
func (t *tomlDoc) offset(n *unstable.Node) int {
	raw := n.Raw
	if raw.Length == 0 {
		if len(n.Data) == 0 {
			return -1
		}
		raw = t.p.Range(n.Data)
	}
	if int(raw.Offset) >= len(t.p.Data()) {
		return -1
	}
	return int(raw.Offset)
}

// lineAt returns the line of an offset (counting from the start: called
// only for a message).
func (t *tomlDoc) lineAt(offset int) int {
	if offset < 0 {
		return 0
	}
	return 1 + bytes.Count(t.p.Data()[:offset], []byte{'\n'})
}

func (t *tomlDoc) parseError(err error) string {
	var pe *unstable.ParserError
	if errors.As(err, &pe) && len(pe.Highlight) > 0 {
		line := t.lineAt(int(t.p.Range(pe.Highlight).Offset))
		return parseError("toml", fmt.Sprintf("line %d: %s", line, pe.Message))
	}
	return parseError("toml", err.Error())
}

// keys returns a key's parts.
func (t *tomlDoc) keys(it unstable.Iterator) []string {
	var keys []string
	for it.Next() {
		keys = append(keys, string(it.Node().Data))
		if len(keys) > maxDepth {
			t.r.fatal = tooDeep(strings.Join(keys, "."))
			return nil
		}
	}
	return keys
}

// shown is a path as a problem shows it: name.0.key for an array of tables.
func shown(path string) string {
	return strings.NewReplacer("\x00", ".", "\x01", ".").Replace(path)
}

// descend returns the map at keys below m (whose path is base), making
// maps on the way; a value, or an array of tables (whose last table is
// taken), on the way is a problem.
func (t *tomlDoc) descend(m map[string]any, base string, keys []string, at int) (map[string]any, string) {
	path := base
	for _, k := range keys {
		if path == "" {
			path = k
		} else {
			path += "\x00" + k
		}
		switch next := m[k].(type) {
		case nil:
			if _, ok := m[k]; ok {
				t.r.fatal = parseError("toml", fmt.Sprintf("line %d: %s is a value, not a table", t.lineAt(at), echoText(shown(path))))
				return nil, ""
			}
			nm := map[string]any{}
			m[k] = nm
			m = nm
		case map[string]any:
			if t.closed[path] {
				t.r.fatal = parseError("toml", fmt.Sprintf("line %d: %s is an inline table, which cannot be added to", t.lineAt(at), echoText(shown(path))))
				return nil, ""
			}
			m = next
		case []any:
			last, ok := lastTable(next)
			if !ok || !t.arrays[path] {
				t.r.fatal = parseError("toml", fmt.Sprintf("line %d: %s is a list, not a table", t.lineAt(at), echoText(shown(path))))
				return nil, ""
			}
			m = last
			path = element(path, len(next)-1)
		default:
			t.r.fatal = parseError("toml", fmt.Sprintf("line %d: %s is a value, not a table", t.lineAt(at), echoText(shown(path))))
			return nil, ""
		}
	}
	return m, path
}

func lastTable(list []any) (map[string]any, bool) {
	if len(list) == 0 {
		return nil, false
	}
	m, ok := list[len(list)-1].(map[string]any)
	return m, ok
}

// table opens the table a header names, and returns it and its path.
func (t *tomlDoc) table(keys []string, array bool, at int) (map[string]any, string) {
	if len(keys) > maxDepth {
		t.r.fatal = tooDeep(strings.Join(keys, "."))
		return nil, ""
	}
	parent, base := t.descend(t.root, "", keys[:len(keys)-1], at)
	if t.r.fatal != "" {
		return nil, ""
	}
	k := keys[len(keys)-1]
	path := k
	if base != "" {
		path = base + "\x00" + k
	}
	if array {
		list, ok := parent[k].([]any)
		switch {
		case !ok && parent[k] != nil:
			t.dupOrFatal(path, at)
			return nil, ""
		case ok && !t.arrays[path]:
			t.dupOrFatal(path, at)
			return nil, ""
		}
		m := map[string]any{}
		parent[k] = append(list, m)
		t.arrays[path] = true
		return m, element(path, len(list))
	}
	if t.defined[path] {
		t.r.dup(shown(path))
		// Keep reading into the table as it is: its keys meet the ones
		// already given, and each one given twice is reported.
	}
	t.defined[path] = true
	m, p := t.descend(parent, base, []string{k}, at)
	return m, p
}

// element is the path of the i-th table of an array of tables: each
// [[name]] starts a new one, whose tables and keys are defined afresh.
func element(path string, i int) string { return path + "\x01" + strconv.Itoa(i) }

func (t *tomlDoc) dupOrFatal(path string, at int) {
	t.r.fatal = parseError("toml", fmt.Sprintf("line %d: %s is given twice, once as a table and once as something else", t.lineAt(at), echoText(shown(path))))
}

// keyValue sets key = value in the table m at path.
func (t *tomlDoc) keyValue(m map[string]any, path string, e *unstable.Node, depth int) {
	keys := t.keys(e.Key())
	if t.r.fatal != "" {
		return
	}
	at := t.offset(e.Value())
	parent, base := t.descend(m, path, keys[:len(keys)-1], at)
	if t.r.fatal != "" {
		return
	}
	k := keys[len(keys)-1]
	full := k
	if base != "" {
		full = base + "\x00" + k
	}
	if _, ok := parent[k]; ok {
		t.r.dup(shown(full))
		return
	}
	t.defined[full] = true
	parent[k] = nil
	t.value(e.Value(), func(v any) { parent[k] = v }, full, depth+len(keys))
}

// value reads a value node, handing it to set (numbers and dates later).
func (t *tomlDoc) value(n *unstable.Node, set func(v any), path string, depth int) {
	if depth > maxDepth {
		t.r.fatal = tooDeep(shown(path))
		return
	}
	switch n.Kind {
	case unstable.String:
		set(string(n.Data))
	case unstable.Bool:
		set(string(n.Data) == "true")
	case unstable.Array:
		// Numbers are decoded last, into items[i]: by then items has its
		// final backing array, the one set here.
		items := []any{}
		it := n.Children()
		for i := 0; it.Next() && t.r.fatal == ""; i++ {
			items = append(items, nil)
			t.value(it.Node(), func(v any) { items[i] = v }, path+"["+strconv.Itoa(i)+"]", depth+1)
		}
		set(items)
	case unstable.InlineTable:
		m := map[string]any{}
		set(m)
		t.closed[path] = true
		it := n.Children()
		for it.Next() && t.r.fatal == "" {
			kv := it.Node()
			t.keyValue(m, path, kv, depth)
		}
	default: // Integer, Float and the four date and time kinds
		t.scalars = append(t.scalars, tomlScalar{raw: bytes.Clone(n.Data), set: set, offset: t.offset(n)})
	}
}

// decodeScalars decodes every number and date with go-toml at once, as the
// items of one list: so they mean what go-toml makes of them, and a file
// of many keys is not decoded as a table of many keys (go-toml looks for
// each key among all those before it).
func (t *tomlDoc) decodeScalars() {
	var b bytes.Buffer
	b.WriteString("v = [")
	var raws []int
	for i, s := range t.scalars {
		if len(raws) > 0 {
			b.WriteString(", ")
		}
		b.Write(s.raw)
		raws = append(raws, i)
	}
	b.WriteString("]\n")
	var doc struct{ V []any }
	if err := toml.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.V) != len(raws) {
		// Find the one that failed, for its line.
		for _, i := range raws {
			var one struct{ V any }
			if err := toml.Unmarshal([]byte("v = "+string(t.scalars[i].raw)+"\n"), &one); err != nil {
				msg := err.Error()
				var de *toml.DecodeError
				if errors.As(err, &de) {
					msg = strings.TrimPrefix(de.Error(), "toml: ")
				}
				t.r.fatal = parseError("toml", fmt.Sprintf("line %d: %s", t.lineAt(t.scalars[i].offset), msg))
				return
			}
		}
		t.r.fatal = parseError("toml", fmt.Sprint(err))
		return
	}
	for j, i := range raws {
		t.scalars[i].set(doc.V[j])
	}
}
