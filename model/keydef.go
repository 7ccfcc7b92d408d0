package model

import (
	"math"
	"strings"

	"github.com/harvest-planning/harvest/measure"
)

// keyDef declares one scenario key: its row of DESIGN.md's "Every key"
// table and of the README's reference, what it allows, and the field it
// fills. The table (keys, in keys.go) is the one place a key is declared:
// the schema, the decoder's per-key reading, Validate's per-field checks,
// the list of values (Values, AllValues, SetValue), sim's slots, KeyUnit
// and the README's table all derive from it.
type keyDef struct {
	// path is the key's path. NAME, STAGE, MONTH and METRIC stand for
	// names the user chooses: "channels.NAME.conversion.STAGE".
	path string
	doc  string // what it means, in one line (the README's "meaning")
	unit unit
	// dflt is the default as the README shows it; empty when it follows
	// from required, def or the first word.
	dflt string
	// allowed is what the README says the key allows; empty when it
	// follows from spec or words.
	allowed string

	kind  keyKind
	spec  spec     // a number's domain, bounds and words for messages
	words []string // a word key's words; the first is the default
	// def is a number's or a value's default when the file leaves the key
	// out (a flag's: 1 for true, 0 for false); none when it has none (a
	// required key, or one whose absence means something: max_per_month,
	// a channel's own conversion).
	def      float64
	required bool   // must be given wherever it applies
	missing  string // what to say when a required key is missing, after "is missing: "
	// shapes are the channel shapes a channels.NAME key applies to; zero:
	// every shape. Given for a shape it does not apply to, a key is refused.
	shapes shapes
	// when says whether the key applies at a site beyond shapes (a stage
	// that has a conversion, a channel with saturation); nil: always.
	when func(at site) bool

	// Where the key's value lives: one of these is set, the one its kind
	// reads into. Keys read by hand (the stage list, the handoff, hires,
	// the split, targets, variants) have none.
	value    func(at site) *Value
	number   func(at site) *float64
	schedule func(at site) *Schedule
	month    func(at site) *Month
	list     func(at site) *[]float64 // a season's 12 multipliers
	flag     func(at site) *bool
	whole    func(at site) *int // whole numbers and stages (an index)
	text     func(at site) *string
	word     func(at site, i int) // sets the i-th word
	// store writes a value held in a map back (value then returns a copy).
	store func(at site, v Value)
	// given, for an optional key without a default, is the flag the
	// decoder sets when the file gives the key (HasAudience); its when
	// reads it.
	given func(at site) *bool

	// Set from path when the table is built.
	parts      []string
	leaf       string // the last part: the key within its section
	section    string // the first part of a sectioned key: "channels", "sales"; "" at the top
	perChannel bool   // channels.NAME.…: one instance per channel
	perStage   bool   // ….STAGE: one instance per stage
	direct     bool   // a key of its section itself, not inside one of its maps (conversion.STAGE, hires.MONTH)
}

// keyKind is how a key is written and read.
type keyKind int

const (
	textKey     keyKind = iota // a line of text
	wordKey                    // one of a few words
	stageKey                   // a stage's name
	stagesKey                  // the list of stages
	numberKey                  // a decision: a number the planner chooses
	scheduleKey                // a decision that may change month by month: a number or a map of steps
	wholeKey                   // a decision that is a whole number
	valueKey                   // what the world decides: a number or a distribution
	targetKey                  // a number, {min: X} or {max: X}
	variantKey                 // a set of overrides in --set form
	monthKey                   // a calendar month, YYYY-MM
	seasonKey                  // 12 multipliers, January … December
	flagKey                    // true or false
)

// none marks a key without a default.
var none = math.NaN()

// hasDefault reports whether a key that is left out takes def.
func (k *keyDef) hasDefault() bool { return !k.required && !math.IsNaN(k.def) }

// defaultValue is a value key's default.
func (k *keyDef) defaultValue() Value { return fixedIn(k.def, k.spec.domain) }

// shapes is a set of channel shapes, by Response.
type shapes uint8

func shapesOf(rs ...Response) shapes {
	var sh shapes
	for _, r := range rs {
		sh |= 1 << r
	}
	return sh
}

// spending are the shapes of channels whose people come from spend.
var spending = shapesOf(Linear, Saturating, Hill)

func (sh shapes) has(r Response) bool { return sh == 0 || sh&(1<<r) != 0 }

// site is where one instance of a key lives: the scenario, and the channel
// and stage its NAME and STAGE stand for.
type site struct {
	s       *Scenario
	ch      *Channel // the channel of a channels.NAME key
	channel int      // its index in s.Channels; -1 when there is none
	stage   int      // the stage STAGE stands for; -1 when there is none
}

// siteOf is the site of a scenario's keys outside channels and stages.
func siteOf(s *Scenario) site { return site{s: s, channel: -1, stage: -1} }

// applies reports whether the key has a meaning at this site: the channel's
// shape, and the key's own condition.
func (k *keyDef) applies(at site) bool {
	if k.perChannel && !k.shapes.has(at.ch.Response) {
		return false
	}
	return k.when == nil || k.when(at)
}

// pathAt is the key's path at a site, its NAME and STAGE filled in.
func (k *keyDef) pathAt(at site) string {
	if !k.perChannel && !k.perStage {
		return k.path
	}
	parts := make([]string, len(k.parts))
	for i, p := range k.parts {
		switch {
		case p == "NAME" && k.perChannel:
			p = at.ch.Name
		case p == "STAGE" && at.stage >= 0:
			p = at.s.Funnel.Stages[at.stage]
		}
		parts[i] = p
	}
	return strings.Join(parts, ".")
}

// placeholder reports whether a part of a key's path stands for a name the
// user chooses.
func placeholder(part string) bool {
	return part == "NAME" || part == "STAGE" || part == "MONTH" || part == "METRIC"
}

// table fills in what each key's path implies.
func table(groups ...[]keyDef) []keyDef {
	var out []keyDef
	for _, g := range groups {
		for _, k := range g {
			k.parts = strings.Split(k.path, ".")
			k.leaf = k.parts[len(k.parts)-1]
			if len(k.parts) > 1 {
				k.section = k.parts[0]
			}
			k.perChannel = len(k.parts) > 2 && k.parts[0] == "channels" && k.parts[1] == "NAME"
			k.perStage = k.leaf == "STAGE"
			k.direct = len(k.parts) == 1 || len(k.parts) == 2 && k.parts[0] != "channels" || k.perChannel && len(k.parts) == 3
			out = append(out, k)
		}
	}
	return out
}

// keyOf returns the key declared at path; the decoder's hand-written rules
// take their keys' specs from it. It panics on a path the table does not
// have: a mistake in this package, caught by any test.
func keyOf(path string) *keyDef {
	for i := range keys {
		if keys[i].path == path {
			return &keys[i]
		}
	}
	panic("model: no key " + path)
}

// lookupKey returns the key a concrete path is an instance of
// ("channels.paid_search.unit_cost" → channels.NAME.unit_cost), or nil.
func lookupKey(path string) *keyDef {
	parts := strings.Split(path, ".")
	for i := range keys {
		k := &keys[i]
		if len(k.parts) != len(parts) {
			continue
		}
		match := true
		for j, p := range k.parts {
			if parts[j] != p && !(placeholder(p) && parts[j] != "") {
				match = false
				break
			}
		}
		if match {
			return k
		}
	}
	return nil
}

// visit calls f for every instance of every key that has a field, in the
// table's order, a channel's keys together for each channel in turn and a
// STAGE key once per stage: the order of Values. Sections the scenario does
// not have (sales, budget) are skipped.
func (s *Scenario) visit(f func(k *keyDef, at site)) {
	stages := func(k *keyDef, at site) {
		if !k.perStage {
			f(k, at)
			return
		}
		for st := range s.Funnel.Stages {
			at.stage = st
			f(k, at)
		}
	}
	for i := 0; i < len(keys); {
		k := &keys[i]
		if !k.perChannel {
			if k.bound() && s.has(k.section) {
				stages(k, siteOf(s))
			}
			i++
			continue
		}
		j := i
		for j < len(keys) && keys[j].perChannel {
			j++
		}
		for c := range s.Channels {
			at := site{s: s, ch: &s.Channels[c], channel: c, stage: -1}
			for n := i; n < j; n++ {
				if keys[n].bound() {
					stages(&keys[n], at)
				}
			}
		}
		i = j
	}
}

// has reports whether the scenario has a section: those that may be
// left out (sales, budget, market, company) are nil then.
func (s *Scenario) has(section string) bool {
	switch section {
	case "sales":
		return s.Sales != nil
	case "budget":
		return s.Budget != nil
	case "market":
		return s.Market != nil
	case "company":
		return s.Company != nil
	}
	return true
}

// bound reports whether the key has a field to visit.
func (k *keyDef) bound() bool {
	return k.value != nil || k.number != nil || k.schedule != nil || k.whole != nil || k.text != nil ||
		k.month != nil || k.list != nil || k.flag != nil
}

// unit is how a key's numbers read: measure's unit prints them, and text
// is the README's word for them ("$/month", "people/month").
type unit struct {
	of   measure.Unit
	text string
}

// The units keys are declared with.
var (
	noUnit          = unit{measure.Number, "—"}
	textUnit        = unit{measure.Number, "text"}
	namesUnit       = unit{measure.Number, "names"}
	stageUnit       = unit{measure.Number, "a stage"}
	dollarUnit      = unit{measure.Money, "$"}
	perMonthUnit    = unit{measure.Money, "$/month"}
	probUnit        = unit{measure.Share, "probability"}
	shareUnit       = unit{measure.Share, "share"}
	perYearUnit     = unit{measure.Share, "share/year"}
	monthsUnit      = unit{measure.Months, "months"}
	daysUnit        = unit{measure.Number, "days"}
	peopleUnit      = unit{measure.Count, "people"}
	peopleMonthUnit = unit{measure.Count, "people/month"}
	repsUnit        = unit{measure.Count, "reps"}
	customersUnit   = unit{measure.Count, "customers"}
	multipliersUnit = unit{measure.Number, "12 multipliers"}
	monthUnit       = unit{measure.Number, "YYYY-MM"}
	// metricUnit is a target's: the unit of the metric it names.
	metricUnit = unit{measure.Number, "the metric's"}
)
