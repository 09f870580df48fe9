package reports_test

// Params against the fake API: an external test, since reportstest imports
// reports.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefusedLikeTheFake: around each limit of a number or a date that the
// fake API checks (page and rangeId up to 2³¹−1, user and fieldid up to
// 2⁶², years 1 to 9999), the SDK refuses a value before any request
// exactly when the fake, sent the same value as it is (client.Get, which
// validates nothing), answers 400; and sends it otherwise. The fake's own
// guesses (a rangeId past the range's ids, an unknown user) are off
// (WithLenientValidation): its limits of numbers and dates hold all the
// same. Issue 26 item 12.
func TestRefusedLikeTheFake(t *testing.T) {
	srv := reportstest.NewServer(reportstest.WithLenientValidation())
	defer srv.Close()
	c := srv.Client(reports.WithMaxRetries(0))
	ctx := t.Context()
	week := reports.LastDays(c.Now(), 7)
	wire := func(t time.Time) string { // the wire layout, for years Format cannot write in it
		t = t.UTC()
		return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second())
	}
	rangeQuery := func(d reports.Dates, kv ...string) url.Values {
		q := url.Values{"start": {wire(d.Start)}, "end": {wire(d.End)}}
		for i := 0; i < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return q
	}
	type check struct {
		name  string
		path  string
		query url.Values
		call  func(context.Context) error // the typed call with the same value
	}
	var checks []check
	n := func(v int64) string { return fmt.Sprint(v) }
	for _, v := range []int64{1<<31 - 2, 1<<31 - 1, 1 << 31, 1<<31 + 1, 1 << 62, math.MaxInt64} {
		checks = append(checks,
			check{"page " + n(v), "/v2/reports/conversations/drilldown", rangeQuery(week, "page", n(v)), func(ctx context.Context) error {
				_, err := c.GetConversationsDrilldown(ctx, reports.DrilldownParams{Dates: week, Paging: reports.Paging{Page: int(v)}})
				return err
			}},
			check{"rangeId " + n(v), "/v2/reports/company/drilldown", rangeQuery(week, "range", "replies", "rangeId", n(v)), func(ctx context.Context) error {
				_, err := c.GetCompanyDrilldown(ctx, reports.CompanyDrilldownParams{Dates: week, Range: reports.RangeReplies, RangeID: int(v)})
				return err
			}})
	}
	for _, v := range []int64{1 << 31, 1<<62 - 1, 1 << 62, 1<<62 + 1, math.MaxInt64} {
		checks = append(checks,
			check{"user " + n(v), "/v2/reports/user", rangeQuery(week, "user", n(v)), func(ctx context.Context) error {
				_, err := c.GetUser(ctx, reports.UserParams{User: v, Dates: week})
				return err
			}},
			check{"fieldid " + n(v), "/v2/reports/conversations/fields-drilldown", rangeQuery(week, "field", "customerid", "fieldid", n(v)), func(ctx context.Context) error {
				_, err := c.GetConversationsDrilldownByField(ctx, reports.ConversationsDrilldownByFieldParams{Dates: week, Field: reports.FieldCustomerID, FieldID: v})
				return err
			}})
	}
	utc := func(y int, m time.Month, d, s int) time.Time { return time.Date(y, m, d, 0, 0, s, 0, time.UTC) }
	for _, d := range []reports.Dates{
		{Start: utc(-1, 12, 25, 0), End: utc(0, 1, 1, 0)},
		{Start: utc(0, 12, 25, 0), End: utc(1, 1, 1, 1)}, // 0001-01-01T00:00:00Z is the zero time: "not set"
		{Start: utc(1, 1, 1, 1), End: utc(1, 1, 8, 0)},
		{Start: utc(9999, 12, 1, 0), End: utc(9999, 12, 31, 0)},
		{Start: utc(9999, 12, 31, 0), End: utc(10000, 1, 1, 0)},
		{Start: utc(10000, 1, 1, 0), End: utc(10000, 1, 2, 0)},
	} {
		checks = append(checks, check{"range " + wire(d.Start) + " to " + wire(d.End), "/v2/reports/company", rangeQuery(d), func(ctx context.Context) error {
			_, err := c.GetCompany(ctx, reports.CompanyParams{Dates: d})
			return err
		}}, check{"previous range " + wire(d.Start) + " to " + wire(d.End), "/v2/reports/company",
			rangeQuery(week, "previousStart", wire(d.Start), "previousEnd", wire(d.End)), func(ctx context.Context) error {
				_, err := c.GetCompany(ctx, reports.CompanyParams{Dates: week, PreviousDates: reports.PreviousDates{PreviousStart: d.Start, PreviousEnd: d.End}})
				return err
			}})
	}
	refusedByFake := 0
	for _, ch := range checks {
		t.Run(ch.name, func(t *testing.T) {
			err := c.Get(ctx, ch.path, ch.query, nil)
			var ae *reports.APIError
			fake := errors.As(err, &ae) && ae.StatusCode == 400
			if fake {
				refusedByFake++
			}
			sent := len(srv.Requests())
			err = ch.call(ctx)
			sdk := errors.Is(err, reports.ErrInvalidParams)
			assert.Equal(t, fake, sdk, "the fake refuses it: %v; the SDK: %v", fake, err)
			if sdk {
				assert.Len(t, srv.Requests(), sent, "nothing sent")
			} else {
				require.Len(t, srv.Requests(), sent+1, "sent")
			}
		})
	}
	assert.Greater(t, refusedByFake, 10, "the fake refuses some of these")
}
