package store

// The runner of the migrations: migrations/NNNN_name.DIALECT.sql, embedded,
// applied in order, each in one transaction with the version it brings. The
// version table, hsreports_version, has one row: the version and a dirty
// flag, set (and committed) before a migration starts and cleared with its
// version in the migration's own transaction. A migration may hand over to
// Go between its statements: a line "-- hsreports:go NAME" runs the step
// NAME there, in the same transaction.
//
// A database of the first release has no hsreports_version: its
// hsreports_schema table (version 1) says where it stands.

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Latest is the schema version this release writes.
var Latest = len(migrations["sqlite"])

// migration is one numbered migration of a dialect.
type migration struct {
	version int
	name    string // the file
	parts   []part
}

// part is a run of statements, or a step in Go.
type part struct {
	stmts []string
	step  string
}

// steps are the Go steps migrations hand over to, by name.
var steps = map[string]func(ctx context.Context, s *Store, tx *sql.Tx, o Options) error{
	"v1": stepV1,
}

// migrations are each dialect's, in order; queries each dialect's named
// queries.
var migrations, queries = load()

func load() (map[string][]migration, map[string]map[string]string) {
	ms := map[string][]migration{}
	qs := map[string]map[string]string{}
	for _, d := range []string{"sqlite", "postgres"} {
		entries, err := fs.Glob(files, "migrations/*."+d+".sql")
		if err != nil {
			panic(err)
		}
		slices.Sort(entries)
		for i, name := range entries {
			base := path.Base(name)
			n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
			if err != nil || n != i+1 {
				panic("hsreports: migration " + name + " is out of sequence")
			}
			text, _ := files.ReadFile(name)
			m := migration{version: n, name: base}
			var cur []string
			for _, stmt := range statements(string(text)) {
				if step, ok := strings.CutPrefix(stmt, "-- hsreports:go "); ok {
					m.parts = append(m.parts, part{stmts: cur}, part{step: strings.TrimSpace(step)})
					cur = nil
					continue
				}
				cur = append(cur, stmt)
			}
			m.parts = append(m.parts, part{stmts: cur})
			ms[d] = append(ms[d], m)
		}
		text, err := files.ReadFile("queries/" + d + ".sql")
		if err != nil {
			panic(err)
		}
		qs[d] = named(string(text))
	}
	if len(ms["sqlite"]) != len(ms["postgres"]) {
		panic("hsreports: the dialects have different numbers of migrations")
	}
	return ms, qs
}

// statements splits SQL into its statements: each ends with a line ending
// in ";". Comment lines are dropped, except the step markers, which are
// statements of their own.
func statements(text string) []string {
	var out []string
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "-- hsreports:go ") {
			out = append(out, trimmed)
			continue
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "--") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSpace(b.String()))
			b.Reset()
		}
	}
	if rest := strings.TrimSpace(b.String()); rest != "" {
		out = append(out, rest)
	}
	return out
}

// named splits a queries file into its queries: "-- name: NAME" starts
// one; its comment lines are dropped and the final ";" trimmed (a query
// of several statements keeps the others).
func named(text string) map[string]string {
	out := map[string]string{}
	var name string
	var b strings.Builder
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSuffix(strings.TrimSpace(b.String()), ";")
		}
		b.Reset()
	}
	for line := range strings.Lines(text) {
		trimmed := strings.TrimSpace(line)
		if n, ok := strings.CutPrefix(trimmed, "-- name: "); ok {
			flush()
			name = strings.TrimSpace(n)
			continue
		}
		if strings.HasPrefix(trimmed, "--") {
			continue
		}
		b.WriteString(line)
	}
	flush()
	return out
}

// ours are the tables and views of every schema version: one of them in a
// database without a version of ours is someone else's.
var ours = []string{"metrics", "hsreports_buckets", "metric_info", "users", "mailboxes", "tags", "folders", "ratings",
	"hsreports_v1_rows", "metric_days", "metric_weeks", "metric_months"}

// version reads where the schema stands: its version (0 for an empty
// database) and whether a migration was left dirty. A table of ours in a
// database with no version of ours is refused: it is not ours to change.
func (s *Store) version(ctx context.Context) (int, bool, error) {
	rows, err := s.db.QueryContext(ctx, s.q["tables"])
	if err != nil {
		return 0, false, s.errorf("reading its tables: %w", err)
	}
	tables := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return 0, false, s.errorf("reading its tables: %w", err)
		}
		tables[name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, false, s.errorf("reading its tables: %w", err)
	}
	switch {
	case tables["hsreports_version"]:
		var v int
		var dirty bool
		if err := s.db.QueryRowContext(ctx, s.q["version"]).Scan(&v, &dirty); err != nil {
			return 0, false, s.errorf("reading its schema version: %w", err)
		}
		return v, dirty, nil
	case tables["hsreports_schema"]:
		var v int
		if err := s.db.QueryRowContext(ctx, s.q["legacy_version"]).Scan(&v); err != nil {
			return 0, false, s.errorf("reading its schema version: %w", err)
		}
		return v, false, nil
	}
	for _, t := range ours {
		if tables[t] {
			return 0, false, s.errorf("it has a table %s that hsreports did not create (no hsreports_version table): give sync a database, or a schema, of its own", t)
		}
	}
	return 0, false, nil
}

// migrate runs the migrations after version from.
func (s *Store) migrate(ctx context.Context, from int, o Options) error {
	to := Latest
	if o.UpTo > 0 {
		to = min(o.UpTo, Latest)
	}
	if from >= to {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, s.q["version_table"]); err != nil {
		return s.errorf("cannot write to it: %w", err)
	}
	for _, m := range migrations[s.t.Dialect][from:to] {
		if err := s.setVersion(ctx, nil, m.version-1, true); err != nil {
			return s.errorf("cannot write to it: %w", err)
		}
		if err := s.apply(ctx, m, o); err != nil {
			return s.errorf("migrating its tables to schema version %d (%s): %w", m.version, m.name, err)
		}
		s.Migrated = append(s.Migrated, m.version)
	}
	s.Version = to
	return nil
}

// apply runs migration m and records its version, in one transaction.
func (s *Store) apply(ctx context.Context, m migration, o Options) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, p := range m.parts {
		for _, stmt := range p.stmts {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%w\nin: %s", err, firstLine(stmt))
			}
		}
		if p.step != "" {
			step, ok := steps[p.step]
			if !ok {
				return fmt.Errorf("no step %q", p.step)
			}
			if err := step(ctx, s, tx, o); err != nil {
				return fmt.Errorf("step %s: %w", p.step, err)
			}
		}
	}
	if err := s.setVersion(ctx, tx, m.version, false); err != nil {
		return err
	}
	return tx.Commit()
}

// setVersion writes the version row, in tx (on its own when nil).
func (s *Store) setVersion(ctx context.Context, tx *sql.Tx, v int, dirty bool) error {
	exec := s.db.ExecContext
	if tx != nil {
		exec = tx.ExecContext
	}
	if _, err := exec(ctx, s.q["version_delete"]); err != nil {
		return err
	}
	_, err := exec(ctx, s.q["version_set"], v, dirty)
	return err
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
