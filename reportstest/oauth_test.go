package reportstest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// noRedirect is an HTTP client that returns redirects instead of following
// them, as a browser's address bar would show them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize follows the authorize URL of cfg and returns the code and state
// of the redirect.
func authorize(t *testing.T, cfg *oauth2.Config, state string) (code, gotState string) {
	t.Helper()
	resp, err := noRedirect.Get(cfg.AuthCodeURL(state))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "/callback", loc.Path)
	assert.Equal(t, "keep", loc.Query().Get("app"), "the redirect URL's own query stays")
	return loc.Query().Get("code"), loc.Query().Get("state")
}

// reportStatus calls a report with tok and returns the status.
func reportStatus(t *testing.T, srv *reportstest.Server, tok string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/v2/reports/company?"+dates, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, _ := do(t, req)
	return resp.StatusCode
}

// TestAuthorizationCodeFlow runs the flow of golang.org/x/oauth2 end to end:
// the authorize page, the exchange, a report call, and refreshes through
// the config's token source.
func TestAuthorizationCodeFlow(t *testing.T) {
	srv, _ := start(t)
	ctx := context.Background()
	cfg := srv.OAuth2Config("https://app.example/callback?app=keep")
	code, state := authorize(t, cfg, "st-123")
	assert.Equal(t, "st-123", state)
	require.NotEmpty(t, code)

	tok, err := cfg.Exchange(ctx, code)
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.RefreshToken)
	assert.Equal(t, "bearer", tok.TokenType)
	assert.WithinDuration(t, time.Now().Add(reportstest.DefaultTokenLifetime), tok.Expiry, time.Minute)
	assert.Equal(t, 200, reportStatus(t, srv, tok.AccessToken))

	_, err = cfg.Exchange(ctx, code)
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re, "a code is used once")
	assert.Equal(t, 400, re.Response.StatusCode)
	assert.Equal(t, "invalid_request", re.ErrorCode)

	tok.Expiry = time.Now().Add(-time.Second) // make the source refresh
	fresh, err := cfg.TokenSource(ctx, tok).Token()
	require.NoError(t, err)
	assert.NotEqual(t, tok.AccessToken, fresh.AccessToken)
	assert.NotEqual(t, tok.RefreshToken, fresh.RefreshToken, "refresh tokens rotate")
	assert.Equal(t, 200, reportStatus(t, srv, fresh.AccessToken))
	assert.Equal(t, 200, reportStatus(t, srv, tok.AccessToken), "the old access token lives its lifetime")

	_, err = cfg.TokenSource(ctx, tok).Token()
	require.ErrorAs(t, err, &re, "a used refresh token is refused")
	assert.Equal(t, 400, re.Response.StatusCode)
	assert.JSONEq(t, `{"error":"invalid_request","error_description":"Invalid refresh_token"}`, string(re.Body))

	for _, r := range srv.Requests() {
		s := fmt.Sprint(r)
		for _, secret := range []string{tok.AccessToken, tok.RefreshToken, fresh.RefreshToken, reportstest.ClientSecret} {
			assert.NotContains(t, s, secret, "no token or secret in the log")
		}
	}
}

// tokenGrant posts a grant with the client's credentials as form params.
func tokenGrant(t *testing.T, srv *reportstest.Server, params url.Values) (int, map[string]any) {
	t.Helper()
	params.Set("client_id", reportstest.ClientID)
	params.Set("client_secret", reportstest.ClientSecret)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/oauth2/token", nil)
	require.NoError(t, err)
	req.URL.RawQuery = params.Encode() // query params, as the API also takes them
	resp, body := do(t, req)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &v), body)
	return resp.StatusCode, v
}

// TestRefreshTokenRotation checks the refresh grant on the wire: each
// refresh token works once, each answer carries a new one, and ExpireTokens
// expires the access tokens but not the refresh tokens.
func TestRefreshTokenRotation(t *testing.T) {
	srv, _ := start(t)
	status, ans := tokenGrant(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {srv.AuthorizationCode()}})
	require.Equal(t, 200, status, ans)
	access, refresh := ans["access_token"].(string), ans["refresh_token"].(string)

	srv.ExpireTokens()
	assert.Equal(t, 401, reportStatus(t, srv, access), "access tokens of every grant expire")
	seen := map[string]bool{refresh: true}
	for range 3 {
		status, ans = tokenGrant(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
		require.Equal(t, 200, status, ans)
		next := ans["refresh_token"].(string)
		assert.False(t, seen[next], "a new refresh token every time")
		seen[next] = true
		assert.Equal(t, 200, reportStatus(t, srv, ans["access_token"].(string)))

		status, ans = tokenGrant(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
		assert.Equal(t, 400, status)
		assert.Equal(t, map[string]any{"error": "invalid_request", "error_description": "Invalid refresh_token"}, ans)
		refresh = next
	}

	for name, params := range map[string]url.Values{
		"unknown code":           {"grant_type": {"authorization_code"}, "code": {"nope"}},
		"no code":                {"grant_type": {"authorization_code"}},
		"refresh token as code":  {"grant_type": {"authorization_code"}, "code": {refresh}},
		"code as refresh token":  {"grant_type": {"refresh_token"}, "refresh_token": {srv.AuthorizationCode()}},
		"no refresh token":       {"grant_type": {"refresh_token"}},
		"unknown refresh token":  {"grant_type": {"refresh_token"}, "refresh_token": {"nope"}},
		"unknown grant":          {"grant_type": {"password"}},
		"client credentials too": {"grant_type": {"client_credentials"}},
	} {
		status, ans := tokenGrant(t, srv, params)
		if name == "client credentials too" {
			assert.Equal(t, 200, status)
			assert.NotContains(t, ans, "refresh_token", "client-credentials answers carry no refresh token")
			continue
		}
		assert.Equal(t, 400, status, name)
		assert.NotContains(t, ans, "access_token", name)
	}
}

// TestAuthorizationNeedsTheClient checks that the grants and the authorize
// page refuse another client.
func TestAuthorizationNeedsTheClient(t *testing.T) {
	srv, _ := start(t)
	cfg := srv.OAuth2Config("https://app.example/callback")
	cfg.ClientSecret = "guess"
	_, err := cfg.Exchange(context.Background(), srv.AuthorizationCode())
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 401, re.Response.StatusCode)
	assert.Equal(t, "invalid_client", re.ErrorCode)

	for name, q := range map[string]url.Values{
		"other client":        {"client_id": {"other"}, "redirect_uri": {"https://app.example/cb"}},
		"no redirect_uri":     {"client_id": {reportstest.ClientID}},
		"relative redirect":   {"client_id": {reportstest.ClientID}, "redirect_uri": {"/cb"}},
		"other response type": {"client_id": {reportstest.ClientID}, "redirect_uri": {"https://app.example/cb"}, "response_type": {"token"}},
	} {
		resp, err := noRedirect.Get(srv.URL + "/authentication/authorizeClientApplication?" + q.Encode())
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 400, resp.StatusCode, name)
		assert.Empty(t, resp.Header.Get("Location"), name)
	}
}
