package main

// hsreports mcp --http: a server for a team.

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	hsmcp "github.com/helpscout-go/reports/cmd/hsreports/internal/mcp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testToken is the bearer token of the tests' HTTP servers.
const testToken = "hsreports-test-token-0123456789abcdef"

// lineWriter sends each line written to it on a channel, and keeps them.
type lineWriter struct {
	mu    sync.Mutex
	buf   strings.Builder
	lines chan string
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for _, l := range strings.SplitAfter(string(p), "\n") {
		if strings.HasSuffix(l, "\n") {
			select {
			case w.lines <- strings.TrimSuffix(l, "\n"):
			default:
			}
		}
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// httpServer runs hsreports mcp --http on a free loopback port with env
// and args, and returns its /mcp URL and its stderr; it stops when the
// test ends, with exit code 130 (its context ended).
func httpServer(t *testing.T, env map[string]string, args ...string) (string, *lineWriter) {
	t.Helper()
	errw := &lineWriter{lines: make(chan string, 64)}
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"mcp", "--http", "127.0.0.1:0"}, args...), &cmdutil.IOStreams{Out: io.Discard, Err: errw, Now: time.Now, Clock: testClock}, func(k string) string { return env[k] })
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case c := <-code:
			assert.Equal(t, exitInterrupted, c, errw.String())
		case <-time.After(20 * time.Second):
			t.Error("hsreports mcp --http did not stop")
		}
	})
	at := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/mcp)`)
	for {
		select {
		case l := <-errw.lines:
			if m := at.FindStringSubmatch(l); m != nil {
				return m[1], errw
			}
		case c := <-code:
			t.Fatalf("hsreports mcp --http ended with %d: %s", c, errw.String())
		case <-time.After(20 * time.Second):
			t.Fatalf("hsreports mcp --http did not start: %s", errw.String())
		}
	}
}

// bearerTransport adds a bearer token (and headers) to every request.
type bearerTransport struct {
	token  string
	header http.Header
}

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if b.token != "" {
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	for k, v := range b.header {
		r.Header[k] = v
	}
	return http.DefaultTransport.RoundTrip(r)
}

// httpClient connects a go-sdk client to url with token.
func httpClient(t *testing.T, url, token string) (*mcp.ClientSession, error) {
	t.Helper()
	tr := &mcp.StreamableClientTransport{Endpoint: url, HTTPClient: &http.Client{Transport: bearerTransport{token: token}}, MaxRetries: -1}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "hsreports-test", Version: "0"}, nil).Connect(t.Context(), tr, nil)
	if err == nil {
		t.Cleanup(func() { cs.Close() })
	}
	return cs, err
}

const initializeBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// post sends an initialize request to url with headers, and returns the
// status, the WWW-Authenticate header and the body.
func post(t *testing.T, url string, body string, header map[string]string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate"), string(b)
}

// TestMCPHTTPToken: with a token, a request without it, or with another,
// is refused with 401 before it reaches MCP; one with it is served, by the
// go-sdk's client over Streamable HTTP as by any: the tools, a call. The
// token is in no answer and no log line.
func TestMCPHTTPToken(t *testing.T) {
	srv, env := fakeAPI(t)
	env[hsmcp.EnvToken] = testToken
	url, errw := httpServer(t, env, "--verbose", "--rate-limit", "600")
	for _, c := range []struct {
		name   string
		header map[string]string
	}{
		{"none", nil},
		{"another", map[string]string{"Authorization": "Bearer " + testToken + "x"}},
		{"a prefix", map[string]string{"Authorization": "Bearer " + testToken[:20]}},
		{"basic", map[string]string{"Authorization": "Basic " + testToken}},
		{"no scheme", map[string]string{"Authorization": testToken}},
		{"empty", map[string]string{"Authorization": "Bearer "}},
	} {
		status, challenge, body := post(t, url, initializeBody, c.header)
		assert.Equal(t, http.StatusUnauthorized, status, c.name)
		assert.Equal(t, `Bearer realm="hsreports"`, challenge, c.name)
		assert.NotContains(t, body, testToken[:20], c.name)
	}
	status, _, _ := post(t, url, initializeBody, map[string]string{"Authorization": "bearer " + testToken})
	assert.Equal(t, http.StatusOK, status, "the scheme in any case")
	status, _, _ = post(t, url, initializeBody, map[string]string{"Authorization": "Bearer " + testToken, "X-Forwarded-For": "203.0.113.7"})
	assert.Equal(t, http.StatusOK, status, "with a token, a proxy may forward")

	_, err := httpClient(t, url, "")
	require.Error(t, err, "the go-sdk's client without the token")
	cs, err := httpClient(t, url, testToken)
	require.NoError(t, err)
	tools, err := cs.ListTools(t.Context(), nil)
	require.NoError(t, err)
	assert.Len(t, tools.Tools, 33, "the reports and lookup")
	res, text := mcpCall(t, cs, "company", map[string]any{"last": "4w"})
	require.False(t, res.IsError, text)
	assert.True(t, strings.HasPrefix(text, "Range: 2026-10-26 to 2026-11-22"), text)
	assert.Equal(t, 1, reportCalls(srv))

	logs := errw.String()
	assert.Contains(t, logs, "bearer token required")
	assert.Contains(t, logs, "refused a request from 127.0.0.1")
	assert.Contains(t, logs, "level=DEBUG", "--verbose logs every request")
	assert.NotContains(t, logs, testToken[:12], "no token in the logs")
	assert.NotContains(t, logs, env[envClientSecret], "no secret in the logs")
}

// TestMCPHTTPSessionsShareOneClient: every session of the server uses one
// client: one token of the API for all, one pacer.
func TestMCPHTTPSessionsShareOneClient(t *testing.T) {
	srv, env := fakeAPI(t)
	url, _ := httpServer(t, env, "--rate-limit", "6000")
	var wg sync.WaitGroup
	for i := range 5 {
		cs, err := httpClient(t, url, "")
		require.NoError(t, err, "loopback without a token")
		wg.Go(func() {
			res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: []string{"company", "email", "docs", "phone", "chat"}[i], Arguments: map[string]any{"last": "7d"}})
			if assert.NoError(t, err) {
				assert.False(t, res.IsError)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 5, reportCalls(srv))
	assert.Equal(t, 1, srv.TokenRequests(), "one client, one token, for every session")
}

// TestMCPHTTPOrigin: a browser's request from an Origin not allowed is
// refused with 403 (the spec's guard against DNS rebinding); the origins
// of --allow-origin are served, as are requests with no Origin (clients
// that are not browsers). A Host that is not loopback is refused too (the
// go-sdk's own guard), and, without a token, a request a proxy forwarded.
func TestMCPHTTPOrigin(t *testing.T) {
	url, errw := httpServer(t, map[string]string{envDemo: "1"}, "--allow-origin", "https://ok.example,http://localhost:3000")
	for _, c := range []struct {
		header map[string]string
		want   int
	}{
		{nil, http.StatusOK},
		{map[string]string{"Origin": "https://ok.example"}, http.StatusOK},
		{map[string]string{"Origin": "HTTPS://OK.EXAMPLE"}, http.StatusOK},
		{map[string]string{"Origin": "http://localhost:3000"}, http.StatusOK},
		{map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{map[string]string{"Origin": "https://ok.example.evil.example"}, http.StatusForbidden},
		{map[string]string{"Origin": "null"}, http.StatusForbidden},
		{map[string]string{"Host": "evil.example"}, http.StatusForbidden},
		{map[string]string{"X-Forwarded-For": "203.0.113.7"}, http.StatusForbidden},
		{map[string]string{"Forwarded": "for=203.0.113.7"}, http.StatusForbidden},
	} {
		req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(initializeBody))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		for k, v := range c.header {
			if k == "Host" {
				req.Host = v
			} else {
				req.Header.Set(k, v)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, c.want, resp.StatusCode, "%v", c.header)
	}
	assert.Contains(t, errw.String(), `Origin "https://evil.example": not in --allow-origin`)
}

// TestMCPHTTPLimits: a body over the cap is refused with 413; a path
// other than /mcp is not found; an id the go-sdk would not echo exactly
// (1.5 would be answered as 1) is refused with -32600, as on stdio, and
// so is an integer beyond 64 bits (which stdio echoes, and HTTP cannot).
func TestMCPHTTPLimits(t *testing.T) {
	url, _ := httpServer(t, map[string]string{envDemo: "1"})
	initialize := func(id string) string { return strings.Replace(initializeBody, `"id":1`, `"id":`+id, 1) }
	for _, c := range []struct {
		body string
		want int
	}{
		{initialize("1.5"), http.StatusBadRequest},
		{initialize("1e3"), http.StatusBadRequest},
		{initialize("99999999999999999999"), http.StatusBadRequest},
		{initialize("null"), http.StatusBadRequest},
		{"[" + initialize("2.5") + "]", http.StatusBadRequest},
		{initialize(`"1.5"`), http.StatusOK},
		{initialize("-9223372036854775808"), http.StatusOK},
	} {
		status, _, body := post(t, url, c.body, nil)
		assert.Equal(t, c.want, status, "%s: %s", c.body[:40], body)
		if c.want == http.StatusBadRequest {
			assert.True(t, strings.HasPrefix(body, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,`), body)
		} else {
			assert.Contains(t, body, `"id":`+strings.TrimPrefix(c.body[strings.Index(c.body, `"id":`)+5:], "")[:strings.Index(c.body[strings.Index(c.body, `"id":`)+5:], ",")], "the id echoed")
		}
	}
	status, _, _ := post(t, url, `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"`+strings.Repeat("a", hsmcp.MaxBody)+`"}}`, nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	status, _, _ = post(t, strings.TrimSuffix(url, "/mcp")+"/other", initializeBody, nil)
	assert.Equal(t, http.StatusNotFound, status)
}

// TestMCPHTTPRefusals: what hsreports mcp --http refuses before it
// listens, with exit 2: an address that is not loopback without a token,
// a short token, two tokens, the HTTP flags without --http, a bad origin
// or address.
func TestMCPHTTPRefusals(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(file, []byte(testToken+"\n"), 0o600))
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, []byte("\n"), 0o600))
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--http", "0.0.0.0:0"}, "not a loopback address"},
		{nil, []string{"--http", ":0"}, "not a loopback address"},
		{nil, []string{"--http", "[::]:0"}, "not a loopback address"},
		{nil, []string{"--http", "example.com:8808"}, "not a loopback address"},
		{map[string]string{hsmcp.EnvToken: "short"}, []string{"--http", "0.0.0.0:0"}, "too short"},
		{map[string]string{hsmcp.EnvToken: testToken}, []string{"--http", "0.0.0.0:0", "--token-file", file}, "give one or the other"},
		{nil, []string{"--http", "0.0.0.0:0", "--token-file", empty}, "empty"},
		{nil, []string{"--http", "0.0.0.0:0", "--token-file", filepath.Join(dir, "none")}, "--token-file"},
		{nil, []string{"--token-file", file}, "--token-file and --allow-origin are for --http"},
		{nil, []string{"--allow-origin", "https://a.example"}, "are for --http"},
		{nil, []string{"--http", "127.0.0.1:0", "--allow-origin", "a.example"}, "want scheme://host"},
		{nil, []string{"--http", "127.0.0.1:0", "--allow-origin", "https://a.example/path"}, "want scheme://host"},
		{nil, []string{"--http", "nohost"}, "want host:port"},
	} {
		env := map[string]string{envDemo: "1"}
		for k, v := range c.env {
			env[k] = v
		}
		r := hs(t, env, append([]string{"mcp"}, c.args...)...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.want, "%v", c.args)
		assert.NotContains(t, r.stderr, testToken, "%v", c.args)
		assert.Empty(t, r.stdout)
	}
}

// pipeListener is a listener of in-memory connections, for a server in a
// bubble.
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

// dial is a new connection to the listener's server.
func (l *pipeListener) dial() net.Conn {
	c, s := net.Pipe()
	l.conns <- s
	return c
}

// TestMCPHTTPTimeouts: a request whose body does not come within
// BodyTimeout is ended; a session unused for SessionTimeout is closed, and
// its id no longer served. In a bubble: the clock is the bubble's.
func TestMCPHTTPTimeouts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil)
		mcp.AddTool(s, &mcp.Tool{Name: "slow"}, func(ctx context.Context, _ *mcp.CallToolRequest, _ any) (*mcp.CallToolResult, any, error) {
			select {
			case <-time.After(2 * hsmcp.BodyTimeout):
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			}
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "done"}}}, nil, nil
		})
		ln := &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
		server := &http.Server{Handler: hsmcp.NewHTTPHandler(s, hsmcp.HTTPConfig{})}
		go server.Serve(ln)
		defer server.Close()

		send := func(conn net.Conn, head, body string) *http.Response {
			go io.WriteString(conn, head+body)
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			require.NoError(t, err)
			return resp
		}
		request := func(body, session string) string {
			h := "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
			if session != "" {
				h += "Mcp-Session-Id: " + session + "\r\nMcp-Protocol-Version: 2025-06-18\r\n"
			}
			return h + "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
		}

		// A body that never comes.
		conn := ln.dial()
		start := time.Now()
		go io.WriteString(conn, request(initializeBody, "")+initializeBody[:10])
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "the server ends the request")
		assert.Equal(t, hsmcp.BodyTimeout, time.Since(start).Truncate(time.Second), "at BodyTimeout")
		conn.Close()

		// A session, and a call.
		conn = ln.dial()
		resp = send(conn, request(initializeBody, ""), initializeBody)
		session := resp.Header.Get("Mcp-Session-Id")
		io.Copy(io.Discard, resp.Body)
		require.NotEmpty(t, session)
		initialized := `{"jsonrpc":"2.0","method":"notifications/initialized"}`
		resp = send(conn, request(initialized, session), initialized)
		io.Copy(io.Discard, resp.Body)
		call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{}}}`
		resp = send(conn, request(call, session), call)
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Contains(t, string(b), "done")

		// The session, unused, goes.
		time.Sleep(hsmcp.SessionTimeout + time.Second)
		synctest.Wait()
		resp = send(conn, request(call, session), call)
		io.Copy(io.Discard, resp.Body)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the idle session is gone")
		conn.Close()
		ln.Close()
	})
}

// deadlineRecorder records the read deadlines a handler sets.
type deadlineRecorder struct {
	*httptest.ResponseRecorder
	deadlines []time.Time
}

func (d *deadlineRecorder) SetReadDeadline(t time.Time) error {
	d.deadlines = append(d.deadlines, t)
	return nil
}

// TestMCPHTTPBodyDeadline: the read deadline of a request's body is set
// for BodyTimeout, and cleared once the body is read, so that an answer
// that takes longer (a paced walk) is not cut; a request without a body
// gets none.
func TestMCPHTTPBodyDeadline(t *testing.T) {
	h := hsmcp.NewHTTPHandler(mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil), hsmcp.HTTPConfig{})
	rec := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder()}
	req := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(initializeBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	before := time.Now()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Len(t, rec.deadlines, 2)
	assert.False(t, rec.deadlines[0].Before(before.Add(hsmcp.BodyTimeout)), "set for BodyTimeout")
	assert.True(t, rec.deadlines[1].IsZero(), "cleared once the body is read")

	rec = &deadlineRecorder{ResponseRecorder: httptest.NewRecorder()}
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/mcp", nil))
	assert.Empty(t, rec.deadlines, "no body, no deadline")
}
