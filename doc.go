// Package reports is a client for the reports of the Help Scout Mailbox API
// 2.0: company, conversations, docs, happiness, productivity, user and team,
// chat, email and phone, one typed method per endpoint.
//
//	client, err := reports.New(clientID, clientSecret)
//	if err != nil { ... }
//	company, err := client.GetCompany(ctx, reports.CompanyParams{})
//
// The client authenticates with the OAuth2 client-credentials grant on first
// use, paces and retries its calls, and is safe for concurrent use.
//
// # Which report answers what
//
// Customers helped since UTC midnight 7 days ago, and the change from the
// range of the same length before (zero params ask for exactly that: the
// default range, defined on [Dates]; [Dates.Resolve] gives the range a call
// sends):
//
//	r, err := client.GetCompany(ctx, reports.CompanyParams{})
//	fmt.Println(r.Current.CustomersHelped, r.Deltas.CustomersHelped) // a count, a percent change
//
// Each entry below reads: what you want, the method, where the figure is in
// its result. The overall reports hold the current range's figures in
// Current and, when a previous range was sent, the previous range's in
// Previous and the changes in Deltas. Time series hold one point per day,
// week or month (the params' ViewBy) in Current. The All... methods walk
// every page of a paged report, and the All...Pages methods yield the pages
// themselves with the totals a progress display needs ([Paged].Count, the
// items across all pages, and [Paged].Pages), without another request.
//
// The whole team ([Client.GetCompany], [CompanyResult]):
//   - customers helped, replies sent, conversations closed, users who
//     replied: Current.CustomersHelped, .TotalReplies, .Closed, .TotalUsers;
//     the same per user in Users
//   - customers helped per day: [Client.GetCompanyCustomersHelped],
//     Current[i].Customers
//   - the conversations behind a histogram range (say, first response over
//     two days): [Client.AllCompanyDrilldown] with Range and RangeID
//
// Conversations, all channels ([Client.GetConversations],
// [ConversationsResult]):
//   - conversations worked on, new conversations, customers:
//     Current.TotalConversations, .NewConversations, .Customers
//   - the busiest weekday and hours: BusiestDay, BusyTimeStart, BusyTimeEnd;
//     every weekday and hour: [Client.GetConversationsBusiestTimes]
//   - top tags, customers, saved replies, workflows and custom field
//     answers: Tags, Customers, Replies, Workflows, CustomFields
//   - new conversations per day: [Client.GetConversationsNewConversations],
//     Current[i].Count; per channel: [Client.GetConversationsChannelVolumes],
//     Current[i].Email, .Chat, .Phone; messages received:
//     [Client.GetConversationsReceivedMessageStats], Current[i].Messages
//   - the conversations themselves: [Client.AllConversationsDrilldown],
//     [Client.AllConversationsNewConversationsDrilldown], and those with one
//     tag, saved reply, workflow or customer:
//     [Client.AllConversationsDrilldownByField]
//
// Productivity ([Client.GetProductivity], [ProductivityResult]):
//   - response, first response, resolution and handle times (seconds):
//     Current.ResponseTime, .FirstResponseTime, .ResolutionTime, .HandleTime;
//     their histograms in ResponseTime, FirstResponseTime, HandleTime
//   - conversations resolved, on the first reply, replies sent:
//     Current.Resolved, .ResolvedOnFirstReply, .RepliesSent
//   - per day: [Client.GetProductivityResponseTime],
//     [Client.GetProductivityFirstResponseTime] and
//     [Client.GetProductivityResolutionTime] (Current[i].Time, seconds),
//     [Client.GetProductivityRepliesSent] (Current[i].Replies),
//     [Client.GetProductivityResolved] (Current[i].Resolved)
//
// Happiness ([Client.GetHappiness], [HappinessResult]):
//   - the happiness score and the shares of Great, Okay and Not Good
//     ratings: Current.HappinessScore, .Great, .Okay, .NotGood (percents);
//     the number of ratings: Current.RatingsCount
//   - every rating with its comment: [Client.AllHappinessRatings],
//     [Rating].RatingComments
//
// One user, or a team by its id ([Client.GetUser], [UserResult]):
//   - customers helped, replies, resolved, happiness score, times:
//     Current.CustomersHelped, .TotalReplies, .Resolved, .HappinessScore,
//     .ResponseTime
//   - per day: [Client.GetUserCustomersHelped], [Client.GetUserReplies],
//     [Client.GetUserResolutions]
//   - their conversations: [Client.AllUserDrilldown],
//     [Client.AllUserConversationHistory]; their ratings:
//     [Client.GetUserHappiness], [Client.AllUserHappinessDrilldown]; their
//     chats: [Client.GetUserChat]
//
// Channels:
//   - chats, missed chats, wait time: [Client.GetChat],
//     Current.Volume.ChatConversations, .Volume.MissedChats,
//     .Responses.WaitTime ([ChatResult])
//   - e-mail volume, response and resolution figures: [Client.GetEmail],
//     Current.Volume, .Responses, .Resolutions ([EmailResult])
//   - phone conversations and customers: [Client.GetPhone],
//     Current.PhoneConversations, .Customers, and per user in Users
//     ([PhoneResult])
//
// Docs ([Client.GetDocs], [DocsResult]): visitors, the share of views due to
// search, the top articles and the searches that found nothing:
// Current.Visitors, .SearchAction, TopArticles, FailedSearches.
//
// Names and ids: the reports filter on ids (Filters.Mailboxes, .Tags,
// .Folders, a user report's User); the Mailbox API's lists give the names:
//   - which mailboxes are there: [Client.AllMailboxes], [Mailbox].Name and
//     .ID; their folders: [Client.AllFolders]; the tags:
//     [Client.AllTags]; the users: [Client.AllUsers], [User].Name()
//   - what is the id of user Maya Patel (of mailbox Support, tag vip,
//     folder Unassigned of Support): [Resolver.Resolve] with [KindUser]
//     (or [Resolver.ResolveFolder]), which reads a number as an id and
//     says which names are close when none matches
//   - every name of a kind, for a lookup table or a dashboard's join:
//     [Resolver.Entries]
//
// Any result as named numbers, for a database, a dashboard or a gauge:
//   - every number of a result with its dotted name (current.customersHelped,
//     users.100101.replies): [Metrics]; without a previous range, the
//     comparison figures the API sends as zeros are left out
//   - what each number is (count, distinct count, average and its weight,
//     percent, score, change, id; its unit; its doc): [Metric].Info, and
//     every metric a result type can give: [MetricInfos], for a metric_info
//     table; [MetricKind] says how each kind combines over days
//   - one call per day, week or month: [Dates.Split] and [Series]; daily
//     figures of any report, flattened by [Metrics]: examples/daily
//
// Ranges:
//   - the range a call sends for the params' Dates and PreviousDates, the
//     default one included: [Dates.Resolve], [PreviousDates.Resolve]
//   - today so far: Dates{Start: [Day](now).Start}; the last 7 whole days:
//     [LastDays]; a fair comparison: [Dates.Previous]; the month or year
//     before: [Dates.AddDate]
//
// The client's requests counted or traced, its HTTP client kept:
// [WithTransportWrapper].
//
// # Units
//
// Every field's comment says what it counts and its unit, in words that
// [MetricInfos] reads (its kind and unit are generated from them). Counts
// are whole numbers (decoded as float64, like every metric); times are seconds;
// percents are 0–100; the percentResolvedOnFirstReply fields hold a fraction
// 0–1 in every sample, despite their name; dates and times are UTC. A delta
// is a percent change, (current − previous) / previous × 100 (0 when
// previous is 0), except for metrics that are themselves percents, whose
// deltas are differences in points: each Deltas type says which field is
// which.
package reports
