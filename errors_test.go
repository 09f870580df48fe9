package reports

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"net"
	"syscall"
)

// sentinels are the errors an *APIError may match.
var sentinels = map[int]error{
	http.StatusUnauthorized:    ErrUnauthorized,
	http.StatusForbidden:       ErrForbidden,
	http.StatusNotFound:        ErrNotFound,
	http.StatusTooManyRequests: ErrRateLimited,
}

// answerWith is a report handler that always answers status with body.
func answerWith(status int, contentType, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// checkErrorText checks what every error of a report call must say and
// must not say.
func checkErrorText(t *testing.T, err error, path string, status int) {
	t.Helper()
	msg := err.Error()
	assert.Contains(t, msg, "GET "+path)
	if status != 0 {
		assert.Contains(t, msg, strconv.Itoa(status))
	}
	for _, secret := range []string{testClientSecret, testToken} {
		assert.NotContains(t, msg, secret)
		assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), secret)
	}
}

const vndError = `{
  "logRef": "64bb72b4-0a92-11e8-ba89-0ed5f89f718b#1234",
  "message": "Bad request",
  "_embedded": {
    "errors": [
      {"path": "start", "message": "Malformed date", "source": "QUERY",
       "_links": {"about": {"href": "http://developer.helpscout.net/mailbox-api/overview/errors#MalformedDate"}}},
      {"path": "viewBy", "message": "Expected one of these: 'day', 'week', 'month'", "rejectedValue": "quarter", "source": "QUERY",
       "_links": {"self": {"href": "http://developer.helpscout.net/mailbox-api/overview/errors#EnumValue"}}},
      {"message": "Invalid number",
       "_embedded": {"errors": [
         {"path": "rows", "message": "must be less than or equal to 50", "rejectedValue": 51, "source": "QUERY"}
       ]}}
    ]
  },
  "_links": {"about": {"href": "http://developer.helpscout.net/mailbox-api/overview/errors"}}
}`

// TestAPIErrorDecoding: every error body the API is known to answer with
// decodes into an *APIError that matches its sentinel and no other.
func TestAPIErrorDecoding(t *testing.T) {
	huge := `{"message":"` + strings.Repeat("x", 2*maxErrorBody) + `"}`
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		status     int
		message    string
		logRef     string
		errors     []FieldError
		retryAfter time.Duration
		text       []string // in Error()
	}{
		{
			name:    "vnd.error with nested errors, both _links forms",
			handler: answerWith(400, "application/vnd.error+json", vndError),
			status:  400, message: "Bad request", logRef: "64bb72b4-0a92-11e8-ba89-0ed5f89f718b#1234",
			errors: []FieldError{
				{Path: "start", Message: "Malformed date", Source: "QUERY"},
				{Path: "viewBy", Message: "Expected one of these: 'day', 'week', 'month'", RejectedValue: "quarter", Source: "QUERY"},
				{Message: "Invalid number"},
				{Path: "rows", Message: "must be less than or equal to 50", RejectedValue: 51.0, Source: "QUERY"},
			},
			text: []string{"400 Bad Request", "start: Malformed date", "viewBy: Expected one of these", "(rejected quarter)",
				"rows: must be less than or equal to 50 (rejected 51)", "(logRef 64bb72b4-0a92-11e8-ba89-0ed5f89f718b#1234)"},
		},
		{
			name: "vnd.error with the older links array",
			handler: answerWith(500, "application/vnd.error+json",
				`{"logRef":"a1b2","message":"Internal error","links":[{"rel":"about","href":"http://developer.helpscout.net/"}]}`),
			status: 500, message: "Internal error", logRef: "a1b2",
			text: []string{"500 Internal Server Error: Internal error (logRef a1b2)"},
		},
		{
			name: "vnd.error with no embedded errors",
			handler: answerWith(403, "application/vnd.error+json",
				`{"logRef":"x-1","message":"Access denied","_embedded":{"errors":[]},"_links":{"self":{"href":"http://x/"}}}`),
			status: 403, message: "Access denied", logRef: "x-1",
			text: []string{"403 Forbidden: Access denied"},
		},
		{
			name: "OAuth-style 401 of a report route",
			handler: answerWith(401, "application/json",
				`{"error_description":"The access token is invalid or has expired","error":"invalid_token"}`,
				"Www-Authenticate", `Bearer realm="service" error="invalid_token"`),
			status: 401, message: "The access token is invalid or has expired",
			text: []string{"401 Unauthorized after 2 attempts: The access token is invalid or has expired"}, // refused, renewed, replayed, refused
		},
		{
			name:    "OAuth-style body with a code only",
			handler: answerWith(401, "application/json", `{"error":"invalid_token"}`),
			status:  401, message: "invalid_token",
		},
		{
			name:    "plain text",
			handler: answerWith(404, "text/plain", "Unknown URL\n"),
			status:  404, message: "Unknown URL",
			text: []string{"404 Not Found: Unknown URL"},
		},
		{
			name:    "empty body",
			handler: answerWith(403, "", ""),
			status:  403, message: "Forbidden",
			text: []string{"403 Forbidden"},
		},
		{
			name:    "429 with X-RateLimit-Retry-After",
			handler: answerWith(429, "application/json", `{"message":"API rate limit exceeded"}`, "X-Ratelimit-Retry-After", "7"),
			status:  429, message: "API rate limit exceeded", retryAfter: 7 * time.Second,
			text: []string{"429 Too Many Requests: API rate limit exceeded"},
		},
		{
			name:    "HTML error page",
			handler: answerWith(502, "text/html", "<html>\n  <body>\n    <h1>502 Bad Gateway</h1>\n  </body>\n</html>\n"),
			status:  502, message: "<html> <body> <h1>502 Bad Gateway</h1> </body> </html>",
		},
		{
			name:    "JSON that is not an object",
			handler: answerWith(500, "application/json", `["boom"]`),
			status:  500, message: `["boom"]`,
		},
		{
			name:    "broken JSON object",
			handler: answerWith(500, "application/json", `{"message": "cut off`),
			status:  500, message: `{"message": "cut off`,
		},
		{
			name:    "invalid UTF-8",
			handler: answerWith(500, "text/plain", "bad \xff\xfe bytes"),
			status:  500, message: "bad ? bytes",
		},
		{
			name:    "huge body: read up to the cap, message cut short",
			handler: answerWith(500, "application/json", huge),
			status:  500, message: `{"message":"` + strings.Repeat("x", maxMessage-len(`{"message":"`)),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newTestServer(t, tc.handler, WithMaxRetries(0))
			got, err := c.GetCompany(t.Context(), CompanyParams{})
			require.Error(t, err)
			assert.Nil(t, got)
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "GET", ae.Method)
			assert.Equal(t, "/v2/reports/company", ae.Path)
			assert.Equal(t, tc.status, ae.StatusCode)
			assert.Equal(t, tc.message, ae.Message)
			assert.Equal(t, tc.logRef, ae.LogRef)
			assert.Equal(t, tc.errors, ae.Errors)
			assert.Equal(t, tc.retryAfter, ae.RetryAfter)
			assert.LessOrEqual(t, len(ae.Message), maxMessage)
			for status, sentinel := range sentinels {
				assert.Equal(t, status == tc.status, errors.Is(err, sentinel), "errors.Is(err, %v)", sentinel)
			}
			assert.NotErrorIs(t, err, ErrInvalidParams)
			checkErrorText(t, err, "/v2/reports/company", tc.status)
			for _, s := range tc.text {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
}

// TestSentinelsPerStatus: each status matches its sentinel and only it, on
// a few endpoints, with no retries for 429 and 5xx.
func TestSentinelsPerStatus(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 429, 500, 502, 503, 504} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			s, c := newTestServer(t, answerWith(status, "application/json", `{"message":"nope"}`), WithMaxRetries(0))
			for _, tc := range allEndpoints()[:5] {
				_, err := tc.call(t.Context(), c, tc.def)
				require.Error(t, err)
				var ae *APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, status, ae.StatusCode)
				for st, sentinel := range sentinels {
					assert.Equal(t, st == status, errors.Is(err, sentinel), "%d: errors.Is(err, %v)", status, sentinel)
				}
				checkErrorText(t, err, tc.path, status)
			}
			wantReqs := 5
			if status == http.StatusUnauthorized {
				wantReqs = 10 // a refused token is dropped and the call replayed once
			}
			assert.Len(t, s.requests(), wantReqs)
		})
	}
}

// TestErrorBodyCap: an endless error body does not keep the client
// reading: the call ends, having read about the cap.
func TestErrorBodyCap(t *testing.T) {
	var written atomic.Int64
	const limit = 256 << 20
	chunk := bytes.Repeat([]byte("error "), 32<<10/6)
	_, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusInternalServerError)
		for written.Load() < limit {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}, WithMaxRetries(0))
	_, err := c.GetCompany(t.Context(), CompanyParams{})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 500, ae.StatusCode)
	assert.LessOrEqual(t, len(ae.Message), maxMessage)
	assert.True(t, strings.HasPrefix(ae.Message, "error error"), ae.Message[:min(40, len(ae.Message))])
	// Socket buffers hold a few MiB at most; a client without a cap would
	// read all 256 MiB.
	assert.Less(t, written.Load(), int64(64<<20), "bytes the server got to write")
}

// TestMalformedSuccess: a 200 whose body is not the report gives a clear
// decoding error, is not retried, and never panics.
func TestMalformedSuccess(t *testing.T) {
	tests := []struct {
		name string
		body string
		call func(ctx context.Context, c *Client) error
	}{
		{"empty body", "", callCompany},
		{"not JSON", "<html>maintenance</html>", callCompany},
		{"truncated JSON", `{"current": {"customersHelped": 28,`, callCompany},
		{"metric as string", `{"current": {"customersHelped": "many"}}`, callCompany},
		{"object as string", `{"current": "yesterday"}`, callCompany},
		{"malformed time", `{"current": {"startDate": "2015-01-01 00:00:00"}}`, callCompany},
		{"array instead of object", `[1, 2, 3]`, callCompany},
		{"object instead of the busy-times array", `{"day": 1}`, func(ctx context.Context, c *Client) error {
			_, err := c.GetConversationsBusiestTimes(ctx, ConversationsBusiestTimesParams{})
			return err
		}},
		{"received-messages point with wrong types", `{"current": [{"date": 5, "messages": "x"}]}`, func(ctx context.Context, c *Client) error {
			_, err := c.GetConversationsReceivedMessageStats(ctx, ConversationsReceivedMessageStatsParams{})
			return err
		}},
		{"received-messages point not an object", `{"current": ["x"]}`, func(ctx context.Context, c *Client) error {
			_, err := c.GetConversationsReceivedMessageStats(ctx, ConversationsReceivedMessageStatsParams{})
			return err
		}},
		{"page as string", `{"conversations": {"page": "one"}}`, func(ctx context.Context, c *Client) error {
			_, err := c.GetConversationsDrilldown(ctx, ConversationsDrilldownParams{})
			return err
		}},
		{"rating id as string", `{"results": [{"ratingId": "great"}]}`, func(ctx context.Context, c *Client) error {
			_, err := c.GetHappinessRatings(ctx, HappinessRatingsParams{})
			return err
		}},
		{"user chat metric as object", `{"current": {"newConversations": {}}}`, func(ctx context.Context, c *Client) error {
			_, err := c.GetUserChat(ctx, UserChatParams{User: 1})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newTestServer(t, answerWith(200, "application/json", tc.body))
			var err error
			require.NotPanics(t, func() { err = tc.call(t.Context(), c) })
			require.Error(t, err)
			require.Len(t, s.requests(), 1, "a malformed answer is not retried")
			assert.Contains(t, err.Error(), "decoding the answer")
			checkErrorText(t, err, s.requests()[0].Path, 0)
			var ae *APIError
			assert.NotErrorAs(t, err, &ae, "a 200 is not an API error")
		})
	}
}

// callCompany calls GetCompany with defaults.
func callCompany(ctx context.Context, c *Client) error {
	_, err := c.GetCompany(ctx, CompanyParams{})
	return err
}

// TestAuthErrors: refused credentials come back as a clear *AuthError that
// matches ErrUnauthorized and never holds the secret, from Token and from a
// report call, and no report request is sent.
func TestAuthErrors(t *testing.T) {
	const wrongSecret = "wrong-secret-do-not-leak"
	s, _ := newTestServer(t, serveFixture(t, "company.json"))
	c, err := New(testClientID, wrongSecret, WithBaseURL(s.URL))
	require.NoError(t, err)

	_, err = c.Token(t.Context())
	require.Error(t, err)
	checkAuthError(t, err, wrongSecret, "reports: fetching OAuth2 token: 401 Unauthorized: invalid_client: Client authentication failed")

	_, err = c.GetCompany(t.Context(), CompanyParams{})
	require.Error(t, err)
	checkAuthError(t, err, wrongSecret, "reports: GET /v2/reports/company: fetching OAuth2 token: 401 Unauthorized: invalid_client: Client authentication failed")
	assert.Empty(t, s.requests(), "no report request without a token")
	assert.EqualValues(t, 2, s.tokenCalls.Load(), "refused credentials are not retried, nor cached")
}

func checkAuthError(t *testing.T, err error, secret, text string) {
	t.Helper()
	assert.ErrorIs(t, err, ErrUnauthorized)
	var ae *AuthError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusUnauthorized, ae.StatusCode)
	assert.Equal(t, "invalid_client", ae.Code)
	assert.Equal(t, "Client authentication failed", ae.Description)
	assert.Equal(t, text, err.Error())
	for _, s := range []string{secret, testClientSecret, testToken} {
		assert.NotContains(t, fmt.Sprintf("%v %+v %#v", err, err, err), s)
	}
}

// TestAuthErrorKinds: other token endpoint answers give an
// *AuthError too, matching ErrUnauthorized only when the credentials (or
// the grant) were refused.
func TestAuthErrorKinds(t *testing.T) {
	tests := []struct {
		name         string
		handler      http.HandlerFunc
		unauthorized bool
		text         string
	}{
		{"400 invalid_request", answerWith(400, "application/json",
			`{"error_description":"Invalid refresh_token","error":"invalid_request"}`), true,
			"400 Bad Request: invalid_request: Invalid refresh_token"},
		{"500", answerWith(500, "text/plain", "oops "+testClientSecret), false, "500 Internal Server Error"},
		{"200 without a token", answerWith(200, "application/json", `{"token_type":"bearer","expires_in":7200}`), false, "access_token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tokens := httptest.NewServer(tc.handler)
			defer tokens.Close()
			s, _ := newTestServer(t, serveFixture(t, "company.json"))
			c, err := New(testClientID, testClientSecret, WithBaseURL(s.URL), WithTokenURL(tokens.URL+"/oauth2/token"), WithMaxRetries(0))
			require.NoError(t, err)
			_, err = c.GetCompany(t.Context(), CompanyParams{})
			require.Error(t, err)
			var ae *AuthError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.unauthorized, errors.Is(err, ErrUnauthorized))
			assert.Contains(t, err.Error(), "OAuth2 token")
			assert.Contains(t, err.Error(), tc.text)
			assert.NotContains(t, err.Error(), testClientSecret, "the token endpoint's body is not repeated")
			assert.Empty(t, s.requests())
		})
	}

	t.Run("unreachable", func(t *testing.T) {
		dead := httptest.NewServer(http.NotFoundHandler())
		dead.Close()
		c, err := New(testClientID, testClientSecret, WithBaseURL(dead.URL), WithMaxRetries(0))
		require.NoError(t, err)
		_, err = c.Token(t.Context())
		var ae *AuthError
		require.ErrorAs(t, err, &ae)
		assert.Zero(t, ae.StatusCode)
		assert.Error(t, ae.Err)
		assert.NotErrorIs(t, err, ErrUnauthorized)
		assert.NotContains(t, err.Error(), testClientSecret)
	})
}

// TestNewCredentials: New refuses empty credentials and does no I/O.
func TestNewCredentials(t *testing.T) {
	for _, tc := range []struct{ id, secret, text string }{
		{"", testClientSecret, "client ID is empty"},
		{testClientID, "", "client secret is empty"},
		{"", "", "client ID is empty"},
	} {
		c, err := New(tc.id, tc.secret)
		require.Error(t, err)
		assert.Nil(t, c)
		assert.Contains(t, err.Error(), tc.text)
		assert.NotContains(t, err.Error(), testClientSecret)
	}

	s, c := newTestServer(t, serveFixture(t, "company.json"))
	require.NotNil(t, c)
	assert.Zero(t, s.tokenCalls.Load(), "New fetches no token")
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s", c, c, c, c), testClientSecret)
}

// TestNewURLs: plain http only to a loopback host, so that credentials
// never travel unencrypted.
func TestNewURLs(t *testing.T) {
	accepted := []string{
		"https://api.helpscout.net",
		"https://api.helpscout.net/",
		"https://proxy.example.com/helpscout",
		"http://127.0.0.1",
		"http://127.0.0.1:8080",
		"http://[::1]:8080",
		"http://localhost",
		"http://localhost:9",
	}
	for _, u := range accepted {
		_, err := New(testClientID, testClientSecret, WithBaseURL(u))
		assert.NoError(t, err, u)
		_, err = New(testClientID, testClientSecret, WithTokenURL(u+"/token"))
		assert.NoError(t, err, u)
	}
	refused := []string{
		"http://api.helpscout.net",
		"http://api.helpscout.net:443",
		"http://10.0.0.1:8080",
		"http://192.168.1.10",
		"http://localhost.example.com",
		"http://127.0.0.1.nip.io",
		"ftp://127.0.0.1",
		"api.helpscout.net",
		"https://user:s3cr3t@api.helpscout.net",
		"https://api.helpscout.net/?debug=1",
		"https://api.helpscout.net?", // an empty query would swallow every path
		"https:api.helpscout.net",
		"",
	}
	for _, u := range refused {
		_, err := New(testClientID, testClientSecret, WithBaseURL(u))
		assert.Error(t, err, "base URL %q", u)
		if err != nil {
			assert.NotContains(t, err.Error(), "s3cr3t")
			assert.NotContains(t, err.Error(), testClientSecret)
		}
		if u == "" {
			continue // an empty token URL means the default
		}
		_, err = New(testClientID, testClientSecret, WithTokenURL(u))
		assert.Error(t, err, "token URL %q", u)
	}
	_, err := New(testClientID, testClientSecret, WithBaseURL("http://api.helpscout.net"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "https")
}

// TestEchoedTokenRedacted: an error body that echoes the bearer token (a
// proxy or a debug answer might) does not carry it into the error.
func TestEchoedTokenRedacted(t *testing.T) {
	body := `{"logRef":"x","message":"bad token ` + testToken + `","_embedded":{"errors":[` +
		`{"path":"Authorization","message":"Bearer ` + testToken + `","rejectedValue":"` + testToken + `"}]}}`
	_, c := newTestServer(t, answerWith(400, "application/vnd.error+json", body))

	_, err := getCompany(c, t.Context())

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	checkErrorText(t, err, "/v2/reports/company", 400)
	assert.Equal(t, "bad token [redacted]", apiErr.Message)
	require.Len(t, apiErr.Errors, 1)
	assert.Equal(t, "[redacted]", apiErr.Errors[0].RejectedValue)

	for name, body := range map[string]string{
		// A plain message is cut short: the cut must not leave half a token.
		"plain, across the cut": strings.Repeat("x", maxMessage-10) + " Bearer " + testToken,
		"nested rejected value": `{"message":"bad","_embedded":{"errors":[{"path":"a","message":"b","rejectedValue":["` + testToken + `",{"t":"` + testToken + `"}]}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, c := newTestServer(t, answerWith(400, "text/plain", body))
			_, err := getCompany(c, t.Context())
			require.Error(t, err)
			for i := 4; i <= len(testToken); i++ {
				assert.NotContains(t, err.Error(), testToken[:i], "no part of the token")
			}
		})
	}
}

// TestErrorsOfOneForm: every error a report method returns starts with
// "reports: GET <path>:", says how many attempts were made when there was
// more than one, and still matches what caused it.
func TestErrorsOfOneForm(t *testing.T) {
	const path = "/v2/reports/company"
	closed := newRefusingDialer(t).closed // a loopback address nobody listens on
	stallToken := func(w http.ResponseWriter, r *http.Request) {
		select { // longer than the caller waits, short enough for Close
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		opts    func(t *testing.T) []Option
		ctx     func(t *testing.T) context.Context
		params  CompanyParams
		text    string // the whole error text; "" to check is only
		is      []error
		as      any
	}{
		{
			name:   "invalid params",
			params: CompanyParams{Dates: Dates{End: testNow}},
			text:   "reports: GET " + path + ": invalid params: Start: must be set when End is set",
			is:     []error{ErrInvalidParams},
			as:     new(*ParamError),
		},
		{
			name:    "500 after the retries",
			handler: injected(http.StatusInternalServerError, "Correlation-Id", "corr-7f3a"),
			text:    "reports: GET " + path + ": 500 Internal Server Error after 4 attempts: injected #4 (logRef ref-500, Correlation-Id corr-7f3a)",
			as:      new(*APIError),
		},
		{
			name:    "403 at once",
			handler: injected(http.StatusForbidden, "Correlation-Id", "corr-1"),
			text:    "reports: GET " + path + ": 403 Forbidden: injected #1 (logRef ref-403, Correlation-Id corr-1)",
			is:      []error{ErrForbidden},
			as:      new(*APIError),
		},
		{
			name:    "the network, after the retries",
			handler: serveFixture(t, "company.json"),
			opts: func(t *testing.T) []Option {
				d := newRefusingDialer(t)
				d.refuse.Store(100)
				return []Option{WithHTTPClient(d.client())}
			},
			is: []error{syscall.ECONNREFUSED},
		},
		{
			name:    "token endpoint refuses",
			handler: serveFixture(t, "company.json"),
			opts: func(t *testing.T) []Option {
				u, _ := tokenEndpoint(t, oauthError(401, "invalid_client"))
				return []Option{WithTokenURL(u)}
			},
			text: "reports: GET " + path + ": fetching OAuth2 token: 401 Unauthorized: invalid_client: told by the token endpoint",
			is:   []error{ErrUnauthorized},
			as:   new(*AuthError),
		},
		{
			name:    "token endpoint unreachable",
			handler: serveFixture(t, "company.json"),
			opts: func(t *testing.T) []Option {
				return []Option{WithTokenURL("http://" + closed + "/token"), WithHTTPClient(noKeepAlives())}
			},
			is: []error{syscall.ECONNREFUSED},
			as: new(*AuthError),
		},
		{
			name:    "deadline while waiting for the token",
			handler: serveFixture(t, "company.json"),
			opts: func(t *testing.T) []Option {
				u, _ := tokenEndpoint(t, stallToken)
				return []Option{WithTokenURL(u)}
			},
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
				t.Cleanup(cancel)
				return ctx
			},
			text: "reports: GET " + path + ": context deadline exceeded",
			is:   []error{context.DeadlineExceeded},
		},
		{
			name:    "canceled while waiting to retry",
			handler: injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "30"),
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(t.Context())
				time.AfterFunc(50*time.Millisecond, cancel)
				t.Cleanup(cancel)
				return ctx
			},
			text: "reports: GET " + path + ": context canceled while waiting to retry after: 429 Too Many Requests: injected #1 (logRef ref-429)",
			is:   []error{context.Canceled, ErrRateLimited},
			as:   new(*APIError),
		},
		{
			name:    "an answer that does not decode",
			handler: answerWith(200, "application/json", `{"current":{"startDate":"2020-13-01T00:00:00Z"}}`),
			as:      new(*time.ParseError),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			if tc.opts != nil {
				opts = tc.opts(t)
			}
			_, c := newTestServer(t, tc.handler, opts...)
			ctx := t.Context()
			if tc.ctx != nil {
				ctx = tc.ctx(t)
			}

			_, err := c.GetCompany(ctx, tc.params)

			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "reports: GET "+path+": "), "%q", err)
			assert.NotContains(t, err.Error(), `Post "`, "no *url.Error wrapper")
			assert.NotContains(t, err.Error(), `Get "`, "no *url.Error wrapper")
			if tc.text != "" {
				assert.EqualError(t, err, tc.text)
			}
			for _, target := range tc.is {
				assert.ErrorIs(t, err, target)
			}
			if tc.as != nil {
				assert.ErrorAs(t, err, tc.as)
			}
			checkErrorText(t, err, path, 0)
		})
	}
}

// TestAttemptsOnTheAPIError: the last answer's error says how many attempts
// the call made, and keeps the answer's Correlation-Id.
func TestAttemptsOnTheAPIError(t *testing.T) {
	_, c := newTestServer(t, faultsThen(injected(http.StatusBadRequest, "Correlation-Id", "c-2"),
		injected(http.StatusBadGateway), injected(http.StatusServiceUnavailable)))

	_, err := getCompany(c, t.Context())

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, apiErr.Attempts, "502, 503, then the 400 that ended it")
	assert.Equal(t, "c-2", apiErr.CorrelationID)
	assert.Equal(t, "reports: GET /v2/reports/company: 400 Bad Request after 3 attempts: injected #1 (logRef ref-400, Correlation-Id c-2)", err.Error())

	_, c = newTestServer(t, injected(http.StatusNotFound), WithMaxRetries(0))
	_, err = getCompany(c, t.Context())
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Equal(t, "reports: GET /v2/reports/company: 404 Not Found: injected #1 (logRef ref-404)", err.Error(), "one attempt: nothing said")
}

// TestEscapedTokenRedacted: a token echoed in a JSON-escaped form is cut out
// of the decoded strings too.
func TestEscapedTokenRedacted(t *testing.T) {
	const token = "a/b+c" + testToken // with the characters encoders escape
	escaped := strings.NewReplacer("/", `\/`, "+", `\u002b`, "t", `\u0074`).Replace(token)
	body := `{"logRef":"` + escaped + `","message":"bad token ` + escaped + `","_embedded":{"errors":[` +
		`{"path":"` + escaped + `","message":"Bearer ` + escaped + `","rejectedValue":{"` + escaped + `":["` + escaped + `"]}}]}}`
	e := parseAPIError(http.MethodGet, "/v2/reports/company", 400, []byte(body), token)
	text := fmt.Sprintf("%v %+v %#v", e, e, e)
	assert.NotContains(t, text, token)
	assert.NotContains(t, text, escaped)
	assert.Equal(t, "bad token [redacted]", e.Message)
	assert.Equal(t, "[redacted]", e.LogRef)
	require.Len(t, e.Errors, 1)
	assert.Equal(t, map[string]any{"[redacted]": []any{"[redacted]"}}, e.Errors[0].RejectedValue)
}

// TestNoSuchHostIsNotRetried: a host name that does not resolve fails at
// once, for reports and for the token endpoint: no retry makes it exist.
func TestNoSuchHostIsNotRetried(t *testing.T) {
	var dials atomic.Int32
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}
	c, err := New(testClientID, testClientSecret, WithBaseURL("https://api.helpscout.test"), WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)

	_, err = getCompany(c, t.Context())

	var dnsErr *net.DNSError
	require.ErrorAs(t, err, &dnsErr)
	assert.True(t, dnsErr.IsNotFound)
	assert.EqualError(t, err, "reports: GET /v2/reports/company: fetching OAuth2 token: dial tcp: lookup api.helpscout.test: no such host")
	assert.Equal(t, int32(1), dials.Load(), "the token request, once")
}

// TestDeeplyNestedAnswerIsAnError: an answer nested two million levels deep
// is refused with an error; it does not crash the process.
func TestDeeplyNestedAnswerIsAnError(t *testing.T) {
	body := strings.Repeat(`{"current":`, 1_000_000) + strings.Repeat("}", 1_000_000)
	_, c := newTestServer(t, answerWith(200, "application/json", body))

	_, err := getCompany(c, t.Context())

	require.Error(t, err)
	assert.ErrorContains(t, err, "reports: GET /v2/reports/company: decoding the answer:")

	arr := strings.Repeat("[", 2_000_000)
	assert.Error(t, decode([]byte(arr), new(ConversationsBusiestTimesResult)))
}

// TestDatesDecodeAsEncodingJSONReadsThem: the decoder is encoding/json, so
// a date reads as time.Time's UnmarshalJSON reads it (a decimal comma is a
// fraction of a second), and a bad one fails with a *time.ParseError.
func TestDatesDecodeAsEncodingJSONReadsThem(t *testing.T) {
	var p TimePoint
	require.NoError(t, decode([]byte(`{"date":"2020-01-01T00:00:00,5Z","time":1}`), &p))
	assert.Equal(t, time.Date(2020, 1, 1, 0, 0, 0, 5e8, time.UTC), p.Date.UTC())

	err := decode([]byte(`{"date":"2020-01-01 00:00:00","time":1}`), &p)
	var pe *time.ParseError
	assert.ErrorAs(t, err, &pe)
}

// TestAttemptsCountRequestsSent: a retry that the context ends while it
// waits for a pacing slot is no attempt.
func TestAttemptsCountRequestsSent(t *testing.T) {
	s, _ := newTestServer(t, injected(http.StatusInternalServerError))
	synctest.Test(t, func(t *testing.T) {
		c, _ := inProcess(t, s, WithRateLimit(1), WithRetryBackoff(time.Second, time.Second)) // a slot a minute
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()

		_, err := getCompany(c, ctx)

		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Len(t, s.requests(), 1)
		assert.Regexp(t, `^reports: GET /v2/reports/company: context deadline exceeded: the next slot of the rate limit is \S+ away while waiting to retry after: 500 Internal Server Error: injected #1 \(logRef ref-500\)$`, err.Error(),
			"one request: no \"after 2 attempts\"; the last answer is kept")
	})
}

// TestPlainErrorBodyRedacted: a bearer token echoed in a plain-text or HTML
// error body is cut out of the body before the message is cut short, so no
// part of it is left at the cut (nor anywhere else).
func TestPlainErrorBodyRedacted(t *testing.T) {
	filler := strings.Repeat("x", 500) // the token starts 12 bytes before the cut
	for name, tc := range map[string]struct{ ct, body string }{
		"plain text, whole":    {"text/plain", "invalid token " + testToken + "\n"},
		"plain text, at cut":   {"text/plain", filler + testToken + " more text after it"},
		"HTML page, whole":     {"text/html", "<html><body><h1>401</h1><p>Bearer " + testToken + "</p></body></html>"},
		"HTML page, at cut":    {"text/html", "<html><body><p>" + filler[15:] + testToken + "</p></body></html>"},
		"URL-escaped, at cut":  {"text/plain", filler[9:] + "Bearer%20" + testToken + "%0A"},
		"base64 header, whole": {"text/plain", "got Authorization=" + base64.StdEncoding.EncodeToString([]byte("Bearer "+testToken))},
	} {
		t.Run(name, func(t *testing.T) {
			_, c := newTestServer(t, answerWith(http.StatusInternalServerError, tc.ct, tc.body), WithMaxRetries(0))

			_, err := getCompany(c, t.Context())

			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Contains(t, ae.Message, "[redacted]")
			assert.LessOrEqual(t, len(ae.Message), 512)
			for _, text := range []string{ae.Message, err.Error()} {
				for i := 4; i <= len(testToken); i++ {
					require.NotContains(t, text, testToken[:i], "no part of the token")
				}
			}
		})
	}
}

// TestPlainErrorBodyCutAt512: an HTML error page longer than 512 bytes
// lands in Message as its first 512 bytes (whitespace runs made one space),
// cut at a character boundary; a byte that is not UTF-8 early in the page
// does not shorten the message.
func TestPlainErrorBodyCutAt512(t *testing.T) {
	var page strings.Builder
	page.WriteString("<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n")
	for i := range 100 {
		fmt.Fprintf(&page, "  <p>upstream %03d did not answer in time</p>\n", i)
	}
	page.WriteString("</body>\n</html>\n")
	require.Greater(t, page.Len(), 4096)
	collapsed := strings.Join(strings.Fields(page.String()), " ")

	for name, tc := range map[string]struct{ body, want string }{
		"HTML page":             {page.String(), collapsed[:512]},
		"a split character":     {strings.Repeat("x", 511) + "€ and more", strings.Repeat("x", 511)},
		"a bad byte early on":   {"<p>\xff</p>" + strings.Repeat("y", 1000), "<p>?</p>" + strings.Repeat("y", 512-8)},
		"just 512 bytes":        {strings.Repeat("z", 512), strings.Repeat("z", 512)},
		"one more than 512":     {strings.Repeat("z", 513), strings.Repeat("z", 512)},
		"short, kept as it was": {"Bad Gateway", "Bad Gateway"},
	} {
		t.Run(name, func(t *testing.T) {
			_, c := newTestServer(t, answerWith(http.StatusBadGateway, "text/html", tc.body), WithMaxRetries(0))

			_, err := getCompany(c, t.Context())

			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.want, ae.Message)
			assert.LessOrEqual(t, len(ae.Message), 512)
			assert.LessOrEqual(t, len(err.Error()), 600, "one short line")
		})
	}
}
