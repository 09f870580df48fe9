package reports

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var conversationsEndpoints = []endpointCase{
	endpoint("GetConversations", "/v2/reports/conversations", (*Client).GetConversations,
		ConversationsParams{},
		ConversationsParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters},
		wireKeys(keysDates, keysPrevious, keysFilters),
		fx("conversations.json", func(t *testing.T, r *ConversationsResult) {
			assert.Equal(t, []FilterTag{{ID: 2, Name: "tag a"}, {ID: 3, Name: "tag b"}}, r.FilterTags)
			assert.Equal(t, &BusyTime{Day: 3, Hour: 0, Count: 411}, r.BusiestDay)
			assert.Equal(t, 11, r.BusyTimeStart)
			assert.Equal(t, 13, r.BusyTimeEnd)
			assert.Equal(t, utcTime(2015, 1, 31, 23, 59, 59), r.Current.EndDate)
			assert.Equal(t, 1816.0, r.Current.TotalConversations)
			assert.Equal(t, 60.0, r.Current.ConversationsPerDay)
			require.NotNil(t, r.Previous)
			assert.Equal(t, utcTime(2014, 1, 1, 23, 59, 59), r.Previous.EndDate)
			assert.Equal(t, 1479.0, r.Previous.Customers)
			require.NotNil(t, r.Deltas)
			assert.Equal(t, -11.967545638945, r.Deltas.Customers)

			require.NotNil(t, r.Tags)
			assert.Equal(t, 351.0, r.Tags.Count)
			require.Len(t, r.Tags.Top, 3)
			assert.Equal(t, TopItem{ID: 1, Count: 1465, PreviousCount: 1651, Percent: 80.671806167401,
				PreviousPercent: 79.375, DeltaPercent: 1.2968061674009}, r.Tags.Top[0], "tag 1 (untagged) has no name")
			require.NotNil(t, r.Customers)
			assert.Equal(t, "Mary Jones", r.Customers.Top[1].Name)
			assert.Nil(t, r.Customers.Top[1].MailboxID)
			require.NotNil(t, r.Replies)
			require.NotNil(t, r.Replies.Top[0].MailboxID, "saved replies carry their mailbox")
			assert.Equal(t, int64(1), *r.Replies.Top[0].MailboxID)
			require.NotNil(t, r.Workflows)
			assert.Equal(t, -0.24504405286344, r.Workflows.Top[1].DeltaPercent)

			require.NotNil(t, r.CustomFields)
			require.Len(t, r.CustomFields.Fields, 1)
			cf := r.CustomFields.Fields[0]
			assert.Equal(t, int64(8), cf.ID)
			assert.Equal(t, int64(1234), cf.MailboxID)
			assert.Equal(t, CustomFieldValue{ID: 11, Name: "Trial Customer", Count: 273, Percent: 10.435779816513762}, cf.Values[1])
			assert.Equal(t, 2241.0, cf.Summary.TotalAnswered)
			assert.Nil(t, cf.Summary.PreviousTotal, "null stays null")
			assert.Nil(t, cf.Summary.PreviousTotalAnswered)
		})),
	endpoint("GetConversationsNewConversations", "/v2/reports/conversations/new", (*Client).GetConversationsNewConversations,
		ConversationsNewConversationsParams{},
		ConversationsNewConversationsParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, ViewBy: ViewByWeek},
		wireKeys(keysDates, keysPrevious, keysFilters, keysViewBy),
		fx("conversations_new_conversations.json", func(t *testing.T, r *ConversationsNewConversationsResult) {
			assert.Equal(t, []NewConversationsPoint{{Start: utcTime(2020, 3, 9, 13, 30, 0), Count: 62}}, r.Current)
			assert.Equal(t, []NewConversationsPoint{{Start: utcTime(2020, 2, 24, 13, 30, 0), Count: 69}}, r.Previous)
		})),
	endpoint("GetConversationsChannelVolumes", "/v2/reports/conversations/volume-by-channel", (*Client).GetConversationsChannelVolumes,
		ConversationsChannelVolumesParams{},
		ConversationsChannelVolumesParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, ViewBy: ViewByWeek},
		wireKeys(keysDates, keysPrevious, keysFilters, keysViewBy),
		fx("conversations_channel_volumes.json", func(t *testing.T, r *ConversationsChannelVolumesResult) {
			assert.Equal(t, []ChannelVolumePoint{{Date: utcTime(2020, 3, 9, 13, 30, 0), Email: 62}}, r.Current)
			assert.Equal(t, []ChannelVolumePoint{{Date: utcTime(2020, 2, 24, 13, 30, 0), Email: 69}}, r.Previous)
		})),
	endpoint("GetConversationsBusiestTimes", "/v2/reports/conversations/busy-times", (*Client).GetConversationsBusiestTimes,
		ConversationsBusiestTimesParams{},
		ConversationsBusiestTimesParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters},
		wireKeys(keysDates, keysPrevious, keysFilters),
		fx("conversations_busiest_times.json", func(t *testing.T, r *ConversationsBusiestTimesResult) {
			assert.Equal(t, []BusyTime{{1, 0, 3}, {1, 1, 2}, {7, 22, 12}, {7, 23, 4}}, r.Times)
		})),
	endpoint("GetConversationsDrilldown", "/v2/reports/conversations/drilldown", (*Client).GetConversationsDrilldown,
		ConversationsDrilldownParams{},
		ConversationsDrilldownParams{Dates: allDates, Filters: allFilters, Paging: allPaging},
		wireKeys(keysDates, keysFilters, keysPaging),
		fx("conversations_drilldown.json", checkDrilldownSample)),
	endpoint("GetConversationsDrilldownByField", "/v2/reports/conversations/fields-drilldown", (*Client).GetConversationsDrilldownByField,
		ConversationsDrilldownByFieldParams{FieldID: testFieldID}, // field defaults to customerid
		ConversationsDrilldownByFieldParams{Dates: allDates, Filters: allFilters, Paging: allPaging, Field: FieldTagID, FieldID: testFieldID},
		wireKeys(keysDates, keysFilters, keysPaging, keysField),
		fx("conversations_drilldown_by_field.json", checkDrilldownSample)),
	endpoint("GetConversationsNewConversationsDrilldown", "/v2/reports/conversations/new-drilldown", (*Client).GetConversationsNewConversationsDrilldown,
		ConversationsNewConversationsDrilldownParams{},
		ConversationsNewConversationsDrilldownParams{Dates: allDates, Filters: allFilters, Paging: allPaging},
		wireKeys(keysDates, keysFilters, keysPaging),
		fx("conversations_new_conversations_drilldown.json", checkDrilldownSample)),
	endpoint("GetConversationsReceivedMessageStats", "/v2/reports/conversations/received-messages", (*Client).GetConversationsReceivedMessageStats,
		ConversationsReceivedMessageStatsParams{},
		ConversationsReceivedMessageStatsParams{Dates: allDates, PreviousDates: allPrevious, Filters: allFilters, ViewBy: ViewByWeek},
		wireKeys(keysDates, keysPrevious, keysFilters, keysViewBy),
		// Both readings of the points decode to the same values.
		fx("conversations_received_message_stats.json", checkReceivedMessages),
		fx("conversations_received_message_stats_doc.json", checkReceivedMessages)),
}

func checkReceivedMessages(t *testing.T, r *ConversationsReceivedMessageStatsResult) {
	require.Len(t, r.Current, 1)
	require.Len(t, r.Previous, 1)
	assert.Equal(t, utcTime(2020, 3, 9, 13, 30, 0), r.Current[0].Date)
	assert.Equal(t, 126.0, r.Current[0].Messages)
	assert.Equal(t, utcTime(2020, 2, 24, 13, 30, 0), r.Previous[0].Date)
	assert.Equal(t, 146.0, r.Previous[0].Messages)
}

func TestConversationsEndpoints(t *testing.T) { checkEndpoints(t, conversationsEndpoints) }

// A received-messages point built in Go encodes with the live keys.
func TestReceivedMessagesPointEncoding(t *testing.T) {
	b, err := json.Marshal(ReceivedMessagesPoint{Date: utcTime(2020, 3, 9, 13, 30, 0), Messages: 5})
	require.NoError(t, err)
	assert.JSONEq(t, `{"date":"2020-03-09T13:30:00Z","messages":5}`, string(b))

	var empty ConversationsBusiestTimesResult
	b, err = json.Marshal(empty)
	require.NoError(t, err)
	assert.JSONEq(t, `[]`, string(b), "an empty busy-times answer is still an array")
}
