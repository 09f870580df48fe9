package reportstest

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Parsing and validating a report request's query, as the API does: every
// problem becomes one entry of a 400 vnd.error answer.

// wireTime is the only date layout the API accepts.
const wireTime = "2006-01-02T15:04:05Z"

// Page sizes: the drilldowns take rows (default 25, at most 50); the ratings
// and conversation-history reports take no rows and answer 50 a page.
const (
	defaultRows = 25
	maxRows     = 50
	fixedRows   = 50
)

// Limits of viewBy, in whole days of the range.
const (
	maxDayBuckets  = 60
	maxWeekBuckets = 366
	minMonthDays   = 61
)

// filter narrows the conversations of a report. An empty list does not
// filter; values in one list are alternatives. The lists are kept as sent
// (the company report names the tags it filters on); match reads the sets
// compile makes of them, one bit per catalogue entry, so that a filter costs
// the same whatever its length. A filter also carries the request's
// context: the aggregation loops stop when the client has left.
type filter struct {
	mailboxes []int64
	tags      []int64
	folders   []int64
	types     uint8 // bit per type; 0 for all

	compiled                      bool
	mailboxSet, folderSet, tagSet uint64 // bit per index in mailboxes, folders, tags; bit untaggedBit for UntaggedTagID

	ctx     context.Context // nil: never stops
	visited int             // conversations looked at, for checking ctx every checkEvery
	stopped bool            // ctx was done: every loop ends
}

// untaggedBit is the bit of UntaggedTagID in filter.tagSet.
const untaggedBit = 63

// checkEvery is how many conversations the aggregation loops look at
// between two checks of the request's context.
const checkEvery = 256

// idBits is the set of the catalogue indexes of ids: bit i for the entry i
// whose id is in ids; ids the catalogue does not have match nothing.
func idBits[T any](ids []int64, catalogue []T, id func(T) int64) uint64 {
	var set uint64
	for i, e := range catalogue {
		if slices.Contains(ids, id(e)) {
			set |= 1 << i
		}
	}
	return set
}

// compile makes the sets of the filter's lists. It is idempotent, and a
// filter built in place is compiled by its first match.
func (f *filter) compile() {
	if f.compiled {
		return
	}
	f.compiled = true
	f.mailboxSet = idBits(f.mailboxes, mailboxes, func(n Named) int64 { return n.ID })
	f.folderSet = idBits(f.folders, folders, func(n Folder) int64 { return n.ID })
	f.tagSet = idBits(f.tags, tags, func(t Tag) int64 { return t.ID })
	if slices.Contains(f.tags, UntaggedTagID) {
		f.tagSet |= 1 << untaggedBit
	}
}

func (f *filter) match(c *conversation) bool {
	f.compile()
	if f.types != 0 && f.types&(1<<c.typ) == 0 {
		return false
	}
	if len(f.mailboxes) > 0 && f.mailboxSet&(1<<c.mailbox) == 0 {
		return false
	}
	if len(f.folders) > 0 && f.folderSet&(1<<c.folderIndex()) == 0 {
		return false
	}
	if len(f.tags) > 0 {
		bits := uint64(c.tags)
		if c.tags == 0 {
			bits = 1 << untaggedBit
		}
		if f.tagSet&bits == 0 {
			return false
		}
	}
	return true
}

// done reports whether the request's context is done, checking it every
// checkEvery calls; once done, it stays so.
func (f *filter) done() bool {
	if f.stopped || f.ctx == nil {
		return f.stopped
	}
	if f.visited%checkEvery == 0 && f.ctx.Err() != nil {
		f.stopped = true
	}
	f.visited++
	return f.stopped
}

// request is a parsed, valid report request.
type request struct {
	start, end     time.Time
	hasPrev        bool
	pstart, pend   time.Time
	filter         filter
	viewBy         string
	page, rows     int
	user           int64
	scope          uint32 // the users the user reports are about, one bit each
	rangeName      string
	rangeID        int
	field          string
	fieldID        int64
	status         string
	sortField      string
	sortOrder      string
	rating         string
	sites          []string
	officeHours    bool
	email          string // the users list's email filter
	mailbox        int64  // the users list's mailbox filter
	shapes         Shapes // the alternative shapes to answer in
	lenient        bool   // the fake's own rules are off
	seen           map[string]string
	errs           []fieldError
	allowedSorting []string
}

// fieldError is one entry of a vnd.error's _embedded.errors.
type fieldError struct {
	Path          string `json:"path"`
	Message       string `json:"message"`
	RejectedValue string `json:"rejectedValue,omitempty"`
	Source        string `json:"source"`
	Links         links  `json:"_links"`
}

type links struct {
	About struct {
		Href string `json:"href"`
	} `json:"about"`
}

const errorsDoc = "http://developer.helpscout.net/mailbox-api/overview/errors"

func aboutLink(code string) links {
	var l links
	l.About.Href = errorsDoc
	if code != "" {
		l.About.Href += "#" + code
	}
	return l
}

func (q *request) fail(path, code, rejected, format string, args ...any) {
	q.errs = append(q.errs, fieldError{Path: clip(path), Message: clip(fmt.Sprintf(format, args...)), RejectedValue: clip(rejected), Source: "QUERY", Links: aboutLink(code)})
}

// guess is fail for the fake's own rules, the ones the API does not
// document: it does nothing when the request is lenient. It reports whether
// the request is refused.
func (q *request) guess(path, code, rejected, format string, args ...any) bool {
	if q.lenient {
		return false
	}
	q.fail(path, code, rejected, format, args...)
	return true
}

// paramParsers parse each parameter the API knows into the request.
var paramParsers = map[string]func(q *request, name, v string){
	"start":            func(q *request, n, v string) { q.start = q.date(n, v) },
	"end":              func(q *request, n, v string) { q.end = q.date(n, v) },
	"previousStart":    func(q *request, n, v string) { q.pstart = q.date(n, v) },
	"previousEnd":      func(q *request, n, v string) { q.pend = q.date(n, v) },
	"mailboxes":        func(q *request, n, v string) { q.filter.mailboxes = q.ids(n, v) },
	"tags":             func(q *request, n, v string) { q.filter.tags = q.ids(n, v) },
	"folders":          func(q *request, n, v string) { q.filter.folders = q.ids(n, v) },
	"types":            parseTypes,
	"viewBy":           func(q *request, n, v string) { q.viewBy = q.enum(n, v, "day", "week", "month") },
	"page":             func(q *request, n, v string) { q.page = q.size(n, v, q.page, 1<<31-1, "InvalidNumber") },
	"rows":             func(q *request, n, v string) { q.rows = q.size(n, v, q.rows, maxRows, "Size") },
	"user":             func(q *request, n, v string) { q.user = q.number(n, v, 1, 1<<62, "InvalidIdentifier") },
	"range":            func(q *request, n, v string) { q.rangeName = q.enum(n, v, drilldownRangeNames...) },
	"rangeId":          func(q *request, n, v string) { q.rangeID = int(q.number(n, v, 1, 1<<31-1, "InvalidIdentifier")) },
	"field":            func(q *request, n, v string) { q.field = q.enum(n, v, "tagid", "replyid", "workflowid", "customerid") },
	"fieldid":          func(q *request, n, v string) { q.fieldID = q.number(n, v, 1, 1<<62, "InvalidIdentifier") },
	"status":           func(q *request, n, v string) { q.status = q.enum(n, v, statusNames...) },
	"sortField":        func(q *request, n, v string) { q.sortField = q.enum(n, v, q.allowedSorting...) },
	"sortFieldRatings": func(q *request, n, v string) { q.sortField = q.enum(n, v, q.allowedSorting...) },
	"sortOrder":        func(q *request, n, v string) { q.sortOrder = q.enum(n, v, "ASC", "DESC") },
	"rating":           func(q *request, n, v string) { q.rating = q.enum(n, v, "great", "ok", "not-good", "all") },
	"sites":            parseSites,
	"officeHours":      parseOfficeHours,
	"email":            parseEmail,
	"mailbox":          func(q *request, n, v string) { q.mailbox = q.number(n, v, 1, 1<<62, "InvalidIdentifier") },
}

// parseEmail takes the users list's e-mail filter: an address, local@domain
// (the API documents the error "Not well-formed email address").
func parseEmail(q *request, name, v string) {
	local, domain, ok := strings.Cut(v, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(domain, "@ ") || strings.Contains(local, " ") {
		q.fail(name, "Email", v, "Not well-formed email address")
	}
	q.email = v
}

func (q *request) date(name, v string) time.Time {
	t, err := time.Parse(wireTime, v)
	if err != nil || len(v) != len(wireTime) || t.Year() < 1 {
		q.fail(name, "MalformedDate", v, "Malformed date, expected yyyy-MM-dd'T'HH:mm:ss'Z', e.g. 2017-03-31T23:30:01Z")
		return time.Time{}
	}
	return t
}

// number parses an integer in [lo, hi]; code names the error of a number
// out of range.
func (q *request) number(name, v string, lo, hi int64, code string) int64 {
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil:
		q.fail(name, "InvalidNumber", v, "Invalid number")
	case n < lo || n > hi:
		q.fail(name, code, v, "must be between %d and %d", lo, hi)
	}
	return n
}

// size parses a page number or a page size: over hi is refused (the API
// documents the maximum of rows), under 1 too, but that is the fake's own
// rule: when lenient, def is kept.
func (q *request) size(name, v string, def, hi int, code string) int {
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		q.fail(name, "InvalidNumber", v, "Invalid number")
	case n > hi:
		q.fail(name, code, v, "must be between 1 and %d", hi)
	case n < 1:
		q.guess(name, code, v, "must be between 1 and %d", hi)
	default:
		return n
	}
	return def
}

// maxListItems is the most items (ids, types, Docs sites) a list takes: a
// longer list is refused with a 400 before it is parsed, as the API refuses
// an absurd request. It holds when lenient too: it bounds the fake's work.
const maxListItems = 1000

// maxEcho is the most bytes of a value (or of a message quoting it) an
// error answer echoes; the rest is cut, marked with "…".
const maxEcho = 256

// clip cuts s to maxEcho bytes.
func clip(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	return strings.ToValidUTF8(s[:maxEcho], "") + "…"
}

// tooLong refuses a list of more than maxListItems items, and reports
// whether it did.
func (q *request) tooLong(name, v string) bool {
	n := strings.Count(v, ",") + 1
	if n <= maxListItems {
		return false
	}
	q.fail(name, "Size", v, "takes at most %d items, got %d", maxListItems, n)
	return true
}

// ids parses a comma-separated list of positive ids.
func (q *request) ids(name, v string) []int64 {
	if q.tooLong(name, v) {
		return nil
	}
	var out []int64
	for s := range strings.SplitSeq(v, ",") {
		n, err := strconv.ParseInt(s, 10, 64)
		switch {
		case err != nil:
			q.fail(name, "InvalidNumber", v, "Invalid number %q in the list", s)
			return nil
		case n <= 0:
			q.fail(name, "InvalidIdentifier", v, "Invalid identifier %d in the list", n)
			return nil
		}
		out = append(out, n)
	}
	return out
}

func (q *request) enum(name, v string, allowed ...string) string {
	if !slices.Contains(allowed, v) {
		q.fail(name, "EnumValue", v, "Expected one of these: '%s'", strings.Join(allowed, "', '"))
	}
	return v
}

func parseTypes(q *request, name, v string) {
	if q.tooLong(name, v) {
		return
	}
	for s := range strings.SplitSeq(v, ",") {
		i := slices.Index(typeNames[:], s)
		if i < 0 {
			q.fail(name, "EnumValue", v, "Expected one of these: 'email', 'chat', 'phone'")
			return
		}
		q.filter.types |= 1 << i
	}
}

func parseSites(q *request, name, v string) {
	if q.tooLong(name, v) {
		return
	}
	for s := range strings.SplitSeq(v, ",") {
		if s == "" {
			q.fail(name, "NotEmpty", v, "may not contain an empty site id")
			return
		}
		q.sites = append(q.sites, s)
	}
}

func parseOfficeHours(q *request, name, v string) {
	switch v {
	case "true", "1":
		q.officeHours = true
	case "false", "0":
	default:
		q.fail(name, "InvalidBoolean", v, "Expected true or false")
	}
}

// parseRequest parses raw against the route and reports every problem; when
// lenient, only those the API documents.
func parseRequest(rt *route, raw string, lenient bool) (*request, []fieldError) {
	q := &request{rows: defaultRows, page: 1, allowedSorting: rt.sortFields, lenient: lenient, seen: map[string]string{}}
	values, err := url.ParseQuery(raw)
	if err != nil {
		q.fail("", "", raw, "Malformed query string")
		return nil, q.errs
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names) // errors in a stable order
	for _, name := range names {
		vs := values[name]
		switch {
		case !slices.Contains(rt.params, name):
			q.guess(name, "UnknownParameter", vs[0], "Unknown parameter for %s", rt.path) // lenient: ignored
		case len(vs) > 1 && q.guess(name, "Size", strings.Join(vs, ","), "must be given once; join a list with commas"):
			// refused; lenient, the first value is parsed below
		case vs[0] == "":
			q.fail(name, "NotEmpty", "", "may not be empty")
		default:
			q.seen[name] = vs[0]
			paramParsers[name](q, name, vs[0])
		}
	}
	for _, name := range rt.required {
		if _, ok := values[name]; !ok {
			q.fail(name, "NotEmpty", "", "may not be empty")
		}
	}
	q.check()
	if len(q.errs) > 0 {
		return nil, q.errs
	}
	return q, nil
}

// valid reports whether the parameter was sent and parsed without error.
func (q *request) valid(name string) bool {
	if _, ok := q.seen[name]; !ok {
		return false
	}
	for _, e := range q.errs {
		if e.Path == name {
			return false
		}
	}
	return true
}

// check validates what depends on several parameters.
func (q *request) check() {
	// Lenient, an end not after start is an empty range; half a previous
	// range is no previous range.
	if q.valid("start") && q.valid("end") && !q.end.After(q.start) {
		q.guess("end", "DateRange", q.seen["end"], "must be after start (%s)", q.seen["start"])
	}
	if q.valid("start") && q.valid("end") && q.end.Sub(q.start) > maxRange {
		q.fail("end", "DateRange", q.seen["end"], "the range from start (%s) may span at most %d days", q.seen["start"], maxRangeDays)
	}
	ps, psOK := q.seen["previousStart"]
	pe, peOK := q.seen["previousEnd"]
	switch {
	case psOK && !peOK:
		q.guess("previousEnd", "NotEmpty", "", "may not be empty when previousStart is given")
	case peOK && !psOK:
		q.guess("previousStart", "NotEmpty", "", "may not be empty when previousEnd is given")
	case psOK && peOK:
		q.hasPrev = true
		if q.valid("previousStart") && q.valid("previousEnd") && !q.pend.After(q.pstart) {
			q.guess("previousEnd", "DateRange", pe, "must be after previousStart (%s)", ps)
		}
		if q.valid("previousStart") && q.valid("previousEnd") && q.pend.Sub(q.pstart) > maxRange {
			q.fail("previousEnd", "DateRange", pe, "the range from previousStart (%s) may span at most %d days", ps, maxRangeDays)
		}
	}
	// Lenient, a rangeId the range does not have matches nothing (a range
	// without ids has one: 1, all of it).
	if id, ok := q.seen["rangeId"]; ok {
		if r, known := drilldownRanges[q.rangeName]; q.rangeName == "" {
			q.fail("rangeId", "NotEmpty", id, "is only valid with range")
		} else if known && r.bounds == nil {
			q.guess("rangeId", "InvalidIdentifier", id, "range %s takes no rangeId", q.rangeName)
		} else if known && q.rangeID > len(r.bounds)+1 {
			q.guess("rangeId", "InvalidIdentifier", id, "range %s has ids 1 to %d", q.rangeName, len(r.bounds)+1)
		}
	}
	// The previous range is bucketed too: the longer range sets the limits
	// and the default.
	days := wholeDays(q.start, q.end)
	if q.hasPrev && q.valid("previousStart") && q.valid("previousEnd") {
		days = max(days, wholeDays(q.pstart, q.pend))
	}
	if v, ok := q.seen["viewBy"]; ok && q.valid("start") && q.valid("end") {
		switch {
		case v == "day" && days > maxDayBuckets:
			q.fail("viewBy", "ViewBy", v, "day is only allowed for ranges of up to %d days", maxDayBuckets)
		case v == "week" && days > maxWeekBuckets:
			q.fail("viewBy", "ViewBy", v, "week is only allowed for ranges of up to a year")
		case v == "month" && days < minMonthDays:
			q.fail("viewBy", "ViewBy", v, "month is only allowed for ranges of %d days or more", minMonthDays)
		}
	}
	if q.viewBy == "" {
		q.viewBy = defaultViewBy(days)
	}
}

// maxRangeDays is the longest range (and previous range) a report takes:
// ten years. A longer one is refused with a 400, when lenient too: it
// bounds the work of a request (a time series has a point per month) where
// the API keeps no data before the account began.
const maxRangeDays = 3653

const maxRange = maxRangeDays * 24 * time.Hour

// wholeDays is the number of whole days from start to end.
func wholeDays(start, end time.Time) int { return int(end.Sub(start) / (24 * time.Hour)) }

// defaultViewBy is the bucket size used when the request names none: the
// finest one the range allows.
func defaultViewBy(days int) string {
	switch {
	case days <= maxDayBuckets:
		return "day"
	case days <= maxWeekBuckets:
		return "week"
	}
	return "month"
}

// nobody is the scope of a user id the data set does not have: no user's bit.
const nobody uint32 = 1 << 31

// resolveUser turns the user parameter into the set of users it names: one
// user, or a team's members. It reports false for an unknown id, which is
// the fake's own rule: when lenient, an unknown id names nobody, and its
// figures are zero.
func (q *request) resolveUser(lenient bool) bool {
	for i, u := range users {
		if u.ID == q.user {
			q.scope = 1 << i
			return true
		}
	}
	for _, t := range teams {
		if t.ID == q.user {
			for _, m := range t.Members {
				q.scope |= 1 << slices.IndexFunc(users, func(u Named) bool { return u.ID == m })
			}
			return true
		}
	}
	q.scope = nobody
	if _, ok := accountOnly(q.user); ok {
		return true // a user of the account with no conversations: zero figures
	}
	return lenient
}
