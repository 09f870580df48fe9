package reports

import "context"

// ProductivityParams are the params of GetProductivity.
type ProductivityParams struct {
	Dates
	PreviousDates
	Filters
	OfficeHours bool // count times within office hours only
}

func (p ProductivityParams) encode(q *query) {
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
	q.flag("officeHours", p.OfficeHours)
}

// ProductivityFirstResponseTimeParams are the params of
// GetProductivityFirstResponseTime.
type ProductivityFirstResponseTimeParams = ProductivityTimeSeriesParams

// ProductivityRepliesSentParams are the params of GetProductivityRepliesSent.
type ProductivityRepliesSentParams = ProductivityTimeSeriesParams

// ProductivityResolutionTimeParams are the params of
// GetProductivityResolutionTime.
type ProductivityResolutionTimeParams = ProductivityTimeSeriesParams

// ProductivityResolvedParams are the params of GetProductivityResolved.
type ProductivityResolvedParams = ProductivityTimeSeriesParams

// ProductivityResponseTimeParams are the params of
// GetProductivityResponseTime.
type ProductivityResponseTimeParams = ProductivityTimeSeriesParams

// ProductivityResult is the productivity overall report: figures and the
// histograms of the time metrics.
type ProductivityResult struct {
	FilterTags        []FilterTag         `json:"filterTags,omitzero"`
	Current           ProductivityStats   `json:"current"`
	Previous          *ProductivityStats  `json:"previous,omitempty"`
	Deltas            *ProductivityDeltas `json:"deltas,omitempty"` // percent changes
	ResponseTime      *RangeBuckets       `json:"responseTime,omitempty"`
	HandleTime        *RangeBuckets       `json:"handleTime,omitempty"`
	FirstResponseTime *RangeBuckets       `json:"firstResponseTime,omitempty"`
	RepliesToResolve  *RangeBuckets       `json:"repliesToResolve,omitempty"`
}

// ProductivityStats are the productivity figures over one range. Times are
// in seconds.
type ProductivityStats struct {
	Period
	TotalConversations          float64 `json:"totalConversations"`
	ResolutionTime              float64 `json:"resolutionTime"`
	RepliesToResolve            float64 `json:"repliesToResolve"`
	ResponseTime                float64 `json:"responseTime"`
	FirstResponseTime           float64 `json:"firstResponseTime"`
	Resolved                    float64 `json:"resolved"`
	ResolvedOnFirstReply        float64 `json:"resolvedOnFirstReply"`
	Closed                      float64 `json:"closed"`
	RepliesSent                 float64 `json:"repliesSent"`
	HandleTime                  float64 `json:"handleTime"`
	PercentResolvedOnFirstReply float64 `json:"percentResolvedOnFirstReply"`
}

// ProductivityDeltas are the percent changes from the previous range.
type ProductivityDeltas struct {
	TotalConversations   float64 `json:"totalConversations"`
	ResolutionTime       float64 `json:"resolutionTime"`
	RepliesToResolve     float64 `json:"repliesToResolve"`
	ResponseTime         float64 `json:"responseTime"`
	FirstResponseTime    float64 `json:"firstResponseTime"`
	Resolved             float64 `json:"resolved"`
	ResolvedOnFirstReply float64 `json:"resolvedOnFirstReply"`
	Closed               float64 `json:"closed"`
	RepliesSent          float64 `json:"repliesSent"`
	HandleTime           float64 `json:"handleTime"`
}

// ProductivityFirstResponseTimeResult is the first-response-time series.
type ProductivityFirstResponseTimeResult = TimeSeries[TimePoint]

// ProductivityRepliesSentResult is the replies-sent series.
type ProductivityRepliesSentResult = TimeSeries[RepliesPoint]

// ProductivityResolutionTimeResult is the resolution-time series.
type ProductivityResolutionTimeResult = TimeSeries[TimePoint]

// ProductivityResolvedResult is the resolved-conversations series.
type ProductivityResolvedResult = TimeSeries[ResolvedPoint]

// ProductivityResponseTimeResult is the response-time series.
type ProductivityResponseTimeResult = TimeSeries[TimePoint]

// GetProductivity returns the productivity overall report:
// GET /v2/reports/productivity.
func (c *Client) GetProductivity(ctx context.Context, p ProductivityParams) (*ProductivityResult, error) {
	return get[ProductivityResult](ctx, c, "/v2/reports/productivity", p)
}

// GetProductivityFirstResponseTime returns the average first response time
// per bucket: GET /v2/reports/productivity/first-response-time.
func (c *Client) GetProductivityFirstResponseTime(ctx context.Context, p ProductivityFirstResponseTimeParams) (*ProductivityFirstResponseTimeResult, error) {
	return get[ProductivityFirstResponseTimeResult](ctx, c, "/v2/reports/productivity/first-response-time", p)
}

// GetProductivityRepliesSent returns the replies sent per bucket:
// GET /v2/reports/productivity/replies-sent.
func (c *Client) GetProductivityRepliesSent(ctx context.Context, p ProductivityRepliesSentParams) (*ProductivityRepliesSentResult, error) {
	return get[ProductivityRepliesSentResult](ctx, c, "/v2/reports/productivity/replies-sent", p)
}

// GetProductivityResolutionTime returns the average resolution time per
// bucket: GET /v2/reports/productivity/resolution-time.
func (c *Client) GetProductivityResolutionTime(ctx context.Context, p ProductivityResolutionTimeParams) (*ProductivityResolutionTimeResult, error) {
	return get[ProductivityResolutionTimeResult](ctx, c, "/v2/reports/productivity/resolution-time", p)
}

// GetProductivityResolved returns the conversations resolved per bucket:
// GET /v2/reports/productivity/resolved.
func (c *Client) GetProductivityResolved(ctx context.Context, p ProductivityResolvedParams) (*ProductivityResolvedResult, error) {
	return get[ProductivityResolvedResult](ctx, c, "/v2/reports/productivity/resolved", p)
}

// GetProductivityResponseTime returns the average response time per bucket:
// GET /v2/reports/productivity/response-time.
func (c *Client) GetProductivityResponseTime(ctx context.Context, p ProductivityResponseTimeParams) (*ProductivityResponseTimeResult, error) {
	return get[ProductivityResponseTimeResult](ctx, c, "/v2/reports/productivity/response-time", p)
}
