package calibrate

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
)

// lifecycle is one of HubSpot's lifecycle stages: the scenario stage it
// stands for by default, its internal name and label (either may name it
// in a map), and the date column a contacts export gives it.
type lifecycle struct {
	stage, internal, label, column string
}

// lifecycles are HubSpot's default lifecycle stages, in their order.
var lifecycles = []lifecycle{
	{"subscriber", "subscriber", "Subscriber", "Became a Subscriber Date"},
	{"lead", "lead", "Lead", "Became a Lead Date"},
	{"mql", "marketingqualifiedlead", "Marketing Qualified Lead", "Became a Marketing Qualified Lead Date"},
	{"sql", "salesqualifiedlead", "Sales Qualified Lead", "Became a Sales Qualified Lead Date"},
	{"opportunity", "opportunity", "Opportunity", "Became an Opportunity Date"},
	{"customer", "customer", "Customer", "Became a Customer Date"},
	{"evangelist", "evangelist", "Evangelist", "Became an Evangelist Date"},
}

// HubSpot's columns for what is not a stage; "value" has none by default
// (a contact's deal amount may be yearly or monthly: the map says which
// column holds the value the scenario means).
var hubSpotColumns = map[string]string{
	"channel": "Original Source",
	"created": "Create Date",
	"id":      "Record ID",
}

// hubSpotDateWant is what a HubSpot date may look like, as messages quote it.
const hubSpotDateWant = "(YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-03-14 09:12)"

// ReadHubSpot reads a HubSpot contacts export (CSV) as HubSpot writes it,
// into people against the funnel's stages, so that everything that takes
// People fits it as it would a people file.
//
// Columns: each stage's date is its lifecycle stage's "Became a … Date"
// column: lead, mql, sql, opportunity and customer (and subscriber and
// evangelist) by default, "Became a Marketing Qualified Lead Date" for
// mql and so on. rename maps a stage, or one of channel, created, id and
// value, to another column: a header of the file, or a lifecycle stage by
// its label or internal name ("Sales Qualified Lead", "salesqualifiedlead")
// standing for its date column. The channel is "Original Source" by
// default, its values named as scenario channels are, lower case with
// underscores ("Paid Search" is paid_search); id is "Record ID" when the
// file has it; value has no default. Dates may carry a time ("2026-03-14
// 09:12", as HubSpot writes them, or RFC 3339); only the day is kept.
// Other columns are ignored.
//
// Every stage after the first needs a date column. The first may have
// none: then every contact reached it on their "Create Date".
//
// HubSpot's dates are read by these rules, decided here:
//   - A contact enters at the first stage they have a date for, on that
//     date (a contact created as a subscriber and made a lead months later
//     entered the funnel as a lead, then).
//   - HubSpot often skips stages (a contact jumps from lead to
//     opportunity). A stage without a date between the entry and the last
//     stage with one is taken as reached on the next reached stage's date:
//     the contact moved through it with no wait. This reads a skip as a
//     conversion; with many skips a stage's wait looks shorter and its
//     conversion higher than a team that logs every stage would see.
//   - A contact with no date for any stage of the funnel never entered it:
//     they are left out and counted in People.Skipped.
//   - Dates that go back (a later stage before an earlier one) are an
//     error, as in a people file.
func ReadHubSpot(fsys fs.FS, name string, stages []string, rename map[string]string) (*People, error) {
	file := path.Base(name)
	if len(stages) < 2 {
		return nil, fmt.Errorf("calibrate: %d stages given, want at least 2", len(stages))
	}
	others := slices.Sorted(maps.Keys(hubSpotColumns))
	others = append(others, "value")
	for _, k := range slices.Sorted(maps.Keys(rename)) {
		if !slices.Contains(stages, k) && !slices.Contains(others, k) {
			return nil, fmt.Errorf("--map %s=%s: %q is not a stage (%s) nor a column (%s)",
				k, rename[k], k, strings.Join(stages, ", "), strings.Join(others, ", "))
		}
	}
	r, header, closeFile, err := openCSV(fsys, name, file)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	// column returns the index of what's column: mapped (a header, or a
	// lifecycle stage's date column), else def; -1 when the file has no
	// such column and none was mapped. A mapped column missing is an error.
	column := func(what, def string) (int, error) {
		m, ok := rename[what]
		if !ok {
			return slices.Index(header, def), nil
		}
		if i := slices.Index(header, m); i >= 0 {
			return i, nil
		}
		if l, ok := lifecycleNamed(m); ok {
			if i := slices.Index(header, l.column); i >= 0 {
				return i, nil
			}
			return -1, &Error{File: file, Line: 1, Msg: fmt.Sprintf("no column %q, the date column of the lifecycle stage --map %s=%s names (columns: %s)", l.column, what, m, strings.Join(header, ", "))}
		}
		return -1, &Error{File: file, Line: 1, Msg: fmt.Sprintf("no column %q, which --map %s=%s names, and no lifecycle stage of that name (columns: %s)", m, what, m, strings.Join(header, ", "))}
	}
	missing := func(what, def string) error {
		return &Error{File: file, Line: 1, Msg: fmt.Sprintf("no column %q (columns: %s; --map %s=COLUMN names another)", def, strings.Join(header, ", "), what)}
	}
	iChannel, err := column("channel", hubSpotColumns["channel"])
	if err != nil {
		return nil, err
	}
	if iChannel < 0 {
		return nil, missing("channel", hubSpotColumns["channel"])
	}
	iCreated, err := column("created", hubSpotColumns["created"])
	if err != nil {
		return nil, err
	}
	iID, err := column("id", hubSpotColumns["id"])
	if err != nil {
		return nil, err
	}
	iValue := -1
	if _, ok := rename["value"]; ok {
		if iValue, err = column("value", ""); err != nil {
			return nil, err
		}
	}
	iStage := make([]int, len(stages))
	for k, s := range stages {
		def := ""
		if l, ok := lifecycleNamed(s); ok {
			def = l.column
		}
		if iStage[k], err = column(s, def); err != nil {
			return nil, err
		}
		if iStage[k] >= 0 {
			continue
		}
		switch {
		case k == 0 && iCreated >= 0:
			// The first stage is reached on the Create Date.
		case k == 0:
			return nil, &Error{File: file, Line: 1, Msg: fmt.Sprintf("no column %q nor %q: the first stage, %s, needs a date (columns: %s; --map %s=COLUMN names one)",
				cmpOr(def, s), hubSpotColumns["created"], s, strings.Join(header, ", "), s)}
		case def != "":
			return nil, missing(s, def)
		default:
			return nil, &Error{File: file, Line: 1, Msg: fmt.Sprintf("no date column for stage %q: HubSpot has no lifecycle stage of that name; --map %s=COLUMN names its column, or --map %s=STAGE a lifecycle stage (%s)",
				s, s, s, lifecycleNames())}
		}
	}

	p := &People{File: file, Stages: stages}
	ids := map[string]int{}
	dates := make([]time.Time, len(stages))
	cols := make([]int, len(stages)) // the column each date came from
	if err := eachRow(r, file, header, func(rec []string, line int, bad badFunc) error {
		entered, last := -1, -1
		for k := range stages {
			i := iStage[k]
			if i < 0 {
				i = iCreated
			}
			dates[k], cols[k] = time.Time{}, i
			s := strings.TrimSpace(rec[i])
			if s == "" {
				continue
			}
			d, err := parseHubSpotDate(s)
			if err != nil {
				return bad(i, "%s", err)
			}
			dates[k] = d
			if entered < 0 {
				entered = k
			}
			last = k
		}
		if entered < 0 {
			p.Skipped++
			return nil
		}
		row := Person{Line: line, Entered: entered, Reached: make([]time.Time, len(stages)), Channel: channelName(rec[iChannel])}
		if row.Channel == "" {
			return bad(iChannel, "%q names no channel; every contact in the funnel needs the source they came through", rec[iChannel])
		}
		if iID >= 0 {
			row.ID = strings.TrimSpace(rec[iID])
			if row.ID == "" {
				return bad(iID, "empty; with an id column every contact needs an id")
			}
			if first, ok := ids[row.ID]; ok {
				return bad(iID, "%q is the id of line %d too; ids must be unique", row.ID, first)
			}
			ids[row.ID] = line
		}
		// A skipped stage is reached on the next reached stage's date.
		for k := last - 1; k > entered; k-- {
			if dates[k].IsZero() {
				dates[k], cols[k] = dates[k+1], cols[k+1]
			}
		}
		for k := entered; k <= last; k++ {
			if k > entered && dates[k].Before(dates[k-1]) {
				return bad(cols[k], "%s is before %s (%s); lifecycle dates must not go back",
					dates[k].Format(dateLayout), stages[k-1], dates[k-1].Format(dateLayout))
			}
			row.Reached[k] = dates[k]
		}
		if iValue >= 0 {
			if s := strings.TrimSpace(rec[iValue]); s != "" {
				v, err := parseAmount(s)
				if err != nil {
					return bad(iValue, "%s", err)
				}
				row.Value, row.HasValue = v, true
			}
		}
		if len(p.Rows) == 0 || dates[entered].Before(p.First) {
			p.First = dates[entered]
		}
		if len(p.Rows) == 0 || dates[last].After(p.Latest) {
			p.Latest = dates[last]
		}
		p.Rows = append(p.Rows, row)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(p.Rows) == 0 {
		if p.Skipped > 0 {
			return nil, &Error{File: file, Msg: fmt.Sprintf("none of the %s reached a stage of the funnel (%s); want dates in their stages' columns", count(p.Skipped, "contact"), strings.Join(stages, ", "))}
		}
		return nil, &Error{File: file, Msg: "a header but no contacts; want one row per contact"}
	}
	return p, nil
}

// lifecycleNamed returns the lifecycle stage s names: its default stage,
// internal name or label, or its date column, in any case.
func lifecycleNamed(s string) (lifecycle, bool) {
	for _, l := range lifecycles {
		for _, n := range []string{l.stage, l.internal, l.label, l.column} {
			if strings.EqualFold(strings.TrimSpace(s), n) {
				return l, true
			}
		}
	}
	return lifecycle{}, false
}

// lifecycleNames lists the lifecycle stages' labels.
func lifecycleNames() string {
	names := make([]string, len(lifecycles))
	for i, l := range lifecycles {
		names[i] = l.label
	}
	return strings.Join(names, ", ")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// channelName names a source as a scenario names channels: lower case,
// each run of other characters than letters and digits an underscore,
// none at the ends ("Paid Search" is paid_search).
func channelName(s string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(c)
			under = false
		} else {
			under = true
		}
	}
	return b.String()
}

// hubSpotLayouts are the date forms HubSpot's exports use.
var hubSpotLayouts = []string{dateLayout, "2006-01-02 15:04", "2006-01-02 15:04:05", time.RFC3339Nano}

// parseHubSpotDate reads a date, with or without a time, and keeps its day.
func parseHubSpotDate(s string) (time.Time, error) {
	for _, l := range hubSpotLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date %s", s, hubSpotDateWant)
}
