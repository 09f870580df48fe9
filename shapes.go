package reports

import (
	"reflect"
	"time"

	"github.com/helpscout-go/reports/internal/flat"
)

// The result types whose JSON is not their Go structure, as the field walks
// (Metrics, MetricInfos, and the columns of hsreports through internal/flat)
// take them. Each gives one name per figure whichever shape the API sent,
// so that a stored metric is not renamed when the API changes shape:
//   - the busiest-times report is its bare list of BusyTime (0.count, as in
//     its JSON);
//   - a received-messages point is {"date", "messages"}, as the live API
//     sends it; a point read from the docs' {"start", "count"} is named the
//     same (current.0.messages where its JSON says current.0.count);
//   - the user chat report's figures (UserChatStats) are named as its nested
//     reading names them, the chat report's: the flat reading's waitTime,
//     responseTime, messagesPerChat and duration are responses.waitTime,
//     responses.responseTime, resolutions.messagesPerChat and
//     resolutions.duration; newConversations, which the nested reading does
//     not have, keeps its name.
func init() {
	flat.Register(reflect.TypeFor[ConversationsBusiestTimesResult](), flat.Shape{
		Type:    reflect.TypeFor[[]BusyTime](),
		Convert: func(v reflect.Value) reflect.Value { return v.Field(0) }, // Times
	})
	flat.Register(reflect.TypeFor[ReceivedMessagesPoint](), flat.Shape{
		Type: reflect.TypeFor[receivedLive](),
		Convert: func(v reflect.Value) reflect.Value {
			return reflect.ValueOf(receivedLive{Date: v.Field(0).Interface().(time.Time), Messages: v.Field(1).Float()})
		},
	})
	flat.Register(reflect.TypeFor[UserChatStats](), flat.Shape{
		Type: reflect.TypeFor[userChatStats](),
		Convert: func(v reflect.Value) reflect.Value {
			s := v.Interface().(UserChatStats)
			return reflect.ValueOf(s.named())
		},
	})
}

// userChatStats is a UserChatStats with its figures under the nested
// reading's names, whichever reading they came in.
type userChatStats struct {
	StartDate        *time.Time           `json:"startDate,omitempty"`        // start of the range, UTC
	EndDate          *time.Time           `json:"endDate,omitempty"`          // end of the range, UTC
	NewConversations *float64             `json:"newConversations,omitempty"` // count of new chat conversations (flat reading)
	Volume           *ChatVolume          `json:"volume,omitempty"`           // chat counts (nested reading)
	Responses        *userChatResponses   `json:"responses,omitempty"`        // wait and response times
	Resolutions      *userChatResolutions `json:"resolutions,omitempty"`      // messages per chat and duration
}

// userChatResponses are a user's chat wait and response times, from either
// reading.
type userChatResponses struct {
	WaitTime     *float64 `json:"waitTime,omitempty"`     // average time in seconds a customer waited for the chat to start
	ResponseTime *float64 `json:"responseTime,omitempty"` // average time in seconds a customer waited for a reply during the chat
}

// userChatResolutions are a user's messages per chat and chat duration, from
// either reading.
type userChatResolutions struct {
	MessagesPerChat *float64 `json:"messagesPerChat,omitempty"` // average count of messages per chat
	Duration        *float64 `json:"duration,omitempty"`        // average time in seconds a chat lasted
}

// named is s under the nested reading's names: its nested figures, and its
// flat ones where it has no nested one.
func (s UserChatStats) named() userChatStats {
	n := userChatStats{StartDate: s.StartDate, EndDate: s.EndDate, NewConversations: s.NewConversations, Volume: s.Volume}
	either := func(nested, flat *float64) *float64 {
		if nested != nil {
			return nested
		}
		return flat
	}
	var r userChatResponses
	var waitTime, responseTime, messagesPerChat, duration *float64
	if s.Responses != nil {
		waitTime, responseTime = &s.Responses.WaitTime, &s.Responses.ResponseTime
	}
	if s.Resolutions != nil {
		messagesPerChat, duration = &s.Resolutions.MessagesPerChat, &s.Resolutions.Duration
	}
	r.WaitTime, r.ResponseTime = either(waitTime, s.WaitTime), either(responseTime, s.ResponseTime)
	if r != (userChatResponses{}) {
		n.Responses = &r
	}
	res := userChatResolutions{MessagesPerChat: either(messagesPerChat, s.MessagesPerChat), Duration: either(duration, s.Duration)}
	if res != (userChatResolutions{}) {
		n.Resolutions = &res
	}
	return n
}
