package calibrate

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/harvest-planning/harvest/model"
)

// Cost is a channel's cost per entry and volatility, fitted from its
// monthly spend and entries.
type Cost struct {
	// UnitCost is the LogNormal of next year's typical cost per entry:
	// mu the mean of the monthly ln(spend ÷ entries), sigma their sd ÷
	// √months.
	UnitCost model.Value
	// Volatility is the coefficient of variation of the monthly entries
	// beyond Poisson noise: √max(0, var(r) − mean(1/λ)), where λ is a
	// month's spend ÷ the typical cost e^mu and r its entries ÷ λ.
	Volatility float64
	// Months is how many months with spend and entries the cost is fitted
	// from.
	Months int
}

// UnitCost fits channel's cost per entry from the spend file and the
// month each of its people was created in, as DESIGN defines: from the
// months with spend and entries (at least 2). Volatility reads every
// month with spend, those without entries too.
func UnitCost(p *People, s *Spend, channel string) (Cost, error) {
	entries := map[Month]float64{}
	for i := range p.Rows {
		if r := &p.Rows[i]; r.Channel == channel {
			entries[MonthOf(r.Reached[r.Entered])]++
		}
	}
	var xs, spends, counts []float64
	for _, r := range s.Rows {
		if r.Channel != channel || r.Spend <= 0 {
			continue
		}
		spends = append(spends, r.Spend)
		counts = append(counts, entries[r.Month])
		if e := entries[r.Month]; e > 0 {
			xs = append(xs, math.Log(r.Spend/e))
		}
	}
	if len(xs) < 2 {
		return Cost{}, fmt.Errorf("calibrate: channel %q has %s with spend and entries; a cost per entry needs at least 2", channel, count(len(xs), "month"))
	}
	mu, sd := meanSD(xs)
	c := Cost{UnitCost: model.Value{Family: model.LogNormal, Domain: model.Positive, Mu: mu, Sigma: sd / math.Sqrt(float64(len(xs)))}, Months: len(xs)}
	if c.UnitCost.Sigma == 0 {
		c.UnitCost = model.FixedValue(math.Exp(mu))
	}
	rs := make([]float64, len(spends))
	var poisson float64
	for i, sp := range spends {
		lambda := sp / math.Exp(mu)
		rs[i] = counts[i] / lambda
		poisson += 1 / lambda / float64(len(spends))
	}
	_, sdr := meanSD(rs)
	c.Volatility = math.Sqrt(max(0, sdr*sdr-poisson))
	return c, nil
}

// meanSD returns the mean and the sample sd (n − 1) of xs, len(xs) ≥ 2.
func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// Deal is the fitted deal value.
type Deal struct {
	// Value is the LogNormal with the won deals' mean and sd ÷ √n: the
	// uncertainty of next year's average deal, not one deal's; a fixed
	// value when every deal was the same.
	Value model.Value
	// Deals is how many won rows gave a value.
	Deals int
}

// DealValue fits the deal value from the people who reached the last stage
// with a value (at least 2).
func DealValue(p *People) (Deal, error) {
	last := len(p.Stages) - 1
	var vs []float64
	for i := range p.Rows {
		if r := &p.Rows[i]; r.HasValue && r.Last() == last {
			vs = append(vs, r.Value)
		}
	}
	if len(vs) < 2 {
		return Deal{}, fmt.Errorf("calibrate: %s with a value in %s; a deal value needs at least 2", count(len(vs), "won deal"), p.File)
	}
	m, sd := meanSD(vs)
	if m <= 0 {
		return Deal{}, fmt.Errorf("calibrate: the won deals in %s average 0; a deal value needs a positive one", p.File)
	}
	d := Deal{Value: logNormalOf(m, sd/math.Sqrt(float64(len(vs)))), Deals: len(vs)}
	if sd == 0 {
		d.Value = model.FixedValue(m)
	}
	return d, nil
}

// Book is what the customers file says about churn and the starting book.
type Book struct {
	// Churn is Beta(1 + churned, 1 + customer-months kept): the monthly
	// churn from a uniform prior.
	Churn model.Value
	// Churned and Kept count the churns and the customer-months kept in
	// the window.
	Churned, Kept int
	// Starting and StartingMRR are the customers kept at the export date
	// and their monthly revenue.
	Starting    int
	StartingMRR float64
}

// BookOf reads churn and the starting book from the customers, as of the
// export date asOf, counting churn's evidence in the months from from to
// asOf (the export's month counts as whole). A customer is at risk in each
// month after the one it started in: it is kept in every such month before
// the one it ended in, and churns in that one (one that ended in the month
// it started churns having kept none); a customer that ended after asOf is
// kept.
func BookOf(c *Customers, from, asOf time.Time) (Book, error) {
	lo, hi := MonthOf(from), MonthOf(asOf)
	if hi < lo {
		return Book{}, errors.New("calibrate: the export date is before the window's start")
	}
	var b Book
	for _, r := range c.Rows {
		if r.Start.After(asOf) {
			continue
		}
		first := max(MonthOf(r.Start)+1, lo)
		if r.End.IsZero() || r.End.After(asOf) {
			b.Starting++
			b.StartingMRR += r.MRR
			b.Kept += max(0, int(hi-first+1))
			continue
		}
		end := MonthOf(r.End)
		if end < lo {
			continue
		}
		b.Kept += max(0, int(end-first))
		b.Churned++
	}
	b.Churn = model.Value{Family: model.Beta, Domain: model.Probability, Alpha: 1 + float64(b.Churned), Beta: 1 + float64(b.Kept)}
	return b, nil
}

// count returns "1 month", "3 months".
func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
