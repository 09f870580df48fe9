package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

func env(id, secret string) func(string) string {
	return func(k string) string {
		switch k {
		case envClientID:
			return id
		case envClientSecret:
			return secret
		}
		return ""
	}
}

// fake are the options that point run at srv, unpaced so that the test
// takes no minute.
func fake(srv *reportstest.Server) []reports.Option {
	return []reports.Option{reports.WithBaseURL(srv.URL), reports.WithClock(srv.Now), reports.WithRateLimit(0)}
}

func TestSkippedWithoutCredentials(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run(context.Background(), &stdout, &stderr, env("", "")))
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "livecheck: skipped: set HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET")

	stderr.Reset()
	assert.Equal(t, 2, run(context.Background(), &stdout, &stderr, env("id", "")))
	assert.Contains(t, stderr.String(), "set both")
}

func TestAgainstTheFake(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), &stdout, &stderr, env(reportstest.ClientID, reportstest.ClientSecret), fake(srv)...)
	assert.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "Comparing the answers of 32 reports and 4 lists with the SDK's models: 2")
	assert.Contains(t, out, "GetCompany (GET /v2/reports/company): ")
	assert.Contains(t, out, "GetUserChat (GET /v2/reports/user/chat): ")
	assert.Contains(t, out, "ListUsers (GET /v2/users): ")
	assert.Contains(t, out, "ListFolders (GET /v2/mailboxes/201/folders): ")
	assert.Contains(t, out, "36 compared, 0 without an answer, 0 skipped; 0 with values that did not decode (!).")
	assert.Contains(t, out, "37 requests.")
	assert.NotContains(t, out+stderr.String(), reportstest.ClientSecret)
}

func TestBadCredentials(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), &stdout, &stderr, env(reportstest.ClientID, "wrong-secret-value"), fake(srv)...)
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "livecheck: ")
	assert.NotContains(t, stderr.String(), "wrong-secret-value")
}

func TestNothingAnswered(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	srv.FailNext(1000, http.StatusForbidden)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), &stdout, &stderr, env(reportstest.ClientID, reportstest.ClientSecret), fake(srv)...)
	assert.Equal(t, 2, code)
	assert.Contains(t, stdout.String(), "0 compared, 25 without an answer, 11 skipped")
	assert.Contains(t, stderr.String(), "nothing was compared")
}

func TestValueThatDoesNotDecode(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v2/oauth2/token":
			_, _ = io.WriteString(w, `{"access_token": "tok", "token_type": "bearer", "expires_in": 7200}`)
		case "/v2/reports/happiness":
			_, _ = io.WriteString(w, `{"current": {"great": "a lot"}}`)
		default:
			http.Error(w, "Unknown URL", http.StatusNotFound)
		}
	}))
	defer api.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), &stdout, &stderr, env("id", "secret"), reports.WithBaseURL(api.URL), reports.WithRateLimit(0))
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout.String(), "  ! current.great: wrong type: string, the model has float64\n")
	assert.Contains(t, stderr.String(), "did not decode")
}
