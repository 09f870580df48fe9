package main

// The faces agree: the same arguments given as flags and as an MCP tool's
// arguments send the same request (issue 27).

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFlagsAndToolsSendTheSameRequest calls every report as a command and
// as a tool with the same arguments, over several sets of them, and
// compares the queries the fake received.
func TestFlagsAndToolsSendTheSameRequest(t *testing.T) {
	srv, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	for _, r := range catalog {
		sets := []map[string]any{mcpExampleArgs(r)}
		more := func(extra map[string]any) {
			args := mcpExampleArgs(r)
			for k, v := range extra {
				args[k] = v
			}
			sets = append(sets, args)
		}
		more(map[string]any{"last": "4w"})
		more(map[string]any{"start": "2026-11-02", "end": "2026-11-09", "tz": "Europe/Berlin"})
		if hasField(r.params, "PreviousStart") {
			more(map[string]any{"last": "1m", "compare-to": "year"})
			more(map[string]any{"compare": true})
		}
		if hasField(r.params, "Mailboxes") {
			more(map[string]any{"mailbox": []any{201, 203}, "last": "7d"})
		}
		if hasField(r.params, "Types") {
			more(map[string]any{"type": []any{"email", "chat"}})
		}
		if hasField(r.params, "Rows") {
			more(map[string]any{"rows": 7, "page": 2})
		}
		for _, args := range sets {
			srv.ClearRequests()
			res, text := mcpCall(t, cs, toolName(r), args)
			require.False(t, res.IsError, "%s %v: %s", toolName(r), args, text)
			viaTool := reportQueries(t, srv.Requests(), r.path)

			srv.ClearRequests()
			cli := append(r.name(), "--format", "json")
			for name, v := range args {
				cli = append(cli, "--"+name+"="+flagText(v))
			}
			out := hs(t, env, cli...)
			require.Equal(t, exitOK, out.code, "%v: %s", cli, out.stderr)
			viaFlags := reportQueries(t, srv.Requests(), r.path)
			require.NotEmpty(t, viaFlags, "%v", cli)
			assert.Equal(t, viaFlags, viaTool, "%s %v: the same request", toolName(r), args)
		}
	}
}

// flagText is an argument's value as a flag takes it.
func flagText(v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = flagText(e)
		}
		return strings.Join(parts, ",")
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	panic(fmt.Sprintf("flagText: %T", v))
}

// reportQueries are the queries of the requests to path, sorted.
func reportQueries(t *testing.T, reqs []reportstest.Request, path string) []string {
	t.Helper()
	var out []string
	for _, r := range reqs {
		if r.Path == path {
			out = append(out, r.Query.Encode())
		}
	}
	slices.Sort(out)
	return out
}
