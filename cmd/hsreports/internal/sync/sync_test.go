package sync

import (
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWholeBuckets(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	day := func(y int, m time.Month, d int, loc *time.Location) time.Time {
		return reports.Day(time.Date(y, m, d, 12, 0, 0, 0, loc)).Start
	}
	for _, c := range []struct {
		by         reports.ViewBy
		from, to   time.Time
		start, end time.Time
	}{
		// Weeks from a Thursday to a Wednesday: widened to Monday and
		// to the next Monday; in Berlin across the change to winter time.
		{reports.ViewByWeek, day(2026, 10, 22, berlin), day(2026, 11, 4, berlin), day(2026, 10, 19, berlin), day(2026, 11, 9, berlin)},
		// Already whole: unchanged.
		{reports.ViewByWeek, day(2026, 10, 19, time.UTC), day(2026, 10, 26, time.UTC), day(2026, 10, 19, time.UTC), day(2026, 10, 26, time.UTC)},
		{reports.ViewByMonth, day(2026, 10, 15, time.UTC), day(2026, 11, 3, time.UTC), day(2026, 10, 1, time.UTC), day(2026, 12, 1, time.UTC)},
		{reports.ViewByDay, time.Date(2026, 10, 1, 5, 0, 0, 0, time.UTC), time.Date(2026, 10, 3, 1, 0, 0, 0, time.UTC), day(2026, 10, 1, time.UTC), day(2026, 10, 4, time.UTC)},
	} {
		got := wholeBuckets(reports.Dates{Start: c.from, End: c.to}, c.by)
		assert.True(t, got.Start.Equal(c.start) && got.End.Equal(c.end), "%s %s–%s: got %s–%s", c.by, c.from, c.to, got.Start, got.End)
		for _, b := range got.Split(c.by) {
			of := map[reports.ViewBy]func(time.Time) reports.Dates{reports.ViewByDay: reports.Day, reports.ViewByWeek: reports.Week, reports.ViewByMonth: reports.Month}[c.by]
			w := of(b.Start)
			assert.True(t, w.Start.Equal(b.Start) && w.End.Equal(b.End), "a whole bucket: %s–%s", b.Start, b.End)
		}
	}
}

func TestRatingChunks(t *testing.T) {
	d := func(n int) reports.Dates {
		s := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
		return reports.Dates{Start: s, End: s.AddDate(0, 0, 1)}
	}
	var todo []reports.Dates
	for n := range 40 {
		todo = append(todo, d(n))
	}
	todo = append(todo, d(50), d(51)) // a gap: a chunk of its own
	chunks := ratingChunks(todo)
	require.Len(t, chunks, 3)
	assert.Len(t, chunks[0], 31, "at most 31 days a chunk")
	assert.Len(t, chunks[1], 9)
	assert.Equal(t, []reports.Dates{d(50), d(51)}, chunks[2])
	month := reports.Month(time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	assert.Len(t, ratingChunks([]reports.Dates{month, month.AddDate(0, 1, 0)}), 2, "a month a chunk")
}

func TestDescriberMatchesPatterns(t *testing.T) {
	infos := func(result any) []MetricInfo {
		if _, ok := result.(*reports.CompanyResult); !ok {
			return nil
		}
		return []MetricInfo{
			{Name: "current.totalReplies", Kind: "count"},
			{Name: "users.*.replies", Kind: "count"},
			{Name: "users.*.handleTime", Kind: "average", Weight: "users.*.replies"},
			{Name: "users.*.previousReplies", Kind: "count", Comparison: true},
			{Name: "filterTags.*.id", Kind: "id"},
		}
	}
	d := newDescriber(infos)
	for _, c := range []struct {
		name, pattern, item, weight string
		keep                        bool
	}{
		{"totalReplies", "totalReplies", "", "", true},
		{"users.100101.replies", "users.*.replies", "100101", "", true},
		{"users.100101.handleTime", "users.*.handleTime", "100101", "users.100101.replies", true},
		{"users.100101.previousReplies", "users.*.previousReplies", "100101", "", false},
		{"filterTags.7.id", "filterTags.*.id", "7", "", false},
		{"unknown.figure", "unknown.figure", "", "", true}, // not described: kept, its own pattern
	} {
		info, item, weight, keep, _ := d.Metric("company", c.name)
		assert.Equal(t, []any{c.pattern, c.item, c.weight, c.keep}, []any{info.Metric, item, weight, keep}, c.name)
	}
	rows := d.rowsOf("company", []reports.Metric{{Name: "current.totalReplies", Value: 9}, {Name: "users.1.replies", Value: 4},
		{Name: "users.1.handleTime", Value: 60}, {Name: "users.1.previousReplies", Value: 0}})
	require.Len(t, rows, 3)
	require.NotNil(t, rows[2].Weight)
	assert.Equal(t, 4.0, *rows[2].Weight, "the weight's value in the same bucket")
	assert.Len(t, d.infosOf("company"), 3, "metric_info: no comparison figure, no id")
	assert.Nil(t, newDescriber(nil).describe(), "no infos: nothing described")
}
