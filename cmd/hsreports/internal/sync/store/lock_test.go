//go:build unix || windows

package store

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLockPath: the lock of a sync's SQLite file, on every system that has
// one (flock on unix, LockFileEx on Windows): a second lock on the same
// file, from another open file as another process would hold it, fails
// with ErrLocked until the first is released; then it is taken again.
func TestLockPath(t *testing.T) {
	require.True(t, lockable)
	path := filepath.Join(t.TempDir(), "metrics.db")
	require.NoError(t, os.WriteFile(path, nil, 0o600))

	release, err := lockPath(path)
	require.NoError(t, err)
	for range 3 {
		again, err := lockPath(path)
		require.ErrorIs(t, err, ErrLocked)
		assert.Nil(t, again)
	}
	release()

	release, err = lockPath(path)
	require.NoError(t, err, "the lock is free once released")
	_, err = lockPath(path)
	require.ErrorIs(t, err, ErrLocked)
	release()
}

// TestLockPathMissing: a file that is not there is an error of its own,
// not ErrLocked.
func TestLockPathMissing(t *testing.T) {
	_, err := lockPath(filepath.Join(t.TempDir(), "none.db"))
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrLocked)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestLockPathLeavesSQLiteAlone: while the lock is held, SQLite reads and
// writes the same file through its own handles, in WAL mode as the store
// opens it. (On Windows a byte-range lock is mandatory, so the locked byte
// must be one SQLite never touches.)
func TestLockPathLeavesSQLiteAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.db")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	release, err := lockPath(path)
	require.NoError(t, err)
	defer release()

	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_txlock=immediate")
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`CREATE TABLE t (k TEXT PRIMARY KEY, v REAL)`)
	require.NoError(t, err)
	for i := range 100 {
		_, err = db.Exec(`INSERT INTO t VALUES (?, ?)`, string(rune('a'+i%26))+string(rune('0'+i/26)), float64(i))
		require.NoError(t, err)
	}
	var n int
	var sum float64
	require.NoError(t, db.QueryRow(`SELECT count(*), sum(v) FROM t`).Scan(&n, &sum))
	assert.Equal(t, 100, n)
	assert.Equal(t, float64(99*100/2), sum)
	_, err = lockPath(path)
	require.ErrorIs(t, err, ErrLocked, "SQLite's work left the lock in place")
}
