package main

// The catalog of the 32 reports: path (which names the command), what it
// tells, the SDK method (whose params type gives the flags) and how its
// result is flattened into rows. The commands, their flags, their help and
// `hsreports list` are generated from it.

import (
	"context"
	"iter"
	"reflect"
	"strings"

	"github.com/helpscout-go/reports"
)

// report is one row of the table.
type report struct {
	path   string       // the API path, /v2/reports/...
	about  string       // one line of help
	params reflect.Type // the params struct: its fields are the flags
	rows   string       // what one row of ndjson and csv is
	paged  bool         // takes --all
	brief  []string     // the columns of an item a table shows; all when nil
	item   reflect.Type // the type of a row (of the whole answer, for an overall report)
	lead   string       // the name of the rows' first column (period), or ""
	whole  bool         // an overall report: its lists can be rows (--list)
	// run gets the report with params p and writes it to o; all walks
	// every page.
	run func(ctx context.Context, c *reports.Client, p any, all bool, o *output) error
}

// name is the command's words: the path after /v2/reports/.
func (r report) name() []string {
	return strings.Split(strings.TrimPrefix(r.path, "/v2/reports/"), "/")
}

// getter is a GetX method of the SDK, as a method expression.
type getter[P, R any] func(*reports.Client, context.Context, P) (*R, error)

// overall is a report answered with one object: current, previous and
// deltas, and lists beside them. Flattened, it is one row.
func overall[P, R any](path, about string, get getter[P, R]) report {
	return report{path: path, about: about, params: reflect.TypeFor[P](), rows: "the whole report (one row, nested objects as dotted columns); with --list, an element of that list",
		item: reflect.TypeFor[R](), whole: true,
		run: func(ctx context.Context, c *reports.Client, p any, _ bool, o *output) error {
			r, err := get(c, ctx, p.(P))
			if err != nil {
				return err
			}
			return o.overall(r)
		}}
}

// series is a time series: its rows are the points, current then previous.
func series[P, T any](path, about string, get getter[P, reports.TimeSeries[T]]) report {
	return report{path: path, about: about, params: reflect.TypeFor[P](), rows: "a point of the series, with its period (current or previous)",
		item: reflect.TypeFor[T](), lead: "period",
		run: func(ctx context.Context, c *reports.Client, p any, _ bool, o *output) error {
			r, err := get(c, ctx, p.(P))
			if err != nil {
				return err
			}
			return o.series(r, r.Current, r.Previous)
		}}
}

// list is a report answered with a list: its rows are the items.
func list[P, R, T any](path, about, rows string, get getter[P, R], items func(*R) []T) report {
	return report{path: path, about: about, params: reflect.TypeFor[P](), rows: rows, item: reflect.TypeFor[T](),
		run: func(ctx context.Context, c *reports.Client, p any, _ bool, o *output) error {
			r, err := get(c, ctx, p.(P))
			if err != nil {
				return err
			}
			w := o.records(r, reflect.TypeFor[T](), "")
			for _, item := range items(r) {
				w.write(reflect.ValueOf(item), "")
			}
			return w.close()
		}}
}

// paged is a report answered a page at a time: its rows are the page's
// items; with --all, every page's, walked with the SDK's AllXPages.
// page finds the page in an answer, and wrap makes an answer of a page (the
// shape --all --format json writes).
func paged[P, R, T any](path, about, rows string, get getter[P, R],
	walk func(*reports.Client, context.Context, P) iter.Seq2[*reports.Paged[T], error],
	page func(*R) *reports.Paged[T], wrap func(*reports.Paged[T]) *R) report {
	return report{path: path, about: about, params: reflect.TypeFor[P](), rows: rows, paged: true, item: reflect.TypeFor[T](),
		run: func(ctx context.Context, c *reports.Client, p any, all bool, o *output) error {
			if !all {
				r, err := get(c, ctx, p.(P))
				if err != nil {
					return err
				}
				pg := page(r)
				w := o.records(r, reflect.TypeFor[T](), "")
				for _, item := range pg.Results {
					w.write(reflect.ValueOf(item), "")
				}
				err = w.close()
				o.pageNote(pg.Page, pg.Pages, pg.Count, len(pg.Results))
				return err
			}
			var w *recordWriter
			for pg, err := range walk(c, ctx, p.(P)) {
				if err != nil {
					if w != nil {
						w.abort()
					}
					return err
				}
				if w == nil {
					head := *pg
					head.Results = []T{}
					w = o.records(wrap(&head), reflect.TypeFor[T](), "")
					w.stream = true
					if w.tbl != nil {
						// Printed a page at a time: a column empty on the
						// first page may fill later, so none is left out.
						w.tbl.keepEmpty = true
					}
					w.total = rowsLeft(pg.Page, pg.Pages, pg.Count, len(pg.Results))
					w.walk = o.startProgress(pg.Page, pg.Pages, w.total)
				}
				for _, item := range pg.Results {
					w.write(reflect.ValueOf(item), "")
				}
				if err := w.endPage(); err != nil {
					return err
				}
			}
			if w == nil {
				return nil
			}
			return w.close()
		}}
}

// rowsLeft is how many rows a walk from page (of pages, count rows in all)
// gives, when that page holds n rows: the total less the pages before it.
func rowsLeft(page, pages, count, n int) int {
	switch {
	case page <= 1:
		return count
	case page >= pages:
		return n
	}
	return min(max(count-(page-1)*n, n), count)
}

// drilldown is a paged report of conversations.
func drilldown[P any](path, about string, get getter[P, reports.DrilldownResult],
	walk func(*reports.Client, context.Context, P) iter.Seq2[*reports.Paged[reports.DrilldownConversation], error]) report {
	r := paged(path, about, "a conversation", get, walk,
		func(r *reports.DrilldownResult) *reports.Paged[reports.DrilldownConversation] {
			return &r.Conversations
		},
		func(p *reports.Paged[reports.DrilldownConversation]) *reports.DrilldownResult {
			return &reports.DrilldownResult{Conversations: *p}
		})
	r.brief = []string{"number", "type", "status", "mailboxid", "subject", "customerName", "assignedName", "threadCount", "modifiedAt", "waitingSince", "tags"}
	return r
}

// ratings is a paged report of happiness ratings.
func ratings[P any](path, about string, get getter[P, reports.RatingsResult],
	walk func(*reports.Client, context.Context, P) iter.Seq2[*reports.Paged[reports.Rating], error]) report {
	r := paged(path, about, "a rating", get, walk,
		func(r *reports.RatingsResult) *reports.Paged[reports.Rating] { return &r.Paged },
		// Facets, which the API's docs show empty, is not kept by --all.
		func(p *reports.Paged[reports.Rating]) *reports.RatingsResult {
			return &reports.RatingsResult{Paged: *p}
		})
	r.brief = []string{"number", "type", "ratingId", "ratingCustomerName", "ratingUserName", "ratingComments", "ratingCreatedAt"}
	return r
}

type client = reports.Client

// catalog lists every report of the API, in the order of its docs.
var catalog = []report{
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
