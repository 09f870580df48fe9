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
	Page      int // page: 1-based, at most 2³¹−1; 0 sends none
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
	FilterTags []FilterTag      `json:"filterTags,omitzero"` // the tags the report can be filtered on; the samples show them for the user report only
	Current    HappinessStats   `json:"current"`             // the figures of the current range
	Previous   *HappinessStats  `json:"previous,omitempty"`  // the figures of the previous range, when one was asked for
	Deltas     *HappinessDeltas `json:"deltas,omitempty"`    // changes from the previous range to the current one: points and percent changes, see HappinessDeltas
}

// HappinessStats are the happiness figures over one range. Great, Okay and
// NotGood are percentages of the ratings; HappinessScore is Great minus
// NotGood.
type HappinessStats struct {
	RatingsPercent float64 `json:"ratingsPercent"` // percent (0–100) of customers who rated; a share of distinct customers, so no figure weights it
	Great          float64 `json:"great"`          // percent (0–100) of the ratings that are Great, weighted by [HappinessStats.RatingsCount]
	Okay           float64 `json:"okay"`           // percent (0–100) of the ratings that are Okay, weighted by [HappinessStats.RatingsCount]
	NotGood        float64 `json:"notGood"`        // percent (0–100) of the ratings that are Not Good, weighted by [HappinessStats.RatingsCount]
	// HappinessScore is the score (−100 to 100) of the ratings, Great minus
	// NotGood, weighted by [HappinessStats.RatingsCount] (the score of two
	// ranges together is their scores weighted so).
	HappinessScore            float64 `json:"happinessScore"`
	GreatCount                float64 `json:"greatCount"`                // count of Great ratings
	OkayCount                 float64 `json:"okayCount"`                 // count of Okay ratings
	NotGoodCount              float64 `json:"notGoodCount"`              // count of Not Good ratings
	RatingsCount              float64 `json:"ratingsCount"`              // count of ratings
	TotalCustomersWithRatings float64 `json:"totalCustomersWithRatings"` // distinct count of customers who rated
	TotalCustomers            float64 `json:"totalCustomers"`            // distinct count of customers, those who did not rate included
}

// HappinessDeltas are the changes from the previous range to the current
// one, in two units. Great, Okay, NotGood and HappinessScore, which are
// percents, change in points (current − previous); the counts change in
// percent ((current − previous) / previous × 100). The v1 docs call the
// first four "percentage change" and leave the counts "TODO", but the docs'
// sample settles it: great 31.66 → 37.27 has delta 5.62 (a percent change
// would be 17.7), the deltas of Great, Okay and NotGood add up to 0, and
// HappinessScore's delta is Great's minus NotGood's; greatCount 340 → 41
// has delta −87.94.
type HappinessDeltas struct {
	Great          float64 `json:"great"`          // change in points of Great: Great − previous Great
	Okay           float64 `json:"okay"`           // change in points of Okay: Okay − previous Okay
	NotGood        float64 `json:"notGood"`        // change in points of NotGood: NotGood − previous NotGood
	HappinessScore float64 `json:"happinessScore"` // change in points of HappinessScore: HappinessScore − previous HappinessScore
	GreatCount     float64 `json:"greatCount"`     // percent change of GreatCount
	OkayCount      float64 `json:"okayCount"`      // percent change of OkayCount
	NotGoodCount   float64 `json:"notGoodCount"`   // percent change of NotGoodCount
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
