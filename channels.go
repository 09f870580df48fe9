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
	FilterTags      []FilterTag   `json:"filterTags,omitzero"`
	Current         ChatStats     `json:"current"`
	Previous        *ChatStats    `json:"previous,omitempty"`
	Deltas          *ChatMetrics  `json:"deltas,omitempty"` // percent changes
	WaitTime        *RangeBuckets `json:"waitTime,omitempty"`
	ResponseTime    *RangeBuckets `json:"responseTime,omitempty"`
	MessagesPerChat *RangeBuckets `json:"messagesPerChat,omitempty"`
	Duration        *RangeBuckets `json:"duration,omitempty"`
}

// ChatStats are the chat figures over one range.
type ChatStats struct {
	Period
	ChatMetrics
}

// ChatMetrics are the chat metrics, or their deltas.
type ChatMetrics struct {
	Volume      ChatVolume      `json:"volume"`
	Responses   ChatResponses   `json:"responses"`
	Resolutions ChatResolutions `json:"resolutions"`
}

// ChatVolume counts chats.
type ChatVolume struct {
	ChatConversations float64 `json:"chatConversations"`
	CompletedChats    float64 `json:"completedChats"`
	MissedChats       float64 `json:"missedChats"`
	ChatsPerDay       float64 `json:"chatsPerDay"`
}

// ChatResponses are the chat wait and response times, in seconds.
type ChatResponses struct {
	WaitTime     float64 `json:"waitTime"`
	ResponseTime float64 `json:"responseTime"`
}

// ChatResolutions are the messages per chat and the chat duration (seconds).
type ChatResolutions struct {
	MessagesPerChat float64 `json:"messagesPerChat"`
	Duration        float64 `json:"duration"`
}

// EmailResult is the email report.
type EmailResult struct {
	FilterTags        []FilterTag   `json:"filterTags,omitzero"`
	Current           EmailStats    `json:"current"`
	Previous          *EmailStats   `json:"previous,omitempty"`
	Deltas            *EmailDeltas  `json:"deltas,omitempty"` // percent changes
	ResponseTime      *RangeBuckets `json:"responseTime,omitempty"`
	HandleTime        *RangeBuckets `json:"handleTime,omitempty"`
	FirstResponseTime *RangeBuckets `json:"firstResponseTime,omitempty"`
	ResolutionTime    *RangeBuckets `json:"resolutionTime,omitempty"`
	RepliesToResolve  *RangeBuckets `json:"repliesToResolve,omitempty"`
}

// EmailStats are the email figures over one range.
type EmailStats struct {
	Period
	Volume      EmailVolume      `json:"volume"`
	Resolutions EmailResolutions `json:"resolutions"`
	Responses   EmailResponses   `json:"responses"`
}

// EmailVolume counts e-mail conversations and messages.
type EmailVolume struct {
	EmailConversations float64 `json:"emailConversations"`
	EmailsCreated      float64 `json:"emailsCreated"`
	RepliesSent        float64 `json:"repliesSent"`
	MessagesReceived   float64 `json:"messagesReceived"`
}

// EmailResolutions are the e-mail resolution figures; times in seconds.
type EmailResolutions struct {
	EmailResolutionDeltas
	PercentResolvedOnFirstReply float64 `json:"percentResolvedOnFirstReply"`
}

// EmailResolutionDeltas are the e-mail resolution figures the deltas carry.
type EmailResolutionDeltas struct {
	Resolved             float64 `json:"resolved"`
	ResolvedOnFirstReply float64 `json:"resolvedOnFirstReply"`
	ResolutionTime       float64 `json:"resolutionTime"`
	RepliesToResolve     float64 `json:"repliesToResolve"`
	HandleTime           float64 `json:"handleTime"`
	Closed               float64 `json:"closed"`
}

// EmailResponses are the e-mail response times, in seconds.
type EmailResponses struct {
	ResponseTime      float64 `json:"responseTime"`
	FirstResponseTime float64 `json:"firstResponseTime"`
}

// EmailDeltas are the percent changes from the previous range.
type EmailDeltas struct {
	Volume      EmailVolume           `json:"volume"`
	Resolutions EmailResolutionDeltas `json:"resolutions"`
	Responses   EmailResponses        `json:"responses"`
}

// PhoneResult is the phone report.
type PhoneResult struct {
	Current  PhoneStats   `json:"current"`
	Previous *PhoneStats  `json:"previous,omitempty"`
	Deltas   *PhoneDeltas `json:"deltas,omitempty"` // percent changes
	Users    []PhoneUser  `json:"users,omitzero"`
}

// PhoneStats are the phone figures over one range.
type PhoneStats struct {
	Period
	PhoneMetrics
}

// PhoneMetrics count phone conversations, calls and customers.
type PhoneMetrics struct {
	PhoneConversations float64 `json:"phoneConversations"`
	PhoneCallsCreated  float64 `json:"phoneCallsCreated"`
	Customers          float64 `json:"customers"`
}

// PhoneDeltas are the percent changes from the previous range; the API names
// the conversations' change newConversations.
type PhoneDeltas struct {
	NewConversations  float64 `json:"newConversations"`
	PhoneCallsCreated float64 `json:"phoneCallsCreated"`
	Customers         float64 `json:"customers"`
}

// PhoneUser is one user's phone figures.
type PhoneUser struct {
	ID       int64         `json:"id"`
	Name     string        `json:"name"`
	Current  PhoneMetrics  `json:"current"`
	Previous *PhoneMetrics `json:"previous,omitempty"`
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
