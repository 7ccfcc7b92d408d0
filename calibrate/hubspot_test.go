package calibrate

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var hubSpotStages = []string{"lead", "mql", "sql", "opportunity", "customer"}

func TestReadHubSpot(t *testing.T) {
	p, err := ReadHubSpot(os.DirFS("testdata"), "hubspot_ok.csv", hubSpotStages, map[string]string{"value": "Recent Deal Amount"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 12 || p.Skipped != 2 {
		t.Fatalf("got %d contacts, %d skipped; want 12, 2 (a subscriber and an other)", len(p.Rows), p.Skipped)
	}
	byID := map[string]Person{}
	for _, r := range p.Rows {
		byID[r.ID] = r
	}
	day := func(r Person, k int) string {
		if r.Reached[k].IsZero() {
			return ""
		}
		return r.Reached[k].Format(dateLayout)
	}
	tests := []struct {
		id, channel string
		entered     int
		reached     []string // lead … customer
		value       float64
	}{
		{"101", "paid_search", 0, []string{"2026-01-06", "2026-01-20", "2026-02-02", "2026-02-10", "2026-04-01"}, 18000},
		{"102", "organic_search", 0, []string{"2026-01-09", "", "", "", ""}, 0},
		// Lead, then opportunity: mql and sql are taken as reached on the opportunity's date.
		{"104", "paid_search", 0, []string{"2026-02-02", "2026-03-18", "2026-03-18", "2026-03-18", ""}, 0},
		// Created at sql by an import: entered there.
		{"106", "offline_sources", 2, []string{"", "", "2026-02-14", "2026-02-20", "2026-03-30"}, 24000},
		// A subscriber before the funnel: entered as a lead, on the lead date.
		{"107", "paid_social", 0, []string{"2026-03-01", "2026-03-01", "2026-03-22", "", ""}, 0},
		{"108", "referrals", 0, []string{"2026-03-07", "", "", "", ""}, 0},
		{"110", "paid_search", 0, []string{"2026-04-02", "2026-04-02", "2026-06-12", "2026-06-12", "2026-06-12"}, 15000},
	}
	for _, tt := range tests {
		r, ok := byID[tt.id]
		if !ok {
			t.Errorf("contact %s: missing", tt.id)
			continue
		}
		if r.Channel != tt.channel || r.Entered != tt.entered || r.Value != tt.value || r.HasValue != (tt.value > 0) {
			t.Errorf("contact %s: got %s, entered %d, value %g; want %s, %d, %g", tt.id, r.Channel, r.Entered, r.Value, tt.channel, tt.entered, tt.value)
		}
		for k, want := range tt.reached {
			if got := day(r, k); got != want {
				t.Errorf("contact %s: got %s on %q; want %q", tt.id, hubSpotStages[k], got, want)
			}
		}
	}
	if got, want := p.First.Format(dateLayout)+" "+p.Latest.Format(dateLayout), "2026-01-06 2026-06-30"; got != want {
		t.Errorf("got window %s; want %s", got, want)
	}
	// The people fit as a people file's would: of the 11 who entered as
	// leads, 7 reached mql (104 through its skip).
	e := p.Evidence(1, "", time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
	if e.AtRisk() != 11 || sum(e.Moved) != 7 {
		t.Errorf("got %d at risk of mql, %d moved; want 11, 7", e.AtRisk(), sum(e.Moved))
	}
}

// TestReadHubSpotMap: a funnel with its own stage names, mapped to
// lifecycle stages by label or internal name, or to a column; a first
// stage without a column is reached on the Create Date.
func TestReadHubSpotMap(t *testing.T) {
	stages := []string{"contact", "lead", "demo", "won"}
	rename := map[string]string{"demo": "Sales Qualified Lead", "won": "customer", "channel": "Original Source Drill-Down 1"}
	p, err := ReadHubSpot(os.DirFS("testdata"), "hubspot_ok.csv", stages, rename)
	if err == nil {
		t.Fatalf("got %d contacts; want an error: Direct Traffic's drill-down is empty", len(p.Rows))
	}
	if want := "hubspot_ok.csv:12: column 8 (Original Source Drill-Down 1): \"\" names no channel; every contact in the funnel needs the source they came through"; err.Error() != want {
		t.Fatalf("got  %s\nwant %s", err, want)
	}
	delete(rename, "channel")
	rename["demo"] = "salesqualifiedlead"
	if p, err = ReadHubSpot(os.DirFS("testdata"), "hubspot_ok.csv", stages, rename); err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 14 || p.Skipped != 0 {
		t.Fatalf("got %d contacts, %d skipped; want all 14 (every one has a Create Date)", len(p.Rows), p.Skipped)
	}
	// 106 was created at sql: contact on the Create Date, lead skipped,
	// so reached with demo.
	for _, r := range p.Rows {
		if r.ID == "106" {
			if got := r.Reached[1].Format(dateLayout) + " " + r.Reached[2].Format(dateLayout); r.Entered != 0 || got != "2026-02-14 2026-02-14" {
				t.Errorf("got 106 entered at %d, lead and demo %s; want 0, 2026-02-14 2026-02-14", r.Entered, got)
			}
		}
	}
}

func TestReadHubSpotBad(t *testing.T) {
	tests := []struct {
		name, file string
		stages     []string
		rename     map[string]string
		want       string
	}{
		{name: "empty", file: "hubspot_empty.csv", want: "hubspot_empty.csv: the file is empty; want a header row, then the rows"},
		{name: "unparsable date", file: "hubspot_bad_date.csv", want: "hubspot_bad_date.csv:3: column 5 (Became a Marketing Qualified Lead Date): \"14/03/2026\" is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-03-14 09:12)"},
		{name: "dates out of order", file: "hubspot_out_of_order.csv", want: "hubspot_out_of_order.csv:2: column 6 (Became a Sales Qualified Lead Date): 2026-01-20 is before mql (2026-02-01); lifecycle dates must not go back"},
		{name: "a skipped stage's date goes back", file: "hubspot_skip_back.csv", want: "hubspot_skip_back.csv:2: column 7 (Became an Opportunity Date): 2026-01-02 is before lead (2026-01-06); lifecycle dates must not go back"},
		{name: "no source column", file: "hubspot_no_source.csv", want: "hubspot_no_source.csv:1: no column \"Original Source\" (columns: Record ID, Create Date, Source, Became a Lead Date, Became a Marketing Qualified Lead Date, Became a Sales Qualified Lead Date, Became an Opportunity Date, Became a Customer Date; --map channel=COLUMN names another)"},
		{name: "no stage column", file: "hubspot_no_sql.csv", want: "hubspot_no_sql.csv:1: no column \"Became a Sales Qualified Lead Date\" (columns: Record ID, Create Date, Original Source, Became a Lead Date, Became a Marketing Qualified Lead Date, Became an Opportunity Date, Became a Customer Date; --map sql=COLUMN names another)"},
		{name: "duplicate id", file: "hubspot_dup_id.csv", want: "hubspot_dup_id.csv:3: column 1 (Record ID): \"1\" is the id of line 2 too; ids must be unique"},
		{name: "no source", file: "hubspot_no_channel.csv", want: "hubspot_no_channel.csv:2: column 3 (Original Source): \"\" names no channel; every contact in the funnel needs the source they came through"},
		{name: "nobody in the funnel", file: "hubspot_none_in_funnel.csv", want: "hubspot_none_in_funnel.csv: none of the 2 contacts reached a stage of the funnel (lead, mql, sql, opportunity, customer); want dates in their stages' columns"},
		{name: "a stage HubSpot does not have", file: "hubspot_ok.csv", stages: []string{"lead", "demo", "customer"},
			want: "hubspot_ok.csv:1: no date column for stage \"demo\": HubSpot has no lifecycle stage of that name; --map demo=COLUMN names its column, or --map demo=STAGE a lifecycle stage (Subscriber, Lead, Marketing Qualified Lead, Sales Qualified Lead, Opportunity, Customer, Evangelist)"},
		{name: "unknown stage in map", file: "hubspot_ok.csv", rename: map[string]string{"demo": "Opportunity"},
			want: "--map demo=Opportunity: \"demo\" is not a stage (lead, mql, sql, opportunity, customer) nor a column (channel, created, id, value)"},
		{name: "map to a missing column", file: "hubspot_ok.csv", rename: map[string]string{"value": "Amount"},
			want: "hubspot_ok.csv:1: no column \"Amount\", which --map value=Amount names, and no lifecycle stage of that name (columns: Record ID, First Name, Last Name, Email, Lifecycle Stage, Create Date, Original Source, Original Source Drill-Down 1, Became a Subscriber Date, Became a Lead Date, Became a Marketing Qualified Lead Date, Became a Sales Qualified Lead Date, Became an Opportunity Date, Became a Customer Date, Recent Deal Amount)"},
		{name: "map to a lifecycle stage the file lacks", file: "hubspot_no_sql.csv", rename: map[string]string{"sql": "salesqualifiedlead"},
			want: "hubspot_no_sql.csv:1: no column \"Became a Sales Qualified Lead Date\", the date column of the lifecycle stage --map sql=salesqualifiedlead names (columns: Record ID, Create Date, Original Source, Became a Lead Date, Became a Marketing Qualified Lead Date, Became an Opportunity Date, Became a Customer Date)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stages := tt.stages
			if stages == nil {
				stages = hubSpotStages
			}
			_, err := ReadHubSpot(os.DirFS("testdata"), tt.file, stages, tt.rename)
			if err == nil {
				t.Fatalf("got no error; want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseHubSpotDate(t *testing.T) {
	for _, s := range []string{"2026-03-14", "2026-03-14 09:12", "2026-03-14 09:12:33", "2026-03-14T23:59:59.123Z"} {
		d, err := parseHubSpotDate(s)
		if err != nil || d.Format(dateLayout) != "2026-03-14" {
			t.Errorf("%q: got %v, %v; want 2026-03-14", s, d, err)
		}
	}
}

func TestChannelName(t *testing.T) {
	for in, want := range map[string]string{"Paid Search": "paid_search", " AI Referrals ": "ai_referrals", "E-mail/Marketing": "e_mail_marketing", "---": ""} {
		if got := channelName(in); got != want {
			t.Errorf("%q: got %q; want %q", in, got, want)
		}
	}
}

func FuzzReadHubSpot(f *testing.F) {
	for _, name := range []string{"hubspot_ok.csv", "hubspot_bad_date.csv", "hubspot_out_of_order.csv", "hubspot_skip_back.csv", "hubspot_dup_id.csv", "hubspot_no_sql.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add([]byte("Create Date,Original Source,Became a Customer Date\n2026-01-01,x,2025-01-01\n"), "lead=Create Date")
	f.Fuzz(func(t *testing.T, data []byte, m string) {
		var rename map[string]string
		if k, v, ok := strings.Cut(m, "="); ok {
			rename = map[string]string{k: v}
		}
		p, err := ReadHubSpot(fstest.MapFS{"in.csv": {Data: data}}, "in.csv", hubSpotStages, rename)
		fuzzName(t, err)
		if err == nil {
			for _, r := range p.Rows {
				last := r.Last()
				for k := r.Entered; k <= last; k++ {
					if r.Reached[k].IsZero() || k > r.Entered && r.Reached[k].Before(r.Reached[k-1]) {
						t.Fatalf("got %+v; want every stage from the entry to the last dated, in order", r)
					}
				}
				if r.Channel == "" {
					t.Fatalf("got %+v; want a channel", r)
				}
			}
		}
	})
}
