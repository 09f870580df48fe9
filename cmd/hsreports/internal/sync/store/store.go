// Package store is the database of hsreports sync: its tables in SQLite or
// PostgreSQL behind database/sql, their SQL in embedded .sql files (the
// numbered migrations of each dialect under migrations/, the queries under
// queries/), a runner of the migrations with a version table and a dirty
// flag, and one bucket writer per dialect.
//
// Everything that can refuse a run is checked when the store opens, before
// the first request of a run: the path (a SQLite path is taken literally; a
// symlink is followed only to a database of ours), the lock (another run:
// ErrLocked), the schema (a table of ours in a database hsreports did not
// make, a version newer than this release knows), write access, and the
// migrations to run.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // the "sqlite" driver, pure Go
)

//go:embed migrations/*.sql queries/*.sql
var files embed.FS

// ErrLocked is the error of a run that finds another one on its database.
var ErrLocked = errors.New("another hsreports sync is writing to this database; run again when it ends")

// Target is a database named by --db: its dialect, what the driver gets,
// and how messages name it (without a password).
type Target struct {
	Dialect string // "sqlite" or "postgres"
	Where   string // for messages: no password, no query
	Path    string // SQLite: the file, literally
	pg      *pgx.ConnConfig
}

// keyValue matches the start of a PostgreSQL key=value DSN.
var keyValue = regexp.MustCompile(`^\s*[a-z_]+\s*=`)

// Parse reads a --db value: sqlite:PATH (the path literally: no percent
// decoding, ? and # are part of the name), a postgres:// or postgresql://
// URL, or a PostgreSQL key=value DSN (host=… dbname=…). A PostgreSQL URL or
// DSN goes to the driver as given (pgx reads it, with PGPASSWORD, .pgpass
// and the other PG* variables as libpq does); sync only adds
// synchronous_commit=off where it does not say otherwise.
func Parse(raw string) (*Target, error) {
	switch {
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(raw, "sqlite:")
		if path == "" {
			return nil, errors.New("sqlite: wants a file, e.g. sqlite:hsreports.db")
		}
		return &Target{Dialect: "sqlite", Where: "sqlite:" + path, Path: path}, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"), keyValue.MatchString(raw):
		cfg, err := pgx.ParseConfig(raw)
		if err != nil {
			// pgx's message may quote the URL: say only what it is.
			return nil, errors.New("not a valid PostgreSQL URL or key=value DSN")
		}
		if _, ok := cfg.RuntimeParams["synchronous_commit"]; !ok {
			// A commit does not wait for the disk: a server crash may lose
			// the last buckets written, which the next run, finding them
			// missing, fetches again.
			cfg.RuntimeParams["synchronous_commit"] = "off"
		}
		return &Target{Dialect: "postgres", Where: pgWhere(raw, cfg), pg: cfg}, nil
	}
	return nil, errors.New("want sqlite:PATH, postgres://…, postgresql://… or a key=value DSN (host=… dbname=…)")
}

// pgWhere names a PostgreSQL database for messages: the URL without its
// password and query, or user@host:port/database for a DSN.
func pgWhere(raw string, cfg *pgx.ConnConfig) string {
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" {
		v := *u
		if v.User != nil {
			if _, ok := v.User.Password(); ok {
				v.User = url.UserPassword(v.User.Username(), "xxxxx")
			}
		}
		v.RawQuery, v.Fragment = "", ""
		return v.String()
	}
	return fmt.Sprintf("postgres %s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// Options are how a store opens.
type Options struct {
	// ReadOnly opens the database to read it only (a dry run): no lock,
	// nothing created, no file of SQLite's written (no WAL). A database
	// not there yet is no error: Peek says so.
	ReadOnly bool
	// Infos describes the metrics of schema 1 when it migrates them: which
	// are comparison figures or ids, set aside (nil: none).
	Infos Describe
	// Zones are the zones tried, in order, for the buckets of schema 1
	// (nil: UTC): sync gives its --tz, then UTC.
	Zones []*time.Location
	// UpTo stops the migrations at this version (0: the latest): a
	// database as an earlier release left it, for the tests and
	// benchmarks of migrations. The write check is skipped.
	UpTo int
}

// Store is an open database of metrics, locked for this run unless read
// only.
type Store struct {
	db       *sql.DB
	t        *Target
	d        dialect
	q        map[string]string // the dialect's queries, by name
	readOnly bool
	release  func()
	// Version is the schema's version when opened (0: none yet), and
	// Migrated the versions this open migrated through.
	Version  int
	Migrated []int
	// WasDirty says a migration had begun and not ended (a run killed
	// while migrating): rolled back whole, it ran again.
	WasDirty bool
	Busy     time.Duration        // time spent in the database
	stmts    map[string]*sql.Stmt // prepared statements, by query
	users    map[int64]string     // the users table as written
}

// Where names the database for messages.
func (s *Store) Where() string { return s.t.Where }

// errorf is an error about the database, naming it.
func (s *Store) errorf(format string, args ...any) error {
	return fmt.Errorf("database %s: "+format, append([]any{s.t.Where}, args...)...)
}

// Open opens the database t names: checks its path, takes its lock
// (ErrLocked, wrapped, when another run holds it), checks its schema and
// migrates it to the latest version, and checks that it can be written.
// With o.ReadOnly it only opens it to read (nil, nil when it does not
// exist yet).
func Open(ctx context.Context, t *Target, o Options) (_ *Store, err error) {
	began := time.Now()
	s := &Store{t: t, readOnly: o.ReadOnly}
	s.d = dialects[t.Dialect]
	s.q = queries[t.Dialect]
	defer func() { s.Busy += time.Since(began) }()
	switch t.Dialect {
	case "sqlite":
		dsn, exists, err := s.sqlitePath(o.ReadOnly)
		if err != nil {
			return nil, err
		}
		if o.ReadOnly && !exists {
			return nil, nil
		}
		if s.db, err = sql.Open("sqlite", dsn); err != nil {
			return nil, s.errorf("%w", err)
		}
		s.db.SetMaxOpenConns(1) // one writer; SQLite serializes them anyway
	default:
		s.db = stdlibOpen(t)
	}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if err := s.db.PingContext(ctx); err != nil {
		return nil, s.errorf("cannot open it: %w", err)
	}
	if !o.ReadOnly {
		if s.release, err = s.d.lock(ctx, s); err != nil {
			if errors.Is(err, ErrLocked) {
				return nil, &LockedError{s.errorf("%w", err)}
			}
			return nil, s.errorf("cannot lock it: %w", err)
		}
	}
	v, dirty, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	s.Version = v
	if v > Latest {
		return nil, s.errorf("its tables are of schema version %d, written by a later hsreports; this one knows version %d: upgrade hsreports", v, Latest)
	}
	if o.ReadOnly {
		return s, nil
	}
	if dirty {
		// Every migration runs in one transaction with its version: a
		// dirty flag left says the one after v began and was rolled back
		// whole; it runs again.
		s.WasDirty = true
	}
	if err := s.migrate(ctx, v, o); err != nil {
		return nil, err
	}
	if o.UpTo > 0 {
		return s, nil
	}
	if err := s.checkWrite(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// LockedError is Open's error when another run holds the database.
type LockedError struct{ Err error }

// Error is the message of the error it wraps.
func (e *LockedError) Error() string { return e.Err.Error() }

// Unwrap is the error it wraps (which matches ErrLocked).
func (e *LockedError) Unwrap() error { return e.Err }

// sqlitePath checks the SQLite file and gives the driver's DSN for it: the
// path percent-encoded, so that SQLite reads it back literally. A symlink
// is refused unless it points to a database of ours; a new file is created
// 0600 (business data); a read-only open of a database without a WAL is
// immutable, so that SQLite writes no side file.
func (s *Store) sqlitePath(readOnly bool) (dsn string, exists bool, err error) {
	path := s.t.Path
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if readOnly {
			return "", false, nil
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return "", false, s.errorf("cannot create it: %w", err)
		}
		f.Close()
	case err != nil:
		return "", false, s.errorf("%w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", false, s.errorf("is a symlink to a file that does not exist: give the path of the database itself")
		}
		if !isOurs(target) {
			return "", false, s.errorf("is a symlink to %s, which is not a database of hsreports sync: give the path of the database itself", target)
		}
	case fi.IsDir():
		return "", false, s.errorf("is a directory")
	}
	if !readOnly {
		if err := writable(path); err != nil {
			return "", false, s.errorf("cannot write to it: %w", err)
		}
	}
	u := "file:" + escapePath(path) + "?_pragma=busy_timeout(10000)"
	switch {
	case !readOnly:
		// A busy database is waited on for 10 s rather than failed at once.
		u += "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	case fileExists(path + "-wal"):
		u += "&mode=ro" // the WAL's buckets count; it and its index exist
	default:
		u += "&mode=ro&immutable=1"
	}
	return u, true, nil
}

// escapePath writes a file path as the path of a file: URI that SQLite
// decodes back to it: % ? # and control characters percent-encoded.
func escapePath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '%' || c == '?' || c == '#' || c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// isOurs tells whether the file at path is a SQLite database of hsreports
// sync (it has a version table of ours).
func isOurs(path string) bool {
	db, err := sql.Open("sqlite", "file:"+escapePath(path)+"?mode=ro&immutable=1")
	if err != nil {
		return false
	}
	defer db.Close()
	var n int
	err = db.QueryRow(queries["sqlite"]["is_ours"]).Scan(&n)
	return err == nil && n > 0
}

// Close releases the lock and closes the database.
func (s *Store) Close() error {
	if s == nil || s.db == nil {
		return nil
	}
	for _, st := range s.stmts {
		st.Close()
	}
	if s.release != nil {
		s.release()
		s.release = nil
	}
	return s.db.Close()
}

// DB is the database, for the tests that look at it through the store.
func (s *Store) DB() *sql.DB { return s.db }

// timed adds the time until the call of the function it returns to s.Busy.
func (s *Store) timed() func() {
	began := time.Now()
	return func() { s.Busy += time.Since(began) }
}

// checkWrite makes a write that changes nothing to every table a run
// writes, rolled back: a read-only file, role or server fails it now,
// before any request, rather than after the first bucket.
func (s *Store) checkWrite(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errorf("cannot write to it: %w", err)
	}
	defer tx.Rollback()
	for _, stmt := range statements(s.q["check_write"]) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return s.errorf("cannot write to it: %w", err)
		}
	}
	return nil
}

// stdlibOpen opens a PostgreSQL target's database as a run does.
func stdlibOpen(t *Target) *sql.DB { return stdlib.OpenDB(*t.pg) }
