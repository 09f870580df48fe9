package reports

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allChannel is the every-param value of the chat, email and phone reports.
var allChannel = ChannelParams{Dates: allDates, PreviousDates: allPrevious, ChannelFilters: allChannelFilters, OfficeHours: true}

// keysChannelReport are the keys they accept: no conversation types.
var keysChannelReport = wireKeys(keysDates, keysPrevious, keysChannel, keysOffice)

var channelsEndpoints = []endpointCase{
	endpoint("GetChat", "/v2/reports/chat", (*Client).GetChat, ChatParams{}, allChannel, keysChannelReport,
		fx("chat.json", func(t *testing.T, r *ChatResult) {
			assert.Equal(t, utcTime(2019, 3, 1, 12, 0, 0), r.Current.StartDate)
			assert.Equal(t, ChatVolume{ChatConversations: 255, CompletedChats: 243, MissedChats: 12, ChatsPerDay: 8.225806}, r.Current.Volume)
			assert.Equal(t, ChatResolutions{MessagesPerChat: 16.84252, Duration: 927}, r.Current.Resolutions)
			require.NotNil(t, r.Previous)
			assert.Equal(t, 66.0, r.Previous.Responses.ResponseTime)
			require.NotNil(t, r.Deltas)
			assert.Equal(t, -0.85561496, r.Deltas.Resolutions.Duration)
			assert.Equal(t, 140.0, r.Deltas.Volume.MissedChats)
			for name, b := range map[string]*RangeBuckets{"waitTime": r.WaitTime, "responseTime": r.ResponseTime,
				"messagesPerChat": r.MessagesPerChat, "duration": r.Duration} {
				require.NotNil(t, b, name)
				assert.Len(t, b.Ranges, 5, name)
			}
			assert.Equal(t, RangeBucket{ID: 1, Count: 199, Percent: 83.61345, PreviousCount: 160, PreviousPercent: 81}, r.WaitTime.Ranges[0])
		})),
	endpoint("GetEmail", "/v2/reports/email", (*Client).GetEmail, EmailParams{}, allChannel, keysChannelReport,
		fx("email.json", func(t *testing.T, r *EmailResult) {
			assert.Equal(t, []FilterTag{{ID: 100, Name: "vip"}}, r.FilterTags)
			assert.Equal(t, EmailVolume{EmailConversations: 8, EmailsCreated: 5, RepliesSent: 24, MessagesReceived: 40}, r.Current.Volume)
			assert.Equal(t, 0.1, r.Current.Resolutions.PercentResolvedOnFirstReply)
			assert.Equal(t, 17.0, r.Current.Resolutions.RepliesToResolve)
			assert.Equal(t, EmailResponses{ResponseTime: 1023, FirstResponseTime: 500}, r.Current.Responses)
			require.NotNil(t, r.Previous)
			assert.Equal(t, 140.0, r.Previous.Resolutions.ResolvedOnFirstReply)
			require.NotNil(t, r.Deltas)
			assert.Equal(t, -15.0, r.Deltas.Resolutions.Resolved)
			assert.Equal(t, -99.085, r.Deltas.Responses.FirstResponseTime)
			require.NotNil(t, r.ResolutionTime)
			assert.Len(t, r.ResolutionTime.Ranges, 2)
			require.NotNil(t, r.RepliesToResolve)
			assert.Equal(t, pointerTo(2278004.0), r.RepliesToResolve.Ranges[0].ResolutionTime)
			assert.NotNil(t, r.ResponseTime)
			assert.NotNil(t, r.HandleTime)
			assert.NotNil(t, r.FirstResponseTime)
		})),
	endpoint("GetPhone", "/v2/reports/phone", (*Client).GetPhone, PhoneParams{}, allChannel, keysChannelReport,
		fx("phone.json", func(t *testing.T, r *PhoneResult) {
			assert.Equal(t, PhoneMetrics{PhoneConversations: 11, PhoneCallsCreated: 11, Customers: 10}, r.Current.PhoneMetrics)
			require.NotNil(t, r.Previous)
			assert.Equal(t, utcTime(2019, 3, 1, 12, 0, 0), r.Previous.EndDate)
			require.NotNil(t, r.Deltas)
			assert.Equal(t, PhoneDeltas{NewConversations: 0, PhoneCallsCreated: 83.333336, Customers: 25}, *r.Deltas)
			require.Len(t, r.Users, 1)
			assert.Equal(t, PhoneUser{ID: 100, Name: "Vernon Bear",
				Current:  PhoneMetrics{PhoneConversations: 2, Customers: 2},
				Previous: &PhoneMetrics{PhoneConversations: 1, Customers: 1}}, r.Users[0])
		})),
}

func TestChannelsEndpoints(t *testing.T) { checkEndpoints(t, channelsEndpoints) }
