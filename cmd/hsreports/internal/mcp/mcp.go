// Package mcp is hsreports mcp: a Model Context Protocol server for AI
// assistants, on stdio (one assistant starts it) or over HTTP (a team
// shares one). Its tools are the reports of the catalogue, one each,
// named after the command; a tool's arguments are the command's flags,
// decoded into the same input and resolved by the same code, then checked
// by the SDK before any request. Beside them: history (the database
// hsreports sync keeps, without a request), lookup (the names of users,
// mailboxes, tags and folders) and two prompts.
//
// A result is the report's JSON as structured content (what --format json
// writes), and text a model reads first: the range and the comparison it
// covers, in the tool's zone; the headline figures, durations as
// "3h 12m (11,520 s)"; then the JSON, its list capped at about 20 KB with
// how to read on.
package mcp

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/mcp/stdio"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"
)

// The environment hsreports mcp reads, beyond the credentials.
const (
	// EnvToken is the bearer token of the HTTP server (--http).
	EnvToken = "HSREPORTS_MCP_TOKEN"
)

const (
	// RowCap is how many rows a walk of pages (the all argument) stops at,
	// in whole pages: enough to answer a question, small enough for a
	// model's context.
	RowCap = 100
	// TextCap is about how much text an answer's content holds, in bytes:
	// a longer list is cut, and the text says how to read on.
	TextCap = 20 << 10
	// textRows is how many rows of a list the headline table shows; the
	// JSON has them all (up to TextCap).
	textRows = 10
)

var help = `hsreports mcp serves every report as a tool to an AI assistant (Claude
Desktop, Claude Code, Cursor, the MCP Inspector) over the Model Context
Protocol: on stdin and stdout by default (the assistant starts it; nothing
else should write to its stdout), or over HTTP for a team with --http.

One tool per report, named after the command's words joined by _ (company,
conversations_drilldown, user_ratings); its arguments are the command's flags
without the dashes (start, end, last, compare-to, mailbox and tag as lists,
view-by, user, ...), plus tz; compare, previous-start, previous-end and folder
are taken too, though not listed, to keep the list short. Every tool is
read-only. Beside them: history (the
figures hsreports sync stored, from --db, without a request), lookup (the
names of users, mailboxes, tags and folders, for the ids), and the prompts
weekly-review and investigate-metric.

A result names its range and comparison, and gives the headline figures,
then the report's JSON (the structured content: what --format json writes);
a paged report answers one page, or with all=true the pages from page on up
to ` + strconv.Itoa(RowCap) + ` rows; a list's text is capped at about 20 KB and says how to read
on. A bad argument is a tool error, before any request; an error of the API
is a tool error too, with the API's message and logRef.

--db (or ` + cmdutil.EnvDB + `) adds history; without credentials, only the database's
tools are served. --http ADDR serves the Streamable HTTP transport at /mcp:
loopback by default; any other address needs a bearer token
(` + EnvToken + ` or --token-file), which every request must then carry.

Credentials, --demo, --rate-limit (shared by every call, of every session),
--retries, --timeout (per call), --tz (the default of the tz argument) and
--verbose (on stderr) are the global flags, as for any report.`

// Options are one run of hsreports mcp.
type Options struct {
	App *cmdutil.App
	// DB is the database of history: --db, else HSREPORTS_DB; "" for none.
	DB string
	// HTTP is the address to serve HTTP on (--http); "" serves stdio.
	HTTP string
	// TokenFile holds the bearer token of the HTTP server (--token-file).
	TokenFile string
	// Origins are the browser origins the HTTP server takes
	// (--allow-origin).
	Origins []string
	// Listening, when set, is told the address the HTTP server listens
	// on (tests).
	Listening func(addr string)
}

// NewCmd is the mcp command; run runs it (Run, unless a test gives
// another).
func NewCmd(app *cmdutil.App, run func(context.Context, *Options) error) *cobra.Command {
	o := &Options{App: app}
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: "Serve every report as a tool for AI assistants (Model Context Protocol on stdio or HTTP)",
		Long:  help,
		Example: "  hsreports mcp --demo\n" +
			"  claude mcp add helpscout -e HELPSCOUT_CLIENT_ID=… -e HELPSCOUT_CLIENT_SECRET=… -- hsreports mcp --rate-limit 200\n" +
			"  hsreports mcp --db sqlite:hsreports.db                 # history only, no credentials\n" +
			"  HSREPORTS_MCP_TOKEN=… hsreports mcp --http 0.0.0.0:8808 --rate-limit 200",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			app.Ran = true
			for _, name := range cmdutil.OutputFlags {
				if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
					return cmdutil.Usagef("--%s: not for hsreports mcp, whose stdout is the protocol and whose results are JSON", name)
				}
			}
			if o.DB == "" {
				o.DB = app.Getenv(cmdutil.EnvDB)
			}
			if o.HTTP == "" && (cmd.Flags().Changed("token-file") || cmd.Flags().Changed("allow-origin")) {
				return cmdutil.Usagef("--token-file and --allow-origin are for --http")
			}
			return run(cmd.Context(), o)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.DB, "db", "", "the database hsreports sync keeps, for the history tool: sqlite:FILE or postgres://… (also "+cmdutil.EnvDB+")")
	fs.StringVar(&o.HTTP, "http", "", "serve the Streamable HTTP transport at http://`ADDR`/mcp instead of stdio, e.g. 127.0.0.1:8808")
	fs.StringVar(&o.TokenFile, "token-file", "", "with --http: the bearer token every request must carry, read from `FILE` (else "+EnvToken+")")
	fs.StringSliceVar(&o.Origins, "allow-origin", nil, "with --http: browser origins allowed to call it (scheme://host[:port]); requests with any other Origin are refused")
	return cmd
}

// Run checks the global flags, makes the client (real or demo, as for any
// report) and opens the database (--db), then serves until the client
// goes (stdio) or ctx ends.
func Run(ctx context.Context, o *Options) error {
	if o.HTTP != "" {
		return serveHTTP(ctx, o)
	}
	s, done, err := NewServer(o)
	if err != nil {
		return err
	}
	defer done()
	o.App.Notice("%s on stdin/stdout", s.what)
	in := o.App.IO.In
	if in == nil {
		in = os.Stdin
	}
	t := &stdio.Transport{In: in, Out: o.App.IO.Out}
	if o.App.Flags.Verbose {
		t.Logger = slog.New(slog.NewTextHandler(o.App.IO.Err, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	err = s.Run(ctx, t)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// Server is the MCP server of a run, and what it serves.
type Server struct {
	*mcp.Server
	what string // "serving 32 reports, history and lookup as MCP tools"
}

// server is what the tools' handlers share: one client (one token, one
// pacer) and one database for every call of every session.
type server struct {
	o     *Options
	a     *cmdutil.App
	c     *reports.Client   // nil: no credentials, the database's tools only
	tz    string            // --tz: the default of the tz argument
	store Store             // nil: no --db
	dir   Directory         // nil: no lookup
	names *reports.Resolver // the client's names (one list call per kind, for the server's life); nil without a client
}

// NewServer checks the global flags, makes the client, opens the database
// and returns the server of the tools; done stops the demo's fake and
// closes the database.
func NewServer(o *Options) (*Server, func(), error) {
	a := o.App
	loc, err := a.CheckGlobals()
	if err != nil {
		return nil, nil, err
	}
	s := &server{o: o, a: a, tz: a.Flags.TZ}
	var closers []func()
	done := func() {
		for _, f := range slices.Backward(closers) {
			f()
		}
	}
	if o.DB != "" {
		st, err := OpenStore(context.Background(), o.DB)
		if err != nil {
			return nil, nil, err
		}
		s.store = st
		closers = append(closers, func() { _ = st.Close() })
	}
	// An assistant's walk stops at RowCap rows or TextCap bytes: pages are
	// fetched one at a time, so that no page past the cap is asked for.
	c, stop, err := a.NewClient(reports.WithPrefetch(1))
	switch {
	case err == nil:
		s.c = c
		closers = append(closers, stop)
	case s.store != nil && a.Getenv(cmdutil.EnvClientID) == "" && a.Getenv(cmdutil.EnvClientSecret) == "":
		// No credentials and a database: its tools only.
	default:
		done()
		return nil, nil, err
	}
	switch {
	case s.c != nil:
		s.names = reports.NewResolver(s.c)
		s.dir = resolverDirectory{s.names}
	case s.store != nil:
		s.dir = s.store
	}
	opts := &mcp.ServerOptions{Instructions: s.instructions(loc)}
	if a.Flags.Verbose {
		opts.Logger = slog.New(slog.NewTextHandler(a.IO.Err, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ms := mcp.NewServer(&mcp.Implementation{Name: "hsreports", Title: "Help Scout reports", Version: cmdutil.CurrentVersion().Version}, opts)
	var served []string
	if s.c != nil {
		for _, r := range catalog.All() {
			ms.AddTool(s.reportTool(r), s.guard(r.Info().Tool(), func(ctx context.Context, args map[string]json.RawMessage) (*mcp.CallToolResult, error) {
				return s.report(ctx, r, args)
			}, true))
		}
		served = append(served, strconv.Itoa(len(catalog.All()))+" reports")
	}
	if s.store != nil {
		ms.AddTool(historyTool(s.tz), s.guard("history", s.history, false))
		served = append(served, "history")
	}
	if s.dir != nil {
		ms.AddTool(lookupTool(), s.guard("lookup", s.lookup, false))
		served = append(served, "lookup")
	}
	s.addPrompts(ms)
	what := "serving " + strings.Join(served, ", ") + " as MCP tools"
	if s.c == nil {
		what += " (no credentials: the database's tools only)"
	}
	return &Server{Server: ms, what: what}, done, nil
}

// instructions are the rules every tool shares, said once.
func (s *server) instructions(loc *time.Location) string {
	var b strings.Builder
	b.WriteString("Help Scout reports, read-only.")
	if s.c == nil {
		b.WriteString(" Only the database's tools are served (history, lookup): no API credentials were given, so the live reports are not available; answer from the stored figures and say so.")
	} else {
		b.WriteString(" One tool per report of the Reports API.")
	}
	fmt.Fprintf(&b, " Ranges: last (7d, 4w, 3m: the N whole days, Monday-to-Sunday weeks or calendar months before the current one) or start and end (YYYY-MM-DD, midnight in tz, or RFC 3339; end excluded), in tz, an IANA zone (default %s);", loc)
	if s.c != nil {
		b.WriteString(" without them, the last 7 days until now, compared with the 7 before.")
		b.WriteString(" compare-to adds a comparison: period, the range of equal length right before; month or year, the same dates a month or a year earlier. For last month against the month before, use last=1m with compare-to=month (period would take the 30 or 31 days before). For any other comparison, call twice.")
	}
	b.WriteString(" Every answer's text first names the range it covers, and any comparison: quote them.")
	b.WriteString(" Units: times are in seconds (the text shows 3h 12m (11,520 s)); deltas are percent changes, or points for percents and the happiness score.")
	if s.c != nil {
		b.WriteString(" Filters: mailbox and tag (lists), user: ids or names")
		if s.dir != nil {
			b.WriteString(" (lookup lists them)")
		}
		b.WriteString("; tag 1 is the untagged conversations; type: email, chat, phone.")
		fmt.Fprintf(&b, " Paged reports answer one page (page from 1, rows up to 50); all=true walks on from page, up to %d rows; a list's text is cut at about 20 KB and says how to read on.", RowCap)
	}
	if s.store != nil {
		b.WriteString(" history answers from the database hsreports sync keeps, without a request: a metric per day, week or month, aggregated by its kind (counts summed, averages weighted, distinct counts only from stored buckets of that size); it says what is stored and what is missing; its filters are as synced (mailbox=101 type=email), names allowed")
		if s.dir != nil {
			b.WriteString(" (lookup lists them)")
		}
		b.WriteString(".")
	}
	return b.String()
}

// handlerFunc is a tool's work on its arguments.
type handlerFunc func(ctx context.Context, args map[string]json.RawMessage) (*mcp.CallToolResult, error)

// guard is the handler of a tool: its arguments decoded (an object, or
// none), every failure a tool error made safe (toolError; flags, the
// words of the command's errors, become the arguments' when flags is
// set), and a panic (a bug of ours) the call's, not the session's.
func (s *server) guard(tool string, f handlerFunc, flags bool) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (res *mcp.CallToolResult, err error) {
		defer func() {
			if p := recover(); p != nil {
				fmt.Fprintf(s.a.IO.Err, "hsreports: mcp: %s: panic: %s\n", tool, cmdutil.EscapeText(fmt.Sprint(p)))
				res, err = errorResult(errors.New("hsreports failed on this call (a bug); the other tools still work")), nil
			}
		}()
		var args map[string]json.RawMessage
		if raw := req.Params.Arguments; len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &args); err != nil {
				return errorResult(errors.New("the arguments must be a JSON object")), nil
			}
		}
		res, err = f(ctx, args)
		if err != nil {
			return errorResult(errors.New(s.toolError(err, flags))), nil
		}
		return res, nil
	}
}

// errorResult is a tool error: its text, for the model to read and act on.
func errorResult(err error) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: err.Error()}}}
}

// reportTool describes a report as a tool: what it answers, its arguments
// (the command's flags) and that it only reads.
func (s *server) reportTool(r catalog.Report) *mcp.Tool {
	info := r.Info()
	return &mcp.Tool{
		Name:        info.Tool(),
		Description: info.About + ".",
		InputSchema: reportSchema(r),
		Annotations: readOnly,
	}
}

// readOnly marks a tool that only reads, and gives the same answer to the
// same call.
var readOnly = &mcp.ToolAnnotations{ReadOnlyHint: true}

// reportArgs are the arguments of report r's tool: its input's (but the
// omitted), all for a paged report, and tz.
func reportArgs(r catalog.Report) []input.Arg {
	var out []input.Arg
	for _, a := range input.New(r.Info().Params).Args() {
		if !omitted[a.Name] {
			out = append(out, a)
		}
	}
	if r.Info().Kind == catalog.Paged {
		out = append(out, input.Arg{Name: "all", Type: "boolean"})
	}
	return append(out, input.Arg{Name: "tz", Type: "string"})
}

// reportSchema is the input schema of a report's tool.
func reportSchema(r catalog.Report) objectSchema {
	var o objectSchema
	for _, a := range reportArgs(r) {
		o = append(o, schemaOf(a))
	}
	return o
}

// report is a report tool's work: the arguments decoded into the report's
// input and resolved, the report got (the pages from page on with all, up
// to the caps), and the answer with its text. Its errors are in the
// command's words (--flags), which toolError makes the tool's.
func (s *server) report(ctx context.Context, r catalog.Report, args map[string]json.RawMessage) (*mcp.CallToolResult, error) {
	info := r.Info()
	in := input.New(info.Params)
	schema := map[string]prop{}
	for _, a := range reportSchema(r) {
		schema[a.name] = a.p
	}
	tz, all := s.tz, false
	for _, k := range slices.Sorted(mapsKeys(args)) {
		raw := args[k]
		switch p, ok := schema[k]; {
		case !ok && k != "tz" && !omitted[k]:
			return nil, cmdutil.Usagef("no argument %q", k)
		case k == "tz":
			var err error
			if tz, err = tzArg(raw, s.tz); err != nil {
				return nil, err
			}
		case k == "all" && ok:
			if err := json.Unmarshal(raw, &all); err != nil && string(raw) != "null" {
				return nil, cmdutil.Usagef("--all: want true or false")
			}
		case ok && integerArg(p), k == "folder":
			if err := in.SetArg(k, integral(raw)); err != nil {
				return nil, err
			}
		default:
			if err := in.SetArg(k, raw); err != nil {
				return nil, err
			}
		}
	}
	loc, err := cmdutil.LoadZone(tz)
	if err != nil {
		return nil, cmdutil.Usagef("--tz %q: %v", tz, err)
	}
	resolved, err := in.Resolve(ctx, s.c.Now(), loc, s.names)
	if err != nil {
		return nil, err
	}
	var res *mcp.CallToolResult
	err = s.a.WithTimeout(ctx, func(ctx context.Context) error {
		ans, err := fetch(ctx, s.c, r, resolved.Params, all)
		if err != nil {
			return err
		}
		res, err = ans.result(r, rangeText(resolved, comparisonOf(in, args), info.Has("PreviousStart"), loc), loc)
		return err
	})
	return res, err
}

// tzArg reads the tz argument: an IANA zone's name ("" is the server's
// --tz).
func tzArg(raw json.RawMessage, def string) (string, error) {
	if string(raw) == "null" {
		return def, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", cmdutil.Usagef("--tz: want a string, an IANA time zone such as Europe/Berlin")
	}
	return cmp.Or(s, def), nil
}

// mapsKeys lists the keys of m.
func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
