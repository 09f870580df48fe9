package reports

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allUserSeries is the every-param value of the user time series.
var allUserSeries = UserTimeSeriesParams{User: testUser, Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, ViewBy: ViewByWeek}

// keysUserSeries are the keys the user time series accept.
var keysUserSeries = wireKeys(keysUser, keysDates, keysPrevious, keysFilters, keysViewBy)

var userEndpoints = []endpointCase{
	endpoint("GetUser", "/v2/reports/user", (*Client).GetUser,
		UserParams{User: testUser},
		UserParams{User: testUser, Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, OfficeHours: true},
		wireKeys(keysUser, keysDates, keysPrevious, keysFilters, keysOffice),
		fx("user.json", func(t *testing.T, r *UserResult) {
			assert.Equal(t, UserInfo{ID: 4, Name: "John Smith", HasPhoto: true, PhotoURL: "",
				CreatedAt: utcTime(2010, 9, 3, 15, 55, 48), TotalCustomersHelped: 6580}, r.User)
			assert.Equal(t, utcTime(2015, 1, 1, 0, 0, 0), r.Current.StartDate)
			assert.Equal(t, 78.96, r.Current.HandleTime)
			assert.Equal(t, 2278004.0, r.Current.ResolutionTime)
			require.NotNil(t, r.Current.BusiestDay)
			assert.Equal(t, 5, *r.Current.BusiestDay)
			require.NotNil(t, r.Previous)
			assert.Nil(t, r.Previous.BusiestDay, "the previous range has no busiest day")
			assert.Equal(t, 4318101.5, r.Previous.ResolutionTime)
			require.NotNil(t, r.Deltas)
			assert.Equal(t, -54.761904761904766, r.Deltas.ActiveConversations)
			assert.Equal(t, 650.0, r.Deltas.ConversationsCreated)
		})),
	endpoint("GetUserConversationHistory", "/v2/reports/user/conversation-history", (*Client).GetUserConversationHistory,
		UserConversationHistoryParams{User: testUser},
		UserConversationHistoryParams{User: testUser, Dates: allDates, PreviousDates: allPrevious, Filters: allFilters,
			OfficeHours: true, Status: StatusClosed, Page: 2, SortField: HistorySortByNumber, SortOrder: SortDescending},
		wireKeys(keysUser, keysDates, keysPrevious, keysFilters, keysOffice, keysHistory),
		fx("user_conversation_history.json", func(t *testing.T, r *UserConversationHistoryResult) {
			assert.Equal(t, 1, r.Page)
			assert.Equal(t, 20, r.Pages)
			assert.Equal(t, 2303, r.Count)
			require.Len(t, r.Results, 2)
			assert.Equal(t, HistoryConversation{ID: 416351186, Number: 222002, Customers: []Customer{{ID: 138946703, Name: "Peter Peters"}},
				AvgHandleTime: 279, FirstResponseTime: 1878, RepliesSent: 1, ResponseTime: 1878, ResolveTime: 1878}, r.Results[0])
			assert.Equal(t, int64(4845671933), r.Results[1].ID, "ids beyond 32 bits")
		})),
	endpoint("GetUserCustomersHelped", "/v2/reports/user/customers-helped", (*Client).GetUserCustomersHelped,
		UserCustomersHelpedParams{User: testUser}, allUserSeries, keysUserSeries,
		fx("user_customers_helped.json", func(t *testing.T, r *UserCustomersHelpedResult) {
			assert.Equal(t, []CustomersPoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Customers: 17}}, r.Current)
			assert.Equal(t, []CustomersPoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Customers: 16}}, r.Previous)
		})),
	endpoint("GetUserDrilldown", "/v2/reports/user/drilldown", (*Client).GetUserDrilldown,
		UserDrilldownParams{User: testUser},
		UserDrilldownParams{User: testUser, Dates: allDates, Filters: allFilters, Paging: allPaging},
		wireKeys(keysUser, keysDates, keysFilters, keysPaging),
		fx("user_drilldown.json", func(t *testing.T, r *UserDrilldownResult) {
			p := r.Conversations
			assert.Equal(t, 1, p.Page)
			assert.Equal(t, 2, p.Pages)
			assert.Equal(t, 101, p.Count)
			require.Len(t, p.Results, 2)
			c := p.Results[0]
			assert.Equal(t, int64(430221821), c.ID)
			assert.Equal(t, int64(85), c.MailboxID)
			assert.Equal(t, int64(0), c.AssignedID)
			assert.Nil(t, c.CustomerEmail, "the user drilldown has no customer e-mail")
			assert.Nil(t, c.CustomerIDs)
			assert.Nil(t, c.AssignedName)
			require.NotNil(t, c.WaitingSince)
			assert.Equal(t, utcTime(2017, 9, 12, 11, 22, 11), *c.WaitingSince)
			require.NotNil(t, c.WaitingSinceType)
			assert.Equal(t, 2, *c.WaitingSinceType)
			assert.True(t, p.Results[1].Attachments)
			assert.NotNil(t, p.Results[1].Tags, "an empty tag list stays an empty list")
			assert.Empty(t, p.Results[1].Tags)
		})),
	endpoint("GetUserHappiness", "/v2/reports/user/happiness", (*Client).GetUserHappiness,
		UserHappinessParams{User: testUser},
		UserHappinessParams{User: testUser, Dates: allDates, PreviousDates: allPrevious, Filters: allFilters},
		wireKeys(keysUser, keysDates, keysPrevious, keysFilters),
		fx("user_happiness.json", func(t *testing.T, r *UserHappinessResult) {
			assert.Equal(t, []FilterTag{{ID: 123, Name: "sample-tag"}}, r.FilterTags)
			assert.Equal(t, 110.0, r.Current.RatingsCount)
			require.NotNil(t, r.Previous)
			require.NotNil(t, r.Deltas)
		})),
	endpoint("GetUserHappinessDrilldown", "/v2/reports/user/ratings", (*Client).GetUserHappinessDrilldown,
		UserHappinessDrilldownParams{User: testUser},
		UserHappinessDrilldownParams{User: testUser, Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, Page: 2,
			SortField: RatingSortByNumber, SortOrder: SortDescending, Rating: RatingFilterNotGood},
		wireKeys(keysUser, keysDates, keysPrevious, keysFilters, keysRatings),
		fx("user_happiness_drilldown.json", func(t *testing.T, r *UserHappinessDrilldownResult) {
			assert.Equal(t, 17, r.Pages)
			assert.Equal(t, 165, r.Count)
			require.Len(t, r.Results, 2)
			got := r.Results[0]
			require.NotNil(t, got.RatingCustomerName)
			assert.Empty(t, *got.RatingCustomerName, "an empty name is kept")
			require.NotNil(t, got.RatingID)
			assert.Equal(t, RatingScoreGreat, *got.RatingID)
			require.NotNil(t, got.RatingCreatedAt)
			assert.Equal(t, utcTime(2017, 9, 2, 11, 23, 43), *got.RatingCreatedAt)
			assert.Equal(t, pointerTo[int64](4), r.Results[1].RatingUserID)
		})),
	endpoint("GetUserReplies", "/v2/reports/user/replies", (*Client).GetUserReplies,
		UserRepliesParams{User: testUser}, allUserSeries, keysUserSeries,
		fx("user_replies.json", func(t *testing.T, r *UserRepliesResult) {
			assert.Equal(t, []RepliesPoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Replies: 24}}, r.Current)
			assert.Equal(t, []RepliesPoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Replies: 18}}, r.Previous)
		})),
	endpoint("GetUserResolutions", "/v2/reports/user/resolutions", (*Client).GetUserResolutions,
		UserResolutionsParams{User: testUser}, allUserSeries, keysUserSeries,
		fx("user_resolutions.json", func(t *testing.T, r *UserResolutionsResult) {
			assert.Equal(t, []ResolvedPoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Resolved: 26}}, r.Current)
			assert.Equal(t, []ResolvedPoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Resolved: 17}}, r.Previous)
		})),
	endpoint("GetUserChat", "/v2/reports/user/chat", (*Client).GetUserChat,
		UserChatParams{User: testUser},
		UserChatParams{User: testUser, Dates: allDates, PreviousDates: allPrevious,
			Mailboxes: allFilters.Mailboxes, Tags: allFilters.Tags, OfficeHours: true},
		wireKeys(keysUser, keysDates, keysPrevious, keysUserChat, keysOffice),
		// The flat reading.
		fx("user_chat.json", func(t *testing.T, r *UserChatResult) {
			assert.Equal(t, []FilterTag{{ID: 123, Name: "sample-tag"}}, r.FilterTags)
			require.NotNil(t, r.Current)
			assert.Equal(t, pointerTo(utcTime(2019, 3, 1, 12, 0, 0)), r.Current.StartDate)
			assert.Equal(t, pointerTo(42.0), r.Current.NewConversations)
			assert.Equal(t, pointerTo(35.2), r.Current.ResponseTime)
			assert.Nil(t, r.Current.Volume, "no nesting in the flat reading")
			require.NotNil(t, r.Previous)
			assert.Equal(t, pointerTo(25.5), r.Previous.WaitTime)
			require.NotNil(t, r.Deltas)
			assert.Nil(t, r.Deltas.StartDate)
			assert.Equal(t, pointerTo(-8.70185), r.Deltas.Duration)
			assert.Nil(t, r.WaitTime)
		}),
		// The chat report's nesting.
		fx("user_chat_nested.json", func(t *testing.T, r *UserChatResult) {
			require.NotNil(t, r.Current)
			assert.Nil(t, r.Current.NewConversations, "no flat metrics in the nested reading")
			assert.Equal(t, &ChatVolume{ChatConversations: 255, CompletedChats: 243, MissedChats: 12, ChatsPerDay: 8.225806}, r.Current.Volume)
			assert.Equal(t, &ChatResolutions{MessagesPerChat: 16.84252, Duration: 927}, r.Current.Resolutions)
			require.NotNil(t, r.Previous)
			assert.Equal(t, &ChatResponses{WaitTime: 37, ResponseTime: 66}, r.Previous.Responses)
			require.NotNil(t, r.Deltas)
			require.NotNil(t, r.Deltas.Volume)
			assert.Equal(t, 140.0, r.Deltas.Volume.MissedChats)
			require.NotNil(t, r.MessagesPerChat)
			assert.Equal(t, 3, r.MessagesPerChat.Ranges[0].ID)
			require.NotNil(t, r.Duration)
			assert.Equal(t, 238.0, r.Duration.Count)
			assert.NotNil(t, r.WaitTime)
			assert.NotNil(t, r.ResponseTime)
		})),
}

func TestUserEndpoints(t *testing.T) { checkEndpoints(t, userEndpoints) }
