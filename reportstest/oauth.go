package reportstest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"time"

	"golang.org/x/oauth2"
)

// The OAuth2 endpoints: the token endpoint with the client-credentials,
// authorization-code and refresh-token grants, and an authorize page that
// approves at once.

// Kinds of the single-use secrets in Server.oneTime.
const (
	kindCode    = "code"
	kindRefresh = "refresh"
)

// Authorization codes live CodeLifetime and at most MaxCodes of them wait
// to be exchanged at once: the authorize page gives one to any GET, without
// credentials, and the fake lives for a whole test run.
const (
	// CodeLifetime is how long an authorization code may wait to be
	// exchanged, by the server's clock (WithClock): ten minutes, the most
	// RFC 6749 recommends.
	CodeLifetime = 10 * time.Minute
	// MaxCodes is the most authorization codes waiting to be exchanged: a
	// new one beyond it makes the oldest invalid.
	MaxCodes = 1000
)

// oneTime is a single-use secret: an authorization code (with its expiry
// and PKCE challenge, if any) or a refresh token.
type oneTime struct {
	kind      string
	expires   time.Time // zero: never (refresh tokens)
	challenge string    // S256 code challenge the exchange must meet; "" for none
}

// AuthorizationCode returns a new authorization code, as Help Scout gives
// one when a user approves the app: the token endpoint exchanges it, once,
// within CodeLifetime, for an access token and a refresh token
// (grant_type=authorization_code with the client's credentials). Each
// refresh (grant_type=refresh_token) answers a new access token and a new
// refresh token, and refuses the used refresh token afterwards with 400
// {"error":"invalid_request", "error_description":"Invalid refresh_token"},
// as Help Scout does. At most MaxCodes codes wait at once: beyond, the
// oldest is dropped.
func (s *Server) AuthorizationCode() string { return s.newCode("") }

// newCode gives a code, bound to an S256 PKCE challenge unless it is "".
func (s *Server) newCode(challenge string) string {
	code := newToken()
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oneTime == nil {
		return code // closed
	}
	// Drop the codes used or expired from the front of the queue, then the
	// oldest while there are too many.
	for len(s.codeQueue) > 0 {
		c := s.codeQueue[0]
		sec, ok := s.oneTime[c]
		if ok && now.Before(sec.expires) && s.codes < MaxCodes {
			break
		}
		if ok {
			delete(s.oneTime, c)
			s.codes--
		}
		s.codeQueue[0] = ""
		s.codeQueue = s.codeQueue[1:]
	}
	if len(s.codeQueue) >= 2*MaxCodes { // mostly codes used amid the queue: compact it
		s.codeQueue = slices.DeleteFunc(slices.Clone(s.codeQueue), func(c string) bool { _, ok := s.oneTime[c]; return !ok })
	}
	s.codes++
	s.oneTime[code] = oneTime{kind: kindCode, expires: now.Add(CodeLifetime), challenge: challenge}
	s.codeQueue = append(s.codeQueue, code)
	return code
}

// OAuth2Config returns an *oauth2.Config for the authorization-code flow
// against the server: the credentials it accepts, its authorize page and
// token endpoint, and redirectURL. The authorize page approves at once: it
// redirects to the redirect_uri with a new code and the state, so that
// AuthCodeURL, a GET that follows (or reads) the redirect, and Exchange work
// end to end; cfg.TokenSource then refreshes with rotating refresh tokens.
func (s *Server) OAuth2Config(redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     s.clientID,
		ClientSecret: s.clientSecret,
		RedirectURL:  redirectURL,
		Endpoint: oauth2.Endpoint{
			AuthURL:   s.URL + authorizePath,
			TokenURL:  s.URL + tokenPath,
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// serveAuthorize is the authorize page of a user who approves the app: GET
// with client_id, redirect_uri (an absolute URL, required since the fake
// has no app settings to take it from), state and response_type=code, if
// given, and a PKCE code_challenge with code_challenge_method=S256, if
// given; it answers 302 to redirect_uri with code and state added. A code
// given with a challenge is exchanged only with its code_verifier.
func (s *Server) serveAuthorize(h http.Header, r *http.Request) (int, []byte) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	h.Set("Content-Type", "text/plain; charset=utf-8")
	switch {
	case r.Method != http.MethodGet:
		h.Set("Allow", http.MethodGet)
		return http.StatusMethodNotAllowed, []byte("Use GET")
	case q.Get("client_id") != s.clientID:
		return http.StatusBadRequest, []byte("Unknown client_id")
	case err != nil || !redirect.IsAbs():
		return http.StatusBadRequest, []byte("redirect_uri must be an absolute URL")
	case q.Has("response_type") && q.Get("response_type") != "code":
		return http.StatusBadRequest, []byte("response_type must be code")
	case q.Has("code_challenge") && q.Get("code_challenge_method") != "S256":
		return http.StatusBadRequest, []byte("code_challenge_method must be S256")
	case q.Has("code_challenge") && len(q.Get("code_challenge")) != 43:
		return http.StatusBadRequest, []byte("code_challenge must be a base64url SHA-256")
	}
	v := redirect.Query()
	v.Set("code", s.newCode(q.Get("code_challenge")))
	if q.Has("state") {
		v.Set("state", q.Get("state"))
	}
	redirect.RawQuery = v.Encode()
	h.Set("Location", redirect.String())
	return http.StatusFound, []byte{}
}

// tokenForm is a token request's parameters.
type tokenForm struct {
	grant, id, secret, code, refresh, verifier string
}

// serveToken is the OAuth2 token endpoint: the client_credentials,
// authorization_code and refresh_token grants, with the parameters as form
// params, query params or JSON, and the client credentials in them or in
// HTTP Basic.
func (s *Server) serveToken(h http.Header, r *http.Request) (int, []byte) {
	s.mu.Lock()
	s.tokenCalls++
	s.mu.Unlock()
	h.Set("Content-Type", "application/json")
	if r.Method != http.MethodPost {
		h.Set("Allow", http.MethodPost)
		return oauthError(http.StatusMethodNotAllowed, "invalid_request", "Use POST")
	}
	f, err := tokenRequest(r)
	switch {
	case err != nil:
		return oauthError(http.StatusBadRequest, "invalid_request", err.Error())
	case f.grant != "client_credentials" && f.grant != "authorization_code" && f.grant != "refresh_token":
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "Supported grants: client_credentials, authorization_code, refresh_token")
	case f.id != s.clientID || f.secret != s.clientSecret:
		return oauthError(http.StatusUnauthorized, "invalid_client", "Client authentication failed")
	case f.grant == "authorization_code":
		switch sec, ok := s.use(kindCode, f.code); {
		case !ok:
			return oauthError(http.StatusBadRequest, "invalid_request", "Invalid authorization code")
		case sec.challenge != "" && s256(f.verifier) != sec.challenge:
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid code_verifier")
		}
	case f.grant == "refresh_token":
		if _, ok := s.use(kindRefresh, f.refresh); !ok {
			return oauthError(http.StatusBadRequest, "invalid_request", "Invalid refresh_token")
		}
	}
	return s.issue(f.grant != "client_credentials")
}

// use takes a single-use secret of kind: it reports whether it was valid
// (not expired), and it is not any more. An authorization code is taken
// even when its verifier turns out wrong.
func (s *Server) use(kind, secret string) (oneTime, bool) {
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.oneTime[secret]
	if secret == "" || !ok || sec.kind != kind {
		return oneTime{}, false
	}
	delete(s.oneTime, secret)
	if kind == kindCode {
		s.codes--
	}
	if !sec.expires.IsZero() && !now.Before(sec.expires) {
		return oneTime{}, false
	}
	return sec, true
}

// s256 is the S256 PKCE challenge of verifier (RFC 7636 4.2).
func s256(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// issue answers a new access token and, with refresh, a new refresh token;
// client-credentials answers carry none, as the API's.
func (s *Server) issue(refresh bool) (int, []byte) {
	tok := newToken()
	now := s.clock()
	ans := map[string]any{
		"access_token": tok,
		"token_type":   "bearer",
		// Rounded down, so that a client that trusts it never uses a token
		// the server has dropped.
		"expires_in": max(1, int64(s.lifetime/time.Second)),
	}
	s.mu.Lock()
	for t, exp := range s.tokens {
		if !now.Before(exp) {
			delete(s.tokens, t)
		}
	}
	s.tokens[tok] = now.Add(s.lifetime)
	if refresh {
		rt := newToken()
		if s.oneTime != nil {
			s.oneTime[rt] = oneTime{kind: kindRefresh}
		}
		ans["refresh_token"] = rt
	}
	s.mu.Unlock()
	body, _ := json.Marshal(ans)
	return http.StatusOK, body
}

// tokenRequest reads the grant, the client credentials, and the code or
// refresh token.
func tokenRequest(r *http.Request) (tokenForm, error) {
	var f tokenForm
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var b struct {
			GrantType    string `json:"grant_type"`
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
			Code         string `json:"code"`
			RefreshToken string `json:"refresh_token"`
			CodeVerifier string `json:"code_verifier"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16)).Decode(&b); err != nil {
			return f, fmt.Errorf("malformed JSON body")
		}
		f = tokenForm{b.GrantType, b.ClientID, b.ClientSecret, b.Code, b.RefreshToken, b.CodeVerifier}
	} else {
		if err := r.ParseForm(); err != nil {
			return f, fmt.Errorf("malformed form body")
		}
		// Form params, or query params as the API also takes them.
		f = tokenForm{r.FormValue("grant_type"), r.FormValue("client_id"), r.FormValue("client_secret"), r.FormValue("code"), r.FormValue("refresh_token"), r.FormValue("code_verifier")}
	}
	if u, p, ok := r.BasicAuth(); ok {
		// RFC 6749 2.3.1: both are form-encoded before Basic encoding.
		f.id, _ = url.QueryUnescape(u)
		f.secret, _ = url.QueryUnescape(p)
	}
	return f, nil
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
