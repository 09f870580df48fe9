package reports

import (
	"context"
	"encoding/json"
	"iter"
)

// ConversationsParams are the params of GetConversations.
type ConversationsParams = OverallParams

// ConversationsNewConversationsParams are the params of
// GetConversationsNewConversations.
type ConversationsNewConversationsParams = TimeSeriesParams

// ConversationsChannelVolumesParams are the params of
// GetConversationsChannelVolumes.
type ConversationsChannelVolumesParams = TimeSeriesParams

// ConversationsBusiestTimesParams are the params of
// GetConversationsBusiestTimes.
type ConversationsBusiestTimesParams = OverallParams

// ConversationsDrilldownParams are the params of GetConversationsDrilldown.
type ConversationsDrilldownParams = DrilldownParams

// ConversationsNewConversationsDrilldownParams are the params of
// GetConversationsNewConversationsDrilldown.
type ConversationsNewConversationsDrilldownParams = DrilldownParams

// ConversationsReceivedMessageStatsParams are the params of
// GetConversationsReceivedMessageStats.
type ConversationsReceivedMessageStatsParams = TimeSeriesParams

// ConversationsDrilldownByFieldParams are the params of
// GetConversationsDrilldownByField: the conversations with one tag, saved
// reply, workflow or customer.
type ConversationsDrilldownByFieldParams struct {
	Dates
	Filters
	Paging
	Field   DrilldownField // what FieldID names; FieldCustomerID when empty
	FieldID int64          // required: the tag, saved reply, workflow or customer id
}

func (p ConversationsDrilldownByFieldParams) encode(q *query) {
	q.dates(p.Dates, nil)
	q.filters(p.Filters)
	q.paging(p.Paging)
	field := p.Field
	if field == "" {
		field = FieldCustomerID
	}
	q.str("field", string(field))
	if p.FieldID <= 0 {
		q.invalid("FieldID", "is required and must be a positive id, got %d", p.FieldID)
	}
	q.int("fieldid", p.FieldID)
}

// ConversationsResult is the conversations overall report.
type ConversationsResult struct {
	FilterTags    []FilterTag           `json:"filterTags,omitzero"`
	BusiestDay    *BusyTime             `json:"busiestDay,omitempty"`
	BusyTimeStart int                   `json:"busyTimeStart"` // hour of day, company time zone
	BusyTimeEnd   int                   `json:"busyTimeEnd"`
	Current       ConversationsStats    `json:"current"`
	Previous      *ConversationsStats   `json:"previous,omitempty"`
	Deltas        *ConversationsMetrics `json:"deltas,omitempty"` // percent changes
	Tags          *TopList              `json:"tags,omitempty"`
	Customers     *TopList              `json:"customers,omitempty"`
	Replies       *TopList              `json:"replies,omitempty"` // saved replies
	Workflows     *TopList              `json:"workflows,omitempty"`
	CustomFields  *CustomFields         `json:"customFields,omitempty"`
}

// ConversationsStats are the conversation figures over one range.
type ConversationsStats struct {
	Period
	ConversationsMetrics
}

// ConversationsMetrics are the conversation metrics, or their deltas.
type ConversationsMetrics struct {
	TotalConversations   float64 `json:"totalConversations"`
	ConversationsCreated float64 `json:"conversationsCreated"`
	NewConversations     float64 `json:"newConversations"`
	Customers            float64 `json:"customers"`
	ConversationsPerDay  float64 `json:"conversationsPerDay"`
}

// BusyTime is the number of conversations in one hour of one weekday, in the
// company's time zone.
type BusyTime struct {
	Day   int     `json:"day"`  // 1 is Monday, 7 Sunday
	Hour  int     `json:"hour"` // 0 to 23
	Count float64 `json:"count"`
}

// CustomFields summarises the answers to custom fields.
type CustomFields struct {
	Count  float64       `json:"count"`
	Fields []CustomField `json:"fields"`
}

// CustomField is one custom field and how it was answered.
type CustomField struct {
	ID        int64              `json:"id"`
	Name      string             `json:"name"`
	MailboxID int64              `json:"mailboxId"`
	Values    []CustomFieldValue `json:"values"`
	Summary   CustomFieldSummary `json:"summary"`
}

// CustomFieldValue is how often one value of a custom field was chosen.
type CustomFieldValue struct {
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	Count   float64 `json:"count"`
	Percent float64 `json:"percent"`
}

// CustomFieldSummary totals the answers of a custom field. The previous
// totals are null when no previous range was asked for.
type CustomFieldSummary struct {
	Total                     float64  `json:"total"`
	TotalAnswered             float64  `json:"totalAnswered"`
	PreviousTotal             *float64 `json:"previousTotal"`
	PreviousTotalAnswered     *float64 `json:"previousTotalAnswered"`
	UnansweredDelta           float64  `json:"unansweredDelta"`
	UnansweredPreviousPercent float64  `json:"unansweredPreviousPercent"`
	UnansweredPercent         float64  `json:"unansweredPercent"`
}

// ConversationsNewConversationsResult is the new-conversations time series.
type ConversationsNewConversationsResult = TimeSeries[NewConversationsPoint]

// ConversationsChannelVolumesResult is the volume-by-channel time series.
type ConversationsChannelVolumesResult = TimeSeries[ChannelVolumePoint]

// ConversationsReceivedMessageStatsResult is the received-messages time
// series.
type ConversationsReceivedMessageStatsResult = TimeSeries[ReceivedMessagesPoint]

// ConversationsDrilldownResult is a page of the conversations drilldown.
type ConversationsDrilldownResult = DrilldownResult

// ConversationsDrilldownByFieldResult is a page of the fields drilldown.
type ConversationsDrilldownByFieldResult = DrilldownResult

// ConversationsNewConversationsDrilldownResult is a page of the
// new-conversations drilldown.
type ConversationsNewConversationsDrilldownResult = DrilldownResult

// ConversationsBusiestTimesResult is the busiest-times report: conversations
// per weekday and hour. The API answers a bare JSON array, which Times holds
// and which encoding gives back.
type ConversationsBusiestTimesResult struct {
	Times []BusyTime
}

// UnmarshalJSON decodes the API's array.
func (r *ConversationsBusiestTimesResult) UnmarshalJSON(b []byte) error {
	return json.Unmarshal(b, &r.Times)
}

// MarshalJSON encodes the array the API sent.
func (r ConversationsBusiestTimesResult) MarshalJSON() ([]byte, error) {
	if r.Times == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(r.Times)
}

// GetConversations returns the conversations overall report:
// GET /v2/reports/conversations.
func (c *Client) GetConversations(ctx context.Context, p ConversationsParams) (*ConversationsResult, error) {
	return get[ConversationsResult](ctx, c, "/v2/reports/conversations", p)
}

// GetConversationsNewConversations returns the new conversations per bucket:
// GET /v2/reports/conversations/new.
func (c *Client) GetConversationsNewConversations(ctx context.Context, p ConversationsNewConversationsParams) (*ConversationsNewConversationsResult, error) {
	return get[ConversationsNewConversationsResult](ctx, c, "/v2/reports/conversations/new", p)
}

// GetConversationsChannelVolumes returns the conversations per channel and
// bucket: GET /v2/reports/conversations/volume-by-channel.
func (c *Client) GetConversationsChannelVolumes(ctx context.Context, p ConversationsChannelVolumesParams) (*ConversationsChannelVolumesResult, error) {
	return get[ConversationsChannelVolumesResult](ctx, c, "/v2/reports/conversations/volume-by-channel", p)
}

// GetConversationsBusiestTimes returns the conversations per weekday and hour:
// GET /v2/reports/conversations/busy-times.
func (c *Client) GetConversationsBusiestTimes(ctx context.Context, p ConversationsBusiestTimesParams) (*ConversationsBusiestTimesResult, error) {
	return get[ConversationsBusiestTimesResult](ctx, c, "/v2/reports/conversations/busy-times", p)
}

// GetConversationsDrilldown returns a page of the conversations of the range:
// GET /v2/reports/conversations/drilldown.
func (c *Client) GetConversationsDrilldown(ctx context.Context, p ConversationsDrilldownParams) (*ConversationsDrilldownResult, error) {
	return get[ConversationsDrilldownResult](ctx, c, "/v2/reports/conversations/drilldown", p)
}

// GetConversationsDrilldownByField returns a page of the conversations with
// one tag, saved reply, workflow or customer:
// GET /v2/reports/conversations/fields-drilldown.
func (c *Client) GetConversationsDrilldownByField(ctx context.Context, p ConversationsDrilldownByFieldParams) (*ConversationsDrilldownByFieldResult, error) {
	return get[ConversationsDrilldownByFieldResult](ctx, c, "/v2/reports/conversations/fields-drilldown", p)
}

// GetConversationsNewConversationsDrilldown returns a page of the new
// conversations of the range: GET /v2/reports/conversations/new-drilldown.
func (c *Client) GetConversationsNewConversationsDrilldown(ctx context.Context, p ConversationsNewConversationsDrilldownParams) (*ConversationsNewConversationsDrilldownResult, error) {
	return get[ConversationsNewConversationsDrilldownResult](ctx, c, "/v2/reports/conversations/new-drilldown", p)
}

// GetConversationsReceivedMessageStats returns the received messages per
// bucket: GET /v2/reports/conversations/received-messages.
func (c *Client) GetConversationsReceivedMessageStats(ctx context.Context, p ConversationsReceivedMessageStatsParams) (*ConversationsReceivedMessageStatsResult, error) {
	return get[ConversationsReceivedMessageStatsResult](ctx, c, "/v2/reports/conversations/received-messages", p)
}

// AllConversationsDrilldown iterates over the conversations of the
// conversations drilldown on every page, from p.Page on: GET
// /v2/reports/conversations/drilldown, page by page; see
// GetConversationsDrilldown, and Paged for how a walk goes.
func (c *Client) AllConversationsDrilldown(ctx context.Context, p ConversationsDrilldownParams) iter.Seq2[DrilldownConversation, error] {
	return items(c.AllConversationsDrilldownPages(ctx, p))
}

// AllConversationsDrilldownPages iterates over the pages of GET
// /v2/reports/conversations/drilldown, from p.Page on, each with the number of
// pages and the count of items across them, which a progress display needs;
// see AllConversationsDrilldown.
func (c *Client) AllConversationsDrilldownPages(ctx context.Context, p ConversationsDrilldownParams) iter.Seq2[*Paged[DrilldownConversation], error] {
	return walkPages(ctx, c, "/v2/reports/conversations/drilldown", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, conversationsPage)
}

// AllConversationsDrilldownByField iterates over the conversations of the
// fields drilldown on every page, from p.Page on: GET
// /v2/reports/conversations/fields-drilldown, page by page; see
// GetConversationsDrilldownByField, and Paged for how a walk goes.
func (c *Client) AllConversationsDrilldownByField(ctx context.Context, p ConversationsDrilldownByFieldParams) iter.Seq2[DrilldownConversation, error] {
	return items(c.AllConversationsDrilldownByFieldPages(ctx, p))
}

// AllConversationsDrilldownByFieldPages iterates over the pages of GET
// /v2/reports/conversations/fields-drilldown, from p.Page on, each with the
// number of pages and the count of items across them, which a progress display
// needs; see AllConversationsDrilldownByField.
func (c *Client) AllConversationsDrilldownByFieldPages(ctx context.Context, p ConversationsDrilldownByFieldParams) iter.Seq2[*Paged[DrilldownConversation], error] {
	return walkPages(ctx, c, "/v2/reports/conversations/fields-drilldown", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, conversationsPage)
}

// AllConversationsNewConversationsDrilldown iterates over the conversations of
// the new-conversations drilldown on every page, from p.Page on: GET
// /v2/reports/conversations/new-drilldown, page by page; see
// GetConversationsNewConversationsDrilldown, and Paged for how a walk goes.
func (c *Client) AllConversationsNewConversationsDrilldown(ctx context.Context, p ConversationsNewConversationsDrilldownParams) iter.Seq2[DrilldownConversation, error] {
	return items(c.AllConversationsNewConversationsDrilldownPages(ctx, p))
}

// AllConversationsNewConversationsDrilldownPages iterates over the pages of
// GET /v2/reports/conversations/new-drilldown, from p.Page on, each with the
// number of pages and the count of items across them, which a progress display
// needs; see AllConversationsNewConversationsDrilldown.
func (c *Client) AllConversationsNewConversationsDrilldownPages(ctx context.Context, p ConversationsNewConversationsDrilldownParams) iter.Seq2[*Paged[DrilldownConversation], error] {
	return walkPages(ctx, c, "/v2/reports/conversations/new-drilldown", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, conversationsPage)
}
