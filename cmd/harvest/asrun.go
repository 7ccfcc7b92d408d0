package main

import (
	"bytes"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/harvest-planning/harvest/model"
)

// scenarioAsRun returns the scenario's text with the overrides applied, as
// the run saw it: each overridden key set to its value (added where the
// file does not give it) and marked "# --set", the rest of the file, its
// comments included, as written. A YAML file is edited in place; JSON,
// being YAML, is shown as YAML; a TOML file, which YAML cannot read, is
// shown as written (ok is false: the overrides listed beside it say what
// changed). Without overrides the text is the file's.
func scenarioAsRun(s *model.Scenario, overrides []string) (text string, ok bool) {
	if len(overrides) == 0 {
		return string(s.Source), true
	}
	if strings.EqualFold(path.Ext(s.File), ".toml") {
		return string(s.Source), false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(s.Source, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return string(s.Source), false
	}
	root := doc.Content[0]
	for _, o := range overrides {
		if !setNode(root, o) {
			return string(s.Source), false
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return string(s.Source), false
	}
	return b.String(), true
}

// setNode applies one "key=value" override to a YAML mapping, as
// model.Parse applies it to the settings: the value (read as YAML)
// replaces the key's, and the maps on the way are made when missing.
// Keys are matched regardless of case, as the command line reads them.
func setNode(root *yaml.Node, override string) bool {
	key, val, ok := strings.Cut(override, "=")
	if !ok {
		return false
	}
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(val), &v); err != nil || len(v.Content) == 0 {
		return false
	}
	value := v.Content[0]
	value.LineComment = "# --set"
	parts := strings.Split(strings.ToLower(strings.TrimSpace(key)), ".")
	cur := root
	for i, p := range parts {
		if cur.Kind != yaml.MappingNode {
			return false
		}
		var found *yaml.Node
		for j := 0; j+1 < len(cur.Content); j += 2 {
			if strings.EqualFold(cur.Content[j].Value, p) {
				found = cur.Content[j+1]
				if i == len(parts)-1 {
					value.HeadComment, value.FootComment = found.HeadComment, found.FootComment
					cur.Content[j+1] = value
					cur.Content[j].LineComment = ""
				}
				break
			}
		}
		last := i == len(parts)-1
		if found == nil {
			k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p}
			next := value
			if !last {
				next = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			}
			cur.Content = append(cur.Content, k, next)
			found = next
		}
		cur = found
	}
	return true
}
