package reports

import (
	"math"
	"time"
)

// The calendar: days, weeks and months in a time zone of the caller's
// choice, the ranges built from them (Day, Week, Month, LastDays, LastWeeks,
// LastMonths), their arithmetic (Dates.Previous, Dates.AddDate) and the
// buckets of a range (Dates.Split).
//
// Every calendar range is half-open, [start, next start), and the ranges of
// one kind partition the time line: each instant is in exactly one day, one
// week and one month. A day starts at its first instant: midnight, or when
// the clocks jump where a change skips midnight (Havana, São Paulo until
// 2019). A day may last 23 or 25 hours, or 47 where the clocks went back
// across midnight by more than an hour; a date a zone skipped (Pacific/Apia
// went from 2011-12-29 to 2011-12-31) is no day at all: it is left out of
// counts of days, and no calendar range is made of it alone.
//
// The counts of LastDays, LastWeeks, LastMonths and Dates.AddDate keep to
// the calendar's limits, the dates of years 1 to 9999 that the API takes:
// each says what it gives for a count beyond them (the empty range, which
// a report refuses), so that no count, however large, overflows into a
// range that looks right.
//
// Internally a date is its day number (days since 1970-01-01 in the
// proleptic Gregorian calendar), and the start of date n in a location is
// the first instant whose local date is n or later. A computation reads the
// location's offsets through a zone, which remembers the period of its last
// reading.

const secondsPerDay = 86400

// The calendar's limits: the dates of years 1 to 9999, which the API
// takes.
var (
	firstDay = dayNumber(1, time.January, 1)
	lastDay  = dayNumber(9999, time.December, 31)
)

// dayNumber numbers the days of the proleptic calendar, for differences;
// y, m, d are normalised as time.Date does.
func dayNumber(y int, m time.Month, d int) int {
	return int(floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay))
}

// dateOf is the day number of t's date in t's location.
func dateOf(t time.Time) int {
	y, m, d := t.Date()
	return dayNumber(y, m, d)
}

// civil is the year, month and day of day number n.
func civil(n int) (int, time.Month, int) {
	return time.Unix(int64(n)*secondsPerDay, 0).UTC().Date()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// zone reads the offsets of a location for one computation of the
// calendar, remembering the period (the instants of one offset) of its
// latest reading, so that the instants near one another that a
// computation asks about (a day's start and end, the days of a Split)
// cost one lookup in the location's tables, not one each. A reading at u
// starts three days before it, so that the days just before u are at hand
// too, and the period is remembered from there on only: what
// time.Time.ZoneBounds says of a period's start is not always when it
// started (where a zone's rule string extends its table, it may be the
// start of a year), but its end is never past the period's. A zone is not
// safe for concurrent use; each computation makes its own.
type zone struct {
	loc      *time.Location
	from, to int64 // the remembered period, [from, to); to is math.MaxInt64 when no change follows
	off      int64 // its offset, seconds east of UTC
}

func newZone(loc *time.Location) *zone { return &zone{loc: loc, from: 1, to: 0} }

// at is the offset at instant u (Unix seconds) and the end of its period:
// the next change, or an instant where nothing changes, or math.MaxInt64.
func (z *zone) at(u int64) (off, end int64) {
	if u >= z.from && u < z.to {
		return z.off, z.to
	}
	v := u - 3*secondsPerDay
	if z.from < z.to && z.to <= u && v < z.to {
		v = z.to // just past the remembered period: go on from its end
	}
	for {
		t := time.Unix(v, 0).In(z.loc)
		_, o := t.Zone()
		z.from, z.to, z.off = v, math.MaxInt64, int64(o)
		if e := zoneEnd(t); !e.IsZero() {
			z.to = e.Unix()
		}
		if u < z.to {
			return z.off, z.to
		}
		v = z.to
	}
}

// date is the day number of instant u's local date.
func (z *zone) date(u int64) int {
	off, _ := z.at(u)
	return int(floorDiv(u+off, secondsPerDay))
}

// time is instant u in the zone's location.
func (z *zone) time(u int64) time.Time { return time.Unix(u, 0).In(z.loc) }

// start is the first instant whose local date is day n or later: the start
// of day n, or of the next day when the zone skipped n. It walks the zone's
// periods from two days before n's midnight read as UTC (no zone is that
// far ahead of UTC), so it finds the first midnight where one is repeated
// and the moment of the jump where one is skipped.
func (z *zone) start(n int) int64 {
	w := int64(n) * secondsPerDay // n's midnight, read as UTC
	for u := w - 2*secondsPerDay; ; {
		off, end := z.at(u)
		at := w - off // when the wall clock of this period reads n's midnight
		if at <= u {
			return u // the period starts on day n or later
		}
		if at < end {
			return at
		}
		u = end
	}
}

// startOf is z.start as a time in z's location.
func (z *zone) startOf(n int) time.Time { return z.time(z.start(n)) }

// zoneEnd is when the zone period of t ends: its next transition, the zero
// time if there is none. time.Time.ZoneBounds answers an end at or before t
// for some instants (Go 1.26: near the end of a leap year, in the part of a
// zone its rule string extends, as in Africa/Cairo from 2024-12-31 00:00
// UTC); then the change within the next day, if any, is searched for by its
// offset (no zone changes twice in a day), or a day later is answered, a
// boundary where nothing changes.
func zoneEnd(t time.Time) time.Time {
	_, end := t.ZoneBounds()
	if end.IsZero() || end.After(t) {
		return end
	}
	_, off := t.Zone()
	lo, hi := t.Unix(), t.Unix()+secondsPerDay
	if _, o := time.Unix(hi, 0).In(t.Location()).Zone(); o == off {
		return time.Unix(hi, 0).In(t.Location())
	}
	for hi-lo > 1 { // the offset at lo is off, at hi it is not
		mid := lo + (hi-lo)/2
		if _, o := time.Unix(mid, 0).In(t.Location()).Zone(); o == off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return time.Unix(hi, 0).In(t.Location())
}

// dayOf is the day of instant u: its day number and its range. Where the
// clocks go back across midnight, the hours that repeat the day before
// belong to the day that started first.
func (z *zone) dayOf(u int64) (n int, start, end int64) {
	n = z.date(u)
	start = z.start(n)
	for {
		end = z.start(n + 1)
		if u < end {
			return n, start, end
		}
		n, start = n+1, end
	}
}

// weekOf is the Monday-to-Sunday week of instant u: its Monday's day
// number and its range.
func (z *zone) weekOf(u int64) (monday int, start, end int64) {
	n := z.date(u)
	monday = n - int((int64(n)%7+7+3)%7) // 1970-01-05, day 4, was a Monday
	start = z.start(monday)
	for {
		end = z.start(monday + 7)
		if u < end {
			return monday, start, end
		}
		monday, start = monday+7, end
	}
}

// monthOf is the calendar month of instant u: its 1st's day number and its
// range.
func (z *zone) monthOf(u int64) (first int, start, end int64) {
	first = monthFirst(z.date(u))
	start = z.start(first)
	for {
		next := nextMonth(first)
		end = z.start(next)
		if u < end {
			return first, start, end
		}
		first, start = next, end
	}
}

// monthFirst is the day number of the 1st of day n's month.
func monthFirst(n int) int {
	_, _, d := civil(n)
	return n - d + 1
}

// nextMonth is the day number of the 1st of the month after day n's.
func nextMonth(n int) int {
	y, m, _ := civil(n)
	return dayNumber(y, m+1, 1)
}

// dayStart reports whether t is the first instant of a day in z's
// location, and the day number of t's date. The first instant of a day is
// that of its date (where the clocks go back across midnight, a repeated
// midnight starts no day), so one start is looked up, not the two of dayOf.
func (z *zone) dayStart(t time.Time) (int, bool) {
	n := z.date(t.Unix())
	return n, t.Nanosecond() == 0 && z.start(n) == t.Unix()
}

// skipped counts the dates of [a, b) that the zone skipped, given first
// and last, the starts of a and b. A skipped date is jumped over when the
// clocks move forward, so only the zone's changes between the two starts
// are looked at, not every day.
func (z *zone) skipped(a, b int, first, last int64) int {
	count := 0
	for u := first - 1; ; {
		_, end := z.at(u)
		if end > last {
			return count
		}
		before, after := z.date(end-1), z.date(end)
		for k := max(before+1, a); k < min(after, b); k++ {
			if z.start(k) == z.start(k+1) {
				count++
			}
		}
		u = end
	}
}

// countDays counts the dates of [a, b) that the zone has.
func (z *zone) countDays(a, b int) int {
	if b <= a {
		return 0
	}
	return b - a - z.skipped(a, b, z.start(a), z.start(b))
}

// back is the day number n dates that the zone has before day b.
func (z *zone) back(b, n int) int {
	a := b - n
	for {
		have := z.countDays(a, b)
		if have >= n {
			return a
		}
		a -= n - have
	}
}

// daysFrom is the range of n days (n ≥ 1) that the zone has from day s on
// (from the next day it has, if it skipped s).
func (z *zone) daysFrom(s, n int) (start, end int64) {
	start = z.start(s)
	for b := s + n; ; {
		end = z.start(b)
		have := 1 // of one date: had, unless it was skipped
		if b-s > 1 {
			have = b - s - z.skipped(s, b, start, end)
		} else if start == end {
			have = 0
		}
		if have >= n {
			return start, end
		}
		b += n - have
	}
}

// Previous is the range of the same length that ends where d starts: the
// fair comparison for d, so that flat traffic shows no change.
//
//	week := reports.LastWeeks(time.Now().In(berlin), 1) // last week, whole
//	p := reports.CompanyParams{Dates: week, PreviousDates: week.Previous()}
//
// Compare whole ranges: Week(now) is this week, unfinished, and its
// previous range the whole week before, so flat traffic would show a drop.
//
// When Start and End both start a day in Start's location (as Day, Week,
// Month, LastDays, LastWeeks, LastMonths and Split make them), the previous
// range has as many days and starts a day too, also across a
// daylight-saving change; a date the zone skipped is not counted.
// Otherwise it lasts as long as d. The previous range of a calendar month
// is the same number of days, not the month before: for that, use
// d.AddDate(0, -1, 0). Previous of a Dates with a zero Start or End (whose
// end would be "now") is the zero PreviousDates.
func (d Dates) Previous() PreviousDates {
	if d.Start.IsZero() || d.End.IsZero() {
		return PreviousDates{}
	}
	z := newZone(d.Start.Location())
	sn, sok := z.dayStart(d.Start)
	en, eok := z.dayStart(d.End)
	if sok && eok && sn <= en {
		return PreviousDates{PreviousStart: z.startOf(z.back(sn, z.countDays(sn, en))), PreviousEnd: d.Start}
	}
	return PreviousDates{PreviousStart: d.Start.Add(-d.End.Sub(d.Start)), PreviousEnd: d.Start}
}

// Dates is the previous range as a current one, e.g. to fetch the previous
// period's report on its own or to Split it.
func (p PreviousDates) Dates() Dates {
	return Dates{Start: p.PreviousStart, End: p.PreviousEnd}
}

// AddDate moves d by years, months and days in d.Start's location, for
// month-over-month and year-over-year comparisons:
//
//	march := reports.Month(time.Date(2026, 3, 10, 0, 0, 0, 0, berlin))
//	february, lastMarch := march.AddDate(0, -1, 0), march.AddDate(-1, 0, 0)
//
// What moves depends on the kind of range:
//
//   - Whole calendar months (from the first instant of a month to that of a
//     later month, as Month and LastMonths make them) stay whole months:
//     both ends move by years and months as 1sts of months, then by days.
//     Month(March) a month back is all of February, whatever the lengths.
//   - Any other range of whole days (both ends start a day, as Day, Week,
//     LastDays, LastWeeks and Split make them) moves its first day and
//     keeps its number of days. The first day moves by years and months,
//     a day past the end of the target month becoming its last day (unlike
//     time.Time.AddDate), then by days: Day(Jan 31) one month on is
//     Day(Feb 28), Day(2028-02-29) a year back is Day(2027-02-28), and
//     LastDays(May 1, 7) a month on is the seven days from May 24. A week
//     stays seven days, Monday to Monday only when moved by a multiple of
//     seven days: for the same calendar week a year back, use
//     Week(d.Start.AddDate(-1, 0, 0)), or AddDate(0, 0, -364) for the 52
//     weeks before. A date the zone skipped (Pacific/Apia went from
//     2011-12-29 to 2011-12-31) is not counted: a range that would start
//     on one starts on the next day the zone has, and a range across one
//     takes a day more.
//   - Any other range moves each end's wall-clock time alike (clamped the
//     same way), keeping its length when that would make it empty.
//
// A move that would take the range out of the calendar's limits, the
// dates of years 1 to 9999 that the API takes, gives the empty range at
// d.Start, which a report refuses. A zero Start or End stays zero.
func (d Dates) AddDate(years, months, days int) Dates {
	loc := d.Start.Location()
	empty := Dates{Start: d.Start, End: d.Start}
	wall := func() Dates { // each end's wall clock moved
		start, okS := addWall(d.Start, loc, years, months, days)
		end, okE := addWall(d.End, loc, years, months, days)
		if !okS || !okE {
			return empty
		}
		if !start.Before(end) && d.Start.Before(d.End) {
			end = start.Add(d.End.Sub(d.Start))
		}
		return Dates{Start: start, End: end}
	}
	if d.Start.IsZero() || d.End.IsZero() {
		return wall()
	}
	z := newZone(loc)
	sn, sok := z.dayStart(d.Start)
	en, eok := z.dayStart(d.End)
	switch {
	case !sok || !eok || sn >= en:
		return wall()
	case z.monthBegins(sn, d.Start) && z.monthBegins(en, d.End):
		s, okS := shiftDate(monthFirst(sn), years, months, days)
		e, okE := shiftDate(monthFirst(en), years, months, days)
		if !okS || !okE || s < firstDay || e > lastDay+1 {
			return empty
		}
		return Dates{Start: z.startOf(s), End: z.startOf(e)}
	}
	count := en - sn
	if count > 1 { // d.Start and d.End start sn and en
		count -= z.skipped(sn, en, d.Start.Unix(), d.End.Unix())
	}
	s, ok := shiftDate(sn, years, months, days)
	if !ok || s < firstDay || s+count > lastDay+1 {
		return empty
	}
	start, end := z.daysFrom(s, count)
	return Dates{Start: z.time(start), End: z.time(end)}
}

// monthBegins reports whether day n, which starts at t, begins its
// calendar month: it is the 1st, or every day before it in its month was
// skipped. Offsets lie within a day and two hours of UTC, so a jump of the
// clocks skips two dates at most.
func (z *zone) monthBegins(n int, t time.Time) bool {
	_, _, d := civil(n)
	return d == 1 || d <= 3 && z.start(monthFirst(n)) == t.Unix()
}

// maxShift is the most years a date is moved by: further is out of the
// calendar's limits from anywhere within them.
const maxShift = 10000

// shiftDate moves day number n by years and months, clamping the day to the
// target month's length, then by days. It reports false for a move of more
// than maxShift years (in years, months or days), which is out of the
// calendar's limits wherever n is, and which the arithmetic could overflow.
func shiftDate(n, years, months, days int) (int, bool) {
	if years < -maxShift || years > maxShift || months < -12*maxShift || months > 12*maxShift || days < -366*maxShift || days > 366*maxShift {
		return 0, false
	}
	y, m, d := civil(n)
	first := time.Date(y+years, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	fy, fm, _ := first.Date()
	return dayNumber(fy, fm, min(d, last)) + days, true
}

// addWall moves t's wall-clock time in loc by years, months and days, the
// day clamped to the target month's length. The zero time stays zero. It
// reports false when the date moved to is out of the calendar's limits.
func addWall(t time.Time, loc *time.Location, years, months, days int) (time.Time, bool) {
	if t.IsZero() {
		return t, true
	}
	t = t.In(loc)
	n, ok := shiftDate(dateOf(t), years, months, days)
	if !ok || n < firstDay || n > lastDay {
		return time.Time{}, false
	}
	y, m, d := civil(n)
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, t.Nanosecond(), loc), true
}

// Day is the calendar day of t in t's location, from its first instant to
// the next day's: reports.Day(time.Now().In(berlin)) is today in Berlin. It
// contains t and is never empty.
//
// Like every calendar range here (Week, Month, LastDays, LastWeeks,
// LastMonths, Split) it is half-open, [start, next start), and the days
// partition the time line. A day starts at its first instant: midnight, or
// the moment the clocks jump where a change skips midnight (Havana; São
// Paulo until 2019). It may last 23 or 25 hours across a daylight-saving
// change; where the clocks go back across midnight, the repeated hours of
// the day before belong to the day that started first (t's day may then
// be the one after t's date). A date the zone skipped (Pacific/Apia went
// from 2011-12-29 to 2011-12-31) is no day: it is never counted, and no
// range is made of it alone.
func Day(t time.Time) Dates {
	z := newZone(t.Location())
	_, start, end := z.dayOf(t.Unix())
	return Dates{Start: z.time(start), End: z.time(end)}
}

// Week is the Monday-to-Sunday week of t in t's location, from Monday's
// first instant to the next Monday's.
func Week(t time.Time) Dates {
	z := newZone(t.Location())
	_, start, end := z.weekOf(t.Unix())
	return Dates{Start: z.time(start), End: z.time(end)}
}

// Month is the calendar month of t in t's location, from the first
// instant of its first day to that of the next month's.
func Month(t time.Time) Dates {
	z := newZone(t.Location())
	_, start, end := z.monthOf(t.Unix())
	return Dates{Start: z.time(start), End: z.time(end)}
}

// LastDays is the n whole days before t's day in t's location, up to the
// start of t's day: LastDays(time.Now().In(berlin), 7) is the last seven
// days in Berlin, today left out. A date the zone skipped is not counted.
// With n < 1, or n more than the days since 0001-01-01 (the calendar's
// limit: the API takes years 1 to 9999), the range is empty, Start and End
// the start of t's day, and a report refuses it.
func LastDays(t time.Time, n int) Dates {
	z := newZone(t.Location())
	today, end, _ := z.dayOf(t.Unix())
	if n < 1 || n > today-firstDay {
		return Dates{Start: z.time(end), End: z.time(end)}
	}
	first := z.back(today, n)
	if first < firstDay { // it skipped a date or two
		return Dates{Start: z.time(end), End: z.time(end)}
	}
	return Dates{Start: z.startOf(first), End: z.time(end)}
}

// LastWeeks is the n whole Monday-to-Sunday weeks before t's week in t's
// location, up to the start of t's week: LastWeeks(time.Now().In(berlin), 1)
// is last week, whole, as a weekly digest wants it. With n < 1, or n more
// than the weeks since 0001-01-01 (the calendar's limit: the API takes
// years 1 to 9999), the range is empty, Start and End the start of t's
// week, and a report refuses it.
func LastWeeks(t time.Time, n int) Dates {
	z := newZone(t.Location())
	monday, end, _ := z.weekOf(t.Unix())
	if n < 1 || n > (monday-firstDay)/7 {
		return Dates{Start: z.time(end), End: z.time(end)}
	}
	return Dates{Start: z.startOf(monday - 7*n), End: z.time(end)}
}

// LastMonths is the n whole calendar months before t's month in t's
// location, up to the start of t's month: LastMonths(now, 3) in May is
// February to April. With n < 1, or n more than the months since January
// of year 1 (the calendar's limit: the API takes years 1 to 9999), the
// range is empty, Start and End the start of t's month, and a report
// refuses it.
func LastMonths(t time.Time, n int) Dates {
	z := newZone(t.Location())
	first, end, _ := z.monthOf(t.Unix())
	y, m, _ := civil(first)
	k := (y-1)*12 + int(m) - 1 // months since January of year 1
	if n < 1 || n > k {
		return Dates{Start: z.time(end), End: z.time(end)}
	}
	k -= n
	return Dates{Start: z.startOf(dayNumber(k/12+1, time.Month(k%12+1), 1)), End: z.time(end)}
}

// Split cuts d into the calendar buckets of by in d.Start's location: days
// from their first instant (midnight), weeks from Monday, months from the
// 1st, as Day, Week and Month make them. The first and last buckets are
// clipped to d, so the buckets cover d exactly, in order, none empty; every
// bucket is in d.Start's location. A bucket is not a fixed length: a day
// across a daylight-saving change lasts 23 or 25 hours, and a date the zone
// skipped is no bucket.
//
// Split gives nil when d has a zero Start or End (its end would be "now":
// resolve it first, e.g. with LastDays), when End is not after Start, or
// when by is not ViewByDay, ViewByWeek or ViewByMonth.
//
//	for _, day := range reports.LastDays(now, 30).Split(reports.ViewByDay) { ... }
func (d Dates) Split(by ViewBy) []Dates {
	if d.Start.IsZero() || d.End.IsZero() || !d.Start.Before(d.End) {
		return nil
	}
	loc := d.Start.Location()
	z := newZone(loc)
	var bucket func(u int64) int64 // the end of the bucket of instant u
	size := d.End.Sub(d.Start)
	switch by {
	case ViewByDay:
		bucket = func(u int64) int64 { _, _, e := z.dayOf(u); return e }
		size /= 24 * time.Hour
	case ViewByWeek:
		bucket = func(u int64) int64 { _, _, e := z.weekOf(u); return e }
		size /= 7 * 24 * time.Hour
	case ViewByMonth:
		bucket = func(u int64) int64 { _, _, e := z.monthOf(u); return e }
		size /= 28 * 24 * time.Hour
	default:
		return nil
	}
	end := d.End.In(loc)
	out := make([]Dates, 0, min(size+2, 1<<16))
	for t := d.Start; t.Before(end); {
		e := z.time(bucket(t.Unix()))
		if !e.Before(end) {
			e = end
		}
		out = append(out, Dates{Start: t, End: e})
		t = e
	}
	return out
}
