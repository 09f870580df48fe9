package reportstest_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vndError is the API's error body.
type vndError struct {
	LogRef   string `json:"logRef"`
	Message  string `json:"message"`
	Embedded struct {
		Errors []struct {
			Path          string `json:"path"`
			Message       string `json:"message"`
			RejectedValue string `json:"rejectedValue"`
			Source        string `json:"source"`
			Links         struct {
				About struct {
					Href string `json:"href"`
				} `json:"about"`
			} `json:"_links"`
		} `json:"errors"`
	} `json:"_embedded"`
}

const dates = "start=2026-11-01T00:00:00Z&end=2026-11-26T00:00:00Z"

// TestValidation sends invalid queries and checks the 400 vnd.error answers:
// each names the parameter and the value it refused.
func TestValidation(t *testing.T) {
	srv, c := start(t)
	for _, tc := range []struct {
		name, path, query string
		field, rejected   string
	}{
		{"unknown parameter", "/company", dates + "&bogus=1", "bogus", "1"},
		{"drilldowns take no previous range", "/company/drilldown", dates + "&previousStart=2026-10-01T00:00:00Z&previousEnd=2026-10-20T00:00:00Z", "previousEnd", "2026-10-20T00:00:00Z"},
		{"channel reports take no types", "/chat", dates + "&types=email", "types", "email"},
		{"ratings take no rows", "/happiness/ratings", dates + "&rows=10", "rows", "10"},
		{"date without time", "/company", "start=2026-11-01&end=2026-11-26T00:00:00Z", "start", "2026-11-01"},
		{"date with fractions", "/company", "start=2026-11-01T00:00:00.5Z&end=2026-11-26T00:00:00Z", "start", "2026-11-01T00:00:00.5Z"},
		{"date with an offset", "/company", "start=2026-11-01T00:00:00%2B01:00&end=2026-11-26T00:00:00Z", "start", "2026-11-01T00:00:00+01:00"},
		{"end before start", "/company", "start=2026-11-26T00:00:00Z&end=2026-11-01T00:00:00Z", "end", "2026-11-01T00:00:00Z"},
		{"end equal to start", "/company", "start=2026-11-26T00:00:00Z&end=2026-11-26T00:00:00Z", "end", "2026-11-26T00:00:00Z"},
		{"missing end", "/company", "start=2026-11-26T00:00:00Z", "end", ""},
		{"missing start", "/conversations/new", "end=2026-11-26T00:00:00Z", "start", ""},
		{"half a previous range", "/company", dates + "&previousStart=2026-10-01T00:00:00Z", "previousEnd", ""},
		{"previous range not ordered", "/company", dates + "&previousStart=2026-10-20T00:00:00Z&previousEnd=2026-10-01T00:00:00Z", "previousEnd", "2026-10-01T00:00:00Z"},
		{"rows over 50", "/company/drilldown", dates + "&rows=51", "rows", "51"},
		{"rows zero", "/conversations/drilldown", dates + "&rows=0", "rows", "0"},
		{"page zero", "/conversations/drilldown", dates + "&page=0", "page", "0"},
		{"page not a number", "/user/drilldown", dates + "&user=100101&page=two", "page", "two"},
		{"unknown viewBy", "/conversations/new", dates + "&viewBy=hour", "viewBy", "hour"},
		{"viewBy day over 60 days", "/conversations/new", "start=2026-01-01T00:00:00Z&end=2026-11-26T00:00:00Z&viewBy=day", "viewBy", "day"},
		{"viewBy week over a year", "/company/customers-helped", "start=2024-01-01T00:00:00Z&end=2026-11-26T00:00:00Z&viewBy=week", "viewBy", "week"},
		{"viewBy month under 61 days", "/productivity/resolved", dates + "&viewBy=month", "viewBy", "month"},
		{"viewBy day over 60 days of the previous range", "/conversations/new", dates + "&viewBy=day&previousStart=2025-01-01T00:00:00Z&previousEnd=2026-01-01T00:00:00Z", "viewBy", "day"},
		{"end at the zero date", "/conversations", "start=2026-11-20T00:00:00Z&end=0001-01-01T00:00:00Z", "end", "0001-01-01T00:00:00Z"},
		{"previous end at the zero date", "/conversations", dates + "&previousStart=2026-10-01T00:00:00Z&previousEnd=0001-01-01T00:00:00Z", "previousEnd", "0001-01-01T00:00:00Z"},
		{"year zero", "/conversations/new", "start=0000-01-01T00:00:00Z&end=0000-02-01T00:00:00Z&viewBy=week", "start", "0000-01-01T00:00:00Z"},
		{"unknown type", "/company", dates + "&types=email,fax", "types", "email,fax"},
		{"mailbox not a number", "/company", dates + "&mailboxes=201,abc", "mailboxes", "201,abc"},
		{"negative mailbox", "/company", dates + "&mailboxes=-3", "mailboxes", "-3"},
		{"empty list item", "/company", dates + "&tags=301,,302", "tags", "301,,302"},
		{"empty value", "/company", dates + "&folders=", "folders", ""},
		{"repeated parameter", "/company", dates + "&mailboxes=201&mailboxes=202", "mailboxes", "201,202"},
		{"officeHours not a boolean", "/productivity", dates + "&officeHours=maybe", "officeHours", "maybe"},
		{"missing user", "/user", dates, "user", ""},
		{"user not a number", "/user/replies", dates + "&user=maya", "user", "maya"},
		{"missing fieldid", "/conversations/fields-drilldown", dates + "&field=tagid", "fieldid", ""},
		{"missing field", "/conversations/fields-drilldown", dates + "&fieldid=301", "field", ""},
		{"unknown field", "/conversations/fields-drilldown", dates + "&field=mailboxid&fieldid=201", "field", "mailboxid"},
		{"unknown range", "/company/drilldown", dates + "&range=speed", "range", "speed"},
		{"rangeId without range", "/company/drilldown", dates + "&rangeId=2", "rangeId", "2"},
		{"rangeId of a range without ids", "/company/drilldown", dates + "&range=resolved&rangeId=1", "rangeId", "1"},
		{"rangeId out of range", "/company/drilldown", dates + "&range=handleTime&rangeId=6", "rangeId", "6"},
		{"ratings sort field of history", "/happiness/ratings", dates + "&sortField=repliesSent", "sortField", "repliesSent"},
		{"history sort field of ratings", "/user/conversation-history", dates + "&user=100101&sortField=rating", "sortField", "rating"},
		{"unknown sort order", "/user/ratings", dates + "&user=100101&sortOrder=up", "sortOrder", "up"},
		{"unknown rating", "/happiness/ratings", dates + "&rating=meh", "rating", "meh"},
		{"unknown status", "/user/conversation-history", dates + "&user=100101&status=open", "status", "open"},
		{"empty site", "/docs", dates + "&sites=a,", "sites", "a,"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, c, "/v2/reports"+tc.path+"?"+tc.query)
			require.Equal(t, 400, resp.StatusCode, body)
			assert.Equal(t, "application/vnd.error+json", resp.Header.Get("Content-Type"))
			var ve vndError
			require.NoError(t, json.Unmarshal([]byte(body), &ve), body)
			assert.NotEmpty(t, ve.LogRef)
			assert.Equal(t, "Bad request", ve.Message)
			require.NotEmpty(t, ve.Embedded.Errors, body)
			found := false
			for _, e := range ve.Embedded.Errors {
				assert.NotEmpty(t, e.Message)
				assert.Equal(t, "QUERY", e.Source)
				assert.Contains(t, e.Links.About.Href, "mailbox-api/overview/errors#")
				if e.Path == tc.field && e.RejectedValue == tc.rejected {
					found = true
				}
			}
			assert.True(t, found, "no error for %s=%q in %s", tc.field, tc.rejected, body)
		})
	}
}

// TestValidationReportsEveryProblem checks that one answer lists all the
// problems of a request.
func TestValidationReportsEveryProblem(t *testing.T) {
	srv, c := start(t)
	resp, body := get(t, srv, c, "/v2/reports/company/drilldown?start=yesterday&rows=99&color=red")
	require.Equal(t, 400, resp.StatusCode)
	var ve vndError
	require.NoError(t, json.Unmarshal([]byte(body), &ve))
	var paths []string
	for _, e := range ve.Embedded.Errors {
		paths = append(paths, e.Path)
	}
	assert.ElementsMatch(t, []string{"color", "rows", "start", "end"}, paths)
}

// TestValidationThroughTheSDK checks that the SDK decodes the fake's 400
// answers into an *APIError that names the field.
func TestValidationThroughTheSDK(t *testing.T) {
	srv, c := start(t)
	_, err := c.GetConversationsNewConversations(context.Background(), reports.ConversationsNewConversationsParams{ViewBy: "hour"})
	var apiErr *reports.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Equal(t, "Bad request", apiErr.Message)
	assert.NotEmpty(t, apiErr.LogRef)
	require.Len(t, apiErr.Errors, 1)
	assert.Equal(t, "viewBy", apiErr.Errors[0].Path)
	assert.Equal(t, "hour", apiErr.Errors[0].RejectedValue)
	assert.Equal(t, []int{400}, statuses(srv), "a 400 is not retried")
}

// TestLenientValidation checks that WithLenientValidation turns off the
// fake's own rules, with the answers the package documentation describes,
// and keeps the API's documented ones.
func TestLenientValidation(t *testing.T) {
	strict, sc := start(t)
	srv, c := start(t, reportstest.WithLenientValidation())
	const prefix = "/v2/reports"
	for _, tc := range []struct{ name, query, sameAs string }{
		{"unknown parameter is ignored", "/company?" + dates + "&bogus=1", "/company?" + dates},
		{"a repeated parameter takes its first value", "/company?" + dates + "&mailboxes=201&mailboxes=202", "/company?" + dates + "&mailboxes=201"},
		{"rows 0 is the default", "/conversations/drilldown?" + dates + "&rows=0", "/conversations/drilldown?" + dates},
		{"page 0 is the first", "/conversations/drilldown?" + dates + "&page=0&rows=5", "/conversations/drilldown?" + dates + "&rows=5"},
		{"half a previous range is none", "/company?" + dates + "&previousStart=2026-10-01T00:00:00Z", "/company?" + dates},
		{"a rangeId the range does not have matches nothing", "/company/drilldown?" + dates + "&range=handleTime&rangeId=6", "/company/drilldown?start=2026-11-01T00:00:00Z&end=2026-11-01T00:00:01Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, strict, sc, prefix+tc.query)
			require.Equal(t, 400, resp.StatusCode, "refused by default: %s", body)
			resp, body = get(t, srv, c, prefix+tc.query)
			require.Equal(t, 200, resp.StatusCode, body)
			_, want := get(t, srv, c, prefix+tc.sameAs)
			assert.Equal(t, want, body)
		})
	}

	t.Run("an end not after its start is an empty range", func(t *testing.T) {
		for _, q := range []string{"start=2026-11-26T00:00:00Z&end=2026-11-01T00:00:00Z", "start=2026-11-26T00:00:00Z&end=2026-11-26T00:00:00Z"} {
			resp, _ := get(t, strict, sc, prefix+"/conversations?"+q)
			require.Equal(t, 400, resp.StatusCode)
			v := getJSON(t, srv, c, prefix+"/conversations?"+q+"&previousStart=2026-11-01T00:00:00Z&previousEnd=2026-10-01T00:00:00Z")
			assert.Equal(t, 0.0, v["current"].(map[string]any)["totalConversations"])
			assert.Equal(t, 0.0, v["previous"].(map[string]any)["totalConversations"])
			series := getJSON(t, srv, c, prefix+"/conversations/new?"+q)
			assert.Empty(t, series["current"])
		}
	})
	t.Run("an unknown user has zero figures", func(t *testing.T) {
		resp, _ := get(t, strict, sc, prefix+"/user?"+dates+"&user=7")
		require.Equal(t, 404, resp.StatusCode)
		v := getJSON(t, srv, c, prefix+"/user?"+dates+"&user=7")
		assert.Equal(t, 0.0, v["current"].(map[string]any)["totalConversations"])
		assert.Equal(t, 0.0, v["current"].(map[string]any)["totalReplies"])
		res, err := c.GetUserDrilldown(context.Background(), reports.UserDrilldownParams{User: 7})
		require.NoError(t, err)
		assert.Zero(t, res.Conversations.Count)
	})
	t.Run("the API's rules still hold", func(t *testing.T) {
		for _, q := range []string{
			"/company?start=2026-11-01&end=2026-11-26T00:00:00Z",
			"/company/drilldown?" + dates + "&rows=51",
			"/conversations/new?start=2026-01-01T00:00:00Z&end=2026-11-26T00:00:00Z&viewBy=day",
			"/company?" + dates + "&types=fax",
			"/company?end=2026-11-26T00:00:00Z",
			"/company/drilldown?" + dates + "&rangeId=2",
			"/company?" + dates + "&folders=",
			"/company?" + dates + "&mailboxes=-3",
			"/user/replies?" + dates + "&user=maya",
		} {
			resp, body := get(t, srv, c, prefix+q)
			assert.Equal(t, 400, resp.StatusCode, "%s: %s", q, body)
		}
	})
}
