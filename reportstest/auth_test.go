package reportstest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type tokenAnswer struct {
	AccessToken      string `json:"access_token"`
	TokenType        string `json:"token_type"`
	ExpiresIn        int    `json:"expires_in"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// postToken sends a token request built by build and decodes the answer.
func postToken(t *testing.T, srv *reportstest.Server, contentType, body string, build func(*http.Request)) (int, tokenAnswer) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/oauth2/token", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", contentType)
	if build != nil {
		build(req)
	}
	resp, raw := do(t, req)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var ta tokenAnswer
	require.NoError(t, json.Unmarshal([]byte(raw), &ta), raw)
	return resp.StatusCode, ta
}

// TestTokenEndpoint checks the client-credentials grant in each form the API
// takes, and its refusals.
func TestTokenEndpoint(t *testing.T) {
	srv, _ := start(t, reportstest.WithTokenLifetime(2*time.Hour))
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {reportstest.ClientID}, "client_secret": {reportstest.ClientSecret}}.Encode()
	basic := func(id, secret string) func(*http.Request) {
		return func(r *http.Request) { r.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret)) }
	}
	for _, tc := range []struct {
		name        string
		contentType string
		body        string
		build       func(*http.Request)
		status      int
		code        string
	}{
		{"form params", "application/x-www-form-urlencoded", form, nil, 200, ""},
		{"HTTP Basic", "application/x-www-form-urlencoded", "grant_type=client_credentials", basic(reportstest.ClientID, reportstest.ClientSecret), 200, ""},
		{"JSON", "application/json;charset=UTF-8", `{"grant_type":"client_credentials","client_id":"` + reportstest.ClientID + `","client_secret":"` + reportstest.ClientSecret + `"}`, nil, 200, ""},
		{"wrong secret", "application/x-www-form-urlencoded", strings.Replace(form, "secret=reportstest", "secret=guess", 1), nil, 401, "invalid_client"},
		{"wrong Basic secret", "application/x-www-form-urlencoded", "grant_type=client_credentials", basic(reportstest.ClientID, "guess"), 401, "invalid_client"},
		{"other grant", "application/x-www-form-urlencoded", strings.Replace(form, "client_credentials", "password", 1), nil, 400, "unsupported_grant_type"},
		{"malformed JSON", "application/json", `{"grant_type":`, nil, 400, "invalid_request"},
		{"query params", "", "", func(r *http.Request) { r.URL.RawQuery = form }, 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, ta := postToken(t, srv, tc.contentType, tc.body, tc.build)
			assert.Equal(t, tc.status, status)
			assert.Equal(t, tc.code, ta.Error)
			if tc.status == 200 {
				assert.NotEmpty(t, ta.AccessToken)
				assert.Equal(t, "bearer", ta.TokenType)
				assert.Equal(t, 7200, ta.ExpiresIn)
			} else {
				assert.Empty(t, ta.AccessToken)
				assert.NotEmpty(t, ta.ErrorDescription)
			}
		})
	}
	assert.Equal(t, 8, srv.TokenRequests())
	for _, r := range srv.Requests() {
		assert.Equal(t, "/v2/oauth2/token", r.Path)
		assert.Empty(t, r.Query, "the log keeps no credentials")
	}
}

// TestReportsNeedAValidToken checks the 401 answer of the API for a missing,
// unknown or malformed bearer token.
func TestReportsNeedAValidToken(t *testing.T) {
	srv, _ := start(t)
	for name, auth := range map[string]string{"none": "", "unknown": "Bearer nope", "basic": "Basic Zm9vOmJhcg==", "empty bearer": "Bearer "} {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/v2/reports/company?"+dates, nil)
			require.NoError(t, err)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			resp, body := do(t, req)
			assert.Equal(t, 401, resp.StatusCode)
			assert.JSONEq(t, `{"error_description":"The access token is invalid or has expired","error":"invalid_token"}`, body)
			assert.Contains(t, resp.Header.Get("WWW-Authenticate"), `error="invalid_token"`)
		})
	}
}

// TestWrongCredentialsThroughTheSDK checks that the SDK reports refused
// credentials as ErrUnauthorized without sending a report request.
func TestWrongCredentialsThroughTheSDK(t *testing.T) {
	srv, _ := start(t, reportstest.WithCredentials("my-id", "my-secret"))
	_, err := srv.Client().GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err, "Server.Client uses the credentials the server accepts")

	c, err := reports.New(reportstest.ClientID, reportstest.ClientSecret, reports.WithBaseURL(srv.URL), reports.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = c.GetCompany(context.Background(), reports.CompanyParams{})
	require.ErrorIs(t, err, reports.ErrUnauthorized)
	assert.NotContains(t, err.Error(), reportstest.ClientSecret)
	assert.Len(t, reportPaths(srv), 1, "only the first client reached a report")
}

// TestExpireTokens checks that expired tokens are refused and that the SDK
// fetches a new one and replays the call.
func TestExpireTokens(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	_, err := c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	srv.ExpireTokens()
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, 2, srv.TokenRequests())
	assert.Equal(t, []int{200, 401, 200}, statuses(srv))
}

// TestTokenLifetime moves the server's clock past a token's lifetime: the
// token is refused and the SDK renews it.
func TestTokenLifetime(t *testing.T) {
	clock := newFakeClock()
	srv, c := start(t, reportstest.WithClock(clock.Now), reportstest.WithTokenLifetime(time.Hour))
	ctx := context.Background()
	tok, err := c.Token(ctx)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Hour), tok.Expiry, time.Minute, "expires_in is the lifetime")

	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	clock.Advance(59 * time.Minute)
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, 1, srv.TokenRequests(), "still valid")

	clock.Advance(2 * time.Minute)
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, 2, srv.TokenRequests())
	assert.Equal(t, []int{200, 200, 401, 200}, statuses(srv))
}

// TestTokenLifetimeRoundedDown: expires_in never promises more than the
// server keeps, and a lifetime under a second gives tokens already expired.
func TestTokenLifetimeRoundedDown(t *testing.T) {
	srv, _ := start(t, reportstest.WithTokenLifetime(2500*time.Millisecond))
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {reportstest.ClientID}, "client_secret": {reportstest.ClientSecret}}.Encode()
	status, ta := postToken(t, srv, "application/x-www-form-urlencoded", form, nil)
	require.Equal(t, 200, status)
	assert.Equal(t, 2, ta.ExpiresIn)

	clock := newFakeClock()
	srv, c := start(t, reportstest.WithClock(clock.Now), reportstest.WithTokenLifetime(0))
	_, err := c.GetCompany(context.Background(), reports.CompanyParams{})
	require.ErrorIs(t, err, reports.ErrUnauthorized, "a token of no lifetime is refused, also after the renewal")
	assert.Equal(t, 2, srv.TokenRequests())
}
