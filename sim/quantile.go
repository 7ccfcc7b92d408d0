package sim

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"github.com/harvest-planning/harvest/model"
	"gonum.org/v1/gonum/stat/distuv"
)

// Quantile tables. gonum's Beta and Gamma quantiles cost about 1.7 µs each
// (measured on the 2-core test machine): 20 inputs × 100,000 trials would
// spend 3 s there alone; LogNormal and Normal ones cost 50–80 ns, still a
// few percent of a trial. Those families are tabulated once per distinct
// value: the quantile function and its exact derivative 1/pdf at 2049 points
// uniform in u, read back by cubic Hermite interpolation. The tails
// (u < 1/2048 or u > 1 − 1/2048) and every cell whose midpoint misses the
// exact quantile by more than tableTol (relative) use Value.Quantile itself.
// A cell's miss is estimated from the tabulated slopes (see surelyWithin);
// only where that estimate is not far below tableTol is the exact quantile
// at its midpoint computed, to judge it.
const (
	tableCells = 2048
	tableTol   = 1e-7
)

// quantiler draws one input: a table when one pays, else the exact quantile.
type quantiler struct {
	v     model.Value
	table *qtable // nil: exact
}

// newQuantiler tabulates v where a table pays. A cancelled ctx stops the
// table; the quantiler is then exact, and the caller's to discard.
func newQuantiler(ctx context.Context, v model.Value) quantiler {
	switch v.Family {
	case model.Beta, model.PERT, model.Gamma, model.LogNormal, model.Normal:
		return quantiler{v: v, table: tableFor(ctx, v)}
	}
	return quantiler{v: v}
}

// at returns the value's u-quantile.
func (q *quantiler) at(u float64) float64 {
	if q.table != nil {
		if x, ok := q.table.at(u); ok {
			return x
		}
	}
	return q.v.Quantile(u)
}

// qtable holds Q(i/2048) and h·Q'(i/2048) for i = 0..2048 (entries outside
// 1..2047 unused) and which cells must be computed exactly.
type qtable struct {
	y, m  [tableCells + 1]float64
	exact [tableCells]bool
}

// at interpolates; ok is false where the exact quantile must be used.
func (t *qtable) at(u float64) (float64, bool) {
	s := u * tableCells
	i := int(s)
	if i < 1 || i >= tableCells-1 || t.exact[i] {
		return 0, false
	}
	return t.interpolate(i, s-float64(i)), true
}

// interpolate is the cubic Hermite interpolation in cell i at the fraction
// f of it.
func (t *qtable) interpolate(i int, f float64) float64 {
	y0, y1, m0, m1 := t.y[i], t.y[i+1], t.m[i], t.m[i+1]
	// Cubic Hermite basis on [0, 1].
	f2 := f * f
	f3 := f2 * f
	return (2*f3-3*f2+1)*y0 + (f3-2*f2+f)*m0 + (-2*f3+3*f2)*y1 + (f3-f2)*m1
}

// tableKey identifies a distribution regardless of how it was written.
type tableKey struct {
	family                                 model.Family
	alpha, beta, min, mode, max, mu, sigma float64
}

var (
	tables     sync.Map // tableKey → *qtable
	tableCount atomic.Int64
)

// maxTables bounds the cache (each table is about 34 KB).
const maxTables = 512

// tableFor returns v's table, from the cache or built; nil when ctx is
// cancelled first.
func tableFor(ctx context.Context, v model.Value) *qtable {
	key := tableKey{v.Family, v.Alpha, v.Beta, v.Min, v.Mode, v.Max, v.Mu, v.Sigma}
	if t, ok := tables.Load(key); ok {
		return t.(*qtable)
	}
	t := buildTable(ctx, v)
	if t == nil {
		return nil
	}
	if tableCount.Load() < maxTables {
		if _, loaded := tables.LoadOrStore(key, t); !loaded {
			tableCount.Add(1)
		}
	}
	return t
}

// checkEvery is how many cells a table computes between looks at its
// context: some 64 quantiles, a tenth of a millisecond.
const checkEvery = 64

// buildTable tabulates v's quantile function and marks the cells where
// interpolation is not within tableTol of it. It looks at ctx every
// checkEvery cells and returns nil once it is cancelled.
func buildTable(ctx context.Context, v model.Value) *qtable {
	var pdf func(x float64) float64
	scale := 1.0
	switch v.Family {
	case model.Beta:
		pdf = distuv.Beta{Alpha: v.Alpha, Beta: v.Beta}.Prob
	case model.PERT:
		b := distuv.Beta{Alpha: v.Alpha, Beta: v.Beta}
		scale = v.Max - v.Min
		pdf = func(x float64) float64 { return b.Prob((x - v.Min) / scale) }
	case model.Gamma:
		pdf = distuv.Gamma{Alpha: v.Alpha, Beta: v.Beta}.Prob
	case model.LogNormal:
		pdf = distuv.LogNormal{Mu: v.Mu, Sigma: v.Sigma}.Prob
	case model.Normal:
		pdf = distuv.Normal{Mu: v.Mu, Sigma: v.Sigma}.Prob
	}
	t := new(qtable)
	const h = 1.0 / tableCells
	for i := 1; i < tableCells; i++ {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil
		}
		x := v.Quantile(float64(i) * h)
		t.y[i] = x
		// dQ/du = 1/pdf(Q(u)); for PERT the Beta density is per unit of
		// the scaled range, hence the scale.
		t.m[i] = h * scale / pdf(x)
	}
	for i := 1; i < tableCells-1; i++ {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil
		}
		t.exact[i] = !t.interpolates(i) || !t.surelyWithin(i) && !t.within(v, i)
	}
	t.exact[0] = true
	t.exact[tableCells-1] = true
	return t
}

// interpolates reports whether cell i can be interpolated at all: its
// ends finite and increasing, and its slopes within three secants, which
// keeps the interpolation monotone (Fritsch–Carlson).
func (t *qtable) interpolates(i int) bool {
	y0, y1 := t.y[i], t.y[i+1]
	if !(finite(y0) && finite(y1) && finite(t.m[i]) && finite(t.m[i+1]) && y1 >= y0) {
		return false
	}
	d := y1 - y0
	return t.m[i] <= 3*d && t.m[i+1] <= 3*d
}

// within reports whether the interpolation at cell i's midpoint is within
// tableTol of v's exact quantile there.
func (t *qtable) within(v model.Value, i int) bool {
	exact := v.Quantile((float64(i) + 0.5) / tableCells)
	return math.Abs(t.interpolate(i, 0.5)-exact) <= tableTol*math.Abs(exact)
}

// surelyWithin reports whether cell i's interpolation is within tableTol
// by an estimate that needs no further quantile. At the midpoint cubic
// Hermite interpolation misses by h⁴·Q⁽⁴⁾(ξ)/384 for some ξ in the cell,
// and h⁴·Q⁽⁴⁾ there is the third difference of the slopes m = h·Q' at the
// four nodes around it, to O(h⁶). A cell is taken as within when that
// estimate is below tableTol/surelyMargin of its smaller end in magnitude
// (its midpoint's quantile is at least that when both ends have one
// sign); in the cells beside the tails, which lack a node outside them,
// and wherever the estimate is not that small, within decides.
func (t *qtable) surelyWithin(i int) bool {
	if i < 2 || i > tableCells-3 {
		return false
	}
	y0, y1 := t.y[i], t.y[i+1]
	if !(y0 > 0 || y1 < 0) {
		return false // its quantiles may come near 0
	}
	d3 := t.m[i+2] - 3*t.m[i+1] + 3*t.m[i] - t.m[i-1]
	return math.Abs(d3)/384 <= tableTol/surelyMargin*min(math.Abs(y0), math.Abs(y1))
}

// surelyMargin is how far below tableTol surelyWithin's estimate must be.
// The estimate is within a few percent of the actual miss where the miss
// is near tableTol (near the tails, where the slopes change fastest, it is
// larger); TestQuantileTableScreen checks across the families that the
// cells the estimate passes are those the exact check passes.
const surelyMargin = 16

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
