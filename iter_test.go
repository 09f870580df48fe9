package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of walk through the eight AllX methods, against a server that pages.

// pager serves every paged route: page p of pages holds perPage items with
// ids p*100+i, in the route's shape (drilldowns nest the page under
// "conversations"). A page past the last is empty.
type pager struct {
	pages, perPage int
	// pagesAt, when set, is the page count the answer for page reports
	// (and holds items for): a count that moves during a walk.
	pagesAt func(page int) int
	// before runs first for each request and may answer it instead (true).
	before func(w http.ResponseWriter, r *http.Request, page int) bool
}

func (p *pager) handle(w http.ResponseWriter, r *http.Request) {
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		page, _ = strconv.Atoi(v)
	}
	if p.before != nil && p.before(w, r, page) {
		return
	}
	pages := p.pages
	if p.pagesAt != nil {
		pages = p.pagesAt(page)
	}
	results := []map[string]any{}
	for i := range p.perPage {
		if page <= pages {
			results = append(results, map[string]any{"id": page*100 + i})
		}
	}
	var body any = map[string]any{"page": page, "pages": pages, "count": pages * p.perPage, "results": results}
	if strings.HasSuffix(r.URL.Path, "drilldown") {
		body = map[string]any{"conversations": body}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

// wantIDs are the ids of pages from..to.
func (p *pager) wantIDs(from, to int) []int64 {
	var ids []int64
	for page := from; page <= to; page++ {
		for i := range p.perPage {
			ids = append(ids, int64(page*100+i))
		}
	}
	return ids
}

// itemIDs maps an iterator's items to their ids.
func itemIDs[T any](seq iter.Seq2[T, error], id func(T) int64) iter.Seq2[int64, error] {
	return func(yield func(int64, error) bool) {
		for v, err := range seq {
			if !yield(id(v), err) {
				return
			}
		}
	}
}

func conversationID(c DrilldownConversation) int64 { return c.ID }
func ratingID(r Rating) int64                      { return r.ID }
func historyID(h HistoryConversation) int64        { return h.ID }

// iterCases are the eight AllX methods, each from page first.
var iterCases = []struct {
	name string
	path string
	all  func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error]
}{
	{"AllCompanyDrilldown", "/v2/reports/company/drilldown", func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error] {
		return itemIDs(c.AllCompanyDrilldown(ctx, CompanyDrilldownParams{Paging: Paging{Page: first, Rows: 3}, Range: RangeReplies, RangeID: 2}), conversationID)
	}},
	{"AllConversationsDrilldown", "/v2/reports/conversations/drilldown", func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error] {
		return itemIDs(c.AllConversationsDrilldown(ctx, ConversationsDrilldownParams{Paging: Paging{Page: first}, Filters: Filters{Tags: []int64{5}}}), conversationID)
	}},
	{"AllConversationsDrilldownByField", "/v2/reports/conversations/fields-drilldown", func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error] {
		return itemIDs(c.AllConversationsDrilldownByField(ctx, ConversationsDrilldownByFieldParams{Paging: Paging{Page: first}, Field: FieldTagID, FieldID: 7}), conversationID)
	}},
	{"AllConversationsNewConversationsDrilldown", "/v2/reports/conversations/new-drilldown", func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error] {
		return itemIDs(c.AllConversationsNewConversationsDrilldown(ctx, ConversationsNewConversationsDrilldownParams{Paging: Paging{Page: first}}), conversationID)
	}},
	{"AllHappinessRatings", "/v2/reports/happiness/ratings", func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error] {
		return itemIDs(c.AllHappinessRatings(ctx, HappinessRatingsParams{Page: first, Rating: RatingFilterGreat}), ratingID)
	}},
	{"AllUserConversationHistory", "/v2/reports/user/conversation-history", func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error] {
		return itemIDs(c.AllUserConversationHistory(ctx, UserConversationHistoryParams{User: 4, Page: first, SortOrder: SortAscending}), historyID)
	}},
	{"AllUserDrilldown", "/v2/reports/user/drilldown", func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error] {
		return itemIDs(c.AllUserDrilldown(ctx, UserDrilldownParams{User: 4, Paging: Paging{Page: first}}), conversationID)
	}},
	{"AllUserHappinessDrilldown", "/v2/reports/user/ratings", func(c *Client, ctx context.Context, first int) iter.Seq2[int64, error] {
		return itemIDs(c.AllUserHappinessDrilldown(ctx, UserHappinessDrilldownParams{User: 4, Page: first}), ratingID)
	}},
}

// pagesRequested returns the page param of each request, in order.
func pagesRequested(t *testing.T, reqs []recorded) []int {
	t.Helper()
	var pages []int
	for _, r := range reqs {
		p, err := strconv.Atoi(r.Query.Get("page"))
		require.NoError(t, err, "every request names its page: %s", r.Raw)
		pages = append(pages, p)
	}
	return pages
}

// collectIDs ranges over seq to the end, whatever it yields.
func collectIDs(seq iter.Seq2[int64, error]) (ids []int64, errs []error) {
	for id, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue // the iterator must end by itself
		}
		ids = append(ids, id)
	}
	return ids, errs
}

func pageRange(from, to int) []int {
	var s []int
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

func TestIteratorsWalkEveryPage(t *testing.T) {
	p := &pager{pages: 5, perPage: 3}
	for _, tc := range iterCases {
		for _, first := range []int{0, 1, 3} {
			for _, prefetch := range []int{1, 4} {
				t.Run(fmt.Sprintf("%s/from %d/prefetch %d", tc.name, first, prefetch), func(t *testing.T) {
					s, c := newTestServer(t, p.handle, WithPrefetch(prefetch))

					items := tc.all(c, t.Context(), first)
					require.Empty(t, s.requests(), "no request before the first iteration")
					ids, errs := collectIDs(items)

					require.Empty(t, errs)
					from := max(first, 1)
					assert.Equal(t, p.wantIDs(from, 5), ids, "every item of every page, in page order")
					reqs := s.requests()
					pages := pagesRequested(t, reqs)
					if prefetch > 1 {
						slices.Sort(pages)
					}
					assert.Equal(t, pageRange(from, 5), pages, "each page once, from the params' Page")
					for _, r := range reqs {
						assert.Equal(t, tc.path, r.Path)
						q, base := r.Query, reqs[0].Query
						q.Del("page")
						base.Del("page")
						assert.Equal(t, base, q, "the other params are the same on every page")
					}
				})
			}
		}
	}
}

func TestIteratorPastTheLastPage(t *testing.T) {
	p := &pager{pages: 5, perPage: 3}
	for _, tc := range iterCases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newTestServer(t, p.handle, WithPrefetch(4))
			ids, errs := collectIDs(tc.all(c, t.Context(), 7))
			assert.Empty(t, ids)
			assert.Empty(t, errs)
			assert.Equal(t, []int{7}, pagesRequested(t, s.requests()))
		})
	}
}

func TestIteratorRefusesANegativePage(t *testing.T) {
	p := &pager{pages: 5, perPage: 3}
	for _, tc := range iterCases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newTestServer(t, p.handle)
			ids, errs := collectIDs(tc.all(c, t.Context(), -1))
			assert.Empty(t, ids)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], ErrInvalidParams, "as the GetX method says, not a silent page 1")
			assert.Empty(t, s.requests())
		})
	}
}

func TestIteratorBreakStopsFetching(t *testing.T) {
	p := &pager{pages: 5, perPage: 3}
	for _, tc := range iterCases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newTestServer(t, p.handle)
			var ids []int64
			for id, err := range tc.all(c, t.Context(), 0) {
				require.NoError(t, err)
				ids = append(ids, id)
				if id == 201 {
					break
				}
			}
			assert.Equal(t, []int64{100, 101, 102, 200, 201}, ids)
			assert.Equal(t, []int{1, 2}, pagesRequested(t, s.requests()), "no page after the break")
		})
	}
}

func TestIteratorBreakOnTheFirstPageWithPrefetch(t *testing.T) {
	p := &pager{pages: 5, perPage: 3}
	s, c := newTestServer(t, p.handle, WithPrefetch(4))
	for _, err := range iterCases[0].all(c, t.Context(), 0) {
		require.NoError(t, err)
		break
	}
	assert.Equal(t, []int{1}, pagesRequested(t, s.requests()), "prefetching starts after the first page")
}

// TestIteratorBreakWithPrefetchCancelsAndLeaksNothing runs in a bubble:
// page p takes p seconds to answer, so at the break pages 3 to 5 are in
// flight. They are canceled, and take 10 s to wind down; the walk waits for
// them before it returns, nothing else is fetched, and no goroutine is left
// behind (synctest.Test fails when one outlives the bubble).
func TestIteratorBreakWithPrefetchCancelsAndLeaksNothing(t *testing.T) {
	var canceled atomic.Int32
	p := &pager{pages: 10, perPage: 3, before: func(w http.ResponseWriter, r *http.Request, page int) bool {
		select {
		case <-time.After(time.Duration(page) * time.Second):
			return false
		case <-r.Context().Done():
			time.Sleep(10 * time.Second)
			canceled.Add(1)
			return true
		}
	}}
	s, _ := newTestServer(t, p.handle)
	synctest.Test(t, func(t *testing.T) {
		c, _ := inProcess(t, s, WithPrefetch(4))
		var ids []int64
		for id, err := range iterCases[0].all(c, t.Context(), 0) {
			require.NoError(t, err)
			ids = append(ids, id)
			if id == 201 {
				break
			}
		}
		afterBreak := pagesRequested(t, s.requests())
		assert.Equal(t, int32(3), canceled.Load(), "the fetches in flight were canceled and ended before the loop did")
		time.Sleep(time.Hour)
		synctest.Wait()

		assert.Equal(t, []int64{100, 101, 102, 200, 201}, ids)
		slices.Sort(afterBreak)
		assert.Equal(t, []int{1, 2, 3, 4, 5}, afterBreak, "the first page, then 4 at once")
		assert.Len(t, s.requests(), 5, "nothing fetched after the break")
		assert.Equal(t, int32(3), canceled.Load())
	})
}

func TestIteratorRangedTwiceStartsAgain(t *testing.T) {
	p := &pager{pages: 3, perPage: 2}
	for _, tc := range iterCases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newTestServer(t, p.handle)
			items := tc.all(c, t.Context(), 2)
			first, errs1 := collectIDs(items)
			second, errs2 := collectIDs(items)
			assert.Empty(t, append(errs1, errs2...))
			assert.Equal(t, p.wantIDs(2, 3), first)
			assert.Equal(t, first, second)
			assert.Equal(t, []int{2, 3, 2, 3}, pagesRequested(t, s.requests()))
		})
	}
}

func TestIteratorErrorYieldedOnceEndsTheLoop(t *testing.T) {
	tests := []struct {
		name     string
		failPage int
		prefetch int
		wantIDs  []int64
		pages    func(got []int) bool // which pages may have been requested
	}{
		{"first page", 1, 1, nil, func(got []int) bool { return slices.Equal(got, []int{1}) }},
		{"third page", 3, 1, (&pager{perPage: 2}).wantIDs(1, 2), func(got []int) bool { return slices.Equal(got, []int{1, 2, 3}) }},
		{"third page, prefetch 4", 3, 4, (&pager{perPage: 2}).wantIDs(1, 2), func(got []int) bool {
			// 1 to 3, and maybe some of 4 to 6 (up to 4 pages are fetched
			// at once) if they were sent before the walk ended.
			slices.Sort(got)
			return len(got) >= 3 && slices.Equal(got[:3], []int{1, 2, 3}) && len(slices.Compact(got)) == len(got) && got[len(got)-1] <= 6
		}},
	}
	for _, tt := range tests {
		for _, tc := range iterCases {
			t.Run(tt.name+"/"+tc.name, func(t *testing.T) {
				p := &pager{pages: 6, perPage: 2, before: func(w http.ResponseWriter, r *http.Request, page int) bool {
					if page == tt.failPage {
						injected(http.StatusNotFound)(w, r)
						return true
					}
					return false
				}}
				s, c := newTestServer(t, p.handle, WithPrefetch(tt.prefetch))
				var ids []int64
				var errs []error
				yieldsAfterError := 0
				for id, err := range tc.all(c, t.Context(), 0) {
					if len(errs) > 0 {
						yieldsAfterError++
					}
					if err != nil {
						assert.Zero(t, id, "an error comes with the zero item")
						errs = append(errs, err)
						continue
					}
					ids = append(ids, id)
				}
				assert.Equal(t, tt.wantIDs, ids)
				require.Len(t, errs, 1, "the error is yielded once")
				assert.ErrorIs(t, errs[0], ErrNotFound)
				assert.Zero(t, yieldsAfterError, "nothing after the error")
				got := pagesRequested(t, s.requests())
				assert.True(t, tt.pages(got), "pages requested: %v", got)
			})
		}
	}
}

func TestIteratorRidesOnRetries(t *testing.T) {
	var failed sync.Map
	p := &pager{pages: 4, perPage: 2, before: func(w http.ResponseWriter, r *http.Request, page int) bool {
		if _, again := failed.LoadOrStore(page, true); !again && page%2 == 0 {
			injected(http.StatusServiceUnavailable)(w, r)
			return true
		}
		return false
	}}
	s, c := newTestServer(t, p.handle, WithPrefetch(2))
	ids, errs := collectIDs(iterCases[1].all(c, t.Context(), 0))
	assert.Empty(t, errs, "pages 2 and 4 answered 503 once and were retried")
	assert.Equal(t, p.wantIDs(1, 4), ids)
	assert.Len(t, s.requests(), 6)
}

func TestIteratorCanceledByTheCaller(t *testing.T) {
	p := &pager{pages: 5, perPage: 2}
	s, c := newTestServer(t, p.handle)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var ids []int64
	var errs []error
	for id, err := range iterCases[4].all(c, ctx, 0) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, id)
		if id == 201 {
			cancel()
		}
	}
	assert.Equal(t, p.wantIDs(1, 2), ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, []int{1, 2}, pagesRequested(t, s.requests()))
}

// TestIteratorPrefetchKeepsPageOrder runs in a bubble: page p takes 13-p
// seconds, so later pages are answered first; items still come in page order,
// with up to 4 fetches at once.
func TestIteratorPrefetchKeepsPageOrder(t *testing.T) {
	var inflight, most atomic.Int32
	p := &pager{pages: 12, perPage: 3, before: func(w http.ResponseWriter, r *http.Request, page int) bool {
		n := inflight.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(time.Duration(13-page) * time.Second)
		inflight.Add(-1)
		return false
	}}
	s, _ := newTestServer(t, p.handle)
	for _, tc := range iterCases {
		t.Run(tc.name, func(t *testing.T) {
			most.Store(0)
			synctest.Test(t, func(t *testing.T) {
				c, _ := inProcess(t, s, WithPrefetch(4))
				ids, errs := collectIDs(tc.all(c, t.Context(), 0))
				assert.Empty(t, errs)
				assert.Equal(t, p.wantIDs(1, 12), ids)
				assert.Equal(t, int32(4), most.Load(), "4 pages fetched at once, never more")
			})
		})
	}
}

// TestIteratorPrefetchRespectsTheRateLimit: fetching ahead goes through the
// client's pacing, so 4-way prefetch under WithRateLimit sends no faster
// than the limit allows.
func TestIteratorPrefetchRespectsTheRateLimit(t *testing.T) {
	p := &pager{pages: 10, perPage: 2}
	st := &stamps{}
	s, _ := newTestServer(t, st.wrap(p.handle))
	synctest.Test(t, func(t *testing.T) {
		st.start = time.Now()
		c, _ := inProcess(t, s, WithPrefetch(4), WithRateLimit(60))

		ids, errs := collectIDs(itemIDs(c.AllConversationsDrilldown(t.Context(), ConversationsDrilldownParams{}), conversationID))

		assert.Empty(t, errs)
		assert.Equal(t, p.wantIDs(1, 10), ids, "still in page order")
		interval := time.Minute * 100 / (97 * 60) // 60 a minute, paced at 97%
		gaps := st.gaps()
		require.Len(t, gaps, 9)
		for i, g := range gaps {
			assert.GreaterOrEqual(t, g, interval-time.Millisecond, "request %d came %v after the one before", i+2, g)
		}
	})
}

// TestIteratorsAskOneRangeWhileTheClockMoves: with defaulted dates, every page
// of a walk asks for the same range (and previous range), although the
// clock moves on between pages and passes midnight: the defaults are
// resolved once, when the walk starts. Also with prefetch.
func TestIteratorsAskOneRangeWhileTheClockMoves(t *testing.T) {
	p := &pager{pages: 6, perPage: 2}
	dateKeys := []string{"start", "end", "previousStart", "previousEnd"}
	for _, tc := range iterCases {
		for _, prefetch := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/prefetch %d", tc.name, prefetch), func(t *testing.T) {
				var reads atomic.Int64
				clock := func() time.Time { // 23:10, 23:47, 00:24, ...: each read 37 minutes on
					return time.Date(2026, 11, 26, 22, 33, 0, 0, time.UTC).Add(time.Duration(reads.Add(1)) * 37 * time.Minute)
				}
				s, c := newTestServer(t, p.handle, WithPrefetch(prefetch), WithClock(clock))

				ids, errs := collectIDs(tc.all(c, t.Context(), 0))

				require.Empty(t, errs)
				assert.Equal(t, p.wantIDs(1, 6), ids)
				reqs := s.requests()
				require.Len(t, reqs, 6)
				first := reqs[0].Query
				assert.Equal(t, "2026-11-19T00:00:00Z", first.Get("start"), "UTC midnight 7 days before the walk started")
				assert.Equal(t, "2026-11-26T23:10:00Z", first.Get("end"), "the clock when the walk started")
				for _, r := range reqs[1:] {
					for _, k := range dateKeys {
						assert.Equal(t, first.Get(k), r.Query.Get(k), "page %s: %s", r.Query.Get("page"), k)
					}
				}

				// A new walk reads the clock again.
				_, errs = collectIDs(tc.all(c, t.Context(), 0))
				require.Empty(t, errs)
				again := s.requests()[6].Query
				assert.NotEqual(t, first.Get("end"), again.Get("end"), "each walk starts from the clock")
			})
		}
	}
}

// pageCases are the eight AllXPages methods: each yields the pages' Page,
// Pages, Count and number of results.
var pageCases = []struct {
	name  string
	pages func(c *Client, ctx context.Context) iter.Seq2[[4]int, error]
}{
	{"AllCompanyDrilldownPages", func(c *Client, ctx context.Context) iter.Seq2[[4]int, error] {
		return pageTotals(c.AllCompanyDrilldownPages(ctx, CompanyDrilldownParams{Range: RangeReplies}))
	}},
	{"AllConversationsDrilldownPages", func(c *Client, ctx context.Context) iter.Seq2[[4]int, error] {
		return pageTotals(c.AllConversationsDrilldownPages(ctx, ConversationsDrilldownParams{}))
	}},
	{"AllConversationsDrilldownByFieldPages", func(c *Client, ctx context.Context) iter.Seq2[[4]int, error] {
		return pageTotals(c.AllConversationsDrilldownByFieldPages(ctx, ConversationsDrilldownByFieldParams{FieldID: 7}))
	}},
	{"AllConversationsNewConversationsDrilldownPages", func(c *Client, ctx context.Context) iter.Seq2[[4]int, error] {
		return pageTotals(c.AllConversationsNewConversationsDrilldownPages(ctx, ConversationsNewConversationsDrilldownParams{}))
	}},
	{"AllHappinessRatingsPages", func(c *Client, ctx context.Context) iter.Seq2[[4]int, error] {
		return pageTotals(c.AllHappinessRatingsPages(ctx, HappinessRatingsParams{}))
	}},
	{"AllUserConversationHistoryPages", func(c *Client, ctx context.Context) iter.Seq2[[4]int, error] {
		return pageTotals(c.AllUserConversationHistoryPages(ctx, UserConversationHistoryParams{User: 4}))
	}},
	{"AllUserDrilldownPages", func(c *Client, ctx context.Context) iter.Seq2[[4]int, error] {
		return pageTotals(c.AllUserDrilldownPages(ctx, UserDrilldownParams{User: 4}))
	}},
	{"AllUserHappinessDrilldownPages", func(c *Client, ctx context.Context) iter.Seq2[[4]int, error] {
		return pageTotals(c.AllUserHappinessDrilldownPages(ctx, UserHappinessDrilldownParams{User: 4}))
	}},
}

func pageTotals[T any](seq iter.Seq2[*Paged[T], error]) iter.Seq2[[4]int, error] {
	return func(yield func([4]int, error) bool) {
		for p, err := range seq {
			var v [4]int
			if p != nil {
				v = [4]int{p.Page, p.Pages, p.Count, len(p.Results)}
			}
			if !yield(v, err) {
				return
			}
		}
	}
}

// TestPageIteratorsGiveTotals: the page iterators yield every page with the
// totals a progress display needs, without another request.
func TestPageIteratorsGiveTotals(t *testing.T) {
	p := &pager{pages: 4, perPage: 3}
	for _, tc := range pageCases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newTestServer(t, p.handle, WithPrefetch(2))
			var got [][4]int
			for v, err := range tc.pages(c, t.Context()) {
				require.NoError(t, err)
				got = append(got, v)
			}
			assert.Equal(t, [][4]int{{1, 4, 12, 3}, {2, 4, 12, 3}, {3, 4, 12, 3}, {4, 4, 12, 3}}, got)
			assert.Len(t, s.requests(), 4, "one request a page, none for the totals")
		})
	}
}

// TestPageIteratorErrorEndsTheWalk: an error is yielded once, with a nil
// page, and nothing comes after it.
func TestPageIteratorErrorEndsTheWalk(t *testing.T) {
	p := &pager{pages: 4, perPage: 3, before: func(w http.ResponseWriter, r *http.Request, page int) bool {
		if page == 3 {
			injected(http.StatusBadRequest)(w, r)
			return true
		}
		return false
	}}
	_, c := newTestServer(t, p.handle)
	var pages []int
	var errs []error
	for pg, err := range c.AllConversationsDrilldownPages(t.Context(), ConversationsDrilldownParams{}) {
		if err != nil {
			assert.Nil(t, pg)
			errs = append(errs, err)
			continue
		}
		pages = append(pages, pg.Page)
	}
	assert.Equal(t, []int{1, 2}, pages)
	require.Len(t, errs, 1)
	assert.ErrorContains(t, errs[0], "reports: GET /v2/reports/conversations/drilldown: 400 Bad Request")
}

// TestWalkFollowsThePageCountAsItMoves: the data behind a walk changes while
// it runs. When the count grows (3 pages, then 5 from page 3 on) the walk
// follows the latest answer to the new last page; when it shrinks (3, then
// 2) it ends at the new last page and never yields a page labelled past the
// last ("page 3 of 2"). With and without prefetch, items and pages alike.
func TestWalkFollowsThePageCountAsItMoves(t *testing.T) {
	tests := []struct {
		name      string
		pagesAt   func(page int) int
		wantPages [][2]int // page, pages as yielded
	}{
		{"grows", func(page int) int { return map[bool]int{true: 3, false: 5}[page < 3] },
			[][2]int{{1, 3}, {2, 3}, {3, 5}, {4, 5}, {5, 5}}},
		{"shrinks", func(page int) int { return map[bool]int{true: 3, false: 2}[page < 2] },
			[][2]int{{1, 3}, {2, 2}}},
		{"shrinks under the prefetched pages", func(page int) int { return map[bool]int{true: 6, false: 2}[page < 2] },
			[][2]int{{1, 6}, {2, 2}}},
	}
	for _, tt := range tests {
		for _, prefetch := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/prefetch %d", tt.name, prefetch), func(t *testing.T) {
				p := &pager{perPage: 2, pagesAt: tt.pagesAt}
				_, c := newTestServer(t, p.handle, WithPrefetch(prefetch))

				var got [][2]int
				for pg, err := range c.AllConversationsDrilldownPages(t.Context(), ConversationsDrilldownParams{}) {
					require.NoError(t, err)
					got = append(got, [2]int{pg.Page, pg.Pages})
					assert.LessOrEqual(t, pg.Page, pg.Pages, "no page is labelled past the last")
				}
				assert.Equal(t, tt.wantPages, got)

				last := tt.wantPages[len(tt.wantPages)-1][0]
				ids, errs := collectIDs(iterCases[1].all(c, t.Context(), 0))
				assert.Empty(t, errs)
				assert.Equal(t, p.wantIDs(1, last), ids, "every item the data holds, none twice")
			})
		}
	}
}

// TestPrefetchingWalkSharesThePacerFairly: a walk fetching 8 pages ahead
// and a goroutine making one call after another share WithRateLimit(60) for
// a minute. A walk is one caller, however many pages it waits for: the two
// take turns, so each gets half of the requests (before, each waiting page
// was a turn of its own, and the walk got 8 requests to the goroutine's 1).
func TestPrefetchingWalkSharesThePacerFairly(t *testing.T) {
	p := &pager{pages: 1000, perPage: 1}
	checkTakesTurns(t, p.handle, "/v2/reports/conversations/drilldown", func(ctx context.Context, c *Client) {
		for _, err := range c.AllConversationsDrilldown(ctx, ConversationsDrilldownParams{}) {
			if err != nil {
				return
			}
		}
	})
}

// checkTakesTurns runs busy (a walk or a series with up to 8 calls in
// flight, asking busyPath) and a goroutine making one call after another
// (GetHappinessRatings) on one client under WithRateLimit(60), with
// WithPrefetch(8), for a minute of a bubble's clock, the server answering
// with handle, and checks that the two take turns: 59 requests in all, half
// each.
func checkTakesTurns(t *testing.T, handle http.HandlerFunc, busyPath string, busy func(ctx context.Context, c *Client)) {
	t.Helper()
	var mu sync.Mutex
	count := map[string]int{}
	s, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		count[r.URL.Path]++
		mu.Unlock()
		handle(w, r)
	})
	synctest.Test(t, func(t *testing.T) {
		c, _ := inProcess(t, s, WithRateLimit(60), WithPrefetch(8))
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Minute, cancel)
		var wg sync.WaitGroup
		wg.Go(func() { busy(ctx, c) })
		wg.Go(func() {
			for ctx.Err() == nil {
				_, _ = c.GetHappinessRatings(ctx, HappinessRatingsParams{})
			}
		})
		wg.Wait()

		mu.Lock()
		defer mu.Unlock()
		n, plain := count[busyPath], count["/v2/reports/happiness/ratings"]
		t.Logf("in a minute: %s %d requests, plain goroutine %d", busyPath, n, plain)
		assert.Equal(t, 59, n+plain, "the limiter's pace: 58.2 a minute, the first at once")
		assert.InDelta(t, n, plain, 1, "%d to %d: one turn each", n, plain)
	})
}
