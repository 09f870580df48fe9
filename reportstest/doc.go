// Package reportstest is a fake Help Scout Reports API for tests and demos,
// in the spirit of net/http/httptest: NewServer starts it on a loopback
// port, and Server.Client returns a reports.Client wired to it.
//
//	srv := reportstest.NewServer()
//	t.Cleanup(srv.Close)
//	client := srv.Client()
//	company, err := client.GetCompany(ctx, reports.CompanyParams{})
//
// It speaks the API's wire format: the OAuth2 token endpoint (POST
// /v2/oauth2/token, parameters as form params, JSON or query params, client
// credentials in them or in HTTP Basic; ClientID and ClientSecret unless
// WithCredentials says otherwise), bearer tokens checked on every report call
// (401 with the API's invalid_token body otherwise), the 32 report routes,
// the 4 lists that name what the reports filter on (see Lists), and 400
// vnd.error answers for invalid requests. Every answer carries a
// Correlation-Id header, as the API's do; an error answer's logRef is the
// same id. Every report and list answer carries X-RateLimit-Limit-Minute and
// X-RateLimit-Remaining-Minute, counted in the server's window: by default
// DefaultRateLimit, ten million calls a minute, which no test suite reaches
// (WithRateLimit sets a real one).
//
// # Cost
//
// The data set of a seed and present is generated once (about 4 ms and
// 3 MiB of allocations) and shared, read-only, by every server of that seed
// and present; the eight most recently used data sets are kept (about 2 MiB
// each). A later NewServer and Close take about 20 µs and 4 KiB. A server
// caches its answers, up to 8 MiB, and logs the requests, up to
// MaxRequestLogBytes (16 MiB); Close drops both, so that a closed server
// still held by t.Cleanup keeps a few KiB. A server per test is the
// intended use; one that lives for a whole test run, or that is flooded,
// stays within these bounds (see Limits).
//
// # OAuth2 flows
//
// The token endpoint serves the three grants of Help Scout apps:
// client_credentials (what reports.New and Server.Client use; its answers
// carry no refresh token, as the API's), authorization_code and
// refresh_token. Server.AuthorizationCode gives a code as if a user had
// approved the app; Server.OAuth2Config gives an *oauth2.Config for the
// server, whose AuthCodeURL leads to an authorize page that approves at once
// and redirects to the redirect URL with a code and the state. A code is
// exchanged once for an access token and a refresh token. Refresh tokens
// rotate: every refresh answers a new one, and a used refresh token is
// refused afterwards with 400 {"error":"invalid_request",
// "error_description":"Invalid refresh_token"}, as Help Scout answers. An
// unknown, used or expired code is refused the same way ("Invalid
// authorization code"): a code lives CodeLifetime (ten minutes, by the
// server's clock), and at most MaxCodes (1000) wait to be exchanged, the
// oldest dropped first. The authorize page takes PKCE (RFC 7636): a code
// given for a code_challenge (code_challenge_method=S256 only) is exchanged
// only with its code_verifier (400 {"error":"invalid_grant",
// "error_description":"Invalid code_verifier"} otherwise), as
// oauth2.S256ChallengeOption and oauth2.VerifierOption send them. Access
// tokens of every grant live WithTokenLifetime and expire with
// Server.ExpireTokens.
//
// # Data
//
// Answers are computed from a data set generated from a seed (WithSeed): a
// fixed catalogue of users, teams, mailboxes, folders, tags, saved replies,
// workflows, customers and Docs sites (Server.Catalog), and about 4,800
// conversations over the year before the data set's present (WithNow,
// default DefaultNow), each with its type, mailbox, folder, tags, customer,
// assignee, replies (times, users, handle times), status, closing time,
// happiness rating and custom-field answers (Catalog.CustomFields). The
// same seed and present give the same answers, byte for byte, within a
// major version of this module: a golden test guards it, so tests may
// assert on the numbers. Server.Client's clock reads the present, so the
// SDK's default ranges (the last 7 days, and the range of the same length
// right before them)
// fall on the data.
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
//   - the conversations report lists the custom fields of the mailboxes it
//     filters on (all when none; count is their number): a field's total
//     is the conversations report's totalConversations for its mailbox,
//     totalAnswered the sum of its values' counts, each value's percent
//     its share of total, and unansweredPercent the share of total not
//     answered; the previous totals are those of the previous range (null
//     when none was asked for), and unansweredDelta the difference of the
//     unanswered percentages, in points;
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
// # Lists
//
// GET /v2/users, /v2/mailboxes, /v2/mailboxes/{id}/folders and /v2/tags
// answer HAL pages, as the Mailbox API does: {"_embedded": {"users":
// [...]}, "page": {"size", "totalElements", "totalPages", "number"},
// "_links": {...}}, Content-Type application/hal+json, pages numbered from
// 1, DefaultListPageSize (50) items a page (WithListPageSize and
// SetListPageSize change it, so that a test walks several pages), links
// self, first, last, next, previous and the templated page, keeping the
// request's filters, and no _embedded on an empty page. The users list
// takes email (the whole address, in any case) and mailbox (the users who
// were assigned or replied there, and the account-only users given that
// mailbox); every list takes page. An unknown mailbox's folders are a 404.
// Server.Directory returns each list whole.
//
// The lists agree with the reports:
//   - the users are the company report's, with its ids and names ("First
//     Last": User.Name), and three users of the account no conversation
//     has, whose user reports answer zero figures: Maya Lopez (100107), who
//     shares Maya Patel's first name, Åsa Lindqvist (100108), whose name is
//     beyond ASCII, and an invited user with no name yet, only an e-mail
//     address (100109);
//   - the mailboxes are the catalogue's (Support 201, Sales 202, Billing
//     203);
//   - the folders are the catalogue's three of each mailbox (Unassigned,
//     Assigned, Closed: a name in every mailbox), their totalCount and
//     activeCount those of the conversations the folders filter finds, and
//     a few empty ones: Drafts and Spam in each, Needs Attention in Support
//     and "needs attention" in Billing;
//   - the tags, in alphabetical order, are the catalogue's, each with its
//     colour and its ticketCount the count of the drilldown by that tag over
//     the whole data set, and two no conversation has: `q&a, "urgent"` (a
//     comma and quotes; slug q-a-urgent) and "VIP Escalation".
//
// The lists take the knobs of the reports: the token check, the rate limit
// (list calls count with report calls), FailNext (on a list's path, or on
// every report and list path), latency, CutNext, Handle, the request log.
//
// # Validation
//
// Invalid requests are answered 400 with a vnd.error body whose
// _embedded.errors name the parameter (path), the problem (message) and the
// value (rejectedValue). These rules are the API's, as its documentation
// states them: malformed dates (it takes only 2006-01-02T15:04:05Z), numbers
// that do not parse, ids that are not positive, empty values, rows over
// 50, values outside an enum (viewBy, types, range, field, status,
// sortField, sortOrder, rating), viewBy outside its limits (day up to 60
// days, week up to a year, month from 61 days), rangeId without range, and
// missing required parameters (start, end, user, field, fieldid). A path
// that is no report answers 404 "Unknown URL", as the API does.
//
// The lists refuse a page, or a users list's mailbox, that is not a
// positive number, and an email that is no address ("Not well-formed email
// address", as the API's errors name it).
//
// These rules are the fake's own, stricter guesses where the documentation
// is silent, so that a mistake shows in tests: a parameter the route does
// not take (400), a parameter given twice (400), end not after start or
// previousEnd not after previousStart (400), half a previous range (400),
// rows or page under 1 (400), a rangeId the range does not have (400), and
// a user or team id the data set does not have (404).
// WithLenientValidation turns them off: an unknown parameter is ignored, a
// repeated one takes its first value, an end not after its start makes an
// empty range, half a previous range is none, rows or page under 1 is the
// default, an unknown rangeId matches nothing, and an unknown user has zero
// figures.
//
// # Limits
//
// A fake lives for a whole test run in CI and answers whatever it is sent,
// so it bounds what one request, or a flood of them, costs; these limits
// hold with WithLenientValidation too:
//   - a list parameter (mailboxes, tags, folders, types, sites) takes at
//     most 1000 items: a longer one is refused with a 400 (path the
//     parameter, message "takes at most 1000 items, got N") before it is
//     parsed. Filters are sets, so a filter of 1000 ids costs what a filter
//     of one does;
//   - a range, and a previous range, spans at most 3653 days (ten years): a
//     longer one (year 1 to 9999, say) is refused with a 400 (path end or
//     previousEnd, message "... may span at most 3653 days"). The API
//     documents no such limit, but has no data before an account began;
//     the limit keeps a time series within about 120 monthly points;
//   - an error answer echoes at most 256 bytes of a value, a parameter name
//     or a message, cut with "…";
//   - the computation of a report stops when its client hangs up (the
//     request's context is done): nothing is answered or cached, and the
//     log shows status 0;
//   - the request log keeps the newest requests within MaxRequestLogBytes
//     (16 MiB, each request counted with its query, headers and 256 bytes
//     more: about 50,000 ordinary requests); the oldest beyond are dropped
//     and counted by Server.DroppedRequests;
//   - the authorize page gives a code to any GET, so codes expire after
//     CodeLifetime and at most MaxCodes wait (see OAuth2 flows); access
//     tokens are issued to the client's credentials only, and the expired
//     ones are dropped at each issue;
//   - a slow or stalled client does not keep a connection: a request's
//     headers must come within DefaultHeaderTimeout (10 s) of its first
//     byte, its body (a token request's) within DefaultBodyTimeout (10 s)
//     of its headers, and a kept-alive connection is closed after
//     DefaultIdleTimeout (2 minutes) without a request. WithTimeouts sets
//     shorter ones for tests of slow clients; they bound reading only, so
//     an answer delayed by WithLatency is still sent.
//
// # Shapes
//
// By default the answers take the shapes the API has been seen to send.
// WithShapes and Server.SetShapes switch to the alternatives the API
// documents or may send, for code that must accept each: NullFields (null
// in every field that may be null: the ratings' threadid, threadCreatedAt,
// type, ratingId, ratingComments, ratingUserId and names, the custom
// fields' previous totals), StartCountPoints (received-messages points as
// {"start", "count"}), NestedUserChat (the user chat report in the chat
// report's nesting) and UnpagedFolders (a mailbox's folders in one answer
// with no page object, as the official PHP SDK's sample has them);
// AllShapes is all of them. For anything else the fake
// does not model, Server.Handle answers a path with a handler of the
// test's choosing, after the token check, rate limit and injected
// failures of a report path.
//
// # Knobs
//
// For tests of code that uses the SDK: a fixed-window rate limit
// (WithRateLimit, Server.SetRateLimit) with the API's headers, 429 answers
// and their count (Server.Throttled); injected failures (Server.FailNext,
// on every report and list path or on some); latency (Server.SetLatency)
// and connections cut mid-body (Server.CutNext); the items of a list page
// (WithListPageSize, Server.SetListPageSize); read timeouts (WithTimeouts);
// token lifetime
// (WithTokenLifetime) and early expiry (Server.ExpireTokens); a clock for
// expiry and rate windows (WithClock); a handler of the test's for a path
// (Server.Handle); alternative shapes (WithShapes, Server.SetShapes); the
// fake's own validation rules off (WithLenientValidation); a log of the
// requests with their headers, the Authorization redacted
// (Server.Requests, emptied by Server.ClearRequests, bounded with
// Server.DroppedRequests counting what it dropped), the token requests
// (Server.TokenRequests), the connections opened (Server.Connections) and
// open now (Server.OpenConnections).
package reportstest
