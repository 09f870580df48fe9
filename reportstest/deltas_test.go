package reportstest_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unit is how a delta follows from a figure's current and previous values,
// as the reports package documents it for each Deltas field.
type unit int

const (
	percentChange unit = iota // (cur − prev) / prev × 100, 0 when prev is 0
	points                    // cur − prev
)

func (u unit) String() string { return [...]string{"percent change", "points"}[u] }

func (u unit) of(cur, prev float64) float64 {
	if u == points {
		return cur - prev
	}
	if prev == 0 {
		return 0
	}
	return (cur - prev) / prev * 100
}

// deltaCheck is one delta field of an answer: the field's current and
// previous figures, the delta the answer holds and the unit it should be in.
type deltaCheck struct {
	field          string
	cur, prev, got float64
	unit           unit
}

func pct(field string, cur, prev, got float64) deltaCheck {
	return deltaCheck{field, cur, prev, got, percentChange}
}

func pts(field string, cur, prev, got float64) deltaCheck {
	return deltaCheck{field, cur, prev, got, points}
}

// tolerance allows for the fake's rounding of deltas to hundredths.
const tolerance = 0.005 + 1e-9

// checkDeltas checks that each delta is its unit's formula applied to the
// answer's own current and previous figures, that the checks cover every
// number of deltas, and that for each unit used at least one check could
// tell it from the other unit (so that a delta in the wrong unit fails).
func checkDeltas(t *testing.T, deltas any, checks []deltaCheck) {
	t.Helper()
	assert.Len(t, checks, countNumbers(reflect.ValueOf(deltas)), "every number of %T is checked", deltas)
	telling := map[unit]bool{}
	used := map[unit]bool{}
	for _, c := range checks {
		want := c.unit.of(c.cur, c.prev)
		assert.InDelta(t, want, c.got, tolerance, "%s: %s from %v to %v", c.field, c.unit, c.prev, c.cur)
		used[c.unit] = true
		other := percentChange
		if c.unit == percentChange {
			other = points
		}
		if math.Abs(other.of(c.cur, c.prev)-want) > 2*tolerance {
			telling[c.unit] = true
		}
	}
	for u := range used {
		assert.True(t, telling[u], "no %s delta of %T tells %s from the other unit: the data cannot show a wrong unit", u, deltas, u)
	}
}

// countNumbers counts the float64 fields (and set *float64 fields) of v,
// through nested structs and pointers.
func countNumbers(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return countNumbers(v.Elem())
	case reflect.Float64:
		return 1
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return 0
		}
		n := 0
		for i := range v.NumField() {
			n += countNumbers(v.Field(i))
		}
		return n
	}
	return 0
}

// TestDeltaUnits checks, for every report with deltas, the unit of each
// delta against the answer's own current and previous figures: percent
// changes for counts, averages and times, points for metrics that are
// percents (happiness shares and score, the Docs shares).
func TestDeltaUnits(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	k := newKit(srv)
	d, p := k.dates, k.previous
	overall := reports.OverallParams{Dates: d, PreviousDates: p}
	channel := reports.ChannelParams{Dates: d, PreviousDates: p}

	t.Run("company", func(t *testing.T) {
		r, err := c.GetCompany(ctx, overall)
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		checkDeltas(t, dl, []deltaCheck{
			pct("customersHelped", cur.CustomersHelped, prev.CustomersHelped, dl.CustomersHelped),
			pct("totalReplies", cur.TotalReplies, prev.TotalReplies, dl.TotalReplies),
			pct("repliesPerDay", cur.RepliesPerDay, prev.RepliesPerDay, dl.RepliesPerDay),
			pct("closed", cur.Closed, prev.Closed, dl.Closed),
			pct("totalUsers", cur.TotalUsers, prev.TotalUsers, dl.TotalUsers),
			pct("repliesPerDayPerUser", cur.RepliesPerDayPerUser, prev.RepliesPerDayPerUser, dl.RepliesPerDayPerUser),
		})
	})

	t.Run("conversations", func(t *testing.T) {
		r, err := c.GetConversations(ctx, overall)
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		checkDeltas(t, dl, []deltaCheck{
			pct("totalConversations", cur.TotalConversations, prev.TotalConversations, dl.TotalConversations),
			pct("conversationsCreated", cur.ConversationsCreated, prev.ConversationsCreated, dl.ConversationsCreated),
			pct("newConversations", cur.NewConversations, prev.NewConversations, dl.NewConversations),
			pct("customers", cur.Customers, prev.Customers, dl.Customers),
			pct("conversationsPerDay", cur.ConversationsPerDay, prev.ConversationsPerDay, dl.ConversationsPerDay),
		})
	})

	t.Run("docs", func(t *testing.T) {
		r, err := c.GetDocs(ctx, reports.DocsParams{Dates: d, PreviousDates: p})
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		checkDeltas(t, dl, []deltaCheck{
			pct("visitors", cur.Visitors, prev.Visitors, dl.Visitors),
			pts("browseAction", cur.BrowseAction, prev.BrowseAction, dl.BrowseAction),
			pts("sentAnEmailResult", cur.SentAnEmailResult, prev.SentAnEmailResult, dl.SentAnEmailResult),
			pts("foundAnAnswerResult", cur.FoundAnAnswerResult, prev.FoundAnAnswerResult, dl.FoundAnAnswerResult),
			pts("searchAction", cur.SearchAction, prev.SearchAction, dl.SearchAction),
			pts("failedResult", cur.FailedResult, prev.FailedResult, dl.FailedResult),
			pct("docsViewedPerVisit", cur.DocsViewedPerVisit, prev.DocsViewedPerVisit, dl.DocsViewedPerVisit),
		})
		// As in the API's sample: shares that add up to 100 have point
		// deltas that add up to 0.
		assert.InDelta(t, 0, dl.BrowseAction+dl.SearchAction, 2*tolerance)
	})

	happiness := func(t *testing.T, r *reports.HappinessResult, err error) {
		t.Helper()
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		checkDeltas(t, dl, []deltaCheck{
			pts("great", cur.Great, prev.Great, dl.Great),
			pts("okay", cur.Okay, prev.Okay, dl.Okay),
			pts("notGood", cur.NotGood, prev.NotGood, dl.NotGood),
			pts("happinessScore", cur.HappinessScore, prev.HappinessScore, dl.HappinessScore),
			pct("greatCount", cur.GreatCount, prev.GreatCount, dl.GreatCount),
			pct("okayCount", cur.OkayCount, prev.OkayCount, dl.OkayCount),
			pct("notGoodCount", cur.NotGoodCount, prev.NotGoodCount, dl.NotGoodCount),
		})
		// As in the API's sample: the score's delta is Great's minus Not
		// Good's.
		assert.InDelta(t, dl.Great-dl.NotGood, dl.HappinessScore, 3*tolerance)
	}
	t.Run("happiness", func(t *testing.T) {
		r, err := c.GetHappiness(ctx, overall)
		happiness(t, r, err)
	})
	t.Run("user happiness", func(t *testing.T) {
		r, err := c.GetUserHappiness(ctx, reports.UserHappinessParams{User: k.user, Dates: d, PreviousDates: p})
		happiness(t, r, err)
	})

	t.Run("productivity", func(t *testing.T) {
		r, err := c.GetProductivity(ctx, reports.ProductivityParams{Dates: d, PreviousDates: p})
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		checkDeltas(t, dl, []deltaCheck{
			pct("totalConversations", cur.TotalConversations, prev.TotalConversations, dl.TotalConversations),
			pct("resolutionTime", cur.ResolutionTime, prev.ResolutionTime, dl.ResolutionTime),
			pct("repliesToResolve", cur.RepliesToResolve, prev.RepliesToResolve, dl.RepliesToResolve),
			pct("responseTime", cur.ResponseTime, prev.ResponseTime, dl.ResponseTime),
			pct("firstResponseTime", cur.FirstResponseTime, prev.FirstResponseTime, dl.FirstResponseTime),
			pct("resolved", cur.Resolved, prev.Resolved, dl.Resolved),
			pct("resolvedOnFirstReply", cur.ResolvedOnFirstReply, prev.ResolvedOnFirstReply, dl.ResolvedOnFirstReply),
			pct("closed", cur.Closed, prev.Closed, dl.Closed),
			pct("repliesSent", cur.RepliesSent, prev.RepliesSent, dl.RepliesSent),
			pct("handleTime", cur.HandleTime, prev.HandleTime, dl.HandleTime),
		})
	})

	t.Run("user", func(t *testing.T) {
		r, err := c.GetUser(ctx, reports.UserParams{User: k.user, Dates: d, PreviousDates: p})
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		// No figure of the answer carries the active conversations: count
		// the user's conversations that are not closed in each range.
		active := func(dates reports.Dates) float64 {
			n := 0
			for _, s := range []reports.ConversationStatus{reports.StatusActive, reports.StatusPending} {
				h, err := c.GetUserConversationHistory(ctx, reports.UserConversationHistoryParams{User: k.user, Dates: dates, Status: s})
				require.NoError(t, err)
				n += h.Count
			}
			return float64(n)
		}
		checkDeltas(t, dl, []deltaCheck{
			pct("totalConversations", cur.TotalConversations, prev.TotalConversations, dl.TotalConversations),
			pct("activeConversations", active(d), active(reports.Dates{Start: p.PreviousStart, End: p.PreviousEnd}), dl.ActiveConversations),
			pct("conversationsCreated", cur.ConversationsCreated, prev.ConversationsCreated, dl.ConversationsCreated),
			pct("customersHelped", cur.CustomersHelped, prev.CustomersHelped, dl.CustomersHelped),
			pts("happinessScore", cur.HappinessScore, prev.HappinessScore, dl.HappinessScore),
			pct("repliesPerDay", cur.RepliesPerDay, prev.RepliesPerDay, dl.RepliesPerDay),
			pct("resolvedOnFirstReply", cur.ResolvedOnFirstReply, prev.ResolvedOnFirstReply, dl.ResolvedOnFirstReply),
			pct("handleTime", cur.HandleTime, prev.HandleTime, dl.HandleTime),
			pct("conversationsPerDay", cur.ConversationsPerDay, prev.ConversationsPerDay, dl.ConversationsPerDay),
			pct("resolved", cur.Resolved, prev.Resolved, dl.Resolved),
			pct("repliesToResolve", cur.RepliesToResolve, prev.RepliesToResolve, dl.RepliesToResolve),
			pct("totalReplies", cur.TotalReplies, prev.TotalReplies, dl.TotalReplies),
			pct("closed", cur.Closed, prev.Closed, dl.Closed),
			pct("responseTime", cur.ResponseTime, prev.ResponseTime, dl.ResponseTime),
			pct("resolutionTime", cur.ResolutionTime, prev.ResolutionTime, dl.ResolutionTime),
		})
	})

	t.Run("user chat", func(t *testing.T) {
		r, err := c.GetUserChat(ctx, reports.UserChatParams{User: k.user, Dates: d, PreviousDates: p})
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		require.NotNil(t, r.Previous)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		flat := func(field string, f func(s *reports.UserChatStats) *float64) deltaCheck {
			for _, s := range []*reports.UserChatStats{cur, prev, dl} {
				require.NotNil(t, f(s), "%s: the fake answers the flat reading", field)
			}
			return pct(field, *f(cur), *f(prev), *f(dl))
		}
		checkDeltas(t, dl, []deltaCheck{
			flat("newConversations", func(s *reports.UserChatStats) *float64 { return s.NewConversations }),
			flat("messagesPerChat", func(s *reports.UserChatStats) *float64 { return s.MessagesPerChat }),
			flat("responseTime", func(s *reports.UserChatStats) *float64 { return s.ResponseTime }),
			flat("waitTime", func(s *reports.UserChatStats) *float64 { return s.WaitTime }),
			flat("duration", func(s *reports.UserChatStats) *float64 { return s.Duration }),
		})
	})

	t.Run("chat", func(t *testing.T) {
		r, err := c.GetChat(ctx, channel)
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current.ChatMetrics, r.Previous.ChatMetrics, r.Deltas
		checkDeltas(t, dl, []deltaCheck{
			pct("volume.chatConversations", cur.Volume.ChatConversations, prev.Volume.ChatConversations, dl.Volume.ChatConversations),
			pct("volume.completedChats", cur.Volume.CompletedChats, prev.Volume.CompletedChats, dl.Volume.CompletedChats),
			pct("volume.missedChats", cur.Volume.MissedChats, prev.Volume.MissedChats, dl.Volume.MissedChats),
			pct("volume.chatsPerDay", cur.Volume.ChatsPerDay, prev.Volume.ChatsPerDay, dl.Volume.ChatsPerDay),
			pct("responses.waitTime", cur.Responses.WaitTime, prev.Responses.WaitTime, dl.Responses.WaitTime),
			pct("responses.responseTime", cur.Responses.ResponseTime, prev.Responses.ResponseTime, dl.Responses.ResponseTime),
			pct("resolutions.messagesPerChat", cur.Resolutions.MessagesPerChat, prev.Resolutions.MessagesPerChat, dl.Resolutions.MessagesPerChat),
			pct("resolutions.duration", cur.Resolutions.Duration, prev.Resolutions.Duration, dl.Resolutions.Duration),
		})
	})

	t.Run("email", func(t *testing.T) {
		r, err := c.GetEmail(ctx, channel)
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		cr, pr := cur.Resolutions, prev.Resolutions
		checkDeltas(t, dl, []deltaCheck{
			pct("volume.emailConversations", cur.Volume.EmailConversations, prev.Volume.EmailConversations, dl.Volume.EmailConversations),
			pct("volume.emailsCreated", cur.Volume.EmailsCreated, prev.Volume.EmailsCreated, dl.Volume.EmailsCreated),
			pct("volume.repliesSent", cur.Volume.RepliesSent, prev.Volume.RepliesSent, dl.Volume.RepliesSent),
			pct("volume.messagesReceived", cur.Volume.MessagesReceived, prev.Volume.MessagesReceived, dl.Volume.MessagesReceived),
			pct("resolutions.resolved", cr.Resolved, pr.Resolved, dl.Resolutions.Resolved),
			pct("resolutions.resolvedOnFirstReply", cr.ResolvedOnFirstReply, pr.ResolvedOnFirstReply, dl.Resolutions.ResolvedOnFirstReply),
			pct("resolutions.resolutionTime", cr.ResolutionTime, pr.ResolutionTime, dl.Resolutions.ResolutionTime),
			pct("resolutions.repliesToResolve", cr.RepliesToResolve, pr.RepliesToResolve, dl.Resolutions.RepliesToResolve),
			pct("resolutions.handleTime", cr.HandleTime, pr.HandleTime, dl.Resolutions.HandleTime),
			pct("resolutions.closed", cr.Closed, pr.Closed, dl.Resolutions.Closed),
			pct("responses.responseTime", cur.Responses.ResponseTime, prev.Responses.ResponseTime, dl.Responses.ResponseTime),
			pct("responses.firstResponseTime", cur.Responses.FirstResponseTime, prev.Responses.FirstResponseTime, dl.Responses.FirstResponseTime),
		})
	})

	t.Run("phone", func(t *testing.T) {
		r, err := c.GetPhone(ctx, channel)
		require.NoError(t, err)
		require.NotNil(t, r.Deltas)
		cur, prev, dl := r.Current, r.Previous, r.Deltas
		checkDeltas(t, dl, []deltaCheck{
			pct("newConversations (of phoneConversations)", cur.PhoneConversations, prev.PhoneConversations, dl.NewConversations),
			pct("phoneCallsCreated", cur.PhoneCallsCreated, prev.PhoneCallsCreated, dl.PhoneCallsCreated),
			pct("customers", cur.Customers, prev.Customers, dl.Customers),
		})
	})
}

// TestDeltaUnitFormulas pins the two formulas on the API docs' own samples,
// so that the units the fake is checked against are the API's.
func TestDeltaUnitFormulas(t *testing.T) {
	for _, tc := range []struct {
		u               unit
		cur, prev, want float64
	}{
		{percentChange, 28, 27, 3.703703703703698},                         // company customersHelped
		{percentChange, 6, 0, 0},                                           // productivity handleTime: a change from 0 is 0
		{points, 37.27272727272727, 31.65735567970205, 5.615371593025223},  // happiness great
		{percentChange, 41, 340, -87.94117647058823},                       // happiness greatCount
		{points, 66.66666666666666, 23.529411764705884, 43.13725490196077}, // user happinessScore
	} {
		assert.InDelta(t, tc.want, tc.u.of(tc.cur, tc.prev), 1e-9, fmt.Sprint(tc))
	}
}
