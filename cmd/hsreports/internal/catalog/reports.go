package catalog

import "github.com/helpscout-go/reports"

type client = reports.Client

// catalog lists every report of the API, in the order of its docs.
var catalog = []Report{
	overall("/v2/reports/company", "Company overall: customers helped, replies, closed, per user", (*client).GetCompany),
	series("/v2/reports/company/customers-helped", "Customers helped per day, week or month", (*client).GetCompanyCustomersHelped),
	drilldown("/v2/reports/company/drilldown", "The conversations behind one range bucket of a company metric", (*client).GetCompanyDrilldown, (*client).AllCompanyDrilldownPages),

	overall("/v2/reports/conversations", "Conversations overall: volumes, busiest time, top tags, customers, saved replies, workflows", (*client).GetConversations),
	series("/v2/reports/conversations/volume-by-channel", "Conversations per channel (email, chat, phone) per day, week or month", (*client).GetConversationsChannelVolumes),
	list("/v2/reports/conversations/busy-times", "Conversations per weekday (1 is Monday) and hour", "a weekday and hour", (*client).GetConversationsBusiestTimes,
		func(r *reports.ConversationsBusiestTimesResult) []reports.BusyTime { return r.Times }),
	drilldown("/v2/reports/conversations/drilldown", "The conversations of the range", (*client).GetConversationsDrilldown, (*client).AllConversationsDrilldownPages),
	drilldown("/v2/reports/conversations/fields-drilldown", "The conversations with one tag, saved reply, workflow or customer", (*client).GetConversationsDrilldownByField, (*client).AllConversationsDrilldownByFieldPages),
	series("/v2/reports/conversations/new", "New conversations per day, week or month", (*client).GetConversationsNewConversations),
	drilldown("/v2/reports/conversations/new-drilldown", "The new conversations of the range", (*client).GetConversationsNewConversationsDrilldown, (*client).AllConversationsNewConversationsDrilldownPages),
	series("/v2/reports/conversations/received-messages", "Messages received per day, week or month", (*client).GetConversationsReceivedMessageStats),

	overall("/v2/reports/docs", "Docs overall: visitors, searches, top articles and categories", (*client).GetDocs),

	overall("/v2/reports/happiness", "Happiness overall: ratings and happiness score", (*client).GetHappiness),
	ratings("/v2/reports/happiness/ratings", "The happiness ratings of the range", (*client).GetHappinessRatings, (*client).AllHappinessRatingsPages),

	overall("/v2/reports/productivity", "Productivity overall: response, resolution and handle times, with their histograms", (*client).GetProductivity),
	series("/v2/reports/productivity/first-response-time", "Average first response time per day, week or month", (*client).GetProductivityFirstResponseTime),
	series("/v2/reports/productivity/replies-sent", "Replies sent per day, week or month", (*client).GetProductivityRepliesSent),
	series("/v2/reports/productivity/resolution-time", "Average resolution time per day, week or month", (*client).GetProductivityResolutionTime),
	series("/v2/reports/productivity/resolved", "Conversations resolved per day, week or month", (*client).GetProductivityResolved),
	series("/v2/reports/productivity/response-time", "Average response time per day, week or month", (*client).GetProductivityResponseTime),

	overall("/v2/reports/user", "A user's (or team's) overall figures", (*client).GetUser),
	paged("/v2/reports/user/conversation-history", "A user's conversation history, one row per conversation replied to", "a conversation of the history",
		(*client).GetUserConversationHistory, (*client).AllUserConversationHistoryPages,
		func(r *reports.UserConversationHistoryResult) *reports.Paged[reports.HistoryConversation] { return r },
		func(p *reports.Paged[reports.HistoryConversation]) *reports.UserConversationHistoryResult { return p }),
	series("/v2/reports/user/customers-helped", "Customers a user helped per day, week or month", (*client).GetUserCustomersHelped),
	drilldown("/v2/reports/user/drilldown", "A user's conversations of the range", (*client).GetUserDrilldown, (*client).AllUserDrilldownPages),
	overall("/v2/reports/user/happiness", "A user's happiness ratings and score", (*client).GetUserHappiness),
	ratings("/v2/reports/user/ratings", "A user's happiness ratings", (*client).GetUserHappinessDrilldown, (*client).AllUserHappinessDrilldownPages),
	series("/v2/reports/user/replies", "Replies a user sent per day, week or month", (*client).GetUserReplies),
	series("/v2/reports/user/resolutions", "Conversations a user resolved per day, week or month", (*client).GetUserResolutions),
	overall("/v2/reports/user/chat", "A user's (or team's) chat figures", (*client).GetUserChat),

	overall("/v2/reports/chat", "Chat: volume, wait and response times, duration (Beacon chats)", (*client).GetChat),
	overall("/v2/reports/email", "Email: volume, resolutions, response times, with their histograms", (*client).GetEmail),
	overall("/v2/reports/phone", "Phone: conversations, calls and customers, per user", (*client).GetPhone),
}
