package reports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/internal/drift"
	"github.com/helpscout-go/reports/internal/flat"
	"github.com/helpscout-go/reports/reportstest"
)

// answer is one decoded answer of one of the 32 reports.
type answer struct {
	name   string // the report's method and where the answer came from
	method string
	typ    reflect.Type
	body   []byte
	result any // a pointer to the decoded result
}

// bodies keeps the report answers a client received, by path.
type bodies struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (b *bodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || !strings.Contains(req.URL.Path, "/v2/reports/") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	b.mu.Lock()
	b.m[req.URL.Path] = body
	b.mu.Unlock()
	return resp, nil
}

var (
	answersOnce sync.Once
	answersAll  []answer
)

// allAnswers are the answers of every report: each fixture in testdata, and
// reportstest's answer in its usual shapes and in all its alternative
// shapes, each with a previous range and without one.
func allAnswers(t *testing.T) []answer {
	t.Helper()
	answersOnce.Do(func() {
		for _, r := range drift.Reports { // the reports' answers; the lists are no reports
			for _, f := range r.Fixtures {
				body, err := os.ReadFile(filepath.Join("testdata", f))
				require.NoError(t, err)
				answersAll = append(answersAll, decodeAnswer(t, r, "fixture "+f, body))
			}
		}
		for _, shapes := range []reportstest.Shapes{0, reportstest.AllShapes} {
			for _, previous := range []bool{true, false} {
				srv := reportstest.NewServer(reportstest.WithShapes(shapes))
				got := &bodies{m: map[string][]byte{}}
				rec := &drift.Recorder{Base: got}
				c := srv.Client(reports.WithHTTPClient(&http.Client{Transport: rec}))
				d := reports.LastDays(c.Now(), 7)
				args := drift.Args{Dates: d, ViewBy: reports.ViewByDay}
				if previous {
					args.Previous = d.Previous()
				}
				results := drift.Run(context.Background(), c, rec, args)
				srv.Close()
				require.Len(t, results, len(drift.Reports)+len(drift.Lists))
				results = results[:len(drift.Reports)] // Reports' first
				for i, res := range results {
					require.NoError(t, res.Err, res.Method)
					name := "reportstest"
					if shapes != 0 {
						name += " AllShapes"
					}
					if !previous {
						name += " no previous"
					}
					answersAll = append(answersAll, decodeAnswer(t, drift.Reports[i], name, got.m[res.Path]))
				}
			}
		}
	})
	require.NotEmpty(t, answersAll)
	return answersAll
}

func decodeAnswer(t *testing.T, r drift.Report, source string, body []byte) answer {
	t.Helper()
	require.NotEmpty(t, body, "%s %s", r.Method, source)
	v := reflect.New(r.Type)
	require.NoError(t, json.Unmarshal(body, v.Interface()), "%s %s", r.Method, source)
	return answer{name: r.Method + "/" + source, method: r.Method, typ: r.Type, body: body, result: v.Interface()}
}

// jsonLeaf is a scalar of a JSON document: its pattern (list elements as
// "*") and its value.
type jsonLeaf struct {
	pattern string
	value   any
}

// jsonLeaves is the reference for the walks: the scalars of a decoded JSON
// document (json.Marshal of a result), named by the rules Metrics documents
// (object keys; list elements by their distinct "id", else "user", whose
// field is then no leaf, else by index), with no reflection over Go types.
func jsonLeaves(v any, path, pattern string, out map[string]jsonLeaf) {
	join := func(p, seg string) string {
		if p == "" {
			return seg
		}
		return p + "." + seg
	}
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k != "facets" { // raw JSON, passed through
				jsonLeaves(e, join(path, k), join(pattern, k), out)
			}
		}
	case []any:
		keys, field := jsonKeys(v)
		for i, e := range v {
			if keys == nil {
				jsonLeaves(e, join(path, strconv.Itoa(i)), join(pattern, "*"), out)
				continue
			}
			for k, f := range e.(map[string]any) {
				if k != field {
					jsonLeaves(f, join(join(path, keys[i]), k), join(join(pattern, "*"), k), out)
				}
			}
		}
	case nil:
	default:
		out[path] = jsonLeaf{pattern, v}
	}
}

// jsonKeys are the distinct ids ("id", else a scalar "user") of a list's
// objects, and the field that holds them; nil when not every element has
// one.
func jsonKeys(list []any) ([]string, string) {
	for _, field := range []string{"id", "user"} {
		var keys []string
		seen := map[string]bool{}
		for _, e := range list {
			m, _ := e.(map[string]any)
			var k string
			switch id := m[field].(type) {
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
		if len(keys) == len(list) && len(list) > 0 {
			return keys, field
		}
	}
	return nil, ""
}

// The names Metrics documents as differing from json.Marshal's: a
// received-messages point read from the docs' {start, count}, and the user
// chat report's flat reading.
var (
	receivedDocKey = regexp.MustCompile(`^((?:current|previous)\.(?:\d+|\*))\.(start|count)$`)
	userChatFlat   = regexp.MustCompile(`^(current|previous|deltas)\.(waitTime|responseTime|messagesPerChat|duration)$`)
)

// walkName is the name the walks give the figure at JSON path p of an
// answer of method.
func walkName(method, p string) string {
	switch method {
	case "GetConversationsReceivedMessageStats":
		if m := receivedDocKey.FindStringSubmatch(p); m != nil {
			return m[1] + "." + map[string]string{"start": "date", "count": "messages"}[m[2]]
		}
	case "GetUserChat":
		if m := userChatFlat.FindStringSubmatch(p); m != nil {
			group := map[string]string{"waitTime": "responses", "responseTime": "responses", "messagesPerChat": "resolutions", "duration": "resolutions"}[m[2]]
			return m[1] + "." + group + "." + m[2]
		}
	}
	return p
}

// TestMetricsMatchJSON: for every answer of every report, every leaf the
// walk gives is at its name in json.Marshal of the result with the same
// value (but for the names Metrics documents as differing), and Metrics
// gives exactly the JSON's numbers, less the comparison figures when the
// answer has no previous range, each with its info.
func TestMetricsMatchJSON(t *testing.T) {
	renamed, dropped := 0, 0
	for _, a := range allAnswers(t) {
		t.Run(a.name, func(t *testing.T) {
			b, err := json.Marshal(a.result)
			require.NoError(t, err)
			var doc any
			require.NoError(t, json.Unmarshal(b, &doc))
			ref := map[string]jsonLeaf{}
			jsonLeaves(doc, "", "", ref)
			want := map[string]jsonLeaf{} // by the walk's names
			for p, l := range ref {
				name := walkName(a.method, p)
				if name != p {
					renamed++
				}
				want[name] = jsonLeaf{walkName(a.method, l.pattern), l.value}
			}

			patterns := map[string]string{}
			flat.Walk(a.result, func(l flat.Leaf) bool {
				path := string(l.Path)
				patterns[path] = string(l.Pattern)
				if l.Key {
					return true
				}
				w, ok := want[path]
				got := jsonValue(l.Value)
				if path == "facets" {
					return true // raw JSON, passed through
				}
				if !ok {
					// Only a zero value json.Marshal leaves out (omitempty).
					assert.True(t, l.Value.IsZero(), "%s = %v is not in the JSON", path, got)
					return true
				}
				assert.Equal(t, w.value, got, path)
				assert.Equal(t, w.pattern, string(l.Pattern), path)
				return true
			})

			infos := map[string]reports.MetricInfo{}
			for _, i := range reports.MetricInfos(a.result) {
				infos[i.Name] = i
			}
			previous := hasPrevious(doc)
			ms := reports.Metrics(a.result)
			got := map[string]float64{}
			for _, m := range ms {
				require.NotNil(t, m.Info, m.Name)
				assert.NotContains(t, got, m.Name, "%s twice", m.Name)
				got[m.Name] = m.Value
				assert.Equal(t, patterns[m.Name], m.Info.Name, "%s: its info's pattern", m.Name)
				assert.Equal(t, infos[m.Info.Name], *m.Info, "%s: the info MetricInfos gives", m.Name)
				assert.NotEmpty(t, m.Info.Kind, m.Name)
			}
			wantNumbers := map[string]float64{}
			for name, l := range want {
				f, ok := l.value.(float64)
				if !ok {
					continue
				}
				if info, known := infos[l.pattern]; known && info.Comparison && !previous {
					dropped++ // sent as zeros or copies without a previous range
					continue
				}
				wantNumbers[name] = f
			}
			assert.Equal(t, wantNumbers, got)
			assert.Equal(t, ms, reports.Metrics(reflect.ValueOf(a.result).Elem().Interface()), "a result or a pointer to it")
		})
	}
	assert.Positive(t, renamed, "the sweep has answers in both readings")
	assert.Greater(t, dropped, 100, "answers without a previous range hold comparison figures, which Metrics leaves out")
}

// hasPrevious reports whether a result's JSON has a previous range: a
// previous or deltas member, or previous points.
func hasPrevious(doc any) bool {
	m, _ := doc.(map[string]any)
	for _, k := range []string{"previous", "deltas"} {
		switch v := m[k].(type) {
		case map[string]any:
			return true
		case []any:
			if len(v) > 0 {
				return true
			}
		}
	}
	return false
}

// jsonValue is a leaf as json.Marshal writes it, decoded into any.
func jsonValue(v reflect.Value) any {
	switch x := v.Interface().(type) {
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case json.RawMessage:
		return string(x)
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	}
	return v.Interface()
}

// TestMetricsComparisons: every report, from reportstest with a previous
// range and without one: without, no comparison figure (previous*, deltas,
// deltaPercent, unansweredDelta...); with, the reports that have them give
// them; and the other figures are the same either way.
func TestMetricsComparisons(t *testing.T) {
	byKey := map[string]answer{}
	for _, a := range allAnswers(t) {
		byKey[a.name] = a
	}
	withSome := 0
	for _, r := range drift.Reports {
		for _, src := range []string{"reportstest", "reportstest AllShapes"} {
			t.Run(r.Method+"/"+src, func(t *testing.T) {
				with, without := byKey[r.Method+"/"+src], byKey[r.Method+"/"+src+" no previous"]
				require.NotNil(t, with.result)
				require.NotNil(t, without.result)
				current := func(ms []reports.Metric) map[string]float64 {
					out := map[string]float64{}
					for _, m := range ms {
						if !m.Info.Comparison {
							out[m.Name] = m.Value
						}
					}
					return out
				}
				mw, mo := reports.Metrics(with.result), reports.Metrics(without.result)
				for _, m := range mo {
					assert.False(t, m.Info.Comparison, "%s without a previous range", m.Name)
				}
				assert.Equal(t, current(mw), current(mo), "the current figures do not depend on the previous range")
				comparisons := 0
				for _, m := range mw {
					if m.Info.Comparison {
						comparisons++
					}
				}
				hasComparisons := slices.ContainsFunc(reports.MetricInfos(with.result), func(i reports.MetricInfo) bool { return i.Comparison })
				if hasComparisons {
					assert.Positive(t, comparisons, "with a previous range the comparison figures stay")
					withSome++
				} else {
					assert.Zero(t, comparisons)
				}
			})
		}
	}
	// The 23 reports that take a previous range (all but the drilldowns,
	// the ratings, the history and the busiest times), each in two shapes.
	assert.Equal(t, 2*23, withSome, "the reports that take a previous range and have comparison figures")
}

// TestColumnsAgreeWithMetrics: for every answer, the walk's every leaf has
// its pattern among the type's Leaves, and a column of Columns (the printers'
// columns) has the value the walk gives at its name.
func TestColumnsAgreeWithMetrics(t *testing.T) {
	seen := 0
	for _, a := range allAnswers(t) {
		t.Run(a.name, func(t *testing.T) {
			leaves := map[string]bool{}
			for _, c := range flat.Leaves(a.typ) {
				leaves[c.Name] = true
			}
			cols := map[string]flat.Column{}
			for _, c := range flat.Columns(a.typ) {
				cols[c.Name] = c
			}
			flat.Walk(a.result, func(l flat.Leaf) bool {
				assert.True(t, leaves[string(l.Pattern)], "%s: %s is no leaf of %s", l.Path, l.Pattern, a.typ)
				if c, ok := cols[string(l.Path)]; ok {
					v := reflect.Indirect(c.Value(reflect.ValueOf(a.result)))
					if assert.True(t, v.IsValid(), string(l.Path)) {
						assert.Equal(t, l.Value.Interface(), v.Interface(), string(l.Path))
						seen++
					}
				}
				return true
			})
		})
	}
	assert.Greater(t, seen, 1000, "columns checked against the walk")
}

// validUnits are the units each kind may have.
var validUnits = map[reports.MetricKind][]reports.MetricUnit{
	reports.KindCount:    {reports.UnitCount, reports.UnitDays},
	reports.KindDistinct: {reports.UnitCount},
	reports.KindAverage:  {reports.UnitCount, reports.UnitSeconds},
	reports.KindPercent:  {reports.UnitPercent, reports.UnitFraction},
	reports.KindScore:    {reports.UnitPoints},
	reports.KindChange:   {reports.UnitPercent, reports.UnitPoints},
	reports.KindMeasure:  {reports.UnitSeconds, reports.UnitCount},
	reports.KindPeak:     {reports.UnitCount},
	reports.KindID:       {reports.UnitID},
	reports.KindCode:     {reports.UnitWeekday, reports.UnitHour, reports.UnitRating, reports.UnitPage, reports.UnitCode},
}

// TestMetricInfosEveryResult: every numeric leaf of every result type of
// the 32 reports has an info with a kind and a unit that go together; every
// weight is a count of the same result and range, and weights only what a
// weight can; a change is a comparison; descriptions are one line.
func TestMetricInfosEveryResult(t *testing.T) {
	kinds := map[reports.MetricKind]int{}
	for _, r := range drift.Reports {
		t.Run(r.Method, func(t *testing.T) {
			infos := reports.MetricInfos(reflect.Zero(reflect.PointerTo(r.Type)).Interface())
			byName := map[string]reports.MetricInfo{}
			for _, i := range infos {
				byName[i.Name] = i
			}
			numeric := 0
			for _, c := range flat.Leaves(r.Type) {
				k := reflect.Indirect(reflect.New(c.Type)).Type()
				for k.Kind() == reflect.Pointer {
					k = k.Elem()
				}
				switch k.Kind() {
				case reflect.Int, reflect.Int64, reflect.Float64:
				default:
					continue
				}
				numeric++
				info, ok := byName[c.Name]
				require.True(t, ok, "%s has no info", c.Name)
				assert.Contains(t, validUnits[info.Kind], info.Unit, "%s: kind %q, unit %q", c.Name, info.Kind, info.Unit)
				kinds[info.Kind]++
				assert.NotEmpty(t, info.Description, c.Name)
				assert.NotContains(t, info.Description, "\n", c.Name)
				if info.Kind == reports.KindChange {
					assert.True(t, info.Comparison, "%s: a change is a comparison", c.Name)
				}
				if info.Weight != "" {
					assert.Contains(t, []reports.MetricKind{reports.KindAverage, reports.KindPercent, reports.KindScore}, info.Kind, "%s: weighted", c.Name)
					w, ok := byName[info.Weight]
					if assert.True(t, ok, "%s: its weight %s is no metric of the result", c.Name, info.Weight) {
						assert.Contains(t, []reports.MetricKind{reports.KindCount, reports.KindDistinct}, w.Kind, "%s: weighted by %s", c.Name, info.Weight)
						assert.Equal(t, info.Comparison, w.Comparison, "%s: weighted by a figure of the same range", c.Name)
					}
				}
			}
			assert.Len(t, infos, numeric, "one info per numeric leaf")
		})
	}
	for k := range validUnits {
		assert.Positive(t, kinds[k], "kind %s is used", k)
	}
}

// TestMetricInfosWeights: the weights of the figures the issue names.
func TestMetricInfosWeights(t *testing.T) {
	weight := func(result any, name string) string {
		for _, i := range reports.MetricInfos(result) {
			if i.Name == name {
				return i.Weight
			}
		}
		t.Fatalf("%T has no %s", result, name)
		return ""
	}
	for _, tc := range []struct {
		result     any
		name, want string
	}{
		{&reports.CompanyResult{}, "current.repliesPerDay", "current.totalDays"},
		{&reports.CompanyResult{}, "previous.repliesPerDay", "previous.totalDays"},
		{&reports.CompanyResult{}, "users.*.handleTime", ""},       // averaged over replies or conversations: no source says
		{&reports.HappinessResult{}, "current.ratingsPercent", ""}, // a share of distinct customers
		{&reports.HappinessResult{}, "current.happinessScore", "current.ratingsCount"},
		{&reports.HappinessResult{}, "current.great", "current.ratingsCount"},
		{&reports.ProductivityResult{}, "current.resolutionTime", "current.resolved"},
		{&reports.ProductivityResult{}, "responseTime.ranges.*.percent", "responseTime.count"},
		{&reports.ProductivityResult{}, "repliesToResolve.ranges.*.previousPercent", "repliesToResolve.previousCount"},
		{&reports.ProductivityResult{}, "repliesToResolve.ranges.*.resolutionTime", "repliesToResolve.ranges.*.count"},
		{&reports.EmailResult{}, "current.resolutions.percentResolvedOnFirstReply", "current.resolutions.resolved"},
		{&reports.ConversationsResult{}, "customFields.fields.*.values.*.percent", "customFields.fields.*.summary.total"},
		{&reports.ProductivityResult{}, "deltas.resolutionTime", ""},     // a change is not combined
		{&reports.ProductivityResult{}, "current.firstResponseTime", ""}, // no weight known
	} {
		assert.Equal(t, tc.want, weight(tc.result, tc.name), "%T %s", tc.result, tc.name)
	}
}

// TestMetricKindsAddUp: the kinds and weights aggregate right. For every
// overall report of reportstest (whose figures add up across ranges as its
// doc says), the figures of each of 7 days, combined by their kind, equal
// the figures of the 7 days asked for at once: a count is the sum of the
// days', an average, percent or score with a weight the days' mean weighted
// by it (within the fake's rounding to 2 decimals). The other kinds are
// never combined (distinct counts, peaks, averages without a weight...).
// The Docs report is left out: the fake computes its figures per range
// from daily visitor counts and rounds its shares, and promises nothing of
// them adding up.
func TestMetricKindsAddUp(t *testing.T) {
	srv := reportstest.NewServer()
	t.Cleanup(srv.Close)
	c := srv.Client()
	ctx := t.Context()
	const user = 100101
	week := reports.LastWeeks(c.Now(), 1)
	reportsOf := map[string]func(reports.Dates) (any, error){
		"company": func(d reports.Dates) (any, error) { return c.GetCompany(ctx, reports.CompanyParams{Dates: d}) },
		"conversations": func(d reports.Dates) (any, error) {
			return c.GetConversations(ctx, reports.ConversationsParams{Dates: d})
		},
		"happiness": func(d reports.Dates) (any, error) { return c.GetHappiness(ctx, reports.HappinessParams{Dates: d}) },
		"productivity": func(d reports.Dates) (any, error) {
			return c.GetProductivity(ctx, reports.ProductivityParams{Dates: d})
		},
		"user": func(d reports.Dates) (any, error) { return c.GetUser(ctx, reports.UserParams{User: user, Dates: d}) },
		"user happiness": func(d reports.Dates) (any, error) {
			return c.GetUserHappiness(ctx, reports.UserHappinessParams{User: user, Dates: d})
		},
		"user chat": func(d reports.Dates) (any, error) {
			return c.GetUserChat(ctx, reports.UserChatParams{User: user, Dates: d})
		},
		"chat":  func(d reports.Dates) (any, error) { return c.GetChat(ctx, reports.ChatParams{Dates: d}) },
		"email": func(d reports.Dates) (any, error) { return c.GetEmail(ctx, reports.EmailParams{Dates: d}) },
		"phone": func(d reports.Dates) (any, error) { return c.GetPhone(ctx, reports.PhoneParams{Dates: d}) },
		"busy times": func(d reports.Dates) (any, error) {
			return c.GetConversationsBusiestTimes(ctx, reports.ConversationsBusiestTimesParams{Dates: d})
		},
	}
	checked := map[reports.MetricKind]int{}
	for name, get := range reportsOf {
		t.Run(name, func(t *testing.T) {
			whole, err := get(week)
			require.NoError(t, err)
			type sums struct{ sum, weighted, weight float64 }
			days := week.Split(reports.ViewByDay)
			require.Len(t, days, 7)
			combined, present := map[string]*sums{}, map[string]int{}
			for _, d := range days {
				r, err := get(d)
				require.NoError(t, err)
				values := map[string]float64{}
				ms := reports.Metrics(r)
				for _, m := range ms {
					values[m.Name] = m.Value
				}
				for _, m := range ms {
					s := combined[m.Name]
					if s == nil {
						s = &sums{}
						combined[m.Name] = s
					}
					present[m.Name]++
					s.sum += m.Value
					if m.Info.Weight != "" {
						w, ok := values[weightOf(m)]
						require.True(t, ok, "%s: its weight %s is not in the answer", m.Name, weightOf(m))
						s.weighted += m.Value * w
						s.weight += w
					}
				}
			}
			for _, m := range reports.Metrics(whole) {
				s := combined[m.Name]
				if s == nil || present[m.Name] < len(days) {
					continue // not in every day's answer (a top entry of some days)
				}
				switch {
				case m.Info.Kind == reports.KindCount:
					assert.InDelta(t, m.Value, s.sum, 1e-9, "%s: a count is the sum of the days'", m.Name)
				case m.Info.Weight != "" && s.weight > 0:
					// Each figure is rounded to 2 decimals, the days' too.
					assert.InDelta(t, m.Value, s.weighted/s.weight, 0.011, "%s: the days' weighted by %s", m.Name, m.Info.Weight)
				default:
					continue
				}
				checked[m.Info.Kind]++
			}
		})
	}
	for _, k := range []reports.MetricKind{reports.KindCount, reports.KindAverage, reports.KindPercent, reports.KindScore} {
		assert.Positive(t, checked[k], "figures of kind %s checked", k)
	}
}

// weightOf is the name of the weight of metric m: its Weight with m's list
// keys in place of the pattern's "*".
func weightOf(m reports.Metric) string {
	name, pattern, weight := strings.Split(m.Name, "."), strings.Split(m.Info.Name, "."), strings.Split(m.Info.Weight, ".")
	for i, seg := range weight {
		if seg == "*" && i < len(pattern) && pattern[i] == "*" {
			weight[i] = name[i]
		}
	}
	return strings.Join(weight, ".")
}
