package reports

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The pieces that every endpoint's params struct is made of, the defaults they
// get, their validation, and the one query encoder that serves every endpoint.
//
// A params struct embeds the pieces its endpoint accepts (Dates, PreviousDates,
// Filters, ChannelFilters, Paging) and declares its own few fields; its
// unexported encode method lists them in order. Encoding fills defaults from
// the client's clock, validates, and writes the query string in one pass.

// wireTime is the only date layout the API accepts: UTC, whole seconds.
const wireTime = "2006-01-02T15:04:05Z"

const (
	// defaultDays is how many days before today's UTC midnight the
	// default range starts (see Dates).
	defaultDays = 7
	maxRows     = 50
	day         = 24 * time.Hour
)

// ConversationType is a kind of conversation, used to filter reports by type.
type ConversationType string

// The conversation types the API documents.
const (
	ConversationTypeEmail ConversationType = "email"
	ConversationTypeChat  ConversationType = "chat"
	ConversationTypePhone ConversationType = "phone"
)

// ViewBy is the size of a time series' buckets.
type ViewBy string

// The bucket sizes the API documents. The API allows ViewByDay only for ranges
// of up to 60 days, ViewByWeek up to a year and ViewByMonth from 61 days on;
// params outside these limits are refused before sending (see ParamError).
const (
	ViewByDay   ViewBy = "day"
	ViewByWeek  ViewBy = "week"
	ViewByMonth ViewBy = "month"
)

// DrilldownRange selects the metric whose range bucket the company drilldown
// lists conversations for (the range parameter).
type DrilldownRange string

// The ranges the API documents for the company drilldown.
const (
	RangeReplies            DrilldownRange = "replies"
	RangeFirstReplyResolved DrilldownRange = "firstReplyResolved"
	RangeResolved           DrilldownRange = "resolved"
	RangeResponseTime       DrilldownRange = "responseTime"
	RangeFirstResponseTime  DrilldownRange = "firstResponseTime"
	RangeHandleTime         DrilldownRange = "handleTime"
)

// DrilldownField is what the conversations fields drilldown drills into (the
// field parameter).
type DrilldownField string

// The fields the API documents. FieldCustomerID is the default.
const (
	FieldTagID      DrilldownField = "tagid"
	FieldReplyID    DrilldownField = "replyid"
	FieldWorkflowID DrilldownField = "workflowid"
	FieldCustomerID DrilldownField = "customerid"
)

// ConversationStatus is a conversation's status.
type ConversationStatus string

// The statuses the conversation history report filters on.
const (
	StatusActive  ConversationStatus = "active"
	StatusPending ConversationStatus = "pending"
	StatusClosed  ConversationStatus = "closed"
)

// HistorySortField orders the user conversation history report.
type HistorySortField string

// The sort fields of the user conversation history report.
const (
	HistorySortByNumber       HistorySortField = "number"
	HistorySortByRepliesSent  HistorySortField = "repliesSent"
	HistorySortByResponseTime HistorySortField = "responseTime"
	HistorySortByResolveTime  HistorySortField = "resolveTime"
)

// RatingSortField orders the happiness ratings reports.
type RatingSortField string

// The sort fields of the ratings reports.
const (
	RatingSortByNumber     RatingSortField = "number"
	RatingSortByModifiedAt RatingSortField = "modifiedAt"
	RatingSortByRating     RatingSortField = "rating"
)

// SortOrder is ascending or descending.
type SortOrder string

// The sort orders.
const (
	SortAscending  SortOrder = "ASC"
	SortDescending SortOrder = "DESC"
)

// RatingFilter selects which happiness ratings a ratings report lists.
type RatingFilter string

// The rating filters the API documents.
const (
	RatingFilterGreat   RatingFilter = "great"
	RatingFilterOK      RatingFilter = "ok"
	RatingFilterNotGood RatingFilter = "not-good"
	RatingFilterAll     RatingFilter = "all"
)

// Dates is the report's interval (start and end parameters). Any location is
// accepted; the API receives both in UTC, to the second. Day, Week, Month,
// LastDays, LastWeeks and LastMonths build the calendar's ranges in a time
// zone of your choice; Split cuts a range into days, weeks or months, and
// Series fetches a report for each.
//
// The default range, and how a range is resolved, are set here and nowhere
// else (Resolve gives what a call sends, for the client's clock reading
// now; the command hsreports sends the same):
//   - Both zero: Start is UTC midnight 7 days ago and End is now, to the
//     second: seven whole UTC days and today so far. On endpoints that take
//     a previous range, its default is the range of the same length that
//     ends where this one starts (see PreviousDates), so that flat traffic
//     compares flat.
//   - Only Start set: End is now, to the second, or the second after Start
//     when Start is within the current second, so that today so far,
//     Dates{Start: reports.Day(now).Start}, is a range at every moment of
//     the day, its first second included. Start must not be after now.
//   - End without Start is an error.
//   - Both set: End must be after Start, at second precision.
//
// Years are 1 to 9999, in UTC (the API's dates have four digits; year 0 it
// refuses). The zero time is 0001-01-01 00:00:00 UTC, and a Start or End
// equal to it counts as not set.
type Dates struct {
	Start time.Time // start, inclusive
	End   time.Time // end; must be after Start
}

// PreviousDates is the interval to compare with (previousStart and
// previousEnd). Reports that take it answer with previous values and deltas
// only when it is sent.
//
// Its default goes with the current range's (see Dates): when both are zero
// and the current range was defaulted too, the range of the same length
// that ends where the current one starts. (The Ruby gem compares the days
// from 21 to 14 days ago, which skips a week and is up to a day shorter
// than the current range.) With an explicit current range no previous range
// is sent; Dates.Previous gives the fair one:
//
//	p := reports.CompanyParams{Dates: week, PreviousDates: week.Previous()}
//
// Set both or neither; PreviousEnd must be after PreviousStart; years are 1
// to 9999, as for Dates.
type PreviousDates struct {
	PreviousStart time.Time // previousStart; set both or neither
	PreviousEnd   time.Time // previousEnd; must be after PreviousStart
}

// Resolve returns the range a call sends for d when the client's clock reads
// now (Client.Now): the default when d is zero, End now when only Start is
// set (see Dates), both to the whole second and in Start's location (now's
// for the default), or the *ParamError (matching ErrInvalidParams) the call
// would return. The command hsreports and the SDK's encoder resolve ranges
// with it, so that the default has one home.
//
//	d, err := reports.Dates{}.Resolve(client.Now()) // the default range
//	days := d.Split(reports.ViewByDay)
func (d Dates) Resolve(now time.Time) (Dates, error) {
	r, _, err := resolveDates(d, nil, now)
	if err != nil {
		return Dates{}, err
	}
	return r, nil
}

// Resolve returns the previous range a call to a report that takes one
// sends beside the current range cur, as given (before its own Resolve),
// when the client's clock reads now: p to the whole second, or the default
// when p and cur are both zero (see PreviousDates), or the zero
// PreviousDates when none is sent (p zero, cur set). Its error is the
// *ParamError the call would return, for p or for cur.
func (p PreviousDates) Resolve(cur Dates, now time.Time) (PreviousDates, error) {
	_, r, err := resolveDates(cur, &p, now)
	if err != nil {
		return PreviousDates{}, err
	}
	return r, nil
}

// Filters narrows a report to mailboxes, tags, folders (ids) and conversation
// types. Empty lists are not sent.
type Filters struct {
	Mailboxes []int64            // mailboxes: mailbox ids
	Tags      []int64            // tags: tag ids
	Folders   []int64            // folders: folder ids
	Types     []ConversationType // types: email, chat, phone
}

// ChannelFilters narrows the chat, email and phone reports, which take no
// conversation types.
type ChannelFilters struct {
	Mailboxes []int64 // mailboxes: mailbox ids
	Tags      []int64 // tags: tag ids
	Folders   []int64 // folders: folder ids
}

// Paging selects a page of a drilldown. Page 0 is not sent (the API starts at
// page 1); Rows 0 is not sent (the API's default is 25; the maximum is 50).
type Paging struct {
	Page int // page: 1-based page number, at most 2³¹−1 (maxPage); 0 sends none
	Rows int // rows: rows per page, 0..50; 0 sends none
}

// The largest numbers the API takes, as the fake API (reportstest) checks
// them: page numbers and the company drilldown's rangeId are 32-bit, user
// (or team) ids and the fields drilldown's fieldid at most 2⁶². A larger
// one is refused before sending. The ids of Filters (mailboxes, tags,
// folders) are any positive int64: the API states no limit for them.
const (
	maxPage = 1<<31 - 1
	maxID   = 1 << 62
)

// ParamError reports an invalid parameter, found before any request is sent.
// It matches ErrInvalidParams with errors.Is.
type ParamError struct {
	Field  string // the parameter's Go field name, e.g. "End" or "Mailboxes[2]"
	Reason string // why the value is refused, e.g. "must be after Start"
}

// Error says which field is invalid and why.
func (e *ParamError) Error() string {
	return "invalid params: " + e.Field + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrInvalidParams) true.
func (e *ParamError) Unwrap() error { return ErrInvalidParams }

// params is implemented by every endpoint's params struct.
type params interface {
	encode(q *query)
}

// query builds a query string and keeps the first validation error. Its zero
// value is not usable: now is the client's clock reading for defaults.
type query struct {
	now   time.Time
	buf   []byte
	start int           // where the query starts in buf
	span  time.Duration // the longer of the current and previous ranges
	err   error
}

func (q *query) invalid(field, format string, args ...any) {
	if q.err == nil {
		q.err = &ParamError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
}

func (q *query) key(k string) {
	if len(q.buf) > q.start {
		q.buf = append(q.buf, '&')
	}
	q.buf = append(q.buf, k...)
	q.buf = append(q.buf, '=')
}

// time sends t, which resolveDates checked.
func (q *query) time(k string, t time.Time) {
	q.key(k)
	q.buf = appendWireTime(q.buf, t)
}

// appendWireTime appends t in the wireTime layout, without the layout
// parsing of time.AppendFormat (a third of encoding a report's params).
func appendWireTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, wireTime)
	}
	h, mi, s := t.Clock()
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+mo/10), byte('0'+mo%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10), 'Z')
}

func (q *query) int(k string, v int64) {
	q.key(k)
	q.buf = strconv.AppendInt(q.buf, v, 10)
}

// str sends a non-empty string value; empty strings are never sent.
func (q *query) str(k, v string) {
	if v == "" {
		return
	}
	q.key(k)
	q.buf = append(q.buf, url.QueryEscape(v)...)
}

// ids sends a comma-joined list of positive ids.
func (q *query) ids(k, field string, ids []int64) {
	if len(ids) == 0 {
		return
	}
	q.key(k)
	for i, id := range ids {
		if id <= 0 {
			q.invalid(fmt.Sprintf("%s[%d]", field, i), "must be a positive id, got %d", id)
		}
		if i > 0 {
			q.buf = append(q.buf, ',')
		}
		q.buf = strconv.AppendInt(q.buf, id, 10)
	}
}

// strs sends a comma-joined list of non-empty strings.
func strs[S ~string](q *query, k, field string, list []S) {
	if len(list) == 0 {
		return
	}
	q.key(k)
	for i, s := range list {
		if s == "" {
			q.invalid(fmt.Sprintf("%s[%d]", field, i), "must not be empty")
		}
		if i > 0 {
			q.buf = append(q.buf, ',')
		}
		q.buf = append(q.buf, url.QueryEscape(string(s))...)
	}
}

func (q *query) flag(k string, on bool) {
	if on {
		q.key(k)
		q.buf = append(q.buf, "true"...)
	}
}

// second truncates to what the wire carries, so that validation sees what the
// API will see.
func second(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func midnightDaysAgo(now time.Time, days int) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d-days, 0, 0, 0, 0, time.UTC)
}

// resolveDates resolves the current range and, when prev is not nil, the
// previous range, as documented on Dates and PreviousDates: the defaults
// filled from now, whole seconds, checked. It is the one home of the
// default range (Dates.Resolve, PreviousDates.Resolve and the encoder call
// it). The times are in cur.Start's location (now's when defaulted), the
// previous range's in PreviousStart's (else the current range's); the error
// is the first problem, a *ParamError.
func resolveDates(cur Dates, prev *PreviousDates, now time.Time) (Dates, PreviousDates, error) {
	var err *ParamError
	invalid := func(field, format string, args ...any) {
		if err == nil {
			err = &ParamError{Field: field, Reason: fmt.Sprintf(format, args...)}
		}
	}
	year := func(field string, t time.Time) {
		if y := t.Year(); y < 1 || y > 9999 {
			invalid(field, "year %d is outside 1–9999", y)
		}
	}
	loc := cur.Start.Location()
	start, end := second(cur.Start), second(cur.End)
	defaulted := cur.Start.IsZero() && cur.End.IsZero()
	switch {
	case defaulted:
		loc = now.Location()
		start, end = midnightDaysAgo(now, defaultDays), second(now)
	case cur.Start.IsZero():
		invalid("Start", "must be set when End is set")
	case cur.End.IsZero():
		// Until now; a range that started within the current second is
		// that second, so that "today so far" is one at midnight too.
		if cur.Start.After(now) {
			invalid("Start", "must not be after now when End is not set (start %s, now %s)",
				cur.Start.UTC().Format(time.RFC3339Nano), now.UTC().Format(time.RFC3339Nano))
		}
		end = second(now)
		if !start.Before(end) {
			end = start.Add(time.Second)
		}
	}
	if !start.Before(end) {
		invalid("End", "must be after Start (start %s, end %s)", start.Format(wireTime), end.Format(wireTime))
	}
	year("Start", start)
	year("End", end)
	resolved := Dates{Start: start.In(loc), End: end.In(loc)}
	if prev == nil {
		if err != nil {
			return Dates{}, PreviousDates{}, err
		}
		return resolved, PreviousDates{}, nil
	}
	ps, pe := second(prev.PreviousStart), second(prev.PreviousEnd)
	ploc := prev.PreviousStart.Location()
	switch {
	case prev.PreviousStart.IsZero() && prev.PreviousEnd.IsZero():
		if !defaulted {
			if err != nil {
				return Dates{}, PreviousDates{}, err
			}
			return resolved, PreviousDates{}, nil
		}
		ps, pe, ploc = start.Add(-end.Sub(start)), start, loc
	case prev.PreviousStart.IsZero():
		invalid("PreviousStart", "must be set when PreviousEnd is set")
	case prev.PreviousEnd.IsZero():
		invalid("PreviousEnd", "must be set when PreviousStart is set")
	}
	if !ps.Before(pe) {
		invalid("PreviousEnd", "must be after PreviousStart (previousStart %s, previousEnd %s)", ps.Format(wireTime), pe.Format(wireTime))
	}
	year("PreviousStart", ps)
	year("PreviousEnd", pe)
	if err != nil {
		return Dates{}, PreviousDates{}, err
	}
	return resolved, PreviousDates{PreviousStart: ps.In(ploc), PreviousEnd: pe.In(ploc)}, nil
}

// dates encodes the current range and, when prev is not nil, the previous
// range, as resolveDates resolves them, and notes the longer range's length
// for the viewBy limits.
func (q *query) dates(cur Dates, prev *PreviousDates) {
	d, p, err := resolveDates(cur, prev, q.now)
	if err != nil {
		if q.err == nil {
			q.err = err
		}
		return
	}
	q.time("start", d.Start)
	q.time("end", d.End)
	q.span = d.End.Sub(d.Start)
	if p.PreviousStart.IsZero() {
		return
	}
	q.time("previousStart", p.PreviousStart)
	q.time("previousEnd", p.PreviousEnd)
	q.span = max(q.span, p.PreviousEnd.Sub(p.PreviousStart))
}

// The viewBy limits the API documents, checked against the longer of the
// current and previous ranges. Where a range's length is not a whole number
// of days (a range across a daylight-saving change is an hour off), the SDK
// lets the API judge: day is refused from 61 days on, week from 367 days
// (a leap year is a year) and month up to 60 days.
const (
	maxDayBuckets  = 60
	maxWeekBuckets = 366
	minMonthDays   = 61
)

// viewBy sends the bucket size, refusing one the range is outside the
// limits of.
func (q *query) viewBy(v ViewBy) {
	switch {
	case v == ViewByDay && q.span >= (maxDayBuckets+1)*day:
		q.invalid("ViewBy", "day is allowed for ranges of up to %d days; the range is %s", maxDayBuckets, spanText(q.span))
	case v == ViewByWeek && q.span >= (maxWeekBuckets+1)*day:
		q.invalid("ViewBy", "week is allowed for ranges of up to a year; the range is %s", spanText(q.span))
	case v == ViewByMonth && q.span <= (minMonthDays-1)*day:
		q.invalid("ViewBy", "month is allowed for ranges of %d days or more; the range is %s", minMonthDays, spanText(q.span))
	}
	q.str("viewBy", string(v))
}

// spanText says a range's length in days, and the hours, minutes and
// seconds left over: "75 days", "60 days 23h".
func spanText(d time.Duration) string {
	days, rest := d/day, d%day
	s := strconv.FormatInt(int64(days), 10) + " days"
	if days == 1 {
		s = "1 day"
	}
	if rest > 0 {
		r := rest.String() // e.g. 23h0m0s
		if strings.HasSuffix(r, "m0s") {
			r = strings.TrimSuffix(r, "0s")
		}
		if strings.HasSuffix(r, "h0m") {
			r = strings.TrimSuffix(r, "0m")
		}
		s += " " + r
	}
	return s
}

func (q *query) filters(f Filters) {
	q.ids("mailboxes", "Mailboxes", f.Mailboxes)
	q.ids("tags", "Tags", f.Tags)
	strs(q, "types", "Types", f.Types)
	q.ids("folders", "Folders", f.Folders)
}

func (q *query) channelFilters(f ChannelFilters) {
	q.ids("mailboxes", "Mailboxes", f.Mailboxes)
	q.ids("tags", "Tags", f.Tags)
	q.ids("folders", "Folders", f.Folders)
}

func (q *query) page(page int) {
	if page < 0 {
		q.invalid("Page", "must not be negative, got %d", page)
	}
	if page > maxPage {
		q.invalid("Page", "must be at most %d, got %d", maxPage, page)
	}
	if page > 0 {
		q.int("page", int64(page))
	}
}

func (q *query) paging(p Paging) {
	q.page(p.Page)
	if p.Rows < 0 || p.Rows > maxRows {
		q.invalid("Rows", "must be between 0 and %d, got %d", maxRows, p.Rows)
	}
	if p.Rows > 0 {
		q.int("rows", int64(p.Rows))
	}
}

// user sends the required user (or team) id.
func (q *query) user(id int64) {
	switch {
	case id <= 0:
		q.invalid("User", "is required and must be a positive user or team id, got %d", id)
	case id > maxID:
		q.invalid("User", "must be a user or team id of at most %d, got %d", int64(maxID), id)
	}
	q.int("user", id)
}

// appendParams appends the encoding of p (defaulted and validated, with now
// as the clock) to dst, so that a URL is built in one buffer.
func appendParams(dst []byte, p params, now time.Time) ([]byte, error) {
	q := query{now: now, buf: dst, start: len(dst)}
	p.encode(&q)
	if q.err != nil {
		return dst, q.err
	}
	return q.buf, nil
}

// OverallParams are the params of the overall reports that take a current and
// previous range and the conversation filters.
type OverallParams struct {
	Dates
	PreviousDates
	Filters
}

func (p OverallParams) encode(q *query) {
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
}

// TimeSeriesParams are the params of the time-series reports: ranges, filters
// and the bucket size.
type TimeSeriesParams struct {
	Dates
	PreviousDates
	Filters
	ViewBy ViewBy // viewBy: the bucket size; empty lets the API choose
}

func (p TimeSeriesParams) encode(q *query) {
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
	q.viewBy(p.ViewBy)
}

// DrilldownParams are the params of the conversation drilldowns: one range,
// filters and a page.
type DrilldownParams struct {
	Dates
	Filters
	Paging
}

func (p DrilldownParams) encode(q *query) {
	q.dates(p.Dates, nil)
	q.filters(p.Filters)
	q.paging(p.Paging)
}

// ProductivityTimeSeriesParams are the params of the productivity time series:
// ranges, filters, office hours and the bucket size.
type ProductivityTimeSeriesParams struct {
	Dates
	PreviousDates
	Filters
	OfficeHours bool   // officeHours: count only office hours; sent only when true
	ViewBy      ViewBy // viewBy: the bucket size; empty lets the API choose
}

func (p ProductivityTimeSeriesParams) encode(q *query) {
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
	q.flag("officeHours", p.OfficeHours)
	q.viewBy(p.ViewBy)
}

// UserTimeSeriesParams are the params of the user time series: the user (or
// team) id, ranges, filters and the bucket size.
type UserTimeSeriesParams struct {
	User int64 // user: the user or team id, 1 to 2⁶²; required
	Dates
	PreviousDates
	Filters
	ViewBy ViewBy // viewBy: the bucket size; empty lets the API choose
}

func (p UserTimeSeriesParams) encode(q *query) {
	q.user(p.User)
	q.dates(p.Dates, &p.PreviousDates)
	q.filters(p.Filters)
	q.viewBy(p.ViewBy)
}

// ChannelParams are the params of the chat, email and phone reports: ranges,
// filters without conversation types, and office hours.
type ChannelParams struct {
	Dates
	PreviousDates
	ChannelFilters
	OfficeHours bool // officeHours: count only office hours; sent only when true
}

func (p ChannelParams) encode(q *query) {
	q.dates(p.Dates, &p.PreviousDates)
	q.channelFilters(p.ChannelFilters)
	q.flag("officeHours", p.OfficeHours)
}
