// Package mcp is hsreports mcp: a Model Context Protocol server on stdio,
// for AI assistants. Its tools are the reports of the catalogue, one each,
// named after the command; a tool's arguments are the command's flags,
// decoded into the same input and resolved by the same code, then checked
// by the SDK before any request. A result is the report's JSON (structured
// content, and as text) and a short text of its headline figures, drawn by
// the table printer.
package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/printer"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"
)

const (
	// RowCap is how many rows a walk of pages (the all argument) stops at,
	// in whole pages: enough to answer a question, small enough for a
	// model's context.
	RowCap = 100
	// textRows is how many rows of a list the text of a result shows; the
	// structured content has them all.
	textRows = 10
)

var help = `hsreports mcp serves every report as a tool to an AI assistant (Claude
Desktop, Claude Code, Cursor, the MCP Inspector) over the Model Context
Protocol on stdin and stdout. The assistant starts it; nothing else should
write to its stdout.

One tool per report, named after the command's words joined by _ (company,
conversations_drilldown, user_ratings); its arguments are the command's flags
without the dashes (start, end, last, compare, mailbox as a list, view-by,
user, ...), plus tz. Every tool is read-only. A result is the report's JSON,
and a short text with its headline figures and changes; a paged report
answers one page, or with all=true the pages from page on up to ` + strconv.Itoa(RowCap) + ` rows.
A bad argument is a tool error, before any request; an error of the API is a
tool error too, with the API's message and logRef.

Credentials, --demo, --rate-limit (shared by every call), --retries, --timeout
(per call), --tz (the default of the tz argument) and --verbose (on stderr) are
the global flags, as for any report.`

// Options are one run of hsreports mcp.
type Options struct {
	App *cmdutil.App
}

// NewCmd is the mcp command; run runs it (Run, unless a test gives
// another).
func NewCmd(app *cmdutil.App, run func(context.Context, *Options) error) *cobra.Command {
	o := &Options{App: app}
	return &cobra.Command{
		Use:     "mcp",
		Short:   "Serve every report as a tool for AI assistants (Model Context Protocol on stdio)",
		Long:    help,
		Example: "  hsreports mcp --demo\n  claude mcp add helpscout -e HELPSCOUT_CLIENT_ID=… -e HELPSCOUT_CLIENT_SECRET=… -- hsreports mcp --rate-limit 200",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			app.Ran = true
			for _, name := range cmdutil.OutputFlags {
				if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
					return cmdutil.Usagef("--%s: not for hsreports mcp, whose stdout is the protocol and whose results are JSON", name)
				}
			}
			return run(cmd.Context(), o)
		},
	}
}

// nopCloser keeps the server from closing a stream it does not own.
type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// Run checks the global flags, makes the client (real or demo, as for any
// report) and serves the tools on stdin and stdout until the client goes
// or ctx ends.
func Run(ctx context.Context, o *Options) error {
	s, done, err := NewServer(o)
	if err != nil {
		return err
	}
	defer done()
	o.App.Notice("serving %d reports as MCP tools on stdin/stdout", len(catalog.All()))
	in := o.App.IO.In
	if in == nil {
		in = os.Stdin
	}
	err = s.Run(ctx, &mcp.IOTransport{Reader: io.NopCloser(in), Writer: nopCloser{o.App.IO.Out}})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// NewServer checks the global flags, makes the client and returns the
// server of the report tools on it; done stops the demo's fake, if any.
func NewServer(o *Options) (*mcp.Server, func(), error) {
	a := o.App
	loc, err := a.CheckGlobals()
	if err != nil {
		return nil, nil, err
	}
	// An assistant's walk stops at RowCap rows: pages are fetched one at a
	// time, so that no page past the cap is asked for.
	c, done, err := a.NewClient(reports.WithPrefetch(1))
	if err != nil {
		return nil, nil, err
	}
	opts := &mcp.ServerOptions{
		Instructions: "Help Scout reports: one read-only tool per report of the Reports API. " +
			"Ranges: last (7d, 4w, 3m: the whole days, weeks or months before the current one) or start and end (RFC 3339 or a date; end excluded), in tz (default " + loc.String() + "); " +
			"without them, the last 7 days compared with the 7 before. compare adds the previous range of equal length; compare-to month or year (where the report takes it) the same dates a month or a year earlier. " +
			"In the JSON, times are in seconds and deltas are changes in percent (in points for figures that are percents). " +
			"The ids to filter on: users in the company report's users; tags, saved replies, workflows and customers in the conversations report.",
	}
	if a.Flags.Verbose {
		opts.Logger = slog.New(slog.NewTextHandler(a.IO.Err, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s := mcp.NewServer(&mcp.Implementation{Name: "hsreports", Title: "Help Scout reports", Version: reports.Version}, opts)
	h := &handler{o: o, c: c, tz: a.Flags.TZ, names: reports.NewResolver(c)}
	for _, r := range catalog.All() {
		mcp.AddTool(s, tool(r, a.Flags.TZ), h.tool(r))
	}
	return s, done, nil
}

// tool describes a report as a tool: what it answers and what a row is,
// its arguments (the command's flags) and that it only reads.
func tool(r catalog.Report, tz string) *mcp.Tool {
	info := r.Info()
	rows, _, _ := strings.Cut(info.Rows, ";") // what follows is about the CLI's flags
	desc := info.About + ". A row: " + rows + ". (GET " + info.Path + ")"
	if info.Kind == catalog.Paged {
		desc += fmt.Sprintf(" Answers one page (page, rows); all=true walks the pages from page on, up to %d rows.", RowCap)
	}
	openWorld := true
	return &mcp.Tool{
		Name:        info.Tool(),
		Description: desc,
		InputSchema: inputSchema(r, tz),
		Annotations: &mcp.ToolAnnotations{
			Title:          "hsreports " + info.Command(),
			ReadOnlyHint:   true,
			IdempotentHint: true,
			OpenWorldHint:  &openWorld,
		},
	}
}

// args are the arguments of report r's tool: its input's, all for a paged
// report, and tz.
func args(r catalog.Report, tz string) []input.Arg {
	out := input.New(r.Info().Params).Args()
	if r.Info().Kind == catalog.Paged {
		out = append(out, input.Arg{Name: "all", Type: "boolean",
			Usage: fmt.Sprintf("every page from page on, up to %d rows (whole pages); the text says where it stopped", RowCap)})
	}
	return append(out, input.Arg{Name: "tz", Type: "string",
		Usage: "IANA time zone of dates, last and the text's timestamps, e.g. Europe/Berlin (default " + tz + ")"})
}

// inputSchema is the JSON schema of a report's arguments.
func inputSchema(r catalog.Report, tz string) *jsonschema.Schema {
	s := &jsonschema.Schema{
		Type:                 "object",
		Properties:           map[string]*jsonschema.Schema{},
		AdditionalProperties: &jsonschema.Schema{Not: &jsonschema.Schema{}},
	}
	all := args(r, tz)
	names := map[string]bool{}
	for _, a := range all {
		names[a.Name] = true
	}
	for _, a := range all {
		p := &jsonschema.Schema{Description: argText(strings.ReplaceAll(a.Usage, ", comma-separated", ""), names), Pattern: a.Pattern}
		enum := func() []any {
			if a.Enum == nil {
				return nil
			}
			values := make([]any, len(a.Enum))
			for i, x := range a.Enum {
				values[i] = x
			}
			return values
		}
		switch {
		case a.Type == "array":
			p.Type = "array"
			p.Items = &jsonschema.Schema{Enum: enum()}
			if len(a.Items) == 1 {
				p.Items.Type = a.Items[0]
			} else {
				p.Items.Types = a.Items
			}
		case a.Items != nil: // one id or name
			p.Types = a.Items
		default:
			p.Type, p.Enum = a.Type, enum()
		}
		s.Properties[a.Name] = p
		s.PropertyOrder = append(s.PropertyOrder, a.Name)
		if a.Required {
			s.Required = append(s.Required, a.Name)
		}
	}
	return s
}

var flagRef = regexp.MustCompile(`--([a-z][a-z-]*)`)

// argText speaks of a tool's arguments where the CLI's text speaks of
// flags: "--tz" is "tz" when tz is an argument.
func argText(s string, args map[string]bool) string {
	return flagRef.ReplaceAllStringFunc(s, func(m string) string {
		if args[m[2:]] {
			return m[2:]
		}
		return m
	})
}

// handler answers the calls of the tools, on one client.
type handler struct {
	o     *Options
	c     *reports.Client
	tz    string
	names *reports.Resolver // the server's: a kind's names are listed once
}

// tool is the handler of report r's tool: every failure is a tool error,
// in the tool's words.
func (h *handler) tool(r catalog.Report) mcp.ToolHandlerFor[map[string]json.RawMessage, any] {
	names := map[string]bool{}
	for _, a := range args(r, h.tz) {
		names[a.Name] = true
	}
	return func(ctx context.Context, _ *mcp.CallToolRequest, args map[string]json.RawMessage) (res *mcp.CallToolResult, out any, err error) {
		defer func() {
			if p := recover(); p != nil { // a bug of ours fails the call, not the session
				fmt.Fprintf(h.o.App.IO.Err, "hsreports: mcp: %s: panic: %v\n", r.Info().Tool(), p)
				res, out, err = nil, nil, fmt.Errorf("hsreports failed on this call (a bug: %v); the other tools still work", p)
			}
		}()
		res, out, err = h.call(ctx, r, args)
		if err != nil {
			return nil, nil, errors.New(argText(h.toolError(err), names))
		}
		return res, out, nil
	}
}

// call is a tool's work: the arguments decoded into the report's input and
// resolved, the report got (every page up to the cap with all), and the
// result as JSON and text. Its errors are in the CLI's words.
func (h *handler) call(ctx context.Context, r catalog.Report, args map[string]json.RawMessage) (*mcp.CallToolResult, any, error) {
	info := r.Info()
	in := input.New(info.Params)
	tz, all := h.tz, false
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range args {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		raw := args[k]
		switch {
		case k == "tz":
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, nil, cmdutil.Usagef("--tz: want a string")
			}
			if s != "" {
				tz = s
			}
		case k == "all" && info.Kind == catalog.Paged:
			if err := json.Unmarshal(raw, &all); err != nil && string(raw) != "null" {
				return nil, nil, cmdutil.Usagef("--all: want true or false")
			}
		default:
			if err := in.SetArg(k, raw); err != nil {
				return nil, nil, err
			}
		}
	}
	loc, err := cmdutil.LoadZone(tz)
	if err != nil {
		return nil, nil, cmdutil.Usagef("--tz %q: %v", tz, err)
	}
	resolved, err := in.Resolve(ctx, h.c.Now(), loc, h.names)
	if err != nil {
		return nil, nil, err
	}
	var doc []byte
	var text, note string
	err = h.o.App.WithTimeout(ctx, func(ctx context.Context) error {
		var err error
		doc, text, note, err = answer(ctx, h.c, r, resolved.Params, all, loc)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if note != "" {
		text = note + "\n\n" + text
	}
	return &mcp.CallToolResult{Content: []mcp.Content{
		&mcp.TextContent{Text: text},
		&mcp.TextContent{Text: string(doc)},
	}}, json.RawMessage(doc), nil
}

// answer gets report r with params p (with all, the pages from p's on up
// to RowCap rows), and returns its JSON (an object: a bare list is under
// "results"; marked "partial" where a page failed), its headline text and,
// for a paged report, a note of where the rows stand.
func answer(ctx context.Context, c *reports.Client, r catalog.Report, p any, all bool, loc *time.Location) (doc []byte, text, note string, err error) {
	info := r.Info()
	var first *catalog.Result
	var items []catalog.Item
	last, pages := 0, 0
	var failed error
	// One page is got as the command gets it without --all; all walks
	// the pages as --all does.
	walk := r.Pages
	if !all {
		walk = one(r)
	}
	for res, err := range walk(ctx, c, p) {
		if err != nil {
			if first == nil {
				return nil, "", "", err
			}
			failed = err
			break
		}
		if first == nil {
			first = res
		}
		items = append(items, res.Items...)
		if res.Page != nil {
			last, pages = res.Page.Page, res.Page.Pages
		}
		if !all || info.Kind != catalog.Paged || len(items) >= RowCap {
			break
		}
	}
	if first == nil { // a walk with no page: past the last one
		first = r.EmptyPage(pageNumber(p))
		last = pageNumber(p)
	}
	docValue := first.Value
	if info.Kind == catalog.Paged {
		docValue = first.Doc
	}
	var buf bytes.Buffer
	jp, _ := printer.New(&buf, printer.Options{Format: cmdutil.FormatJSON})
	l := printer.Layout{Doc: docValue, Item: info.Item, Stream: info.Kind == catalog.Paged}
	if err := jp.Begin(l); err != nil {
		return nil, "", "", err
	}
	if info.Kind == catalog.Paged {
		for _, it := range items {
			_ = jp.Row(printer.Row{Value: it.Value})
		}
	}
	if err := jp.End(failed != nil); err != nil {
		return nil, "", "", err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, buf.Bytes()); err != nil {
		return nil, "", "", err
	}
	doc = compact.Bytes()
	if len(doc) == 0 || doc[0] != '{' { // structured content is an object
		doc = append(append([]byte(`{"results":`), doc...), '}')
	}
	text = headline(r, first, items, loc)
	if info.Kind == catalog.Paged {
		note = pageNote(first.Page, last, pages, len(items), all, failed)
	}
	return doc, text, note, nil
}

// one is the walk of report r's one answer: Get.
func one(r catalog.Report) func(context.Context, *reports.Client, any) iter.Seq2[*catalog.Result, error] {
	return func(ctx context.Context, c *reports.Client, p any) iter.Seq2[*catalog.Result, error] {
		return func(yield func(*catalog.Result, error) bool) {
			res, err := r.Get(ctx, c, p)
			yield(res, err)
		}
	}
}

// pageNumber is the page params p ask for (1 when none).
func pageNumber(p any) int {
	if f := reflect.ValueOf(p).FieldByName("Page"); f.IsValid() && f.Int() > 0 {
		return int(f.Int())
	}
	return 1
}

// pageNote says where the rows of a paged answer stand, for the model to
// ask for more.
func pageNote(firstPage *catalog.Page, last, pages, rows int, all bool, failed error) string {
	first, count := 1, 0
	if firstPage != nil {
		first, count = max(firstPage.Page, 1), firstPage.Count
	}
	last = max(last, first)
	var b strings.Builder
	if last == first {
		fmt.Fprintf(&b, "Page %d of %d: %d rows here, %d in all.", first, pages, rows, count)
	} else {
		fmt.Fprintf(&b, "Pages %d to %d of %d: %d rows here, %d in all.", first, last, pages, rows, count)
	}
	switch {
	case failed != nil:
		fmt.Fprintf(&b, " Stopped at page %d on an error: %v. Call again with page %d and all to go on.", last+1, failed, last+1)
	case last >= pages:
		b.WriteString(" That is every row from this page on.")
	case all:
		fmt.Fprintf(&b, " Stopped at the cap of %d rows: call again with page %d and all for more.", RowCap, last+1)
	default:
		fmt.Fprintf(&b, " Call again with page %d for the next page, or all=true for up to %d rows.", last+1, RowCap)
	}
	return b.String()
}

// toolError says what went wrong, as the CLI would on stderr.
func (h *handler) toolError(err error) string {
	var pe *reports.ParamError
	switch {
	case errors.As(err, &pe):
		return input.FlagOf(pe.Field) + ": " + input.FlagsIn(pe.Reason)
	case errors.Is(err, context.DeadlineExceeded) && h.o.App.Flags.Timeout > 0:
		return fmt.Sprintf("no answer within --timeout %v: %v", h.o.App.Flags.Timeout, err)
	}
	return err.Error()
}
