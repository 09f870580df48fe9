package drift

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

// The model fields every report's answers (fixtures and reportstest) may
// leave out, and why. Every other model field must come; an entry no answer
// needs fails TestModels, so that the lists stay as short as the truth.
var (
	// Sent only when the request filters on tags.
	filterTags = []string{"filterTags"}
	// Only the user drilldown has the waiting-since fields (the fake sends
	// them only for a conversation that waits).
	waiting = []string{"conversations.results[].waitingSince", "conversations.results[].waitingSinceType"}
	// Only the replies-to-resolve histogram has resolutionTime.
	chatRanges = ranges("waitTime", "responseTime", "messagesPerChat", "duration")
)

// ranges are the resolutionTime paths of these histograms.
func ranges(histograms ...string) []string {
	var out []string
	for _, h := range histograms {
		out = append(out, h+".ranges[].resolutionTime")
	}
	return out
}

var mayBeAbsent = map[string][]string{
	"GetCompany": filterTags,
	"GetConversations": slices.Concat(filterTags, []string{
		// Only saved replies carry a mailbox.
		"customers.top[].mailboxId", "tags.top[].mailboxId", "workflows.top[].mailboxId",
		"tags.top[].name", // tag 1, "untagged", has no name
	}),
	"GetCompanyDrilldown":                       waiting,
	"GetConversationsDrilldown":                 waiting,
	"GetConversationsDrilldownByField":          waiting,
	"GetConversationsNewConversationsDrilldown": waiting,
	// The docs' sample has deltas but no previous: a sample cut short, or an
	// answer that leaves previous out (Previous is a pointer either way).
	"GetDocs":                   {"previous"},
	"GetHappiness":              filterTags,
	"GetHappinessRatings":       {"facets"}, // undocumented; no sample has it
	"GetUserHappinessDrilldown": {"facets"},
	"GetProductivity":           slices.Concat(filterTags, ranges("responseTime", "handleTime", "firstResponseTime")),
	"GetUser":                   slices.Concat(filterTags, []string{"previous.busiestDay"}), // for the current range only
	"GetUserHappiness":          filterTags,
	"GetUserDrilldown": slices.Concat(waiting, []string{
		// The user drilldown leaves these out.
		"conversations.results[].assignedName", "conversations.results[].customerEmail", "conversations.results[].customerIds",
	}),
	"GetUserChat": slices.Concat(filterTags, chatRanges, []string{
		"user",                               // no sample or source shows it
		"deltas.startDate", "deltas.endDate", // deltas cover no range
	}),
	"GetChat":  slices.Concat(filterTags, chatRanges),
	"GetEmail": slices.Concat(filterTags, ranges("responseTime", "handleTime", "firstResponseTime", "resolutionTime")),
	// The DOC sample has them all; the PHP SDK's sample, and the fake's
	// users with no title or phone, leave them out.
	"ListUsers": {"_embedded.users[].alternateEmails", "_embedded.users[].initials", "_embedded.users[].jobTitle",
		"_embedded.users[].mention", "_embedded.users[].phone"},
	// The PHP SDK's sample has no page object, nor has the fake's
	// UnpagedFolders shape.
	"ListFolders": {"page"},
	// Tags have no links in the DOC sample, and a tag never changed no
	// updatedAt.
	"ListTags": {"_embedded.tags[]._links", "_embedded.tags[].updatedAt"},
}

// check fails t on the findings CI does not accept: values that did not
// decode, unknown keys, keys that differ in case, and absent fields that
// mayBeAbsent does not list for method. It marks the entries it used.
func check(t *testing.T, method string, findings []Finding, used map[string]bool) {
	t.Helper()
	for _, f := range findings {
		switch f.Kind {
		case Missing:
			if slices.Contains(mayBeAbsent[method], f.Path) {
				used[method+" "+f.Path] = true
				continue
			}
		case Unchecked:
			continue
		}
		t.Errorf("%s: %s", method, f)
	}
}

// TestModels compares every fixture in testdata and reportstest's answer to
// every report with the result types: the comparison is tested on real
// answers, and neither the fixtures nor the fake can drift from the models
// unnoticed.
func TestModels(t *testing.T) {
	used, ran := map[string]bool{}, 0

	t.Run("fixtures", func(t *testing.T) {
		files, err := filepath.Glob("../../testdata/*.json")
		require.NoError(t, err)
		require.NotEmpty(t, files)
		lists, err := filepath.Glob("../../testdata/lists/*.json")
		require.NoError(t, err)
		require.Len(t, lists, 4)
		claimed := map[string]string{}
		for _, r := range slices.Concat(Reports, Lists) {
			for _, f := range r.Fixtures {
				require.NotContains(t, claimed, f, "two reports claim %s", f)
				claimed[f] = r.Method
				body, err := os.ReadFile(filepath.Join("../../testdata", f))
				require.NoError(t, err, "%s: fixture of %s", f, r.Method)
				check(t, r.Method, Compare(body, r.Type), used)
			}
		}
		for _, f := range slices.Concat(files, lists) {
			rel, err := filepath.Rel("../../testdata", f)
			require.NoError(t, err)
			assert.Contains(t, claimed, filepath.ToSlash(rel), "no report claims the fixture; add it to the report's Fixtures")
		}
		ran++
	})

	// The fake's usual answers, and its documented alternative shapes
	// (nulls where the reference allows them, {start, count} points, the
	// nested user chat reading, unpaged folders).
	for name, shapes := range map[string]reportstest.Shapes{"reportstest": 0, "reportstest with AllShapes": reportstest.AllShapes} {
		t.Run(name, func(t *testing.T) {
			srv := reportstest.NewServer(reportstest.WithShapes(shapes))
			defer srv.Close()
			rec := &Recorder{}
			c := srv.Client(reports.WithHTTPClient(&http.Client{Transport: rec}))
			d := reports.LastDays(c.Now(), 7)
			results := Run(context.Background(), c, rec, Args{Dates: d, Previous: d.Previous(), ViewBy: reports.ViewByDay})
			require.Len(t, results, 36)
			for _, r := range results {
				require.NoError(t, r.Err, r.Method)
				require.Empty(t, r.Skipped, r.Method)
				require.NotEmpty(t, r.Path, r.Method)
				check(t, r.Method, r.Findings, used)
			}
			// One token and one call a report or list: a live run stays
			// within its budget of 45 requests.
			assert.Equal(t, 37, rec.Sent())
			ran++
		})
	}

	if t.Failed() || ran < 3 {
		return // a failed or partial run does not say which entries are needed
	}
	for method, paths := range mayBeAbsent {
		for _, p := range paths {
			assert.True(t, used[method+" "+p], "mayBeAbsent[%q] lists %s, which every answer has: remove it", method, p)
		}
	}
}

// TestReportsTable checks the table of reports: 32 distinct methods, each
// a method of *reports.Client returning its Type.
func TestReportsTable(t *testing.T) {
	require.Len(t, Reports, 32)
	methods := map[string]bool{}
	client := reflectClientMethods()
	for _, r := range Reports {
		assert.False(t, methods[r.Method], "%s twice", r.Method)
		methods[r.Method] = true
		out, ok := client[r.Method]
		if assert.True(t, ok, "%s is no method of *reports.Client", r.Method) {
			assert.Equal(t, "*"+r.Type.String(), out, r.Method)
		}
		assert.True(t, strings.HasPrefix(r.Method, "Get"))
	}
	assert.Len(t, methods, len(client), "a GetX method of *reports.Client is missing from Reports")
}

// TestListsTable checks the table of lists: the four ListX methods of
// *reports.Client, each returning its Type, each with its fixture.
func TestListsTable(t *testing.T) {
	require.Len(t, Lists, 4)
	methods := map[string]string{}
	ct := reflect.TypeFor[*reports.Client]()
	for i := range ct.NumMethod() {
		if m := ct.Method(i); strings.HasPrefix(m.Name, "List") {
			methods[m.Name] = m.Type.Out(0).String()
		}
	}
	assert.Len(t, methods, len(Lists), "a ListX method of *reports.Client is missing from Lists")
	for _, r := range Lists {
		if out, ok := methods[r.Method]; assert.True(t, ok, "%s is no method of *reports.Client", r.Method) {
			assert.Equal(t, "*"+r.Type.String(), out, r.Method)
		}
		assert.Equal(t, r.Method == "ListFolders", r.Mailbox, r.Method)
	}
}

// reflectClientMethods maps the report methods of *reports.Client (GetX,
// not the escape hatch Get) to the type they return.
func reflectClientMethods() map[string]string {
	out := map[string]string{}
	ct := reflect.TypeFor[*reports.Client]()
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if strings.HasPrefix(m.Name, "Get") && m.Name != "Get" {
			out[m.Name] = m.Type.Out(0).String()
		}
	}
	return out
}
