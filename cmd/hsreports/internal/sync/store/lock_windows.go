//go:build windows

package store

import (
	"context"
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes the lock of the store's SQLite file (lockPath).
func lockFile(_ context.Context, s *Store) (func(), error) { return lockPath(s.t.Path) }

// lockOffsetHigh places the locked byte at offset 2^62 of the file, far
// past any byte SQLite reads, writes or locks (its own locks sit at 1 GiB,
// and a database ends before 2^48 bytes). A Windows byte-range lock is
// mandatory: a lock on bytes SQLite reads would fail SQLite's own reads
// from its other handles. A lock past the end of a file is allowed.
const lockOffsetHigh = 1 << 30

// lockPath takes an exclusive lock (LockFileEx) on one byte of the file at
// path, which Windows releases when the handle closes, also when the
// process ends however it ends; ErrLocked when another handle holds it, in
// this process or another. release drops it.
func lockPath(path string) (release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	h := windows.Handle(f.Fd())
	err = windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &windows.Overlapped{OffsetHigh: lockOffsetHigh})
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, ErrLocked
		}
		return nil, err
	}
	return func() {
		_ = windows.UnlockFileEx(h, 0, 1, 0, &windows.Overlapped{OffsetHigh: lockOffsetHigh})
		f.Close()
	}, nil
}

// lockable: no other run writes while this one holds the lock.
const lockable = true

// writable: on Windows the write check (a probe write) finds out.
func writable(string) error { return nil }
