package sim

import (
	"fmt"
	"testing"
)

// TestSplit checks the admission of short capacity: each channel's share
// taken is hypergeometric, whether admit draws it channel by channel or
// picks one person at a time (those taken or those left), and the counts
// add up.
func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		counts []int
		take   int
	}{
		{[]int{12, 30, 5}, 4},  // picks those taken
		{[]int{12, 30, 5}, 43}, // picks those left
		{[]int{0, 9, 1}, 5},
		{[]int{7}, 3},
		{[]int{12, 30, 5}, 20},     // a hypergeometric draw per channel
		{[]int{40, 0, 25, 60}, 70}, // an empty channel among them
		{[]int{400, 900}, 650},     // large counts
	}
	for i, tt := range tests {
		total := sumInts(tt.counts)
		sp := newSplit(len(tt.counts))
		counts := make([]int, len(tt.counts))
		for ch, good := range tt.counts {
			tc := hypergeometricCase(total, good, tt.take, func(s *stream) int {
				clear(sp.took)
				copy(counts, tt.counts)
				if got := sp.admit(s, counts, tt.take); got != tt.take {
					t.Fatalf("admit took %d people; want %d", got, tt.take)
				}
				for c := range counts {
					if counts[c]+sp.took[c] != tt.counts[c] {
						t.Fatalf("channel %d: %d taken and %d left of %d", c, sp.took[c], counts[c], tt.counts[c])
					}
				}
				if got := sumInts(sp.took); got != tt.take {
					t.Fatalf("took %d people; want %d", got, tt.take)
				}
				return sp.took[ch]
			})
			t.Run(fmt.Sprintf("counts=%v/take=%d/channel=%d", tt.counts, tt.take, ch), func(t *testing.T) {
				checkDiscrete(t, tc, 5000+uint64(10*i+ch))
			})
		}
	}
}
