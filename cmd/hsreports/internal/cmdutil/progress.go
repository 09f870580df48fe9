package cmdutil

import (
	"fmt"
	"io"
	"time"
)

// Progress is the one progress line of hsreports, kept up to date on
// stderr while a walk (pages), a series (buckets) or a sync runs: done of
// total, a detail, and with Rate the pace and the time left. A nil
// *Progress shows nothing: StartProgress returns nil where stderr is not a
// terminal or --quiet was given.
type Progress struct {
	w      io.Writer
	now    func() time.Time
	start  time.Time
	last   time.Time
	prefix string // before the counts ("sync: ")
	unit   string // pages, buckets
	total  int
	rate   bool          // show the pace (units a minute) and the time left
	every  time.Duration // draw at most this often (0: every step)
	done   int
}

// ProgressOptions say what a progress line shows.
type ProgressOptions struct {
	Prefix string        // before the counts, e.g. "sync: "
	Unit   string        // what is counted: pages, buckets
	Total  int           // how many in all
	Rate   bool          // show units a minute and the time left, from the second step on
	Every  time.Duration // draw at most this often, but for the last step
}

// StartProgress starts a progress line where stderr is a terminal and
// --quiet was not given; else it returns nil.
func (a *App) StartProgress(o ProgressOptions) *Progress {
	if !a.IO.ErrTTY || a.Flags.Quiet {
		return nil
	}
	now := a.IO.WallNow()
	return &Progress{w: a.IO.Err, now: a.IO.WallNow, start: now, prefix: o.Prefix, unit: o.Unit,
		total: max(o.Total, 1), rate: o.Rate, every: o.Every}
}

// Next counts one more done and redraws the line.
func (p *Progress) Next(detail string) {
	if p != nil {
		p.Step(p.done+1, detail)
	}
}

// Step redraws the line: done of the total, then detail when not empty.
func (p *Progress) Step(done int, detail string) {
	if p == nil {
		return
	}
	p.done = done
	if p.every > 0 {
		t := p.now()
		if done < p.total && !p.last.IsZero() && t.Sub(p.last) < p.every {
			return
		}
		p.last = t
	}
	line := fmt.Sprintf("%s%d/%d %s", p.prefix, done, p.total, p.unit)
	if detail != "" {
		line += " · " + detail
	}
	if p.rate && done > 1 { // the first came at start: the pace is of those after it
		if elapsed := p.now().Sub(p.start); elapsed > 0 {
			per := elapsed / time.Duration(done-1)
			line += fmt.Sprintf(" · %.0f %s/min · %s left", float64(time.Minute)/float64(per), p.unit,
				(per * time.Duration(p.total-done)).Round(time.Second))
		}
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

// Elapsed is the time since the line started.
func (p *Progress) Elapsed() time.Duration {
	if p == nil {
		return 0
	}
	return p.now().Sub(p.start)
}

// Clear removes the line.
func (p *Progress) Clear() {
	if p == nil {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
}
