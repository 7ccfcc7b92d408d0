package plan

import (
	"fmt"
	"strconv"

	"github.com/harvest-planning/harvest/model"
)

// HasSchedule reports whether any of a scenario's decisions moves from
// month to month: a channel's spend or headcount, or the monthly budget.
// Hires alone do not count: they are the sales team's plan of old.
func HasSchedule(s *model.Scenario) bool {
	if s.Budget != nil && !s.Budget.Monthly.IsConstant() {
		return true
	}
	for _, ch := range s.Channels {
		if !ch.Spend.IsConstant() || !ch.Headcount.IsConstant() {
			return true
		}
	}
	return false
}

// PlannedSpend is a plan's spend month by month as the scenario writes it,
// before anyone leaves: each channel's schedule (its own spend, its share
// of the budget, or headcount × cost_per_head), then the sales team's
// reps × cost_per_rep (starting reps, each hire from its month, less the
// cuts), named model.SalesTeam, when it has a cost.
type PlannedSpend struct {
	Names []string
	// Months[i][t] is Names[i]'s spend in month t+1.
	Months [][]float64
}

// Planned returns s's planned spend over months 1..horizon.
func Planned(s *model.Scenario, horizon int) PlannedSpend {
	var p PlannedSpend
	for _, ch := range s.Channels {
		p.Names = append(p.Names, ch.Name)
		p.Months = append(p.Months, ch.Spend.Months(horizon))
	}
	if s.Sales != nil && s.Sales.CostPerRep > 0 {
		team := make([]float64, horizon)
		for t := range team {
			reps := s.Sales.Reps
			for _, h := range s.Sales.Hires {
				if h.Month <= t+1 {
					reps += h.Reps
				}
			}
			for _, c := range s.Sales.Cuts {
				if c.Month <= t+1 {
					reps -= c.Reps
				}
			}
			team[t] = max(reps, 0) * s.Sales.CostPerRep
		}
		p.Names = append(p.Names, model.SalesTeam)
		p.Months = append(p.Months, team)
	}
	return p
}

// Period is a stretch of simulated months, From..To (1-based, inclusive),
// and its label.
type Period struct {
	Label    string
	From, To int
}

// maxQuarters is the most quarters Periods lists; a longer horizon is
// listed by year.
const maxQuarters = 8

// Periods cuts months 1..horizon into quarters, or into years beyond
// maxQuarters of them. With a calendar they are the calendar's ("2027-Q1",
// "2027"; the first and last may be partial), labelled from the dates the
// tables use (model.Calendar.Date); without one they count from month 1
// ("Q1" is months 1–3, "Y2" months 13–24).
func Periods(cal model.Calendar, horizon int) []Period {
	months := 3
	if (horizon+2)/3 > maxQuarters {
		months = 12
	}
	var out []Period
	for t := 1; t <= horizon; {
		end, label := 0, ""
		if cal.Start.IsZero() {
			end = min(t+months-1, horizon)
			n := (t-1)/months + 1
			label = "Q" + strconv.Itoa(n)
			if months == 12 {
				label = "Y" + strconv.Itoa(n)
			}
		} else {
			d := cal.Date(t)
			end = min(t+months-1-(d.Month-1)%months, horizon)
			label = fmt.Sprintf("%04d-Q%d", d.Year, (d.Month-1)/3+1)
			if months == 12 {
				label = fmt.Sprintf("%04d", d.Year)
			}
		}
		out = append(out, Period{Label: label, From: t, To: end})
		t = end + 1
	}
	return out
}

// MeanOver is the mean of xs over a period's months (xs[t-1] is month t).
func (p Period) MeanOver(xs []float64) float64 {
	sum := 0.0
	for t := p.From; t <= p.To; t++ {
		sum += xs[t-1]
	}
	return sum / float64(p.To-p.From+1)
}
