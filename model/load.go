package model

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/harvest-planning/harvest/measure"
	"github.com/spf13/viper"
)

// Load reads the scenario file name from fsys (YAML, TOML or JSON by its
// extension; ReadFile says what it refuses before reading), applies
// overrides in --set form ("key=value", in order), and validates it. A
// problem with the file is an *Error listing the problems; a file that
// cannot be read is returned wrapped, for errors.Is.
func Load(fsys fs.FS, name string, overrides []string) (*Scenario, error) {
	data, err := ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data, overrides)
}

// Parse is Load for a file's contents already in memory; name gives the
// format (by extension: .yaml, .yml, .toml, .json) and the file name used in
// messages.
//
// Overrides are "key=value" strings whose value is read as YAML, so
// "sales.reps=4", "customers.churn={low: 0.01, high: 0.03}" and
// "sales.hires={3: 1}" all work. They are applied to the file's keys before
// validation; a key the schema does not have is an error, a key the schema
// has but the file does not (sales.hires.3) is added.
func Parse(name string, data []byte, overrides []string) (*Scenario, error) {
	d := newDecoder(name)
	raw, ok := d.read(data)
	if !ok {
		return nil, d.err()
	}
	for _, o := range overrides {
		d.override(raw, o)
	}
	s := d.decode(raw)
	d.variants(raw, s)
	if len(d.problems) > 0 {
		return nil, d.err()
	}
	s.File = name
	s.Source = bytes.Clone(data)
	if s.Name == "" {
		base := path.Base(name)
		s.Name = strings.TrimSuffix(base, path.Ext(base))
	}
	return s, nil
}

// decoder reads one scenario, collecting every problem it finds.
type decoder struct {
	file     string
	s        *Scenario // the scenario being decoded: its horizon and calendar key months
	started  bool      // the file gives calendar.start (refused or not)
	problems []Problem // the first maxProblems
	more     int       // problems found beyond those
	stages   *stages   // the funnel's, once read
	ranges   *ranges   // the distributions read, shared with the variants' decoders
}

// ranges are the different distributions a file writes, to keep their
// number (and the work of fitting them) within maxRanges.
type ranges struct {
	seen map[parsedKey]bool
	over bool // reported
}

func newDecoder(file string) *decoder {
	return &decoder{file: file, ranges: &ranges{seen: map[parsedKey]bool{}}}
}

func (d *decoder) add(key string, raw any, reason string) {
	if len(d.problems) >= maxProblems {
		d.more++
		return
	}
	val := ""
	if raw != nil {
		val = echoFlow(raw)
	}
	d.problems = append(d.problems, Problem{File: d.file, Key: key, Value: val, Reason: reason})
}

// addf is add with the reason made only when the problem is listed: a file
// of a million unknown keys lists 50, and looking for the nearest known
// key of each of the rest would take seconds.
func (d *decoder) addf(key string, raw any, reason func() string) {
	if len(d.problems) >= maxProblems {
		d.more++
		return
	}
	d.add(key, raw, reason())
}

// addSet reports a problem with an override, showing it as typed.
func (d *decoder) addSet(o, reason string) {
	if len(d.problems) >= maxProblems {
		d.more++
		return
	}
	d.problems = append(d.problems, Problem{File: d.file, Key: "--set", Value: o, Reason: reason})
}

// failed reports whether any problem was found.
func (d *decoder) failed() bool { return len(d.problems) > 0 || d.more > 0 }

func (d *decoder) err() error {
	return &Error{File: d.file, Problems: d.problems, More: d.more}
}

// read reads the file's text into settings: parsed exactly (document.go),
// checked against the schema (exact), then read by viper.
func (d *decoder) read(data []byte) (map[string]any, bool) {
	typ, ok := formatOf(d.file)
	if !ok {
		d.add("", nil, unknownFormat(d.file))
		return nil, false
	}
	if len(data) > MaxFileSize {
		d.add("", nil, tooLarge)
		return nil, false
	}
	doc, fatal := readDocument(typ, data, d.twice)
	if fatal != "" {
		d.add("", nil, fatal)
		return nil, false
	}
	d.exact(doc, schema, "")
	return settings(doc), true
}

// twice reports a key given twice in one map.
func (d *decoder) twice(path string) {
	d.add(path, nil, "is given twice in one map: give each key once")
}

// settings reads a document's settings with a fresh viper, which sees
// only exact, known keys (see exact).
func settings(doc map[string]any) map[string]any {
	v := viper.New()
	if err := v.MergeConfigMap(doc); err != nil {
		panic("model: viper refused settings: " + err.Error()) // it returns no error today
	}
	return unwrap(v.AllSettings()).(map[string]any)
}

// override applies one "key=value" to the raw settings.
func (d *decoder) override(raw map[string]any, o string) {
	key, val, ok := strings.Cut(o, "=")
	// A key typed on the command line is read case-insensitively, as
	// the command line's own settings are; there is one, so nothing to
	// collide with.
	key = strings.ToLower(strings.TrimSpace(key))
	if !ok || key == "" {
		d.addSet(o, "is not key=value: write e.g. --set sales.reps=4 or --set 'customers.churn={low: 0.01, high: 0.03}'")
		return
	}
	p := strings.Split(key, ".")
	for _, s := range p {
		if s == "" {
			d.addSet(o, "has an empty part in its key: keys are dot-separated names, e.g. channels.paid_search.spend")
			return
		}
	}
	n, ok := schema.lookup(p)
	if !ok {
		d.add(key, nil, "is not a key harvest knows (from --set "+echoText(o)+")"+schema.suggest(p))
		return
	}
	doc, fatal := readDocument("yaml", []byte("v: "+val), func(path string) {
		d.addSet(o, "gives "+strings.TrimPrefix(path, "v.")+" twice in its value: give each key once")
	})
	if fatal != "" {
		d.addSet(o, "has a value that is not valid YAML ("+strings.TrimPrefix(fatal, "is not valid YAML: ")+"): write e.g. 15000, 0.3 or '{low: 0.2, high: 0.4}'")
		return
	}
	v := doc["v"]
	if v == nil {
		d.addSet(o, "has no value: "+setHint(key))
		return
	}
	if vm, isMap := v.(map[string]any); isMap && n != nil {
		switch n.kind {
		case anyNode:
			v = d.variant(vm, key)
		case leafNode:
		default:
			d.exact(vm, n, key)
		}
	}
	cur := raw
	for i, s := range p[:len(p)-1] {
		next, ok := cur[s]
		if !ok {
			nm := map[string]any{}
			cur[s] = nm
			cur = nm
			continue
		}
		nm, ok := next.(map[string]any)
		if !ok {
			prefix := strings.Join(p[:i+1], ".")
			d.addSet(o, fmt.Sprintf("sets a key inside %s, which is %s and not a map: set %s itself, e.g. --set '%s={low: 0.2, high: 0.4}'",
				prefix, echoFlow(next), prefix, prefix))
			return
		}
		cur = nm
	}
	cur[p[len(p)-1]] = v
}

// setHint says what a key given with --set takes, with an example.
func setHint(key string) string {
	k := lookupKey(key)
	if k == nil {
		return "give a value after =, e.g. --set 'sales.hires={3: 1}' or --set customers.churn=0.02"
	}
	switch k.kind {
	case numberKey, wholeKey, valueKey:
		ex := k.spec.example
		if i := strings.Index(ex, " or "); i >= 0 {
			ex = ex[:i]
		}
		if i := strings.Index(ex, " ("); i >= 0 {
			ex = ex[:i]
		}
		return key + " takes " + k.spec.what + ", e.g. --set " + key + "=" + ex
	case scheduleKey:
		return key + " takes " + k.spec.what + ", or steps by month, e.g. --set " + key + "=" + k.spec.example + " or --set '" + key + "=" + stepsExample(k.spec) + "'"
	case monthKey:
		return key + " takes " + k.spec.what + ", e.g. --set " + key + "=" + k.spec.example
	case seasonKey:
		return key + " takes 12 multipliers, January … December, e.g. --set '" + key + "=" + seasonExample + "'"
	case flagKey:
		return key + " takes true or false, e.g. --set " + key + "=false"
	case wordKey:
		return key + " takes one of " + strings.Join(k.words, ", ") + ", e.g. --set " + key + "=" + k.words[0]
	case textKey:
		return key + " takes a line of text, e.g. --set '" + key + "=My plan'"
	case stageKey:
		return key + " takes a stage's name, e.g. --set " + key + "=lead"
	case targetKey:
		return key + " takes a number or {min: X} or {max: X}, e.g. --set " + key + "=1200000"
	}
	return "give a value after =, e.g. --set " + key + "=3"
}

// The keys read by hand, for their specs and words.
var (
	funnelConversion  = keyOf("funnel.conversion.STAGE")
	funnelMonths      = keyOf("funnel.months.STAGE")
	channelResponse   = keyOf("channels.NAME.response")
	channelConversion = keyOf("channels.NAME.conversion.STAGE")
	budgetShare       = keyOf("budget.split.NAME")
	salesHire         = keyOf("sales.hires.MONTH")
)

// fields reads the keys of one section that the table binds to a field: m
// is the section as written, and at is where its fields live. A key given
// for a channel shape it does not apply to is refused; a key left out takes
// its default, or is reported missing when it is required. Keys without a
// field, and a section's STAGE and MONTH keys, are read by hand.
func (d *decoder) fields(m map[string]any, at site, section string, perChannel bool) {
	for i := range keys {
		k := &keys[i]
		if k.section != section || k.perChannel != perChannel || !k.direct {
			continue
		}
		raw, given := m[k.leaf]
		given = given && raw != nil
		path := k.pathAt(at)
		switch {
		case given && k.perChannel && !k.shapes.has(at.ch.Response):
			d.add(path, raw, notFor(at.ch.Response, k))
		case given:
			k.setDefault(at) // kept when the value is refused, so that later rules see a sane one
			if k.given != nil {
				*k.given(at) = true
			}
			d.readKey(k, path, raw, at)
		case k.required && k.applies(at):
			d.add(path, nil, "is missing: "+k.missing)
		default:
			k.setDefault(at)
		}
	}
}

// readKey reads one key into its field.
func (d *decoder) readKey(k *keyDef, path string, raw any, at site) {
	switch {
	case k.value != nil:
		if v, ok := d.value(path, raw, k); ok {
			*k.value(at) = v
		}
	case k.number != nil:
		if x, ok := d.decision(path, raw, k.spec); ok {
			*k.number(at) = x
		}
	case k.schedule != nil:
		if sc, ok := d.schedule(path, raw, k.spec); ok {
			*k.schedule(at) = sc
		}
	case k.month != nil:
		if m, ok := d.calendarMonth(path, raw, k.spec); ok {
			*k.month(at) = m
		}
	case k.list != nil:
		if l, ok := d.season(path, raw, k.spec); ok {
			*k.list(at) = l
		}
	case k.flag != nil:
		if b, ok := d.flag(path, raw); ok {
			*k.flag(at) = b
		}
	case k.whole != nil && k.kind == stageKey:
		*k.whole(at) = d.stages.find(d, path, raw, k.leaf)
	case k.whole != nil:
		if x, ok := d.whole(path, raw, k.spec); ok {
			*k.whole(at) = x
		}
	case k.text != nil:
		*k.text(at) = d.text(path, raw, k.spec)
	case k.word != nil:
		k.word(at, indexOf(k.words, d.word(path, raw, k.words...)))
	}
}

// setDefault gives a key left out its default.
func (k *keyDef) setDefault(at site) {
	if !k.hasDefault() {
		return
	}
	switch {
	case k.value != nil:
		*k.value(at) = k.defaultValue()
	case k.number != nil:
		*k.number(at) = k.def
	case k.schedule != nil:
		*k.schedule(at) = Constant(k.def)
	case k.flag != nil:
		*k.flag(at) = k.def != 0
	case k.whole != nil:
		*k.whole(at) = int(k.def)
	}
}

// notFor is why a channel key is refused for a channel of shape r: the
// rule that headcount and spend channels, and hill and the other spend
// responses, take different keys.
func notFor(r Response, k *keyDef) string {
	switch {
	case r == Headcount:
		return "is not used by a headcount channel, whose spend is headcount × cost_per_head and whose people are headcount × output_per_head: remove it"
	case k.shapes == shapesOf(Headcount):
		return "only applies to a headcount channel: give headcount too, or remove it"
	case r == Hill:
		return "is not used by a hill channel (people = max_per_month × spend^shape / (spend^shape + half_saturation^shape)): remove it, or drop response: hill"
	case k.shapes == shapesOf(Hill):
		return "only applies to response: hill: add response: hill, or remove it"
	}
	return "does not apply to a " + r.String() + " channel: remove it"
}

// decision reads a number the planner decides.
func (d *decoder) decision(key string, raw any, s spec) (float64, bool) {
	switch raw.(type) {
	case map[string]any:
		d.add(key, raw, "is a decision: give a number (the planner decides it), not a distribution, e.g. "+s.example)
		return 0, false
	}
	x, ok := number(raw)
	if !ok {
		d.add(key, raw, "is not a number: write "+s.what+", e.g. "+s.example)
		return 0, false
	}
	if !s.contains(x) {
		d.add(key, raw, s.outside(x))
		return 0, false
	}
	return x, true
}

// whole reads a decision that must be a whole number.
func (d *decoder) whole(key string, raw any, s spec) (int, bool) {
	x, ok := d.decision(key, raw, s)
	if !ok {
		return 0, false
	}
	if x != math.Trunc(x) {
		d.add(key, raw, "is not a whole number: write "+s.what+", e.g. "+s.example)
		return 0, false
	}
	return int(x), true
}

// value reads an uncertain value of the key k, at path.
func (d *decoder) value(path string, raw any, k *keyDef) (Value, bool) {
	if _, ok := raw.(map[string]any); ok {
		r := d.ranges
		key := parsedKey{flow(raw), k.spec}
		if !r.seen[key] {
			if len(r.seen) >= maxRanges {
				if !r.over {
					r.over = true
					d.add(path, nil, fmt.Sprintf("is an uncertain value past the %dth: a scenario, its variants included, has at most %d different ones (a large one has a few dozen); give the others as numbers", maxRanges, maxRanges))
				}
				return Value{}, false
			}
			r.seen[key] = true
		}
	}
	v, why := parseValueCached(raw, k.spec)
	if why != "" {
		d.add(path, raw, why)
		return Value{}, false
	}
	return v, true
}

func fixedIn(x float64, dom Domain) Value { return Value{Family: Fixed, Domain: dom, X: x} }

// section returns m[key] as a map, nil when absent or not a map.
func (d *decoder) section(m map[string]any, key, path, example string) map[string]any {
	raw, ok := m[key]
	if !ok {
		return nil
	}
	sm, ok := raw.(map[string]any)
	if !ok {
		d.add(join(path, key), raw, "is not a section: write its keys under it, e.g. "+example)
		return nil
	}
	return sm
}

// text reads a name or description: one line of printable text, at most
// s.hi characters, for it is printed in headers and reports.
func (d *decoder) text(key string, raw any, s spec) string {
	switch raw.(type) {
	case map[string]any, []any:
		d.add(key, raw, "is not text: write "+s.what+", e.g. "+s.example)
		return ""
	}
	t, ok := raw.(string)
	if !ok {
		t = flow(raw)
	}
	if why := checkText(t, s); why != "" {
		d.add(key, raw, why)
		return ""
	}
	return t
}

// checkText says why a name or description is refused, or "".
func checkText(t string, s spec) string {
	if !printable(t) {
		return "has a control character (a line break, ESC, BEL, NUL, a bidirectional control…) or is not UTF-8: write " + s.what + ", e.g. " + s.example
	}
	if n := utf8.RuneCountInString(t); float64(n) > s.hi {
		return fmt.Sprintf("is %s characters long: write %s, e.g. %s", grouped(n), s.what, s.example)
	}
	return ""
}

// word reads one of a fixed set of words.
func (d *decoder) word(key string, raw any, allowed ...string) string {
	s, _ := raw.(string)
	s = strings.ToLower(s)
	if indexOf(allowed, s) < 0 {
		d.add(key, raw, "is not one of "+strings.Join(allowed, ", "))
		return allowed[0]
	}
	return s
}

// validName reports whether s is a stage, channel or variant name:
// lower-case letters, digits and underscores, at most maxName of them.
func validName(s string) bool {
	if s == "" || len(s) > maxName {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// maxName bounds a name's length: it heads a column.
const maxName = 64

const nameRule = "use lower-case letters, digits and underscores, at most 64, e.g. paid_search"

// stages is the funnel's stage list while decoding.
type stages struct {
	names []string
	index map[string]int
	ok    bool // the list is valid; when not, stage checks are skipped
}

// find returns the index of the stage named by raw, reporting a problem
// at key when there is none. A role ending in "key" means raw is the key
// itself (funnel.conversion.NAME), not a value to show.
func (st *stages) find(d *decoder, key string, raw any, role string) int {
	name, _ := raw.(string)
	shown := raw
	if strings.HasSuffix(role, "key") {
		shown = nil
	}
	if !st.ok {
		return -1
	}
	if i, ok := st.index[name]; ok {
		return i
	}
	r := "is not a stage of the funnel"
	if n := nearest(name, st.names); n != "" {
		r += ": did you mean " + n + "?"
	}
	d.add(key, shown, r+" ("+role+" must be one of "+strings.Join(st.names, ", ")+")")
	return -1
}

func (d *decoder) decode(raw map[string]any) *Scenario {
	s := &Scenario{}
	d.s = s
	d.fields(raw, siteOf(s), "", false)
	d.calendar(raw, s)
	handoff := d.funnel(raw, s)
	d.market(raw, s)
	split := d.channels(raw, s)
	d.budget(raw, s, split)
	d.sales(raw, s, handoff)
	d.customers(raw, s)
	d.company(raw, s)
	d.targets(raw, s)
	return s
}

// funnel reads funnel.stages (into d.stages), conversion and months, and
// returns the handoff's index (-1 when absent).
func (d *decoder) funnel(raw map[string]any, s *Scenario) int {
	st := &stages{index: map[string]int{}}
	d.stages = st
	s.Funnel.Handoff = -1
	f := d.section(raw, "funnel", "", "funnel: {stages: [visit, lead, customer], conversion: {lead: 0.02, customer: 0.1}}")
	if f == nil {
		if _, ok := raw["funnel"]; !ok {
			d.add("funnel", nil, "is missing: describe the journey, e.g. funnel: {stages: [visit, lead, customer], conversion: {lead: 0.02, customer: 0.1}}")
		}
		return -1
	}
	st.ok = d.stageList(f, st)
	k := len(st.names)
	s.Funnel.Stages = st.names
	s.Funnel.Conversion = make([]Value, k)
	s.Funnel.Months = make([]Value, k)
	for i := range k {
		s.Funnel.Conversion[i] = fixedIn(1, Probability) // the first stage's: unused
		s.Funnel.Months[i] = funnelMonths.defaultValue()
	}
	conv := d.section(f, "conversion", "funnel", "conversion: {lead: 0.02, customer: {low: 0.1, high: 0.2}}")
	for _, name := range sortedKeys(conv) {
		key := "funnel.conversion." + name
		v, _ := d.value(key, conv[name], funnelConversion)
		i := st.find(d, key, name, "a conversion's key")
		if i == 0 {
			d.add(key, nil, "is the first stage, which people enter rather than reach: give conversions for the stages after it ("+strings.Join(st.names[1:], ", ")+")")
		}
		if i > 0 {
			s.Funnel.Conversion[i] = v
		}
	}
	if st.ok {
		for i := 1; i < k; i++ {
			if _, ok := conv[st.names[i]]; !ok {
				d.add("funnel.conversion."+st.names[i], nil, fmt.Sprintf("is missing: give the probability of reaching %s from %s, e.g. %s: 0.3 or {low: 0.2, high: 0.4}",
					st.names[i], st.names[i-1], st.names[i]))
			}
		}
	}
	months := d.section(f, "months", "funnel", "months: {opportunity: 2}")
	for _, name := range sortedKeys(months) {
		key := "funnel.months." + name
		v, _ := d.value(key, months[name], funnelMonths)
		i := st.find(d, key, name, "a months key")
		if i == k-1 && i >= 0 {
			d.add(key, nil, "is the last stage (the won customer), which has no wait: give months for the stages before it")
			continue
		}
		if i >= 0 {
			s.Funnel.Months[i] = v
		}
	}
	handoff := -1
	if raw, ok := f["handoff"]; ok {
		i := st.find(d, "funnel.handoff", raw, "the handoff")
		if i >= 0 && i == k-1 {
			d.add("funnel.handoff", raw, "is the last stage (the won customer): the handoff is the first stage sales owns, a stage before the last, e.g. sql")
		} else {
			handoff = i
		}
	}
	return handoff
}

func (d *decoder) stageList(f map[string]any, st *stages) bool {
	raw, ok := f["stages"]
	if !ok {
		d.add("funnel.stages", nil, "is missing: list the journey's stages in order, at least 2, e.g. stages: [visit, lead, mql, customer]")
		return false
	}
	list, ok := raw.([]any)
	if !ok {
		d.add("funnel.stages", raw, "is not a list of stages: write e.g. stages: [visit, lead, mql, customer]")
		return false
	}
	good := true
	for i, e := range list {
		name, isString := e.(string)
		key := fmt.Sprintf("funnel.stages[%d]", i)
		switch {
		case !isString || !validName(name):
			d.add(key, e, "is not a stage name: "+strings.Replace(nameRule, "paid_search", "mql", 1))
			good = false
		case st.index[name] > 0 || len(st.names) > 0 && st.names[0] == name:
			d.add(key, e, "appears twice: each stage is named once")
			good = false
		default:
			st.index[name] = len(st.names)
			st.names = append(st.names, name)
		}
	}
	if len(list) > maxStages {
		d.add("funnel.stages", nil, fmt.Sprintf("has %d stages: a scenario has at most %d", len(list), maxStages))
		good = false
	}
	if good && len(list) < 2 {
		d.add("funnel.stages", raw, "has fewer than 2 stages: a funnel needs where people enter and the won customer, e.g. [lead, customer]")
		good = false
	}
	if !good {
		st.names = nil
		st.index = map[string]int{}
	}
	return good
}

// channels reads every channel, and returns the names of spend channels
// (those that are not headcount channels) and whether each gave its own spend.
func (d *decoder) channels(raw map[string]any, s *Scenario) map[string]bool {
	const example = "channels: {paid_search: {enters: visit, spend: 8000, unit_cost: 2.5}}"
	spenders := map[string]bool{}
	cs := d.section(raw, "channels", "", example)
	if cs == nil {
		if _, ok := raw["channels"]; !ok {
			d.add("channels", nil, "is missing: give at least one channel that brings people in, e.g. "+example)
		}
		return spenders
	}
	for _, name := range sortedKeys(cs) {
		key := "channels." + name
		if !validName(name) {
			d.add(key, nil, "is not a channel name: "+nameRule)
			continue
		}
		if name == SalesTeam {
			d.add(key, nil, "is reserved for the budget split's sales share: give the channel another name")
			continue
		}
		cm, ok := cs[name].(map[string]any)
		if !ok {
			d.add(key, cs[name], "is not a channel: give its keys, e.g. {enters: visit, spend: 8000, unit_cost: 2.5}")
			continue
		}
		ch := d.channel(key, name, cm)
		if ch.Response != Headcount {
			_, own := cm["spend"]
			spenders[name] = own
		}
		s.Channels = append(s.Channels, ch)
	}
	return spenders
}

// channel reads one channel: its shape by hand (headcount, response and
// max_per_month decide it), then every key the table binds to its fields,
// then the rules between keys.
func (d *decoder) channel(key, name string, cm map[string]any) Channel {
	ch := Channel{Name: name, Enters: -1}
	_, ch.HasMax = cm["max_per_month"]
	_, headcount := cm["headcount"]
	word := channelResponse.words[0]
	if raw, ok := cm["response"]; ok && !headcount {
		word = d.word(key+".response", raw, channelResponse.words...)
	}
	switch {
	case headcount:
		ch.Response = Headcount
	case word == "hill":
		ch.Response = Hill
	case ch.HasMax:
		ch.Response = Saturating
	}
	d.fields(cm, site{ch: &ch, channel: -1, stage: -1}, "channels", true)
	if season, ok := cm["seasonality"]; ok && !d.started {
		d.add(key+".seasonality", season, needsStart)
	}
	switch {
	case ch.Response == Headcount:
		ch.Spend = ch.Headcount.Scaled(ch.CostPerHead)
	case ch.Response == Hill && !ch.HasMax:
		d.add(key+".max_per_month", nil, "is missing: a hill channel needs the most people it can bring in a month, e.g. max_per_month: 20000")
	case word == "saturating" && !ch.HasMax:
		d.add(key+".max_per_month", nil, "is missing: a saturating channel needs the most people it can bring in a month, e.g. max_per_month: 12000")
	}
	d.channelConversion(key, cm, &ch)
	return ch
}

func (d *decoder) channelConversion(key string, cm map[string]any, ch *Channel) {
	st := d.stages
	conv := d.section(cm, "conversion", key, "conversion: {mql: 0.3}")
	for _, stage := range sortedKeys(conv) {
		k := key + ".conversion." + stage
		v, _ := d.value(k, conv[stage], channelConversion)
		i := st.find(d, k, stage, "a conversion's key")
		switch {
		case i < 0:
		case i == 0:
			d.add(k, nil, "is the first stage, which people enter rather than reach: override conversions of later stages only")
		case ch.Enters >= 0 && i <= ch.Enters:
			d.add(k, nil, fmt.Sprintf("is not after %s, where this channel's people enter: they never convert to it; remove it", st.names[ch.Enters]))
		default:
			if ch.Conversion == nil {
				ch.Conversion = map[int]Value{}
			}
			ch.Conversion[i] = v
		}
	}
}

// budget reads budget.monthly and budget.split and resolves spend.
// spenders maps each spend channel to whether it gave its own spend.
func (d *decoder) budget(raw map[string]any, s *Scenario, spenders map[string]bool) {
	const example = "budget: {monthly: 60000, split: {paid_search: 0.5, sales_team: 0.5}}"
	b := d.section(raw, "budget", "", example)
	if b == nil {
		for _, name := range sortedKeys(spenders) {
			if !spenders[name] {
				d.add("channels."+name+".spend", nil, "is missing: give the channel's monthly spend, e.g. spend: 8000, or a budget with a split ("+example+")")
			}
		}
		return
	}
	s.Budget = &Budget{Split: map[string]float64{}}
	d.fields(b, siteOf(s), "budget", false)
	split := d.section(b, "split", "budget", "split: {paid_search: 0.5, sales_team: 0.5}")
	if _, ok := b["split"]; !ok {
		d.add("budget.split", nil, "is missing: give each spend channel's share of the monthly budget, e.g. split: {paid_search: 0.5, sales_team: 0.5}")
	}
	if split == nil {
		return
	}
	sum, allShares := 0.0, true
	kinds := map[string]Response{}
	for _, ch := range s.Channels {
		kinds[ch.Name] = ch.Response
	}
	for _, name := range sortedKeys(split) {
		key := "budget.split." + name
		share, ok := d.decision(key, split[name], budgetShare.spec)
		if !ok {
			allShares = false
			continue
		}
		sum += share
		s.Budget.Split[name] = share
		if name == SalesTeam {
			continue
		}
		own, spends := spenders[name]
		switch {
		case spends && own:
			d.add("channels."+name+".spend", nil, "is given while budget.split also sets this channel's spend (monthly × share): use one or the other")
		case spends:
		case kinds[name] == Headcount && hasChannel(s, name):
			d.add(key, split[name], "is a headcount channel's share, but its spend is headcount × cost_per_head: leave it out of the split")
		default:
			r := "is not a channel: the split names spend channels (" + strings.Join(sortedKeys(spenders), ", ") + ") and sales_team"
			if n := nearest(name, sortedKeys(spenders)); n != "" {
				r = "is not a channel: did you mean " + n + "? The split names spend channels (" + strings.Join(sortedKeys(spenders), ", ") + ") and sales_team"
			}
			d.add(key, nil, r)
		}
	}
	for _, name := range sortedKeys(spenders) {
		if _, ok := split[name]; ok {
			continue
		}
		if spenders[name] {
			d.add("channels."+name+".spend", nil, "is given while budget.split sets every spend channel's spend: remove it and give "+name+" a share in budget.split")
		} else {
			d.add("budget.split."+name, nil, "is missing: the split names every spend channel (a share of 0 is allowed), e.g. "+name+": 0.2")
		}
	}
	if allShares && math.Abs(sum-1) > 1e-6 {
		d.add("budget.split", split, fmt.Sprintf("has shares adding up to %s: they must add up to 1, e.g. {paid_search: 0.6, sales_team: 0.4}", formatNumber(sum)))
	}
	for i := range s.Channels {
		if share, ok := s.Budget.Split[s.Channels[i].Name]; ok && s.Channels[i].Response != Headcount {
			s.Channels[i].Spend = s.Budget.Monthly.Scaled(share)
		}
	}
}

func hasChannel(s *Scenario, name string) bool {
	for _, ch := range s.Channels {
		if ch.Name == name {
			return true
		}
	}
	return false
}

func (d *decoder) sales(raw map[string]any, s *Scenario, handoff int) {
	sm := d.section(raw, "sales", "", "sales: {reps: 2, cost_per_rep: 12000, capacity_per_rep: 25}")
	share := 0.0
	if s.Budget != nil {
		share = s.Budget.Split[SalesTeam]
	}
	if sm == nil {
		if _, ok := raw["sales"]; !ok && s.Budget != nil {
			if _, ok := s.Budget.Split[SalesTeam]; ok {
				d.add("budget.split.sales_team", share, "is set but the scenario has no sales section: add sales (capacity_per_rep, cost_per_rep) or remove sales_team")
			}
		}
		return
	}
	sales := &Sales{}
	s.Sales = sales
	d.fields(sm, siteOf(s), "sales", false)
	hires := d.section(sm, "hires", "sales", "hires: {4: 1, 8: 1}")
	firstKey := map[int]string{} // each month's key as written
	for _, k := range sortedKeys(hires) {
		key := "sales.hires." + k
		month, why := d.monthOf(k, "hires", "hires: {4: 1}")
		if why != "" {
			d.add(key, nil, why)
			continue
		}
		if first, twice := firstKey[month]; twice {
			d.add(key, nil, fmt.Sprintf("is month %d again, also given as %s: give each month's hires once", month, first))
			continue
		}
		firstKey[month] = k
		reps, ok := d.decision(key, hires[k], salesHire.spec)
		if ok {
			sales.Hires = append(sales.Hires, Hire{Month: month, Reps: reps})
		}
	}
	sortHires(sales.Hires)
	if share > 0 {
		if sales.CostPerRep > 0 {
			d.bought(s, share)
		} else if _, given := sm["cost_per_rep"]; !given || sales.CostPerRep == 0 {
			d.add("sales.cost_per_rep", sm["cost_per_rep"], "is missing or 0, so the split's sales_team share cannot buy reps: give a rep's monthly loaded cost, e.g. cost_per_rep: 12000")
		}
	}
	if handoff >= 0 {
		s.Funnel.Handoff = handoff
	} else if _, ok := funnelKey(raw, "handoff"); !ok && d.stages.ok {
		d.add("funnel.handoff", nil, "is missing: with a sales section, name the first stage sales owns, e.g. handoff: "+d.stages.names[len(d.stages.names)/2])
	}
}

// bought adds the reps the split's sales_team share buys month by month:
// share × budget.monthly ÷ cost_per_rep. Month 1's work from the start
// (Sales.Reps); each rise of the budget adds a hire in its month (Hires,
// added to the file's hire of that month) and each fall a cut (Cuts).
func (d *decoder) bought(s *Scenario, share float64) {
	sales := s.Sales
	reps := keyOf("sales.reps").spec
	own, prev := sales.Reps, 0.0
	for i, st := range s.Budget.Monthly {
		r := share * st.Value / sales.CostPerRep
		if !reps.contains(own + r) {
			when := ""
			if i > 0 {
				when = fmt.Sprintf(" in month %d", st.Month)
			}
			d.add("budget.split.sales_team", share, fmt.Sprintf("buys %s reps%s (share × budget.monthly ÷ sales.cost_per_rep: %s × %s ÷ %s), which with sales.reps makes more than %s, the most reps a scenario has: check cost_per_rep",
				formatNumber(r), when, formatNumber(share), formatNumber(st.Value), formatNumber(sales.CostPerRep), bound(reps.hi)))
			return
		}
		switch {
		case i == 0:
			sales.Reps += r
		case r > prev:
			sales.Hires = addHire(sales.Hires, Hire{Month: st.Month, Reps: r - prev})
		case r < prev:
			sales.Cuts = append(sales.Cuts, Hire{Month: st.Month, Reps: prev - r})
		}
		prev = r
	}
	for _, h := range sales.Hires {
		if !salesHire.spec.contains(h.Reps) {
			d.add(fmt.Sprintf("sales.hires.%d", h.Month), h.Reps, "is the month's hires with those budget.monthly buys in it, which "+salesHire.spec.outside(h.Reps))
		}
	}
}

// addHire adds h to hires (sorted by month): to the hire of its month, or
// as a new one in its place.
func addHire(hires []Hire, h Hire) []Hire {
	for i := range hires {
		if hires[i].Month == h.Month {
			hires[i].Reps += h.Reps
			return hires
		}
	}
	hires = append(hires, h)
	sortHires(hires)
	return hires
}

func funnelKey(raw map[string]any, k string) (any, bool) {
	f, _ := raw["funnel"].(map[string]any)
	v, ok := f[k]
	return v, ok
}

func sortHires(h []Hire) {
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && h[j].Month < h[j-1].Month; j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}

func (d *decoder) customers(raw map[string]any, s *Scenario) {
	const example = "customers: {value: 500, churn: 0.02}"
	cm := d.section(raw, "customers", "", example)
	if cm == nil {
		if _, ok := raw["customers"]; !ok {
			d.add("customers", nil, "is missing: say what a customer is worth, e.g. "+example)
		}
		return
	}
	d.fields(cm, siteOf(s), "customers", false)
	c := &s.Customers
	if mrr, ok := cm["starting_mrr"]; ok {
		switch {
		case c.Revenue == OneTime:
			d.add("customers.starting_mrr", mrr, "applies to subscription revenue only (one_time starting customers buy again at customers.value, with repeat): remove it")
		case c.Starting == 0:
			d.add("customers.starting_mrr", mrr, "is given without starting customers (customers.starting is 0): give how many customers you have today, e.g. starting: 40, or remove it")
		}
	}
	if _, ok := cm["churn"]; !ok {
		switch {
		case c.Revenue == Subscription:
			d.add("customers.churn", nil, "is missing: a subscription's customers leave at some monthly rate, and without churn none ever would; give it, e.g. churn: 0.02 or {low: 0.01, high: 0.03} (churn: 0 if they truly never leave)")
		case !(c.Repeat.IsFixed() && c.Repeat.X == 0):
			d.add("customers.churn", nil, "is missing: with repeat, kept buyers lapse at some monthly rate, and without churn none ever would; give it, e.g. churn: 0.03 or {low: 0.02, high: 0.05} (churn: 0 if they never lapse)")
		}
	}
}

func (d *decoder) targets(raw map[string]any, s *Scenario) {
	tm := d.section(raw, "targets", "", "targets: {revenue: 1200000, cac: {max: 4000}}")
	for _, metric := range sortedKeys(tm) {
		key := "targets." + metric
		if !measure.IsMetric(metric) {
			r := "is not a metric"
			if n := nearest(metric, measure.Names()); n != "" {
				r += ": did you mean " + n + "?"
			}
			d.add(key, nil, r+" (metrics: "+strings.Join(measure.Names(), ", ")+")")
			continue
		}
		t := Target{Metric: metric}
		raw := tm[metric]
		const allowed = "give a number or {min: X} (met when the metric reaches X), or {max: X} (met when it stays at or below X), e.g. revenue: 1200000 or cac: {max: 4000}"
		bound := raw
		if m, ok := raw.(map[string]any); ok {
			bound = nil
			if len(m) == 1 {
				if v, ok := m["max"]; ok {
					bound, t.Max = v, true
				} else if v, ok := m["min"]; ok {
					bound = v
				}
			}
		}
		x, ok := number(bound)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			d.add(key, raw, "is not a target: "+allowed)
			continue
		}
		t.Value = x
		s.Targets = append(s.Targets, t)
	}
}

// variants reads `variants:` (name → overrides), and validates each by
// applying it to the scenario; a problem a variant brings is reported under
// variants.NAME.
func (d *decoder) variants(raw map[string]any, s *Scenario) {
	vm := d.section(raw, "variants", "", "variants: {more_ads: {channels.paid_search.spend: 20000}}")
	if len(vm) == 0 {
		return
	}
	base := deepCopy(raw).(map[string]any)
	delete(base, "variants")
	// Each variant is the scenario decoded again with its changes: when
	// the scenario itself has problems, they would only repeat them.
	check := !d.failed()
	for _, name := range sortedKeys(vm) {
		key := "variants." + name
		if !validName(name) {
			d.add(key, nil, "is not a variant name: "+strings.Replace(nameRule, "paid_search", "more_ads", 1))
			continue
		}
		m, ok := vm[name].(map[string]any)
		if !ok {
			d.add(key, vm[name], "is not a set of changes: write e.g. "+name+": {channels.paid_search.spend: 20000, sales.reps: 4}")
			continue
		}
		var overrides []string
		flatten(m, schema, "", &overrides, func(path string) {
			d.add(key+"."+path, nil, "is not a key harvest knows"+schema.suggest(strings.Split(path, "."))+"; a variant changes scenario keys, e.g. channels.paid_search.spend: 20000")
		})
		sortOverrides(overrides)
		s.Variants = append(s.Variants, Variant{Name: name, Overrides: overrides})
		if !check {
			continue
		}
		vd := &decoder{file: d.file, ranges: d.ranges}
		vraw := deepCopy(base).(map[string]any)
		for _, o := range overrides {
			vd.override(vraw, o)
		}
		vd.decode(vraw)
		for _, p := range vd.problems {
			if p.Key == "--set" {
				p.Key = key
			} else {
				p.Key = key + "." + p.Key
			}
			d.keep(p)
		}
		d.more += vd.more
	}
}

// keep adds a problem found by another decoder (a variant's).
func (d *decoder) keep(p Problem) {
	if len(d.problems) >= maxProblems {
		d.more++
		return
	}
	d.problems = append(d.problems, p)
}

// flatten turns a variant's nested map back into --set overrides, stopping
// at the schema's leaves and values (so {low, high} stays whole).
func flatten(m map[string]any, n *node, path string, out *[]string, unknown func(string)) {
	for _, k := range sortedKeys(m) {
		var next *node
		switch n.kind {
		case objectNode:
			next = n.fields[k]
		case eachNode:
			next = n.elem
		}
		p := join(path, k)
		if next == nil || next.kind == anyNode {
			unknown(p)
			continue
		}
		sub, isMap := m[k].(map[string]any)
		// A map by month (sales.hires, sales.cuts) is one plan, replaced
		// whole as --set replaces it: a variant's hires are its hires, not
		// the base's and its own.
		if isMap && (next.kind == objectNode || next.kind == eachNode && next.noun != "months") {
			flatten(sub, next, p, out, unknown)
			continue
		}
		*out = append(*out, p+"="+flow(m[k]))
	}
}

func sortOverrides(o []string) {
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && o[j] < o[j-1]; j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}

// deepCopy copies the maps and lists of raw settings.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// calendar reads calendar.start and calendar.seasonality: a season is by
// calendar month, so it needs a start.
func (d *decoder) calendar(raw map[string]any, s *Scenario) {
	cm := d.section(raw, "calendar", "", "calendar: {start: 2027-01}")
	if cm == nil {
		return
	}
	d.fields(cm, siteOf(s), "calendar", false)
	_, d.started = cm["start"]
	if _, ok := cm["seasonality"]; ok && !d.started {
		d.add("calendar.seasonality", cm["seasonality"], needsStart)
	}
}

// needsStart is why a season without calendar.start is refused.
const needsStart = "needs calendar.start: seasonality is by calendar month (January … December), so give the first month, e.g. calendar: {start: 2027-01}"

// market reads the market section: when given, its size is required.
func (d *decoder) market(raw map[string]any, s *Scenario) {
	mm := d.section(raw, "market", "", "market: {size: 50000}")
	if mm == nil {
		return
	}
	s.Market = &Market{}
	d.fields(mm, siteOf(s), "market", false)
}

// company reads the company section: when given, its cash is required,
// and annual_upfront billing needs subscription revenue.
func (d *decoder) company(raw map[string]any, s *Scenario) {
	cm := d.section(raw, "company", "", "company: {cash: 2500000, other_costs: 180000}")
	if cm == nil {
		return
	}
	s.Company = &Company{}
	d.fields(cm, siteOf(s), "company", false)
	if b, ok := cm["billing"]; ok && s.Company.Billing == AnnualUpfront && s.Customers.Revenue == OneTime {
		d.add("company.billing", b, "bills a subscription a year ahead, but customers.revenue is one_time (a sale is billed when made): use billing: monthly, or remove billing")
	}
}
