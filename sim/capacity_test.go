package sim

import (
	"fmt"
	"testing"
)

// TestUrn checks the admission of short capacity one person at a time:
// each channel's share taken is hypergeometric, whether the urn draws
// those taken or those left, and the counts add up.
func TestUrn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		counts []int
		take   int
	}{
		{[]int{12, 30, 5}, 4},  // draws those taken
		{[]int{12, 30, 5}, 43}, // draws those left
		{[]int{0, 9, 1}, 5},
		{[]int{7}, 3},
	}
	for i, tt := range tests {
		total := sumInts(tt.counts)
		w := &worker{took: make([]int, len(tt.counts)), left: make([]int, len(tt.counts)), rest: make([]int, len(tt.counts))}
		counts := make([]int, len(tt.counts))
		for ch, good := range tt.counts {
			tc := hypergeometricCase(total, good, tt.take, func(s *stream) int {
				w.sales = *s
				clear(w.took)
				copy(counts, tt.counts)
				w.urn(counts, total, tt.take)
				*s = w.sales
				for c := range counts {
					if counts[c]+w.took[c] != tt.counts[c] {
						t.Fatalf("channel %d: %d taken and %d left of %d", c, w.took[c], counts[c], tt.counts[c])
					}
				}
				if got := sumInts(w.took); got != tt.take {
					t.Fatalf("took %d people; want %d", got, tt.take)
				}
				return w.took[ch]
			})
			t.Run(fmt.Sprintf("counts=%v/take=%d/channel=%d", tt.counts, tt.take, ch), func(t *testing.T) {
				checkDiscrete(t, tc, 5000+uint64(10*i+ch))
			})
		}
	}
}
