//go:build !linux

package main

import "os"

// maxRSS is unknown here: the memory bound is checked on Linux.
func maxRSS(*os.ProcessState) int64 { return 0 }

// memAvailable is unknown here.
func memAvailable() (int64, bool) { return 0, false }
