package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// TestRun runs the example as a user would, against the fake.
func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), &stdout, &stderr, func(k string) string {
		if k == "HELPSCOUT_REDIRECT_URL" {
			return "http://127.0.0.1:0/callback"
		}
		return ""
	})
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line says the fake API is used: %s", stderr.String())
	assert.Contains(t, stderr.String(), "fake API")
	assert.Regexp(t, `^Thu 19 Nov to Thu 26 Nov: \d+ customers helped \([-+]\d+\.\d%\), \d+ replies \([-+]\d+\.\d%\)\n$`, stdout.String())
}

// TestTokenSavedAndRotated runs the app three times against one fake whose
// access tokens expire within x/oauth2's margin, so that every run renews
// the token with the saved refresh token: the first run authorizes and
// saves the token (mode 0600); each later run saves the rotated refresh
// token, without which the next run could not renew.
func TestTokenSavedAndRotated(t *testing.T) {
	srv := reportstest.NewServer(reportstest.WithTokenLifetime(5 * time.Second))
	defer srv.Close()
	cfg := srv.OAuth2Config("http://127.0.0.1:0/callback")
	file := filepath.Join(t.TempDir(), "token.json")
	appRun := func() string {
		var stdout, stderr bytes.Buffer
		require.NoError(t, report(context.Background(), &stdout, &stderr, cfg, file, true, reports.WithBaseURL(srv.URL), reports.WithClock(srv.Now)))
		return stdout.String()
	}

	first := appRun()
	fi, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "the token file is the user's only")
	tok1 := saved(t, file)
	require.NotEmpty(t, tok1.RefreshToken)

	assert.Equal(t, first, appRun())
	tok2 := saved(t, file)
	assert.NotEqual(t, tok1.RefreshToken, tok2.RefreshToken, "the rotated refresh token was saved")
	assert.NotEqual(t, tok1.AccessToken, tok2.AccessToken)

	assert.Equal(t, first, appRun(), "the saved refresh token still renews")
	assert.NotEqual(t, tok2.RefreshToken, saved(t, file).RefreshToken)

	// What saving spared: the first refresh token was used and is refused.
	tok1.Expiry = time.Now().Add(-time.Hour)
	_, err = cfg.TokenSource(context.Background(), tok1).Token()
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Invalid refresh_token", re.ErrorDescription)
}

// TestRefusedTokenSaysWhatToDo: a saved token the API refuses (the app was
// revoked) ends the run with what to do about it.
func TestRefusedTokenSaysWhatToDo(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "token.json")
	require.NoError(t, saveToken(file, &oauth2.Token{AccessToken: "tok-abc123", TokenType: "bearer", Expiry: time.Now().Add(time.Hour)}))
	var stdout, stderr bytes.Buffer

	err := report(context.Background(), &stdout, &stderr, srv.OAuth2Config("http://127.0.0.1:0/callback"), file, true,
		reports.WithBaseURL(srv.URL), reports.WithClock(srv.Now))

	require.ErrorIs(t, err, reports.ErrUnauthorized)
	assert.Contains(t, err.Error(), "delete "+file+" and run again")
	assert.NotContains(t, err.Error(), "tok-abc123", "no token in errors")
	assert.Empty(t, stdout.String())
}

func TestRunRefusesHalfCredentials(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), &stdout, &stderr, func(k string) string {
		if k == "HELPSCOUT_CLIENT_SECRET" {
			return "only-the-secret"
		}
		return ""
	})
	require.Error(t, err)
	assert.False(t, errors.Is(err, reports.ErrUnauthorized))
	assert.Empty(t, stdout.String())
}

func saved(t *testing.T, file string) *oauth2.Token {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	var tok oauth2.Token
	require.NoError(t, json.Unmarshal(b, &tok))
	return &tok
}
