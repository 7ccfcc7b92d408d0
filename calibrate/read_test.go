package calibrate

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

var testStages = []string{"lead", "mql", "sql", "customer"}

// readAll reads the named fixtures from testdata, then checks the spend
// against the people, as calibrate will.
func readAll(people, spend, customers string, rename map[string]string) error {
	fsys := os.DirFS("testdata")
	var p *People
	if people != "" {
		var err error
		if p, err = ReadPeople(fsys, people, testStages, rename); err != nil {
			return err
		}
	}
	if spend != "" {
		s, err := ReadSpend(fsys, spend)
		if err != nil {
			return err
		}
		if p != nil {
			if err := CheckSpend(p, s); err != nil {
				return err
			}
		}
	}
	if customers != "" {
		if _, err := ReadCustomers(fsys, customers); err != nil {
			return err
		}
	}
	return nil
}

func TestReadBad(t *testing.T) {
	tests := []struct {
		name                     string
		people, spend, customers string
		rename                   map[string]string
		want                     string
	}{
		{name: "people empty", people: "people_empty.csv", want: "people_empty.csv: the file is empty; want a header row, then the rows"},
		{name: "people header only", people: "people_header_only.csv", want: "people_header_only.csv: a header but no people; want one row per person"},
		{name: "unparsable date", people: "people_bad_date.csv", want: "people_bad_date.csv:3: column 3 (created): \"2026-13-01\" is not a date (YYYY-MM-DD, e.g. 2026-03-14)"},
		{name: "stages out of order", people: "people_out_of_order.csv", want: "people_out_of_order.csv:2: column 5 (sql): 2026-01-20 is before mql (2026-02-01); stage dates must not go back"},
		{name: "stage before created", people: "people_before_created.csv", want: "people_before_created.csv:2: column 4 (mql): 2026-01-04 is before created (2026-01-05); stage dates must not go back"},
		{name: "duplicate id", people: "people_dup_id.csv", want: "people_dup_id.csv:4: column 1 (id): \"p1\" is the id of line 2 too; ids must be unique"},
		{name: "skipped stage", people: "people_gap.csv", want: "people_gap.csv:2: column 5 (sql): 2026-02-01, but mql is empty; a person reaches every stage between their entry and the last they reached"},
		{name: "no stage column", people: "people_no_stage_column.csv", want: "people_no_stage_column.csv:1: no column \"sql\" (columns: id, channel, created, mql, customer; --map sql=COLUMN names another)"},
		{name: "no created column", people: "people_no_created.csv", want: "people_no_created.csv:1: no column \"created\" (columns: channel, mql, sql, customer; --map created=COLUMN names another)"},
		{name: "unknown entered_at", people: "people_bad_entered.csv", want: "people_bad_entered.csv:2: column 3 (entered_at): \"opportunity\" is not a stage (lead, mql, sql, customer)"},
		{name: "date before entry", people: "people_before_entry.csv", want: "people_before_entry.csv:2: column 4 (mql): 2026-01-05, but the person entered at sql; leave stages up to the entry empty"},
		{name: "bad value", people: "people_bad_value.csv", want: "people_bad_value.csv:2: column 6 (value): \"12k\" is not an amount; want a number, 0 or more (e.g. 1200.50)"},
		{name: "wrong field count", people: "people_fields.csv", want: "people_fields.csv:2: 4 fields, the header has 5"},
		{name: "bare quote", people: "people_bare_quote.csv", want: "people_bare_quote.csv:2: column 8: bare \" in non-quoted-field (a field holding a quote is written \"like \"\"this\"\"\")"},
		{name: "empty channel", people: "people_no_channel.csv", want: "people_no_channel.csv:2: column 1 (channel): empty; every person needs the channel they came through"},
		{name: "header names a column twice", people: "people_header_twice.csv", want: "people_header_twice.csv:1: column 4 (mql): the header names \"mql\" twice (columns 3 and 4)"},
		{name: "unknown stage in map", people: "people_ok.csv", rename: map[string]string{"opportunity": "Became an Opportunity Date"}, want: "--map opportunity=Became an Opportunity Date: \"opportunity\" is not a later stage (mql, sql, customer) nor a column (channel, created, entered_at, value, id)"},
		{name: "map to a missing column", people: "people_ok.csv", rename: map[string]string{"sql": "SQL date"}, want: "people_ok.csv:1: no column \"SQL date\", which --map sql=SQL date names (columns: id, channel, created, mql, sql, customer, value)"},
		{name: "spend empty", spend: "spend_empty.csv", want: "spend_empty.csv: the file is empty; want a header row, then the rows"},
		{name: "spend bad month", spend: "spend_bad_month.csv", want: "spend_bad_month.csv:2: column 1 (month): \"2026-1\" is not a month (YYYY-MM, e.g. 2026-03)"},
		{name: "spend month twice", spend: "spend_dup.csv", want: "spend_dup.csv:4: column 1 (month): 2026-01 for search is on line 2 too; give each channel's month once"},
		{name: "negative spend", spend: "spend_negative.csv", want: "spend_negative.csv:2: column 3 (spend): -5 is negative; want an amount, 0 or more"},
		{name: "spend column missing", spend: "spend_no_column.csv", want: "spend_no_column.csv:1: no column \"spend\" (columns: month, channel; want month, channel, spend)"},
		{name: "channel with no spend rows", people: "people_ok.csv", spend: "spend_no_events.csv", want: "people_ok.csv:4: channel \"events\" has no spend rows in spend_no_events.csv; give its months there, with spend 0 where it had none"},
		{name: "spend month outside the window", people: "people_ok.csv", spend: "spend_outside.csv", want: "spend_outside.csv:3: column 1 (month): 2027-01 is outside the people's window 2026-01 to 2026-12 (people_ok.csv's dates)"},
		{name: "customer ends before start", customers: "customers_end_before_start.csv", want: "customers_end_before_start.csv:2: column 3 (end): 2025-05-01 is before start (2025-06-01); a customer ends on or after their start"},
		{name: "customer twice", customers: "customers_dup.csv", want: "customers_dup.csv:3: column 1 (customer): \"c1\" is the customer of line 2 too; ids must be unique"},
		{name: "customer without mrr", customers: "customers_no_mrr.csv", want: "customers_no_mrr.csv:2: column 4 (mrr): empty; want an amount, 0 or more (e.g. 1200.50)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readAll(tt.people, tt.spend, tt.customers, tt.rename)
			if err == nil {
				t.Fatalf("got no error; want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestReadPeople(t *testing.T) {
	fsys := fstest.MapFS{"export/people.csv": {Data: []byte("\uFEFFContact,Source,Created,MQL date,sql,customer,Amount,notes\n" +
		"a,search,2026-01-05,2026-01-20,2026-03-10,2026-04-01,1200,x\n" +
		"b,events,2026-02-11,,,,,\n")}}
	rename := map[string]string{"id": "Contact", "channel": "Source", "created": "Created", "mql": "MQL date", "value": "Amount"}
	p, err := ReadPeople(fsys, "export/people.csv", testStages, rename)
	if err != nil {
		t.Fatal(err)
	}
	if p.File != "people.csv" || len(p.Rows) != 2 {
		t.Fatalf("got file %q, %d rows; want people.csv, 2", p.File, len(p.Rows))
	}
	a, b := p.Rows[0], p.Rows[1]
	if a.ID != "a" || a.Channel != "search" || a.Last() != 3 || !a.HasValue || a.Value != 1200 || a.Line != 2 {
		t.Errorf("got %+v; want a, search, last stage 3, value 1200, line 2", a)
	}
	if got := MonthOf(a.Reached[2]) - MonthOf(a.Reached[1]); got != 2 {
		t.Errorf("got %d months from mql to sql; want 2", got)
	}
	if b.Last() != 0 || b.HasValue {
		t.Errorf("got %+v; want last stage 0, no value", b)
	}
	if got, want := p.First.Format(dateLayout), "2026-01-05"; got != want {
		t.Errorf("got first %s; want %s", got, want)
	}
	if got, want := p.Latest.Format(dateLayout), "2026-04-01"; got != want {
		t.Errorf("got latest %s; want %s", got, want)
	}
}

func TestReadOK(t *testing.T) {
	if err := readAll("people_ok.csv", "spend_ok.csv", "customers_ok.csv", nil); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS("testdata")
	c, err := ReadCustomers(fsys, "customers_ok.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 2 || !c.Rows[0].End.IsZero() || c.Rows[1].MRR != 400 {
		t.Errorf("got %+v; want c1 kept, c2 with mrr 400", c.Rows)
	}
	s, err := ReadSpend(fsys, "spend_ok.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Rows[2]; got.Month.String() != "2026-03" || got.Channel != "events" || got.Spend != 3000 {
		t.Errorf("got %+v; want 2026-03 events 3000", got)
	}
}

// fuzzName checks that an error from a reader names its file.
func fuzzName(t *testing.T, err error) {
	if err != nil && !strings.HasPrefix(err.Error(), "in.csv") && !strings.HasPrefix(err.Error(), "--map") {
		t.Errorf("got %q; want an error naming in.csv", err)
	}
	var e *Error
	if err != nil && errors.As(err, &e) && e.File != "in.csv" {
		t.Errorf("got file %q; want in.csv", e.File)
	}
}

func FuzzReadPeople(f *testing.F) {
	for _, name := range []string{"people_ok.csv", "people_bad_date.csv", "people_out_of_order.csv", "people_gap.csv", "people_bare_quote.csv", "people_before_entry.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add([]byte("channel,created,entered_at,mql,sql,customer\nx,2026-01-01,customer,,,\n"), "mql=sql")
	f.Fuzz(func(t *testing.T, data []byte, m string) {
		var rename map[string]string
		if k, v, ok := strings.Cut(m, "="); ok {
			rename = map[string]string{k: v}
		}
		p, err := ReadPeople(fstest.MapFS{"in.csv": {Data: data}}, "in.csv", testStages, rename)
		fuzzName(t, err)
		if err == nil {
			for _, r := range p.Rows {
				if r.Last() < r.Entered || r.Reached[r.Entered].IsZero() {
					t.Errorf("got %+v; want its entry dated", r)
				}
			}
		}
	})
}

func FuzzReadSpend(f *testing.F) {
	for _, name := range []string{"spend_ok.csv", "spend_dup.csv", "spend_bad_month.csv", "spend_negative.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadSpend(fstest.MapFS{"in.csv": {Data: data}}, "in.csv")
		fuzzName(t, err)
	})
}

func FuzzReadCustomers(f *testing.F) {
	for _, name := range []string{"customers_ok.csv", "customers_dup.csv", "customers_end_before_start.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadCustomers(fstest.MapFS{"in.csv": {Data: data}}, "in.csv")
		fuzzName(t, err)
	})
}
