package main

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openPTY opens a pseudo-terminal: the master end, which reads what is
// written to the terminal, and the terminal itself.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	unlock := int32(0)
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock)))
	require.Zero(t, errno, "unlockpt")
	var n uint32
	_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n)))
	require.Zero(t, errno, "ptsname")
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

// TestProgressOnATerminal runs a walk with stderr on a real terminal (a
// pty): the terminal is detected and the progress line drawn on it, while
// stdout, a file, gets the data and no progress.
func TestProgressOnATerminal(t *testing.T) {
	master, tty := openPTY(t)
	out, err := os.CreateTemp(t.TempDir(), "stdout")
	require.NoError(t, err)
	defer out.Close()

	s := cmdutil.FileStreams(out, tty)
	s.Clock = testClock
	require.True(t, s.ErrTTY)
	require.False(t, s.OutTTY)
	seen := make(chan string)
	go func() {
		var all []byte
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			all = append(all, buf[:n]...)
			if err != nil {
				break
			}
		}
		seen <- string(all)
	}()
	code := run(context.Background(), []string{"conversations", "drilldown", "--last", "7d", "--rows", "50", "--all", "--format", "ndjson"}, s, demoEnv)
	require.Equal(t, 0, code)
	tty.Close() // the reader reads what is left, then EIO
	text := <-seen
	assert.Contains(t, text, "\x1b[K3/3 pages · 101/101 rows")
	assert.Contains(t, text, "pages/min")
	assert.Contains(t, text, "demo data")

	_, err = out.Seek(0, io.SeekStart)
	require.NoError(t, err)
	data, err := io.ReadAll(out)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "pages")
	assert.Equal(t, 101, strings.Count(string(data), "\n"))
}
