package reportstest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

// The lists of users, mailboxes, folders and tags: in agreement with the
// reports, paged, validated and served under the same knobs.

// whole is a range that holds every conversation of the data set.
func whole(srv *reportstest.Server) reports.Dates {
	return reports.Dates{Start: srv.Now().AddDate(0, 0, -370), End: srv.Now()}
}

// TestListsAgreeWithReports checks that the lists name what the reports
// count: the company report's users with their ids and names, the
// catalogue's mailboxes, folders and tags, the tags' and folders' counts
// those of the drilldowns, and the mailboxes' users those who work there.
func TestListsAgreeWithReports(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	cat := srv.Catalog()

	users := collect(t, c.AllUsers(ctx, reports.ListUsersParams{}))
	byID := map[int64]reports.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	company, err := c.GetCompany(ctx, reports.CompanyParams{Dates: whole(srv)})
	require.NoError(t, err)
	require.Len(t, company.Users, len(cat.Users))
	for _, cu := range company.Users {
		id, err := strconv.ParseInt(cu.User, 10, 64)
		require.NoError(t, err)
		require.Contains(t, byID, id, cu.Name)
		assert.Equal(t, cu.Name, byID[id].Name(), "the company report's name")
	}
	assert.Len(t, users, len(cat.Users)+3, "and three users the reports do not show")

	mailboxes := collect(t, c.AllMailboxes(ctx, reports.ListMailboxesParams{}))
	require.Len(t, mailboxes, len(cat.Mailboxes))
	for i, m := range cat.Mailboxes {
		assert.Equal(t, m.ID, mailboxes[i].ID)
		assert.Equal(t, m.Name, mailboxes[i].Name)
	}

	// Every folder: the catalogue's by id and name in its mailbox, and its
	// counts those of its conversations.
	var folders []reports.Folder
	for _, m := range mailboxes {
		folders = append(folders, collect(t, c.AllFolders(ctx, m.ID, reports.ListFoldersParams{}))...)
	}
	for _, cf := range cat.Folders {
		i := slices.IndexFunc(folders, func(f reports.Folder) bool { return f.ID == cf.ID })
		require.GreaterOrEqual(t, i, 0, cf.Name)
		assert.Equal(t, cf.Name, folders[i].Name)
		assert.Equal(t, cf.MailboxID, folders[i].MailboxID)
	}
	for _, f := range folders {
		total, active := 0, 0
		for conv, err := range c.AllConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{
			Dates: whole(srv), Filters: reports.Filters{Folders: []int64{f.ID}}, Paging: reports.Paging{Rows: 50},
		}) {
			require.NoError(t, err)
			require.Equal(t, f.MailboxID, conv.MailboxID, "folder %d holds its mailbox's conversations", f.ID)
			total++
			if conv.Status == reports.StatusActive {
				active++
			}
		}
		assert.Equal(t, total, f.TotalCount, "folder %d %q", f.ID, f.Name)
		assert.Equal(t, active, f.ActiveCount, "folder %d %q", f.ID, f.Name)
	}

	// Every tag: the catalogue's by id, name and colour, its count the
	// conversations the drilldown by tag finds.
	tags := collect(t, c.AllTags(ctx, reports.ListTagsParams{}))
	assert.True(t, slices.IsSortedFunc(tags, func(a, b reports.Tag) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }), "alphabetical")
	assert.Len(t, tags, len(cat.Tags)+2, "and two tags no conversation has")
	for _, tg := range tags {
		d, err := c.GetConversationsDrilldownByField(ctx, reports.ConversationsDrilldownByFieldParams{Dates: whole(srv), Field: reports.FieldTagID, FieldID: tg.ID})
		require.NoError(t, err)
		assert.Equal(t, d.Conversations.Count, tg.TicketCount, "tag %d %q", tg.ID, tg.Name)
		if i := slices.IndexFunc(cat.Tags, func(ct reportstest.Tag) bool { return ct.ID == tg.ID }); i >= 0 {
			assert.Equal(t, cat.Tags[i].Name, tg.Name)
			assert.Equal(t, cat.Tags[i].Color, tg.Color)
			assert.Positive(t, tg.TicketCount)
		}
	}

	// A mailbox's users: at least everyone who replied there.
	for _, m := range mailboxes {
		listed := collect(t, c.AllUsers(ctx, reports.ListUsersParams{Mailbox: m.ID}))
		r, err := c.GetCompany(ctx, reports.CompanyParams{Dates: whole(srv), Filters: reports.Filters{Mailboxes: []int64{m.ID}}})
		require.NoError(t, err)
		for _, cu := range r.Users {
			if cu.Replies > 0 {
				assert.True(t, slices.ContainsFunc(listed, func(u reports.User) bool { return fmt.Sprint(u.ID) == cu.User }), "%s replied in %s", cu.Name, m.Name)
			}
		}
		assert.False(t, slices.ContainsFunc(listed, func(u reports.User) bool { return u.ID == 100109 }), "the invited user has no mailbox yet")
	}

	// The users no conversation has: their user report has zero figures
	// and their name, not a 404.
	for _, id := range []int64{100107, 100108, 100109} {
		r, err := c.GetUser(ctx, reports.UserParams{User: id})
		require.NoError(t, err, id)
		require.NotNil(t, r.User)
		assert.Equal(t, byID[id].Name(), r.User.Name)
		assert.Zero(t, r.Current.TotalReplies)
		assert.Zero(t, r.Current.CustomersHelped)
	}
}

// TestListPages checks the HAL pages: the page object, the links with the
// request's filters, an empty page without _embedded, and the content
// type.
func TestListPages(t *testing.T) {
	srv, c := start(t, reportstest.WithListPageSize(4))
	type page struct {
		Embedded map[string][]map[string]any `json:"_embedded"`
		Page     reports.ListPageInfo        `json:"page"`
		Links    map[string]struct {
			Href      string `json:"href"`
			Templated bool   `json:"templated"`
		} `json:"_links"`
	}
	read := func(pathAndQuery string) page {
		t.Helper()
		resp, body := get(t, srv, c, pathAndQuery)
		require.Equal(t, 200, resp.StatusCode, body)
		assert.Equal(t, "application/hal+json", resp.Header.Get("Content-Type"))
		assert.NotEmpty(t, resp.Header.Get("X-RateLimit-Remaining-Minute"))
		var p page
		require.NoError(t, json.Unmarshal([]byte(body), &p))
		return p
	}
	p := read("/v2/users")
	assert.Equal(t, reports.ListPageInfo{Size: 4, TotalElements: 9, TotalPages: 3, Number: 1}, p.Page)
	assert.Len(t, p.Embedded["users"], 4)
	assert.Equal(t, srv.URL+"/v2/users?page=2", p.Links["next"].Href)
	assert.Equal(t, srv.URL+"/v2/users?page=3", p.Links["last"].Href)
	assert.Equal(t, srv.URL+"/v2/users{?page}", p.Links["page"].Href)
	assert.True(t, p.Links["page"].Templated)
	assert.NotContains(t, p.Links, "previous")

	p = read("/v2/users?page=3")
	assert.Len(t, p.Embedded["users"], 1)
	assert.Equal(t, srv.URL+"/v2/users?page=2", p.Links["previous"].Href)
	assert.NotContains(t, p.Links, "next")

	p = read("/v2/users?page=9")
	assert.Nil(t, p.Embedded, "an empty page has no _embedded")
	assert.Equal(t, reports.ListPageInfo{Size: 4, TotalElements: 9, TotalPages: 3, Number: 9}, p.Page)

	p = read("/v2/users?mailbox=202&page=2")
	assert.Equal(t, srv.URL+"/v2/users?mailbox=202&page=1", p.Links["first"].Href, "the links keep the filters")

	p = read("/v2/users?email=MAYA.LOPEZ@acme.example")
	require.Len(t, p.Embedded["users"], 1, "the e-mail address is matched whole, in any case")
	assert.Equal(t, 100107.0, p.Embedded["users"][0]["id"])
	p = read("/v2/users?email=maya@acme.example")
	assert.Nil(t, p.Embedded)
	assert.Zero(t, p.Page.TotalElements)
	assert.Zero(t, p.Page.TotalPages)

	p = read("/v2/mailboxes/201/folders?page=2")
	assert.Len(t, p.Embedded["folders"], 2, "Support's six folders, four a page")
	p = read("/v2/tags?page=2")
	assert.Len(t, p.Embedded["tags"], 4)

	srv.SetListPageSize(0)
	p = read("/v2/users")
	assert.Equal(t, reportstest.DefaultListPageSize, p.Page.Size)
	assert.Len(t, p.Embedded["users"], 9)
}

// TestListValidation checks the lists' 400s and 404s, and which of them
// WithLenientValidation turns off.
func TestListValidation(t *testing.T) {
	for _, lenient := range []bool{false, true} {
		t.Run(fmt.Sprint("lenient ", lenient), func(t *testing.T) {
			var opts []reportstest.Option
			if lenient {
				opts = append(opts, reportstest.WithLenientValidation())
			}
			srv, c := start(t, opts...)
			for _, tc := range []struct {
				query  string
				status int // when strict
				path   string
				guess  bool // the fake's own rule: 200 when lenient
			}{
				{"/v2/users?page=0", 400, "page", true},
				{"/v2/users?page=x", 400, "page", false},
				{"/v2/users?mailbox=0", 400, "mailbox", false},
				{"/v2/users?mailbox=-4", 400, "mailbox", false},
				{"/v2/users?email=nobody", 400, "email", false},
				{"/v2/users?email=", 400, "email", false},
				{"/v2/users?rows=5", 400, "rows", true},
				{"/v2/users?page=1&page=2", 400, "page", true},
				{"/v2/mailboxes?mailbox=201", 400, "mailbox", true},
				{"/v2/tags?mailbox=201", 400, "mailbox", true},
				{"/v2/mailboxes/201/folders?start=2026-11-01T00:00:00Z", 400, "start", true},
				{"/v2/mailboxes/999/folders", 404, "mailboxId", false},
				{"/v2/mailboxes/0/folders", 404, "mailboxId", false},
			} {
				resp, body := get(t, srv, c, tc.query)
				want := tc.status
				if lenient && tc.guess {
					want = 200
				}
				assert.Equal(t, want, resp.StatusCode, "%s: %s", tc.query, body)
				if want != 200 {
					assert.Equal(t, "application/vnd.error+json", resp.Header.Get("Content-Type"), tc.query)
					assert.Contains(t, body, `"path":"`+tc.path+`"`, tc.query)
				}
			}
			for _, p := range []string{"/v2/mailboxes/abc/folders", "/v2/mailboxes//folders", "/v2/mailboxes/201/folder", "/v2/users/"} {
				resp, body := get(t, srv, c, p)
				assert.Equal(t, 404, resp.StatusCode, p)
				assert.Equal(t, "Unknown URL", body, p)
			}
			tok, err := c.Token(context.Background())
			require.NoError(t, err)
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/tags", strings.NewReader("{}"))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
			resp, _ := do(t, req)
			assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
		})
	}
}

// TestListKnobs checks that the lists are served under the knobs of the
// reports: the token, the rate limit, FailNext, latency, CutNext, Handle
// and the request log.
func TestListKnobs(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	once := srv.Client(reports.WithMaxRetries(0))

	// A bearer token is needed.
	resp, body := do(t, must(http.NewRequest(http.MethodGet, srv.URL+"/v2/users", nil)))
	assert.Equal(t, 401, resp.StatusCode)
	assert.Contains(t, body, "invalid_token")

	// FailNext on a list path, and on every path.
	srv.FailNext(1, http.StatusInternalServerError, "/v2/mailboxes/202/folders")
	_, err := once.ListFolders(ctx, 201, reports.ListFoldersParams{})
	require.NoError(t, err, "another path")
	_, err = once.ListFolders(ctx, 202, reports.ListFoldersParams{})
	assert.ErrorContains(t, err, "500")
	srv.FailNext(1, http.StatusForbidden)
	_, err = once.ListTags(ctx, reports.ListTagsParams{})
	assert.ErrorIs(t, err, reports.ErrForbidden)
	assert.Panics(t, func() { srv.FailNext(1, 500, "/v2/teams") })
	assert.Panics(t, func() { srv.FailNext(1, 500, "/v2/mailboxes/x/folders") })

	// The rate limit counts list calls with report calls.
	srv.SetRateLimit(2, time.Hour)
	_, err = once.ListUsers(ctx, reports.ListUsersParams{})
	require.NoError(t, err)
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	_, err = once.ListMailboxes(ctx, reports.ListMailboxesParams{})
	assert.ErrorIs(t, err, reports.ErrRateLimited)
	assert.Equal(t, 1, srv.Throttled())
	srv.SetRateLimit(0, 0)

	// A cut answer is retried.
	srv.CutNext(1)
	tags, err := c.ListTags(ctx, reports.ListTagsParams{})
	require.NoError(t, err)
	assert.Len(t, tags.Items, 8)

	// Latency delays list answers too.
	srv.SetLatency(time.Minute)
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	_, err = c.ListUsers(short, reports.ListUsersParams{})
	cancel()
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	srv.SetLatency(0)

	// Handle answers a list path after its checks.
	srv.Handle("/v2/tags", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"_embedded": {"tags": [{"id": 9, "name": "mine"}]}}`)
	}))
	tags, err = c.ListTags(ctx, reports.ListTagsParams{})
	require.NoError(t, err)
	assert.Equal(t, "mine", tags.Items[0].Name)
	resp, _ = do(t, must(http.NewRequest(http.MethodGet, srv.URL+"/v2/tags", nil)))
	assert.Equal(t, 401, resp.StatusCode, "the token is checked first")

	// The log lists the calls with their queries.
	srv.ClearRequests()
	_, err = c.ListUsers(ctx, reports.ListUsersParams{Mailbox: 201, Page: 1})
	require.NoError(t, err)
	log := srv.Requests()
	require.Len(t, log, 1)
	assert.Equal(t, "/v2/users", log[0].Path)
	assert.Equal(t, "201", log[0].Query.Get("mailbox"))
	assert.Equal(t, 200, log[0].Status)
	assert.Equal(t, "Bearer [redacted]", log[0].Header.Get("Authorization"))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestUnpagedFolders checks the folders as the PHP SDK's sample has them:
// all at once, no page object, whatever page is asked for.
func TestUnpagedFolders(t *testing.T) {
	srv, c := start(t, reportstest.WithShapes(reportstest.UnpagedFolders), reportstest.WithListPageSize(2))
	for _, q := range []string{"", "?page=2", "?page=7"} {
		var v map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(must2(get(t, srv, c, "/v2/mailboxes/203/folders"+q))), &v))
		assert.NotContains(t, v, "page")
		var e map[string][]reports.Folder
		require.NoError(t, json.Unmarshal(v["_embedded"], &e))
		assert.Len(t, e["folders"], 6)
	}
	p, err := c.ListUsers(context.Background(), reports.ListUsersParams{})
	require.NoError(t, err)
	assert.NotNil(t, p.Page, "the other lists are paged")
}

func must2(resp *http.Response, body string) string {
	if resp.StatusCode != 200 {
		panic(body)
	}
	return body
}

// TestDirectory checks Directory: what the lists serve, with the server's
// links, and nothing once closed.
func TestDirectory(t *testing.T) {
	srv, c := start(t)
	dir := srv.Directory()
	assert.Len(t, dir.Users, 9)
	assert.Len(t, dir.Mailboxes, 3)
	assert.Len(t, dir.Folders, 17)
	assert.Len(t, dir.Tags, 8)
	users := collect(t, c.AllUsers(context.Background(), reports.ListUsersParams{}))
	assert.Equal(t, dir.Users, users)
	assert.Contains(t, string(dir.Mailboxes[0].Links), srv.URL+"/v2/mailboxes/201/folders")
	host, _, err := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", host)
	srv.Close()
	assert.Equal(t, reportstest.Directory{}, srv.Directory())
}
