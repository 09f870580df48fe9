package retry

import (
	"math"
	"net/http"
	"testing"
	"time"
)

// FuzzParse checks that any Retry-After value, at any time, parses without a
// panic into a wait that is never negative and never beyond the cap of a
// numeric value or the distance to the latest HTTP date.
func FuzzParse(f *testing.F) {
	now := time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)
	for _, v := range []string{
		"30", "0", "1.5", "-1", "-0", "NaN", "+Inf", "1e400", "0x1p4", "1_000", " 12 ", "",
		now.Add(time.Minute).Format(http.TimeFormat), now.Add(-time.Hour).Format(http.TimeFormat),
		"Thursday, 26-Nov-26 15:05:05 GMT", "Thu Nov 26 15:04:15 2026", "Fri, 31 Dec 9999 23:59:59 GMT",
	} {
		f.Add(v, now.Unix())
	}
	f.Add("Mon, 01 Jan 0001 00:00:00 GMT", int64(math.MaxInt64))
	f.Add("Fri, 31 Dec 9999 23:59:59 GMT", int64(math.MinInt64))
	f.Fuzz(func(t *testing.T, v string, unix int64) {
		d, ok := Parse(v, time.Unix(unix, 0))
		if d < 0 {
			t.Fatalf("Parse(%q) = %v, negative", v, d)
		}
		if !ok && d != 0 {
			t.Fatalf("Parse(%q) = %v, false: a refused value must give 0", v, d)
		}
	})
}

// FuzzBackoff checks that any attempt and any valid policy give a wait within
// [0, max] without a panic.
func FuzzBackoff(f *testing.F) {
	f.Add(0, int64(time.Millisecond), int64(5*time.Millisecond))
	f.Add(3, int64(500*time.Millisecond), int64(30*time.Second))
	f.Add(70, int64(time.Second), int64(math.MaxInt64))
	f.Add(2, int64(1<<61), int64(math.MaxInt64))
	f.Add(-4, int64(0), int64(0))
	f.Fuzz(func(t *testing.T, attempt int, base, max int64) {
		if base < 0 || max < base {
			return // refused by WithRetryBackoff
		}
		d := Backoff(attempt, time.Duration(base), time.Duration(max))
		if d < 0 || d > time.Duration(max) {
			t.Fatalf("Backoff(%d, %d, %d) = %d, outside [0, max]", attempt, base, max, d)
		}
	})
}
