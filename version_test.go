package reports

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestModuleVersion: the library's version as a program's build info gives
// it, for every shape that build info takes.
func TestModuleVersion(t *testing.T) {
	dep := func(path, version string, replace *debug.Module) *debug.Module {
		return &debug.Module{Path: path, Version: version, Replace: replace}
	}
	command := debug.Module{Path: modulePath + "/cmd/hsreports", Version: "v0.3.0"}
	for _, c := range []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "(devel)"},
		{"ok but nil", nil, true, "(devel)"},
		{"main module from a checkout", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, true, "(devel)"},
		{"main module without a version", &debug.BuildInfo{Main: debug.Module{Path: modulePath}}, true, "(devel)"},
		{"main module stamped from VCS", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v0.0.0-20261207012416-f7f4e2539d51+dirty"}}, true, "v0.0.0-20261207012416-f7f4e2539d51+dirty"},
		{"dependency at a release", &debug.BuildInfo{Main: command, Deps: []*debug.Module{
			dep("github.com/spf13/cobra", "v1.10.2", nil), dep(modulePath, "v0.2.0", nil),
		}}, true, "v0.2.0"},
		{"dependency at a pseudo-version", &debug.BuildInfo{Main: command, Deps: []*debug.Module{
			dep(modulePath, "v0.2.1-0.20261207012416-f7f4e2539d51", nil),
		}}, true, "v0.2.1-0.20261207012416-f7f4e2539d51"},
		{"dependency in a workspace", &debug.BuildInfo{Main: command, Deps: []*debug.Module{dep(modulePath, "(devel)", nil)}}, true, "(devel)"},
		{"dependency replaced by a directory", &debug.BuildInfo{Main: command, Deps: []*debug.Module{
			dep(modulePath, "v0.2.0", &debug.Module{Path: "../reports"}),
		}}, true, "(devel)"},
		{"dependency replaced by a fork's version", &debug.BuildInfo{Main: command, Deps: []*debug.Module{
			dep(modulePath, "v0.2.0", &debug.Module{Path: "example.com/fork/reports", Version: "v0.2.0-fix.1"}),
		}}, true, "v0.2.0-fix.1"},
		{"not a dependency", &debug.BuildInfo{Main: command, Deps: []*debug.Module{
			dep(modulePath+"x", "v9.0.0", nil), dep(modulePath+"/cmd/hsreports", "v9.0.1", nil),
		}}, true, "(devel)"},
		{"a nil entry among the dependencies", &debug.BuildInfo{Main: command, Deps: []*debug.Module{nil, dep(modulePath, "v1.0.0", nil)}}, true, "v1.0.0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, moduleVersion(c.info, c.ok))
		})
	}
}

// TestVersionOfThisBuild: the tests build the library from its directory,
// so the package's Version is "(devel)", sent as reports-go/devel (a
// product version is a token, without parentheses).
func TestVersionOfThisBuild(t *testing.T) {
	assert.Equal(t, "(devel)", Version)
	s, c := newTestServer(t, serveFixture(t, "company.json"))
	_, err := c.GetCompany(t.Context(), CompanyParams{})
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "reports-go/devel", reqs[0].Header.Get("User-Agent"))
}

// TestUserAgentProduct: the User-Agent's product for each kind of version.
func TestUserAgentProduct(t *testing.T) {
	for v, want := range map[string]string{
		"(devel)":     "reports-go/devel",
		"v0.1.0":      "reports-go/v0.1.0",
		"v1.2.3-rc.1": "reports-go/v1.2.3-rc.1",
		"v0.0.0-20261207012416-f7f4e2539d51+dirty": "reports-go/v0.0.0-20261207012416-f7f4e2539d51+dirty",
	} {
		assert.Equal(t, want, product(v), v)
	}
}
