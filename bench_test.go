package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Benchmarks of what the SDK adds to a round trip, against the raw ways of
// calling the API, on one loopback server serving the same bytes. See
// bench/README.md for the figures and how they were produced.

// drilldownPage builds a drilldown answer of n conversations from the
// fixture's one, with distinct ids.
func drilldownPage(tb testing.TB, n int) []byte {
	var r DrilldownResult
	require.NoError(tb, json.Unmarshal(fixture(tb, "company_drilldown.json"), &r))
	one := r.Conversations.Results[0]
	r.Conversations.Results = make([]DrilldownConversation, n)
	for i := range r.Conversations.Results {
		c := one
		c.ID, c.Number = int64(1000+i), int64(50000+i)
		c.Subject = fmt.Sprintf("Subject of conversation %d", i)
		r.Conversations.Results[i] = c
	}
	r.Conversations.Count, r.Conversations.Pages = n*40, 40
	b, err := json.Marshal(r)
	require.NoError(tb, err)
	return b
}

// benchServer serves body on every report route, the way the API does.
func benchServer(tb testing.TB, body []byte) (*testServer, *Client) {
	return newTestServer(tb, func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["X-Ratelimit-Limit-Minute"] = []string{"400"}
		h["X-Ratelimit-Remaining-Minute"] = []string{"399"}
		_, _ = w.Write(body)
	})
}

// rawGet is the way most peers call the API: GET with a bearer header and
// decode into whatever v is, with dec.
func rawGet(ctx context.Context, hc *http.Client, url string, v any, dec func(io.Reader, any) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return dec(resp.Body, v)
}

// stdDecode decodes as a hand-written client does, with encoding/json.
func stdDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

// sdkDecode reads the body and decodes it with the SDK's decoder.
func sdkDecode(r io.Reader, v any) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return decode(b, v)
}

func benchCall[T any](b *testing.B, body []byte, path string, p params, sdk func(ctx context.Context, c *Client) error) {
	s, c := benchServer(b, body)
	ctx := context.Background()
	q, err := encodeParams(p, testNow)
	require.NoError(b, err)
	url := s.URL + path + "?" + q
	hc := defaultHTTPClient
	require.NoError(b, sdk(ctx, c)) // fetch the token outside the timing

	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := sdk(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw_map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m map[string]any
			if err := rawGet(ctx, hc, url, &m, stdDecode); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw_typed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v T
			if err := rawGet(ctx, hc, url, &v, stdDecode); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The same typed decode as the SDK's, done by hand: what the SDK's own
	// request path adds (params, pacing, token, retries, headers).
	b.Run("raw_sdk_decoder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v T
			if err := rawGet(ctx, hc, url, &v, sdkDecode); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkGetCompany(b *testing.B) {
	p := CompanyParams{}
	benchCall[CompanyResult](b, fixture(b, "company.json"), "/v2/reports/company", p, func(ctx context.Context, c *Client) error {
		_, err := c.GetCompany(ctx, p)
		return err
	})
}

func BenchmarkGetCompanyDrilldown50(b *testing.B) {
	p := CompanyDrilldownParams{Paging: Paging{Page: 1, Rows: 50}, Range: RangeResponseTime, RangeID: 2}
	benchCall[CompanyDrilldownResult](b, drilldownPage(b, 50), "/v2/reports/company/drilldown", p, func(ctx context.Context, c *Client) error {
		_, err := c.GetCompanyDrilldown(ctx, p)
		return err
	})
}

func BenchmarkEncodeParams(b *testing.B) {
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		p    params
	}{
		{"defaults", CompanyParams{}},
		{"company_full", CompanyParams{
			Dates:         Dates{Start: start, End: start.AddDate(0, 1, 0)},
			PreviousDates: PreviousDates{PreviousStart: start.AddDate(0, -1, 0), PreviousEnd: start},
			Filters:       Filters{Mailboxes: []int64{123, 567}, Tags: []int64{5666, 99787}, Types: []ConversationType{ConversationTypeEmail, ConversationTypeChat}, Folders: []int64{991}},
		}},
		{"ratings", HappinessRatingsParams{Page: 3, SortField: RatingSortByModifiedAt, SortOrder: SortDescending, Rating: RatingFilterNotGood}},
		{"docs_sites", DocsParams{Sites: []string{"5215163545667acd25394b5c", "5214c77c45667acd25394b51"}}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := encodeParams(tc.p, testNow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// decodeCases lists every fixture with a decoder into its result type.
var decodeCases = []struct {
	fixture string
	decode  func([]byte) error
}{
	{"company.json", decodeInto[CompanyResult]},
	{"company_customers_helped.json", decodeInto[CompanyCustomersHelpedResult]},
	{"company_drilldown.json", decodeInto[CompanyDrilldownResult]},
	{"conversations.json", decodeInto[ConversationsResult]},
	{"conversations_busiest_times.json", decodeInto[ConversationsBusiestTimesResult]},
	{"conversations_channel_volumes.json", decodeInto[ConversationsChannelVolumesResult]},
	{"conversations_new_conversations.json", decodeInto[ConversationsNewConversationsResult]},
	{"conversations_received_message_stats.json", decodeInto[ConversationsReceivedMessageStatsResult]},
	{"docs.json", decodeInto[DocsResult]},
	{"happiness.json", decodeInto[HappinessResult]},
	{"happiness_ratings.json", decodeInto[HappinessRatingsResult]},
	{"productivity.json", decodeInto[ProductivityResult]},
	{"productivity_response_time.json", decodeInto[ProductivityResponseTimeResult]},
	{"user.json", decodeInto[UserResult]},
	{"user_conversation_history.json", decodeInto[UserConversationHistoryResult]},
	{"user_chat.json", decodeInto[UserChatResult]},
	{"chat.json", decodeInto[ChatResult]},
	{"email.json", decodeInto[EmailResult]},
	{"phone.json", decodeInto[PhoneResult]},
}

// decodeInto decodes b into a new T with the SDK's decoder.
func decodeInto[T any](b []byte) error {
	var v T
	return decode(b, &v)
}

func BenchmarkDecode(b *testing.B) {
	for _, tc := range decodeCases {
		body := fixture(b, tc.fixture)
		b.Run(strings.TrimSuffix(tc.fixture, ".json"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := tc.decode(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeDrilldown50 decodes a 50-row drilldown page with the SDK's
// decoder, encoding/json.
func BenchmarkDecodeDrilldown50(b *testing.B) {
	body := drilldownPage(b, 50)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var v CompanyDrilldownResult
		if err := decode(body, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllDrilldownPrefetch walks 40 pages served with 20 ms of latency
// each, one page at a time and four at a time.
func BenchmarkAllDrilldownPrefetch(b *testing.B) {
	const pages, latency = 40, 20 * time.Millisecond
	for _, n := range []int{1, 4} {
		b.Run(fmt.Sprintf("prefetch=%d", n), func(b *testing.B) {
			var calls atomic.Int64
			_, c := newTestServer(b, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				time.Sleep(latency)
				page := r.URL.Query().Get("page")
				fmt.Fprintf(w, `{"conversations":{"page":%s,"pages":%d,"count":%d,"results":[{"id":%s,"number":1,"tags":[]}]}}`, page, pages, pages, page)
			}, WithPrefetch(n))
			for b.Loop() {
				got := 0
				for _, err := range c.AllConversationsDrilldown(context.Background(), ConversationsDrilldownParams{}) {
					if err != nil {
						b.Fatal(err)
					}
					got++
				}
				if got != pages {
					b.Fatalf("walked %d items, want %d", got, pages)
				}
			}
			b.ReportMetric(float64(calls.Load())/float64(b.N), "requests/op")
		})
	}
}

// BenchmarkMetricsCompany compares Metrics on a decoded company result (the
// fixture, and one with 50 users) with json.Unmarshal of its body, the
// issue's yardstick (≤ 2×).
func BenchmarkMetricsCompany(b *testing.B) {
	var many CompanyResult
	require.NoError(b, json.Unmarshal(fixture(b, "company.json"), &many))
	one := many.Users[0]
	many.Users = make([]CompanyUser, 50)
	for i := range many.Users {
		many.Users[i] = one
		many.Users[i].User = fmt.Sprint(100000 + i)
	}
	manyBody, err := json.Marshal(&many)
	require.NoError(b, err)
	for _, tc := range []struct {
		name string
		body []byte
	}{{"fixture", fixture(b, "company.json")}, {"users=50", manyBody}} {
		var r CompanyResult
		require.NoError(b, json.Unmarshal(tc.body, &r))
		b.Run(tc.name+"/metrics", func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = len(Metrics(&r))
			}
			b.ReportMetric(float64(n), "metrics")
		})
		b.Run(tc.name+"/unmarshal", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v CompanyResult
				if err := json.Unmarshal(tc.body, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
