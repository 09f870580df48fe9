package main

// Tests of what a scheduled run needs, and of the defects of issue 16 and
// the CLI part of issue 21: each fails on the code before the fix.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	hsreport "github.com/helpscout-go/reports/cmd/hsreports/internal/report"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/root"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoSampleDataUnasked: without credentials and without --demo or
// HSREPORTS_DEMO=1, hsreports refuses (exit 2), names both variables and
// --demo, and writes nothing on stdout (issue 16, item 2).
func TestNoSampleDataUnasked(t *testing.T) {
	for _, env := range []map[string]string{nil, {envDemo: "0"}, {envDemo: ""}} {
		r := hs(t, env, "company", "--format", "csv")
		assert.Equal(t, exitUsage, r.code)
		assert.Empty(t, r.stdout, "no sample data")
		for _, want := range []string{envClientID, envClientSecret, "--demo", envDemo} {
			assert.Contains(t, r.stderr, want)
		}
	}
	for _, env := range []map[string]string{{envDemo: "1"}, {envDemo: "true"}} {
		r := hs(t, env, "company", "--format", "csv")
		assert.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stderr, "demo data")
	}
	r := hs(t, nil, "company", "--demo", "--format", "csv")
	assert.Equal(t, exitOK, r.code, r.stderr)
}

// TestTableWithoutPrevious: the table of every overall report, with a
// range and no previous range (--last, --start/--end), shows the current
// figures and no crash (issue 16, item 1).
func TestTableWithoutPrevious(t *testing.T) {
	for _, r := range catalog {
		if !r.whole {
			continue
		}
		args := append(r.name(), strings.Fields(exampleFlags(r))...)
		for _, rng := range [][]string{{"--last", "7d"}, {"--start", "2026-11-01", "--end", "2026-11-08"}} {
			res := hs(t, demo, append(append(args, rng...), "--format", "table")...)
			assert.Equal(t, exitOK, res.code, "%v %v: %s", args, rng, res.stderr)
			assert.NotContains(t, res.stderr, "panic")
			assert.Contains(t, res.stdout, "METRIC", args)
		}
	}
}

// TestTableListsWithoutPrevious: without a previous range the lists of an
// overall table show no PREV columns (the API sends zeros for them), and
// with one they do.
func TestTableListsWithoutPrevious(t *testing.T) {
	res := hs(t, demo, "company", "--last", "7d", "--format", "table")
	require.Equal(t, exitOK, res.code, res.stderr)
	users := res.stdout[strings.Index(res.stdout, "users:"):]
	assert.NotContains(t, users, "PREV")
	res = hs(t, demo, "company", "--last", "7d", "--compare", "--format", "table")
	require.Equal(t, exitOK, res.code, res.stderr)
	users = res.stdout[strings.Index(res.stdout, "users:"):]
	assert.Contains(t, users, "PREV")
}

// exampleFlags are the required flags of a report, with ids of the demo
// data.
func exampleFlags(r report) string { return strings.TrimSpace(hsreport.RequiredFlags(r.Info())) }

// TestDateOnlyWhereMidnightIsSkipped: a date where DST skips midnight is
// that day, from its first instant (issue 16, item 3).
func TestDateOnlyWhereMidnightIsSkipped(t *testing.T) {
	for _, tc := range []struct{ tz, day, next, start string }{
		{"America/Havana", "2026-03-08", "2026-03-09", "2026-03-08T05:00:00Z"},
		{"America/Santiago", "2026-09-06", "2026-09-07", "2026-09-06T04:00:00Z"},
		{"America/Sao_Paulo", "2018-11-04", "2018-11-05", "2018-11-04T03:00:00Z"},
	} {
		loc, err := time.LoadLocation(tc.tz)
		require.NoError(t, err)
		got, err := input.ParseDate(tc.day, loc)
		require.NoError(t, err)
		assert.Equal(t, tc.start, got.UTC().Format(time.RFC3339), tc.tz)
		y, m, d := got.In(loc).Date()
		assert.Equal(t, tc.day, time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), tc.tz)
		end, err := input.ParseDate(tc.next, loc)
		require.NoError(t, err)
		assert.Equal(t, 23*time.Hour, end.Sub(got), "%s: the day has 23 hours", tc.tz)
	}
	r := hs(t, demo, "company", "--tz", "America/Havana", "--start", "2026-03-07", "--end", "2026-03-08", "--format", "json")
	assert.Equal(t, exitOK, r.code, "the day before the change is not empty: %s", r.stderr)
}

// hostile is a demo run whose fake API has one conversation with hostile
// text in its subject, customer name and preview.
func hostileServer(t *testing.T, subject string) map[string]string {
	t.Helper()
	srv, env := fakeAPI(t)
	real := srv.URL
	// A proxy in front of the fake rewrites every subject.
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequestWithContext(r.Context(), r.Method, real+r.URL.RequestURI(), r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		body := buf.Bytes()
		if strings.Contains(r.URL.Path, "drilldown") {
			var doc map[string]any
			if json.Unmarshal(body, &doc) == nil {
				if conv, ok := doc["conversations"].(map[string]any); ok {
					for _, c := range conv["results"].([]any) {
						c.(map[string]any)["subject"] = subject
						c.(map[string]any)["customerName"] = subject
					}
				}
				body, _ = json.Marshal(doc)
			}
		}
		for k, v := range resp.Header {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(body)
	}))
	t.Cleanup(proxy.Close)
	env[envAPIURL] = proxy.URL
	return env
}

// TestCSVFormulas: a text cell starting with = + - @, tab or CR is
// neutralised with a leading ' unless --csv-raw; numbers are not (issue 16,
// item 4).
func TestCSVFormulas(t *testing.T) {
	for _, evil := range []string{`=HYPERLINK("http://evil.example","click")`, "@SUM(A1:A2)", "-cmd|' /C calc'!A0", "+1+1", "\tx", "\rx"} {
		env := hostileServer(t, evil)
		r := hs(t, env, "conversations", "drilldown", "--rows", "3", "--format", "csv")
		require.Equal(t, exitOK, r.code, r.stderr)
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 4, "a header and 3 rows: %s", r.stdout)
		col, name := index(rows[0], "subject"), index(rows[0], "customerName")
		require.GreaterOrEqual(t, col, 0)
		require.GreaterOrEqual(t, name, 0)
		for _, row := range rows[1:] {
			require.Len(t, row, len(rows[0]))
			assert.Equal(t, "'"+evil, row[col])
			assert.Equal(t, "'"+evil, row[name])
		}
		r = hs(t, env, "conversations", "drilldown", "--rows", "3", "--format", "csv", "--csv-raw")
		require.Equal(t, exitOK, r.code, r.stderr)
		rows, err = csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 4, "a header and 3 rows: %s", r.stdout)
		require.Greater(t, len(rows[1]), col)
		assert.Equal(t, evil, rows[1][col])
	}
	// Numbers stay numbers: a negative change is not quoted.
	r := hs(t, demo, "company", "--format", "csv", "--last", "4w", "--compare")
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2, "a header and the report: %s", r.stdout)
	for _, cell := range rows[1] {
		assert.False(t, strings.HasPrefix(cell, "'-"), cell)
	}
	help := hs(t, nil, "company", "--help")
	assert.Contains(t, help.stdout, "--csv-raw")
}

func index(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

// TestPageNoteEveryFormat: one page of several says so on stderr in every
// format (issue 16, item 5).
func TestPageNoteEveryFormat(t *testing.T) {
	for _, format := range formats {
		r := hs(t, demo, "conversations", "drilldown", "--last", "3m", "--format", format)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Regexp(t, `page 1 of \d+, 25 of \d+ rows: --page 2 for the next, --all for every page`, r.stderr, format)
		r = hs(t, demo, "conversations", "drilldown", "--last", "3m", "--format", format, "--quiet")
		assert.Empty(t, r.stderr, "--quiet: no notices")
	}
}

// TestTableCellsEscaped: control characters from the API are shown
// escaped in a table, and kept as they are in json (issue 16, item 6).
func TestTableCellsEscaped(t *testing.T) {
	evil := "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07\nnext\tcol\u202egnp.exe\u0085"
	env := hostileServer(t, evil)
	r := hs(t, env, "conversations", "drilldown", "--rows", "3", "--format", "table")
	require.Equal(t, exitOK, r.code, r.stderr)
	for _, bad := range []string{"\x1b", "\x07", "\t", "\u202e", "\u0085"} {
		assert.NotContains(t, r.stdout, bad)
	}
	assert.Contains(t, r.stdout, `\x1b[31mRED`)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	assert.Len(t, lines, 4, "a header and a line a row")
	r = hs(t, env, "conversations", "drilldown", "--rows", "3", "--format", "json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var v reports.DrilldownResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
	require.NotEmpty(t, v.Conversations.Results)
	assert.Equal(t, evil, v.Conversations.Results[0].Subject, "json stays lossless")
}

// TestErrorTextEscaped: an API error's message with controls, CR/LF and
// bidi characters is printed escaped on stderr (issue 21).
func TestErrorTextEscaped(t *testing.T) {
	msg := "\x1b]0;TITLE\x07\x1b[31mRED\r\nhsreports: everything is fine\u202e\u2066\u009b"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/oauth2/token" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"tok","token_type":"bearer","expires_in":7200}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		b, _ := json.Marshal(map[string]any{"message": msg, "logRef": "ref\x1b[2J", "_embedded": map[string]any{"errors": []any{map[string]any{"path": "start\x1b[1m", "message": "bad\x07", "rejectedValue": "v\x1b]8;;http://evil/\x07"}}}})
		_, _ = w.Write(b)
	}))
	defer srv.Close()
	env := map[string]string{envClientID: "id", envClientSecret: "secret", envAPIURL: srv.URL}
	r := hs(t, env, "company", "--retries", "0")
	assert.Equal(t, exitFailure, r.code)
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %q", r.stderr)
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u202e", "\u2066", "\u009b"} {
		assert.NotContains(t, r.stderr, bad)
	}
	assert.Contains(t, r.stderr, "TITLE")

	r = hs(t, env, "company", "--retries", "1", "--verbose")
	assert.Equal(t, exitFailure, r.code)
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u202e", "\u2066", "\u009b"} {
		assert.NotContains(t, r.stderr, bad, "--verbose")
	}
}

// TestProgressBesideData: with stdout and stderr on one terminal, the
// progress line is cleared before each page of data; its rows count the
// rows from --page on (issue 16, item 7).
func TestProgressBesideData(t *testing.T) {
	var both bytes.Buffer
	s := &cmdutil.IOStreams{Out: &both, Err: &both, OutTTY: true, ErrTTY: true, Now: time.Now, Clock: testClock}
	code := run(context.Background(), []string{"conversations", "drilldown", "--last", "7d", "--rows", "50", "--all", "--format", "csv", "--quiet=false"}, s, demoEnv)
	require.Equal(t, 0, code)
	progressLine := regexp.MustCompile(`^\d+/\d+ pages · \d+/\d+ rows( · \d+ pages/min · \S+ left)?$`)
	screen := render(both.String())
	progressLines := 0
	for _, line := range screen {
		if strings.Contains(line, "pages ·") {
			progressLines++
			assert.Regexp(t, progressLine, line, "the progress line shares a line with data")
		}
	}
	assert.LessOrEqual(t, progressLines, 1, "only the last progress line is left on the screen")
	rows, err := csv.NewReader(strings.NewReader(strings.Join(screen[1:], "\n"))).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, 102, "the header and every row, whole")

	var errb bytes.Buffer
	s = &cmdutil.IOStreams{Out: &bytes.Buffer{}, Err: &errb, ErrTTY: true, Now: time.Now, Clock: testClock}
	code = run(context.Background(), []string{"conversations", "drilldown", "--last", "3m", "--rows", "50", "--page", "20", "--all", "--format", "csv"}, s, demoEnv)
	require.Equal(t, 0, code, errb.String())
	r := hs(t, demo, "conversations", "drilldown", "--last", "3m", "--rows", "50", "--page", "20", "--all", "--format", "ndjson")
	walked := strings.Count(r.stdout, "\n")
	assert.Contains(t, errb.String(), "/"+itoa(walked)+" rows", "the denominator is the rows from --page on")
}

// render is what a terminal shows of text: \r goes back to the start of
// the line, ESC [ K erases the rest of it, other bytes overwrite.
func render(text string) []string {
	var lines []string
	var line []rune
	col := 0
	for i := 0; i < len(text); {
		switch {
		case text[i] == '\n':
			lines = append(lines, string(line))
			line, col = nil, 0
			i++
		case text[i] == '\r':
			col = 0
			i++
		case strings.HasPrefix(text[i:], "\x1b[K"):
			line = line[:col]
			i += 3
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if col < len(line) {
				line[col] = r
			} else {
				line = append(line, r)
			}
			col++
			i += n
		}
	}
	if len(line) > 0 {
		lines = append(lines, string(line))
	}
	return lines
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// failWriter fails every write.
type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

// TestWriteErrors: a failed write to stdout is exit 1 with the error, for
// --version, --help, completion, list and reports; SIGTERM is 143; a panic
// is exit 1 (issue 16, item 8).
func TestWriteErrors(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"--help"}, {"completion", "bash"}, {"list"}, {"company", "--format", "csv"}, {"company", "--format", "table"}} {
		var errb bytes.Buffer
		code := run(context.Background(), args, &cmdutil.IOStreams{Out: failWriter{syscall.ENOSPC}, Err: &errb, Now: time.Now, Clock: testClock}, demoEnv)
		assert.Equal(t, exitFailure, code, args)
		assert.Contains(t, errb.String(), "no space left on device", args)
		assert.NotContains(t, errb.String(), "for usage", args)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(root.SignalError{Sig: syscall.SIGTERM})
	var errb bytes.Buffer
	code := run(ctx, []string{"company"}, &cmdutil.IOStreams{Out: &bytes.Buffer{}, Err: &errb, Now: time.Now, Clock: testClock}, demoEnv)
	assert.Equal(t, exitTerminated, code)
	ctx, cancel = context.WithCancelCause(context.Background())
	cancel(root.SignalError{Sig: os.Interrupt})
	code = run(ctx, []string{"company"}, &cmdutil.IOStreams{Out: &bytes.Buffer{}, Err: &errb, Now: time.Now, Clock: testClock}, demoEnv)
	assert.Equal(t, exitInterrupted, code)

	errb.Reset()
	code = protect(&errb, func() int { panic("boom") })
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errb.String(), "internal error")
}

// TestPartialJSON: an interrupted --all --format json is marked partial,
// and stderr says so (issue 16, item 9).
func TestPartialJSON(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &cancelWriter{n: 2, cancel: cancel}
	var errb bytes.Buffer
	code := run(ctx, []string{"conversations", "drilldown", "--last", "12m", "--rows", "50", "--all", "--format", "json"},
		&cmdutil.IOStreams{Out: out, Err: &errb, Now: time.Now, Clock: testClock}, demoEnv)
	assert.Equal(t, exitInterrupted, code)
	var doc struct {
		Partial       bool `json:"partial"`
		Conversations struct {
			Count   int               `json:"count"`
			Results []json.RawMessage `json:"results"`
		} `json:"conversations"`
	}
	require.NoError(t, json.Unmarshal(out.buf.Bytes(), &doc), out.buf.String())
	assert.True(t, doc.Partial)
	assert.Less(t, len(doc.Conversations.Results), doc.Conversations.Count)
	assert.Contains(t, errb.String(), "partial output")
}

// TestTimeoutSaysSo: --timeout against a server answering 500 says the
// deadline was reached, and what the last attempt got (issue 16, item 10).
func TestTimeoutSaysSo(t *testing.T) {
	srv, env := fakeAPI(t)
	srv.FailNext(1000, 500)
	r := hs(t, env, "company", "--timeout", "300ms", "--retries", "50")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "--timeout 300ms")
	assert.Contains(t, r.stderr, "500")

	// The pacer gives up early when the rate limit's next slot is past the
	// deadline: that is --timeout too, whether --each or --all asked.
	for _, args := range [][]string{
		{"company", "--last", "7d", "--each", "day", "--format", "csv"},
		{"conversations", "drilldown", "--last", "3m", "--all", "--format", "csv"},
	} {
		r = hs(t, demo, append(args, "--rate-limit", "2", "--timeout", "5s")...)
		assert.Equal(t, exitFailure, r.code, args)
		assert.Contains(t, r.stderr, "--timeout 5s", args)
		assert.Contains(t, r.stderr, "rate limit", args)
	}
}

// TestMachineReadable: list and version honour --format json (issue 16,
// item 11).
func TestMachineReadable(t *testing.T) {
	r := hs(t, nil, "list", "--format", "json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var list []struct {
		Command string   `json:"command"`
		Path    string   `json:"path"`
		Flags   []string `json:"flags"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	require.Len(t, list, len(catalog))
	assert.Equal(t, "company", list[0].Command)
	for _, args := range [][]string{{"version", "--format", "json"}, {"--version", "--format", "json"}} {
		r = hs(t, nil, args...)
		require.Equal(t, exitOK, r.code, r.stderr)
		var v struct{ Version string }
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &v), r.stdout)
		assert.Equal(t, cmdutil.CurrentVersion().Version, v.Version)
	}
	r = hs(t, nil, "--version")
	assert.Equal(t, "hsreports version "+cmdutil.CurrentVersion().Version+"\n", r.stdout)
}

// TestTableAllStreams: a table with --all prints each page as it comes
// (issue 16, item 12): the first page is out before the walk ends.
func TestTableAllStreams(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &cancelWriter{n: 1, cancel: cancel}
	var errb bytes.Buffer
	code := run(ctx, []string{"conversations", "drilldown", "--last", "12m", "--rows", "50", "--all", "--format", "table"},
		&cmdutil.IOStreams{Out: out, Err: &errb, Now: time.Now, Clock: testClock}, demoEnv)
	assert.Equal(t, exitInterrupted, code)
	lines := strings.Split(strings.TrimSuffix(out.buf.String(), "\n"), "\n")
	assert.GreaterOrEqual(t, len(lines), 51, "the header and the first page")
	assert.Less(t, len(lines), 1000, "not every page")

	r := hs(t, demo, "conversations", "drilldown", "--last", "7d", "--rows", "50", "--all", "--format", "table")
	require.Equal(t, exitOK, r.code)
	lines = strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 102, "a header and every row")
	assert.Equal(t, len(lines[0]), len(strings.TrimRight(lines[0], " ")))
}

// TestCompletionMore: --tz completes zone names, not files; a list flag
// keeps what was typed before the comma (issue 16, item 13).
func TestCompletionMore(t *testing.T) {
	r := hs(t, nil, "__complete", "company", "--tz", "Europe/Be")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Europe/Berlin\n")
	assert.Contains(t, r.stdout, ":4\n", "no file completion")
	r = hs(t, nil, "__complete", "company", "--type", "email,")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "email,chat\n")
	assert.Contains(t, r.stdout, "email,phone\n")
	assert.NotContains(t, r.stdout, "email,email\n")
}

// TestOutputFile: --output replaces FILE only on success; on a failure or
// an interrupt FILE keeps its old content and no partial file is left.
func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "company.csv")
	require.NoError(t, os.WriteFile(file, []byte("old\n"), 0o640))

	srv, env := fakeAPI(t)
	srv.FailNext(1, 500)
	r := hs(t, env, "company", "--format", "csv", "--output", file, "--retries", "0")
	assert.Equal(t, exitFailure, r.code)
	assertFile(t, file, "old\n")
	assertOnly(t, dir, "company.csv")

	ctx, cancel := context.WithCancel(context.Background())
	var errb bytes.Buffer
	s := &cmdutil.IOStreams{Out: &bytes.Buffer{}, Err: &errb, Now: time.Now, Clock: testClock}
	s.Err = &cancelWriter{n: 1, cancel: cancel} // the demo notice comes before the data
	code := run(ctx, []string{"conversations", "drilldown", "--last", "12m", "--all", "--format", "csv", "--output", file}, s, demoEnv)
	assert.Equal(t, exitInterrupted, code)
	assertFile(t, file, "old\n")
	assertOnly(t, dir, "company.csv")

	r = hs(t, env, "company", "--format", "csv", "--output", file)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "filterTags,"), string(b[:40]))
	fi, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), fi.Mode().Perm(), "the mode of the file replaced")
	assertOnly(t, dir, "company.csv")

	r = hs(t, env, "company", "--output", filepath.Join(dir, "no", "such", "dir.csv"))
	assert.Equal(t, exitUsage, r.code)

	before, err := os.ReadFile(file)
	require.NoError(t, err)
	r = hs(t, nil, "company", "--format", "csv", "--output", file) // no credentials
	assert.Equal(t, exitUsage, r.code)
	assertFile(t, file, string(before))
	assertOnly(t, dir, "company.csv")
}

func assertFile(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, string(b))
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	assert.Equal(t, names, got)
}

// TestColumnsAndHeader: --columns chooses and orders the columns of csv,
// ndjson and table; --no-header drops csv's header; bad names are refused
// before any request.
func TestColumnsAndHeader(t *testing.T) {
	args := []string{"conversations", "drilldown", "--rows", "3", "--columns", "number,subject,customerName"}
	r := hs(t, demo, append(args, "--format", "csv", "--no-header")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Len(t, rows[0], 3)

	r = hs(t, demo, append(args, "--format", "ndjson")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	first, _, _ := strings.Cut(r.stdout, "\n")
	assert.Regexp(t, `^\{"number":\d+,"subject":".*","customerName":".*"\}$`, first)

	r = hs(t, demo, append(args, "--format", "table")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `^NUMBER +SUBJECT +CUSTOMER NAME\n`, r.stdout)

	r = hs(t, demo, "conversations", "new", "--columns", "period,count", "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "period,count\ncurrent,"), r.stdout)

	srv, env := fakeAPI(t)
	for _, bad := range [][]string{
		{"company", "--columns", "nope", "--format", "csv"},
		{"company", "--columns", "current.customersHelped", "--format", "json"},
		{"company", "--no-header", "--format", "ndjson"},
		{"company", "--list", "nope", "--format", "csv"},
		{"conversations", "drilldown", "--list", "users"},
	} {
		r := hs(t, env, bad...)
		assert.Equal(t, exitUsage, r.code, bad)
	}
	assert.Empty(t, srv.Requests())
}

// TestListRows: --list gives a row per element of an overall report's
// nested list.
func TestListRows(t *testing.T) {
	r := hs(t, demo, "company", "--list", "users", "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 2)
	require.NotEmpty(t, rows[0])
	assert.Equal(t, "user", rows[0][0])
	for _, tc := range []struct{ cmd, list string }{{"conversations", "tags.top"}, {"docs", "topArticles"}, {"productivity", "responseTime.ranges"}} {
		for _, format := range formats {
			r := hs(t, demo, tc.cmd, "--list", tc.list, "--format", format)
			assert.Equal(t, exitOK, r.code, "%s %s: %s", tc.cmd, format, r.stderr)
			assert.NotEmpty(t, r.stdout)
		}
	}
}

// TestQuiet: --quiet drops notices and the progress line, not errors.
func TestQuiet(t *testing.T) {
	var errb bytes.Buffer
	s := &cmdutil.IOStreams{Out: &bytes.Buffer{}, Err: &errb, ErrTTY: true, Now: time.Now, Clock: testClock}
	code := run(context.Background(), []string{"conversations", "drilldown", "--last", "7d", "--rows", "50", "--all", "--format", "csv", "--quiet"}, s, demoEnv)
	require.Equal(t, 0, code)
	assert.Empty(t, errb.String())
	r := hs(t, nil, "company", "--quiet")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, envClientID)
}

// TestClosedStdout: a stdout the shell closed (Go reopens it as /dev/null,
// read-write) fails every write; a stdout sent to /dev/null by the shell
// (write-only) does not (issue 16, item 8).
func TestClosedStdout(t *testing.T) {
	rw, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	require.NoError(t, err)
	defer rw.Close()
	wo, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(t, err)
	defer wo.Close()
	var errb bytes.Buffer
	code := run(context.Background(), []string{"--version"}, fileStreamsErr(rw, &errb), demoEnv)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errb.String(), "stdout is closed")
	code = run(context.Background(), []string{"--version"}, fileStreamsErr(wo, &errb), demoEnv)
	assert.Equal(t, exitOK, code)
}

// fileStreamsErr are the streams of stdout out, with stderr in a buffer.
func fileStreamsErr(out *os.File, errb *bytes.Buffer) *cmdutil.IOStreams {
	s := cmdutil.FileStreams(out, out)
	s.Err, s.ErrTTY = errb, false
	return s
}

// TestPageNoteAtTheEnd: the last page and a page past it say so, instead of
// offering a next page.
func TestPageNoteAtTheEnd(t *testing.T) {
	r := hs(t, demo, "conversations", "drilldown", "--page", "5", "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "page 5 of 5 (the last), 16 of 116 rows\n")
	r = hs(t, demo, "conversations", "drilldown", "--page", "999", "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "page 999 is past the last page, 5 (116 rows in all)\n")
}

// TestCompareTo: --compare-to year and month compare with the same
// calendar dates a year or a month earlier, in --tz; period is --compare.
func TestCompareTo(t *testing.T) {
	get := func(args ...string) reports.CompanyResult {
		t.Helper()
		r := hs(t, demo, append([]string{"company", "--format", "json"}, args...)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		var v reports.CompanyResult
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
		require.NotNil(t, v.Previous)
		return v
	}
	v := get("--tz", "Europe/Berlin", "--start", "2026-10-01", "--end", "2026-11-01", "--compare-to", "year")
	assert.Equal(t, "2025-09-30T22:00:00Z", v.Previous.StartDate.UTC().Format(time.RFC3339))
	assert.Equal(t, "2025-10-31T23:00:00Z", v.Previous.EndDate.UTC().Format(time.RFC3339))
	v = get("--tz", "Europe/Berlin", "--start", "2026-10-01", "--end", "2026-11-01", "--compare-to", "month")
	assert.Equal(t, "2026-08-31T22:00:00Z", v.Previous.StartDate.UTC().Format(time.RFC3339))
	assert.Equal(t, "2026-09-30T22:00:00Z", v.Previous.EndDate.UTC().Format(time.RFC3339))
	a := get("--last", "4w", "--compare-to", "period")
	b := get("--last", "4w", "--compare")
	assert.Equal(t, b.Previous.StartDate, a.Previous.StartDate)

	srv, env := fakeAPI(t)
	for _, bad := range [][]string{{"company", "--compare-to", "week"}, {"company", "--compare-to", "year"}, {"company", "--last", "7d", "--compare-to", "year", "--previous-start", "2026-01-01"}} {
		r := hs(t, env, bad...)
		assert.Equal(t, exitUsage, r.code, bad)
		assert.Contains(t, r.stderr, "--", bad)
	}
	assert.Empty(t, srv.Requests())
}

// TestPartialJSONEveryShape: a walk cut short gives valid json marked
// partial for each shape of paged answer (results nested or at the root).
func TestPartialJSONEveryShape(t *testing.T) {
	for _, args := range [][]string{
		{"happiness", "ratings", "--last", "12m"},
		{"user", "conversation-history", "--user", "100901", "--last", "12m"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		out := &cancelWriter{n: 2, cancel: cancel}
		code := run(ctx, append(args, "--all", "--format", "json"), &cmdutil.IOStreams{Out: out, Err: &bytes.Buffer{}, Now: time.Now, Clock: testClock}, demoEnv)
		assert.Equal(t, exitInterrupted, code, args)
		var doc struct {
			Partial bool `json:"partial"`
		}
		require.NoError(t, json.Unmarshal(out.buf.Bytes(), &doc), out.buf.String())
		assert.True(t, doc.Partial, args)
	}
	dir := t.TempDir()
	r := hs(t, nil, "list", "--format", "json", "--output", filepath.Join(dir, "list.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	b, err := os.ReadFile(filepath.Join(dir, "list.json"))
	require.NoError(t, err)
	assert.True(t, json.Valid(b))
}

// TestTableAllKeepsLateColumns: a streamed table keeps the columns its
// first page leaves empty, so that no later value is dropped.
func TestTableAllKeepsLateColumns(t *testing.T) {
	args := []string{"user", "drilldown", "--user", "100101", "--last", "12m", "--all", "--rows", "50"}
	nd := hs(t, demo, append(args, "--format", "ndjson")...)
	require.Equal(t, exitOK, nd.code, nd.stderr)
	waiting := strings.Count(nd.stdout, `"waitingSince":"2`)
	require.Positive(t, waiting)
	tb := hs(t, demo, append(args, "--format", "table")...)
	require.Equal(t, exitOK, tb.code, tb.stderr)
	shown := 0
	for line := range strings.SplitSeq(tb.stdout, "\n") {
		if strings.Count(line, " UTC") == 2 { // modified at and waiting since
			shown++
		}
	}
	assert.Equal(t, waiting, shown)
}

// countingTransport counts the requests it carries.
type countingTransport struct{ n int }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n++
	return http.DefaultTransport.RoundTrip(r)
}

// TestNewClientOptions: newClient's extra options reach the client it
// makes, the real one and the demo one.
func TestNewClientOptions(t *testing.T) {
	_, env := fakeAPI(t)
	for _, getenv := range []map[string]string{env, demo} {
		count := &countingTransport{}
		a := &cmdutil.App{IO: &cmdutil.IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Now: time.Now, Clock: testClock}, Getenv: func(k string) string { return getenv[k] }}
		c, done, err := a.NewClient(reports.WithHTTPClient(&http.Client{Transport: count}))
		require.NoError(t, err)
		_, err = c.GetCompany(context.Background(), reports.CompanyParams{})
		done()
		require.NoError(t, err)
		assert.Positive(t, count.n)
	}
}
