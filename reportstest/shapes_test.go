package reportstest_test

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// getJSON sends a raw GET and decodes the answer as generic JSON.
func getJSON(t *testing.T, srv *reportstest.Server, c *reports.Client, pathAndQuery string) map[string]any {
	t.Helper()
	resp, body := get(t, srv, c, pathAndQuery)
	require.Equal(t, 200, resp.StatusCode, body)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	return v
}

const previous = "&previousStart=2026-10-01T00:00:00Z&previousEnd=2026-11-01T00:00:00Z"

// nullable are the rating fields the API may send as null.
var nullable = []string{"threadid", "threadCreatedAt", "type", "ratingId", "ratingComments", "ratingUserId", "ratingCustomerName", "ratingUserName"}

// TestNullFields checks that NullFields sends null in every field that may
// be null, that the rest stays, and that the SDK decodes both.
func TestNullFields(t *testing.T) {
	srv, c := start(t)
	ratings := "/v2/reports/happiness/ratings?" + dates
	for _, shapes := range []reportstest.Shapes{0, reportstest.NullFields} {
		srv.SetShapes(shapes)
		results := getJSON(t, srv, c, ratings)["results"].([]any)
		require.NotEmpty(t, results)
		for _, r := range results {
			r := r.(map[string]any)
			for _, k := range nullable {
				require.Contains(t, r, k)
				assert.Equal(t, shapes != 0, r[k] == nil, "%s in %v", k, r)
			}
			assert.NotNil(t, r["ratingCustomerId"])
			assert.NotNil(t, r["ratingCreatedAt"])
		}
		res, err := c.GetHappinessRatings(context.Background(), reports.HappinessRatingsParams{Dates: reports.Dates{Start: srv.Now().AddDate(0, 0, -25), End: srv.Now()}})
		require.NoError(t, err)
		require.NotEmpty(t, res.Results)
		assert.Equal(t, shapes != 0, res.Results[0].RatingID == nil)

		fields := getJSON(t, srv, c, "/v2/reports/conversations?"+dates+previous)["customFields"].(map[string]any)["fields"].([]any)
		require.NotEmpty(t, fields)
		for _, f := range fields {
			sm := f.(map[string]any)["summary"].(map[string]any)
			require.Contains(t, sm, "previousTotal")
			assert.Equal(t, shapes != 0, sm["previousTotal"] == nil)
			assert.Equal(t, shapes != 0, sm["previousTotalAnswered"] == nil)
		}
	}
}

// TestStartCountPoints checks the documented received-messages points, and
// that the SDK reads the same figures from both.
func TestStartCountPoints(t *testing.T) {
	srv, c := start(t)
	path := "/v2/reports/conversations/received-messages?" + dates
	p := reports.ConversationsReceivedMessageStatsParams{Dates: reports.Dates{Start: srv.Now().AddDate(0, 0, -20), End: srv.Now()}}
	live, err := c.GetConversationsReceivedMessageStats(context.Background(), p)
	require.NoError(t, err)
	point := getJSON(t, srv, c, path)["current"].([]any)[0].(map[string]any)
	assert.ElementsMatch(t, []string{"date", "messages"}, slices.Collect(maps.Keys(point)))

	srv.SetShapes(reportstest.StartCountPoints)
	point = getJSON(t, srv, c, path)["current"].([]any)[0].(map[string]any)
	assert.ElementsMatch(t, []string{"start", "count"}, slices.Collect(maps.Keys(point)))
	doc, err := c.GetConversationsReceivedMessageStats(context.Background(), p)
	require.NoError(t, err)
	require.Equal(t, len(live.Current), len(doc.Current))
	for i := range live.Current {
		assert.Equal(t, live.Current[i].Date, doc.Current[i].Date)
		assert.Equal(t, live.Current[i].Messages, doc.Current[i].Messages)
	}
	assert.Positive(t, sumOf(doc.Current, func(p reports.ReceivedMessagesPoint) float64 { return p.Messages }))
}

// TestNestedUserChat checks the nested reading of the user chat report: the
// keys of the documented sample, and the same figures as the flat reading.
func TestNestedUserChat(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	k := newKit(srv)
	for _, user := range []int64{k.user, srv.Catalog().Teams[1].ID} {
		p := reports.UserChatParams{User: user, Dates: k.dates, PreviousDates: k.previous, Tags: []int64{reportstest.UntaggedTagID, 301, 302, 303, 304, 305, 306}}
		flat, err := c.GetUserChat(ctx, p)
		require.NoError(t, err)
		srv.SetShapes(reportstest.NestedUserChat)
		nested, err := c.GetUserChat(ctx, p)
		require.NoError(t, err)
		srv.SetShapes(0)

		require.NotNil(t, nested.Current.Volume)
		assert.Nil(t, nested.Current.NewConversations)
		assert.Positive(t, nested.Current.Volume.ChatConversations)
		for _, s := range []struct{ flat, nested *reports.UserChatStats }{{flat.Current, nested.Current}, {flat.Previous, nested.Previous}} {
			assert.Equal(t, *s.flat.StartDate, *s.nested.StartDate)
			assert.Equal(t, *s.flat.NewConversations, s.nested.Volume.ChatConversations)
			assert.Equal(t, *s.flat.MessagesPerChat, s.nested.Resolutions.MessagesPerChat)
			assert.Equal(t, *s.flat.Duration, s.nested.Resolutions.Duration)
			assert.Equal(t, *s.flat.WaitTime, s.nested.Responses.WaitTime)
			assert.Equal(t, *s.flat.ResponseTime, s.nested.Responses.ResponseTime)
		}
		assert.Equal(t, *flat.Deltas.NewConversations, nested.Deltas.Volume.ChatConversations)
		completed := nested.Current.Volume.CompletedChats
		for _, h := range []*reports.RangeBuckets{nested.WaitTime, nested.ResponseTime, nested.MessagesPerChat, nested.Duration} {
			assert.Equal(t, completed, h.Count, "the histograms count the user's answered chats")
			assert.Equal(t, nested.Previous.Volume.CompletedChats, h.PreviousCount)
		}
	}

	srv.SetShapes(reportstest.NestedUserChat)
	fake := getJSON(t, srv, c, "/v2/reports/user/chat?"+dates+previous+"&user=100101&tags=1")
	raw, err := os.ReadFile("../testdata/user_chat_nested.json")
	require.NoError(t, err)
	var sample map[string]any
	require.NoError(t, json.Unmarshal(raw, &sample))
	assert.ElementsMatch(t, slices.Collect(maps.Keys(sample)), slices.Collect(maps.Keys(fake)))
	for _, part := range []string{"current", "previous", "deltas"} {
		assert.ElementsMatch(t, slices.Collect(maps.Keys(sample[part].(map[string]any))), slices.Collect(maps.Keys(fake[part].(map[string]any))), part)
	}
}

// TestShapesAreCachedApart checks that switching shapes back and forth
// gives each shape's answer, not a cached one of the other.
func TestShapesAreCachedApart(t *testing.T) {
	srv, c := start(t)
	path := "/v2/reports/conversations/received-messages?" + dates
	for range 2 {
		srv.SetShapes(0)
		assert.Contains(t, getJSON(t, srv, c, path)["current"].([]any)[0], "date")
		srv.SetShapes(reportstest.AllShapes)
		assert.Contains(t, getJSON(t, srv, c, path)["current"].([]any)[0], "start")
	}
	withOption, c2 := start(t, reportstest.WithShapes(reportstest.StartCountPoints))
	assert.Contains(t, getJSON(t, withOption, c2, path)["current"].([]any)[0], "start")
}
