package reports

import (
	"archive/zip"
	"fmt"
	"go/build"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameDates reports whether a and b are the same instants.
func sameDates(a, b Dates) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) }

func datesText(d Dates) string {
	return d.Start.Format("2006-01-02 15:04:05 -0700") + " – " + d.End.In(d.Start.Location()).Format("2006-01-02 15:04:05 -0700")
}

// tzZones loads every zone of the Go distribution's tz database
// ($GOROOT/lib/time/zoneinfo.zip), the one time/tzdata embeds.
func tzZones(t *testing.T) []*time.Location {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(build.Default.GOROOT, "lib", "time", "zoneinfo.zip"))
	require.NoError(t, err)
	defer zr.Close()
	var locs []*time.Location
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		loc, err := time.LoadLocationFromTZData(f.Name, data)
		require.NoError(t, err, f.Name)
		locs = append(locs, loc)
	}
	require.Greater(t, len(locs), 500, "the tz database's zones")
	return locs
}

// TestCalendarEveryZone sweeps every zone of the tz database over each of
// its transitions from 1970 to 2030 (and the instants around them), checking
// the calendar's properties: Day, Week and Month contain t, are not empty
// and start a day; their Previous is adjacent, not empty, and for a day is
// the day before; LastDays, LastWeeks and LastMonths end where t's day
// (week, month) starts and are one whole day (week, month); Split of the
// days around a transition gives the days, contiguous and not empty; a day
// one day on is the next day. It found the 17 days of issue 17 item 6
// (Pacific/Apia 2011-12-29/31, Fakaofo 2011, Kiritimati, Kanton and
// Enderbury 1994, Kwajalein 1993, America/St_Johns 1988-10-30).
func TestCalendarEveryZone(t *testing.T) {
	from, to := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	probes := []time.Duration{-25 * time.Hour, -time.Second, 0, time.Second, time.Hour, 25 * time.Hour}
	var failures []string
	fail := func(loc *time.Location, at time.Time, format string, args ...any) {
		failures = append(failures, fmt.Sprintf("%s at %s: %s", loc, at.Format(time.RFC3339), fmt.Sprintf(format, args...)))
	}
	check := func(loc *time.Location, at time.Time) {
		for i, d := range [...]Dates{Day(at), Week(at), Month(at)} {
			name := [...]string{"Day", "Week", "Month"}[i]
			if at.Before(d.Start) || !at.Before(d.End) {
				fail(loc, at, "%s %s does not contain it", name, datesText(d))
			}
			if !d.Start.Before(d.End) {
				fail(loc, at, "%s %s is empty", name, datesText(d))
			}
			if !sameDates(Day(d.Start), Day(d.Start.Add(time.Nanosecond))) || !Day(d.Start).Start.Equal(d.Start) {
				fail(loc, at, "%s %s does not start a day", name, datesText(d))
			}
			p := d.Previous()
			if !p.PreviousEnd.Equal(d.Start) || !p.PreviousStart.Before(p.PreviousEnd) {
				fail(loc, at, "%s %s: Previous %s is not adjacent and not empty", name, datesText(d), datesText(p.Dates()))
			}
		}
		day := Day(at)
		if prev := day.Previous().Dates(); !sameDates(prev, Day(prev.Start)) {
			fail(loc, at, "the day before %s is %s, not a day", datesText(day), datesText(prev))
		}
		if next := day.AddDate(0, 0, 1); !sameDates(next, Day(day.End)) {
			fail(loc, at, "%s one day on is %s, not the next day", datesText(day), datesText(next))
		}
		for _, c := range [...]struct {
			name      string
			last, cur Dates
		}{
			{"LastDays", LastDays(at, 1), day},
			{"LastWeeks", LastWeeks(at, 1), Week(at)},
			{"LastMonths", LastMonths(at, 1), Month(at)},
		} {
			if !c.last.End.Equal(c.cur.Start) || !c.last.Start.Before(c.last.End) {
				fail(loc, at, "%s(t, 1) %s does not end where %s starts, or is empty", c.name, datesText(c.last), datesText(c.cur))
			}
		}
		if !sameDates(LastDays(at, 1), Day(day.Start.Add(-time.Nanosecond))) {
			fail(loc, at, "LastDays(t, 1) %s is not the day before", datesText(LastDays(at, 1)))
		}
		if !sameDates(LastMonths(at, 1), Month(Month(at).Start.Add(-time.Nanosecond))) {
			fail(loc, at, "LastMonths(t, 1) %s is not the month before", datesText(LastMonths(at, 1)))
		}
	}
	checkSplit := func(loc *time.Location, at time.Time) {
		d := Dates{Start: Day(at.Add(-49 * time.Hour)).Start, End: Day(at.Add(49 * time.Hour)).End}
		buckets := d.Split(ViewByDay)
		if len(buckets) == 0 || !buckets[0].Start.Equal(d.Start) || !buckets[len(buckets)-1].End.Equal(d.End) {
			fail(loc, at, "Split of %s does not cover it", datesText(d))
			return
		}
		for i, b := range buckets {
			if !sameDates(b, Day(b.Start)) || i > 0 && !b.Start.Equal(buckets[i-1].End) {
				fail(loc, at, "Split of %s: bucket %d %s is not the next day", datesText(d), i, datesText(b))
			}
		}
	}
	start := time.Now()
	zones, transitions := 0, 0
	for _, loc := range tzZones(t) {
		zones++
		for u, off := from.In(loc), 1<<31; u.Before(to); {
			if _, o := u.Zone(); o != off { // not where zoneEnd answers a day on
				off = o
				for _, p := range probes {
					check(loc, u.Add(p))
				}
				checkSplit(loc, u)
				transitions++
			}
			end := zoneEnd(u) // ZoneBounds may not move on (see zoneEnd)
			if end.IsZero() {
				break
			}
			u = end
		}
	}
	t.Logf("%d zones, %d transitions, %s", zones, transitions, time.Since(start).Round(time.Millisecond))
	for i, f := range failures {
		if i == 40 {
			t.Errorf("... and %d more", len(failures)-40)
			break
		}
		t.Error(f)
	}
}

// TestCalendarSkippedDay: Pacific/Apia skipped 2011-12-30 (UTC−10 to UTC+14
// at midnight). The day before and after are whole days, the previous day
// of each is the day before, and a count of days leaves the 30th out.
func TestCalendarSkippedDay(t *testing.T) {
	apia := mustLocation(t, "Pacific/Apia")
	at := func(d, h int) time.Time { return time.Date(2011, 12, d, h, 0, 0, 0, apia) }
	d29 := Dates{Start: at(29, 0), End: time.Date(2011, 12, 30, 10, 0, 0, 0, time.UTC)}
	d31 := Dates{Start: time.Date(2011, 12, 30, 10, 0, 0, 0, time.UTC).In(apia), End: time.Date(2012, 1, 1, 0, 0, 0, 0, apia)}
	require.Equal(t, 31, d31.Start.Day(), "the 31st starts when the 29th ends")

	assert.True(t, sameDates(d29, Day(at(29, 12))), "Day(29th) = %s", datesText(Day(at(29, 12))))
	assert.True(t, sameDates(d31, Day(at(31, 12))), "Day(31st) = %s", datesText(Day(at(31, 12))))
	assert.True(t, sameDates(Day(at(28, 12)), d29.Previous().Dates()), "the day before the 29th is the 28th, not 48 h")
	assert.True(t, sameDates(d29, d31.Previous().Dates()), "the day before the 31st is the 29th, not empty")
	assert.True(t, sameDates(d29, LastDays(at(31, 12), 1)), "LastDays(31st, 1) is the 29th")
	assert.True(t, sameDates(Dates{Start: at(28, 0), End: d31.Start}, LastDays(at(31, 12), 2)), "two days: the 28th and 29th")
	assert.True(t, sameDates(Dates{Start: at(25, 0), End: at(28, 0)}, Dates{Start: at(28, 0), End: d31.End}.Previous().Dates()),
		"the 28th to the 31st are three days; the three before are the 25th to the 27th: %s",
		datesText(Dates{Start: at(28, 0), End: d31.End}.Previous().Dates()))
	assert.True(t, sameDates(d31, d29.AddDate(0, 0, 1)), "the 29th one day on is the 31st, not the empty 30th")
	assert.True(t, sameDates(d31, Day(time.Date(2010, 12, 30, 12, 0, 0, 0, apia)).AddDate(1, 0, 0)), "the 30th a year on is the next day there is")

	got := Dates{Start: at(28, 0), End: time.Date(2012, 1, 2, 0, 0, 0, 0, apia)}.Split(ViewByDay)
	want := []Dates{Day(at(28, 12)), d29, d31, Day(time.Date(2012, 1, 1, 12, 0, 0, 0, apia))}
	require.Len(t, got, len(want), "no bucket for the 30th")
	for i := range want {
		assert.True(t, sameDates(want[i], got[i]), "bucket %d: %s, want %s", i, datesText(got[i]), datesText(want[i]))
	}
}

// TestSplit: the buckets of a range in its start's zone: days across the
// daylight-saving changes of Berlin, Havana (midnight skipped), Santiago
// and São Paulo (midnight skipped; back from 24:00 to 23:00), weeks from Monday across
// a year end, months with their ends, the first and last bucket clipped.
func TestSplit(t *testing.T) {
	berlin := mustLocation(t, "Europe/Berlin")
	havana := mustLocation(t, "America/Havana")
	santiago := mustLocation(t, "America/Santiago")
	saoPaulo := mustLocation(t, "America/Sao_Paulo")
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return tm
	}
	tests := []struct {
		name string
		d    Dates
		by   ViewBy
		want []string // start/end pairs, RFC 3339 in UTC
	}{
		{"Berlin days, clocks forward: 23 h",
			Dates{Start: time.Date(2026, 3, 28, 0, 0, 0, 0, berlin), End: time.Date(2026, 3, 31, 0, 0, 0, 0, berlin)}, ViewByDay,
			[]string{"2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", "2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z"}},
		{"Berlin days, clocks back: 25 h, clipped at both ends",
			Dates{Start: time.Date(2026, 10, 24, 18, 0, 0, 0, berlin), End: time.Date(2026, 10, 26, 6, 0, 0, 0, berlin)}, ViewByDay,
			[]string{"2026-10-24T16:00:00Z", "2026-10-24T22:00:00Z", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", "2026-10-25T23:00:00Z", "2026-10-26T05:00:00Z"}},
		{"Havana: midnight skipped, the day starts at 01:00",
			Dates{Start: time.Date(2026, 3, 7, 0, 0, 0, 0, havana), End: time.Date(2026, 3, 9, 0, 0, 0, 0, havana)}, ViewByDay,
			[]string{"2026-03-07T05:00:00Z", "2026-03-08T05:00:00Z", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"}},
		{"Santiago: midnight skipped in September",
			Dates{Start: time.Date(2026, 9, 5, 0, 0, 0, 0, santiago), End: time.Date(2026, 9, 7, 0, 0, 0, 0, santiago)}, ViewByDay,
			[]string{"2026-09-05T04:00:00Z", "2026-09-06T04:00:00Z", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z"}},
		{"Santiago: back from 24:00 to 23:00 in April, the 4th lasts 25 h",
			Dates{Start: time.Date(2026, 4, 4, 0, 0, 0, 0, santiago), End: time.Date(2026, 4, 6, 0, 0, 0, 0, santiago)}, ViewByDay,
			[]string{"2026-04-04T03:00:00Z", "2026-04-05T04:00:00Z", "2026-04-05T04:00:00Z", "2026-04-06T04:00:00Z"}},
		{"São Paulo: midnight skipped in November 2018",
			Dates{Start: time.Date(2018, 11, 3, 0, 0, 0, 0, saoPaulo), End: time.Date(2018, 11, 5, 0, 0, 0, 0, saoPaulo)}, ViewByDay,
			[]string{"2018-11-03T03:00:00Z", "2018-11-04T03:00:00Z", "2018-11-04T03:00:00Z", "2018-11-05T02:00:00Z"}},
		{"São Paulo: back from 24:00 to 23:00 in February 2018, the 17th lasts 25 h",
			Dates{Start: time.Date(2018, 2, 17, 0, 0, 0, 0, saoPaulo), End: utc("2018-02-19T03:00:00Z").In(saoPaulo)}, ViewByDay,
			[]string{"2018-02-17T02:00:00Z", "2018-02-18T03:00:00Z", "2018-02-18T03:00:00Z", "2018-02-19T03:00:00Z"}},
		{"weeks across a year end, from a Wednesday",
			Dates{Start: time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 13, 0, 0, 0, 0, time.UTC)}, ViewByWeek,
			[]string{"2026-12-23T00:00:00Z", "2026-12-28T00:00:00Z", "2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z",
				"2027-01-04T00:00:00Z", "2027-01-11T00:00:00Z", "2027-01-11T00:00:00Z", "2027-01-13T00:00:00Z"}},
		{"Berlin weeks across the clocks going back",
			Dates{Start: time.Date(2026, 10, 19, 0, 0, 0, 0, berlin), End: time.Date(2026, 11, 2, 0, 0, 0, 0, berlin)}, ViewByWeek,
			[]string{"2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z", "2026-10-25T23:00:00Z", "2026-11-01T23:00:00Z"}},
		{"months: January 31 days, February 29 in a leap year, clipped in March",
			Dates{Start: time.Date(2028, 1, 15, 0, 0, 0, 0, time.UTC), End: time.Date(2028, 3, 10, 0, 0, 0, 0, time.UTC)}, ViewByMonth,
			[]string{"2028-01-15T00:00:00Z", "2028-02-01T00:00:00Z", "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", "2028-03-01T00:00:00Z", "2028-03-10T00:00:00Z"}},
		{"Berlin months across a year end",
			Dates{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), End: time.Date(2027, 2, 1, 0, 0, 0, 0, berlin)}, ViewByMonth,
			[]string{"2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z", "2026-11-30T23:00:00Z", "2026-12-31T23:00:00Z", "2026-12-31T23:00:00Z", "2027-01-31T23:00:00Z"}},
		{"End given in another zone: the buckets follow Start's",
			Dates{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), End: utc("2026-11-02T23:00:00Z")}, ViewByDay,
			[]string{"2026-10-31T23:00:00Z", "2026-11-01T23:00:00Z", "2026-11-01T23:00:00Z", "2026-11-02T23:00:00Z"}},
		{"less than a day: one bucket, the range itself",
			Dates{Start: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 1, 17, 0, 0, 0, time.UTC)}, ViewByMonth,
			[]string{"2026-11-01T09:00:00Z", "2026-11-01T17:00:00Z"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.d.Split(tc.by)
			var text []string
			for _, b := range got {
				text = append(text, b.Start.UTC().Format(time.RFC3339), b.End.UTC().Format(time.RFC3339))
				assert.Equal(t, tc.d.Start.Location(), b.Start.Location(), "in Start's zone")
				assert.Equal(t, tc.d.Start.Location(), b.End.Location(), "in Start's zone")
			}
			assert.Equal(t, tc.want, text)
		})
	}
	day := Day(testNow)
	assert.Nil(t, Dates{}.Split(ViewByDay), "a defaulted range has no known end")
	assert.Nil(t, Dates{Start: day.Start}.Split(ViewByDay), "an end of now is not known here")
	assert.Nil(t, Dates{Start: day.End, End: day.Start}.Split(ViewByDay), "an inverted range")
	assert.Nil(t, Dates{Start: day.Start, End: day.Start}.Split(ViewByDay), "an empty range")
	assert.Nil(t, day.Split("fortnight"), "an unknown bucket size")
	assert.Nil(t, day.Split(""), "no bucket size")
	assert.Len(t, LastDays(testNow, 90).Split(ViewByDay), 90)
	assert.Len(t, Dates{Start: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}.Split(ViewByMonth), 26*12)
}

// TestLastWeeksMonths: whole weeks and months before t's, in t's zone.
func TestLastWeeksMonths(t *testing.T) {
	berlin := mustLocation(t, "Europe/Berlin")
	tests := []struct {
		name       string
		got        Dates
		start, end time.Time
	}{
		{"last week, from a Thursday", LastWeeks(testNow, 1), time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{"last week, from its Monday's first instant", LastWeeks(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1), time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{"4 weeks across a year end", LastWeeks(time.Date(2027, 1, 13, 12, 0, 0, 0, berlin), 4), time.Date(2026, 12, 14, 0, 0, 0, 0, berlin), time.Date(2027, 1, 11, 0, 0, 0, 0, berlin)},
		{"Berlin week with the clocks going back", LastWeeks(time.Date(2026, 10, 27, 12, 0, 0, 0, berlin), 1), time.Date(2026, 10, 19, 0, 0, 0, 0, berlin), time.Date(2026, 10, 26, 0, 0, 0, 0, berlin)},
		{"0 weeks is empty", LastWeeks(testNow, 0), time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{"last month", LastMonths(testNow, 1), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{"3 months across a year end, Berlin", LastMonths(time.Date(2027, 2, 1, 0, 0, 0, 0, berlin), 3), time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), time.Date(2027, 2, 1, 0, 0, 0, 0, berlin)},
		{"13 months", LastMonths(time.Date(2027, 3, 31, 23, 59, 0, 0, time.UTC), 13), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"-1 months is empty", LastMonths(testNow, -1), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.True(t, tc.start.Equal(tc.got.Start), "Start %v, want %v", tc.got.Start, tc.start)
			assert.True(t, tc.end.Equal(tc.got.End), "End %v, want %v", tc.got.End, tc.end)
			assert.Equal(t, tc.start.Location(), tc.got.Start.Location(), "in t's zone")
		})
	}
	assert.Equal(t, 7*24*time.Hour, LastWeeks(testNow, 1).End.Sub(LastWeeks(testNow, 1).Start))
}

// TestAddDate: calendar arithmetic in Start's zone; whole days stay whole
// days, a month stays a month, a day past the target month's end is its
// last day; other ranges move their wall-clock times.
func TestAddDate(t *testing.T) {
	berlin := mustLocation(t, "Europe/Berlin")
	day := func(y int, m time.Month, d int, loc *time.Location) Dates {
		return Day(time.Date(y, m, d, 12, 0, 0, 0, loc))
	}
	month := func(y int, m time.Month, loc *time.Location) Dates {
		return Month(time.Date(y, m, 10, 0, 0, 0, 0, loc))
	}
	span := func(from, to Dates) Dates { return Dates{Start: from.Start, End: to.End} }
	tests := []struct {
		name      string
		got, want Dates
	}{
		{"a month back: February", month(2026, 3, berlin).AddDate(0, -1, 0), month(2026, 2, berlin)},
		{"a month on from February: all of March", month(2026, 2, berlin).AddDate(0, 1, 0), month(2026, 3, berlin)},
		{"a year back", month(2026, 3, berlin).AddDate(-1, 0, 0), month(2025, 3, berlin)},
		{"a month on across a year end", month(2026, 12, time.UTC).AddDate(0, 1, 0), month(2027, 1, time.UTC)},
		{"January 31 a month on: February 28", day(2027, 1, 31, time.UTC).AddDate(0, 1, 0), day(2027, 2, 28, time.UTC)},
		{"January 30 a month on: February 28, not empty", day(2027, 1, 30, time.UTC).AddDate(0, 1, 0), day(2027, 2, 28, time.UTC)},
		{"February 29 a year back: February 28", day(2028, 2, 29, time.UTC).AddDate(-1, 0, 0), day(2027, 2, 28, time.UTC)},
		{"the last 30 days of January a month on",
			span(day(2027, 1, 2, time.UTC), day(2027, 1, 31, time.UTC)).AddDate(0, 1, 0), span(day(2027, 2, 2, time.UTC), day(2027, 2, 28, time.UTC))},
		{"a week on across the clocks going forward",
			Week(time.Date(2026, 3, 25, 0, 0, 0, 0, berlin)).AddDate(0, 0, 7), Week(time.Date(2026, 4, 1, 0, 0, 0, 0, berlin))},
		{"a day back across the clocks going back", day(2026, 10, 26, berlin).AddDate(0, 0, -1), day(2026, 10, 25, berlin)},
		{"hours move by their wall clock across a change",
			Dates{Start: time.Date(2026, 3, 28, 9, 0, 0, 0, berlin), End: time.Date(2026, 3, 28, 17, 0, 0, 0, berlin)}.AddDate(0, 0, 1),
			Dates{Start: time.Date(2026, 3, 29, 9, 0, 0, 0, berlin), End: time.Date(2026, 3, 29, 17, 0, 0, 0, berlin)}},
		{"hours past a month's end are clamped; an inverted result keeps the length",
			Dates{Start: time.Date(2027, 1, 30, 18, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 31, 6, 0, 0, 0, time.UTC)}.AddDate(0, 1, 0),
			Dates{Start: time.Date(2027, 2, 28, 18, 0, 0, 0, time.UTC), End: time.Date(2027, 3, 1, 6, 0, 0, 0, time.UTC)}},
		{"the zero range stays zero", Dates{}.AddDate(0, 1, 0), Dates{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.True(t, sameDates(tc.want, tc.got), "got %s, want %s", datesText(tc.got), datesText(tc.want))
			assert.Equal(t, tc.want.Start.Location(), tc.got.Start.Location())
		})
	}
	open := Dates{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)}.AddDate(0, -1, 0)
	assert.True(t, open.End.IsZero(), "a zero End stays zero")
	assert.True(t, time.Date(2026, 10, 1, 0, 0, 0, 0, berlin).Equal(open.Start))
}

// TestPreviousDatesDates: a previous range as a current one, and back.
func TestPreviousDatesDates(t *testing.T) {
	week := Week(testNow)
	prev := week.Previous()
	assert.Equal(t, Dates{Start: prev.PreviousStart, End: prev.PreviousEnd}, prev.Dates())
	assert.True(t, sameDates(LastWeeks(testNow, 1), prev.Dates()))
	assert.Equal(t, Dates{}, PreviousDates{}.Dates())
}

// TestYearOutsideWire: a year the wire layout cannot carry (0–9999) is an
// invalid param naming its field, found before sending, not a request for
// start=10000-01-01T00:00:00Z.
func TestYearOutsideWire(t *testing.T) {
	y := func(year int) time.Time { return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		p     params
		field string
	}{
		{"start in 10000", OverallParams{Dates: Dates{Start: y(10000), End: y(10001)}}, "Start"},
		{"end in 10000", OverallParams{Dates: Dates{Start: y(2026), End: y(10000)}}, "End"},
		{"start before year 0", ChannelParams{Dates: Dates{Start: y(-1), End: y(2026)}}, "Start"},
		{"previous start before year 0", OverallParams{Dates: Dates{Start: y(2026), End: y(2027)}, PreviousDates: PreviousDates{PreviousStart: y(-3), PreviousEnd: y(2026)}}, "PreviousStart"},
		{"previous end in 10000", OverallParams{Dates: Dates{Start: y(2026), End: y(2027)}, PreviousDates: PreviousDates{PreviousStart: y(2026), PreviousEnd: y(10000)}}, "PreviousEnd"},
		{"a drilldown", DrilldownParams{Dates: Dates{Start: y(9999), End: y(10000).Add(time.Second)}}, "End"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := encodeParams(tc.p, testNow)
			require.ErrorIs(t, err, ErrInvalidParams, "query %q", q)
			var pe *ParamError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.field, pe.Field)
			assert.Contains(t, pe.Reason, "outside 0–9999")
		})
	}
	q, err := encodeParams(OverallParams{Dates: Dates{Start: y(0), End: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}}, testNow)
	require.NoError(t, err, "years 0 and 9999 are fine")
	assert.Equal(t, "start=0000-01-01T00:00:00Z&end=9999-12-31T23:59:59Z", q)
}

// TestCalendarZonesOfIssue17: the days issue 17 item 6 named, each checked
// by name: around a skipped date the day before and after are adjacent
// whole days and LastDays counts no empty day; in St. John's on 1988-10-30,
// when the clocks went back two hours at 00:01, every instant is in its
// Day.
func TestCalendarZonesOfIssue17(t *testing.T) {
	for _, tc := range []struct {
		zone    string
		skipped time.Time // the skipped date (its midnight in UTC stands for it)
	}{
		{"Pacific/Apia", time.Date(2011, 12, 30, 0, 0, 0, 0, time.UTC)},
		{"Pacific/Fakaofo", time.Date(2011, 12, 30, 0, 0, 0, 0, time.UTC)},
		{"Pacific/Kiritimati", time.Date(1994, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"Pacific/Kanton", time.Date(1994, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"Pacific/Enderbury", time.Date(1994, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"Pacific/Kwajalein", time.Date(1993, 8, 21, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			loc := mustLocation(t, tc.zone)
			y, m, d := tc.skipped.Date()
			before := Day(time.Date(y, m, d-1, 12, 0, 0, 0, loc))
			after := Day(time.Date(y, m, d+1, 12, 0, 0, 0, loc))
			assert.Equal(t, d-1, before.Start.Day())
			assert.Equal(t, tc.skipped.AddDate(0, 0, 1).Day(), after.Start.In(loc).Day(), "the day after the skipped one")
			assert.True(t, before.End.Equal(after.Start), "adjacent: %s, %s", datesText(before), datesText(after))
			assert.True(t, sameDates(before, after.Previous().Dates()), "the day before the day after is %s", datesText(after.Previous().Dates()))
			assert.True(t, sameDates(before, LastDays(after.Start.Add(time.Hour), 1)), "LastDays(1) after the skip is the day before it")
			assert.Equal(t, 24*time.Hour, before.End.Sub(before.Start), "the day before is a whole day")
			assert.Len(t, Dates{Start: before.Start, End: after.End}.Split(ViewByDay), 2, "two days, no bucket for the skipped date")
		})
	}
	stJohns := mustLocation(t, "America/St_Johns")
	for u := time.Date(1988, 10, 30, 0, 0, 0, 0, time.UTC); u.Before(time.Date(1988, 10, 31, 12, 0, 0, 0, time.UTC)); u = u.Add(time.Minute) {
		at := u.In(stJohns)
		d := Day(at)
		require.True(t, !at.Before(d.Start) && at.Before(d.End), "%s is not in its Day %s", at, datesText(d))
	}
}
