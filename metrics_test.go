package reports

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonMetrics is the reference for Metrics: the same rules applied to the
// result's JSON (decoded into any), with no reflection over Go types.
func jsonMetrics(v any, path string, out map[string]float64) {
	join := func(seg string) string {
		if path == "" {
			return seg
		}
		return path + "." + seg
	}
	switch v := v.(type) {
	case float64:
		out[path] = v
	case map[string]any:
		for k, e := range v {
			if k != "facets" { // passed through as raw JSON
				jsonMetrics(e, join(k), out)
			}
		}
	case []any:
		keys, field := jsonKeys(v)
		for i, e := range v {
			if keys == nil {
				jsonMetrics(e, join(strconv.Itoa(i)), out)
				continue
			}
			m := asObject(e)
			for k, f := range m {
				if k != field {
					jsonMetrics(f, join(keys[i])+"."+k, out)
				}
			}
		}
	}
}

func asObject(v any) map[string]any { m, _ := v.(map[string]any); return m }

// jsonKeys are the distinct ids ("id", else a scalar "user") of a list's
// objects, or nil.
func jsonKeys(list []any) ([]string, string) {
	for _, field := range []string{"id", "user"} {
		keys, seen := []string{}, map[string]bool{}
		for _, e := range list {
			var k string
			switch id := asObject(e)[field].(type) {
			case float64:
				k = strconv.FormatFloat(id, 'f', -1, 64)
			case string:
				k = id
			}
			if k == "" || seen[k] {
				keys = nil
				break
			}
			seen[k] = true
			keys = append(keys, k)
		}
		if keys != nil && len(keys) == len(list) {
			return keys, field
		}
	}
	return nil, ""
}

// TestMetricsEveryReport: for every report and fixture, Metrics gives the
// numbers of the result's JSON, named by their JSON paths (the reference
// walks json.Marshal of the result), each name once; the zero result, a
// result with empty lists and nil pointers give no panic and unique names.
func TestMetricsEveryReport(t *testing.T) {
	for _, ep := range allEndpoints() {
		for _, f := range ep.fixtures {
			t.Run(ep.name+"/"+f.name, func(t *testing.T) {
				_, c := newTestServer(t, serveFixture(t, f.name))
				got, err := ep.call(t.Context(), c, ep.def)
				require.NoError(t, err)

				ms := Metrics(got)
				require.NotEmpty(t, ms)
				names := map[string]float64{}
				for _, m := range ms {
					_, dup := names[m.Name]
					assert.False(t, dup, "%s twice", m.Name)
					names[m.Name] = m.Value
				}
				b, err := json.Marshal(got)
				require.NoError(t, err)
				var doc any
				require.NoError(t, json.Unmarshal(b, &doc))
				want := map[string]float64{}
				jsonMetrics(doc, "", want)
				if f.name == "conversations_received_message_stats_doc.json" {
					// Named as the live reading, whichever came (TestMetricsJSONShapes).
					for k, v := range want {
						delete(want, k)
						want[strings.Replace(k, ".count", ".messages", 1)] = v
					}
				}
				assert.Equal(t, want, names)

				assert.Equal(t, ms, Metrics(reflect.ValueOf(got).Elem().Interface()), "a result or a pointer to it")

				zero := reflect.New(reflect.TypeOf(got).Elem())
				assert.NotPanics(t, func() { uniqueNames(t, Metrics(zero.Interface())) }, "zero result")
				empty := reflect.New(reflect.TypeOf(got).Elem())
				require.NoError(t, json.Unmarshal(emptied(t, b), empty.Interface()))
				assert.NotPanics(t, func() { uniqueNames(t, Metrics(empty.Interface())) }, "empty lists, null pointers")
			})
		}
	}
}

func uniqueNames(t *testing.T, ms []Metric) {
	seen := map[string]bool{}
	for _, m := range ms {
		assert.False(t, seen[m.Name], "%s twice", m.Name)
		seen[m.Name] = true
	}
}

// emptied is a result's JSON with every list empty and every object
// member that holds an object null.
func emptied(t *testing.T, b []byte) []byte {
	var doc any
	require.NoError(t, json.Unmarshal(b, &doc))
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case []any:
			return []any{}
		case map[string]any:
			for k, e := range v {
				if _, ok := e.(map[string]any); ok {
					v[k] = nil
				} else {
					v[k] = walk(e)
				}
			}
		}
		return v
	}
	out, err := json.Marshal(walk(doc))
	require.NoError(t, err)
	return out
}

// TestMetricsNames: the names the issue asks for, and the rules for ids,
// indexes, embedded structs, pointers, maps, booleans and strings.
func TestMetricsNames(t *testing.T) {
	var company CompanyResult
	require.NoError(t, json.Unmarshal(fixture(t, "company.json"), &company))
	ms := Metrics(&company)
	names := map[string]float64{}
	for _, m := range ms {
		names[m.Name] = m.Value
	}
	assert.Equal(t, 28.0, names["current.customersHelped"])
	assert.Equal(t, 27.0, names["previous.customersHelped"])
	assert.InDelta(t, 3.7037, names["deltas.customersHelped"], 1e-4)
	assert.Equal(t, 58.0, names["users.1.replies"], "a user by its id")
	assert.Equal(t, "current.customersHelped", ms[0].Name, "in the answer's order; the filter tags have no number but their id")
	assert.NotContains(t, names, "users.1.user", "the id is the key, not a metric")
	assert.NotContains(t, names, "current.startDate", "dates are not numbers")

	company.Previous, company.Deltas = nil, nil
	for _, m := range Metrics(company) {
		assert.NotRegexp(t, `^(previous|deltas)\.`, m.Name, "a previous range not asked for gives nothing")
	}

	type inner struct {
		N float64 `json:"n"`
	}
	type row struct {
		ID   string  `json:"id"`
		V    float64 `json:"v"`
		Flag bool    `json:"flag"`
	}
	type Embedded struct {
		Depth float64 `json:"depth"`
		Same  float64 `json:"same"`
	}
	type doc struct {
		Embedded
		Same    float64            `json:"same"` // wins over the embedded one
		Skip    float64            `json:"-"`
		Untag   int64              // no tag: the Go name
		P       *inner             `json:"p"`
		Nil     *inner             `json:"nil,omitempty"`
		Rows    []row              `json:"rows"`
		Dup     []row              `json:"dup"` // ids not distinct: by index
		Map     map[string]float64 `json:"map"`
		Any     any                `json:"any"`
		Raw     json.RawMessage    `json:"raw"`
		When    time.Time          `json:"when"`
		Name    string             `json:"name"`
		private float64
		U       uint8 `json:"u"`
	}
	got := Metrics(&doc{
		Embedded: Embedded{Depth: 1, Same: -1}, Same: 2, Skip: 9, Untag: 3, P: &inner{4},
		Rows: []row{{"a", 5, true}, {"b", 6, false}}, Dup: []row{{"x", 7, false}, {"x", 8, false}},
		Map: map[string]float64{"z": 10, "y": 9}, Any: map[string]any{"k": 11.0}, Raw: json.RawMessage(`{"r":1}`),
		When: testNow, Name: "n", private: 99, U: 12,
	})
	want := []string{"depth", "same", "Untag", "p.n", "rows.a.v", "rows.b.v", "dup.0.v", "dup.1.v", "map.y", "map.z", "any.k", "u"}
	var gotNames []string
	for _, m := range got {
		gotNames = append(gotNames, m.Name)
	}
	assert.Equal(t, want, gotNames, "strings (dup ids too), booleans, times, raw JSON, '-' and unexported fields are left out")
	assert.Equal(t, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, values(got))

	assert.Empty(t, Metrics(nil))
	assert.Empty(t, Metrics((*CompanyResult)(nil)))
	assert.Empty(t, Metrics(&ConversationsBusiestTimesResult{}))
}

func values(ms []Metric) []float64 {
	out := make([]float64, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Value)
	}
	return out
}

// TestMetricsJSONShapes: the types whose JSON is not their Go structure are
// named by their JSON: busiest times a bare list, a received-messages point
// {"date", "messages"} whichever reading it came from.
func TestMetricsJSONShapes(t *testing.T) {
	var busy ConversationsBusiestTimesResult
	require.NoError(t, json.Unmarshal(fixture(t, "conversations_busiest_times.json"), &busy))
	ms := Metrics(&busy)
	require.NotEmpty(t, ms)
	assert.Equal(t, "0.day", ms[0].Name)

	var live, doc ConversationsReceivedMessageStatsResult
	require.NoError(t, json.Unmarshal(fixture(t, "conversations_received_message_stats.json"), &live))
	require.NoError(t, json.Unmarshal(fixture(t, "conversations_received_message_stats_doc.json"), &doc))
	for _, ms := range [][]Metric{Metrics(&live), Metrics(&doc)} {
		require.NotEmpty(t, ms)
		assert.Equal(t, "current.0.messages", ms[0].Name)
		assert.False(t, slices.ContainsFunc(ms, func(m Metric) bool { return m.Name == "current.0.count" }))
	}
}
