// Command hsreports gets every report of the Help Scout Reports API from the
// shell, as a table, JSON, NDJSON or CSV. Without credentials (or with
// --demo) it runs against reportstest, a fake API with sample data, in
// process.
//
//	go install github.com/helpscout-go/reports/cmd/hsreports@latest
//	hsreports company --demo
//	hsreports list
//
// Run hsreports --help for the commands, flags, environment and exit codes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // --tz works where the system has no zone database

	"github.com/helpscout-go/reports"
)

// The exit codes.
const (
	exitOK          = 0
	exitFailure     = 1   // the API or the network failed, or writing the output did
	exitUsage       = 2   // a usage error, invalid params or no credentials, before any request
	exitInterrupted = 130 // Ctrl-C (SIGINT)
	exitTerminated  = 143 // SIGTERM
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A walk waits on the rate limit, never on the CPU: collecting
		// garbage twice as often costs nothing a user sees and keeps the
		// memory of a walk of any length at that of a short one
		// (bench/README.md).
		debug.SetGCPercent(50)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		signal.Reset(os.Interrupt, syscall.SIGTERM) // a second one ends the process at once
		cancel(signalError{sig})
	}()
	code := protect(os.Stderr, func() int {
		return run(ctx, os.Args[1:], fileStreams(os.Stdout, os.Stderr), os.Getenv)
	})
	signal.Stop(sigs)
	os.Exit(code)
}

// signalError is the cause of the end of the run's context: the signal the
// process got.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "interrupted by " + e.sig.String() }

// protect runs f and returns its exit code; a panic (a bug) is reported on
// stderr as one, with its stack, and exits 1, not 2 (a usage error).
func protect(stderr io.Writer, f func() int) (code int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "hsreports: internal error (a bug: please report it with this text): %s\n%s", escapeText(fmt.Sprint(v)), debug.Stack())
			code = exitFailure
		}
	}()
	return f()
}

// usageError is a mistake on the command line: exit code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// checkedWriter remembers the first error of a writer, so that every failed
// write to stdout ends the run with exit 1, even where the writer's caller
// (cobra's help and version) drops it.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	c.err = err
	return n, err
}

// run runs hsreports with args and returns the exit code. ctx ends when the
// user interrupts; its cause, a signalError, tells which signal. Whatever it
// prints of an error is escaped: a message from the server cannot drive the
// terminal.
func run(ctx context.Context, args []string, s *streams, getenv func(string) string) int {
	out := &checkedWriter{w: s.out}
	ss := *s
	ss.out = out
	a := &app{s: &ss, getenv: getenv}
	root := a.root()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		err = a.finish()
	}
	if err == nil && out.err == nil {
		return exitOK
	}
	a.abandon()
	var pe *reports.ParamError
	var ue *usageError
	switch {
	case ctx.Err() != nil:
		var sig signalError
		if errors.As(context.Cause(ctx), &sig) && sig.sig == syscall.SIGTERM {
			fmt.Fprintln(s.err, "hsreports: terminated")
			return exitTerminated
		}
		fmt.Fprintln(s.err, "hsreports: interrupted")
		return exitInterrupted
	case out.err != nil:
		fmt.Fprintf(s.err, "hsreports: writing the output: %s\n", escapeText(out.err.Error()))
		return exitFailure
	case errors.As(err, &pe):
		fmt.Fprintf(s.err, "hsreports: %s: %s\n", escapeText(flagOf(pe.Field)), escapeText(flagsIn(pe.Reason)))
		return exitUsage
	case errors.As(err, &ue) || !a.ran: // cobra's errors all come before a report runs
		fmt.Fprintf(s.err, "hsreports: %s\nRun '%s --help' for usage.\n", escapeText(err.Error()), a.commandPath(args))
		return exitUsage
	}
	fmt.Fprintf(s.err, "hsreports: %s\n", escapeText(err.Error()))
	return exitFailure
}
