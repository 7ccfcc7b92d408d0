package sim

// When more people wait at the handoff than sales can take on, those taken
// on are a draw without replacement from everyone waiting, so the channels'
// shares of them are multivariate hypergeometric: one hypergeometric draw
// per channel, each from the people not yet split, or, when only a few are
// taken (or left), the people picked one at a time, the same distribution.

// A split takes short capacity's people from several channels' counts.
// Its slices have one entry per channel.
type split struct {
	took       []int // this month's people taken on
	left, rest []int // scratch for urn
}

func newSplit(channels int) split {
	return split{took: make([]int, channels), left: make([]int, channels), rest: make([]int, channels)}
}

// admit takes up to capacity people from counts (per channel) into took,
// leaving the rest in counts, and returns how many it took. When not all
// fit, each channel's share is drawn hypergeometrically from rng.
func (sp *split) admit(rng *stream, counts []int, capacity int) int {
	total := sumInts(counts)
	if total <= capacity {
		for ci, n := range counts {
			sp.took[ci] += n
			counts[ci] = 0
		}
		return total
	}
	// One person at a time, the fewer of those taken and those left, when
	// that is cheaper than a hypergeometric draw for each channel.
	if picks := min(capacity, total-capacity); picks <= urnPicksPerChannel*(len(counts)-1) {
		sp.urn(rng, counts, total, capacity)
		return capacity
	}
	draws := capacity
	for ci, n := range counts {
		if draws == 0 {
			break
		}
		got := draws
		if n < total {
			got = hyper(rng, total, n, draws)
		}
		sp.took[ci] += got
		counts[ci] = n - got
		total -= n
		draws -= got
	}
	return capacity
}

// urnPicksPerChannel is how many single picks cost about one
// hypergeometric draw.
const urnPicksPerChannel = 3

// urn takes take of the total people in counts into took, leaving the rest
// in counts, by drawing them one at a time without replacement (or, when
// fewer, those left): each pick is uniform over the people still there.
func (sp *split) urn(rng *stream, counts []int, total, take int) {
	if take <= total-take {
		for ; take > 0; take-- {
			ci := pick(rng, counts, total)
			counts[ci]--
			sp.took[ci]++
			total--
		}
		return
	}
	left := sp.left
	clear(left)
	rest := sp.rest
	copy(rest, counts)
	for n := total - take; n > 0; n-- {
		ci := pick(rng, rest, total)
		rest[ci]--
		left[ci]++
		total--
	}
	for ci, n := range counts {
		sp.took[ci] += n - left[ci]
		counts[ci] = left[ci]
	}
}

// pick returns the channel of a person drawn uniformly from the total in
// counts.
func pick(s *stream, counts []int, total int) int {
	r := int(s.below(uint64(total)))
	// The channel is the number of channels whose people all come before
	// r: counted without a branch on where the search ends, which would be
	// mispredicted about every other pick.
	ci, before := 0, 0
	for _, n := range counts[:len(counts)-1] {
		before += n
		if r >= before {
			ci++
		}
	}
	return ci
}

// hyper is hypergeometric(total, good, draws) with the certain cases free.
func hyper(s *stream, total, good, draws int) int {
	if good == 0 || draws == 0 {
		return 0
	}
	return s.hypergeometric(total, good, draws)
}
