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
	Current         DocsStats       `json:"current"`
	Previous        *DocsStats      `json:"previous,omitempty"`
	Deltas          *DocsStats      `json:"deltas,omitempty"` // percent changes
	PopularSearches []PopularSearch `json:"popularSearches,omitzero"`
	FailedSearches  []FailedSearch  `json:"failedSearches,omitzero"`
	TopArticles     []TopArticle    `json:"topArticles,omitzero"`
	TopCategories   []TopCategory   `json:"topCategories,omitzero"`
}

// DocsStats are the Docs figures over one range, or their deltas.
type DocsStats struct {
	Visitors            float64 `json:"visitors"`            // unique browsers
	BrowseAction        float64 `json:"browseAction"`        // % of views due to browsing
	SentAnEmailResult   float64 `json:"sentAnEmailResult"`   // % that then e-mailed support
	FoundAnAnswerResult float64 `json:"foundAnAnswerResult"` // % that viewed an article and did not contact support
	SearchAction        float64 `json:"searchAction"`        // % of views due to searching
	FailedResult        float64 `json:"failedResult"`        // % that left without viewing an article
	DocsViewedPerVisit  float64 `json:"docsViewedPerVisit"`
}

// PopularSearch is a frequent search term and how many articles it found.
type PopularSearch struct {
	ID      string  `json:"id"` // the search term
	Count   float64 `json:"count"`
	Results float64 `json:"results"`
}

// FailedSearch is a frequent search term that found nothing.
type FailedSearch struct {
	ID    string  `json:"id"` // the search term
	Count float64 `json:"count"`
}

// TopArticle is a most-viewed article.
type TopArticle struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	SiteID       string  `json:"siteId"`
	CollectionID string  `json:"collectionId"`
	Count        float64 `json:"count"`
}

// TopCategory is a most-viewed category.
type TopCategory struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	SiteID   string  `json:"siteId"`
	Count    float64 `json:"count"`
	Articles float64 `json:"articles"`
}

// GetDocs returns the Docs overall report: GET /v2/reports/docs.
func (c *Client) GetDocs(ctx context.Context, p DocsParams) (*DocsResult, error) {
	return get[DocsResult](ctx, c, "/v2/reports/docs", p)
}
