package reports_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seriesCase runs Series over one report method of a client, and the same
// report once per bucket by hand, for comparison.
type seriesCase struct {
	name   string
	series func(ctx context.Context, c *reports.Client, buckets []reports.Dates) ([]reports.Dates, []any, error)
	direct func(ctx context.Context, c *reports.Client, b reports.Dates) (any, error)
}

// sc builds a case from a method expression: Series gets the method value
// c.GetX, as a user writes it.
func sc[P any, PP reports.RangedParams[P], R any](name string, m func(*reports.Client, context.Context, P) (*R, error), p P) seriesCase {
	return seriesCase{
		name: name,
		series: func(ctx context.Context, c *reports.Client, buckets []reports.Dates) ([]reports.Dates, []any, error) {
			var dates []reports.Dates
			var results []any
			get := func(ctx context.Context, p P) (*R, error) { return m(c, ctx, p) }
			for b, err := range reports.Series[P, PP](ctx, c, get, p, buckets) {
				if err != nil {
					return append(dates, b.Dates), results, err
				}
				dates, results = append(dates, b.Dates), append(results, b.Result)
			}
			return dates, results, nil
		},
		direct: func(ctx context.Context, c *reports.Client, b reports.Dates) (any, error) {
			q := p
			reflect.ValueOf(&q).Elem().FieldByName("Dates").Set(reflect.ValueOf(b))
			return m(c, ctx, q)
		},
	}
}

// everySeries lists every report method (TestSeriesOneLine shows the
// one-line call on each kind).
var everySeries = []seriesCase{
	sc("GetCompany", (*reports.Client).GetCompany, reports.CompanyParams{}),
	sc("GetCompanyCustomersHelped", (*reports.Client).GetCompanyCustomersHelped, reports.CompanyCustomersHelpedParams{}),
	sc("GetCompanyDrilldown", (*reports.Client).GetCompanyDrilldown, reports.CompanyDrilldownParams{}),
	sc("GetConversations", (*reports.Client).GetConversations, reports.ConversationsParams{}),
	sc("GetConversationsNewConversations", (*reports.Client).GetConversationsNewConversations, reports.ConversationsNewConversationsParams{}),
	sc("GetConversationsChannelVolumes", (*reports.Client).GetConversationsChannelVolumes, reports.ConversationsChannelVolumesParams{}),
	sc("GetConversationsBusiestTimes", (*reports.Client).GetConversationsBusiestTimes, reports.ConversationsBusiestTimesParams{}),
	sc("GetConversationsDrilldown", (*reports.Client).GetConversationsDrilldown, reports.ConversationsDrilldownParams{}),
	sc("GetConversationsDrilldownByField", (*reports.Client).GetConversationsDrilldownByField, reports.ConversationsDrilldownByFieldParams{Field: reports.FieldTagID, FieldID: 1}),
	sc("GetConversationsNewConversationsDrilldown", (*reports.Client).GetConversationsNewConversationsDrilldown, reports.ConversationsNewConversationsDrilldownParams{}),
	sc("GetConversationsReceivedMessageStats", (*reports.Client).GetConversationsReceivedMessageStats, reports.ConversationsReceivedMessageStatsParams{}),
	sc("GetDocs", (*reports.Client).GetDocs, reports.DocsParams{}),
	sc("GetHappiness", (*reports.Client).GetHappiness, reports.HappinessParams{}),
	sc("GetHappinessRatings", (*reports.Client).GetHappinessRatings, reports.HappinessRatingsParams{}),
	sc("GetProductivity", (*reports.Client).GetProductivity, reports.ProductivityParams{}),
	sc("GetProductivityFirstResponseTime", (*reports.Client).GetProductivityFirstResponseTime, reports.ProductivityFirstResponseTimeParams{}),
	sc("GetProductivityRepliesSent", (*reports.Client).GetProductivityRepliesSent, reports.ProductivityRepliesSentParams{}),
	sc("GetProductivityResolutionTime", (*reports.Client).GetProductivityResolutionTime, reports.ProductivityResolutionTimeParams{}),
	sc("GetProductivityResolved", (*reports.Client).GetProductivityResolved, reports.ProductivityResolvedParams{}),
	sc("GetProductivityResponseTime", (*reports.Client).GetProductivityResponseTime, reports.ProductivityResponseTimeParams{}),
	sc("GetUser", (*reports.Client).GetUser, reports.UserParams{User: 100101}),
	sc("GetUserConversationHistory", (*reports.Client).GetUserConversationHistory, reports.UserConversationHistoryParams{User: 100101}),
	sc("GetUserCustomersHelped", (*reports.Client).GetUserCustomersHelped, reports.UserCustomersHelpedParams{User: 100101}),
	sc("GetUserDrilldown", (*reports.Client).GetUserDrilldown, reports.UserDrilldownParams{User: 100101}),
	sc("GetUserHappiness", (*reports.Client).GetUserHappiness, reports.UserHappinessParams{User: 100101}),
	sc("GetUserHappinessDrilldown", (*reports.Client).GetUserHappinessDrilldown, reports.UserHappinessDrilldownParams{User: 100101}),
	sc("GetUserReplies", (*reports.Client).GetUserReplies, reports.UserRepliesParams{User: 100101}),
	sc("GetUserResolutions", (*reports.Client).GetUserResolutions, reports.UserResolutionsParams{User: 100101}),
	sc("GetUserChat", (*reports.Client).GetUserChat, reports.UserChatParams{User: 100101}),
	sc("GetChat", (*reports.Client).GetChat, reports.ChatParams{}),
	sc("GetEmail", (*reports.Client).GetEmail, reports.EmailParams{}),
	sc("GetPhone", (*reports.Client).GetPhone, reports.PhoneParams{}),
}

// reportRequests are the report requests of srv's log (not the token's).
func reportRequests(srv *reportstest.Server) []reportstest.Request {
	var out []reportstest.Request
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v2/reports/") {
			out = append(out, r)
		}
	}
	return out
}

// TestSeriesEveryReport: Series over every report of reportstest, 4 daily
// buckets with prefetch 3: the buckets come back in order, each with its
// range, and each result is the report a call over that bucket gives; one
// request per bucket, with the bucket's start and end.
func TestSeriesEveryReport(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	c := srv.Client(reports.WithPrefetch(3))
	ctx := t.Context()
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	buckets := reports.LastDays(c.Now().In(berlin), 4).Split(reports.ViewByDay)
	require.Len(t, buckets, 4)
	var wantStarts []string
	for _, b := range buckets {
		wantStarts = append(wantStarts, b.Start.UTC().Format(time.RFC3339)+" "+b.End.UTC().Format(time.RFC3339))
	}
	require.Len(t, everySeries, 32)
	for _, tc := range everySeries {
		t.Run(tc.name, func(t *testing.T) {
			srv.ClearRequests()
			dates, results, err := tc.series(ctx, c, buckets)
			require.NoError(t, err)
			assert.Equal(t, buckets, dates, "in bucket order, each item with its bucket")
			var got []string
			for _, r := range reportRequests(srv) {
				got = append(got, r.Query.Get("start")+" "+r.Query.Get("end"))
			}
			slices.Sort(got)
			assert.Equal(t, wantStarts, got, "one request per bucket, with its range")
			for i, b := range buckets {
				want, err := tc.direct(ctx, c, b)
				require.NoError(t, err)
				assert.Equal(t, want, results[i], "bucket %d is the report over it", i)
			}
		})
	}
}

// TestSeriesPreviousDates: with a previous range set in the params, each
// bucket is compared with its own previous range; without, none is sent.
func TestSeriesPreviousDates(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	c := srv.Client()
	buckets := reports.LastWeeks(c.Now(), 2).Split(reports.ViewByWeek)
	require.Len(t, buckets, 2)

	week := reports.Week(c.Now())
	for b, err := range reports.Series(t.Context(), c, c.GetCompany, reports.CompanyParams{Dates: week, PreviousDates: week.Previous()}, buckets) {
		require.NoError(t, err)
		require.NotNil(t, b.Result.Previous, "compared")
	}
	reqs := reportRequests(srv)
	require.Len(t, reqs, 2)
	for i, r := range reqs {
		prev := buckets[i].Previous()
		assert.Equal(t, prev.PreviousStart.UTC().Format(time.RFC3339), r.Query.Get("previousStart"))
		assert.Equal(t, prev.PreviousEnd.UTC().Format(time.RFC3339), r.Query.Get("previousEnd"))
		assert.Equal(t, buckets[i].Start.UTC().Format(time.RFC3339), r.Query.Get("start"), "the params' own Dates are replaced")
	}

	srv.ClearRequests()
	for b, err := range reports.Series(t.Context(), c, c.GetCompany, reports.CompanyParams{}, buckets) {
		require.NoError(t, err)
		assert.Nil(t, b.Result.Previous)
	}
	for _, r := range reportRequests(srv) {
		assert.False(t, r.Query.Has("previousStart"), "no previous range: none sent, not the default one")
	}
}

// TestSeriesBadInput: a bucket that is not a range, a nil client and a nil
// method are errors before any request, yielded once.
func TestSeriesBadInput(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	c := srv.Client()
	day := reports.Day(c.Now())
	for _, buckets := range [][]reports.Dates{
		{day, {Start: day.End, End: day.Start}},
		{{}, day},
		{day, {Start: day.End}},
	} {
		n := 0
		for b, err := range reports.Series(t.Context(), c, c.GetCompany, reports.CompanyParams{}, buckets) {
			n++
			require.ErrorIs(t, err, reports.ErrInvalidParams)
			assert.Contains(t, err.Error(), "buckets[")
			assert.Nil(t, b.Result)
		}
		assert.Equal(t, 1, n, "one error")
	}
	assert.Empty(t, reportRequests(srv), "nothing sent")

	// The bucket's times are said in UTC, as the Z says (issue 26 item 7):
	// Berlin's 2026-11-26 is 2026-11-25T23:00:00Z to 2026-11-26T23:00:00Z.
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	local := reports.Day(time.Date(2026, 11, 26, 12, 0, 0, 0, berlin))
	for _, err := range reports.Series(t.Context(), c, c.GetCompany, reports.CompanyParams{}, []reports.Dates{{Start: local.End, End: local.Start}}) {
		require.ErrorIs(t, err, reports.ErrInvalidParams)
		assert.Contains(t, err.Error(), "(start 2026-11-26T23:00:00Z, end 2026-11-25T23:00:00Z)")
	}

	var errs []error
	for _, err := range reports.Series[reports.CompanyParams](t.Context(), nil, c.GetCompany, reports.CompanyParams{}, []reports.Dates{day}) {
		errs = append(errs, err)
	}
	for _, err := range reports.Series[reports.CompanyParams, *reports.CompanyParams, reports.CompanyResult](t.Context(), c, nil, reports.CompanyParams{}, []reports.Dates{day}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 2, "one error each")
	for _, err := range errs {
		assert.ErrorContains(t, err, "reports: Series: nil client or report method")
	}
	for range reports.Series(t.Context(), c, c.GetCompany, reports.CompanyParams{}, nil) {
		t.Error("no buckets, no items")
	}
}

// BenchmarkSeriesRateLimited runs a series of 90 daily company buckets
// with prefetch 4 against reportstest limited to 20 calls a second (a
// minute's window scaled down, as BenchmarkRateLimitUtilisation does) and
// the client told that limit. It reports the throughput as a share of the
// limit (util_%) and the 429s the server answered. About 5 s a run: use
// -benchtime 1x.
func BenchmarkSeriesRateLimited(b *testing.B) {
	const limit, days = 20, 90
	var util, throttled float64
	runs := 0
	for b.Loop() {
		srv := reportstest.NewServer(reportstest.WithRateLimit(limit, time.Second))
		c := srv.Client(reports.WithRateLimit(limit*60), reports.WithPrefetch(4))
		_, err := c.Token(b.Context())
		require.NoError(b, err)
		buckets := reports.LastDays(c.Now(), days).Split(reports.ViewByDay)
		start := time.Now()
		n := 0
		for _, err := range reports.Series(b.Context(), c, c.GetCompany, reports.CompanyParams{}, buckets) {
			require.NoError(b, err)
			n++
		}
		took := time.Since(start)
		require.Equal(b, days, n)
		// n calls take n-1 intervals of the pacer; the first goes at once.
		util += float64(n-1) / took.Seconds() / limit * 100
		throttled += float64(srv.Throttled())
		runs++
		srv.Close()
	}
	b.ReportMetric(util/float64(runs), "util_%")
	b.ReportMetric(throttled/float64(runs), "server_429s")
}

// BenchmarkSeriesLatency runs a series of 90 daily company buckets against
// reportstest answering after 20 ms, with no rate limit: one call at a time
// (the default) and four at a time.
func BenchmarkSeriesLatency(b *testing.B) {
	const days = 90
	for _, prefetch := range []int{1, 4} {
		b.Run(fmt.Sprintf("prefetch=%d", prefetch), func(b *testing.B) {
			srv := reportstest.NewServer(reportstest.WithLatency(20 * time.Millisecond))
			defer srv.Close()
			c := srv.Client(reports.WithPrefetch(prefetch))
			buckets := reports.LastDays(c.Now(), days).Split(reports.ViewByDay)
			for b.Loop() {
				n := 0
				for _, err := range reports.Series(b.Context(), c, c.GetCompany, reports.CompanyParams{}, buckets) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != days {
					b.Fatalf("%d buckets, want %d", n, days)
				}
			}
		})
	}
}
