package reportstest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// A year of the data set, the range of the costliest requests.
const year = "start=2025-11-26T00:00:00Z&end=2026-11-26T00:00:00Z"

// idList is n comma-separated copies of id.
func idList(id string, n int) string { return strings.TrimSuffix(strings.Repeat(id+",", n), ",") }

// vndErrors decodes the _embedded.errors of a vnd.error body.
func vndErrors(t *testing.T, body string) []map[string]any {
	t.Helper()
	var v struct {
		Embedded struct {
			Errors []map[string]any `json:"errors"`
		} `json:"_embedded"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &v), body)
	return v.Embedded.Errors
}

// TestLongFilterListsRefused: a list of more than 1000 ids (or types, or Docs sites)
// is refused with a 400 naming the parameter, lenient or not, and its echo
// in the error is cut; 1000 are served, with the answer of the one id they
// repeat.
func TestLongFilterListsRefused(t *testing.T) {
	for _, lenient := range []bool{false, true} {
		var opts []reportstest.Option
		if lenient {
			opts = append(opts, reportstest.WithLenientValidation())
		}
		srv, c := start(t, opts...)
		for _, tc := range []struct{ path, param, id string }{
			{"/v2/reports/company", "tags", "301"},
			{"/v2/reports/company", "mailboxes", "201"},
			{"/v2/reports/conversations", "folders", "2011"},
			{"/v2/reports/docs", "sites", "5215163545667acd25394b5c"},
			{"/v2/reports/company", "types", "chat"},
		} {
			resp, body := get(t, srv, c, tc.path+"?"+year+"&"+tc.param+"="+idList(tc.id[:1], 300_000)) // 600 KB
			require.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s=300k ids", tc.param)
			errs := vndErrors(t, body)
			require.Len(t, errs, 1, body)
			assert.Equal(t, tc.param, errs[0]["path"])
			assert.Contains(t, errs[0]["message"], "at most 1000 items, got 300000")
			assert.Less(t, len(body), 2048, "the 600 KB value is not echoed whole")

			resp, _ = get(t, srv, c, tc.path+"?"+year+"&"+tc.param+"="+idList(tc.id, 1001))
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s=1001 ids", tc.param)

			resp, many := get(t, srv, c, tc.path+"?"+year+"&"+tc.param+"="+idList(tc.id, 1000))
			require.Equal(t, http.StatusOK, resp.StatusCode, "%s=1000 ids", tc.param)
			_, one := get(t, srv, c, tc.path+"?"+year+"&"+tc.param+"="+tc.id)
			if tc.param != "tags" { // the company report names each tag it filters on
				assert.JSONEq(t, one, many, "%s: a repeated id filters as the id", tc.param)
			}
		}
	}
}

// TestFilterSetsMatchLists checks that the filters, now sets, select what
// the lists did: alternatives within a list, unknown ids matching nothing,
// the untagged id, every list at once.
func TestFilterSetsMatchLists(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	cat := srv.Catalog()
	y := reports.Dates{Start: srv.Now().AddDate(-1, 0, 0), End: srv.Now()}
	count := func(f reports.Filters) int {
		t.Helper()
		d, err := c.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{Dates: y, Filters: f})
		require.NoError(t, err)
		return d.Conversations.Count
	}
	tagIDs := []int64{reportstest.UntaggedTagID}
	for _, tag := range cat.Tags {
		tagIDs = append(tagIDs, tag.ID)
	}
	all := count(reports.Filters{})
	require.Positive(t, all)

	byTag := 0
	for _, tag := range tagIDs {
		byTag += count(reports.Filters{Tags: []int64{tag}})
	}
	assert.GreaterOrEqual(t, byTag, all, "every conversation is untagged or has a tag; some have several")
	assert.Equal(t, all, count(reports.Filters{Tags: tagIDs}))

	byMailbox, byFolder := 0, 0
	for _, m := range cat.Mailboxes {
		byMailbox += count(reports.Filters{Mailboxes: []int64{m.ID}})
	}
	for _, f := range cat.Folders {
		byFolder += count(reports.Filters{Folders: []int64{f.ID}})
	}
	assert.Equal(t, all, byMailbox)
	assert.Equal(t, all, byFolder)
	assert.Zero(t, count(reports.Filters{Mailboxes: []int64{999}, Tags: []int64{999}, Folders: []int64{999}}), "unknown ids match nothing")

	m0 := cat.Mailboxes[0].ID
	inM0 := 0
	for _, f := range cat.Folders {
		if f.MailboxID == m0 {
			inM0 += count(reports.Filters{Folders: []int64{f.ID}})
		}
	}
	assert.Equal(t, count(reports.Filters{Mailboxes: []int64{m0}}), inM0)
	assert.Zero(t, count(reports.Filters{Mailboxes: []int64{m0}, Folders: []int64{cat.Folders[len(cat.Folders)-1].ID}}), "all lists at once: the last folder is another mailbox's")
}

// TestAbsurdRangesRefused: a range of more than ten years, current or
// previous, is refused with a 400, lenient too, where year 1 to 9999 by
// month answered 10 MB; ten years are served.
func TestAbsurdRangesRefused(t *testing.T) {
	for _, lenient := range []bool{false, true} {
		var opts []reportstest.Option
		if lenient {
			opts = append(opts, reportstest.WithLenientValidation())
		}
		srv, c := start(t, opts...)
		for _, q := range []string{
			"start=0001-01-01T00:00:00Z&end=9999-12-31T23:59:59Z&viewBy=month",
			"start=0001-01-01T00:00:00Z&end=9999-12-31T23:59:59Z",
			"start=2016-11-20T00:00:00Z&end=2026-11-26T00:00:00Z",
			"start=2026-11-01T00:00:00Z&end=2026-11-26T00:00:00Z&previousStart=0001-01-01T00:00:00Z&previousEnd=9999-12-31T23:59:59Z",
		} {
			resp, body := get(t, srv, c, "/v2/reports/company/customers-helped?"+q)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode, q)
			assert.Contains(t, body, "may span at most 3653 days", q)
			assert.Less(t, len(body), 2048)
		}
		resp, body := get(t, srv, c, "/v2/reports/company/customers-helped?start=2016-11-26T00:00:00Z&end=2026-11-26T00:00:00Z&viewBy=month")
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
	}
}

// TestRequestLogBounded floods the server with 64 unauthenticated requests
// of 512 KiB (32 MiB): the log keeps the newest within MaxRequestLogBytes,
// counts what it dropped, and the heap grows by the cap and a little more.
func TestRequestLogBounded(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	big := strings.Repeat("x", 512<<10)
	client := &http.Client{}
	base := heapInUse()
	const n = 64
	for i := range n {
		resp, err := client.Get(srv.URL + "/v2/reports/company?n=" + strconv.Itoa(i) + "&pad=" + big)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}
	grown := heapInUse() - base
	t.Logf("heap grew %d KiB for %d MiB of requests", grown>>10, n*512>>10)
	assert.Less(t, grown, int64(reportstest.MaxRequestLogBytes+6<<20), "the log is bounded")

	log := srv.Requests()
	require.NotEmpty(t, log)
	assert.Equal(t, n, len(log)+srv.DroppedRequests(), "each request is kept or counted as dropped")
	assert.Greater(t, srv.DroppedRequests(), 20)
	for i, r := range log { // the newest, in order
		assert.Equal(t, strconv.Itoa(n-len(log)+i), r.Query.Get("n"))
	}

	srv.ClearRequests()
	resp, err := client.Get(srv.URL + "/v2/reports/company?small=1")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Len(t, srv.Requests(), 1, "after ClearRequests the log starts over")
}

// TestAuthorizeFloodBounded sends 3000 authorize GETs without credentials,
// as anyone can: at most MaxCodes codes wait, the oldest dropped first, and
// the newest still exchange.
func TestAuthorizeFloodBounded(t *testing.T) {
	srv, _ := start(t)
	cfg := srv.OAuth2Config("https://app.example/callback?app=keep")
	first, _ := authorize(t, cfg, "s")
	for range 3 * reportstest.MaxCodes {
		resp, err := noRedirect.Get(cfg.AuthCodeURL("s"))
		require.NoError(t, err)
		resp.Body.Close()
	}
	base := heapInUse()
	for range 50_000 {
		srv.AuthorizationCode()
	}
	grown := heapInUse() - base
	t.Logf("heap grew %d KiB for 50,000 codes", grown>>10)
	assert.Less(t, grown, int64(1<<20), "at most MaxCodes codes are kept")

	last, _ := authorize(t, cfg, "s")
	_, err := cfg.Exchange(context.Background(), first)
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re, "the oldest code was dropped")
	assert.Equal(t, "Invalid authorization code", re.ErrorDescription)
	_, err = cfg.Exchange(context.Background(), last)
	require.NoError(t, err, "the newest code still works")
}

// TestCodesExpire: a code not exchanged within CodeLifetime, by the
// server's clock, is refused.
func TestCodesExpire(t *testing.T) {
	clock := newFakeClock()
	srv, _ := start(t, reportstest.WithClock(clock.Now))
	cfg := srv.OAuth2Config("https://app.example/callback?app=keep")
	late, _ := authorize(t, cfg, "s")
	inTime, _ := authorize(t, cfg, "s")
	clock.Advance(reportstest.CodeLifetime - 1)
	_, err := cfg.Exchange(context.Background(), inTime)
	require.NoError(t, err, "a code lives CodeLifetime")
	clock.Advance(1)
	_, err = cfg.Exchange(context.Background(), late)
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Invalid authorization code", re.ErrorDescription)
}

// TestPKCE: a code given with an S256 challenge is exchanged with its
// verifier only; a stolen code without it, or with another, is refused.
func TestPKCE(t *testing.T) {
	srv, _ := start(t)
	ctx := context.Background()
	cfg := srv.OAuth2Config("https://app.example/callback?app=keep")
	verifier := oauth2.GenerateVerifier()
	code := func() string {
		resp, err := noRedirect.Get(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode)
		loc, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		return loc.Query().Get("code")
	}
	var re *oauth2.RetrieveError
	_, err := cfg.Exchange(ctx, code())
	require.ErrorAs(t, err, &re, "no verifier")
	assert.Equal(t, "Invalid code_verifier", re.ErrorDescription)
	_, err = cfg.Exchange(ctx, code(), oauth2.VerifierOption(oauth2.GenerateVerifier()))
	require.ErrorAs(t, err, &re, "another verifier")
	assert.Equal(t, "Invalid code_verifier", re.ErrorDescription)
	tok, err := cfg.Exchange(ctx, code(), oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	assert.Equal(t, 200, reportStatus(t, srv, tok.AccessToken))

	resp, err := noRedirect.Get(cfg.AuthCodeURL("s", oauth2.SetAuthURLParam("code_challenge", "x"), oauth2.SetAuthURLParam("code_challenge_method", "plain")))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "only S256")
}
