package main

// The MCP bundle's manifest (mcpb/manifest.json), checked field by field
// here; CI also validates it with the format's own tool (npx
// @anthropic-ai/mcpb validate) and runs the bundled server.

import (
	"encoding/json"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/root"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMCPBundleManifest: the manifest asks for the client id and secret
// as sensitive, required user config and hands them to the server in the
// environment it reads; every placeholder names a user config or the
// bundle's folder; the server is the binary in server/ and its args are
// hsreports mcp's flags, as given with the user config's defaults.
func TestMCPBundleManifest(t *testing.T) {
	b, err := os.ReadFile("mcpb/manifest.json")
	require.NoError(t, err)
	var m struct {
		ManifestVersion string `json:"manifest_version"`
		Name, Version   string
		Author          struct{ Name string }
		Server          struct {
			Type       string `json:"type"`
			EntryPoint string `json:"entry_point"`
			MCPConfig  struct {
				Command   string            `json:"command"`
				Args      []string          `json:"args"`
				Env       map[string]string `json:"env"`
				Overrides map[string]struct {
					Command string `json:"command"`
				} `json:"platform_overrides"`
			} `json:"mcp_config"`
		}
		UserConfig map[string]struct {
			Type, Title, Description string
			Required, Sensitive      bool
			Default                  any
		} `json:"user_config"`
		Compatibility struct{ Platforms []string }
	}
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, "0.3", m.ManifestVersion)
	assert.Equal(t, "hsreports", m.Name)
	assert.Equal(t, "0.0.0-dev", m.Version, "the build script sets the release's")
	assert.NotEmpty(t, m.Author.Name)
	assert.Equal(t, "binary", m.Server.Type)
	assert.Equal(t, "server/hsreports", m.Server.EntryPoint)
	assert.Equal(t, "${__dirname}/server/hsreports", m.Server.MCPConfig.Command)
	assert.Equal(t, "${__dirname}/server/hsreports.exe", m.Server.MCPConfig.Overrides["win32"].Command)
	assert.ElementsMatch(t, []string{"darwin", "win32", "linux"}, m.Compatibility.Platforms)

	for _, k := range []string{"client_id", "client_secret"} {
		c, ok := m.UserConfig[k]
		require.True(t, ok, k)
		assert.True(t, c.Sensitive, "%s is sensitive: kept in the system's secure storage", k)
		assert.True(t, c.Required, k)
		assert.Equal(t, "string", c.Type)
		assert.Nil(t, c.Default, k)
	}
	assert.Equal(t, map[string]string{
		cmdutil.EnvClientID:     "${user_config.client_id}",
		cmdutil.EnvClientSecret: "${user_config.client_secret}",
	}, m.Server.MCPConfig.Env, "the credentials go in the environment, never in argv")

	placeholder := regexp.MustCompile(`\$\{([^}]*)\}`)
	for _, s := range append(append([]string{m.Server.MCPConfig.Command}, m.Server.MCPConfig.Args...), m.Server.MCPConfig.Env[cmdutil.EnvClientID], m.Server.MCPConfig.Env[cmdutil.EnvClientSecret]) {
		for _, p := range placeholder.FindAllStringSubmatch(s, -1) {
			name, ok := strings.CutPrefix(p[1], "user_config.")
			if !ok {
				assert.Equal(t, "__dirname", p[1], s)
				continue
			}
			assert.Contains(t, m.UserConfig, name, "%s names a user config", s)
		}
	}
	for k, c := range m.UserConfig {
		assert.NotEmpty(t, c.Title, k)
		assert.NotEmpty(t, c.Description, k)
	}

	// The args, with the defaults in place, are flags hsreports mcp takes.
	args := make([]string, len(m.Server.MCPConfig.Args))
	for i, a := range m.Server.MCPConfig.Args {
		args[i] = placeholder.ReplaceAllStringFunc(a, func(p string) string {
			name := strings.TrimSuffix(strings.TrimPrefix(p, "${user_config."), "}")
			d := m.UserConfig[name].Default
			if f, ok := d.(float64); ok {
				return strconv.FormatFloat(f, 'f', -1, 64)
			}
			return d.(string)
		})
	}
	require.Equal(t, "mcp", args[0])
	app := &cmdutil.App{IO: &cmdutil.IOStreams{Out: io.Discard, Err: io.Discard, Now: time.Now, Clock: testClock}, Getenv: func(string) string { return "" }}
	cmd, rest, err := root.NewCmd(app).Find(args)
	require.NoError(t, err)
	require.NoError(t, cmd.ParseFlags(rest), "%v", args)
	tz, err := cmd.Flags().GetString("tz")
	require.NoError(t, err)
	_, err = cmdutil.LoadZone(tz)
	assert.NoError(t, err, "the default zone is an IANA name")
}
