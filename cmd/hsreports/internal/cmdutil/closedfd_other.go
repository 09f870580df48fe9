//go:build !unix

package cmdutil

import "os"

// closedByShell reports whether f was closed when the process started;
// only known on Unix.
func closedByShell(*os.File) bool { return false }
