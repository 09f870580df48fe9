// Package hstest is what the tests of hsreports share: one present for
// every test, the fake API at that present, and hsreports run in process
// with fake streams.
package hstest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/root"
	"github.com/helpscout-go/reports/reportstest"
)

// Now is the present every test runs at, unless it says otherwise: the
// command's clock (Clock) and the fake's data set (FakeAPI, and the demo
// data, whose present is the start of the hour) read it, so that the suite
// gives the same answers on any day.
var Now = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

// Clock is the command's clock in the tests: Now.
func Clock() time.Time { return Now }

// Demo is the environment that asks for the demo data.
var Demo = map[string]string{cmdutil.EnvDemo: "1"}

// Credentials the fake of FakeAPI takes.
const (
	ClientID     = "hsreports-test-id"
	ClientSecret = "hsreports-test-secret-3f9a1c"
)

// FakeAPI starts a reportstest server at Now (opts may say otherwise) that
// takes the credentials in the environment it returns, which points
// hsreports at it.
func FakeAPI(t testing.TB, opts ...reportstest.Option) (*reportstest.Server, map[string]string) {
	t.Helper()
	srv := reportstest.NewServer(append([]reportstest.Option{reportstest.WithCredentials(ClientID, ClientSecret), reportstest.WithNow(Now)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv, map[string]string{cmdutil.EnvClientID: ClientID, cmdutil.EnvClientSecret: ClientSecret, cmdutil.EnvAPIURL: srv.URL}
}

// Result is what a run of hsreports gave.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Streams are fake streams, not terminals, on out and errw, at Now.
func Streams(out, errw interface{ Write([]byte) (int, error) }) *cmdutil.IOStreams {
	return &cmdutil.IOStreams{Out: out, Err: errw, Now: time.Now, Clock: Clock}
}

// Run runs hsreports in process with args, the environment env, and fake
// streams that are not terminals, at Now.
func Run(t testing.TB, env map[string]string, args ...string) Result {
	t.Helper()
	return RunAt(t, Now, env, args...)
}

// RunAt is Run with the command's clock at present.
func RunAt(t testing.TB, present time.Time, env map[string]string, args ...string) Result {
	t.Helper()
	var out, errb bytes.Buffer
	s := Streams(&out, &errb)
	s.Clock = func() time.Time { return present }
	code := root.Run(context.Background(), args, s, Getenv(env))
	return Result{code, out.String(), errb.String()}
}

// Getenv is env as a getenv function.
func Getenv(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}

// ReportCalls counts the report calls a fake received.
func ReportCalls(srv *reportstest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v2/reports") {
			n++
		}
	}
	return n
}
