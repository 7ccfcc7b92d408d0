package calibrate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Error is a problem in an input file: the file, the line (1 is the header;
// 0 for the whole file), the column (1-based, 0 for the whole line) and its
// name, and what is wrong and what is allowed.
type Error struct {
	File   string
	Line   int
	Column int
	Name   string // the column's header, or ""
	Msg    string
}

// Error returns the problem as one line: file:line: column N (name): message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Column > 0 {
		b.WriteString("column " + strconv.Itoa(e.Column))
		if e.Name != "" {
			b.WriteString(" (" + e.Name + ")")
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Date layouts and their examples, as messages quote them.
const (
	dateLayout  = "2006-01-02"
	monthLayout = "2006-01"
	dateWant    = "(YYYY-MM-DD, e.g. 2026-03-14)"
	monthWant   = "(YYYY-MM, e.g. 2026-03)"
)

// Month is a calendar month as a count of months since year 0: month
// differences are whole calendar months, as DESIGN counts waits and ages.
type Month int

// MonthOf returns the calendar month of t.
func MonthOf(t time.Time) Month { return Month(t.Year()*12 + int(t.Month()) - 1) }

// String returns the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1) }

// Person is one row of the people file.
type Person struct {
	Line    int    // the row's line in the file
	ID      string // the id column's value, or ""
	Channel string
	// Entered is the index of the stage the person entered at.
	Entered int
	// Reached[k] is the date the person reached stage k, the zero time if
	// they did not; Reached[Entered] is the created date, and every stage
	// from Entered up to the last reached has a date.
	Reached []time.Time
	// Value is the deal's value when the file gives one (HasValue).
	Value    float64
	HasValue bool
}

// Last returns the index of the last stage the person reached.
func (p *Person) Last() int {
	k := p.Entered
	for k+1 < len(p.Reached) && !p.Reached[k+1].IsZero() {
		k++
	}
	return k
}

// People is a people file read against a scenario's stages.
type People struct {
	File   string
	Stages []string
	Rows   []Person
	// First and Latest are the earliest created date and the latest date of
	// any kind in the file: the people's window.
	First, Latest time.Time
	// Skipped counts the rows left out: contacts of a HubSpot export who
	// reached no stage of the funnel (ReadHubSpot). A people file leaves
	// none out.
	Skipped int
}

// Columns the people file knows besides the stages; a --map may rename
// these too.
var peopleColumns = []string{"channel", "created", "entered_at", "value", "id"}

// ReadPeople reads the people file name from fsys against the funnel's
// stages (the first is where people enter unless entered_at says
// otherwise; each later stage has a date column named after it). rename
// maps a stage, or one of channel, created, entered_at, value and id, to
// the column that holds it (what --map stage=column passes); nil keeps the
// names. Other columns are ignored.
func ReadPeople(fsys fs.FS, name string, stages []string, rename map[string]string) (*People, error) {
	file := path.Base(name)
	if len(stages) < 2 {
		return nil, fmt.Errorf("calibrate: %d stages given, want at least 2", len(stages))
	}
	col := map[string]string{} // what → header name
	for _, s := range stages[1:] {
		col[s] = s
	}
	for _, c := range peopleColumns {
		col[c] = c
	}
	for _, k := range slices.Sorted(maps.Keys(rename)) {
		if !slices.Contains(stages[1:], k) && !slices.Contains(peopleColumns, k) {
			return nil, fmt.Errorf("--map %s=%s: %q is not a later stage (%s) nor a column (%s)",
				k, rename[k], k, strings.Join(stages[1:], ", "), strings.Join(peopleColumns, ", "))
		}
		col[k] = rename[k]
	}
	r, header, closeFile, err := openCSV(fsys, name, file)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	index := func(what string, required bool) (int, error) {
		i := slices.Index(header, col[what])
		if i < 0 && required {
			cols := strings.Join(header, ", ")
			if col[what] != what {
				return -1, &Error{File: file, Line: 1, Msg: fmt.Sprintf("no column %q, which --map %s=%s names (columns: %s)", col[what], what, col[what], cols)}
			}
			return -1, &Error{File: file, Line: 1, Msg: fmt.Sprintf("no column %q (columns: %s; --map %s=COLUMN names another)", what, cols, what)}
		}
		return i, nil
	}
	var (
		iChannel, iCreated, iEntered, iValue, iID int
		iStage                                    = make([]int, len(stages))
	)
	if iChannel, err = index("channel", true); err != nil {
		return nil, err
	}
	if iCreated, err = index("created", true); err != nil {
		return nil, err
	}
	iEntered, _ = index("entered_at", false)
	iValue, _ = index("value", false)
	iID, _ = index("id", false)
	iStage[0] = -1
	for k, s := range stages[1:] {
		if iStage[k+1], err = index(s, true); err != nil {
			return nil, err
		}
	}

	p := &People{File: file, Stages: stages}
	ids := map[string]int{}
	if err := eachRow(r, file, header, func(rec []string, line int, bad badFunc) error {
		row := Person{Line: line, Channel: strings.TrimSpace(rec[iChannel]), Reached: make([]time.Time, len(stages))}
		if row.Channel == "" {
			return bad(iChannel, "empty; every person needs the channel they came through")
		}
		if iID >= 0 {
			row.ID = strings.TrimSpace(rec[iID])
			if row.ID == "" {
				return bad(iID, "empty; with an id column every person needs an id")
			}
			if first, ok := ids[row.ID]; ok {
				return bad(iID, "%q is the id of line %d too; ids must be unique", row.ID, first)
			}
			ids[row.ID] = line
		}
		if iEntered >= 0 {
			if s := strings.TrimSpace(rec[iEntered]); s != "" {
				row.Entered = slices.Index(stages, s)
				if row.Entered < 0 {
					return bad(iEntered, "%q is not a stage (%s)", s, strings.Join(stages, ", "))
				}
			}
		}
		created, err := parseDate(rec[iCreated])
		if err != nil {
			return bad(iCreated, "%s", err)
		}
		row.Reached[row.Entered] = created
		prev, prevStage, gap := created, "created", ""
		for k := 1; k < len(stages); k++ {
			i := iStage[k]
			s := strings.TrimSpace(rec[i])
			if s == "" {
				if k > row.Entered && gap == "" {
					gap = stages[k]
				}
				continue
			}
			d, err := parseDate(s)
			if err != nil {
				return bad(i, "%s", err)
			}
			if k <= row.Entered {
				return bad(i, "%s, but the person entered at %s; leave stages up to the entry empty", s, stages[row.Entered])
			}
			if gap != "" {
				return bad(i, "%s, but %s is empty; a person reaches every stage between their entry and the last they reached", s, gap)
			}
			if d.Before(prev) {
				return bad(i, "%s is before %s (%s); stage dates must not go back", s, prevStage, prev.Format(dateLayout))
			}
			row.Reached[k] = d
			prev, prevStage = d, stages[k]
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
		if len(p.Rows) == 0 || created.Before(p.First) {
			p.First = created
		}
		if len(p.Rows) == 0 || prev.After(p.Latest) {
			p.Latest = prev
		}
		p.Rows = append(p.Rows, row)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(p.Rows) == 0 {
		return nil, &Error{File: file, Msg: "a header but no people; want one row per person"}
	}
	return p, nil
}

// SpendRow is one row of the spend file.
type SpendRow struct {
	Line    int
	Month   Month
	Channel string
	Spend   float64
}

// Spend is a spend file: each channel's spend by calendar month.
type Spend struct {
	File string
	Rows []SpendRow
}

// ReadSpend reads the spend file name from fsys: columns month (YYYY-MM),
// channel and spend (an amount, 0 or more); a channel's month given twice
// is refused.
func ReadSpend(fsys fs.FS, name string) (*Spend, error) {
	file := path.Base(name)
	r, header, closeFile, err := openCSV(fsys, name, file)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	idx, err := required(header, file, "month", "channel", "spend")
	if err != nil {
		return nil, err
	}
	s := &Spend{File: file}
	type key struct {
		m Month
		c string
	}
	seen := map[key]int{}
	if err := eachRow(r, file, header, func(rec []string, line int, bad badFunc) error {
		row := SpendRow{Line: line, Channel: strings.TrimSpace(rec[idx[1]])}
		t, err := time.Parse(monthLayout, strings.TrimSpace(rec[idx[0]]))
		if err != nil {
			return bad(idx[0], "%q is not a month %s", rec[idx[0]], monthWant)
		}
		row.Month = MonthOf(t)
		if row.Channel == "" {
			return bad(idx[1], "empty; every row needs its channel")
		}
		if row.Spend, err = parseAmount(rec[idx[2]]); err != nil {
			return bad(idx[2], "%s", err)
		}
		k := key{row.Month, row.Channel}
		if first, ok := seen[k]; ok {
			return bad(idx[0], "%s for %s is on line %d too; give each channel's month once", row.Month, row.Channel, first)
		}
		seen[k] = line
		s.Rows = append(s.Rows, row)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(s.Rows) == 0 {
		return nil, &Error{File: file, Msg: "a header but no rows; want one row per channel and month"}
	}
	return s, nil
}

// CheckSpend checks the spend file against the people: every channel the
// people came through has spend rows (a month without spend is a row with
// spend 0), and every spend month lies in the people's window, from the
// month of the first created date to the month of the latest date.
func CheckSpend(p *People, s *Spend) error {
	has := map[string]bool{}
	for _, r := range s.Rows {
		has[r.Channel] = true
	}
	for i := range p.Rows {
		row := &p.Rows[i]
		if !has[row.Channel] {
			return &Error{File: p.File, Line: row.Line, Msg: fmt.Sprintf("channel %q has no spend rows in %s; give its months there, with spend 0 where it had none", row.Channel, s.File)}
		}
	}
	lo, hi := MonthOf(p.First), MonthOf(p.Latest)
	for _, r := range s.Rows {
		if r.Month < lo || r.Month > hi {
			return &Error{File: s.File, Line: r.Line, Column: 1, Name: "month",
				Msg: fmt.Sprintf("%s is outside the people's window %s to %s (%s's dates)", r.Month, lo, hi, p.File)}
		}
	}
	return nil
}

// Customer is one row of the customers file.
type Customer struct {
	Line  int
	ID    string
	Start time.Time
	End   time.Time // zero while kept
	MRR   float64
}

// Customers is a customers file.
type Customers struct {
	File string
	Rows []Customer
}

// ReadCustomers reads the customers file name from fsys: columns customer
// (a unique id), start, end (empty while kept, not before start) and mrr
// (an amount, 0 or more).
func ReadCustomers(fsys fs.FS, name string) (*Customers, error) {
	file := path.Base(name)
	r, header, closeFile, err := openCSV(fsys, name, file)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	idx, err := required(header, file, "customer", "start", "end", "mrr")
	if err != nil {
		return nil, err
	}
	c := &Customers{File: file}
	seen := map[string]int{}
	if err := eachRow(r, file, header, func(rec []string, line int, bad badFunc) error {
		row := Customer{Line: line, ID: strings.TrimSpace(rec[idx[0]])}
		if row.ID == "" {
			return bad(idx[0], "empty; every customer needs an id")
		}
		if first, ok := seen[row.ID]; ok {
			return bad(idx[0], "%q is the customer of line %d too; ids must be unique", row.ID, first)
		}
		seen[row.ID] = line
		if row.Start, err = parseDate(rec[idx[1]]); err != nil {
			return bad(idx[1], "%s", err)
		}
		if s := strings.TrimSpace(rec[idx[2]]); s != "" {
			if row.End, err = parseDate(s); err != nil {
				return bad(idx[2], "%s", err)
			}
			if row.End.Before(row.Start) {
				return bad(idx[2], "%s is before start (%s); a customer ends on or after their start", s, row.Start.Format(dateLayout))
			}
		}
		if row.MRR, err = parseAmount(rec[idx[3]]); err != nil {
			return bad(idx[3], "%s", err)
		}
		c.Rows = append(c.Rows, row)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(c.Rows) == 0 {
		return nil, &Error{File: file, Msg: "a header but no rows; want one row per customer"}
	}
	return c, nil
}

// openCSV opens name and returns a CSV reader over it, its header row
// already read (readHeader), and the function that closes it.
func openCSV(fsys fs.FS, name, file string) (*csv.Reader, []string, func(), error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	header, err := readHeader(r, file)
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	return r, header, func() { f.Close() }, nil
}

// readHeader reads the header row: names trimmed, a UTF-8 byte order mark
// dropped, none empty or given twice.
func readHeader(r *csv.Reader, file string) ([]string, error) {
	rec, err := r.Read()
	if err == io.EOF {
		return nil, &Error{File: file, Msg: "the file is empty; want a header row, then the rows"}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	header := make([]string, len(rec))
	for i, h := range rec {
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF")
		}
		header[i] = strings.TrimSpace(h)
		if j := slices.Index(header[:i], header[i]); j >= 0 && header[i] != "" {
			return nil, &Error{File: file, Line: 1, Column: i + 1, Name: header[i], Msg: fmt.Sprintf("the header names %q twice (columns %d and %d)", header[i], j+1, i+1)}
		}
	}
	return header, nil
}

// required returns the indexes of the named columns in header.
func required(header []string, file string, names ...string) ([]int, error) {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = slices.Index(header, n)
		if idx[i] < 0 {
			return nil, &Error{File: file, Line: 1, Msg: fmt.Sprintf("no column %q (columns: %s; want %s)", n, strings.Join(header, ", "), strings.Join(names, ", "))}
		}
	}
	return idx, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
			msg += ` (a field holding a quote is written "like ""this""")`
		}
		return &Error{File: file, Line: pe.Line, Column: pe.Column, Msg: msg}
	}
	return fmt.Errorf("%s: %w", file, err)
}

func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		if s == "" {
			return time.Time{}, fmt.Errorf("empty; want a date %s", dateWant)
		}
		return time.Time{}, fmt.Errorf("%q is not a date %s", s, dateWant)
	}
	return t, nil
}

func parseAmount(s string) (float64, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		if s == "" {
			return 0, errors.New("empty; want an amount, 0 or more (e.g. 1200.50)")
		}
		return 0, fmt.Errorf("%q is not an amount; want a number, 0 or more (e.g. 1200.50)", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("%s is negative; want an amount, 0 or more", s)
	}
	return v, nil
}

// badFunc makes the error of a row's column i: file, line, column and
// what is wrong there.
type badFunc func(i int, format string, a ...any) error

// eachRow calls row for every record of r after the header, with its
// line and a badFunc for its columns, until row returns an error; a
// record whose fields do not match the header's is refused.
func eachRow(r *csv.Reader, file string, header []string, row func(rec []string, line int, bad badFunc) error) error {
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			return &Error{File: file, Line: line, Msg: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))}
		}
		bad := func(i int, format string, a ...any) error {
			l, _ := r.FieldPos(i)
			return &Error{File: file, Line: l, Column: i + 1, Name: header[i], Msg: fmt.Sprintf(format, a...)}
		}
		if err := row(rec, line, bad); err != nil {
			return err
		}
	}
}
