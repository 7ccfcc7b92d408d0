//go:build !linux

package sim

// machineMemory says nothing outside Linux: runs are not checked against
// the memory there. A variable so that tests can play a smaller machine.
var machineMemory = func() (available, total uint64, ok bool) { return 0, 0, false }
