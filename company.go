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
	RangeID int            // the bucket; requires Range
}

func (p CompanyDrilldownParams) encode(q *query) {
	q.dates(p.Dates, nil)
	q.filters(p.Filters)
	q.paging(p.Paging)
	q.str("range", string(p.Range))
	if p.RangeID < 0 {
		q.invalid("RangeID", "must not be negative, got %d", p.RangeID)
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
	FilterTags []FilterTag    `json:"filterTags,omitzero"`
	Current    CompanyStats   `json:"current"`
	Previous   *CompanyStats  `json:"previous,omitempty"`
	Deltas     *CompanyDeltas `json:"deltas,omitempty"` // percent changes
	Users      []CompanyUser  `json:"users,omitzero"`
}

// CompanyStats are the company's figures over one range.
type CompanyStats struct {
	Period
	CustomersHelped      float64 `json:"customersHelped"`
	Closed               float64 `json:"closed"`
	TotalReplies         float64 `json:"totalReplies"`
	TotalUsers           float64 `json:"totalUsers"`
	TotalDays            float64 `json:"totalDays"`
	RepliesPerDayPerUser float64 `json:"repliesPerDayPerUser"`
	RepliesPerDay        float64 `json:"repliesPerDay"`
	ResolvedPerDay       float64 `json:"resolvedPerDay"`
}

// CompanyDeltas are the percent changes from the previous range.
type CompanyDeltas struct {
	CustomersHelped      float64 `json:"customersHelped"`
	TotalReplies         float64 `json:"totalReplies"`
	RepliesPerDay        float64 `json:"repliesPerDay"`
	Closed               float64 `json:"closed"`
	TotalUsers           float64 `json:"totalUsers"`
	RepliesPerDayPerUser float64 `json:"repliesPerDayPerUser"`
}

// CompanyUser is one user's figures in the company report.
type CompanyUser struct {
	User                    string  `json:"user"` // the user id, which the API sends as a string
	Name                    string  `json:"name"`
	CustomersHelped         float64 `json:"customersHelped"`
	Replies                 float64 `json:"replies"`
	HandleTime              float64 `json:"handleTime"`
	HappinessScore          float64 `json:"happinessScore"`
	PreviousCustomersHelped float64 `json:"previousCustomersHelped"`
	PreviousReplies         float64 `json:"previousReplies"`
	PreviousHandleTime      float64 `json:"previousHandleTime"`
	PreviousHappinessScore  float64 `json:"previousHappinessScore"`
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
