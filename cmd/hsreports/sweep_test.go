package main

// The sweep: every command of the table × every format × every kind of
// range, in process against reportstest, asserting what a user (or a cron
// job) relies on: exit 0, nothing on stderr but notices, no panic, and
// output that parses in its format.

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sweepRanges are the kinds of range every report is run with; paged
// reports also run with --all.
var sweepRanges = []struct{ name, args string }{
	{"default", ""},
	{"last-7d", "--last 7d"},
	{"last-4w-compare", "--last 4w --compare"},
	{"utc-dates", "--start 2026-11-01 --end 2026-11-08"},
	{"berlin-spring", "--tz Europe/Berlin --start 2026-03-28 --end 2026-03-30"},
	{"berlin-autumn", "--tz Europe/Berlin --start 2026-10-24 --end 2026-10-26"},
	{"havana-spring", "--tz America/Havana --start 2026-03-07 --end 2026-03-09"},
	{"havana-autumn", "--tz America/Havana --start 2026-10-31 --end 2026-11-02"},
	{"empty", "--start 2020-01-01 --end 2020-01-08"}, // no rows: --all writes the empty shape
}

// notice is a line hsreports may write on stderr of a successful run.
var notice = regexp.MustCompile(`^hsreports: (page \d+ of \d+, \d+ of \d+ rows: --page \d+ for the next, --all for every page|page \d+ of \d+ \(the last\), \d+ of \d+ rows|page \d+ is past the last page, \d+ \(\d+ rows in all\))$`)

func TestSweep(t *testing.T) {
	_, env := fakeAPI(t)
	for _, r := range catalog {
		name := strings.Join(r.name(), "-")
		base := append(r.name(), strings.Fields(exampleFlags(r))...)
		for _, rng := range sweepRanges {
			args := strings.Fields(rng.args)
			if !hasField(r.params, "PreviousStart") {
				args = slicesDelete(args, "--compare")
			}
			variants := [][]string{args}
			if r.paged {
				all := []string{"--all"}
				if hasField(r.params, "Rows") {
					all = append(all, "--rows", "50")
				}
				variants = append(variants, append(all, args...))
			}
			for i, extra := range variants {
				if i == 1 && rng.name != "last-7d" && rng.name != "utc-dates" && rng.name != "empty" {
					continue // --all with the short ranges: every page of a long one is the same test, slower
				}
				for _, format := range formats {
					label := name + "/" + rng.name + "/" + format
					if i == 1 {
						label += "/all"
					}
					cmdArgs := append(append(append([]string{}, base...), extra...), "--format", format)
					t.Run(label, func(t *testing.T) {
						t.Parallel()
						res := hs(t, env, cmdArgs...)
						require.Equal(t, exitOK, res.code, "hsreports %s: %s", strings.Join(cmdArgs, " "), res.stderr)
						assert.NotContains(t, res.stderr+res.stdout, "panic")
						for line := range strings.SplitSeq(strings.TrimSuffix(res.stderr, "\n"), "\n") {
							if line != "" {
								assert.Regexp(t, notice, line, "only notices on stderr")
							}
						}
						assertParses(t, format, res.stdout)
					})
				}
			}
		}
	}
}

func slicesDelete(args []string, drop string) []string {
	var out []string
	for _, a := range args {
		if a != drop {
			out = append(out, a)
		}
	}
	return out
}

// assertParses checks that out is a document of its format: one JSON
// document, a JSON object a line, a CSV whose records all have the
// header's column count, a table of at least a line.
func assertParses(t *testing.T, format, out string) {
	t.Helper()
	if format != formatNDJSON { // no rows: no lines
		require.NotEmpty(t, out)
	}
	switch format {
	case formatJSON:
		assert.True(t, json.Valid([]byte(out)), "json")
	case formatNDJSON:
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var v map[string]any
			assert.NoError(t, json.Unmarshal(sc.Bytes(), &v), "ndjson line: %s", sc.Text())
		}
		require.NoError(t, sc.Err())
	case formatCSV:
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll() // FieldsPerRecord 0: every record as wide as the first
		require.NoError(t, err)
		assert.NotEmpty(t, rows)
	case formatTable:
		assert.True(t, strings.HasSuffix(out, "\n"))
	}
}
