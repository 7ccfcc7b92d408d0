package plots

import (
	"fmt"
	"image/color"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours come from the Okabe–Ito palette, which stays distinct for readers
// with colour-blindness and in greyscale print.
var (
	colMarketing = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF} // blue
	colSales     = color.NRGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF} // orange
	colTarget    = color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF} // vermillion
	colGood      = color.NRGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF} // green
	colAccent    = color.NRGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF} // purple
	colHist      = color.NRGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0xB0} // sky, translucent
	colBandWide  = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0x30}
	colBandMid   = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0x60}
	colInk       = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xFF}
	colMuted     = color.NRGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xFF}
	colGrid      = color.NRGBA{R: 0xDD, G: 0xDD, B: 0xDD, A: 0xFF}
)

// Chart sizes in points; PNGs are rendered at pngDPI.
const (
	chartWidth  = 7 * vg.Inch
	chartHeight = 4.2 * vg.Inch
	pngDPI      = 150
)

var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// newPlot returns a plot with harvest's look: sans-serif text set on every
// style (not through plot.DefaultFont, a global other code may share), a
// bold title, light grid lines and the legend at the top right.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansBold, 13)
	p.Title.TextStyle.Color = colInk
	p.Title.Padding = 8
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Label.TextStyle.Color = colInk
		a.Tick.Label.Font = font.From(sans, 9.5)
		a.Tick.Label.Color = colInk
		a.Color = colMuted
		a.Tick.Color = colMuted
		a.Padding = 0
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.TextStyle.Font = font.From(sans, 9.5)
	p.Legend.TextStyle.Color = colInk
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = 18
	p.Legend.Padding = 2
	p.Add(grid())
	return p
}

// legendLeft puts a plot's legend at the top left, far enough right of the
// y axis that its swatches do not sit on the axis line.
func legendLeft(p *plot.Plot) {
	p.Legend.Left = true
	p.Legend.XOffs = legendInset
}

// legendInset is how far a left legend stands off the y axis.
const legendInset vg.Length = 10

// grid returns light horizontal grid lines.
func grid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Width = 0
	g.Horizontal.Color = colGrid
	g.Horizontal.Width = 0.5
	return g
}

// lineStyle returns a solid or dashed line.
func lineStyle(c color.Color, width vg.Length, dashed bool) draw.LineStyle {
	ls := draw.LineStyle{Color: c, Width: width}
	if dashed {
		ls.Dashes = []vg.Length{5, 3}
	}
	return ls
}

// labelStyle is the text style of labels drawn inside the data area.
func labelStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(sans, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YBottom,
		Handler: plot.DefaultTextHandler,
	}
}

// textLabels writes texts at points, each in style and offset by off from its
// point.
func textLabels(at plotter.XYs, texts []string, style text.Style, off vg.Point) (*plotter.Labels, error) {
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: at, Labels: texts})
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i] = style
	}
	lab.Offset = off
	return lab, nil
}

var plotterWhite = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}

// vline returns a vertical line at x from y0 to y1.
func vline(x, y0, y1 float64, ls draw.LineStyle) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x, Y: y0}, {X: x, Y: y1}})
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	l.LineStyle = ls
	return l, nil
}

// hline returns a horizontal line at y from x0 to x1.
func hline(y, x0, x1 float64, ls draw.LineStyle) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	l.LineStyle = ls
	return l, nil
}

// legendLine is a legend thumbnail for a line not drawn in the data area.
func legendLine(ls draw.LineStyle) plot.Thumbnailer {
	return &plotter.Line{LineStyle: ls}
}
