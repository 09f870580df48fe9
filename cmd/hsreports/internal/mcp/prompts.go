package mcp

// The prompts: two ways into the tools an assistant's user picks from a
// menu, each a plan of which tools to call.

import (
	"context"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// addPrompts adds the prompts whose tools the server serves:
// weekly-review needs the reports, investigate-metric the history (and
// the reports for its live half).
func (s *server) addPrompts(ms *mcp.Server) {
	if s.c != nil {
		ms.AddPrompt(&mcp.Prompt{
			Name:        "weekly-review",
			Title:       "Weekly review",
			Description: "Last week against the week before: volume, speed, happiness, who did what, and the unhappy ratings with their comments.",
			Arguments: []*mcp.PromptArgument{
				{Name: "mailbox", Description: "a mailbox (id or name) to review alone; all when empty"},
				{Name: "tz", Description: "the IANA time zone of the weeks (default the server's)"},
			},
		}, s.weeklyReview)
	}
	if s.store != nil {
		ms.AddPrompt(&mcp.Prompt{
			Name:        "investigate-metric",
			Title:       "Investigate a metric",
			Description: "A metric's trend from the stored history, then the live drilldown behind the period that stands out.",
			Arguments: []*mcp.PromptArgument{
				{Name: "metric", Description: "the metric as stored, e.g. totalReplies, responseTime, users.<name>.replies", Required: true},
				{Name: "report", Description: "the report it is of (default company)"},
				{Name: "each", Description: "day, week or month (default week)"},
			},
		}, s.investigateMetric)
	}
}

// weeklyReview is the plan of a weekly review.
func (s *server) weeklyReview(_ context.Context, req *mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
	args := req.Params.Arguments
	common := `"last": "1w", "compare-to": "period"`
	if tz := strings.TrimSpace(args["tz"]); tz != "" {
		common += fmt.Sprintf(`, "tz": %q`, tz)
	}
	scope := "the whole account"
	if mb := strings.TrimSpace(args["mailbox"]); mb != "" {
		common += fmt.Sprintf(`, "mailbox": [%q]`, mb)
		scope = "the mailbox " + mb
	}
	text := fmt.Sprintf(`Review last week against the week before for %[1]s, from the Help Scout reports tools. Every answer's first line names the two weeks it compares: say them.

1. Call company with {%[2]s}. From its figures: customers helped, conversations closed, replies, replies per day, with their changes. From its users list: who sent the most replies and helped the most customers, and whose figures moved most against the week before.
2. Call productivity with {%[2]s}: first response time, response time, resolution time and handle time (the text gives them as 3h 12m (11,520 s)), and the share resolved on the first reply.
3. Call happiness with {%[2]s}: the happiness score and the great, okay and not good shares.
4. Call happiness_ratings with {%[3]s, "rating": "not-good"} (one page; call again with the next page while there are more): quote each customer's comment (ratingComments) with its conversation number and the user it rated. Say when a rating has no comment.
5. Write the review: a few lines on volume, speed and happiness with their changes; a short table of who did what; the unhappy ratings and what they have in common; one or two things to look at this week. Only figures the tools gave; no guesses.`,
		scope, common, strings.Replace(common, `, "compare-to": "period"`, "", 1))
	return &mcp.GetPromptResult{
		Description: "Weekly review of " + scope,
		Messages:    []*mcp.PromptMessage{{Role: "user", Content: &mcp.TextContent{Text: text}}},
	}, nil
}

// investigateMetric is the plan of an investigation of a metric.
func (s *server) investigateMetric(_ context.Context, req *mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
	args := req.Params.Arguments
	metric := strings.TrimSpace(args["metric"])
	if metric == "" {
		return nil, fmt.Errorf("metric: required, e.g. totalReplies")
	}
	report := strings.TrimSpace(args["report"])
	if report == "" {
		report = "company"
	}
	each := strings.TrimSpace(args["each"])
	if each == "" {
		each = "week"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `Investigate the metric %[1]q of the %[2]s report.

1. Call history with {"report": %[2]q, "metric": %[1]q, "each": %[3]q}. It answers from the database hsreports sync keeps, without an API request, and says what is stored and what is missing (with the hsreports sync line that would fill it): say so when periods are missing, and do not read a trend into them. If it refuses the bucket size (a distinct count or an average stored per day only), call it again with the size it says is stored.
2. Describe the trend: the level, the direction, and the periods that stand out (the highest, the lowest, a sudden change).`, metric, report, each)
	if s.c != nil {
		fmt.Fprintf(&b, `
3. For the period that stands out most, look at it live, with its dates as start and end (end excluded, as history gives them):
   - call %[1]s with {"start": ..., "end": ..., "compare-to": "period"} for the whole picture of that period against the one before;
   - then the drilldown behind it: company_drilldown with range (responseTime, firstResponseTime, handleTime, replies, resolved or firstReplyResolved) and range-id (a bucket of the productivity report's ranges) for a time or a count of replies; conversations_drilldown for volumes; happiness_ratings for happiness; user_drilldown with user for one person's figures (users.<id>.…).
4. Explain what the conversations behind the period have in common (mailboxes, tags, customers, who handled them), and what to watch next.`, report)
	} else {
		b.WriteString(`
3. The live reports are not served (no API credentials): explain the trend from the stored figures alone, and say which live report would tell more.`)
	}
	return &mcp.GetPromptResult{
		Description: "Investigate " + metric,
		Messages:    []*mcp.PromptMessage{{Role: "user", Content: &mcp.TextContent{Text: b.String()}}},
	}, nil
}
