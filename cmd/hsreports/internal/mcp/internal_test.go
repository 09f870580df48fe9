package mcp

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDuration: seconds as people read them, and as the API gave them.
func TestDuration(t *testing.T) {
	for _, c := range []struct {
		secs float64
		want string
	}{
		{11520, "3h 12m (11,520 s)"},
		{0, "0 s"},
		{0.4, "0 s"},
		{42, "42 s"},
		{59.6, "1m (60 s)"},
		{175.1, "2m 55s (175 s)"},
		{3600, "1h (3,600 s)"},
		{3660, "1h 1m (3,660 s)"},
		{3601, "1h (3,601 s)"},
		{86400 * 3, "3d (259,200 s)"},
		{94825.74, "1d 2h (94,826 s)"},
		{90061, "1d 1h (90,061 s)"},
		{-11520, "-3h 12m (-11,520 s)"},
		{1234567890, "14288d 23h (1,234,567,890 s)"},
	} {
		assert.Equal(t, c.want, duration(c.secs), "%v", c.secs)
	}
	assert.Equal(t, "1,000,000", thousands(1e6))
	assert.Equal(t, "999", thousands(999))
	assert.Equal(t, "-1,000", thousands(-1000))
}

// TestSafeText: a quoted value or a run without spaces over 512 bytes is
// cut there (not within a character) and says its length; control and
// bidi characters are escaped; text within the caps is unchanged.
func TestSafeText(t *testing.T) {
	long := strings.Repeat("é", 600) // 1,200 bytes
	for _, c := range []struct{ in, want string }{
		{`start "2026-11-01": want RFC 3339`, `start "2026-11-01": want RFC 3339`},
		{fmt.Sprintf("last %q: bad", long), `last "` + strings.Repeat("é", 256) + `"…(1200 bytes): bad`},
		{"id " + strings.Repeat("9", 600) + " is no whole number", "id " + strings.Repeat("9", 512) + "…(600 bytes) is no whole number"},
		{`mailbox "a\x00b": no`, `mailbox "a\x00b": no`},
		{"raw \x00 and \x1b[31m and \u202e", `raw \x00 and \x1b[31m and \u202e`},
		{`a lone " quote`, `a lone " quote`},
	} {
		assert.Equal(t, c.want, safeText(c.in), c.in[:min(len(c.in), 40)])
	}
	got := safeText(fmt.Sprintf("%q", strings.Repeat("x", 10<<20)))
	assert.Less(t, len(got), 600)
	assert.True(t, utf8.ValidString(safeText("\xff"+strings.Repeat("é", 300))))
}

// TestIntegral: whole numbers written with a fraction or an exponent
// become integers; others stay as they are, lists element by element.
func TestIntegral(t *testing.T) {
	for in, want := range map[string]string{
		`2.0`: `2`, `1e2`: `100`, `5E1`: `50`, `-0.0`: `0`, `1.5`: `1.5`, `7`: `7`, `"2.0"`: `"2.0"`,
		`[1.0, "a", 2.5e1]`: `[1,"a",25]`, `[1, 2]`: `[1, 2]`, `1e300`: `1e300`, `1e-300`: `1e-300`,
		`9223372036854775808.0`: `9223372036854775808`, `null`: `null`, `true`: `true`,
	} {
		assert.Equal(t, want, string(integral(json.RawMessage(in))), in)
	}
}

// TestSplitOutside: quotes keep separators.
func TestSplitOutside(t *testing.T) {
	assert.Equal(t, []string{`mailbox="Sales, EU",101`, "type=email"}, splitOutside(`mailbox="Sales, EU",101 type=email`, ' '))
	assert.Equal(t, []string{`"Sales, EU"`, "101"}, splitOutside(`"Sales, EU",101`, ','))
	assert.Equal(t, []string{""}, splitOutside("", ' '))
}

// TestWiden: a range widened to whole buckets in its zone.
func TestWiden(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	d := reports.Dates{Start: time.Date(2026, 3, 25, 10, 0, 0, 0, berlin), End: time.Date(2026, 4, 2, 0, 0, 0, 0, berlin)}
	assert.Equal(t, reports.Dates{Start: time.Date(2026, 3, 23, 0, 0, 0, 0, berlin), End: time.Date(2026, 4, 6, 0, 0, 0, 0, berlin)}, widen(d, "week", berlin))
	assert.Equal(t, reports.Dates{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, berlin), End: time.Date(2026, 5, 1, 0, 0, 0, 0, berlin)}, widen(d, "month", berlin))
	assert.Equal(t, reports.Dates{Start: time.Date(2026, 3, 25, 0, 0, 0, 0, berlin), End: time.Date(2026, 4, 2, 0, 0, 0, 0, berlin)}, widen(d, "day", berlin))
}

// TestCutNote: the page and rows it names start at the first row the
// text left out, for every first page, page size and count shown.
func TestCutNote(t *testing.T) {
	r, ok := catalog.Find("conversations drilldown")
	require.True(t, ok)
	for perPage := 1; perPage <= 50; perPage++ {
		for page := 1; page <= 5; page++ {
			for shown := 1; shown < perPage; shown++ {
				a := &answer{info: r.Info(), perPage: perPage, first: &catalog.Result{Page: &catalog.Page{Page: page}}, items: make([]catalog.Item, perPage), last: page}
				note := a.cutNote(shown)
				var from, p, rows int
				_, err := fmt.Sscanf(note[strings.Index(note, "To read on from row"):], "To read on from row %d, call again with page %d and rows %d.", &from, &p, &rows)
				require.NoError(t, err, note)
				assert.Equal(t, (page-1)*perPage+shown+1, from)
				assert.Equal(t, from, (p-1)*rows+1, "page %d of %d rows starts at row %d", p, rows, from)
				assert.LessOrEqual(t, rows, 50)
			}
		}
	}
}
