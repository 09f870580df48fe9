package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testRepo makes a git repository with a root module, a nested module
// without a LICENSE, an untracked and an ignored file, commits it and
// returns its directory.
func testRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":          "module example.com/m\n\ngo 1.26.0\n",
		"LICENSE":         "the license\n",
		"m.go":            "package m\n\n// Hello is a greeting.\nconst Hello = \"hello\"\n",
		".gitignore":      "/ignored.txt\n",
		"internal/x/x.go": "package x\n",
		"sub/go.mod":      "module example.com/m/sub\n\ngo 1.26.0\n\nrequire example.com/m v1.0.0\n",
		"sub/main.go":     "package main\n\nimport \"example.com/m\"\n\nfunc main() { println(m.Hello) }\n",
	}
	for name, data := range files {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644))
	}
	runGit(t, dir, "init", "-q")
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "first")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "untracked.go"), []byte("package m\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ignored.txt"), []byte("x"), 0o644))
	return dir
}

func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE=2026-12-01T10:00:00Z", "GIT_AUTHOR_DATE=2026-12-01T10:00:00Z")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
	return string(out)
}

// zipNames lists the names in a zip file.
func zipNames(t *testing.T, file string) []string {
	t.Helper()
	zr, err := zip.OpenReader(file)
	require.NoError(t, err)
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	return names
}

// TestPublish: both modules of a repository in the proxy's layout, each
// with only its own committed files, the nested one with the root's
// LICENSE; the .info's time is the commit's; go.sum lines for both.
func TestPublish(t *testing.T) {
	repo := testRepo(t)
	proxy := t.TempDir()

	sums, err := publish(proxy, repo, "HEAD", ".", "v1.0.0")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(sums), "\n")
	require.Len(t, lines, 2)
	assert.Regexp(t, `^example\.com/m v1\.0\.0 h1:[A-Za-z0-9+/]{43}=$`, lines[0])
	assert.Regexp(t, `^example\.com/m v1\.0\.0/go\.mod h1:[A-Za-z0-9+/]{43}=$`, lines[1])

	_, err = publish(proxy, repo, "HEAD", "sub", "v1.0.0")
	require.NoError(t, err)

	root := filepath.Join(proxy, "example.com", "m", "@v")
	assert.Equal(t, []string{
		"example.com/m@v1.0.0/.gitignore",
		"example.com/m@v1.0.0/LICENSE",
		"example.com/m@v1.0.0/go.mod",
		"example.com/m@v1.0.0/internal/x/x.go",
		"example.com/m@v1.0.0/m.go",
	}, zipNames(t, filepath.Join(root, "v1.0.0.zip")), "committed files only, without the nested module")
	assert.Equal(t, []string{
		"example.com/m/sub@v1.0.0/LICENSE",
		"example.com/m/sub@v1.0.0/go.mod",
		"example.com/m/sub@v1.0.0/main.go",
	}, zipNames(t, filepath.Join(proxy, "example.com", "m", "sub", "@v", "v1.0.0.zip")))

	mod, err := os.ReadFile(filepath.Join(root, "v1.0.0.mod"))
	require.NoError(t, err)
	assert.Equal(t, "module example.com/m\n\ngo 1.26.0\n", string(mod))

	b, err := os.ReadFile(filepath.Join(root, "v1.0.0.info"))
	require.NoError(t, err)
	var info struct {
		Version string
		Time    time.Time
	}
	require.NoError(t, json.Unmarshal(b, &info))
	assert.Equal(t, "v1.0.0", info.Version)
	assert.True(t, info.Time.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)), info.Time)

	list, err := os.ReadFile(filepath.Join(root, "list"))
	require.NoError(t, err)
	assert.Equal(t, "v1.0.0\n", string(list))
}

// TestPublishList: versions accumulate in the list, in semantic version
// order, each once; the same content again is fine, other content under
// a version already written is refused.
func TestPublishList(t *testing.T) {
	repo := testRepo(t)
	proxy := t.TempDir()
	for _, v := range []string{"v1.10.0", "v1.2.0", "v1.2.0", "v1.0.0-ci", "v1.2.0-rc.1"} {
		_, err := publish(proxy, repo, "HEAD", ".", v)
		require.NoError(t, err, v)
	}
	list, err := os.ReadFile(filepath.Join(proxy, "example.com", "m", "@v", "list"))
	require.NoError(t, err)
	assert.Equal(t, "v1.0.0-ci\nv1.2.0-rc.1\nv1.2.0\nv1.10.0\n", string(list))

	require.NoError(t, os.WriteFile(filepath.Join(repo, "m.go"), []byte("package m\n\nconst Hello = \"changed\"\n"), 0o644))
	runGit(t, repo, "commit", "-q", "-am", "second")
	_, err = publish(proxy, repo, "HEAD", ".", "v1.2.0")
	require.ErrorContains(t, err, "with other content")
	_, err = publish(proxy, repo, "HEAD~1", ".", "v1.2.0")
	require.NoError(t, err, "the first commit again: the same zip")
	_, err = publish(proxy, repo, "HEAD", ".", "v1.3.0")
	require.NoError(t, err)
}

// TestPublishRefuses: what a proxy must never serve is refused before
// anything is written.
func TestPublishRefuses(t *testing.T) {
	repo := testRepo(t)
	for _, c := range []struct{ dir, rev, version, want string }{
		{".", "HEAD", "1.0.0", "invalid"},
		{".", "HEAD", "v1.0", "not a canonical"},
		{".", "HEAD", "v2.0.0", "should be v0 or v1"},
		{".", "HEAD", "v1.0.0+meta", "not a canonical"},
		{".", "no-such-rev", "v1.0.0", "no-such-rev"},
		{"internal", "HEAD", "v1.0.0", "no go.mod"},
		{"../elsewhere", "HEAD", "v1.0.0", "inside it"},
		{"/abs", "HEAD", "v1.0.0", "inside it"},
	} {
		proxy := t.TempDir()
		_, err := publish(proxy, repo, c.rev, c.dir, c.version)
		require.ErrorContains(t, err, c.want, "%+v", c)
		entries, err := os.ReadDir(proxy)
		require.NoError(t, err)
		assert.Empty(t, entries, "%+v: nothing written", c)
	}
}

// TestPublishServes: the go command itself takes the proxy: it downloads
// both modules with GOPROXY=file://, checks the zips and builds the nested
// module's command against the root module's published version, with the
// checksums that publish printed.
func TestPublishServes(t *testing.T) {
	repo := testRepo(t)
	proxy := t.TempDir()
	var sums strings.Builder
	for _, dir := range []string{".", "sub"} {
		s, err := publish(proxy, repo, "HEAD", dir, "v1.0.0")
		require.NoError(t, err)
		sums.WriteString(s)
	}
	work := t.TempDir()
	env := append(os.Environ(),
		"GOPROXY=file://"+filepath.ToSlash(proxy), "GONOSUMDB=example.com", "GOFLAGS=-modcacherw",
		"GOMODCACHE="+filepath.Join(work, "modcache"), "GOBIN="+filepath.Join(work, "bin"), "GOWORK=off", "GOTOOLCHAIN=local")
	cmd := exec.Command("go", "install", "example.com/m/sub@latest")
	cmd.Dir = work
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	got, err := exec.Command(filepath.Join(work, "bin", "sub")).CombinedOutput()
	require.NoError(t, err)
	assert.Equal(t, "hello\n", string(got))

	cmd = exec.Command("go", "mod", "download", "-json", "example.com/m@v1.0.0", "example.com/m/sub@v1.0.0")
	cmd.Dir = work
	cmd.Env = env
	out, err = cmd.Output()
	require.NoError(t, err)
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var m struct{ Path, Version, Sum, GoModSum, Error string }
		require.NoError(t, dec.Decode(&m))
		assert.Empty(t, m.Error)
		assert.Contains(t, sums.String(), m.Path+" "+m.Version+" "+m.Sum+"\n")
		assert.Contains(t, sums.String(), m.Path+" "+m.Version+"/go.mod "+m.GoModSum+"\n")
	}
}
