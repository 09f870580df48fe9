// Package reportstest is a fake Help Scout Reports API for tests and demos,
// in the spirit of net/http/httptest: NewServer starts it on a loopback
// port, and Server.Client returns a reports.Client wired to it.
//
//	srv := reportstest.NewServer()
//	defer srv.Close()
//	client := srv.Client()
//	company, err := client.GetCompany(ctx, reports.CompanyParams{})
//
// It speaks the API's wire format: the OAuth2 client-credentials token
// endpoint (POST /v2/oauth2/token, credentials as form params, JSON or HTTP
// Basic; ClientID and ClientSecret unless WithCredentials says otherwise),
// bearer tokens checked on every report call (401 with the API's
// invalid_token body otherwise), the 32 report routes, and 400 vnd.error
// answers for invalid requests.
//
// # Data
//
// Answers are computed from a data set generated from a seed (WithSeed): a
// fixed catalogue of users, teams, mailboxes, folders, tags, saved replies,
// workflows, customers and Docs sites (Server.Catalog), and about 4,800
// conversations over the year before the data set's present (WithNow,
// default DefaultNow), each with its type, mailbox, folder, tags, customer,
// assignee, replies (times, users, handle times), status, closing time and
// happiness rating. The same seed and present give the same answers, byte
// for byte. Server.Client's clock reads the present, so the SDK's default
// ranges (the last 7 days, and the 7 days two weeks before) fall on the data.
//
// A report over a range counts the conversations created in that range,
// with everything that happened to them (replies, closing, ratings), and
// every report of a range counts the same conversations. So numbers add up
// across reports:
//   - the conversations drilldown's count is the conversations report's
//     totalConversations, and the sum of the volume-by-channel and
//     busy-times counts;
//   - the new-conversations series sums to newConversations, and to the
//     new-conversations drilldown's count;
//   - the replies-sent series sums to the productivity report's
//     repliesSent, which is the company report's totalReplies and the sum
//     of its users' replies; the resolved series sums to resolved;
//   - a histogram bucket of the productivity report (responseTime,
//     firstResponseTime, handleTime) has as many conversations as the
//     company drilldown with that range and rangeId, and resolved as many as
//     the drilldown with range=resolved;
//   - the happiness report's ratingsCount is the ratings report's count;
//   - a user's figures count the conversations the user replied to (or
//     started); a team id counts the conversations of all its members
//     once each, so its replies and resolutions are the sums of its
//     members' and its conversations and customers the union of theirs.
//
// Filters narrow the conversations: mailboxes, folders, types and tags (tag
// id UntaggedTagID stands for the untagged ones), alternatives within a
// list, all lists at once. Previous values and deltas are present only when
// previousStart and previousEnd are sent. Time series have one point per
// viewBy bucket (UTC days, Monday-to-Sunday weeks, months; by default the
// finest the longer of the current and previous ranges allows), dated at
// noon of the bucket's first day.
// Drilldowns are newest first, rows per page (default 25, at most 50); the
// ratings and conversation-history reports answer 50 a page, sorted by
// sortField (default number) in sortOrder (default DESC); the history lists
// each conversation once (the API may list one per reply). Times are in UTC,
// which is the fake company's time zone, and office hours are not enabled,
// so officeHours=true changes nothing, as in the API. Ids the catalogue does
// not have match nothing. The Docs report comes from daily visitor counts
// per site, apart from the conversations.
//
// # Validation
//
// As the API does, invalid requests are answered 400 with a vnd.error body
// whose _embedded.errors name the parameter (path), the problem (message)
// and the value (rejectedValue): parameters the route does not take,
// malformed dates (the API takes only 2006-01-02T15:04:05Z), end not after
// start, half a previous range, rows outside 1..50, numbers and ids that do
// not parse, values outside an enum (viewBy, types, range, field, status,
// sortField, sortOrder, rating), viewBy outside its limits (day up to 60
// days, week up to a year, month from 61 days), rangeId without range, and
// missing required parameters (start, end, user, field, fieldid). A user or
// team id the data set does not have is answered 404. A path that is no
// report answers 404 "Unknown URL", as the API does.
//
// # Knobs
//
// For tests of code that uses the SDK: a fixed-window rate limit
// (WithRateLimit, Server.SetRateLimit) with the API's headers, 429 answers
// and their count (Server.Throttled); injected failures (Server.FailNext),
// latency (Server.SetLatency) and connections cut mid-body
// (Server.CutNext); token lifetime (WithTokenLifetime) and early expiry
// (Server.ExpireTokens); a clock for expiry and rate windows (WithClock); a
// log of the requests (Server.Requests), the token requests
// (Server.TokenRequests) and the connections opened (Server.Connections).
package reportstest
