package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/harvest-planning/harvest/calibrate"
	"github.com/harvest-planning/harvest/measure"
	"github.com/harvest-planning/harvest/model"
)

// calibrateOptions are the options of `harvest calibrate`.
type calibrateOptions struct {
	people, spend, customers string // the exports; people is required
	scenario                 string // a scenario or skeleton to complete; "" for a new one
	asOf                     string // the export date, YYYY-MM-DD; "" for the latest date in the files
	maps                     []string
	output                   string // where to write the scenario; "" for stdout
	from                     string // the people file's format: csv or hubspot
	example                  string // --example: the directory to write synthetic exports into
	seed                     int    // --example's seed
	force                    bool
	out, errOut              io.Writer
}

func newCalibrateCmd() *cobra.Command {
	var opts calibrateOptions
	cmd := &cobra.Command{
		Use:   "calibrate --people FILE [--spend FILE] [--customers FILE] [--scenario FILE] [-o FILE] | --example DIR",
		Short: "Fit a scenario's uncertain values from last year's exports",
		Long: `Fit conversions and stage waits (jointly, counting the people who may still
move on at the export date), costs per entry and volatility per channel, the
deal value, churn and the starting book from CSV exports, as DESIGN.md's
"Calibration from last year's data" defines them.

It writes a scenario: --scenario FILE updated in place of the fitted keys
only (its comments and other keys kept), or a new one whose stages are the
people file's columns. Each fitted key carries a comment with its evidence.
A table of key, before, after and evidence follows, with the keys left
alone and why. With -o the scenario goes to the file and the table to
stdout; without, the scenario goes to stdout and the table to stderr.
What it writes passes 'harvest validate', or nothing is written.

--from hubspot reads --people as a HubSpot contacts export comes: each
stage's date from its "Became a … Date" column (lead, mql, sql,
opportunity, customer by default; --map names others), the channel from
"Original Source".

The conversion into the stage after the handoff is what the data shows:
people sales never followed up count as lost. With a sales section whose
follow_up is below 1 that rate is divided by follow_up, so a run does not
drop them twice.

--example DIR writes a year of synthetic exports (people.csv, spend.csv,
customers.csv) from a built-in (--scenario NAME|FILE, default seed_saas)
and prints the values they come from, to try calibrate without data.`,
		Example: "  harvest calibrate --people people.csv --spend spend.csv --customers customers.csv -o plan.yaml\n" +
			"  harvest calibrate --people people.csv --scenario plan.yaml --map mql=\"MQL date\" -o calibrated.yaml\n" +
			"  harvest calibrate --from hubspot --people contacts.csv --spend spend.csv --scenario plan.yaml -o calibrated.yaml\n" +
			"  harvest calibrate --example example",
		Args: maxArgs(0),
		RunE: action(func(cmd *cobra.Command, args []string) error {
			opts.out, opts.errOut = cmd.OutOrStdout(), cmd.ErrOrStderr()
			return runCalibrate(cmd.Context(), opts)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&opts.people, "people", "", "people export: channel, created, a date column per later stage (required)")
	f.StringVar(&opts.spend, "spend", "", "spend export: month, channel, spend")
	f.StringVar(&opts.customers, "customers", "", "customers export: customer, start, end, mrr")
	f.StringVar(&opts.scenario, "scenario", "", "scenario or skeleton to complete (default: a new one)")
	f.StringVar(&opts.asOf, "as-of", "", "export date, YYYY-MM-DD (default the latest date in the files)")
	f.StringArrayVar(&opts.maps, "map", nil, "stage=column: the people file's column for a stage (or channel, created, entered_at, value, id); repeatable")
	f.StringVarP(&opts.output, "output", "o", "", "write the scenario to this file (default stdout)")
	f.StringVar(&opts.from, "from", "csv", "the people file's format: csv (DESIGN's columns) or hubspot (a HubSpot contacts export as it comes)")
	f.StringVar(&opts.example, "example", "", "write a year of synthetic exports from a built-in (--scenario NAME|FILE, default seed_saas) into DIR, to try calibrate on")
	f.IntVar(&opts.seed, "seed", 1, "--example's random seed (a whole number ≥ 1)")
	f.BoolVar(&opts.force, "force", false, "overwrite the -o file (or --example's files) if it exists")
	return cmd
}

// fitted is one row of calibrate's table: a key set, or left alone.
type fitted struct {
	key, before, after, evidence string
	why                          string // left alone: why; "" when set
}

// calibration is a scenario document being completed.
type calibration struct {
	doc    *yaml.Node // the document's top mapping
	rows   []fitted
	fresh  bool   // a new scenario, not one given
	source []byte // the given scenario's text
}

func runCalibrate(ctx context.Context, opts calibrateOptions) error {
	if opts.example != "" {
		return runCalibrateExample(opts)
	}
	if opts.from != "csv" && opts.from != "hubspot" {
		return usageErrorf("--from %s: want csv or hubspot", printable(opts.from))
	}
	if opts.people == "" {
		return usageErrorf("--people is required: the people export (channel, created, a date column per later stage)")
	}
	rename := map[string]string{}
	for _, m := range opts.maps {
		stage, column, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(stage) == "" || strings.TrimSpace(column) == "" {
			return usageErrorf("--map %s: want stage=column, e.g. --map mql=\"MQL date\"", m)
		}
		rename[strings.TrimSpace(stage)] = strings.TrimSpace(column)
	}
	for _, f := range []string{opts.scenario, opts.output} {
		if ext := strings.ToLower(filepath.Ext(f)); f != "" && ext != ".yaml" && ext != ".yml" {
			return usageErrorf("%s: calibrate reads and writes YAML scenarios (.yaml or .yml), whose comments it keeps", printable(f))
		}
	}
	c := &calibration{fresh: opts.scenario == ""}
	var stages []string
	if c.fresh {
		c.doc = &yaml.Node{Kind: yaml.MappingNode}
		var err error
		if opts.from == "hubspot" {
			stages = slices.Clone(hubSpotStages)
		} else if stages, err = stagesFromHeader(opts.people, rename); err != nil {
			return usageErrorf("%w", err)
		}
	} else {
		data, err := os.ReadFile(opts.scenario)
		if err != nil {
			return usageErrorf("--scenario: %w", err)
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			return usageErrorf("scenario %s: %w", printable(opts.scenario), err)
		}
		if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
			return usageErrorf("scenario %s: want a YAML mapping with funnel.stages", printable(opts.scenario))
		}
		c.doc, c.source = root.Content[0], data
		for _, s := range c.get("funnel", "stages").Content {
			stages = append(stages, s.Value)
		}
		if len(stages) < 2 {
			return usageErrorf("scenario %s: funnel.stages: want at least 2 stages to calibrate", printable(opts.scenario))
		}
	}
	dir, base := filepath.Split(opts.people)
	read := calibrate.ReadPeople
	if opts.from == "hubspot" {
		read = calibrate.ReadHubSpot
	}
	p, err := read(os.DirFS(dirOf(dir)), base, stages, rename)
	if err != nil {
		return usageErrorf("%w", err)
	}
	var sp *calibrate.Spend
	if opts.spend != "" {
		dir, base := filepath.Split(opts.spend)
		if sp, err = calibrate.ReadSpend(os.DirFS(dirOf(dir)), base); err != nil {
			return usageErrorf("%w", err)
		}
		if err = calibrate.CheckSpend(p, sp); err != nil {
			return usageErrorf("%w", err)
		}
	}
	var cu *calibrate.Customers
	if opts.customers != "" {
		dir, base := filepath.Split(opts.customers)
		if cu, err = calibrate.ReadCustomers(os.DirFS(dirOf(dir)), base); err != nil {
			return usageErrorf("%w", err)
		}
	}
	asOf := p.Latest
	if cu != nil {
		for _, r := range cu.Rows {
			asOf = later(later(asOf, r.Start), r.End)
		}
	}
	if opts.asOf != "" {
		if asOf, err = time.Parse("2006-01-02", opts.asOf); err != nil {
			return usageErrorf("--as-of %s: not a date (YYYY-MM-DD, e.g. 2026-12-31)", opts.asOf)
		}
	}
	if asOf.Before(p.First) {
		return usageErrorf("--as-of %s is before the people's first date %s", asOf.Format("2006-01-02"), p.First.Format("2006-01-02"))
	}
	if c.fresh {
		c.skeleton(p, sp, cu)
	}
	if err := c.conversions(p, asOf); err != nil {
		return err
	}
	if sp != nil {
		c.costs(p, sp)
	} else {
		c.leave("channels.*.unit_cost, volatility", "not in the files: no --spend")
	}
	c.deal(p)
	if cu != nil {
		if err := c.book(cu, p.First, asOf); err != nil {
			return err
		}
	} else {
		c.leave("customers.churn, starting, starting_mrr", "not in the files: no --customers")
	}

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{c.doc}}); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	out := buf.Bytes()
	if !c.fresh {
		out = keepBlankLines(c.source, out)
	}
	name := "calibrated.yaml"
	if opts.output != "" {
		name = filepath.Base(opts.output)
	}
	if _, err := model.Parse(name, out, nil); err != nil {
		c.printTable(opts.errOut, p, asOf)
		return fmt.Errorf("the calibrated scenario does not pass validation; nothing was written (give the missing keys in --scenario):\n%w", err)
	}
	table := opts.out
	if opts.output == "" {
		table = opts.errOut
		if _, err := opts.out.Write(out); err != nil {
			return err
		}
	} else {
		err := writeFileWhole(ctx, opts.output, opts.force, func(w io.Writer) error {
			_, err := w.Write(out)
			return err
		})
		if err != nil {
			return err
		}
	}
	c.printTable(table, p, asOf)
	if opts.output != "" {
		fmt.Fprintf(table, "wrote %s; try: harvest validate %s\n", printable(opts.output), printable(opts.output))
	}
	return nil
}

// hubSpotStages are a new scenario's stages from a HubSpot export:
// HubSpot's lifecycle stages from lead to customer.
var hubSpotStages = []string{"lead", "mql", "sql", "opportunity", "customer"}

func dirOf(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// stagesFromHeader names a new scenario's stages from the people file's
// header: "lead" where people enter, then each column that is not one of
// the people file's own (channel, created, entered_at, value, id), in the
// file's order, under the stage name --map gives it.
func stagesFromHeader(name string, rename map[string]string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil {
		return nil, fmt.Errorf("%s: no header row (%v); want channel, created and a date column per later stage", filepath.Base(name), err)
	}
	column := map[string]string{} // column → what --map names it
	for what, col := range rename {
		column[col] = what
	}
	known := []string{"channel", "created", "entered_at", "value", "id"}
	stages := []string{"lead"}
	for _, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if what, ok := column[h]; ok {
			h = what
		}
		if h == "" || slices.Contains(known, h) || slices.Contains(stages, h) {
			continue
		}
		stages = append(stages, h)
	}
	if len(stages) < 2 {
		return nil, fmt.Errorf("%s: no stage columns; want a date column per stage after the first (e.g. mql, customer)", filepath.Base(name))
	}
	return stages, nil
}

// skeleton writes what a new scenario needs besides the fitted values: its
// name, the stages, a channel per channel in the people file entering at
// the stage most of its people entered at (entered_at; the first stage
// without it), spending last year's monthly mean, and a subscription's
// revenue when a customers file says what it is.
func (c *calibration) skeleton(p *calibrate.People, sp *calibrate.Spend, cu *calibrate.Customers) {
	c.set([]string{"name"}, scalar("Calibrated from "+p.File), "")
	st := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range p.Stages {
		st.Content = append(st.Content, scalar(s))
	}
	c.set([]string{"funnel", "stages"}, st, "")
	for _, ch := range peopleChannels(p) {
		c.set([]string{"channels", ch, "enters"}, scalar(p.Stages[entryStage(p, ch)]), "")
		if sp == nil {
			continue
		}
		total, months := 0.0, map[calibrate.Month]bool{}
		for _, r := range sp.Rows {
			if r.Channel == ch {
				total += r.Spend
				months[r.Month] = true
			}
		}
		if len(months) > 0 {
			mean := math.Round(total / float64(len(months)))
			c.setFitted("channels."+ch+".spend", []string{"channels", ch, "spend"}, number(mean),
				measure.Money.Format(mean), fmt.Sprintf("last year's monthly mean, %s", measure.Count.Plural(float64(len(months)), "month")))
		}
	}
	if cu != nil {
		c.set([]string{"customers", "revenue"}, scalar("subscription"), "")
	}
}

// entryStage is the stage most of a channel's people entered at, the
// earlier on a tie.
func entryStage(p *calibrate.People, ch string) int {
	n := make([]int, len(p.Stages))
	for _, r := range p.Rows {
		if r.Channel == ch {
			n[r.Entered]++
		}
	}
	best := 0
	for k := range n {
		if n[k] > n[best] {
			best = k
		}
	}
	return best
}

func peopleChannels(p *calibrate.People) []string {
	seen := map[string]bool{}
	for _, r := range p.Rows {
		seen[r.Channel] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// conversions fits each stage's conversion and wait, and the channels'
// overrides the package finds.
//
// The conversion into the stage after the handoff is fitted from who moved
// on, and sales never works the share 1 − follow_up of the people handed
// off: the data's rate already counts them as lost. When the scenario has
// a sales section with follow_up below 1, that rate (and any channel's
// override of it) is divided by follow_up's mean before it is written, so
// a run does not drop them twice; follow_up itself, and so the share of
// handed-off people that take sales time, is kept. When follow_up is not
// a plain number calibrate can read, or the division would pass 1,
// follow_up is set to 1 instead and the rate is written as the data has it.
func (c *calibration) conversions(p *calibrate.People, asOf time.Time) error {
	window := p.First.Format("2006-01") + ".." + asOf.Format("2006-01")
	handoff, fu, fuKnown := c.followUp()
	for k := 1; k < len(p.Stages); k++ {
		stage, from := p.Stages[k], p.Stages[k-1]
		afterHandoff := from == handoff && (!fuKnown || fu < 1)
		key := "funnel.conversion." + stage
		mkey := "funnel.months." + from // the months spent in the stage waited in
		st, err := calibrate.Channels(p.EvidenceByChannel(k, asOf), nil)
		if err != nil {
			c.leave(key, "too little data: nobody reached "+p.Stages[k-1])
			c.leave(mkey, "too little data: nobody reached "+from)
			continue
		}
		f := st.Funnel
		ev := fmt.Sprintf("%s at risk, %s moved, %s", measure.Count.Format(float64(f.AtRisk)), measure.Count.Format(float64(f.Moved)), window)
		if len(st.Overrides) > 0 {
			ev += ", without " + strings.Join(slices.Sorted(maps.Keys(st.Overrides)), ", ")
		}
		if st.Thin {
			if c.has("funnel", "conversion", stage) {
				c.leave(key, fmt.Sprintf("too little data: %s people at risk (fewer than %d); the scenario's kept", measure.Count.Format(float64(f.AtRisk)), calibrate.MinAtRisk))
				c.leave(mkey, "too little data: the conversion's people are too few")
				continue
			}
			ev += fmt.Sprintf("; thin: fewer than %d people", calibrate.MinAtRisk)
		}
		conv, cev := f.Conversion, ev
		if afterHandoff {
			var ok bool
			if conv, ok = divideBeta(f.Conversion, fu); ok && fuKnown {
				cev += fmt.Sprintf("; ÷ follow_up %s: the data's rate counts the people sales never worked", measure.Number.Format(fu))
			} else {
				conv = f.Conversion
				fuKnown = false
			}
		}
		c.setFitted(key, []string{"funnel", "conversion", stage}, valueNode(conv), conv.Describe(), cev)
		if afterHandoff && !fuKnown {
			c.setFitted("sales.follow_up", []string{"sales", "follow_up"}, number(1), "1",
				"the fitted "+key+" already counts the people sales never worked")
		}
		if f.HasMonths {
			c.setFitted(mkey, []string{"funnel", "months", from}, valueNode(f.Months), f.Months.Describe(), ev)
		} else {
			c.leave(mkey, "too little data: nobody moved on, so nothing says how long it takes")
		}
		for _, ch := range slices.Sorted(maps.Keys(st.Overrides)) {
			o := st.Overrides[ch]
			okey := "channels." + ch + ".conversion." + stage
			if !c.has("channels", ch) {
				c.leave(okey, "the channel is not in the scenario")
				continue
			}
			oconv, oev := o.Conversion, fmt.Sprintf("%s at risk, %s moved, %s; more than %d sd from the funnel's", measure.Count.Format(float64(o.AtRisk)), measure.Count.Format(float64(o.Moved)), window, calibrate.OverrideSD)
			if afterHandoff && fuKnown {
				if d, ok := divideBeta(o.Conversion, fu); ok {
					oconv, oev = d, oev+fmt.Sprintf("; ÷ follow_up %s", measure.Number.Format(fu))
				}
			}
			c.setFitted(okey, []string{"channels", ch, "conversion", stage}, valueNode(oconv), oconv.Describe(), oev)
		}
		if len(st.Pooled) > 0 {
			c.leave("channels.{"+strings.Join(st.Pooled, ", ")+"}.conversion."+stage,
				fmt.Sprintf("too little data: fewer than %d at risk each; pooled with the funnel's", calibrate.MinAtRisk))
		}
	}
	return nil
}

// followUp returns the scenario's handoff stage and sales.follow_up (1
// when not given), and whether follow_up is a number calibrate can read;
// handoff is "" without a sales section or a handoff.
func (c *calibration) followUp() (handoff string, fu float64, known bool) {
	if !c.has("sales") {
		return "", 1, true
	}
	handoff = c.get("funnel", "handoff").Value
	n := c.get("sales", "follow_up")
	if n.Kind == 0 {
		return handoff, 1, true
	}
	x, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || err != nil || x <= 0 || x > 1 {
		return handoff, 1, false
	}
	return handoff, x, true
}

// divideBeta returns the Beta whose mean and sd are v's divided by d: the
// conversion of the people sales works, from the rate over everyone
// handed off. It fails when that is no Beta (the mean would reach 1).
func divideBeta(v model.Value, d float64) (model.Value, bool) {
	if d == 1 {
		return v, true
	}
	if v.Family != model.Beta || d <= 0 {
		return v, false
	}
	n := v.Alpha + v.Beta
	m := v.Alpha / n
	sd := math.Sqrt(m * (1 - m) / (n + 1))
	m, sd = m/d, sd/d
	if m >= 1 || sd <= 0 || sd*sd >= m*(1-m) {
		return v, false
	}
	n = m*(1-m)/(sd*sd) - 1
	return model.Value{Family: model.Beta, Alpha: m * n, Beta: (1 - m) * n}, true
}

// costs fits each channel's cost per entry and volatility.
func (c *calibration) costs(p *calibrate.People, sp *calibrate.Spend) {
	for _, ch := range peopleChannels(p) {
		key := "channels." + ch + ".unit_cost"
		if !c.has("channels", ch) {
			c.leave(key, "the channel is not in the scenario")
			continue
		}
		if c.get("channels", ch, "kind").Value == "sales" {
			c.leave(key, "a sales channel: its cost is its heads (cost_per_head), not a cost per entry")
			continue
		}
		if r := c.get("channels", ch, "response").Value; r == "hill" || r == "headcount" {
			c.leave(key, "a "+r+" channel: its entries do not follow a unit_cost (fit its curve by hand)")
			continue
		}
		cost, err := calibrate.UnitCost(p, sp, ch)
		if err != nil {
			c.leave(key, "too little data: "+strings.TrimPrefix(err.Error(), "calibrate: "))
			continue
		}
		ev := measure.Count.Plural(float64(cost.Months), "month") + " of spend and entries"
		uev := ev
		if c.has("channels", ch, "max_per_month") {
			// A saturating channel's unit_cost is its cost per entry at low
			// spend; the data's is the average at last year's spend, which
			// the ceiling already raised. Taken back through the curve
			// entries = max(1 − e^(−spend/(unit_cost·max))) at the mean
			// monthly spend, so a run does not saturate it twice.
			mx, ok := nodeMean(c.get("channels", ch, "max_per_month"))
			x := meanSpend(sp, ch) / math.Exp(cost.UnitCost.Mu) / mx
			if !ok || !(x > 0 && x < 1) {
				c.leave(key, "a saturating channel whose max_per_month calibrate cannot read (give a number or {low, high}), or that last year's entries reach")
				continue
			}
			cost.UnitCost.Mu += math.Log(x / -math.Log1p(-x))
			uev += fmt.Sprintf("; at low spend, under max_per_month %s (last year's entries were %s of it)", measure.Count.Format(mx), measure.Share.Format(x))
		}
		c.setFitted(key, []string{"channels", ch, "unit_cost"}, valueNode(cost.UnitCost), cost.UnitCost.Describe(), uev)
		vol := math.Round(cost.Volatility*1000) / 1000
		c.setFitted("channels."+ch+".volatility", []string{"channels", ch, "volatility"}, number(vol), measure.Number.Format(vol), ev)
	}
}

// nodeMean is the mean of a number or a {low, high} range as a scenario
// writes them; false for anything else.
func nodeMean(n *yaml.Node) (float64, bool) {
	if n.Kind == yaml.ScalarNode {
		x, err := strconv.ParseFloat(n.Value, 64)
		return x, err == nil && x > 0
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 4 {
		v := map[string]float64{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			x, err := strconv.ParseFloat(n.Content[i+1].Value, 64)
			if err != nil {
				return 0, false
			}
			v[n.Content[i].Value] = x
		}
		lo, okl := v["low"]
		hi, okh := v["high"]
		return (lo + hi) / 2, okl && okh && lo > 0
	}
	return 0, false
}

// meanSpend is a channel's mean monthly spend over the months it spent.
func meanSpend(sp *calibrate.Spend, ch string) float64 {
	total, n := 0.0, 0
	for _, r := range sp.Rows {
		if r.Channel == ch && r.Spend > 0 {
			total += r.Spend
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return total / float64(n)
}

// deal fits the deal value from the won rows' values.
func (c *calibration) deal(p *calibrate.People) {
	d, err := calibrate.DealValue(p)
	if err != nil {
		c.leave("customers.value", "too little data: "+strings.TrimPrefix(err.Error(), "calibrate: "))
		return
	}
	c.setFitted("customers.value", []string{"customers", "value"}, valueNode(d.Value), d.Value.Describe(),
		measure.Count.Plural(float64(d.Deals), "won deal")+" with a value")
}

// book fits churn and the starting book from the customers file.
func (c *calibration) book(cu *calibrate.Customers, from, asOf time.Time) error {
	b, err := calibrate.BookOf(cu, from, asOf)
	if err != nil {
		return usageErrorf("%w", err)
	}
	window := from.Format("2006-01") + ".." + asOf.Format("2006-01")
	c.setFitted("customers.churn", []string{"customers", "churn"}, valueNode(b.Churn), b.Churn.Describe(),
		fmt.Sprintf("%s in %s, %s", measure.Count.Plural(float64(b.Churned), "churn"), measure.Count.Plural(float64(b.Kept), "customer-month")+" kept", window))
	ev := "kept at " + asOf.Format("2006-01-02")
	c.setFitted("customers.starting", []string{"customers", "starting"}, number(float64(b.Starting)), measure.Count.Format(float64(b.Starting)), ev)
	mrr := math.Round(b.StartingMRR)
	c.setFitted("customers.starting_mrr", []string{"customers", "starting_mrr"}, number(mrr), measure.Money.Format(mrr), ev)
	return nil
}

// get returns the node at path in the document, or nil.
func (c *calibration) get(path ...string) *yaml.Node {
	n := c.doc
	for _, k := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return &yaml.Node{}
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	if n == nil {
		return &yaml.Node{}
	}
	return n
}

// has reports whether the document gives path.
func (c *calibration) has(path ...string) bool { return c.get(path...).Kind != 0 }

// set puts value at path, creating the mappings on the way, and gives it
// a line comment; a key already there keeps its place and its comments
// above.
func (c *calibration) set(path []string, value *yaml.Node, comment string) (before *yaml.Node) {
	n := c.doc
	for depth, k := range path {
		n.Style &^= yaml.FlowStyle // a comment inside {…} would break it
		var at = -1
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				at = i
			}
		}
		last := depth == len(path)-1
		if at < 0 {
			next := &yaml.Node{Kind: yaml.MappingNode}
			if last {
				next = value
			}
			n.Content = append(n.Content, scalar(k), next)
			at = len(n.Content) - 2
		} else if last {
			before = n.Content[at+1]
			value.HeadComment = before.HeadComment
			value.FootComment = before.FootComment
			n.Content[at+1] = value
		} else if n.Content[at+1].Kind != yaml.MappingNode {
			n.Content[at+1] = &yaml.Node{Kind: yaml.MappingNode}
		}
		if last {
			if comment != "" {
				n.Content[at].LineComment = ""
				value.LineComment = comment
			}
			return before
		}
		n = n.Content[at+1]
	}
	return nil
}

// setFitted sets a fitted key and adds its row to the table.
func (c *calibration) setFitted(key string, path []string, value *yaml.Node, after, evidence string) {
	before := c.set(path, value, "# fitted: "+evidence)
	b := "—"
	if before != nil {
		b = nodeText(before)
	}
	c.rows = append(c.rows, fitted{key: key, before: b, after: after, evidence: evidence})
}

func (c *calibration) leave(key, why string) {
	c.rows = append(c.rows, fitted{key: key, why: why})
}

func (c *calibration) printTable(w io.Writer, p *calibrate.People, asOf time.Time) {
	skipped := ""
	if p.Skipped > 0 {
		skipped = fmt.Sprintf("; %s in no stage of the funnel left out", measure.Count.Plural(float64(p.Skipped), "contact"))
	}
	fmt.Fprintf(w, "calibrated from %s (%s people, %s to %s%s)\n", p.File, measure.Count.Format(float64(len(p.Rows))),
		p.First.Format("2006-01-02"), asOf.Format("2006-01-02"), skipped)
	rows := [][]string{{"key", "before", "after", "evidence"}}
	var left []fitted
	for _, r := range c.rows {
		if r.why != "" {
			left = append(left, r)
			continue
		}
		rows = append(rows, []string{r.key, r.before, r.after, r.evidence})
	}
	if len(rows) > 1 {
		writeTable(w, "  ", rows, "llll")
	} else {
		fmt.Fprintln(w, "  nothing fitted")
	}
	if len(left) > 0 {
		fmt.Fprintln(w, "left as they were:")
		for _, r := range left {
			fmt.Fprintf(w, "  %s: %s\n", r.key, r.why)
		}
	}
}

// nodeText is a scenario value as written, on one line.
func nodeText(n *yaml.Node) string {
	m := *n
	m.HeadComment, m.LineComment, m.FootComment = "", "", ""
	if m.Kind == yaml.MappingNode || m.Kind == yaml.SequenceNode {
		m.Style = yaml.FlowStyle
	}
	b, err := yaml.Marshal(&m)
	if err != nil {
		return n.Value
	}
	return strings.TrimSpace(string(b))
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func number(x float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(x, 'g', -1, 64)}
}

// valueNode writes a fitted value as the scenario's YAML does: a number, or
// {dist: beta, alpha, beta} and {dist: lognormal, mu, sigma} to 4
// significant digits.
func valueNode(v model.Value) *yaml.Node {
	g := func(x float64) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(x, 'g', 4, 64)}
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	switch v.Family {
	case model.Beta:
		m.Content = []*yaml.Node{scalar("dist"), scalar("beta"), scalar("alpha"), g(v.Alpha), scalar("beta"), g(v.Beta)}
	case model.LogNormal:
		m.Content = []*yaml.Node{scalar("dist"), scalar("lognormal"), scalar("mu"), g(v.Mu), scalar("sigma"), g(v.Sigma)}
	default:
		return number(v.X)
	}
	return m
}

// keepBlankLines puts back the blank lines the given scenario had before
// its top-level keys (and the comments above them), which the YAML
// encoder drops: the sections stay apart as the user laid them out.
func keepBlankLines(source, out []byte) []byte {
	spaced := map[string]bool{}
	lines := strings.Split(string(source), "\n")
	for i, l := range lines {
		key, ok := topKey(l)
		if !ok {
			continue
		}
		j := i - 1
		for j >= 0 && strings.HasPrefix(lines[j], "#") {
			j--
		}
		spaced[key] = j >= 0 && strings.TrimSpace(lines[j]) == ""
	}
	outLines := strings.Split(string(out), "\n")
	for i, l := range outLines {
		if key, ok := topKey(l); ok && spaced[key] {
			// the blank line goes above the comments that head the key
			j := i
			for j > 0 && strings.HasPrefix(outLines[j-1], "#") {
				j--
			}
			if j > 0 && strings.TrimSpace(outLines[j-1]) != "" {
				outLines[j-1] += "\n"
			}
		}
	}
	return []byte(strings.Join(outLines, "\n"))
}

// topKey returns the key a line starts at the top level of a YAML
// mapping, as in "funnel:" or "name: Next year".
func topKey(line string) (string, bool) {
	if line == "" || line[0] == ' ' || line[0] == '#' || line[0] == '-' || line[0] == '\t' {
		return "", false
	}
	key, _, ok := strings.Cut(line, ":")
	return key, ok
}
