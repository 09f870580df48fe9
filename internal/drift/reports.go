package drift

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/helpscout-go/reports"
)

// Report is one of the SDK's 32 reports or 4 lists: its Client method, its
// result type, its sample answers in testdata and how to call it.
type Report struct {
	Method   string       // the Client method, e.g. "GetCompany"
	Type     reflect.Type // the result type
	Fixtures []string     // file names in testdata (lists/users.json for ListUsers)
	User     bool         // takes a user (or team) id
	Field    bool         // takes a field and field id
	Mailbox  bool         // takes a mailbox id
	call     func(context.Context, *reports.Client, Args) (any, error)
}

// Args are the params Run calls every report with. User, FieldID and
// Mailbox, when zero, are taken from the answers of the company report (its
// first user), of the conversations report (its top tag, customer, saved
// reply or workflow) and of the mailboxes list (its first mailbox).
type Args struct {
	Dates    reports.Dates
	Previous reports.PreviousDates // the previous range of the reports that take one
	ViewBy   reports.ViewBy        // of the time series
	User     int64
	Field    reports.DrilldownField
	FieldID  int64
	Mailbox  int64 // the mailbox whose folders ListFolders lists
}

// report makes the Report of get, a GetX method of the Client, called with
// the params that params makes from Args. Its fixture is named after the
// method without Get, in snake case (GetCompanyCustomersHelped:
// company_customers_helped.json); extra fixtures follow.
func report[P, T any](get func(*reports.Client, context.Context, P) (*T, error), params func(Args) P, extra ...string) Report {
	name := runtime.FuncForPC(reflect.ValueOf(get).Pointer()).Name() // github.com/helpscout-go/reports.(*Client).GetX
	method := name[strings.LastIndexByte(name, '.')+1:]
	return Report{
		Method:   method,
		Type:     reflect.TypeFor[T](),
		Fixtures: append([]string{snake(strings.TrimPrefix(method, "Get")) + ".json"}, extra...),
		call: func(ctx context.Context, c *reports.Client, a Args) (any, error) {
			return get(c, ctx, params(a))
		},
	}
}

var upper = regexp.MustCompile(`[A-Z]`)

// snake turns CompanyCustomersHelped into company_customers_helped.
func snake(s string) string {
	return strings.TrimPrefix(upper.ReplaceAllStringFunc(s, func(u string) string { return "_" + strings.ToLower(u) }), "_")
}

func needsUser(r Report) Report  { r.User = true; return r }
func needsField(r Report) Report { r.Field = true; return r }

// list makes the Report of a list method of the Client, called as call
// calls it. Its fixture is lists/<what it lists>.json (ListUsers:
// lists/users.json).
func list[T any](method string, call func(context.Context, *reports.Client, Args) (*T, error)) Report {
	return Report{
		Method:   method,
		Type:     reflect.TypeFor[T](),
		Fixtures: []string{"lists/" + strings.ToLower(strings.TrimPrefix(method, "List")) + ".json"},
		call: func(ctx context.Context, c *reports.Client, a Args) (any, error) {
			return call(ctx, c, a)
		},
	}
}

// The params of the reports, from Args.

func (a Args) overall() reports.OverallParams {
	return reports.OverallParams{Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) series() reports.TimeSeriesParams {
	return reports.TimeSeriesParams{Dates: a.Dates, PreviousDates: a.Previous, ViewBy: a.ViewBy}
}

func (a Args) drilldown() reports.DrilldownParams { return reports.DrilldownParams{Dates: a.Dates} }

func (a Args) companyDrilldown() reports.CompanyDrilldownParams {
	return reports.CompanyDrilldownParams{Dates: a.Dates, Range: reports.RangeResponseTime, RangeID: 1}
}

func (a Args) byField() reports.ConversationsDrilldownByFieldParams {
	return reports.ConversationsDrilldownByFieldParams{Dates: a.Dates, Field: a.Field, FieldID: a.FieldID}
}

func (a Args) docs() reports.DocsParams {
	return reports.DocsParams{Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) ratings() reports.HappinessRatingsParams {
	return reports.HappinessRatingsParams{Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) productivity() reports.ProductivityParams {
	return reports.ProductivityParams{Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) productivitySeries() reports.ProductivityTimeSeriesParams {
	return reports.ProductivityTimeSeriesParams{Dates: a.Dates, PreviousDates: a.Previous, ViewBy: a.ViewBy}
}

func (a Args) user() reports.UserParams {
	return reports.UserParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) history() reports.UserConversationHistoryParams {
	return reports.UserConversationHistoryParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) userSeries() reports.UserTimeSeriesParams {
	return reports.UserTimeSeriesParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous, ViewBy: a.ViewBy}
}

func (a Args) userDrilldown() reports.UserDrilldownParams {
	return reports.UserDrilldownParams{User: a.User, Dates: a.Dates}
}

func (a Args) userHappiness() reports.UserHappinessParams {
	return reports.UserHappinessParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) userRatings() reports.UserHappinessDrilldownParams {
	return reports.UserHappinessDrilldownParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) userChat() reports.UserChatParams {
	return reports.UserChatParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) channel() reports.ChannelParams {
	return reports.ChannelParams{Dates: a.Dates, PreviousDates: a.Previous}
}

type client = reports.Client

// Reports are the 32 reports, in the order Run calls them: the company and
// conversations reports first, since the user reports and the fields
// drilldown take ids from their answers.
var Reports = []Report{
	report((*client).GetCompany, Args.overall),
	report((*client).GetConversations, Args.overall),
	report((*client).GetCompanyCustomersHelped, Args.series),
	report((*client).GetCompanyDrilldown, Args.companyDrilldown),
	report((*client).GetConversationsNewConversations, Args.series),
	report((*client).GetConversationsChannelVolumes, Args.series),
	report((*client).GetConversationsBusiestTimes, Args.overall),
	report((*client).GetConversationsDrilldown, Args.drilldown),
	needsField(report((*client).GetConversationsDrilldownByField, Args.byField)),
	report((*client).GetConversationsNewConversationsDrilldown, Args.drilldown),
	report((*client).GetConversationsReceivedMessageStats, Args.series, "conversations_received_message_stats_doc.json"),
	report((*client).GetDocs, Args.docs),
	report((*client).GetHappiness, Args.overall),
	report((*client).GetHappinessRatings, Args.ratings),
	report((*client).GetProductivity, Args.productivity),
	report((*client).GetProductivityFirstResponseTime, Args.productivitySeries),
	report((*client).GetProductivityRepliesSent, Args.productivitySeries),
	report((*client).GetProductivityResolutionTime, Args.productivitySeries),
	report((*client).GetProductivityResolved, Args.productivitySeries),
	report((*client).GetProductivityResponseTime, Args.productivitySeries),
	needsUser(report((*client).GetUser, Args.user)),
	needsUser(report((*client).GetUserConversationHistory, Args.history)),
	needsUser(report((*client).GetUserCustomersHelped, Args.userSeries)),
	needsUser(report((*client).GetUserDrilldown, Args.userDrilldown)),
	needsUser(report((*client).GetUserHappiness, Args.userHappiness)),
	needsUser(report((*client).GetUserHappinessDrilldown, Args.userRatings)),
	needsUser(report((*client).GetUserReplies, Args.userSeries)),
	needsUser(report((*client).GetUserResolutions, Args.userSeries)),
	needsUser(report((*client).GetUserChat, Args.userChat, "user_chat_nested.json")),
	report((*client).GetChat, Args.channel),
	report((*client).GetEmail, Args.channel),
	report((*client).GetPhone, Args.channel),
}

// Lists are the Mailbox API's lists that name what the reports filter on,
// in the order Run calls them, after the reports: the mailboxes before their
// folders, which take a mailbox id from them.
var Lists = []Report{
	list("ListUsers", func(ctx context.Context, c *client, _ Args) (*reports.ListPage[reports.User], error) {
		return c.ListUsers(ctx, reports.ListUsersParams{})
	}),
	list("ListMailboxes", func(ctx context.Context, c *client, _ Args) (*reports.ListPage[reports.Mailbox], error) {
		return c.ListMailboxes(ctx, reports.ListMailboxesParams{})
	}),
	needsMailbox(list("ListFolders", func(ctx context.Context, c *client, a Args) (*reports.ListPage[reports.Folder], error) {
		return c.ListFolders(ctx, a.Mailbox, reports.ListFoldersParams{})
	})),
	list("ListTags", func(ctx context.Context, c *client, _ Args) (*reports.ListPage[reports.Tag], error) {
		return c.ListTags(ctx, reports.ListTagsParams{})
	}),
}

func needsMailbox(r Report) Report { r.Mailbox = true; return r }

// Result is the comparison of one report's answer.
type Result struct {
	Method string // the Client method
	Path   string // the path the answer came from; "" when not called
	// Findings are the comparison's; nil when no answer was compared.
	Findings []Finding
	// Err is why there is no answer to compare (an API error, the request
	// budget), or, with fatal Findings, the SDK's decoding error.
	Err error
	// Skipped says why the report was not called.
	Skipped string
}

// Run calls every report and then every list once with c, whose HTTP
// client sends through rec, and compares each answer with its result type:
// 36 results, Reports' then Lists'. A report is skipped when it needs an id
// that neither a nor the earlier answers give. The request budget is rec's.
func Run(ctx context.Context, c *reports.Client, rec *Recorder, a Args) []Result {
	return run(ctx, c, rec, a, slices.Concat(Reports, Lists))
}

// run is Run over a list of reports.
func run(ctx context.Context, c *reports.Client, rec *Recorder, a Args, list []Report) []Result {
	out := make([]Result, 0, len(list))
	for _, r := range list {
		res := Result{Method: r.Method}
		switch {
		case r.User && a.User == 0:
			res.Skipped = "no user id: the company report listed no users"
		case r.Field && a.FieldID == 0:
			res.Skipped = "no field id: the conversations report listed no tags, customers, saved replies or workflows"
		case r.Mailbox && a.Mailbox == 0:
			res.Skipped = "no mailbox id: the mailboxes list gave none"
		}
		if res.Skipped != "" {
			out = append(out, res)
			continue
		}
		rec.Take() // forget the answers of earlier calls
		answer, err := r.call(ctx, c, a)
		ex, ok := rec.Take()
		res.Path = ex.Path
		switch {
		case ok && ex.Status/100 == 2:
			// Also when err says the answer did not decode: the findings
			// say where.
			res.Findings = Compare(ex.Body, r.Type)
			if err != nil && !Fatal(res.Findings) {
				res.Findings = append(res.Findings, Finding{Kind: Mismatch, Detail: "the SDK could not read the answer", Count: 1})
			}
			res.Err = err
		case err == nil:
			res.Err = errors.New("no answer was recorded: is the client's HTTP client sending through the Recorder?")
		default:
			res.Err = err
		}
		if err == nil {
			a = a.from(answer)
		}
		out = append(out, res)
	}
	return out
}

// from fills the ids a lacks from an answer: a user id from the company
// report's users, a field id from the conversations report's top lists (a
// tag first, but not tag 1, which stands for the untagged conversations), a
// mailbox id from the mailboxes list.
func (a Args) from(answer any) Args {
	switch r := answer.(type) {
	case *reports.ListPage[reports.Mailbox]:
		for _, m := range r.Items {
			if a.Mailbox == 0 && m.ID > 0 {
				a.Mailbox = m.ID
			}
		}
	case *reports.CompanyResult:
		for _, u := range r.Users {
			if id, err := strconv.ParseInt(u.User, 10, 64); a.User == 0 && err == nil && id > 0 {
				a.User = id
			}
		}
	case *reports.ConversationsResult:
		lists := []struct {
			field reports.DrilldownField
			list  *reports.TopList
		}{{reports.FieldTagID, r.Tags}, {reports.FieldCustomerID, r.Customers}, {reports.FieldReplyID, r.Replies}, {reports.FieldWorkflowID, r.Workflows}}
		for _, l := range lists {
			if a.FieldID != 0 || l.list == nil {
				continue
			}
			for _, item := range l.list.Top {
				if item.ID > 0 && !(l.field == reports.FieldTagID && item.ID == 1) {
					a.Field, a.FieldID = l.field, item.ID
					break
				}
			}
		}
	}
	return a
}

// Failed reports whether any answer did not decode.
func Failed(results []Result) bool {
	for _, r := range results {
		if Fatal(r.Findings) {
			return true
		}
	}
	return false
}
