package reports

import (
	"context"
	"iter"
)

// HappinessParams are the params of GetHappiness.
type HappinessParams = OverallParams

// HappinessRatingsParams are the params of GetHappinessRatings: ranges,
// filters, a page (the API takes no rows here) and the ratings' filter and
// order.
type HappinessRatingsParams struct {
	Dates
	PreviousDates
	Filters
	Page      int
	SortField RatingSortField
	SortOrder SortOrder
	Rating    RatingFilter
}

func (p HappinessRatingsParams) encode(q *query) {
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
	q.ratings(p.Page, p.SortField, p.SortOrder, p.Rating)
}

// ratings encodes the page, order and filter of the ratings reports. The sort
// field goes out as sortField, as the current docs have it (an older page and
// the PHP SDK say sortFieldRatings).
func (q *query) ratings(page int, field RatingSortField, order SortOrder, rating RatingFilter) {
	q.page(page)
	q.str("sortField", string(field))
	q.str("sortOrder", string(order))
	q.str("rating", string(rating))
}

// HappinessResult is the happiness overall report, of the company or of a
// user.
type HappinessResult struct {
	FilterTags []FilterTag      `json:"filterTags,omitzero"`
	Current    HappinessStats   `json:"current"`
	Previous   *HappinessStats  `json:"previous,omitempty"`
	Deltas     *HappinessDeltas `json:"deltas,omitempty"` // percent changes
}

// HappinessStats are the happiness figures over one range. Great, Okay and
// NotGood are percentages of the ratings; HappinessScore is Great minus
// NotGood.
type HappinessStats struct {
	RatingsPercent            float64 `json:"ratingsPercent"`
	Great                     float64 `json:"great"`
	Okay                      float64 `json:"okay"`
	NotGood                   float64 `json:"notGood"`
	HappinessScore            float64 `json:"happinessScore"`
	GreatCount                float64 `json:"greatCount"`
	OkayCount                 float64 `json:"okayCount"`
	NotGoodCount              float64 `json:"notGoodCount"`
	RatingsCount              float64 `json:"ratingsCount"`
	TotalCustomersWithRatings float64 `json:"totalCustomersWithRatings"`
	TotalCustomers            float64 `json:"totalCustomers"`
}

// HappinessDeltas are the changes from the previous range.
type HappinessDeltas struct {
	Great          float64 `json:"great"`
	Okay           float64 `json:"okay"`
	NotGood        float64 `json:"notGood"`
	HappinessScore float64 `json:"happinessScore"`
	GreatCount     float64 `json:"greatCount"`
	OkayCount      float64 `json:"okayCount"`
	NotGoodCount   float64 `json:"notGoodCount"`
}

// HappinessRatingsResult is a page of the company's ratings.
type HappinessRatingsResult = RatingsResult

// GetHappiness returns the happiness overall report:
// GET /v2/reports/happiness.
func (c *Client) GetHappiness(ctx context.Context, p HappinessParams) (*HappinessResult, error) {
	return get[HappinessResult](ctx, c, "/v2/reports/happiness", p)
}

// GetHappinessRatings returns a page of the company's happiness ratings:
// GET /v2/reports/happiness/ratings.
func (c *Client) GetHappinessRatings(ctx context.Context, p HappinessRatingsParams) (*HappinessRatingsResult, error) {
	return get[HappinessRatingsResult](ctx, c, "/v2/reports/happiness/ratings", p)
}

// AllHappinessRatings iterates over the company's happiness ratings on every
// page, from p.Page on: GET /v2/reports/happiness/ratings, page by page; see
// GetHappinessRatings, and Paged for how a walk goes.
func (c *Client) AllHappinessRatings(ctx context.Context, p HappinessRatingsParams) iter.Seq2[Rating, error] {
	return items(c.AllHappinessRatingsPages(ctx, p))
}

// AllHappinessRatingsPages iterates over the pages of GET
// /v2/reports/happiness/ratings, from p.Page on, each with the number of pages
// and the count of items across them, which a progress display needs; see
// AllHappinessRatings.
func (c *Client) AllHappinessRatingsPages(ctx context.Context, p HappinessRatingsParams) iter.Seq2[*Paged[Rating], error] {
	return walkPages(ctx, c, "/v2/reports/happiness/ratings", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, ratingsPage)
}
