package reports

import (
	"context"
	"errors"
	"net/http"
	"strings"
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
)

// tokenCache fetches access tokens with the client-credentials grant, lazily,
// one fetch at a time however many goroutines ask, and keeps the token until
// shortly before it expires or until the API refuses it.
//
// x/oauth2's ReuseTokenSource is not used: it keeps the context it was made
// with for every later fetch, and it cannot drop a token the API refused.
type tokenCache struct {
	cfg clientcredentials.Config
	hc  *http.Client

	mu       sync.Mutex
	tok      *oauth2.Token
	renewAt  time.Time
	inflight *tokenFetch
}

// tokenFetch is one token request that several callers may wait on.
type tokenFetch struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

func newTokenCache(clientID, clientSecret, tokenURL string, hc *http.Client) *tokenCache {
	return &tokenCache{
		cfg: clientcredentials.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			TokenURL:     tokenURL,
			// Set explicitly: the zero value auto-detects by retrying after
			// any error. The token endpoint takes form params.
			AuthStyle: oauth2.AuthStyleInParams,
		},
		hc: hc,
	}
}

// token returns a valid access token, fetching one when none is cached.
func (tc *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	tc.mu.Lock()
	if tc.tok != nil && time.Now().Before(tc.renewAt) {
		tok := tc.tok
		tc.mu.Unlock()
		return tok, nil
	}
	f := tc.inflight
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		tc.inflight = f
		go tc.fetch(context.WithoutCancel(ctx), f)
	}
	tc.mu.Unlock()

	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (tc *tokenCache) fetch(ctx context.Context, f *tokenFetch) {
	ctx, cancel := context.WithTimeout(ctx, tokenTimeout)
	defer cancel()
	ctx = context.WithValue(ctx, oauth2.HTTPClient, tc.hc)
	start := time.Now()
	tok, err := tc.cfg.Token(ctx)
	if err != nil {
		f.err = authError(err, tc.cfg.ClientSecret)
	} else if tok.AccessToken == "" {
		f.err = &AuthError{Description: "the token endpoint answered no access_token"}
	} else {
		f.tok = tok
	}

	tc.mu.Lock()
	if f.err == nil {
		tc.tok = tok
		tc.renewAt = renewTime(start, tok.Expiry)
	}
	tc.inflight = nil
	tc.mu.Unlock()
	close(f.done)
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

// invalidate drops the cached token if it is still the one the API refused,
// so that concurrent 401s lead to a single new fetch.
func (tc *tokenCache) invalidate(refused *oauth2.Token) {
	tc.mu.Lock()
	if tc.tok == refused {
		tc.tok = nil
	}
	tc.mu.Unlock()
}

// authError turns a token endpoint failure into an *AuthError that carries
// neither the secret nor the endpoint's raw body. The endpoint's error code
// and description are kept, with the secret cut out should it echo it.
func authError(err error, secret string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		redact := func(s string) string {
			if secret == "" { // New refuses empty credentials; be safe anyway
				return s
			}
			return strings.ReplaceAll(s, secret, "[redacted]")
		}
		ae := &AuthError{Code: redact(re.ErrorCode), Description: redact(re.ErrorDescription)}
		if re.Response != nil {
			ae.StatusCode = re.Response.StatusCode
		}
		return ae
	}
	return &AuthError{Err: err}
}
