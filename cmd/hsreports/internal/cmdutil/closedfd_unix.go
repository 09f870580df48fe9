//go:build unix

package cmdutil

import (
	"os"
	"syscall"
)

// closedByShell reports whether f, a standard stream, was closed when the
// process started (`>&-`): Go's runtime then opens /dev/null on it, read
// and write, where a shell's `>/dev/null` opens it write-only. Writes to it
// would succeed and vanish.
func closedByShell(f *os.File) bool {
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, f.Fd(), syscall.F_GETFL, 0)
	if errno != 0 || flags&syscall.O_ACCMODE != syscall.O_RDWR {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err == nil && os.SameFile(fi, null)
}
