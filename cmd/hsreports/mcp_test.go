package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	hsmcp "github.com/helpscout-go/reports/cmd/hsreports/internal/mcp"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/root"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// mcpApp is hsreports with the environment env and the global flags
// args, as hsreports mcp would run; its stderr goes to errb.
func mcpApp(t *testing.T, env map[string]string, errb io.Writer, args ...string) *cmdutil.App {
	t.Helper()
	a := &cmdutil.App{IO: &cmdutil.IOStreams{Out: io.Discard, Err: errb, Now: time.Now, Clock: testClock}, Getenv: func(k string) string { return env[k] }}
	require.NoError(t, root.NewCmd(a).PersistentFlags().Parse(args))
	return a
}

// mcpConnect serves the report tools of a (on the client newClient makes)
// over an in-memory transport pair, and returns the client's session.
func mcpConnect(t *testing.T, a *cmdutil.App) *mcp.ClientSession {
	t.Helper()
	srv, done, err := hsmcp.NewServer(&hsmcp.Options{App: a})
	require.NoError(t, err)
	t.Cleanup(done)
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "hsreports-test", Version: "0"}, nil).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() {
		cs.Close()
		ss.Wait()
	})
	return cs
}

// mcpCall calls a tool and returns its result and its texts, joined.
func mcpCall(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) (*mcp.CallToolResult, string) {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err, "a tool's failure is a tool error, never a protocol error")
	var texts []string
	for _, c := range res.Content {
		tc, ok := c.(*mcp.TextContent)
		require.True(t, ok, "content is text")
		texts = append(texts, tc.Text)
	}
	return res, strings.Join(texts, "\n")
}

// mcpExampleArgs are the required arguments of a report's tool, from the
// table's examples (ids of the demo data): "--user 100101" is user 100101.
func mcpExampleArgs(r report) map[string]any {
	args := map[string]any{}
	for _, f := range input.Required(r.params) {
		name, value, _ := strings.Cut(strings.TrimPrefix(f.Example, "--"), " ")
		if n, err := strconv.ParseInt(value, 10, 64); err == nil {
			args[name] = n
		} else {
			args[name] = value
		}
	}
	return args
}

// TestMCPTools lists the tools: one per report of the table, named after
// the command, read-only, described by what the report answers and what a
// row is, with the command's flags as arguments (the same names and
// allowed values), tz, and the required ones marked.
func TestMCPTools(t *testing.T) {
	cs := mcpConnect(t, mcpApp(t, nil, io.Discard, "--demo"))
	tools := map[string]*mcp.Tool{}
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		tools[tool.Name] = tool
	}
	require.Len(t, tools, 32)
	require.Len(t, catalog, 32)
	for _, name := range []string{"company", "conversations_drilldown", "user_ratings", "conversations_busy-times", "productivity_first-response-time"} {
		assert.Contains(t, tools, name)
	}

	cli := root.NewCmd(&cmdutil.App{IO: &cmdutil.IOStreams{Out: io.Discard, Err: io.Discard, Now: time.Now, Clock: testClock}, Getenv: func(string) string { return "" }})
	for _, r := range catalog {
		tool := tools[toolName(r)]
		require.NotNil(t, tool, r.path)
		assert.True(t, tool.Annotations.ReadOnlyHint, tool.Name)
		assert.Contains(t, tool.Description, r.about, tool.Name)
		rows, _, _ := strings.Cut(r.rows, ";")
		assert.Contains(t, tool.Description, rows, tool.Name)

		schema, ok := tool.InputSchema.(map[string]any)
		require.True(t, ok)
		assert.Equal(t, "object", schema["type"])
		props := schema["properties"].(map[string]any)
		cmd, _, err := cli.Find(r.name())
		require.NoError(t, err)
		for name := range props {
			if name != "tz" {
				assert.NotNil(t, cmd.Flags().Lookup(name), "%s: argument %s is a flag of the command", tool.Name, name)
			}
		}
		var required []string
		for _, x := range asSlice(schema["required"]) {
			required = append(required, x.(string))
		}
		for _, f := range input.ParamFields(r.params) {
			fl, _ := input.FieldOf(f.Name)
			p, ok := props[fl.Name].(map[string]any)
			if !assert.True(t, ok, "%s: argument %s", tool.Name, fl.Name) {
				continue
			}
			if values := input.Enums[f.Type]; values != nil {
				assert.Equal(t, "string", p["type"])
				assert.ElementsMatch(t, values, asSlice(p["enum"]), "%s %s", tool.Name, fl.Name)
			}
			if f.Type.Kind().String() == "slice" {
				assert.Equal(t, "array", p["type"], "%s %s", tool.Name, fl.Name)
			}
			if f.Type == reflect.TypeFor[time.Time]() {
				assert.Equal(t, "string", p["type"], "dates are strings")
			}
			assert.Equal(t, fl.Example != "", slices.Contains(required, fl.Name), "%s: %s required", tool.Name, fl.Name)
		}
		assert.Equal(t, hasField(r.params, "User"), slices.Contains(required, "user"), "%s: user is required on user reports", tool.Name)
		assert.Equal(t, input.LastPattern.String(), props["last"].(map[string]any)["pattern"], tool.Name)
		assert.Contains(t, props, "tz", tool.Name)
		_, compare := props["compare"]
		assert.Equal(t, hasField(r.params, "PreviousStart"), compare, "%s: compare", tool.Name)
		_, all := props["all"]
		assert.Equal(t, r.paged, all, "%s: all", tool.Name)
		assert.NotContains(t, tool.Description+string(mustJSON(t, props)), "--", "%s speaks of arguments, not flags", tool.Name)
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// TestMCPCallsEveryTool calls every tool once on the demo data, with its
// required arguments from the table's examples: the structured content is
// the report's JSON, the same as hsreports writes with --format json, and
// the text has the headline figures and the same JSON.
func TestMCPCallsEveryTool(t *testing.T) {
	var errb syncBuffer
	cs := mcpConnect(t, mcpApp(t, nil, &errb, "--demo"))
	for _, r := range catalog {
		args := mcpExampleArgs(r)
		res, text := mcpCall(t, cs, toolName(r), args)
		require.False(t, res.IsError, "%s: %s", toolName(r), text)
		require.Len(t, res.Content, 2, toolName(r))
		headline, ok := res.Content[0].(*mcp.TextContent)
		require.True(t, ok, "%s: the headline is text", toolName(r))
		assert.NotEmpty(t, headline.Text, toolName(r))
		assert.NotContains(t, headline.Text, "(no text", toolName(r))

		cliArgs := append(r.name(), "--format", "json")
		for name, v := range args {
			cliArgs = append(cliArgs, "--"+name, strings.Trim(string(mustJSON(t, v)), `"`))
		}
		cli := hs(t, demo, cliArgs...)
		require.Equal(t, 0, cli.code, cli.stderr)
		var want any
		require.NoError(t, json.Unmarshal([]byte(cli.stdout), &want))
		if _, ok := want.(map[string]any); !ok {
			want = map[string]any{"results": want}
		}
		assert.Equal(t, want, res.StructuredContent, "%s: the structured content is the report's JSON", toolName(r))
		var asText any
		doc, ok := res.Content[1].(*mcp.TextContent)
		require.True(t, ok, "%s: the JSON is text", toolName(r))
		require.NoError(t, json.Unmarshal([]byte(doc.Text), &asText))
		assert.Equal(t, want, asText, "%s: the JSON as text too", toolName(r))
	}
	assert.Equal(t, 1, strings.Count(errb.String(), "\n"), "stderr: the demo notice only: %s", errb.String())
	assert.Contains(t, errb.String(), "demo data")
}

// TestMCPHeadline: the text of a result is what the table shows first: the
// figures with their previous values and changes, the points of a series,
// the first rows of a list; a range without a previous one works too.
func TestMCPHeadline(t *testing.T) {
	cs := mcpConnect(t, mcpApp(t, nil, io.Discard, "--demo", "--tz", "Europe/Berlin"))
	_, text := mcpCall(t, cs, "company", map[string]any{"last": "4w", "compare": true})
	lines := strings.Split(strings.SplitN(text, "\n{", 2)[0], "\n")
	assert.Regexp(t, `^METRIC +CURRENT +PREVIOUS +CHANGE$`, lines[0])
	assert.Regexp(t, `^customers helped +\d+ +\d+ +[+-]\d+\.\d%$`, findLine(lines, "customers helped"))
	assert.Contains(t, text, "CET", "timestamps in the server's --tz")
	assert.NotContains(t, text, "USERS", "the lists beside the figures are in the JSON only")

	res, text := mcpCall(t, cs, "email", map[string]any{"last": "7d"})
	require.False(t, res.IsError, text)
	assert.Regexp(t, `(?m)^METRIC +CURRENT$`, text, "no previous range: no previous column")

	_, text = mcpCall(t, cs, "conversations_new", map[string]any{"last": "3m", "view-by": "month", "tz": "UTC"})
	assert.Regexp(t, `(?m)^START +COUNT$`, text)
	assert.Equal(t, 4, len(strings.Split(strings.SplitN(text, "\n{", 2)[0], "\n")), "a header and 3 months:\n%s", text)

	_, text = mcpCall(t, cs, "conversations_busy-times", nil)
	assert.Contains(t, text, "… and 158 more rows in the JSON.")
}

// TestMCPEmptyArguments: an empty string or list, as a model may
// send for an argument it does not mean to set, is no argument.
func TestMCPEmptyArguments(t *testing.T) {
	cs := mcpConnect(t, mcpApp(t, nil, io.Discard, "--demo"))
	want, _ := mcpCall(t, cs, "company", map[string]any{"last": "4w"})
	require.False(t, want.IsError)
	got, text := mcpCall(t, cs, "company", map[string]any{"last": "4w", "start": "", "mailbox": []any{}, "tz": ""})
	require.False(t, got.IsError, text)
	assert.Equal(t, want.StructuredContent, got.StructuredContent)
}

func findLine(lines []string, prefix string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// TestMCPToolErrors: a bad argument is a tool error that says what is
// wrong, in the tool's words, and sends no request; the API's refusal is a
// tool error with its status, and the session goes on.
func TestMCPToolErrors(t *testing.T) {
	srv, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	cases := []struct {
		tool string
		args map[string]any
		want string
	}{
		{"user", nil, `"user"`},
		{"user_replies", map[string]any{"last": "4w"}, `"user"`},
		{"user", map[string]any{"user": 0}, "user: is required and must be a positive user or team id, got 0"},
		{"company", map[string]any{"tz": "Mars/Olympus"}, `tz "Mars/Olympus": no such time zone`},
		{"company", map[string]any{"start": "2026-11-20", "end": "2026-11-10"}, "end: must be after start"},
		{"company", map[string]any{"start": "20 Nov"}, `start "20 Nov": want RFC 3339`},
		{"company", map[string]any{"last": "4w", "start": "2026-11-01"}, "last and start: give one or the other"},
		{"company", map[string]any{"last": "7x"}, "last"},
		{"company", map[string]any{"from": "2026-11-01"}, "from"},
		{"company", map[string]any{"mailbox": []any{"a"}}, "mailbox"},
		{"conversations_new", map[string]any{"view-by": "year"}, "view-by"},
		{"company_drilldown", map[string]any{"range": "responseTime", "range-id": -1}, "range-id: must not be negative"},
		{"conversations_fields-drilldown", map[string]any{"field": "tagid", "field-id": 301, "rows": 51}, "rows: must be between 0 and 50"},
		{"conversations_new", map[string]any{"view-by": "day", "last": "3m"}, "view-by"},
	}
	for _, c := range cases {
		res, text := mcpCall(t, cs, c.tool, c.args)
		assert.True(t, res.IsError, "%s %v: %s", c.tool, c.args, text)
		assert.Contains(t, text, c.want, "%s %v", c.tool, c.args)
		assert.NotContains(t, text, "--", "%s %v: arguments, not flags: %s", c.tool, c.args, text)
	}
	assert.Zero(t, reportCalls(srv), "a bad argument sends no request")

	srv.FailNext(1, 403)
	res, text := mcpCall(t, cs, "company", nil)
	assert.True(t, res.IsError)
	assert.Contains(t, text, "403 Forbidden")
	assert.Equal(t, 1, reportCalls(srv), "a 403 is not retried")

	res, text = mcpCall(t, cs, "company", nil)
	assert.False(t, res.IsError, "the session goes on: %s", text)
}

// TestMCPPages: a paged report answers one page and says how to get the
// next; all walks the pages up to the row cap, in whole pages, and says
// where it stopped.
func TestMCPPages(t *testing.T) {
	srv, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	results := func(res *mcp.CallToolResult) []any {
		return res.StructuredContent.(map[string]any)["conversations"].(map[string]any)["results"].([]any)
	}
	args := map[string]any{"last": "3m"}
	res, text := mcpCall(t, cs, "conversations_drilldown", args)
	require.False(t, res.IsError, text)
	pages := int(res.StructuredContent.(map[string]any)["conversations"].(map[string]any)["pages"].(float64))
	require.Greater(t, pages, 5, "the demo data has enough pages")
	assert.Len(t, results(res), 25)
	assert.Contains(t, text, "Page 1 of "+strconv.Itoa(pages)+": 25 rows here")
	assert.Contains(t, text, "Call again with page 2 for the next page, or all=true for up to 100 rows")
	assert.Contains(t, text, "… and 15 more rows in the JSON.")
	assert.Equal(t, 1, reportCalls(srv))

	srv.ClearRequests()
	args["all"] = true
	res, text = mcpCall(t, cs, "conversations_drilldown", args)
	require.False(t, res.IsError, text)
	assert.Len(t, results(res), 100)
	assert.Contains(t, text, "Pages 1 to 4 of "+strconv.Itoa(pages)+": 100 rows here")
	assert.Contains(t, text, "Stopped at the cap of 100 rows: call again with page 5 and all for more.")
	assert.Equal(t, 4, reportCalls(srv))

	srv.ClearRequests()
	args["rows"], args["page"] = 50, 2
	res, text = mcpCall(t, cs, "conversations_drilldown", args)
	require.False(t, res.IsError, text)
	require.Len(t, results(res), 100)
	assert.Equal(t, 2, reportCalls(srv))
	row, ok := results(res)[0].(map[string]any)
	require.True(t, ok)
	first := row["number"]

	res, text = mcpCall(t, cs, "conversations_drilldown", map[string]any{"last": "3m", "rows": 50, "page": 2})
	require.False(t, res.IsError, text)
	require.NotEmpty(t, results(res))
	row, ok = results(res)[0].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, first, row["number"], "all starts at page")

	srv.ClearRequests()
	res, text = mcpCall(t, cs, "conversations_drilldown", map[string]any{"last": "3m", "page": pages - 1, "all": true})
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "That is every row from this page on.")
	assert.Equal(t, 2, reportCalls(srv))
}

// TestMCPPagesPartial: a page after the first that fails ends a walk with
// the rows so far, marked partial, and the text says where and why.
func TestMCPPagesPartial(t *testing.T) {
	srv, env := fakeAPI(t)
	srv.Handle("/v2/reports/conversations/drilldown", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 3 {
			w.Header().Set("Content-Type", "application/vnd.error+json")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"Access denied","logRef":"log-42"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"conversations":{"page":%d,"pages":9,"count":9,"results":[{"id":%d,"number":%d,"type":"email","subject":"s"}]}}`, max(page, 1), page, page)
	}))
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	res, text := mcpCall(t, cs, "conversations_drilldown", map[string]any{"all": true})
	require.False(t, res.IsError, text)
	sc := res.StructuredContent.(map[string]any)
	assert.Equal(t, true, sc["partial"])
	assert.Len(t, sc["conversations"].(map[string]any)["results"], 2)
	assert.Contains(t, text, "Pages 1 to 2 of 9: 2 rows here, 9 in all. Stopped at page 3 on an error: ")
	assert.Contains(t, text, "403 Forbidden")
	assert.Contains(t, text, "log-42")
	assert.Contains(t, text, "Call again with page 3 and all to go on.")

	res, text = mcpCall(t, cs, "conversations_drilldown", map[string]any{"page": 3})
	assert.True(t, res.IsError, "the first page's failure is the call's: %s", text)
	assert.Contains(t, text, "log-42")
}

// TestMCPOneClient: every call of a session goes through one client, so
// one token and one pacer (--rate-limit) serve them all.
func TestMCPOneClient(t *testing.T) {
	srv, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard, "--rate-limit", "6000"))
	for _, name := range []string{"company", "email", "conversations_new", "docs"} {
		res, text := mcpCall(t, cs, name, nil)
		require.False(t, res.IsError, text)
	}
	assert.Equal(t, 4, reportCalls(srv))
	assert.Equal(t, 1, srv.TokenRequests(), "one client, one token")
}

// TestMCPSecretNeverShown: the client secret is in no result, no tool
// error and no log line, whatever happens.
func TestMCPSecretNeverShown(t *testing.T) {
	srv, env := fakeAPI(t)
	secret := env[envClientSecret]
	var errb syncBuffer
	cs := mcpConnect(t, mcpApp(t, env, &errb, "--verbose", "--retries", "0"))
	var seen strings.Builder
	call := func(name string, args map[string]any) {
		_, text := mcpCall(t, cs, name, args)
		seen.WriteString(text)
	}
	call("company", nil)
	srv.FailNext(1, 401)
	call("company", nil)
	srv.ExpireTokens()
	call("user", map[string]any{"user": 100101})
	call("user", map[string]any{"user": -1})
	assert.Contains(t, errb.String(), "level=DEBUG", "--verbose logs on stderr")
	assert.NotContains(t, seen.String()+errb.String(), secret)

	bad := map[string]string{envClientID: env[envClientID], envClientSecret: secret + "x", envAPIURL: srv.URL}
	var errBad syncBuffer
	cs = mcpConnect(t, mcpApp(t, bad, &errBad, "--verbose"))
	res, text := mcpCall(t, cs, "company", nil)
	assert.True(t, res.IsError)
	assert.NotContains(t, text+errBad.String(), secret[:len(secret)-4], "refused credentials")
}

// TestMCPCommand runs hsreports mcp as a user's assistant does, the
// protocol on its stdin and stdout: it serves until the client goes, with
// nothing but the protocol on stdout and its notices on stderr; without
// credentials or --demo it refuses to start.
func TestMCPCommand(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()

	var errb syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(context.Background(), []string{"mcp", "--demo", "--rate-limit", "600"}, &cmdutil.IOStreams{In: inR, Out: outW, Err: &errb, Now: time.Now, Clock: testClock}, func(string) string { return "" })
		outW.Close()
	}()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "hsreports-test", Version: "0"}, nil).
		Connect(t.Context(), &mcp.IOTransport{Reader: outR, Writer: inW}, nil)
	require.NoError(t, err)
	assert.Equal(t, "hsreports", cs.InitializeResult().ServerInfo.Name)
	tools, err := cs.ListTools(t.Context(), nil)
	require.NoError(t, err)
	assert.Len(t, tools.Tools, 32)
	res, text := mcpCall(t, cs, "user_ratings", map[string]any{"user": 100101, "last": "4w"})
	assert.False(t, res.IsError, text)
	require.NoError(t, cs.Close())
	select {
	case c := <-code:
		assert.Equal(t, exitOK, c, errb.String())
	case <-time.After(10 * time.Second):
		t.Fatal("hsreports mcp did not end when its client went")
	}
	assert.Contains(t, errb.String(), "demo data")
	assert.Contains(t, errb.String(), "serving 32 reports")

	r := hs(t, nil, "mcp")
	assert.Equal(t, exitUsage, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, envClientID)
	assert.Contains(t, r.stderr, "--demo")

	for _, flag := range [][]string{{"--format", "csv"}, {"--output", "x.json"}, {"--columns", "a"}, {"--no-header"}, {"--csv-raw"}} {
		r = hs(t, nil, append([]string{"mcp", "--demo"}, flag...)...)
		assert.Equal(t, exitUsage, r.code, flag)
		assert.Contains(t, r.stderr, flag[0]+": not for hsreports mcp", flag)
		assert.Empty(t, r.stdout)
	}

	r = hs(t, nil, "mcp", "--demo", "--tz", "Nowhere/Special")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "no such time zone")
	assert.Empty(t, r.stdout)
}
