package main

// hsreports mcp: a Model Context Protocol server on stdio, for AI
// assistants. Its tools are the reports of the table, one each, named after
// the command; a tool's arguments are the command's flags, defined by the
// same bind and parsed by the same flag values, --last and dates included,
// then checked by the SDK before any request. A result is the report's JSON
// (structured content, and as text) and a short text of its headline
// figures, drawn by the table writer.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const (
	// mcpRowCap is how many rows a walk of pages (the all argument) stops
	// at, in whole pages: enough to answer a question, small enough for a
	// model's context.
	mcpRowCap = 100
	// mcpTextRows is how many rows of a list the text of a result shows;
	// the structured content has them all.
	mcpTextRows = 10
)

// mcpStdin is what hsreports mcp reads the protocol from (tests replace it).
var mcpStdin io.ReadCloser = os.Stdin

var mcpHelp = `hsreports mcp serves every report as a tool to an AI assistant (Claude
Desktop, Claude Code, Cursor, the MCP Inspector) over the Model Context
Protocol on stdin and stdout. The assistant starts it; nothing else should
write to its stdout.

One tool per report, named after the command's words joined by _ (company,
conversations_drilldown, user_ratings); its arguments are the command's flags
without the dashes (start, end, last, compare, mailbox as a list, view-by,
user, ...), plus tz. Every tool is read-only. A result is the report's JSON,
and a short text with its headline figures and changes; a paged report
answers one page, or with all=true the pages from page on up to ` + strconv.Itoa(mcpRowCap) + ` rows.
A bad argument is a tool error, before any request; an error of the API is a
tool error too, with the API's message and logRef.

Credentials, --demo, --rate-limit (shared by every call), --retries, --timeout
(per call), --tz (the default of the tz argument) and --verbose (on stderr) are
the global flags, as for any report.`

// mcpCommand is hsreports mcp.
func (a *app) mcpCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "mcp",
		Short:   "Serve every report as a tool for AI assistants (Model Context Protocol on stdio)",
		Long:    mcpHelp,
		Example: "  hsreports mcp --demo\n  claude mcp add helpscout -e HELPSCOUT_CLIENT_ID=… -e HELPSCOUT_CLIENT_SECRET=… -- hsreports mcp --rate-limit 200",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a.ran = true
			for _, name := range []string{"format", "output", "columns", "no-header", "csv-raw"} {
				if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
					return usageErrorf("--%s: not for hsreports mcp, whose stdout is the protocol and whose results are JSON", name)
				}
			}
			return a.serveMCP(cmd.Context(), &mcp.IOTransport{Reader: mcpStdin, Writer: nopCloser{a.s.out}})
		},
	}
}

// nopCloser keeps the server from closing stdout when the session ends.
type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// serveMCP checks the global flags, makes the client (real or demo, as for
// any report) and serves the tools on t until the client goes or ctx ends.
func (a *app) serveMCP(ctx context.Context, t mcp.Transport) error {
	if _, err := a.checkGlobals(); err != nil {
		return err
	}
	c, done, err := a.newClient()
	if err != nil {
		return err
	}
	defer done()
	a.notice("serving %d reports as MCP tools on stdin/stdout", len(catalog))
	err = a.mcpServer(c).Run(ctx, t)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// mcpServer is the server of the report tools, on client c.
func (a *app) mcpServer(c *reports.Client) *mcp.Server {
	opts := &mcp.ServerOptions{
		Instructions: "Help Scout reports: one read-only tool per report of the Reports API. " +
			"Ranges: last (7d, 4w, 3m: the whole days, weeks or months before the current one) or start and end (RFC 3339 or a date; end excluded), in tz (default " + a.tz + "); " +
			"without them, the last 7 days compared with the 7 before. compare adds the previous range of equal length; compare-to month or year (where the report takes it) the same dates a month or a year earlier. " +
			"In the JSON, times are in seconds and deltas are changes in percent (in points for figures that are percents). " +
			"The ids to filter on: users in the company report's users; tags, saved replies, workflows and customers in the conversations report.",
	}
	if a.verbose {
		opts.Logger = slog.New(slog.NewTextHandler(a.s.err, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s := mcp.NewServer(&mcp.Implementation{Name: "hsreports", Title: "Help Scout reports", Version: reports.Version}, opts)
	for _, r := range catalog {
		mcp.AddTool(s, a.tool(r), a.toolHandler(c, r))
	}
	return s
}

// toolName is the tool of a report: the command's words joined by _.
func toolName(r report) string { return strings.Join(r.name(), "_") }

// tool describes a report as a tool: what it answers and what a row is,
// its arguments (the command's flags) and that it only reads.
func (a *app) tool(r report) *mcp.Tool {
	rows, _, _ := strings.Cut(r.rows, ";") // what follows is about the CLI's flags
	desc := r.about + ". A row: " + rows + ". (GET " + r.path + ")"
	if r.paged {
		desc += fmt.Sprintf(" Answers one page (page, rows); all=true walks the pages from page on, up to %d rows.", mcpRowCap)
	}
	openWorld := true
	return &mcp.Tool{
		Name:        toolName(r),
		Description: desc,
		InputSchema: a.inputSchema(r),
		Annotations: &mcp.ToolAnnotations{
			Title:          "hsreports " + strings.Join(r.name(), " "),
			ReadOnlyHint:   true,
			IdempotentHint: true,
			OpenWorldHint:  &openWorld,
		},
	}
}

// toolFlags binds a report's flags to a command of its own, as the CLI's
// command does: a fresh binding per call.
func toolFlags(r report) (*pflag.FlagSet, *binding) {
	cmd := &cobra.Command{}
	b := bind(cmd, r.params, r.paged)
	return cmd.Flags(), b
}

// inputSchema is the JSON schema of a report's arguments, one property per
// flag of the report (names, types, allowed values and help from the flag
// definitions), plus tz. The flags whose help example the table gives are
// the required ones (user, the drilldowns' range and field).
func (a *app) inputSchema(r report) *jsonschema.Schema {
	s := &jsonschema.Schema{
		Type:                 "object",
		Properties:           map[string]*jsonschema.Schema{},
		AdditionalProperties: &jsonschema.Schema{Not: &jsonschema.Schema{}},
	}
	fs, _ := toolFlags(r)
	names := map[string]bool{"tz": true}
	fs.VisitAll(func(f *pflag.Flag) { names[f.Name] = true })
	required := map[string]bool{}
	for _, sf := range paramFields(r.params) {
		if fields[sf.Name].example != "" {
			required[fields[sf.Name].flag] = true
		}
	}
	fs.VisitAll(func(f *pflag.Flag) {
		_, usage := pflag.UnquoteUsage(f)
		p := &jsonschema.Schema{Description: argText(usage, names)}
		switch v := f.Value.(type) {
		case *enumValue:
			values := make([]any, len(v.values))
			for i, x := range v.values {
				values[i] = x
			}
			p.Description = strings.TrimSuffix(p.Description, ": "+strings.Join(v.values, ", "))
			if v.v.Kind() == reflect.Slice {
				p.Type, p.Items = "array", &jsonschema.Schema{Type: "string", Enum: values}
			} else {
				p.Type, p.Enum = "string", values
			}
		case dateValue:
			p.Type = "string"
		default:
			switch f.Value.Type() {
			case "int", "int64":
				p.Type = "integer"
			case "bool":
				p.Type = "boolean"
			case "int64Slice":
				p.Type, p.Items = "array", &jsonschema.Schema{Type: "integer"}
			case "stringSlice":
				p.Type, p.Items = "array", &jsonschema.Schema{Type: "string"}
			default:
				p.Type = "string"
			}
		}
		switch f.Name {
		case "last":
			p.Pattern = lastPattern.String()
		case "all":
			p.Description = fmt.Sprintf("every page from page on, up to %d rows (whole pages); the text says where it stopped", mcpRowCap)
		}
		p.Description = strings.ReplaceAll(p.Description, ", comma-separated", "")
		s.Properties[f.Name] = p
		s.PropertyOrder = append(s.PropertyOrder, f.Name)
		if required[f.Name] {
			s.Required = append(s.Required, f.Name)
		}
	})
	s.Properties["tz"] = &jsonschema.Schema{Type: "string",
		Description: "IANA time zone of dates, last and the text's timestamps, e.g. Europe/Berlin (default " + a.tz + ")"}
	s.PropertyOrder = append(s.PropertyOrder, "tz")
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

// toolHandler answers a call of a report's tool: the arguments set as flags
// and resolved as the command does, the report got (every page up to the
// cap with all), and the result as JSON and text. Every failure is a tool
// error, with the CLI's message in the tool's words.
func (a *app) toolHandler(c *reports.Client, r report) mcp.ToolHandlerFor[map[string]any, any] {
	return func(ctx context.Context, _ *mcp.CallToolRequest, args map[string]any) (res *mcp.CallToolResult, out any, err error) {
		defer func() {
			if p := recover(); p != nil { // a bug of ours fails the call, not the session
				fmt.Fprintf(a.s.err, "hsreports: mcp: %s: panic: %v\n", toolName(r), p)
				res, out, err = nil, nil, fmt.Errorf("hsreports failed on this call (a bug: %v); the other tools still work", p)
			}
		}()
		fs, b := toolFlags(r)
		names := map[string]bool{"tz": true}
		fs.VisitAll(func(f *pflag.Flag) { names[f.Name] = true })
		res, out, err = a.callTool(ctx, c, r, fs, b, args)
		if err != nil {
			return nil, nil, errors.New(argText(a.toolError(err), names))
		}
		return res, out, nil
	}
}

// callTool is toolHandler's work; its errors are in the CLI's words.
func (a *app) callTool(ctx context.Context, c *reports.Client, r report, fs *pflag.FlagSet, b *binding, args map[string]any) (*mcp.CallToolResult, any, error) {
	tz := a.tz
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if v := args[k]; v == "" || reflect.ValueOf(v).Kind() == reflect.Slice && reflect.ValueOf(v).Len() == 0 {
			continue // an empty value is none, as a model may send for an optional argument
		}
		s, err := argString(args[k])
		if err != nil {
			return nil, nil, usageErrorf("--%s: %v", k, err)
		}
		if k == "tz" {
			tz = s
			continue
		}
		if fs.Lookup(k) == nil {
			return nil, nil, usageErrorf("no argument %q", k)
		}
		if err := fs.Set(k, s); err != nil {
			return nil, nil, usageErrorf("--%s %q: %v", k, s, err)
		}
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "" {
		return nil, nil, usageErrorf("--tz %q: no such time zone", tz)
	}
	p, err := b.resolve(c.Now(), loc)
	if err != nil {
		return nil, nil, err
	}
	if a.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.timeout)
		defer cancel()
	}
	got, err := r.get(ctx, c, p)
	if err != nil {
		return nil, nil, err
	}
	var note string
	var partial bool
	if r.paged {
		note, partial = walkPages(ctx, c, r, p, got, b.all)
	}
	doc, err := marshal(got, "")
	if err != nil {
		return nil, nil, err
	}
	doc = bytes.TrimSpace(doc)
	if len(doc) == 0 || doc[0] != '{' { // structured content is an object
		doc = append(append([]byte(`{"results":`), doc...), '}')
	}
	if partial { // marked as the command marks an interrupted walk's json
		doc = append([]byte(`{"partial":true`), doc[1:]...)
		if len(doc) > len(`{"partial":true}`) {
			doc = slices.Insert(doc, len(`{"partial":true`), ',')
		}
	}
	o := &output{format: formatTable, s: &streams{out: io.Discard, err: io.Discard, now: time.Now}, loc: loc, brief: r.brief, notice: func(string, ...any) {}}
	text := headline(o, r, got)
	if note != "" {
		text = note + "\n\n" + text
	}
	return &mcp.CallToolResult{Content: []mcp.Content{
		&mcp.TextContent{Text: text},
		&mcp.TextContent{Text: string(doc)},
	}}, json.RawMessage(doc), nil
}

// argString writes a JSON argument as a flag's text: lists comma-separated.
func argString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			s, err := argString(e)
			if err != nil {
				return "", err
			}
			if strings.Contains(s, ",") {
				return "", fmt.Errorf("%q: no commas in a list's values", s)
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("%v is not a string, number, boolean or list", v)
}

// toolError says what went wrong, as the CLI would on stderr.
func (a *app) toolError(err error) string {
	var pe *reports.ParamError
	switch {
	case errors.As(err, &pe):
		return flagOf(pe.Field) + ": " + flagsIn(pe.Reason)
	case errors.Is(err, context.DeadlineExceeded) && a.timeout > 0:
		return fmt.Sprintf("no answer within --timeout %v: %v", a.timeout, err)
	}
	return err.Error()
}

// pagedOf finds the page in a paged report's answer: the struct with
// Page, Pages, Count and Results (the answer itself, or a field of it).
func pagedOf(v reflect.Value) reflect.Value {
	v = reflect.Indirect(v)
	if v.FieldByName("Results").IsValid() && v.FieldByName("Pages").IsValid() {
		return v
	}
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Struct && f.FieldByName("Results").IsValid() && f.FieldByName("Pages").IsValid() {
			return f
		}
	}
	panic("hsreports: no page in " + v.Type().String())
}

// walkPages, with all, gets the pages after got's, up to mcpRowCap rows,
// and adds their rows to got's; it says where the rows stand for the
// model to ask for more. A page after the first that fails ends the walk
// with the rows so far: partial, and the note says why.
func walkPages(ctx context.Context, c *reports.Client, r report, p, got any, all bool) (note string, partial bool) {
	pg := pagedOf(reflect.ValueOf(got))
	first := max(int(pg.FieldByName("Page").Int()), 1)
	pages, count := int(pg.FieldByName("Pages").Int()), int(pg.FieldByName("Count").Int())
	results := pg.FieldByName("Results")
	last := first
	params := reflect.New(reflect.TypeOf(p)).Elem()
	params.Set(reflect.ValueOf(p))
	var failed error
	for all && last < pages && results.Len() < mcpRowCap {
		params.FieldByName("Page").SetInt(int64(last + 1))
		next, err := r.get(ctx, c, params.Interface())
		if err != nil {
			failed = err
			break
		}
		npg := pagedOf(reflect.ValueOf(next))
		rows := npg.FieldByName("Results")
		if rows.Len() == 0 {
			break
		}
		results.Set(reflect.AppendSlice(results, rows))
		last++
		pages = int(npg.FieldByName("Pages").Int())
	}
	var b strings.Builder
	if last == first {
		fmt.Fprintf(&b, "Page %d of %d: %d rows here, %d in all.", first, pages, results.Len(), count)
	} else {
		fmt.Fprintf(&b, "Pages %d to %d of %d: %d rows here, %d in all.", first, last, pages, results.Len(), count)
	}
	switch {
	case failed != nil:
		fmt.Fprintf(&b, " Stopped at page %d on an error: %v. Call again with page %d and all to go on.", last+1, failed, last+1)
	case last >= pages:
		b.WriteString(" That is every row from this page on.")
	case all:
		fmt.Fprintf(&b, " Stopped at the cap of %d rows: call again with page %d and all for more.", mcpRowCap, last+1)
	default:
		fmt.Fprintf(&b, " Call again with page %d for the next page, or all=true for up to %d rows.", last+1, mcpRowCap)
	}
	return b.String(), failed != nil
}

// headline is the short text of a result, drawn by the table writer: the
// headline figures of an overall report (current, previous, change), the
// points of a series, the first rows of a list.
func headline(o *output, r report, got any) string {
	var buf bytes.Buffer
	o.s.out = &buf
	v := reflect.Indirect(reflect.ValueOf(got))
	var err error
	switch {
	case v.FieldByName("Current").IsValid() && v.FieldByName("Current").Kind() == reflect.Slice: // a series
		err = o.series(got, v.FieldByName("Current").Interface(), v.FieldByName("Previous").Interface())
	case r.paged || v.NumField() == 1 && v.Field(0).Kind() == reflect.Slice: // a list
		var rows reflect.Value
		if r.paged {
			rows = pagedOf(v).FieldByName("Results")
		} else {
			rows = v.Field(0)
		}
		w := o.records(got, rows.Type().Elem(), "")
		for i := range min(rows.Len(), mcpTextRows) {
			w.write(rows.Index(i), "")
		}
		err = w.close()
		if rows.Len() > mcpTextRows {
			fmt.Fprintf(&buf, "… and %d more rows in the JSON.\n", rows.Len()-mcpTextRows)
		}
	default: // the figures before the lists and objects beside them
		err = o.overallTable(v)
		if i := bytes.Index(buf.Bytes(), []byte("\n\n")); i >= 0 {
			buf.Truncate(i + 1)
		}
	}
	if err != nil {
		return "(no text: " + err.Error() + ")"
	}
	return strings.TrimRight(buf.String(), "\n")
}

// erase is get with its params and result as any.
func erase[P, R any](get getter[P, R]) func(context.Context, *reports.Client, any) (any, error) {
	return func(ctx context.Context, c *reports.Client, p any) (any, error) {
		r, err := get(c, ctx, p.(P))
		if err != nil {
			return nil, err
		}
		return r, nil
	}
}
