//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOutputFileMode: --output creates its file as the umask says (0666
// less it), keeps the mode of a file it replaces, and removes the
// temporary files that runs killed before they could left, but not those
// of a live process (issue 26, item 11).
func TestOutputFileMode(t *testing.T) {
	old := syscall.Umask(0o077)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()
	file := filepath.Join(dir, "customers.csv")
	r := hs(t, demo, "conversations", "drilldown", "--format", "csv", "--output", file)
	require.Equal(t, exitOK, r.code, r.stderr)
	assertMode(t, file, 0o600)

	require.NoError(t, os.Chmod(file, 0o640))
	r = hs(t, demo, "conversations", "drilldown", "--format", "csv", "--output", file)
	require.Equal(t, exitOK, r.code, r.stderr)
	assertMode(t, file, 0o640)

	dead := filepath.Join(dir, fmt.Sprintf(".customers.csv.%d.partial", deadPID(t)))
	live := filepath.Join(dir, ".customers.csv.1.partial") // init: alive
	other := filepath.Join(dir, ".other.csv.2.partial")
	for _, p := range []string{dead, live, other} {
		require.NoError(t, os.WriteFile(p, []byte("half"), 0o600))
	}
	r = hs(t, demo, "company", "--format", "csv", "--output", file)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NoFileExists(t, dead, "a killed run's partial file is removed")
	assert.FileExists(t, live, "a live process's is kept")
	assert.FileExists(t, other, "another FILE's is kept")
}

// deadPID is the pid of a process that has ended.
func deadPID(t *testing.T) int {
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	require.NoError(t, err)
	_, err = p.Wait()
	require.NoError(t, err)
	return p.Pid
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, want, fi.Mode().Perm(), path)
}
