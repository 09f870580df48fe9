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
	_ "time/tzdata" // the zones of the calendar tests, whatever the machine has

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
		// The limits of issue 26 item 12: what the fake refuses with a 400.
		{name: "Start in year 0", needs: []string{"Start"}, set: set("Start", utcTime(0, 6, 1, 0, 0, 0), "End", t0), field: "Start"},
		{name: "End in year 10000", needs: []string{"Start"}, set: set("Start", t0, "End", utcTime(10000, 1, 1, 0, 0, 0)), field: "End"},
		{name: "PreviousStart in year 0", needs: []string{"PreviousStart"},
			set: set("PreviousStart", utcTime(0, 12, 31, 0, 0, 0), "PreviousEnd", t0), field: "PreviousStart"},
		{name: "Page above 2^31-1", needs: []string{"Page"}, set: set("Page", 1<<31), field: "Page"},
		{name: "User above 2^62", needs: []string{"User"}, set: set("User", 1<<62+1), field: "User"},
		{name: "FieldID above 2^62", needs: []string{"FieldID"}, set: set("FieldID", 1<<62+1), field: "FieldID"},
		{name: "RangeID above 2^31-1", needs: []string{"RangeID"}, set: set("Range", RangeReplies, "RangeID", 1<<31), field: "RangeID"},
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
	assert.Equal(t, count("page"), applied["Page above 2^31-1"])
	assert.Equal(t, count("user"), applied["User above 2^62"])
	assert.Equal(t, 32, applied["Start in year 0"])
	assert.Equal(t, count("previousStart"), applied["PreviousStart in year 0"])
	assert.Equal(t, 1, applied["FieldID above 2^62"])
	assert.Equal(t, 1, applied["RangeID above 2^31-1"])
	assert.Equal(t, count("previousStart"), applied["previous not ordered"])
	assert.Equal(t, 32, applied["Start equals End"])
	assert.Equal(t, count("types"), applied["empty type"])
	assert.Equal(t, count("folders"), applied["negative folder id"])
	assert.Equal(t, count("mailboxes"), applied["negative mailbox id"])
	assert.Equal(t, 1, applied["FieldID zero"])
	assert.Equal(t, 1, applied["RangeID without Range"])
	assert.Equal(t, 1, applied["empty site"])
}

// The boundaries that are valid: Rows 50 and 1, a one-second range, the
// largest page, range id, user and field id, years 1 and 9999.
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
		DrilldownParams{Paging: Paging{Page: 1<<31 - 1}},
		CompanyDrilldownParams{Range: RangeHandleTime, RangeID: 1<<31 - 1},
		UserParams{User: 1 << 62},
		ConversationsDrilldownByFieldParams{FieldID: 1 << 62},
		DrilldownParams{Dates: Dates{Start: utcTime(1, 1, 1, 0, 0, 1), End: utcTime(9999, 12, 31, 23, 59, 59)}},
		OverallParams{Dates: Dates{Start: t0, End: t0.Add(time.Hour)}, PreviousDates: PreviousDates{PreviousStart: utcTime(1, 1, 1, 0, 0, 1), PreviousEnd: t0}},
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

// TestCalendarRanges: Day, Week, Month and LastDays in UTC and across both
// daylight-saving changes of Europe/Berlin (2026-03-29 and 2026-10-25), and
// where a change skips midnight (São Paulo, 2018-11-04).
func TestCalendarRanges(t *testing.T) {
	berlin := mustLocation(t, "Europe/Berlin")
	saoPaulo := mustLocation(t, "America/Sao_Paulo")
	tests := []struct {
		name       string
		got        Dates
		start, end string // RFC 3339 in UTC
		length     time.Duration
	}{
		{"UTC day", Day(testNow), "2026-11-26T00:00:00Z", "2026-11-27T00:00:00Z", 24 * time.Hour},
		{"Berlin day, clocks forward", Day(time.Date(2026, 3, 29, 12, 0, 0, 0, berlin)), "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23 * time.Hour},
		{"Berlin day, clocks back", Day(time.Date(2026, 10, 25, 1, 30, 0, 0, berlin)), "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25 * time.Hour},
		{"Berlin day, first instant", Day(time.Date(2026, 10, 25, 0, 0, 0, 0, berlin)), "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25 * time.Hour},
		{"São Paulo day without a midnight", Day(time.Date(2018, 11, 4, 12, 0, 0, 0, saoPaulo)), "2018-11-04T03:00:00Z", "2018-11-05T02:00:00Z", 23 * time.Hour},
		{"São Paulo day before it", Day(time.Date(2018, 11, 3, 12, 0, 0, 0, saoPaulo)), "2018-11-03T03:00:00Z", "2018-11-04T03:00:00Z", 24 * time.Hour},
		{"UTC week from a Thursday", Week(testNow), "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", 7 * 24 * time.Hour},
		{"UTC week from its Monday", Week(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)), "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", 7 * 24 * time.Hour},
		{"UTC week from its Sunday night", Week(time.Date(2026, 11, 29, 23, 59, 59, 0, time.UTC)), "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", 7 * 24 * time.Hour},
		{"Berlin week, clocks forward", Week(time.Date(2026, 3, 26, 9, 0, 0, 0, berlin)), "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z", 167 * time.Hour},
		{"Berlin week, clocks back", Week(time.Date(2026, 10, 25, 18, 0, 0, 0, berlin)), "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z", 169 * time.Hour},
		{"UTC month, into the next year", Month(time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)), "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 31 * 24 * time.Hour},
		{"UTC February", Month(time.Date(2028, 2, 10, 0, 0, 0, 0, time.UTC)), "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", 29 * 24 * time.Hour},
		{"Berlin March, clocks forward", Month(time.Date(2026, 3, 31, 23, 59, 0, 0, berlin)), "2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z", 31*24*time.Hour - time.Hour},
		{"Berlin October, clocks back", Month(time.Date(2026, 10, 1, 0, 0, 0, 0, berlin)), "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z", 31*24*time.Hour + time.Hour},
		{"UTC last 7 days", LastDays(testNow, 7), "2026-11-19T00:00:00Z", "2026-11-26T00:00:00Z", 7 * 24 * time.Hour},
		{"Berlin last 7 days, clocks forward", LastDays(time.Date(2026, 4, 1, 8, 0, 0, 0, berlin), 7), "2026-03-24T23:00:00Z", "2026-03-31T22:00:00Z", 167 * time.Hour},
		{"Berlin last 30 days, clocks back", LastDays(time.Date(2026, 11, 1, 8, 0, 0, 0, berlin), 30), "2026-10-01T22:00:00Z", "2026-10-31T23:00:00Z", 30*24*time.Hour + time.Hour},
		{"last 0 days is empty", LastDays(testNow, 0), "2026-11-26T00:00:00Z", "2026-11-26T00:00:00Z", 0},
		{"last -3 days is empty", LastDays(testNow, -3), "2026-11-26T00:00:00Z", "2026-11-26T00:00:00Z", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.start, tc.got.Start.UTC().Format(time.RFC3339))
			assert.Equal(t, tc.end, tc.got.End.UTC().Format(time.RFC3339))
			assert.Equal(t, tc.length, tc.got.End.Sub(tc.got.Start))
			assert.Equal(t, tc.got.Start.Location(), tc.got.End.Location(), "both in the caller's zone")
			if tc.length > 0 {
				h, m, _ := tc.got.Start.Clock()
				assert.True(t, h == 0 && m == 0 || tc.got.Start.Location() == saoPaulo, "starts at midnight local time: %v", tc.got.Start)
			}
		})
	}
	_, err := encodeParams(OverallParams{Dates: LastDays(testNow, 0)}, testNow)
	assert.ErrorIs(t, err, ErrInvalidParams, "an empty range is refused before sending")
}

func TestDatesPrevious(t *testing.T) {
	berlin := mustLocation(t, "Europe/Berlin")
	saoPaulo := mustLocation(t, "America/Sao_Paulo")
	at := func(y int, m time.Month, d, h, min int, loc *time.Location) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	tests := []struct {
		name       string
		d          Dates
		start, end time.Time
	}{
		{"a UTC day", Day(testNow), at(2026, 11, 25, 0, 0, time.UTC), at(2026, 11, 26, 0, 0, time.UTC)},
		{"a UTC week", Week(testNow), at(2026, 11, 16, 0, 0, time.UTC), at(2026, 11, 23, 0, 0, time.UTC)},
		{"Berlin week after the clocks went forward: the calendar week before",
			Week(at(2026, 4, 2, 10, 0, berlin)), at(2026, 3, 23, 0, 0, berlin), at(2026, 3, 30, 0, 0, berlin)},
		{"Berlin week after the clocks went back",
			Week(at(2026, 10, 28, 10, 0, berlin)), at(2026, 10, 19, 0, 0, berlin), at(2026, 10, 26, 0, 0, berlin)},
		{"Berlin last 7 days", LastDays(at(2026, 3, 31, 10, 0, berlin), 7), at(2026, 3, 17, 0, 0, berlin), at(2026, 3, 24, 0, 0, berlin)},
		{"a month: as many days before", Month(at(2026, 3, 5, 0, 0, time.UTC)), at(2026, 1, 29, 0, 0, time.UTC), at(2026, 3, 1, 0, 0, time.UTC)},
		{"a day without a midnight: the day before", Day(at(2018, 11, 4, 12, 0, saoPaulo)), at(2018, 11, 3, 0, 0, saoPaulo), at(2018, 11, 4, 1, 0, saoPaulo)},
		{"the day after it", Day(at(2018, 11, 5, 12, 0, saoPaulo)), at(2018, 11, 4, 1, 0, saoPaulo), at(2018, 11, 5, 0, 0, saoPaulo)},
		{"End at midnight in Start's zone, given in UTC", Dates{Start: at(2026, 3, 30, 0, 0, berlin), End: at(2026, 4, 5, 22, 0, time.UTC)},
			at(2026, 3, 23, 0, 0, berlin), at(2026, 3, 30, 0, 0, berlin)},
		{"hours: the same duration", Dates{Start: at(2026, 11, 26, 10, 0, time.UTC), End: at(2026, 11, 26, 13, 30, time.UTC)},
			at(2026, 11, 26, 6, 30, time.UTC), at(2026, 11, 26, 10, 0, time.UTC)},
		{"across the change, not whole days: the same duration", Dates{Start: at(2026, 3, 28, 12, 0, berlin), End: at(2026, 3, 30, 12, 0, berlin)},
			at(2026, 3, 28, 12, 0, berlin).Add(-47 * time.Hour), at(2026, 3, 28, 12, 0, berlin)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.d.Previous()
			assert.True(t, tc.start.Equal(got.PreviousStart), "PreviousStart %v, want %v", got.PreviousStart, tc.start)
			assert.True(t, tc.end.Equal(got.PreviousEnd), "PreviousEnd %v, want %v", got.PreviousEnd, tc.end)
			assert.True(t, got.PreviousEnd.Equal(tc.d.Start), "adjacent: it ends where the range starts")
		})
	}
	assert.Zero(t, Dates{}.Previous(), "defaulted dates: the default previous range applies")
	assert.Zero(t, Dates{Start: testNow}.Previous(), "an end of now is not known here")
	assert.Zero(t, Dates{End: testNow}.Previous())
}

// TestViewByLimits: viewBy outside the API's limits is refused before
// sending, naming ViewBy and the range's length, against the longer of the
// current and previous ranges.
func TestViewByLimits(t *testing.T) {
	end := utcTime(2026, 11, 1, 0, 0, 0)
	days := func(n int) Dates { return Dates{Start: end.AddDate(0, 0, -n), End: end} }
	prev := func(n int) PreviousDates {
		return PreviousDates{PreviousStart: end.AddDate(-1, 0, -n), PreviousEnd: end.AddDate(-1, 0, 0)}
	}
	tests := []struct {
		name   string
		p      params
		reason string // "" when the params are sent
	}{
		{"day, 60 days", TimeSeriesParams{Dates: days(60), ViewBy: ViewByDay}, ""},
		{"day, 60 days and 23 hours", TimeSeriesParams{Dates: Dates{Start: end.AddDate(0, 0, -61).Add(time.Hour), End: end}, ViewBy: ViewByDay}, ""},
		{"day, 61 days", TimeSeriesParams{Dates: days(61), ViewBy: ViewByDay}, "day is allowed for ranges of up to 60 days; the range is 61 days"},
		{"day, previous range 75 days", TimeSeriesParams{Dates: days(7), PreviousDates: prev(75), ViewBy: ViewByDay}, "day is allowed for ranges of up to 60 days; the range is 75 days"},
		{"week, 366 days", ProductivityTimeSeriesParams{Dates: days(366), ViewBy: ViewByWeek}, ""},
		{"week, 367 days", ProductivityTimeSeriesParams{Dates: days(367), ViewBy: ViewByWeek}, "week is allowed for ranges of up to a year; the range is 367 days"},
		{"month, 61 days", UserTimeSeriesParams{User: 1, Dates: days(61), ViewBy: ViewByMonth}, ""},
		{"month, 60 days and 1 hour", UserTimeSeriesParams{User: 1, Dates: Dates{Start: end.AddDate(0, 0, -60).Add(-time.Hour), End: end}, ViewBy: ViewByMonth}, ""},
		{"month, 60 days", UserTimeSeriesParams{User: 1, Dates: days(60), ViewBy: ViewByMonth}, "month is allowed for ranges of 61 days or more; the range is 60 days"},
		{"month, 30 days and 2.5 hours", UserTimeSeriesParams{User: 1, Dates: Dates{Start: end.AddDate(0, 0, -30).Add(-150 * time.Minute), End: end}, ViewBy: ViewByMonth},
			"month is allowed for ranges of 61 days or more; the range is 30 days 2h30m"},
		{"month, a longer previous range", UserTimeSeriesParams{User: 1, Dates: days(30), PreviousDates: prev(90), ViewBy: ViewByMonth}, ""},
		{"no viewBy, any range", TimeSeriesParams{Dates: days(900)}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := encodeParams(tc.p, testNow)
			if tc.reason == "" {
				assert.NoError(t, err)
				return
			}
			var pe *ParamError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, ErrInvalidParams)
			assert.Equal(t, "ViewBy", pe.Field)
			assert.Equal(t, tc.reason, pe.Reason)
		})
	}
}

// TestResolve: the range a call sends, as Dates.Resolve and
// PreviousDates.Resolve give it: the default when zero, End now when only
// Start is set, whole seconds, in Start's location (now's for the default),
// and the validation's errors (issue 27 item 4).
func TestResolve(t *testing.T) {
	berlin := mustLocation(t, "Europe/Berlin")
	explicit := Dates{Start: utcTime(2026, 10, 1, 0, 0, 0).In(berlin), End: utcTime(2026, 10, 8, 0, 0, 0).In(berlin)}
	prev := PreviousDates{PreviousStart: utcTime(2026, 9, 1, 0, 0, 0), PreviousEnd: utcTime(2026, 9, 8, 0, 0, 0)}
	tests := []struct {
		name       string
		d          Dates
		p          PreviousDates
		now        time.Time
		want       [2]string // start, end; RFC 3339 in UTC
		wantPrev   [2]string // "" for none
		wantLoc    *time.Location
		errField   string // the ParamError's field, or ""
		prevErrFld string
	}{
		{name: "zero: the default, and the range before it", now: testNow,
			want: [2]string{"2026-11-19T00:00:00Z", "2026-11-26T15:04:05Z"}, wantPrev: [2]string{"2026-11-11T08:55:55Z", "2026-11-19T00:00:00Z"}, wantLoc: time.UTC},
		{name: "zero, clock in Berlin: the same instants, in Berlin", now: testNow.In(berlin),
			want: [2]string{"2026-11-19T00:00:00Z", "2026-11-26T15:04:05Z"}, wantPrev: [2]string{"2026-11-11T08:55:55Z", "2026-11-19T00:00:00Z"}, wantLoc: berlin},
		{name: "zero, clock with nanoseconds: whole seconds", now: testNow.Add(999 * time.Millisecond),
			want: [2]string{"2026-11-19T00:00:00Z", "2026-11-26T15:04:05Z"}, wantPrev: [2]string{"2026-11-11T08:55:55Z", "2026-11-19T00:00:00Z"}, wantLoc: time.UTC},
		{name: "explicit: itself, no previous range", d: explicit, now: testNow,
			want: [2]string{"2026-10-01T00:00:00Z", "2026-10-08T00:00:00Z"}, wantLoc: berlin},
		{name: "explicit with a previous range", d: explicit, p: prev, now: testNow,
			want: [2]string{"2026-10-01T00:00:00Z", "2026-10-08T00:00:00Z"}, wantPrev: [2]string{"2026-09-01T00:00:00Z", "2026-09-08T00:00:00Z"}, wantLoc: berlin},
		{name: "only Start: until now", d: Dates{Start: explicit.Start}, now: testNow,
			want: [2]string{"2026-10-01T00:00:00Z", "2026-11-26T15:04:05Z"}, wantLoc: berlin},
		{name: "only End", d: Dates{End: explicit.End}, now: testNow, errField: "Start", prevErrFld: "Start"},
		{name: "inverted", d: Dates{Start: explicit.End, End: explicit.Start}, now: testNow, errField: "End", prevErrFld: "End"},
		{name: "year 0", d: Dates{Start: utcTime(0, 5, 1, 0, 0, 0), End: explicit.End}, now: testNow, errField: "Start", prevErrFld: "Start"},
		{name: "half a previous range", d: explicit, p: PreviousDates{PreviousStart: prev.PreviousStart}, now: testNow,
			want: [2]string{"2026-10-01T00:00:00Z", "2026-10-08T00:00:00Z"}, wantLoc: berlin, prevErrFld: "PreviousEnd"},
	}
	text := func(a, b time.Time) [2]string {
		return [2]string{a.UTC().Format(time.RFC3339Nano), b.UTC().Format(time.RFC3339Nano)}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.d.Resolve(tc.now)
			gotPrev, prevErr := tc.p.Resolve(tc.d, tc.now)
			var pe *ParamError
			if tc.errField != "" {
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, tc.errField, pe.Field)
				assert.Zero(t, got)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tc.want, text(got.Start, got.End))
				assert.Equal(t, tc.wantLoc, got.Start.Location())
				assert.Equal(t, tc.wantLoc, got.End.Location())
			}
			switch {
			case tc.prevErrFld != "":
				require.ErrorAs(t, prevErr, &pe)
				assert.Equal(t, tc.prevErrFld, pe.Field)
			case tc.wantPrev == [2]string{}:
				require.NoError(t, prevErr)
				assert.Zero(t, gotPrev, "no previous range is sent")
			default:
				require.NoError(t, prevErr)
				assert.Equal(t, tc.wantPrev, text(gotPrev.PreviousStart, gotPrev.PreviousEnd))
			}
		})
	}
}

// TestResolveIsWhatIsSent: for every endpoint, ranges of every kind and
// clocks in several zones, the query sends exactly what Dates.Resolve and
// PreviousDates.Resolve give (and no previous range where they give none,
// or where the endpoint takes none): the default range has one home.
func TestResolveIsWhatIsSent(t *testing.T) {
	berlin := mustLocation(t, "Europe/Berlin")
	day := Day(testNow.In(berlin))
	ranges := []Dates{{}, day, {Start: day.Start}, LastDays(testNow, 30), {Start: testNow.Add(-90 * time.Minute)}}
	prevs := []PreviousDates{{}, day.Previous(), {PreviousStart: utcTime(2026, 1, 1, 0, 0, 0), PreviousEnd: utcTime(2026, 2, 1, 0, 0, 0)}}
	nows := []time.Time{testNow, testNow.In(berlin).Add(123 * time.Millisecond), utcTime(2026, 3, 29, 0, 0, 0).In(berlin)}
	checked := 0
	for _, tc := range allEndpoints() {
		typ := reflect.TypeOf(tc.def)
		for _, d := range ranges {
			for _, prev := range prevs {
				if !hasFields(typ, []string{"PreviousStart"}) && prev != (PreviousDates{}) {
					continue
				}
				for _, now := range nows {
					p := reflect.New(typ).Elem()
					p.Set(reflect.ValueOf(tc.def))
					setField(p, "Dates", d)
					if hasFields(typ, []string{"PreviousStart"}) {
						setField(p, "PreviousDates", prev)
					}
					raw, encErr := encodeParams(p.Interface().(params), now)
					want, err := d.Resolve(now)
					wantPrev, prevErr := prev.Resolve(d, now)
					if hasFields(typ, []string{"PreviousStart"}) {
						err = prevErr
					}
					checked++
					if err != nil {
						assert.Equal(t, err, encErr, "%s: the call's error is Resolve's", tc.name)
						continue
					}
					require.NoError(t, encErr, tc.name)
					got, err := url.ParseQuery(raw)
					require.NoError(t, err)
					assert.Equal(t, want.Start.UTC().Format(wireTime), got.Get("start"), "%s %s", tc.name, raw)
					assert.Equal(t, want.End.UTC().Format(wireTime), got.Get("end"), "%s %s", tc.name, raw)
					if !hasFields(typ, []string{"PreviousStart"}) || wantPrev == (PreviousDates{}) {
						assert.False(t, got.Has("previousStart") || got.Has("previousEnd"), "%s %s", tc.name, raw)
					} else {
						assert.Equal(t, wantPrev.PreviousStart.UTC().Format(wireTime), got.Get("previousStart"), "%s %s", tc.name, raw)
						assert.Equal(t, wantPrev.PreviousEnd.UTC().Format(wireTime), got.Get("previousEnd"), "%s %s", tc.name, raw)
					}
				}
			}
		}
	}
	assert.Greater(t, checked, 32*len(ranges)*len(nows))
}

// TestTodaySoFar: Dates{Start: Day(now).Start}, today so far, is a valid
// range at every moment of the day, its first second included (End is
// then the second after Start), in UTC and in Berlin on the day the clocks
// go forward; a Start after now is still refused (issue 26 item 9).
func TestTodaySoFar(t *testing.T) {
	berlin := mustLocation(t, "Europe/Berlin")
	for _, today := range []Dates{Day(testNow), Day(time.Date(2026, 3, 29, 12, 0, 0, 0, berlin))} {
		for _, since := range []time.Duration{0, 1, 400 * time.Millisecond, time.Second - 1, time.Second, time.Hour, today.End.Sub(today.Start) - 1} {
			now := today.Start.Add(since)
			so := Dates{Start: today.Start}
			q, err := encodeParams(OverallParams{Dates: so}, now)
			require.NoError(t, err, "%s, %s into the day", today.Start, since)
			r, err := so.Resolve(now)
			require.NoError(t, err)
			assert.True(t, r.Start.Equal(today.Start), "%s", q)
			assert.True(t, r.End.After(r.Start), "%s", q)
			want := now.Truncate(time.Second)
			if since < time.Second {
				want = today.Start.Add(time.Second)
			}
			assert.True(t, want.Equal(r.End), "End %s, want now to the second, or a second after Start: %s", r.End, q)
		}
		_, err := encodeParams(OverallParams{Dates: Dates{Start: today.Start.Add(time.Second)}}, today.Start.Add(500*time.Millisecond))
		var pe *ParamError
		require.ErrorAs(t, err, &pe, "a Start after now")
		assert.Equal(t, "Start", pe.Field)
	}
}
