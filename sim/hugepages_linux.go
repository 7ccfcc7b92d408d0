package sim

import (
	"syscall"
	"unsafe"
)

// hugePages asks Linux to back xs with transparent huge pages where the
// system allows them on request (THP "madvise", a common default): a
// 100,000-trial run's columns are 53 MB, whose first writes cost some
// 13,000 page faults in 4 KB pages and a few dozen in 2 MB ones. It is
// advice only: where it is refused nothing changes.
func hugePages(xs []float64) {
	if len(xs) == 0 {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&xs[0])), len(xs)*8)
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
}
