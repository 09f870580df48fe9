package main

// The terminal concerns, in one place: which standard streams are
// terminals (the default format and the progress line depend on it) and
// the progress line of --all on stderr.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// streams are stdout (data only) and stderr (messages, progress, errors),
// and whether each is a terminal.
type streams struct {
	out, err       io.Writer
	outTTY, errTTY bool
	now            func() time.Time // the wall clock of the progress line
	// clock is the command's present: what --last, the default range and
	// the demo data are relative to. Tests pin it; nil is time.Now.
	clock func() time.Time
}

// fileStreams are streams on files, such as the process's own
// (os.Stdout, os.Stderr): the one place that asks whether one is a terminal.
// A stdout the shell closed (`>&-`) fails every write, so that the run
// ends with exit 1 instead of writing to nowhere.
func fileStreams(out, err *os.File) *streams {
	s := &streams{
		out: out, err: err,
		outTTY: term.IsTerminal(int(out.Fd())), errTTY: term.IsTerminal(int(err.Fd())),
		now: time.Now, clock: time.Now,
	}
	if closedByShell(out) {
		s.out = failingWriter{errors.New("stdout is closed")}
	}
	return s
}

// failingWriter fails every write with err.
type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

// progress is the line --all keeps up to date on stderr: pages done of
// total, rows, rate and time left. A nil *progress shows nothing.
type progress struct {
	w           io.Writer
	now         func() time.Time
	start       time.Time // when the first page came
	total, rows int       // pages to walk, rows across them
	done        int
}

// startProgress starts the progress line of a walk whose first page,
// first, has just come, when stderr is a terminal; else it returns nil.
func (o *output) startProgress(first, last, count int) *progress {
	if !o.s.errTTY || o.quiet {
		return nil
	}
	return &progress{w: o.s.err, now: o.s.now, start: o.s.now(), total: max(last-first+1, 1), rows: count}
}

// page notes that a page was written; rows is the rows written so far.
func (p *progress) page(rows int) {
	if p == nil {
		return
	}
	p.done++
	line := fmt.Sprintf("%d/%d pages · %d/%d rows", p.done, p.total, rows, p.rows)
	if p.done > 1 { // the first page came at start: the rate is of the pages after it
		if elapsed := p.now().Sub(p.start); elapsed > 0 {
			perPage := elapsed / time.Duration(p.done-1)
			line += fmt.Sprintf(" · %.0f pages/min · %s left", float64(time.Minute)/float64(perPage),
				(perPage * time.Duration(p.total-p.done)).Round(time.Second))
		}
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

// clear removes the line when the walk ends.
func (p *progress) clear() {
	if p == nil {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
}
