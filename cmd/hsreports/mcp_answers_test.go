package main

// hsreports mcp, second round: the size of the tool list, schemas that
// match the checks, answers that carry their meaning, errors that echo
// little, and the robust transport under the command.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	hsmcp "github.com/helpscout-go/reports/cmd/hsreports/internal/mcp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawSession is hsreports mcp run with args over pipes, spoken to in raw
// lines.
type rawSession struct {
	t     *testing.T
	in    *io.PipeWriter
	lines chan string
	code  chan int
	errb  *syncBuffer
}

// startRaw runs hsreports mcp with args and env, initialized.
func startRaw(t *testing.T, env map[string]string, args ...string) *rawSession {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	s := &rawSession{t: t, in: inW, lines: make(chan string, 16), code: make(chan int, 1), errb: &syncBuffer{}}
	go func() {
		s.code <- run(context.Background(), append([]string{"mcp"}, args...), &cmdutil.IOStreams{In: inR, Out: outW, Err: s.errb, Now: time.Now, Clock: testClock}, func(k string) string { return env[k] })
		outW.Close()
	}()
	go func() {
		sc := bufio.NewScanner(outR)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-s.code:
		case <-time.After(20 * time.Second):
			t.Error("hsreports mcp did not end with its input")
		}
	})
	s.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	s.next()
	s.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return s
}

func (s *rawSession) send(line string) {
	s.t.Helper()
	_, err := io.WriteString(s.in, line+"\n")
	require.NoError(s.t, err)
}

func (s *rawSession) next() string {
	s.t.Helper()
	select {
	case l, ok := <-s.lines:
		require.True(s.t, ok, "the output ended: %s", s.errb.String())
		return l
	case <-time.After(20 * time.Second):
		s.t.Fatalf("no answer: %s", s.errb.String())
	}
	return ""
}

// TestMCPToolListSize: the tools/list answer of every tool (the 32
// reports, history and lookup), as it goes over the wire, is at most
// 32 KiB, and the shared rules are in the instructions.
func TestMCPToolListSize(t *testing.T) {
	url, _ := historyDB(t, "UTC", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 2)
	s := startRaw(t, nil, "--demo", "--db", url)
	s.send(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
	var answer struct {
		Result struct {
			Tools []json.RawMessage `json:"tools"`
		} `json:"result"`
	}
	line := s.next()
	require.NoError(t, json.Unmarshal([]byte(line), &answer))
	require.Len(t, answer.Result.Tools, 34)
	var tools json.RawMessage
	var whole struct {
		Result struct {
			Tools json.RawMessage `json:"tools"`
		} `json:"result"`
	}
	require.NoError(t, json.Unmarshal([]byte(line), &whole))
	tools = whole.Result.Tools
	t.Logf("tools/list: %d tools, %d bytes of tool JSON, %d bytes in all", len(answer.Result.Tools), len(tools), len(line))
	assert.LessOrEqual(t, len(tools), 32<<10, "the tool list is at most 32 KiB")

	cs := mcpServe(t, &hsmcp.Options{App: mcpApp(t, nil, io.Discard, "--demo"), DB: url})
	instr := cs.InitializeResult().Instructions
	for _, rule := range []string{"end excluded", "compare-to=month", "times are in seconds", "3h 12m (11,520 s)", "ids or names", "lookup lists them", "history answers from the database", "names the range it covers"} {
		assert.Contains(t, instr, rule)
	}
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		assert.LessOrEqual(t, len(tool.Description), 100, "%s: a short description", tool.Name)
		for name, p := range tool.InputSchema.(map[string]any)["properties"].(map[string]any) {
			d, _ := p.(map[string]any)["description"].(string)
			assert.NotEmpty(t, d, "%s: %s is described", tool.Name, name)
			assert.LessOrEqual(t, len(d), 60, "%s: %s: a short description", tool.Name, name)
		}
	}
}

// schemaAllows tells whether an argument's schema p allows the JSON number
// lit, exactly (JSON Schema's "integer" is any number whose value is whole).
func schemaAllows(p map[string]any, lit string) bool {
	if items, ok := p["items"].(map[string]any); ok {
		p = items
	}
	v, ok := new(big.Rat).SetString(lit)
	if !ok {
		return false
	}
	types := asSlice(p["type"])
	if s, ok := p["type"].(string); ok {
		types = []any{s}
	}
	integer := false
	for _, x := range types {
		integer = integer || x == "integer"
	}
	if !integer || !v.IsInt() {
		return false
	}
	if lo, ok := p["minimum"].(float64); ok && v.Cmp(new(big.Rat).SetFloat64(lo)) < 0 {
		return false
	}
	if hi, ok := p["maximum"].(float64); ok && v.Cmp(new(big.Rat).SetFloat64(hi)) > 0 {
		return false
	}
	return true
}

// intArgs are the arguments of a schema that take integers (or lists of
// them), with their schemas.
func intArgs(schema map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, p := range schema["properties"].(map[string]any) {
		p := p.(map[string]any)
		q := p
		if items, ok := p["items"].(map[string]any); ok {
			q = items
		}
		if _, ok := q["minimum"]; ok {
			out[name] = p
		}
	}
	return out
}

// TestMCPSchemaBounds sweeps every integer argument of every report tool
// (page, rows, user, mailbox and tag ids, range-id, field-id) across the
// edges of its schema and of the checks behind it: every value the schema
// allows is accepted (the call reaches the API), and every value refused
// is outside the schema. Numbers written with a fraction or an exponent
// that are whole count as the integers they are.
func TestMCPSchemaBounds(t *testing.T) {
	srv, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	schemas := map[string]map[string]any{}
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		schemas[tool.Name] = tool.InputSchema.(map[string]any)
	}
	fixed := []string{"-1", "0", "1", "2", "25", "49", "50", "51", "1000", "2147483647", "2147483648",
		"9007199254740991", "9007199254740992", "9223372036854775807", "9223372036854775808", "18446744073709551616",
		"-9223372036854775808", "-9223372036854775809", "1e300", "-1e300", "1.5", "-0.5", "2.0", "1e2", "5E1", "-0", "0.0", "1e15", "1000000000000001"}
	swept := map[string]bool{}
	for _, r := range catalog {
		name := toolName(r)
		for arg, p := range intArgs(schemas[name]) {
			swept[arg] = true
			q := p
			if items, ok := p["items"].(map[string]any); ok {
				q = items
			}
			lits := append([]string{}, fixed...)
			for _, k := range []string{"minimum", "maximum"} {
				edge := new(big.Rat).SetFloat64(q[k].(float64))
				for _, d := range []int64{-1, 0, 1} {
					lits = append(lits, new(big.Rat).Add(edge, big.NewRat(d, 1)).FloatString(0))
				}
			}
			for _, lit := range lits {
				args := mcpExampleArgs(r)
				value := json.RawMessage(lit)
				if p["type"] == "array" {
					value = json.RawMessage("[" + lit + "]")
				}
				args[arg] = value
				srv.ClearRequests()
				res, text := mcpCall(t, cs, name, args)
				accepted := reportCalls(srv) > 0
				allowed := schemaAllows(p, lit)
				if allowed {
					assert.True(t, accepted, "%s %s=%s: the schema allows it, the tool refused it: %s", name, arg, lit, text)
				}
				if !accepted {
					assert.False(t, allowed, "%s %s=%s: refused, yet inside the schema", name, arg, lit)
					assert.True(t, res.IsError, "%s %s=%s", name, arg, lit)
				}
			}
		}
	}
	assert.Equal(t, map[string]bool{"page": true, "rows": true, "user": true, "mailbox": true, "tag": true, "range-id": true, "field-id": true}, swept, "every integer argument is swept")
}

// TestMCPRequiredArguments: an argument a schema marks required is one
// the tool refuses to go without, before any request; the others may be
// left out: field too, which the SDK defaults to customerid.
func TestMCPRequiredArguments(t *testing.T) {
	srv, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		if tool.Name == "lookup" {
			continue // no report: TestMCPLookup
		}
		r, ok := findReport(tool.Name)
		require.True(t, ok, tool.Name)
		base := mcpExampleArgs(r)
		var required []string
		for _, x := range asSlice(tool.InputSchema.(map[string]any)["required"]) {
			required = append(required, x.(string))
		}
		for name := range base {
			if !strings.Contains(strings.Join(required, ","), name) {
				delete(base, name)
			}
		}
		srv.ClearRequests()
		res, text := mcpCall(t, cs, tool.Name, base)
		assert.False(t, res.IsError, "%s with its required arguments only: %s", tool.Name, text)
		for _, name := range required {
			args := map[string]any{}
			for k, v := range base {
				if k != name {
					args[k] = v
				}
			}
			srv.ClearRequests()
			res, text := mcpCall(t, cs, tool.Name, args)
			assert.True(t, res.IsError, "%s without %s: %s", tool.Name, name, text)
			assert.Zero(t, reportCalls(srv), "%s without %s: no request", tool.Name, name)
		}
	}
	res, text := mcpCall(t, cs, "conversations_fields-drilldown", map[string]any{"field-id": 301})
	require.False(t, res.IsError, text)
	assert.Contains(t, srv.Requests()[len(srv.Requests())-1].Query.Get("field"), "customerid")
}

// findReport is the report of a tool.
func findReport(tool string) (report, bool) {
	for _, r := range catalog {
		if toolName(r) == tool {
			return r, true
		}
	}
	return report{}, false
}

// TestMCPRangeText: every answer's text first names the range it covers,
// in the tool's zone, and the comparison it made, and how to make the
// other: last month against the month before compares with September only
// with compare-to month, which the text of compare-to period says.
func TestMCPRangeText(t *testing.T) {
	_, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	for _, r := range catalog {
		args := mcpExampleArgs(r)
		args["last"], args["tz"] = "4w", "Europe/Berlin"
		res, text := mcpCall(t, cs, toolName(r), args)
		require.False(t, res.IsError, "%s: %s", toolName(r), text)
		meaning, _ := texts(t, res)
		want := "Range: 2026-10-26 to 2026-11-22 (28 days), Europe/Berlin."
		if hasField(r.params, "PreviousStart") {
			want += " No comparison (compare-to adds one)."
		}
		assert.Equal(t, want, strings.SplitN(meaning, "\n", 2)[0], toolName(r))
	}

	for _, c := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"last": "1m", "compare-to": "month"}, "Range: 2026-10-01 to 2026-10-31 (31 days), UTC. Compared with 2026-09-01 to 2026-09-30 (30 days), the same dates a month earlier."},
		{map[string]any{"last": "1m", "compare-to": "period"}, "Range: 2026-10-01 to 2026-10-31 (31 days), UTC. Compared with 2026-08-31 to 2026-09-30 (31 days), the range of equal length right before. For the calendar month before instead, call with compare-to=month."},
		{map[string]any{"last": "1m", "compare": true}, "Compared with 2026-08-31 to 2026-09-30 (31 days), the range of equal length right before."},
		{map[string]any{"last": "1m", "compare-to": "year"}, "Compared with 2025-10-01 to 2025-10-31 (31 days), the same dates a year earlier."},
		{map[string]any{"last": "1w", "compare-to": "period", "tz": "America/New_York"}, "Range: 2026-11-16 to 2026-11-22 (7 days), America/New_York. Compared with 2026-11-09 to 2026-11-15 (7 days), the range of equal length right before."},
		{map[string]any{"start": "2026-11-02", "end": "2026-11-03"}, "Range: 2026-11-02 (1 day), UTC. No comparison"},
		{map[string]any{"start": "2026-11-02T09:30:00Z", "end": "2026-11-03T17:00:00Z"}, "Range: 2026-11-02 09:30 to 2026-11-03 17:00 (end excluded), UTC."},
		{map[string]any{"previous-start": "2026-01-01", "previous-end": "2026-01-08", "start": "2026-11-02", "end": "2026-11-09"}, "Compared with 2026-01-01 to 2026-01-07 (7 days) (previous-start and previous-end)."},
		{map[string]any{}, "Range: 2026-11-19 00:00 to 2026-11-26 15:00 (end excluded), UTC. Compared with 2026-11-11 09:00 to 2026-11-19 00:00 (end excluded), the range of equal length right before (the default)."},
	} {
		res, text := mcpCall(t, cs, "happiness", c.args)
		require.False(t, res.IsError, "%v: %s", c.args, text)
		assert.Contains(t, text, c.want, "%v", c.args)
	}

	// The figures differ as the ranges do, and each is the command's.
	score := func(args map[string]any) any {
		res, text := mcpCall(t, cs, "happiness", args)
		require.False(t, res.IsError, text)
		return res.StructuredContent.(map[string]any)["previous"].(map[string]any)["happinessScore"]
	}
	byMonth, byPeriod := score(map[string]any{"last": "1m", "compare-to": "month"}), score(map[string]any{"last": "1m", "compare-to": "period"})
	assert.NotEqual(t, byMonth, byPeriod, "September is not the 31 days before October")
	cli := hs(t, env, "happiness", "--last", "1m", "--compare-to", "month", "--format", "json")
	require.Equal(t, 0, cli.code, cli.stderr)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(cli.stdout), &doc))
	assert.Equal(t, doc["previous"].(map[string]any)["happinessScore"], byMonth)
}

// TestMCPDurations: figures in seconds read as "3h 12m (11,520 s)" in the
// text, in the figures of an overall report and the points of a series;
// the JSON keeps the seconds.
func TestMCPDurations(t *testing.T) {
	cs := mcpConnect(t, mcpApp(t, nil, io.Discard, "--demo"))
	seconds := regexp.MustCompile(`\d+[dhm]( \d+[hms])? \(\d{1,3}(,\d{3})* s\)`)
	for _, c := range []struct {
		tool, line string
		args       map[string]any
	}{
		{"productivity", "response time", map[string]any{"last": "4w", "compare-to": "period"}},
		{"productivity", "handle time", map[string]any{"last": "4w"}},
		{"email", "first response time", map[string]any{"last": "4w"}},
		{"productivity_response-time", "", map[string]any{"last": "4w", "view-by": "week"}},
	} {
		res, text := mcpCall(t, cs, c.tool, c.args)
		require.False(t, res.IsError, text)
		meaning, doc := texts(t, res)
		head := headlineOf(meaning)
		if c.line != "" {
			for _, l := range strings.Split(head, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), c.line) {
					head = l
					break
				}
			}
		}
		assert.Regexp(t, seconds, head, "%s %s", c.tool, c.line)
		assert.NotRegexp(t, `\d+h\d+m`, head, "%s: not the table's 3h12m", c.tool)
		assert.NotRegexp(t, seconds, doc, "%s: the JSON has the seconds", c.tool)
	}
}

// TestMCPListTextCap: a list's text stays within about 20 KB; the text
// says how many rows its JSON holds and how to read on, and following it
// reads on from the first row the text left out.
func TestMCPListTextCap(t *testing.T) {
	_, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	numbers := func(res *mcp.CallToolResult) []any {
		var out []any
		for _, r := range res.StructuredContent.(map[string]any)["conversations"].(map[string]any)["results"].([]any) {
			out = append(out, r.(map[string]any)["number"])
		}
		return out
	}
	next := regexp.MustCompile(`The JSON below holds the first (\d+) of these (\d+) rows, .* To read on from row (\d+), call again with page (\d+) and rows (\d+)\.`)
	for _, args := range []map[string]any{
		{"last": "3m", "rows": 50},
		{"last": "3m", "rows": 50, "page": 2},
		{"last": "3m", "rows": 50, "all": true},
		{"last": "3m", "rows": 47, "page": 3},
	} {
		res, text := mcpCall(t, cs, "conversations_drilldown", args)
		require.False(t, res.IsError, text)
		meaning, doc := texts(t, res)
		assert.LessOrEqual(t, len(meaning)+len(doc), hsmcp.TextCap, "%v", args)
		m := next.FindStringSubmatch(meaning)
		require.NotNil(t, m, "%v: %s", args, meaning)
		shown, _ := strconv.Atoi(m[1])
		var inText map[string]any
		require.NoError(t, json.Unmarshal([]byte(doc), &inText))
		all := numbers(res)
		assert.Len(t, inText["conversations"].(map[string]any)["results"], shown)
		assert.Equal(t, strconv.Itoa(len(all)), m[2])
		page, _ := strconv.Atoi(m[4])
		rows, _ := strconv.Atoi(m[5])
		res, text = mcpCall(t, cs, "conversations_drilldown", map[string]any{"last": "3m", "page": page, "rows": rows})
		require.False(t, res.IsError, text)
		after := numbers(res)
		require.NotEmpty(t, after)
		if shown < len(all) {
			assert.Equal(t, all[shown], after[0], "%v: the next call starts at the first row the text left out", args)
		}
		assert.Contains(t, meaning, fmt.Sprintf("… and %d more rows in the JSON.", shown-10))
	}
}

// TestMCPErrorsEchoLittle: an argument of 10 MB is echoed in a tool
// error at most 512 bytes of it, with its length; control characters in
// any argument come back escaped, never raw; and no request is sent.
func TestMCPErrorsEchoLittle(t *testing.T) {
	srv, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	huge, big := strings.Repeat("x", 10<<20), strings.Repeat("x", 1<<20)
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"company", map[string]any{"start": huge}},
		{"company", map[string]any{"last": big}},
		{"company", map[string]any{"tz": big}},
		{"company", map[string]any{"compare-to": big}},
		{"conversations_new", map[string]any{"view-by": big}},
		{"company", map[string]any{big: 1}},
		{"company", map[string]any{"mailbox": []any{big}}},
		{"user", map[string]any{"user": json.RawMessage(strings.Repeat("9", 1<<20) + ".5")}},
	} {
		res, text := mcpCall(t, cs, c.tool, c.args)
		require.True(t, res.IsError)
		assert.Less(t, len(text), 2048, "%s: the error is short", c.tool)
		assert.Regexp(t, `…"?\(\d+ bytes\)`, text, "%s: it says how long the value was", c.tool)
	}
	for _, r := range catalog {
		for name := range reportSchemaProps(t, cs, toolName(r)) {
			args := mcpExampleArgs(r)
			args[name] = "a\x00b\x1b[31mc\u202e"
			res, text := mcpCall(t, cs, toolName(r), args)
			require.True(t, res.IsError, "%s %s: %s", toolName(r), name, text)
			assert.NotRegexp(t, "[\x00-\x08\x0b-\x1f\x7f\u202e]", text, "%s %s: no raw control character", toolName(r), name)
		}
	}
	assert.Zero(t, reportCalls(srv))
}

// reportSchemaProps are the arguments of a tool.
func reportSchemaProps(t *testing.T, cs *mcp.ClientSession, name string) map[string]any {
	t.Helper()
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		if tool.Name == name {
			return tool.InputSchema.(map[string]any)["properties"].(map[string]any)
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

// TestMCPStdioRobust: hsreports mcp keeps its session through lines that
// are not JSON-RPC messages, answers each with its error, and echoes ids
// exactly (the transport's own tests sweep the cases).
func TestMCPStdioRobust(t *testing.T) {
	s := startRaw(t, nil, "--demo")
	for _, c := range []struct{ line, want string }{
		{`{}`, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,`},
		{`{not json}`, `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,`},
		{`{"jsonrpc":"2.0","id":1.5,"method":"ping"}`, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,`},
		{`{"jsonrpc":"2.0","id":null,"method":"ping"}`, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,`},
		{`{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"ping"}`, `{"jsonrpc":"2.0","id":123456789012345678901234567890,"result":{}}`},
		{`{"jsonrpc":"2.0","id":"ab\u00e9","method":"tools/call","params":{"name":"docs","arguments":{"last":"7d"}}}`, `{"jsonrpc":"2.0","id":"ab\u00e9","result":{"content":[{"type":"text","text":"Range: `},
	} {
		s.send(c.line)
		assert.True(t, strings.HasPrefix(s.next(), c.want), c.line)
	}
}

// TestMCPPrompts: the two prompts, and the tools they tell the assistant
// to call.
func TestMCPPrompts(t *testing.T) {
	url, _ := historyDB(t, "UTC", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 2)
	cs := mcpServe(t, &hsmcp.Options{App: mcpApp(t, nil, io.Discard, "--demo"), DB: url})
	var names []string
	for p, err := range cs.Prompts(t.Context(), nil) {
		require.NoError(t, err)
		names = append(names, p.Name)
		assert.NotEmpty(t, p.Description)
	}
	assert.ElementsMatch(t, []string{"weekly-review", "investigate-metric"}, names)

	tools := map[string]bool{}
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		tools[tool.Name] = true
	}
	called := regexp.MustCompile(`(?:Call|call) ([a-z]+(?:[_-][a-z]+)*) with \{`)
	get := func(name string, args map[string]string) string {
		res, err := cs.GetPrompt(t.Context(), &mcp.GetPromptParams{Name: name, Arguments: args})
		require.NoError(t, err)
		require.Len(t, res.Messages, 1)
		text := res.Messages[0].Content.(*mcp.TextContent).Text
		for _, m := range called.FindAllStringSubmatch(text, -1) {
			assert.True(t, tools[m[1]], "%s: the tool %s exists", name, m[1])
		}
		return text
	}
	text := get("weekly-review", map[string]string{"mailbox": "Support", "tz": "Europe/Berlin"})
	for _, want := range []string{"Call company with", `"last": "1w", "compare-to": "period"`, `"tz": "Europe/Berlin"`, `"mailbox": ["Support"]`, "Call happiness_ratings with", `"rating": "not-good"`, "ratingComments", "Call productivity with"} {
		assert.Contains(t, text, want)
	}
	text = get("investigate-metric", map[string]string{"metric": "totalReplies"})
	for _, want := range []string{`Call history with {"report": "company", "metric": "totalReplies", "each": "week"}`, "company_drilldown", "what is missing"} {
		assert.Contains(t, text, want)
	}
	_, err := cs.GetPrompt(t.Context(), &mcp.GetPromptParams{Name: "investigate-metric"})
	assert.ErrorContains(t, err, "metric")

	cs = historyServer(t, url)
	res, err := cs.GetPrompt(t.Context(), &mcp.GetPromptParams{Name: "investigate-metric", Arguments: map[string]string{"metric": "totalReplies"}})
	require.NoError(t, err)
	text = res.Messages[0].Content.(*mcp.TextContent).Text
	assert.Contains(t, text, "The live reports are not served")
	assert.NotContains(t, text, "company_drilldown")
}
