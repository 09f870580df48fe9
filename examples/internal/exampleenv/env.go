// Package exampleenv gives the examples their client: the real Help Scout API
// when HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET are set, or a fake API
// (reportstest) started in-process when HELPSCOUT_DEMO=1 asks for it. Sample
// data is never given where real data was meant: without either, Open fails.
package exampleenv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

// The environment variables that hold the OAuth2 app's credentials.
const (
	EnvClientID     = "HELPSCOUT_CLIENT_ID"
	EnvClientSecret = "HELPSCOUT_CLIENT_SECRET"
	// EnvDemo set to 1 (or true) asks for the fake API and its sample data,
	// even with credentials set.
	EnvDemo = "HELPSCOUT_DEMO"
)

// Env is a client and the present of its data.
type Env struct {
	Client *reports.Client
	// Now is the present of the data: the wall clock for the real API, the
	// data set's fixed now for the fake. Ranges are computed from it.
	Now time.Time
	// Fake is the in-process server, nil with the real API.
	Fake *reportstest.Server
}

// Credentials reads the app's credentials from getenv. Both set: they are
// returned, for the real API. Neither: both are empty (the fake API, if
// Demo says so).
// Only one: an error, rather than a silent fall-back to the fake.
func Credentials(getenv func(string) string) (id, secret string, err error) {
	id, secret = getenv(EnvClientID), getenv(EnvClientSecret)
	if (id == "") != (secret == "") {
		return "", "", errors.New("set both " + EnvClientID + " and " + EnvClientSecret + ", or neither and " + EnvDemo + "=1 to use the built-in fake API")
	}
	return id, secret, nil
}

// Open returns a client for the real API when both credentials are set in
// getenv (os.Getenv in main, a stub in tests). With HELPSCOUT_DEMO=1 it
// starts a fake API instead and says so in one line on notice. Setting only
// one of the two credentials is an error, and so is setting neither without
// HELPSCOUT_DEMO=1: the fake is an explicit choice. Close the Env when done.
func Open(getenv func(string) string, notice io.Writer, opts ...reports.Option) (*Env, error) {
	id, secret, err := Credentials(getenv)
	demo := Demo(getenv)
	switch {
	case err != nil:
		return nil, err
	case id == "" && !demo:
		return nil, errors.New("no credentials: set " + EnvClientID + " and " + EnvClientSecret + ", or " + EnvDemo + "=1 for the sample data of the built-in fake API")
	}
	if !demo {
		c, err := reports.New(id, secret, opts...)
		if err != nil {
			return nil, err
		}
		return &Env{Client: c, Now: time.Now().UTC().Truncate(time.Second)}, nil
	}
	srv := reportstest.NewServer()
	fmt.Fprintf(notice, "%s=1: using the built-in fake API (reportstest) and its sample data.\n", EnvDemo)
	return &Env{Client: srv.Client(opts...), Now: srv.Now(), Fake: srv}, nil
}

// Demo says whether getenv asks for the built-in fake API and its sample
// data (HELPSCOUT_DEMO=1 or true): the fake is never a silent fall-back.
func Demo(getenv func(string) string) bool {
	return getenv(EnvDemo) == "1" || strings.EqualFold(getenv(EnvDemo), "true")
}

// Close stops the fake API, if one was started.
func (e *Env) Close() {
	if e.Fake != nil {
		e.Fake.Close()
	}
}

// Main is the main function of every example: it runs run with the process's
// output and environment until done or interrupted, and exits 1 with the
// error, prefixed by name, if run fails.
func Main(name string, run func(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout, os.Stderr, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
