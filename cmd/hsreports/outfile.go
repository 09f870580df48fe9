package main

// --output FILE: the output is written to a temporary file beside FILE and
// renamed into place only when the whole run succeeded, so that FILE is
// always either the old complete output or the new complete one.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// outputFile is the temporary file of --output while a run writes it.
type outputFile struct {
	f    *os.File
	path string // FILE
	w    *checkedWriter
}

// openOutput creates the temporary file beside path and points stdout at
// it. It is refused before any request when the directory is not writable
// or path is a directory.
func (a *app) openOutput(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usageErrorf("--output %q: is a directory", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return usageErrorf("--output %q: %v", path, err)
	}
	a.outFile = &outputFile{f: f, path: path, w: &checkedWriter{w: f}}
	a.s.out = a.outFile.w
	return nil
}

// finish renames the output file into place once the run succeeded (the
// file synced first, its mode that of the file it replaces, else 0644).
func (a *app) finish() error {
	o := a.outFile
	if o == nil {
		return nil
	}
	a.outFile = nil
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(o.path); err == nil {
		mode = fi.Mode().Perm()
	}
	err := errors.Join(o.w.err, o.f.Chmod(mode), o.f.Sync(), o.f.Close())
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

// abandon removes the partial output file of a failed or interrupted run;
// FILE is left as it was.
func (a *app) abandon() {
	if o := a.outFile; o != nil {
		a.outFile = nil
		_ = o.f.Close()
		_ = os.Remove(o.f.Name())
	}
}
