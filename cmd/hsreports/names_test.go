package main

// Names, not ids (issue 29): every id flag and argument takes a name, and
// `hsreports lookup` lists them.

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listCalls counts the list calls (users, mailboxes, tags, folders) a fake
// received.
func listCalls(srv *reportstest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == "GET" && !strings.HasPrefix(r.Path, "/v2/reports") {
			n++
		}
	}
	return n
}

// TestNamesGiveTheAnswerOfTheirIDs: a name gives the same answer as its id,
// in every id flag, for names in any case, an e-mail address, a name with a
// comma and quotes, and a folder of the mailbox given.
func TestNamesGiveTheAnswerOfTheirIDs(t *testing.T) {
	srv, env := fakeAPI(t)
	for _, tc := range []struct{ byName, byID []string }{
		{[]string{"company", "--mailbox", "Support"}, []string{"company", "--mailbox", "201"}},
		{[]string{"company", "--mailbox", "support,BILLING"}, []string{"company", "--mailbox", "201,203"}},
		{[]string{"company", "--mailbox", "Sales", "--mailbox", "203"}, []string{"company", "--mailbox", "202,203"}},
		{[]string{"conversations", "--tag", "vip"}, []string{"conversations", "--tag", "306"}},
		{[]string{"conversations", "--tag", `q&a, "urgent",billing`}, []string{"conversations", "--tag", "307,301"}},
		{[]string{"user", "--user", "Maya Patel"}, []string{"user", "--user", "100101"}},
		{[]string{"user", "ratings", "--user", "maya.lopez@acme.example"}, []string{"user", "ratings", "--user", "100107"}},
		{[]string{"conversations", "--mailbox", "Support", "--folder", "Needs Attention"}, []string{"conversations", "--mailbox", "201", "--folder", "2014"}},
	} {
		byID := hs(t, env, append(tc.byID, "--format", "json", "--last", "4w")...)
		require.Equal(t, exitOK, byID.code, "%v: %s", tc.byID, byID.stderr)
		srv.ClearRequests()
		byName := hs(t, env, append(tc.byName, "--format", "json", "--last", "4w")...)
		require.Equal(t, exitOK, byName.code, "%v: %s", tc.byName, byName.stderr)
		assert.Equal(t, byID.stdout, byName.stdout, "%v", tc.byName)
		assert.Equal(t, 1, reportCalls(srv), "%v", tc.byName)
	}
}

// TestUnknownOrAmbiguousName: a name that names nothing, or several things,
// exits 2 naming the candidates (with their ids) before any report request:
// nothing is sent but the lookup.
func TestUnknownOrAmbiguousName(t *testing.T) {
	srv, env := fakeAPI(t)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"company", "--mailbox", "Suport"}, []string{"--mailbox", "no mailbox is named", `"Support" (201`}},
		{[]string{"user", "--user", "Maya"}, []string{"--user", `"Maya Patel" (100101`, `"Maya Lopez" (100107`}},
		{[]string{"conversations", "--folder", "needs attention"}, []string{"--folder", "2 folders are named"}},
		{[]string{"conversations", "--tag", "nothing-like-this-at-all"}, []string{"--tag", "no tag is named"}},
	} {
		srv.ClearRequests()
		r := hs(t, env, tc.args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", tc.args, r.stderr)
		assert.Empty(t, r.stdout)
		for _, w := range tc.want {
			assert.Contains(t, r.stderr, w, tc.args)
		}
		assert.Zero(t, reportCalls(srv), "%v: no report request", tc.args)
		assert.Positive(t, listCalls(srv), "%v: the lookup", tc.args)
	}
	// A lookup that fails is an API error like any other.
	srv.FailNext(1, 500, "/v2/mailboxes")
	r := hs(t, env, "company", "--mailbox", "Support", "--retries", "0")
	assert.Equal(t, exitFailure, r.code, r.stderr)
	assert.Contains(t, r.stderr, "500")
}

// TestNamesInTools: an MCP tool's id arguments take names, a list value
// with a comma included.
func TestNamesInTools(t *testing.T) {
	srv, env := fakeAPI(t)
	cs := mcpConnect(t, mcpApp(t, env, io.Discard))
	byName, text := mcpCall(t, cs, "conversations", map[string]any{"mailbox": []any{"Support"}, "tag": []any{`q&a, "urgent"`, "vip"}, "last": "4w"})
	require.False(t, byName.IsError, text)
	byID, text := mcpCall(t, cs, "conversations", map[string]any{"mailbox": []any{201}, "tag": []any{307, 306}, "last": "4w"})
	require.False(t, byID.IsError, text)
	assert.Equal(t, byID.StructuredContent, byName.StructuredContent)

	srv.ClearRequests()
	res, text := mcpCall(t, cs, "user", map[string]any{"user": "Maya"})
	assert.True(t, res.IsError)
	assert.Contains(t, text, "Maya Lopez")
	assert.NotContains(t, text, "--")
	assert.Zero(t, reportCalls(srv))
}

// TestLookup: `hsreports lookup` lists every kind in every format, with
// ids, and the one a name names; an unknown name exits 2 with candidates.
func TestLookup(t *testing.T) {
	srv, env := fakeAPI(t)
	dir := srv.Directory()
	for _, kind := range []string{"users", "mailboxes", "tags", "folders"} {
		want := map[string]int{"users": len(dir.Users), "mailboxes": len(dir.Mailboxes), "tags": len(dir.Tags), "folders": len(dir.Folders)}[kind]
		for _, format := range formats {
			r := hs(t, env, "lookup", kind, "--format", format)
			require.Equal(t, exitOK, r.code, "%s %s: %s", kind, format, r.stderr)
			assertParses(t, format, r.stdout)
			switch format {
			case formatNDJSON:
				assert.Len(t, ndjsonLines(t, r.stdout), want, kind)
			case formatCSV:
				rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
				require.NoError(t, err)
				assert.Len(t, rows, want+1, kind)
				assert.Equal(t, []string{"id", "name"}, rows[0][:2], kind)
			}
		}
	}
	r := hs(t, env, "lookup", "users", "Maya Patel", "--format", "ndjson")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, `{"id":100101,"name":"Maya Patel","email":"maya.patel@acme.example"}`+"\n", r.stdout)
	r = hs(t, env, "lookup", "folders", "--mailbox", "Support", "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "Billing")
	assert.Contains(t, r.stdout, "Needs Attention,201,Support")
	r = hs(t, env, "lookup", "tags", `q&a, "urgent"`, "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `307,"q&a, ""urgent""",q-a-urgent`)

	for _, args := range [][]string{{"lookup", "users", "Maya"}, {"lookup", "widgets"}, {"lookup", "tags", "--mailbox", "Support"}, {"lookup"}} {
		r := hs(t, env, args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Empty(t, r.stdout, args)
	}
	srv.FailNext(1, 503, "/v2/tags")
	r = hs(t, env, "lookup", "tags", "--retries", "0")
	assert.Equal(t, exitFailure, r.code, r.stderr)
}

// TestTableNamesBesideIDs: a table shows a mailbox's name beside its id,
// in a report's rows and in an overall report's lists; the machine formats
// stay the API's.
func TestTableNamesBesideIDs(t *testing.T) {
	_, env := fakeAPI(t)
	r := hs(t, env, "conversations", "drilldown", "--rows", "5", "--format", "table")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `MAILBOXID +MAILBOX `, r.stdout)
	assert.Regexp(t, `\b20[123] +(Support|Sales|Billing) `, r.stdout)
	r = hs(t, env, "conversations", "--format", "table")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `MAILBOX ID +MAILBOX `, r.stdout)
	r = hs(t, env, "conversations", "drilldown", "--rows", "5", "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NotContains(t, strings.SplitN(r.stdout, "\n", 2)[0], ",mailbox,")
}

// TestCompletionOffersNames: the flags of ids complete with the names of
// the API the flags point at (here the demo's), after what was typed.
func TestCompletionOffersNames(t *testing.T) {
	r := hs(t, nil, "__complete", "company", "--demo", "--mailbox", "")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Support\n")
	r = hs(t, nil, "__complete", "company", "--demo", "--mailbox", "Support,")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Support,Billing\n")
	assert.NotContains(t, r.stdout, "Support,Support")
	r = hs(t, nil, "__complete", "user", "ratings", "--demo", "--user", "")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Maya Patel\n")
	r = hs(t, nil, "__complete", "sync", "--demo", "--tag", "")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "vip\n")
	assert.NotContains(t, r.stderr, "demo data", "completion is quiet")
}
