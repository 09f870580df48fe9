package reports

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encode runs the query encoder with the clock at now and parses its output.
func encodeQuery(t *testing.T, p params, now time.Time) (url.Values, string) {
	t.Helper()
	raw, err := encodeParams(p, now)
	require.NoError(t, err)
	q, err := url.ParseQuery(raw)
	require.NoError(t, err)
	return q, raw
}

// vals builds url.Values from key, value pairs.
func queryOf(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func mustLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// TestDefaultRanges: the current range of the Ruby gem (UTC midnight 7 days
// ago until now) and the adjacent previous range of the same length, computed
// from the client's clock in UTC, and a previous range only where it is due.
func TestDefaultRanges(t *testing.T) {
	tokyo := mustLocation(t, "Asia/Tokyo")
	losAngeles := mustLocation(t, "America/Los_Angeles")
	explicit := Dates{Start: utcTime(2026, 10, 1, 0, 0, 0), End: utcTime(2026, 10, 8, 0, 0, 0)}
	explicitPrev := PreviousDates{PreviousStart: utcTime(2026, 9, 1, 0, 0, 0), PreviousEnd: utcTime(2026, 9, 8, 0, 0, 0)}
	tests := []struct {
		name string
		p    params
		now  time.Time
		want url.Values
	}{
		{"both zero, with previous", OverallParams{}, testNow, queryOf(
			"start", "2026-11-19T00:00:00Z", "end", "2026-11-26T15:04:05Z",
			"previousStart", "2026-11-11T08:55:55Z", "previousEnd", "2026-11-19T00:00:00Z")},
		{"both zero, endpoint without previous", DrilldownParams{}, testNow, queryOf(
			"start", "2026-11-19T00:00:00Z", "end", "2026-11-26T15:04:05Z")},
		{"explicit current, no previous", OverallParams{Dates: explicit}, testNow, queryOf(
			"start", "2026-10-01T00:00:00Z", "end", "2026-10-08T00:00:00Z")},
		{"explicit current and previous", OverallParams{Dates: explicit, PreviousDates: explicitPrev}, testNow, queryOf(
			"start", "2026-10-01T00:00:00Z", "end", "2026-10-08T00:00:00Z",
			"previousStart", "2026-09-01T00:00:00Z", "previousEnd", "2026-09-08T00:00:00Z")},
		{"defaulted current, explicit previous", TimeSeriesParams{PreviousDates: explicitPrev}, testNow, queryOf(
			"start", "2026-11-19T00:00:00Z", "end", "2026-11-26T15:04:05Z",
			"previousStart", "2026-09-01T00:00:00Z", "previousEnd", "2026-09-08T00:00:00Z")},
		{"only Start: End is now, no previous", ChannelParams{Dates: Dates{Start: explicit.Start}}, testNow, queryOf(
			"start", "2026-10-01T00:00:00Z", "end", "2026-11-26T15:04:05Z")},
		{"clock in Tokyo, already the next day there", OverallParams{}, testNow.In(tokyo), queryOf(
			"start", "2026-11-19T00:00:00Z", "end", "2026-11-26T15:04:05Z",
			"previousStart", "2026-11-11T08:55:55Z", "previousEnd", "2026-11-19T00:00:00Z")},
		{"clock in Los Angeles, already the next day in UTC", OverallParams{},
			time.Date(2026, 11, 26, 23, 30, 0, 0, losAngeles), queryOf(
				"start", "2026-11-20T00:00:00Z", "end", "2026-11-27T07:30:00Z",
				"previousStart", "2026-11-12T16:30:00Z", "previousEnd", "2026-11-20T00:00:00Z")},
		{"clock with nanoseconds: whole seconds on the wire", DrilldownParams{}, testNow.Add(999 * time.Millisecond), queryOf(
			"start", "2026-11-19T00:00:00Z", "end", "2026-11-26T15:04:05Z")},
		{"month boundary", DrilldownParams{}, utcTime(2026, 3, 3, 1, 0, 0), queryOf(
			"start", "2026-02-24T00:00:00Z", "end", "2026-03-03T01:00:00Z")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := encodeQuery(t, tc.p, tc.now)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestWireTimes: any location goes out in UTC, in the one layout the API
// takes, to the second.
func TestWireTimes(t *testing.T) {
	ny := mustLocation(t, "America/New_York")
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"New York, daylight time", time.Date(2026, 7, 4, 9, 15, 30, 0, ny), "2026-07-04T13:15:30Z"},
		{"New York, standard time", time.Date(2026, 1, 15, 21, 0, 0, 0, ny), "2026-01-16T02:00:00Z"},
		{"India, half-hour offset", time.Date(2026, 5, 1, 5, 30, 0, 0, time.FixedZone("IST", 5*3600+1800)), "2026-05-01T00:00:00Z"},
		{"UTC with nanoseconds", time.Date(2026, 5, 1, 0, 0, 1, 999999999, time.UTC), "2026-05-01T00:00:01Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			p := DrilldownParams{Dates: Dates{Start: tc.in, End: tc.in.Add(time.Hour)}}
			got, raw := encodeQuery(t, p, testNow)
			assert.Equal(t, want, got.Get("start"))
			assert.Contains(t, raw, "start="+want, "dates are not escaped")
			end, err := time.Parse(time.RFC3339, got.Get("end"))
			require.NoError(t, err)
			assert.True(t, end.Equal(tc.in.Add(time.Hour).Truncate(time.Second)), "end %s", end)
		})
	}
}

// TestEncoding: lists comma-joined, flags only when set, zero values and
// empty enums omitted, unknown enum values passed through and escaped.
func TestEncoding(t *testing.T) {
	dates := Dates{Start: utcTime(2026, 10, 1, 0, 0, 0), End: utcTime(2026, 10, 2, 0, 0, 0)}
	base := queryOf("start", "2026-10-01T00:00:00Z", "end", "2026-10-02T00:00:00Z")
	with := func(kv ...string) url.Values {
		v := queryOf(kv...)
		for k, s := range base {
			v[k] = s
		}
		return v
	}
	tests := []struct {
		name string
		p    params
		want url.Values
		raw  []string // substrings of the raw query
	}{
		{"lists comma-joined", OverallParams{Dates: dates, Filters: Filters{
			Mailboxes: []int64{123, 567}, Tags: []int64{5666}, Folders: []int64{991, 992, 993},
			Types: []ConversationType{ConversationTypeEmail, ConversationTypeChat, ConversationTypePhone}}},
			with("mailboxes", "123,567", "tags", "5666", "folders", "991,992,993", "types", "email,chat,phone"),
			[]string{"mailboxes=123,567", "folders=991,992,993", "types=email,chat,phone"}},
		{"officeHours true", ProductivityParams{Dates: dates, OfficeHours: true}, with("officeHours", "true"), []string{"officeHours=true"}},
		{"officeHours false is not sent", ProductivityParams{Dates: dates}, base, nil},
		{"zero values omitted", CompanyDrilldownParams{Dates: dates, Paging: Paging{Page: 0, Rows: 0}, RangeID: 0}, base, nil},
		{"empty lists omitted", OverallParams{Dates: dates, Filters: Filters{Mailboxes: []int64{}, Types: []ConversationType{}}}, base, nil},
		{"empty enums never sent", UserConversationHistoryParams{User: 7, Dates: dates}, with("user", "7"), nil},
		{"empty rating enums never sent", HappinessRatingsParams{Dates: dates}, base, nil},
		{"empty viewBy never sent", ProductivityTimeSeriesParams{Dates: dates}, base, nil},
		{"empty range never sent", CompanyDrilldownParams{Dates: dates, Range: ""}, base, nil},
		{"documented enums", UserConversationHistoryParams{User: 7, Dates: dates, Status: StatusPending,
			SortField: HistorySortByResolveTime, SortOrder: SortAscending, Page: 3},
			with("user", "7", "status", "pending", "sortField", "resolveTime", "sortOrder", "ASC", "page", "3"), nil},
		{"enum values outside the documented set pass through", ProductivityTimeSeriesParams{Dates: dates, ViewBy: "quarter",
			Filters: Filters{Types: []ConversationType{"sms"}}},
			with("viewBy", "quarter", "types", "sms"), nil},
		{"unknown rating values pass through", HappinessRatingsParams{Dates: dates, Rating: "meh", SortField: "score", SortOrder: "asc"},
			with("rating", "meh", "sortField", "score", "sortOrder", "asc"), nil},
		{"values that need escaping are escaped", DocsParams{Dates: dates, Sites: []string{"a b", "c&d=e"}},
			with("sites", "a b,c&d=e"), []string{"sites=a+b,c%26d%3De"}},
		{"field defaults to customerid", ConversationsDrilldownByFieldParams{Dates: dates, FieldID: 9},
			with("field", "customerid", "fieldid", "9"), []string{"field=customerid"}},
		{"field set", ConversationsDrilldownByFieldParams{Dates: dates, Field: FieldWorkflowID, FieldID: 9},
			with("field", "workflowid", "fieldid", "9"), nil},
		{"unknown field passes through", ConversationsDrilldownByFieldParams{Dates: dates, Field: "mailboxid", FieldID: 9},
			with("field", "mailboxid", "fieldid", "9"), nil},
		{"range without id", CompanyDrilldownParams{Dates: dates, Range: RangeFirstReplyResolved},
			with("range", "firstReplyResolved"), nil},
		{"company ratings: sortField, not sortFieldRatings", HappinessRatingsParams{Dates: dates, SortField: RatingSortByModifiedAt},
			with("sortField", "modifiedAt"), []string{"sortField=modifiedAt"}},
		{"user ratings: sortField, not sortFieldRatings", UserHappinessDrilldownParams{User: 7, Dates: dates, SortField: RatingSortByRating,
			Rating: RatingFilterAll}, with("user", "7", "sortField", "rating", "rating", "all"), []string{"sortField=rating"}},
		{"user chat filters", UserChatParams{User: 7, Dates: dates, Mailboxes: []int64{1}, Tags: []int64{2}},
			with("user", "7", "mailboxes", "1", "tags", "2"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, raw := encodeQuery(t, tc.p, testNow)
			assert.Equal(t, tc.want, got, "raw %s", raw)
			for _, s := range tc.raw {
				assert.Contains(t, raw, s)
			}
			assert.NotContains(t, raw, "sortFieldRatings")
			assert.NotContains(t, raw, "=&")
			assert.False(t, strings.HasSuffix(raw, "="), "no empty value: %s", raw)
		})
	}
}

// TestEnumValues pins the wire value of every documented constant.
func TestEnumValues(t *testing.T) {
	for _, c := range [][2]string{
		{string(ConversationTypeEmail), "email"}, {string(ConversationTypeChat), "chat"}, {string(ConversationTypePhone), "phone"},
		{string(ViewByDay), "day"}, {string(ViewByWeek), "week"}, {string(ViewByMonth), "month"},
		{string(RangeReplies), "replies"}, {string(RangeFirstReplyResolved), "firstReplyResolved"}, {string(RangeResolved), "resolved"},
		{string(RangeResponseTime), "responseTime"}, {string(RangeFirstResponseTime), "firstResponseTime"}, {string(RangeHandleTime), "handleTime"},
		{string(FieldTagID), "tagid"}, {string(FieldReplyID), "replyid"}, {string(FieldWorkflowID), "workflowid"}, {string(FieldCustomerID), "customerid"},
		{string(StatusActive), "active"}, {string(StatusPending), "pending"}, {string(StatusClosed), "closed"},
		{string(HistorySortByNumber), "number"}, {string(HistorySortByRepliesSent), "repliesSent"},
		{string(HistorySortByResponseTime), "responseTime"}, {string(HistorySortByResolveTime), "resolveTime"},
		{string(RatingSortByNumber), "number"}, {string(RatingSortByModifiedAt), "modifiedAt"}, {string(RatingSortByRating), "rating"},
		{string(SortAscending), "ASC"}, {string(SortDescending), "DESC"},
		{string(RatingFilterGreat), "great"}, {string(RatingFilterOK), "ok"}, {string(RatingFilterNotGood), "not-good"}, {string(RatingFilterAll), "all"},
	} {
		assert.Equal(t, c[1], c[0])
	}
}

// invalidRule is one way of getting params wrong, applied to every endpoint
// whose params have the fields it needs.
type invalidRule struct {
	name  string
	needs []string              // the params fields the rule sets
	set   func(p reflect.Value) // makes the params invalid
	field string                // the field the *ParamError must name
}

// hasFields reports whether the params type has all the (possibly promoted)
// fields.
func hasFields(typ reflect.Type, names []string) bool {
	for _, n := range names {
		if _, ok := typ.FieldByName(n); !ok {
			return false
		}
	}
	return true
}

// setField sets a (possibly promoted) field of p to x, converted to its type.
func setField(p reflect.Value, name string, x any) {
	f := p.FieldByName(name)
	f.Set(reflect.ValueOf(x).Convert(f.Type()))
}

func invalidRules() []invalidRule {
	t0 := utcTime(2026, 10, 1, 12, 0, 0)
	set := func(kv ...any) func(reflect.Value) {
		return func(p reflect.Value) {
			for i := 0; i < len(kv); i += 2 {
				setField(p, kv[i].(string), kv[i+1])
			}
		}
	}
	return []invalidRule{
		{name: "Start equals End", needs: []string{"Start"}, set: set("Start", t0, "End", t0), field: "End"},
		{name: "Start equals End at second precision", needs: []string{"Start"},
			set: set("Start", t0.Add(100*time.Millisecond), "End", t0.Add(900*time.Millisecond)), field: "End"},
		{name: "Start after End", needs: []string{"Start"}, set: set("Start", t0.Add(time.Hour), "End", t0), field: "End"},
		{name: "Start after End across locations", needs: []string{"Start"},
			set: set("Start", t0, "End", t0.Add(-time.Minute).In(time.FixedZone("X", 3*3600))), field: "End"},
		{name: "End without Start", needs: []string{"Start"}, set: set("End", t0), field: "Start"},
		{name: "only Start, in the future", needs: []string{"Start"}, set: set("Start", testNow.Add(time.Hour)), field: "Start"},
		{name: "only PreviousStart", needs: []string{"PreviousStart"}, set: set("PreviousStart", t0), field: "PreviousEnd"},
		{name: "only PreviousEnd", needs: []string{"PreviousStart"}, set: set("PreviousEnd", t0), field: "PreviousStart"},
		{name: "previous not ordered", needs: []string{"PreviousStart"},
			set: set("PreviousStart", t0, "PreviousEnd", t0.Add(-time.Hour)), field: "PreviousEnd"},
		{name: "previous equal at second precision", needs: []string{"PreviousStart"},
			set: set("PreviousStart", t0.Add(time.Millisecond), "PreviousEnd", t0.Add(2*time.Millisecond)), field: "PreviousEnd"},
		{name: "only PreviousStart with explicit current", needs: []string{"Start", "PreviousStart"},
			set: set("Start", t0, "End", t0.Add(time.Hour), "PreviousStart", t0.Add(-time.Hour)), field: "PreviousEnd"},
		{name: "Rows above 50", needs: []string{"Rows"}, set: set("Rows", 51), field: "Rows"},
		{name: "Rows negative", needs: []string{"Rows"}, set: set("Rows", -1), field: "Rows"},
		{name: "Page negative", needs: []string{"Page"}, set: set("Page", -1), field: "Page"},
		{name: "User zero", needs: []string{"User"}, set: set("User", 0), field: "User"},
		{name: "User negative", needs: []string{"User"}, set: set("User", -447723), field: "User"},
		{name: "FieldID zero", needs: []string{"FieldID"}, set: set("FieldID", 0), field: "FieldID"},
		{name: "FieldID negative", needs: []string{"FieldID"}, set: set("FieldID", -1), field: "FieldID"},
		{name: "RangeID without Range", needs: []string{"RangeID"}, set: set("RangeID", 3), field: "RangeID"},
		{name: "RangeID negative", needs: []string{"RangeID"}, set: set("Range", RangeReplies, "RangeID", -3), field: "RangeID"},
		{name: "negative mailbox id", needs: []string{"Mailboxes"}, set: set("Mailboxes", []int64{1, -2}), field: "Mailboxes[1]"},
		{name: "zero tag id", needs: []string{"Tags"}, set: set("Tags", []int64{0}), field: "Tags[0]"},
		{name: "negative folder id", needs: []string{"Folders"}, set: set("Folders", []int64{7, 8, -9}), field: "Folders[2]"},
		{name: "empty type", needs: []string{"Types"}, set: set("Types", []ConversationType{ConversationTypeEmail, ""}), field: "Types[1]"},
		{name: "empty site", needs: []string{"Sites"}, set: set("Sites", []string{"abc", ""}), field: "Sites[1]"},
	}
}

// TestValidation applies every rule to every endpoint it fits: each call
// fails with an error that matches ErrInvalidParams and names the field, and
// nothing reaches the server, not even the token endpoint.
func TestValidation(t *testing.T) {
	s, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request sent for invalid params: %s?%s", r.URL.Path, r.URL.RawQuery)
		w.WriteHeader(http.StatusTeapot)
	})
	applied := map[string]int{}
	for _, tc := range allEndpoints() {
		typ := reflect.TypeOf(tc.def)
		for _, rule := range invalidRules() {
			if !hasFields(typ, rule.needs) {
				continue
			}
			applied[rule.name]++
			t.Run(tc.name+"/"+rule.name, func(t *testing.T) {
				p := reflect.New(typ).Elem()
				p.Set(reflect.ValueOf(tc.def))
				rule.set(p)
				got, err := tc.call(t.Context(), c, p.Interface())
				require.Error(t, err)
				assert.Nil(t, got)
				assert.ErrorIs(t, err, ErrInvalidParams)
				var pe *ParamError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, rule.field, pe.Field)
				assert.NotEmpty(t, pe.Reason)
				assert.Contains(t, err.Error(), "GET "+tc.path)
				assert.Contains(t, err.Error(), rule.field+": ")
				assert.False(t, errors.Is(err, ErrUnauthorized))
			})
		}
	}
	assert.Empty(t, s.requests())
	assert.Zero(t, s.tokenCalls.Load())

	// Every rule fits some endpoint, and the per-area rules fit exactly
	// the endpoints that take the param.
	for _, rule := range invalidRules() {
		assert.NotZero(t, applied[rule.name], "rule %q fits no endpoint", rule.name)
	}
	count := func(key string) int {
		n := 0
		for _, tc := range allEndpoints() {
			if slices.Contains(tc.accepts, key) {
				n++
			}
		}
		return n
	}
	assert.Equal(t, 9, applied["User zero"], "every user report requires User")
	assert.Equal(t, count("user"), applied["User zero"])
	assert.Equal(t, count("rows"), applied["Rows above 50"])
	assert.Equal(t, count("page"), applied["Page negative"])
	assert.Equal(t, count("previousStart"), applied["previous not ordered"])
	assert.Equal(t, 32, applied["Start equals End"])
	assert.Equal(t, count("types"), applied["empty type"])
	assert.Equal(t, count("folders"), applied["negative folder id"])
	assert.Equal(t, count("mailboxes"), applied["negative mailbox id"])
	assert.Equal(t, 1, applied["FieldID zero"])
	assert.Equal(t, 1, applied["RangeID without Range"])
	assert.Equal(t, 1, applied["empty site"])
}

// The boundaries that are valid: Rows 50 and 1, a one-second range.
func TestValidationBoundaries(t *testing.T) {
	t0 := utcTime(2026, 10, 1, 12, 0, 0)
	for _, p := range []params{
		DrilldownParams{Paging: Paging{Rows: 50}},
		DrilldownParams{Paging: Paging{Rows: 1, Page: 1}},
		DrilldownParams{Dates: Dates{Start: t0, End: t0.Add(time.Second)}},
		OverallParams{PreviousDates: PreviousDates{PreviousStart: t0, PreviousEnd: t0.Add(time.Second)}},
		UserParams{User: 1},
		ConversationsDrilldownByFieldParams{FieldID: 1},
		CompanyDrilldownParams{Range: RangeHandleTime, RangeID: 1},
	} {
		_, err := encodeParams(p, testNow)
		assert.NoError(t, err, "%#v", p)
	}
}

// ParamError's text says what is wrong without a request.
func TestParamErrorText(t *testing.T) {
	_, err := encodeParams(DrilldownParams{Paging: Paging{Rows: 51}}, testNow)
	require.Error(t, err)
	assert.Equal(t, "invalid params: Rows: must be between 0 and 50, got 51", err.Error())
	var pe *ParamError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Rows", pe.Field)
	assert.ErrorIs(t, err, ErrInvalidParams)
}

// TestAppendWireTime: the hand-written layout gives what time.Format gives,
// in any location, and years outside 0..9999 fall back to time.Format.
func TestAppendWireTime(t *testing.T) {
	kiev := time.FixedZone("UTC+3", 3*3600)
	for _, tm := range []time.Time{
		time.Date(2026, 11, 26, 15, 4, 5, 999, time.UTC),
		time.Date(2026, 1, 1, 1, 2, 3, 0, kiev), // the day before in UTC
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	} {
		assert.Equal(t, tm.UTC().Format(wireTime), string(appendWireTime([]byte("x="), tm))[2:], tm.String())
	}
}
