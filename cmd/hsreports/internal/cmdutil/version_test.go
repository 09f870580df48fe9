package cmdutil

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVersionOf: the version hsreports prints for every shape of build
// info (a release, a commit from the proxy, a checkout with or without the
// go command's pseudo-version, none), and a version set at link time ahead
// of all of them.
func TestVersionOf(t *testing.T) {
	const rev = "a408969abcdef0123456789abcdef0123456789a"
	main := func(version string, settings ...debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{
			Main:     debug.Module{Path: "github.com/helpscout-go/reports/cmd/hsreports", Version: version},
			Settings: append([]debug.BuildSetting{{Key: "-trimpath", Value: "true"}, {Key: "vcs", Value: "git"}}, settings...),
		}
	}
	revision := debug.BuildSetting{Key: "vcs.revision", Value: rev}
	clean := debug.BuildSetting{Key: "vcs.modified", Value: "false"}
	dirty := debug.BuildSetting{Key: "vcs.modified", Value: "true"}
	for _, c := range []struct {
		name     string
		linked   string
		info     *debug.BuildInfo
		ok       bool
		want     string
		revision string
		modified bool
	}{
		{name: "go install at a release", info: main("v0.1.0"), ok: true, want: "v0.1.0"},
		{name: "go install at a prerelease", info: main("v1.0.0-rc.1"), ok: true, want: "v1.0.0-rc.1"},
		{name: "go install at a commit", info: main("v0.1.1-0.20261207012416-a408969abcde"), ok: true, want: "v0.1.1-0.20261207012416-a408969abcde"},
		{name: "go install at a commit after a prerelease", info: main("v1.0.0-rc.1.0.20261207012416-a408969abcde"), ok: true, want: "v1.0.0-rc.1.0.20261207012416-a408969abcde"},
		{name: "checkout stamped with a pseudo-version", info: main("v0.0.0-20261207012416-a408969abcde", revision, clean), ok: true,
			want: "(devel) a408969abcde", revision: rev},
		{name: "checkout stamped with a pseudo-version, dirty", info: main("v0.0.0-20261207012416-a408969abcde+dirty", revision, dirty), ok: true,
			want: "(devel) a408969abcde-dirty", revision: rev, modified: true},
		{name: "checkout after a release, stamped", info: main("v0.1.1-0.20261207012416-a408969abcde+dirty", revision, dirty), ok: true,
			want: "(devel) a408969abcde-dirty", revision: rev, modified: true},
		{name: "checkout at the command's tag", info: main("v0.1.0", revision, clean), ok: true, want: "v0.1.0", revision: rev},
		{name: "checkout at the command's tag, dirty", info: main("v0.1.0+dirty", revision, dirty), ok: true, want: "v0.1.0+dirty", revision: rev, modified: true},
		{name: "checkout, clean", info: main("(devel)", revision, clean), ok: true, want: "(devel) a408969abcde", revision: rev},
		{name: "checkout, dirty", info: main("(devel)", revision, dirty), ok: true, want: "(devel) a408969abcde-dirty", revision: rev, modified: true},
		{name: "checkout, no modified setting", info: main("(devel)", revision), ok: true, want: "(devel) a408969abcde", revision: rev},
		{name: "checkout, short revision", info: main("(devel)", debug.BuildSetting{Key: "vcs.revision", Value: "1234"}), ok: true,
			want: "(devel) 1234", revision: "1234"},
		{name: "checkout, empty version", info: main("", revision, dirty), ok: true, want: "(devel) a408969abcde-dirty", revision: rev, modified: true},
		{name: "checkout without VCS information", info: main("(devel)"), ok: true, want: "(devel)"},
		{name: "modified without a revision", info: main("(devel)", dirty), ok: true, want: "(devel)", modified: true},
		{name: "no build info", info: nil, ok: false, want: "(devel)"},
		{name: "ok but nil", info: nil, ok: true, want: "(devel)"},
		{name: "linked, over a release", linked: "v0.2.0", info: main("v0.1.0"), ok: true, want: "v0.2.0"},
		{name: "linked, over a checkout", linked: "v0.2.0", info: main("(devel)", revision, dirty), ok: true, want: "v0.2.0", revision: rev, modified: true},
		{name: "linked, no build info", linked: "v0.2.0-SNAPSHOT-a408969", info: nil, ok: false, want: "v0.2.0-SNAPSHOT-a408969"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := versionOf(c.linked, c.info, c.ok)
			assert.Equal(t, BuildVersion{Version: c.want, Revision: c.revision, Modified: c.modified}, v)
		})
	}
}

// TestCurrentVersion: a test binary is built from the checkout with no
// VCS information (go test records none) and no linked version: "(devel)",
// the library's version beside it, and the JSON form's fields.
func TestCurrentVersion(t *testing.T) {
	v := CurrentVersion()
	assert.Equal(t, BuildVersion{Version: "(devel)", Library: reports.Version, Go: runtime.Version()}, v)

	b, err := json.Marshal(v)
	require.NoError(t, err)
	var fields map[string]any
	require.NoError(t, json.Unmarshal(b, &fields))
	assert.Equal(t, map[string]any{"version": "(devel)", "library": reports.Version, "go": runtime.Version()}, fields)

	b, err = json.Marshal(BuildVersion{Version: "(devel) a408969abcde-dirty", Library: "(devel)", Go: "go1.26.8", Revision: "a408969abcdef0123456789abcdef0123456789a", Modified: true})
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":"(devel) a408969abcde-dirty","library":"(devel)","go":"go1.26.8","revision":"a408969abcdef0123456789abcdef0123456789a","modified":true}`, string(b))
}
