//go:build !linux

package sim

// hugePages does nothing outside Linux.
func hugePages([]float64) {}
