package reportstest

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/helpscout-go/reports"
)

// Aggregation: every report is built from the conversations created in its
// range (the cohort of the range), filtered, and for the user reports scoped
// to the conversations a user (or a team's members) replied to or started.
// All figures of a range come from one cohort, so they add up across
// reports: see the package documentation.

// cohort returns the conversations created in [start, end).
func (d *dataset) cohort(start, end time.Time) []conversation {
	lo := sort.Search(len(d.convs), func(i int) bool { return !d.convs[i].created.Before(start) })
	hi := sort.Search(len(d.convs), func(i int) bool { return !d.convs[i].created.Before(end) })
	if hi < lo {
		hi = lo
	}
	return d.convs[lo:hi]
}

// in reports whether user u is in scope; scope 0 means everyone.
func in(scope uint32, u int) bool { return scope == 0 || u >= 0 && scope&(1<<u) != 0 }

// each calls fn for the conversations of [start, end) that match f and, when
// scope is not 0, that a user of scope replied to or started. It stops when
// f's context is done.
func (d *dataset) each(start, end time.Time, f *filter, scope uint32, fn func(*conversation)) {
	cs := d.cohort(start, end)
	for i := range cs {
		if f.done() {
			return
		}
		c := &cs[i]
		if f.match(c) && (scope == 0 || c.repliedBy(scope)) {
			fn(c)
		}
	}
}

// list returns the conversations each would visit that keep accepts, newest
// first.
func (d *dataset) list(start, end time.Time, f *filter, scope uint32, keep func(*conversation) bool) []*conversation {
	var out []*conversation
	d.each(start, end, f, scope, func(c *conversation) {
		if keep == nil || keep(c) {
			out = append(out, c)
		}
	})
	slices.Reverse(out)
	return out
}

// mean is a running average.
type mean struct {
	sum float64
	n   int
}

func (m *mean) add(v float64) { m.sum += v; m.n++ }

func (m mean) avg() float64 {
	if m.n == 0 {
		return 0
	}
	return round2(m.sum / float64(m.n))
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// percent is part of whole in percent, 0 when whole is 0.
func percent(part, whole float64) float64 {
	if whole == 0 {
		return 0
	}
	return round2(part / whole * 100)
}

// fraction is part of whole as a fraction 0–1, 0 when whole is 0: the
// unit of the percentResolvedOnFirstReply fields in every API sample,
// despite their name.
func fraction(part, whole float64) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(part/whole*10000) / 10000
}

// delta is the percent change from prev to cur, 0 when prev is 0 (as in the
// API's samples: a handle time from 0 to 6 has delta 0). It is the unit of
// the deltas of counts, averages and times.
func delta(cur, prev float64) float64 {
	if prev == 0 {
		return 0
	}
	return round2((cur - prev) / prev * 100)
}

// pointDelta is the difference in points from prev to cur. It is the unit of
// the deltas of metrics that are themselves percents (happiness shares and
// score, the Docs shares), as in the API's samples.
func pointDelta(cur, prev float64) float64 { return round2(cur - prev) }

// agg is every figure of a range, computed in one pass.
type agg struct {
	start, end      time.Time
	days            float64
	conversations   int // in the cohort (and scope)
	customerStarted int
	userStarted     int // started by a user (of the scope)
	open            int // not closed
	byType          [numTypes]int
	customers       int // distinct customers
	helped          int // distinct customers who got a reply (from the scope)
	replies         int // replies (by the scope)
	repliers        int // distinct users who replied
	closed          int
	resolved        int // closed with at least one reply
	resolvedFirst   int // resolved with exactly one reply
	received        int // messages from customers
	ratings         [4]int
	ratedCustomers  int
	missedChats     int
	weekdays        [8]int // replies by ISO weekday, 1 is Monday

	firstResponse, response, resolution, handle, handlePerReply, repliesToResolve mean
	chatWait, chatResponse, chatDuration, chatMessages                            mean
}

func (a *agg) ratingsCount() int {
	return a.ratings[scoreGreat] + a.ratings[scoreOkay] + a.ratings[scoreNotGood]
}

// perDay spreads n over the days of the range.
func (a *agg) perDay(n int) float64 { return round2(float64(n) / a.days) }

func (a *agg) period() reports.Period { return reports.Period{StartDate: a.start, EndDate: a.end} }

// happinessScore is the share of great ratings minus that of not-good ones.
func (a *agg) happinessScore() float64 {
	n := float64(a.ratingsCount())
	return round2(percent(float64(a.ratings[scoreGreat]), n) - percent(float64(a.ratings[scoreNotGood]), n))
}

// isoWeekday numbers Monday 1 to Sunday 7.
func isoWeekday(t time.Time) int {
	if wd := t.Weekday(); wd != time.Sunday {
		return int(wd)
	}
	return 7
}

// aggregate computes the figures of [start, end).
func (d *dataset) aggregate(start, end time.Time, f *filter, scope uint32) *agg {
	a := &agg{start: start, end: end, days: math.Max(1, float64(wholeDays(start, end)))}
	seen := make([]uint8, customerCount) // bits: customer, helped, rated
	var repliers uint32
	d.each(start, end, f, scope, func(c *conversation) {
		a.conversations++
		a.byType[c.typ]++
		a.received += c.messages
		switch {
		case c.creator < 0:
			a.customerStarted++
		case in(scope, c.creator):
			a.userStarted++
		}
		mine := 0
		for _, rp := range c.replies {
			if in(scope, rp.user) {
				mine++
				repliers |= 1 << rp.user
				a.handlePerReply.add(float64(rp.handle))
				a.weekdays[isoWeekday(rp.at)]++
			}
		}
		a.replies += mine
		seen[c.customer] |= 1
		if mine > 0 {
			seen[c.customer] |= 2
		}
		if c.status != statusClosed {
			a.open++
		} else if in(scope, c.closedBy) {
			a.closed++
			if c.resolved() {
				a.resolved++
				a.resolution.add(c.resolution)
				a.repliesToResolve.add(float64(len(c.replies)))
				if len(c.replies) == 1 {
					a.resolvedFirst++
				}
			}
		}
		if len(c.replies) > 0 {
			a.firstResponse.add(c.firstResponse)
			a.response.add(c.response)
			a.handle.add(c.handle)
		}
		if rt := c.rating; rt != nil && in(scope, c.replies[rt.reply].user) {
			a.ratings[rt.score]++
			seen[c.customer] |= 4
		}
		if c.typ == typeChat {
			if len(c.replies) == 0 {
				a.missedChats++
			} else {
				a.chatWait.add(c.firstResponse)
				a.chatResponse.add(c.response)
				a.chatDuration.add(chatDuration(c))
				a.chatMessages.add(float64(chatMessages(c)))
			}
		}
	})
	for _, s := range seen {
		a.customers += int(s & 1)
		a.helped += int(s >> 1 & 1)
		a.ratedCustomers += int(s >> 2 & 1)
	}
	for u := range users {
		a.repliers += int(repliers >> u & 1)
	}
	return a
}

func chatDuration(c *conversation) float64 {
	return c.replies[len(c.replies)-1].at.Sub(c.created).Seconds()
}
func chatMessages(c *conversation) int { return c.messages + len(c.replies) }

// histogram sorts conversations into the numbered ranges of a metric: range
// id 1 + the number of bounds at or below the value.
type histogram struct {
	metric func(*conversation) (float64, bool)
	bounds []float64 // nil: a plain selection, with no range ids
}

func (h histogram) id(v float64) int {
	id := 1
	for _, b := range h.bounds {
		if v >= b {
			id++
		}
	}
	return id
}

// Bounds of the range ids, in seconds or counts. The time ranges are the
// API's (v1) response-time ranges: <15 min, 15-30 min, 30-60 min, 1-2 h, 2-3 h,
// 3-6 h, 6-12 h, 12-24 h, 1-2 days, >2 days; handle time <1, 1-2, 2-5,
// 5-10, >10 min; replies 1, 2, 3, 4, 5+. The chat ranges are the fake's own.
var (
	timeBounds         = []float64{900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800}
	handleBounds       = []float64{60, 120, 300, 600}
	replyBounds        = []float64{2, 3, 4, 5}
	chatWaitBounds     = []float64{30, 60, 120, 300}
	chatResponseBounds = []float64{15, 30, 60, 120}
	chatMessageBounds  = []float64{4, 7, 10, 14}
	chatDurationBounds = []float64{300, 600, 1200, 1800}
)

func replied(c *conversation) bool { return len(c.replies) > 0 }

var (
	histResponse      = histogram{func(c *conversation) (float64, bool) { return c.response, replied(c) }, timeBounds}
	histFirstResponse = histogram{func(c *conversation) (float64, bool) { return c.firstResponse, replied(c) }, timeBounds}
	histHandle        = histogram{func(c *conversation) (float64, bool) { return c.handle, replied(c) }, handleBounds}
	histResolution    = histogram{func(c *conversation) (float64, bool) { return c.resolution, c.resolved() }, timeBounds}
	histToResolve     = histogram{func(c *conversation) (float64, bool) { return float64(len(c.replies)), c.resolved() }, replyBounds}
	histChatWait      = histogram{func(c *conversation) (float64, bool) { return c.firstResponse, replied(c) }, chatWaitBounds}
	histChatResponse  = histogram{func(c *conversation) (float64, bool) { return c.response, replied(c) }, chatResponseBounds}
	histChatMessages  = histogram{func(c *conversation) (float64, bool) { return float64(chatMessages(c)), replied(c) }, chatMessageBounds}
	histChatDuration  = histogram{func(c *conversation) (float64, bool) {
		if !replied(c) {
			return 0, false
		}
		return chatDuration(c), true
	}, chatDurationBounds}
)

// drilldownRanges are the company drilldown's range parameter values.
var drilldownRanges = map[string]histogram{
	"replies":            {func(c *conversation) (float64, bool) { return float64(len(c.replies)), replied(c) }, replyBounds},
	"firstReplyResolved": {func(c *conversation) (float64, bool) { return 0, c.resolved() && len(c.replies) == 1 }, nil},
	"resolved":           {func(c *conversation) (float64, bool) { return 0, c.resolved() }, nil},
	"responseTime":       histResponse,
	"firstResponseTime":  histFirstResponse,
	"handleTime":         histHandle,
}

var drilldownRangeNames = []string{"replies", "firstReplyResolved", "resolved", "responseTime", "firstResponseTime", "handleTime"}

// keep returns the selection of range id (0 for the whole selection).
func (h histogram) keep(id int) func(*conversation) bool {
	return func(c *conversation) bool {
		v, ok := h.metric(c)
		return ok && (id == 0 || h.id(v) == id)
	}
}

// histCounts counts the conversations of [start, end) in scope per range id
// (index 0 unused) and averages their resolution time.
func (d *dataset) histCounts(start, end time.Time, f *filter, scope uint32, h histogram) (counts []int, resolution []mean) {
	counts = make([]int, len(h.bounds)+2)
	resolution = make([]mean, len(counts))
	d.each(start, end, f, scope, func(c *conversation) {
		if v, ok := h.metric(c); ok {
			id := h.id(v)
			counts[id]++
			resolution[id].add(c.resolution)
		}
	})
	return counts, resolution
}

// rangeBuckets is the histogram h of the request's range (and user, if
// any), with the previous range's counts when it was asked for.
func (d *dataset) rangeBuckets(q *request, f *filter, h histogram, withResolution bool) *reports.RangeBuckets {
	cur, res := d.histCounts(q.start, q.end, f, q.scope, h)
	prev := make([]int, len(cur))
	if q.hasPrev {
		prev, _ = d.histCounts(q.pstart, q.pend, f, q.scope, h)
	}
	total, ptotal := sum(cur), sum(prev)
	out := &reports.RangeBuckets{Count: float64(total), PreviousCount: float64(ptotal)}
	for id := 1; id < len(cur); id++ {
		b := reports.RangeBucket{
			ID:              id,
			Count:           float64(cur[id]),
			PreviousCount:   float64(prev[id]),
			Percent:         percent(float64(cur[id]), float64(total)),
			PreviousPercent: percent(float64(prev[id]), float64(ptotal)),
		}
		if withResolution {
			v := res[id].avg()
			b.ResolutionTime = &v
		}
		out.Ranges = append(out.Ranges, b)
	}
	return out
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// buckets splits [start, end) into the viewBy buckets: days and weeks
// (Monday to Sunday) and months, in UTC, the first one starting on or before
// start.
func buckets(start, end time.Time, viewBy string) []time.Time {
	b := midnight(start)
	step := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	switch viewBy {
	case "week":
		b = b.AddDate(0, 0, 1-isoWeekday(b))
		step = func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	case "month":
		b = time.Date(b.Year(), b.Month(), 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	}
	var out []time.Time
	for ; b.Before(end); b = step(b) {
		out = append(out, b)
	}
	return append(out, b)
}

// series is a time series of the request: one point per bucket of the
// current range and, when asked, of the previous range. A point is dated at
// noon of its bucket's first day, as the API dates them.
func series[P any](d *dataset, q *request, f *filter, point func(date time.Time, a *agg) P) reports.TimeSeries[P] {
	points := func(start, end time.Time) []P {
		bs := buckets(start, end, q.viewBy)
		out := make([]P, 0, len(bs)-1)
		for i := 0; i+1 < len(bs); i++ {
			a := d.aggregate(maxTime(bs[i], start), minTime(bs[i+1], end), f, q.scope)
			out = append(out, point(bs[i].Add(12*time.Hour), a))
		}
		return out
	}
	ts := reports.TimeSeries[P]{Current: points(q.start, q.end)}
	if q.hasPrev {
		ts.Previous = points(q.pstart, q.pend)
	}
	return ts
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// page cuts items into pages of rows and returns page p (from 1) and the
// number of pages.
func page[T any](items []T, p, rows int) ([]T, int) {
	pages := (len(items) + rows - 1) / rows
	lo := min((p-1)*rows, len(items))
	hi := min(lo+rows, len(items))
	return items[lo:hi:hi], pages
}
