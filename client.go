package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	pathpkg "path"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/helpscout-go/reports/internal/pace"
	"github.com/helpscout-go/reports/internal/retry"
	"golang.org/x/oauth2"
)

// DefaultBaseURL is the API root. Reports live at <root>/v2/reports/... and
// the token endpoint at <root>/v2/oauth2/token.
const DefaultBaseURL = "https://api.helpscout.net"

// Defaults of the retry policy; see WithMaxRetries and WithRetryBackoff.
const (
	DefaultMaxRetries   = 3
	DefaultBackoffBase  = 500 * time.Millisecond
	DefaultBackoffMax   = 30 * time.Second
	DefaultMaxRetryWait = 2 * time.Minute
	// DefaultAttemptTimeout bounds one attempt (connect, headers and body)
	// of the default HTTP client, so that a stalled connection is retried
	// rather than waited on forever. The caller's context bounds the call.
	DefaultAttemptTimeout = 60 * time.Second
)

// maxBody caps a report body; the largest real reports are a few hundred KiB.
const maxBody = 32 << 20

// maxConns bounds the default client's connections to the API: more than a
// per-minute rate limit can keep busy, few enough to be kind to the API.
const maxConns = 16

// defaultHTTPClient is used unless WithHTTPClient says otherwise. Unlike
// http.DefaultClient it keeps as many idle connections as it may open
// (net/http keeps 2), so that a client shared by many goroutines reuses its
// connections, and it opens at most maxConns to a host: the 17th concurrent
// request waits for a free connection rather than dialing a new one. Each
// attempt is bounded by DefaultAttemptTimeout.
var defaultHTTPClient = func() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = maxConns
	t.MaxConnsPerHost = maxConns
	return &http.Client{Transport: t, Timeout: DefaultAttemptTimeout}
}()

// drainCap is how much of an unread body is read to let the connection be
// reused; a larger rest closes it instead.
const drainCap = 64 << 10

// Client calls the Reports API. It is safe for concurrent use; make one and
// share it, so that all goroutines share its token, connections and pacing.
//
// Make it with New or NewWithTokenSource: the zero Client (and a nil
// *Client) has no credentials, and every method that can fail returns an
// error saying so, without sending anything.
type Client struct {
	root      string // API root, no trailing slash
	hc        *http.Client
	base      http.RoundTripper // hc's transport under the WithTransportWrapper wrappers
	tokens    tokenProvider
	userAgent string
	now       func() time.Time
	logger    *slog.Logger

	maxRetries   int
	backoffBase  time.Duration
	backoffMax   time.Duration
	maxRetryWait time.Duration
	pacer        *pace.Pacer
	prefetch     int

	rlMu sync.Mutex
	rl   RateLimit

	redact atomic.Pointer[tokenRedactor] // the redactor of the latest token
}

// tokenRedactor is the redactor of one access token.
type tokenRedactor struct {
	token string
	r     *redactor
}

// redactorFor returns the redactor of token, made once per token rather than
// once per answer.
func (c *Client) redactorFor(token string) *redactor {
	if tr := c.redact.Load(); tr != nil && tr.token == token {
		return tr.r
	}
	tr := &tokenRedactor{token: token, r: newRedactor(token)}
	c.redact.Store(tr)
	return tr.r
}

// headerCorrelationID is the answer header that identifies a request in
// Help Scout's logs.
const headerCorrelationID = "Correlation-Id"

// readHeaders are the headers of an answer that the SDK reads, and so may
// keep (in an *APIError, the RateLimit state) or log: every other header
// is left alone.
var readHeaders = [...]string{headerCorrelationID, retry.HeaderRateLimit, retry.HeaderRateRemaining, retry.HeaderRateRetryAfter, retry.HeaderRetryAfter}

// answerHeaders returns the headers of h that the SDK reads, each value cut
// of r's secrets as a body is (every form the redactor knows), so that a
// server echoing the token in one puts it nowhere: a value that held a
// secret reads "[redacted]", and is then no number either. When no value
// held one, h itself is returned: only those headers are read from it.
func answerHeaders(h http.Header, r *redactor) http.Header {
	var out http.Header
	for i, k := range readHeaders {
		for j, v := range h[k] {
			cut := r.field(v)
			if cut == v && out == nil {
				continue
			}
			if out == nil { // the first value that held a secret: copy what came before
				out = make(http.Header, len(readHeaders))
				for _, before := range readHeaders[:i] {
					out[before] = h[before]
				}
				out[k] = append([]string(nil), h[k][:j]...)
			}
			out[k] = append(out[k], cut)
		}
	}
	if out == nil {
		return h
	}
	return out
}

// settings collects the options before New checks them.
type settings struct {
	baseURL      string
	tokenURL     string
	hc           *http.Client
	userAgent    string
	now          func() time.Time
	logger       *slog.Logger
	maxRetries   int
	backoffBase  time.Duration
	backoffMax   time.Duration
	maxRetryWait time.Duration
	perMinute    int
	burst        int
	prefetch     int
	wraps        []func(http.RoundTripper) http.RoundTripper
	errs         []error
}

// Option configures a Client in New.
type Option func(*settings)

// WithBaseURL sets the API root (default DefaultBaseURL). It must be https,
// or http on a loopback host (127.0.0.1, ::1, localhost) for tests, so that
// credentials never travel unencrypted. A path prefix is kept.
func WithBaseURL(root string) Option { return func(s *settings) { s.baseURL = root } }

// WithTokenURL sets the OAuth2 token endpoint (default <root>/v2/oauth2/token),
// with the same https rule as WithBaseURL.
func WithTokenURL(u string) Option { return func(s *settings) { s.tokenURL = u } }

// WithHTTPClient sets the HTTP client for report and token requests. The
// client is copied, not changed: the copy refuses cross-host redirects so
// that the bearer token never follows one. Its Timeout, if any, bounds each
// attempt, and an attempt that times out is retried like a network error.
// To watch the requests (count, time, trace them) rather than change how
// they are sent, keep the default client and use WithTransportWrapper.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) {
		if hc == nil {
			s.errs = append(s.errs, errors.New("WithHTTPClient: nil client"))
		}
		s.hc = hc
	}
}

// WithTransportWrapper wraps the transport of the client's HTTP client, to
// watch its requests (count them, time them, trace them) without replacing
// the client: wrap is given the transport the client sends with and returns
// the RoundTripper to send with instead, which passes each request on to
// it. Whatever the wrapper does, the client's own transport still sends:
// the default client's connection cap (16 per host) and per-attempt timeout
// (DefaultAttemptTimeout, the http.Client's Timeout) stay, as do the SDK's
// pacing, retries and refusal of cross-host redirects, which sit above the
// transport.
//
//	counter := &countingTransport{} // a RoundTripper of yours with a next field
//	client, err := reports.New(id, secret, reports.WithTransportWrapper(func(next http.RoundTripper) http.RoundTripper {
//		counter.next = next
//		return counter
//	}))
//
// With WithHTTPClient it wraps that client's Transport (http.DefaultTransport
// when nil) in the SDK's copy of the client, keeping its Timeout; the
// client given is not changed. Several wrappers apply in the order given,
// each around the one before, so the last one given sees a request first.
// CloseIdleConnections reaches the transport under the wrappers. New calls
// wrap once; a nil wrap, or a wrap that returns nil, is an error of New.
//
// The wrapper sees every request the client makes: report requests, each
// retry, and the token requests of New's client credentials. Their headers
// carry the bearer token and the token requests' bodies the client secret:
// a wrapper that logs must leave both out.
func WithTransportWrapper(wrap func(http.RoundTripper) http.RoundTripper) Option {
	return func(s *settings) {
		if wrap == nil {
			s.errs = append(s.errs, errors.New("WithTransportWrapper: nil wrapper"))
			return
		}
		s.wraps = append(s.wraps, wrap)
	}
}

// WithUserAgent appends ua to the SDK's own User-Agent, reports-go/<version>.
func WithUserAgent(ua string) Option { return func(s *settings) { s.userAgent = ua } }

// WithClock sets the clock that default date ranges are computed from
// (default time.Now). Tests use it to make defaults deterministic.
func WithClock(now func() time.Time) Option {
	return func(s *settings) {
		if now == nil {
			s.errs = append(s.errs, errors.New("WithClock: nil clock"))
		}
		s.now = now
	}
}

// WithLogger sets a logger for debug records of each attempt: method, path,
// status, duration, attempt, retry wait and remaining rate limit. Nothing is
// logged by default. No record holds a token, the secret or a token body.
func WithLogger(l *slog.Logger) Option { return func(s *settings) { s.logger = l } }

// WithMaxRetries sets how many times a failed call is retried (default
// DefaultMaxRetries; 0 disables retries). Retried are network errors (also an
// attempt that hit the HTTP client's Timeout) and the answers 429, 500, 502,
// 503 and 504; all report calls are GETs and safe to repeat. A 401 is not a
// retry: the token is renewed and the call replayed once, also with 0.
//
// Whatever n is, a 429 that says how long to wait (X-RateLimit-Retry-After
// or Retry-After) holds back every new call of the client until the wait is
// over, since the account's budget is spent for all of them; then the calls
// it turned away are sent before new ones.
func WithMaxRetries(n int) Option {
	return func(s *settings) {
		if n < 0 {
			s.errs = append(s.errs, fmt.Errorf("WithMaxRetries: %d is negative", n))
		}
		s.maxRetries = n
	}
}

// WithRetryBackoff sets the exponential backoff between retries: base·2^n with
// jitter, capped at max (defaults DefaultBackoffBase and DefaultBackoffMax).
// A 429's X-RateLimit-Retry-After or Retry-After wait is used instead when
// the API gives one, capped at DefaultMaxRetryWait.
func WithRetryBackoff(base, max time.Duration) Option {
	return func(s *settings) {
		if base < 0 || max < base {
			s.errs = append(s.errs, fmt.Errorf("WithRetryBackoff: need 0 <= base <= max, got %v and %v", base, max))
		}
		s.backoffBase, s.backoffMax = base, max
	}
}

// WithRateLimit paces the client's calls to stay under perMinute requests a
// minute (the account's limit; all users of an account share it). Calls are
// spread evenly, at 97% of the rate to absorb jitter, across all goroutines
// of the client, which take turns: a walk that fetches pages ahead
// (WithPrefetch) is one caller, not one per page. Off by default (0).
//
// The client also follows what the answers say of the account's budget,
// which other clients and processes spend too. While the API's
// X-RateLimit-Remaining-Minute is no more than the requests in flight, new
// requests wait for those answers; when it says the budget is spent, they
// wait until the API's fixed one-minute window has surely ended (a minute
// after the first answer of the window, or when a 429 said) rather than
// send a request the API would turn away. So several processes of one
// account, each told the account's full limit, share it with at most about
// one 429 a window between them.
func WithRateLimit(perMinute int) Option {
	return func(s *settings) {
		if perMinute < 0 {
			s.errs = append(s.errs, fmt.Errorf("WithRateLimit: %d is negative", perMinute))
		}
		s.perMinute = perMinute
	}
}

// WithRateLimitBurst lets up to n calls go at once, unpaced, when the rate
// limiter has been idle (default 1: every call is paced). The allowance
// refills at the paced rate: one call per interval of WithRateLimit, up to n.
//
// Use it for work that comes in bunches with idle time between, such as a
// metrics endpoint that refreshes 8 reports every 5 minutes: with
// WithRateLimit(30) and no burst the eighth report waits 14.4 s although the
// minute's budget is untouched; with WithRateLimitBurst(8) all eight go at
// once. Leave it at 1 for a steady bulk job, which gains nothing from it. A
// burst can spend more of a minute's budget than the even pace would; the
// client's remaining-budget gate still keeps it within what the API reports
// left. n must be at least 1 and at most the WithRateLimit limit, which it
// needs.
func WithRateLimitBurst(n int) Option {
	return func(s *settings) {
		if n < 1 {
			s.errs = append(s.errs, fmt.Errorf("WithRateLimitBurst: %d is less than 1", n))
		}
		s.burst = n
	}
}

// WithPrefetch lets the AllX iterators fetch up to n pages at once (default
// 1: one page at a time). Items are still yielded in page order, and every
// fetch goes through the client's pacing.
func WithPrefetch(n int) Option {
	return func(s *settings) {
		if n < 1 {
			s.errs = append(s.errs, fmt.Errorf("WithPrefetch: %d is less than 1", n))
		}
		s.prefetch = n
	}
}

// New returns a client for the app with these OAuth2 client credentials
// (the client-credentials flow, for internal integrations). It does no
// network I/O: the token is fetched on the first call (or by Token).
func New(clientID, clientSecret string, opts ...Option) (*Client, error) {
	var errs []error
	if clientID == "" {
		errs = append(errs, errors.New("client ID is empty"))
	}
	if clientSecret == "" {
		errs = append(errs, errors.New("client secret is empty"))
	}
	return newClient(errs, opts, func(s *settings, root string, hc *http.Client, logger *slog.Logger) tokenProvider {
		tokenURL := s.tokenURL
		if tokenURL == "" {
			tokenURL = root + "/v2/oauth2/token"
		}
		return newTokenCache(clientID, clientSecret, tokenURL, hc, logger)
	})
}

// NewWithTokenSource returns a client that sends the tokens of ts, for any
// OAuth2 flow: the authorization-code flow of an app that acts for other
// Help Scout accounts (oauth2.Config.TokenSource renews with the refresh
// token), a token kept in a database or shared by several processes. The
// client paces, retries, logs and reports errors as one made with New;
// WithTokenURL has no use here and is refused.
//
// ts is asked for a token before every request: it must be safe for
// concurrent use and should cache its token (wrap one that is not in
// oauth2.ReuseTokenSource). Its Token method takes no context and may block,
// so it is called once at a time: the calls that need a token while one
// call is in flight wait for its answer, each until its own context ends, and
// a source that hangs holds one goroutine, not one per call. When the API
// answers 401, ts is asked once more (once for all the calls refused with the
// same token within 5 seconds) and the call is replayed if it gives another
// token; otherwise the 401 is returned, matching ErrUnauthorized, and when
// ts failed the error wraps its error too. No token reaches an error or a
// log.
func NewWithTokenSource(ts oauth2.TokenSource, opts ...Option) (*Client, error) {
	var errs []error
	if ts == nil {
		errs = append(errs, errors.New("token source is nil"))
	}
	return newClient(errs, opts, func(s *settings, _ string, _ *http.Client, _ *slog.Logger) tokenProvider {
		if s.tokenURL != "" {
			s.errs = append(s.errs, errors.New("WithTokenURL: a client with a token source makes no token requests"))
		}
		return &sourceTokens{ts: ts}
	})
}

// newClient applies the options, checks them and the errors the constructor
// found, and builds the client around the tokens that tokens makes.
func newClient(errs []error, opts []Option, tokens func(s *settings, root string, hc *http.Client, logger *slog.Logger) tokenProvider) (*Client, error) {
	s := settings{
		baseURL:      DefaultBaseURL,
		hc:           defaultHTTPClient,
		now:          time.Now,
		maxRetries:   DefaultMaxRetries,
		backoffBase:  DefaultBackoffBase,
		backoffMax:   DefaultBackoffMax,
		maxRetryWait: DefaultMaxRetryWait,
		prefetch:     1,
		errs:         errs,
	}
	for i, o := range opts {
		if o == nil {
			s.errs = append(s.errs, fmt.Errorf("option %d is nil", i))
			continue
		}
		o(&s)
	}
	if s.burst > 1 && (s.perMinute == 0 || s.burst > s.perMinute) {
		s.errs = append(s.errs, fmt.Errorf("WithRateLimitBurst: %d needs WithRateLimit of at least %d", s.burst, s.burst))
	}
	root, err := checkURL("base URL", s.baseURL)
	if err != nil {
		s.errs = append(s.errs, err)
	}
	if s.tokenURL != "" {
		if s.tokenURL, err = checkURL("token URL", s.tokenURL); err != nil {
			s.errs = append(s.errs, err)
		}
	}
	hc := noCrossHostRedirects(s.hc)
	base := hc.Transport
	if len(s.wraps) > 0 {
		if base == nil {
			base = http.DefaultTransport
		}
		hc.Transport = base
		for _, wrap := range s.wraps {
			if hc.Transport = wrap(hc.Transport); hc.Transport == nil {
				s.errs = append(s.errs, errors.New("WithTransportWrapper: the wrapper gave a nil transport"))
				hc.Transport = base
				break
			}
		}
	}
	logger := s.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	tp := tokens(&s, root, hc, logger)
	if len(s.errs) > 0 {
		return nil, fmt.Errorf("reports: New: %w", errors.Join(s.errs...))
	}
	ua := userAgent()
	if s.userAgent != "" {
		ua += " " + s.userAgent
	}
	return &Client{
		root:         root,
		hc:           hc,
		base:         base,
		tokens:       tp,
		userAgent:    ua,
		now:          s.now,
		logger:       logger,
		maxRetries:   s.maxRetries,
		backoffBase:  s.backoffBase,
		backoffMax:   s.backoffMax,
		maxRetryWait: s.maxRetryWait,
		pacer:        pace.New(s.perMinute, s.burst),
		prefetch:     s.prefetch,
	}, nil
}

// checkURL parses an endpoint and refuses plain http unless the host is a
// loopback address. It returns the URL without a trailing slash.
func checkURL(what, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Opaque != "" {
		return "", fmt.Errorf("%s %q: want scheme://host[/path] with no user, query or fragment", what, u.Redacted())
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("%s %q: plain http is only allowed to a loopback host; use https", what, u.Redacted())
		}
	default:
		return "", fmt.Errorf("%s %q: scheme must be https", what, u.Redacted())
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// noCrossHostRedirects returns a copy of hc that refuses to follow a redirect
// to another host or scheme, so that the Authorization header cannot leak:
// net/http itself would send it on to the same host over plain http.
func noCrossHostRedirects(hc *http.Client) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && (req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme) {
			return fmt.Errorf("refused redirect from %s://%s to another host or scheme %s://%s",
				via[0].URL.Scheme, via[0].URL.Host, req.URL.Scheme, req.URL.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}

// Format prints the client without its credentials, whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) {
	if c.check() != nil {
		_, _ = io.WriteString(f, "reports.Client{unusable: not made with New}")
		return
	}
	fmt.Fprintf(f, "reports.Client{root: %s}", c.root)
}

// errZeroClient is the error of every call of a Client that New did not make.
var errZeroClient = errors.New("the zero Client cannot send requests: make one with reports.New or reports.NewWithTokenSource")

// check reports whether c was made by New or NewWithTokenSource.
func (c *Client) check() error {
	if c == nil || c.hc == nil {
		return errZeroClient
	}
	return nil
}

// Token returns the access token the next call would send, fetching one if
// none is cached, so that wrong credentials surface at start-up rather than
// on the first report. An *AuthError matching ErrUnauthorized means the
// credentials were refused.
func (c *Client) Token(ctx context.Context) (*oauth2.Token, error) {
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	tok, err := c.tokens.token(ctx)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	return tok, nil
}

// Now reads the clock that default date ranges are computed from (WithClock;
// time.Now by default), so that code under test takes "now" from the same
// clock as the client's defaults. A client of reportstest reads the fake's
// present; the zero Client reads time.Now.
func (c *Client) Now() time.Time {
	if c == nil || c.now == nil {
		return time.Now()
	}
	return c.now()
}

// CloseIdleConnections closes the connections of the client's HTTP
// transport that sit idle, as http.Client.CloseIdleConnections does (for
// example before a long pause, or when the client is no longer needed);
// connections in use are left alone, and later calls open new ones. The
// transport of the default HTTP client is shared by every Client made
// without WithHTTPClient, so their idle connections are closed too. It
// reaches the transport under WithTransportWrapper's wrappers.
func (c *Client) CloseIdleConnections() {
	if c.check() != nil {
		return
	}
	c.hc.CloseIdleConnections()
	if ci, ok := c.base.(interface{ CloseIdleConnections() }); ok && c.base != c.hc.Transport {
		ci.CloseIdleConnections() // under wrappers that do not pass it on
	}
}

// RateLimit is the rate-limit state the API last reported.
type RateLimit struct {
	Limit      int           // X-RateLimit-Limit-Minute: requests allowed a minute
	Remaining  int           // X-RateLimit-Remaining-Minute: requests left this minute
	RetryAfter time.Duration // X-RateLimit-Retry-After of the last 429, else 0
	Updated    time.Time     // when an answer last carried the headers; zero if none has
}

// RateLimit returns the rate-limit state of the last answer that reported it.
func (c *Client) RateLimit() RateLimit {
	if c == nil {
		return RateLimit{}
	}
	c.rlMu.Lock()
	defer c.rlMu.Unlock()
	return c.rl
}

// observe records the rate-limit headers of an answer and reports the
// remaining budget, if the answer said.
func (c *Client) observe(h http.Header, status int, retryAfter time.Duration) (remaining int, known bool) {
	lim, okL := headerInt(h, retry.HeaderRateLimit)
	rem, okR := headerInt(h, retry.HeaderRateRemaining)
	if !okL && !okR && status != http.StatusTooManyRequests {
		return 0, false
	}
	if okL {
		c.pacer.SetLimit(lim)
	}
	c.rlMu.Lock()
	if okL {
		c.rl.Limit = lim
	}
	if okR {
		c.rl.Remaining = rem
	}
	c.rl.RetryAfter = retryAfter
	c.rl.Updated = time.Now()
	c.rlMu.Unlock()
	return rem, okR
}

func headerInt(h http.Header, key string) (int, bool) {
	v := h[key]
	if len(v) == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v[0]))
	return n, err == nil
}

// Get calls any report path under the client's API root with any query and
// decodes the answer into out, through the same token, pacing, retries,
// errors and logging as the typed methods: for a report or a parameter the
// API has and the SDK does not know yet (e.g. the ratings reports'
// sortFieldRatings, which older docs name). out is a non-nil pointer to
// any value encoding/json decodes into, a *json.RawMessage to keep the
// answer as it came, or nil to discard it; anything else is refused before
// any request.
//
// path is a path such as "/v2/reports/company", never a whole URL, so that
// the bearer token goes to the API's host only. It is refused before any
// request, with the reason, when it is not a clean absolute path: a host or
// scheme, a query or fragment, dot segments, doubled slashes, a trailing
// slash (no report path has one), a backslash or a control character, or a
// percent-encoded '/', '.', '\' or control character. Nothing is defaulted
// or validated in query; its values are sent as they are (lists
// comma-joined, dates as 2006-01-02T15:04:05Z).
func (c *Client) Get(ctx context.Context, path string, query url.Values, out any) error {
	if err := c.check(); err != nil {
		return fmt.Errorf("reports: GET %s: %w", shownPath(path), err)
	}
	escaped, err := checkPath(path)
	if err != nil {
		return fmt.Errorf("reports: GET %s: want an absolute path under the API root, such as /v2/reports/company: %w", shownPath(path), err)
	}
	if out == nil {
		out = &json.RawMessage{}
	} else if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("reports: GET %s: out must be a non-nil pointer (or nil to discard the answer), not %T", path, out)
	}
	full := c.root + escaped
	if len(query) > 0 {
		full += "?" + query.Encode()
	}
	return c.do(ctx, escaped, full, out)
}

// checkPath checks a path of Get and returns it escaped as it will be sent,
// or why it is refused.
func checkPath(path string) (string, error) {
	if path == "" {
		return "", errors.New("the path is empty")
	}
	if strings.ContainsFunc(path, unicode.IsControl) {
		return "", errControlInPath
	}
	u, err := url.Parse(path)
	if err != nil {
		return "", urlErrorCause(err)
	}
	p := u.Path
	switch {
	case u.Scheme != "" || u.Host != "" || u.Opaque != "" || strings.HasPrefix(path, "//"):
		return "", errors.New("it names a scheme or a host; give the path only")
	case !strings.HasPrefix(path, "/"):
		return "", errors.New("it does not start with /")
	case strings.ContainsAny(path, "?#"):
		return "", errors.New("it has a query or a fragment; pass the query as the query argument")
	case strings.ContainsFunc(p, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }):
		return "", errControlInPath
	case encodesSeparator(path):
		return "", errors.New("it percent-encodes a '/', '.' or '\\', which servers may read as another path")
	case strings.Contains(p, "//"):
		return "", errors.New("it has a doubled slash")
	case p != "/" && strings.HasSuffix(p, "/") && pathpkg.Clean(p)+"/" == p:
		return "", errors.New("it ends with a slash; report paths have none (/v2/reports/company, not /v2/reports/company/)")
	case pathpkg.Clean(p) != p:
		return "", errors.New("it has dot segments (. or ..)")
	}
	return u.EscapedPath(), nil
}

var errControlInPath = errors.New("it holds a backslash or a control character (perhaps percent-encoded)")

// shownPath is path as an error shows it: with its control characters
// percent-encoded, so that the error stays one line.
func shownPath(path string) string {
	if !strings.ContainsFunc(path, unicode.IsControl) {
		return path
	}
	var b strings.Builder
	for _, r := range path {
		if !unicode.IsControl(r) {
			b.WriteRune(r)
			continue
		}
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// encodesSeparator reports whether path percent-encodes a character that
// separates or climbs path segments: '/', '.' or '\'.
func encodesSeparator(path string) bool {
	for i := 0; i+2 < len(path); i++ {
		if path[i] != '%' {
			continue
		}
		switch strings.ToLower(path[i+1 : i+3]) {
		case "2f", "2e", "5c":
			return true
		}
	}
	return false
}

// bufPool recycles the buffers that bodies are read into.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// get is the one request path every endpoint method goes through: encode the
// params (defaults from the client's clock), send with pacing and retries,
// decode into a new T.
func get[T any](ctx context.Context, c *Client, path string, p params) (*T, error) {
	return getAt[T](ctx, c, path, p, c.Now())
}

// getAt is get with now as the clock's reading: a walk reads the clock once,
// when it starts, so that every page asks for the same range.
func getAt[T any](ctx context.Context, c *Client, path string, p params, now time.Time) (*T, error) {
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("reports: GET %s: %w", path, err)
	}
	// The URL is built in one buffer: root, path, '?', query.
	b := make([]byte, 0, len(c.root)+len(path)+160)
	b = append(append(append(b, c.root...), path...), '?')
	b, err := appendParams(b, p, now)
	if err != nil {
		return nil, fmt.Errorf("reports: GET %s: %w", path, err)
	}
	if b[len(b)-1] == '?' { // no params to send
		b = b[:len(b)-1]
	}
	out := new(T)
	if err := c.do(ctx, path, string(b), out); err != nil {
		return nil, err
	}
	return out, nil
}

// attempt is the outcome of one try.
type attempt struct {
	err       error         // nil on success; without the "reports: GET path:" prefix
	api       *APIError     // the answer's error, made by this attempt; the only error a call writes to
	retryable bool          // whether another try may succeed
	wait      time.Duration // the server's requested wait, 0 for backoff
	status    int
	unsent    bool // the context ended before the pacer let the attempt go
}

// do sends GET u until it succeeds, fails for good, runs out of retries or
// the context is done, and decodes a success into out. Every error it
// returns starts with "reports: GET <path>:" and, after more than one
// attempt, says how many were made.
func (c *Client) do(ctx context.Context, path, u string, out any) error {
	var (
		replay   *oauth2.Token // the token to replay a 401 with
		hold     *pace.Hold    // while this call waits to retry a 429
		last     attempt       // the last attempt that was sent
		replayed bool
		retries  int
	)
	defer func() { hold.Release() }()
	for n := 1; ; n++ { // n counts the attempts
		start := time.Now()
		a, refused := c.try(ctx, path, u, out, hold, replay)
		hold.Release() // the retry is answered: priority is for that retry only
		hold, replay = nil, nil
		if a.unsent {
			// The context ended before the pacer let the attempt go: it is
			// none, and the last answer, if any, stays the call's error.
			n--
			c.log(ctx, path, u, a, n, start, 0)
			if n > 0 {
				return callError(path, last, n, a.err)
			}
			return callError(path, a, n, nil)
		}
		last = a
		if refused != nil && !replayed {
			// The API refused the token: replay once with a new one, if
			// there is one. This does not count as a retry.
			replayed = true
			tok, err := c.tokens.refused(ctx, refused)
			if tok != nil {
				c.log(ctx, path, u, a, n, start, 0)
				replay = tok
				continue
			}
			if err != nil {
				// Say both: what the API answered, and why no new token came.
				a.err = &renewError{api: a.api, err: err}
				a.retryable = tokenFailure(ctx, err).retryable
				last = a
			}
		}
		if a.err == nil || !a.retryable || retries >= c.maxRetries || ctx.Err() != nil {
			c.log(ctx, path, u, a, n, start, 0)
			return callError(path, a, n, nil)
		}
		wait := min(a.wait, c.maxRetryWait) // the server's wait, capped
		if wait == 0 {
			wait = retry.Backoff(retries, c.backoffBase, c.backoffMax)
		}
		c.log(ctx, path, u, a, n, start, wait)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			// The wait would outlive the call: fail now with the cause.
			return callError(path, a, n, nil)
		}
		if a.status == http.StatusTooManyRequests && a.wait > 0 {
			// Turned away by the rate limit, with a pause for all: go
			// before new calls when it ends, so that they cannot spend the
			// budget first.
			hold = c.pacer.Hold()
		}
		if pace.Sleep(ctx, wait) != nil {
			return callError(path, a, n, ctxError(ctx))
		}
		retries++
	}
}

// tokenFailure is the attempt that failed to get a token: retried when the
// token endpoint failed for a while (a 5xx, a 429, the network).
func tokenFailure(ctx context.Context, err error) attempt {
	var ae *AuthError
	retryable := errors.As(err, &ae) && (retry.Status(ae.StatusCode) || ae.StatusCode == 0 && retry.Network(ctx, ae.Err))
	return attempt{err: err, retryable: retryable}
}

// callError gives a, a call's last attempt, the form of every error of a
// call: "reports: GET <path>: ..." and, after more than one attempt, how
// many. An *APIError formats itself and is returned as it is. waited is the
// context's error when the call ended while waiting to retry (or for the
// pacer to let the retry go).
//
// Only a.api, the *APIError the attempt made, is written to: a.err may hold
// errors the SDK did not make (a context's cause, a token source's error),
// which other goroutines may be reading.
func callError(path string, a attempt, attempts int, waited error) error {
	if a.err == nil {
		return nil
	}
	if a.api != nil {
		a.api.Attempts = attempts
	}
	switch {
	case waited != nil:
		return &waitError{path: path, err: waited, last: a.err}
	case a.api != nil && a.err == error(a.api):
		return a.api
	case a.api != nil || attempts <= 1: // a renewError says its attempts itself
		return fmt.Errorf("reports: GET %s: %w", path, a.err)
	}
	return fmt.Errorf("reports: GET %s: %w after %d attempts", path, a.err, attempts)
}

// renewError is a 401 answer that no new token could replay: it matches
// both the answer (ErrUnauthorized) and the failure to get another token.
type renewError struct {
	api *APIError
	err error
}

func (e *renewError) Error() string {
	return e.api.detail() + "; asking for a new token: " + e.err.Error()
}

func (e *renewError) Unwrap() []error { return []error{e.api, e.err} }

// ctxError is the error of a call whose context ended: it matches the
// context's error (context.Canceled or context.DeadlineExceeded) and, when
// the context was ended with a cause (context.WithCancelCause,
// signal.NotifyContext, an errgroup), wraps the cause too. The cause is
// wrapped, never returned as the call's own error nor written to: it may be
// another call's error.
func ctxError(ctx context.Context) error {
	err := ctx.Err()
	if cause := context.Cause(ctx); cause != nil && cause != err {
		return fmt.Errorf("%w: %w", err, cause)
	}
	return err
}

// try makes one attempt, with replay as the token when it is not nil; hold
// is the pacer's Hold of a call that retries a 429. When the API answers 401
// it also returns the token it refused, so that do can renew it and replay.
func (c *Client) try(ctx context.Context, path, u string, out any, hold *pace.Hold, replay *oauth2.Token) (attempt, *oauth2.Token) {
	if err := c.pacer.Wait(ctx, hold); err != nil {
		if ctx.Err() != nil {
			err = ctxError(ctx)
		}
		return attempt{err: err, unsent: true}, nil
	}
	remaining, known := 0, false
	defer func() { c.pacer.Done(remaining, known) }()

	tok := replay
	if tok == nil {
		var err error
		if tok, err = c.tokens.token(ctx); err != nil {
			return tokenFailure(ctx, err), nil
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return attempt{err: err}, nil
	}
	req.Header = http.Header{
		"Authorization": {"Bearer " + tok.AccessToken},
		"Accept":        {"application/json"},
		"User-Agent":    {c.userAgent},
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			// net/http returns the context's cause, which may be any error,
			// even another call's.
			return attempt{err: ctxError(ctx)}, nil
		}
		return attempt{err: sanitizeError(urlErrorCause(err), nil), retryable: retry.Network(ctx, err)}, nil
	}
	atEOF := false // the body was read to its end: nothing left to drain
	defer func() {
		if atEOF {
			_ = resp.Body.Close()
		} else {
			drain(resp.Body)
		}
	}()

	r := c.redactorFor(tok.AccessToken)
	header := answerHeaders(resp.Header, r)
	var wait time.Duration
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		if d, ok := retry.After(header, time.Now()); ok {
			wait = d
			if resp.StatusCode == http.StatusTooManyRequests {
				c.pacer.Pause(min(d, c.maxRetryWait))
			}
		}
	}
	remaining, known = c.observe(header, resp.StatusCode, wait)

	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 4<<20 { // keep the pool from holding huge buffers
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	buf.Reset()
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	limit := int64(maxErrorBody)
	if ok {
		limit = maxBody + 1
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, limit))
	if err != nil {
		if ctx.Err() != nil {
			return attempt{err: fmt.Errorf("reading the %d answer: %w", resp.StatusCode, ctxError(ctx)), status: resp.StatusCode}, nil
		}
		// A body cut off mid-read: the network failed, not the API.
		return attempt{err: fmt.Errorf("reading the %d answer: %w", resp.StatusCode, err),
			retryable: retry.Network(ctx, err), status: resp.StatusCode}, nil
	}
	atEOF = n < limit
	if !ok {
		apiErr := parseAPIError(http.MethodGet, path, resp.StatusCode, buf.Bytes(), tok.AccessToken)
		apiErr.RetryAfter = wait
		apiErr.CorrelationID = header.Get(headerCorrelationID)
		a := attempt{err: apiErr, api: apiErr, retryable: retry.Status(resp.StatusCode), wait: wait, status: resp.StatusCode}
		if resp.StatusCode == http.StatusUnauthorized {
			return a, tok
		}
		return a, nil
	}
	if buf.Len() > maxBody {
		return attempt{err: fmt.Errorf("the answer is larger than %d bytes", maxBody), status: resp.StatusCode}, nil
	}
	if bytes.Equal(bytes.TrimSpace(buf.Bytes()), []byte("null")) {
		// json would decode null into nothing: a zero result, no error.
		return attempt{err: errors.New("the answer is null, not a report"), status: resp.StatusCode}, nil
	}
	if err := decode(buf.Bytes(), out); err != nil {
		return attempt{err: sanitizeError(fmt.Errorf("decoding the answer: %w", err), r), status: resp.StatusCode}, nil
	}
	return attempt{status: resp.StatusCode}, nil
}

// urlErrorCause strips *url.Error's "Get <url>:" wrapper, whose URL repeats
// what the caller's message says, and keeps its cause.
func urlErrorCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// drain reads a little of what is left of a body so the connection can be
// reused, then closes it.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, drainCap)
	_ = body.Close()
}

// log writes a debug record of one attempt. It never logs headers.
func (c *Client) log(ctx context.Context, path, u string, a attempt, n int, start time.Time, wait time.Duration) {
	if !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	rl := c.RateLimit()
	attrs := []slog.Attr{
		slog.String("method", http.MethodGet),
		slog.String("path", path),
		slog.String("query", strings.TrimPrefix(u[len(c.root)+len(path):], "?")),
		slog.Int("status", a.status),
		slog.Duration("duration", time.Since(start)),
		slog.Int("attempt", n),
		slog.Duration("retry_wait", wait),
		slog.Int("ratelimit_remaining", rl.Remaining),
	}
	if a.err != nil {
		attrs = append(attrs, slog.String("error", sanitize(a.err.Error(), nil, maxErrorText)))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "reports: attempt", attrs...)
}
