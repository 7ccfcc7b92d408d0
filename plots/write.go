package plots

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/harvest-planning/harvest/plan"
)

// Chart is one drawn chart and the file name it is written under.
type Chart struct {
	// Name is the file's base name without extension, e.g.
	// "distribution_revenue", "fan_mrr", "funnel", "channels_cac",
	// "channel_shares", "response_paid_search", "capacity", "cash_fan",
	// "cash_out".
	Name string
	// Caption says how to read the chart, for the report.
	Caption string
	Plot    *plot.Plot
}

// captions say how to read each kind of chart, by the name's prefix.
var captions = map[string]string{
	"distribution": "Bars: the share of simulated futures at each value. Solid line: the median (P50); dashed lines: P10 and P90, between which 8 in 10 futures fall. Orange line: the scenario's target.",
	"fan":          "The line is the median month; the dark band holds half of the simulated futures, the light band 9 in 10.",
	"funnel":       "Bars: the median number of people reaching each stage over the horizon; whiskers: P10 to P90. Blue: marketing's stages; orange: sales' stages, from the handoff on.",
	"channels_cac": "Dots: each channel's median CAC; bars: P10 to P90. A channel's CAC counts only its own spend (not reps, commission or onboarding); the dashed line is the blended CAC over all spend.",
	"channels_roi": "Dots: each channel's median ROI over the horizon; bars: P10 to P90; the dashed line is break-even. A channel's ROI counts only its own spend.",
	"channel":      "Grey: each channel's share of all channel spend; green: its share of the customers the channels win (means over the trials). A green bar taller than the grey one pulls more than its weight.",
	"response":     "Expected people entering per month at each monthly spend, with uncertain inputs at their means. The dot marks today's spend; the legend gives the cost of one more entry there.",
	"capacity":     "Bars: people handed to sales each month; orange line: how many sales can take on; red line: people left waiting at the month's end. Medians of the sampled futures.",
	"cash_fan":     "Cash at each month's end. The line is the median month; the dark band holds half of the sampled futures, the light band 9 in 10. Below the red line at $0 the company has run out of cash.",
	"cash_out":     "Dots: the share of all simulated futures whose cash has been below $0 at some month's end by then; it only rises. Shaded: two standard errors of Monte Carlo noise either side. Dashed: 1 future in 10, from which the cash leads what to do.",
}

// poolCaption is the caption of a response curve over the horizon: a
// channel drawing from a pool.
const poolCaption = "Expected people entering over the whole horizon at each monthly spend, as the pool (the market, or the channel's own audience) runs out: people who entered are not reached again, so the curve bends however straight the channel's response. Dashed: what it would bring were the pool endless. Uncertain inputs at their means; nobody leaves."

// caption returns the caption for a chart's name.
func caption(name string) string {
	for k := len(name); k > 0; k-- {
		if c, ok := captions[name[:k]]; ok && (k == len(name) || name[k] == '_') {
			return c
		}
	}
	return ""
}

// Charts draws every chart that applies to a result, in reading order:
// the distributions of DistributionMetrics, the fan charts of FanSeries,
// the funnel, the channels' ChannelMetrics and their shares, a response
// curve per channel that spends money, sales capacity, and with a company
// section the cash (CashFan) and the chance of running out of it by each
// month (CashOut). A chart that does not apply is left out: fan, capacity
// and cash fan charts when the run kept no paths, capacity without a
// sales section, a metric undefined in every trial, a fan whose series
// some month no kept path defines (a sum past the float range).
func Charts(run *plan.Run) ([]Chart, error) {
	if err := checkRun(run); err != nil || run.Result.Scenario == nil {
		return nil, errors.New("plots: no result to draw")
	}
	r := run.Result
	var out []Chart
	add := func(name string, p *plot.Plot, err error) error {
		if err != nil {
			return fmt.Errorf("%s chart: %w", name, err)
		}
		out = append(out, Chart{Name: name, Caption: caption(name), Plot: p})
		return nil
	}
	for _, m := range DistributionMetrics {
		if run.Summary.Metrics[m].Defined == 0 {
			continue
		}
		p, err := Distribution(run, m)
		if err := add("distribution_"+m, p, err); err != nil {
			return nil, err
		}
	}
	kept := len(r.Paths.Trials) > 0
	if kept {
		for _, s := range FanSeries(r) {
			if _, err := monthly(run, s); err != nil {
				continue // a month no kept path defines (a sum past the float range): no fan to draw
			}
			p, err := Fan(run, s)
			if err := add("fan_"+s, p, err); err != nil {
				return nil, err
			}
		}
	}
	if len(r.Stages) > 0 {
		p, err := Funnel(run)
		if err := add("funnel", p, err); err != nil {
			return nil, err
		}
	}
	if len(r.Channels) > 0 {
		for _, m := range ChannelMetrics {
			defined := false
			for _, ch := range r.Channels {
				defined = defined || run.Summary.Channels[ch.Name][m].Defined > 0
			}
			if !defined {
				continue
			}
			p, err := Channels(run, m)
			if err := add("channels_"+m, p, err); err != nil {
				return nil, err
			}
		}
		p, err := Shares(run)
		if err := add("channel_shares", p, err); err != nil {
			return nil, err
		}
	}
	s := r.Scenario
	if r.Horizon > 0 && r.Horizon != s.Horizon {
		s = s.Clone() // a curve over the horizon spans the run's
		s.Horizon = r.Horizon
	}
	for _, c := range plan.ResponseCurves(s, nil) {
		p, err := Response(s, c)
		if err := add("response_"+c.Channel, p, err); err != nil {
			return nil, err
		}
		if c.Horizon > 0 {
			out[len(out)-1].Caption = poolCaption
		}
	}
	if kept && r.Scenario.Sales != nil {
		p, err := Capacity(run)
		if err := add("capacity", p, err); err != nil {
			return nil, err
		}
	}
	if _, ok := run.Cash(); ok {
		if _, err := monthly(run, "cash"); kept && err == nil {
			p, err := CashFan(run)
			if err := add("cash_fan", p, err); err != nil {
				return nil, err
			}
		}
		p, err := CashOut(run)
		if err := add("cash_out", p, err); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Render draws a plot in a format, "png" (at 150 dpi) or "svg", at
// harvest's chart size. SVG text asks for Liberation Sans and falls back to
// its metric twins Arial and Helvetica, so labels keep their widths in a
// browser that lacks the font.
func Render(p *plot.Plot, format string) ([]byte, error) {
	var buf bytes.Buffer
	switch format {
	case "svg":
		c := vgsvg.New(chartWidth, chartHeight)
		p.Draw(margins(draw.New(c)))
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, fmt.Errorf("plots: writing svg: %w", err)
		}
		return fontFallback.ReplaceAll(buf.Bytes(), []byte("font-family:'$1',Arial,Helvetica,sans-serif;")), nil
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(pngDPI))
		p.Draw(margins(draw.New(c)))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, fmt.Errorf("plots: writing png: %w", err)
		}
		return buf.Bytes(), nil
	}
	return nil, fmt.Errorf("plots: format %q is not png or svg", format)
}

// margins keeps a chart's text off the canvas's edges.
func margins(c draw.Canvas) draw.Canvas { return draw.Crop(c, 4, -14, 4, -8) }

var fontFallback = regexp.MustCompile(`font-family:(Liberation [A-Za-z]+);`)
