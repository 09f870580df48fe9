package printer

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFormatting checks the table's figures.
func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    float64
		want string
	}{
		{"handleTime", 175.1, "2m55s"},
		{"responseTime", 0, "0s"},
		{"resolutionTime", 45067.4, "12h31m7s"},
		{"resolutionTime", 3 * 86400, "3d"},
		{"time", 3600, "1h"},
		{"percentResolvedOnFirstReply", 0.37333, "37.3%"}, // a fraction 0–1, as the API sends it
		{"previousPercent", 37.333, "37.3%"},
		{"great", 64.28, "64.3%"},
		{"customersHelped", 86, "86"},
		{"repliesPerDay", 10.714, "10.71"},
		{"repliesPerDay", 6.5, "6.5"},
	} {
		assert.Equal(t, tc.want, Metric(tc.name, tc.f), tc.name)
	}
	assert.Equal(t, "+10.3%", change("customersHelped", 10.26))
	assert.Equal(t, "-2.6 pts", change("notGood", -2.6))
	assert.Equal(t, "+3.6 pts", change("happinessScore", 3.58))
}

// TestSecondsOption: with Options.Seconds, a table shows the figures in
// seconds its way, in the figures of an overall report, the points of a
// series and the cells of rows alike; other figures and csv are as
// without it.
func TestSecondsOption(t *testing.T) {
	type stats struct {
		ResponseTime float64 `json:"responseTime"`
		Closed       float64 `json:"closed"`
	}
	type report struct {
		Current  stats  `json:"current"`
		Previous *stats `json:"previous,omitempty"`
	}
	sec := func(f float64) string { return fmt.Sprintf("<%g s>", f) }
	write := func(o Options, l Layout, rows ...Row) string {
		var b strings.Builder
		p, err := New(&b, o)
		require.NoError(t, err)
		require.NoError(t, p.Begin(l))
		for _, r := range rows {
			require.NoError(t, p.Row(r))
		}
		require.NoError(t, p.End(false))
		return b.String()
	}
	doc := report{Current: stats{ResponseTime: 11520, Closed: 7}, Previous: &stats{ResponseTime: 60, Closed: 3}}
	overall := Layout{Kind: Overall, Item: reflect.TypeFor[report]()}
	row := Row{Value: reflect.ValueOf(doc)}
	got := write(Options{Format: "table", Seconds: sec}, overall, row)
	assert.Regexp(t, `response time +<11520 s> +<60 s>`, got)
	assert.Regexp(t, `closed +7 +3`, got)
	assert.Regexp(t, `response time +3h12m +1m`, write(Options{Format: "table"}, overall, row), "without the option: Duration")

	lines := Layout{Item: reflect.TypeFor[stats]()}
	assert.Contains(t, write(Options{Format: "table", Seconds: sec}, lines, Row{Value: reflect.ValueOf(doc.Current)}), "<11520 s>")
	assert.Contains(t, write(Options{Format: "csv", Seconds: sec}, lines, Row{Value: reflect.ValueOf(doc.Current)}), "11520,7", "csv is exact")

	series := Layout{Kind: Series, Item: reflect.TypeFor[stats](), Lead: []string{"period"}}
	assert.Contains(t, write(Options{Format: "table", Seconds: sec}, series, Row{Lead: []any{"current"}, Value: reflect.ValueOf(doc.Current)}), "<11520 s>")
}
