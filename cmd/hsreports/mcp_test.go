package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
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
func mcpApp(t testing.TB, env map[string]string, errb io.Writer, args ...string) *cmdutil.App {
	t.Helper()
	a := &cmdutil.App{IO: &cmdutil.IOStreams{Out: io.Discard, Err: errb, Now: time.Now, Clock: testClock}, Getenv: func(k string) string { return env[k] }}
	require.NoError(t, root.NewCmd(a).PersistentFlags().Parse(args))
	return a
}

// mcpConnect serves the report tools of a (on the client newClient makes)
// over an in-memory transport pair, and returns the client's session.
func mcpConnect(t *testing.T, a *cmdutil.App) *mcp.ClientSession {
	t.Helper()
	return mcpServe(t, &hsmcp.Options{App: a})
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
// the command, read-only, described by what the report answers, with the
// command's flags as arguments (the same names and allowed values; not
// previous-start, previous-end, compare and folder, which the tools take
// but do not list), tz, and the required ones marked: what the SDK
// refuses without, and not field, which it defaults to customerid.
func TestMCPTools(t *testing.T) {
	cs := mcpConnect(t, mcpApp(t, nil, io.Discard, "--demo"))
	tools := map[string]*mcp.Tool{}
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		tools[tool.Name] = tool
	}
	require.Len(t, tools, 33, "the reports and lookup")
	require.Len(t, catalog, 32)
	assert.Contains(t, tools, "lookup")
	for _, name := range []string{"company", "conversations_drilldown", "user_ratings", "conversations_busy-times", "productivity_first-response-time"} {
		assert.Contains(t, tools, name)
	}

	cli := root.NewCmd(&cmdutil.App{IO: &cmdutil.IOStreams{Out: io.Discard, Err: io.Discard, Now: time.Now, Clock: testClock}, Getenv: func(string) string { return "" }})
	for _, r := range catalog {
		tool := tools[toolName(r)]
		require.NotNil(t, tool, r.path)
		assert.True(t, tool.Annotations.ReadOnlyHint, tool.Name)
		assert.Equal(t, r.about+".", tool.Description, tool.Name)

		schema, ok := tool.InputSchema.(map[string]any)
		require.True(t, ok)
		assert.Equal(t, "object", schema["type"])
		props := schema["properties"].(map[string]any)
		cmd, _, err := cli.Find(r.name())
		require.NoError(t, err)
		for name, p := range props {
			if name != "tz" && name != "all" {
				assert.NotNil(t, cmd.Flags().Lookup(name), "%s: argument %s is a flag of the command", tool.Name, name)
			}
			assert.NotEmpty(t, p.(map[string]any)["description"], "%s: %s is described", tool.Name, name)
		}
		var required []string
		for _, x := range asSlice(schema["required"]) {
			required = append(required, x.(string))
		}
		for _, f := range input.ParamFields(r.params) {
			fl, _ := input.FieldOf(f.Name)
			if fl.Name == "previous-start" || fl.Name == "previous-end" || fl.Name == "folder" {
				assert.NotContains(t, props, fl.Name, tool.Name)
				continue
			}
			p, ok := props[fl.Name].(map[string]any)
			if !assert.True(t, ok, "%s: argument %s", tool.Name, fl.Name) {
				continue
			}
			if values := input.Enums[f.Type]; values != nil {
				assert.ElementsMatch(t, values, asSlice(p["enum"]), "%s %s", tool.Name, fl.Name)
			}
			if f.Type.Kind().String() == "slice" {
				assert.Equal(t, "array", p["type"], "%s %s", tool.Name, fl.Name)
			}
			if f.Type == reflect.TypeFor[time.Time]() {
				assert.Equal(t, "string", p["type"], "dates are strings")
			}
			assert.Equal(t, fl.Example != "" && fl.Name != "field" && fl.Name != "range" && fl.Name != "range-id", slices.Contains(required, fl.Name), "%s: %s required", tool.Name, fl.Name)
		}
		assert.Equal(t, hasField(r.params, "User"), slices.Contains(required, "user"), "%s: user is required on user reports", tool.Name)
		assert.Contains(t, props, "tz", tool.Name)
		_, compare := props["compare-to"]
		assert.Equal(t, hasField(r.params, "PreviousStart"), compare, "%s: compare-to", tool.Name)
		_, all := props["all"]
		assert.Equal(t, r.paged, all, "%s: all", tool.Name)
		assert.NotContains(t, tool.Description+string(mustJSON(t, props)), "--", "%s speaks of arguments, not flags", tool.Name)

		// last's pattern takes what the command's --last takes.
		pattern := regexp.MustCompile(props["last"].(map[string]any)["pattern"].(string))
		for _, v := range []string{"1d", "7d", "9999m", "4w", "0d", "10000d", "7", "d", "07d", "7D", "7dd", " 7d", "1y", "-1d", "12m"} {
			assert.Equal(t, input.LastPattern.MatchString(v), pattern.MatchString(v), "%s: last %q", tool.Name, v)
		}
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

// texts are the two texts of a result: what it means (its range, where
// its rows stand, its headline figures) and its JSON.
func texts(t *testing.T, res *mcp.CallToolResult) (meaning, doc string) {
	t.Helper()
	require.Len(t, res.Content, 2)
	m, ok := res.Content[0].(*mcp.TextContent)
	require.True(t, ok)
	d, ok := res.Content[1].(*mcp.TextContent)
	require.True(t, ok)
	return m.Text, d.Text
}

// headlineOf is the headline figures of a result's text: after its range
// and page lines.
func headlineOf(meaning string) string {
	_, h, _ := strings.Cut(meaning, "\n\n")
	return h
}

// TestMCPCallsEveryTool calls every tool once on the demo data, with its
// required arguments from the table's examples: the structured content is
// the report's JSON, the same as hsreports writes with --format json; the
// text names the range and has the headline figures, then the same JSON.
func TestMCPCallsEveryTool(t *testing.T) {
	var errb syncBuffer
	cs := mcpConnect(t, mcpApp(t, nil, &errb, "--demo"))
	for _, r := range catalog {
		args := mcpExampleArgs(r)
		res, text := mcpCall(t, cs, toolName(r), args)
		require.False(t, res.IsError, "%s: %s", toolName(r), text)
		meaning, doc := texts(t, res)
		assert.True(t, strings.HasPrefix(meaning, "Range: "), "%s: %s", toolName(r), meaning)
		assert.NotEmpty(t, headlineOf(meaning), toolName(r))
		assert.NotContains(t, meaning, "(no text", toolName(r))

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
		require.NoError(t, json.Unmarshal([]byte(doc), &asText))
		if !strings.Contains(meaning, "The JSON below holds the first") {
			assert.Equal(t, want, asText, "%s: the JSON as text too", toolName(r))
		}
		assert.LessOrEqual(t, len(meaning)+len(doc), hsmcp.TextCap+1024, "%s: the text is capped", toolName(r))
	}
	assert.Equal(t, 1, strings.Count(errb.String(), "\n"), "stderr: the demo notice only: %s", errb.String())
	assert.Contains(t, errb.String(), "demo data")
}

// TestMCPHeadline: the text of a result is what the table shows first: the
// figures with their previous values and changes, the points of a series,
// the first rows of a list; a range without a previous one works too.
func TestMCPHeadline(t *testing.T) {
	cs := mcpConnect(t, mcpApp(t, nil, io.Discard, "--demo", "--tz", "Europe/Berlin"))
	res, _ := mcpCall(t, cs, "company", map[string]any{"last": "4w", "compare": true})
	meaning, _ := texts(t, res)
	lines := strings.Split(headlineOf(meaning), "\n")
	assert.Regexp(t, `^METRIC +CURRENT +PREVIOUS +CHANGE$`, lines[0])
	assert.Regexp(t, `^customers helped +\d+ +\d+ +[+-]\d+\.\d%$`, findLine(lines, "customers helped"))
	assert.Contains(t, meaning, "CET", "timestamps in the server's --tz")
	assert.NotContains(t, meaning, "USERS", "the lists beside the figures are in the JSON only")

	res, text := mcpCall(t, cs, "email", map[string]any{"last": "7d"})
	require.False(t, res.IsError, text)
	assert.Regexp(t, `(?m)^METRIC +CURRENT$`, text, "no previous range: no previous column")

	res, _ = mcpCall(t, cs, "conversations_new", map[string]any{"last": "3m", "view-by": "month", "tz": "UTC"})
	meaning, _ = texts(t, res)
	assert.Regexp(t, `(?m)^START +COUNT$`, meaning)
	assert.Len(t, strings.Split(headlineOf(meaning), "\n"), 4, "a header and 3 months:\n%s", meaning)

	res, _ = mcpCall(t, cs, "conversations_busy-times", nil)
	meaning, _ = texts(t, res)
	assert.Contains(t, meaning, "… and 158 more rows in the JSON.")
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
		{"user", nil, "user: is required and must be a positive user or team id, got 0"},
		{"user_replies", map[string]any{"last": "4w"}, "user: is required"},
		{"user", map[string]any{"user": 0}, "user: is required and must be a positive user or team id, got 0"},
		{"user", map[string]any{"user": 1.5}, "user: 1.5: want a whole number"},
		{"company", map[string]any{"tz": "Mars/Olympus"}, `tz "Mars/Olympus": no such time zone`},
		{"company", map[string]any{"tz": "Local"}, `tz "Local": no such time zone: want an IANA name`},
		{"company", map[string]any{"tz": 5}, "tz: want a string"},
		{"company", map[string]any{"start": "2026-11-20", "end": "2026-11-10"}, "end: must be after start"},
		{"company", map[string]any{"start": "20 Nov"}, `start "20 Nov": want RFC 3339`},
		{"company", map[string]any{"last": "4w", "start": "2026-11-01"}, "last and start: give one or the other"},
		{"company", map[string]any{"last": "7x"}, "last"},
		{"company", map[string]any{"from": "2026-11-01"}, `no argument "from"`},
		{"company", map[string]any{"mailbox": []any{"a"}}, "mailbox"},
		{"company", map[string]any{"compare-to": "decade"}, "compare-to"},
		{"conversations_new", map[string]any{"view-by": "year"}, "view-by"},
		{"company_drilldown", map[string]any{"range": "responseTime", "range-id": -1}, "range-id: must not be negative"},
		{"conversations_fields-drilldown", map[string]any{"field": "tagid", "field-id": 301, "rows": 51}, "rows: must be between 0 and 50"},
		{"conversations_new", map[string]any{"view-by": "day", "last": "3m"}, "view-by"},
		{"conversations_drilldown", map[string]any{"all": "yes"}, "all: want true or false"},
	}
	for _, c := range cases {
		res, text := mcpCall(t, cs, c.tool, c.args)
		assert.True(t, res.IsError, "%s %v: %s", c.tool, c.args, text)
		assert.Contains(t, text, c.want, "%s %v", c.tool, c.args)
		assert.NotContains(t, text, "--", "%s %v: arguments, not flags: %s", c.tool, c.args, text)
	}
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "company", Arguments: json.RawMessage(`[1,2]`)})
	require.NoError(t, err)
	assert.True(t, res.IsError, "arguments that are not an object")
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
// next; all walks the pages, in whole pages, up to the row cap or about
// 20 KB of rows, and says where it stopped.
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
	n := len(results(res))
	assert.Equal(t, n/25, reportCalls(srv), "whole pages")
	assert.Contains(t, text, fmt.Sprintf("Pages 1 to %d of %d: %d rows here", n/25, pages, n))
	assert.Contains(t, text, fmt.Sprintf("Stopped at about 20 KB of rows: call again with page %d and all=true for more.", n/25+1))
	size := 0
	for _, r := range results(res)[:n-25] {
		size += len(mustJSON(t, r))
	}
	assert.Less(t, size, hsmcp.TextCap, "the walk stops at the first page past 20 KB of rows")

	srv.ClearRequests()
	res, text = mcpCall(t, cs, "conversations_drilldown", map[string]any{"last": "3m", "rows": 50, "page": 2})
	require.False(t, res.IsError, text)
	require.NotEmpty(t, results(res))
	first := results(res)[0].(map[string]any)["number"]
	res, text = mcpCall(t, cs, "conversations_drilldown", map[string]any{"last": "3m", "rows": 50, "page": 2, "all": true})
	require.False(t, res.IsError, text)
	assert.Equal(t, first, results(res)[0].(map[string]any)["number"], "all starts at page")

	srv.ClearRequests()
	res, text = mcpCall(t, cs, "conversations_drilldown", map[string]any{"last": "3m", "page": pages - 1, "all": true})
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "That is every row from this page on.")
	assert.Equal(t, 2, reportCalls(srv))
}

// TestMCPPagesRowCap: rows small enough stop a walk at the row cap, in
// whole pages.
func TestMCPPagesRowCap(t *testing.T) {
	srv, env := fakeAPI(t)
	srv.Handle("/v2/reports/conversations/drilldown", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		w.Header().Set("Content-Type", "application/json")
		var rows []string
		for i := range 25 {
			rows = append(rows, fmt.Sprintf(`{"id":%d,"number":%d}`, page*100+i, page*100+i))
		}
		fmt.Fprintf(w, `{"conversations":{"page":%d,"pages":9,"count":225,"results":[%s]}}`, page, strings.Join(rows, ","))
	}))
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	res, text := mcpCall(t, cs, "conversations_drilldown", map[string]any{"all": true})
	require.False(t, res.IsError, text)
	assert.Len(t, res.StructuredContent.(map[string]any)["conversations"].(map[string]any)["results"], 100)
	assert.Contains(t, text, "Pages 1 to 4 of 9: 100 rows here, 225 in all. Stopped at the cap of 100 rows: call again with page 5 and all=true for more.")
	assert.Equal(t, 4, reportCalls(srv))
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
	assert.Contains(t, text, "Call again with page 3 and all=true to go on.")

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
	assert.Len(t, tools.Tools, 33, "the reports and lookup")
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
