package reports_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

// The resolver, against the fake, whose lists hold the hard cases: two
// users named Maya, a user with no name yet, Åsa Lindqvist, the tag
// `q&a, "urgent"`, the folder Unassigned in every mailbox and Needs
// Attention in two, once in lower case.

// TestResolve is the table of what names resolve to, and which requests
// that takes.
func TestResolve(t *testing.T) {
	type want struct {
		id         int64
		name       string // the entry's
		mailbox    int64  // a folder's
		param      bool   // a *ParamError
		ambiguous  bool   // a *NameError with Ambiguous
		unknown    bool   // a *NameError without
		empty      bool   // a *NameError for an empty name
		candidates []int64
		lists      []string // the paths listed; nil: none
	}
	for _, tc := range []struct {
		kind reports.NameKind
		in   string
		want want
	}{
		// Exact, and exact but for case and white space.
		{reports.KindUser, "Maya Patel", want{id: 100101, name: "Maya Patel", lists: []string{"/v2/users"}}},
		{reports.KindUser, "maya patel", want{id: 100101, name: "Maya Patel", lists: []string{"/v2/users"}}},
		{reports.KindUser, "  MAYA \t PATEL ", want{id: 100101, name: "Maya Patel", lists: []string{"/v2/users"}}},
		{reports.KindUser, "ÅSA LINDQVIST", want{id: 100108, name: "Åsa Lindqvist", lists: []string{"/v2/users"}}},
		// By e-mail address; the invited user has nothing else.
		{reports.KindUser, "Maya.Lopez@ACME.example", want{id: 100107, name: "Maya Lopez", lists: []string{"/v2/users"}}},
		{reports.KindUser, "new.hire@acme.example", want{id: 100109, name: "", lists: []string{"/v2/users"}}},
		// Two users share the first name, which names neither.
		{reports.KindUser, "Maya", want{unknown: true, candidates: []int64{100107, 100101}, lists: []string{"/v2/users"}}},
		{reports.KindUser, "Maya Patl", want{unknown: true, candidates: []int64{100101}, lists: []string{"/v2/users"}}},
		{reports.KindUser, "Nobody Here", want{unknown: true, lists: []string{"/v2/users"}}},
		// A number is an id, without a lookup.
		{reports.KindUser, "100101", want{id: 100101, lists: nil}},
		{reports.KindUser, " 42 ", want{id: 42, lists: nil}},
		{reports.KindTag, "007", want{id: 7, lists: nil}},
		{reports.KindTag, "0", want{param: true}},
		{reports.KindTag, "99999999999999999999", want{param: true}},
		// Empty.
		{reports.KindTag, "", want{empty: true}},
		{reports.KindMailbox, " \t", want{empty: true}},
		// Mailboxes by name or e-mail address.
		{reports.KindMailbox, "support", want{id: 201, name: "Support", lists: []string{"/v2/mailboxes"}}},
		{reports.KindMailbox, "BILLING@acme.example", want{id: 203, name: "Billing", lists: []string{"/v2/mailboxes"}}},
		{reports.KindMailbox, "Suport", want{unknown: true, candidates: []int64{201}, lists: []string{"/v2/mailboxes"}}},
		// Tags by name or slug, a comma and quotes included.
		{reports.KindTag, `q&a, "urgent"`, want{id: 307, name: `q&a, "urgent"`, lists: []string{"/v2/tags"}}},
		{reports.KindTag, `Q&A, "URGENT"`, want{id: 307, name: `q&a, "urgent"`, lists: []string{"/v2/tags"}}},
		{reports.KindTag, "q-a-urgent", want{id: 307, name: `q&a, "urgent"`, lists: []string{"/v2/tags"}}},
		{reports.KindTag, "vip", want{id: 306, name: "vip", lists: []string{"/v2/tags"}}},
		{reports.KindTag, "VIP escalation", want{id: 308, name: "VIP Escalation", lists: []string{"/v2/tags"}}},
		{reports.KindTag, "vipp", want{unknown: true, candidates: []int64{306}, lists: []string{"/v2/tags"}}},
		{reports.KindTag, "urgent", want{unknown: true, candidates: []int64{307}, lists: []string{"/v2/tags"}}},
		// Folders across mailboxes: a name in several is ambiguous.
		{reports.KindFolder, "Unassigned", want{ambiguous: true, candidates: []int64{2011, 2021, 2031},
			lists: []string{"/v2/mailboxes", "/v2/mailboxes/201/folders", "/v2/mailboxes/202/folders", "/v2/mailboxes/203/folders"}}},
		{reports.KindFolder, "Needs Attention", want{ambiguous: true, candidates: []int64{2014, 2034},
			lists: []string{"/v2/mailboxes", "/v2/mailboxes/201/folders", "/v2/mailboxes/202/folders", "/v2/mailboxes/203/folders"}}},
		{reports.KindFolder, "assigned", want{ambiguous: true, candidates: []int64{2012, 2022, 2032},
			lists: []string{"/v2/mailboxes", "/v2/mailboxes/201/folders", "/v2/mailboxes/202/folders", "/v2/mailboxes/203/folders"}}},
		{reports.KindFolder, "Spam", want{ambiguous: true, candidates: []int64{2016, 2026, 2036},
			lists: []string{"/v2/mailboxes", "/v2/mailboxes/201/folders", "/v2/mailboxes/202/folders", "/v2/mailboxes/203/folders"}}},
	} {
		t.Run(string(tc.kind)+" "+tc.in, func(t *testing.T) {
			srv, c := listServer(t)
			e, err := reports.NewResolver(c).Resolve(t.Context(), tc.kind, tc.in)
			w := tc.want
			checkResolved(t, tc.kind, e, err, w.id, w.name, w.mailbox, w.param, w.ambiguous, w.unknown, w.empty, w.candidates)
			assert.Equal(t, w.lists, paths(srv), "the lists it took")
		})
	}
}

// TestResolveFolder resolves folder names within one mailbox.
func TestResolveFolder(t *testing.T) {
	for _, tc := range []struct {
		mailbox    int64
		in         string
		id         int64
		name       string
		param      bool
		unknown    bool
		candidates []int64
		lists      []string
	}{
		{mailbox: 201, in: "Unassigned", id: 2011, name: "Unassigned", lists: []string{"/v2/mailboxes/201/folders"}},
		{mailbox: 203, in: "NEEDS ATTENTION", id: 2034, name: "needs attention", lists: []string{"/v2/mailboxes/203/folders"}},
		{mailbox: 201, in: "needs attention", id: 2014, name: "Needs Attention", lists: []string{"/v2/mailboxes/201/folders"}},
		// A folder of another mailbox: unknown here, with what is close.
		{mailbox: 202, in: "Needs Attention", unknown: true, lists: []string{"/v2/mailboxes/202/folders"}},
		{mailbox: 202, in: "Unasigned", unknown: true, candidates: []int64{2021, 2022}, lists: []string{"/v2/mailboxes/202/folders"}},
		{mailbox: 202, in: "2014", id: 2014, lists: nil},
		{mailbox: 0, in: "Unassigned", param: true},
		{mailbox: -3, in: "Unassigned", param: true},
	} {
		t.Run(fmt.Sprint(tc.mailbox, " ", tc.in), func(t *testing.T) {
			srv, c := listServer(t)
			e, err := reports.NewResolver(c).ResolveFolder(t.Context(), tc.mailbox, tc.in)
			checkResolved(t, reports.KindFolder, e, err, tc.id, tc.name, tc.mailbox, tc.param, false, tc.unknown, false, tc.candidates)
			assert.Equal(t, tc.lists, paths(srv))
			if err == nil {
				assert.Equal(t, tc.mailbox, e.MailboxID)
			}
			var ne *reports.NameError
			if errors.As(err, &ne) {
				assert.Equal(t, tc.mailbox, ne.MailboxID)
				assert.Contains(t, err.Error(), fmt.Sprint("folder of mailbox ", tc.mailbox, " is named"))
			}
		})
	}
}

// checkResolved checks what Resolve or ResolveFolder gave.
func checkResolved(t *testing.T, kind reports.NameKind, e reports.NameEntry, err error, id int64, name string, mailbox int64, param, ambiguous, unknown, empty bool, candidates []int64) {
	t.Helper()
	var ne *reports.NameError
	var pe *reports.ParamError
	switch {
	case param:
		require.True(t, errors.As(err, &pe), "want a *ParamError, got %v", err)
		assert.ErrorIs(t, err, reports.ErrInvalidParams)
	case ambiguous, unknown, empty:
		require.True(t, errors.As(err, &ne), "want a *NameError, got %v", err)
		assert.ErrorIs(t, err, reports.ErrInvalidParams, "the command makes it a usage error")
		assert.Equal(t, kind, ne.Kind)
		assert.Equal(t, ambiguous, ne.Ambiguous)
		var got []int64
		for _, c := range ne.Candidates {
			got = append(got, c.ID)
			assert.Contains(t, err.Error(), fmt.Sprintf("(%d", c.ID), "the text lists each candidate with its id")
		}
		if !empty {
			assert.Equal(t, candidates, got)
		}
		if empty {
			assert.Contains(t, err.Error(), "name is empty")
		}
	default:
		require.NoError(t, err)
		assert.Equal(t, reports.NameEntry{Kind: kind, ID: id, Name: name, MailboxID: mailbox, Email: e.Email, Slug: e.Slug}, e)
	}
}

// paths are the paths of the logged API requests, nil if none.
func paths(srv *reportstest.Server) []string {
	var out []string
	for _, r := range apiRequests(srv) {
		out = append(out, r.Path)
	}
	return out
}

// TestResolveList resolves lists of names as a command line's or an MCP
// tool's list values give them: names with commas in them included.
func TestResolveList(t *testing.T) {
	for _, tc := range []struct {
		kind    reports.NameKind
		mailbox int64 // ResolveFolderList's
		in      string
		ids     []int64
		err     string // what the error says
		lists   int    // the list requests it took
	}{
		{kind: reports.KindTag, in: "vip, bug", ids: []int64{306, 302}, lists: 1},
		{kind: reports.KindTag, in: `vip, q&a, "urgent"`, ids: []int64{306, 307}, lists: 1},
		{kind: reports.KindTag, in: `q&a, "urgent",vip`, ids: []int64{307, 306}, lists: 1},
		{kind: reports.KindTag, in: `Q&A,   "URGENT"`, ids: []int64{307}, lists: 1},
		{kind: reports.KindTag, in: "vip,,bug,", ids: []int64{306, 302}, lists: 1},
		{kind: reports.KindTag, in: "301, 302", ids: []int64{301, 302}, lists: 0},
		{kind: reports.KindTag, in: "vip, 9999", ids: []int64{306, 9999}, lists: 1},
		{kind: reports.KindTag, in: " , ,", err: "the tag name is empty", lists: 0},
		{kind: reports.KindTag, in: "vip, q&a", err: `no tag is named "q&a"; the closest: "q&a, \"urgent\"" (307)`, lists: 1},
		{kind: reports.KindTag, in: "0, vip", err: "must be a positive id", lists: 1},
		{kind: reports.KindUser, in: "Maya Patel, new.hire@acme.example,100103", ids: []int64{100101, 100109, 100103}, lists: 1},
		{kind: reports.KindFolder, in: "Unassigned", err: `3 folders are named "Unassigned"`, lists: 4},
		{kind: reports.KindFolder, mailbox: 203, in: "Unassigned, needs attention", ids: []int64{2031, 2034}, lists: 1},
		{kind: reports.KindFolder, mailbox: 202, in: "Unassigned, needs attention", err: `no folder of mailbox 202 is named "needs attention"`, lists: 1},
	} {
		t.Run(tc.in, func(t *testing.T) {
			srv, c := listServer(t)
			r := reports.NewResolver(c)
			var got []reports.NameEntry
			var err error
			if tc.mailbox != 0 {
				got, err = r.ResolveFolderList(t.Context(), tc.mailbox, tc.in)
			} else {
				got, err = r.ResolveList(t.Context(), tc.kind, tc.in)
			}
			assert.Len(t, apiRequests(srv), tc.lists)
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				assert.ErrorIs(t, err, reports.ErrInvalidParams)
				return
			}
			require.NoError(t, err)
			var ids []int64
			for _, e := range got {
				ids = append(ids, e.ID)
				assert.Equal(t, tc.kind, e.Kind)
				assert.Equal(t, tc.mailbox, e.MailboxID)
			}
			assert.Equal(t, tc.ids, ids)
		})
	}
	_, c := listServer(t)
	_, err := reports.NewResolver(c).ResolveFolderList(t.Context(), 0, "Spam")
	assert.ErrorIs(t, err, reports.ErrInvalidParams)
	_, err = reports.NewResolver(c).ResolveList(t.Context(), "teams", "Tier 1")
	assert.ErrorContains(t, err, `unknown kind "teams"`)
}

// TestResolveEveryName sweeps// TestResolveEveryName sweeps the fake's lists: every user, mailbox, tag
// and folder resolves by its name (in its case, upper case and lower case)
// and by its e-mail address or slug to itself, or, where several share the
// name, to an ambiguity that lists it.
func TestResolveEveryName(t *testing.T) {
	srv, c := listServer(t)
	r := reports.NewResolver(c)
	ctx := t.Context()
	dir := srv.Directory()
	type named struct {
		kind    reports.NameKind
		id      int64
		mailbox int64
		texts   []string
	}
	var all []named
	for _, u := range dir.Users {
		all = append(all, named{reports.KindUser, u.ID, 0, []string{u.Name(), u.Email}})
	}
	for _, m := range dir.Mailboxes {
		all = append(all, named{reports.KindMailbox, m.ID, 0, []string{m.Name, m.Email}})
	}
	for _, tg := range dir.Tags {
		all = append(all, named{reports.KindTag, tg.ID, 0, []string{tg.Name, tg.Slug}})
	}
	for _, f := range dir.Folders {
		all = append(all, named{reports.KindFolder, f.ID, f.MailboxID, []string{f.Name}})
	}
	resolved := 0
	for _, n := range all {
		for _, text := range n.texts {
			if text == "" {
				continue
			}
			for _, in := range []string{text, strings.ToUpper(text), strings.ToLower(text)} {
				e, err := r.Resolve(ctx, n.kind, in)
				var ne *reports.NameError
				if errors.As(err, &ne) && ne.Ambiguous {
					assert.True(t, hasID(ne.Candidates, n.id), "%s %q: the ambiguity lists %d", n.kind, in, n.id)
				} else if assert.NoError(t, err, "%s %q", n.kind, in) {
					assert.Equal(t, n.id, e.ID, "%s %q", n.kind, in)
					resolved++
				}
				if n.kind == reports.KindFolder {
					e, err := r.ResolveFolder(ctx, n.mailbox, in)
					require.NoError(t, err, "folder %q of mailbox %d", in, n.mailbox)
					assert.Equal(t, n.id, e.ID)
				}
			}
		}
	}
	assert.Greater(t, resolved, 60)
	assert.Equal(t, 1+3+1+1, len(apiRequests(srv)), "one list a kind (the folders one a mailbox), for all those names")
}

func hasID(entries []reports.NameEntry, id int64) bool {
	for _, e := range entries {
		if e.ID == id {
			return true
		}
	}
	return false
}

// TestResolverFetchesOnce checks the cache: 100 concurrent resolutions of
// each kind take one list call a kind, later ones none, and Forget starts
// over.
func TestResolverFetchesOnce(t *testing.T) {
	srv, c := listServer(t, reportstest.WithListPageSize(4))
	r := reports.NewResolver(c)
	ctx := t.Context()
	inputs := map[reports.NameKind][]string{
		reports.KindUser:    {"Maya Patel", "tom walsh", "Maya", "100102"},
		reports.KindMailbox: {"Support", "sales", "nope"},
		reports.KindTag:     {"vip", "bug", "q-a-urgent"},
		reports.KindFolder:  {"Closed", "Drafts", "Needs Attention"},
	}
	var wg sync.WaitGroup
	for i := range 100 {
		for kind, in := range inputs {
			wg.Go(func() {
				_, err := r.Resolve(ctx, kind, in[i%len(in)])
				var ne *reports.NameError
				if err != nil && !errors.As(err, &ne) {
					t.Errorf("%s: %v", kind, err)
				}
			})
		}
	}
	wg.Wait()
	pages := map[string]int{"/v2/users": 3, "/v2/mailboxes": 1, "/v2/tags": 2,
		"/v2/mailboxes/201/folders": 2, "/v2/mailboxes/202/folders": 2, "/v2/mailboxes/203/folders": 2}
	for path, n := range pages {
		assert.Equal(t, n, countPath(srv, path), "%s: one walk of its pages", path)
	}
	assert.Len(t, apiRequests(srv), 12)

	// Later calls take the kept lists.
	_, err := r.Entries(ctx, reports.KindFolder)
	require.NoError(t, err)
	_, err = r.Complete(ctx, reports.KindUser, "m")
	require.NoError(t, err)
	_, err = r.ResolveFolder(ctx, 202, "Closed")
	require.NoError(t, err)
	assert.Len(t, apiRequests(srv), 12)

	// Another resolver has its own; Forget drops them.
	srv.ClearRequests()
	_, err = reports.NewResolver(c).Resolve(ctx, reports.KindTag, "vip")
	require.NoError(t, err)
	r.Forget()
	_, err = r.Resolve(ctx, reports.KindTag, "vip")
	require.NoError(t, err)
	assert.Equal(t, 4, countPath(srv, "/v2/tags"))
}

// TestResolverListFails checks that a failed list call is the API's error,
// not a NameError, and is not kept: the next call lists again.
func TestResolverListFails(t *testing.T) {
	srv, _ := listServer(t)
	c := srv.Client(reports.WithMaxRetries(0))
	r := reports.NewResolver(c)
	ctx := t.Context()
	for _, tc := range []struct {
		status int
		is     error
	}{{http.StatusUnauthorized, reports.ErrUnauthorized}, {http.StatusForbidden, reports.ErrForbidden}, {http.StatusInternalServerError, nil}, {http.StatusServiceUnavailable, nil}} {
		srv.FailNext(2, tc.status, "/v2/tags") // a 401 is replayed once with a new token
		_, err := r.Resolve(ctx, reports.KindTag, "vip")
		var apiErr *reports.APIError
		require.True(t, errors.As(err, &apiErr), "%d: %v", tc.status, err)
		assert.Equal(t, tc.status, apiErr.StatusCode)
		var ne *reports.NameError
		assert.False(t, errors.As(err, &ne))
		assert.NotErrorIs(t, err, reports.ErrInvalidParams, "an API error, exit 1, not a usage error")
		if tc.is != nil {
			assert.ErrorIs(t, err, tc.is)
		}
		srv.FailNext(0, tc.status, "/v2/tags")
	}
	e, err := r.Resolve(ctx, reports.KindTag, "vip")
	require.NoError(t, err, "the failures were not kept")
	assert.Equal(t, int64(306), e.ID)

	// The folders of every mailbox: the failure of one is the call's.
	srv.FailNext(1, http.StatusInternalServerError, "/v2/mailboxes/202/folders")
	_, err = r.Entries(ctx, reports.KindFolder)
	assert.ErrorContains(t, err, "GET /v2/mailboxes/202/folders: 500")
	entries, err := r.Entries(ctx, reports.KindFolder)
	require.NoError(t, err)
	assert.Len(t, entries, 17)
}

// TestResolverWaiters checks the callers that wait for a fetch under way:
// one whose context ends returns at once while the fetch goes on; when the
// fetching caller's context ends, a waiter with time left fetches again.
func TestResolverWaiters(t *testing.T) {
	srv, c := listServer(t)
	release := make(chan struct{})
	arrived := make(chan struct{}, 10)
	srv.Handle("/v2/mailboxes", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
		w.Header().Set("Content-Type", "application/hal+json")
		_, _ = w.Write([]byte(`{"_embedded": {"mailboxes": [{"id": 201, "name": "Support"}]}, "page": {"size": 50, "totalElements": 1, "totalPages": 1, "number": 1}}`))
	}))
	r := reports.NewResolver(c)

	// The fetching caller, stopped by the handler.
	first := make(chan error, 1)
	go func() {
		_, err := r.Resolve(context.Background(), reports.KindMailbox, "Support")
		first <- err
	}()
	<-arrived
	// A waiter whose context has ended returns at once.
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := r.Resolve(gone, reports.KindMailbox, "Support")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, countPath(srv, "/v2/mailboxes"))
	close(release)
	require.NoError(t, <-first)
	assert.Equal(t, 1, countPath(srv, "/v2/mailboxes"))

	// The fetching caller leaves: the waiter fetches again, and resolves.
	r = reports.NewResolver(c)
	release = make(chan struct{})
	leader, stop := context.WithCancel(context.Background())
	go func() {
		_, err := r.Resolve(leader, reports.KindMailbox, "Support")
		first <- err
	}()
	<-arrived
	waiter := make(chan reports.NameEntry, 1)
	go func() {
		e, err := r.Resolve(context.Background(), reports.KindMailbox, "Support")
		assert.NoError(t, err)
		waiter <- e
	}()
	stop()
	assert.ErrorIs(t, <-first, context.Canceled)
	<-arrived // the waiter's own fetch
	close(release)
	assert.Equal(t, int64(201), (<-waiter).ID)
}

// TestNameErrorText checks the error texts: what was asked, the candidates
// with their ids, control characters escaped and long values capped, from
// the caller and from the server alike.
func TestNameErrorText(t *testing.T) {
	long := strings.Repeat("é", 3000)
	evil := "x\x1b[31m\u202e\r\n"
	for _, tc := range []struct {
		err  *reports.NameError
		want string
	}{
		{&reports.NameError{Kind: reports.KindTag, Name: "vipp", Candidates: []reports.NameEntry{{Kind: reports.KindTag, ID: 306, Name: "vip"}}},
			`reports: no tag is named "vipp"; the closest: "vip" (306)`},
		{&reports.NameError{Kind: reports.KindUser, Name: "Maya", Candidates: []reports.NameEntry{{ID: 7, Name: "Maya Lopez", Email: "m@x"}, {ID: 8, Name: "", Email: "n@x"}}},
			`reports: no user is named "Maya"; the closest: "Maya Lopez" (7, "m@x"), "n@x" (8)`},
		{&reports.NameError{Kind: reports.KindUser, Name: "sam", Ambiguous: true, Candidates: []reports.NameEntry{{ID: 1, Name: "Sam"}, {ID: 2, Name: "SAM"}}},
			`reports: 2 users are named "sam": "Sam" (1), "SAM" (2); give the id or the e-mail address`},
		{&reports.NameError{Kind: reports.KindFolder, Name: "Spam", Ambiguous: true, Candidates: []reports.NameEntry{{ID: 1, Name: "Spam", MailboxID: 5}, {ID: 2, Name: "Spam", MailboxID: 6}}},
			`reports: 2 folders are named "Spam": "Spam" (1, mailbox 5), "Spam" (2, mailbox 6); give the id, or the folder's mailbox`},
		{&reports.NameError{Kind: reports.KindFolder, Name: "Spam", MailboxID: 9},
			`reports: no folder of mailbox 9 is named "Spam", and none has a similar name`},
		{&reports.NameError{Kind: reports.KindTag, Name: `q&a, "urgent"`, Ambiguous: true, Candidates: []reports.NameEntry{{ID: 1, Name: `q&a, "urgent"`}, {ID: 2, Name: `Q&A, "URGENT"`}}},
			`reports: 2 tags are named "q&a, \"urgent\"": "q&a, \"urgent\"" (1), "Q&A, \"URGENT\"" (2); give the id`},
		{&reports.NameError{Kind: reports.KindMailbox, Name: "  "}, `reports: the mailbox name is empty: give a name or an id`},
		{&reports.NameError{Kind: reports.KindTag, Name: evil, Candidates: []reports.NameEntry{{ID: 3, Name: evil}}},
			`reports: no tag is named "x\x1b[31m\u202e\r\n"; the closest: "x\x1b[31m\u202e\r\n" (3)`},
	} {
		assert.Equal(t, tc.want, tc.err.Error())
	}

	// Long values are cut at 512 bytes, escapes included, with their
	// length.
	text := (&reports.NameError{Kind: reports.KindTag, Name: long, Candidates: []reports.NameEntry{{ID: 1, Name: long}}}).Error()
	assert.Less(t, len(text), 2*512+100)
	assert.Equal(t, 2, strings.Count(text, `é…"(6000 bytes)`))
	nuls := strings.Repeat("\x00", 1<<16)
	text = (&reports.NameError{Kind: reports.KindTag, Name: nuls}).Error()
	assert.Less(t, len(text), 512+100)
	assert.Contains(t, text, `"\x00\x00`)
	assert.Contains(t, text, `…"(65536 bytes)`)
	text = (&reports.NameError{Kind: reports.KindTag, Name: strings.Repeat("\xff\u202e", 1<<14)}).Error()
	assert.Less(t, len(text), 512+100)

	// Many candidates: the text lists ten, the field keeps them all.
	var many []reports.NameEntry
	for i := range 25 {
		many = append(many, reports.NameEntry{ID: int64(i), Name: "Closed", MailboxID: int64(100 + i)})
	}
	ne := &reports.NameError{Kind: reports.KindFolder, Name: "closed", Ambiguous: true, Candidates: many}
	assert.Contains(t, ne.Error(), "25 folders are named")
	assert.Contains(t, ne.Error(), ", and 15 more; give the id")
	assert.Equal(t, 10, strings.Count(ne.Error(), "(mailbox")+strings.Count(ne.Error(), ", mailbox"))

	// Through the resolver: a name the caller typed and names the server
	// sent are escaped alike.
	srv, c := listServer(t)
	srv.Handle("/v2/tags", answerBody([]byte(`{"_embedded": {"tags": [{"id": 1, "name": "vip\u001b[2J"}, {"id": 2, "name": "VIP\u001b[2J"}]}}`)))
	_, err := reports.NewResolver(c).Resolve(t.Context(), reports.KindTag, "vip\x1b[2J")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "\x1b")
	assert.Contains(t, err.Error(), `2 tags are named "vip\x1b[2J": "vip\x1b[2J" (1), "VIP\x1b[2J" (2)`)
	_, err = reports.NewResolver(c).Resolve(t.Context(), reports.KindTag, long)
	assert.Less(t, len(err.Error()), 700)
}

// TestResolverEntries checks the lists as a lookup prints them.
func TestResolverEntries(t *testing.T) {
	srv, c := listServer(t)
	r := reports.NewResolver(c)
	ctx := t.Context()

	users, err := r.Entries(ctx, reports.KindUser)
	require.NoError(t, err)
	require.Len(t, users, 9)
	assert.Equal(t, reports.NameEntry{Kind: reports.KindUser, ID: 100109, Name: "", Email: "new.hire@acme.example"}, users[0], "sorted by name; no name first")
	assert.Equal(t, reports.NameEntry{Kind: reports.KindUser, ID: 100101, Name: "Maya Patel", Email: "maya.patel@acme.example"}, users[6])

	tags, err := r.Entries(ctx, reports.KindTag)
	require.NoError(t, err)
	assert.Equal(t, reports.NameEntry{Kind: reports.KindTag, ID: 307, Name: `q&a, "urgent"`, Slug: "q-a-urgent"}, tags[4])

	folders, err := r.Entries(ctx, reports.KindFolder)
	require.NoError(t, err)
	assert.Len(t, folders, len(srv.Directory().Folders))
	assert.Equal(t, []reports.NameEntry{
		{Kind: reports.KindFolder, ID: 2012, Name: "Assigned", MailboxID: 201},
		{Kind: reports.KindFolder, ID: 2022, Name: "Assigned", MailboxID: 202},
		{Kind: reports.KindFolder, ID: 2032, Name: "Assigned", MailboxID: 203},
	}, folders[:3], "by name, then mailbox")

	folders[0].Name = "changed"
	again, err := r.Entries(ctx, reports.KindFolder)
	require.NoError(t, err)
	assert.Equal(t, "Assigned", again[0].Name, "the slice is the caller's")

	_, err = r.Entries(ctx, "team")
	assert.ErrorContains(t, err, `unknown kind "team"`)
	_, err = r.Resolve(ctx, "team", "Tier 1")
	assert.ErrorContains(t, err, `unknown kind "team"`)
}

// TestResolverComplete checks the names offered for shell completion.
func TestResolverComplete(t *testing.T) {
	srv, c := listServer(t)
	r := reports.NewResolver(c)
	ctx := t.Context()
	for _, tc := range []struct {
		kind   reports.NameKind
		prefix string
		want   []string
	}{
		{reports.KindUser, "ma", []string{"Maya Lopez", "Maya Patel", "maya.lopez@acme.example", "maya.patel@acme.example"}},
		{reports.KindUser, "MAYA P", []string{"Maya Patel"}},
		{reports.KindUser, "åsa", []string{"Åsa Lindqvist"}},
		{reports.KindUser, "new", []string{"new.hire@acme.example"}},
		{reports.KindMailbox, "", []string{"Billing", "Sales", "Support"}},
		{reports.KindTag, "q", []string{`q&a, "urgent"`}},
		{reports.KindTag, "v", []string{"VIP Escalation", "vip"}},
		{reports.KindFolder, "n", []string{"Needs Attention", "needs attention"}},
		{reports.KindFolder, "un", []string{"Unassigned"}},
		{reports.KindFolder, "x", nil},
	} {
		got, err := r.Complete(ctx, tc.kind, tc.prefix)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%s %q", tc.kind, tc.prefix)
	}

	// A name no shell line can hold is not offered.
	srv.Handle("/v2/tags", answerBody([]byte(`{"_embedded": {"tags": [{"id": 1, "name": "a\nb"}, {"id": 2, "name": "ab"}]}}`)))
	got, err := reports.NewResolver(c).Complete(ctx, reports.KindTag, "a")
	require.NoError(t, err)
	assert.Equal(t, []string{"ab"}, got)
}

// TestParseNameKind reads the kinds as a command line gives them.
func TestParseNameKind(t *testing.T) {
	for in, want := range map[string]reports.NameKind{
		"user": reports.KindUser, "Users": reports.KindUser, " mailboxes ": reports.KindMailbox, "MAILBOX": reports.KindMailbox,
		"tag": reports.KindTag, "tags": reports.KindTag, "folder": reports.KindFolder, "Folders": reports.KindFolder,
	} {
		got, err := reports.ParseNameKind(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "team", "userss", "mailboxs", "u"} {
		_, err := reports.ParseNameKind(in)
		assert.ErrorContains(t, err, "want users, mailboxes, tags or folders", in)
	}
	assert.Equal(t, []string{"users", "mailboxes", "tags", "folders"}, func() []string {
		var out []string
		for _, k := range reports.NameKinds {
			out = append(out, k.Plural())
		}
		return out
	}())
}
