package main

import (
	"context"
	"io"
	"testing"
)

// BenchmarkWorkload runs what planners run most, on the built-in default:
// a long run, a comparison of its plans, a sensitivity analysis and a
// budget split. Its CPU profile serves a profile-guided build of harvest
// (the README's Speed section says how).
func BenchmarkWorkload(b *testing.B) {
	commands := [][]string{
		{"run", "--horizon", "36", "--trials", "100000"},
		{"compare", "seed_saas"},
		{"sensitivity", "seed_saas"},
		{"optimize", "seed_saas", "--frontier", "3"},
	}
	for b.Loop() {
		for _, args := range commands {
			if code := execute(context.Background(), args, io.Discard, io.Discard); code != 0 {
				b.Fatalf("harvest %v: exit code %d", args, code)
			}
		}
	}
}
