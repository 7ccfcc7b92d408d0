// Package model defines a harvest scenario: its types, its uncertain values,
// and loading and validating scenario files.
package model
