package sync

// The store of hsreports sync: the metrics table in SQLite or PostgreSQL,
// behind database/sql with one code path. The two dialects differ only in
// the column type of timestamps, the placeholders and the lock that keeps a
// second run off the database.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver, pure Go
)

// schemaVersion is the version of the tables this release writes; a later
// release that changes them migrates from the version it finds.
const schemaVersion = 1

// dialect is what differs between the databases.
type dialect struct {
	name   string // sqlite or postgres
	driver string // the database/sql driver
	tsType string // the column type of a timestamp
	// ts is a timestamp as the driver takes it: RFC 3339 text in UTC for
	// SQLite (which its date functions read), a time.Time for PostgreSQL.
	ts func(time.Time) any
	// dollar: placeholders are $1, $2, … (else ?).
	dollar bool
	// lock keeps other runs off the database until release; it fails at
	// once when another run holds it.
	lock func(ctx context.Context, s *store) (release func(), err error)
	// maxParams is how many parameters one statement may take.
	maxParams int
	// arrays: a bucket's figures go in one INSERT whatever their number,
	// as two array parameters (names, values) through unnest, rather than
	// as rows of parameters; PostgreSQL binds two arrays much faster than
	// hundreds of parameters.
	arrays bool
	// hasTable counts the tables named ? (0 or 1).
	hasTable string
	// tableSuffix ends the CREATE TABLE of a keyed table.
	tableSuffix string
}

var (
	sqliteDialect = dialect{name: "sqlite", driver: "sqlite", tsType: "TEXT", maxParams: 32766,
		ts: func(t time.Time) any { return t.UTC().Format(time.RFC3339) }, lock: lockFile,
		hasTable: `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`,
		// The key is the table: one b-tree to write, not a table and an
		// index.
		tableSuffix: " WITHOUT ROWID"}
	postgresDialect = dialect{name: "postgres", driver: "pgx", tsType: "TIMESTAMPTZ", maxParams: 65535, dollar: true, arrays: true,
		ts: func(t time.Time) any { return t.UTC() }, lock: lockAdvisory,
		hasTable: `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`}
)

// errLocked is the error of a run that finds another one on its database.
var errLocked = errors.New("another hsreports sync is writing to this database; run again when it ends")

// store is an open database of metrics, locked for this run.
type store struct {
	db      *sql.DB
	d       dialect
	where   string // the database, for messages: no password
	path    string // SQLite: the file
	peek    bool   // opened to read only: no lock, nothing created
	release func()
	busy    time.Duration        // time spent in the database: opening, reading, writing
	stmts   map[string]*sql.Stmt // prepared statements, by query
}

// bucketKey names a stored bucket: a report over a period with filters.
type bucketKey struct {
	report, filters string
	start, end      time.Time // UTC
}

// figure is one figure of a bucket.
type figure struct {
	name  string
	value float64
}

// parseDB reads a --db URL: sqlite:PATH, or postgres:// or postgresql://.
func parseDB(raw string) (d dialect, dsn, where string, err error) {
	switch {
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if path == "" {
			return d, "", "", errors.New("sqlite: wants a file, e.g. sqlite:hsreports.db")
		}
		if strings.ContainsAny(path, "?#") {
			return d, "", "", errors.New("sqlite: wants a file name without ? or #")
		}
		// A busy database is waited on for 10 s rather than failed at once.
		return sqliteDialect, "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate", "sqlite:" + path, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, perr := url.Parse(raw)
		if perr != nil {
			return d, "", "", errors.New("not a valid postgres:// URL") // url's error would quote the password
		}
		// A commit does not wait for the disk: a server crash may lose the
		// last buckets written, which the next run, finding them missing,
		// fetches again. (The URL may say otherwise.)
		dsn := raw
		if q := u.Query(); !q.Has("synchronous_commit") {
			q.Set("synchronous_commit", "off")
			v := *u
			v.RawQuery = q.Encode()
			dsn = v.String()
		}
		return postgresDialect, dsn, redact(u), nil
	}
	return d, "", "", errors.New("want sqlite:PATH, postgres://… or postgresql://…")
}

// redact is u without its password or query (which may carry one).
func redact(u *url.URL) string {
	v := *u
	if v.User != nil {
		if _, ok := v.User.Password(); ok {
			v.User = url.UserPassword(v.User.Username(), "xxxxx")
		}
	}
	v.RawQuery = ""
	return v.String()
}

// openStore opens the database of --db, takes its lock (errLocked when
// another run holds it) and creates the tables when missing.
func openStore(ctx context.Context, raw string) (*store, error) {
	return openStoreAs(ctx, raw, false)
}

// openStoreAs opens the database of --db; with peek, to read only: no
// lock taken, nothing created.
func openStoreAs(ctx context.Context, raw string, peek bool) (_ *store, err error) {
	began := time.Now()
	d, dsn, where, err := parseDB(raw)
	if err != nil {
		return nil, cmdutil.Usagef("--db: %v", err)
	}
	if peek && d.name == "sqlite" {
		dsn += "&mode=ro"
	}
	db, err := sql.Open(d.driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	s := &store{db: db, d: d, where: where, peek: peek}
	defer func() { s.busy += time.Since(began) }()
	if d.name == "sqlite" {
		s.path = strings.TrimPrefix(where, "sqlite:")
		db.SetMaxOpenConns(1) // one writer; SQLite serializes them anyway
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, s.errorf("cannot open it: %w", err)
	}
	if peek {
		return s, nil
	}
	if s.release, err = d.lock(ctx, s); err != nil {
		db.Close()
		if errors.Is(err, errLocked) {
			return nil, &cmdutil.TempError{Err: s.errorf("%w", err)}
		}
		return nil, s.errorf("cannot lock it: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// timed adds the time until the call of the function it returns to
// s.busy.
func (s *store) timed() func() {
	began := time.Now()
	return func() { s.busy += time.Since(began) }
}

// prepare prepares the queries not prepared yet: a bucket's statements
// differ only in the number of rows, which is nearly the same for every
// bucket of a report, so the database parses each once. It runs outside a
// transaction (SQLite's one connection is the transaction's).
func (s *store) prepare(ctx context.Context, queries ...string) error {
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
func (s *store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
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

// errorf is an error about the database, naming it.
func (s *store) errorf(format string, args ...any) error {
	return fmt.Errorf("database %s: "+format, append([]any{s.where}, args...)...)
}

// Close releases the lock and closes the database.
func (s *store) Close() error {
	for _, st := range s.stmts {
		st.Close()
	}
	if s.release != nil {
		s.release()
	}
	return s.db.Close()
}

// q rewrites the ? placeholders of query for the dialect.
func (s *store) q(query string) string {
	if !s.d.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// migrate creates the tables when missing and checks the schema's version.
func (s *store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errorf("%w", err)
	}
	defer tx.Rollback()
	ts := s.d.tsType
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS hsreports_schema (version INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS metrics (
			report TEXT NOT NULL,
			filters TEXT NOT NULL,
			period_start ` + ts + ` NOT NULL,
			period_end ` + ts + ` NOT NULL,
			metric TEXT NOT NULL,
			value DOUBLE PRECISION NOT NULL,
			fetched_at ` + ts + ` NOT NULL,
			PRIMARY KEY (report, filters, period_start, period_end, metric))` + s.d.tableSuffix,
		`CREATE TABLE IF NOT EXISTS hsreports_buckets (
			report TEXT NOT NULL,
			filters TEXT NOT NULL,
			period_start ` + ts + ` NOT NULL,
			period_end ` + ts + ` NOT NULL,
			fetched_at ` + ts + ` NOT NULL,
			metrics INTEGER NOT NULL,
			PRIMARY KEY (report, filters, period_start, period_end))` + s.d.tableSuffix,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return s.errorf("creating the tables: %w", err)
		}
	}
	var v int
	switch err := tx.QueryRowContext(ctx, `SELECT version FROM hsreports_schema`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO hsreports_schema (version) VALUES (?)`), schemaVersion); err != nil {
			return s.errorf("creating the tables: %w", err)
		}
	case err != nil:
		return s.errorf("reading the schema version: %w", err)
	case v > schemaVersion:
		return s.errorf("its tables are of version %d, written by a later hsreports; this one knows version %d: upgrade hsreports", v, schemaVersion)
	}
	if err := tx.Commit(); err != nil {
		return s.errorf("creating the tables: %w", err)
	}
	return nil
}

// fetched returns when each stored bucket of report and filters was
// fetched.
func (s *store) fetched(ctx context.Context, report, filters string) (map[bucketKey]time.Time, error) {
	defer s.timed()()
	if s.peek {
		var n int
		if err := s.db.QueryRowContext(ctx, s.q(s.d.hasTable), "hsreports_buckets").Scan(&n); err != nil {
			return nil, s.errorf("%w", err)
		}
		if n == 0 {
			return nil, nil
		}
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT period_start, period_end, fetched_at FROM hsreports_buckets WHERE report = ? AND filters = ?`), report, filters)
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	defer rows.Close()
	out := map[bucketKey]time.Time{}
	for rows.Next() {
		var start, end, at tsScanner
		if err := rows.Scan(&start, &end, &at); err != nil {
			return nil, s.errorf("%w", err)
		}
		out[bucketKey{report, filters, start.t, end.t}] = at.t
	}
	if err := rows.Err(); err != nil {
		return nil, s.errorf("%w", err)
	}
	return out, nil
}

// write replaces the metrics of bucket k with rows, in one transaction:
// after an interrupt, a bucket is either all there or not at all.
//
// stored says whether the bucket may be stored already: only then are its
// old rows deleted first (a round trip saved on a first run).
func (s *store) write(ctx context.Context, k bucketKey, fetchedAt time.Time, rows []figure, stored bool) error {
	defer s.timed()()
	fail := func(err error) error {
		return s.errorf("writing %s %s: %w", k.report, k.start.Format(time.RFC3339), err)
	}
	start, end, at := s.d.ts(k.start), s.d.ts(k.end), s.d.ts(fetchedAt)
	del := s.q(`DELETE FROM metrics WHERE report = ? AND filters = ? AND period_start = ? AND period_end = ?`)
	done := s.q(bucketRow)
	inserts := s.figureInserts(rows, k.report, k.filters, start, end, at)
	queries := []string{done}
	if s.d.arrays && !stored {
		// One statement, the bucket's row in it: atomic without a
		// transaction.
		in := inserts[0]
		if err := s.prepare(ctx, in.query); err != nil {
			return fail(err)
		}
		if err := s.exec(ctx, nil, in.query, in.args...); err != nil {
			return fail(err)
		}
		return nil
	}
	if stored {
		queries = append(queries, del)
	}
	for _, in := range inserts {
		queries = append(queries, in.query)
	}
	if err := s.prepare(ctx, queries...); err != nil {
		return fail(err)
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	if stored {
		if err := s.exec(ctx, tx, del, k.report, k.filters, start, end); err != nil {
			return fail(err)
		}
	}
	for _, in := range inserts {
		if err := s.exec(ctx, tx, in.query, in.args...); err != nil {
			return fail(err)
		}
	}
	if !s.d.arrays { // else the figures' statement wrote the bucket's row
		if err := s.exec(ctx, tx, done, k.report, k.filters, start, end, at, len(rows)); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// bucketRow records a bucket as stored: when, and how many figures.
const bucketRow = `INSERT INTO hsreports_buckets (report, filters, period_start, period_end, fetched_at, metrics) VALUES (?,?,?,?,?,?)
	ON CONFLICT (report, filters, period_start, period_end) DO UPDATE SET fetched_at = excluded.fetched_at, metrics = excluded.metrics`

// insert is one statement of a bucket's figures and its arguments.
type insert struct {
	query string
	args  []any
}

// figureInserts are the INSERTs of a bucket's figures: one with two arrays
// where the dialect takes them, else rows of parameters in chunks of at
// most 500 rows (and the dialect's parameter limit).
func (s *store) figureInserts(rows []figure, report, filters string, start, end, at any) []insert {
	const head = `INSERT INTO metrics (report, filters, period_start, period_end, metric, value, fetched_at) `
	if s.d.arrays {
		names, values := make([]string, len(rows)), make([]float64, len(rows))
		for i, r := range rows {
			names[i], values[i] = r.name, r.value
		}
		// The bucket's row goes in the same statement, by a data-modifying
		// CTE: one statement is atomic, so a bucket not stored yet needs no
		// transaction (one round trip instead of four).
		return []insert{{s.q(`WITH bucket AS (` + bucketRow + `) ` + head +
			`SELECT ?, ?, ?, ?, m, v, ? FROM unnest(?::text[], ?::double precision[]) AS t(m, v)`),
			[]any{report, filters, start, end, at, len(rows), report, filters, start, end, at, names, values}}}
	}
	const cols = 7
	per := min(s.d.maxParams/cols, 500)
	var out []insert
	for rest := rows; len(rest) > 0; {
		n := min(len(rest), per)
		var b strings.Builder
		b.WriteString(head + `VALUES `)
		args := make([]any, 0, n*cols)
		for i, r := range rest[:n] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?,?,?)")
			args = append(args, report, filters, start, end, r.name, r.value, at)
		}
		out = append(out, insert{s.q(b.String()), args})
		rest = rest[n:]
	}
	return out
}

// advisoryKey is the PostgreSQL advisory lock of hsreports sync.
const advisoryKey = 0x6873_7379_6e63 // "hssync"

// lockAdvisory takes PostgreSQL's session advisory lock on a connection of
// its own, which the server releases when the session ends, however it
// ends.
func lockAdvisory(ctx context.Context, s *store) (func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, int64(advisoryKey)).Scan(&ok); err != nil {
		conn.Close()
		return nil, err
	}
	if !ok {
		conn.Close()
		return nil, errLocked
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(advisoryKey))
		conn.Close()
	}, nil
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

// Open opens the database of --db as a run does: locked for this process
// until Close, its tables created. (Tests hold a database with it.)
func Open(ctx context.Context, db string) (io.Closer, error) { return openStore(ctx, db) }
