//go:build !unix && !windows

package main

import "context"

// lockFile does nothing where there is neither flock nor LockFileEx (js,
// wasip1, plan9): two runs on one SQLite file then both write, each bucket
// in one transaction, the later one replacing the earlier, never
// duplicating it.
func lockFile(context.Context, *store) (func(), error) { return func() {}, nil }

// lockable: another run may write while this one runs.
const lockable = false
