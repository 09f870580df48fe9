// Package sync is hsreports sync: the figures of the overall reports, a
// bucket (day, week or month) at a time, into a database kept current.
// The pipeline is parts that exist: the range flags give a range,
// Dates.Split its buckets, the catalogue's Series fetches them under the
// pacer, reports.Metrics flattens each answer, and the store writes each
// bucket in one transaction.
package sync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/spf13/cobra"
)

// Sources are the reports sync stores: the overall reports that need no
// id, by command name.
var Sources = []string{"company", "conversations", "productivity", "happiness", "docs", "chat", "email", "phone"}

// DefaultReports are the reports sync stores without --reports.
var DefaultReports = []string{"company", "conversations", "productivity", "happiness"}

// DefaultDB is where sync writes without --db.
const DefaultDB = "sqlite:hsreports.db"

// filters are sync's filter flags and range: a field of the union of the
// sources' params each, set on each report that takes it.
type filters struct {
	reports.Dates
	Mailboxes   []int64
	Tags        []int64
	Folders     []int64
	Types       []reports.ConversationType
	Sites       []string
	OfficeHours bool
}

// filterOrder is the order of the filters in the filters column, by field.
var filterOrder = []string{"Mailboxes", "Tags", "Folders", "Types", "Sites", "OfficeHours"}

// Options are one run of sync.
type Options struct {
	App     *cmdutil.App
	Input   *input.Input // the range and the filters
	DB      string
	Reports []string
	Each    string
	Refetch string
	DryRun  bool
}

const help = `sync keeps a database of the overall reports' figures current, a row per
figure of each day (--each: week, month): table metrics, columns report,
filters, period_start, period_end (UTC), metric, value, fetched_at, keyed by the
first five. metric is the figure's dotted name, e.g. customersHelped or
users.100101.replies (a user's figures, by user id).

--db sqlite:PATH (the default: sqlite:hsreports.db, nothing to install) or a
postgres:// URL, for a database a team shares (Grafana and Metabase read it).
The tables are created when missing.

The range: --start/--end or --last as for every report; by default the last 30
whole days. A bucket already stored is fetched again only while it is recent:
until --refetch after its end (the API's figures for a day settle after it
ends), so a rerun over closed days sends no request. Each bucket is written
in one transaction: an interrupted run loses at most the buckets in flight,
and the next run completes the rest. One run at a time per database: another
one exits 75 (try again later). --timeout bounds the whole run.`

// NewCmd is the sync command; run runs it (Run, unless a test gives
// another).
func NewCmd(app *cmdutil.App, run func(context.Context, *Options) error) *cobra.Command {
	o := &Options{App: app, Input: input.New(reflect.TypeFor[filters]())}
	o.Input.Names = app.CompleteNames
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Keep a database (SQLite or PostgreSQL) of the reports' daily figures current",
		Long:  help,
		Example: "  hsreports sync --demo --db sqlite:/tmp/demo.db\n" +
			"  hsreports sync --db postgres://metrics@db.example.com/support --last 12m --dry-run\n" +
			"  hsreports sync --reports company,email --each week --last 6m",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return run(cmd.Context(), o) },
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&o.DB, "db", DefaultDB, "the database: sqlite:PATH, or postgres://user:password@host/database")
	fs.StringSliceVar(&o.Reports, "reports", DefaultReports, "reports to store, comma-separated: "+strings.Join(Sources, ", "))
	cmdutil.CompleteList(cmd, "reports", func() []string { return Sources })
	fs.StringVar(&o.Each, "each", "day", "bucket size: day, week (Monday to Sunday) or month, in --tz")
	cmdutil.Complete(cmd, "each", input.EachValues)
	o.Input.BindFields(cmd)
	o.Input.BindLast(cmd, "the range: the N whole days (30d), weeks (4w) or months (3m) before the current one, in --tz (default 30d)",
		[]string{"7d", "30d", "4w", "3m", "12m"})
	fs.StringVar(&o.Refetch, "refetch", "2d", "fetch a stored bucket again until this long after its end: 2d, 36h, 0 (never)")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the plan (buckets, calls, time at the rate limit) and stop")
	return cmd
}

// plan is what a run fetches.
type plan struct {
	rng     reports.Dates
	buckets []reports.Dates
	jobs    []job
}

// job is one report's part of a plan.
type job struct {
	report  catalog.Report
	name    string
	params  any
	filters string
	todo    []reports.Dates // the buckets to fetch
	stored  int             // the buckets stored and settled: skipped
	// again are the buckets of todo stored already, to be replaced.
	again map[bucketKey]bool
}

// Run runs hsreports sync: its flags checked (the global ones first), the
// plan made against what the database holds, the buckets fetched and
// written.
func Run(ctx context.Context, o *Options) error {
	a := o.App
	a.Ran = true
	loc, err := a.CheckGlobals()
	if err != nil {
		return err
	}
	by, err := parseEach(o.Each)
	if err != nil {
		return err
	}
	refetch, err := parseRefetch(o.Refetch)
	if err != nil {
		return err
	}
	srcs, err := pickSources(o.Reports)
	if err != nil {
		return err
	}
	if _, _, _, err := parseDB(o.DB); err != nil {
		return cmdutil.Usagef("--db: %v", err)
	}
	count := &callCounter{next: http.DefaultTransport}
	c, done, err := a.NewClient(reports.WithHTTPClient(&http.Client{Transport: count}))
	if err != nil {
		return err
	}
	defer done()
	if !o.Input.Range() {
		o.Input.Last = "30d"
	}
	res, err := o.Input.Resolve(ctx, c.Now(), loc, reports.NewResolver(c))
	if err != nil {
		return err
	}
	f := res.Params.(filters)
	if f.Start.IsZero() || f.End.IsZero() {
		return cmdutil.Usagef("--start and --end: give both, or --last")
	}
	rng := res.Range
	pl := &plan{rng: rng, buckets: rng.Split(by)}
	for _, name := range srcs {
		r, _ := catalog.Find(name)
		p, text, err := paramsOf(r, f)
		if err != nil {
			return err
		}
		pl.jobs = append(pl.jobs, job{report: r, name: name, params: p, filters: text})
	}
	return a.WithTimeout(ctx, func(ctx context.Context) error {
		var st *store
		if o.DryRun {
			st, err = peekStore(ctx, o.DB)
		} else {
			st, err = openStore(ctx, o.DB)
		}
		if err != nil {
			return err
		}
		if st != nil {
			defer st.Close()
		}
		for i := range pl.jobs {
			j := &pl.jobs[i]
			var stored map[bucketKey]time.Time
			if st != nil {
				if stored, err = st.fetched(ctx, j.name, j.filters); err != nil {
					return err
				}
			}
			for _, b := range pl.buckets {
				k := bucketKey{j.name, j.filters, b.Start.UTC(), b.End.UTC()}
				at, ok := stored[k]
				if ok && !at.Before(b.End.Add(refetch)) {
					j.stored++
					continue
				}
				j.todo = append(j.todo, b)
				if ok {
					if j.again == nil {
						j.again = map[bucketKey]bool{}
					}
					j.again[k] = true
				}
			}
		}
		if o.DryRun {
			return printPlan(a, pl, o.DB, by)
		}
		return run(ctx, a, c, st, pl, count)
	})
}

// paramsOf are the params of report r with the filters f, and the
// canonical text of the filters ("" for none). A filter the report does
// not take is a usage error.
func paramsOf(r catalog.Report, f filters) (any, string, error) {
	info := r.Info()
	p := reflect.New(info.Params).Elem()
	fv := reflect.ValueOf(f)
	var text []string
	for _, name := range filterOrder {
		v := fv.FieldByName(name)
		var shown string
		switch x := v.Interface().(type) {
		case []int64:
			x = slices.Compact(slices.Sorted(slices.Values(x)))
			v = reflect.ValueOf(x)
			parts := make([]string, len(x))
			for i, id := range x {
				parts[i] = strconv.FormatInt(id, 10)
			}
			shown = strings.Join(parts, ",")
		case []reports.ConversationType:
			x = slices.Compact(slices.Sorted(slices.Values(x)))
			v = reflect.ValueOf(x)
			parts := make([]string, len(x))
			for i, t := range x {
				parts[i] = string(t)
			}
			shown = strings.Join(parts, ",")
		case []string:
			x = slices.Compact(slices.Sorted(slices.Values(x)))
			v = reflect.ValueOf(x)
			shown = strings.Join(x, ",")
		case bool:
			if x {
				shown = "true"
			}
		}
		if shown == "" {
			continue
		}
		flag, _ := input.FieldOf(name)
		field := p.FieldByName(name)
		if !field.IsValid() {
			return nil, "", cmdutil.Usagef("--%s: the %s report takes no --%s", flag.Name, info.Command(), flag.Name)
		}
		field.Set(v)
		text = append(text, flag.Name+"="+shown)
	}
	return p.Interface(), strings.Join(text, " "), nil
}

// printPlan prints what a run would fetch.
func printPlan(a *cmdutil.App, pl *plan, db string, by reports.ViewBy) error {
	_, _, where, _ := parseDB(db)
	var b strings.Builder
	calls := 0
	fmt.Fprintf(&b, "plan: %s to %s, %d buckets (%s), into %s\n", pl.rng.Start.Format(time.RFC3339), pl.rng.End.Format(time.RFC3339), len(pl.buckets), by, where)
	for _, j := range pl.jobs {
		filters := ""
		if j.filters != "" {
			filters = " [" + j.filters + "]"
		}
		fmt.Fprintf(&b, "  %-14s %4d to fetch, %4d stored%s\n", j.name, len(j.todo), j.stored, filters)
		calls += len(j.todo)
	}
	rate, about := a.Flags.RateLimit, "--rate-limit"
	if rate == 0 {
		rate, about = 200, "200 a minute, a typical account's limit (--rate-limit N: yours)"
	} else {
		about = fmt.Sprintf("--rate-limit %d", rate)
	}
	d := time.Duration(float64(calls) / float64(rate) * float64(time.Minute)).Round(time.Second)
	fmt.Fprintf(&b, "%d calls, about %v at %s\n", calls, d, about)
	_, err := fmt.Fprint(a.IO.Out, b.String())
	return err
}

// stats are the counts of a run, for the progress and summary lines.
type stats struct {
	written, skipped, rows, buckets int
}

// run fetches and writes the plan's buckets.
func run(ctx context.Context, a *cmdutil.App, c *reports.Client, st *store, pl *plan, count *callCounter) error {
	var s stats
	total := 0
	for _, j := range pl.jobs {
		s.skipped += j.stored
		total += len(j.todo)
	}
	s.buckets = total + s.skipped
	prog := a.StartProgress(cmdutil.ProgressOptions{Prefix: "sync: ", Unit: "buckets", Total: s.buckets, Every: 200 * time.Millisecond})
	step := func() {
		detail := fmt.Sprintf("%d calls", count.calls.Load())
		if el := prog.Elapsed(); el > time.Second {
			detail += fmt.Sprintf(" · %.0f calls/min", float64(count.calls.Load())/el.Minutes())
		}
		prog.Step(s.written+s.skipped, detail)
	}
	// The buckets go to the database through a buffer, written by one
	// goroutine in order, so that a slow commit does not hold up the
	// fetching, which the rate limit paces. A failed write stops the
	// fetching; a failed fetch stops the run once the buckets fetched
	// before it are written.
	type fetchedBucket struct {
		k     bucketKey
		at    time.Time
		rows  []figure
		maybe bool
	}
	ch := make(chan fetchedBucket, 64)
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	var werr error
	written := make(chan struct{})
	go func() {
		defer close(written)
		for f := range ch {
			if werr != nil {
				continue
			}
			if err := st.write(ctx, f.k, f.at, f.rows, f.maybe); err != nil {
				werr = err
				stop()
				continue
			}
			s.written++
			s.rows += len(f.rows)
			step()
		}
	}()
	var ferr error
jobs:
	for _, j := range pl.jobs {
		if len(j.todo) == 0 {
			continue
		}
		for b, err := range j.report.Series(fctx, c, j.params, j.todo) {
			if err != nil {
				ferr = err
				break jobs
			}
			k := bucketKey{j.name, j.filters, b.Dates.Start.UTC(), b.Dates.End.UTC()}
			// A bucket not stored when the run began has no rows, unless
			// two runs overlap on a SQLite file without a lock (not unix).
			maybe := j.again[k] || (st.d.name == "sqlite" && !lockable)
			ch <- fetchedBucket{k, c.Now(), figuresOf(nil, reports.Metrics(b.Value)), maybe}
		}
	}
	close(ch)
	<-written
	prog.Clear()
	a.Notice("sync: %d buckets written, %d skipped (stored), %d rows, %d calls, %d 429s, into %s (%v in the database)",
		s.written, s.skipped, s.rows, count.calls.Load(), count.throttled.Load(), st.where, st.busy.Round(time.Millisecond))
	if werr != nil {
		return werr
	}
	return ferr
}

// figuresOf appends the figures of a bucket's metrics to rows: its own
// figures, "current." dropped; no previous range is asked for, so there
// are no previous figures or deltas.
func figuresOf(rows []figure, ms []reports.Metric) []figure {
	for _, m := range ms {
		name := m.Name
		if strings.HasPrefix(name, "previous.") || strings.HasPrefix(name, "deltas.") {
			continue
		}
		rows = append(rows, figure{strings.TrimPrefix(name, "current."), m.Value})
	}
	return rows
}

// pickSources reads --reports.
func pickSources(names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if !slices.Contains(Sources, n) {
			return nil, cmdutil.Usagef("--reports %q: want some of %s", n, strings.Join(Sources, ", "))
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, cmdutil.Usagef("--reports: name at least one report")
	}
	return out, nil
}

// parseEach reads --each.
func parseEach(s string) (reports.ViewBy, error) {
	v, err := cmdutil.Match(input.EachValues, s)
	if err != nil {
		return "", cmdutil.Usagef("--each %q: want day, week or month", s)
	}
	return reports.ViewBy(v), nil
}

var daysPattern = regexp.MustCompile(`^([0-9]{1,4})d$`)

// parseRefetch reads --refetch: N days (2d) or a Go duration (36h).
func parseRefetch(s string) (time.Duration, error) {
	if m := daysPattern.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, cmdutil.Usagef("--refetch %q: want days (2d) or a duration (36h), not negative", s)
	}
	return d, nil
}

// peekStore opens the database of --db for a dry run: no lock, nothing
// created. A database not there yet is nil: nothing is stored.
func peekStore(ctx context.Context, raw string) (*store, error) {
	d, _, where, err := parseDB(raw)
	if err != nil {
		return nil, cmdutil.Usagef("--db: %v", err)
	}
	if d.name == "sqlite" {
		if _, err := os.Stat(strings.TrimPrefix(where, "sqlite:")); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	}
	return openStoreAs(ctx, raw, true)
}

// callCounter counts the report calls and the 429 answers.
type callCounter struct {
	next             http.RoundTripper
	calls, throttled atomic.Int64
}

func (t *callCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if strings.HasPrefix(r.URL.Path, "/v2/reports") {
		t.calls.Add(1)
		if err == nil && resp.StatusCode == http.StatusTooManyRequests {
			t.throttled.Add(1)
		}
	}
	return resp, err
}
