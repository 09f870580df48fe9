package store

// What a run writes: buckets of figures, the metrics' infos, names and
// ratings. A bucket goes to the database through the dialect's bucket
// writer, in one transaction (or one statement), so that after an
// interrupt it is either all there or not at all.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// Key names a stored bucket: a report, with filters, over one bucket of a
// size (day, week, month) cut in a zone, by its start.
type Key struct {
	Report, Filters, Granularity, TZ string
	Start                            time.Time // UTC
}

// Bucket is one bucket of a report's figures, as a run writes it.
type Bucket struct {
	Key
	End       time.Time // UTC: the bucket's end, also while it is in progress
	Date      string    // its first local date, YYYY-MM-DD
	Complete  bool      // it had ended when fetched
	FetchedAt time.Time
	Rows      []Row
	Users     []User // the users named in its answer
	// Stored says the bucket may be stored already: its rows are deleted
	// first (a round trip saved on a first run).
	Stored bool
}

// Row is one figure of a bucket.
type Row struct {
	Metric  string   // its name, e.g. users.100101.replies
	Pattern string   // its name with list keys as *: its row of metric_info
	Item    string   // the list keys in its name (100101), "" when none
	Value   float64  // the figure
	Weight  *float64 // the value of the figure that weights it, in the same bucket
}

// User is a user's id and name, as a report lists them.
type User struct {
	ID   int64
	Name string
}

// Info is what a stored metric is: a row of metric_info.
type Info struct {
	Report, Metric, Kind, Unit, Weight, Description string
}

// Describe tells what the metrics of a report are: the store's view of the
// SDK's metric infos.
type Describe interface {
	// Metric describes the figure name (as stored: its current-range
	// figures without "current.") of report: its info (whose Metric is the
	// pattern), its item, the name of the figure that weights it in the
	// same bucket ("" when none), and whether it is stored at all (not a
	// comparison figure, not an id), else why not.
	Metric(report, name string) (info Info, item, weight string, keep bool, reason string)
}

// Stored is what a run needs to know of a stored bucket.
type Stored struct {
	FetchedAt time.Time
	Complete  bool
}

// dialect is what differs between the databases, one implementation each:
// how a value goes to the driver, the lock, and the bucket writer.
type dialect interface {
	// ts is a timestamp as the driver takes it.
	ts(time.Time) any
	// date is a local date (YYYY-MM-DD) as the driver takes it.
	date(string) any
	// lock keeps other runs off the database until release; it fails at
	// once (ErrLocked) when another run holds it.
	lock(ctx context.Context, s *Store) (release func(), err error)
	// write writes a bucket, atomically.
	write(ctx context.Context, s *Store, b *Bucket) error
	// shared says another run may write at the same time as this one.
	shared() bool
}

// sqlite is SQLite: timestamps as RFC 3339 text in UTC (which its date
// functions read), dates as text, a flock on the file.
type sqlite struct{}

func (sqlite) ts(t time.Time) any { return t.UTC().Format(time.RFC3339) }
func (sqlite) date(d string) any  { return d }
func (sqlite) lock(ctx context.Context, s *Store) (func(), error) {
	return lockFile(ctx, s)
}
func (sqlite) write(ctx context.Context, s *Store, b *Bucket) error { return writeSQLite(ctx, s, b) }
func (sqlite) shared() bool                                         { return !lockable }

// postgres is PostgreSQL: time.Time values, a session advisory lock.
type postgres struct{}

func (postgres) ts(t time.Time) any { return t.UTC() }
func (postgres) date(d string) any {
	t, _ := time.Parse(time.DateOnly, d)
	return t
}
func (postgres) lock(ctx context.Context, s *Store) (func(), error) {
	return lockAdvisory(ctx, s)
}
func (postgres) write(ctx context.Context, s *Store, b *Bucket) error {
	return writePostgres(ctx, s, b)
}
func (postgres) shared() bool { return false }

var dialects = map[string]dialect{"sqlite": sqlite{}, "postgres": postgres{}}

// Shared says another run may write to the database while this one does:
// a SQLite file where there is no flock. A run then treats every bucket as
// possibly stored.
func (s *Store) Shared() bool { return s.d.shared() }

// Buckets returns the stored buckets of a report with filters, size and
// zone, by start. A read-only store of a database of an older schema has
// none (a run migrates it first).
func (s *Store) Buckets(ctx context.Context, report, filters, granularity, tz string) (map[time.Time]Stored, error) {
	defer s.timed()()
	if s.Version < Latest {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, s.q["stored_buckets"], report, filters, granularity, tz)
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	defer rows.Close()
	out := map[time.Time]Stored{}
	for rows.Next() {
		var start, at tsScanner
		var complete bool
		if err := rows.Scan(&start, &at, &complete); err != nil {
			return nil, s.errorf("%w", err)
		}
		out[start.t] = Stored{at.t, complete}
	}
	if err := rows.Err(); err != nil {
		return nil, s.errorf("%w", err)
	}
	return out, nil
}

// Write writes bucket b: its figures replace what was stored, its row in
// hsreports_buckets says when it was fetched, and the users it names are
// written where their names changed, all in one transaction.
func (s *Store) Write(ctx context.Context, b *Bucket) error {
	defer s.timed()()
	if err := s.loadUsers(ctx); err != nil {
		return err
	}
	if err := s.d.write(ctx, s, b); err != nil {
		return s.errorf("writing %s %s: %w", b.Report, b.Start.Format(time.RFC3339), err)
	}
	for _, u := range b.Users {
		s.users[u.ID] = u.Name
	}
	return nil
}

// newUsers are the users of b whose names the users table does not have.
func (s *Store) newUsers(b *Bucket) []User {
	var out []User
	for _, u := range b.Users {
		if name, ok := s.users[u.ID]; !ok || name != u.Name {
			out = append(out, u)
		}
	}
	return out
}

// loadUsers reads the users table once.
func (s *Store) loadUsers(ctx context.Context) error {
	if s.users != nil {
		return nil
	}
	s.users = map[int64]string{}
	rows, err := s.db.QueryContext(ctx, s.q["users"])
	if err != nil {
		return s.errorf("%w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return s.errorf("%w", err)
		}
		s.users[id] = name
	}
	return rows.Err()
}

// writeUsers upserts users in tx.
func (s *Store) writeUsers(ctx context.Context, tx *sql.Tx, users []User, at time.Time) error {
	for _, u := range users {
		if err := s.exec(ctx, tx, s.q["upsert_user"], u.ID, u.Name, s.d.ts(at)); err != nil {
			return err
		}
	}
	return nil
}

// bucketArgs are the bucket's own columns, in the order of the queries:
// report, filters, granularity, tz, period_start, period_end, period_date,
// complete, fetched_at.
func (s *Store) bucketArgs(b *Bucket) []any {
	return []any{b.Report, b.Filters, b.Granularity, b.TZ, s.d.ts(b.Start), s.d.ts(b.End), s.d.date(b.Date), b.Complete, s.d.ts(b.FetchedAt)}
}

// writeSQLite writes a bucket in one transaction: its old rows deleted
// when it may be stored, its figures in multi-row INSERTs of at most 500
// rows, its row in hsreports_buckets, its new users.
func writeSQLite(ctx context.Context, s *Store, b *Bucket) error {
	const per = 500
	head := s.q["insert_metrics"]
	tuple := s.q["insert_metrics_row"]
	var inserts []string
	var args [][]any
	for rest := b.Rows; len(rest) > 0; {
		n := min(len(rest), per)
		q := strings.Replace(head, "/*rows*/", strings.TrimSuffix(strings.Repeat(tuple+", ", n), ", "), 1)
		a := append(make([]any, 0, 9+5*n), s.bucketArgs(b)...)
		for _, r := range rest[:n] {
			var w any
			if r.Weight != nil {
				w = *r.Weight
			}
			a = append(a, r.Metric, r.Pattern, r.Item, r.Value, w)
		}
		inserts, args = append(inserts, q), append(args, a)
		rest = rest[n:]
	}
	if err := s.prepare(ctx, inserts...); err != nil {
		return err
	}
	return s.bucketTx(ctx, b, s.newUsers(b), func(tx *sql.Tx) error {
		for i, q := range inserts {
			if err := s.exec(ctx, tx, q, args[i]...); err != nil {
				return err
			}
		}
		return s.exec(ctx, tx, s.q["upsert_bucket"], append(s.bucketArgs(b), len(b.Rows))...)
	})
}

// bucketTx writes bucket b in one transaction: its old rows deleted when
// it may be stored, write, and the users it names whose names changed.
func (s *Store) bucketTx(ctx context.Context, b *Bucket, users []User, write func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if b.Stored {
		if err := s.exec(ctx, tx, s.q["delete_bucket"], b.Report, b.Filters, b.Granularity, b.TZ, s.d.ts(b.Start)); err != nil {
			return err
		}
	}
	if err := write(tx); err != nil {
		return err
	}
	if err := s.writeUsers(ctx, tx, users, b.FetchedAt); err != nil {
		return err
	}
	return tx.Commit()
}

// writePostgres writes a bucket in one statement: its row in
// hsreports_buckets and its figures as five arrays through unnest (binding
// arrays is much cheaper than hundreds of parameters); one statement is
// atomic, so a new bucket needs no transaction (one round trip instead of
// four). A bucket that may be stored, or that names new users, is a
// transaction: the delete, that statement, the users.
func writePostgres(ctx context.Context, s *Store, b *Bucket) error {
	n := len(b.Rows)
	metrics, patterns, items := make([]string, n), make([]string, n), make([]string, n)
	// A missing weight goes as NaN (the statement makes it NULL): an
	// array of float64 binds much faster than one of pointers.
	values, weights := make([]float64, n), make([]float64, n)
	for i, r := range b.Rows {
		metrics[i], patterns[i], items[i], values[i], weights[i] = r.Metric, r.Pattern, r.Item, r.Value, math.NaN()
		if r.Weight != nil {
			weights[i] = *r.Weight
		}
	}
	q := s.q["upsert_bucket_and_metrics"]
	args := append(s.bucketArgs(b), n, metrics, patterns, items, values, weights)
	if err := s.prepare(ctx, q); err != nil {
		return err
	}
	users := s.newUsers(b)
	if !b.Stored && len(users) == 0 {
		return s.exec(ctx, nil, q, args...)
	}
	return s.bucketTx(ctx, b, users, func(tx *sql.Tx) error { return s.exec(ctx, tx, q, args...) })
}

// WriteInfos writes the rows of metric_info, in one transaction.
func (s *Store) WriteInfos(ctx context.Context, infos []Info) error {
	defer s.timed()()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errorf("writing metric_info: %w", err)
	}
	defer tx.Rollback()
	for _, i := range infos {
		if _, err := tx.ExecContext(ctx, s.q["upsert_metric_info"], i.Report, i.Metric, i.Kind, i.Unit, i.Weight, i.Description); err != nil {
			return s.errorf("writing metric_info: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.errorf("writing metric_info: %w", err)
	}
	return nil
}

// Names are the names of the account's users, mailboxes, tags and
// folders, as the lists of the Mailbox API give them (hsreports sync keeps
// them current once the SDK lists them: issue 29).
type Names struct {
	Users     []NamedUser
	Mailboxes []Mailbox
	Tags      []Tag
	Folders   []Folder
}

// NamedUser is a user as the list of users gives it.
type NamedUser struct {
	ID          int64
	Name, Email string
}

// Mailbox is a mailbox's id and names.
type Mailbox struct {
	ID                int64
	Name, Slug, Email string
}

// Tag is a tag's id and names.
type Tag struct {
	ID                int64
	Name, Slug, Color string
}

// Folder is a folder of a mailbox.
type Folder struct {
	ID, MailboxID int64
	Name, Type    string
}

// WriteNames upserts the names, in one transaction: a row changed since
// replaces the old one, updated_at says when.
func (s *Store) WriteNames(ctx context.Context, n Names, at time.Time) error {
	defer s.timed()()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errorf("writing names: %w", err)
	}
	defer tx.Rollback()
	ts := s.d.ts(at)
	var execs [][]any
	for _, u := range n.Users {
		execs = append(execs, []any{s.q["upsert_user_listed"], u.ID, u.Name, u.Email, ts})
	}
	for _, m := range n.Mailboxes {
		execs = append(execs, []any{s.q["upsert_mailbox"], m.ID, m.Name, m.Slug, m.Email, ts})
	}
	for _, t := range n.Tags {
		execs = append(execs, []any{s.q["upsert_tag"], t.ID, t.Name, t.Slug, t.Color, ts})
	}
	for _, f := range n.Folders {
		execs = append(execs, []any{s.q["upsert_folder"], f.ID, f.MailboxID, f.Name, f.Type, ts})
	}
	for _, e := range execs {
		if _, err := tx.ExecContext(ctx, e[0].(string), e[1:]...); err != nil {
			return s.errorf("writing names: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.errorf("writing names: %w", err)
	}
	for _, u := range n.Users {
		if s.users != nil {
			s.users[u.ID] = u.Name
		}
	}
	return nil
}

// Rating is one happiness rating, as the ratings table holds it.
type Rating struct {
	ConversationID, ThreadID, Number int64
	RatingID                         *int64
	Rating                           *string // great, okay, not good
	Comment                          *string
	CreatedAt                        *time.Time
	CustomerID                       *int64
	CustomerName, CustomerEmail      *string
	UserID                           *int64
	UserName                         *string
	Type                             *string
	ThreadCreatedAt                  *time.Time
}

// WriteRatings upserts ratings and records the buckets they cover (each
// with its count of ratings), in one transaction of two statements, the
// rows as one JSON document each (JSON holds every column exactly: ids,
// text and timestamps, no fractions): a rerun over the same range changes
// nothing, a rating changed since replaces the old one.
func (s *Store) WriteRatings(ctx context.Context, covered []*Bucket, ratings []Rating, fetchedAt time.Time) error {
	defer s.timed()()
	fail := func(err error) error {
		if len(covered) > 0 {
			return s.errorf("writing %s %s: %w", covered[0].Report, covered[0].Start.Format(time.RFC3339), err)
		}
		return s.errorf("writing ratings: %w", err)
	}
	counts := make([]int, len(covered))
	// One row per key: a walk may meet a rating twice when the pages
	// shift under it, and one statement may not upsert a row twice.
	byKey := map[[2]int64]int{}
	var rows []ratingJSON
	for _, r := range ratings {
		j := ratingJSON{r.ConversationID, r.ThreadID, r.Number, r.RatingID, r.Rating, r.Comment, jsonTS(r.CreatedAt), r.CustomerID,
			r.CustomerName, r.CustomerEmail, r.UserID, r.UserName, r.Type, jsonTS(r.ThreadCreatedAt)}
		k := [2]int64{r.ConversationID, r.ThreadID}
		if i, ok := byKey[k]; ok {
			rows[i] = j
			continue
		}
		byKey[k] = len(rows)
		rows = append(rows, j)
		for i, b := range covered {
			if r.CreatedAt != nil && !r.CreatedAt.Before(b.Start) && r.CreatedAt.Before(b.End) {
				counts[i]++
			}
		}
	}
	buckets := make([]bucketJSON, len(covered))
	for i, b := range covered {
		buckets[i] = bucketJSON{b.Report, b.Filters, b.Granularity, b.TZ, b.Start.UTC().Format(time.RFC3339), b.End.UTC().Format(time.RFC3339),
			b.Date, b.Complete, b.FetchedAt.UTC().Format(time.RFC3339), counts[i]}
	}
	rj, err := json.Marshal(rows)
	if err != nil {
		return fail(err)
	}
	bj, err := json.Marshal(buckets)
	if err != nil {
		return fail(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if len(rows) > 0 {
		if err := s.exec(ctx, tx, s.q["upsert_ratings"], string(rj), s.d.ts(fetchedAt)); err != nil {
			return fail(err)
		}
	}
	if err := s.exec(ctx, tx, s.q["upsert_buckets"], string(bj)); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// ratingJSON is a rating as upsert_ratings reads it.
type ratingJSON struct {
	ConversationID  int64   `json:"conversation_id"`
	ThreadID        int64   `json:"thread_id"`
	Number          int64   `json:"conversation_number"`
	RatingID        *int64  `json:"rating_id"`
	Rating          *string `json:"rating"`
	Comment         *string `json:"comment"`
	CreatedAt       *string `json:"created_at"`
	CustomerID      *int64  `json:"customer_id"`
	CustomerName    *string `json:"customer_name"`
	CustomerEmail   *string `json:"customer_email"`
	UserID          *int64  `json:"user_id"`
	UserName        *string `json:"user_name"`
	Type            *string `json:"type"`
	ThreadCreatedAt *string `json:"thread_created_at"`
}

// bucketJSON is a bucket's row as upsert_buckets reads it.
type bucketJSON struct {
	Report      string `json:"report"`
	Filters     string `json:"filters"`
	Granularity string `json:"granularity"`
	TZ          string `json:"tz"`
	Start       string `json:"period_start"`
	End         string `json:"period_end"`
	Date        string `json:"period_date"`
	Complete    bool   `json:"complete"`
	FetchedAt   string `json:"fetched_at"`
	Metrics     int    `json:"metrics"`
}

// jsonTS is a timestamp as the JSON of a row holds it: RFC 3339 in UTC.
func jsonTS(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// prepare prepares the queries not prepared yet: a bucket's statements
// differ only in the number of rows, which is nearly the same for every
// bucket of a report, so the database parses each once. It runs outside a
// transaction (SQLite's one connection is the transaction's).
func (s *Store) prepare(ctx context.Context, queries ...string) error {
	for _, q := range queries {
		if _, ok := s.stmts[q]; ok || len(s.stmts) >= 64 {
			continue
		}
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		if s.stmts == nil {
			s.stmts = map[string]*sql.Stmt{}
		}
		s.stmts[q] = st
	}
	return nil
}

// exec runs query in tx (on its own when tx is nil), prepared when prepare
// did.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	var err error
	st, prepared := s.stmts[query]
	switch {
	case tx == nil && prepared:
		_, err = st.ExecContext(ctx, args...)
	case tx == nil:
		_, err = s.db.ExecContext(ctx, query, args...)
	case prepared:
		_, err = tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	default:
		_, err = tx.ExecContext(ctx, query, args...)
	}
	return err
}

// tsScanner reads a timestamp column of either dialect.
type tsScanner struct{ t time.Time }

func (s *tsScanner) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		s.t = v.UTC()
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	}
	return fmt.Errorf("a timestamp of type %T", src)
}

func (s *tsScanner) parse(v string) error {
	t, err := time.Parse(time.RFC3339, v)
	s.t = t.UTC()
	return err
}

// advisoryKey is the PostgreSQL advisory lock of hsreports sync.
const advisoryKey = 0x6873_7379_6e63 // "hssync"

// lockAdvisory takes PostgreSQL's session advisory lock on a connection of
// its own, which the server releases when the session ends, however it
// ends.
func lockAdvisory(ctx context.Context, s *Store) (func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, s.q["lock"], int64(advisoryKey)).Scan(&ok); err != nil {
		conn.Close()
		return nil, err
	}
	if !ok {
		conn.Close()
		return nil, ErrLocked
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), s.q["unlock"], int64(advisoryKey))
		conn.Close()
	}, nil
}
