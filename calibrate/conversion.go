package calibrate

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/harvest-planning/harvest/model"
)

// Evidence is what people tell about one move, from stage k−1 to stage k,
// grouped by whole calendar months so that a fit costs the same for ten
// people or a million.
type Evidence struct {
	// Moved[w] counts the people who reached stage k after w whole months
	// in stage k−1.
	Moved []int
	// Waiting[a] counts the people in stage k−1 for a whole months at the
	// export date who had not reached stage k: lost, or still deciding.
	Waiting []int
}

// AddMoved counts a person who reached stage k after w months (w ≥ 0).
func (e *Evidence) AddMoved(w int) { e.Moved = add(e.Moved, w) }

// AddWaiting counts a person still short of stage k after a months (a ≥ 0).
func (e *Evidence) AddWaiting(a int) { e.Waiting = add(e.Waiting, a) }

func add(counts []int, i int) []int {
	for len(counts) <= i {
		counts = append(counts, 0)
	}
	counts[i]++
	return counts
}

// AtRisk returns how many people the evidence holds: all who reached stage k−1.
func (e Evidence) AtRisk() int { return sum(e.Moved) + sum(e.Waiting) }

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// Evidence groups the people at risk of reaching stage k (1 ≤ k <
// len(Stages)) from channel, or from every channel when channel is "": those
// who reached stage k−1 by asOf. Waits and ages count calendar months, the
// month of the later date minus the month of the earlier; a stage reached
// after asOf is not yet reached.
func (p *People) Evidence(k int, channel string, asOf time.Time) Evidence {
	var e Evidence
	now := MonthOf(asOf)
	for i := range p.Rows {
		r := &p.Rows[i]
		if channel != "" && r.Channel != channel || r.Entered > k-1 {
			continue
		}
		from := r.Reached[k-1]
		if from.IsZero() || from.After(asOf) {
			continue
		}
		if to := r.Reached[k]; !to.IsZero() && !to.After(asOf) {
			e.AddMoved(int(MonthOf(to) - MonthOf(from)))
		} else {
			e.AddWaiting(int(now - MonthOf(from)))
		}
	}
	return e
}

// Fit is a stage's conversion and wait, fitted together.
type Fit struct {
	// Conversion is the Beta with the posterior mean and sd of p.
	Conversion model.Value
	// Months is the LogNormal with the posterior mean and sd of the months
	// in stage k−1 before the outcome, 1/h − 1; a fixed 0 when every move
	// happened in the month of arrival. Without any move it is the zero
	// Value and HasMonths is false: nothing says how long a stage lasts.
	Months    model.Value
	HasMonths bool
	// Posterior moments: of p, and of the months 1/h − 1.
	Mean, SD             float64
	MonthsMean, MonthsSD float64
	// AtRisk and Moved count the people behind the fit.
	AtRisk, Moved int
}

// Settings tune Conversion; nil means the defaults.
type Settings struct {
	// Grid is the number of points on each axis, p and h (200 when 0; at
	// least 200).
	Grid int
}

// minGrid is DESIGN's least grid, per axis.
const minGrid = 200

// Conversion fits a stage's conversion p and decision rate h = 1/(1 +
// months) to the evidence, as DESIGN's "Calibration from last year's data"
// defines: from a uniform prior, a person who moved after w months
// contributes h(1 − h)^w·p and one still waiting after a months
// 1 − p(1 − (1 − h)^(a+1)) (the export's month counts as whole). The
// posterior is computed on a grid, refined where its mass lies until the
// grid resolves it: a narrow posterior (many people) is not rounded to a
// grid cell.
func Conversion(e Evidence, s *Settings) (Fit, error) {
	n := minGrid
	if s != nil && s.Grid != 0 {
		if s.Grid < minGrid {
			return Fit{}, fmt.Errorf("calibrate: a grid of %d points per axis; want at least %d", s.Grid, minGrid)
		}
		n = s.Grid
	}
	for _, c := range append(append([]int(nil), e.Moved...), e.Waiting...) {
		if c < 0 {
			return Fit{}, errors.New("calibrate: a negative count of people")
		}
	}
	f := Fit{AtRisk: e.AtRisk(), Moved: sum(e.Moved)}
	if f.AtRisk == 0 {
		return Fit{}, errors.New("calibrate: no people at risk; a conversion needs people who reached the stage before")
	}
	g := newGrid(e, n)
	// Zoom in while the posterior's mass lies on fewer than a quarter of
	// the points on an axis; a few rounds resolve a million people.
	pLo, pHi, hLo, hHi := 0.0, 1.0, 0.0, 1.0
	for range 8 {
		g.eval(pLo, pHi, hLo, hHi)
		i0, i1, j0, j1 := g.support()
		if i1-i0 >= n/4 && j1-j0 >= n/4 {
			break
		}
		dp, dh := (pHi-pLo)/float64(n), (hHi-hLo)/float64(n)
		pLo, pHi = pLo+float64(i0)*dp, pLo+float64(i1+1)*dp
		hLo, hHi = hLo+float64(j0)*dh, hLo+float64(j1+1)*dh
	}
	f.Mean, f.SD, f.MonthsMean, f.MonthsSD = g.moments()
	f.Conversion = betaOf(f.Mean, f.SD)
	if f.Moved > 0 {
		f.HasMonths = true
		if sum(e.Moved[1:]) == 0 {
			f.Months = model.FixedValue(0)
		} else {
			f.Months = logNormalOf(f.MonthsMean, f.MonthsSD)
		}
	}
	return f, nil
}

// betaOf returns the Beta with mean m and sd s.
func betaOf(m, s float64) model.Value {
	k := m*(1-m)/(s*s) - 1
	return model.Value{Family: model.Beta, Domain: model.Probability, Alpha: m * k, Beta: (1 - m) * k}
}

// logNormalOf returns the LogNormal with mean m and sd s.
func logNormalOf(m, s float64) model.Value {
	v := math.Log1p(s * s / (m * m))
	return model.Value{Family: model.LogNormal, Domain: model.Positive, Mu: math.Log(m) - v/2, Sigma: math.Sqrt(v)}
}

// grid is the log posterior on n × n midpoints of a box in (p, h).
type grid struct {
	n            int
	moved, waits float64   // people who moved, and their months waited in all
	ages, counts []float64 // the waiting people's ages and how many of each
	ll           []float64 // ll[j*n+i]: log posterior at p_i, h_j, less its maximum
	ps, hs       []float64
	c            []float64 // per age, −(1 − (1 − h)^(a+1)) at the current h
	pLogs        []float64 // moved·ln p_i
}

func newGrid(e Evidence, n int) *grid {
	g := &grid{n: n, ll: make([]float64, n*n), ps: make([]float64, n), hs: make([]float64, n)}
	for w, c := range e.Moved {
		g.moved += float64(c)
		g.waits += float64(w * c)
	}
	for a, c := range e.Waiting {
		if c > 0 {
			g.ages = append(g.ages, float64(a))
			g.counts = append(g.counts, float64(c))
		}
	}
	g.c = make([]float64, len(g.ages))
	g.pLogs = make([]float64, n)
	return g
}

// eval fills ll on the box [pLo, pHi] × [hLo, hHi].
func (g *grid) eval(pLo, pHi, hLo, hHi float64) {
	n := g.n
	for i := range n {
		g.ps[i] = pLo + (float64(i)+0.5)*(pHi-pLo)/float64(n)
		g.hs[i] = hLo + (float64(i)+0.5)*(hHi-hLo)/float64(n)
		g.pLogs[i] = g.moved * math.Log(g.ps[i])
	}
	top := math.Inf(-1)
	for j, h := range g.hs {
		q := 1 - h
		lh := g.moved * math.Log(h)
		if g.waits > 0 {
			lh += g.waits * math.Log(q)
		}
		for k, a := range g.ages {
			g.c[k] = math.Expm1((a + 1) * math.Log(q)) // −(1 − q^(a+1))
		}
		row := g.ll[j*n : (j+1)*n]
		for i, p := range g.ps {
			l := lh + g.pLogs[i]
			for k, c := range g.c {
				l += g.counts[k] * math.Log1p(p*c)
			}
			row[i] = l
			top = max(top, l)
		}
	}
	for i := range g.ll {
		g.ll[i] -= top
	}
}

// negligible is how far below its peak the log posterior may be at a point
// left out of the zoomed box: e^−30 of the peak, at most n² such points.
const negligible = -30

// support returns the first and last indexes, on each axis, of the points
// whose posterior is not negligible, widened by one point each side.
func (g *grid) support() (i0, i1, j0, j1 int) {
	n := g.n
	i0, i1, j0, j1 = n, -1, n, -1
	for j := range n {
		for i, l := range g.ll[j*n : (j+1)*n] {
			if l > negligible {
				i0, i1, j0, j1 = min(i0, i), max(i1, i), min(j0, j), max(j1, j)
			}
		}
	}
	return max(i0-1, 0), min(i1+1, n-1), max(j0-1, 0), min(j1+1, n-1)
}

// moments returns the posterior mean and sd of p and of 1/h − 1.
func (g *grid) moments() (pm, psd, mm, msd float64) {
	n := g.n
	var w, sp, spp, sm, smm float64
	for j, h := range g.hs {
		months := 1/h - 1
		var rw, rp, rpp float64
		for i, l := range g.ll[j*n : (j+1)*n] {
			x := math.Exp(l)
			p := g.ps[i]
			rw += x
			rp += x * p
			rpp += x * p * p
		}
		w += rw
		sp += rp
		spp += rpp
		sm += rw * months
		smm += rw * months * months
	}
	pm, mm = sp/w, sm/w
	return pm, math.Sqrt(max(spp/w-pm*pm, 0)), mm, math.Sqrt(max(smm/w-mm*mm, 0))
}
