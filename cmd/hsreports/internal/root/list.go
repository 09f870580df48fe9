package root

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/printer"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// listEntry is a report in the list.
type listEntry struct {
	Command string   `json:"command"`
	Path    string   `json:"path"`
	About   string   `json:"about"`
	Rows    string   `json:"rows"`
	Paged   bool     `json:"paged"`
	Flags   []string `json:"flags"`
}

// listCmd prints every report with its flags: as text (the default, and
// table), or as rows of json, ndjson or csv.
func listCmd(app *cmdutil.App, cmds map[string]*cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List every report with its flags (--format json, ndjson, csv: as rows)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			app.Ran = true
			var entries []listEntry
			for _, r := range catalog.All() {
				info := r.Info()
				var flags []string
				cmds[info.Command()].LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
					if f.Name != "help" {
						flags = append(flags, "--"+f.Name)
					}
				})
				entries = append(entries, listEntry{info.Command(), info.Path, info.About, info.Rows, info.Kind == catalog.Paged, flags})
			}
			if app.Flags.Format == "" || app.Flags.Format == cmdutil.FormatTable {
				var b strings.Builder
				for _, e := range entries {
					fmt.Fprintf(&b, "%-42s GET %s\n    %s.\n    %s\n", e.Command, e.Path, e.About, strings.Join(e.Flags, " "))
				}
				return writeText(app, b.String())
			}
			return printRows(app, entries)
		},
	}
}

// printVersion prints the version: as text, or as JSON with --format json
// (or a row of ndjson or csv).
func printVersion(app *cmdutil.App) error {
	app.Ran = true
	v := cmdutil.CurrentVersion()
	switch app.Flags.Format {
	case "", cmdutil.FormatTable:
		return writeText(app, "hsreports version "+v.Version+"\n")
	case cmdutil.FormatJSON:
		return printDoc(app, v)
	}
	return printRows(app, []cmdutil.BuildVersion{v})
}

// writeText writes text to stdout (or --output).
func writeText(app *cmdutil.App, text string) error {
	if err := app.OpenOutput(); err != nil {
		return err
	}
	_, err := fmt.Fprint(app.IO.Out, text)
	return err
}

// printRows writes rows of one type through the printer of --format.
func printRows[T any](app *cmdutil.App, rows []T) error {
	return output(app, printer.Layout{Item: reflect.TypeFor[T]()}, rows)
}

// printDoc writes one JSON document through the printer.
func printDoc(app *cmdutil.App, doc any) error {
	return output[any](app, printer.Layout{Doc: doc, Item: reflect.TypeOf(doc)}, nil)
}

// output writes the rows (or the document of l) through the printer of
// --format.
func output[T any](app *cmdutil.App, l printer.Layout, rows []T) error {
	if err := app.OpenOutput(); err != nil {
		return err
	}
	p, err := printer.New(app.IO.Out, printer.OptionsOf(app, nil))
	if err != nil {
		return err
	}
	if err := printer.CheckColumns(l, app.ColumnList()); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	if err := p.Begin(l); err != nil {
		return err
	}
	for _, r := range rows {
		if err := p.Row(printer.Row{Value: reflect.ValueOf(r)}); err != nil {
			return err
		}
	}
	return p.End(false)
}
