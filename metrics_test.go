package reports

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/helpscout-go/reports/internal/flat"
	"github.com/helpscout-go/reports/internal/metricdoc"
)

// TestMetricsZeroAndEmpty: for every report, the zero result and a result
// with empty lists and null objects give no panic and unique names.
// (TestMetricsMatchJSON checks the names and values of every answer.)
func TestMetricsZeroAndEmpty(t *testing.T) {
	for _, ep := range allEndpoints() {
		for _, f := range ep.fixtures {
			t.Run(ep.name+"/"+f.name, func(t *testing.T) {
				_, c := newTestServer(t, serveFixture(t, f.name))
				got, err := ep.call(t.Context(), c, ep.def)
				require.NoError(t, err)
				require.NotEmpty(t, Metrics(got))
				b, err := json.Marshal(got)
				require.NoError(t, err)

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

	assert.Contains(t, names, "users.1.previousReplies", "with a previous range, the users' previous figures are in")
	assert.Equal(t, KindDistinct, ms[0].Info.Kind)
	assert.Equal(t, "users.*.replies", byName(ms, "users.1.replies").Info.Name)
	assert.Equal(t, KindCount, byName(ms, "users.1.replies").Info.Kind)

	company.Previous, company.Deltas = nil, nil
	for _, m := range Metrics(company) {
		assert.NotRegexp(t, `^(previous|deltas)\.|\.previous`, m.Name, "a previous range not asked for gives no comparison figure")
		assert.False(t, m.Info.Comparison, m.Name)
	}
	for _, m := range Metrics(company.Users) {
		if m.Info.Comparison {
			assert.Contains(t, m.Name, ".previous", "a part of a result has no previous range of its own: its figures stay")
		}
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
	for _, m := range got {
		require.NotNil(t, m.Info, m.Name)
		assert.Empty(t, m.Info.Kind, "%s: a type of yours has no documented kind", m.Name)
	}
	assert.Equal(t, "rows.*.v", got[4].Info.Name)

	assert.Empty(t, Metrics(nil))
	assert.Empty(t, Metrics((*CompanyResult)(nil)))
	assert.Empty(t, Metrics(&ConversationsBusiestTimesResult{}))

	bare := Metrics(42)
	require.Len(t, bare, 1)
	assert.Equal(t, Metric{Name: "", Value: 42, Info: bare[0].Info}, bare[0], "a bare number is named by the root's empty path")
	assert.Equal(t, []string{"0", "1"}, names2(Metrics([]float64{1, 2})))
}

func byName(ms []Metric, name string) Metric {
	for _, m := range ms {
		if m.Name == name {
			return m
		}
	}
	return Metric{}
}

func names2(ms []Metric) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
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
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"count"`, "json.Marshal gives back the docs' reading")
	for _, ms := range [][]Metric{Metrics(&live), Metrics(&doc)} {
		require.NotEmpty(t, ms)
		assert.Equal(t, "current.0.messages", ms[0].Name, "named as the live reading, whichever came")
		assert.False(t, slices.ContainsFunc(ms, func(m Metric) bool { return strings.HasSuffix(m.Name, ".count") }))
	}

	// The user chat report: the same figure has the same name in both
	// readings.
	v := func(f float64) *float64 { return &f }
	flatStats := UserChatStats{NewConversations: v(1), MessagesPerChat: v(2), ResponseTime: v(3), WaitTime: v(4), Duration: v(5)}
	nested := UserChatStats{
		Volume:      &ChatVolume{ChatConversations: 6, CompletedChats: 7, MissedChats: 8, ChatsPerDay: 9},
		Responses:   &ChatResponses{WaitTime: 4, ResponseTime: 3},
		Resolutions: &ChatResolutions{MessagesPerChat: 2, Duration: 5},
	}
	named := func(ms []Metric) map[string]float64 {
		out := map[string]float64{}
		for _, m := range ms {
			out[m.Name] = m.Value
		}
		return out
	}
	assert.Equal(t, map[string]float64{
		"current.newConversations": 1, "current.responses.waitTime": 4, "current.responses.responseTime": 3,
		"current.resolutions.messagesPerChat": 2, "current.resolutions.duration": 5,
	}, named(Metrics(&UserChatResult{Current: &flatStats})))
	assert.Equal(t, map[string]float64{
		"current.volume.chatConversations": 6, "current.volume.completedChats": 7, "current.volume.missedChats": 8,
		"current.volume.chatsPerDay": 9, "current.responses.waitTime": 4, "current.responses.responseTime": 3,
		"current.resolutions.messagesPerChat": 2, "current.resolutions.duration": 5,
	}, named(Metrics(&UserChatResult{Current: &nested})))
	both := nested
	both.WaitTime, both.Duration = v(40), v(50)
	assert.Equal(t, 4.0, named(Metrics(&UserChatResult{Current: &both}))["current.responses.waitTime"], "the nested figure wins when both came")
	for _, m := range Metrics(&UserChatResult{Current: &flatStats}) {
		assert.NotEmpty(t, m.Info.Kind, m.Name)
	}
}

type (
	cyclic struct {
		V    float64 `json:"v"`
		Next *cyclic `json:"next"`
	}
	holder struct {
		V   float64 `json:"v"`
		Any any     `json:"any"`
	}
)

// TestMetricsCycles: a value that holds itself, through a pointer, a slice,
// a map or an interface, gives its numbers up to where the cycle closes and
// stops (json.Marshal refuses these values); a deep value stops at 32
// levels.
func TestMetricsCycles(t *testing.T) {
	n := &cyclic{V: 1}
	n.Next = n
	two := &cyclic{V: 1, Next: &cyclic{V: 2}}
	two.Next.Next = two
	s := make([]any, 2)
	s[0], s[1] = 1.0, s
	m := map[string]any{"v": 1.0}
	m["self"] = m
	h := &holder{V: 1}
	h.Any = h
	mixed := map[string]any{"v": 1.0}
	mixed["list"] = []any{2.0, &holder{V: 3, Any: mixed}}

	for _, tc := range []struct {
		name  string
		v     any
		names []string
	}{
		{"pointer", n, []string{"v"}},
		{"pointer, two steps", two, []string{"v", "next.v"}},
		{"slice", s, []string{"0"}},
		{"map", m, []string{"v"}},
		{"interface", h, []string{"v"}},
		{"map, slice, pointer and interface", mixed, []string{"list.0", "list.1.v", "v"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := json.Marshal(tc.v)
			require.Error(t, err, "json.Marshal refuses it")
			assert.Equal(t, tc.names, names2(Metrics(tc.v)))
		})
	}

	var deep *cyclic
	for i := range 1000 {
		deep = &cyclic{V: float64(i), Next: deep}
	}
	ms := Metrics(deep)
	assert.Len(t, ms, 32, "32 levels of a 1000-deep value")
}

// TestMetricsConcurrent: Metrics and MetricInfos of every result type at
// once from many goroutines, each type's first use among them (run with
// -race), give what one goroutine gets.
func TestMetricsConcurrent(t *testing.T) {
	types := resultTypes()
	want := make([][]Metric, len(types))
	values := make([]any, len(types))
	for i, typ := range types {
		v := reflect.New(typ)
		values[i] = v.Interface()
	}
	var wg sync.WaitGroup
	got := make([][]Metric, len(types)*4)
	for g := range len(types) * 4 {
		wg.Go(func() {
			got[g] = Metrics(values[g%len(types)])
			_ = MetricInfos(values[g%len(types)])
		})
	}
	wg.Wait()
	for i := range types {
		want[i] = Metrics(values[i])
	}
	for g := range got {
		assert.Equal(t, want[g%len(types)], got[g], types[g%len(types)])
	}
}

// TestMetricInfoGenerated: metricinfo_gen.go is what go generate makes of
// the field comments now.
func TestMetricInfoGenerated(t *testing.T) {
	want, err := metricdoc.Generate(".")
	require.NoError(t, err)
	got, err := os.ReadFile("metricinfo_gen.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "metricinfo_gen.go is stale: run go generate")
}

// resultTypes are the types the GetX methods of Client return.
func resultTypes() []reflect.Type {
	var out []reflect.Type
	ct := reflect.TypeFor[*Client]()
	for i := range ct.NumMethod() {
		if m := ct.Method(i); strings.HasPrefix(m.Name, "Get") && m.Name != "Get" {
			out = append(out, m.Type.Out(0).Elem())
		}
	}
	return out
}

// TestMetricInfosFollowDocs: in every result type, each metric has the kind
// and unit its field's comment says (a change of it under deltas), and
// each weight a comment names is found, but for the changes, which have
// none.
func TestMetricInfosFollowDocs(t *testing.T) {
	types := resultTypes()
	require.Len(t, types, 32)
	weighted := 0
	for _, typ := range types {
		infos := infosOf(typ).infos
		for _, c := range flat.Leaves(typ) {
			if !isNumberType(c.Type) {
				continue
			}
			info := infosOf(typ).byName[c.Name]
			require.NotNil(t, info, "%s %s", typ, c.Name)
			d, ok := docOf(c.Fields[len(c.Fields)-1])
			require.True(t, ok, "%s %s: its field has no doc", typ, c.Name)
			if (info.Kind != KindChange || d.kind == KindChange) && info.Kind != KindPeak {
				assert.Equal(t, d.kind, info.Kind, "%s %s", typ, c.Name)
				assert.Equal(t, d.unit, info.Unit, "%s %s", typ, c.Name)
			}
			switch {
			case d.weight != "" && info.Kind != KindChange:
				assert.NotEmpty(t, info.Weight, "%s %s: weighted by [%s], not found", typ, c.Name, d.weight)
				weighted++
			default:
				assert.Empty(t, info.Weight, "%s %s", typ, c.Name)
			}
		}
		assert.NotEmpty(t, infos, typ)
	}
	peak := infosOf(reflect.TypeFor[ConversationsResult]()).byName["busiestDay.count"]
	assert.Equal(t, KindPeak, peak.Kind, "a count under a peak is a peak")
	assert.Equal(t, KindCount, infosOf(reflect.TypeFor[ConversationsBusiestTimesResult]()).byName["*.count"].Kind, "the same field elsewhere is a count")
	assert.Greater(t, weighted, 50)
}
