package reportstest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/helpscout-go/reports"
)

// The credentials a Server accepts unless WithCredentials says otherwise.
const (
	ClientID     = "reportstest-client-id"
	ClientSecret = "reportstest-client-secret"
)

// DefaultNow is the present of the data set unless WithNow says otherwise:
// conversations span the year before it.
var DefaultNow = time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)

// DefaultSeed is the seed of the data set unless WithSeed says otherwise.
const DefaultSeed = 1

// DefaultTokenLifetime is how long an access token lives unless
// WithTokenLifetime says otherwise: 48 hours, as the API's tokens.
const DefaultTokenLifetime = 48 * time.Hour

// Server is a fake Help Scout Reports API on a loopback httptest server. It
// is safe for concurrent use; its knobs may be turned while it serves.
type Server struct {
	// URL is the API root, http://127.0.0.1:port, for reports.WithBaseURL.
	URL string

	ts           *httptest.Server
	data         *dataset
	clientID     string
	clientSecret string
	clock        func() time.Time
	lifetime     time.Duration

	mu          sync.Mutex
	tokens      map[string]time.Time // access token -> expiry
	answers     map[string][]byte    // path?query -> answer body
	limit       int
	window      time.Duration
	windowStart time.Time
	used        int
	throttled   int
	failN       int
	failStatus  int
	cutN        int
	latency     time.Duration
	log         []logEntry
	tokenCalls  int
	conns       int
	logRefs     uint64
}

// Request is a request the server received, as its log keeps it. The token
// endpoint's requests are logged too, without their body.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Time   time.Time // by the server's clock
	Status int       // the status answered; 0 when the client left first
}

// logEntry is a Request as the log keeps it: the query is parsed only when
// the log is read, so that logging stays cheap under load.
type logEntry struct {
	method, path, rawQuery string
	time                   time.Time
	status                 int
}

// config collects the options.
type config struct {
	seed         uint64
	now          time.Time
	clientID     string
	clientSecret string
	clock        func() time.Time
	lifetime     time.Duration
	limit        int
	window       time.Duration
	latency      time.Duration
}

// tokenPath is the OAuth2 token endpoint's path.
const tokenPath = "/v2/oauth2/token"

// Option configures a Server in NewServer.
type Option func(*config)

// WithSeed sets the seed the conversations are generated from (default
// DefaultSeed). The same seed and now give the same data, byte for byte.
func WithSeed(seed uint64) Option { return func(c *config) { c.seed = seed } }

// WithNow sets the present of the data set (default DefaultNow): the
// conversations span the year before it, and Server.Client's clock reads it.
func WithNow(now time.Time) Option { return func(c *config) { c.now = now } }

// WithCredentials sets the client ID and secret the token endpoint accepts
// (default ClientID and ClientSecret).
func WithCredentials(clientID, clientSecret string) Option {
	return func(c *config) { c.clientID, c.clientSecret = clientID, clientSecret }
}

// WithClock sets the clock of token expiry, rate-limit windows and the
// request log (default time.Now), so that tests can move time on without
// sleeping.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithTokenLifetime sets how long access tokens live (default
// DefaultTokenLifetime); the token answer's expires_in says it in whole
// seconds, rounded down, at least 1. A lifetime under a second (0 included)
// makes tokens that have expired by the time they are used, for testing the
// 401 path.
func WithTokenLifetime(d time.Duration) Option { return func(c *config) { c.lifetime = d } }

// WithRateLimit limits the report calls to limit per window (a minute when
// window is 0), counted in fixed windows as the API counts them; see
// Server.SetRateLimit. Off by default.
func WithRateLimit(limit int, window time.Duration) Option {
	return func(c *config) { c.limit, c.window = limit, window }
}

// WithLatency delays every report answer by d; see Server.SetLatency.
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// NewServer generates the data set and starts a server. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{seed: DefaultSeed, now: DefaultNow, clientID: ClientID, clientSecret: ClientSecret, clock: time.Now, lifetime: DefaultTokenLifetime}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		data:         generate(cfg.seed, cfg.now),
		clientID:     cfg.clientID,
		clientSecret: cfg.clientSecret,
		clock:        cfg.clock,
		lifetime:     cfg.lifetime,
		tokens:       map[string]time.Time{},
		answers:      map[string][]byte{},
		latency:      cfg.latency,
	}
	s.SetRateLimit(cfg.limit, cfg.window)
	mux := http.NewServeMux()
	mux.HandleFunc(tokenPath, s.serveToken)
	mux.HandleFunc("/v2/reports/", s.serveReport)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, func(h http.Header) (int, []byte) { return unknownURL() })
	})
	s.ts = httptest.NewUnstartedServer(mux)
	s.ts.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
		}
	}
	s.ts.Start()
	s.URL = s.ts.URL
	return s
}

// Close shuts the server down and waits for the requests in flight.
func (s *Server) Close() { s.ts.Close() }

// Client returns an SDK client wired to the server: its URL, the credentials
// it accepts and a clock that reads the data set's now, so that the SDK's
// default ranges fall on the data. opts come after these and may override
// them. It panics if an option is invalid.
func (s *Server) Client(opts ...reports.Option) *reports.Client {
	base := []reports.Option{reports.WithBaseURL(s.URL), reports.WithClock(s.Now)}
	c, err := reports.New(s.clientID, s.clientSecret, append(base, opts...)...)
	if err != nil {
		panic("reportstest: Server.Client: " + err.Error())
	}
	return c
}

// Now is the present of the data set.
func (s *Server) Now() time.Time { return s.data.now }

// Catalog lists the users, teams, mailboxes, folders, tags, saved replies,
// workflows, customers and Docs sites the data set is made of.
func (s *Server) Catalog() Catalog { return catalog() }

// SetRateLimit limits the report calls to limit per window (a minute when
// window is 0; limit 0 turns the limit off). Windows are fixed, aligned on
// multiples of window, as the API counts a minute. Every report answer then
// carries X-RateLimit-Limit-Minute (the limit) and
// X-RateLimit-Remaining-Minute (what is left in this window); a call over the
// limit is answered 429 with X-RateLimit-Retry-After, the seconds until the
// window ends: whole seconds, rounded up, for windows of a minute or more,
// and with milliseconds for the shorter windows tests use.
func (s *Server) SetRateLimit(limit int, window time.Duration) {
	if window <= 0 {
		window = time.Minute
	}
	s.mu.Lock()
	s.limit, s.window, s.used, s.windowStart = max(limit, 0), window, 0, time.Time{}
	s.mu.Unlock()
}

// Throttled is the number of 429 answers so far, from the rate limit and
// from FailNext.
func (s *Server) Throttled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttled
}

// FailNext makes the next n report calls (with a valid token and within the
// rate limit) fail with status, with an error body as the API writes them
// (a 429 as the rate limit's, but with no Retry-After: SetRateLimit gives
// those). It replaces an earlier FailNext; n <= 0 cancels it. A status
// outside 400..599 is a mistake in the test and panics.
func (s *Server) FailNext(n, status int) {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("reportstest: FailNext with status %d, want 400..599", status))
	}
	s.mu.Lock()
	s.failN, s.failStatus = max(n, 0), status
	s.mu.Unlock()
}

// CutNext makes the next n successful report answers stop halfway: the
// headers announce the whole body, half of it is sent and the connection is
// closed, as a network failure mid-body would.
func (s *Server) CutNext(n int) {
	s.mu.Lock()
	s.cutN = n
	s.mu.Unlock()
}

// SetLatency delays every report answer by d (0 for none). A client that
// gives up first gets no answer.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}

// ExpireTokens makes every access token issued so far invalid, as if it had
// expired: the next report call with one is answered 401.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	clear(s.tokens)
	s.mu.Unlock()
}

// Requests returns the requests received so far, in the order they came.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	log := append([]logEntry(nil), s.log...)
	s.mu.Unlock()
	out := make([]Request, len(log))
	for i, e := range log {
		q, _ := url.ParseQuery(e.rawQuery) // what parses is kept, as r.URL.Query does
		out[i] = Request{Method: e.method, Path: e.path, Query: q, Time: e.time, Status: e.status}
	}
	return out
}

// TokenRequests is the number of requests to the token endpoint so far.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenCalls
}

// Connections is the number of TCP connections clients have opened so far.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// serve logs r, lets answer set the headers and return the status and body,
// writes them and logs the status. A nil body means that the answer was
// written already (status 200: cut mid-body) or that the client left
// (status 0).
func (s *Server) serve(w http.ResponseWriter, r *http.Request, answer func(h http.Header) (int, []byte)) {
	e := logEntry{method: r.Method, path: r.URL.Path, rawQuery: r.URL.RawQuery, time: s.clock()}
	if r.URL.Path == tokenPath {
		e.rawQuery = "" // it may hold credentials; the log keeps none
	}
	s.mu.Lock()
	i := len(s.log)
	s.log = append(s.log, e)
	s.mu.Unlock()

	status, body := answer(w.Header())
	// Logged before the answer is sent, so that a client that has its
	// answer finds it in the log.
	s.mu.Lock()
	s.log[i].status = status
	s.mu.Unlock()
	if body != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

func unknownURL() (int, []byte) { return http.StatusNotFound, []byte("Unknown URL") }

// serveToken is the OAuth2 token endpoint: the client-credentials grant, with
// the credentials as form params, JSON or HTTP Basic.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, func(h http.Header) (int, []byte) {
		s.mu.Lock()
		s.tokenCalls++
		s.mu.Unlock()
		h.Set("Content-Type", "application/json")
		if r.Method != http.MethodPost {
			h.Set("Allow", http.MethodPost)
			return oauthError(http.StatusMethodNotAllowed, "invalid_request", "Use POST")
		}
		grant, id, secret, err := tokenRequest(r)
		switch {
		case err != nil:
			return oauthError(http.StatusBadRequest, "invalid_request", err.Error())
		case grant != "client_credentials":
			return oauthError(http.StatusBadRequest, "unsupported_grant_type", "Only the client_credentials grant is supported")
		case id != s.clientID || secret != s.clientSecret:
			return oauthError(http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		}
		tok := newToken()
		now := s.clock()
		s.mu.Lock()
		for t, exp := range s.tokens {
			if !now.Before(exp) {
				delete(s.tokens, t)
			}
		}
		s.tokens[tok] = now.Add(s.lifetime)
		s.mu.Unlock()
		body, _ := json.Marshal(map[string]any{
			"access_token": tok,
			"token_type":   "bearer",
			// Rounded down, so that a client that trusts it never uses a
			// token the server has dropped.
			"expires_in": max(1, int64(s.lifetime/time.Second)),
		})
		return http.StatusOK, body
	})
}

// tokenRequest reads the grant and the client credentials.
func tokenRequest(r *http.Request) (grant, id, secret string, err error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var b struct {
			GrantType    string `json:"grant_type"`
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16)).Decode(&b); err != nil {
			return "", "", "", fmt.Errorf("malformed JSON body")
		}
		grant, id, secret = b.GrantType, b.ClientID, b.ClientSecret
	} else {
		if err := r.ParseForm(); err != nil {
			return "", "", "", fmt.Errorf("malformed form body")
		}
		// Form params, or query params as the API also takes them.
		grant, id, secret = r.FormValue("grant_type"), r.FormValue("client_id"), r.FormValue("client_secret")
	}
	if u, p, ok := r.BasicAuth(); ok {
		// RFC 6749 2.3.1: both are form-encoded before Basic encoding.
		id, _ = url.QueryUnescape(u)
		secret, _ = url.QueryUnescape(p)
	}
	return grant, id, secret, nil
}

func newToken() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func oauthError(status int, code, description string) (int, []byte) {
	body, _ := json.Marshal(map[string]string{"error": code, "error_description": description})
	return status, body
}

// serveReport answers a report route: auth, rate limit, injected faults,
// validation, then the report.
func (s *Server) serveReport(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, func(h http.Header) (int, []byte) {
		rt, ok := routes[r.URL.Path]
		if !ok {
			s.rateHeaders(h, false)
			return unknownURL()
		}
		if r.Method != http.MethodGet {
			s.rateHeaders(h, false)
			h.Set("Allow", http.MethodGet)
			return s.vndError(h, http.StatusMethodNotAllowed, "Method not allowed", nil)
		}
		if !s.wait(r.Context()) {
			return 0, nil
		}
		if !s.validToken(r.Header.Get("Authorization")) {
			s.rateHeaders(h, false)
			h.Set("Content-Type", "application/json")
			h.Set("WWW-Authenticate", `Bearer realm="service", error="invalid_token", error_description="The access token is invalid or has expired"`)
			body := []byte(`{"error_description":"The access token is invalid or has expired","error":"invalid_token"}`)
			return http.StatusUnauthorized, body
		}
		if !s.rateHeaders(h, true) {
			h.Set("Content-Type", "application/json")
			return http.StatusTooManyRequests, []byte(`{"message":"API rate limit exceeded"}`)
		}
		if status := s.fault(); status == http.StatusTooManyRequests {
			h.Set("Content-Type", "application/json")
			return status, []byte(`{"message":"API rate limit exceeded"}`)
		} else if status != 0 {
			return s.vndError(h, status, http.StatusText(status), nil)
		}
		key := r.URL.Path + "?" + r.URL.RawQuery
		body, ok := s.cached(key)
		if !ok {
			q, errs := parseRequest(rt, r.URL.RawQuery)
			if errs != nil {
				return s.vndError(h, http.StatusBadRequest, "Bad request", errs)
			}
			if rt.user && !q.resolveUser() {
				return s.vndError(h, http.StatusNotFound, "Not found", []fieldError{{
					Path: "user", Message: "no user or team with this id", RejectedValue: strconv.FormatInt(q.user, 10), Source: "QUERY", Links: aboutLink("InvalidIdentifier"),
				}})
			}
			var err error
			if body, err = json.Marshal(rt.serve(s.data, q)); err != nil {
				return s.vndError(h, http.StatusInternalServerError, "Internal error", nil)
			}
			s.store(key, body)
		}
		h.Set("Content-Type", "application/json")
		if s.takeCut() {
			s.cut(w, h, body)
			return http.StatusOK, nil
		}
		return http.StatusOK, body
	})
}

// maxCached bounds the answer cache; when it is full it starts over. Answers
// over maxCachedBody bytes (huge ranges) are not kept.
const (
	maxCached     = 4096
	maxCachedBody = 1 << 20
)

// cached returns the answer to a valid request seen before: the data set is
// read-only, so an answer depends on its path and query only.
func (s *Server) cached(key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.answers[key]
	return b, ok
}

func (s *Server) store(key string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(body) > maxCachedBody {
		return
	}
	if len(s.answers) >= maxCached {
		clear(s.answers)
	}
	s.answers[key] = body
}

// wait sleeps the configured latency; false means the client left.
func (s *Server) wait(ctx context.Context) bool {
	s.mu.Lock()
	d := s.latency
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *Server) validToken(auth string) bool {
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || tok == "" {
		return false
	}
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[tok]
	return ok && now.Before(exp)
}

// rateHeaders writes the rate-limit headers when a limit is set and, when
// count is true, counts the call: it reports false (and writes
// X-RateLimit-Retry-After) when the call is over the limit.
func (s *Server) rateHeaders(h http.Header, count bool) bool {
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit == 0 {
		return true
	}
	if ws := now.Truncate(s.window); !ws.Equal(s.windowStart) {
		s.windowStart, s.used = ws, 0
	}
	h.Set("X-RateLimit-Limit-Minute", strconv.Itoa(s.limit))
	if count && s.used >= s.limit {
		s.throttled++
		h.Set("X-RateLimit-Remaining-Minute", "0")
		h.Set("X-RateLimit-Retry-After", retryAfter(s.windowStart.Add(s.window).Sub(now), s.window))
		return false
	}
	if count {
		s.used++
	}
	h.Set("X-RateLimit-Remaining-Minute", strconv.Itoa(s.limit-s.used))
	return true
}

// retryAfter formats the wait until the window ends.
func retryAfter(d, window time.Duration) string {
	if window >= time.Minute {
		return strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10)
	}
	return strconv.FormatFloat(math.Ceil(d.Seconds()*1000)/1000, 'f', -1, 64)
}

// fault takes one injected failure, if any is left.
func (s *Server) fault() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failN == 0 {
		return 0
	}
	s.failN--
	if s.failStatus == http.StatusTooManyRequests {
		s.throttled++
	}
	return s.failStatus
}

func (s *Server) takeCut() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cutN == 0 {
		return false
	}
	s.cutN--
	return true
}

// cut writes the headers of body and half of it, then closes the connection.
func (s *Server) cut(w http.ResponseWriter, h http.Header, body []byte) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic("reportstest: cannot cut the connection: " + err.Error())
	}
	defer conn.Close()
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = buf.WriteString("HTTP/1.1 200 OK\r\n")
	_ = h.Write(buf)
	_, _ = buf.WriteString("\r\n")
	_, _ = buf.Write(body[:len(body)/2])
	_ = buf.Flush()
}

// vndError builds an error answer in the API's vnd.error shape.
func (s *Server) vndError(h http.Header, status int, message string, errs []fieldError) (int, []byte) {
	s.mu.Lock()
	s.logRefs++
	n := s.logRefs
	s.mu.Unlock()
	r := rng{s: n}
	v := struct {
		LogRef   string `json:"logRef"`
		Message  string `json:"message"`
		Embedded *struct {
			Errors []fieldError `json:"errors"`
		} `json:"_embedded,omitempty"`
		Links links `json:"_links"`
	}{
		LogRef:  fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(r.next()), uint16(r.next()), r.next()&0xfff, r.next()&0xfff, r.next()&0xffffffffffff),
		Message: message,
		Links:   aboutLink(""),
	}
	if errs != nil {
		v.Embedded = &struct {
			Errors []fieldError `json:"errors"`
		}{errs}
	}
	body, _ := json.Marshal(v)
	h.Set("Content-Type", "application/vnd.error+json")
	return status, body
}
