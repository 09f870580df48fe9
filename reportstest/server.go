package reportstest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
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

// DefaultNow returns the present of the data set unless WithNow says
// otherwise: 2026-11-26 15:04:05 UTC. The conversations span the year before
// it.
func DefaultNow() time.Time { return defaultNow }

var defaultNow = time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)

// DefaultSeed is the seed of the data set unless WithSeed says otherwise.
const DefaultSeed = 1

// DefaultTokenLifetime is how long an access token lives unless
// WithTokenLifetime says otherwise: 48 hours, as the API's tokens.
const DefaultTokenLifetime = 48 * time.Hour

// DefaultRateLimit is how many report calls a minute a Server takes unless
// WithRateLimit or SetRateLimit says otherwise: ten million, more than any
// test sends, so that it never slows a test suite, while every report answer
// carries the rate-limit headers as the API's do.
const DefaultRateLimit = 10_000_000

// Server is a fake Help Scout Reports API on a loopback httptest server. It
// is safe for concurrent use; its knobs may be turned while it serves.
type Server struct {
	// URL is the API root, http://127.0.0.1:port, for reports.WithBaseURL.
	URL string

	ts           *httptest.Server
	now          time.Time
	clientID     string
	clientSecret string
	clock        func() time.Time
	lifetime     time.Duration
	lenient      bool

	mu          sync.Mutex
	data        *dataset                // shared with the servers of the same seed and now; nil once closed
	tokens      map[string]time.Time    // access token -> expiry
	oneTime     map[string]oneTime      // authorization code or refresh token, until used
	codeQueue   []string                // the authorization codes in the order given, for the cap; some used
	codes       int                     // the codes in oneTime
	answers     map[string][]byte       // shapes, path and query -> answer body
	cachedBytes int                     // what answers holds
	budget      int                     // what answers may hold: answerBudget
	shapes      Shapes                  // the alternative shapes in use
	handlers    map[string]http.Handler // path -> the test's handler
	faults      map[string]failure      // report path, or "" for all -> injected failures
	limit       int
	window      time.Duration
	windowStart time.Time
	used        int
	throttled   int
	cutN        int
	latency     time.Duration
	log         []*logEntry
	logBytes    int    // what log holds, by logEntry.size
	dropped     int    // requests dropped from the log
	requests    uint64 // requests received, numbering the Correlation-Ids
	tokenCalls  int
	conns       int
	open        int // connections open now
	pageSize    int // items a page of a list holds
	bodyTimeout time.Duration
}

// Request is a request the server received, as its log keeps it. The token
// endpoint's requests are logged too, without their query and body.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	// Header is the request's header; Authorization shows only its scheme,
	// as "Bearer [redacted]" or "Basic [redacted]".
	Header        http.Header
	Time          time.Time // by the server's clock
	Status        int       // the status answered; 0 when the client left first
	CorrelationID string    // the Correlation-Id header of the answer
}

// logEntry is a Request as the log keeps it: the query is parsed only when
// the log is read, so that logging stays cheap under load.
type logEntry struct {
	method, path, rawQuery string
	header                 http.Header
	time                   time.Time
	status                 int
	correlationID          string
}

// MaxRequestLogBytes is what the request log of a Server keeps at most:
// 16 MiB of methods, paths, queries and headers, counting 256 bytes more
// for each request, so 50,000 small requests or a dozen of the largest Go
// serves. Beyond, the oldest requests are dropped, and
// Server.DroppedRequests counts them: a server that lives for a whole test
// run, or that is flooded, holds no more.
const MaxRequestLogBytes = 16 << 20

// size is what the log counts for e.
func (e *logEntry) size() int {
	n := 256 + len(e.method) + len(e.path) + len(e.rawQuery)
	for k, vs := range e.header {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	return n
}

// failure is a FailNext order: the next n calls fail with status.
type failure struct{ n, status int }

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
	shapes       Shapes
	lenient      bool
	pageSize     int
	timeouts     Timeouts
}

// Paths the server serves besides the reports and the lists (lists.go).
const (
	tokenPath     = "/v2/oauth2/token"
	authorizePath = "/authentication/authorizeClientApplication"
	reportsPrefix = "/v2/reports/"
)

// isAPIPath reports whether p is a path of the API that the token, rate
// limit, latency and FailNext apply to: a report path or a list's.
func isAPIPath(p string) bool { return strings.HasPrefix(p, reportsPrefix) || isListPath(p) }

// Option configures a Server in NewServer.
type Option func(*config)

// WithSeed sets the seed the conversations are generated from (default
// DefaultSeed). The same seed and now give the same data, byte for byte.
func WithSeed(seed uint64) Option { return func(c *config) { c.seed = seed } }

// WithNow sets the present of the data set (default DefaultNow), truncated
// to the second: the conversations span the year before it, and
// Server.Client's clock reads it.
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
// Server.SetRateLimit. DefaultRateLimit a minute by default.
func WithRateLimit(limit int, window time.Duration) Option {
	return func(c *config) { c.limit, c.window = limit, window }
}

// WithLatency delays every report and list answer by d; see
// Server.SetLatency.
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithShapes makes the server answer in the alternative shapes s selects;
// see Server.SetShapes.
func WithShapes(s Shapes) Option { return func(c *config) { c.shapes = s } }

// WithLenientValidation turns off the fake's own validation rules, the ones
// the API's documentation does not state (see the package documentation):
// what they refuse is then answered as described there. The rules the API
// documents still hold.
func WithLenientValidation() Option { return func(c *config) { c.lenient = true } }

// The read timeouts of a Server unless WithTimeouts says otherwise.
const (
	DefaultHeaderTimeout = 10 * time.Second
	DefaultBodyTimeout   = 10 * time.Second
	DefaultIdleTimeout   = 2 * time.Minute
)

// Timeouts bound how long a Server waits for a client that sends slowly or
// not at all, so that a slow or stalled client cannot keep connections open
// for good. They bound reading only: an answer delayed by WithLatency is
// still sent, however long the delay.
type Timeouts struct {
	// Header bounds the reading of a request's line and headers, from its
	// first byte (http.Server.ReadHeaderTimeout); a new connection that
	// sends nothing is closed after it too. Default DefaultHeaderTimeout.
	Header time.Duration
	// Body bounds the reading of a request's body, from the end of its
	// headers: a token request whose body has not all come by then is
	// answered 400 and its connection closed. Default DefaultBodyTimeout.
	Body time.Duration
	// Idle bounds how long a kept-alive connection waits for its next
	// request (http.Server.IdleTimeout). Default DefaultIdleTimeout.
	Idle time.Duration
}

// WithTimeouts sets the server's read timeouts; a zero field keeps its
// default. Tests of slow clients set short ones.
func WithTimeouts(t Timeouts) Option { return func(c *config) { c.timeouts = t } }

// NewServer starts a server. The data set of its seed and present is
// generated by the first server that needs it (about 5 ms) and shared with
// the later ones, which start in a fraction of a millisecond. Close it when
// done.
func NewServer(opts ...Option) *Server {
	cfg := config{seed: DefaultSeed, now: defaultNow, clientID: ClientID, clientSecret: ClientSecret, clock: time.Now, lifetime: DefaultTokenLifetime}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		data:         sharedDataset(cfg.seed, cfg.now.UTC().Truncate(time.Second)),
		clientID:     cfg.clientID,
		clientSecret: cfg.clientSecret,
		clock:        cfg.clock,
		lifetime:     cfg.lifetime,
		lenient:      cfg.lenient,
		shapes:       cfg.shapes,
		tokens:       map[string]time.Time{},
		oneTime:      map[string]oneTime{},
		answers:      map[string][]byte{},
		budget:       answerBudget,
		latency:      cfg.latency,
	}
	s.now = s.data.now
	s.SetRateLimit(cfg.limit, cfg.window)
	s.SetListPageSize(cfg.pageSize)
	s.bodyTimeout = cmp.Or(cfg.timeouts.Body, DefaultBodyTimeout)
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.ts.Config.ReadHeaderTimeout = cmp.Or(cfg.timeouts.Header, DefaultHeaderTimeout)
	s.ts.Config.IdleTimeout = cmp.Or(cfg.timeouts.Idle, DefaultIdleTimeout)
	s.ts.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		s.mu.Lock()
		switch st {
		case http.StateNew:
			s.conns++
			s.open++
		case http.StateClosed, http.StateHijacked:
			s.open--
		}
		s.mu.Unlock()
	}
	s.ts.Start()
	s.URL = s.ts.URL
	return s
}

// Close shuts the server down, waits for the requests in flight and drops
// what the server kept: its answer cache, its request log (read Requests
// before Close), its tokens and handlers. A closed server that a test still
// holds (with t.Cleanup) takes a few KiB.
func (s *Server) Close() {
	s.ts.Close()
	s.mu.Lock()
	s.data, s.answers, s.cachedBytes, s.log, s.logBytes = nil, nil, 0, nil, 0
	s.tokens, s.oneTime, s.codeQueue, s.handlers = nil, nil, nil, nil
	s.mu.Unlock()
}

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
func (s *Server) Now() time.Time { return s.now }

// Catalog lists the users, teams, mailboxes, folders, tags, saved replies,
// workflows, customers, Docs sites and custom fields the data set is made
// of.
func (s *Server) Catalog() Catalog { return catalog() }

// SetRateLimit limits the report calls to limit per window (a minute when
// window is 0; limit 0 sets DefaultRateLimit). Windows are fixed, aligned on
// multiples of window, as the API counts a minute. Every report answer
// carries X-RateLimit-Limit-Minute (the limit) and
// X-RateLimit-Remaining-Minute (what is left in this window); a call over the
// limit is answered 429 with X-RateLimit-Retry-After, the seconds until the
// window ends: whole seconds, rounded up, for windows of a minute or more,
// and with milliseconds for the shorter windows tests use. Calls refused
// before the limit is counted (no valid token, unknown path) carry the
// headers but do not count.
func (s *Server) SetRateLimit(limit int, window time.Duration) {
	if window <= 0 {
		window = time.Minute
	}
	if limit <= 0 {
		limit = DefaultRateLimit
	}
	s.mu.Lock()
	s.limit, s.window, s.used, s.windowStart = limit, window, 0, time.Time{}
	s.mu.Unlock()
}

// Throttled is the number of 429 answers so far, from the rate limit and
// from FailNext.
func (s *Server) Throttled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttled
}

// FailNext makes the next n report or list calls (with a valid token and
// within the rate limit) fail with status, with an error body as the API
// writes them: a 403 says "Access denied", a 429 is the rate limit's (but
// with no Retry-After: SetRateLimit gives those), the others carry the
// status text. With paths (such as "/v2/reports/company" or "/v2/users"),
// only the calls to those paths fail and count; without, the calls to any
// report or list path do. A call takes the failures of its path first.
// FailNext replaces an earlier one for the same paths; n <= 0 cancels it. A
// status outside 400..599, or a path that is neither under /v2/reports/ nor
// a list's, is a mistake in the test and panics.
func (s *Server) FailNext(n, status int, paths ...string) {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("reportstest: FailNext with status %d, want 400..599", status))
	}
	for _, p := range paths {
		if !isAPIPath(p) {
			panic(fmt.Sprintf("reportstest: FailNext on %q, want a path under %s or a list's (/v2/users, /v2/mailboxes, /v2/mailboxes/{id}/folders, /v2/tags)", p, reportsPrefix))
		}
	}
	if len(paths) == 0 {
		paths = []string{""}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults == nil {
		s.faults = map[string]failure{}
	}
	for _, p := range paths {
		if n <= 0 {
			delete(s.faults, p)
		} else {
			s.faults[p] = failure{n, status}
		}
	}
}

// CutNext makes the next n successful report or list answers stop halfway: the
// headers announce the whole body, half of it is sent and the connection is
// closed, as a network failure mid-body would.
func (s *Server) CutNext(n int) {
	s.mu.Lock()
	s.cutN = n
	s.mu.Unlock()
}

// SetLatency delays every report and list answer by d (0 for none). A
// client that gives up first gets no answer. The read timeouts (Timeouts)
// do not cut a delayed answer short.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}

// ExpireTokens makes every access token issued so far invalid, as if it had
// expired: the next report call with one is answered 401. It expires the
// tokens of every grant; refresh tokens not used yet stay valid.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	clear(s.tokens)
	s.mu.Unlock()
}

// Shapes selects alternative shapes of the answers, as the API documents or
// has been seen to send them, for testing code that must accept each. The
// zero value is the default shapes; combine the others with |.
type Shapes uint

const (
	// NullFields sends null in every field the API may leave null: the
	// ratings' threadid, threadCreatedAt, type, ratingId, ratingComments,
	// ratingUserId, ratingCustomerName and ratingUserName, and the custom
	// fields' previousTotal and previousTotalAnswered.
	NullFields Shapes = 1 << iota
	// StartCountPoints sends the received-messages points as the
	// documentation shows them, {"start", "count"}, instead of
	// {"date", "messages"}.
	StartCountPoints
	// NestedUserChat sends the user chat report in the chat report's nesting
	// (volume, responses, resolutions, and the four range histograms)
	// instead of its flat reading.
	NestedUserChat
	// UnpagedFolders sends a mailbox's folders as the PHP SDK's sample shows
	// them: all in one answer, with no page object and a self link only,
	// whatever page is asked for.
	UnpagedFolders

	// AllShapes is every alternative shape at once.
	AllShapes = NullFields | StartCountPoints | NestedUserChat | UnpagedFolders
)

// SetShapes makes the answers from now on take the alternative shapes s
// selects (0 for the default shapes). The figures stay the same.
func (s *Server) SetShapes(sh Shapes) {
	s.mu.Lock()
	s.shapes = sh
	s.mu.Unlock()
}

// Handle makes h answer the requests to path (an exact path such as
// "/v2/reports/company"), for any answer the fake does not model: h sets the
// status, headers and body, as in any http.Handler. A report path (under
// /v2/reports/, a route of the fake or not) or a list's (/v2/users,
// /v2/mailboxes, /v2/mailboxes/{id}/folders, /v2/tags) is checked first as
// every API call is: latency, bearer token (401 otherwise), rate limit and
// FailNext; then h answers instead of the fake's validation and data. Other
// paths, the token endpoint included, go to h directly. Either way the
// request is logged with the status h wrote, and the answer carries a
// Correlation-Id (and, for report and list paths, the rate-limit headers)
// unless h changes them. h
// answers in full before anything is sent: it cannot stream or hijack, and
// CutNext does not cut its answers. A nil h removes the handler of path.
func (s *Server) Handle(path string, h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handlers == nil {
		s.handlers = map[string]http.Handler{}
	}
	if h == nil {
		delete(s.handlers, path)
		return
	}
	s.handlers[path] = h
}

// Requests returns the requests received so far, in the order they came,
// since the server started or ClearRequests emptied the log; the log keeps
// the newest MaxRequestLogBytes of them (see DroppedRequests).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	log := make([]logEntry, len(s.log))
	for i, e := range s.log {
		log[i] = *e
	}
	s.mu.Unlock()
	out := make([]Request, len(log))
	for i, e := range log {
		q, _ := url.ParseQuery(e.rawQuery) // what parses is kept, as r.URL.Query does
		out[i] = Request{Method: e.method, Path: e.path, Query: q, Header: e.header.Clone(), Time: e.time, Status: e.status, CorrelationID: e.correlationID}
	}
	return out
}

// ClearRequests empties the request log, so that Requests lists only what
// comes after. The counters (TokenRequests, Connections, Throttled,
// DroppedRequests) go on.
func (s *Server) ClearRequests() {
	s.mu.Lock()
	s.log, s.logBytes = nil, 0
	s.mu.Unlock()
}

// DroppedRequests is the number of requests the log has dropped so far, the
// oldest first, to keep within MaxRequestLogBytes: Requests lists the
// requests that came after them.
func (s *Server) DroppedRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
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

// OpenConnections is the number of TCP connections open now: opened and
// not yet closed, by either side (see Timeouts for when the server closes
// them).
func (s *Server) OpenConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.open
}

// serveHTTP answers every request: the reports, the lists, the test's
// handlers, the OAuth2 endpoints, and 404 "Unknown URL" for the rest, as the
// API does. A request with a body must send it within the body timeout.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength != 0 { // a body, of known (> 0) or unknown (-1) length
		// Only reading is bounded, so a delayed answer is still sent. The
		// deadline stays until the connection's next request sets its own:
		// a body left unread (a GET's) must come by then too, or the
		// connection is closed rather than read for good.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.bodyTimeout))
	}
	s.serve(w, r, func(h http.Header) (int, []byte) {
		custom := s.handler(r.URL.Path)
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, reportsPrefix):
			return s.serveReport(w, r, h, custom)
		case isListPath(p):
			return s.serveList(w, r, h, custom)
		case custom != nil:
			return record(custom, h, r)
		case p == tokenPath:
			return s.serveToken(h, r)
		case p == authorizePath:
			return s.serveAuthorize(h, r)
		}
		return unknownURL()
	})
}

// serve logs r, gives the answer a Correlation-Id, lets answer set the
// headers and return the status and body, writes them and logs the status.
// A nil body means that the answer was written already (status 200: cut
// mid-body) or that the client left (status 0).
func (s *Server) serve(w http.ResponseWriter, r *http.Request, answer func(h http.Header) (int, []byte)) {
	e := &logEntry{method: r.Method, path: r.URL.Path, rawQuery: r.URL.RawQuery, header: redacted(r.Header), time: s.clock()}
	if r.URL.Path == tokenPath {
		e.rawQuery = "" // it may hold credentials; the log keeps none
	}
	s.mu.Lock()
	s.requests++
	e.correlationID = correlationID(s.requests)
	s.log = append(s.log, e)
	s.logBytes += e.size()
	for s.logBytes > MaxRequestLogBytes && len(s.log) > 1 {
		s.logBytes -= s.log[0].size()
		s.log[0] = nil
		s.log = s.log[1:]
		s.dropped++
	}
	s.mu.Unlock()
	w.Header().Set("Correlation-Id", e.correlationID)

	status, body := answer(w.Header())
	// Logged before the answer is sent, so that a client that has its
	// answer finds it in the log.
	s.mu.Lock()
	e.status = status
	s.mu.Unlock()
	if body != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// redacted is a copy of h whose Authorization shows only its scheme.
func redacted(h http.Header) http.Header {
	c := h.Clone()
	if a := c.Get("Authorization"); a != "" {
		scheme, _, _ := strings.Cut(a, " ")
		if !strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "Basic") {
			scheme = "" // no scheme: the value itself may be the secret
		}
		c.Set("Authorization", strings.TrimSpace(scheme+" [redacted]"))
	}
	return c
}

// correlationID makes the Correlation-Id of the server's request n, in the
// shape of a UUID. The same requests get the same ids on every run.
func correlationID(n uint64) string {
	r := rng{s: n}
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(r.next()), uint16(r.next()), r.next()&0xfff, r.next()&0xfff, r.next()&0xffffffffffff)
}

func (s *Server) handler(path string) http.Handler {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handlers[path]
}

// record runs a test's handler on r and returns what it answered; the
// headers set so far are the handler's to keep or change.
func record(hd http.Handler, h http.Header, r *http.Request) (int, []byte) {
	rec := httptest.NewRecorder()
	maps.Copy(rec.Header(), h)
	hd.ServeHTTP(rec, r)
	clear(h)
	maps.Copy(h, rec.Header())
	return rec.Code, append([]byte{}, rec.Body.Bytes()...)
}

func unknownURL() (int, []byte) { return http.StatusNotFound, []byte("Unknown URL") }

// serveReport answers a report path: the checks of every API call (see
// serveAPI), then the test's handler of the path or the report (validation
// and data).
func (s *Server) serveReport(w http.ResponseWriter, r *http.Request, h http.Header, custom http.Handler) (int, []byte) {
	rt, ok := routes[r.URL.Path]
	if !ok && custom == nil {
		s.rateHeaders(h, false)
		return unknownURL()
	}
	return s.serveAPI(w, r, h, custom, func() (int, []byte) {
		s.mu.Lock()
		data, shapes := s.data, s.shapes
		s.mu.Unlock()
		key := strconv.Itoa(int(shapes)) + " " + r.URL.Path + "?" + r.URL.RawQuery
		body, ok := s.cached(key)
		if !ok {
			q, errs := parseRequest(rt, r.URL.RawQuery, s.lenient)
			if errs != nil {
				return s.vndError(h, http.StatusBadRequest, "Bad request", errs)
			}
			if rt.user && !q.resolveUser(s.lenient) {
				return s.vndError(h, http.StatusNotFound, "Not found", []fieldError{{
					Path: "user", Message: "no user or team with this id", RejectedValue: strconv.FormatInt(q.user, 10), Source: "QUERY", Links: aboutLink("InvalidIdentifier"),
				}})
			}
			q.shapes = shapes
			q.filter.ctx = r.Context() // the aggregation stops when the client leaves
			v := rt.serve(data, q)
			if r.Context().Err() != nil {
				return 0, nil // the client left: what was computed is partial
			}
			var err error
			if body, err = json.Marshal(v); err != nil {
				return s.vndError(h, http.StatusInternalServerError, "Internal error", nil)
			}
			s.store(key, body)
		}
		h.Set("Content-Type", "application/json")
		return http.StatusOK, body
	})
}

// serveAPI runs the checks of every report and list call (the method,
// latency, the bearer token, the rate limit, injected failures), then the
// test's handler of the path if there is one, else answer; a successful
// answer is cut mid-body when CutNext says so.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, h http.Header, custom http.Handler, answer func() (int, []byte)) (int, []byte) {
	if custom == nil && r.Method != http.MethodGet {
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
	switch status := s.fault(r.URL.Path); status {
	case 0:
	case http.StatusTooManyRequests:
		h.Set("Content-Type", "application/json")
		return status, []byte(`{"message":"API rate limit exceeded"}`)
	case http.StatusForbidden:
		return s.vndError(h, status, "Access denied", nil)
	default:
		return s.vndError(h, status, http.StatusText(status), nil)
	}
	if custom != nil {
		return record(custom, h, r)
	}
	status, body := answer()
	if status == http.StatusOK && body != nil && s.takeCut() {
		s.cut(w, h, body)
		return http.StatusOK, nil
	}
	return status, body
}

// The answer cache keeps up to answerBudget bytes of answers (bodies and
// keys); when the next answer does not fit, it starts over. An answer over
// maxCachedBody bytes (a huge range) is not kept.
const (
	answerBudget  = 8 << 20
	maxCachedBody = 1 << 20
)

// cached returns the answer to a valid request seen before: the data set is
// read-only, so an answer depends on its shapes, path and query only.
func (s *Server) cached(key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.answers[key]
	return b, ok
}

func (s *Server) store(key string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	size := len(key) + len(body)
	if len(body) > maxCachedBody || s.answers == nil {
		return
	}
	if s.cachedBytes+size > s.budget {
		clear(s.answers)
		s.cachedBytes = 0
	}
	s.answers[key] = body
	s.cachedBytes += size
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

// rateHeaders writes the rate-limit headers and, when count is true, counts
// the call: it reports false (and writes X-RateLimit-Retry-After) when the
// call is over the limit.
func (s *Server) rateHeaders(h http.Header, count bool) bool {
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
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

// fault takes one injected failure for path, if any is left: the path's
// own first, then those of every path.
func (s *Server) fault(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := path
	f, ok := s.faults[key]
	if !ok {
		key = ""
		if f, ok = s.faults[key]; !ok {
			return 0
		}
	}
	if f.n--; f.n == 0 {
		delete(s.faults, key)
	} else {
		s.faults[key] = f
	}
	if f.status == http.StatusTooManyRequests {
		s.throttled++
	}
	return f.status
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

// vndError builds an error answer in the API's vnd.error shape; its logRef
// is the answer's Correlation-Id.
func (s *Server) vndError(h http.Header, status int, message string, errs []fieldError) (int, []byte) {
	v := struct {
		LogRef   string `json:"logRef"`
		Message  string `json:"message"`
		Embedded *struct {
			Errors []fieldError `json:"errors"`
		} `json:"_embedded,omitempty"`
		Links links `json:"_links"`
	}{
		LogRef:  h.Get("Correlation-Id"),
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
