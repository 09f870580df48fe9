package reports

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allProductivitySeries is the every-param value of the productivity series.
var allProductivitySeries = ProductivityTimeSeriesParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters,
	OfficeHours: true, ViewBy: ViewByWeek}

// keysProductivitySeries are the keys the productivity series accept.
var keysProductivitySeries = wireKeys(keysDates, keysPrevious, keysFilters, keysOffice, keysViewBy)

var productivityEndpoints = []endpointCase{
	endpoint("GetProductivity", "/v2/reports/productivity", (*Client).GetProductivity,
		ProductivityParams{},
		ProductivityParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, OfficeHours: true},
		wireKeys(keysDates, keysPrevious, keysFilters, keysOffice),
		fx("productivity.json", func(t *testing.T, r *ProductivityResult) {
			assert.Equal(t, []FilterTag{{ID: 123, Name: "sample-tag"}}, r.FilterTags)
			assert.Equal(t, utcTime(2015, 1, 1, 0, 0, 0), r.Current.StartDate)
			// Printed as 2278004.0 and as 2278004: the same float64.
			assert.Equal(t, 2278004.0, r.Current.ResolutionTime)
			assert.Equal(t, 2278004.0, r.Current.ResponseTime)
			assert.Equal(t, 94.0, r.Current.Closed)
			require.NotNil(t, r.Previous)
			assert.Equal(t, 6531211.714285715, r.Previous.ResolutionTime)
			assert.Equal(t, 0.35714285714285715, r.Previous.PercentResolvedOnFirstReply)
			require.NotNil(t, r.Deltas)
			assert.Equal(t, -100.0, r.Deltas.ResolvedOnFirstReply)
			require.NotNil(t, r.ResponseTime)
			assert.Equal(t, RangeBuckets{Count: 1, PreviousCount: 14, Ranges: []RangeBucket{
				{ID: 10, Count: 1, PreviousCount: 12, Percent: 100, PreviousPercent: 85.71428571428571},
			}}, *r.ResponseTime)
			require.NotNil(t, r.HandleTime)
			require.NotNil(t, r.FirstResponseTime)
			assert.Nil(t, r.HandleTime.Ranges[0].ResolutionTime)
			require.NotNil(t, r.RepliesToResolve)
			require.Len(t, r.RepliesToResolve.Ranges, 1)
			require.NotNil(t, r.RepliesToResolve.Ranges[0].ResolutionTime, "replies-to-resolve buckets carry a resolution time")
			assert.Equal(t, 2278004.0, *r.RepliesToResolve.Ranges[0].ResolutionTime)
		})),
	endpoint("GetProductivityFirstResponseTime", "/v2/reports/productivity/first-response-time", (*Client).GetProductivityFirstResponseTime,
		ProductivityFirstResponseTimeParams{}, allProductivitySeries, keysProductivitySeries,
		fx("productivity_first_response_time.json", func(t *testing.T, r *ProductivityFirstResponseTimeResult) {
			assert.Equal(t, []TimePoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Time: 77134}}, r.Current)
			assert.Equal(t, []TimePoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Time: 160951}}, r.Previous)
		})),
	endpoint("GetProductivityRepliesSent", "/v2/reports/productivity/replies-sent", (*Client).GetProductivityRepliesSent,
		ProductivityRepliesSentParams{}, allProductivitySeries, keysProductivitySeries,
		fx("productivity_replies_sent.json", func(t *testing.T, r *ProductivityRepliesSentResult) {
			assert.Equal(t, []RepliesPoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Replies: 86}}, r.Current)
			assert.Equal(t, []RepliesPoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Replies: 109}}, r.Previous)
		})),
	endpoint("GetProductivityResolutionTime", "/v2/reports/productivity/resolution-time", (*Client).GetProductivityResolutionTime,
		ProductivityResolutionTimeParams{}, allProductivitySeries, keysProductivitySeries,
		fx("productivity_resolution_time.json", func(t *testing.T, r *ProductivityResolutionTimeResult) {
			assert.Equal(t, []TimePoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Time: 423588}}, r.Current)
			assert.Equal(t, []TimePoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Time: 642356}}, r.Previous)
		})),
	endpoint("GetProductivityResolved", "/v2/reports/productivity/resolved", (*Client).GetProductivityResolved,
		ProductivityResolvedParams{}, allProductivitySeries, keysProductivitySeries,
		fx("productivity_resolved.json", func(t *testing.T, r *ProductivityResolvedResult) {
			assert.Equal(t, []ResolvedPoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Resolved: 49}}, r.Current)
			assert.Equal(t, []ResolvedPoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Resolved: 47}}, r.Previous)
		})),
	endpoint("GetProductivityResponseTime", "/v2/reports/productivity/response-time", (*Client).GetProductivityResponseTime,
		ProductivityResponseTimeParams{}, allProductivitySeries, keysProductivitySeries,
		fx("productivity_response_time.json", func(t *testing.T, r *ProductivityResponseTimeResult) {
			assert.Equal(t, []TimePoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Time: 82731}}, r.Current)
			assert.Equal(t, []TimePoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Time: 115673}}, r.Previous)
		})),
}

func TestProductivityEndpoints(t *testing.T) { checkEndpoints(t, productivityEndpoints) }
