package reports

import "context"

// ChatParams are the params of GetChat.
type ChatParams = ChannelParams

// EmailParams are the params of GetEmail.
type EmailParams = ChannelParams

// PhoneParams are the params of GetPhone.
type PhoneParams = ChannelParams

// ChatResult is the chat report: Beacon chats only (third-party chat
// integrations count in the volume-by-channel report, not here).
type ChatResult struct {
	FilterTags      []FilterTag   `json:"filterTags,omitzero"`       // the tags the report can be filtered on
	Current         ChatStats     `json:"current"`                   // the figures of the current range
	Previous        *ChatStats    `json:"previous,omitempty"`        // the figures of the previous range, when one was asked for
	Deltas          *ChatMetrics  `json:"deltas,omitempty"`          // changes from the previous range to the current one (percent changes, see ChatMetrics)
	WaitTime        *RangeBuckets `json:"waitTime,omitempty"`        // histogram of wait times
	ResponseTime    *RangeBuckets `json:"responseTime,omitempty"`    // histogram of response times
	MessagesPerChat *RangeBuckets `json:"messagesPerChat,omitempty"` // histogram of messages per chat
	Duration        *RangeBuckets `json:"duration,omitempty"`        // histogram of chat durations
}

// ChatStats are the chat figures over one range.
type ChatStats struct {
	Period
	ChatMetrics
}

// ChatMetrics are the chat figures of a range (in ChatStats) or, in
// ChatResult.Deltas, their changes from the previous range. As deltas every
// field is a percent change, (current − previous) / previous × 100, as the
// docs' sample shows (chatConversations 212 → 255 gives 20.28, missedChats
// 5 → 12 gives 140, duration 935 → 927 gives −0.86); only its responseTime
// (66 → 0 with delta −6.06) fits no reading. The field comments give the
// unit as a figure.
type ChatMetrics struct {
	Volume      ChatVolume      `json:"volume"`      // chat counts
	Responses   ChatResponses   `json:"responses"`   // wait and response times
	Resolutions ChatResolutions `json:"resolutions"` // messages per chat and duration
}

// ChatVolume counts chats (Beacon chats only).
type ChatVolume struct {
	ChatConversations float64 `json:"chatConversations"` // count of chats
	// CompletedChats is the count of chats a user took (inferred from the
	// sample: 243 of 255, the other 12 missed).
	CompletedChats float64 `json:"completedChats"`
	// MissedChats is the count of chats no user accepted (Beacon closes a
	// chat nobody accepts within 5 minutes).
	MissedChats float64 `json:"missedChats"`
	ChatsPerDay float64 `json:"chatsPerDay"` // average count of chats per day
}

// ChatResponses are the chat wait and response times, in seconds.
type ChatResponses struct {
	// WaitTime is the average time in seconds a customer waited for a user
	// to take the chat (inferred).
	WaitTime float64 `json:"waitTime"`
	// ResponseTime is the average time in seconds a customer waited for a
	// reply during the chat (inferred).
	ResponseTime float64 `json:"responseTime"`
}

// ChatResolutions are the messages per chat and the chat duration (seconds).
type ChatResolutions struct {
	MessagesPerChat float64 `json:"messagesPerChat"` // average count of messages per chat
	Duration        float64 `json:"duration"`        // average time in seconds a chat lasted
}

// EmailResult is the email report.
type EmailResult struct {
	FilterTags        []FilterTag   `json:"filterTags,omitzero"`         // the tags the report can be filtered on
	Current           EmailStats    `json:"current"`                     // the figures of the current range
	Previous          *EmailStats   `json:"previous,omitempty"`          // the figures of the previous range, when one was asked for
	Deltas            *EmailDeltas  `json:"deltas,omitempty"`            // changes from the previous range to the current one (percent changes, see EmailDeltas)
	ResponseTime      *RangeBuckets `json:"responseTime,omitempty"`      // histogram of response times
	HandleTime        *RangeBuckets `json:"handleTime,omitempty"`        // histogram of handle times
	FirstResponseTime *RangeBuckets `json:"firstResponseTime,omitempty"` // histogram of first response times
	ResolutionTime    *RangeBuckets `json:"resolutionTime,omitempty"`    // histogram of resolution times
	RepliesToResolve  *RangeBuckets `json:"repliesToResolve,omitempty"`  // histogram of replies needed to resolve
}

// EmailStats are the email figures over one range.
type EmailStats struct {
	Period
	Volume      EmailVolume      `json:"volume"`      // e-mail conversation and message counts
	Resolutions EmailResolutions `json:"resolutions"` // resolution figures
	Responses   EmailResponses   `json:"responses"`   // response times
}

// EmailVolume counts e-mail conversations and messages. As deltas (in
// EmailDeltas) each field is a percent change.
type EmailVolume struct {
	EmailConversations float64 `json:"emailConversations"` // distinct count of e-mail conversations in the range (inferred: touched in it, as totalConversations)
	EmailsCreated      float64 `json:"emailsCreated"`      // count of e-mail conversations created in the range (inferred)
	RepliesSent        float64 `json:"repliesSent"`        // count of replies sent to customers
	// MessagesReceived is the count of e-mails received from customers;
	// each customer thread counts.
	MessagesReceived float64 `json:"messagesReceived"`
}

// EmailResolutions are the e-mail resolution figures; times in seconds.
type EmailResolutions struct {
	EmailResolutionDeltas
	// PercentResolvedOnFirstReply is the fraction (0–1) of the resolved
	// conversations resolved after one reply, weighted by
	// [EmailResolutionDeltas.Resolved]. The docs call it a percentage, but
	// the sample holds a fraction 0–1 (1 of 10 gives 0.1), so expect 0–1.
	PercentResolvedOnFirstReply float64 `json:"percentResolvedOnFirstReply"`
}

// EmailResolutionDeltas are the e-mail resolution figures the deltas carry;
// definitions as in ProductivityStats. As deltas (in EmailDeltas) each
// field is a percent change.
type EmailResolutionDeltas struct {
	Resolved             float64 `json:"resolved"`             // count of conversations resolved (closed with a reply)
	ResolvedOnFirstReply float64 `json:"resolvedOnFirstReply"` // count of conversations resolved after one reply
	ResolutionTime       float64 `json:"resolutionTime"`       // average time in seconds from creation to resolution, weighted by [EmailResolutionDeltas.Resolved]
	RepliesToResolve     float64 `json:"repliesToResolve"`     // average count of replies before resolution, weighted by [EmailResolutionDeltas.Resolved]
	HandleTime           float64 `json:"handleTime"`           // average time in seconds from pressing Reply to pressing Send
	Closed               float64 `json:"closed"`               // count of conversations closed
}

// EmailResponses are the e-mail response times, in seconds. As deltas (in
// EmailDeltas) each field is a percent change.
type EmailResponses struct {
	ResponseTime      float64 `json:"responseTime"`      // average time in seconds a customer waited for a reply
	FirstResponseTime float64 `json:"firstResponseTime"` // average time in seconds a customer waited for the first reply
}

// EmailDeltas are the changes from the previous range to the current one,
// nested as in EmailStats (without PercentResolvedOnFirstReply). Every
// field is taken to be a percent change, (current − previous) / previous ×
// 100, like the same metrics of the productivity report (inferred: the
// docs' sample fits no reading, e.g. emailConversations 7 → 8 with delta
// 639.2).
type EmailDeltas struct {
	Volume      EmailVolume           `json:"volume"`      // percent changes of the volume counts
	Resolutions EmailResolutionDeltas `json:"resolutions"` // percent changes of the resolution figures
	Responses   EmailResponses        `json:"responses"`   // percent changes of the response times
}

// PhoneResult is the phone report.
type PhoneResult struct {
	Current  PhoneStats   `json:"current"`            // the figures of the current range
	Previous *PhoneStats  `json:"previous,omitempty"` // the figures of the previous range, when one was asked for
	Deltas   *PhoneDeltas `json:"deltas,omitempty"`   // changes from the previous range to the current one (percent changes)
	Users    []PhoneUser  `json:"users,omitzero"`     // each user's figures
}

// PhoneStats are the phone figures over one range.
type PhoneStats struct {
	Period
	PhoneMetrics
}

// PhoneMetrics count phone conversations, calls and customers.
type PhoneMetrics struct {
	PhoneConversations float64 `json:"phoneConversations"` // count of phone conversations logged
	PhoneCallsCreated  float64 `json:"phoneCallsCreated"`  // count of new phone conversations (calls) created (inferred)
	Customers          float64 `json:"customers"`          // distinct count of customers with phone conversations
}

// PhoneDeltas are the changes from the previous range to the current one;
// the API names the conversations' change newConversations. Every field is
// a percent change, (current − previous) / previous × 100, as the docs'
// sample shows (phoneCallsCreated 6 → 11 gives 83.33, customers 8 → 10
// gives 25, phoneConversations 11 → 11 gives 0).
type PhoneDeltas struct {
	NewConversations  float64 `json:"newConversations"`  // percent change of PhoneConversations
	PhoneCallsCreated float64 `json:"phoneCallsCreated"` // percent change of PhoneCallsCreated
	Customers         float64 `json:"customers"`         // percent change of Customers
}

// PhoneUser is one user's phone figures.
type PhoneUser struct {
	ID       int64         `json:"id"`                 // id of the user
	Name     string        `json:"name"`               // the user's name
	Current  PhoneMetrics  `json:"current"`            // the user's figures, current range
	Previous *PhoneMetrics `json:"previous,omitempty"` // the user's figures over the previous range, when one was asked for
}

// GetChat returns the chat report: GET /v2/reports/chat.
func (c *Client) GetChat(ctx context.Context, p ChatParams) (*ChatResult, error) {
	return get[ChatResult](ctx, c, "/v2/reports/chat", p)
}

// GetEmail returns the email report: GET /v2/reports/email.
func (c *Client) GetEmail(ctx context.Context, p EmailParams) (*EmailResult, error) {
	return get[EmailResult](ctx, c, "/v2/reports/email", p)
}

// GetPhone returns the phone report: GET /v2/reports/phone.
func (c *Client) GetPhone(ctx context.Context, p PhoneParams) (*PhoneResult, error) {
	return get[PhoneResult](ctx, c, "/v2/reports/phone", p)
}
