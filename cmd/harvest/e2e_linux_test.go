package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// maxRSS is the peak memory of an ended process, in bytes (Linux reports
// kilobytes); 0, unknown, under the race detector. Linux carries a
// process's peak across exec, and Go starts a child on its parent's
// memory (vfork), so a child's peak is at least this test process's size
// when it started: under the race detector that alone passed 1 GB, and the
// figure said nothing of the binary's own.
func maxRSS(ps *os.ProcessState) int64 {
	if raceDetector {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}

// memAvailable is the memory available to a new process, from
// /proc/meminfo.
func memAvailable() (int64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}
