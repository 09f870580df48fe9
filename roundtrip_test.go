package reports

import (
	"context"
	"encoding/json"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York and friends on machines without zoneinfo

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The endpoint table that the area tests (company_test.go ...) fill and that
// checkEndpoints drives: for every endpoint its method, path, the params it
// accepts on the wire, a params value with defaults only and one with every
// param set, and its fixtures with spot checks of the decoded values.

// Wire keys, grouped as api.md section 1 groups them.
var (
	keysDates    = []string{"start", "end"}
	keysPrevious = []string{"previousStart", "previousEnd"}
	keysFilters  = []string{"mailboxes", "tags", "types", "folders"}
	keysChannel  = []string{"mailboxes", "tags", "folders"} // F without types
	keysPaging   = []string{"page", "rows"}
	keysRatings  = []string{"page", "sortField", "sortOrder", "rating"}
	keysUser     = []string{"user"}
	keysOffice   = []string{"officeHours"}
	keysViewBy   = []string{"viewBy"}
	keysHistory  = []string{"status", "page", "sortField", "sortOrder"}
	keysRange    = []string{"range", "rangeId"}
	keysField    = []string{"field", "fieldid"}
	keysSites    = []string{"sites"}
	keysUserChat = []string{"mailboxes", "tags"}
)

// keys joins groups of wire keys.
func wireKeys(groups ...[]string) []string { return slices.Concat(groups...) }

// The param values of the "every param set" calls. The explicit range is
// given in New York time and must go out in UTC.
var (
	newYork, _ = time.LoadLocation("America/New_York")

	testUser    int64 = 447723
	testFieldID int64 = 55439

	allDates = Dates{
		Start: time.Date(2026, 10, 1, 8, 30, 0, 0, newYork),  // EDT: 12:30Z
		End:   time.Date(2026, 10, 31, 20, 0, 0, 0, newYork), // EDT: 00:00Z the next day
	}
	allPrevious = PreviousDates{
		PreviousStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		PreviousEnd:   time.Date(2026, 9, 30, 23, 59, 59, 0, time.UTC),
	}
	allFilters = Filters{
		Mailboxes: []int64{1, 2},
		Tags:      []int64{3, 4},
		Folders:   []int64{5, 6},
		Types:     []ConversationType{ConversationTypeEmail, ConversationTypeChat},
	}
	allChannelFilters = ChannelFilters{Mailboxes: allFilters.Mailboxes, Tags: allFilters.Tags, Folders: allFilters.Folders}
	allPaging         = Paging{Page: 2, Rows: 50}
	allSites          = []string{"5215163545667acd25394b5c", "5214c77c45667acd25394b51"}
)

// wireAll is what every param of the "every param set" calls looks like on
// the wire; an endpoint's expected query is this restricted to its keys.
var wireAll = map[string]string{
	"start":         "2026-10-01T12:30:00Z",
	"end":           "2026-11-01T00:00:00Z",
	"previousStart": "2026-09-01T00:00:00Z",
	"previousEnd":   "2026-09-30T23:59:59Z",
	"mailboxes":     "1,2",
	"tags":          "3,4",
	"folders":       "5,6",
	"types":         "email,chat",
	"officeHours":   "true",
	"viewBy":        "week",
	"page":          "2",
	"rows":          "50",
	"range":         "responseTime",
	"rangeId":       "3",
	"field":         "tagid",
	"fieldid":       "55439",
	"user":          "447723",
	"status":        "closed",
	"sortField":     "number",
	"sortOrder":     "DESC",
	"rating":        "not-good",
	"sites":         "5215163545667acd25394b5c,5214c77c45667acd25394b51",
}

// wireDefaults is what the defaults look like on the wire with the clock at
// testNow (Thursday 2026-11-26 15:04:05 UTC), plus the required ids the
// default calls set.
var wireDefaults = map[string]string{
	"start":         "2026-11-19T00:00:00Z", // UTC midnight 7 days ago
	"end":           "2026-11-26T15:04:05Z", // now
	"previousStart": "2026-11-11T08:55:55Z", // as long before start as end is after it
	"previousEnd":   "2026-11-19T00:00:00Z", // start
	"user":          "447723",
	"field":         "customerid",
	"fieldid":       "55439",
}

// restrict returns the entries of m whose keys are in ks, as url.Values.
func restrict(m map[string]string, ks []string) url.Values {
	v := url.Values{}
	for _, k := range ks {
		if s, ok := m[k]; ok {
			v.Set(k, s)
		}
	}
	return v
}

// endpointCase is one endpoint, with its calls and results untyped so that
// one table holds all 32.
type endpointCase struct {
	name     string
	path     string
	accepts  []string // the wire keys the endpoint takes
	def      any      // its params with nothing set but the required ids
	all      any      // its params with every accepted param set
	call     func(ctx context.Context, c *Client, p any) (any, error)
	fixtures []fixtureCase
}

// fixtureCase is a fixture and the spot checks of its decoded result.
type fixtureCase struct {
	name  string
	check func(t *testing.T, got any)
}

// fx pairs a fixture with typed spot checks.
func fx[R any](name string, check func(t *testing.T, r *R)) fixtureCase {
	return fixtureCase{name: name, check: func(t *testing.T, got any) {
		r, ok := got.(*R)
		require.True(t, ok, "decoded into %T", got)
		require.NotNil(t, r)
		check(t, r)
	}}
}

// endpoint builds a case from a method expression such as
// (*Client).GetCompany, so that the table is checked by the compiler.
func endpoint[P, R any](name, path string, m func(*Client, context.Context, P) (*R, error), def, all P, accepts []string, fixtures ...fixtureCase) endpointCase {
	return endpointCase{
		name: name, path: path, accepts: accepts, def: def, all: all, fixtures: fixtures,
		call: func(ctx context.Context, c *Client, p any) (any, error) {
			r, err := m(c, ctx, p.(P))
			if err != nil {
				return nil, err
			}
			return r, nil
		},
	}
}

// allEndpoints is the table of every area.
func allEndpoints() []endpointCase {
	return slices.Concat(companyEndpoints, conversationsEndpoints, docsEndpoints, happinessEndpoints,
		productivityEndpoints, userEndpoints, channelsEndpoints)
}

// checkEndpoints checks, for every endpoint of an area: GET and the exact
// path; the exact query of the defaults and of every accepted param; that no
// param it does not accept is sent; the decoding of each of its fixtures with
// spot checks; and the lossless round trip of each decoded fixture.
func checkEndpoints(t *testing.T, cases []endpointCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.NotEmpty(t, tc.fixtures)
			for _, f := range tc.fixtures {
				t.Run(f.name, func(t *testing.T) {
					s, c := newTestServer(t, serveFixture(t, f.name))
					got, err := tc.call(t.Context(), c, tc.def)
					require.NoError(t, err)

					reqs := s.requests()
					require.Len(t, reqs, 1)
					assert.Equal(t, "GET", reqs[0].Method)
					assert.Equal(t, tc.path, reqs[0].Path)
					assert.Equal(t, restrict(wireDefaults, tc.accepts), reqs[0].Query, "default query %s", reqs[0].Raw)

					f.check(t, got)
					b, err := json.Marshal(got)
					require.NoError(t, err)
					assert.JSONEq(t, string(fixture(t, f.name)), string(b), "round trip of %s", f.name)
				})
			}

			t.Run("every param", func(t *testing.T) {
				s, c := newTestServer(t, serveFixture(t, tc.fixtures[0].name))
				_, err := tc.call(t.Context(), c, tc.all)
				require.NoError(t, err)
				reqs := s.requests()
				require.Len(t, reqs, 1)
				assert.Equal(t, "GET", reqs[0].Method)
				assert.Equal(t, tc.path, reqs[0].Path)
				assert.Equal(t, restrict(wireAll, tc.accepts), reqs[0].Query, "query %s", reqs[0].Raw)
				for k := range wireAll {
					if !slices.Contains(tc.accepts, k) {
						assert.NotContains(t, reqs[0].Query, k, "%s does not take %s", tc.path, k)
					}
				}
				// Lists go out comma-joined, not as repeated keys.
				for _, k := range []string{"mailboxes", "tags", "folders", "types", "sites"} {
					if slices.Contains(tc.accepts, k) {
						assert.Contains(t, reqs[0].Raw, k+"="+wireAll[k])
					}
				}
			})
		})
	}
}

// TestEndpointTable checks the table itself: 32 distinct methods and paths,
// every accepted key known, and every fixture in testdata/ decoded and
// round-tripped by some endpoint.
func TestEndpointTable(t *testing.T) {
	cases := allEndpoints()
	assert.Len(t, cases, 32)
	names, paths, used := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, tc := range cases {
		assert.False(t, names[tc.name], "duplicate %s", tc.name)
		assert.False(t, paths[tc.path], "duplicate %s", tc.path)
		names[tc.name], paths[tc.path] = true, true
		assert.True(t, strings.HasPrefix(tc.path, "/v2/reports/"), tc.path)
		for _, k := range tc.accepts {
			assert.Contains(t, wireAll, k, "%s: unknown key %s", tc.name, k)
		}
		for _, f := range tc.fixtures {
			used[f.name] = true
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var onDisk []string
	for _, f := range files {
		onDisk = append(onDisk, filepath.Base(f))
	}
	assert.ElementsMatch(t, onDisk, slices.Collect(maps.Keys(used)), "every fixture is checked by exactly the endpoint it belongs to")
}

// TestRequestHeaders checks the headers every report request carries.
func TestRequestHeaders(t *testing.T) {
	s, c := newTestServer(t, serveFixture(t, "company.json"), WithUserAgent("my-app/2.1"))
	_, err := c.GetCompany(t.Context(), CompanyParams{})
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 1)
	h := reqs[0].Header
	assert.Equal(t, "Bearer "+testToken, h.Get("Authorization"))
	assert.Equal(t, userAgent()+" my-app/2.1", h.Get("User-Agent"))
	assert.Equal(t, "application/json", h.Get("Accept"))
	assert.EqualValues(t, 1, s.tokenCalls.Load())
}

// endpointFor returns the endpoint whose table lists the fixture.
func endpointFor(t *testing.T, fixtureName string) endpointCase {
	t.Helper()
	for _, tc := range allEndpoints() {
		for _, f := range tc.fixtures {
			if f.name == fixtureName {
				return tc
			}
		}
	}
	require.FailNow(t, "no endpoint for fixture", fixtureName)
	return endpointCase{}
}

// roundTrip serves body to the endpoint's default call and returns the
// decoded result encoded again.
func roundTrip(t *testing.T, tc endpointCase, body []byte) []byte {
	t.Helper()
	_, c := newTestServer(t, answerWith(200, "application/json", string(body)))
	got, err := tc.call(t.Context(), c, tc.def)
	require.NoError(t, err)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	return b
}

// withKeys returns the fixture object with the keys set to the values.
func withKeys(t *testing.T, body []byte, kv map[string]any) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m))
	maps.Copy(m, kv)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

// TestEmptyListsKept: an empty list the API sends is encoded back as an
// empty list, not dropped, and an absent one stays absent.
func TestEmptyListsKept(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		keys    []string
	}{
		{"company.json", []string{"filterTags", "users"}},
		{"conversations.json", []string{"filterTags"}},
		{"docs.json", []string{"popularSearches", "failedSearches", "topArticles", "topCategories"}},
		{"happiness.json", []string{"filterTags"}},
		{"user_happiness.json", []string{"filterTags"}},
		{"productivity.json", []string{"filterTags"}},
		{"user.json", []string{"filterTags"}},
		{"user_chat.json", []string{"filterTags"}},
		{"chat.json", []string{"filterTags"}},
		{"email.json", []string{"filterTags"}},
		{"phone.json", []string{"users"}},
		{"company_customers_helped.json", []string{"current", "previous"}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			ep := endpointFor(t, tc.fixture)
			empty := map[string]any{}
			for _, k := range tc.keys {
				empty[k] = []any{}
			}
			body := withKeys(t, fixture(t, tc.fixture), empty)
			assert.JSONEq(t, string(body), string(roundTrip(t, ep, body)))
		})
	}
}

// TestEmptyNestedListKept: an empty customerIds on a drilldown conversation
// survives the round trip as [], and an absent one stays absent.
func TestEmptyNestedListKept(t *testing.T) {
	for _, conv := range []string{`{"id":1,"number":2,"customerIds":[]}`, `{"id":1,"number":2}`} {
		var c DrilldownConversation
		require.NoError(t, json.Unmarshal([]byte(conv), &c))
		out, err := json.Marshal(c)
		require.NoError(t, err)
		var got map[string]any
		require.NoError(t, json.Unmarshal(out, &got))
		ids, present := got["customerIds"]
		if strings.Contains(conv, "customerIds") {
			assert.Equal(t, []any{}, ids, conv)
		} else {
			assert.False(t, present, conv)
		}
	}
}

// TestUnknownFieldsTolerated: fields the SDK does not know (older and newer
// versions of the reports carry some) do not break decoding, and the known
// ones still come back unchanged.
func TestUnknownFieldsTolerated(t *testing.T) {
	for _, ep := range allEndpoints() {
		for _, f := range ep.fixtures {
			t.Run(f.name, func(t *testing.T) {
				body := fixture(t, f.name)
				var top any
				require.NoError(t, json.Unmarshal(body, &top))
				if _, ok := top.(map[string]any); !ok {
					// The busy-times array: add the field to its points.
					var points []map[string]any
					require.NoError(t, json.Unmarshal(body, &points))
					for _, p := range points {
						p["timezone"] = "America/New_York"
					}
					extended, err := json.Marshal(points)
					require.NoError(t, err)
					assert.JSONEq(t, string(body), string(roundTrip(t, ep, extended)))
					return
				}
				extended := withKeys(t, body, map[string]any{"someNewField": map[string]any{"a": []any{1, "x", nil}}, "status": 7})
				assert.JSONEq(t, string(body), string(roundTrip(t, ep, extended)))
			})
		}
	}
}
