package printer

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// infoOf is what the SDK says the number name of type T is.
func infoOf[T any](t *testing.T, name string) *reports.MetricInfo {
	t.Helper()
	info := Infos(reflect.TypeFor[T]())[name]
	require.NotNil(t, info, "%T %s", *new(T), name)
	return info
}

// TestFormatting checks the table's figures: each as its unit (from the
// SDK's field docs) asks.
func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		info *reports.MetricInfo
		f    float64
		want string
	}{
		{infoOf[reports.CompanyUser](t, "handleTime"), 175.1, "2m55s"},
		{infoOf[reports.ProductivityStats](t, "responseTime"), 0, "0s"},
		{infoOf[reports.ProductivityStats](t, "resolutionTime"), 45067.4, "12h31m7s"},
		{infoOf[reports.ProductivityStats](t, "resolutionTime"), 3 * 86400, "3d"},
		{infoOf[reports.TimePoint](t, "time"), 3600, "1h"},
		{infoOf[reports.ProductivityStats](t, "percentResolvedOnFirstReply"), 0.37333, "37.3%"}, // a fraction 0–1, as the API sends it
		{infoOf[reports.HappinessStats](t, "great"), 64.28, "64.3%"},
		{infoOf[reports.CompanyStats](t, "customersHelped"), 86, "86"},
		{infoOf[reports.CompanyStats](t, "repliesPerDay"), 10.714, "10.71"},
		{infoOf[reports.CompanyStats](t, "repliesPerDay"), 6.5, "6.5"},
		{nil, 6.5, "6.5"},
	} {
		name := "<nil>"
		if tc.info != nil {
			name = tc.info.Name
		}
		assert.Equal(t, tc.want, Metric(tc.info, tc.f), name)
	}
	assert.Equal(t, "+10.3%", Metric(infoOf[reports.CompanyDeltas](t, "customersHelped"), 10.26))
	assert.Equal(t, "-2.6 pts", Metric(infoOf[reports.HappinessDeltas](t, "notGood"), -2.6))
	assert.Equal(t, "+3.6 pts", Metric(infoOf[reports.HappinessDeltas](t, "happinessScore"), 3.58))
}

// TestSecondsOption: with Options.Seconds, a table shows the figures in
// seconds its way, in the figures of an overall report, the points of a
// series and the cells of rows alike; other figures and csv are as
// without it.
func TestSecondsOption(t *testing.T) {
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
	doc := reports.ProductivityResult{Current: reports.ProductivityStats{ResponseTime: 11520, Resolved: 7},
		Previous: &reports.ProductivityStats{ResponseTime: 60, Resolved: 3}}
	overall := Layout{Kind: Overall, Item: reflect.TypeFor[reports.ProductivityResult]()}
	row := Row{Value: reflect.ValueOf(doc)}
	got := write(Options{Format: "table", Seconds: sec}, overall, row)
	assert.Regexp(t, `response time +<11520 s> +<60 s>`, got)
	assert.Regexp(t, `resolved +7 +3`, got)
	assert.Regexp(t, `response time +3h12m +1m`, write(Options{Format: "table"}, overall, row), "without the option: Duration")

	lines := Layout{Item: reflect.TypeFor[reports.TimePoint]()}
	point := reports.TimePoint{Time: 11520}
	assert.Contains(t, write(Options{Format: "table", Seconds: sec}, lines, Row{Value: reflect.ValueOf(point)}), "<11520 s>")
	assert.Contains(t, write(Options{Format: "csv", Seconds: sec}, lines, Row{Value: reflect.ValueOf(point)}), ",11520", "csv is exact")

	series := Layout{Kind: Series, Item: reflect.TypeFor[reports.TimePoint](), Lead: []string{"period"}}
	assert.Contains(t, write(Options{Format: "table", Seconds: sec}, series, Row{Lead: []any{"current"}, Value: reflect.ValueOf(point)}), "<11520 s>")
}
