package stdio_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/mcp/stdio"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reply is a line the server wrote.
type reply struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	raw string
}

// session is a go-sdk server on the transport, over two real pipes: the
// test writes the client's lines and reads the server's.
type session struct {
	t       *testing.T
	in      *os.File // the server's stdin, written by the test
	replies chan reply
	done    chan error // the server's Run ended
	// slow is the tool "slow": it waits for release (or its context),
	// and tells started when it starts and ended with its context's error.
	started chan string
	ended   chan error
	release chan struct{}
}

const initialize = `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// start serves a go-sdk server with the tool slow on the transport, with
// lines of at most maxLine bytes.
func start(t *testing.T, maxLine int) *session {
	t.Helper()
	inR, inW, err := os.Pipe()
	require.NoError(t, err)
	outR, outW, err := os.Pipe()
	require.NoError(t, err)
	s := &session{t: t, in: inW, replies: make(chan reply, 100), done: make(chan error, 1),
		started: make(chan string, 10), ended: make(chan error, 10), release: make(chan struct{})}

	srv := mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil)
	mcp.AddTool(srv, &mcp.Tool{Name: "slow"}, func(ctx context.Context, _ *mcp.CallToolRequest, in struct {
		Tag string `json:"tag"`
	}) (*mcp.CallToolResult, any, error) {
		s.started <- in.Tag
		select {
		case <-s.release:
		case <-ctx.Done():
		}
		s.ended <- ctx.Err()
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "done " + in.Tag}}}, nil, nil
	})
	go func() {
		err := srv.Run(context.Background(), &stdio.Transport{In: inR, Out: outW, MaxLine: maxLine})
		outW.Close()
		s.done <- err
	}()
	go func() {
		sc := bufio.NewScanner(outR)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r reply
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				r.raw = "not JSON: " + sc.Text()
			} else {
				r.raw = sc.Text()
			}
			s.replies <- r
		}
		close(s.replies)
	}()
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			t.Error("the server did not end with its input")
		}
		inR.Close()
		outR.Close()
	})
	s.send(initialize)
	r := s.next()
	require.Equal(t, "0", string(r.ID), r.raw)
	require.Nil(t, r.Error, r.raw)
	s.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return s
}

func (s *session) send(lines ...string) {
	s.t.Helper()
	_, err := io.WriteString(s.in, strings.Join(lines, "\n")+"\n")
	require.NoError(s.t, err)
}

func (s *session) next() reply {
	s.t.Helper()
	select {
	case r, ok := <-s.replies:
		require.True(s.t, ok, "the server's output ended")
		require.NotContains(s.t, r.raw, "not JSON", "every line the server writes is JSON")
		return r
	case <-time.After(10 * time.Second):
		s.t.Fatal("no answer within 10 s")
	}
	return reply{}
}

// ping asks and checks that the session still answers.
func (s *session) ping(id string) {
	s.t.Helper()
	s.send(`{"jsonrpc":"2.0","id":` + id + `,"method":"ping"}`)
	r := s.next()
	require.Equal(s.t, id, string(r.ID), r.raw)
	require.Nil(s.t, r.Error, r.raw)
}

// TestMalformedLines: each line that is not a JSON-RPC message gets its
// error, -32700 or -32600, with id null (or the request's own where it has
// a valid one), and the session goes on: a ping after it is answered.
func TestMalformedLines(t *testing.T) {
	const maxLine = 4096
	cases := []struct {
		name, line string
		code       int
		id         string
	}{
		{"empty object", `{}`, -32600, "null"},
		{"not json", `{not json}`, -32700, "null"},
		{"null", `null`, -32600, "null"},
		{"a number", `42`, -32600, "null"},
		{"a string", `"hello"`, -32600, "null"},
		{"empty array", `[]`, -32600, "null"},
		{"a batch", `[{"jsonrpc":"2.0","id":9,"method":"ping"}]`, -32600, "null"},
		{"a member alone", `"jsonrpc":"1.0"`, -32700, "null"},
		{"jsonrpc 1.0", `{"jsonrpc":"1.0","id":5,"method":"ping"}`, -32600, "5"},
		{"no jsonrpc", `{"id":"a","method":"ping"}`, -32600, `"a"`},
		{"jsonrpc a number", `{"jsonrpc":2.0,"id":6,"method":"ping"}`, -32600, "6"},
		{"invalid UTF-8", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xffing\"}", -32700, "null"},
		{"two objects", `{"jsonrpc":"2.0","id":7,"method":"ping"}{"jsonrpc":"2.0","id":8,"method":"ping"}`, -32700, "null"},
		{"two objects, a space", `{"jsonrpc":"2.0","id":7,"method":"ping"} {"jsonrpc":"2.0","id":8,"method":"ping"}`, -32700, "null"},
		{"truncated", `{"jsonrpc":"2.0","id":7,"method":"pi`, -32700, "null"},
		{"method a number", `{"jsonrpc":"2.0","id":3,"method":5}`, -32600, "3"},
		{"method null", `{"jsonrpc":"2.0","id":3,"method":null}`, -32600, "3"},
		{"id null", `{"jsonrpc":"2.0","id":null,"method":"ping"}`, -32600, "null"},
		{"id a fraction", `{"jsonrpc":"2.0","id":1.5,"method":"ping"}`, -32600, "null"},
		{"id an exponent", `{"jsonrpc":"2.0","id":1e300,"method":"ping"}`, -32600, "null"},
		{"id 2.0", `{"jsonrpc":"2.0","id":2.0,"method":"ping"}`, -32600, "null"},
		{"id a boolean", `{"jsonrpc":"2.0","id":true,"method":"ping"}`, -32600, "null"},
		{"id an object", `{"jsonrpc":"2.0","id":{},"method":"ping"}`, -32600, "null"},
		{"id a list", `{"jsonrpc":"2.0","id":[1],"method":"ping"}`, -32600, "null"},
		{"a request with a result", `{"jsonrpc":"2.0","id":2,"method":"ping","result":{}}`, -32600, "2"},
		{"neither request nor response", `{"jsonrpc":"2.0","id":4}`, -32600, "null"},
		{"too long", `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"` + strings.Repeat("a", maxLine) + `"}}`, -32700, "null"},
	}
	s := start(t, maxLine)
	for i, c := range cases {
		s.send(c.line)
		r := s.next()
		require.NotNil(t, r.Error, "%s: %s", c.name, r.raw)
		assert.Equal(t, c.code, r.Error.Code, "%s: %s", c.name, r.raw)
		assert.Equal(t, c.id, string(r.ID), "%s: %s", c.name, r.raw)
		assert.Contains(t, r.raw, `"id":`, "%s: the id is there, null or not", c.name)
		assert.Less(t, len(r.raw), 400, "%s: the error does not echo the line", c.name)
		s.ping(fmt.Sprint(1000 + i))
	}

	// Lines the server does not answer: blank ones, and responses it
	// cannot use (a response is never answered).
	s.send("", "   ", "\r", `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}`,
		`{"jsonrpc":"2.0","id":99,"result":{}}`, `{"jsonrpc":"2.0","id":1.5,"result":{}}`, `{"jsonrpc":"2.0","id":3,"result":{},"error":{}}`)
	s.ping("2000")
}

// TestIDsExact: ids come back exactly as sent: strings (escapes as they
// were), integers of any size and sign.
func TestIDsExact(t *testing.T) {
	s := start(t, 0)
	for _, id := range []string{`"abc"`, `""`, `"\u00e9t\u00e9"`, `"été"`, `"1"`, `0`, `-0`, `-5`, `7`,
		`9223372036854775807`, `9223372036854775808`, `-9223372036854775809`, `12345678901234567890`,
		`123456789012345678901234567890123456789012345678901234567890`} {
		s.ping(id)
	}
	s.send(`{"jsonrpc":"2.0","id":"x","method":"no/such"}`)
	r := s.next()
	assert.Equal(t, `"x"`, string(r.ID))
	require.NotNil(t, r.Error, "an unknown method is an error, with its id")
	assert.Equal(t, -32601, r.Error.Code)
}

// call asks the tool slow with an id and a tag and waits until it runs.
func (s *session) callSlow(id, tag string) {
	s.t.Helper()
	s.send(`{"jsonrpc":"2.0","id":` + id + `,"method":"tools/call","params":{"name":"slow","arguments":{"tag":"` + tag + `"}}}`)
	select {
	case got := <-s.started:
		require.Equal(s.t, tag, got)
	case <-time.After(10 * time.Second):
		s.t.Fatal("the call did not start")
	}
}

// TestDuplicateInFlight: a request whose id is that of a request still in
// flight is refused, with that id; the first one is answered as usual,
// and once it is, the id may be used again. 1 and "1" are two ids.
func TestDuplicateInFlight(t *testing.T) {
	s := start(t, 0)
	s.callSlow("1", "first")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"ping"}`)
	r := s.next()
	require.NotNil(t, r.Error, r.raw)
	assert.Equal(t, -32600, r.Error.Code)
	assert.Equal(t, "1", string(r.ID))
	assert.Contains(t, r.Error.Message, "in flight")
	s.ping(`"1"`)

	close(s.release)
	r = s.next()
	assert.Equal(t, "1", string(r.ID), r.raw)
	assert.Nil(t, r.Error, r.raw)
	assert.Contains(t, string(r.Result), "done first")
	assert.NoError(t, <-s.ended)
	s.ping("1")
}

// TestCancelled: a request cancelled by notifications/cancelled gets no
// response: its handler's context ends, the session goes on, and nothing
// with its id is ever written. A cancellation of a request not in flight
// changes nothing.
func TestCancelled(t *testing.T) {
	for _, id := range []string{`10`, `"ten"`, `98765432109876543210`} {
		t.Run(id, func(t *testing.T) {
			s := start(t, 0)
			s.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":` + id + `}}`)
			s.callSlow(id, "x")
			s.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":` + id + `,"reason":"user"}}`)
			select {
			case err := <-s.ended:
				assert.ErrorIs(t, err, context.Canceled, "the handler's context is cancelled")
			case <-time.After(10 * time.Second):
				t.Fatal("the handler was not cancelled")
			}
			s.ping("11")
			s.in.Close()
			for r := range s.replies {
				assert.NotEqual(t, id, string(r.ID), "no response to a cancelled request: %s", r.raw)
			}
		})
	}
}

// TestAnswersInFlightKept: initialize followed at once by a bad line gets
// both answers, every time; a call in flight when the input ends is
// answered before the session ends.
func TestAnswersInFlightKept(t *testing.T) {
	for i := range 20 {
		inR, inW, err := os.Pipe()
		require.NoError(t, err)
		outR, outW, err := os.Pipe()
		require.NoError(t, err)
		srv := mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil)
		done := make(chan error, 1)
		go func() {
			done <- srv.Run(context.Background(), &stdio.Transport{In: inR, Out: outW})
			outW.Close()
		}()
		_, err = io.WriteString(inW, initialize+"\n{}\n")
		require.NoError(t, err)
		inW.Close()
		out, err := io.ReadAll(outR)
		require.NoError(t, err)
		<-done
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		require.Len(t, lines, 2, "run %d: both answered: %s", i, out)
		ids := []string{}
		for _, l := range lines {
			var r reply
			require.NoError(t, json.Unmarshal([]byte(l), &r))
			ids = append(ids, string(r.ID))
		}
		assert.ElementsMatch(t, []string{"0", "null"}, ids, "run %d", i)
		inR.Close()
		outR.Close()
	}

}

// TestAnswerAfterEndOfInput: a call in flight when the input ends is
// answered before the session ends. In a bubble, so that the end of the
// input surely reaches the server before the call is released.
func TestAnswerAfterEndOfInput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inR, inW := io.Pipe()
		outR, outW := io.Pipe()
		srv := mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil)
		release := make(chan struct{})
		mcp.AddTool(srv, &mcp.Tool{Name: "slow"}, func(ctx context.Context, _ *mcp.CallToolRequest, _ any) (*mcp.CallToolResult, any, error) {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "done last"}}}, nil, nil
		})
		done := make(chan error, 1)
		go func() {
			done <- srv.Run(context.Background(), &stdio.Transport{In: inR, Out: outW})
			outW.Close()
		}()
		var out []string
		read := make(chan struct{})
		go func() {
			defer close(read)
			sc := bufio.NewScanner(outR)
			for sc.Scan() {
				out = append(out, sc.Text())
			}
		}()
		_, err := io.WriteString(inW, initialize+"\n"+`{"jsonrpc":"2.0","method":"notifications/initialized"}`+"\n"+
			`{"jsonrpc":"2.0","id":"last","method":"tools/call","params":{"name":"slow","arguments":{}}}`+"\n")
		require.NoError(t, err)
		require.NoError(t, inW.Close())
		synctest.Wait() // the input has ended; the call waits to be released
		select {
		case <-done:
			t.Fatal("the session ended with a call in flight")
		default:
		}
		close(release)
		<-read
		require.NoError(t, <-done)
		require.Len(t, out, 2, "%q", out)
		var r reply
		require.NoError(t, json.Unmarshal([]byte(out[1]), &r))
		assert.Equal(t, `"last"`, string(r.ID), out[1])
		assert.Contains(t, string(r.Result), "done last")
	})
}
