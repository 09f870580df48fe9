package drift

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/internal/flat"
)

// stats is a complete CompanyStats, for bodies that change one thing.
const stats = `"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-08T00:00:00Z",
	"customersHelped": 1, "closed": 2, "totalReplies": 3, "totalUsers": 4, "totalDays": 7,
	"repliesPerDayPerUser": 0.1, "repliesPerDay": 0.4, "resolvedPerDay": 0.3`

// user is a complete CompanyUser.
const user = `{"user": "7", "name": "A", "customersHelped": 1, "replies": 2, "handleTime": 3,
	"happinessScore": 4, "previousCustomersHelped": 5, "previousReplies": 6,
	"previousHandleTime": 7, "previousHappinessScore": 8}`

// company is a complete CompanyResult; extra goes into current, users are
// the users' array.
func company(extra, users string) string {
	if extra != "" {
		extra = ", " + extra
	}
	return `{"filterTags": [{"id": 1, "name": "t"}], "current": {` + stats + extra + `}, "previous": {` + stats + `},
		"deltas": {"customersHelped": 1, "totalReplies": 2, "repliesPerDay": 3, "closed": 4, "totalUsers": 5, "repliesPerDayPerUser": 6},
		"users": ` + users + `}`
}

// brief is the findings as "path: kind" lines, the form the tests compare.
func brief(findings []Finding) []string {
	out := make([]string, 0, len(findings))
	for _, f := range findings {
		out = append(out, f.Path+": "+f.Kind.String())
	}
	return out
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		typ   reflect.Type
		want  []string
		fatal bool
	}{{
		name: "no drift",
		body: company("", "["+user+"]"),
		typ:  reflect.TypeFor[reports.CompanyResult](),
	}, {
		name: "optional fields absent",
		body: `{"current": {` + stats + `}}`,
		typ:  reflect.TypeFor[reports.CompanyResult](),
		want: []string{"deltas: absent", "filterTags: absent", "previous: absent", "users: absent"},
	}, {
		name: "unknown key at depth",
		body: company(`"activeConversations": 3, "busiest": {"day": 1}`, "["+user+"]"),
		typ:  reflect.TypeFor[reports.CompanyResult](),
		want: []string{"current.activeConversations: unknown key", "current.busiest: unknown key"},
	}, {
		name: "key differing in case decodes and is not missing",
		body: strings.Replace(company("", "["+user+"]"), `"totalDays"`, `"TotalDays"`, 1),
		typ:  reflect.TypeFor[reports.CompanyResult](),
		want: []string{"current.TotalDays: key differs in case"},
	}, {
		name:  "type mismatch at depth",
		body:  company("", `[`+strings.Replace(user, `"user": "7"`, `"user": 7`, 1)+`]`),
		typ:   reflect.TypeFor[reports.CompanyResult](),
		want:  []string{"users[].user: wrong type"},
		fatal: true,
	}, {
		name:  "string where a number is wanted",
		body:  strings.Replace(company("", "[]"), `"closed": 2`, `"closed": "2"`, 1),
		typ:   reflect.TypeFor[reports.CompanyResult](),
		want:  []string{"current.closed: wrong type", "users: empty list"},
		fatal: true,
	}, {
		name: "missing field",
		body: strings.Replace(company("", "["+user+"]"), `"closed": 2,`, ``, 1),
		typ:  reflect.TypeFor[reports.CompanyResult](),
		want: []string{"current.closed: absent"},
	}, {
		name:  "null where the model has no room for it",
		body:  strings.Replace(company("", "["+user+"]"), `"closed": 2`, `"closed": null`, 1),
		typ:   reflect.TypeFor[reports.CompanyResult](),
		want:  []string{"current.closed: null"},
		fatal: true,
	}, {
		name: "null where the model has a pointer or a list",
		body: `{"current": {` + stats + `}, "previous": null, "deltas": null, "users": null, "filterTags": null}`,
		typ:  reflect.TypeFor[reports.CompanyResult](),
	}, {
		name:  "object where a list is wanted",
		body:  company("", `{"user": "7"}`),
		typ:   reflect.TypeFor[reports.CompanyResult](),
		want:  []string{"users: wrong type"},
		fatal: true,
	}, {
		name:  "fraction into an integer",
		body:  `{"day": 1.5, "hour": 2, "count": 3}`,
		typ:   reflect.TypeFor[reports.BusyTime](),
		want:  []string{"day: wrong type"},
		fatal: true,
	}, {
		name:  "time that is not RFC 3339",
		body:  `{"date": "2024-01-01 12:00:00", "customers": 1}`,
		typ:   reflect.TypeFor[reports.CustomersPoint](),
		want:  []string{"date: wrong type"},
		fatal: true,
	}, {
		name: "arrays of objects, at depth",
		body: `{"conversations": {"page": 1, "pages": 1, "count": 2, "results": [` +
			drilldownConv(`"tags": [{"id": 1, "name": "a", "color": 3}]`) + `,` +
			drilldownConv(`"tags": [{"id": 2, "name": "b", "colour": "red"}]`) + `]}}`,
		typ:   reflect.TypeFor[reports.DrilldownResult](),
		want:  []string{"conversations.results[].tags[].color: wrong type", "conversations.results[].tags[].color: absent", "conversations.results[].tags[].colour: unknown key"},
		fatal: true,
	}, {
		name:  "not JSON",
		body:  `{"current": `,
		typ:   reflect.TypeFor[reports.CompanyResult](),
		want:  []string{": wrong type"},
		fatal: true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare([]byte(tt.body), tt.typ)
			assert.ElementsMatch(t, tt.want, brief(got))
			assert.Equal(t, tt.fatal, Fatal(got))
			// The comparison agrees with encoding/json on what fails.
			decodeErr := json.Unmarshal([]byte(tt.body), reflect.New(tt.typ).Interface())
			if !slices.ContainsFunc(got, func(f Finding) bool { return f.Kind == Null }) {
				assert.Equal(t, tt.fatal, decodeErr != nil, "encoding/json: %v", decodeErr)
			}
		})
	}
}

// drilldownConv is a complete drilldown conversation, tags given.
func drilldownConv(tags string) string {
	return `{"id": 1, "number": 2, "type": "email", "mailboxid": 3, "attachments": false, "subject": "s",
		"status": "active", "threadCount": 1, "preview": "p", "customerName": "c", "customerEmail": "e",
		"customerIds": [4], "modifiedAt": "2024-01-01T00:00:00Z", "assignedid": 0, "assignedName": "n",
		"waitingSince": "2024-01-01T00:00:00Z", "waitingSinceType": 1, ` + tags + `}`
}

func TestCompareCountsListElements(t *testing.T) {
	// customerEmail is absent in one of three conversations, unknown in two.
	body := `{"conversations": {"page": 1, "pages": 1, "count": 3, "results": [` +
		drilldownConv(`"tags": [], "x": 1`) + `,` +
		drilldownConv(`"tags": [], "x": 2`) + `,` +
		strings.Replace(drilldownConv(`"tags": []`), `"customerEmail": "e",`, ``, 1) + `]}}`
	got := Compare([]byte(body), reflect.TypeFor[reports.DrilldownResult]())
	require.Equal(t, []Finding{
		{Path: "conversations.results[].customerEmail", Kind: Missing, Detail: "*string", Count: 1, Of: 3, Optional: true},
		{Path: "conversations.results[].tags", Kind: Unchecked, Detail: "the fields of its items were not compared", Count: 3},
		{Path: "conversations.results[].x", Kind: Unknown, Detail: "number, not in the model (reports.DrilldownConversation)", Count: 2},
	}, got)
	assert.Equal(t, "conversations.results[].customerEmail: absent: *string, optional in the model (in 1 of 3)", got[0].String())
	assert.Equal(t, "conversations.results[].x: unknown key: number, not in the model (reports.DrilldownConversation) (2 times)", got[2].String())
}

func TestCompareNeverQuotesValues(t *testing.T) {
	secret := "alice@example.com"
	body := `{"current": {"startDate": "` + secret + `", "customersHelped": "` + secret + `", "x": "` + secret +
		`", "y": {"` + "k" + `": "` + secret + `"}}, "users": [{"user": "` + secret + `", "name": 5}]}`
	for _, f := range Compare([]byte(body), reflect.TypeFor[reports.CompanyResult]()) {
		assert.NotContains(t, f.String(), secret)
	}
}

func TestCompareReceivedMessagesPoint(t *testing.T) {
	typ := reflect.TypeFor[reports.ConversationsReceivedMessageStatsResult]()
	series := func(points ...string) []byte {
		return []byte(`{"current": [` + strings.Join(points, ",") + `], "previous": null}`)
	}
	tests := []struct {
		name string
		body []byte
		want []string
	}{
		{"live keys", series(`{"date": "2024-01-01T12:00:00Z", "messages": 3}`), nil},
		{"docs' keys", series(`{"start": "2024-01-01T12:00:00Z", "count": 3}`), nil},
		{"both readings in one series", series(`{"date": "2024-01-01T12:00:00Z", "messages": 3}`, `{"start": "2024-01-02T12:00:00Z", "count": 3}`), nil},
		// date picks the live reading, as the SDK does: count is dropped and
		// messages reads 0.
		{"mixed keys", series(`{"date": "2024-01-01T12:00:00Z", "count": 3}`), []string{"current[].messages: absent"}},
		{"unknown key", series(`{"start": "2024-01-01T12:00:00Z", "count": 3, "previousCount": 2}`), []string{"current[].previousCount: unknown key"}},
		{"wrong type inside", series(`{"date": "2024-01-01T12:00:00Z", "messages": "3"}`), []string{"current[].messages: wrong type"}},
		{"null inside", series(`{"date": "2024-01-01T12:00:00Z", "messages": null}`), []string{"current[].messages: null"}},
		{"not an object", series(`3`), []string{"current[]: wrong type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ElementsMatch(t, tt.want, brief(Compare(tt.body, typ)))
		})
	}
	// Findings name the SDK's type, not the stand-in that describes it.
	got := Compare(series(`{"date": "2024-01-01T12:00:00Z", "messages": 3, "x": 1}`), typ)
	require.Len(t, got, 1)
	assert.Equal(t, "current[].x: unknown key: number, not in the model (reports.ReceivedMessagesPoint)", got[0].String())
}

func TestCompareBusiestTimes(t *testing.T) {
	typ := reflect.TypeFor[reports.ConversationsBusiestTimesResult]()
	assert.Empty(t, Compare([]byte(`[{"day": 1, "hour": 2, "count": 3}]`), typ))
	assert.Equal(t, []string{"[].minute: unknown key"}, brief(Compare([]byte(`[{"day": 1, "hour": 2, "count": 3, "minute": 4}]`), typ)))
	assert.Equal(t, []string{"[].hour: wrong type"}, brief(Compare([]byte(`[{"day": 1, "hour": "2", "count": 3}]`), typ)))
	assert.Equal(t, []string{": wrong type"}, brief(Compare([]byte(`{"times": []}`), typ)))
}

func TestCompareUserChat(t *testing.T) {
	typ := reflect.TypeFor[reports.UserChatResult]()
	flat := `{"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-08T00:00:00Z", "newConversations": 1,
		"messagesPerChat": 2, "responseTime": 3, "waitTime": 4, "duration": 5}`
	nested := `{"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-08T00:00:00Z",
		"volume": {"chatConversations": 1, "completedChats": 1, "missedChats": 0, "chatsPerDay": 1},
		"responses": {"waitTime": 1, "responseTime": 2}, "resolutions": {"messagesPerChat": 3, "duration": 4}}`
	buckets := `{"count": 1, "previousCount": 0, "ranges": [{"id": 1, "count": 1, "previousCount": 0, "percent": 100, "previousPercent": 0}]}`
	user := `"user": {"id": 1, "name": "A", "hasPhoto": false, "photoUrl": "", "createdAt": "2020-01-01T00:00:00Z", "totalCustomersHelped": 3}`

	// The flat reading: nothing of the nested one is missing.
	body := `{"filterTags": [], ` + user + `, "current": ` + flat + `}`
	assert.ElementsMatch(t, []string{"deltas: absent", "previous: absent", "filterTags: empty list"}, brief(Compare([]byte(body), typ)))

	// The nested reading: its histograms are expected, the flat metrics not.
	body = `{"filterTags": [], ` + user + `, "current": ` + nested + `, "waitTime": ` + buckets + `}`
	assert.ElementsMatch(t, []string{
		"deltas: absent", "previous: absent", "filterTags: empty list",
		"responseTime: absent", "messagesPerChat: absent", "duration: absent",
		"waitTime.ranges[].resolutionTime: absent",
	}, brief(Compare([]byte(body), typ)))

	// A flat current with a nested key is still one model: no unknown key.
	body = `{"filterTags": [], ` + user + `, "current": ` + strings.Replace(flat, `"duration": 5`, `"duration": 5, "volume": {"chatConversations": "x"}`, 1) + `}`
	assert.ElementsMatch(t, []string{"deltas: absent", "previous: absent", "filterTags: empty list", "current.volume.chatConversations: wrong type", "current.volume.chatsPerDay: absent", "current.volume.completedChats: absent", "current.volume.missedChats: absent"},
		brief(Compare([]byte(body), typ)))
}

func TestCompareRatings(t *testing.T) {
	typ := reflect.TypeFor[reports.RatingsResult]()
	rating := `{"id": 1, "number": 2, "threadid": null, "threadCreatedAt": null, "type": null, "ratingId": null,
		"ratingCustomerId": null, "ratingComments": null, "ratingCreatedAt": null, "ratingCustomerName": null,
		"ratingUserId": null, "ratingUserName": null}`
	// Paged is embedded: its keys are the result's; facets takes anything.
	assert.Empty(t, Compare([]byte(`{"facets": {"any": [1, "x"]}, "page": 1, "pages": 1, "count": 1, "results": [`+rating+`]}`), typ))
	assert.Equal(t, []string{"facets: absent", "pages: absent"}, brief(Compare([]byte(`{"page": 1, "count": 1, "results": [`+rating+`]}`), typ)))
	// id may not be null.
	assert.Equal(t, []string{"results[].id: null"}, brief(Compare([]byte(`{"facets": 1, "page": 1, "pages": 1, "count": 1, "results": [`+strings.Replace(rating, `"id": 1`, `"id": null`, 1)+`]}`), typ)))
}

// embedded types mirror encoding/json's rules for promoted fields.
type (
	embA struct {
		X int // untagged in both embA and embB: ambiguous, ignored
		Z int `json:"z"`
		Q int `json:"Q"`
	}
	embB struct {
		X int
		Y int `json:"y"`
	}
	embC struct {
		Q int // untagged: loses to embA's tagged Q at the same depth
		W int // deeper than embedded's W: loses
	}
	embedded struct {
		embA
		embB
		*embC
		Y     int `json:"y"` // shallower than embB's y: wins
		W     int
		Skip  int `json:"-"`
		inner int
	}
)

func TestFieldsMirrorEncodingJSON(t *testing.T) {
	var names []string
	for _, f := range flat.Fields(reflect.TypeFor[embedded]()) {
		names = append(names, f.Name)
	}
	// X is ambiguous (embA and embB at the same depth): encoding/json
	// ignores it.
	assert.ElementsMatch(t, []string{"y", "W", "z", "Q"}, names)

	body := []byte(`{"X": 1, "y": 2, "z": 3, "w": 4, "Q": 7, "Skip": 5, "inner": 6}`)
	var v embedded
	require.NoError(t, json.Unmarshal(body, &v))
	assert.Equal(t, embedded{embA: embA{Z: 3, Q: 7}, Y: 2, W: 4}, v, "encoding/json decodes what flat.Fields says")
	assert.Zero(t, v.inner, "unexported: never decoded")
	assert.Equal(t, []string{"Skip: unknown key", "X: unknown key", "inner: unknown key", "w: key differs in case"},
		brief(Compare(body, reflect.TypeFor[embedded]())))
}

// TestShapesCoverCustomDecoders walks every type the 36 results are made of
// and checks that each type with its own UnmarshalJSON is a leaf the
// comparison may decode (time.Time, json.RawMessage) or is listed in shapes.
func TestShapesCoverCustomDecoders(t *testing.T) {
	leaves := map[reflect.Type]bool{reflect.TypeFor[time.Time](): true, rawMessageType: true}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		typ = deref(typ)
		if seen[typ] {
			return
		}
		seen[typ] = true
		if _, ok := shapes[typ]; ok {
			return
		}
		if reflect.PointerTo(typ).Implements(unmarshalerType) {
			assert.True(t, leaves[typ], "%s has its own UnmarshalJSON: describe it in shapes", typ)
			return
		}
		switch typ.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			walk(typ.Elem())
		case reflect.Struct:
			for _, f := range flat.Fields(typ) {
				walk(f.Type)
			}
		}
	}
	for _, r := range slices.Concat(Reports, Lists) {
		walk(r.Type)
	}
	for typ, s := range shapes {
		walk(s.as)
		if len(s.readings) == 0 {
			continue
		}
		var keys, union []string
		for _, f := range flat.Fields(s.as) {
			keys = append(keys, f.Name)
		}
		for _, r := range s.readings {
			for _, k := range r {
				if !slices.Contains(union, k) {
					union = append(union, k)
				}
			}
		}
		assert.ElementsMatch(t, keys, union, "%s: the readings' keys are the keys of %s", typ, s.as)
	}
}

// TestShapesDecodeLikeTheSDK checks that each custom type's stand-in
// accepts and refuses the same bodies as the SDK's UnmarshalJSON.
func TestShapesDecodeLikeTheSDK(t *testing.T) {
	bodies := map[reflect.Type][]string{
		reflect.TypeFor[reports.ReceivedMessagesPoint](): {
			`{"date": "2024-01-01T12:00:00Z", "messages": 3}`, `{"start": "2024-01-01T12:00:00Z", "count": 3.5}`,
			`{}`, `null`, `{"date": "x"}`, `{"start": 3}`, `{"messages": "3"}`, `{"count": true}`, `[]`, `3`,
		},
		reflect.TypeFor[reports.ConversationsBusiestTimesResult](): {
			`[]`, `[{"day": 1, "hour": 2, "count": 3}]`, `null`, `{}`, `[{"day": "1"}]`, `[{"hour": 1.5}]`, `3`,
		},
		reflect.TypeFor[reports.ListPage[reports.User]](): {
			`{}`, `{"_embedded": {"users": [{"id": 1}]}, "page": {"number": 1}}`, `{"_embedded": {"users": null}}`,
			`{"_embedded": null}`, `{"page": null, "_links": {"self": {"href": "x"}}}`,
			`{"_embedded": {"users": [{"id": "1"}]}}`, `{"_embedded": {"users": {}}}`, `{"page": {"number": "1"}}`, `[]`, `3`,
		},
		reflect.TypeFor[reports.ListPage[reports.Tag]](): {
			`{"_embedded": {"tags": [{"id": 1, "name": "a"}]}}`, `{"_embedded": {"tags": [{"id": "1"}]}}`, `{"_embedded": {"tags": 3}}`,
		},
	}
	for typ, list := range bodies {
		as := shapes[typ].as
		for _, b := range list {
			assert.Equal(t, decodes([]byte(b), typ), decodes([]byte(b), as), "%s and %s on %s", typ, as, b)
		}
	}
	// A list answer whose _embedded lacks the list's key is the one the
	// stand-in takes and the SDK refuses: the comparison says so.
	body := []byte(`{"_embedded": {"people": [{"id": 1}]}, "page": {"size": 50, "totalElements": 1, "totalPages": 1, "number": 1}, "_links": {}}`)
	assert.Equal(t, []string{": wrong type", "_embedded.people: unknown key", "_embedded.users: absent"},
		brief(Compare(body, reflect.TypeFor[reports.ListPage[reports.User]]())))
	// The SDK picks the reading as shape.pick does.
	for _, b := range []string{`{"date": "2024-01-01T12:00:00Z", "count": 3}`, `{"start": "2024-01-01T12:00:00Z", "messages": 3}`, `{"start": "2024-01-01T12:00:00Z", "count": 3}`} {
		var p reports.ReceivedMessagesPoint
		require.NoError(t, json.Unmarshal([]byte(b), &p))
		out, err := json.Marshal(p)
		require.NoError(t, err)
		var keys map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(b), &keys))
		var back map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(out, &back))
		assert.ElementsMatch(t, shapes[reflect.TypeFor[reports.ReceivedMessagesPoint]()].pick(keys), sortedKeys(back), b)
	}
}
