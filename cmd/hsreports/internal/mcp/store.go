package mcp

// The database hsreports sync keeps, read (never written) by the history
// and lookup tools: the metrics table of schema 2, metric_info, and the
// tables of names.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver, pure Go
)

// Store is the database hsreports sync keeps, as history and lookup read
// it. OpenStore opens one; a test may give another.
type Store interface {
	Directory
	// Info lists what metric_info says of the metrics of report: a list
	// element's id is "*" in their names (users.*.replies).
	Info(ctx context.Context, report string) ([]MetricInfo, error)
	// Buckets lists the stored buckets of a metric of report with
	// filters (their canonical text, "" for none), of every granularity
	// and zone, in the order of granularity, zone and start; each with the
	// value of weight, a metric of the same bucket, when weight is not ""
	// and it is stored.
	Buckets(ctx context.Context, report, filters, metric, weight string) ([]Bucket, error)
	// Close closes the database.
	Close() error
}

// MetricInfo is a row of metric_info.
type MetricInfo struct {
	Metric      string // users.*.replies
	Kind        string // count, distinct, average, percent, score, change, measure, id or code
	Unit        string // count, seconds, percent, fraction, points, days, …
	Weight      string // for an average, a percent or a score: the metric that weights it, or ""
	Description string
}

// Bucket is a stored figure of one bucket.
type Bucket struct {
	Granularity string // day, week or month
	TZ          string // the IANA zone it was cut in
	Start, End  time.Time
	Value       float64
	Weight      *float64 // the weight metric's value in the same bucket; nil when not stored
}

// The SQL of the store: one text for SQLite and PostgreSQL, whose
// placeholders are $1, $2, …: PostgreSQL's, and parameters SQLite binds by
// their order, as written here. The shape is schema 2's (issue 28): metrics keyed by
// (report, filters, granularity, tz, period_start, metric); metric_info
// keyed by (report, metric); the names in users, mailboxes, tags and
// folders.
const (
	sqlInfo = `SELECT metric, kind, unit, COALESCE(weight, ''), COALESCE(description, '')
FROM metric_info WHERE report = $1 ORDER BY metric`
	sqlBuckets = `SELECT m.granularity, m.tz, m.period_start, m.period_end, m.value, w.value
FROM metrics m
LEFT JOIN metrics w ON w.report = m.report AND w.filters = m.filters AND w.granularity = m.granularity
  AND w.tz = m.tz AND w.period_start = m.period_start AND w.metric = $1
WHERE m.report = $2 AND m.filters = $3 AND m.metric = $4
ORDER BY m.granularity, m.tz, m.period_start`
)

// nameTables are the tables of names, by kind, and their columns: id,
// name and (folders) mailbox_id.
var nameTables = map[string]string{
	"user":    `SELECT id, name, 0 FROM users ORDER BY name, id`,
	"mailbox": `SELECT id, name, 0 FROM mailboxes ORDER BY name, id`,
	"tag":     `SELECT id, name, 0 FROM tags ORDER BY name, id`,
	"folder":  `SELECT id, name, mailbox_id FROM folders ORDER BY name, id`,
}

// sqlStore is a Store on a database/sql database.
type sqlStore struct {
	db    *sql.DB
	where string // the database, for messages: no password
}

// OpenStore opens the database at raw, a --db URL: sqlite:FILE (the path
// taken literally; opened read-only) or postgres://… (in read-only
// transactions). The file must exist and have the tables of hsreports
// sync's schema 2; nothing is created or written.
func OpenStore(ctx context.Context, raw string) (Store, error) {
	var driver, dsn, where string
	postgres := false
	switch {
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if path == "" {
			return nil, cmdutil.Usagef("--db %s: want a file, e.g. sqlite:hsreports.db", raw)
		}
		where = "sqlite:" + path
		if _, err := os.Stat(path); err != nil {
			return nil, cmdutil.Usagef("--db %s: no such database file (hsreports sync writes it)", where)
		}
		// A file: URI decodes %XX and cuts at ? and #: escape them, so
		// that the path is the file's name as given.
		esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
		driver, dsn = "sqlite", "file:"+esc+"?mode=ro&_pragma=busy_timeout(5000)&_pragma=query_only(1)"
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil {
			return nil, cmdutil.Usagef("--db: not a valid postgres:// URL") // url's error would quote the password
		}
		// For messages: no password, and no query (it may hold one).
		shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
		if u.User != nil {
			shown.User = url.User(u.User.Username())
		}
		where = shown.String()
		q := u.Query()
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
		driver, dsn, postgres = "pgx", u.String(), true
	default:
		return nil, cmdutil.Usagef("--db: want sqlite:FILE or postgres://…")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("--db %s: %w", where, err)
	}
	s := &sqlStore{db: db, where: where}
	for _, table := range []string{"metrics", "metric_info"} {
		var n int
		q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
		if postgres {
			q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
		}
		if err := db.QueryRowContext(ctx, q, table).Scan(&n); err != nil {
			db.Close()
			return nil, fmt.Errorf("--db %s: %w", where, err)
		}
		if n == 0 {
			db.Close()
			return nil, cmdutil.Usagef("--db %s: no %s table: not a database of hsreports sync (schema 2); run hsreports sync first", where, table)
		}
	}
	return s, nil
}

func (s *sqlStore) Close() error { return s.db.Close() }

func (s *sqlStore) Info(ctx context.Context, report string) ([]MetricInfo, error) {
	rows, err := s.db.QueryContext(ctx, sqlInfo, report)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	var out []MetricInfo
	for rows.Next() {
		var m MetricInfo
		if err := rows.Scan(&m.Metric, &m.Kind, &m.Unit, &m.Weight, &m.Description); err != nil {
			return nil, s.fail(err)
		}
		out = append(out, m)
	}
	return out, s.fail(rows.Err())
}

func (s *sqlStore) Buckets(ctx context.Context, report, filters, metric, weight string) ([]Bucket, error) {
	rows, err := s.db.QueryContext(ctx, sqlBuckets, weight, report, filters, metric)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	var out []Bucket
	for rows.Next() {
		var b Bucket
		var start, end any
		var w sql.NullFloat64
		if err := rows.Scan(&b.Granularity, &b.TZ, &start, &end, &b.Value, &w); err != nil {
			return nil, s.fail(err)
		}
		if b.Start, err = timeOf(start); err == nil {
			b.End, err = timeOf(end)
		}
		if err != nil {
			return nil, s.fail(err)
		}
		if w.Valid {
			b.Weight = &w.Float64
		}
		out = append(out, b)
	}
	return out, s.fail(rows.Err())
}

func (s *sqlStore) Entries(ctx context.Context, kind string, mailbox int64) ([]Entry, error) {
	q, ok := nameTables[kind]
	if !ok {
		return nil, fmt.Errorf("no names of %s", kind)
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("%s: the %ss this database keeps: %w (hsreports sync keeps the names from schema 2 on)", s.where, kind, err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var name sql.NullString
		if err := rows.Scan(&e.ID, &name, &e.MailboxID); err != nil {
			return nil, s.fail(err)
		}
		e.Name = name.String
		if mailbox == 0 || e.MailboxID == mailbox {
			out = append(out, e)
		}
	}
	return out, s.fail(rows.Err())
}

// fail says which database failed.
func (s *sqlStore) fail(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("the database %s: %w", s.where, err)
}

// timeOf reads a stored timestamp: a time (PostgreSQL) or RFC 3339 text
// (SQLite).
func timeOf(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), nil
	case string:
		return time.Parse(time.RFC3339, x)
	case []byte:
		return time.Parse(time.RFC3339, string(x))
	}
	return time.Time{}, errors.New("a period that is not a timestamp")
}
