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
	FieldID int64          // required: the tag, saved reply, workflow or customer id, 1 to 2⁶²
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
	switch {
	case p.FieldID <= 0:
		q.invalid("FieldID", "is required and must be a positive id, got %d", p.FieldID)
	case p.FieldID > maxID:
		q.invalid("FieldID", "must be at most %d, got %d", int64(maxID), p.FieldID)
	}
	q.int("fieldid", p.FieldID)
}

// ConversationsResult is the conversations overall report.
type ConversationsResult struct {
	FilterTags []FilterTag `json:"filterTags,omitzero"` // the tags the report can be filtered on
	// BusiestDay is the peak of the busy times: the weekday and hour with
	// the most conversations, and their count, in the company's time zone.
	// Its count is the largest of the range's weekday-hour counts, so it
	// does not add up over days.
	BusiestDay    *BusyTime             `json:"busiestDay,omitempty"`
	BusyTimeStart int                   `json:"busyTimeStart"`          // hour (0–23) the busiest time of day starts, company time zone
	BusyTimeEnd   int                   `json:"busyTimeEnd"`            // hour (0–23) the busiest time of day ends (its last hour), company time zone
	Current       ConversationsStats    `json:"current"`                // the figures of the current range
	Previous      *ConversationsStats   `json:"previous,omitempty"`     // the figures of the previous range, when one was asked for
	Deltas        *ConversationsMetrics `json:"deltas,omitempty"`       // changes from the previous range to the current one (percent changes, see ConversationsMetrics)
	Tags          *TopList              `json:"tags,omitempty"`         // the most used tags
	Customers     *TopList              `json:"customers,omitempty"`    // the customers with the most conversations
	Replies       *TopList              `json:"replies,omitempty"`      // the most sent saved replies
	Workflows     *TopList              `json:"workflows,omitempty"`    // the workflows run most often
	CustomFields  *CustomFields         `json:"customFields,omitempty"` // how custom fields were answered
}

// ConversationsStats are the conversation figures over one range.
type ConversationsStats struct {
	Period
	ConversationsMetrics
}

// ConversationsMetrics are the conversation figures of a range (in
// ConversationsStats) or, in ConversationsResult.Deltas, their changes from
// the previous range. As deltas every field is a percent change,
// (current − previous) / previous × 100: the v1 docs say so and the docs'
// sample agrees (newConversations 1976 → 1698 gives −14.07). The field
// comments give the unit as a figure; the definitions are those of Help
// Scout's reporting help article.
type ConversationsMetrics struct {
	// TotalConversations is the distinct count of conversations touched in
	// the range (received, replied to, status changed, assigned, a workflow
	// run), spam and deleted conversations excluded: one touched on two days
	// is one conversation of their week (inferred).
	TotalConversations float64 `json:"totalConversations"`
	// ConversationsCreated is the count of conversations created in the
	// range. No source tells it from NewConversations: the docs' sample has
	// the same value in both (inferred).
	ConversationsCreated float64 `json:"conversationsCreated"`
	// NewConversations is the count of new conversations, created by
	// customers or users, spam and deleted excluded.
	NewConversations float64 `json:"newConversations"`
	// Customers is the distinct count of customers (unique e-mail
	// addresses) with conversations created or updated in the range. It
	// differs from CompanyStats.CustomersHelped, which counts the customers
	// who got a reply.
	Customers float64 `json:"customers"`
	// ConversationsPerDay is the average count of new or updated
	// conversations per day (a whole number in the samples); no figure of
	// the report weights it.
	ConversationsPerDay float64 `json:"conversationsPerDay"`
}

// BusyTime is the number of conversations in one hour of one weekday, in the
// company's time zone.
type BusyTime struct {
	Day   int     `json:"day"`   // weekday (1 Monday … 7 Sunday), company time zone
	Hour  int     `json:"hour"`  // hour (0–23) of the day, company time zone
	Count float64 `json:"count"` // count of conversations at that weekday and hour, over the range
}

// CustomFields summarises the answers to custom fields.
type CustomFields struct {
	Count  float64       `json:"count"`  // distinct count of custom fields reported (inferred: the sample has 1 with one field)
	Fields []CustomField `json:"fields"` // each custom field
}

// CustomField is one custom field and how it was answered.
type CustomField struct {
	ID        int64              `json:"id"`        // id of the custom field
	Name      string             `json:"name"`      // the custom field's name
	MailboxID int64              `json:"mailboxId"` // id of the mailbox the field belongs to
	Values    []CustomFieldValue `json:"values"`    // how often each value was chosen
	Summary   CustomFieldSummary `json:"summary"`   // totals and the unanswered share
}

// CustomFieldValue is how often one value of a custom field was chosen.
type CustomFieldValue struct {
	ID    int64   `json:"id"`    // id of the value
	Name  string  `json:"name"`  // the value's label
	Count float64 `json:"count"` // count of answers with this value, current range
	// Percent is the percent (0–100) of the field's Summary.Total with this
	// value, weighted by [CustomFieldSummary.Total] (the sample: 1442 of
	// 2616 gives 55.12).
	Percent float64 `json:"percent"`
}

// CustomFieldSummary totals the answers of a custom field. The previous
// totals are null when no previous range was asked for. No source defines
// these fields; the comments say what the docs' sample shows (inferred).
type CustomFieldSummary struct {
	// Total is the count of answers the field's percents are taken of
	// (inferred); the sample's 2616 exceeds the range's 1816 conversations,
	// so it is not simply the range's conversations.
	Total         float64 `json:"total"`
	TotalAnswered float64 `json:"totalAnswered"` // count of those with an answer (the sample: 2241)
	// PreviousTotal is the count of answers the percents are taken of over
	// the previous range; null without one.
	PreviousTotal *float64 `json:"previousTotal"`
	// PreviousTotalAnswered is the count of those with an answer over the
	// previous range; null without one.
	PreviousTotalAnswered *float64 `json:"previousTotalAnswered"`
	// UnansweredDelta is the change in points of the unanswered percent:
	// UnansweredPercent − UnansweredPreviousPercent.
	UnansweredDelta float64 `json:"unansweredDelta"`
	// UnansweredPreviousPercent is the percent (0–100) of the total with no
	// answer over the previous range, weighted by
	// [CustomFieldSummary.PreviousTotal]; 0 without one.
	UnansweredPreviousPercent float64 `json:"unansweredPreviousPercent"`
	// UnansweredPercent is the percent (0–100) of Total with no answer,
	// weighted by [CustomFieldSummary.Total] (the sample: 375 of 2616 gives
	// 14.33).
	UnansweredPercent float64 `json:"unansweredPercent"`
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
	Times []BusyTime // one entry per weekday and hour, company time zone
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
