// Package root assembles hsreports: the root command with the global
// flags, a command per report of the catalogue (package report), sync,
// mcp, list and version, and Run, which runs it and turns what happened
// into an exit code and a message.
package root

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/lookup"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/mcp"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/report"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/sync"
	"github.com/spf13/cobra"
)

// SignalError is the cause of the end of the run's context: the signal the
// process got.
type SignalError struct{ Sig os.Signal }

func (e SignalError) Error() string { return "interrupted by " + e.Sig.String() }

// NewCmd builds the command tree of app.
func NewCmd(app *cmdutil.App) *cobra.Command {
	root := &cobra.Command{
		Use:           "hsreports",
		Short:         "Every report of the Help Scout Reports API, as a table, JSON, NDJSON or CSV",
		Long:          rootHelp,
		Example:       "  hsreports company --demo\n  hsreports conversations drilldown --last 4w --all --format ndjson > conversations.ndjson\n  hsreports user ratings --user 100101 --last 3m --format csv\n  hsreports company --last 90d --each day --metrics --format csv > daily.csv",
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
	}
	var version bool
	root.Flags().BoolVar(&version, "version", false, "print the version (with --format json: as JSON)")
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		if version {
			return printVersion(app)
		}
		return cmd.Help()
	}
	root.SetOut(app.IO.Out)
	root.SetErr(app.IO.Err)
	pf := root.PersistentFlags()
	app.BindGlobals(pf)
	cmdutil.Complete(root, "format", cmdutil.Formats)
	cmdutil.CompleteZones(root, "tz")

	cmds := map[string]*cobra.Command{"": root}
	for _, r := range catalog.All() {
		words := r.Info().Name()
		parent, ok := cmds[strings.Join(words[:len(words)-1], " ")]
		if !ok {
			panic("hsreports: the catalogue lists " + r.Info().Path + " before its parent")
		}
		cmd := report.NewCmd(app, r, report.Run)
		parent.AddCommand(cmd)
		cmds[strings.Join(words, " ")] = cmd
	}
	root.AddCommand(sync.NewCmd(app, sync.Run), mcp.NewCmd(app, mcp.Run), lookup.NewCmd(app, lookup.Run), listCmd(app, cmds), &cobra.Command{
		Use:   "version",
		Short: "Print the version (with --format json: as JSON)",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return printVersion(app) },
	})
	return root
}

// Run runs hsreports with args and returns the exit code. ctx ends when the
// user interrupts; its cause, a SignalError, tells which signal. Whatever
// it prints of an error is escaped: a message from the server cannot drive
// the terminal.
func Run(ctx context.Context, args []string, s *cmdutil.IOStreams, getenv func(string) string) int {
	out := &cmdutil.CheckedWriter{W: s.Out}
	io := *s
	io.Out = out
	app := &cmdutil.App{IO: &io, Getenv: getenv}
	root := NewCmd(app)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		err = app.FinishOutput()
	}
	if err == nil && out.Err == nil {
		return cmdutil.ExitOK
	}
	app.AbandonOutput()
	var pe *reports.ParamError
	var te *cmdutil.TempError
	switch {
	case ctx.Err() != nil:
		var sig SignalError
		if errors.As(context.Cause(ctx), &sig) && sig.Sig == syscall.SIGTERM {
			fmt.Fprintln(s.Err, "hsreports: terminated")
			return cmdutil.ExitTerminated
		}
		fmt.Fprintln(s.Err, "hsreports: interrupted")
		return cmdutil.ExitInterrupted
	case out.Err != nil:
		fmt.Fprintf(s.Err, "hsreports: writing the output: %s\n", cmdutil.EscapeText(out.Err.Error()))
		return cmdutil.ExitFailure
	case errors.As(err, &pe):
		fmt.Fprintf(s.Err, "hsreports: %s: %s\n", cmdutil.EscapeText(input.FlagOf(pe.Field)), cmdutil.EscapeText(input.FlagsIn(pe.Reason)))
		return cmdutil.ExitUsage
	case cmdutil.IsUsage(err) || !app.Ran: // cobra's errors all come before a command's own code runs
		fmt.Fprintf(s.Err, "hsreports: %s\nRun '%s --help' for usage.\n", cmdutil.EscapeText(err.Error()), commandPath(root, args))
		return cmdutil.ExitUsage
	case errors.As(err, &te):
		fmt.Fprintf(s.Err, "hsreports: %s\n", cmdutil.EscapeText(err.Error()))
		return cmdutil.ExitTempFail
	}
	fmt.Fprintf(s.Err, "hsreports: %s\n", cmdutil.EscapeText(err.Error()))
	return cmdutil.ExitFailure
}

// commandPath names the command args ask for, for the usage hint.
func commandPath(root *cobra.Command, args []string) string {
	if cmd, _, err := root.Find(args); err == nil {
		return cmd.CommandPath()
	}
	return root.CommandPath()
}
