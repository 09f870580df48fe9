// Command hsreports gets every report of the Help Scout Reports API from the
// shell, as a table, JSON, NDJSON or CSV, keeps a database of their figures
// (sync) and serves them to AI assistants (mcp). Without credentials it
// refuses to run; with --demo it runs against reportstest, a fake API with
// sample data, in process.
//
//	go install github.com/helpscout-go/reports/cmd/hsreports@latest
//	hsreports company --demo
//	hsreports list
//
// Run hsreports --help for the commands, flags, environment and exit codes.
// The code is in internal/: root assembles the commands, report, sync and
// mcp are the faces, and catalog, input, printer and cmdutil the spine
// they share (see the README's Architecture section).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // --tz works where the system has no zone database

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/root"
)

// version, when set at link time, is the version hsreports prints
// (.goreleaser.yaml: -X main.version=v1.2.3); else the build info's.
var version string

func main() {
	cmdutil.Linked = version
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
		cancel(root.SignalError{Sig: sig})
	}()
	code := protect(os.Stderr, func() int {
		return root.Run(ctx, os.Args[1:], cmdutil.FileStreams(os.Stdout, os.Stderr), os.Getenv)
	})
	signal.Stop(sigs)
	os.Exit(code)
}

// protect runs f and returns its exit code; a panic (a bug) is reported on
// stderr as one, with its stack, and exits 1, not 2 (a usage error).
func protect(stderr io.Writer, f func() int) (code int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "hsreports: internal error (a bug: please report it with this text): %s\n%s", cmdutil.EscapeText(fmt.Sprint(v)), debug.Stack())
			code = cmdutil.ExitFailure
		}
	}()
	return f()
}
