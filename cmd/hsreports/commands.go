package main

// The command tree, generated from the table: one command per report,
// named after its path, plus list and completion; the global flags; the
// client, real or demo.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The environment hsreports reads.
const (
	envClientID     = "HELPSCOUT_CLIENT_ID"
	envClientSecret = "HELPSCOUT_CLIENT_SECRET"
	envAPIURL       = "HELPSCOUT_API_URL"
	envDemo         = "HSREPORTS_DEMO"
)

// walkPrefetch is how many pages --all asks for at once (all paced by
// --rate-limit), so that the API's latency does not slow a walk below the
// rate limit.
const walkPrefetch = 4

// app is one run of hsreports: its streams, environment and global flags.
type app struct {
	s       *streams
	getenv  func(string) string
	rootCmd *cobra.Command
	ran     bool // a command's own code started: errors before it are cobra's usage errors

	format    string
	tz        string
	demo      bool
	verbose   bool
	quiet     bool
	noHeader  bool
	csvRaw    bool
	columns   *string     // --columns, nil when not given
	output    string      // --output FILE
	outFile   *outputFile // its temporary file while the run writes it
	rateLimit int
	retries   int
	timeout   time.Duration
}

const rootHelp = `hsreports gets the reports of the Help Scout Reports API (Mailbox API 2.0),
one command per report, named after its path: "hsreports list" shows them all
with their flags. A report takes exactly the flags of its params.

Credentials: ` + envClientID + ` and ` + envClientSecret + `, an OAuth2 app's
client credentials; without them hsreports refuses to run (exit 2). With --demo
(or ` + envDemo + `=1) it runs against a fake API with sample data (reportstest),
in process, and says so on stderr: sample data only when asked for.
` + envAPIURL + ` sets another API root (plain http only to a loopback host).

Dates: --start and --end take RFC 3339 (2026-11-01T09:30:00Z) or a date
(2026-11-01, its first instant in --tz); the end is excluded. --last 7d is the 7
whole days before today, --last 4w the 4 whole weeks (Monday to Sunday) before
this week, --last 3m the 3 calendar months before this month, all in --tz.
Without any of these: the last 7 days until now (from midnight UTC), compared
with the 7 days before. --compare adds the range of equal length right before.

Series: --each day|week|month gets the report once per calendar day, week
(Monday to Sunday) or month of the range, in --tz (the first and last clipped
to the range), up to 4 at once under --rate-limit: ndjson a line per bucket,
csv a row, table a row of the headline figures, json an array of {start, end,
result}. --metrics writes any report, with --each or without, as the long table
report,start,end,metric,value (every number, named by its dotted JSON path).

Output: --format table (the default on a terminal: durations, percentages,
current beside previous and the change; control characters shown escaped),
json (the default otherwise: the API's shape, lossless), ndjson (a JSON object
a line: one per conversation, rating, history entry or series point) or csv (a
header, then a row per item or point, nested objects as dotted columns; a text
cell starting with = + - @, tab or CR gets a leading ' so that spreadsheets do
not run it as a formula, unless --csv-raw). --columns chooses and orders the
columns, --no-header drops csv's header, --list makes an overall report's list
the rows. --output FILE replaces FILE only when the run succeeded. stdout
carries the data only; notices (--quiet drops them), the progress line of --all
and errors go to stderr.

Exit codes: 0 success; 1 the API or the network failed, or writing the output
did; 2 a usage error, invalid params or no credentials (nothing was sent); 130
interrupted (what was written is kept, line by line; a json document is marked
"partial"); 143 terminated (SIGTERM).`

// root builds the command tree.
func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:           "hsreports",
		Short:         "Every report of the Help Scout Reports API, as a table, JSON, NDJSON or CSV",
		Long:          rootHelp,
		Example:       "  hsreports company --demo\n  hsreports conversations drilldown --last 4w --all --format ndjson > conversations.ndjson\n  hsreports user ratings --user 100101 --last 3m --format csv\n  hsreports company --last 90d --each day --metrics --format csv > daily.csv",
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
	}
	var version bool
	root.Flags().BoolVar(&version, "version", false, "print the version (with --format json: as JSON)")
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		if version {
			return a.printVersion()
		}
		return cmd.Help()
	}
	a.rootCmd = root
	root.SetOut(a.s.out)
	root.SetErr(a.s.err)
	pf := root.PersistentFlags()
	pf.SortFlags = false
	pf.VarP(&enumValue{v: reflect.ValueOf(&a.format).Elem(), values: formats}, "format", "f", "output format: "+strings.Join(formats, ", ")+" (default table on a terminal, else json)")
	complete(root, "format", formats)
	pf.StringVar(&a.tz, "tz", "UTC", "time zone of dates, --last and the timestamps of table and csv, e.g. Europe/Berlin")
	completeZones(root, "tz")
	pf.BoolVar(&a.demo, "demo", false, "use the built-in fake API and its sample data, even with credentials set (also "+envDemo+"=1)")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "log every request (slog debug records) on stderr; never a secret")
	pf.IntVar(&a.rateLimit, "rate-limit", 0, "requests per minute at most (the account's limit, shared by its users); with --demo the fake enforces it too")
	pf.IntVar(&a.retries, "retries", reports.DefaultMaxRetries, "retries of a failed request (network errors, 429, 5xx)")
	pf.DurationVar(&a.timeout, "timeout", 0, "give up after this long, all pages and retries included (0: no limit)")
	pf.StringVarP(&a.output, "output", "o", "", "write to `FILE` instead of stdout: written beside it and renamed into place on success; on a failure or an interrupt FILE is left as it was")
	pf.BoolVarP(&a.quiet, "quiet", "q", false, "no notices and no progress line on stderr; errors are still shown")
	pf.BoolVar(&a.noHeader, "no-header", false, "csv without its header line")
	pf.Var(&optString{p: &a.columns}, "columns", "the columns of csv, ndjson and table rows, in this order: dotted names as in the csv header, comma-separated (`a,b.c`)")
	pf.BoolVar(&a.csvRaw, "csv-raw", false, "csv cells exactly as the API sent them: without it a text starting with = + - @, tab or CR gets a leading ' so that spreadsheets do not run it as a formula")

	cmds := map[string]*cobra.Command{"": root}
	for _, r := range catalog {
		words := r.name()
		parent, ok := cmds[strings.Join(words[:len(words)-1], " ")]
		if !ok {
			panic("hsreports: the table lists " + r.path + " before its parent")
		}
		cmd := a.reportCommand(r)
		parent.AddCommand(cmd)
		cmds[strings.Join(words, " ")] = cmd
	}
	root.AddCommand(a.syncCommand())
	root.AddCommand(a.listCommand(cmds), &cobra.Command{
		Use:   "version",
		Short: "Print the version (with --format json: as JSON)",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.printVersion() },
	})
	root.AddCommand(a.mcpCommand())
	return root
}

// printVersion prints the version, as JSON with --format json or ndjson.
func (a *app) printVersion() error {
	a.ran = true
	if a.output != "" {
		if err := a.openOutput(a.output); err != nil {
			return err
		}
	}
	v := currentVersion()
	if a.format == formatJSON || a.format == formatNDJSON {
		b, err := marshal(v, "")
		if err != nil {
			return err
		}
		_, err = a.s.out.Write(b)
		return err
	}
	_, err := fmt.Fprintf(a.s.out, "hsreports version %s\n", v.Version)
	return err
}

// reportCommand is the command of one report.
func (a *app) reportCommand(r report) *cobra.Command {
	words := r.name()
	long := "GET " + r.path + "\n\n" + r.about + ".\n\nRows of ndjson and csv: " + r.rows + "."
	if r.paged {
		long += " With --all, the rows of every page from --page on, as they come."
	}
	cmd := &cobra.Command{
		Use:     words[len(words)-1],
		Short:   r.about,
		Long:    long,
		Example: example(r),
		Args:    cobra.NoArgs,
	}
	cmd.Flags().SortFlags = false
	b := bind(cmd, r.params, r.paged)
	b.each.bind(cmd)
	if r.whole {
		var names []string
		for _, c := range listColumns(r.item) {
			names = append(names, c.name)
		}
		cmd.Flags().StringVar(&b.list, "list", "", "a row per element of this list instead of the whole report (csv, ndjson, table; json: the list): "+strings.Join(names, ", "))
		complete(cmd, "list", names)
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return a.runReport(cmd.Context(), r, b) }
	return cmd
}

// example is a report's help example: its required flags with ids of the
// demo data, then a use of its range, compare, view-by or --all flags.
func example(r report) string {
	cmd := "hsreports " + strings.Join(r.name(), " ")
	for _, f := range paramFields(r.params) {
		if ex := fields[f.Name].example; ex != "" {
			cmd += " " + ex
		}
	}
	more := " --last 7d --format json"
	switch {
	case r.paged:
		more = " --last 4w --all --format ndjson"
	case hasField(r.params, "ViewBy"):
		more = " --last 3m --view-by week --format csv"
	case hasField(r.params, "PreviousStart"):
		more = " --last 4w --compare"
	}
	return "  " + cmd + " --demo\n  " + cmd + more
}

// listCommand prints every report with its flags: as text, or with
// --format json (or ndjson) as JSON.
func (a *app) listCommand(cmds map[string]*cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List every report with its flags (--format json: as JSON)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			a.ran = true
			if a.output != "" {
				if err := a.openOutput(a.output); err != nil {
					return err
				}
			}
			type entry struct {
				Command string   `json:"command"`
				Path    string   `json:"path"`
				About   string   `json:"about"`
				Rows    string   `json:"rows"`
				Paged   bool     `json:"paged"`
				Flags   []string `json:"flags"`
			}
			var entries []entry
			var b strings.Builder
			for _, r := range catalog {
				name := strings.Join(r.name(), " ")
				var flags []string
				cmds[name].LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
					if f.Name != "help" {
						flags = append(flags, "--"+f.Name)
					}
				})
				entries = append(entries, entry{name, r.path, r.about, r.rows, r.paged, flags})
				fmt.Fprintf(&b, "%-42s GET %s\n    %s.\n    %s\n", name, r.path, r.about, strings.Join(flags, " "))
			}
			switch a.format {
			case formatJSON:
				out, err := marshal(entries, "  ")
				if err != nil {
					return err
				}
				_, err = a.s.out.Write(out)
				return err
			case formatNDJSON:
				for _, e := range entries {
					out, err := marshal(e, "")
					if err == nil {
						_, err = a.s.out.Write(out)
					}
					if err != nil {
						return err
					}
				}
				return nil
			}
			_, err := fmt.Fprint(a.s.out, b.String())
			return err
		},
	}
}

// commandPath names the command args ask for, for the usage hint.
func (a *app) commandPath(args []string) string {
	if cmd, _, err := a.rootCmd.Find(args); err == nil {
		return cmd.CommandPath()
	}
	return a.rootCmd.CommandPath()
}

// checkGlobals checks the global flags every command that calls the API
// shares, and returns the --tz location.
func (a *app) checkGlobals() (*time.Location, error) {
	loc, err := time.LoadLocation(a.tz)
	if err != nil {
		return nil, usageErrorf("--tz %q: no such time zone", a.tz)
	}
	for _, f := range []struct {
		name string
		bad  bool
	}{{"--rate-limit", a.rateLimit < 0}, {"--retries", a.retries < 0}, {"--timeout", a.timeout < 0}} {
		if f.bad {
			return nil, usageErrorf("%s must not be negative", f.name)
		}
	}
	return loc, nil
}

// runReport gets a report with the params of b and writes it.
func (a *app) runReport(ctx context.Context, r report, b *binding) error {
	a.ran = true
	loc, err := a.checkGlobals()
	if err != nil {
		return err
	}
	format := a.format
	if format == "" {
		format = formatJSON
		if a.s.outTTY && a.output == "" {
			format = formatTable
		}
	}
	o := &output{format: format, s: a.s, loc: loc, brief: r.brief, noHeader: a.noHeader, csvRaw: a.csvRaw, list: b.list, notice: a.notice, quiet: a.quiet}
	if a.columns != nil {
		o.columns = []string{}
		for c := range strings.SplitSeq(*a.columns, ",") {
			if c = strings.TrimSpace(c); c != "" {
				o.columns = append(o.columns, c)
			}
		}
	}
	if err := o.checkColumns(r.item, r.lead, r.whole); err != nil {
		return err
	}
	run := r.run
	if b.each.on() {
		if run, err = b.each.runner(r, b, o); err != nil {
			return err
		}
	}
	if a.output != "" {
		if err := a.openOutput(a.output); err != nil {
			return err // o writes to a.s, now the file
		}
	}
	c, done, err := a.newClient()
	if err != nil {
		return err
	}
	defer done()
	p, err := b.resolve(c.Now(), loc)
	if err != nil {
		return err
	}
	if a.timeout <= 0 {
		return run(ctx, c, p, b.all, o)
	}
	tctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	err = run(tctx, c, p, b.all, o)
	var api *reports.APIError
	// The SDK gives up before the deadline when the next retry's wait
	// would outlive it: a retryable answer with retries left is that.
	stopped := errors.As(err, &api) && (api.StatusCode == http.StatusTooManyRequests || api.StatusCode >= 500) && api.Attempts <= a.retries
	// The pacer, too, gives up before the deadline when the next slot of
	// the rate limit is beyond it (an error that is DeadlineExceeded).
	early := errors.Is(err, context.DeadlineExceeded)
	if err != nil && ctx.Err() == nil && (tctx.Err() != nil || stopped || early) {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no answer within --timeout %v: %w", a.timeout, err)
		}
		// The deadline ended the retries: say so, with what the last
		// attempt got.
		return fmt.Errorf("--timeout %v reached; the last attempt got: %w", a.timeout, err)
	}
	return err
}

// newClient is the one place that decides which API a command talks to,
// for every command that needs a client (the reports, and any other
// command that calls the API):
//
//   - --demo, or HSREPORTS_DEMO=1 (or true) in the environment: the fake API
//     (reportstest) with its sample data, started in process, announced in
//     one line on stderr (unless --quiet), even when credentials are set;
//   - else HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET both set: the real
//     API (at HELPSCOUT_API_URL when set);
//   - else an error, before any request (exit 2): one credential without
//     the other, or none, names both variables and --demo. Sample data is
//     never given where real data was meant.
//
// extra options come after those of the global flags (retries, rate limit,
// verbose), for the real client and the fake's alike. done stops the fake,
// if one was started; call it when the command ends.
func (a *app) newClient(extra ...reports.Option) (c *reports.Client, done func(), err error) {
	opts := []reports.Option{
		reports.WithMaxRetries(a.retries),
		reports.WithRateLimit(a.rateLimit),
		reports.WithPrefetch(walkPrefetch),
		reports.WithUserAgent("hsreports"),
	}
	if a.verbose {
		opts = append(opts, reports.WithLogger(slog.New(slog.NewTextHandler(a.s.err, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	opts = append(opts, extra...)
	id, secret := a.getenv(envClientID), a.getenv(envClientSecret)
	why := "--demo"
	demoEnv := a.getenv(envDemo)
	switch {
	case a.demo:
	case demoEnv == "1" || strings.EqualFold(demoEnv, "true"):
		why = envDemo + "=" + demoEnv
	case id != "" && secret != "":
		if u := a.getenv(envAPIURL); u != "" {
			opts = append(opts, reports.WithBaseURL(u))
		}
		c, err := reports.New(id, secret, opts...)
		if err != nil {
			return nil, nil, &usageError{err}
		}
		return c, func() {}, nil
	case id != "" || secret != "":
		return nil, nil, usageErrorf("set both %s and %s (or --demo, or %s=1, for the sample data)", envClientID, envClientSecret, envDemo)
	default:
		return nil, nil, usageErrorf("no credentials: set %s and %s, or give --demo (or %s=1) for the sample data of the built-in fake API", envClientID, envClientSecret, envDemo)
	}
	var fake []reportstest.Option
	if a.rateLimit > 0 {
		fake = append(fake, reportstest.WithRateLimit(a.rateLimit, time.Minute))
	}
	srv := reportstest.NewServer(fake...)
	a.notice("%s: demo data from the built-in fake API (reportstest), as of %s", why, srv.Now().Format(time.DateOnly))
	return srv.Client(opts...), srv.Close, nil
}

// notice writes a line on stderr, unless --quiet.
func (a *app) notice(format string, args ...any) {
	if !a.quiet {
		fmt.Fprintf(a.s.err, "hsreports: "+format+"\n", args...)
	}
}
