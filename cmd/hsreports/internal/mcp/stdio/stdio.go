// Package stdio is the stdio transport of hsreports mcp: newline-delimited
// JSON-RPC on a reader and a writer, as the go-sdk's IOTransport, made
// robust where the go-sdk's is not (its reader stops at the first line it
// cannot decode, which ends the session and loses the answers in flight).
//
// It implements the go-sdk's mcp.Transport and mcp.Connection and uses the
// go-sdk's own codec (jsonrpc.DecodeMessage, jsonrpc.EncodeMessage): the
// protocol stays the go-sdk's; this package only frames lines, checks each
// one before the go-sdk sees it, and keeps request ids exact:
//
//   - A line that is not JSON (or not UTF-8, or two values on one line, or
//     longer than MaxLine) is answered with -32700 (parse error) and id
//     null; JSON that is not a JSON-RPC message ({}, null, 42, [], an
//     array of messages, "jsonrpc" other than "2.0", a method that is not a
//     string) with -32600 (invalid request), with the request's id when it
//     has a valid one, else null. The session goes on, and the answers in
//     flight are written as they come. Batches are refused (MCP dropped
//     them in 2025-06-18).
//   - Ids are echoed exactly, as the bytes the client sent: strings, and
//     integers of any size as their digits. The go-sdk sees an id of its
//     own (a small integer) and the answer gets the client's id back. A
//     number that is not written as an integer (1.5, 1e3, 2.0) is refused
//     with -32600 rather than truncated; an id null is answered with
//     -32600 (MCP: an id must not be null); a request whose id is already
//     that of a request in flight is refused with -32600 and that id.
//   - A request cancelled by notifications/cancelled gets no response, as
//     the spec asks: its handler's context is cancelled and what it writes
//     is dropped.
//   - At the end of the input, the answers in flight are written before
//     the session ends.
//
// A response from the client (to a request of the server's) that is not
// valid is dropped, never answered.
package stdio

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// DefaultMaxLine is the longest line read when Transport.MaxLine is 0: the
// go-sdk's own limit.
const DefaultMaxLine = mcp.DefaultMaxLineLength

// Transport is a robust stdio transport: JSON-RPC messages, one a line,
// read from In and written to Out. Use it once, for one session.
type Transport struct {
	In  io.Reader
	Out io.Writer
	// MaxLine is the longest line read, in bytes; a longer one is skipped
	// and answered with -32700. 0 is DefaultMaxLine.
	MaxLine int
	// Logger, when set, gets a debug record of every line refused (its
	// number, length and why; never its text).
	Logger *slog.Logger
}

// Connect starts reading In and returns the connection.
func (t *Transport) Connect(context.Context) (mcp.Connection, error) {
	limit := t.MaxLine
	if limit <= 0 {
		limit = DefaultMaxLine
	}
	log := t.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &conn{
		out:      t.Out,
		log:      log,
		incoming: make(chan jsonrpc.Message),
		closed:   make(chan struct{}),
		drained:  make(chan struct{}),
		calls:    map[int64]*call{},
		byID:     map[string]int64{},
	}
	go c.readLoop(t.In, limit)
	return c, nil
}

// call is a request of the client in flight: its id as the client wrote it.
type call struct {
	raw       json.RawMessage // the id's JSON, as sent
	key       string          // the id, to find duplicates
	cancelled bool
}

// conn is one session's connection.
type conn struct {
	out io.Writer
	log *slog.Logger

	writeMu sync.Mutex // one line at a time on out

	incoming chan jsonrpc.Message
	closed   chan struct{} // closed by Close
	closeMu  sync.Once
	drained  chan struct{} // closed when the input ended and no call is in flight

	mu    sync.Mutex
	next  int64            // the last id given to the go-sdk
	calls map[int64]*call  // by the go-sdk's id
	byID  map[string]int64 // the go-sdk's id, by the client's (call.key)
	live  int              // the calls in flight not cancelled
	eof   bool             // the input ended
}

// SessionID is "": a stdio session has none.
func (c *conn) SessionID() string { return "" }

// Read returns the next message for the go-sdk; io.EOF once the input has
// ended and every answer in flight is written, or once closed.
func (c *conn) Read(ctx context.Context) (jsonrpc.Message, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case m := <-c.incoming:
		return m, nil
	case <-c.drained:
		return nil, io.EOF
	case <-c.closed:
		return nil, io.EOF
	}
}

// Write writes a message of the go-sdk's: a response to a call of the
// client's goes out with the client's id, or not at all if the call was
// cancelled.
func (c *conn) Write(ctx context.Context, msg jsonrpc.Message) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
	}
	data, err := jsonrpc.EncodeMessage(msg)
	if err != nil {
		return fmt.Errorf("encoding a message: %w", err)
	}
	if resp, ok := msg.(*jsonrpc.Response); ok {
		if n, ok := resp.ID.Raw().(int64); ok {
			cl := c.finish(n)
			if cl != nil && cl.cancelled {
				return nil // the spec: no response to a cancelled request
			}
			if cl != nil {
				if data, err = withID(data, cl.raw); err != nil {
					return err
				}
			}
		}
	}
	return c.writeLine(data)
}

// Close ends the connection: Read returns io.EOF. The goroutine reading In
// ends with In (a read of stdin cannot be interrupted).
func (c *conn) Close() error {
	c.closeMu.Do(func() { close(c.closed) })
	return nil
}

// finish forgets call n, answered, and returns it (nil when it is not a
// call of the client's).
func (c *conn) finish(n int64) *call {
	c.mu.Lock()
	defer c.mu.Unlock()
	cl := c.calls[n]
	if cl == nil {
		return nil
	}
	delete(c.calls, n)
	delete(c.byID, cl.key)
	if !cl.cancelled {
		c.live--
	}
	c.checkDrained()
	return cl
}

// checkDrained closes drained once the input ended with no call in flight
// (a cancelled call, whose answer is dropped, is not waited for); c.mu is
// held.
func (c *conn) checkDrained() {
	if c.eof && c.live == 0 {
		select {
		case <-c.drained:
		default:
			close(c.drained)
		}
	}
}

func (c *conn) writeLine(data []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_, err := c.out.Write(append(data, '\n'))
	return err
}

// readLoop reads the input a line at a time, answers the bad ones and
// hands the good ones to Read, until the input ends or the connection
// closes.
func (c *conn) readLoop(in io.Reader, limit int) {
	r := bufio.NewReaderSize(in, 64<<10)
	for n := 1; ; n++ {
		line, size, err := readLine(r, limit)
		switch {
		case size > limit:
			c.refuse(n, size, nil, jsonrpc.CodeParseError, fmt.Sprintf("parse error: a line longer than %d bytes", limit))
		case len(bytes.TrimSpace(line)) > 0:
			if !c.handle(n, line) {
				return
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				c.log.Debug("mcp stdio: reading the input", "error", err)
			}
			c.mu.Lock()
			c.eof = true
			c.checkDrained()
			c.mu.Unlock()
			return
		}
	}
}

// readLine reads up to the next newline, which it drops (with a carriage
// return before it), and returns the line and its size. A line longer than
// limit is read to its end but not kept: its size says so.
func readLine(r *bufio.Reader, limit int) (line []byte, size int, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		size += len(chunk)
		if size <= limit+2 { // the line and its \r\n
			line = append(line, chunk...)
		} else {
			line = nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if size > limit+2 {
			return nil, size, err
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		return line, len(line), err
	}
}

// integerID is an id number written as an integer.
var integerID = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

// handle checks line n and hands it to Read, or answers it with an
// error; false when the connection closed.
func (c *conn) handle(n int, line []byte) bool {
	if !utf8.Valid(line) {
		c.refuse(n, len(line), nil, jsonrpc.CodeParseError, "parse error: the line is not UTF-8")
		return true
	}
	if !json.Valid(line) {
		c.refuse(n, len(line), nil, jsonrpc.CodeParseError, "parse error: the line is not one JSON value")
		return true
	}
	var obj map[string]json.RawMessage
	if trimmed := bytes.TrimSpace(line); trimmed[0] != '{' || json.Unmarshal(trimmed, &obj) != nil {
		why := "invalid request: a message is a JSON object"
		if trimmed[0] == '[' {
			why = "invalid request: batches are not supported (MCP dropped them in 2025-06-18): send one message a line"
		}
		c.refuse(n, len(line), nil, jsonrpc.CodeInvalidRequest, why)
		return true
	}
	rawID, hasID := obj["id"]
	idKind := kindOf(rawID)
	method, hasMethod := obj["method"]
	_, hasResult := obj["result"]
	_, hasError := obj["error"]
	// The id to answer an invalid request with: its own when it is one.
	replyID := json.RawMessage(nil)
	if hasMethod && (idKind == "string" || idKind == "integer") {
		replyID = rawID
	}
	if v := obj["jsonrpc"]; string(v) != `"2.0"` {
		c.refuse(n, len(line), replyID, jsonrpc.CodeInvalidRequest, `invalid request: "jsonrpc" must be "2.0"`)
		return true
	}
	if !hasMethod {
		if hasResult != hasError && (idKind == "string" || idKind == "integer") {
			msg, err := jsonrpc.DecodeMessage(line)
			if err != nil {
				c.log.Debug("mcp stdio: a response the server cannot read was dropped", "line", n, "bytes", len(line), "error", err)
				return true
			}
			return c.deliver(msg)
		}
		if hasResult || hasError {
			// Never answer a response, even a bad one.
			c.log.Debug("mcp stdio: an invalid response was dropped", "line", n, "bytes", len(line))
			return true
		}
		c.refuse(n, len(line), nil, jsonrpc.CodeInvalidRequest, `invalid request: no "method"`)
		return true
	}
	var name string
	if kindOf(method) != "string" || json.Unmarshal(method, &name) != nil {
		c.refuse(n, len(line), replyID, jsonrpc.CodeInvalidRequest, `invalid request: "method" must be a string`)
		return true
	}
	if hasResult || hasError {
		c.refuse(n, len(line), replyID, jsonrpc.CodeInvalidRequest, `invalid request: a request has no "result" or "error"`)
		return true
	}
	params := obj["params"]
	if !hasID {
		return c.notification(n, name, params)
	}
	switch idKind {
	case "null":
		c.refuse(n, len(line), nil, jsonrpc.CodeInvalidRequest, "invalid request: the id must not be null (a notification has no id)")
		return true
	case "number":
		c.refuse(n, len(line), nil, jsonrpc.CodeInvalidRequest, "invalid request: an id number must be an integer, written without a fraction or exponent")
		return true
	case "other":
		c.refuse(n, len(line), nil, jsonrpc.CodeInvalidRequest, "invalid request: the id must be a string or an integer")
		return true
	}
	key := idKey(rawID)
	c.mu.Lock()
	if _, busy := c.byID[key]; busy {
		c.mu.Unlock()
		c.refuse(n, len(line), rawID, jsonrpc.CodeInvalidRequest, "invalid request: the id is that of a request still in flight")
		return true
	}
	c.next++
	id := c.next
	c.calls[id] = &call{raw: bytes.Clone(rawID), key: key}
	c.byID[key] = id
	c.live++
	c.mu.Unlock()
	sdkID, _ := jsonrpc.MakeID(float64(id))
	return c.deliver(&jsonrpc.Request{ID: sdkID, Method: name, Params: params})
}

// notification hands a notification on; notifications/cancelled is
// turned to the go-sdk's id of the call, whose answer is then dropped,
// and dropped itself when no such call is in flight.
func (c *conn) notification(n int, method string, params json.RawMessage) bool {
	if method == "notifications/cancelled" {
		var p map[string]json.RawMessage
		if json.Unmarshal(params, &p) != nil {
			c.log.Debug("mcp stdio: a cancellation without params was dropped", "line", n)
			return true
		}
		rawID := p["requestId"]
		if k := kindOf(rawID); k != "string" && k != "integer" {
			c.log.Debug("mcp stdio: a cancellation of no request was dropped", "line", n)
			return true
		}
		c.mu.Lock()
		id, ok := c.byID[idKey(rawID)]
		if ok && !c.calls[id].cancelled {
			c.calls[id].cancelled = true
			c.live--
			c.checkDrained()
		}
		c.mu.Unlock()
		if !ok {
			return true // answered already, or never asked: nothing to cancel
		}
		p["requestId"] = json.RawMessage(strconv.FormatInt(id, 10))
		params, _ = json.Marshal(p)
	}
	return c.deliver(&jsonrpc.Request{Method: method, Params: params})
}

// deliver hands msg to Read; false when the connection closed first.
func (c *conn) deliver(msg jsonrpc.Message) bool {
	select {
	case c.incoming <- msg:
		return true
	case <-c.closed:
		return false
	}
}

// refuse answers line n with a JSON-RPC error, with id (null when nil).
func (c *conn) refuse(n, size int, id json.RawMessage, code int64, message string) {
	c.log.Debug("mcp stdio: a line was refused", "line", n, "bytes", size, "code", code, "why", message)
	if id == nil {
		id = json.RawMessage("null")
	}
	data, err := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   jsonrpc.Error   `json:"error"`
	}{"2.0", id, jsonrpc.Error{Code: code, Message: message}})
	if err == nil {
		err = c.writeLine(data)
	}
	if err != nil {
		c.log.Debug("mcp stdio: writing an error", "error", err)
	}
}

// IDKind is the kind of a request id's JSON: "" (none), "null", "string",
// "integer" (written as one, of any size), "number" (written with a
// fraction or an exponent), or "other".
func IDKind(raw json.RawMessage) string { return kindOf(raw) }

// kindOf is IDKind.
func kindOf(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return ""
	case string(raw) == "null":
		return "null"
	case raw[0] == '"':
		return "string"
	case integerID.Match(raw):
		return "integer"
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return "number"
	}
	return "other"
}

// idKey names an id for the map of ids in flight: a string by its value
// (however it was escaped), an integer by its digits.
func idKey(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if raw[0] == '"' {
		var s string
		_ = json.Unmarshal(raw, &s)
		return "s" + s
	}
	if string(raw) == "-0" {
		return "n0"
	}
	return "n" + string(raw)
}

// withID is the encoded response data with its id replaced by raw.
func withID(data []byte, raw json.RawMessage) ([]byte, error) {
	var m struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  json.RawMessage `json:"result,omitempty"`
		Error   json.RawMessage `json:"error,omitempty"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("re-encoding a response: %w", err)
	}
	m.ID = raw
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&m); err != nil {
		return nil, fmt.Errorf("re-encoding a response: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
