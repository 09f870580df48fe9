package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	hsreport "github.com/helpscout-go/reports/cmd/hsreports/internal/report"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name.golden, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/hsreports -update to write the golden files")
	assert.Equal(t, string(want), got)
}

// TestGolden runs reports of every kind in every format against the demo
// data and compares stdout, stderr and the exit code with golden files.
func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		args string
	}{
		{"company", "company"},
		{"conversations-drilldown", "conversations drilldown --rows 4"},
		{"conversations-new", "conversations new --tz Europe/Berlin"},
		{"user-ratings", "user ratings --user 100101 --last 4w --rating not-good"},
		{"busy-times", "conversations busy-times --start 2026-11-23 --end 2026-11-24"},
		{"email", "email --last 4w --compare"},
		{"productivity", "productivity --mailbox 201 --type email,chat"},
	}
	for _, c := range cases {
		for _, format := range formats {
			t.Run(c.name+"/"+format, func(t *testing.T) {
				r := hs(t, demo, append(strings.Fields(c.args), "--format", format)...)
				golden(t, c.name+"."+format, fmt.Sprintf("$ hsreports %s --format %s\nexit %d\n--- stderr\n%s--- stdout\n%s", c.args, format, r.code, r.stderr, r.stdout))
			})
		}
	}
	for _, c := range []struct{ name, args string }{
		{"conversations", "conversations --format table"},
		{"docs", "docs --format table"},
		{"phone", "phone --format table"},
		{"user", "user --user 100101 --format table"},
		{"user-chat", "user chat --user 100901 --format table"},
		{"history", "user conversation-history --user 100104 --last 7d --format table"},
		{"list", "list"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := hs(t, demo, strings.Fields(c.args)...)
			golden(t, c.name, fmt.Sprintf("$ hsreports %s\nexit %d\n--- stderr\n%s--- stdout\n%s", c.args, r.code, r.stderr, r.stdout))
		})
	}
}

// TestDemoNotice checks that the demo data is announced in one line on
// stderr, asked for by HSREPORTS_DEMO=1 or --demo, even with credentials,
// and not with credentials alone.
func TestDemoNotice(t *testing.T) {
	r := hs(t, demo, "company")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"))
	assert.Contains(t, r.stderr, "HSREPORTS_DEMO=1: demo data")

	srv, env := fakeAPI(t)
	r = hs(t, env, "company", "--demo")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "hsreports: --demo: demo data from the built-in fake API (reportstest), as of 2026-11-26 15:00 UTC\n", r.stderr)
	assert.Empty(t, srv.Requests(), "--demo does not call the API of the environment")

	r = hs(t, env, "company")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	assert.NotEmpty(t, srv.Requests())
}

// TestDefaultFormat checks table on a terminal and json elsewhere.
func TestDefaultFormat(t *testing.T) {
	var out bytes.Buffer
	code := run(context.Background(), []string{"happiness"}, &cmdutil.IOStreams{Out: &out, Err: io.Discard, OutTTY: true, Now: time.Now, Clock: testClock}, demoEnv)
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out.String(), "METRIC "), out.String())

	r := hs(t, demo, "happiness")
	require.Equal(t, 0, r.code)
	var v reports.HappinessResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
}

// TestLossless checks that json is the SDK's result as encoding/json
// marshals it, for a report of each kind.
func TestLossless(t *testing.T) {
	srv := reportstest.NewServer(reportstest.WithNow(testNow))
	defer srv.Close()
	c, ctx := srv.Client(), context.Background()
	for _, tc := range []struct {
		args string
		get  func() (any, error)
	}{
		{"company", func() (any, error) { return c.GetCompany(ctx, reports.CompanyParams{}) }},
		{"conversations busy-times", func() (any, error) {
			return c.GetConversationsBusiestTimes(ctx, reports.ConversationsBusiestTimesParams{})
		}},
		{"conversations received-messages", func() (any, error) {
			return c.GetConversationsReceivedMessageStats(ctx, reports.ConversationsReceivedMessageStatsParams{})
		}},
		{"happiness ratings --page 2", func() (any, error) {
			return c.GetHappinessRatings(ctx, reports.HappinessRatingsParams{Page: 2})
		}},
	} {
		r := hs(t, demo, append(strings.Fields(tc.args), "--format", "json")...)
		require.Equal(t, 0, r.code, r.stderr)
		want, err := tc.get()
		require.NoError(t, err)
		b, err := json.Marshal(want)
		require.NoError(t, err)
		assert.JSONEq(t, string(b), r.stdout, tc.args)
	}
}

// TestAllRowsOnce checks that --all gives the rows of every page exactly
// once, in order, in every format, from --page on, and that json with
// --all is the answer's shape holding every page's rows, as encoding/json
// would indent it.
func TestAllRowsOnce(t *testing.T) {
	srv := reportstest.NewServer(reportstest.WithNow(testNow))
	defer srv.Close()
	c, ctx := srv.Client(), context.Background()
	p := reports.ConversationsDrilldownParams{Dates: reports.LastDays(c.Now(), 28), Paging: reports.Paging{Rows: 50, Page: 2}}
	var want []reports.DrilldownConversation
	var first *reports.DrilldownResult
	for page := 2; ; page++ {
		p.Page = page
		r, err := c.GetConversationsDrilldown(ctx, p)
		require.NoError(t, err)
		if first == nil {
			first = r
		}
		want = append(want, r.Conversations.Results...)
		if page >= r.Conversations.Pages {
			break
		}
	}
	require.Greater(t, first.Conversations.Pages, 3, "the walk has several pages")
	args := []string{"conversations", "drilldown", "--last", "28d", "--rows", "50", "--page", "2", "--all", "--format"}

	r := hs(t, demo, append(args, "ndjson")...)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, len(want))
	for i, line := range lines {
		var got reports.DrilldownConversation
		require.NoError(t, json.Unmarshal([]byte(line), &got))
		assert.Equal(t, want[i], got)
	}

	r = hs(t, demo, append(args, "csv")...)
	require.Equal(t, 0, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(want)+1)
	for i, row := range rows[1:] {
		require.NotEmpty(t, row)
		assert.Equal(t, fmt.Sprint(want[i].ID), row[0])
	}

	r = hs(t, demo, append(args, "json")...)
	require.Equal(t, 0, r.code, r.stderr)
	whole := *first
	whole.Conversations.Results = want
	b, err := marshal(whole, "  ")
	require.NoError(t, err)
	assert.Equal(t, string(b), r.stdout)

	// The same for the two other page shapes: ratings and history.
	for _, tc := range []struct {
		args []string
		doc  func() any
	}{
		{[]string{"happiness", "ratings", "--last", "12m"}, func() any {
			pg := reports.HappinessRatingsParams{Dates: lastMonths(t, c, 12)}
			var all reports.RatingsResult
			for r, err := range c.AllHappinessRatingsPages(ctx, pg) {
				require.NoError(t, err)
				if all.Pages == 0 {
					all.Paged = *r
					all.Results = nil
				}
				all.Results = append(all.Results, r.Results...)
			}
			require.Greater(t, all.Pages, 1)
			return all
		}},
		{[]string{"user", "conversation-history", "--user", "100901", "--last", "12m"}, func() any {
			pg := reports.UserConversationHistoryParams{User: 100901, Dates: lastMonths(t, c, 12)}
			var all reports.UserConversationHistoryResult
			for r, err := range c.AllUserConversationHistoryPages(ctx, pg) {
				require.NoError(t, err)
				if all.Pages == 0 {
					all = *r
					all.Results = nil
				}
				all.Results = append(all.Results, r.Results...)
			}
			require.Greater(t, all.Pages, 1)
			return all
		}},
	} {
		r := hs(t, demo, append(tc.args, "--all", "--format", "json")...)
		require.Equal(t, 0, r.code, r.stderr)
		b, err := marshal(tc.doc(), "  ")
		require.NoError(t, err)
		assert.Equal(t, string(b), r.stdout, tc.args)
	}
}

func lastMonths(t *testing.T, c *reports.Client, n int) reports.Dates {
	d, err := lastRange(fmt.Sprintf("%dm", n), c.Now())
	require.NoError(t, err)
	return d
}

// TestBadFlags checks that every kind of bad flag exits 2, names the flag
// and sends no request.
func TestBadFlags(t *testing.T) {
	srv, env := fakeAPI(t)
	for _, tc := range []struct{ args, flag string }{
		{"company --view-by day", "--view-by"},
		{"company --rows 5", "--rows"},
		{"company --page 2", "--page"},
		{"company --all", "--all"},
		{"company drilldown --compare", "--compare"},
		{"company drilldown --previous-start 2026-01-01", "--previous-start"},
		{"chat --type email", "--type"},
		{"docs --mailbox 1", "--mailbox"},
		{"user chat --user 1 --folder 2", "--folder"},
		{"company --start yesterday", "--start"},
		{"company --end 2026-13-01", "--end"},
		{"company --start 2026-11-20 --end 2026-11-10", "--end"},
		{"company --end 2026-11-10", "--start"},
		{"company --previous-start 2026-11-01", "--previous-end"},
		{"company --last 7y", "--last"},
		{"company --last 0d", "--last"},
		{"company --last 7d --start 2026-11-01", "--last"},
		{"company --compare --previous-start 2026-11-01 --previous-end 2026-11-02 --last 7d", "--compare"},
		{"company --type fax", "--type"},
		{"company --mailbox 0", "--mailbox"},
		{"company --tag -3", "--tag"},
		{"conversations new --view-by hour", "--view-by"},
		{"conversations new --view-by month", "--view-by"},
		{"conversations drilldown --rows 51", "--rows"},
		{"conversations drilldown --page -1", "--page"},
		{"conversations fields-drilldown", "--field-id"},
		{"conversations fields-drilldown --field-id 1 --field tag", "--field"},
		{"company drilldown --range-id 3", "--range"},
		{"company drilldown --range slow", "--range"},
		{"user", "--user"},
		{"user ratings --user 1 --rating bad", "--rating"},
		{"user ratings --user 1 --sort-field repliesSent", "--sort-field"},
		{"user conversation-history --user 1 --status open", "--status"},
		{"happiness ratings --sort-order up", "--sort-order"},
		{"productivity --office-hours=maybe", "--office-hours"},
		{"company --format xml", "--format"},
		{"company --tz Mars/Olympus", "--tz"},
		{"company --rate-limit -5", "--rate-limit"},
		{"company --retries -1", "--retries"},
		{"company --timeout soon", "--timeout"},
		{"company --timeout -1s", "--timeout"},
		{"company --nope", "--nope"},
		{"company extra", "extra"},
		{"nosuchreport", "nosuchreport"},
	} {
		r := hs(t, env, strings.Fields(tc.args)...)
		assert.Equal(t, exitUsage, r.code, tc.args)
		assert.Contains(t, r.stderr, tc.flag, tc.args)
		assert.Empty(t, r.stdout, tc.args)
	}
	assert.Empty(t, srv.Requests(), "usage errors are refused before any request")

	r := hs(t, map[string]string{envClientID: "only-the-id"}, "company")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, envClientSecret)
}

// TestAPIFailure checks exit code 1 and a message with the API's message
// and logRef, and that nothing reaches stdout.
func TestAPIFailure(t *testing.T) {
	srv, env := fakeAPI(t)
	srv.FailNext(1, 500)
	r := hs(t, env, "company", "--retries", "0")
	assert.Equal(t, exitFailure, r.code)
	assert.Empty(t, r.stdout)
	assert.Regexp(t, `^hsreports: reports: GET /v2/reports/company: 500 Internal Server Error.*\(logRef [^)]+\)\n$`, r.stderr)

	r = hs(t, env, "user", "--user", "999")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "404")

	env[envClientSecret] = "wrong-secret"
	r = hs(t, env, "company")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "hsreports: reports:")
	assert.NotContains(t, r.stderr, "wrong-secret")

	env[envAPIURL] = "http://example.com"
	r = hs(t, env, "company")
	assert.Equal(t, exitUsage, r.code, "a bad API root is a usage error")
}

// TestTimeout checks that --timeout ends a call that takes too long.
func TestTimeout(t *testing.T) {
	srv, env := fakeAPI(t, reportstest.WithLatency(time.Second))
	_ = srv
	r := hs(t, env, "company", "--timeout", "50ms")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "--timeout 50ms")
}

// TestSecretNeverShown runs hsreports with --verbose through success,
// failures and retries, and checks that the secret is in no output.
func TestSecretNeverShown(t *testing.T) {
	srv, env := fakeAPI(t)
	secret := env[envClientSecret]
	check := func(r result, what string) {
		t.Helper()
		assert.NotContains(t, r.stdout+r.stderr, secret, what)
	}
	r := hs(t, env, "company", "--verbose")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "level=DEBUG", "--verbose logs the requests")
	check(r, "success")

	srv.FailNext(2, 503)
	r = hs(t, env, "conversations", "drilldown", "--all", "--rows", "50", "--verbose", "--format", "ndjson")
	require.Equal(t, 0, r.code, r.stderr)
	check(r, "retries")

	srv.FailNext(1, 401)
	check(hs(t, env, "company", "--verbose", "--retries", "0"), "401")

	srv.ExpireTokens()
	check(hs(t, env, "company", "-v"), "expired token")

	bad := map[string]string{envClientID: env[envClientID], envClientSecret: secret + "x", envAPIURL: srv.URL}
	r = hs(t, bad, "company", "-v")
	assert.Equal(t, exitFailure, r.code)
	assert.NotContains(t, r.stdout+r.stderr, secret[:len(secret)-4], "refused credentials")
}

// cancelWriter cancels a context at its nth write.
type cancelWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	n      int
	cancel context.CancelFunc
}

func (w *cancelWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.n--; w.n == 0 {
		w.cancel()
	}
	return w.buf.Write(p)
}

// TestInterrupt cancels a walk after its first pages are written (as
// Ctrl-C does) and checks exit 130 and output that is valid line by line.
func TestInterrupt(t *testing.T) {
	for _, format := range []string{formatNDJSON, formatCSV} {
		ctx, cancel := context.WithCancel(context.Background())
		out := &cancelWriter{n: 2, cancel: cancel}
		var errb bytes.Buffer
		code := run(ctx, []string{"conversations", "drilldown", "--last", "12m", "--rows", "50", "--all", "--format", format},
			&cmdutil.IOStreams{Out: out, Err: &errb, Now: time.Now, Clock: testClock}, demoEnv)
		assert.Equal(t, exitInterrupted, code, format)
		assert.Contains(t, errb.String(), "hsreports: interrupted")
		text := out.buf.String()
		require.True(t, strings.HasSuffix(text, "\n"), "ends with a whole line")
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		assert.Less(t, len(lines), 4000, "the walk stopped early")
		if format == formatNDJSON {
			for _, line := range lines {
				assert.True(t, json.Valid([]byte(line)), line)
			}
			continue
		}
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		require.NoError(t, err)
		assert.Greater(t, len(rows), 1)
	}
}

// TestProgress checks the progress line of --all on a terminal stderr,
// with a clock that moves a second a call, and its absence elsewhere.
func TestProgress(t *testing.T) {
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out, errb bytes.Buffer
	s := &cmdutil.IOStreams{Out: &out, Err: &errb, ErrTTY: true, Now: func() time.Time { clock = clock.Add(time.Second); return clock }, Clock: testClock}
	code := run(context.Background(), []string{"conversations", "drilldown", "--last", "7d", "--rows", "50", "--all", "--format", "csv"}, s, demoEnv)
	require.Equal(t, 0, code, errb.String())
	progress := errb.String()[strings.Index(errb.String(), "\n")+1:] // after the demo notice
	assert.Equal(t, "\r\x1b[K1/3 pages · 50/101 rows"+
		"\r\x1b[K2/3 pages · 100/101 rows · 60 pages/min · 1s left"+
		"\r\x1b[K3/3 pages · 101/101 rows · 60 pages/min · 0s left"+
		"\r\x1b[K", progress)

	r := hs(t, demo, "conversations", "drilldown", "--last", "7d", "--all")
	require.Equal(t, 0, r.code)
	assert.NotContains(t, r.stderr, "\r", "no progress line when stderr is not a terminal")
}

// TestExamples runs the example of every report's help against the demo
// data: all 32 reports answer, with ids the demo data has.
func TestExamples(t *testing.T) {
	require.Len(t, catalog, 32)
	for _, r := range catalog {
		for line := range strings.SplitSeq(hsreport.Example(r.Info()), "\n") {
			line, _, _ = strings.Cut(line, " > ") // the shell's redirection
			args := strings.Fields(line)[1:]
			res := hs(t, demo, append(args, "--demo")...)
			assert.Equal(t, 0, res.code, "%s: %s", line, res.stderr)
			assert.NotEmpty(t, res.stdout, line)
		}
	}
}

// TestListAndCompletion checks list and the completion of report names,
// enum values and formats.
func TestListAndCompletion(t *testing.T) {
	r := hs(t, demo, "list")
	require.Equal(t, 0, r.code)
	for _, rep := range catalog {
		assert.Contains(t, r.stdout, "GET "+rep.path)
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r := hs(t, demo, "completion", shell)
		assert.Equal(t, 0, r.code, shell)
		assert.Contains(t, r.stdout, "hsreports", shell)
	}
	complete := func(args ...string) []string {
		r := hs(t, demo, append([]string{"__complete"}, args...)...)
		require.Equal(t, 0, r.code, r.stderr)
		var words []string
		for _, line := range strings.Split(r.stdout, "\n") {
			if line != "" && !strings.HasPrefix(line, ":") {
				word, _, _ := strings.Cut(line, "\t")
				words = append(words, word)
			}
		}
		return words
	}
	assert.Equal(t, []string{"day", "week", "month"}, complete("conversations", "new", "--view-by", ""))
	assert.Equal(t, []string{"email", "chat", "phone"}, complete("company", "--type", ""))
	assert.Equal(t, formats, complete("company", "--format", ""))
	assert.Contains(t, complete("conversations", ""), "drilldown")
	assert.Contains(t, complete("user", ""), "ratings")
}

// TestDates checks dates in --tz, --last and --compare.
func TestDates(t *testing.T) {
	r := hs(t, demo, "company", "--start", "2026-11-01", "--end", "2026-11-08", "--tz", "Europe/Berlin", "--compare", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var v reports.CompanyResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
	assert.Equal(t, "2026-10-31T23:00:00Z", v.Current.StartDate.Format(time.RFC3339))
	assert.Equal(t, "2026-11-07T23:00:00Z", v.Current.EndDate.Format(time.RFC3339))
	require.NotNil(t, v.Previous)
	assert.Equal(t, "2026-10-24T22:00:00Z", v.Previous.StartDate.Format(time.RFC3339), "a week back, across the end of summer time")

	r = hs(t, demo, "company", "--start", "2026-11-01", "--end", "2026-11-08", "--tz", "Europe/Berlin", "--format", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, ",2026-11-01T00:00:00+01:00,2026-11-08T00:00:00+01:00,", "csv timestamps in --tz")

	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	now := time.Date(2026, 11, 26, 15, 4, 5, 0, berlin) // a Thursday
	for _, tc := range []struct{ last, start, end string }{
		{"7d", "2026-11-19T00:00:00+01:00", "2026-11-26T00:00:00+01:00"},
		{"1w", "2026-11-16T00:00:00+01:00", "2026-11-23T00:00:00+01:00"},
		{"4w", "2026-10-26T00:00:00+01:00", "2026-11-23T00:00:00+01:00"},
		{"1m", "2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00"},
		{"3m", "2026-08-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00"},
		{"12m", "2025-11-01T00:00:00+01:00", "2026-11-01T00:00:00+01:00"},
	} {
		d, err := lastRange(tc.last, now)
		require.NoError(t, err)
		assert.Equal(t, tc.start, d.Start.Format(time.RFC3339), tc.last)
		assert.Equal(t, tc.end, d.End.Format(time.RFC3339), tc.last)
	}
}
