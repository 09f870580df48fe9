// Package cmdutil is what every command of hsreports shares, below the
// faces: the standard streams and the clock (IOStreams), the environment
// and the global flags with their checks (App), the client (real or demo),
// the --output file, the progress line, usage errors and exit codes, and
// the escaping of text from elsewhere.
package cmdutil

import (
	"errors"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// IOStreams are stdin (the protocol of hsreports mcp), stdout (data only)
// and stderr (messages, progress, errors), whether each is a terminal, and
// the clocks.
type IOStreams struct {
	In             io.Reader
	Out, Err       io.Writer
	OutTTY, ErrTTY bool
	// Now is the wall clock of the progress line (its rate and time
	// left); nil is time.Now.
	Now func() time.Time
	// Clock is the command's present: what --last, the default range and
	// the demo data are relative to. Tests pin it; nil is time.Now.
	Clock func() time.Time
}

// FileStreams are streams on files, such as the process's own (os.Stdout,
// os.Stderr): the one place that asks whether one is a terminal. A stdout
// the shell closed (`>&-`) fails every write, so that the run ends with
// exit 1 instead of writing to nowhere.
func FileStreams(out, err *os.File) *IOStreams {
	s := &IOStreams{
		In: os.Stdin, Out: out, Err: err,
		OutTTY: term.IsTerminal(int(out.Fd())), ErrTTY: term.IsTerminal(int(err.Fd())),
		Now: time.Now, Clock: time.Now,
	}
	if closedByShell(out) {
		s.Out = failingWriter{errors.New("stdout is closed")}
	}
	return s
}

// WallNow reads the wall clock of the progress line.
func (s *IOStreams) WallNow() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Present reads the command's clock.
func (s *IOStreams) Present() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock()
}

// failingWriter fails every write with err.
type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

// CheckedWriter remembers the first error of a writer, so that every failed
// write to stdout ends the run with exit 1, even where the writer's caller
// (cobra's help and version) drops it.
type CheckedWriter struct {
	W   io.Writer
	Err error
}

func (c *CheckedWriter) Write(p []byte) (int, error) {
	if c.Err != nil {
		return 0, c.Err
	}
	n, err := c.W.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	c.Err = err
	return n, err
}
