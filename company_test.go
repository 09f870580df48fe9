package reports

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// utc is a shorthand for the UTC times the fixtures hold.
func utcTime(y int, mo time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

var companyEndpoints = []endpointCase{
	endpoint("GetCompany", "/v2/reports/company", (*Client).GetCompany,
		CompanyParams{},
		CompanyParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters},
		wireKeys(keysDates, keysPrevious, keysFilters),
		fx("company.json", func(t *testing.T, r *CompanyResult) {
			assert.Equal(t, []FilterTag{{ID: 123, Name: "sample-tag"}}, r.FilterTags)
			assert.Equal(t, utcTime(2015, 1, 1, 0, 0, 0), r.Current.StartDate)
			assert.Equal(t, utcTime(2015, 1, 31, 23, 59, 59), r.Current.EndDate)
			assert.Equal(t, 28.0, r.Current.CustomersHelped)
			assert.Equal(t, 0.41333333333333333, r.Current.RepliesPerDayPerUser)
			require.NotNil(t, r.Previous)
			assert.Equal(t, utcTime(2014, 1, 1, 0, 0, 0), r.Previous.StartDate)
			assert.Equal(t, 636.0, r.Previous.TotalReplies)
			require.NotNil(t, r.Deltas)
			assert.Equal(t, 25.0, r.Deltas.TotalUsers)
			assert.Equal(t, -92.20125786163523, r.Deltas.RepliesPerDayPerUser)
			require.Len(t, r.Users, 1)
			assert.Equal(t, CompanyUser{
				User: "1", Name: "John Smith", CustomersHelped: 26, Replies: 58, HandleTime: 78.96,
				HappinessScore: 66.66666666666666, PreviousCustomersHelped: 16, PreviousReplies: 40,
				PreviousHandleTime: 0, PreviousHappinessScore: 23.529411764705884,
			}, r.Users[0])
		})),
	endpoint("GetCompanyCustomersHelped", "/v2/reports/company/customers-helped", (*Client).GetCompanyCustomersHelped,
		CompanyCustomersHelpedParams{},
		CompanyCustomersHelpedParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, ViewBy: ViewByWeek},
		wireKeys(keysDates, keysPrevious, keysFilters, keysViewBy),
		fx("company_customers_helped.json", func(t *testing.T, r *CompanyCustomersHelpedResult) {
			assert.Equal(t, []CustomersPoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Customers: 58}}, r.Current)
			assert.Equal(t, []CustomersPoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Customers: 69}}, r.Previous)
		})),
	endpoint("GetCompanyDrilldown", "/v2/reports/company/drilldown", (*Client).GetCompanyDrilldown,
		CompanyDrilldownParams{},
		CompanyDrilldownParams{Dates: allDates, Filters: allFilters, Paging: allPaging, Range: RangeResponseTime, RangeID: 3},
		wireKeys(keysDates, keysFilters, keysPaging, keysRange),
		fx("company_drilldown.json", checkDrilldownSample)),
}

// checkDrilldownSample spot-checks the drilldown sample that the company and
// conversations drilldowns share.
func checkDrilldownSample(t *testing.T, r *DrilldownResult) {
	p := r.Conversations
	assert.Equal(t, 1, p.Page)
	assert.Equal(t, 157, p.Pages)
	assert.Equal(t, 1561, p.Count)
	require.Len(t, p.Results, 1)
	c := p.Results[0]
	assert.Equal(t, int64(583), c.ID)
	assert.Equal(t, int64(12345), c.Number)
	assert.Equal(t, ConversationTypeEmail, c.Type)
	assert.Equal(t, int64(2), c.MailboxID)
	assert.False(t, c.Attachments)
	assert.Equal(t, StatusActive, c.Status)
	assert.Equal(t, 6, c.ThreadCount)
	assert.Equal(t, "John Smith", c.CustomerName)
	require.NotNil(t, c.CustomerEmail, "an empty e-mail is kept, not dropped")
	assert.Empty(t, *c.CustomerEmail)
	assert.Equal(t, []int64{2}, c.CustomerIDs)
	assert.Equal(t, utcTime(2015, 4, 24, 18, 59, 49), c.ModifiedAt)
	assert.Equal(t, int64(4), c.AssignedID)
	require.NotNil(t, c.AssignedName)
	assert.Equal(t, "Mary Jones", *c.AssignedName)
	assert.Nil(t, c.WaitingSince)
	assert.Nil(t, c.WaitingSinceType)
	assert.Equal(t, []ConversationTag{{ID: 123, Name: "sample-tag", Color: "none"}}, c.Tags)
}

func TestCompanyEndpoints(t *testing.T) { checkEndpoints(t, companyEndpoints) }
