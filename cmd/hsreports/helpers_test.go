package main

// What the command's tests share, over internal/hstest and the packages'
// exported names: the tests run hsreports in process, as a user would.

import (
	"context"
	"reflect"
	"time"

	"testing"

	cat "github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/hstest"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/printer"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/root"
	"github.com/helpscout-go/reports/reportstest"
)

// The exit codes, formats and environment, by their short names.
const (
	exitOK          = cmdutil.ExitOK
	exitFailure     = cmdutil.ExitFailure
	exitUsage       = cmdutil.ExitUsage
	exitTempFail    = cmdutil.ExitTempFail
	exitInterrupted = cmdutil.ExitInterrupted
	exitTerminated  = cmdutil.ExitTerminated

	formatTable  = cmdutil.FormatTable
	formatJSON   = cmdutil.FormatJSON
	formatNDJSON = cmdutil.FormatNDJSON
	formatCSV    = cmdutil.FormatCSV

	envClientID     = cmdutil.EnvClientID
	envClientSecret = cmdutil.EnvClientSecret
	envAPIURL       = cmdutil.EnvAPIURL
	envDemo         = cmdutil.EnvDemo
	envDemoSDK      = cmdutil.EnvDemoSDK
)

var formats = cmdutil.Formats

// testNow is the present of every test (hstest.Now); testClock reads it.
var testNow = hstest.Now

func testClock() time.Time { return hstest.Now }

// demo is the environment that asks for the demo data.
var demo = hstest.Demo

// demoEnv is demo as a getenv function.
func demoEnv(k string) string { return demo[k] }

// result is what a run of hsreports gave.
type result struct {
	code           int
	stdout, stderr string
}

// hs runs hsreports in process with args, the environment env, and fake
// streams that are not terminals, at testNow.
func hs(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	r := hstest.Run(t, env, args...)
	return result{r.Code, r.Stdout, r.Stderr}
}

// hsAt is hs with the command's clock at present.
func hsAt(t *testing.T, present time.Time, env map[string]string, args ...string) result {
	t.Helper()
	r := hstest.RunAt(t, present, env, args...)
	return result{r.Code, r.Stdout, r.Stderr}
}

// run runs hsreports on streams s.
func run(ctx context.Context, args []string, s *cmdutil.IOStreams, getenv func(string) string) int {
	return root.Run(ctx, args, s, getenv)
}

// fakeAPI starts a reportstest server at testNow that takes the
// credentials in the environment it returns.
func fakeAPI(t testing.TB, opts ...reportstest.Option) (*reportstest.Server, map[string]string) {
	t.Helper()
	return hstest.FakeAPI(t, opts...)
}

// reportCalls counts the report calls a fake received.
func reportCalls(srv *reportstest.Server) int { return hstest.ReportCalls(srv) }

// report is a report of the catalogue, as the tests look at it.
type report struct {
	cat.Report
	path, about, rows string
	params            reflect.Type
	paged, whole      bool
}

func (r report) name() []string { return r.Info().Name() }

// catalog is every report.
var catalog = func() []report {
	var out []report
	for _, r := range cat.All() {
		i := r.Info()
		out = append(out, report{r, i.Path, i.About, i.Rows, i.Params, i.Kind == cat.Paged, i.Kind == cat.Overall})
	}
	return out
}()

// toolName is a report's MCP tool.
func toolName(r report) string { return r.Info().Tool() }

// hasField tells whether params type t has a field of that name.
func hasField(t reflect.Type, name string) bool {
	_, ok := t.FieldByName(name)
	return ok
}

// marshal encodes v as hsreports writes JSON.
func marshal(v any, indent string) ([]byte, error) { return printer.Marshal(v, indent) }

// lastRange is the range --last names.
var lastRange = input.LastRange
