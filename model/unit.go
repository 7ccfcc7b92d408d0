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

// Unit is measure.Unit under the name it had here. It, the constants below
// and UnitOf remain only for cmd/harvest/validate.go and plan's
// formatInput, which switch on them, until those move onto measure (another
// branch does that); they guess nothing: UnitOf is KeyUnit.
type Unit = measure.Unit

// The old names of the units callers switch on; Percent is now Share.
const (
	Number  = measure.Number
	Money   = measure.Money
	Percent = measure.Share
	Months  = measure.Months
)

// UnitOf is KeyUnit; v is not needed any more.
func UnitOf(key string, v Value) Unit { return KeyUnit(key) }
