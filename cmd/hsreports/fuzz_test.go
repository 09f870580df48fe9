package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// FuzzFlags runs a report of the table with flags made of the fuzzer's
// text, against a fake API: whatever the flags, hsreports exits 0, 1 or 2
// and never panics.
func FuzzFlags(f *testing.F) {
	for _, seed := range []struct {
		cmd  uint8
		args string
	}{
		{0, "--last 7d --format table"},
		{0, "--start 2026-11-01 --end 2026-11-08 --compare --format csv"},
		{3, "--tz America/Havana --start 2026-03-08 --end 2026-03-09 --format table"},
		{6, "--last 4w --all --rows 50 --format json --columns number,subject"},
		{6, "--page 170 --rows 2 --format ndjson"},
		{11, "--list topArticles --format csv --no-header"},
		{14, "--list responseTime.ranges --columns id,count --format table"},
		{1, "--view-by month --last 3m --compare --format csv"},
		{21, "--user 100101 --last 12m --all --format table --quiet"},
		{0, "--last 0d"},
		{0, "--columns , --format csv"},
		{0, "--start 2026-02-30 --end 2026-03-01"},
		{5, "--type email, --mailbox 1,2,x"},
		{0, "--previous-start 2026-01-01 --previous-end 2026-01-08 --last 1w --compare"},
	} {
		f.Add(seed.cmd, seed.args)
	}
	_, env := fakeAPI(f)
	f.Fuzz(func(t *testing.T, cmd uint8, text string) {
		if !utf8.ValidString(text) {
			return
		}
		r := catalog[int(cmd)%len(catalog)]
		args := append(r.name(), strings.Fields(exampleFlags(r))...)
		tokens := strings.Fields(text)
		if len(tokens) > 16 {
			tokens = tokens[:16]
		}
		for _, tok := range tokens {
			// No files written (--output, -o), no waits on a rate limit of
			// the fuzzer's choosing.
			if strings.HasPrefix(tok, "--o") || strings.HasPrefix(tok, "--rate") ||
				strings.HasPrefix(tok, "-") && !strings.HasPrefix(tok, "--") && strings.Contains(tok, "o") {
				continue
			}
			args = append(args, tok)
		}
		args = append(args, "--timeout", "5s")
		res := hs(t, env, args...)
		assert.Contains(t, []int{exitOK, exitFailure, exitUsage}, res.code, "hsreports %q: %s", args, res.stderr)
		assert.NotContains(t, res.stderr, "panic", args)
		assert.NotContains(t, res.stderr, "internal error", args)
	})
}
