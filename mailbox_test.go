package reports_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
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

// The lists of users, mailboxes, folders and tags: path, query and fixture
// decoding with the lossless round trip, paging through All..., errors and
// validation. The fixtures are served by reportstest's Handle, so that
// every call also passes the fake's token check and lands in its log.

// listServer starts the fake with a client that retries at once.
func listServer(t *testing.T, opts ...reportstest.Option) (*reportstest.Server, *reports.Client) {
	t.Helper()
	srv := reportstest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv, srv.Client(reports.WithRetryBackoff(time.Millisecond, 5*time.Millisecond))
}

// apiRequests are the logged requests that are not the token endpoint's.
func apiRequests(srv *reportstest.Server) []reportstest.Request {
	return slices.DeleteFunc(srv.Requests(), func(r reportstest.Request) bool { return r.Path == "/v2/oauth2/token" })
}

// countPath is how many logged requests went to path.
func countPath(srv *reportstest.Server, path string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

func listFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "lists", name))
	require.NoError(t, err)
	return b
}

// answerBody is a handler that answers body as a HAL list.
func answerBody(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/hal+json")
		_, _ = w.Write(body)
	})
}

// listCase is one list endpoint: its path, the call with default params and
// with every param, the query of the latter, and its fixture's spot checks.
type listCase struct {
	name, path, fixture string
	def, all            func(context.Context, *reports.Client) (any, error)
	allQuery            url.Values
	check               func(t *testing.T, got any)
}

// listCaseOf builds a case from typed calls.
func listCaseOf[T reports.ListItem](name, path, fixture string, def, all func(context.Context, *reports.Client) (*reports.ListPage[T], error), allQuery url.Values, check func(*testing.T, *reports.ListPage[T])) listCase {
	untyped := func(f func(context.Context, *reports.Client) (*reports.ListPage[T], error)) func(context.Context, *reports.Client) (any, error) {
		return func(ctx context.Context, c *reports.Client) (any, error) { return f(ctx, c) }
	}
	return listCase{name, path, fixture, untyped(def), untyped(all), allQuery, func(t *testing.T, got any) {
		p, ok := got.(*reports.ListPage[T])
		require.True(t, ok, "decoded into %T", got)
		check(t, p)
	}}
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

var listCases = []listCase{
	listCaseOf("ListUsers", "/v2/users", "users.json",
		func(ctx context.Context, c *reports.Client) (*reports.ListPage[reports.User], error) {
			return c.ListUsers(ctx, reports.ListUsersParams{})
		},
		func(ctx context.Context, c *reports.Client) (*reports.ListPage[reports.User], error) {
			return c.ListUsers(ctx, reports.ListUsersParams{Mailbox: 201, Email: "bear+1@acme.com", Page: 2})
		},
		url.Values{"mailbox": {"201"}, "email": {"bear+1@acme.com"}, "page": {"2"}},
		func(t *testing.T, p *reports.ListPage[reports.User]) {
			require.Len(t, p.Items, 1)
			u := p.Items[0]
			assert.Equal(t, int64(4), u.ID)
			assert.Equal(t, "Vernon Bear", u.Name())
			assert.Equal(t, "bear@acme.com", u.Email)
			assert.Equal(t, "owner", u.Role)
			assert.Equal(t, "America/New_York", u.Timezone)
			assert.Equal(t, utc("2011-04-01T03:18:33Z"), u.CreatedAt)
			assert.Equal(t, utc("2012-07-24T20:18:33Z"), u.UpdatedAt)
			assert.Equal(t, "user", u.Type)
			require.NotNil(t, u.JobTitle)
			assert.Equal(t, "Honey Master", *u.JobTitle)
			assert.Equal(t, []string{"bear@forest.com"}, u.AlternateEmails)
			assert.JSONEq(t, `{"self": {"href": "..."}}`, string(u.Links))
			assert.Equal(t, &reports.ListPageInfo{Size: 50, TotalElements: 1, TotalPages: 1, Number: 1}, p.Page)
		}),
	listCaseOf("ListMailboxes", "/v2/mailboxes", "mailboxes.json",
		func(ctx context.Context, c *reports.Client) (*reports.ListPage[reports.Mailbox], error) {
			return c.ListMailboxes(ctx, reports.ListMailboxesParams{})
		},
		func(ctx context.Context, c *reports.Client) (*reports.ListPage[reports.Mailbox], error) {
			return c.ListMailboxes(ctx, reports.ListMailboxesParams{Page: 3})
		},
		url.Values{"page": {"3"}},
		func(t *testing.T, p *reports.ListPage[reports.Mailbox]) {
			require.Len(t, p.Items, 2)
			assert.Equal(t, reports.Mailbox{ID: 2, Name: "Help Pioneer", Slug: "83ebc5d87292a795", Email: "pioneer@acme.com",
				CreatedAt: utc("2013-06-05T09:17:15Z"), UpdatedAt: utc("2016-11-11T12:20:39Z"), Links: p.Items[1].Links}, p.Items[1])
			assert.Contains(t, string(p.Items[1].Links), `"folders"`)
			assert.Equal(t, 2, p.Page.TotalElements)
		}),
	listCaseOf("ListTags", "/v2/tags", "tags.json",
		func(ctx context.Context, c *reports.Client) (*reports.ListPage[reports.Tag], error) {
			return c.ListTags(ctx, reports.ListTagsParams{})
		},
		func(ctx context.Context, c *reports.Client) (*reports.ListPage[reports.Tag], error) {
			return c.ListTags(ctx, reports.ListTagsParams{Page: 2})
		},
		url.Values{"page": {"2"}},
		func(t *testing.T, p *reports.ListPage[reports.Tag]) {
			require.Len(t, p.Items, 2)
			assert.Equal(t, reports.Tag{ID: 123456793, Name: "Dark Side", Slug: "dark-side", Color: "green", CreatedAt: utc("2010-02-10T09:00:00Z"), TicketCount: 5}, p.Items[0])
			require.NotNil(t, p.Items[1].UpdatedAt)
			assert.Equal(t, utc("2010-02-10T10:37:00Z"), *p.Items[1].UpdatedAt)
		}),
	listCaseOf("ListFolders", "/v2/mailboxes/1/folders", "folders.json",
		func(ctx context.Context, c *reports.Client) (*reports.ListPage[reports.Folder], error) {
			return c.ListFolders(ctx, 1, reports.ListFoldersParams{})
		},
		func(ctx context.Context, c *reports.Client) (*reports.ListPage[reports.Folder], error) {
			return c.ListFolders(ctx, 1, reports.ListFoldersParams{Page: 4})
		},
		url.Values{"page": {"4"}},
		func(t *testing.T, p *reports.ListPage[reports.Folder]) {
			require.Len(t, p.Items, 1)
			f := p.Items[0]
			assert.Equal(t, reports.Folder{ID: 1, Name: "My Tickets", Type: "mytickets", UserID: 1, TotalCount: 200, ActiveCount: 100,
				UpdatedAt: utc("2017-04-21T14:43:24Z"), Links: f.Links, MailboxID: 1}, f, "MailboxID is the mailbox asked for")
			assert.Nil(t, p.Page, "the sample has no page object")
		}),
}

// TestListEndpoints checks, for each list: GET and the exact path, no query
// for the default params and the exact query of every param, the decoding
// of its fixture with spot checks, and the lossless round trip.
func TestListEndpoints(t *testing.T) {
	for _, tc := range listCases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := listServer(t)
			body := listFixture(t, tc.fixture)
			srv.Handle(tc.path, answerBody(body))
			got, err := tc.def(t.Context(), c)
			require.NoError(t, err)
			reqs := apiRequests(srv)
			require.Len(t, reqs, 1)
			assert.Equal(t, http.MethodGet, reqs[0].Method)
			assert.Equal(t, tc.path, reqs[0].Path)
			assert.Empty(t, reqs[0].Query)
			assert.Equal(t, "Bearer [redacted]", reqs[0].Header.Get("Authorization"))
			tc.check(t, got)
			out, err := json.Marshal(got)
			require.NoError(t, err)
			assert.JSONEq(t, string(body), string(out), "round trip of %s", tc.fixture)

			srv.ClearRequests()
			_, err = tc.all(t.Context(), c)
			require.NoError(t, err)
			reqs = apiRequests(srv)
			require.Len(t, reqs, 1)
			assert.Equal(t, tc.path, reqs[0].Path)
			assert.Equal(t, tc.allQuery, reqs[0].Query)
		})
	}
}

// TestListShapes checks the shapes a list answer may take: an empty page
// without _embedded, an empty list, unknown keys, and an _embedded that
// lacks the list, which is a clear error and no panic.
func TestListShapes(t *testing.T) {
	srv, c := listServer(t)
	for _, tc := range []struct {
		name, body string
		items      int  // -1: nil
		roundTrip  bool // encodes back to body
		err        string
	}{
		{"empty page", `{"page": {"size": 50, "totalElements": 0, "totalPages": 0, "number": 1}, "_links": {"self": {"href": "x"}}}`, -1, true, ""},
		{"empty list", `{"_embedded": {"users": []}, "page": {"size": 50, "totalElements": 0, "totalPages": 0, "number": 1}}`, 0, true, ""},
		{"no page object", `{"_embedded": {"users": [{"id": 7, "firstName": "A"}]}}`, 1, false, ""},
		{"unknown keys", `{"_embedded": {"users": [{"id": 7}], "teams": [1]}, "page": {"number": 1, "extra": 2}, "total": 3}`, 1, false, ""},
		{"null list", `{"_embedded": {"users": null}}`, -1, false, ""},
		{"renamed list", `{"_embedded": {"people": [{"id": 7}], "teams\u001b[31m": []}}`, 0, false, `decoding the answer: _embedded has no "users" list, only "people", "teams\x1b[31m"`},
		{"list of the wrong type", `{"_embedded": {"users": {"id": 7}}}`, 0, false, "decoding the answer: _embedded.users: json: cannot unmarshal object"},
		{"null answer", `null`, 0, false, "the answer is null"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.Handle("/v2/users", answerBody([]byte(tc.body)))
			p, err := c.ListUsers(t.Context(), reports.ListUsersParams{})
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "reports: GET /v2/users: ")
				assert.Contains(t, err.Error(), tc.err)
				assert.NotContains(t, err.Error(), "\x1b", "control characters are escaped")
				return
			}
			require.NoError(t, err)
			if tc.items < 0 {
				assert.Nil(t, p.Items)
			} else {
				assert.Len(t, p.Items, tc.items)
			}
			if tc.roundTrip {
				out, err := json.Marshal(p)
				require.NoError(t, err)
				assert.JSONEq(t, tc.body, string(out))
			}
		})
	}
}

// TestListParamsRefused sweeps the invalid params of every list: each is
// refused with a *ParamError, before any request (no token either).
func TestListParamsRefused(t *testing.T) {
	srv, c := listServer(t)
	ctx := t.Context()
	calls := map[string]func() error{}
	for _, email := range []string{"nobody", "a@", "@b", "a@b@c", "a b@c", "a@b c", " a@b", "a@b\n", "a\x00@b", "a@b\u2028"} {
		calls["email "+strconv.Quote(email)] = func() error { _, err := c.ListUsers(ctx, reports.ListUsersParams{Email: email}); return err }
	}
	for _, n := range []int64{-1, -201} {
		calls[fmt.Sprint("users of mailbox ", n)] = func() error { _, err := c.ListUsers(ctx, reports.ListUsersParams{Mailbox: n}); return err }
	}
	for _, id := range []int64{0, -1} {
		calls[fmt.Sprint("folders of mailbox ", id)] = func() error { _, err := c.ListFolders(ctx, id, reports.ListFoldersParams{}); return err }
		calls[fmt.Sprint("all folders of mailbox ", id)] = func() error { return firstErr(c.AllFolders(ctx, id, reports.ListFoldersParams{})) }
		calls[fmt.Sprint("all folder pages of mailbox ", id)] = func() error { return firstErr(c.AllFoldersPages(ctx, id, reports.ListFoldersParams{})) }
	}
	calls["users page -1"] = func() error { _, err := c.ListUsers(ctx, reports.ListUsersParams{Page: -1}); return err }
	calls["mailboxes page -1"] = func() error { _, err := c.ListMailboxes(ctx, reports.ListMailboxesParams{Page: -1}); return err }
	calls["tags page -1"] = func() error { _, err := c.ListTags(ctx, reports.ListTagsParams{Page: -1}); return err }
	calls["folders page -1"] = func() error { _, err := c.ListFolders(ctx, 201, reports.ListFoldersParams{Page: -1}); return err }
	calls["all users from page -1"] = func() error { return firstErr(c.AllUsers(ctx, reports.ListUsersParams{Page: -1})) }
	calls["all mailboxes from page -1"] = func() error { return firstErr(c.AllMailboxes(ctx, reports.ListMailboxesParams{Page: -1})) }
	calls["all tags from page -1"] = func() error { return firstErr(c.AllTags(ctx, reports.ListTagsParams{Page: -1})) }
	for name, call := range calls {
		err := call()
		require.Error(t, err, name)
		assert.ErrorIs(t, err, reports.ErrInvalidParams, name)
		var pe *reports.ParamError
		assert.True(t, errors.As(err, &pe), "%s: %v", name, err)
		assert.NotContains(t, err.Error(), "\x00", name)
	}
	assert.Empty(t, srv.Requests(), "nothing was sent")

	// The valid ones go out.
	for _, email := range []string{"a@b", "maya.patel@acme.example", "o'neil+x@b.example"} {
		_, err := c.ListUsers(ctx, reports.ListUsersParams{Email: email})
		require.NoError(t, err, email)
	}
}

// firstErr is the first error a walk yields.
func firstErr[T any](seq func(yield func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestAllListsWalkEveryPage walks every list of the fake, two items a page,
// with and without prefetching: all items in order, each page with the
// totals, one request a page.
func TestAllListsWalkEveryPage(t *testing.T) {
	for _, prefetch := range []int{1, 3} {
		t.Run(fmt.Sprint("prefetch ", prefetch), func(t *testing.T) {
			srv := reportstest.NewServer(reportstest.WithListPageSize(2))
			t.Cleanup(srv.Close)
			c := srv.Client(reports.WithPrefetch(prefetch))
			ctx := t.Context()
			dir := srv.Directory()

			users, pages := walk(t, c.AllUsersPages(ctx, reports.ListUsersParams{}))
			assert.Equal(t, dir.Users, users)
			assert.Len(t, pages, 5, "9 users, 2 a page")
			mailboxes, _ := walk(t, c.AllMailboxesPages(ctx, reports.ListMailboxesParams{}))
			assert.Equal(t, dir.Mailboxes, mailboxes)
			tags, _ := walk(t, c.AllTagsPages(ctx, reports.ListTagsParams{}))
			assert.Equal(t, dir.Tags, tags)
			var folders []reports.Folder
			for _, m := range mailboxes {
				f, _ := walk(t, c.AllFoldersPages(ctx, m.ID, reports.ListFoldersParams{}))
				folders = append(folders, f...)
			}
			assert.Equal(t, dir.Folders, folders)

			// From a later page on, items only: the same walk, the items
			// of the pages before left out.
			var from3 []reports.User
			for u, err := range c.AllUsers(ctx, reports.ListUsersParams{Page: 3}) {
				require.NoError(t, err)
				from3 = append(from3, u)
			}
			assert.Equal(t, dir.Users[4:], from3)
			// The filters go out on every page.
			srv.ClearRequests()
			some, _ := walk(t, c.AllUsersPages(ctx, reports.ListUsersParams{Mailbox: 202}))
			assert.NotEmpty(t, some)
			for _, r := range apiRequests(srv) {
				assert.Equal(t, "202", r.Query.Get("mailbox"))
			}
		})
	}
}

// walk collects a walk's items and pages, checking that each page says
// where it stands and that there is one request a page.
func walk[T any](t *testing.T, pages func(yield func(*reports.Paged[T], error) bool)) ([]T, []*reports.Paged[T]) {
	t.Helper()
	var items []T
	var all []*reports.Paged[T]
	for p, err := range pages {
		require.NoError(t, err)
		require.Equal(t, len(all)+1, p.Page, "pages come in order")
		require.LessOrEqual(t, p.Page, p.Pages)
		all = append(all, p)
		items = append(items, p.Results...)
	}
	for _, p := range all {
		assert.Equal(t, len(items), p.Count, "each page counts the items of all")
		assert.Equal(t, len(all), p.Pages)
	}
	return items, all
}

// TestAllListFollowsTheCount walks a list whose count changes while it is
// walked: it grows (the walk goes on to the new last page), then shrinks
// (the walk ends at the new last page), as the reports' walk does.
func TestAllListFollowsTheCount(t *testing.T) {
	for _, tc := range []struct {
		name   string
		totals []int // the list's length as each page is asked for
		want   []int // the pages yielded
	}{
		{"steady", []int{5, 5, 5}, []int{1, 2, 3}},
		{"grows", []int{4, 6, 6}, []int{1, 2, 3}},
		{"shrinks", []int{6, 2}, []int{1}},
		{"empty", []int{0}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := listServer(t)
			asked := 0
			srv.Handle("/v2/tags", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(r.URL.Query().Get("page"))
				total := tc.totals[min(asked, len(tc.totals)-1)]
				asked++
				pages := (total + 1) / 2
				p := reports.ListPage[reports.Tag]{Page: &reports.ListPageInfo{Size: 2, TotalElements: total, TotalPages: pages, Number: n}}
				for i := (n - 1) * 2; i < min(n*2, total); i++ {
					p.Items = append(p.Items, reports.Tag{ID: int64(i + 1), Name: fmt.Sprint("tag ", i+1)})
				}
				_ = json.NewEncoder(w).Encode(p)
			}))
			var got []int
			for p, err := range c.AllTagsPages(t.Context(), reports.ListTagsParams{}) {
				require.NoError(t, err)
				got = append(got, p.Page)
				assert.Equal(t, tc.totals[min(len(got)-1, len(tc.totals)-1)], p.Count)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestListErrors checks that a list call fails, retries, renews its token
// and reports errors as the reports do.
func TestListErrors(t *testing.T) {
	srv, c := listServer(t)
	ctx := t.Context()

	srv.FailNext(2, http.StatusBadGateway, "/v2/tags")
	tags, err := c.ListTags(ctx, reports.ListTagsParams{})
	require.NoError(t, err, "retried")
	assert.NotEmpty(t, tags.Items)
	assert.Equal(t, 3, countPath(srv, "/v2/tags"))

	once := srv.Client(reports.WithMaxRetries(0))
	for _, tc := range []struct {
		status int
		is     error
	}{{http.StatusForbidden, reports.ErrForbidden}, {http.StatusTooManyRequests, reports.ErrRateLimited}, {http.StatusInternalServerError, nil}} {
		srv.FailNext(1, tc.status, "/v2/mailboxes/201/folders")
		_, err := once.ListFolders(ctx, 201, reports.ListFoldersParams{})
		var apiErr *reports.APIError
		require.True(t, errors.As(err, &apiErr), "%v", err)
		assert.Equal(t, tc.status, apiErr.StatusCode)
		assert.Equal(t, "/v2/mailboxes/201/folders", apiErr.Path)
		assert.NotEmpty(t, apiErr.CorrelationID)
		if tc.is != nil {
			assert.ErrorIs(t, err, tc.is)
		}
		assert.NotErrorIs(t, err, reports.ErrInvalidParams)
	}

	// An expired token is renewed and the call replayed, once.
	srv.ExpireTokens()
	_, err = once.ListMailboxes(ctx, reports.ListMailboxesParams{})
	require.NoError(t, err)
	srv.FailNext(2, http.StatusUnauthorized, "/v2/users")
	_, err = once.ListUsers(ctx, reports.ListUsersParams{})
	assert.ErrorIs(t, err, reports.ErrUnauthorized)

	// A walk yields the error once and ends.
	srv.FailNext(1, http.StatusInternalServerError, "/v2/users")
	n := 0
	for _, err := range once.AllUsers(ctx, reports.ListUsersParams{}) {
		n++
		assert.Error(t, err)
	}
	assert.Equal(t, 1, n)

	// A folders list of a mailbox the account does not have.
	_, err = once.ListFolders(ctx, 999, reports.ListFoldersParams{})
	assert.ErrorIs(t, err, reports.ErrNotFound)

	// The token a server echoes in an error is cut out of the error.
	var echoed string
	srv.Handle("/v2/tags", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echoed = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"message": "bad token %s"}`, echoed)
	}))
	_, err = once.ListTags(ctx, reports.ListTagsParams{})
	require.Error(t, err)
	require.NotEmpty(t, echoed)
	assert.NotContains(t, err.Error(), echoed)
	assert.Contains(t, err.Error(), "bad token [redacted]")
}

// TestListsWaitOutTheRateLimit checks that list calls read the API's rate
// limit headers and wait out its 429s like report calls.
func TestListsWaitOutTheRateLimit(t *testing.T) {
	srv, _ := listServer(t, reportstest.WithRateLimit(2, 200*time.Millisecond))
	c := srv.Client()
	ctx := t.Context()
	for range 5 {
		_, err := c.ListMailboxes(ctx, reports.ListMailboxesParams{})
		require.NoError(t, err, "the 429s are waited out")
	}
	assert.Equal(t, 5, countPath(srv, "/v2/mailboxes")-srv.Throttled(), "five answered")
	assert.Equal(t, 2, c.RateLimit().Limit, "the headers of list answers are read")
}

// TestFoldersUnpaged checks a folders list without a page object: one
// page, all folders, whatever page the walk would ask next.
func TestFoldersUnpaged(t *testing.T) {
	srv, c := listServer(t, reportstest.WithShapes(reportstest.UnpagedFolders), reportstest.WithListPageSize(1))
	var pages []*reports.Paged[reports.Folder]
	for p, err := range c.AllFoldersPages(t.Context(), 203, reports.ListFoldersParams{}) {
		require.NoError(t, err)
		pages = append(pages, p)
	}
	require.Len(t, pages, 1)
	assert.Equal(t, 1, pages[0].Page)
	assert.Equal(t, 1, pages[0].Pages)
	assert.Equal(t, 6, pages[0].Count)
	for _, f := range pages[0].Results {
		assert.Equal(t, int64(203), f.MailboxID)
	}
	assert.Equal(t, 1, countPath(srv, "/v2/mailboxes/203/folders"))
}

// TestListsOfTheZeroClient: the zero Client sends nothing and says why.
func TestListsOfTheZeroClient(t *testing.T) {
	var c *reports.Client
	_, err := c.ListUsers(t.Context(), reports.ListUsersParams{})
	assert.ErrorContains(t, err, "reports: GET /v2/users: the zero Client cannot send requests")
	assert.ErrorContains(t, firstErr(c.AllFolders(t.Context(), 201, reports.ListFoldersParams{})), "GET /v2/mailboxes/201/folders")
	assert.True(t, strings.HasPrefix(firstErr(new(reports.Client).AllTags(t.Context(), reports.ListTagsParams{})).Error(), "reports: GET /v2/tags: "))
}
