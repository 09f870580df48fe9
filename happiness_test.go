package reports

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var happinessEndpoints = []endpointCase{
	endpoint("GetHappiness", "/v2/reports/happiness", (*Client).GetHappiness,
		HappinessParams{},
		HappinessParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters},
		wireKeys(keysDates, keysPrevious, keysFilters),
		fx("happiness.json", func(t *testing.T, r *HappinessResult) {
			assert.Empty(t, r.FilterTags)
			assert.Equal(t, HappinessStats{
				RatingsPercent: 35.77981651376147, Great: 37.27272727272727, Okay: 30.909090909090907,
				NotGood: 31.818181818181817, HappinessScore: 5.454545454545457, GreatCount: 41, OkayCount: 34,
				NotGoodCount: 35, RatingsCount: 110, TotalCustomersWithRatings: 39, TotalCustomers: 109,
			}, r.Current)
			require.NotNil(t, r.Previous)
			assert.Equal(t, -0.1862197392923619, r.Previous.HappinessScore)
			assert.Equal(t, 3019.0, r.Previous.TotalCustomers)
			require.NotNil(t, r.Deltas)
			assert.Equal(t, -89.76608187134502, r.Deltas.NotGoodCount)
			assert.Equal(t, 5.640765193837819, r.Deltas.HappinessScore)
		})),
	endpoint("GetHappinessRatings", "/v2/reports/happiness/ratings", (*Client).GetHappinessRatings,
		HappinessRatingsParams{},
		HappinessRatingsParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, Page: 2,
			SortField: RatingSortByNumber, SortOrder: SortDescending, Rating: RatingFilterNotGood},
		wireKeys(keysDates, keysPrevious, keysFilters, keysRatings),
		fx("happiness_ratings.json", func(t *testing.T, r *HappinessRatingsResult) {
			assert.Equal(t, 1, r.Page)
			assert.Equal(t, 2, r.Pages)
			assert.Equal(t, 100, r.Count)
			assert.Nil(t, r.Facets)
			require.Len(t, r.Results, 2)
			assert.Equal(t, Rating{
				ID: 432207336, Number: 222043, ThreadID: pointerTo[int64](1169815634),
				ThreadCreatedAt: pointerTo(utcTime(2017, 9, 15, 11, 57, 14)), Type: pointerTo(ConversationTypeEmail),
				RatingID: pointerTo(RatingScoreGreat), RatingCustomerID: pointerTo[int64](121198824),
				RatingComments: pointerTo("Thanks for the clear reply, Amanda!"), RatingCreatedAt: pointerTo(utcTime(2017, 9, 15, 12, 26, 53)),
				RatingCustomerName: pointerTo("Alexander the Great"), RatingUserID: pointerTo[int64](69013), RatingUserName: pointerTo("Amanda Herrington"),
			}, r.Results[0])
			assert.Equal(t, "Shawna Herring", *r.Results[1].RatingUserName)
		})),
}

func pointerTo[T any](v T) *T { return &v }

func TestHappinessEndpoints(t *testing.T) { checkEndpoints(t, happinessEndpoints) }

// A ratings page whose fields are null (as api.md section 8 says they may be)
// and that carries facets decodes into nil pointers and the raw facets, and
// encodes back to the same JSON.
func TestHappinessRatingsNulls(t *testing.T) {
	const body = `{"facets":{"rating":{"great":3}},"results":[{"number":1,"threadid":null,"threadCreatedAt":null,
		"id":2,"type":null,"ratingId":null,"ratingCustomerId":null,"ratingComments":"","ratingCreatedAt":null,
		"ratingCustomerName":null,"ratingUserId":null,"ratingUserName":null}],"page":1,"count":1,"pages":1}`
	_, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) })
	r, err := c.GetHappinessRatings(t.Context(), HappinessRatingsParams{})
	require.NoError(t, err)
	require.Len(t, r.Results, 1)
	got := r.Results[0]
	assert.Equal(t, int64(2), got.ID)
	assert.Nil(t, got.ThreadID)
	assert.Nil(t, got.ThreadCreatedAt)
	assert.Nil(t, got.Type)
	assert.Nil(t, got.RatingID)
	require.NotNil(t, got.RatingComments, "an empty comment is not a missing one")
	assert.Empty(t, *got.RatingComments)
	assert.JSONEq(t, `{"rating":{"great":3}}`, string(r.Facets))
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, body, string(b))
}

// The rating scores have names.
func TestRatingScoreString(t *testing.T) {
	for score, name := range map[RatingScore]string{RatingScoreGreat: "great", RatingScoreOkay: "okay", RatingScoreNotGood: "not good", 9: "unknown"} {
		assert.Equal(t, name, score.String())
	}
}
