// Package sync is hsreports sync: the figures of the overall reports, a
// whole bucket (day, week or month, in --tz) at a time, into a database
// kept current, with the users the reports name and, with happiness, its
// ratings. The pipeline is parts that exist: the range flags give a range,
// widened to whole buckets and cut by Dates.Split, the catalogue's Series
// fetches them under the pacer, reports.Metrics flattens each answer, and
// the store (package store) writes each bucket in one transaction.
package sync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
	"github.com/helpscout-go/reports/cmd/hsreports/internal/sync/store"
	"github.com/spf13/cobra"
)

// Sources are the reports sync stores: the overall reports that need no
// id, by command name.
var Sources = []string{"company", "conversations", "productivity", "happiness", "docs", "chat", "email", "phone"}

// DefaultReports are the reports sync stores without --reports.
var DefaultReports = []string{"company", "conversations", "productivity", "happiness"}

// DefaultDB is where sync writes without --db or HSREPORTS_DB.
const DefaultDB = "sqlite:hsreports.db"

// ratingsReport is the report whose pages fill the ratings table, and the
// name its buckets are recorded under.
const ratingsReport = "happiness/ratings"

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
	DBSet   bool // --db was given (else HSREPORTS_DB, else DefaultDB)
	Reports []string
	Each    string
	Refetch string
	DryRun  bool
}

const help = `sync keeps a database of the overall reports' figures current: a row per
figure of each whole day (--each: week, month) in --tz, in table metrics, keyed
by report, filters, granularity (day, week, month), tz, period_start and
metric, with period_end, period_date (the bucket's first local date),
complete (false while the bucket is in progress), pattern, item and weight.
metric is the figure's dotted name, e.g. customersHelped or
users.100101.replies (a user's figures, by user id); only what a bucket
means is stored (no previous-range figures or changes, no ids as values).
metric_info says what each metric is (kind, unit, weight); the views
metric_days, metric_weeks and metric_months aggregate them as their kind
allows. users, mailboxes, tags and folders hold the account's names, listed
again each run (one walk of each list); ratings the happiness ratings of the
range when happiness is synced.

--db sqlite:PATH (the default: sqlite:hsreports.db; the path taken literally)
or a PostgreSQL URL or key=value DSN, for a database a team shares (Grafana
and Metabase read it); HSREPORTS_DB names it when --db is not given, keeping
a URL out of the command line. A PostgreSQL password belongs in PGPASSWORD or
~/.pgpass, as for psql. The tables are created when missing and migrated from
an earlier release's schema in place.

The range: --start/--end or --last as for every report, widened to whole
buckets; by default the last 30 whole days. A bucket already stored is
fetched again only while it is recent: until --refetch after its end (the
API's figures for a day settle after it ends), so a rerun over closed days
sends no request. A bucket still in progress (this week, with --each week) is
stored with complete = false and replaced as it fills. Each bucket is written
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
			"  HSREPORTS_DB=postgres://metrics@db.example.com/support hsreports sync --last 12m --dry-run\n" +
			"  hsreports sync --reports company,email --each week --last 6m",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			app.Ran = true
			for _, name := range cmdutil.OutputFlags {
				if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
					return cmdutil.Usagef("--%s: not for hsreports sync, which writes to its database (--db), not to stdout", name)
				}
			}
			o.DBSet = cmd.Flags().Changed("db")
			return run(cmd.Context(), o)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&o.DB, "db", DefaultDB, "the database: sqlite:PATH, a postgres:// URL or a key=value DSN (default $"+cmdutil.EnvDB+", else "+DefaultDB+")")
	fs.Lookup("db").DefValue = "" // the usage says it
	fs.StringSliceVar(&o.Reports, "reports", DefaultReports, "reports to store, comma-separated: "+strings.Join(Sources, ", "))
	cmdutil.CompleteList(cmd, "reports", func() []string { return Sources })
	fs.StringVar(&o.Each, "each", "day", "bucket size: day, week (Monday to Sunday) or month, in --tz")
	cmdutil.Complete(cmd, "each", input.EachValues)
	o.Input.BindFields(cmd)
	o.Input.BindLast(cmd, "the range: the N whole days (30d), weeks (4w) or months (3m) before the current one, in --tz (default 30d)",
		[]string{"7d", "30d", "4w", "3m", "12m"})
	fs.StringVar(&o.Refetch, "refetch", "2d", "fetch a stored bucket again until this long after its end: 2d, 36h, 0 (never)")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the plan (buckets, calls, time at the rate limit) and stop: nothing is written")
	return cmd
}

// plan is what a run fetches.
type plan struct {
	rng     reports.Dates // the range asked for
	whole   reports.Dates // widened to whole buckets
	by      reports.ViewBy
	tz      string
	now     time.Time
	buckets []reports.Dates
	jobs    []job
}

// job is one report's part of a plan.
type job struct {
	report  catalog.Report
	name    string
	ratings bool // the ratings' pages, not a report's figures
	params  any
	filters string
	todo    []reports.Dates // the buckets to fetch
	stored  int             // the buckets stored and settled: skipped
	// again are the starts of the buckets of todo stored already, to be
	// replaced.
	again map[time.Time]bool
}

// Run runs hsreports sync: its flags checked (the global ones first), the
// database opened, checked and migrated, the plan made against what it
// holds, the buckets fetched and written. Nothing is sent before the
// database is known to be usable.
func Run(ctx context.Context, o *Options) error {
	a := o.App
	a.Ran = true
	loc, err := a.CheckGlobals()
	if err != nil {
		return err
	}
	if loc == time.Local {
		return cmdutil.Usagef("--tz %s: sync stores the zone's name with each bucket: give an IANA name, e.g. Europe/Berlin", a.Flags.TZ)
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
	raw := o.DB
	if !o.DBSet {
		if env := a.Getenv(cmdutil.EnvDB); env != "" {
			raw = env
		}
	}
	target, err := store.Parse(raw)
	if err != nil {
		about := "--db"
		if raw != o.DB {
			about = cmdutil.EnvDB
		}
		return cmdutil.Usagef("%s: %v", about, err)
	}
	// The calls are counted on the SDK's own transport: its client, its
	// per-attempt timeout and its connection cap stay.
	count := &callCounter{}
	c, done, err := a.NewClient(reports.WithTransportWrapper(func(next http.RoundTripper) http.RoundTripper {
		count.next = next
		return count
	}))
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
	pl := &plan{rng: res.Range, by: by, tz: loc.String(), now: c.Now()}
	pl.whole = wholeBuckets(res.Range, by)
	for _, b := range pl.whole.Split(by) {
		if b.Start.Before(pl.now) { // a bucket not begun has nothing to fetch
			pl.buckets = append(pl.buckets, b)
		}
	}
	for _, name := range srcs {
		r, _ := catalog.Find(name)
		p, text, err := paramsOf(r, f, false)
		if err != nil {
			return err
		}
		pl.jobs = append(pl.jobs, job{report: r, name: name, params: p, filters: text})
		if name == "happiness" {
			r, _ := catalog.Find(ratingsReport)
			p, text, _ := paramsOf(r, f, true)
			pl.jobs = append(pl.jobs, job{report: r, name: ratingsReport, ratings: true, params: p, filters: text})
		}
	}
	if err := checkParams(ctx, c, pl); err != nil {
		return err
	}
	desc := newDescriber(Infos)
	return a.WithTimeout(ctx, func(ctx context.Context) error {
		opts := store.Options{ReadOnly: o.DryRun, Zones: []*time.Location{loc}, Infos: desc.describe()}
		st, err := store.Open(ctx, target, opts)
		if err != nil {
			var le *store.LockedError
			if errors.As(err, &le) {
				return &cmdutil.TempError{Err: err}
			}
			return err
		}
		if st != nil {
			defer st.Close()
			if st.WasDirty {
				a.Notice("sync: a migration of %s had been interrupted; it ran again", st.Where())
			}
			if len(st.Migrated) > 0 && st.Migrated[0] > 1 {
				a.Notice("sync: %s migrated to schema version %d", st.Where(), store.Latest)
			}
		}
		for i := range pl.jobs {
			j := &pl.jobs[i]
			var stored map[time.Time]store.Stored
			if st != nil {
				if stored, err = st.Buckets(ctx, j.name, j.filters, string(by), pl.tz); err != nil {
					return err
				}
			}
			for _, b := range pl.buckets {
				at, ok := stored[b.Start.UTC()]
				if ok && at.Complete && !at.FetchedAt.Before(b.End.Add(refetch)) {
					j.stored++
					continue
				}
				j.todo = append(j.todo, b)
				if ok {
					if j.again == nil {
						j.again = map[time.Time]bool{}
					}
					j.again[b.Start.UTC()] = true
				}
			}
		}
		if o.DryRun {
			return printPlan(a, pl, target, st)
		}
		var infos []store.Info
		for _, j := range pl.jobs {
			infos = append(infos, desc.infosOf(j.name)...)
		}
		if len(infos) > 0 {
			if err := st.WriteInfos(ctx, infos); err != nil {
				return err
			}
		}
		return run(ctx, a, c, st, pl, count, desc)
	})
}

// checkParams has the SDK check each job's params (over the first bucket)
// before the database is opened: a bad filter (--mailbox -5) is a usage
// error with nothing created and nothing sent. The SDK checks a call's
// params before anything else; the call's context, canceled already, stops
// it right after.
func checkParams(ctx context.Context, c *reports.Client, pl *plan) error {
	if len(pl.buckets) == 0 {
		return nil
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	for _, j := range pl.jobs {
		p := reflect.New(reflect.TypeOf(j.params)).Elem()
		p.Set(reflect.ValueOf(j.params))
		p.FieldByName("Dates").Set(reflect.ValueOf(pl.buckets[0]))
		_, err := j.report.Get(cctx, c, p.Interface())
		if pe := (*reports.ParamError)(nil); errors.As(err, &pe) {
			return err
		}
	}
	return nil
}

// wholeBuckets widens d to whole buckets of by, in d.Start's zone: from
// the start of the bucket d starts in to the end of the bucket its last
// instant is in.
func wholeBuckets(d reports.Dates, by reports.ViewBy) reports.Dates {
	of := reports.Day
	switch by {
	case reports.ViewByWeek:
		of = reports.Week
	case reports.ViewByMonth:
		of = reports.Month
	}
	return reports.Dates{Start: of(d.Start).Start, End: of(d.End.Add(-time.Nanosecond).In(d.Start.Location())).End}
}

// paramsOf are the params of report r with the filters f, and the
// canonical text of the filters ("" for none). A filter the report does
// not take is a usage error, unless lenient (the ratings of happiness take
// the filters they can).
func paramsOf(r catalog.Report, f filters, lenient bool) (any, string, error) {
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
			if lenient {
				continue
			}
			return nil, "", cmdutil.Usagef("--%s: the %s report takes no --%s", flag.Name, info.Command(), flag.Name)
		}
		field.Set(v)
		text = append(text, flag.Name+"="+shown)
	}
	return p.Interface(), strings.Join(text, " "), nil
}

// printPlan prints what a run would fetch.
func printPlan(a *cmdutil.App, pl *plan, t *store.Target, st *store.Store) error {
	var b strings.Builder
	calls := 0
	fmt.Fprintf(&b, "plan: %s to %s, %d buckets (%s, %s), into %s\n", pl.whole.Start.Format(time.RFC3339), pl.whole.End.Format(time.RFC3339),
		len(pl.buckets), pl.by, pl.tz, t.Where)
	if !pl.whole.Start.Equal(pl.rng.Start) || !pl.whole.End.Equal(pl.rng.End) {
		fmt.Fprintf(&b, "  the range asked for, %s to %s, widened to whole buckets\n", pl.rng.Start.Format(time.RFC3339), pl.rng.End.Format(time.RFC3339))
	}
	switch {
	case st == nil:
		fmt.Fprintf(&b, "  the database does not exist yet: a run creates it\n")
	case st.Version < store.Latest:
		fmt.Fprintf(&b, "  the database is at schema version %d: a run migrates it to version %d first (its buckets are not counted here)\n", st.Version, store.Latest)
	}
	more := ""
	for _, j := range pl.jobs {
		filters := ""
		if j.filters != "" {
			filters = " [" + j.filters + "]"
		}
		fmt.Fprintf(&b, "  %-17s %4d to fetch, %4d stored%s\n", j.name, len(j.todo), j.stored, filters)
		if j.ratings {
			n := len(ratingChunks(j.todo))
			calls += n
			if n > 0 {
				more = " at least" // a chunk of ratings may be several pages
			}
			continue
		}
		calls += len(j.todo)
	}
	rate, about := a.Flags.RateLimit, "--rate-limit"
	if rate == 0 {
		rate, about = 200, "200 a minute, a typical account's limit (--rate-limit N: yours)"
	} else {
		about = fmt.Sprintf("--rate-limit %d", rate)
	}
	d := time.Duration(float64(calls) / float64(rate) * float64(time.Minute)).Round(time.Second)
	fmt.Fprintf(&b, "%d calls%s, about %v at %s\n", calls, more, d, about)
	_, err := fmt.Fprint(a.IO.Out, b.String())
	return err
}

// stats are the counts of a run, for the progress and summary lines.
type stats struct {
	written, skipped, rows, buckets, ratings int
}

// fetched is what the fetching hands the writer: a bucket of figures, or a
// chunk of ratings and the buckets they cover.
type fetched struct {
	bucket  *store.Bucket
	covered []*store.Bucket
	ratings []store.Rating
}

// run fetches and writes the plan's buckets.
func run(ctx context.Context, a *cmdutil.App, c *reports.Client, st *store.Store, pl *plan, count *callCounter, desc *describer) error {
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
	ch := make(chan fetched, 64)
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
			var err error
			if f.bucket != nil {
				err = st.Write(ctx, f.bucket)
			} else {
				err = st.WriteRatings(ctx, f.covered, f.ratings, f.covered[0].FetchedAt)
			}
			if err != nil {
				werr = err
				stop()
				continue
			}
			if f.bucket != nil {
				s.written++
				s.rows += len(f.bucket.Rows)
			} else {
				s.written += len(f.covered)
				s.ratings += len(f.ratings)
			}
			step()
		}
	}()
	bucketOf := func(j *job, d reports.Dates, at time.Time) *store.Bucket {
		return &store.Bucket{
			Key: store.Key{Report: j.name, Filters: j.filters, Granularity: string(pl.by), TZ: pl.tz, Start: d.Start.UTC()},
			End: d.End.UTC(), Date: d.Start.Format(time.DateOnly), Complete: !d.End.After(at), FetchedAt: at,
			// A bucket not stored when the run began has no rows, unless
			// two runs overlap on a SQLite file without a lock (not unix).
			Stored: j.again[d.Start.UTC()] || st.Shared(),
		}
	}
	var ferr error
jobs:
	for i := range pl.jobs {
		j := &pl.jobs[i]
		if len(j.todo) == 0 {
			continue
		}
		if j.ratings {
			for _, chunk := range ratingChunks(j.todo) {
				rs, err := fetchRatings(fctx, c, j, chunk)
				if err != nil {
					ferr = err
					break jobs
				}
				at := c.Now()
				f := fetched{ratings: rs}
				for _, d := range chunk {
					f.covered = append(f.covered, bucketOf(j, d, at))
				}
				ch <- f
			}
			continue
		}
		for b, err := range j.report.Series(fctx, c, j.params, j.todo) {
			if err != nil {
				ferr = err
				break jobs
			}
			bk := bucketOf(j, b.Dates, c.Now())
			bk.Rows = desc.rowsOf(j.name, reports.Metrics(b.Value))
			bk.Users = usersOf(b.Value)
			ch <- fetched{bucket: bk}
		}
	}
	close(ch)
	<-written
	prog.Clear()
	if ferr == nil && werr == nil {
		// The names the dashboards join, current with each run: one walk
		// of each list (a kind's pages, the folders of each mailbox),
		// paced like the rest.
		names, err := fetchNames(fctx, c)
		switch {
		case err != nil:
			ferr = fmt.Errorf("listing the names of users, mailboxes, tags and folders: %w", err)
		default:
			werr = st.WriteNames(ctx, names, c.Now())
		}
	}
	a.Notice("sync: %d buckets written, %d skipped (stored), %d rows, %d ratings, %d calls, %d 429s, %d list calls, into %s (%v in the database)",
		s.written, s.skipped, s.rows, s.ratings, count.calls.Load(), count.throttled.Load(), count.lists.Load(), st.Where(), st.Busy.Round(time.Millisecond))
	if werr != nil {
		return werr
	}
	return ferr
}

// fetchNames lists the account's users, mailboxes, tags and folders.
func fetchNames(ctx context.Context, c *reports.Client) (store.Names, error) {
	var n store.Names
	for u, err := range c.AllUsers(ctx, reports.ListUsersParams{}) {
		if err != nil {
			return n, err
		}
		n.Users = append(n.Users, store.NamedUser{ID: u.ID, Name: u.Name(), Email: u.Email})
	}
	for m, err := range c.AllMailboxes(ctx, reports.ListMailboxesParams{}) {
		if err != nil {
			return n, err
		}
		n.Mailboxes = append(n.Mailboxes, store.Mailbox{ID: m.ID, Name: m.Name, Slug: m.Slug, Email: m.Email})
	}
	for tg, err := range c.AllTags(ctx, reports.ListTagsParams{}) {
		if err != nil {
			return n, err
		}
		n.Tags = append(n.Tags, store.Tag{ID: tg.ID, Name: tg.Name, Slug: tg.Slug, Color: tg.Color})
	}
	for _, m := range n.Mailboxes {
		for f, err := range c.AllFolders(ctx, m.ID, reports.ListFoldersParams{}) {
			if err != nil {
				return n, err
			}
			n.Folders = append(n.Folders, store.Folder{ID: f.ID, MailboxID: m.ID, Name: f.Name, Type: f.Type})
		}
	}
	return n, nil
}

// ratingChunks cuts the buckets of the ratings to fetch into runs of
// adjacent buckets of at most 31 days each (a bucket longer than that is a
// run of its own): each is one walk of the ratings' pages, written in one
// transaction.
func ratingChunks(todo []reports.Dates) [][]reports.Dates {
	var out [][]reports.Dates
	for _, b := range todo {
		if n := len(out); n > 0 {
			last := out[n-1]
			if last[len(last)-1].End.Equal(b.Start) && b.End.Sub(last[0].Start) <= 31*24*time.Hour+time.Hour {
				out[n-1] = append(last, b)
				continue
			}
		}
		out = append(out, []reports.Dates{b})
	}
	return out
}

// fetchRatings walks the ratings' pages over a chunk of buckets (through
// the catalogue's walk: prefetching, one turn of the pacer).
func fetchRatings(ctx context.Context, c *reports.Client, j *job, chunk []reports.Dates) ([]store.Rating, error) {
	p := j.params.(reports.HappinessRatingsParams)
	p.Dates = reports.Dates{Start: chunk[0].Start, End: chunk[len(chunk)-1].End}
	var out []store.Rating
	for page, err := range j.report.Pages(ctx, c, p) {
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			out = append(out, ratingOf(it.Value.Interface().(reports.Rating)))
		}
	}
	return out, nil
}

// ratingOf is a rating as the ratings table holds it.
func ratingOf(r reports.Rating) store.Rating {
	out := store.Rating{ConversationID: r.ID, Number: r.Number, Comment: r.RatingComments, CreatedAt: r.RatingCreatedAt,
		CustomerID: r.RatingCustomerID, CustomerName: r.RatingCustomerName, UserID: r.RatingUserID, UserName: r.RatingUserName,
		ThreadCreatedAt: r.ThreadCreatedAt}
	if r.ThreadID != nil {
		out.ThreadID = *r.ThreadID
	}
	if r.RatingID != nil {
		id, name := int64(*r.RatingID), r.RatingID.String()
		out.RatingID, out.Rating = &id, &name
	}
	if r.Type != nil {
		t := string(*r.Type)
		out.Type = &t
	}
	// The API gives a customer's name, or their e-mail address where it
	// has no name: an address goes to customer_email.
	if n := r.RatingCustomerName; n != nil && strings.Contains(*n, "@") && !strings.ContainsAny(*n, " <>") {
		out.CustomerEmail = n
	}
	return out
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

// callCounter counts the report calls, their 429 answers and the calls of
// the lists of names.
type callCounter struct {
	next                    http.RoundTripper
	calls, throttled, lists atomic.Int64
}

func (t *callCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	switch {
	case strings.HasPrefix(r.URL.Path, "/v2/reports"):
		t.calls.Add(1)
		if err == nil && resp.StatusCode == http.StatusTooManyRequests {
			t.throttled.Add(1)
		}
	case r.Method == http.MethodGet:
		t.lists.Add(1)
	}
	return resp, err
}

// Open opens the database of --db as a run does: locked for this process
// until Close, its tables created. (Tests hold a database with it.)
func Open(ctx context.Context, db string) (*store.Store, error) {
	t, err := store.Parse(db)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, t, store.Options{Infos: newDescriber(Infos).describe()})
}
