//go:build unix

package cmdutil

import (
	"errors"
	"os"
	"syscall"
)

// alive reports whether process pid runs.
func alive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
