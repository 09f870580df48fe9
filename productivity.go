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
	FilterTags        []FilterTag         `json:"filterTags,omitzero"`         // the tags the report can be filtered on
	Current           ProductivityStats   `json:"current"`                     // the figures of the current range
	Previous          *ProductivityStats  `json:"previous,omitempty"`          // the figures of the previous range, when one was asked for
	Deltas            *ProductivityDeltas `json:"deltas,omitempty"`            // changes from the previous range to the current one (percent changes)
	ResponseTime      *RangeBuckets       `json:"responseTime,omitempty"`      // histogram of response times
	HandleTime        *RangeBuckets       `json:"handleTime,omitempty"`        // histogram of handle times
	FirstResponseTime *RangeBuckets       `json:"firstResponseTime,omitempty"` // histogram of first response times
	RepliesToResolve  *RangeBuckets       `json:"repliesToResolve,omitempty"`  // histogram of replies needed to resolve
}

// ProductivityStats are the productivity figures over one range. Times are
// in seconds. Definitions are the v1 docs'; "resolved" means closed with at
// least one user reply, and a conversation is resolved once at most.
type ProductivityStats struct {
	Period
	// TotalConversations is the distinct count of conversations these
	// figures cover (inferred: touched in the range, as the conversations
	// report's).
	TotalConversations float64 `json:"totalConversations"`
	// ResolutionTime is the average time in seconds from a conversation's
	// creation to its resolution, weighted by [ProductivityStats.Resolved].
	ResolutionTime float64 `json:"resolutionTime"`
	// RepliesToResolve is the average count of replies sent before a
	// conversation was resolved, weighted by [ProductivityStats.Resolved].
	RepliesToResolve float64 `json:"repliesToResolve"`
	// ResponseTime is the average time in seconds a customer waited for a
	// reply. No source says whether it is averaged over replies or
	// conversations, so no figure weights it.
	ResponseTime float64 `json:"responseTime"`
	// FirstResponseTime is the average time in seconds a customer waited for
	// the first reply; later replies do not count.
	FirstResponseTime    float64 `json:"firstResponseTime"`
	Resolved             float64 `json:"resolved"`             // count of conversations resolved
	ResolvedOnFirstReply float64 `json:"resolvedOnFirstReply"` // count of conversations resolved after one reply
	Closed               float64 `json:"closed"`               // count of conversations closed in the range
	// RepliesSent is the count of replies sent by users to customers, new
	// conversation e-mails included.
	RepliesSent float64 `json:"repliesSent"`
	// HandleTime is the average time in seconds from pressing Reply to
	// pressing Send (only the last visit of a saved draft counts); averaged
	// over replies or conversations, no source says, so no figure weights
	// it.
	HandleTime float64 `json:"handleTime"`
	// PercentResolvedOnFirstReply is the fraction (0–1) of the resolved
	// conversations resolved after one reply, weighted by
	// [ProductivityStats.Resolved]. The docs call it a percentage, but every
	// sample holds a fraction 0–1 (5 of 14 gives 0.357), so expect 0–1.
	PercentResolvedOnFirstReply float64 `json:"percentResolvedOnFirstReply"`
}

// ProductivityDeltas are the changes from the previous range to the current
// one. Every field is a percent change, (current − previous) / previous ×
// 100, of the ProductivityStats field of the same name: the v1 docs say so
// and the docs' sample agrees (resolved 14 → 1 gives −92.86, repliesToResolve
// 2.214 → 2.0 gives −9.68, handleTime 0 → 6 gives 0: a change from 0 is 0).
// PercentResolvedOnFirstReply has no delta.
type ProductivityDeltas struct {
	TotalConversations   float64 `json:"totalConversations"`   // percent change of TotalConversations
	ResolutionTime       float64 `json:"resolutionTime"`       // percent change of ResolutionTime
	RepliesToResolve     float64 `json:"repliesToResolve"`     // percent change of RepliesToResolve
	ResponseTime         float64 `json:"responseTime"`         // percent change of ResponseTime
	FirstResponseTime    float64 `json:"firstResponseTime"`    // percent change of FirstResponseTime
	Resolved             float64 `json:"resolved"`             // percent change of Resolved
	ResolvedOnFirstReply float64 `json:"resolvedOnFirstReply"` // percent change of ResolvedOnFirstReply
	Closed               float64 `json:"closed"`               // percent change of Closed
	RepliesSent          float64 `json:"repliesSent"`          // percent change of RepliesSent
	HandleTime           float64 `json:"handleTime"`           // percent change of HandleTime
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
