package reports

import (
	"context"
	"iter"
)

// CompanyParams are the params of GetCompany.
type CompanyParams = OverallParams

// CompanyCustomersHelpedParams are the params of GetCompanyCustomersHelped.
type CompanyCustomersHelpedParams = TimeSeriesParams

// CompanyDrilldownParams are the params of GetCompanyDrilldown: the
// conversations behind one range bucket of a company metric.
type CompanyDrilldownParams struct {
	Dates
	Filters
	Paging
	Range   DrilldownRange // the metric whose buckets to drill into
	RangeID int            // the bucket; requires Range; at most 2³¹−1
}

func (p CompanyDrilldownParams) encode(q *query) {
	q.dates(p.Dates, nil)
	q.filters(p.Filters)
	q.paging(p.Paging)
	q.str("range", string(p.Range))
	switch {
	case p.RangeID < 0:
		q.invalid("RangeID", "must not be negative, got %d", p.RangeID)
	case p.RangeID > maxPage:
		q.invalid("RangeID", "must be at most %d, got %d", maxPage, p.RangeID)
	}
	if p.RangeID != 0 {
		if p.Range == "" {
			q.invalid("RangeID", "requires Range")
		}
		q.int("rangeId", int64(p.RangeID))
	}
}

// CompanyResult is the company overall report.
type CompanyResult struct {
	FilterTags []FilterTag    `json:"filterTags,omitzero"` // the tags the report can be filtered on
	Current    CompanyStats   `json:"current"`             // the figures of the current range
	Previous   *CompanyStats  `json:"previous,omitempty"`  // the figures of the previous range, when one was asked for
	Deltas     *CompanyDeltas `json:"deltas,omitempty"`    // changes from the previous range to the current one (percent changes)
	Users      []CompanyUser  `json:"users,omitzero"`      // each user's figures
}

// CompanyStats are the company's figures over one range.
type CompanyStats struct {
	Period
	// CustomersHelped is the distinct count of customers the company
	// replied to; notes, status changes and assignments do not count.
	CustomersHelped float64 `json:"customersHelped"`
	Closed          float64 `json:"closed"`       // count of conversations closed in the range
	TotalReplies    float64 `json:"totalReplies"` // count of replies sent in the range
	TotalUsers      float64 `json:"totalUsers"`   // distinct count of users who helped customers in the range
	TotalDays       float64 `json:"totalDays"`    // count of days in the range
	// RepliesPerDayPerUser is the average count of replies sent per day and
	// user (the users vary by day, so no one figure weights it).
	RepliesPerDayPerUser float64 `json:"repliesPerDayPerUser"`
	RepliesPerDay        float64 `json:"repliesPerDay"`  // average count of replies sent per day, weighted by [CompanyStats.TotalDays]
	ResolvedPerDay       float64 `json:"resolvedPerDay"` // average count of conversations resolved per day, weighted by [CompanyStats.TotalDays]
}

// CompanyDeltas are the changes from the previous range to the current one.
// Every field is a percent change, (current − previous) / previous × 100,
// of the CompanyStats field of the same name: the v1 docs say so and the
// docs' sample agrees (customersHelped 27 → 28 gives 3.70, totalUsers 4 → 5
// gives 25).
type CompanyDeltas struct {
	CustomersHelped      float64 `json:"customersHelped"`      // percent change of CustomersHelped
	TotalReplies         float64 `json:"totalReplies"`         // percent change of TotalReplies
	RepliesPerDay        float64 `json:"repliesPerDay"`        // percent change of RepliesPerDay
	Closed               float64 `json:"closed"`               // percent change of Closed
	TotalUsers           float64 `json:"totalUsers"`           // percent change of TotalUsers
	RepliesPerDayPerUser float64 `json:"repliesPerDayPerUser"` // percent change of RepliesPerDayPerUser
}

// CompanyUser is one user's figures in the company report. The previous
// figures are 0 when no previous range was asked for.
type CompanyUser struct {
	User            string  `json:"user"`            // the user id, which the API sends as a string
	Name            string  `json:"name"`            // the user's name
	CustomersHelped float64 `json:"customersHelped"` // distinct count of customers the user helped, current range
	Replies         float64 `json:"replies"`         // count of replies the user sent, current range
	// HandleTime is the average time in seconds the user took to handle a
	// reply, current range, from pressing Reply to pressing Send (only the
	// last visit of a saved draft counts). No source says whether it is
	// averaged over replies or conversations, so no figure weights it.
	HandleTime float64 `json:"handleTime"`
	// HappinessScore is the score (−100 to 100) of the user's ratings,
	// current range: the Great percent minus the Not Good percent.
	HappinessScore float64 `json:"happinessScore"`
	// PreviousCustomersHelped is the distinct count of customers the user
	// helped over the previous range.
	PreviousCustomersHelped float64 `json:"previousCustomersHelped"`
	PreviousReplies         float64 `json:"previousReplies"` // count of replies the user sent over the previous range
	// PreviousHandleTime is the average time in seconds the user took to
	// handle a reply over the previous range.
	PreviousHandleTime float64 `json:"previousHandleTime"`
	// PreviousHappinessScore is the score (−100 to 100) of the user's
	// ratings over the previous range.
	PreviousHappinessScore float64 `json:"previousHappinessScore"`
}

// CompanyCustomersHelpedResult is the customers-helped time series.
type CompanyCustomersHelpedResult = TimeSeries[CustomersPoint]

// CompanyDrilldownResult is a page of the company drilldown.
type CompanyDrilldownResult = DrilldownResult

// GetCompany returns the company overall report: GET /v2/reports/company.
func (c *Client) GetCompany(ctx context.Context, p CompanyParams) (*CompanyResult, error) {
	return get[CompanyResult](ctx, c, "/v2/reports/company", p)
}

// GetCompanyCustomersHelped returns the customers helped per bucket:
// GET /v2/reports/company/customers-helped.
func (c *Client) GetCompanyCustomersHelped(ctx context.Context, p CompanyCustomersHelpedParams) (*CompanyCustomersHelpedResult, error) {
	return get[CompanyCustomersHelpedResult](ctx, c, "/v2/reports/company/customers-helped", p)
}

// GetCompanyDrilldown returns a page of the conversations behind a company
// metric: GET /v2/reports/company/drilldown.
func (c *Client) GetCompanyDrilldown(ctx context.Context, p CompanyDrilldownParams) (*CompanyDrilldownResult, error) {
	return get[CompanyDrilldownResult](ctx, c, "/v2/reports/company/drilldown", p)
}

// AllCompanyDrilldown iterates over the conversations of the company drilldown
// on every page, from p.Page on: GET /v2/reports/company/drilldown, page by
// page; see GetCompanyDrilldown, and Paged for how a walk goes.
func (c *Client) AllCompanyDrilldown(ctx context.Context, p CompanyDrilldownParams) iter.Seq2[DrilldownConversation, error] {
	return items(c.AllCompanyDrilldownPages(ctx, p))
}

// AllCompanyDrilldownPages iterates over the pages of GET
// /v2/reports/company/drilldown, from p.Page on, each with the number of pages
// and the count of items across them, which a progress display needs; see
// AllCompanyDrilldown.
func (c *Client) AllCompanyDrilldownPages(ctx context.Context, p CompanyDrilldownParams) iter.Seq2[*Paged[DrilldownConversation], error] {
	return walkPages(ctx, c, "/v2/reports/company/drilldown", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, conversationsPage)
}
