//go:build unix

package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// lockFile takes the lock of the store's SQLite file (lockPath).
func lockFile(_ context.Context, s *Store) (func(), error) { return lockPath(s.t.Path) }

// lockPath takes an exclusive flock on the file at path, which the kernel
// releases when the process ends, however it ends; ErrLocked when another
// open file holds it, in this process or another. (SQLite's own locks are
// fcntl locks, which flock does not touch.) release drops it.
func lockPath(path string) (release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}

// lockable: no other run writes while this one holds the lock.
const lockable = true

// writable tells why this process may not write the file at path or create
// files beside it (SQLite's WAL and its index), nil when it may.
func writable(path string) error {
	if err := syscall.Access(path, 2); err != nil { // W_OK
		return err
	}
	return syscall.Access(filepath.Dir(path), 2|1) // W_OK|X_OK: the WAL beside it
}
