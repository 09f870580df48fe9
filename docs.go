package reports

import "context"

// DocsParams are the params of GetDocs: ranges and Docs site ids.
type DocsParams struct {
	Dates
	PreviousDates
	Sites []string // Docs site ids; empty for all sites
}

func (p DocsParams) encode(q *query) {
	q.dates(p.Dates, &p.PreviousDates)
	strs(q, "sites", "Sites", p.Sites)
}

// DocsResult is the Docs overall report.
type DocsResult struct {
	Current         DocsStats       `json:"current"`                  // the figures of the current range
	Previous        *DocsStats      `json:"previous,omitempty"`       // the figures of the previous range, when one was asked for
	Deltas          *DocsStats      `json:"deltas,omitempty"`         // changes from the previous range to the current one: points or percent changes, see DocsStats
	PopularSearches []PopularSearch `json:"popularSearches,omitzero"` // the most frequent search terms, current range
	FailedSearches  []FailedSearch  `json:"failedSearches,omitzero"`  // the most frequent search terms that found nothing, current range
	TopArticles     []TopArticle    `json:"topArticles,omitzero"`     // the most viewed articles, current range
	TopCategories   []TopCategory   `json:"topCategories,omitzero"`   // the most viewed categories, current range
}

// DocsStats are the Docs figures of a range (Current, Previous) or their
// changes from the previous range (Deltas). The field comments give the
// unit as a figure, with the v1 docs' definitions. As deltas:
//   - BrowseAction, SearchAction, SentAnEmailResult, FoundAnAnswerResult and
//     FailedResult, which are percents, change in points (current −
//     previous): in the docs' sample BrowseAction and SearchAction (which
//     add up to 100) have deltas −2.1549 and +2.1549, and the three results
//     (which add up to 100) have deltas that add up to 0; percent changes
//     could not cancel out.
//   - Visitors and DocsViewedPerVisit change in percent, (current −
//     previous) / previous × 100: DocsViewedPerVisit's sample delta (+2.56)
//     exceeds its value (0.93), so it cannot be a difference; Visitors, a
//     count, is taken to change like the other reports' counts (inferred:
//     the sample has no previous figures to check against).
type DocsStats struct {
	Visitors            float64 `json:"visitors"`            // distinct count of visitors (unique browsers)
	BrowseAction        float64 `json:"browseAction"`        // percent (0–100) of views due to browsing
	SentAnEmailResult   float64 `json:"sentAnEmailResult"`   // percent (0–100) of views after which the customer e-mailed support
	FoundAnAnswerResult float64 `json:"foundAnAnswerResult"` // percent (0–100) of views where the customer viewed an article and did not contact support
	SearchAction        float64 `json:"searchAction"`        // percent (0–100) of views due to searching
	FailedResult        float64 `json:"failedResult"`        // percent (0–100) of views where the customer left without viewing an article
	// DocsViewedPerVisit is the average count of articles viewed per visit
	// (a visit ends after 30 minutes of inactivity).
	DocsViewedPerVisit float64 `json:"docsViewedPerVisit"`
}

// PopularSearch is a frequent search term and how many articles it found.
type PopularSearch struct {
	ID      string  `json:"id"`      // the search term
	Count   float64 `json:"count"`   // count of searches for the term
	Results float64 `json:"results"` // how many articles the search finds: the term's own figure, not summed over days
}

// FailedSearch is a frequent search term that found nothing.
type FailedSearch struct {
	ID    string  `json:"id"`    // the search term
	Count float64 `json:"count"` // count of searches for the term
}

// TopArticle is a most-viewed article.
type TopArticle struct {
	ID           string  `json:"id"`           // the article id
	Name         string  `json:"name"`         // the article's title
	SiteID       string  `json:"siteId"`       // the Docs site id
	CollectionID string  `json:"collectionId"` // the article's collection id
	Count        float64 `json:"count"`        // count of views of the article
}

// TopCategory is a most-viewed category.
type TopCategory struct {
	ID       string  `json:"id"`       // the category id
	Name     string  `json:"name"`     // the category's name
	SiteID   string  `json:"siteId"`   // the Docs site id
	Count    float64 `json:"count"`    // count of views of the category
	Articles float64 `json:"articles"` // how many articles the category holds: its own figure, not summed over days
}

// GetDocs returns the Docs overall report: GET /v2/reports/docs.
func (c *Client) GetDocs(ctx context.Context, p DocsParams) (*DocsResult, error) {
	return get[DocsResult](ctx, c, "/v2/reports/docs", p)
}
