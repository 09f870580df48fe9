package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ndjsonLines decodes an ndjson output, a map per line.
func ndjsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v), "ndjson line: %s", sc.Text())
		lines = append(lines, v)
	}
	require.NoError(t, sc.Err())
	return lines
}

// reportRequests are the requests for path the fake got.
func reportRequests(reqs []reportstest.Request, path string) []reportstest.Request {
	return slices.DeleteFunc(slices.Clone(reqs), func(r reportstest.Request) bool { return r.Path != path })
}

// TestEachDaysFollowTZ: --each day over three days of Berlin's autumn
// change is three buckets from Berlin's midnights (the middle one 25 hours
// long), one request and one ndjson line each, the line the report's own
// JSON for its bucket.
func TestEachDaysFollowTZ(t *testing.T) {
	srv, env := fakeAPI(t)
	res := hs(t, env, "company", "--tz", "Europe/Berlin", "--start", "2026-10-24", "--end", "2026-10-27", "--each", "day", "--format", "ndjson")
	require.Equal(t, exitOK, res.code, res.stderr)
	lines := ndjsonLines(t, res.stdout)
	want := [][2]string{
		{"2026-10-24T00:00:00+02:00", "2026-10-25T00:00:00+02:00"},
		{"2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00"},
		{"2026-10-26T00:00:00+01:00", "2026-10-27T00:00:00+01:00"},
	}
	require.Len(t, lines, len(want))
	reqs := reportRequests(srv.Requests(), "/v2/reports/company")
	require.Len(t, reqs, len(want), "one request a bucket")
	var asked []string
	for _, r := range reqs {
		asked = append(asked, r.Query.Get("start"))
	}
	for i, w := range want {
		assert.Equal(t, map[string]any{"start": w[0], "end": w[1]}, lines[i]["bucket"])
		cur, ok := lines[i]["current"].(map[string]any)
		require.True(t, ok, "the report's own JSON: %v", lines[i])
		start, err := time.Parse(time.RFC3339, w[0])
		require.NoError(t, err)
		got, err := time.Parse(time.RFC3339, cur["startDate"].(string))
		require.NoError(t, err)
		assert.True(t, start.Equal(got), "bucket %d: the report is over its bucket (%v, want %v)", i, got, start)
		assert.Contains(t, asked, start.UTC().Format(time.RFC3339), "the buckets asked for, in any order")
	}
}

// TestEachWeeksAndMonthsCSV: --each week and month give a csv row per
// bucket of an overall report, Monday weeks and calendar months, the first
// and last clipped to the range.
func TestEachWeeksAndMonthsCSV(t *testing.T) {
	_, env := fakeAPI(t)
	for _, tc := range []struct {
		each   string
		starts []string
	}{
		{"week", []string{"2026-09-20T00:00:00Z", "2026-09-21T00:00:00Z", "2026-09-28T00:00:00Z", "2026-10-05T00:00:00Z"}},
		{"month", []string{"2026-09-20T00:00:00Z", "2026-10-01T00:00:00Z"}},
	} {
		res := hs(t, env, "happiness", "--start", "2026-09-20", "--end", "2026-10-07", "--each", tc.each, "--format", "csv")
		require.Equal(t, exitOK, res.code, res.stderr)
		rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, len(tc.starts)+1, tc.each)
		for _, row := range rows {
			require.GreaterOrEqual(t, len(row), 2, tc.each)
		}
		assert.Equal(t, []string{"bucket.start", "bucket.end"}, rows[0][:2])
		for i, s := range tc.starts {
			assert.Equal(t, s, rows[i+1][0], tc.each)
		}
		assert.Equal(t, "2026-10-07T00:00:00Z", rows[len(rows)-1][1], "the last bucket ends with the range")
	}
}

// TestEachJSONAndTable: json is an array of {start, end, result}; a table
// has a row per bucket with the current figures.
func TestEachJSONAndTable(t *testing.T) {
	_, env := fakeAPI(t)
	res := hs(t, env, "company", "--start", "2026-11-01", "--end", "2026-11-04", "--each", "day", "--format", "json")
	require.Equal(t, exitOK, res.code, res.stderr)
	var doc []struct {
		Start, End string
		Result     reports.CompanyResult
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &doc))
	require.Len(t, doc, 3)
	assert.Equal(t, "2026-11-02T00:00:00Z", doc[1].Start)
	assert.Equal(t, "2026-11-03T00:00:00Z", doc[1].End)
	assert.Equal(t, 2026, doc[1].Result.Current.StartDate.Year())

	res = hs(t, env, "company", "--start", "2026-11-01", "--end", "2026-11-04", "--each", "day", "--format", "table")
	require.Equal(t, exitOK, res.code, res.stderr)
	lines := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n")
	require.Len(t, lines, 4, res.stdout)
	assert.Regexp(t, `^BUCKET START +BUCKET END +CUSTOMERS HELPED +CLOSED`, lines[0])
	assert.Regexp(t, `^2026-11-01 00:00 UTC +2026-11-02 00:00 UTC +\d+ +\d+`, lines[1])
}

// TestEachSeriesRows: a time-series report with --each gives its points, a
// csv row each, after their bucket.
func TestEachSeriesRows(t *testing.T) {
	_, env := fakeAPI(t)
	res := hs(t, env, "conversations", "new", "--start", "2026-11-02", "--end", "2026-11-16", "--each", "week", "--format", "csv")
	require.Equal(t, exitOK, res.code, res.stderr)
	rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+14, "a row a day of two weeks")
	assert.Equal(t, []string{"bucket.start", "bucket.end", "period", "start", "count"}, rows[0])
	require.NotEmpty(t, rows[8])
	assert.Equal(t, "2026-11-09T00:00:00Z", rows[8][0])
}

// TestMetricsLong: --metrics is report,start,end,metric,value, the numbers
// reports.Metrics gives, in csv (that header exactly), ndjson (those keys)
// and json; with --each, per bucket.
func TestMetricsLong(t *testing.T) {
	srv, env := fakeAPI(t)
	c := srv.Client()
	start, end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC)
	want, err := c.GetCompany(context.Background(), reports.CompanyParams{Dates: reports.Dates{Start: start, End: end}})
	require.NoError(t, err)
	metrics := reports.Metrics(want)
	require.NotEmpty(t, metrics)

	res := hs(t, env, "company", "--start", "2026-11-01", "--end", "2026-11-08", "--metrics", "--format", "csv")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.True(t, strings.HasPrefix(res.stdout, "report,start,end,metric,value\n"), res.stdout)
	rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(metrics)+1)
	for i, m := range metrics {
		assert.Equal(t, []string{"company", "2026-11-01T00:00:00Z", "2026-11-08T00:00:00Z", m.Name}, rows[i+1][:4])
		assert.Equal(t, strconv.FormatFloat(m.Value, 'f', -1, 64), rows[i+1][4], m.Name)
	}

	res = hs(t, env, "company", "--start", "2026-11-01", "--end", "2026-11-08", "--metrics", "--format", "ndjson")
	require.Equal(t, exitOK, res.code, res.stderr)
	lines := ndjsonLines(t, res.stdout)
	require.Len(t, lines, len(metrics))
	for i, l := range lines {
		assert.ElementsMatch(t, []string{"report", "start", "end", "metric", "value"}, keys(l))
		assert.Equal(t, metrics[i].Name, l["metric"])
		assert.InDelta(t, metrics[i].Value, l["value"], 0)
	}

	res = hs(t, env, "company", "--start", "2026-11-01", "--end", "2026-11-04", "--each", "day", "--metrics", "--format", "json")
	require.Equal(t, exitOK, res.code, res.stderr)
	var doc []struct {
		Report, Start, End, Metric string
		Value                      float64
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &doc))
	days := map[string]int{}
	for _, r := range doc {
		days[r.Start]++
		assert.Equal(t, "company", r.Report)
	}
	assert.Len(t, days, 3, "three buckets")
	assert.Positive(t, days["2026-11-02T00:00:00Z"])
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestEachRefusals: --each and --metrics with the flags they cannot go with
// are usage errors before any request.
func TestEachRefusals(t *testing.T) {
	srv, env := fakeAPI(t)
	for _, args := range [][]string{
		{"conversations", "drilldown", "--each", "day", "--all"},
		{"company", "--metrics", "--list", "users"},
		{"company", "--each", "day", "--last", "4w", "--compare-to", "year"},
		{"company", "--each", "hour"},
		{"company", "--each", "day", "--start", "2026-11-08", "--end", "2026-11-01"},
		{"company", "--each", "day", "--end", "2026-11-01"},
	} {
		srv.ClearRequests()
		res := hs(t, env, args...)
		assert.Equal(t, exitUsage, res.code, "%v: %s", args, res.stderr)
		assert.Empty(t, res.stdout, "%v", args)
		assert.Empty(t, reportRequests(srv.Requests(), "/v2/reports/company"), "%v", args)
		assert.Empty(t, reportRequests(srv.Requests(), "/v2/reports/conversations/drilldown"), "%v", args)
	}
}

// TestEachProgressCountsBuckets: on a terminal, the progress line counts
// buckets, and is cleared at the end.
func TestEachProgressCountsBuckets(t *testing.T) {
	_, env := fakeAPI(t)
	var out, errb bytes.Buffer
	s := &cmdutil.IOStreams{Out: &out, Err: &errb, ErrTTY: true, Now: time.Now, Clock: testClock}
	code := run(context.Background(), []string{"company", "--start", "2026-11-01", "--end", "2026-11-06", "--each", "day", "--format", "csv"}, s,
		func(k string) string { return env[k] })
	require.Equal(t, exitOK, code, errb.String())
	for i := 1; i <= 5; i++ {
		assert.Contains(t, errb.String(), "\r\x1b[K"+string(rune('0'+i))+"/5 buckets")
	}
	assert.True(t, strings.HasSuffix(errb.String(), "\r\x1b[K"), "cleared: %q", errb.String())
}

// TestEachErrorIsPartial: a bucket that fails ends the series with exit 1,
// keeping the buckets before it as whole lines, and saying how many.
func TestEachErrorIsPartial(t *testing.T) {
	srv, env := fakeAPI(t)
	res := hs(t, env, "company", "--start", "2026-11-01", "--end", "2026-11-04", "--each", "day", "--format", "ndjson", "--retries", "0")
	require.Equal(t, exitOK, res.code, res.stderr)
	srv.FailNext(1, 400, "/v2/reports/company")
	res = hs(t, env, "company", "--start", "2026-11-01", "--end", "2026-11-04", "--each", "day", "--format", "ndjson", "--retries", "0")
	assert.Equal(t, exitFailure, res.code, res.stderr)
	assert.NotContains(t, res.stderr, "hsreports-test-secret")
	// The buckets are asked for concurrently: any of them may be the one
	// that fails; those before it are kept, and counted, and when it is the
	// first nothing is written.
	m := regexp.MustCompile(`partial output: (\d) of 3 buckets written`).FindStringSubmatch(res.stderr)
	if m == nil {
		assert.Empty(t, res.stdout)
		return
	}
	assert.Len(t, ndjsonLines(t, res.stdout), int(m[1][0]-'0'))
	assert.Positive(t, int(m[1][0]-'0'))
}

// sweepEach are the --each and --metrics variants TestSweepEach runs every
// report with, each over a short range of a few buckets.
var sweepEach = []struct{ name, args string }{
	{"each-day-berlin-autumn", "--each day --tz Europe/Berlin --start 2026-10-24 --end 2026-10-27"},
	{"each-week", "--each week --start 2026-10-28 --end 2026-11-10"},
	{"each-month", "--each month --start 2026-09-20 --end 2026-11-05"},
	{"metrics", "--metrics --last 7d"},
	{"metrics-each-week", "--metrics --each week --last 2w"},
}

// eachNotice is the notice of --each on a paged report whose buckets have
// more than one page.
var eachNotice = regexp.MustCompile(`^hsreports: \d+ of \d+ buckets have more than one page: the first page of each was written \(--rows 50 for up to 50 rows a bucket, or a shorter --each\)$`)

// TestSweepEach is the sweep (TestSweep) of --each and --metrics: every
// command of the table × every format × every variant, in process against
// reportstest: exit 0, only notices on stderr, output that parses in its
// format, and the shape each promises.
func TestSweepEach(t *testing.T) {
	_, env := fakeAPI(t)
	for _, r := range catalog {
		base := append(r.name(), strings.Fields(exampleFlags(r))...)
		for _, v := range sweepEach {
			for _, format := range formats {
				args := append(append(slices.Clone(base), strings.Fields(v.args)...), "--format", format)
				metrics := strings.Contains(v.args, "--metrics")
				t.Run(strings.Join(r.name(), "-")+"/"+v.name+"/"+format, func(t *testing.T) {
					t.Parallel()
					res := hs(t, env, args...)
					require.Equal(t, exitOK, res.code, "hsreports %s: %s", strings.Join(args, " "), res.stderr)
					assert.NotContains(t, res.stderr+res.stdout, "panic")
					for line := range strings.SplitSeq(strings.TrimSuffix(res.stderr, "\n"), "\n") {
						if line != "" && !eachNotice.MatchString(line) {
							assert.Regexp(t, notice, line, "only notices on stderr")
						}
					}
					assertParses(t, format, res.stdout)
					switch {
					case format == formatCSV && metrics:
						assert.True(t, strings.HasPrefix(res.stdout, "report,start,end,metric,value\n"), "the long header")
					case format == formatCSV:
						assert.True(t, strings.HasPrefix(res.stdout, "bucket.start,bucket.end,"), "the bucket first")
					case format == formatNDJSON:
						for _, l := range ndjsonLines(t, res.stdout) {
							if metrics {
								assert.ElementsMatch(t, []string{"report", "start", "end", "metric", "value"}, keys(l))
							} else {
								assert.Contains(t, l, "bucket")
							}
						}
						if !metrics {
							assert.Len(t, ndjsonLines(t, res.stdout), 3, "a line a bucket")
						}
					case format == formatJSON:
						var doc []map[string]any
						require.NoError(t, json.Unmarshal([]byte(res.stdout), &doc))
						if !metrics {
							assert.Len(t, doc, 3, "an element a bucket")
						}
					}
				})
			}
		}
	}
}

// TestEachInvalidParamsWriteNothing: params the SDK refuses for every
// bucket (--view-by month over a day) are a usage error with nothing on
// stdout, not an empty document or a lone csv header.
func TestEachInvalidParamsWriteNothing(t *testing.T) {
	srv, env := fakeAPI(t)
	for _, format := range formats {
		res := hs(t, env, "company", "customers-helped", "--last", "2w", "--each", "day", "--view-by", "month", "--format", format)
		assert.Equal(t, exitUsage, res.code, "%s: %s", format, res.stderr)
		assert.Empty(t, res.stdout, format)
		assert.Contains(t, res.stderr, "--view-by", format)
		assert.NotContains(t, res.stderr, "partial", format)
	}
	assert.Empty(t, reportRequests(srv.Requests(), "/v2/reports/company/customers-helped"))
}

// TestEachPagedSaysWhatIsCut: --each on a paged report writes the first
// page of each bucket and says on stderr how many buckets had more.
func TestEachPagedSaysWhatIsCut(t *testing.T) {
	_, env := fakeAPI(t)
	res := hs(t, env, "conversations", "drilldown", "--start", "2026-11-02", "--end", "2026-11-16", "--each", "week", "--rows", "5", "--format", "ndjson")
	require.Equal(t, exitOK, res.code, res.stderr)
	lines := ndjsonLines(t, res.stdout)
	require.Len(t, lines, 2)
	for _, l := range lines {
		conv := l["conversations"].(map[string]any)
		assert.Len(t, conv["results"], 5)
		assert.Greater(t, conv["pages"], 1.0)
	}
	assert.Regexp(t, eachNotice, strings.TrimSuffix(res.stderr, "\n"))
	assert.Contains(t, res.stderr, "2 of 2 buckets")
	res = hs(t, env, "company", "--start", "2026-11-02", "--end", "2026-11-16", "--each", "week")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, res.stderr, "no note where there are no pages")
}

// TestEachCompareEveryBucket: --each with --compare compares each bucket
// with the range right before it, with a range given or the default one.
func TestEachCompareEveryBucket(t *testing.T) {
	srv, env := fakeAPI(t)
	for _, rng := range [][]string{{"--start", "2026-11-02", "--end", "2026-11-05"}, nil} {
		srv.ClearRequests()
		res := hs(t, env, append([]string{"company", "--each", "day", "--compare", "--format", "ndjson"}, rng...)...)
		require.Equal(t, exitOK, res.code, res.stderr)
		lines := ndjsonLines(t, res.stdout)
		require.NotEmpty(t, lines)
		for _, l := range lines {
			assert.Contains(t, l, "previous", "%v: every bucket compared", rng)
		}
		for _, r := range reportRequests(srv.Requests(), "/v2/reports/company") {
			start, err := time.Parse(time.RFC3339, r.Query.Get("start"))
			require.NoError(t, err)
			end, err := time.Parse(time.RFC3339, r.Query.Get("end"))
			require.NoError(t, err)
			assert.Equal(t, start.Format(time.RFC3339), r.Query.Get("previousEnd"), "%v: the range right before the bucket", rng)
			prevStart, err := time.Parse(time.RFC3339, r.Query.Get("previousStart"))
			require.NoError(t, err)
			assert.Equal(t, end.Sub(start), start.Sub(prevStart), "%v", rng)
		}
	}
}
