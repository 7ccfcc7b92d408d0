package plots

import (
	"strings"

	"github.com/harvest-planning/harvest/measure"
)

// inputUnit is the unit of the uncertain input at key, for the report's
// table of fitted distributions and the tornado's labels: as
// plan.InputUnit reads it from model.UnitOf, by the key alone.
// replaced by the model's key table at merge
func inputUnit(key string) measure.Unit {
	switch {
	case strings.Contains(key, ".conversion."):
		return measure.Share
	case strings.HasPrefix(key, "funnel.months."):
		return measure.Months
	}
	switch key[strings.LastIndex(key, ".")+1:] {
	case "unit_cost", "value", "onboarding_cost", "half_saturation":
		return measure.Money
	case "churn", "repeat", "follow_up", "queue_decay", "gross_margin", "carryover", "expansion":
		return measure.Share
	}
	return measure.Number
}
