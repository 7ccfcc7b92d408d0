// Package scenarios holds harvest's built-in example scenarios: realistic,
// commented YAML files embedded in the binary, one per kind of business.
package scenarios
