package reportstest_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// call is one SDK method, called with default params (all false) or with
// every parameter its endpoint takes set (all true).
type call struct {
	name string
	path string
	do   func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error)
}

// kit holds the values the calls are built from.
type kit struct {
	dates    reports.Dates
	previous reports.PreviousDates
	filters  reports.Filters
	channel  reports.ChannelFilters
	user     int64
	customer int64
	site     string
}

func newKit(srv *reportstest.Server) kit {
	cat := srv.Catalog()
	now := srv.Now()
	return kit{
		dates:    reports.Dates{Start: now.AddDate(0, 0, -30), End: now},
		previous: reports.PreviousDates{PreviousStart: now.AddDate(0, 0, -60), PreviousEnd: now.AddDate(0, 0, -30)},
		filters: reports.Filters{
			Mailboxes: []int64{cat.Mailboxes[0].ID, cat.Mailboxes[1].ID},
			Tags:      []int64{cat.Tags[0].ID, reportstest.UntaggedTagID},
			Folders:   []int64{cat.Folders[0].ID, cat.Folders[1].ID, cat.Folders[2].ID, cat.Folders[4].ID},
			Types:     []reports.ConversationType{reports.ConversationTypeEmail, reports.ConversationTypeChat},
		},
		channel:  reports.ChannelFilters{Mailboxes: []int64{cat.Mailboxes[0].ID}, Tags: []int64{reportstest.UntaggedTagID}, Folders: []int64{cat.Folders[2].ID}},
		user:     cat.Users[0].ID,
		customer: cat.Customers[0].ID,
		site:     cat.Sites[0].ID,
	}
}

// pick returns the full value when all is set, else the zero value.
func pick[T any](all bool, v T) T {
	if all {
		return v
	}
	var zero T
	return zero
}

func (k kit) overall(all bool) reports.OverallParams {
	return reports.OverallParams{Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters)}
}

func (k kit) series(all bool) reports.TimeSeriesParams {
	return reports.TimeSeriesParams{Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters), ViewBy: pick(all, reports.ViewByWeek)}
}

func (k kit) prodSeries(all bool) reports.ProductivityTimeSeriesParams {
	return reports.ProductivityTimeSeriesParams{Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters), OfficeHours: all, ViewBy: pick(all, reports.ViewByDay)}
}

func (k kit) drill(all bool) reports.DrilldownParams {
	return reports.DrilldownParams{Dates: pick(all, k.dates), Filters: pick(all, k.filters), Paging: pick(all, reports.Paging{Page: 2, Rows: 5})}
}

func (k kit) userSeries(all bool) reports.UserTimeSeriesParams {
	return reports.UserTimeSeriesParams{User: k.user, Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters), ViewBy: pick(all, reports.ViewByDay)}
}

func (k kit) channelParams(all bool) reports.ChannelParams {
	return reports.ChannelParams{Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), ChannelFilters: pick(all, k.channel), OfficeHours: all}
}

// calls covers the 32 endpoints.
var calls = []call{
	{"GetCompany", "/company", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetCompany(ctx, k.overall(all))
	}},
	{"GetCompanyCustomersHelped", "/company/customers-helped", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetCompanyCustomersHelped(ctx, k.series(all))
	}},
	{"GetCompanyDrilldown", "/company/drilldown", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetCompanyDrilldown(ctx, reports.CompanyDrilldownParams{Dates: pick(all, k.dates), Filters: pick(all, k.filters), Paging: pick(all, reports.Paging{Page: 1, Rows: 5}), Range: pick(all, reports.RangeResponseTime), RangeID: pick(all, 2)})
	}},
	{"GetConversations", "/conversations", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetConversations(ctx, k.overall(all))
	}},
	{"GetConversationsNewConversations", "/conversations/new", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetConversationsNewConversations(ctx, k.series(all))
	}},
	{"GetConversationsChannelVolumes", "/conversations/volume-by-channel", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetConversationsChannelVolumes(ctx, k.series(all))
	}},
	{"GetConversationsBusiestTimes", "/conversations/busy-times", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetConversationsBusiestTimes(ctx, k.overall(all))
	}},
	{"GetConversationsDrilldown", "/conversations/drilldown", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetConversationsDrilldown(ctx, k.drill(all))
	}},
	{"GetConversationsDrilldownByField", "/conversations/fields-drilldown", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		p := reports.ConversationsDrilldownByFieldParams{Dates: pick(all, k.dates), Filters: pick(all, k.filters), Paging: pick(all, reports.Paging{Page: 1, Rows: 50}), FieldID: k.customer}
		if all {
			p.Field, p.FieldID = reports.FieldTagID, k.filters.Tags[0]
		}
		return c.GetConversationsDrilldownByField(ctx, p)
	}},
	{"GetConversationsNewConversationsDrilldown", "/conversations/new-drilldown", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetConversationsNewConversationsDrilldown(ctx, k.drill(all))
	}},
	{"GetConversationsReceivedMessageStats", "/conversations/received-messages", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetConversationsReceivedMessageStats(ctx, k.series(all))
	}},
	{"GetDocs", "/docs", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetDocs(ctx, reports.DocsParams{Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Sites: pick(all, []string{k.site})})
	}},
	{"GetHappiness", "/happiness", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetHappiness(ctx, k.overall(all))
	}},
	{"GetHappinessRatings", "/happiness/ratings", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetHappinessRatings(ctx, reports.HappinessRatingsParams{Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters), Page: pick(all, 1), SortField: pick(all, reports.RatingSortByModifiedAt), SortOrder: pick(all, reports.SortAscending), Rating: pick(all, reports.RatingFilterGreat)})
	}},
	{"GetProductivity", "/productivity", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetProductivity(ctx, reports.ProductivityParams{Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters), OfficeHours: all})
	}},
	{"GetProductivityFirstResponseTime", "/productivity/first-response-time", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetProductivityFirstResponseTime(ctx, k.prodSeries(all))
	}},
	{"GetProductivityRepliesSent", "/productivity/replies-sent", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetProductivityRepliesSent(ctx, k.prodSeries(all))
	}},
	{"GetProductivityResolutionTime", "/productivity/resolution-time", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetProductivityResolutionTime(ctx, k.prodSeries(all))
	}},
	{"GetProductivityResolved", "/productivity/resolved", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetProductivityResolved(ctx, k.prodSeries(all))
	}},
	{"GetProductivityResponseTime", "/productivity/response-time", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetProductivityResponseTime(ctx, k.prodSeries(all))
	}},
	{"GetUser", "/user", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUser(ctx, reports.UserParams{User: k.user, Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters), OfficeHours: all})
	}},
	{"GetUserConversationHistory", "/user/conversation-history", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUserConversationHistory(ctx, reports.UserConversationHistoryParams{User: k.user, Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters), OfficeHours: all, Status: pick(all, reports.StatusClosed), Page: pick(all, 1), SortField: pick(all, reports.HistorySortByResponseTime), SortOrder: pick(all, reports.SortAscending)})
	}},
	{"GetUserCustomersHelped", "/user/customers-helped", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUserCustomersHelped(ctx, k.userSeries(all))
	}},
	{"GetUserDrilldown", "/user/drilldown", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUserDrilldown(ctx, reports.UserDrilldownParams{User: k.user, Dates: pick(all, k.dates), Filters: pick(all, k.filters), Paging: pick(all, reports.Paging{Page: 1, Rows: 3})})
	}},
	{"GetUserHappiness", "/user/happiness", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUserHappiness(ctx, reports.UserHappinessParams{User: k.user, Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters)})
	}},
	{"GetUserHappinessDrilldown", "/user/ratings", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUserHappinessDrilldown(ctx, reports.UserHappinessDrilldownParams{User: k.user, Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Filters: pick(all, k.filters), Page: pick(all, 1), SortField: pick(all, reports.RatingSortByRating), SortOrder: pick(all, reports.SortDescending), Rating: pick(all, reports.RatingFilterAll)})
	}},
	{"GetUserReplies", "/user/replies", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUserReplies(ctx, k.userSeries(all))
	}},
	{"GetUserResolutions", "/user/resolutions", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUserResolutions(ctx, k.userSeries(all))
	}},
	{"GetUserChat", "/user/chat", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetUserChat(ctx, reports.UserChatParams{User: k.user, Dates: pick(all, k.dates), PreviousDates: pick(all, k.previous), Mailboxes: pick(all, k.channel.Mailboxes), Tags: pick(all, k.channel.Tags), OfficeHours: all})
	}},
	{"GetChat", "/chat", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetChat(ctx, k.channelParams(all))
	}},
	{"GetEmail", "/email", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetEmail(ctx, k.channelParams(all))
	}},
	{"GetPhone", "/phone", func(ctx context.Context, c *reports.Client, k kit, all bool) (any, error) {
		return c.GetPhone(ctx, k.channelParams(all))
	}},
}

// TestEveryRouteAnswers calls each of the 32 endpoints through the SDK, with
// the SDK's defaults and with every parameter set, and checks that the fake
// answered 200 at the right path, that the SDK decoded a non-empty result,
// and that every parameter the SDK sent was accepted.
func TestEveryRouteAnswers(t *testing.T) {
	srv, c := start(t)
	k := newKit(srv)
	require.Len(t, calls, 32)
	paths := map[string]bool{}
	for _, cl := range calls {
		paths[cl.path] = true
		for _, all := range []bool{false, true} {
			t.Run(cl.name+map[bool]string{false: "/defaults", true: "/all-params"}[all], func(t *testing.T) {
				before := len(srv.Requests())
				res, err := cl.do(context.Background(), c, k, all)
				require.NoError(t, err)
				b, err := json.Marshal(res)
				require.NoError(t, err)
				assert.Greater(t, len(b), 40, "a real answer, not an empty shell: %s", b)

				reqs := srv.Requests()[before:]
				require.NotEmpty(t, reqs)
				last := reqs[len(reqs)-1]
				assert.Equal(t, "/v2/reports"+cl.path, last.Path)
				assert.Equal(t, 200, last.Status)
				assert.Contains(t, last.Query, "start")
				if all {
					assert.GreaterOrEqual(t, len(last.Query), 3, "all params sent: %v", last.Query)
				}
			})
		}
	}
	assert.Len(t, paths, 32, "every endpoint has its own path")
}

// TestAnswersAreRealData checks a few answers for content: the defaults cover
// the last 7 days of the data set, and the numbers are not zero.
func TestAnswersAreRealData(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()

	company, err := c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, srv.Now(), company.Current.EndDate)
	assert.Equal(t, time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC), company.Current.StartDate)
	assert.Positive(t, company.Current.CustomersHelped)
	assert.Positive(t, company.Current.TotalReplies)
	require.NotNil(t, company.Previous, "the SDK's default previous range was sent")
	assert.Positive(t, company.Previous.TotalReplies)
	assert.Len(t, company.Users, len(srv.Catalog().Users))

	drill, err := c.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{})
	require.NoError(t, err)
	require.NotEmpty(t, drill.Conversations.Results)
	conv := drill.Conversations.Results[0]
	assert.Positive(t, conv.ID)
	assert.NotEmpty(t, conv.Subject)
	assert.NotEmpty(t, conv.CustomerName)
	require.NotNil(t, conv.CustomerEmail)
	assert.Contains(t, *conv.CustomerEmail, "@example.com")
	assert.False(t, conv.ModifiedAt.After(srv.Now()), "nothing happens after now")

	k := newKit(srv)
	for cv, err := range c.AllConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{Dates: k.dates, Paging: reports.Paging{Rows: 50}}) {
		require.NoError(t, err)
		require.False(t, cv.ModifiedAt.After(srv.Now()), "nothing happens after now: #%d modified %s", cv.Number, cv.ModifiedAt)
		require.False(t, cv.ModifiedAt.Before(k.dates.Start), "#%d was created in the range", cv.Number)
	}
	for r, err := range c.AllHappinessRatings(ctx, reports.HappinessRatingsParams{Dates: k.dates}) {
		require.NoError(t, err)
		require.False(t, r.RatingCreatedAt.After(srv.Now()), "#%d rated %s", r.Number, r.RatingCreatedAt)
		require.True(t, r.ThreadCreatedAt.Before(*r.RatingCreatedAt), "#%d is rated after the reply", r.Number)
	}

	docs, err := c.GetDocs(ctx, reports.DocsParams{})
	require.NoError(t, err)
	assert.Positive(t, docs.Current.Visitors)
	assert.NotEmpty(t, docs.TopArticles)
}

// TestUnknownPath answers a path that is no report with the API's plain 404.
func TestUnknownPath(t *testing.T) {
	srv, c := start(t)
	for _, p := range []string{"/v2/reports/nope", "/v2/other"} {
		resp, body := get(t, srv, c, p+"?"+url.Values{"start": {"2026-11-01T00:00:00Z"}}.Encode())
		assert.Equal(t, 404, resp.StatusCode, p)
		assert.Equal(t, "Unknown URL", body, p)
	}
}
