//go:build unix

package main

import (
	"context"
	"errors"
	"os"
	"syscall"
)

// lockFile takes the lock of the store's SQLite file (lockPath).
func lockFile(_ context.Context, s *store) (func(), error) { return lockPath(s.path) }

// lockPath takes an exclusive flock on the file at path, which the kernel
// releases when the process ends, however it ends; errLocked when another
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
			return nil, errLocked
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}

// lockable: no other run writes while this one holds the lock.
const lockable = true
