// Package lookup is `hsreports lookup`: the users, mailboxes, tags and
// folders of the account with their ids (and e-mail addresses, slugs,
// mailboxes), from the Mailbox API's lists, in every format; with a name,
// the one it names.
package lookup

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/printer"
	"github.com/spf13/cobra"
)

// Options are one run of lookup.
type Options struct {
	App     *cmdutil.App
	Kind    reports.NameKind
	Name    string // "": every entry
	Mailbox string // folders: the mailbox (id or name) whose folders
}

// kinds are the kinds lookup takes, as its first argument.
var kinds = func() []string {
	var out []string
	for _, k := range reports.NameKinds {
		out = append(out, k.Plural())
	}
	return out
}()

// NewCmd is the lookup command; run runs it (Run, unless a test gives
// another).
func NewCmd(app *cmdutil.App, run func(context.Context, *Options) error) *cobra.Command {
	o := &Options{App: app}
	cmd := &cobra.Command{
		Use:   "lookup " + strings.Join(kinds, "|") + " [NAME]",
		Short: "List the users, mailboxes, tags or folders with their ids; with NAME, the one it names",
		Long: `lookup lists the users, mailboxes, tags or folders of the account (GET
/v2/users, /v2/mailboxes, /v2/tags, /v2/mailboxes/{id}/folders) with their ids,
and e-mail addresses, slugs or mailboxes where they have them. With NAME, the
one it names, by the rules every id flag follows: a number is an id; else an
exact name in any case (a user's full name or e-mail address, a mailbox's name
or e-mail address, a tag's name or slug, a folder's name); a name that names
nothing or several things exits 2 listing the candidates with their ids.
Every report's id flags (--mailbox, --tag, --folder, --user) take the same
names.`,
		Example: "  hsreports lookup mailboxes --demo\n  hsreports lookup users \"Maya Patel\" --demo --format json\n  hsreports lookup folders --mailbox Support --demo",
		Args:    cobra.RangeArgs(1, 2),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return kinds, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			app.Ran = true
			k, err := reports.ParseNameKind(args[0])
			if err != nil {
				return cmdutil.Usagef("%s: want %s", strconv.Quote(args[0]), strings.Join(kinds, ", "))
			}
			o.Kind = k
			if len(args) == 2 {
				o.Name = args[1]
			}
			if o.Mailbox != "" && k != reports.KindFolder {
				return cmdutil.Usagef("--mailbox: only with folders")
			}
			return run(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Mailbox, "mailbox", "", "folders: the mailbox (`id` or name) whose folders (default: every mailbox's)")
	return cmd
}

// The rows of each kind.
type (
	userRow struct {
		ID    int64  `json:"id"`
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	mailboxRow struct {
		ID    int64  `json:"id"`
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	tagRow struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
		Slug string `json:"slug"`
	}
	folderRow struct {
		ID          int64  `json:"id"`
		Name        string `json:"name"`
		Mailbox     int64  `json:"mailbox"`
		MailboxName string `json:"mailboxName"`
	}
)

// Run lists the entries of the kind (or the one NAME names) through the
// printer of --format.
func Run(ctx context.Context, o *Options) error {
	a := o.App
	if _, err := a.CheckGlobals(); err != nil {
		return err
	}
	if err := a.OpenOutput(); err != nil {
		return err
	}
	c, done, err := a.NewClient()
	if err != nil {
		return err
	}
	defer done()
	r := reports.NewResolver(c)
	var entries []reports.NameEntry
	err = a.WithTimeout(ctx, func(ctx context.Context) error {
		entries, err = lookup(ctx, r, o)
		return err
	})
	var ne *reports.NameError
	if errors.As(err, &ne) {
		return &cmdutil.UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	var mailboxes map[int64]string
	if o.Kind == reports.KindFolder {
		all, err := r.Entries(ctx, reports.KindMailbox)
		if err != nil {
			return err
		}
		mailboxes = map[int64]string{}
		for _, m := range all {
			mailboxes[m.ID] = m.Name
		}
	}
	var rows []any
	for _, e := range entries {
		switch o.Kind {
		case reports.KindUser:
			rows = append(rows, userRow{e.ID, e.Name, e.Email})
		case reports.KindMailbox:
			rows = append(rows, mailboxRow{e.ID, e.Name, e.Email})
		case reports.KindTag:
			rows = append(rows, tagRow{e.ID, e.Name, e.Slug})
		case reports.KindFolder:
			rows = append(rows, folderRow{e.ID, e.Name, e.MailboxID, mailboxes[e.MailboxID]})
		}
	}
	item := map[reports.NameKind]reflect.Type{
		reports.KindUser:    reflect.TypeFor[userRow](),
		reports.KindMailbox: reflect.TypeFor[mailboxRow](),
		reports.KindTag:     reflect.TypeFor[tagRow](),
		reports.KindFolder:  reflect.TypeFor[folderRow](),
	}[o.Kind]
	l := printer.Layout{Item: item}
	if err := printer.CheckColumns(l, a.ColumnList()); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	p, err := printer.New(a.IO.Out, printer.OptionsOf(a, nil))
	if err != nil {
		return err
	}
	if err := p.Begin(l); err != nil {
		return err
	}
	for _, row := range rows {
		if err := p.Row(printer.Row{Value: reflect.ValueOf(row)}); err != nil {
			return err
		}
	}
	return p.End(false)
}

// lookup is the entries the options ask for.
func lookup(ctx context.Context, r *reports.Resolver, o *Options) ([]reports.NameEntry, error) {
	var mailbox int64
	if o.Mailbox != "" {
		m, err := r.Resolve(ctx, reports.KindMailbox, o.Mailbox)
		if err != nil {
			var ne *reports.NameError
			if errors.As(err, &ne) {
				return nil, cmdutil.Usagef("--mailbox: %w", err)
			}
			return nil, err
		}
		mailbox = m.ID
	}
	if o.Name != "" {
		var e reports.NameEntry
		var err error
		if mailbox != 0 {
			e, err = r.ResolveFolder(ctx, mailbox, o.Name)
		} else {
			e, err = r.Resolve(ctx, o.Kind, o.Name)
		}
		if err != nil {
			return nil, err
		}
		if e.Name == "" && e.Email == "" { // an id: its entry, if the list has it
			all, err := r.Entries(ctx, o.Kind)
			if err != nil {
				return nil, err
			}
			for _, x := range all {
				if x.ID == e.ID && (mailbox == 0 || x.MailboxID == mailbox) {
					return []reports.NameEntry{x}, nil
				}
			}
			return nil, &reports.NameError{Kind: o.Kind, Name: o.Name, MailboxID: mailbox}
		}
		return []reports.NameEntry{e}, nil
	}
	all, err := r.Entries(ctx, o.Kind)
	if err != nil || mailbox == 0 {
		return all, err
	}
	var out []reports.NameEntry
	for _, e := range all {
		if e.MailboxID == mailbox {
			out = append(out, e)
		}
	}
	return out, nil
}
