// Command appauth reads the reports of a Help Scout account that approved
// your app, with the OAuth2 authorization-code flow: the way an app that
// acts for other accounts authenticates (reports.New's client credentials
// are for your own account's internal integrations).
//
//	go run ./examples/appauth
//
// The first run sends the user to Help Scout to approve the app, takes the
// code from the redirect on a loopback callback, exchanges it for an access
// token and a refresh token, and saves both to a file only the user can read
// (HELPSCOUT_TOKEN_FILE, default helpscout-token.json, mode 0600). Later runs
// start from the file. Help Scout rotates refresh tokens: each renewal
// answers a new one and refuses the used one afterwards, so the token is
// saved again every time it changes, or the next run could not renew.
//
// With HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET set it uses the Help
// Scout API, with HELPSCOUT_REDIRECT_URL (default
// http://127.0.0.1:8765/callback; it must be the app's redirect URL) as the
// callback, and asks you to open the approval page in a browser. With
// HELPSCOUT_DEMO=1 instead it starts the fake API of package reportstest
// in-process, whose approval page approves at once, and says so on stderr;
// with neither it stops with an error (the fake is never a silent
// fall-back).
//
// What it does for safety, the pattern to copy:
//   - PKCE (RFC 7636): the approval page gets an S256 code_challenge and the
//     exchange its verifier, so that a code seen by another program on the
//     machine is useless to it (a server that ignores PKCE works the same).
//   - The callback checks state before anything else: a request with
//     another state is answered 400 and the login goes on waiting for the
//     real redirect, so no local process can end or steer it.
//   - The callback listens on loopback only (127.0.0.1, [::1] or localhost,
//     plain http as RFC 8252 describes): a redirect URL with another host,
//     0.0.0.0 or https is refused before listening. It waits 5 minutes at
//     most for the redirect, and gives a connection 10 seconds to send its
//     headers.
//   - The token file is made mode 0600 whenever it is opened; it is written
//     to a new temporary file (os.CreateTemp) in its directory, synced, and
//     renamed over the old one, and the directory is synced, so that a crash
//     leaves the old token or the new one. If a renewed token cannot be
//     saved, the run stops with an error before printing anything: the
//     refresh token in the file has been used and is refused from now on.
package main

import (
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/examples/internal/exampleenv"
	"github.com/helpscout-go/reports/reportstest"
	"golang.org/x/oauth2"
)

func main() { exampleenv.Main("appauth", run) }

// Help Scout's OAuth2 endpoints for apps.
var helpScout = oauth2.Endpoint{
	AuthURL:   "https://secure.helpscout.net/authentication/authorizeClientApplication",
	TokenURL:  "https://api.helpscout.net/v2/oauth2/token",
	AuthStyle: oauth2.AuthStyleInParams,
}

// run prints the approving account's company overview on stdout; notices
// go to stderr.
func run(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) error {
	id, secret, err := exampleenv.Credentials(getenv)
	if err != nil {
		return err
	}
	redirect := cmp.Or(getenv("HELPSCOUT_REDIRECT_URL"), "http://127.0.0.1:8765/callback")
	file := getenv("HELPSCOUT_TOKEN_FILE")
	if id != "" {
		cfg := &oauth2.Config{ClientID: id, ClientSecret: secret, Endpoint: helpScout, RedirectURL: redirect}
		return report(ctx, stdout, stderr, cfg, cmp.Or(file, "helpscout-token.json"), false)
	}
	if !exampleenv.Demo(getenv) {
		return errors.New("no credentials: set " + exampleenv.EnvClientID + " and " + exampleenv.EnvClientSecret +
			", or " + exampleenv.EnvDemo + "=1 for the built-in fake API")
	}
	fake := reportstest.NewServer()
	defer fake.Close()
	fmt.Fprintln(stderr, exampleenv.EnvDemo+"=1: using the built-in fake API (reportstest), which approves the app at once.")
	if file == "" {
		// The fake forgets its tokens when it stops: keep them for this run only.
		dir, err := os.MkdirTemp("", "appauth")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		file = filepath.Join(dir, "token.json")
	}
	return report(ctx, stdout, stderr, fake.OAuth2Config(redirect), file, true, reports.WithBaseURL(fake.URL), reports.WithClock(fake.Now))
}

// report authorizes the app unless file holds a token, and prints the
// company overview of the last 7 days with the token, saving it whenever it
// changes. fake says cfg is reportstest's, whose approval page the run opens
// itself.
func report(ctx context.Context, stdout, stderr io.Writer, cfg *oauth2.Config, file string, fake bool, opts ...reports.Option) error {
	tok, err := loadToken(file)
	if errors.Is(err, os.ErrNotExist) {
		if tok, err = authorize(ctx, cfg, fake, stderr); err == nil {
			err = save(file, tok)
		}
	}
	if err != nil {
		return err
	}

	// The SDK asks this source for a token before every request; x/oauth2
	// renews it with the refresh token when it expires, and saving writes
	// every new token (with its new refresh token) to the file.
	ts := &saving{src: cfg.TokenSource(ctx, tok), file: file, last: tok}
	client, err := reports.NewWithTokenSource(ts, opts...)
	if err != nil {
		return err
	}
	week := reports.LastDays(client.Now(), 7)
	company, err := client.GetCompany(ctx, reports.CompanyParams{Dates: week, PreviousDates: week.Previous()})
	if err := ts.err(); err != nil {
		return err // before anything is printed: the next run cannot renew
	}
	if errors.Is(err, reports.ErrUnauthorized) {
		return fmt.Errorf("%w\nthe saved token was refused (the app was revoked, or the token is another server's): delete %s and run again to approve the app", err, file)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s to %s: %.0f customers helped (%+.1f%%), %.0f replies (%+.1f%%)\n",
		week.Start.Format("Mon 2 Jan"), week.End.Format("Mon 2 Jan"),
		company.Current.CustomersHelped, company.Deltas.CustomersHelped, company.Current.TotalReplies, company.Deltas.TotalReplies)
	return nil
}

// Limits of the loopback callback: how long authorize waits for the
// redirect, and how long a connection has to send its headers. Variables
// so that the tests can shorten them.
var (
	callbackTimeout   = 5 * time.Minute
	readHeaderTimeout = 10 * time.Second
)

// errNotLoopback is why a redirect URL is refused.
var errNotLoopback = errors.New("the callback listens on loopback only, over plain http: use http://127.0.0.1:PORT/PATH, http://[::1]:PORT/PATH or http://localhost:PORT/PATH as the app's redirect URL")

// callbackAddr checks that redirect is a loopback http URL with a port and
// returns it and the address to listen on.
func callbackAddr(redirect string) (*url.URL, string, error) {
	u, err := url.Parse(redirect)
	if err != nil {
		return nil, "", fmt.Errorf("redirect URL: %w", err)
	}
	host, port := u.Hostname(), u.Port()
	switch {
	case u.Scheme != "http":
		return nil, "", fmt.Errorf("redirect URL %q: scheme %q: %w", redirect, u.Scheme, errNotLoopback)
	case port == "":
		return nil, "", fmt.Errorf("redirect URL %q has no port: %w", redirect, errNotLoopback)
	case host == "localhost":
		host = "127.0.0.1" // what localhost may resolve to elsewhere does not matter
	default:
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return nil, "", fmt.Errorf("redirect URL %q: host %q: %w", redirect, host, errNotLoopback)
		}
	}
	return u, net.JoinHostPort(host, port), nil
}

// authorize runs the authorization-code flow: the user approves the app on
// Help Scout's page, which redirects to the loopback callback with a code,
// exchanged for the tokens. The fake's page approves at once, so the run
// follows it itself.
func authorize(ctx context.Context, cfg *oauth2.Config, fake bool, stderr io.Writer) (*oauth2.Token, error) {
	u, addr, err := callbackAddr(cfg.RedirectURL)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening for the redirect: %w", err)
	}
	if u.Port() == "0" { // any free port: the fake takes any redirect URL
		c := *cfg
		u.Host = ln.Addr().String()
		c.RedirectURL = u.String()
		cfg = &c
	}
	state := oauth2.GenerateVerifier()    // any unguessable string will do
	verifier := oauth2.GenerateVerifier() // PKCE: the exchange proves it started the flow
	results := make(chan url.Values, 1)
	srv := &http.Server{
		Handler:           callback(u.Path, state, results),
		ReadHeaderTimeout: readHeaderTimeout,
		MaxHeaderBytes:    64 << 10,
	}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		// Let the page of the redirect be written; a second at most.
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			srv.Close()
		}
	}()

	approve := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
	if fake {
		resp, err := http.Get(approve) // the "browser": follows the redirect to the callback
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
	} else {
		fmt.Fprintln(stderr, "Open this page to approve the app:\n\n\t"+approve)
	}
	q, err := waitForRedirect(ctx, results, callbackTimeout)
	if err != nil {
		return nil, err
	}
	if e := q.Get("error"); e != "" {
		return nil, fmt.Errorf("the app was not approved: %q", e)
	}
	return cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
}

// callback handles the redirect at path: the query of the first request
// with state goes to results; a request with another state is refused with
// a 400 and changes nothing.
func callback(path, state string, results chan<- url.Values) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			http.Error(w, "This is not the redirect of the login in progress (state does not match).", http.StatusBadRequest)
			return
		}
		select {
		case results <- q:
			if q.Has("error") {
				fmt.Fprintln(w, "Not approved: you may close this page.")
			} else {
				fmt.Fprintln(w, "Approved: you may close this page.")
			}
		default:
			http.Error(w, "This login is over.", http.StatusConflict)
		}
	})
}

// waitForRedirect waits for the redirect's query, at most timeout.
func waitForRedirect(ctx context.Context, results <-chan url.Values, timeout time.Duration) (url.Values, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case q := <-results:
		return q, nil
	case <-t.C:
		return nil, fmt.Errorf("no approval within %v: the login timed out, run again to approve the app", timeout)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// save writes a token to its file: saveToken, a variable so that the tests
// can make it fail.
var save = saveToken

// saving is a token source that writes every new token to its file. Once a
// save fails, it fails every call: the refresh token in the file has been
// used and the next run could not renew, so the run must stop.
type saving struct {
	src  oauth2.TokenSource
	file string

	mu      sync.Mutex
	last    *oauth2.Token
	saveErr error
}

// Token returns the source's token, saving it when it is a new one.
func (s *saving) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.saveErr != nil {
		return nil, s.saveErr
	}
	tok, err := s.src.Token()
	if err != nil {
		return nil, err
	}
	if tok.AccessToken != s.last.AccessToken || tok.RefreshToken != s.last.RefreshToken {
		if err := save(s.file, tok); err != nil {
			s.saveErr = fmt.Errorf("the renewed token could not be saved, so the refresh token in %s, used now, will be refused: %w\nfix the cause, delete %s and run again to approve the app", s.file, err, s.file)
			return nil, s.saveErr
		}
		s.last = tok
	}
	return tok, nil
}

// err is the error saving a token met, if any.
func (s *saving) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveErr
}

// loadToken reads the token in file, making the file the user's only
// (mode 0600) first if it was not.
func loadToken(file string) (*oauth2.Token, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", file)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := f.Chmod(0o600); err != nil {
			return nil, fmt.Errorf("%s can be read by others (mode %v) and its mode could not be fixed: %w", file, fi.Mode().Perm(), err)
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, err
	}
	var tok oauth2.Token
	if err := json.Unmarshal(b, &tok); err != nil {
		return nil, fmt.Errorf("%s is not a saved token: %w", file, err)
	}
	return &tok, nil
}

// saveToken writes tok to file, readable by the user only: to a new
// temporary file in the same directory (os.CreateTemp: a name no one can
// guess, created only if it does not exist, mode 0600), synced, then renamed
// over file, and the directory synced, so that a crash leaves either the old
// token or the new one, whole.
func saveToken(file string, tok *oauth2.Token) (err error) {
	b, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	dir := filepath.Dir(file)
	f, err := os.CreateTemp(dir, "."+filepath.Base(file)+".*.tmp")
	if err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	if _, err = f.Write(b); err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	if err = os.Rename(f.Name(), file); err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. Windows cannot sync a directory,
// and does not need to.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	return nil
}
