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
	exitFailure     = 1   // the API or the network failed
	exitUsage       = 2   // a usage error or invalid params, before any request
	exitInterrupted = 130 // Ctrl-C
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A walk waits on the rate limit, never on the CPU: collecting
		// garbage twice as often costs nothing a user sees and keeps the
		// memory of a walk of any length at that of a short one
		// (bench/README.md).
		debug.SetGCPercent(50)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends the process at once
	}()
	code := run(ctx, os.Args[1:], fileStreams(os.Stdout, os.Stderr), os.Getenv)
	stop()
	os.Exit(code)
}

// usageError is a mistake on the command line: exit code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// run runs hsreports with args and returns the exit code. ctx ends when the
// user interrupts.
func run(ctx context.Context, args []string, s *streams, getenv func(string) string) int {
	a := &app{s: s, getenv: getenv}
	root := a.root()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var pe *reports.ParamError
	var ue *usageError
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(s.err, "hsreports: interrupted")
		return exitInterrupted
	case errors.As(err, &pe):
		fmt.Fprintf(s.err, "hsreports: %s: %s\n", flagOf(pe.Field), flagsIn(pe.Reason))
		return exitUsage
	case errors.As(err, &ue) || !a.ran: // cobra's errors all come before a report runs
		fmt.Fprintf(s.err, "hsreports: %v\nRun '%s --help' for usage.\n", err, a.commandPath(args))
		return exitUsage
	case errors.Is(err, context.DeadlineExceeded) && a.timeout > 0:
		fmt.Fprintf(s.err, "hsreports: no answer within --timeout %v: %v\n", a.timeout, err)
		return exitFailure
	}
	fmt.Fprintf(s.err, "hsreports: %v\n", err)
	return exitFailure
}
