package plots

import (
	"bytes"
	"context"
	"html/template"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/harvest-planning/harvest/plan"
	"github.com/harvest-planning/harvest/sim"
)

func TestCharts(t *testing.T) {
	r := run(t, "seed_saas.yaml")
	charts, err := Charts(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"svg", "png"} {
		t.Run(format, func(t *testing.T) {
			for _, c := range charts {
				data, err := Render(c.Plot, format)
				if err != nil {
					t.Fatalf("%s: %v", c.Name, err)
				}
				if format == "png" {
					img, err := png.Decode(bytes.NewReader(data))
					if err != nil {
						t.Fatalf("%s: %v", c.Name, err)
					}
					// 7 × 4.2 inches at 150 dpi.
					if b := img.Bounds(); b.Dx() != 1050 || b.Dy() != 630 {
						t.Errorf("%s: got %d×%d pixels; want 1050×630", c.Name, b.Dx(), b.Dy())
					}
				} else if !bytes.Contains(data, []byte("<svg")) {
					t.Errorf("%s: not an svg", c.Name)
				}
			}
		})
	}
	want := []string{"distribution_revenue", "distribution_new_customers", "distribution_cac", "distribution_roi",
		"fan_mrr", "fan_customers", "funnel", "channels_cac", "channels_roi", "channel_shares"}
	var got []string
	for _, c := range charts {
		got = append(got, c.Name)
		if c.Caption == "" {
			t.Errorf("%s: no caption", c.Name)
		}
	}
	// seed_saas has a company section: its two cash charts come last.
	if n := len(got); !slices.Equal(got[:len(want)], want) || n < 3 || got[n-3] != "capacity" || got[n-2] != "cash_fan" || got[n-1] != "cash_out" {
		t.Errorf("charts: got %v; want %v, the response curves, capacity, cash_fan, cash_out", got, want)
	}
}

// loaded finds references a browser would fetch: src=, href=, url(),
// @import, with an http(s) or protocol-relative address.
var loaded = regexp.MustCompile(`(?i)(src|href|action|poster|data)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?\s*(https?:)?//|@import`)

func TestReport(t *testing.T) {
	for _, tt := range []struct {
		name string
		r    *plan.Run
	}{
		{"seed_saas", run(t, "seed_saas.yaml")},
		{"dtc_shop", run(t, "dtc_shop.yaml")},
		{"synthetic", plan.Review(synth(300, 2, 9))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Report(&buf, tt.r, "plan.yaml"); err != nil {
				t.Fatalf("Report: %v", err)
			}
			doc := buf.String()
			for _, id := range []string{"findings", "summary", "funnel", "channels", "charts", "inputs", "scenario"} {
				if !strings.Contains(doc, `<section id="`+id+`">`) {
					t.Errorf("no %s section", id)
				}
			}
			if len(tt.r.Result.Scenario.Targets) > 0 && !strings.Contains(doc, `id="targets"`) {
				t.Error("no targets table")
			}
			if !strings.Contains(doc, `id="budget"`) {
				t.Error("no budget table")
			}
			charts, err := Charts(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range charts {
				if !strings.Contains(doc, `<figure id="chart-`+c.Name+`">`) {
					t.Errorf("no figure for chart %s", c.Name)
				}
			}
			if got := strings.Count(doc, "<svg "); got != len(charts) {
				t.Errorf("inline svgs: got %d; want %d", got, len(charts))
			}
			if m := loaded.FindString(doc); m != "" {
				t.Errorf("the report loads %q from elsewhere", m)
			}
			// Any remaining http(s) address is an SVG namespace name, which
			// nothing fetches.
			rest := strings.NewReplacer(`xmlns="http://www.w3.org/2000/svg"`, "", `xmlns:xlink="http://www.w3.org/1999/xlink"`, "").Replace(doc)
			if i := strings.Index(rest, "http"); i >= 0 && regexp.MustCompile(`https?://`).MatchString(rest) {
				t.Errorf("an address outside an xmlns attribute: %q", rest[max(0, i-40):min(len(rest), i+60)])
			}
			if strings.Contains(doc, "<script") {
				t.Error("the report has a <script> element: it must work without JavaScript, and user text must be escaped")
			}
			if badNumber.MatchString(doc) {
				t.Errorf("the report shows %q", badNumber.FindString(doc))
			}
			// What to do comes first, then the rest of the findings,
			// most important first, then the tables.
			at := strings.Index(doc, "<h2>What to do</h2>")
			if lead := tt.r.Lead(); len(lead) > 0 && at < 0 {
				t.Error("no What to do heading")
			}
			for _, f := range tt.r.Findings {
				i := strings.Index(doc, "<li>"+template.HTMLEscapeString(f.String())+"</li>")
				if i < 0 {
					t.Errorf("finding missing: %q", f)
					continue
				}
				if i < at {
					t.Errorf("finding %q before What to do", f)
				}
				at = i
			}
			if summary := strings.Index(doc, `<section id="summary">`); at > summary {
				t.Error("findings after the summary tables; want them first")
			}
			if !strings.Contains(doc, "scenario plan.yaml") {
				t.Error("the header does not name the scenario's source")
			}
			for _, in := range tt.r.Result.Inputs {
				if !in.Value.IsFixed() && !strings.Contains(doc, "<td>"+in.Key+"</td>") {
					t.Errorf("input %s missing", in.Key)
				}
			}
			if !strings.Contains(doc, "@media print") {
				t.Error("no print styles")
			}
		})
	}
	// The synthetic scenario's source has a script tag in a comment: it is
	// shown, escaped.
	var buf bytes.Buffer
	if err := Report(&buf, plan.Review(synth(100, 1, 0)), ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "# &lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the scenario's source is not shown escaped")
	}
}

// The summary's column of undefined trials is shown only when some
// headline metric is undefined in some trial, and then filled.
func TestReportUndefinedColumn(t *testing.T) {
	for _, tt := range []struct {
		name string
		r    *sim.Result
		want bool
	}{
		{"all defined", synth(100, 1, 0), false},
		{"cac undefined in 1 trial of 50", synth(100, 1, 0), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.want {
				for _, m := range headline {
					for i, x := range tt.r.Metrics[m] {
						if math.IsNaN(x) {
							tt.r.Metrics[m][i] = 1
						}
					}
				}
			}
			var buf bytes.Buffer
			if err := Report(&buf, plan.Review(tt.r), ""); err != nil {
				t.Fatal(err)
			}
			doc := buf.String()
			if got := strings.Contains(doc, "<th>undefined trials</th>"); got != tt.want {
				t.Errorf("undefined column: got %v; want %v", got, tt.want)
			}
			if tt.want && !regexp.MustCompile(`<td>CAC</td>(<td>[^<]*</td>){3}<td>2</td>`).MatchString(doc) {
				t.Error("the CAC row does not count its 2 undefined trials of 100")
			}
		})
	}
}

// TestReportInChromium renders the report in headless Chromium and checks
// that the screenshot shows something: at least 3% of its pixels are not
// white.
func TestReportInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if chromium, err = exec.LookPath("chromium-browser"); err != nil {
			t.Skip("chromium not installed: install Debian's chromium package to run this test")
		}
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := Report(&buf, run(t, "seed_saas.yaml"), "built-in seed_saas"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--window-size=1100,4000",
		"--screenshot="+shot, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	b := img.Bounds()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
		}
	}
	if share := float64(ink) / float64(b.Dx()*b.Dy()); share < 0.03 {
		t.Errorf("non-white pixels: got %.2f%%; want at least 3%% (is the page blank?)", 100*share)
	}
}

// The report shows the market's and the teams' metrics when the run has
// them, in tables of their own, and not otherwise.
func TestReportMarketAndPeople(t *testing.T) {
	res := synth(200, 1, 6)
	var b bytes.Buffer
	if err := Report(&b, plan.Review(res), "synth.yaml"); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, `id="market"`) || strings.Contains(s, `id="people"`) {
		t.Error("a run without a market or attrition: the report has their tables")
	}
	col := func(x float64) []float64 {
		c := make([]float64, res.Trials)
		for i := range c {
			c[i] = x
		}
		return c
	}
	res.Metrics["market_reached"] = col(0.86)
	res.Metrics["rep_leavers"] = col(2)
	res.Channels[1].Metrics["audience_used"] = col(0.4)
	res.Channels[1].Metrics["leavers"] = col(1)
	b.Reset()
	if err := Report(&b, plan.Review(res), "synth.yaml"); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{
		`<h3 id="market">Market</h3>`, "<tr><td>Market reached</td><td>86%</td><td>86%</td><td>86%</td></tr>",
		"<tr><td>sdr&#39;s audience used</td><td>40%</td>",
		`<h3 id="people">People who leave</h3>`, "<tr><td>Reps who left</td><td>2</td>", "<tr><td>sdr&#39;s heads who left</td><td>1</td>",
		"The market is 86% reached by month 12 at the median",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report: no %q", want)
		}
	}
}
