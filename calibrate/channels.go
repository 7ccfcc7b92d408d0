package calibrate

import (
	"errors"
	"maps"
	"math"
	"slices"
	"time"
)

// MinAtRisk is how many people at risk a rate needs to stand on its own:
// a channel with fewer takes the funnel's rate, and a funnel rate from
// fewer is flagged as thin.
const MinAtRisk = 30

// OverrideSD is how many of a channel's own posterior sd its rate must lie
// from the funnel's to get an override.
const OverrideSD = 3

// Stage is one stage's conversion for the funnel and for the channels
// whose people differ from it.
type Stage struct {
	// Funnel is fitted from every channel's people but those with an
	// override.
	Funnel Fit
	// Thin says the funnel's rate rests on fewer than MinAtRisk people.
	Thin bool
	// Overrides are the channels whose own rate lies more than OverrideSD
	// of its posterior sd from the funnel's.
	Overrides map[string]Fit
	// Pooled are the channels, sorted, with fewer than MinAtRisk people at
	// risk: they take the funnel's rate and are never overrides.
	Pooled []string
}

// EvidenceByChannel groups the people at risk of reaching stage k by
// channel, as Evidence does for one.
func (p *People) EvidenceByChannel(k int, asOf time.Time) map[string]Evidence {
	out := map[string]Evidence{}
	for i := range p.Rows {
		if _, ok := out[p.Rows[i].Channel]; !ok {
			out[p.Rows[i].Channel] = p.Evidence(k, p.Rows[i].Channel, asOf)
		}
	}
	return out
}

// Add adds other's people to e.
func (e *Evidence) Add(other Evidence) {
	e.Moved = addCounts(e.Moved, other.Moved)
	e.Waiting = addCounts(e.Waiting, other.Waiting)
}

func addCounts(to, from []int) []int {
	for len(to) < len(from) {
		to = append(to, 0)
	}
	for i, c := range from {
		to[i] += c
	}
	return to
}

// Channels fits a stage's conversion for the funnel and its channels,
// following DESIGN's calibration section: the funnel's rate from every
// channel's people; an override for a channel whose own rate lies more
// than OverrideSD of its posterior sd away; the funnel's rate fitted again
// from the channels without one, and the overrides tested once more
// against it. Overrides are taken one at a time, the channel farthest
// away (in its own sd) first, the funnel refitted after each: taken all at
// once from the first fit, one large unusual channel drags the funnel's
// rate so far that every other channel looks unusual too (0.3, 0.31 and
// 0.6 from 1,000 people each would all be overrides against 0.40). The
// funnel always keeps some channel's people.
func Channels(byChannel map[string]Evidence, s *Settings) (Stage, error) {
	if len(byChannel) == 0 {
		return Stage{}, errors.New("calibrate: no channels; a stage's conversion needs people")
	}
	names := slices.Sorted(maps.Keys(byChannel))
	st := Stage{Overrides: map[string]Fit{}}
	fitFunnel := func() (Fit, error) {
		var all Evidence
		for _, c := range names {
			if _, ok := st.Overrides[c]; !ok {
				all.Add(byChannel[c])
			}
		}
		return Conversion(all, s)
	}
	funnel, err := fitFunnel()
	if err != nil {
		return Stage{}, err
	}
	own := map[string]Fit{}
	for _, c := range names {
		e := byChannel[c]
		if e.AtRisk() < MinAtRisk {
			st.Pooled = append(st.Pooled, c)
			continue
		}
		if own[c], err = Conversion(e, s); err != nil {
			return Stage{}, err
		}
	}
	for len(st.Overrides)+1 < len(names) {
		worst, far := "", float64(OverrideSD)
		for _, c := range names {
			f, ok := own[c]
			if _, done := st.Overrides[c]; !ok || done {
				continue
			}
			if z := math.Abs(f.Mean-funnel.Mean) / f.SD; z > far {
				worst, far = c, z
			}
		}
		if worst == "" {
			break
		}
		st.Overrides[worst] = own[worst]
		if funnel, err = fitFunnel(); err != nil {
			return Stage{}, err
		}
	}
	for c, f := range st.Overrides {
		if !differs(f, funnel) {
			delete(st.Overrides, c)
		}
	}
	st.Funnel = funnel
	st.Thin = funnel.AtRisk < MinAtRisk
	return st, nil
}

// differs reports whether a channel's rate lies more than OverrideSD of its
// own posterior sd from the funnel's.
func differs(channel, funnel Fit) bool {
	return math.Abs(channel.Mean-funnel.Mean) > OverrideSD*channel.SD
}
