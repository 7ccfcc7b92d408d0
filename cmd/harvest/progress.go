package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/harvest-planning/harvest/measure"
)

// Progress bar timing: nothing is drawn for runs shorter than progressDelay,
// and the bar is redrawn at most every progressEvery.
const (
	progressDelay = time.Second
	progressEvery = 100 * time.Millisecond
	progressWidth = 30 // characters of the bar itself
)

// progressBar draws a run's progress on a terminal, on one line that it
// clears when done.
type progressBar struct {
	w     io.Writer
	total int
	start time.Time
	last  time.Time
	shown bool
	now   func() time.Time
}

func newProgressBar(w io.Writer, total int, start time.Time) *progressBar {
	return &progressBar{w: w, total: total, start: start, now: time.Now}
}

// update is sim.Options.Progress: it draws the bar once the run has lasted
// progressDelay, at most every progressEvery.
func (p *progressBar) update(done int) {
	t := p.now()
	if t.Sub(p.start) < progressDelay || (p.shown && t.Sub(p.last) < progressEvery) {
		return
	}
	p.last, p.shown = t, true
	fmt.Fprintf(p.w, "\r%s", renderProgress(done, p.total, t.Sub(p.start)))
}

// finish clears the bar's line if it was drawn.
func (p *progressBar) finish() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// renderProgress is the bar's line: trials done of total, a bar, the
// percentage and the time left at the pace so far.
//
// A total of 0 is a search of unknown length (goal, optimize): the line is
// then a running count of the trials simulated and the time so far.
func renderProgress(done, total int, elapsed time.Duration) string {
	if total <= 0 {
		return fmt.Sprintf("working: %s trials simulated in %s\033[K", measure.Whole(max(done, 0)), elapsed.Round(time.Second))
	}
	done = min(max(done, 0), total)
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	filled := int(frac * progressWidth)
	bar := strings.Repeat("█", filled) + strings.Repeat("░", progressWidth-filled)
	left := "…"
	if done > 0 {
		rest := time.Duration(float64(elapsed) * (1 - frac) / frac)
		left = rest.Round(time.Second).String()
	}
	return fmt.Sprintf("running %s of %s trials %s %3.0f%%  %s left", measure.Whole(done), measure.Whole(total), bar, 100*frac, left)
}
