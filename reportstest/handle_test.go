package reportstest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHandle checks that a test's handler answers a report path after the
// token check, rate limit and injected failures, and that it is logged.
func TestHandle(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	var called atomic.Int32
	srv.Handle("/v2/reports/company", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Custom", "yes")
		_, _ = fmt.Fprint(w, `{"current":{"customersHelped":42}}`)
	}))
	res, err := c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, 42.0, res.Current.CustomersHelped)
	assert.Equal(t, []int{200}, statuses(srv))

	resp, body := get(t, srv, c, "/v2/reports/company?whatever=1")
	assert.Equal(t, "yes", resp.Header.Get("X-Custom"))
	assert.NotEmpty(t, resp.Header.Get("Correlation-Id"))
	assert.NotEmpty(t, resp.Header.Get("X-RateLimit-Remaining-Minute"))
	assert.JSONEq(t, `{"current":{"customersHelped":42}}`, body, "no validation: the handler answers")

	noToken, err := http.NewRequest(http.MethodGet, srv.URL+"/v2/reports/company", nil)
	require.NoError(t, err)
	resp, _ = do(t, noToken)
	assert.Equal(t, 401, resp.StatusCode, "the token is checked first")
	srv.FailNext(1, http.StatusBadGateway)
	resp, _ = get(t, srv, c, "/v2/reports/company")
	assert.Equal(t, 502, resp.StatusCode, "injected failures come first")
	assert.Equal(t, int32(2), called.Load())

	srv.Handle("/v2/reports/company", nil)
	res, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	assert.NotEqual(t, 42.0, res.Current.CustomersHelped, "the fake answers again")
}

// TestHandleAnyPath checks handlers on paths the fake does not serve, on a
// report path it does not have, and on the token endpoint.
func TestHandleAnyPath(t *testing.T) {
	srv, c := start(t)
	srv.Handle("/v2/users/me", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/users/me", nil)
	require.NoError(t, err)
	resp, body := do(t, req)
	assert.Equal(t, http.StatusTeapot, resp.StatusCode, "no token needed outside the reports")
	assert.Empty(t, body)

	srv.Handle("/v2/reports/new-report", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	resp, body = get(t, srv, c, "/v2/reports/new-report")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, `{"ok":true}`, body)

	srv.Handle("/v2/oauth2/token", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	_, err = srv.Client(reports.WithMaxRetries(0)).Token(context.Background())
	require.Error(t, err)
	log := srv.Requests()
	assert.Equal(t, []int{418, 200, 200, 503}, []int{log[0].Status, log[1].Status, log[2].Status, log[3].Status}, "token, report, token")
}

// TestFailNextOnePath checks failures aimed at some paths: other paths are
// not touched, and a path's own failures come before those of every path.
func TestFailNextOnePath(t *testing.T) {
	srv, _ := start(t)
	once := srv.Client(reports.WithMaxRetries(0))
	ctx := context.Background()
	srv.FailNext(1, http.StatusServiceUnavailable, "/v2/reports/happiness", "/v2/reports/user")
	_, err := once.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err, "another path")
	var apiErr *reports.APIError
	_, err = once.GetHappiness(ctx, reports.HappinessParams{})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	_, err = once.GetHappiness(ctx, reports.HappinessParams{})
	require.NoError(t, err, "one failure on this path")
	_, err = once.GetUser(ctx, reports.UserParams{User: 100101})
	require.ErrorAs(t, err, &apiErr, "each path has its own")
	assert.Equal(t, 503, apiErr.StatusCode)

	srv.FailNext(1, http.StatusInternalServerError)
	srv.FailNext(1, http.StatusForbidden, "/v2/reports/company")
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	require.ErrorIs(t, err, reports.ErrForbidden, "the path's own first")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Access denied", apiErr.Message, "as the API says it")
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode, "then every path's")
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)

	srv.FailNext(1, http.StatusBadGateway, "/v2/reports/company")
	srv.FailNext(0, http.StatusBadGateway, "/v2/reports/company")
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err, "n <= 0 cancels")
	assert.Panics(t, func() { srv.FailNext(1, 500, "/company") }, "a path outside the reports")
}

// TestAnswerHeaders checks the Correlation-Id of every kind of answer, and
// the default rate-limit headers on the report answers.
func TestAnswerHeaders(t *testing.T) {
	srv, c := start(t)
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	srv.FailNext(1, http.StatusTooManyRequests, "/v2/reports/email")
	seen := map[string]bool{}
	for _, tc := range []struct {
		path, auth string
		status     int
	}{
		{"/v2/reports/company?" + dates, "Bearer " + tok.AccessToken, 200},
		{"/v2/reports/company?" + dates, "", 401},
		{"/v2/reports/company?" + dates + "&bogus=1", "Bearer " + tok.AccessToken, 400},
		{"/v2/reports/user?" + dates + "&user=7", "Bearer " + tok.AccessToken, 404},
		{"/v2/reports/email?" + dates, "Bearer " + tok.AccessToken, 429},
		{"/v2/nothing", "", 404},
	} {
		req, err := http.NewRequest(http.MethodGet, srv.URL+tc.path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", tc.auth)
		resp, body := do(t, req)
		require.Equal(t, tc.status, resp.StatusCode, tc.path)
		id := resp.Header.Get("Correlation-Id")
		require.NotEmpty(t, id, tc.path)
		assert.False(t, seen[id], "one id per answer")
		seen[id] = true
		log := srv.Requests()
		assert.Equal(t, id, log[len(log)-1].CorrelationID, "the log has it")
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/vnd.error") {
			var ve vndError
			require.NoError(t, json.Unmarshal([]byte(body), &ve))
			assert.Equal(t, id, ve.LogRef, "an error's logRef is its Correlation-Id")
		}
		if strings.HasPrefix(tc.path, "/v2/reports/") {
			assert.Equal(t, "10000000", resp.Header.Get("X-RateLimit-Limit-Minute"), tc.path)
			assert.NotEmpty(t, resp.Header.Get("X-RateLimit-Remaining-Minute"), tc.path)
		}
	}
	_, err = c.GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, reports.RateLimit{Limit: reportstest.DefaultRateLimit, Remaining: reportstest.DefaultRateLimit - 5}, withoutTime(c.RateLimit()),
		"the window counts the calls with a valid token: 200, 400, 404, 429 and this one")
}

// TestRequestHeaders checks that the log keeps the request headers with
// the Authorization redacted, and that it can be emptied.
func TestRequestHeaders(t *testing.T) {
	srv, c := start(t)
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/v2/reports/company?"+dates, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("X-Trace", "abc")
	do(t, req)
	req.Header.Set("Authorization", tok.AccessToken) // no scheme
	do(t, req)
	postToken(t, srv, "application/x-www-form-urlencoded", "grant_type=client_credentials", func(r *http.Request) {
		r.SetBasicAuth(reportstest.ClientID, reportstest.ClientSecret)
	})
	log := srv.Requests()
	require.Len(t, log, 4)
	assert.Empty(t, log[0].Header.Get("Authorization"), "the SDK's token request has the credentials in its body")
	assert.Equal(t, "Bearer [redacted]", log[1].Header.Get("Authorization"))
	assert.Equal(t, "abc", log[1].Header.Get("X-Trace"))
	assert.Equal(t, "[redacted]", log[2].Header.Get("Authorization"))
	assert.Equal(t, "Basic [redacted]", log[3].Header.Get("Authorization"))
	assert.NotContains(t, fmt.Sprint(log), tok.AccessToken)
	assert.NotContains(t, fmt.Sprint(log), reportstest.ClientSecret)

	log[1].Header.Set("X-Trace", "changed")
	assert.Equal(t, "abc", srv.Requests()[1].Header.Get("X-Trace"), "a copy")

	srv.ClearRequests()
	assert.Empty(t, srv.Requests())
	_, err = c.GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, []string{"/v2/reports/company"}, reportPaths(srv))
	assert.Equal(t, 2, srv.TokenRequests(), "the counters go on")
}
