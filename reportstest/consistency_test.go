package reportstest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sumOf adds up f over the points.
func sumOf[P any](points []P, f func(P) float64) float64 {
	total := 0.0
	for _, p := range points {
		total += f(p)
	}
	return total
}

// collect walks an iterator to the end.
func collect[T any](t *testing.T, seq func(yield func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for item, err := range seq {
		require.NoError(t, err)
		out = append(out, item)
	}
	return out
}

// TestNumbersAddUp checks that the reports of one range agree with each
// other, as the package documentation promises.
func TestNumbersAddUp(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	k := newKit(srv)
	d := k.dates
	ts := reports.TimeSeriesParams{Dates: d, ViewBy: reports.ViewByDay}

	conv, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: d})
	require.NoError(t, err)
	total := conv.Current.TotalConversations
	require.Greater(t, total, 100.0)
	assert.Equal(t, total, conv.Current.NewConversations+conv.Current.ConversationsCreated)

	t.Run("conversations drilldown walks every conversation once", func(t *testing.T) {
		first, err := c.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{Dates: d})
		require.NoError(t, err)
		assert.Equal(t, int(total), first.Conversations.Count)
		assert.Equal(t, (first.Conversations.Count+24)/25, first.Conversations.Pages)
		all := collect(t, c.AllConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{Dates: d}))
		ids := map[int64]bool{}
		for _, cv := range all {
			ids[cv.ID] = true
		}
		assert.Len(t, ids, int(total))
	})

	t.Run("volume by channel and busy times sum to the total", func(t *testing.T) {
		vol, err := c.GetConversationsChannelVolumes(ctx, ts)
		require.NoError(t, err)
		assert.Equal(t, total, sumOf(vol.Current, func(p reports.ChannelVolumePoint) float64 { return p.Email + p.Chat + p.Phone }))
		busy, err := c.GetConversationsBusiestTimes(ctx, reports.ConversationsBusiestTimesParams{Dates: d})
		require.NoError(t, err)
		assert.Len(t, busy.Times, 7*24)
		assert.Equal(t, total, sumOf(busy.Times, func(b reports.BusyTime) float64 { return b.Count }))
		chat, err := c.GetChat(ctx, reports.ChatParams{Dates: d})
		require.NoError(t, err)
		email, err := c.GetEmail(ctx, reports.EmailParams{Dates: d})
		require.NoError(t, err)
		phone, err := c.GetPhone(ctx, reports.PhoneParams{Dates: d})
		require.NoError(t, err)
		assert.Equal(t, total, chat.Current.Volume.ChatConversations+email.Current.Volume.EmailConversations+phone.Current.PhoneConversations)
		assert.Equal(t, sumOf(vol.Current, func(p reports.ChannelVolumePoint) float64 { return p.Chat }), chat.Current.Volume.ChatConversations)
	})

	t.Run("new conversations: series, overall and drilldown", func(t *testing.T) {
		series, err := c.GetConversationsNewConversations(ctx, ts)
		require.NoError(t, err)
		assert.Equal(t, conv.Current.NewConversations, sumOf(series.Current, func(p reports.NewConversationsPoint) float64 { return p.Count }))
		drill, err := c.GetConversationsNewConversationsDrilldown(ctx, reports.ConversationsNewConversationsDrilldownParams{Dates: d})
		require.NoError(t, err)
		assert.Equal(t, int(conv.Current.NewConversations), drill.Conversations.Count)
	})

	company, err := c.GetCompany(ctx, reports.CompanyParams{Dates: d})
	require.NoError(t, err)
	prod, err := c.GetProductivity(ctx, reports.ProductivityParams{Dates: d})
	require.NoError(t, err)
	pts := reports.ProductivityTimeSeriesParams{Dates: d, ViewBy: reports.ViewByWeek}

	t.Run("replies: company, users, productivity and series", func(t *testing.T) {
		assert.Positive(t, company.Current.TotalReplies)
		assert.Equal(t, company.Current.TotalReplies, prod.Current.RepliesSent)
		assert.Equal(t, company.Current.TotalReplies, sumOf(company.Users, func(u reports.CompanyUser) float64 { return u.Replies }))
		replies, err := c.GetProductivityRepliesSent(ctx, pts)
		require.NoError(t, err)
		assert.Equal(t, prod.Current.RepliesSent, sumOf(replies.Current, func(p reports.RepliesPoint) float64 { return p.Replies }))
		assert.Equal(t, company.Current.Closed, prod.Current.Closed)
	})

	t.Run("resolved: productivity, series and company drilldown", func(t *testing.T) {
		resolved, err := c.GetProductivityResolved(ctx, pts)
		require.NoError(t, err)
		assert.Equal(t, prod.Current.Resolved, sumOf(resolved.Current, func(p reports.ResolvedPoint) float64 { return p.Resolved }))
		for rng, want := range map[reports.DrilldownRange]float64{reports.RangeResolved: prod.Current.Resolved, reports.RangeFirstReplyResolved: prod.Current.ResolvedOnFirstReply} {
			drill, err := c.GetCompanyDrilldown(ctx, reports.CompanyDrilldownParams{Dates: d, Range: rng})
			require.NoError(t, err)
			assert.Equal(t, int(want), drill.Conversations.Count, rng)
		}
	})

	t.Run("histogram buckets match the company drilldown", func(t *testing.T) {
		for rng, buckets := range map[reports.DrilldownRange]*reports.RangeBuckets{
			reports.RangeResponseTime:      prod.ResponseTime,
			reports.RangeFirstResponseTime: prod.FirstResponseTime,
			reports.RangeHandleTime:        prod.HandleTime,
		} {
			require.NotNil(t, buckets, rng)
			assert.Equal(t, buckets.Count, sumOf(buckets.Ranges, func(b reports.RangeBucket) float64 { return b.Count }), rng)
			for _, b := range buckets.Ranges {
				drill, err := c.GetCompanyDrilldown(ctx, reports.CompanyDrilldownParams{Dates: d, Range: rng, RangeID: b.ID})
				require.NoError(t, err)
				assert.Equal(t, int(b.Count), drill.Conversations.Count, "%s bucket %d", rng, b.ID)
			}
		}
		assert.Equal(t, prod.Current.Resolved, prod.RepliesToResolve.Count)
	})

	t.Run("happiness counts are the ratings", func(t *testing.T) {
		happy, err := c.GetHappiness(ctx, reports.HappinessParams{Dates: d})
		require.NoError(t, err)
		require.Positive(t, happy.Current.RatingsCount)
		assert.Equal(t, happy.Current.RatingsCount, happy.Current.GreatCount+happy.Current.OkayCount+happy.Current.NotGoodCount)
		for filter, want := range map[reports.RatingFilter]float64{
			"":                          happy.Current.RatingsCount,
			reports.RatingFilterGreat:   happy.Current.GreatCount,
			reports.RatingFilterOK:      happy.Current.OkayCount,
			reports.RatingFilterNotGood: happy.Current.NotGoodCount,
		} {
			ratings := collect(t, c.AllHappinessRatings(ctx, reports.HappinessRatingsParams{Dates: d, Rating: filter}))
			assert.Len(t, ratings, int(want), filter)
		}
	})

	t.Run("a team sums its members", func(t *testing.T) {
		team := srv.Catalog().Teams[0]
		teamReport, err := c.GetUser(ctx, reports.UserParams{User: team.ID, Dates: d})
		require.NoError(t, err)
		assert.Equal(t, team.Name, teamReport.User.Name)
		var replies float64
		for _, m := range team.Members {
			u, err := c.GetUser(ctx, reports.UserParams{User: m, Dates: d})
			require.NoError(t, err)
			replies += u.Current.TotalReplies
		}
		assert.Positive(t, replies)
		assert.Equal(t, replies, teamReport.Current.TotalReplies)
	})
}

// TestUserReportsAgree checks one user's reports against each other.
func TestUserReportsAgree(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	k := newKit(srv)
	user := k.user

	overall, err := c.GetUser(ctx, reports.UserParams{User: user, Dates: k.dates})
	require.NoError(t, err)
	assert.Equal(t, user, overall.User.ID)
	assert.Equal(t, "Maya Patel", overall.User.Name)
	require.Positive(t, overall.Current.TotalConversations)

	drill, err := c.GetUserDrilldown(ctx, reports.UserDrilldownParams{User: user, Dates: k.dates})
	require.NoError(t, err)
	assert.Equal(t, int(overall.Current.TotalConversations), drill.Conversations.Count)
	for _, cv := range drill.Conversations.Results {
		assert.Nil(t, cv.CustomerEmail, "the user drilldown has no customer e-mail")
		assert.Equal(t, cv.Status != reports.StatusClosed, cv.WaitingSince != nil)
	}

	history := collect(t, c.AllUserConversationHistory(ctx, reports.UserConversationHistoryParams{User: user, Dates: k.dates}))
	assert.Len(t, history, drill.Conversations.Count)
	assert.Equal(t, overall.Current.TotalReplies, sumOf(history, func(h reports.HistoryConversation) float64 { return h.RepliesSent }))

	replies, err := c.GetUserReplies(ctx, reports.UserRepliesParams{User: user, Dates: k.dates})
	require.NoError(t, err)
	assert.Equal(t, overall.Current.TotalReplies, sumOf(replies.Current, func(p reports.RepliesPoint) float64 { return p.Replies }))
	resolutions, err := c.GetUserResolutions(ctx, reports.UserResolutionsParams{User: user, Dates: k.dates})
	require.NoError(t, err)
	assert.Equal(t, overall.Current.Resolved, sumOf(resolutions.Current, func(p reports.ResolvedPoint) float64 { return p.Resolved }))

	happy, err := c.GetUserHappiness(ctx, reports.UserHappinessParams{User: user, Dates: k.dates})
	require.NoError(t, err)
	ratings := collect(t, c.AllUserHappinessDrilldown(ctx, reports.UserHappinessDrilldownParams{User: user, Dates: k.dates}))
	assert.Len(t, ratings, int(happy.Current.RatingsCount))
	for _, r := range ratings {
		require.NotNil(t, r.RatingUserID)
		assert.Equal(t, user, *r.RatingUserID)
	}

	closed := collect(t, c.AllUserConversationHistory(ctx, reports.UserConversationHistoryParams{User: user, Dates: k.dates, Status: reports.StatusClosed}))
	assert.NotEmpty(t, closed)
	assert.Less(t, len(closed), len(history))

	_, err = c.GetUser(ctx, reports.UserParams{User: 42, Dates: k.dates})
	require.ErrorIs(t, err, reports.ErrNotFound)
	var apiErr *reports.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Len(t, apiErr.Errors, 1)
	assert.Equal(t, "user", apiErr.Errors[0].Path)
}

// TestTeamCountsEachCustomerOnce: a team's total of customers helped counts
// a customer its members share once.
func TestTeamCountsEachCustomerOnce(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	team := srv.Catalog().Teams[0]
	require.Greater(t, len(team.Members), 1)
	got, err := c.GetUser(ctx, reports.UserParams{User: team.ID})
	require.NoError(t, err)
	var sum, most float64
	for _, m := range team.Members {
		u, err := c.GetUser(ctx, reports.UserParams{User: m})
		require.NoError(t, err)
		sum += u.User.TotalCustomersHelped
		most = max(most, u.User.TotalCustomersHelped)
	}
	assert.Less(t, got.User.TotalCustomersHelped, sum, "shared customers counted once")
	assert.GreaterOrEqual(t, got.User.TotalCustomersHelped, most)
}

// TestFiltersNarrow checks that each filter selects a part of the
// conversations and that the parts of a partition add up to the whole.
func TestFiltersNarrow(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	d := newKit(srv).dates
	cat := srv.Catalog()
	count := func(f reports.Filters) float64 {
		t.Helper()
		r, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: d, Filters: f})
		require.NoError(t, err)
		return r.Current.TotalConversations
	}
	total := count(reports.Filters{})

	var byMailbox, byFolder, byType float64
	for _, m := range cat.Mailboxes {
		n := count(reports.Filters{Mailboxes: []int64{m.ID}})
		assert.Positive(t, n, m.Name)
		assert.Less(t, n, total, m.Name)
		byMailbox += n
	}
	for _, f := range cat.Folders {
		byFolder += count(reports.Filters{Folders: []int64{f.ID}})
	}
	for _, typ := range []reports.ConversationType{reports.ConversationTypeEmail, reports.ConversationTypeChat, reports.ConversationTypePhone} {
		byType += count(reports.Filters{Types: []reports.ConversationType{typ}})
	}
	assert.Equal(t, total, byMailbox)
	assert.Equal(t, total, byFolder)
	assert.Equal(t, total, byType)

	both := count(reports.Filters{Mailboxes: []int64{cat.Mailboxes[0].ID}, Types: []reports.ConversationType{reports.ConversationTypeChat}})
	assert.Less(t, both, count(reports.Filters{Types: []reports.ConversationType{reports.ConversationTypeChat}}), "filters combine")

	conv, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: d})
	require.NoError(t, err)
	require.NotNil(t, conv.Tags)
	for _, top := range conv.Tags.Top {
		assert.Equal(t, top.Count, count(reports.Filters{Tags: []int64{top.ID}}), "tag %d", top.ID)
		drill, err := c.GetConversationsDrilldownByField(ctx, reports.ConversationsDrilldownByFieldParams{Dates: d, Field: reports.FieldTagID, FieldID: top.ID})
		require.NoError(t, err)
		assert.Equal(t, int(top.Count), drill.Conversations.Count, "tag %d", top.ID)
	}
	customer := conv.Customers.Top[0]
	drill, err := c.GetConversationsDrilldownByField(ctx, reports.ConversationsDrilldownByFieldParams{Dates: d, FieldID: customer.ID})
	require.NoError(t, err)
	assert.Equal(t, int(customer.Count), drill.Conversations.Count)
	for _, cv := range drill.Conversations.Results {
		assert.Equal(t, customer.Name, cv.CustomerName)
	}

	tagged, err := c.GetCompany(ctx, reports.CompanyParams{Dates: d, Filters: reports.Filters{Tags: []int64{cat.Tags[1].ID}}})
	require.NoError(t, err)
	assert.Equal(t, []reports.FilterTag{{ID: cat.Tags[1].ID, Name: cat.Tags[1].Name}}, tagged.FilterTags)
}

// noPrevious are the routes that take a previous range but answer no
// previous section.
var noPrevious = map[string]bool{"/conversations/busy-times": true, "/happiness/ratings": true, "/user/ratings": true, "/user/conversation-history": true}

// TestPreviousOnlyWhenAsked checks that previous values and deltas appear
// exactly when a previous range is sent.
func TestPreviousOnlyWhenAsked(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	k := newKit(srv)
	for _, cl := range calls {
		t.Run(cl.name, func(t *testing.T) {
			res, err := cl.do(ctx, c, k, false) // explicit dates are not set: the SDK sends its default previous range
			require.NoError(t, err)
			b, err := json.Marshal(res)
			require.NoError(t, err)
			took := strings.Contains(srv.Requests()[len(srv.Requests())-1].Query.Encode(), "previousStart")
			assert.Equal(t, took && !noPrevious[cl.path], strings.Contains(string(b), `"previous":`), "%s", b)
		})
	}

	// With an explicit current range and no previous one, the SDK sends none.
	for name, get := range map[string]func() (any, error){
		"company":       func() (any, error) { return c.GetCompany(ctx, reports.CompanyParams{Dates: k.dates}) },
		"conversations": func() (any, error) { return c.GetConversations(ctx, reports.ConversationsParams{Dates: k.dates}) },
		"docs":          func() (any, error) { return c.GetDocs(ctx, reports.DocsParams{Dates: k.dates}) },
		"happiness":     func() (any, error) { return c.GetHappiness(ctx, reports.HappinessParams{Dates: k.dates}) },
		"productivity":  func() (any, error) { return c.GetProductivity(ctx, reports.ProductivityParams{Dates: k.dates}) },
		"user":          func() (any, error) { return c.GetUser(ctx, reports.UserParams{User: k.user, Dates: k.dates}) },
		"user chat":     func() (any, error) { return c.GetUserChat(ctx, reports.UserChatParams{User: k.user, Dates: k.dates}) },
		"chat":          func() (any, error) { return c.GetChat(ctx, reports.ChatParams{Dates: k.dates}) },
		"email":         func() (any, error) { return c.GetEmail(ctx, reports.EmailParams{Dates: k.dates}) },
		"phone":         func() (any, error) { return c.GetPhone(ctx, reports.PhoneParams{Dates: k.dates}) },
	} {
		res, err := get()
		require.NoError(t, err, name)
		b, err := json.Marshal(res)
		require.NoError(t, err, name)
		assert.NotContains(t, string(b), `"previous":`, name)
		assert.NotContains(t, string(b), `"deltas"`, name)
	}
	series, err := c.GetCompanyCustomersHelped(ctx, reports.CompanyCustomersHelpedParams{Dates: k.dates})
	require.NoError(t, err)
	assert.Nil(t, series.Previous)
	with, err := c.GetCompanyCustomersHelped(ctx, reports.CompanyCustomersHelpedParams{Dates: k.dates, PreviousDates: k.previous})
	require.NoError(t, err)
	assert.Len(t, with.Previous, len(with.Current))
}

// TestViewByBuckets checks the number and dates of time-series points.
func TestViewByBuckets(t *testing.T) {
	_, c := start(t)
	ctx := context.Background()
	end := reportstest.DefaultNow() // Thursday 2026-11-26
	for _, tc := range []struct {
		name   string
		start  time.Time
		viewBy reports.ViewBy
		first  time.Time
		points int
	}{
		{"days", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), reports.ViewByDay, time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC), 26},
		{"default is days", time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), "", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), 7},
		{"weeks from Monday", time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), reports.ViewByWeek, time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC), 4},
		{"months", time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), reports.ViewByMonth, time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC), 11},
		{"default for a year is weeks", end.AddDate(-1, 0, 0), "", time.Date(2025, 11, 24, 12, 0, 0, 0, time.UTC), 53},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.GetConversationsNewConversations(ctx, reports.ConversationsNewConversationsParams{Dates: reports.Dates{Start: tc.start, End: end}, ViewBy: tc.viewBy})
			require.NoError(t, err)
			require.Len(t, res.Current, tc.points)
			assert.Equal(t, tc.first, res.Current[0].Start)
			for i := 1; i < len(res.Current); i++ {
				assert.True(t, res.Current[i].Start.After(res.Current[i-1].Start))
			}
			whole, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: reports.Dates{Start: tc.start, End: end}})
			require.NoError(t, err)
			assert.Equal(t, whole.Current.NewConversations, sumOf(res.Current, func(p reports.NewConversationsPoint) float64 { return p.Count }))
		})
	}
}

// TestPaging checks count, pages and the rows of each page.
func TestPaging(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	d := newKit(srv).dates
	big, err := c.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{Dates: d, Paging: reports.Paging{Rows: 50}})
	require.NoError(t, err)
	n := big.Conversations.Count
	require.Greater(t, n, 50)
	assert.Len(t, big.Conversations.Results, 50)
	assert.Equal(t, (n+49)/50, big.Conversations.Pages)

	var walked []int64
	for p := 1; ; p++ {
		pg, err := c.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{Dates: d, Paging: reports.Paging{Page: p, Rows: 7}})
		require.NoError(t, err)
		assert.Equal(t, p, pg.Conversations.Page)
		assert.Equal(t, n, pg.Conversations.Count)
		assert.Equal(t, (n+6)/7, pg.Conversations.Pages)
		if p > pg.Conversations.Pages {
			assert.Empty(t, pg.Conversations.Results, "a page past the end is empty")
			break
		}
		for _, cv := range pg.Conversations.Results {
			walked = append(walked, cv.Number)
		}
	}
	require.Len(t, walked, n)
	for i := 1; i < len(walked); i++ {
		assert.Less(t, walked[i], walked[i-1], "newest first, no repeats")
	}
	for i, cv := range big.Conversations.Results {
		assert.Equal(t, walked[i], cv.Number)
	}
}

// TestRatingsFilterAndSort checks the rating filter and the sort orders.
func TestRatingsFilterAndSort(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	d := reports.Dates{Start: srv.Now().AddDate(0, -6, 0), End: srv.Now()}
	great := collect(t, c.AllHappinessRatings(ctx, reports.HappinessRatingsParams{Dates: d, Rating: reports.RatingFilterGreat}))
	require.NotEmpty(t, great)
	for _, r := range great {
		assert.Equal(t, reports.RatingScoreGreat, *r.RatingID)
	}

	first, err := c.GetHappinessRatings(ctx, reports.HappinessRatingsParams{Dates: d})
	require.NoError(t, err)
	assert.Len(t, first.Results, 50, "50 ratings a page")
	assert.Equal(t, (first.Count+49)/50, first.Pages)

	for _, tc := range []struct {
		field reports.RatingSortField
		order reports.SortOrder
		key   func(r reports.Rating) float64
	}{
		{"", "", func(r reports.Rating) float64 { return -float64(r.Number) }},
		{reports.RatingSortByNumber, reports.SortAscending, func(r reports.Rating) float64 { return float64(r.Number) }},
		{reports.RatingSortByRating, reports.SortAscending, func(r reports.Rating) float64 { return float64(*r.RatingID) }},
		{reports.RatingSortByModifiedAt, reports.SortDescending, func(r reports.Rating) float64 { return -float64(r.RatingCreatedAt.Unix()) }},
	} {
		all := collect(t, c.AllHappinessRatings(ctx, reports.HappinessRatingsParams{Dates: d, SortField: tc.field, SortOrder: tc.order}))
		require.Len(t, all, first.Count)
		for i := 1; i < len(all); i++ {
			require.LessOrEqual(t, tc.key(all[i-1]), tc.key(all[i]), "%s %s at %d", tc.field, tc.order, i)
		}
	}
}

// TestDeterministic checks that a seed gives the same answers and another
// seed other answers.
func TestDeterministic(t *testing.T) {
	answer := func(opts ...reportstest.Option) []byte {
		_, c := start(t, opts...)
		var out []byte
		ctx := context.Background()
		for _, v := range []func() (any, error){
			func() (any, error) { return c.GetCompany(ctx, reports.CompanyParams{}) },
			func() (any, error) { return c.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{}) },
			func() (any, error) { return c.GetHappinessRatings(ctx, reports.HappinessRatingsParams{}) },
		} {
			res, err := v()
			require.NoError(t, err)
			b, err := json.Marshal(res)
			require.NoError(t, err)
			out = append(out, b...)
		}
		return out
	}
	same := answer()
	assert.Equal(t, same, answer(reportstest.WithSeed(reportstest.DefaultSeed)))
	assert.NotEqual(t, same, answer(reportstest.WithSeed(2)))

	later := reportstest.DefaultNow().AddDate(0, 1, 0)
	srv, c := start(t, reportstest.WithNow(later))
	assert.Equal(t, later, srv.Now())
	company, err := c.GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, later, company.Current.EndDate)
	assert.Positive(t, company.Current.TotalReplies, "the data moves with now")
}

// TestCustomFieldsAddUp checks the conversations report's customFields
// against the conversations report of each field's mailbox, as the package
// documentation promises.
func TestCustomFieldsAddUp(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	k := newKit(srv)
	cat := srv.Catalog()
	conv, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: k.dates, PreviousDates: k.previous})
	require.NoError(t, err)
	cf := conv.CustomFields
	require.NotNil(t, cf)
	require.Len(t, cf.Fields, len(cat.CustomFields))
	assert.Equal(t, float64(len(cf.Fields)), cf.Count)
	for i, f := range cf.Fields {
		want := cat.CustomFields[i]
		assert.Equal(t, want.ID, f.ID)
		assert.Equal(t, want.Name, f.Name)
		assert.Equal(t, want.MailboxID, f.MailboxID)
		require.Len(t, f.Values, len(want.Values))

		mailbox, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: k.dates, PreviousDates: k.previous, Filters: reports.Filters{Mailboxes: []int64{f.MailboxID}}})
		require.NoError(t, err)
		sm := f.Summary
		assert.Equal(t, mailbox.Current.TotalConversations, sm.Total, f.Name)
		require.NotNil(t, sm.PreviousTotal)
		assert.Equal(t, mailbox.Previous.TotalConversations, *sm.PreviousTotal, f.Name)
		assert.Equal(t, sm.TotalAnswered, sumOf(f.Values, func(v reports.CustomFieldValue) float64 { return v.Count }), f.Name)
		assert.Positive(t, sm.TotalAnswered)
		assert.Less(t, sm.TotalAnswered, sm.Total, "some leave %s unanswered", f.Name)
		assert.LessOrEqual(t, *sm.PreviousTotalAnswered, *sm.PreviousTotal)
		for j, v := range f.Values {
			assert.InDelta(t, v.Count/sm.Total*100, v.Percent, 0.005, "%s: %s", f.Name, v.Name)
			if j > 0 {
				assert.LessOrEqual(t, v.Count, f.Values[j-1].Count, "most chosen first")
			}
		}
		assert.InDelta(t, (sm.Total-sm.TotalAnswered)/sm.Total*100, sm.UnansweredPercent, 0.005)
		assert.InDelta(t, (*sm.PreviousTotal-*sm.PreviousTotalAnswered) / *sm.PreviousTotal * 100, sm.UnansweredPreviousPercent, 0.005)
		assert.InDelta(t, sm.UnansweredPercent-sm.UnansweredPreviousPercent, sm.UnansweredDelta, 0.005)
		same := 0
		for _, x := range cat.CustomFields {
			if x.MailboxID == f.MailboxID {
				same++
			}
		}
		assert.Len(t, mailbox.CustomFields.Fields, same, "a mailbox filter lists the fields of that mailbox")
	}

	noPrev, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: k.dates})
	require.NoError(t, err)
	for i, f := range noPrev.CustomFields.Fields {
		assert.Nil(t, f.Summary.PreviousTotal)
		assert.Nil(t, f.Summary.PreviousTotalAnswered)
		assert.Zero(t, f.Summary.UnansweredPreviousPercent)
		assert.Equal(t, f.Summary.UnansweredPercent, f.Summary.UnansweredDelta)
		assert.Equal(t, cf.Fields[i].Summary.Total, f.Summary.Total)
	}
	sales, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: k.dates, Filters: reports.Filters{Mailboxes: []int64{202}}})
	require.NoError(t, err)
	assert.Zero(t, sales.CustomFields.Count, "Sales has no custom fields")
	assert.Empty(t, sales.CustomFields.Fields)
}
