package main

// hsreports sync: the figures of the overall reports, a bucket (day, week or
// month) at a time, into a database kept current. The pipeline is parts the
// SDK has: the date flags give a range, Dates.Split its buckets,
// reports.Series fetches them under the pacer, reports.Metrics flattens each
// answer, and the store writes each bucket in one transaction.

import (
	"context"
	"errors"
	"fmt"
	"iter"
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
	"github.com/spf13/cobra"
)

// syncSource is a report sync stores: its command name, its params type
// (which filters it takes) and its series over buckets.
type syncSource struct {
	name   string
	params reflect.Type
	fetch  func(ctx context.Context, c *reports.Client, p any, buckets []reports.Dates) iter.Seq2[syncBucket, error]
}

// syncBucket is one bucket's answer, flattened.
type syncBucket struct {
	dates   reports.Dates
	metrics []reports.Metric
}

// syncSourceOf is the source of report name, answered by get: its series of
// buckets, each flattened to its metrics.
func syncSourceOf[P any, PP reports.RangedParams[P], R any](name string, get getter[P, R]) syncSource {
	fetch := func(ctx context.Context, c *reports.Client, p any, buckets []reports.Dates) iter.Seq2[syncBucket, error] {
		series := reports.Series[P, PP](ctx, c, func(ctx context.Context, p P) (*R, error) { return get(c, ctx, p) }, p.(P), buckets)
		return func(yield func(syncBucket, error) bool) {
			for b, err := range series {
				if err != nil {
					yield(syncBucket{}, err)
					return
				}
				if !yield(syncBucket{dates: b.Dates, metrics: reports.Metrics(b.Result)}, nil) {
					return
				}
			}
		}
	}
	return syncSource{name: name, params: reflect.TypeFor[P](), fetch: fetch}
}

// syncSources are the overall reports that need no id, by command name.
var syncSources = []syncSource{
	syncSourceOf("company", (*client).GetCompany),
	syncSourceOf("conversations", (*client).GetConversations),
	syncSourceOf("productivity", (*client).GetProductivity),
	syncSourceOf("happiness", (*client).GetHappiness),
	syncSourceOf("docs", (*client).GetDocs),
	syncSourceOf("chat", (*client).GetChat),
	syncSourceOf("email", (*client).GetEmail),
	syncSourceOf("phone", (*client).GetPhone),
}

// defaultSyncReports are the reports sync stores without --reports.
var defaultSyncReports = []string{"company", "conversations", "productivity", "happiness"}

// defaultSyncDB is where sync writes without --db.
const defaultSyncDB = "sqlite:hsreports.db"

// syncFilter is a filter flag of sync: the params field it sets.
type syncFilter struct {
	flag, field string
}

// syncFilters are sync's filter flags, in the order of the filters column.
var syncFilters = []syncFilter{
	{"mailbox", "Mailboxes"}, {"tag", "Tags"}, {"folder", "Folders"}, {"type", "Types"}, {"site", "Sites"}, {"office-hours", "OfficeHours"},
}

// syncFlags are the flags of one sync run.
type syncFlags struct {
	db      string
	reports []string
	each    string
	refetch string
	dryRun  bool
	dates   *binding // --start, --end, --last

	mailboxes, tags, folders []int64
	types                    []string
	sites                    []string
	officeHours              bool
}

const syncHelp = `sync keeps a database of the overall reports' figures current, a row per
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
one exits 1.`

// syncCommand is the sync command.
func (a *app) syncCommand() *cobra.Command {
	f := &syncFlags{dates: &binding{params: reflect.New(reflect.TypeFor[reports.Dates]()).Elem(), dates: map[string]string{}}}
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Keep a database (SQLite or PostgreSQL) of the reports' daily figures current",
		Long:  syncHelp,
		Example: "  hsreports sync --demo --db sqlite:/tmp/demo.db\n" +
			"  hsreports sync --db postgres://metrics@db.example.com/support --last 12m --dry-run\n" +
			"  hsreports sync --reports company,email --each week --last 6m",
		Args: cobra.NoArgs,
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&f.db, "db", defaultSyncDB, "the database: sqlite:PATH, or postgres://user:password@host/database")
	names := make([]string, len(syncSources))
	for i, s := range syncSources {
		names[i] = s.name
	}
	fs.StringSliceVar(&f.reports, "reports", defaultSyncReports, "reports to store, comma-separated: "+strings.Join(names, ", "))
	complete(cmd, "reports", names)
	fs.StringVar(&f.each, "each", "day", "bucket size: day, week (Monday to Sunday) or month, in --tz")
	complete(cmd, "each", []string{"day", "week", "month"})
	fs.Var(dateValue{f.dates.dates, "Start"}, "start", fields["Start"].usage)
	fs.Var(dateValue{f.dates.dates, "End"}, "end", fields["End"].usage)
	fs.StringVar(&f.dates.last, "last", "", "the range: the N whole days (30d), weeks (4w) or months (3m) before the current one, in --tz (default 30d)")
	complete(cmd, "last", []string{"7d", "30d", "4w", "3m", "12m"})
	fs.StringVar(&f.refetch, "refetch", "2d", "fetch a stored bucket again until this long after its end: 2d, 36h, 0 (never)")
	fs.Int64SliceVar(&f.mailboxes, "mailbox", nil, "mailbox `ids`, comma-separated")
	fs.Int64SliceVar(&f.tags, "tag", nil, "tag `ids`, comma-separated (1: untagged)")
	fs.Int64SliceVar(&f.folders, "folder", nil, "folder `ids`, comma-separated")
	fs.StringSliceVar(&f.types, "type", nil, "conversation types, comma-separated: email, chat, phone")
	fs.StringSliceVar(&f.sites, "site", nil, "Docs site `ids`, comma-separated (docs only)")
	fs.BoolVar(&f.officeHours, "office-hours", false, "count office hours only (productivity, chat, email, phone)")
	for _, n := range []string{"mailbox", "tag", "folder", "site"} {
		fs.Lookup(n).DefValue = ""
	}
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the plan (buckets, calls, time at the rate limit) and stop")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return a.runSync(cmd.Context(), f) }
	return cmd
}

// syncPlan is what a run fetches.
type syncPlan struct {
	rng     reports.Dates
	buckets []reports.Dates
	jobs    []syncJob
}

// syncJob is one report's part of a plan.
type syncJob struct {
	src     syncSource
	params  any
	filters string
	todo    []reports.Dates // the buckets to fetch
	stored  int             // the buckets stored and settled: skipped
	// again are the buckets of todo stored already, to be replaced.
	again map[bucketKey]bool
}

// runSync runs hsreports sync.
func (a *app) runSync(ctx context.Context, f *syncFlags) error {
	a.ran = true
	loc, err := time.LoadLocation(a.tz)
	if err != nil {
		return usageErrorf("--tz %q: no such time zone", a.tz)
	}
	if a.rateLimit < 0 || a.retries < 0 {
		return usageErrorf("--rate-limit and --retries must not be negative")
	}
	by, err := parseEach(f.each)
	if err != nil {
		return err
	}
	refetch, err := parseRefetch(f.refetch)
	if err != nil {
		return err
	}
	srcs, err := pickSources(f.reports)
	if err != nil {
		return err
	}
	if _, _, _, err := parseDB(f.db); err != nil {
		return usageErrorf("--db: %v", err)
	}
	jobs := make([]syncJob, len(srcs))
	for i, s := range srcs {
		p, filters, err := f.params(s)
		if err != nil {
			return err
		}
		jobs[i] = syncJob{src: s, params: p, filters: filters}
	}
	count := &callCounter{next: http.DefaultTransport}
	c, done, err := a.newClient(reports.WithHTTPClient(&http.Client{Transport: count}))
	if err != nil {
		return err
	}
	defer done()
	now := c.Now()
	if len(f.dates.dates) == 0 && f.dates.last == "" {
		f.dates.last = "30d"
	}
	p, err := f.dates.resolve(now, loc)
	if err != nil {
		return err
	}
	rng := p.(reports.Dates)
	switch {
	case rng.Start.IsZero() || rng.End.IsZero():
		return usageErrorf("--start and --end: give both, or --last")
	case !rng.End.After(rng.Start):
		return usageErrorf("--end must be after --start")
	}
	plan := &syncPlan{rng: rng, buckets: rng.Split(by), jobs: jobs}

	var st *store
	if f.dryRun {
		st, err = peekStore(ctx, f.db)
	} else {
		st, err = openStore(ctx, f.db)
	}
	if err != nil {
		return err
	}
	if st != nil {
		defer st.Close()
	}
	for i := range plan.jobs {
		j := &plan.jobs[i]
		var stored map[bucketKey]time.Time
		if st != nil {
			if stored, err = st.fetched(ctx, j.src.name, j.filters); err != nil {
				return err
			}
		}
		for _, b := range plan.buckets {
			k := bucketKey{j.src.name, j.filters, b.Start.UTC(), b.End.UTC()}
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
	if f.dryRun {
		return a.printPlan(plan, f.db, by)
	}
	return a.syncRun(ctx, c, st, plan, count)
}

// printPlan prints what a run would fetch.
func (a *app) printPlan(plan *syncPlan, db string, by reports.ViewBy) error {
	_, _, where, _ := parseDB(db)
	var b strings.Builder
	calls := 0
	fmt.Fprintf(&b, "plan: %s to %s, %d buckets (%s), into %s\n", plan.rng.Start.Format(time.RFC3339), plan.rng.End.Format(time.RFC3339), len(plan.buckets), by, where)
	for _, j := range plan.jobs {
		filters := ""
		if j.filters != "" {
			filters = " [" + j.filters + "]"
		}
		fmt.Fprintf(&b, "  %-14s %4d to fetch, %4d stored%s\n", j.src.name, len(j.todo), j.stored, filters)
		calls += len(j.todo)
	}
	rate, about := a.rateLimit, "--rate-limit"
	if rate == 0 {
		rate, about = 200, "200 a minute, a typical account's limit (--rate-limit N: yours)"
	} else {
		about = fmt.Sprintf("--rate-limit %d", rate)
	}
	d := time.Duration(float64(calls) / float64(rate) * float64(time.Minute)).Round(time.Second)
	fmt.Fprintf(&b, "%d calls, about %v at %s\n", calls, d, about)
	_, err := fmt.Fprint(a.s.out, b.String())
	return err
}

// syncStats are the counts of a run, for the progress and summary lines.
type syncStats struct {
	written, skipped, rows, buckets int
}

// syncRun fetches and writes the plan's buckets.
func (a *app) syncRun(ctx context.Context, c *reports.Client, st *store, plan *syncPlan, count *callCounter) error {
	var s syncStats
	total := 0
	for _, j := range plan.jobs {
		s.skipped += j.stored
		total += len(j.todo)
	}
	s.buckets = total + s.skipped
	start := a.s.now()
	progress := a.s.errTTY && !a.quiet
	var lastDraw time.Time
	draw := func(final bool) {
		t := a.s.now()
		if !final && t.Sub(lastDraw) < 200*time.Millisecond {
			return
		}
		lastDraw = t
		rate := ""
		if el := t.Sub(start); el > time.Second {
			rate = fmt.Sprintf(" · %.0f calls/min", float64(count.calls.Load())/el.Minutes())
		}
		fmt.Fprintf(a.s.err, "\r\x1b[Ksync: %d/%d buckets · %d calls%s", s.written+s.skipped, s.buckets, count.calls.Load(), rate)
		if final {
			fmt.Fprint(a.s.err, "\r\x1b[K")
		}
	}
	summary := func() {
		a.notice("sync: %d buckets written, %d skipped (stored), %d rows, %d calls, %d 429s, into %s (%v in the database)",
			s.written, s.skipped, s.rows, count.calls.Load(), count.throttled.Load(), st.where, st.busy.Round(time.Millisecond))
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
			if progress {
				draw(false)
			}
		}
	}()
	var ferr error
jobs:
	for _, j := range plan.jobs {
		if len(j.todo) == 0 {
			continue
		}
		for b, err := range j.src.fetch(fctx, c, j.params, j.todo) {
			if err != nil {
				ferr = err
				break jobs
			}
			k := bucketKey{j.src.name, j.filters, b.dates.Start.UTC(), b.dates.End.UTC()}
			// A bucket not stored when the run began has no rows, unless
			// two runs overlap on a SQLite file without a lock (not unix).
			maybe := j.again[k] || (st.d.name == "sqlite" && !lockable)
			ch <- fetchedBucket{k, c.Now(), figuresOf(nil, b.metrics), maybe}
		}
	}
	close(ch)
	<-written
	if progress {
		draw(true)
	}
	summary()
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

// params are the params of a report with the filter flags, and the
// canonical text of the filters (” for none). A filter the report does not
// take is a usage error.
func (f *syncFlags) params(s syncSource) (any, string, error) {
	p := reflect.New(s.params).Elem()
	var text []string
	for _, sf := range syncFilters {
		var v reflect.Value
		var shown string
		switch sf.flag {
		case "mailbox":
			v, shown = reflect.ValueOf(sortedIDs(f.mailboxes)), joinIDs(f.mailboxes)
		case "tag":
			v, shown = reflect.ValueOf(sortedIDs(f.tags)), joinIDs(f.tags)
		case "folder":
			v, shown = reflect.ValueOf(sortedIDs(f.folders)), joinIDs(f.folders)
		case "type":
			types := make([]reports.ConversationType, 0, len(f.types))
			for _, t := range f.types {
				t = strings.ToLower(strings.TrimSpace(t))
				if !slices.Contains(enums[reflect.TypeFor[reports.ConversationType]()], t) {
					return nil, "", usageErrorf("--type %q: want email, chat or phone", t)
				}
				if !slices.Contains(types, reports.ConversationType(t)) {
					types = append(types, reports.ConversationType(t))
				}
			}
			slices.Sort(types)
			v = reflect.ValueOf(types)
			for _, t := range types {
				shown += "," + string(t)
			}
			shown = strings.TrimPrefix(shown, ",")
		case "site":
			sites := slices.Compact(slices.Sorted(slices.Values(f.sites)))
			v, shown = reflect.ValueOf(sites), strings.Join(sites, ",")
		case "office-hours":
			v = reflect.ValueOf(f.officeHours)
			if f.officeHours {
				shown = "true"
			}
		}
		if shown == "" {
			continue
		}
		field := p.FieldByName(sf.field)
		if !field.IsValid() {
			return nil, "", usageErrorf("--%s: the %s report takes no --%s", sf.flag, s.name, sf.flag)
		}
		field.Set(v)
		text = append(text, sf.flag+"="+shown)
	}
	return p.Interface(), strings.Join(text, " "), nil
}

// sortedIDs is ids sorted, without repeats: the same filter however typed.
func sortedIDs(ids []int64) []int64 {
	return slices.Compact(slices.Sorted(slices.Values(ids)))
}

func joinIDs(ids []int64) string {
	var parts []string
	for _, id := range sortedIDs(ids) {
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return strings.Join(parts, ",")
}

// pickSources reads --reports.
func pickSources(names []string) ([]syncSource, error) {
	var out []syncSource
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		i := slices.IndexFunc(syncSources, func(s syncSource) bool { return s.name == n })
		if i < 0 {
			var all []string
			for _, s := range syncSources {
				all = append(all, s.name)
			}
			return nil, usageErrorf("--reports %q: want some of %s", n, strings.Join(all, ", "))
		}
		if !slices.ContainsFunc(out, func(s syncSource) bool { return s.name == n }) {
			out = append(out, syncSources[i])
		}
	}
	if len(out) == 0 {
		return nil, usageErrorf("--reports: name at least one report")
	}
	return out, nil
}

// parseEach reads --each.
func parseEach(s string) (reports.ViewBy, error) {
	switch strings.ToLower(s) {
	case "day":
		return reports.ViewByDay, nil
	case "week":
		return reports.ViewByWeek, nil
	case "month":
		return reports.ViewByMonth, nil
	}
	return "", usageErrorf("--each %q: want day, week or month", s)
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
		return 0, usageErrorf("--refetch %q: want days (2d) or a duration (36h), not negative", s)
	}
	return d, nil
}

// peekStore opens the database of --db for a dry run: no lock, nothing
// created. A database not there yet is nil: nothing is stored.
func peekStore(ctx context.Context, raw string) (*store, error) {
	d, _, _, err := parseDB(raw)
	if err != nil {
		return nil, usageErrorf("--db: %v", err)
	}
	if d.name == "sqlite" {
		_, _, where, _ := parseDB(raw)
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
