package reports

import (
	"archive/zip"
	"fmt"
	"go/build"
	"io"
	"math"
	"path/filepath"
	"slices"
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
	reportFailures(t, failures)
}

// reportFailures fails t with the first 40 failures of a sweep, and how many
// more there are.
func reportFailures(t *testing.T, failures []string) {
	t.Helper()
	for i, f := range failures {
		if i == 40 {
			t.Errorf("... and %d more", len(failures)-40)
			return
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

// TestAddDate: calendar arithmetic in Start's zone; whole months stay
// whole months; other ranges of whole days move their first day (a day
// past the target month's end is its last day) and keep their number of
// days, the dates the zone has; other ranges move their wall-clock times.
// The cases of issue 26 items 1 and 2 by name; TestAddDateSweep sweeps.
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
		{"the last 30 days of January a month on: 30 days from February 2",
			span(day(2027, 1, 2, time.UTC), day(2027, 1, 31, time.UTC)).AddDate(0, 1, 0), span(day(2027, 2, 2, time.UTC), day(2027, 3, 3, time.UTC))},
		{"February 28 a month on: one day, March 28 (issue 26 item 1)", day(2026, 2, 28, berlin).AddDate(0, 1, 0), day(2026, 3, 28, berlin)},
		{"February 28 a month back: January 28", day(2026, 2, 28, berlin).AddDate(0, -1, 0), day(2026, 1, 28, berlin)},
		{"April 30 a month on: May 30", day(2026, 4, 30, berlin).AddDate(0, 1, 0), day(2026, 5, 30, berlin)},
		{"2027-02-28 a year on: 2028-02-28, not two days", day(2027, 2, 28, berlin).AddDate(1, 0, 0), day(2028, 2, 28, berlin)},
		{"LastDays(May 1, 7) a month on: seven days from May 24",
			LastDays(time.Date(2026, 5, 1, 9, 0, 0, 0, berlin), 7).AddDate(0, 1, 0), span(day(2026, 5, 24, berlin), day(2026, 5, 30, berlin))},
		{"a week a year back: the seven days from the same date",
			Week(time.Date(2026, 11, 26, 0, 0, 0, 0, berlin)).AddDate(-1, 0, 0), span(day(2025, 11, 23, berlin), day(2025, 11, 29, berlin))},
		{"a week 52 weeks back: Monday to Monday",
			Week(time.Date(2026, 11, 26, 0, 0, 0, 0, berlin)).AddDate(0, 0, -364), Week(time.Date(2025, 11, 26, 0, 0, 0, 0, berlin))},
		{"three whole months a year back: three whole months",
			LastMonths(time.Date(2026, 5, 10, 0, 0, 0, 0, berlin), 3).AddDate(-1, 0, 0), span(day(2025, 2, 1, berlin), day(2025, 4, 30, berlin))},
		{"a month and a day on: the month's 1sts moved, then a day",
			month(2026, 1, berlin).AddDate(0, 1, 1), span(day(2026, 2, 2, berlin), day(2026, 3, 1, berlin))},
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
	apia := mustLocation(t, "Pacific/Apia")
	dec29 := day(2011, 12, 29, apia)
	for _, c := range []struct {
		name      string
		got, want Dates
	}{
		{"a week back from beside the skipped 30th: one day", dec29.AddDate(0, 0, -7), day(2011, 12, 22, apia)},
		{"a year on from beside the skipped 30th: one day", dec29.AddDate(1, 0, 0), day(2012, 12, 29, apia)},
		{"a month back from the day after it: one day", day(2011, 12, 31, apia).AddDate(0, -1, 0), day(2011, 11, 30, apia)},
		{"three days across it a year back: three days", span(day(2011, 12, 28, apia), day(2011, 12, 31, apia)).AddDate(-1, 0, 0),
			span(day(2010, 12, 28, apia), day(2010, 12, 30, apia))},
		{"three days a year on, onto it: three days the zone has", span(day(2010, 12, 28, apia), day(2010, 12, 30, apia)).AddDate(1, 0, 0),
			span(day(2011, 12, 28, apia), day(2011, 12, 31, apia))},
	} {
		assert.True(t, sameDates(c.want, c.got), "Apia, %s: got %s, want %s", c.name, datesText(c.got), datesText(c.want))
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

// TestYearOutsideWire: a year the API does not take (it takes 1–9999, the
// four digits of the wire layout from year 1; the fake refuses year 0 as a
// malformed date) is an invalid param naming its field, found before
// sending, not a request for start=10000-01-01T00:00:00Z.
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
		{"start in year 0", ChannelParams{Dates: Dates{Start: y(0), End: y(2026)}}, "Start"},
		{"start in year 0 in UTC, year 1 in Berlin", ChannelParams{Dates: Dates{Start: time.Date(1, 1, 1, 0, 30, 0, 0, mustLocation(t, "Europe/Berlin")), End: y(2026)}}, "Start"},
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
			assert.Contains(t, pe.Reason, "outside 1–9999")
		})
	}
	q, err := encodeParams(OverallParams{Dates: Dates{Start: y(1).Add(time.Second), End: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}}, testNow)
	require.NoError(t, err, "years 1 and 9999 are fine")
	assert.Equal(t, "start=0001-01-01T00:00:01Z&end=9999-12-31T23:59:59Z", q)
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

// civilDay numbers the days of the proleptic Gregorian calendar (0 is
// 1970-01-01) with plain civil arithmetic (H. Hinnant's days_from_civil),
// apart from the code under test; civilDate is its inverse.
func civilDay(y int, m time.Month, d int) int {
	if m <= 2 {
		y--
	}
	era := (y - (y%400+400)%400) / 400 // floorDay(y / 400)
	yoe := y - era*400
	mp := (int(m) + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilDate(n int) (int, time.Month, int) {
	z := n + 719468
	era := (z - (z%146097+146097)%146097) / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := (mp+2)%12 + 1
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return y, time.Month(m), d
}

// civilMonthDays is the length of a month, by the Gregorian leap rule.
func civilMonthDays(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// civilShift moves date n by years and months, the day clamped to the
// target month's length, as a calendar does.
func civilShift(n, years, months int) int {
	y, m, d := civilDate(n)
	k := y*12 + int(m) - 1 + years*12 + months
	ty, tm := k/12, time.Month(k%12+1)
	return civilDay(ty, tm, min(d, civilMonthDays(ty, tm)))
}

// zoneCalendar is the calendar of a zone found with the time package alone,
// apart from the code under test (see zoneDays).
type zoneCalendar struct {
	loc    *time.Location
	first  int         // the day number of starts[0]
	starts []time.Time // the first instant of each date; zero where the zone skipped it
}

// start is the first instant of date n, the zero time if the zone skipped it.
func (c *zoneCalendar) start(n int) time.Time { return c.starts[n-c.first] }

// next is the first date the zone has from n on.
func (c *zoneCalendar) next(n int) int {
	for c.start(n).IsZero() {
		n++
	}
	return n
}

// zoneDays is the calendar of loc from..to: the first instant of each date
// (the first instant whose local date is that date or later). The zone's
// changes of offset are found by reading the offset every six hours and
// bisecting where it changed (two changes within six hours that undo each
// other are not looked for); within one offset the wall clock runs on, so
// the first instant of date n is in the first period whose wall clock
// reaches n's midnight: that midnight, or the period's start if the
// period starts past it. Dates are numbered by civilDay.
func zoneDays(loc *time.Location, from, to time.Time) *zoneCalendar {
	offAt := func(u int64) int64 { _, o := time.Unix(u, 0).In(loc).Zone(); return int64(o) }
	type period struct{ start, off int64 }
	periods := []period{{from.Unix(), offAt(from.Unix())}}
	var changes func(lo, hi int64) // the changes in (lo, hi], in order
	changes = func(lo, hi int64) {
		a := offAt(lo)
		if offAt(hi) == a {
			return
		}
		l, h := lo, hi // offAt(l) == a, offAt(h) != a
		for h-l > 1 {
			if mid := l + (h-l)/2; offAt(mid) == a {
				l = mid
			} else {
				h = mid
			}
		}
		periods = append(periods, period{h, offAt(h)})
		changes(h, hi) // another change after it, within the six hours
	}
	const step = 6 * 3600
	for u := from.Unix(); u < to.Unix(); u += step {
		changes(u, u+step)
	}
	c := &zoneCalendar{loc: loc, first: int(floorDay(from.Unix()+periods[0].off)) + 1}
	last := int(floorDay(to.Unix()+periods[len(periods)-1].off)) - 1
	i := 0
	for n := c.first; n < last; n++ {
		midnight := int64(n) * 86400 // n's midnight on the wall clock
		for i+1 < len(periods) && periods[i+1].start+periods[i].off <= midnight {
			i++ // period i ends before its wall clock reaches the midnight
		}
		at := max(periods[i].start, midnight-periods[i].off)
		var t time.Time // zero where loc skipped n
		if floorDay(at+periods[i].off) == int64(n) {
			t = time.Unix(at, 0).In(loc)
		}
		c.starts = append(c.starts, t)
	}
	return c
}

// floorDay is the day number of a count of seconds since 1970-01-01 on a
// wall clock: a / 86400, rounded down.
func floorDay(a int64) int64 {
	if a < 0 {
		return -((-a + 86399) / 86400)
	}
	return a / 86400
}

// calendarZones picks the zones whose calendars of days differ from..to:
// one zone of each set whose offset changes that cross a midnight (that
// skip a date, skip a midnight or repeat one) are the same on the wall
// clock, and so whose days are the same dates starting at the same wall
// times; and the zones named in extra. Most zones have no such change:
// their days all start at midnight, whatever their offsets and
// daylight-saving rules, so one of them stands for all; extra names some
// of them for the instants of their days.
func calendarZones(t *testing.T, from, to time.Time, extra ...string) []*time.Location {
	seen := map[string]bool{}
	var out []*time.Location
	for _, loc := range tzZones(t) {
		var key strings.Builder
		u := from.In(loc)
		_, off := u.Zone()
		for {
			end := zoneEnd(u)
			if end.IsZero() || !end.Before(to) {
				break
			}
			if _, o := end.Zone(); o != off {
				// The wall clock jumps from end+off to end+o: a midnight
				// from the lower to the higher is skipped or repeated.
				lo, hi := end.Unix()+int64(min(off, o)), end.Unix()+int64(max(off, o))
				if floorDay(lo-1) != floorDay(hi-1) {
					fmt.Fprintf(&key, "%d:%d;", end.Unix()+int64(off), o-off)
				}
				off = o
			}
			u = end
		}
		if k := key.String(); !seen[k] || slices.Contains(extra, loc.String()) {
			seen[k] = true
			out = append(out, loc)
		}
	}
	return out
}

// TestAddDateSweep moves every day from 2000 to 2035 and every calendar
// month by ±1 month and ±1 year, and 7-day ranges ending on every day
// where the range or a target of it is within 40 days of a date that is
// not a plain day (skipped, starting off midnight, or shorter than 23 or
// longer than 25 hours), in every calendar of days of the tz database
// (calendarZones), and checks each against a reference built from civil
// dates and the time package (zoneDays): a range of days starts on its
// first date moved (clamped to the target month's length, or the next date
// the zone has when it skipped that one) and keeps its number of days, the
// dates the zone has; a month stays the calendar month. Issue 26 items 1
// and 2. The 7-day ranges of plain days are dates alone, and the first
// zone (the calendar of plain days) moves every one of them.
func TestAddDateSweep(t *testing.T) {
	from, to := time.Date(1998, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2037, 6, 1, 0, 0, 0, 0, time.UTC)
	first, last := civilDay(2000, 1, 1), civilDay(2035, 12, 31)
	shifts := [...][2]int{{0, 1}, {0, -1}, {1, 0}, {-1, 0}}
	var failures []string
	moved := 0
	zones := calendarZones(t, from, to, "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Kiritimati")
	for zi, loc := range zones {
		c := zoneDays(loc, from, to)
		// odd[k] counts the dates before c.first+k that are not plain days.
		odd := make([]int, len(c.starts)+1)
		for k, st := range c.starts {
			odd[k+1] = odd[k]
			if k+1 == len(c.starts) {
				break
			}
			h, m, sec := st.Clock()
			long := c.starts[k+1].Sub(st)
			if st.IsZero() || h+m+sec != 0 || long > 0 && (long < 23*time.Hour || long > 25*time.Hour) {
				odd[k+1]++
			}
		}
		near := func(a, b int) bool { // a date that is not a plain day within 40 days of a..b
			lo, hi := max(a-40-c.first, 0), min(b+40-c.first, len(c.starts))
			return odd[hi] > odd[lo]
		}
		// check checks got, in moved, against the dates s..e (exclusive).
		check := func(in, got Dates, years, months, s, e int) {
			moved++
			if got.Start.Equal(c.start(s)) && got.End.Equal(c.start(e)) && got.Start.Location() == loc {
				return
			}
			sy, sm, sd := civilDate(s)
			ey, em, ed := civilDate(e)
			failures = append(failures, fmt.Sprintf("%s: %s AddDate(%d, %d, 0) is %s, want %04d-%02d-%02d to %04d-%02d-%02d",
				loc, datesText(in), years, months, datesText(got), sy, sm, sd, ey, em, ed))
		}
		// span is the range of count dates the zone has from the first on
		// or after s: its first date, and the date it ends at.
		span := func(s, count int) (int, int) {
			s = c.next(s)
			e := s
			for k := 0; k < count; e++ {
				if !c.start(e).IsZero() {
					k++
				}
			}
			return s, c.next(e)
		}
		var week []int // the 7 dates before n, oldest first
		for n := first; n <= last; n++ {
			if c.start(n).IsZero() {
				continue
			}
			day := Dates{Start: c.start(n), End: c.start(c.next(n + 1))}
			for _, sh := range shifts {
				s, e := span(civilShift(n, sh[0], sh[1]), 1)
				check(day, day.AddDate(sh[0], sh[1], 0), sh[0], sh[1], s, e)
			}
			if len(week) == 7 {
				r := Dates{Start: c.start(week[0]), End: day.Start}
				every := zi == 0 || near(week[0], n)
				for _, sh := range shifts {
					s, e := span(civilShift(week[0], sh[0], sh[1]), 7)
					if every || near(s, e) {
						check(r, r.AddDate(sh[0], sh[1], 0), sh[0], sh[1], s, e)
					}
				}
				week = week[1:]
			}
			week = append(week, n)
			if y, m, _ := civilDate(n); n == c.next(civilDay(y, m, 1)) { // the month's first day
				month := Dates{Start: day.Start, End: c.start(c.next(civilShift(civilDay(y, m, 1), 0, 1)))}
				for _, sh := range shifts {
					s := civilShift(civilDay(y, m, 1), sh[0], sh[1])
					check(month, month.AddDate(sh[0], sh[1], 0), sh[0], sh[1], c.next(s), c.next(civilShift(s, 0, 1)))
				}
			}
		}
	}
	t.Logf("%d zones, %d ranges moved, %d wrong", len(zones), moved, len(failures))
	reportFailures(t, failures)
}

// TestCalendarLimits: counts near every boundary where the calendar's
// arithmetic could overflow or leave the dates the API takes (years 1 to
// 9999) give a valid range within those years, ending where t's day
// (week, month) starts, or the documented empty range there; never an
// inverted range or a plausible wrong one. Issue 26 item 5.
func TestCalendarLimits(t *testing.T) {
	const maxInt, minInt = math.MaxInt, math.MinInt
	var counts []int
	for _, c := range []int{maxInt, minInt, maxInt / 7, maxInt / 12, maxInt / 86400, maxInt / (7 * 86400),
		maxInt / 31, maxInt / 366, maxInt / 28, 1 << 31, 1 << 32, 10000, 120000, 3660000, 0, 1} {
		counts = append(counts, c-2, c-1, c, c+1, c+2) // wrapping at the ends is part of the sweep
	}
	year1 := func(d Dates) bool { // the range is within years 1 to 9999, on the wall clock
		return d.Start.Year() >= 1 && d.End.Add(-time.Nanosecond).In(d.Start.Location()).Year() <= 9999
	}
	var failures []string
	fail := func(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }
	for _, zone := range []string{"UTC", "Europe/Berlin", "Pacific/Apia", "Pacific/Kiritimati", "Pacific/Niue"} {
		loc := mustLocation(t, zone)
		for _, at := range []time.Time{
			time.Date(2026, 11, 26, 15, 4, 5, 0, loc), time.Date(1, 3, 5, 12, 0, 0, 0, loc),
			time.Date(9999, 12, 31, 12, 0, 0, 0, loc), time.Date(1, 1, 1, 12, 0, 0, 0, loc),
		} {
			today, week, month := Day(at), Week(at), Month(at)
			// The counts of days, weeks and months back to 0001-01-01:
			// the largest that give a range, with one more around them.
			days := civilDay(today.Start.Date()) - civilDay(1, 1, 1)
			slack := 0 // LastDays gives a range or the empty one for days-slack < n <= days
			if zone != "UTC" {
				slack = 2 // for the dates the zone skipped: Apia and Kiritimati skipped one each
			}
			weeks := (civilDay(week.Start.Date()) - civilDay(1, 1, 1)) / 7
			y, m, _ := month.Start.Date()
			months := (y-1)*12 + int(m) - 1
			all := slices.Concat(counts, []int{days - 1, days, days + 1, weeks - 1, weeks, weeks + 1, months - 1, months, months + 1})
			for _, n := range all {
				for _, c := range []struct {
					name         string
					got          Dates
					end          time.Time // where it ends: the start of t's day, week, month
					limit, slack int       // the largest count that gives a range, give or take
				}{
					{"LastDays", LastDays(at, n), today.Start, days, slack},
					{"LastWeeks", LastWeeks(at, n), week.Start, weeks, 0},
					{"LastMonths", LastMonths(at, n), month.Start, months, 0},
				} {
					valid := c.got.Start.Before(c.got.End) && year1(c.got)
					empty := c.got.Start.Equal(c.got.End)
					switch {
					case !c.got.End.Equal(c.end):
						fail("%s %s(%s, %d) = %s does not end at %s", zone, c.name, at, n, datesText(c.got), c.end)
					case n >= 1 && n <= c.limit-c.slack && !valid:
						fail("%s %s(%s, %d) = %s, want a range within years 1 to 9999", zone, c.name, at, n, datesText(c.got))
					case n >= 1 && n <= c.limit && !valid && !empty:
						fail("%s %s(%s, %d) = %s, want a range within years 1 to 9999 or the empty range", zone, c.name, at, n, datesText(c.got))
					case (n < 1 || n > c.limit) && !empty:
						fail("%s %s(%s, %d) = %s, want the empty range", zone, c.name, at, n, datesText(c.got))
					}
				}
				if zone == "UTC" && n >= 1 && n <= days { // the first day, by civil arithmetic (UTC skipped none)
					if got := LastDays(at, n); civilDay(got.Start.Date()) != civilDay(today.Start.Date())-n {
						fail("LastDays(%s, %d) = %s starts %d days before", at, n, datesText(got), civilDay(today.Start.Date())-civilDay(got.Start.Date()))
					}
				}
			}
			// AddDate: within the limits or the empty range at d.Start.
			for _, d := range []Dates{today, week, month, {Start: today.Start.Add(time.Hour), End: today.End.Add(time.Hour)}} {
				for _, n := range counts {
					for _, mv := range [][3]int{{n, 0, 0}, {0, n, 0}, {0, 0, n}, {n, n, n}, {-n, n, 0}} {
						got := d.AddDate(mv[0], mv[1], mv[2])
						empty := got.Start.Equal(d.Start) && got.End.Equal(d.Start)
						if !empty && (!got.Start.Before(got.End) || !year1(got)) {
							fail("%s %s AddDate(%d, %d, %d) = %s, want a range within years 1 to 9999 or the empty range at its start",
								zone, datesText(d), mv[0], mv[1], mv[2], datesText(got))
						}
					}
				}
			}
		}
	}
	reportFailures(t, failures)
}
