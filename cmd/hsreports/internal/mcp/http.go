package mcp

// hsreports mcp --http: one server for a team, the go-sdk's Streamable
// HTTP handler at /mcp behind a bearer token and an Origin allow-list.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/mcp/stdio"
	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The limits of the HTTP server.
const (
	// MaxBody caps a request's body: a message with its arguments.
	MaxBody = 1 << 20
	// BodyTimeout bounds the reading of a request's body.
	BodyTimeout = 30 * time.Second
	// HeaderTimeout bounds the reading of a request's headers.
	HeaderTimeout = 10 * time.Second
	// IdleConnTimeout closes a keep-alive connection left idle.
	IdleConnTimeout = 2 * time.Minute
	// SessionTimeout closes a session that no request has used for this
	// long; its client starts a new one.
	SessionTimeout = 30 * time.Minute
	// minToken is the shortest bearer token taken, in bytes.
	minToken = 16
)

// HTTPConfig is how the HTTP handler guards the MCP handler.
type HTTPConfig struct {
	// Token is the bearer token every request must carry; "" for none
	// (a loopback address only).
	Token string
	// Origins are the browser origins allowed (scheme://host[:port], in
	// lower case); a request with another Origin header is refused.
	Origins []string
	// Log writes a line about a refused request (never a secret); nil: none.
	Log func(format string, args ...any)
	// Logger, when set, gets the go-sdk's records and a line per request.
	Logger *slog.Logger
}

// NewHTTPHandler serves s's sessions over Streamable HTTP, guarded: a
// request whose Origin is not allowed gets 403, one without the token 401
// (the token compared in constant time), one a proxy forwarded (Forwarded
// or X-Forwarded-For) 403 when there is no token, a body over MaxBody 413,
// a message whose id would not be echoed exactly 400 with -32600 (see
// badID), and a body not read within BodyTimeout ends the request. Every session shares
// s, and so its one client: one pacer for the account.
func NewHTTPHandler(s *mcp.Server, cfg HTTPConfig) http.Handler {
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s }, &mcp.StreamableHTTPOptions{
		SessionTimeout:      SessionTimeout,
		MaxRequestBodyBytes: MaxBody,
		Logger:              cfg.Logger,
	})
	origins := map[string]bool{}
	for _, o := range cfg.Origins {
		origins[strings.ToLower(o)] = true
	}
	want := sha256.Sum256([]byte(cfg.Token))
	logf := cfg.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		if origin := r.Header.Get("Origin"); origin != "" && !origins[strings.ToLower(origin)] {
			logf("refused a request from %s with Origin %q: not in --allow-origin", r.RemoteAddr, cutUTF8(origin, 200))
			http.Error(w, "Forbidden: this Origin is not allowed (hsreports mcp --allow-origin)", http.StatusForbidden)
			return
		}
		if cfg.Token == "" && (r.Header.Get("Forwarded") != "" || r.Header.Get("X-Forwarded-For") != "") {
			// A proxy passed this on: the server on loopback is reached
			// from elsewhere, and so must ask for a token.
			logf("refused a request from %s forwarded by a proxy: set a token (%s or --token-file) to serve behind one", r.RemoteAddr, EnvToken)
			http.Error(w, "Forbidden: this server takes no request through a proxy without a token (hsreports mcp --token-file)", http.StatusForbidden)
			return
		}
		if cfg.Token != "" {
			got, ok := bearer(r.Header.Get("Authorization"))
			sum := sha256.Sum256([]byte(got))
			if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 || !ok {
				logf("refused a request from %s: no valid bearer token", r.RemoteAddr)
				w.Header().Set("WWW-Authenticate", `Bearer realm="hsreports"`)
				http.Error(w, "Unauthorized: send the server's token as Authorization: Bearer <token>", http.StatusUnauthorized)
				return
			}
		}
		if r.Body != nil && r.Body != http.NoBody {
			rc := http.NewResponseController(w)
			if rc.SetReadDeadline(time.Now().Add(BodyTimeout)) == nil {
				// Once the body is read, the deadline goes: a call may
				// take longer than BodyTimeout to answer.
				r.Body = &deadlineBody{ReadCloser: r.Body, clear: func() { _ = rc.SetReadDeadline(time.Time{}) }}
			}
		}
		if r.Method == http.MethodPost {
			body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
			r.Body.Close()
			switch {
			case err != nil:
				http.Error(w, "Bad Request: reading the body: "+err.Error(), http.StatusBadRequest)
				return
			case len(body) > MaxBody:
				http.Error(w, fmt.Sprintf("Request Entity Too Large: a body of at most %d bytes", MaxBody), http.StatusRequestEntityTooLarge)
				return
			}
			if why := badID(body); why != "" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"jsonrpc":"2.0","id":null,"error":{"code":%d,"message":%q}}`, jsonrpc.CodeInvalidRequest, "invalid request: "+why)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		if cfg.Logger == nil {
			h.ServeHTTP(w, r)
			return
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		cfg.Logger.Debug("mcp http", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(start).Round(time.Millisecond))
	})
}

// badID says why the message (or a message of the batch) in body has an
// id the go-sdk would not echo exactly (it reads ids as 64-bit integers:
// 1.5 would be answered as 1), or "": a number with a fraction or an
// exponent, an integer beyond 64 bits, or null on a request. The stdio
// transport echoes any integer; over HTTP the go-sdk's decoding is kept
// and such ids are refused instead.
func badID(body []byte) string {
	var msgs []map[string]json.RawMessage
	var one map[string]json.RawMessage
	switch {
	case json.Unmarshal(body, &one) == nil:
		msgs = append(msgs, one)
	case json.Unmarshal(body, &msgs) == nil:
	default:
		return "" // not JSON-RPC: the go-sdk says so
	}
	for _, m := range msgs {
		id, has := m["id"]
		_, request := m["method"]
		switch stdio.IDKind(id) {
		case "number":
			return "an id number must be an integer, written without a fraction or exponent"
		case "integer":
			if _, err := strconv.ParseInt(string(bytes.TrimSpace(id)), 10, 64); err != nil {
				return "over HTTP, an id number must fit in 64 bits (or send it as a string)"
			}
		case "null":
			if has && request {
				return "the id must not be null (a notification has no id)"
			}
		}
	}
	return ""
}

// bearer is the token of an Authorization header.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// deadlineBody clears the read deadline once the body is read to its
// end; a body closed before (too long, or too slow) keeps it, so that the
// server's discarding of the rest is bounded too.
type deadlineBody struct {
	io.ReadCloser
	once  sync.Once
	clear func()
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if errors.Is(err, io.EOF) {
		b.once.Do(b.clear)
	}
	return n, err
}

// statusWriter remembers the status written, for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveHTTP serves the tools over HTTP at o.HTTP until ctx ends.
func serveHTTP(ctx context.Context, o *Options) error {
	a := o.App
	host, _, err := net.SplitHostPort(o.HTTP)
	if err != nil {
		return cmdutil.Usagef("--http %q: want host:port, e.g. 127.0.0.1:8808", o.HTTP)
	}
	token, err := httpToken(o)
	if err != nil {
		return err
	}
	if !loopback(host) && token == "" {
		return cmdutil.Usagef("--http %s: not a loopback address, so anyone who reaches it could use the account: set %s (or --token-file) to a secret token, and give it to the clients", o.HTTP, EnvToken)
	}
	var origins []string
	for _, raw := range o.Origins {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return cmdutil.Usagef("--allow-origin %q: want scheme://host[:port], e.g. https://claude.ai", raw)
		}
		origins = append(origins, u.Scheme+"://"+u.Host)
	}
	s, done, err := NewServer(o)
	if err != nil {
		return err
	}
	defer done()
	ln, err := net.Listen("tcp", o.HTTP)
	if err != nil {
		return fmt.Errorf("--http %s: %w", o.HTTP, err)
	}
	cfg := HTTPConfig{Token: token, Origins: origins, Log: func(format string, args ...any) {
		fmt.Fprintf(a.IO.Err, "hsreports: mcp http: %s\n", cmdutil.EscapeText(fmt.Sprintf(format, args...)))
	}}
	if a.Flags.Verbose {
		cfg.Logger = slog.New(slog.NewTextHandler(a.IO.Err, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", NewHTTPHandler(s.Server, cfg))
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: HeaderTimeout,
		IdleTimeout:       IdleConnTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	auth := "no token (loopback only)"
	if token != "" {
		auth = "bearer token required"
	}
	a.Notice("%s at http://%s/mcp, %s", s.what, ln.Addr(), auth)
	if o.Listening != nil {
		o.Listening(ln.Addr().String())
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("--http %s: %w", o.HTTP, err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if srv.Shutdown(stop) != nil {
		srv.Close() // open event streams do not end by themselves
	}
	return ctx.Err()
}

// httpToken is the bearer token: --token-file's, else HSREPORTS_MCP_TOKEN.
func httpToken(o *Options) (string, error) {
	env := o.App.Getenv(EnvToken)
	token := env
	if o.TokenFile != "" {
		if env != "" {
			return "", cmdutil.Usagef("--token-file and %s: give one or the other", EnvToken)
		}
		b, err := os.ReadFile(o.TokenFile)
		if err != nil {
			return "", cmdutil.Usagef("--token-file: %v", err)
		}
		token = strings.TrimSpace(string(b))
		if token == "" {
			return "", cmdutil.Usagef("--token-file %s: empty", o.TokenFile)
		}
	}
	if token != "" && len(token) < minToken {
		return "", cmdutil.Usagef("the bearer token is too short: at least %d characters (e.g. openssl rand -hex 32)", minToken)
	}
	return token, nil
}

// loopback tells a host that only this machine reaches: localhost, or a
// loopback address ("" is every address).
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
