package reportstest_test

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/answers.golden")

// goldenQueries cover the 32 routes, with and without a previous range,
// filters, users and teams, paging and sorting.
var goldenQueries = func() []string {
	const month = "start=2026-10-27T00:00:00Z&end=2026-11-26T00:00:00Z"
	const prev = "&previousStart=2026-09-27T00:00:00Z&previousEnd=2026-10-27T00:00:00Z"
	const year = "start=2025-11-26T15:04:05Z&end=2026-11-26T15:04:05Z"
	qs := []string{
		"/company?" + month + prev,
		"/company?" + year + "&mailboxes=201,203&tags=1,302&types=email,phone&folders=2013,2011",
		"/company/customers-helped?" + month + prev + "&viewBy=week",
		"/company/drilldown?" + month + "&range=responseTime&rangeId=2&rows=50",
		"/conversations?" + month + prev,
		"/conversations?" + year + "&mailboxes=201",
		"/conversations/volume-by-channel?" + month + prev,
		"/conversations/busy-times?" + month,
		"/conversations/drilldown?" + month + "&page=2&rows=50",
		"/conversations/fields-drilldown?" + month + "&field=tagid&fieldid=302",
		"/conversations/new?" + year + "&viewBy=month",
		"/conversations/new-drilldown?" + month,
		"/conversations/received-messages?" + month + prev,
		"/docs?" + month + prev,
		"/happiness?" + month + prev,
		"/happiness/ratings?" + month + "&sortField=rating&sortOrder=ASC",
		"/productivity?" + month + prev,
		"/productivity/first-response-time?" + month,
		"/productivity/replies-sent?" + month,
		"/productivity/resolution-time?" + month,
		"/productivity/resolved?" + month,
		"/productivity/response-time?" + month,
		"/user?" + month + prev + "&user=100101",
		"/user/conversation-history?" + month + "&user=100901&status=closed",
		"/user/customers-helped?" + month + "&user=100102",
		"/user/drilldown?" + month + "&user=100103",
		"/user/happiness?" + month + prev + "&user=100104",
		"/user/ratings?" + month + "&user=100105",
		"/user/replies?" + month + "&user=100902",
		"/user/resolutions?" + month + "&user=100106",
		"/user/chat?" + month + prev + "&user=100101",
		"/chat?" + month + prev,
		"/email?" + month + prev,
		"/phone?" + month + prev,
	}
	for i := range qs {
		qs[i] = "/v2/reports" + qs[i]
	}
	return qs
}()

// TestGoldenAnswers guards the promise of stable numbers: the same seed and
// present give the same answers within a major version. A change here
// changes what users' tests see: it belongs in a new major version (before
// v1, say it in the changelog). After such a change, rewrite the file with
// go test ./reportstest -run TestGoldenAnswers -update.
func TestGoldenAnswers(t *testing.T) {
	var got strings.Builder
	for _, server := range []struct {
		name string
		opts []reportstest.Option
		only string // the queries of this prefix only
	}{
		{"seed=1", nil, ""},
		{"seed=1 shapes=all", []reportstest.Option{reportstest.WithShapes(reportstest.AllShapes)}, ""},
		{"seed=7", []reportstest.Option{reportstest.WithSeed(7)}, "/v2/reports/c"},
	} {
		srv, c := start(t, server.opts...)
		for _, q := range goldenQueries {
			if !strings.HasPrefix(q, server.only) {
				continue
			}
			resp, body := get(t, srv, c, q)
			require.Equal(t, 200, resp.StatusCode, "%s: %s", q, body)
			fmt.Fprintf(&got, "%x %s %s\n", sha256.Sum256([]byte(body)), server.name, q)
		}
	}
	const file = "testdata/answers.golden"
	if *update {
		require.NoError(t, os.WriteFile(file, []byte(got.String()), 0o644))
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(want), got.String(), "the answers changed; see the comment of TestGoldenAnswers")
}
