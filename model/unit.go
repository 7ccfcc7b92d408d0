package model

import (
	"strings"

	"github.com/harvest-planning/harvest/measure"
)

// KeyUnit returns how the numbers of the key at path read, from the key's
// declaration: "channels.paid_search.unit_cost" is money,
// "funnel.conversion.mql" a share, "funnel.months.sql" months,
// "targets.cac" the metric's unit. An unknown path reads as a plain number.
func KeyUnit(path string) measure.Unit {
	k := lookupKey(path)
	switch {
	case k == nil:
		return measure.Number
	case k.unit == metricUnit:
		return measure.Of(path[strings.LastIndex(path, ".")+1:]).Unit
	}
	return k.unit.of
}
