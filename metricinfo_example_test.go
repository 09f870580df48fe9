package reports_test

import (
	"fmt"
	"strings"

	"github.com/helpscout-go/reports"
)

// What each metric of the company report is, for a metric_info table: how
// it combines over days, its unit and what weights it.
func ExampleMetricInfos() {
	for _, i := range reports.MetricInfos((*reports.CompanyResult)(nil)) {
		if strings.HasPrefix(i.Name, "current.") || strings.HasPrefix(i.Name, "users.") && !i.Comparison {
			line := fmt.Sprintf("%-28s %-8s %-7s %s", i.Name, i.Kind, i.Unit, i.Weight)
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// current.customersHelped      distinct count
	// current.closed               count    count
	// current.totalReplies         count    count
	// current.totalUsers           distinct count
	// current.totalDays            count    days
	// current.repliesPerDayPerUser average  count
	// current.repliesPerDay        average  count   current.totalDays
	// current.resolvedPerDay       average  count   current.totalDays
	// users.*.customersHelped      distinct count
	// users.*.replies              count    count
	// users.*.handleTime           average  seconds
	// users.*.happinessScore       score    points
}

// A result as named numbers with what each is; without a previous range,
// the comparison figures the API sends as zeros are left out.
func ExampleMetrics_withoutPrevious() {
	res := &reports.CompanyResult{
		Current: reports.CompanyStats{CustomersHelped: 8, TotalReplies: 11, TotalDays: 1, RepliesPerDay: 11},
		Users:   []reports.CompanyUser{{User: "100101", Replies: 11, HandleTime: 95, PreviousReplies: 0}},
	}
	for _, m := range reports.Metrics(res) {
		if m.Value != 0 {
			fmt.Printf("%-24s %4g %s %s\n", m.Name, m.Value, m.Info.Kind, m.Info.Unit)
		}
	}
	// Output:
	// current.customersHelped     8 distinct count
	// current.totalReplies       11 count count
	// current.totalDays           1 count days
	// current.repliesPerDay      11 average count
	// users.100101.replies       11 count count
	// users.100101.handleTime    95 average seconds
}
