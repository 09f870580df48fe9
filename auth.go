package reports

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

const (
	// tokenTimeout bounds one token request, which runs detached from the
	// callers waiting on it so that one caller's cancellation does not fail
	// the others.
	tokenTimeout = 30 * time.Second
	// maxRenewMargin is how long before expiry a token is renewed at most;
	// short-lived tokens are renewed when a tenth of their life is left.
	maxRenewMargin = time.Minute
	// renewRetryGap is how long a failed early renewal waits before the
	// next call tries again, so that a failing token endpoint is not asked
	// on every call while the cached token lasts.
	renewRetryGap = 5 * time.Second
)

// tokenProvider gives the access tokens of report requests. There are two:
// tokenCache (client credentials, New) and sourceTokens (the caller's
// oauth2.TokenSource, NewWithTokenSource).
type tokenProvider interface {
	// token returns the token to send.
	token(ctx context.Context) (*oauth2.Token, error)
	// refused is told that the API answered 401 to tok. It returns the token
	// to replay the call with, or nil when there is none and the 401 stands.
	refused(ctx context.Context, tok *oauth2.Token) (*oauth2.Token, error)
}

// tokenCache fetches access tokens with the client-credentials grant, lazily,
// one fetch at a time however many goroutines ask, and keeps the token until
// it expires or the API refuses it. When a tenth of its life (at most a
// minute) is left, the next call renews it in the background and goes on with
// the cached token; a call blocks on a fetch only when no valid token is left.
//
// x/oauth2's ReuseTokenSource is not used: it keeps the context it was made
// with for every later fetch, it cannot drop a token the API refused, and it
// renews only once the token has expired, blocking every caller.
type tokenCache struct {
	cfg    clientcredentials.Config
	hc     *http.Client
	logger *slog.Logger

	mu       sync.Mutex
	tok      *oauth2.Token
	renewAt  time.Time // when to start renewing tok in the background
	inflight *tokenFetch
}

// tokenFetch is one token request that several callers may wait on.
type tokenFetch struct {
	done  chan struct{}
	tok   *oauth2.Token
	err   error
	ended time.Time // when it ended; zero while in flight (sourceTokens: guarded by its mu)
}

func newTokenFetch() *tokenFetch { return &tokenFetch{done: make(chan struct{})} }

// wait returns the fetch's answer, or the context's error as soon as it is
// done: the fetch goes on for the other callers.
func (f *tokenFetch) wait(ctx context.Context) (*oauth2.Token, error) {
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, ctxError(ctx)
	}
}

func newTokenCache(clientID, clientSecret, tokenURL string, hc *http.Client, logger *slog.Logger) *tokenCache {
	return &tokenCache{
		cfg: clientcredentials.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			TokenURL:     tokenURL,
			// Set explicitly: the zero value auto-detects by retrying after
			// any error. The token endpoint takes form params.
			AuthStyle: oauth2.AuthStyleInParams,
		},
		hc:     hc,
		logger: logger,
	}
}

// usable reports whether tok may still be sent at now.
func usable(tok *oauth2.Token, now time.Time) bool {
	return tok != nil && (tok.Expiry.IsZero() || now.Before(tok.Expiry))
}

// token returns a valid access token. It fetches one, and waits for it, only
// when none is cached or the cached one has expired; when the cached one is
// due for renewal it starts the renewal and returns the cached one.
func (tc *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	now := time.Now()
	tc.mu.Lock()
	if usable(tc.tok, now) {
		tok := tc.tok
		if !now.Before(tc.renewAt) && tc.inflight == nil {
			tc.startFetch(ctx, true)
		}
		tc.mu.Unlock()
		return tok, nil
	}
	f := tc.inflight
	if f == nil {
		f = tc.startFetch(ctx, false)
	}
	tc.mu.Unlock()

	return f.wait(ctx)
}

// startFetch starts a token request detached from ctx's cancellation; tc.mu
// must be held. An early renewal (early is true) that fails is logged, and
// the next call after renewRetryGap tries again.
func (tc *tokenCache) startFetch(ctx context.Context, early bool) *tokenFetch {
	f := newTokenFetch()
	tc.inflight = f
	go func() {
		start := time.Now()
		f.tok, f.err = tc.fetch(context.WithoutCancel(ctx))
		tc.mu.Lock()
		if f.err == nil {
			tc.tok = f.tok
			tc.renewAt = renewTime(start, f.tok.Expiry)
		} else if early {
			tc.renewAt = time.Now().Add(renewRetryGap)
		}
		tc.inflight = nil
		tc.mu.Unlock()
		close(f.done)
		if f.err != nil && early {
			tc.logger.LogAttrs(ctx, slog.LevelWarn, "reports: early token renewal failed; the cached token is used until it expires",
				slog.String("error", f.err.Error()))
		}
	}()
	return f
}

// fetch makes one token request. A body cut off mid-read is reported as the
// read error itself: x/oauth2 formats it into a string, which would hide
// from the retry policy that the network failed.
func (tc *tokenCache) fetch(ctx context.Context) (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(ctx, tokenTimeout)
	defer cancel()
	rec := &bodyErrors{rt: tc.hc.Transport}
	hc := *tc.hc
	hc.Transport = rec
	tok, err := tc.cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, &hc))
	switch {
	case err != nil && rec.err != nil:
		return nil, &AuthError{Err: rec.err}
	case err != nil:
		return nil, authError(err, tc.cfg.ClientSecret)
	case tok.AccessToken == "":
		return nil, &AuthError{Description: "the token endpoint answered no access_token"}
	}
	return tok, nil
}

// refused drops tok if it is still the cached one, so that concurrent 401s
// lead to a single new fetch, and returns the new token.
func (tc *tokenCache) refused(ctx context.Context, tok *oauth2.Token) (*oauth2.Token, error) {
	tc.mu.Lock()
	if tc.tok == tok {
		tc.tok = nil
	}
	tc.mu.Unlock()
	return tc.token(ctx)
}

// renewTime is when a token fetched at start and expiring at expiry should be
// renewed: a tenth of its life early, at most maxRenewMargin early.
func renewTime(start, expiry time.Time) time.Time {
	if expiry.IsZero() {
		return start.Add(100 * 365 * 24 * time.Hour) // no expiry: keep until refused
	}
	margin := min(expiry.Sub(start)/10, maxRenewMargin)
	return expiry.Add(-margin)
}

// bodyErrors is a RoundTripper that remembers the first error met while
// reading a response body (io.EOF aside). One is made per token request.
type bodyErrors struct {
	rt  http.RoundTripper // nil means http.DefaultTransport
	mu  sync.Mutex
	err error
}

func (b *bodyErrors) RoundTrip(req *http.Request) (*http.Response, error) {
	rt := b.rt
	if rt == nil {
		rt = http.DefaultTransport
	}
	resp, err := rt.RoundTrip(req)
	if err == nil {
		resp.Body = &recordingBody{ReadCloser: resp.Body, b: b}
	}
	return resp, err
}

type recordingBody struct {
	io.ReadCloser
	b *bodyErrors
}

func (r *recordingBody) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		r.b.mu.Lock()
		if r.b.err == nil {
			r.b.err = err
		}
		r.b.mu.Unlock()
	}
	return n, err
}

// sourceTokens gives the tokens of a caller's oauth2.TokenSource. The source
// is asked for every request (oauth2.Transport does the same; sources cache
// their token), from many goroutines at once, but never twice at a time:
// Token takes no context and may block, so one call to it is in flight at
// most, on one goroutine, and every caller that needs a token meanwhile
// waits for its answer, or for its own context, and returns when that ends.
type sourceTokens struct {
	ts oauth2.TokenSource

	mu   sync.Mutex
	cur  *tokenFetch // the call of Token in flight, if any
	next *tokenFetch // a call to make when cur ends: a fresh answer after a 401
	last *reask      // the latest question after a 401
}

// reask is the source asked once more after the API refused a token; the
// callers refused with the same token while it is in flight, or within
// renewRetryGap of its answer, share it. A later refusal asks again, so
// that a failure of the source is not remembered for ever and the source is
// asked at most once per renewRetryGap for the same refused token.
type reask struct {
	refused string // the refused access token
	f       *tokenFetch
}

func (s *sourceTokens) token(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	f := s.cur
	if f == nil {
		f = newTokenFetch()
		s.start(f)
	}
	s.mu.Unlock()
	return f.wait(ctx)
}

// fresh returns a call of the source that starts now, or as soon as the one
// in flight (which may answer what the source had before) ends. s.mu must be
// held.
func (s *sourceTokens) fresh() *tokenFetch {
	if s.cur == nil {
		f := newTokenFetch()
		s.start(f)
		return f
	}
	if s.next == nil {
		s.next = newTokenFetch()
	}
	return s.next
}

// start makes f the call in flight and runs it on a goroutine, which then
// runs the call queued in next, if any. s.mu must be held.
func (s *sourceTokens) start(f *tokenFetch) {
	s.cur = f
	go func() {
		for f != nil {
			tok, err := s.ask()
			s.mu.Lock()
			f.tok, f.err, f.ended = tok, err, time.Now()
			done := f.done
			f, s.cur, s.next = s.next, s.next, nil
			s.mu.Unlock()
			close(done)
		}
	}()
}

// ask calls the source and checks its answer.
func (s *sourceTokens) ask() (*oauth2.Token, error) {
	tok, err := s.ts.Token()
	switch {
	case err != nil:
		return nil, authError(err, "")
	case tok == nil || tok.AccessToken == "":
		return nil, &AuthError{Description: "the token source gave no access token"}
	}
	return tok, nil
}

// refused asks the source once more, once for all the callers refused with
// the same token (see reask), and returns the answer if it is another token.
func (s *sourceTokens) refused(ctx context.Context, tok *oauth2.Token) (*oauth2.Token, error) {
	s.mu.Lock()
	r := s.last
	if r == nil || r.refused != tok.AccessToken || !r.f.ended.IsZero() && time.Since(r.f.ended) >= renewRetryGap {
		r = &reask{refused: tok.AccessToken, f: s.fresh()}
		s.last = r
	}
	s.mu.Unlock()
	got, err := r.f.wait(ctx)
	if err != nil {
		return nil, err
	}
	if got.AccessToken == r.refused {
		return nil, nil
	}
	return got, nil
}

// authError turns a token endpoint failure into an *AuthError that carries
// neither the secret nor the endpoint's raw body. The endpoint's error code
// and description are kept, with the secret cut out should it echo it. A
// network failure keeps its cause without *url.Error's "Post <url>:".
func authError(err error, secret string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		r := newRedactor(secret) // every encoded form of it too
		ae := &AuthError{Code: r.field(re.ErrorCode), Description: r.field(re.ErrorDescription)}
		if re.Response != nil {
			ae.StatusCode = re.Response.StatusCode
		}
		return ae
	}
	var ae *AuthError
	if errors.As(err, &ae) {
		return ae
	}
	return &AuthError{Err: urlErrorCause(err)}
}
