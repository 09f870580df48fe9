package drift

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/helpscout-go/reports"
)

// Report is one of the SDK's 32 reports: its Client method, its result type,
// its sample answers in testdata and how to call it.
type Report struct {
	Method   string       // the Client method, e.g. "GetCompany"
	Type     reflect.Type // the result type
	Fixtures []string     // file names in testdata
	User     bool         // takes a user (or team) id
	Field    bool         // takes a field and field id
	call     func(context.Context, *reports.Client, Args) (any, error)
}

// Args are the params Run calls every report with. User and FieldID, when
// zero, are taken from the answers of the company report (its first user)
// and of the conversations report (its top tag, customer, saved reply or
// workflow).
type Args struct {
	Dates    reports.Dates
	Previous reports.PreviousDates // the previous range of the reports that take one
	ViewBy   reports.ViewBy        // of the time series
	User     int64
	Field    reports.DrilldownField
	FieldID  int64
}

// report makes a Report of method, whose answer is a T, called by call.
// The fixture is named after the method without Get, in snake case
// (GetCompanyCustomersHelped: company_customers_helped.json), and extra
// fixtures follow.
func report[T any](method string, call func(context.Context, *reports.Client, Args) (*T, error), extra ...string) Report {
	return Report{
		Method:   method,
		Type:     reflect.TypeFor[T](),
		Fixtures: append([]string{snake(strings.TrimPrefix(method, "Get")) + ".json"}, extra...),
		call: func(ctx context.Context, c *reports.Client, a Args) (any, error) {
			return call(ctx, c, a)
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

// The params pieces every call is made of.
func (a Args) overall() reports.OverallParams {
	return reports.OverallParams{Dates: a.Dates, PreviousDates: a.Previous}
}

func (a Args) series() reports.TimeSeriesParams {
	return reports.TimeSeriesParams{Dates: a.Dates, PreviousDates: a.Previous, ViewBy: a.ViewBy}
}

func (a Args) productivitySeries() reports.ProductivityTimeSeriesParams {
	return reports.ProductivityTimeSeriesParams{Dates: a.Dates, PreviousDates: a.Previous, ViewBy: a.ViewBy}
}

func (a Args) userSeries() reports.UserTimeSeriesParams {
	return reports.UserTimeSeriesParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous, ViewBy: a.ViewBy}
}

func (a Args) drilldown() reports.DrilldownParams { return reports.DrilldownParams{Dates: a.Dates} }

func (a Args) channel() reports.ChannelParams {
	return reports.ChannelParams{Dates: a.Dates, PreviousDates: a.Previous}
}

// Reports are the 32 reports, in the order Run calls them: the company and
// conversations reports first, since the user reports and the fields
// drilldown take ids from their answers.
var Reports = []Report{
	report("GetCompany", func(ctx context.Context, c *reports.Client, a Args) (*reports.CompanyResult, error) {
		return c.GetCompany(ctx, a.overall())
	}),
	report("GetConversations", func(ctx context.Context, c *reports.Client, a Args) (*reports.ConversationsResult, error) {
		return c.GetConversations(ctx, a.overall())
	}),
	report("GetCompanyCustomersHelped", func(ctx context.Context, c *reports.Client, a Args) (*reports.CompanyCustomersHelpedResult, error) {
		return c.GetCompanyCustomersHelped(ctx, a.series())
	}),
	report("GetCompanyDrilldown", func(ctx context.Context, c *reports.Client, a Args) (*reports.CompanyDrilldownResult, error) {
		return c.GetCompanyDrilldown(ctx, reports.CompanyDrilldownParams{Dates: a.Dates, Range: reports.RangeResponseTime, RangeID: 1})
	}),
	report("GetConversationsNewConversations", func(ctx context.Context, c *reports.Client, a Args) (*reports.ConversationsNewConversationsResult, error) {
		return c.GetConversationsNewConversations(ctx, a.series())
	}),
	report("GetConversationsChannelVolumes", func(ctx context.Context, c *reports.Client, a Args) (*reports.ConversationsChannelVolumesResult, error) {
		return c.GetConversationsChannelVolumes(ctx, a.series())
	}),
	report("GetConversationsBusiestTimes", func(ctx context.Context, c *reports.Client, a Args) (*reports.ConversationsBusiestTimesResult, error) {
		return c.GetConversationsBusiestTimes(ctx, a.overall())
	}),
	report("GetConversationsDrilldown", func(ctx context.Context, c *reports.Client, a Args) (*reports.ConversationsDrilldownResult, error) {
		return c.GetConversationsDrilldown(ctx, a.drilldown())
	}),
	needsField(report("GetConversationsDrilldownByField", func(ctx context.Context, c *reports.Client, a Args) (*reports.ConversationsDrilldownByFieldResult, error) {
		return c.GetConversationsDrilldownByField(ctx, reports.ConversationsDrilldownByFieldParams{Dates: a.Dates, Field: a.Field, FieldID: a.FieldID})
	})),
	report("GetConversationsNewConversationsDrilldown", func(ctx context.Context, c *reports.Client, a Args) (*reports.ConversationsNewConversationsDrilldownResult, error) {
		return c.GetConversationsNewConversationsDrilldown(ctx, a.drilldown())
	}),
	report("GetConversationsReceivedMessageStats", func(ctx context.Context, c *reports.Client, a Args) (*reports.ConversationsReceivedMessageStatsResult, error) {
		return c.GetConversationsReceivedMessageStats(ctx, a.series())
	}, "conversations_received_message_stats_doc.json"),
	report("GetDocs", func(ctx context.Context, c *reports.Client, a Args) (*reports.DocsResult, error) {
		return c.GetDocs(ctx, reports.DocsParams{Dates: a.Dates, PreviousDates: a.Previous})
	}),
	report("GetHappiness", func(ctx context.Context, c *reports.Client, a Args) (*reports.HappinessResult, error) {
		return c.GetHappiness(ctx, a.overall())
	}),
	report("GetHappinessRatings", func(ctx context.Context, c *reports.Client, a Args) (*reports.HappinessRatingsResult, error) {
		return c.GetHappinessRatings(ctx, reports.HappinessRatingsParams{Dates: a.Dates, PreviousDates: a.Previous})
	}),
	report("GetProductivity", func(ctx context.Context, c *reports.Client, a Args) (*reports.ProductivityResult, error) {
		return c.GetProductivity(ctx, reports.ProductivityParams{Dates: a.Dates, PreviousDates: a.Previous})
	}),
	report("GetProductivityFirstResponseTime", func(ctx context.Context, c *reports.Client, a Args) (*reports.ProductivityFirstResponseTimeResult, error) {
		return c.GetProductivityFirstResponseTime(ctx, a.productivitySeries())
	}),
	report("GetProductivityRepliesSent", func(ctx context.Context, c *reports.Client, a Args) (*reports.ProductivityRepliesSentResult, error) {
		return c.GetProductivityRepliesSent(ctx, a.productivitySeries())
	}),
	report("GetProductivityResolutionTime", func(ctx context.Context, c *reports.Client, a Args) (*reports.ProductivityResolutionTimeResult, error) {
		return c.GetProductivityResolutionTime(ctx, a.productivitySeries())
	}),
	report("GetProductivityResolved", func(ctx context.Context, c *reports.Client, a Args) (*reports.ProductivityResolvedResult, error) {
		return c.GetProductivityResolved(ctx, a.productivitySeries())
	}),
	report("GetProductivityResponseTime", func(ctx context.Context, c *reports.Client, a Args) (*reports.ProductivityResponseTimeResult, error) {
		return c.GetProductivityResponseTime(ctx, a.productivitySeries())
	}),
	needsUser(report("GetUser", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserResult, error) {
		return c.GetUser(ctx, reports.UserParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous})
	})),
	needsUser(report("GetUserConversationHistory", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserConversationHistoryResult, error) {
		return c.GetUserConversationHistory(ctx, reports.UserConversationHistoryParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous})
	})),
	needsUser(report("GetUserCustomersHelped", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserCustomersHelpedResult, error) {
		return c.GetUserCustomersHelped(ctx, a.userSeries())
	})),
	needsUser(report("GetUserDrilldown", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserDrilldownResult, error) {
		return c.GetUserDrilldown(ctx, reports.UserDrilldownParams{User: a.User, Dates: a.Dates})
	})),
	needsUser(report("GetUserHappiness", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserHappinessResult, error) {
		return c.GetUserHappiness(ctx, reports.UserHappinessParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous})
	})),
	needsUser(report("GetUserHappinessDrilldown", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserHappinessDrilldownResult, error) {
		return c.GetUserHappinessDrilldown(ctx, reports.UserHappinessDrilldownParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous})
	})),
	needsUser(report("GetUserReplies", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserRepliesResult, error) {
		return c.GetUserReplies(ctx, a.userSeries())
	})),
	needsUser(report("GetUserResolutions", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserResolutionsResult, error) {
		return c.GetUserResolutions(ctx, a.userSeries())
	})),
	needsUser(report("GetUserChat", func(ctx context.Context, c *reports.Client, a Args) (*reports.UserChatResult, error) {
		return c.GetUserChat(ctx, reports.UserChatParams{User: a.User, Dates: a.Dates, PreviousDates: a.Previous})
	}, "user_chat_nested.json")),
	report("GetChat", func(ctx context.Context, c *reports.Client, a Args) (*reports.ChatResult, error) {
		return c.GetChat(ctx, a.channel())
	}),
	report("GetEmail", func(ctx context.Context, c *reports.Client, a Args) (*reports.EmailResult, error) {
		return c.GetEmail(ctx, a.channel())
	}),
	report("GetPhone", func(ctx context.Context, c *reports.Client, a Args) (*reports.PhoneResult, error) {
		return c.GetPhone(ctx, a.channel())
	}),
}

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

// Run calls every report once with c, whose HTTP client sends through rec,
// and compares each answer with its result type. A report is skipped when it
// needs an id that neither a nor the earlier answers give. The request
// budget is rec's.
func Run(ctx context.Context, c *reports.Client, rec *Recorder, a Args) []Result {
	return run(ctx, c, rec, a, Reports)
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
// tag first, but not tag 1, which stands for the untagged conversations).
func (a Args) from(answer any) Args {
	switch r := answer.(type) {
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
