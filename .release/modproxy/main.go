// Command modproxy writes versions of this repository's modules into a
// directory laid out as a Go module proxy, which the go command reads with
// GOPROXY=file:///that/dir: for each module, $dir/<module>/@v/list, and
// <version>.info, .mod and .zip (https://go.dev/ref/mod#goproxy-protocol).
// The zip is made from a git revision (what `git archive` gives, so only
// committed files, nested modules left out, the root's LICENSE added to a
// module that has none), by golang.org/x/mod/zip, as a proxy would make it.
//
// It is how .release/release rehearses a release, and how .ci/release-check
// installs hsreports with `go install ...@latest` from a proxy before the
// modules are published:
//
//	go run ./modproxy -proxy /tmp/proxy -version v9.9.9 -rev HEAD . cmd/hsreports
//
// The arguments are module directories, relative to the repository's root.
// It prints the go.sum lines of each version it writes. A version once
// written does not change: writing it again with other content fails.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

func main() {
	proxy := flag.String("proxy", "", "the proxy's `directory` (created if missing)")
	version := flag.String("version", "", "the version to write, e.g. v1.2.3")
	rev := flag.String("rev", "HEAD", "the git `revision` to take the modules from")
	repo := flag.String("repo", "", "the git repository's `directory` (default: the one holding the current directory)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: modproxy -proxy DIR -version vX.Y.Z [-rev REV] [-repo DIR] MODULE_DIR...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *proxy == "" || *version == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *repo == "" {
		out, err := git(".", "rev-parse", "--show-toplevel")
		if err != nil {
			fatal(err)
		}
		*repo = strings.TrimSpace(string(out))
	}
	for _, dir := range flag.Args() {
		sums, err := publish(*proxy, *repo, *rev, dir, *version)
		if err != nil {
			fatal(err)
		}
		fmt.Print(sums)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "modproxy:", err)
	os.Exit(1)
}

// publish writes the module in the directory subdir of repo, at revision
// rev, into the proxy directory as version, and returns its go.sum lines.
func publish(proxy, repo, rev, subdir, version string) (string, error) {
	subdir = path.Clean(filepath.ToSlash(subdir))
	if subdir == "." {
		subdir = ""
	}
	if path.IsAbs(subdir) || subdir == ".." || strings.HasPrefix(subdir, "../") {
		return "", fmt.Errorf("%s: a module directory is relative to the repository's root, inside it", subdir)
	}
	commit, err := git(repo, "rev-parse", "--verify", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return "", err
	}
	hash := strings.TrimSpace(string(commit))
	files, gomod, err := moduleFiles(repo, hash, subdir)
	if err != nil {
		return "", err
	}
	modPath := modfile.ModulePath(gomod)
	if modPath == "" {
		return "", fmt.Errorf("%s at %s: go.mod names no module", orRoot(subdir), rev)
	}
	if err := module.Check(modPath, version); err != nil {
		return "", err
	}
	if semver.Canonical(version) != version {
		return "", fmt.Errorf("%s: not a canonical semantic version (vX.Y.Z)", version)
	}
	m := module.Version{Path: modPath, Version: version}
	var zipped bytes.Buffer
	if err := modzip.Create(&zipped, m, files); err != nil {
		return "", err
	}
	when, err := git(repo, "show", "-s", "--format=%cI", hash)
	if err != nil {
		return "", err
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(string(when)))
	if err != nil {
		return "", fmt.Errorf("the time of commit %s: %w", hash, err)
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{version, t.UTC()})
	if err != nil {
		return "", err
	}

	escPath, err := module.EscapePath(modPath)
	if err != nil {
		return "", err
	}
	escVersion, err := module.EscapeVersion(version)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(proxy, filepath.FromSlash(escPath), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := filepath.Join(dir, escVersion)
	if old, err := os.ReadFile(base + ".zip"); err == nil && !bytes.Equal(old, zipped.Bytes()) {
		return "", fmt.Errorf("%s is in %s already, with other content: a version never changes (use another version, or a new proxy directory)", m, proxy)
	}
	// The zip last: the go command takes a version whose .info and .mod
	// are there, and a written zip is a whole version.
	for _, f := range []struct {
		name string
		data []byte
	}{{".info", info}, {".mod", gomod}, {".zip", zipped.Bytes()}} {
		if err := writeFile(base+f.name, f.data); err != nil {
			return "", err
		}
	}
	if err := addToList(filepath.Join(dir, "list"), version); err != nil {
		return "", err
	}

	zipSum, err := dirhash.HashZip(base+".zip", dirhash.Hash1)
	if err != nil {
		return "", err
	}
	modSum, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(gomod)), nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", modPath, version, zipSum, modPath, version, modSum), nil
}

func orRoot(subdir string) string {
	if subdir == "" {
		return "the root module"
	}
	return subdir
}

// memFile is a file of a module, held in memory.
type memFile struct {
	name string // relative to the module's root
	info fs.FileInfo
	data []byte
}

func (f memFile) Path() string                 { return f.name }
func (f memFile) Lstat() (fs.FileInfo, error)  { return f.info, nil }
func (f memFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

// moduleFiles returns the files of the module in subdir at the commit, as
// `git archive` gives them (with the line endings of the repository, as the
// go command fetches them), and its go.mod. A module below the root
// without a LICENSE gets the root's, as the go command gives it one.
func moduleFiles(repo, commit, subdir string) ([]modzip.File, []byte, error) {
	args := []string{"-c", "core.autocrlf=input", "-c", "core.eol=lf", "archive", "--format=zip", commit}
	prefix := ""
	if subdir != "" {
		args = append(args, "--", subdir)
		prefix = subdir + "/"
	}
	out, err := git(repo, args...)
	if err != nil {
		return nil, nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		return nil, nil, fmt.Errorf("git archive: %w", err)
	}
	var files []modzip.File
	var gomod []byte
	hasLicense := false
	for _, zf := range zr.File {
		name, ok := strings.CutPrefix(zf.Name, prefix)
		if !ok || name == "" || strings.HasSuffix(name, "/") {
			continue
		}
		data, err := readZipFile(zf)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, memFile{name: name, info: zf.FileInfo(), data: data})
		switch name {
		case "go.mod":
			gomod = data
		case "LICENSE":
			hasLicense = true
		}
	}
	if gomod == nil {
		return nil, nil, fmt.Errorf("%s at %s: no go.mod", orRoot(subdir), commit)
	}
	if !hasLicense && subdir != "" {
		if license, err := git(repo, "cat-file", "blob", commit+":LICENSE"); err == nil {
			files = append(files, memFile{name: "LICENSE", info: licenseInfo{size: int64(len(license))}, data: license})
		}
	}
	return files, gomod, nil
}

func readZipFile(zf *zip.File) ([]byte, error) {
	r, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// licenseInfo describes the root's LICENSE added to a module below it.
type licenseInfo struct{ size int64 }

func (i licenseInfo) Name() string       { return "LICENSE" }
func (i licenseInfo) Size() int64        { return i.size }
func (i licenseInfo) Mode() fs.FileMode  { return 0o644 }
func (i licenseInfo) ModTime() time.Time { return time.Time{} }
func (i licenseInfo) IsDir() bool        { return false }
func (i licenseInfo) Sys() any           { return nil }

// addToList adds version to a proxy's list file of versions, one a line,
// in semantic version order.
func addToList(file, version string) error {
	old, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	versions := strings.Fields(string(old))
	if slices.Contains(versions, version) {
		return nil
	}
	versions = append(versions, version)
	semver.Sort(versions)
	return writeFile(file, []byte(strings.Join(versions, "\n")+"\n"))
}

// writeFile writes a file whole or not at all: beside it, then renamed.
func writeFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// git runs git in dir and returns its output; its error names the command
// and says what git said.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
