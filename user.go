package reports

import (
	"context"
	"iter"
	"time"
)

// The user reports take a user id, or a team id for a team's summary.

// UserParams are the params of GetUser.
type UserParams struct {
	User int64 // required: a user id, or a team id for the team's summary; 1 to 2⁶²
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
	User int64 // required: a user or team id, 1 to 2⁶²
	Dates
	PreviousDates
	Filters
	OfficeHours bool
	Status      ConversationStatus
	Page        int // page: 1-based, at most 2³¹−1; 0 sends none (the API takes no rows here)
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
	User int64 // required: a user or team id, 1 to 2⁶²
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
	User int64 // required: a user or team id, 1 to 2⁶²
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
	User int64 // required: a user or team id, 1 to 2⁶²
	Dates
	PreviousDates
	Filters
	Page      int // page: 1-based, at most 2³¹−1; 0 sends none
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
	User int64 // required: a user id, or a team id; 1 to 2⁶²
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
	FilterTags []FilterTag `json:"filterTags,omitzero"` // the tags the report can be filtered on
	User       UserInfo    `json:"user"`                // the user (or team) the report is about
	Current    UserStats   `json:"current"`             // the figures of the current range
	Previous   *UserStats  `json:"previous,omitempty"`  // the figures of the previous range, when one was asked for
	Deltas     *UserDeltas `json:"deltas,omitempty"`    // changes from the previous range to the current one: percent changes and one point difference, see UserDeltas
}

// UserInfo describes the user the report is about.
type UserInfo struct {
	ID        int64     `json:"id"`        // id of the user (or team)
	Name      string    `json:"name"`      // the user's (or team's) name
	HasPhoto  bool      `json:"hasPhoto"`  // whether the user has a photo
	PhotoURL  string    `json:"photoUrl"`  // the photo's URL; may be "" even when HasPhoto is true (as in the sample)
	CreatedAt time.Time `json:"createdAt"` // when the user was created, UTC
	// TotalCustomersHelped is the distinct count of customers the user has
	// helped, over all time (inferred: the sample's 6580 against 26 in the
	// range).
	TotalCustomersHelped float64 `json:"totalCustomersHelped"`
}

// UserStats are a user's figures over one range. Times are in seconds.
// Definitions are the v1 docs'; for a team id, the figures cover all its
// members.
type UserStats struct {
	Period
	TotalDays            float64 `json:"totalDays"`            // count of days in the range
	Resolved             float64 `json:"resolved"`             // count of conversations the user resolved (closed with a reply)
	ConversationsCreated float64 `json:"conversationsCreated"` // count of conversations the user created
	Closed               float64 `json:"closed"`               // count of conversations marked closed
	TotalReplies         float64 `json:"totalReplies"`         // count of replies the user sent
	ResolvedOnFirstReply float64 `json:"resolvedOnFirstReply"` // count of conversations resolved on the first reply
	// PercentResolvedOnFirstReply is the fraction (0–1) of the resolved
	// conversations resolved on the first reply, weighted by
	// [UserStats.Resolved]. The docs call it a percentage, but every sample
	// holds a fraction 0–1 (4 of 12 gives 0.333), so expect 0–1.
	PercentResolvedOnFirstReply float64 `json:"percentResolvedOnFirstReply"`
	// RepliesToResolve is the average count of replies it took to resolve a
	// conversation, weighted by [UserStats.Resolved].
	RepliesToResolve float64 `json:"repliesToResolve"`
	// HandleTime is the average time in seconds from the user pressing Reply
	// to pressing Send (only the last visit of a saved draft counts); no
	// figure is known to weight it.
	HandleTime float64 `json:"handleTime"`
	// HappinessScore is the score (−100 to 100) of the user's ratings: the
	// Great percent minus the Not Good percent.
	HappinessScore float64 `json:"happinessScore"`
	// ResponseTime is the average time in seconds a customer waited for a
	// reply; no figure is known to weight it.
	ResponseTime float64 `json:"responseTime"`
	// ResolutionTime is the average time in seconds from a conversation's
	// creation to its resolution, weighted by [UserStats.Resolved].
	ResolutionTime float64 `json:"resolutionTime"`
	// RepliesPerDay is the average count of replies per day (TotalReplies /
	// TotalDays), weighted by [UserStats.TotalDays].
	RepliesPerDay   float64 `json:"repliesPerDay"`
	CustomersHelped float64 `json:"customersHelped"` // distinct count of customers the user replied to
	// TotalConversations is the distinct count of conversations the user
	// worked on (inferred: no source defines it).
	TotalConversations float64 `json:"totalConversations"`
	// ConversationsPerDay is the average count of conversations per day
	// (TotalConversations / TotalDays). TotalConversations is a distinct
	// count, so no figure weights it: days weighted would count a
	// conversation of two days twice.
	ConversationsPerDay float64 `json:"conversationsPerDay"`
	// BusiestDay is the weekday (1 Monday … 7 Sunday) with the most
	// conversations; the API sends it for the current range only.
	BusiestDay *int `json:"busiestDay,omitempty"`
}

// UserDeltas are the changes from the previous range to the current one.
// Every field is a percent change, (current − previous) / previous × 100,
// of the UserStats field of the same name, except HappinessScore, which
// changes in points (current − previous). The v1 docs call every field a
// percentage change, but the docs' sample shows happinessScore 23.53 →
// 66.67 with delta 43.14, the difference (a percent change would be 183.3);
// its other fields agree with percent changes (totalReplies 40 → 58 gives
// 45, handleTime 0 → 78.96 gives 0: a change from 0 is 0).
type UserDeltas struct {
	TotalConversations float64 `json:"totalConversations"` // percent change of TotalConversations
	// ActiveConversations is the percent change of the count of active
	// conversations, a count no UserStats field carries (in the sample it
	// equals TotalConversations' change).
	ActiveConversations  float64 `json:"activeConversations"`
	ConversationsCreated float64 `json:"conversationsCreated"` // percent change of ConversationsCreated
	CustomersHelped      float64 `json:"customersHelped"`      // percent change of CustomersHelped
	HappinessScore       float64 `json:"happinessScore"`       // change in points of HappinessScore: HappinessScore − previous HappinessScore
	RepliesPerDay        float64 `json:"repliesPerDay"`        // percent change of RepliesPerDay
	ResolvedOnFirstReply float64 `json:"resolvedOnFirstReply"` // percent change of ResolvedOnFirstReply
	HandleTime           float64 `json:"handleTime"`           // percent change of HandleTime
	ConversationsPerDay  float64 `json:"conversationsPerDay"`  // percent change of ConversationsPerDay
	Resolved             float64 `json:"resolved"`             // percent change of Resolved
	RepliesToResolve     float64 `json:"repliesToResolve"`     // percent change of RepliesToResolve
	TotalReplies         float64 `json:"totalReplies"`         // percent change of TotalReplies
	Closed               float64 `json:"closed"`               // percent change of Closed
	ResponseTime         float64 `json:"responseTime"`         // percent change of ResponseTime
	ResolutionTime       float64 `json:"resolutionTime"`       // percent change of ResolutionTime
}

// HistoryConversation is one row of a user's conversation history: one reply
// the user sent, so a conversation may appear more than once. Times are in
// seconds.
type HistoryConversation struct {
	ID        int64      `json:"id"`        // id of the conversation
	Number    int64      `json:"number"`    // id of the conversation as Help Scout shows it (its number)
	Customers []Customer `json:"customers"` // the conversation's customers
	// AvgHandleTime is the average time in seconds the user took per reply
	// on the conversation, weighted by [HistoryConversation.RepliesSent].
	AvgHandleTime     float64 `json:"avgHandleTime"`
	FirstResponseTime float64 `json:"firstResponseTime"` // time in seconds the customer waited for the first reply
	RepliesSent       float64 `json:"repliesSent"`       // count of replies the user sent on the conversation
	ResponseTime      float64 `json:"responseTime"`      // average time in seconds the customer waited for a reply on the conversation
	ResolveTime       float64 `json:"resolveTime"`       // time in seconds from creation to resolution
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
	FilterTags      []FilterTag    `json:"filterTags,omitzero"`       // the tags the report can be filtered on
	User            *UserInfo      `json:"user,omitempty"`            // the user (or team) the report is about
	Current         *UserChatStats `json:"current,omitempty"`         // the figures of the current range
	Previous        *UserChatStats `json:"previous,omitempty"`        // the figures of the previous range, when one was asked for
	Deltas          *UserChatStats `json:"deltas,omitempty"`          // changes from the previous range to the current one (percent changes, see UserChatStats)
	WaitTime        *RangeBuckets  `json:"waitTime,omitempty"`        // histogram of chat wait times (nested reading)
	ResponseTime    *RangeBuckets  `json:"responseTime,omitempty"`    // histogram of chat response times (nested reading)
	MessagesPerChat *RangeBuckets  `json:"messagesPerChat,omitempty"` // histogram of messages per chat (nested reading)
	Duration        *RangeBuckets  `json:"duration,omitempty"`        // histogram of chat durations (nested reading)
}

// UserChatStats are a user's chat figures over one range (or their deltas),
// in either reading described on UserChatResult. The field comments give
// the unit as a figure. As deltas every metric is taken to be a percent
// change, (current − previous) / previous × 100, like the chat report's
// (inferred: no public sample of this report exists); the deltas carry no
// dates.
type UserChatStats struct {
	StartDate *time.Time `json:"startDate,omitempty"` // start of the range, UTC
	EndDate   *time.Time `json:"endDate,omitempty"`   // end of the range, UTC

	NewConversations *float64 `json:"newConversations,omitempty"` // count of new chat conversations (flat reading)
	MessagesPerChat  *float64 `json:"messagesPerChat,omitempty"`  // average count of messages per chat (flat reading)
	ResponseTime     *float64 `json:"responseTime,omitempty"`     // average time in seconds a customer waited for a reply during the chat (flat reading)
	WaitTime         *float64 `json:"waitTime,omitempty"`         // average time in seconds a customer waited for the chat to start (flat reading)
	Duration         *float64 `json:"duration,omitempty"`         // average time in seconds a chat lasted (flat reading)

	Volume      *ChatVolume      `json:"volume,omitempty"`      // chat counts (nested reading)
	Responses   *ChatResponses   `json:"responses,omitempty"`   // wait and response times (nested reading)
	Resolutions *ChatResolutions `json:"resolutions,omitempty"` // messages per chat and duration (nested reading)
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
