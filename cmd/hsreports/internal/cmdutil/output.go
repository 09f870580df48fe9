package cmdutil

// --output FILE: the output is written to a temporary file beside FILE and
// renamed into place only when the whole run succeeded, so that FILE is
// always either the old complete output or the new complete one.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// outputFile is the temporary file of --output while a run writes it.
type outputFile struct {
	f    *os.File
	path string // FILE
	w    *CheckedWriter
}

// partialSuffix ends the name of a temporary file of --output:
// .FILE.<pid>.partial beside FILE.
const partialSuffix = ".partial"

// OpenOutput, with --output FILE, creates the temporary file beside FILE
// and points stdout at it. It is refused before any request when the
// directory is not writable or FILE is a directory. Temporary files of
// FILE that earlier runs left (killed before they could remove them) are
// removed, unless their process still runs.
func (a *App) OpenOutput() error {
	path := a.Flags.Output
	if path == "" || a.out != nil {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return Usagef("--output %q: is a directory", path)
	}
	removeStalePartials(path)
	dir, base := filepath.Dir(path), filepath.Base(path)
	name := filepath.Join(dir, "."+base+"."+strconv.Itoa(os.Getpid())+partialSuffix)
	// O_EXCL: a file of that name is another run's (of this pid, long
	// gone) or someone's: not ours to truncate.
	_ = os.Remove(name)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666) // the umask applies
	if err != nil {
		return Usagef("--output %q: %v", path, err)
	}
	a.out = &outputFile{f: f, path: path, w: &CheckedWriter{W: f}}
	a.IO.Out = a.out.w
	return nil
}

// removeStalePartials removes the temporary files of path whose process is
// gone.
func removeStalePartials(path string) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, partialSuffix) {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, prefix), partialSuffix))
		if err != nil || pid <= 0 || alive(pid) {
			continue
		}
		_ = os.Remove(filepath.Join(dir, name))
	}
}

// FinishOutput renames the output file into place once the run succeeded:
// the file synced first, with the mode of the file it replaces, else as
// created (0666 less the umask).
func (a *App) FinishOutput() error {
	o := a.out
	if o == nil {
		return nil
	}
	a.out = nil
	var chmod error
	if fi, err := os.Stat(o.path); err == nil {
		chmod = o.f.Chmod(fi.Mode().Perm())
	}
	err := errors.Join(o.w.Err, chmod, o.f.Sync(), o.f.Close())
	if err == nil {
		err = os.Rename(o.f.Name(), o.path)
	}
	if err != nil {
		_ = os.Remove(o.f.Name())
		return fmt.Errorf("--output %q: %w", o.path, err)
	}
	if d, err := os.Open(filepath.Dir(o.path)); err == nil { // the rename itself, durable
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// AbandonOutput removes the partial output file of a failed or interrupted
// run; FILE is left as it was.
func (a *App) AbandonOutput() {
	if o := a.out; o != nil {
		a.out = nil
		_ = o.f.Close()
		_ = os.Remove(o.f.Name())
	}
}
