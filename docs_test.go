package reports

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var docsEndpoints = []endpointCase{
	endpoint("GetDocs", "/v2/reports/docs", (*Client).GetDocs,
		DocsParams{},
		DocsParams{Dates: allDates, PreviousDates: allPrevious, Sites: allSites},
		wireKeys(keysDates, keysPrevious, keysSites),
		fx("docs.json", func(t *testing.T, r *DocsResult) {
			assert.Equal(t, 10723.0, r.Current.Visitors)
			assert.Equal(t, 0.9329443525211182, r.Current.DocsViewedPerVisit)
			assert.Nil(t, r.Previous, "the sample has no previous range")
			require.NotNil(t, r.Deltas)
			assert.Equal(t, -14.622392395035643, r.Deltas.Visitors)
			assert.Equal(t, []PopularSearch{{ID: "pricing", Count: 22, Results: 4}, {ID: "beacon", Count: 21, Results: 9}}, r.PopularSearches)
			assert.Equal(t, []FailedSearch{{ID: "knowlege", Count: 2}, {ID: "auto-advance", Count: 1}}, r.FailedSearches)
			assert.Equal(t, []TopArticle{{ID: "524db929e400c2199a391f39", Name: "Email commands ", SiteID: "52244cc53e3e9bd67a3dc68c",
				CollectionID: "524491b4e4b0145597daf4e4", Count: 2295}}, r.TopArticles)
			require.Len(t, r.TopCategories, 2)
			assert.Equal(t, TopCategory{ID: "52548414e4b0772073dac6d0", Name: "Copying Email to Help Scout",
				SiteID: "52444cc53e3e9bd67b3dc68c", Count: 790, Articles: 17}, r.TopCategories[1])
		})),
}

func TestDocsEndpoints(t *testing.T) { checkEndpoints(t, docsEndpoints) }
