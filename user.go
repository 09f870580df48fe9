package reports

import (
	"context"
	"iter"
	"time"
)

// The user reports take a user id, or a team id for a team's summary.

// UserParams are the params of GetUser.
type UserParams struct {
	User int64 // required: a user id, or a team id for the team's summary
	Dates
	PreviousDates
	Filters
	OfficeHours bool
}

func (p UserParams) encode(q *query) {
	q.user(p.User)
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
	q.flag("officeHours", p.OfficeHours)
}

// UserConversationHistoryParams are the params of
// GetUserConversationHistory.
type UserConversationHistoryParams struct {
	User int64 // required
	Dates
	PreviousDates
	Filters
	OfficeHours bool
	Status      ConversationStatus
	Page        int // the API takes no rows here
	SortField   HistorySortField
	SortOrder   SortOrder
}

func (p UserConversationHistoryParams) encode(q *query) {
	q.user(p.User)
	q.dates(p.Dates, &p.PreviousDates)
	q.str("status", string(p.Status))
	q.filters(p.Filters)
	q.flag("officeHours", p.OfficeHours)
	q.page(p.Page)
	q.str("sortField", string(p.SortField))
	q.str("sortOrder", string(p.SortOrder))
}

// UserCustomersHelpedParams are the params of GetUserCustomersHelped.
type UserCustomersHelpedParams = UserTimeSeriesParams

// UserRepliesParams are the params of GetUserReplies.
type UserRepliesParams = UserTimeSeriesParams

// UserResolutionsParams are the params of GetUserResolutions.
type UserResolutionsParams = UserTimeSeriesParams

// UserDrilldownParams are the params of GetUserDrilldown.
type UserDrilldownParams struct {
	User int64 // required
	Dates
	Filters
	Paging
}

func (p UserDrilldownParams) encode(q *query) {
	q.user(p.User)
	q.dates(p.Dates, nil)
	q.filters(p.Filters)
	q.paging(p.Paging)
}

// UserHappinessParams are the params of GetUserHappiness.
type UserHappinessParams struct {
	User int64 // required
	Dates
	PreviousDates
	Filters
}

func (p UserHappinessParams) encode(q *query) {
	q.user(p.User)
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
}

// UserHappinessDrilldownParams are the params of GetUserHappinessDrilldown.
type UserHappinessDrilldownParams struct {
	User int64 // required
	Dates
	PreviousDates
	Filters
	Page      int
	SortField RatingSortField
	SortOrder SortOrder
	Rating    RatingFilter
}

func (p UserHappinessDrilldownParams) encode(q *query) {
	q.user(p.User)
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
	q.ratings(p.Page, p.SortField, p.SortOrder, p.Rating)
}

// UserChatParams are the params of GetUserChat, which filters on mailboxes
// and tags only.
type UserChatParams struct {
	User int64 // required: a user id, or a team id
	Dates
	PreviousDates
	Mailboxes   []int64
	Tags        []int64
	OfficeHours bool
}

func (p UserChatParams) encode(q *query) {
	q.user(p.User)
	q.dates(p.Dates, &p.PreviousDates)
	q.ids("mailboxes", "Mailboxes", p.Mailboxes)
	q.ids("tags", "Tags", p.Tags)
	q.flag("officeHours", p.OfficeHours)
}

// UserResult is the user (or team) overall report.
type UserResult struct {
	FilterTags []FilterTag `json:"filterTags,omitzero"`
	User       UserInfo    `json:"user"`
	Current    UserStats   `json:"current"`
	Previous   *UserStats  `json:"previous,omitempty"`
	Deltas     *UserDeltas `json:"deltas,omitempty"` // percent changes
}

// UserInfo describes the user the report is about.
type UserInfo struct {
	ID                   int64     `json:"id"`
	Name                 string    `json:"name"`
	HasPhoto             bool      `json:"hasPhoto"`
	PhotoURL             string    `json:"photoUrl"`
	CreatedAt            time.Time `json:"createdAt"`
	TotalCustomersHelped float64   `json:"totalCustomersHelped"`
}

// UserStats are a user's figures over one range. Times are in seconds.
type UserStats struct {
	Period
	TotalDays                   float64 `json:"totalDays"`
	Resolved                    float64 `json:"resolved"`
	ConversationsCreated        float64 `json:"conversationsCreated"`
	Closed                      float64 `json:"closed"`
	TotalReplies                float64 `json:"totalReplies"`
	ResolvedOnFirstReply        float64 `json:"resolvedOnFirstReply"`
	PercentResolvedOnFirstReply float64 `json:"percentResolvedOnFirstReply"`
	RepliesToResolve            float64 `json:"repliesToResolve"`
	HandleTime                  float64 `json:"handleTime"`
	HappinessScore              float64 `json:"happinessScore"`
	ResponseTime                float64 `json:"responseTime"`
	ResolutionTime              float64 `json:"resolutionTime"`
	RepliesPerDay               float64 `json:"repliesPerDay"`
	CustomersHelped             float64 `json:"customersHelped"`
	TotalConversations          float64 `json:"totalConversations"`
	ConversationsPerDay         float64 `json:"conversationsPerDay"`
	// BusiestDay is the busiest weekday (1 is Monday); the API sends it for
	// the current range only.
	BusiestDay *int `json:"busiestDay,omitempty"`
}

// UserDeltas are the percent changes from the previous range.
type UserDeltas struct {
	TotalConversations   float64 `json:"totalConversations"`
	ActiveConversations  float64 `json:"activeConversations"`
	ConversationsCreated float64 `json:"conversationsCreated"`
	CustomersHelped      float64 `json:"customersHelped"`
	HappinessScore       float64 `json:"happinessScore"`
	RepliesPerDay        float64 `json:"repliesPerDay"`
	ResolvedOnFirstReply float64 `json:"resolvedOnFirstReply"`
	HandleTime           float64 `json:"handleTime"`
	ConversationsPerDay  float64 `json:"conversationsPerDay"`
	Resolved             float64 `json:"resolved"`
	RepliesToResolve     float64 `json:"repliesToResolve"`
	TotalReplies         float64 `json:"totalReplies"`
	Closed               float64 `json:"closed"`
	ResponseTime         float64 `json:"responseTime"`
	ResolutionTime       float64 `json:"resolutionTime"`
}

// HistoryConversation is one row of a user's conversation history: one reply
// the user sent, so a conversation may appear more than once. Times are in
// seconds.
type HistoryConversation struct {
	ID                int64      `json:"id"`
	Number            int64      `json:"number"`
	Customers         []Customer `json:"customers"`
	AvgHandleTime     float64    `json:"avgHandleTime"`
	FirstResponseTime float64    `json:"firstResponseTime"`
	RepliesSent       float64    `json:"repliesSent"`
	ResponseTime      float64    `json:"responseTime"`
	ResolveTime       float64    `json:"resolveTime"`
}

// UserConversationHistoryResult is a page of a user's conversation history.
type UserConversationHistoryResult = Paged[HistoryConversation]

// UserCustomersHelpedResult is a user's customers-helped series.
type UserCustomersHelpedResult = TimeSeries[CustomersPoint]

// UserDrilldownResult is a page of a user's conversations.
type UserDrilldownResult = DrilldownResult

// UserHappinessResult is a user's happiness report.
type UserHappinessResult = HappinessResult

// UserHappinessDrilldownResult is a page of a user's ratings.
type UserHappinessDrilldownResult = RatingsResult

// UserRepliesResult is a user's replies series.
type UserRepliesResult = TimeSeries[RepliesPoint]

// UserResolutionsResult is a user's resolutions series.
type UserResolutionsResult = TimeSeries[ResolvedPoint]

// UserChatResult is the user (or team) chat report.
//
// Its shape is not settled by any public source (the docs' example is cut
// off), so it accepts both readings: flat metrics in current, previous and
// deltas (newConversations, messagesPerChat, responseTime, waitTime,
// duration), or the chat report's nesting (volume, responses, resolutions)
// with its range histograms. Whatever the API sends of these is kept and
// encoded back; fields it does not send stay nil.
type UserChatResult struct {
	FilterTags      []FilterTag    `json:"filterTags,omitzero"`
	User            *UserInfo      `json:"user,omitempty"`
	Current         *UserChatStats `json:"current,omitempty"`
	Previous        *UserChatStats `json:"previous,omitempty"`
	Deltas          *UserChatStats `json:"deltas,omitempty"`
	WaitTime        *RangeBuckets  `json:"waitTime,omitempty"`
	ResponseTime    *RangeBuckets  `json:"responseTime,omitempty"`
	MessagesPerChat *RangeBuckets  `json:"messagesPerChat,omitempty"`
	Duration        *RangeBuckets  `json:"duration,omitempty"`
}

// UserChatStats are a user's chat figures over one range (or their deltas),
// in either reading described on UserChatResult.
type UserChatStats struct {
	StartDate *time.Time `json:"startDate,omitempty"`
	EndDate   *time.Time `json:"endDate,omitempty"`

	NewConversations *float64 `json:"newConversations,omitempty"`
	MessagesPerChat  *float64 `json:"messagesPerChat,omitempty"`
	ResponseTime     *float64 `json:"responseTime,omitempty"`
	WaitTime         *float64 `json:"waitTime,omitempty"`
	Duration         *float64 `json:"duration,omitempty"`

	Volume      *ChatVolume      `json:"volume,omitempty"`
	Responses   *ChatResponses   `json:"responses,omitempty"`
	Resolutions *ChatResolutions `json:"resolutions,omitempty"`
}

// GetUser returns the user (or team) overall report: GET /v2/reports/user.
func (c *Client) GetUser(ctx context.Context, p UserParams) (*UserResult, error) {
	return get[UserResult](ctx, c, "/v2/reports/user", p)
}

// GetUserConversationHistory returns a page of a user's conversation history:
// GET /v2/reports/user/conversation-history.
func (c *Client) GetUserConversationHistory(ctx context.Context, p UserConversationHistoryParams) (*UserConversationHistoryResult, error) {
	return get[UserConversationHistoryResult](ctx, c, "/v2/reports/user/conversation-history", p)
}

// GetUserCustomersHelped returns the customers a user helped per bucket:
// GET /v2/reports/user/customers-helped.
func (c *Client) GetUserCustomersHelped(ctx context.Context, p UserCustomersHelpedParams) (*UserCustomersHelpedResult, error) {
	return get[UserCustomersHelpedResult](ctx, c, "/v2/reports/user/customers-helped", p)
}

// GetUserDrilldown returns a page of a user's conversations:
// GET /v2/reports/user/drilldown.
func (c *Client) GetUserDrilldown(ctx context.Context, p UserDrilldownParams) (*UserDrilldownResult, error) {
	return get[UserDrilldownResult](ctx, c, "/v2/reports/user/drilldown", p)
}

// GetUserHappiness returns a user's happiness report:
// GET /v2/reports/user/happiness.
func (c *Client) GetUserHappiness(ctx context.Context, p UserHappinessParams) (*UserHappinessResult, error) {
	return get[UserHappinessResult](ctx, c, "/v2/reports/user/happiness", p)
}

// GetUserHappinessDrilldown returns a page of a user's ratings:
// GET /v2/reports/user/ratings.
func (c *Client) GetUserHappinessDrilldown(ctx context.Context, p UserHappinessDrilldownParams) (*UserHappinessDrilldownResult, error) {
	return get[UserHappinessDrilldownResult](ctx, c, "/v2/reports/user/ratings", p)
}

// GetUserReplies returns the replies a user sent per bucket:
// GET /v2/reports/user/replies.
func (c *Client) GetUserReplies(ctx context.Context, p UserRepliesParams) (*UserRepliesResult, error) {
	return get[UserRepliesResult](ctx, c, "/v2/reports/user/replies", p)
}

// GetUserResolutions returns the conversations a user resolved per bucket:
// GET /v2/reports/user/resolutions.
func (c *Client) GetUserResolutions(ctx context.Context, p UserResolutionsParams) (*UserResolutionsResult, error) {
	return get[UserResolutionsResult](ctx, c, "/v2/reports/user/resolutions", p)
}

// GetUserChat returns a user's (or team's) chat report:
// GET /v2/reports/user/chat.
func (c *Client) GetUserChat(ctx context.Context, p UserChatParams) (*UserChatResult, error) {
	return get[UserChatResult](ctx, c, "/v2/reports/user/chat", p)
}

// AllUserConversationHistory iterates over the rows of a user's conversation
// history on every page, from p.Page on: GET
// /v2/reports/user/conversation-history, page by page; see
// GetUserConversationHistory, and Paged for how a walk goes.
func (c *Client) AllUserConversationHistory(ctx context.Context, p UserConversationHistoryParams) iter.Seq2[HistoryConversation, error] {
	return items(c.AllUserConversationHistoryPages(ctx, p))
}

// AllUserConversationHistoryPages iterates over the pages of GET
// /v2/reports/user/conversation-history, from p.Page on, each with the number
// of pages and the count of items across them, which a progress display needs;
// see AllUserConversationHistory.
func (c *Client) AllUserConversationHistoryPages(ctx context.Context, p UserConversationHistoryParams) iter.Seq2[*Paged[HistoryConversation], error] {
	return walkPages(ctx, c, "/v2/reports/user/conversation-history", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, samePage[HistoryConversation])
}

// AllUserDrilldown iterates over the conversations of a user's drilldown on
// every page, from p.Page on: GET /v2/reports/user/drilldown, page by page;
// see GetUserDrilldown, and Paged for how a walk goes.
func (c *Client) AllUserDrilldown(ctx context.Context, p UserDrilldownParams) iter.Seq2[DrilldownConversation, error] {
	return items(c.AllUserDrilldownPages(ctx, p))
}

// AllUserDrilldownPages iterates over the pages of GET
// /v2/reports/user/drilldown, from p.Page on, each with the number of pages
// and the count of items across them, which a progress display needs; see
// AllUserDrilldown.
func (c *Client) AllUserDrilldownPages(ctx context.Context, p UserDrilldownParams) iter.Seq2[*Paged[DrilldownConversation], error] {
	return walkPages(ctx, c, "/v2/reports/user/drilldown", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, conversationsPage)
}

// AllUserHappinessDrilldown iterates over a user's ratings on every page, from
// p.Page on: GET /v2/reports/user/ratings, page by page; see
// GetUserHappinessDrilldown, and Paged for how a walk goes.
func (c *Client) AllUserHappinessDrilldown(ctx context.Context, p UserHappinessDrilldownParams) iter.Seq2[Rating, error] {
	return items(c.AllUserHappinessDrilldownPages(ctx, p))
}

// AllUserHappinessDrilldownPages iterates over the pages of GET
// /v2/reports/user/ratings, from p.Page on, each with the number of pages and
// the count of items across them, which a progress display needs; see
// AllUserHappinessDrilldown.
func (c *Client) AllUserHappinessDrilldownPages(ctx context.Context, p UserHappinessDrilldownParams) iter.Seq2[*Paged[Rating], error] {
	return walkPages(ctx, c, "/v2/reports/user/ratings", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, ratingsPage)
}
