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
// callback, and asks you to open the approval page in a browser. Without
// them it starts the fake API of package reportstest in-process, whose
// approval page approves at once, and says so on stderr.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"

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
	fake := reportstest.NewServer()
	defer fake.Close()
	fmt.Fprintln(stderr, "No credentials set: using the built-in fake API (reportstest), which approves the app at once.")
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
			err = saveToken(file, tok)
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
	if errors.Is(err, reports.ErrUnauthorized) {
		return fmt.Errorf("%w\nthe saved token was refused (the app was revoked, or the token is another server's): delete %s and run again to approve the app", err, file)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s to %s: %.0f customers helped (%+.1f%%), %.0f replies (%+.1f%%)\n",
		week.Start.Format("Mon 2 Jan"), week.End.Format("Mon 2 Jan"),
		company.Current.CustomersHelped, company.Deltas.CustomersHelped, company.Current.TotalReplies, company.Deltas.TotalReplies)
	return ts.err()
}

// authorize runs the authorization-code flow: the user approves the app on
// Help Scout's page, which redirects to the loopback callback with a code,
// exchanged for the tokens. The fake's page approves at once, so the run
// follows it itself.
func authorize(ctx context.Context, cfg *oauth2.Config, fake bool, stderr io.Writer) (*oauth2.Token, error) {
	u, err := url.Parse(cfg.RedirectURL)
	if err != nil {
		return nil, fmt.Errorf("redirect URL: %w", err)
	}
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		return nil, fmt.Errorf("listening for the redirect: %w", err)
	}
	if u.Port() == "0" { // any free port: the fake takes any redirect URL
		c := *cfg
		u.Host = ln.Addr().String()
		c.RedirectURL = u.String()
		cfg = &c
	}
	codes := make(chan url.Values, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != u.Path {
			http.NotFound(w, r)
			return
		}
		select {
		case codes <- r.URL.Query():
			fmt.Fprintln(w, "Approved: you may close this page.")
		default:
			http.Error(w, "already approved", http.StatusConflict)
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	state := oauth2.GenerateVerifier() // any unguessable string will do
	approve := cfg.AuthCodeURL(state)
	if fake {
		resp, err := http.Get(approve) // the "browser": follows the redirect to the callback
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
	} else {
		fmt.Fprintln(stderr, "Open this page to approve the app:\n\n\t"+approve)
	}
	var q url.Values
	select {
	case q = <-codes:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if q.Get("state") != state {
		return nil, errors.New("the redirect's state is not ours: not approved")
	}
	return cfg.Exchange(ctx, q.Get("code"))
}

// saving is a token source that writes every new token to its file.
type saving struct {
	src  oauth2.TokenSource
	file string

	mu      sync.Mutex
	last    *oauth2.Token
	saveErr error
}

// Token returns the source's token, saving it when it is a new one.
func (s *saving) Token() (*oauth2.Token, error) {
	tok, err := s.src.Token()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if tok.AccessToken != s.last.AccessToken || tok.RefreshToken != s.last.RefreshToken {
		s.last = tok
		if err := saveToken(s.file, tok); err != nil && s.saveErr == nil {
			s.saveErr = err
		}
	}
	return tok, nil
}

// err is the first error saving a token met, if any.
func (s *saving) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveErr
}

func loadToken(file string) (*oauth2.Token, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var tok oauth2.Token
	if err := json.Unmarshal(b, &tok); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &tok, nil
}

// saveToken writes tok to file, readable by the user only, through a
// temporary file renamed over it so that a crash never leaves half a token.
func saveToken(file string, tok *oauth2.Token) error {
	b, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	tmp := file + ".tmp"
	_ = os.Remove(tmp) // WriteFile sets the mode of a file it creates only
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}
