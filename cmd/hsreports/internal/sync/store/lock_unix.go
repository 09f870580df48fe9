//go:build unix

package store

import (
	"context"
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on the SQLite file, which the kernel
// releases when the process ends, however it ends. (SQLite's own locks are
// fcntl locks, which flock does not touch.)
func lockFile(_ context.Context, s *Store) (func(), error) {
	f, err := os.Open(s.t.Path)
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
