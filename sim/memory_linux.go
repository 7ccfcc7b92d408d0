package sim

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// machineMemory returns the memory available to a new allocation and the
// machine's total, in bytes, from /proc/meminfo (MemAvailable and
// MemTotal); ok is false when they cannot be read. A variable so that
// tests can play a smaller machine.
var machineMemory = func() (available, total uint64, ok bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	var haveAvail, haveTotal bool
	sc := bufio.NewScanner(f)
	for sc.Scan() && !(haveAvail && haveTotal) {
		name, rest, found := strings.Cut(sc.Text(), ":")
		if !found {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "MemAvailable":
			available, haveAvail = mulSat(kb, 1024), true
		case "MemTotal":
			total, haveTotal = mulSat(kb, 1024), true
		}
	}
	return available, total, haveAvail && haveTotal
}
