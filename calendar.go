package reports

import "time"

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
// Internally a date is its day number (days since 1970-01-01 in the
// proleptic Gregorian calendar), and the start of date n in a location is
// the first instant whose local date is n or later.

const secondsPerDay = 86400

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

// startOf is the first instant whose date in loc is day n or later: the
// start of day n, or of the next day when loc skipped n. It walks the zone's
// periods from two days before n's midnight read as UTC (no zone is that far
// ahead of UTC), so it finds the first midnight where one is repeated and
// the moment of the jump where one is skipped.
func startOf(n int, loc *time.Location) time.Time {
	w := int64(n) * secondsPerDay // n's midnight, read as UTC
	u := w - 2*secondsPerDay
	for {
		t := time.Unix(u, 0).In(loc)
		_, off := t.Zone()
		at := w - int64(off) // when the wall clock of this period reads n's midnight
		if at <= u {
			return t // the period starts on day n or later
		}
		end := zoneEnd(t)
		if end.IsZero() || at < end.Unix() {
			return time.Unix(at, 0).In(loc)
		}
		u = end.Unix()
	}
}

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

// dayOf is the day of t in t's location: its day number and its range.
// Where the clocks go back across midnight, the hours that repeat the day
// before belong to the day that started first.
func dayOf(t time.Time) (n int, start, end time.Time) {
	n = dateOf(t)
	start = startOf(n, t.Location())
	for {
		end = startOf(n+1, t.Location())
		if t.Before(end) {
			return n, start, end
		}
		n, start = n+1, end
	}
}

// weekOf is the Monday-to-Sunday week of t: its Monday's day number and its
// range.
func weekOf(t time.Time) (monday int, start, end time.Time) {
	n := dateOf(t)
	monday = n - int((int64(n)%7+7+3)%7) // 1970-01-05, day 4, was a Monday
	start = startOf(monday, t.Location())
	for {
		end = startOf(monday+7, t.Location())
		if t.Before(end) {
			return monday, start, end
		}
		monday, start = monday+7, end
	}
}

// monthOf is the calendar month of t: its year and month and its range.
func monthOf(t time.Time) (y int, m time.Month, start, end time.Time) {
	y, m, _ = t.Date()
	start = startOf(dayNumber(y, m, 1), t.Location())
	for {
		end = startOf(dayNumber(y, m+1, 1), t.Location())
		if t.Before(end) {
			return y, m, start, end
		}
		y, m, _ = time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).Date()
		start = end
	}
}

// dayStart reports whether t is the first instant of a day in its location,
// and that day's number.
func dayStart(t time.Time) (int, bool) {
	n, start, _ := dayOf(t)
	return n, start.Equal(t)
}

// skipped counts the dates of [a, b) that loc skipped. A skipped date is
// jumped over when the clocks move forward, so only the zone's transitions
// between the two starts are looked at, not every day.
func skipped(a, b int, loc *time.Location) int {
	if b <= a {
		return 0
	}
	last := startOf(b, loc)
	count := 0
	for u := startOf(a, loc).Add(-time.Second); ; {
		end := zoneEnd(u)
		if end.IsZero() || end.After(last) {
			return count
		}
		before, after := dateOf(end.Add(-time.Second)), dateOf(end)
		for k := max(before+1, a); k < min(after, b); k++ {
			if startOf(k, loc).Equal(startOf(k+1, loc)) {
				count++
			}
		}
		u = end
	}
}

// countDays counts the dates of [a, b) that loc has.
func countDays(a, b int, loc *time.Location) int { return b - a - skipped(a, b, loc) }

// back is the day number n dates that loc has before day b.
func back(b, n int, loc *time.Location) int {
	a := b - n
	for {
		have := countDays(a, b, loc)
		if have >= n {
			return a
		}
		a -= n - have
	}
}

// Previous is the range of the same length that ends where d starts: the
// fair comparison for d, so that flat traffic shows no change.
//
//	week := reports.Week(time.Now().In(berlin))
//	p := reports.CompanyParams{Dates: week, PreviousDates: week.Previous()}
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
	loc := d.Start.Location()
	sn, sok := dayStart(d.Start)
	en, eok := dayStart(d.End.In(loc))
	if sok && eok && sn <= en {
		return PreviousDates{PreviousStart: startOf(back(sn, countDays(sn, en, loc), loc), loc), PreviousEnd: d.Start}
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
// A range of whole days (both ends start a day, as the calendar ranges do)
// moves by its dates and stays whole days: a month stays a month (its end,
// the 1st of the next month, stays a 1st), and a day past the end of the
// target month becomes its last day, unlike time.Time.AddDate: Day(Jan 31)
// one month on is Day(Feb 28), and Day(2028-02-29) a year back is
// Day(2027-02-28). A range that would be only dates the zone skipped
// becomes the day after them. Any other range moves each end's wall-clock
// time alike (clamped the same way), keeping its length when that would
// make it empty. A zero Start or End stays zero.
func (d Dates) AddDate(years, months, days int) Dates {
	if d.Start.IsZero() || d.End.IsZero() {
		return Dates{Start: addWall(d.Start, d.Start.Location(), years, months, days), End: addWall(d.End, d.Start.Location(), years, months, days)}
	}
	loc := d.Start.Location()
	sn, sok := dayStart(d.Start)
	en, eok := dayStart(d.End.In(loc))
	if sok && eok && sn < en {
		s := shiftDate(sn, years, months, days)
		e := shiftDate(en-1, years, months, days) + 1 // the last day moves
		if _, _, dd := civil(en); dd == 1 {
			e = shiftDate(en, years, months, days) // a 1st stays a 1st
		}
		start, end := startOf(s, loc), startOf(e, loc)
		if !start.Before(end) {
			_, _, end = dayOf(start)
		}
		return Dates{Start: start, End: end}
	}
	start, end := addWall(d.Start, loc, years, months, days), addWall(d.End, loc, years, months, days)
	if !start.Before(end) && d.Start.Before(d.End) {
		end = start.Add(d.End.Sub(d.Start))
	}
	return Dates{Start: start, End: end}
}

// shiftDate moves day number n by years and months, clamping the day to the
// target month's length, then by days.
func shiftDate(n, years, months, days int) int {
	y, m, d := civil(n)
	first := time.Date(y+years, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	fy, fm, _ := first.Date()
	return dayNumber(fy, fm, min(d, last)) + days
}

// addWall moves t's wall-clock time in loc by years, months and days, the
// day clamped to the target month's length. The zero time stays zero.
func addWall(t time.Time, loc *time.Location, years, months, days int) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.In(loc)
	y, m, d := civil(shiftDate(dateOf(t), years, months, days))
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, t.Nanosecond(), loc)
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
	_, start, end := dayOf(t)
	return Dates{Start: start, End: end}
}

// Week is the Monday-to-Sunday week of t in t's location, from Monday's
// first instant to the next Monday's.
func Week(t time.Time) Dates {
	_, start, end := weekOf(t)
	return Dates{Start: start, End: end}
}

// Month is the calendar month of t in t's location, from the first
// instant of its first day to that of the next month's.
func Month(t time.Time) Dates {
	_, _, start, end := monthOf(t)
	return Dates{Start: start, End: end}
}

// LastDays is the n whole days before t's day in t's location, up to the
// start of t's day: LastDays(time.Now().In(berlin), 7) is the last seven
// days in Berlin, today left out. A date the zone skipped is not counted.
// With n < 1 the range is empty, and a report refuses it.
func LastDays(t time.Time, n int) Dates {
	today, end, _ := dayOf(t)
	if n < 1 {
		return Dates{Start: end, End: end}
	}
	return Dates{Start: startOf(back(today, n, t.Location()), t.Location()), End: end}
}

// LastWeeks is the n whole Monday-to-Sunday weeks before t's week in t's
// location, up to the start of t's week: LastWeeks(time.Now().In(berlin), 1)
// is last week, whole, as a weekly digest wants it. With n < 1 the range is
// empty, and a report refuses it.
func LastWeeks(t time.Time, n int) Dates {
	monday, end, _ := weekOf(t)
	if n < 1 {
		return Dates{Start: end, End: end}
	}
	return Dates{Start: startOf(monday-7*n, t.Location()), End: end}
}

// LastMonths is the n whole calendar months before t's month in t's
// location, up to the start of t's month: LastMonths(now, 3) in May is
// February to April. With n < 1 the range is empty, and a report refuses
// it.
func LastMonths(t time.Time, n int) Dates {
	y, m, end, _ := monthOf(t)
	if n < 1 {
		return Dates{Start: end, End: end}
	}
	return Dates{Start: startOf(dayNumber(y, m-time.Month(n), 1), t.Location()), End: end}
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
	var bucket func(time.Time) time.Time // the end of t's bucket
	size := d.End.Sub(d.Start)
	switch by {
	case ViewByDay:
		bucket = func(t time.Time) time.Time { _, _, e := dayOf(t); return e }
		size /= 24 * time.Hour
	case ViewByWeek:
		bucket = func(t time.Time) time.Time { _, _, e := weekOf(t); return e }
		size /= 7 * 24 * time.Hour
	case ViewByMonth:
		bucket = func(t time.Time) time.Time { _, _, _, e := monthOf(t); return e }
		size /= 28 * 24 * time.Hour
	default:
		return nil
	}
	loc := d.Start.Location()
	end := d.End.In(loc)
	out := make([]Dates, 0, min(size+2, 1<<16))
	for t := d.Start; t.Before(end); {
		e := bucket(t)
		if !e.Before(end) {
			e = end
		}
		out = append(out, Dates{Start: t, End: e})
		t = e
	}
	return out
}
