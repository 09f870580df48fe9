package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/spf13/pflag"
)

// The environment hsreports reads.
const (
	EnvClientID     = "HELPSCOUT_CLIENT_ID"
	EnvClientSecret = "HELPSCOUT_CLIENT_SECRET"
	EnvAPIURL       = "HELPSCOUT_API_URL"
	EnvDemo         = "HSREPORTS_DEMO"
	// EnvDemoSDK is the variable the SDK's examples read for the demo
	// data; hsreports takes it too.
	EnvDemoSDK = "HELPSCOUT_DEMO"
	// EnvDB names the database of hsreports sync (and of mcp's history)
	// when --db is not given: it keeps a PostgreSQL URL (and any password in
	// it) out of the command line, which every local user sees in ps.
	EnvDB = "HSREPORTS_DB"
)

// The output formats.
const (
	FormatTable  = "table"
	FormatJSON   = "json"
	FormatNDJSON = "ndjson"
	FormatCSV    = "csv"
)

// Formats are the values of --format.
var Formats = []string{FormatTable, FormatJSON, FormatNDJSON, FormatCSV}

// WalkPrefetch is how many pages a walk asks for at once (all paced by
// --rate-limit), so that the API's latency does not slow a walk below the
// rate limit.
const WalkPrefetch = 4

// Globals are the global flags.
type Globals struct {
	Format    string // "" when not given: see App.Format
	TZ        string
	Demo      bool
	Verbose   bool
	Quiet     bool
	NoHeader  bool
	CSVRaw    bool
	Columns   *string // nil when not given
	Output    string
	RateLimit int
	Retries   int
	Timeout   time.Duration
}

// App is one run of hsreports: its streams, its environment and its global
// flags, and the state of the run every command shares.
type App struct {
	IO     *IOStreams
	Getenv func(string) string
	Flags  Globals
	// Ran is set once a command's own code starts: errors before it are
	// cobra's, usage errors all.
	Ran bool

	out *outputFile // --output's temporary file while the run writes it
}

// BindGlobals adds the global flags to fs (the root command's persistent
// flags). complete registers a flag's completion.
func (a *App) BindGlobals(fs *pflag.FlagSet) {
	fs.SortFlags = false
	fs.VarP(NewEnum(&a.Flags.Format, Formats), "format", "f", "output format: "+strings.Join(Formats, ", ")+" (default table on a terminal, else json)")
	fs.StringVar(&a.Flags.TZ, "tz", "UTC", "time zone of dates, --last and the timestamps of table and csv, e.g. Europe/Berlin")
	fs.BoolVar(&a.Flags.Demo, "demo", false, "use the built-in fake API and its sample data, even with credentials set (also "+EnvDemo+"=1)")
	fs.BoolVarP(&a.Flags.Verbose, "verbose", "v", false, "log every request (slog debug records) on stderr; never a secret")
	fs.IntVar(&a.Flags.RateLimit, "rate-limit", 0, "requests per minute at most (the account's limit, shared by its users); with --demo the fake enforces it too")
	fs.IntVar(&a.Flags.Retries, "retries", reports.DefaultMaxRetries, "retries of a failed request (network errors, 429, 5xx)")
	fs.DurationVar(&a.Flags.Timeout, "timeout", 0, "give up after this long, all pages and retries included (0: no limit)")
	fs.StringVarP(&a.Flags.Output, "output", "o", "", "write to `FILE` instead of stdout: written beside it and renamed into place on success; on a failure or an interrupt FILE is left as it was")
	fs.BoolVarP(&a.Flags.Quiet, "quiet", "q", false, "no notices and no progress line on stderr; errors are still shown")
	fs.BoolVar(&a.Flags.NoHeader, "no-header", false, "csv without its header line")
	fs.Var(&optString{p: &a.Flags.Columns}, "columns", "the columns of csv, ndjson and table rows, in this order: dotted names as in the csv header, comma-separated (`a,b.c`)")
	fs.BoolVar(&a.Flags.CSVRaw, "csv-raw", false, "csv cells exactly as the API sent them: without it a text starting with = + - @, tab or CR gets a leading ' so that spreadsheets do not run it as a formula")
}

// OutputFlags are the global flags about how a result is written: refused
// by the commands that write no result of a report (sync, mcp).
var OutputFlags = []string{"format", "output", "columns", "no-header", "csv-raw"}

// CheckGlobals checks the global flags every command that calls the API
// shares, and returns the --tz location. Every such command calls it
// first, before anything else.
func (a *App) CheckGlobals() (*time.Location, error) {
	loc, err := time.LoadLocation(a.Flags.TZ)
	if err != nil || a.Flags.TZ == "" {
		return nil, Usagef("--tz %q: no such time zone", a.Flags.TZ)
	}
	for _, f := range []struct {
		name string
		bad  bool
	}{{"--rate-limit", a.Flags.RateLimit < 0}, {"--retries", a.Flags.Retries < 0}, {"--timeout", a.Flags.Timeout < 0}} {
		if f.bad {
			return nil, Usagef("%s must not be negative", f.name)
		}
	}
	return loc, nil
}

// LoadZone loads an IANA time zone by name, for a caller other than the
// host's user (an MCP client): "Local", the host's zone, which such a
// caller should not learn, and "" are refused. The command line's --tz
// takes Local.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, errors.New("no such time zone: want an IANA name, e.g. Europe/Berlin or UTC")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, errors.New("no such time zone: want an IANA name, e.g. Europe/Berlin or UTC")
	}
	return loc, nil
}

// Format is the output format: --format, else table where stdout is a
// terminal (and not --output), else json.
func (a *App) Format() string {
	switch {
	case a.Flags.Format != "":
		return a.Flags.Format
	case a.IO.OutTTY && a.Flags.Output == "":
		return FormatTable
	}
	return FormatJSON
}

// ColumnList is --columns as a list: nil when not given.
func (a *App) ColumnList() []string {
	if a.Flags.Columns == nil {
		return nil
	}
	out := []string{}
	for c := range strings.SplitSeq(*a.Flags.Columns, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// Notice writes a line on stderr, unless --quiet.
func (a *App) Notice(format string, args ...any) {
	if !a.Flags.Quiet {
		fmt.Fprintf(a.IO.Err, "hsreports: "+format+"\n", args...)
	}
}

// NewClient is the one place that decides which API a command talks to,
// for every command that calls the API:
//
//   - --demo, or HSREPORTS_DEMO=1 (or true) or HELPSCOUT_DEMO=1 in the
//     environment: the fake API (reportstest) with its sample data, started
//     in process, announced in one line on stderr (unless --quiet), even
//     when credentials are set. Its present is the start of the current
//     hour (DemoPresent);
//   - else HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET both set: the real
//     API (at HELPSCOUT_API_URL when set);
//   - else an error, before any request (exit 2): one credential without
//     the other, or none, names both variables and --demo. Sample data is
//     never given where real data was meant.
//
// extra options come after those of the global flags (retries, rate limit,
// verbose), for the real client and the fake's alike. done stops the fake,
// if one was started; call it when the command ends.
func (a *App) NewClient(extra ...reports.Option) (c *reports.Client, done func(), err error) {
	opts := []reports.Option{
		reports.WithMaxRetries(a.Flags.Retries),
		reports.WithRateLimit(a.Flags.RateLimit),
		reports.WithPrefetch(WalkPrefetch),
		reports.WithUserAgent("hsreports"),
	}
	if a.Flags.Verbose {
		opts = append(opts, reports.WithLogger(slog.New(slog.NewTextHandler(a.IO.Err, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	opts = append(opts, extra...)
	why, demo := a.demoAsked()
	id, secret := a.Getenv(EnvClientID), a.Getenv(EnvClientSecret)
	switch {
	case demo:
	case id != "" && secret != "":
		if u := a.Getenv(EnvAPIURL); u != "" {
			opts = append(opts, reports.WithBaseURL(u))
		}
		c, err := reports.New(id, secret, append([]reports.Option{reports.WithClock(a.IO.Present)}, opts...)...)
		if err != nil {
			return nil, nil, &UsageError{err}
		}
		return c, func() {}, nil
	case id != "" || secret != "":
		return nil, nil, Usagef("set both %s and %s (or --demo, or %s=1, for the sample data)", EnvClientID, EnvClientSecret, EnvDemo)
	default:
		return nil, nil, Usagef("no credentials: set %s and %s, or give --demo (or %s=1) for the sample data of the built-in fake API", EnvClientID, EnvClientSecret, EnvDemo)
	}
	fake := []reportstest.Option{reportstest.WithNow(DemoPresent(a.IO.Present()))}
	if a.Flags.RateLimit > 0 {
		fake = append(fake, reportstest.WithRateLimit(a.Flags.RateLimit, time.Minute))
	}
	srv := reportstest.NewServer(fake...)
	a.Notice("%s: demo data from the built-in fake API (reportstest), as of %s", why, srv.Now().Format("2006-01-02 15:04 MST"))
	return srv.Client(opts...), srv.Close, nil
}

// demoAsked tells whether the demo data was asked for, and by what.
func (a *App) demoAsked() (why string, ok bool) {
	if a.Flags.Demo {
		return "--demo", true
	}
	for _, name := range []string{EnvDemo, EnvDemoSDK} {
		if v := a.Getenv(name); v == "1" || strings.EqualFold(v, "true") {
			return name + "=" + v, true
		}
	}
	return "", false
}

// DemoPresent is the present of the demo data at now: the start of the
// hour, in UTC. The demo data follows today, and the same present gives
// the same data: two runs within an hour agree, figure for figure.
func DemoPresent(now time.Time) time.Time { return now.UTC().Truncate(time.Hour) }

// WithTimeout runs f under --timeout (when set) and says so in the error
// when the timeout, not the API, ended it: the context ran out, the SDK
// gave up before the deadline because the next retry's wait would outlive
// it (a retryable answer with retries left), or the pacer did because the
// next slot of the rate limit is beyond it.
func (a *App) WithTimeout(ctx context.Context, f func(context.Context) error) error {
	if a.Flags.Timeout <= 0 {
		return f(ctx)
	}
	tctx, cancel := context.WithTimeout(ctx, a.Flags.Timeout)
	defer cancel()
	err := f(tctx)
	return a.TimeoutError(ctx, tctx, err)
}

// TimeoutError is err, saying so when --timeout ended it; ctx is the run's
// context and tctx the one with the deadline.
func (a *App) TimeoutError(ctx, tctx context.Context, err error) error {
	if err == nil || ctx.Err() != nil {
		return err
	}
	var api *reports.APIError
	stopped := errors.As(err, &api) && (api.StatusCode == http.StatusTooManyRequests || api.StatusCode >= 500) && api.Attempts <= a.Flags.Retries
	early := errors.Is(err, context.DeadlineExceeded)
	if tctx.Err() == nil && !stopped && !early {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer within --timeout %v: %w", a.Flags.Timeout, err)
	}
	return fmt.Errorf("--timeout %v reached; the last attempt got: %w", a.Flags.Timeout, err)
}

// CompleteNames are the names of a kind, for the shell completion of a
// flag of ids: from the API (or the demo) the flags given so far point at,
// quietly; none where that fails.
func (a *App) CompleteNames(kind reports.NameKind) []string {
	a.Flags.Quiet = true // the completion's stderr is the user's prompt
	c, done, err := a.NewClient()
	if err != nil {
		return nil
	}
	defer done()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	names, _ := reports.NewResolver(c).Complete(ctx, kind, "")
	return names
}
