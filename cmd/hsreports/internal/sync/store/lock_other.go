//go:build !unix && !windows

package store

import "context"

// lockFile does nothing where there is neither flock nor LockFileEx (js,
// wasip1, plan9): two runs on one SQLite file then both write, each bucket
// in one transaction, the later one replacing the earlier, never
// duplicating it.
func lockFile(context.Context, *Store) (func(), error) { return func() {}, nil }

// lockable: another run may write while this one runs.
const lockable = false

// writable: where there is no access(2), the write check finds out.
func writable(string) error { return nil }
