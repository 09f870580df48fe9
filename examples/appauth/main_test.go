package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
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
		switch k {
		case "HELPSCOUT_REDIRECT_URL":
			return "http://127.0.0.1:0/callback"
		case "HELPSCOUT_DEMO":
			return "1"
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

// TestRunNeedsCredentialsOrDemo: without credentials and without
// HELPSCOUT_DEMO=1 the example stops with an error naming both, and starts
// no fake (the fake is an explicit choice).
func TestRunNeedsCredentialsOrDemo(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), &stdout, &stderr, func(string) string { return "" })
	require.Error(t, err)
	for _, name := range []string{"HELPSCOUT_CLIENT_ID", "HELPSCOUT_CLIENT_SECRET", "HELPSCOUT_DEMO=1"} {
		assert.Contains(t, err.Error(), name)
	}
	assert.Empty(t, stdout.String())
	assert.Empty(t, stderr.String())
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

// login runs authorize as a real run does (the user's browser, not the run,
// opens the approval page) in a goroutine, and returns the approval URL it
// printed and where its result will come.
func login(t *testing.T, cfg *oauth2.Config) (approve *url.URL, result <-chan error) {
	t.Helper()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := authorize(context.Background(), cfg, false, pw)
		pw.Close()
		done <- err
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "http") {
			u, err := url.Parse(line)
			require.NoError(t, err)
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			return u, done
		}
	}
	require.FailNow(t, "no approval URL printed", "%v", <-done)
	return nil, nil
}

// TestLoginUsesPKCE: the approval page gets an S256 code_challenge, and the
// exchange its verifier (the fake refuses a challenged code without it).
func TestLoginUsesPKCE(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	tok, err := authorize(context.Background(), srv.OAuth2Config("http://127.0.0.1:0/callback"), true, io.Discard)
	require.NoError(t, err, "the code was exchanged with its verifier")
	assert.NotEmpty(t, tok.RefreshToken)
	var q url.Values
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/authentication/") {
			q = r.Query
		}
	}
	require.NotNil(t, q, "the approval page was asked")
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.Len(t, q.Get("code_challenge"), 43)
}

// TestWrongStateKeepsWaiting: a local process that calls the callback
// first, with a code of its choosing and a wrong state (or none), gets a
// 400 and changes nothing: the real redirect still completes the login.
func TestWrongStateKeepsWaiting(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	approve, result := login(t, srv.OAuth2Config("http://127.0.0.1:0/callback"))
	cb, err := url.Parse(approve.Query().Get("redirect_uri"))
	require.NoError(t, err)

	for _, q := range []string{"code=evil&state=wrong", "code=evil", "error=access_denied&state=x"} {
		resp, err := http.Get(cb.String() + "?" + q)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, q)
		assert.NotContains(t, string(body), "Approved", q)
	}
	select {
	case err := <-result:
		require.FailNow(t, "a wrong state ended the login", "%v", err)
	default:
	}

	resp, err := http.Get(approve.String()) // the user's browser
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), "Approved")
	require.NoError(t, <-result, "the real redirect completed the login")
}

// TestCallbackLoopbackOnly: a redirect URL that would make the callback
// listen beyond loopback, or promise https it does not serve, is refused
// before anything listens, with what to use instead.
func TestCallbackLoopbackOnly(t *testing.T) {
	for _, redirect := range []string{
		"http://0.0.0.0:0/callback",
		"http://[::]:0/callback",
		"http://192.0.2.10:0/callback",
		"http://example.com:0/callback",
		"http://:0/callback",
		"https://127.0.0.1:0/callback",
		"http://127.0.0.1/callback",
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // only if it listened and waited
		_, err := authorize(ctx, &oauth2.Config{RedirectURL: redirect}, false, io.Discard)
		cancel()
		require.Error(t, err, redirect)
		assert.ErrorIs(t, err, errNotLoopback, redirect)
		assert.Contains(t, err.Error(), "http://127.0.0.1:PORT/PATH", redirect)
	}
	for redirect, addr := range map[string]string{
		"http://127.0.0.1:8765/callback": "127.0.0.1:8765",
		"http://localhost:8765/callback": "127.0.0.1:8765",
		"http://[::1]:8765/callback":     "[::1]:8765",
		"http://127.0.0.2:0/cb":          "127.0.0.2:0",
	} {
		_, got, err := callbackAddr(redirect)
		require.NoError(t, err, redirect)
		assert.Equal(t, addr, got, redirect)
	}
}

// TestCallbackWaitTimesOut: with nobody approving, the wait ends after
// callbackTimeout, not before, on a fake clock.
func TestCallbackWaitTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		results := make(chan url.Values)
		start := time.Now()
		var err error
		done := make(chan struct{})
		go func() {
			_, err = waitForRedirect(context.Background(), results, callbackTimeout)
			close(done)
		}()
		time.Sleep(callbackTimeout - time.Nanosecond) // on the bubble's fake clock
		synctest.Wait()
		select {
		case <-done:
			require.FailNow(t, "the wait ended early")
		default:
		}
		<-done
		assert.Equal(t, 5*time.Minute, time.Since(start))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "no approval within 5m0s")
	})
}

// TestCallbackDropsSlowHeaders: a connection that never finishes its
// headers is closed after readHeaderTimeout (shortened here), instead of
// holding the callback.
func TestCallbackDropsSlowHeaders(t *testing.T) {
	defer func(d time.Duration) { readHeaderTimeout = d }(readHeaderTimeout)
	readHeaderTimeout = 50 * time.Millisecond
	srv := reportstest.NewServer()
	defer srv.Close()
	approve, result := login(t, srv.OAuth2Config("http://127.0.0.1:0/callback"))
	cb, err := url.Parse(approve.Query().Get("redirect_uri"))
	require.NoError(t, err)

	conn, err := net.Dial("tcp", cb.Host)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("GET /callback HTTP/1.1\r\nHost: x\r\n")) // and no more
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(30*time.Second))) // a safety net, not the measure
	_, err = io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		require.FailNow(t, "the callback kept the half-sent request open")
	}

	resp, err := http.Get(approve.String())
	require.NoError(t, err)
	resp.Body.Close()
	require.NoError(t, <-result)
}

// TestTokenFileModeFixed: a token file others can read (0644, as an editor
// or a copy may leave it) is made 0600 when the run opens it, even when it
// does not renew the token.
func TestTokenFileModeFixed(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	cfg := srv.OAuth2Config("http://127.0.0.1:0/callback")
	file := filepath.Join(t.TempDir(), "token.json")
	var stdout bytes.Buffer
	require.NoError(t, report(context.Background(), &stdout, io.Discard, cfg, file, true, reports.WithBaseURL(srv.URL), reports.WithClock(srv.Now)))
	before := saved(t, file)
	require.NoError(t, os.Chmod(file, 0o644))

	require.NoError(t, report(context.Background(), &stdout, io.Discard, cfg, file, true, reports.WithBaseURL(srv.URL), reports.WithClock(srv.Now)))
	assert.Equal(t, before, saved(t, file), "not renewed: the file was not rewritten")
	fi, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}

// TestSaveTokenTempFile: the token goes through a temporary file of a name
// no one can plant in advance (a directory squatting the old predictable
// name does not stop it), and leaves no temporary file behind.
func TestSaveTokenTempFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token.json")
	require.NoError(t, os.MkdirAll(filepath.Join(file+".tmp", "squat"), 0o700))
	tok := &oauth2.Token{AccessToken: "a", RefreshToken: "r", TokenType: "bearer"}
	require.NoError(t, saveToken(file, tok))
	require.NoError(t, saveToken(file, tok))
	assert.Equal(t, "r", saved(t, file).RefreshToken)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"token.json", "token.json.tmp"}, names, "no temporary file left")
}

// TestRenewedTokenNotSavedStops: when the token renewed during a run cannot
// be saved, the run ends with an error that says so, and prints no data:
// the file's refresh token has been used, and the next run cannot renew.
func TestRenewedTokenNotSavedStops(t *testing.T) {
	srv := reportstest.NewServer(reportstest.WithTokenLifetime(5 * time.Second)) // within x/oauth2's margin: every run renews
	defer srv.Close()
	cfg := srv.OAuth2Config("http://127.0.0.1:0/callback")
	file := filepath.Join(t.TempDir(), "token.json")
	opts := []reports.Option{reports.WithBaseURL(srv.URL), reports.WithClock(srv.Now)}
	require.NoError(t, report(context.Background(), io.Discard, io.Discard, cfg, file, true, opts...))
	first := saved(t, file)

	defer func(f func(string, *oauth2.Token) error) { save = f }(save)
	save = func(string, *oauth2.Token) error { return errors.New("disk full") }
	var stdout bytes.Buffer
	err := report(context.Background(), &stdout, io.Discard, cfg, file, true, opts...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk full")
	assert.Contains(t, err.Error(), "could not be saved")
	assert.Contains(t, err.Error(), "delete "+file+" and run again")
	assert.Empty(t, stdout.String(), "no data printed")
	assert.Equal(t, first, saved(t, file))
	for _, secret := range []string{first.AccessToken, first.RefreshToken} {
		assert.NotContains(t, err.Error(), secret)
	}
}
