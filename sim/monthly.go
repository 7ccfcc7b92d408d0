package sim

// Monthly holds each kept monthly series' statistics month by month:
// Monthly["mrr"][m] summarises month m+1's MRR over the kept paths. It is
// what monthly.csv lists and the fan and capacity charts draw, computed
// once for all of them.
type Monthly map[string][]Stats

// Monthly summarises every series of r.Paths month by month, as Summarize
// does a metric (non-finite values left out); nil when the run kept no
// paths.
func (r *Result) Monthly() Monthly {
	if len(r.Paths.Trials) == 0 {
		return nil
	}
	out := make(Monthly, len(r.Paths.Series))
	var b sortBuffers
	var col []float64
	for name, paths := range r.Paths.Series {
		months := 0
		for _, p := range paths {
			months = max(months, len(p))
		}
		st := make([]Stats, months)
		for m := range st {
			col = col[:0]
			for _, p := range paths {
				if m < len(p) {
					col = append(col, p[m])
				}
			}
			st[m] = b.summarize(col)
		}
		out[name] = st
	}
	return out
}
