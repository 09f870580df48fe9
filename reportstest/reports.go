package reportstest

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/helpscout-go/reports"
)

// The 32 report routes: the parameters each accepts and requires, and how
// its answer is built from the data set, as the SDK's own result types so
// that the wire format is the one the SDK decodes.

// route is one report endpoint.
type route struct {
	path       string
	params     []string // accepted
	required   []string
	sortFields []string
	user       bool // takes the user parameter, a user or team id
	serve      func(d *dataset, q *request) any
}

// Parameter groups, as the API reference names them.
var (
	pDates      = []string{"start", "end"}
	pPrevious   = []string{"previousStart", "previousEnd"}
	pFilters    = []string{"mailboxes", "tags", "types", "folders"}
	pChannel    = []string{"mailboxes", "tags", "folders"}
	pOffice     = []string{"officeHours"}
	pViewBy     = []string{"viewBy"}
	pPaging     = []string{"page", "rows"}
	pUser       = []string{"user"}
	pRatings    = []string{"page", "sortField", "sortFieldRatings", "sortOrder", "rating"}
	ratingSort  = []string{"number", "modifiedAt", "rating"}
	historySort = []string{"number", "repliesSent", "responseTime", "resolveTime"}
)

func params(groups ...[]string) []string { return slices.Concat(groups...) }

// routes lists every report endpoint by path.
var routes = func() map[string]*route {
	list := []*route{
		{path: "/company", params: params(pDates, pPrevious, pFilters), serve: serveCompany},
		{path: "/company/customers-helped", params: params(pDates, pPrevious, pFilters, pViewBy), serve: serveCustomersHelped},
		{path: "/company/drilldown", params: params(pDates, pFilters, pPaging, []string{"range", "rangeId"}), serve: serveCompanyDrilldown},
		{path: "/conversations", params: params(pDates, pPrevious, pFilters), serve: serveConversations},
		{path: "/conversations/volume-by-channel", params: params(pDates, pPrevious, pFilters, pViewBy), serve: serveVolumeByChannel},
		{path: "/conversations/busy-times", params: params(pDates, pPrevious, pFilters), serve: serveBusyTimes},
		{path: "/conversations/drilldown", params: params(pDates, pFilters, pPaging), serve: serveConversationsDrilldown},
		{path: "/conversations/fields-drilldown", params: params(pDates, pFilters, pPaging, []string{"field", "fieldid"}), required: []string{"field", "fieldid"}, serve: serveFieldsDrilldown},
		{path: "/conversations/new", params: params(pDates, pPrevious, pFilters, pViewBy), serve: serveNewConversations},
		{path: "/conversations/new-drilldown", params: params(pDates, pFilters, pPaging), serve: serveNewDrilldown},
		{path: "/conversations/received-messages", params: params(pDates, pPrevious, pFilters, pViewBy), serve: serveReceivedMessages},
		{path: "/docs", params: params(pDates, pPrevious, []string{"sites"}), serve: serveDocs},
		{path: "/happiness", params: params(pDates, pPrevious, pFilters), serve: serveHappiness},
		{path: "/happiness/ratings", params: params(pDates, pPrevious, pFilters, pRatings), sortFields: ratingSort, serve: serveRatings},
		{path: "/productivity", params: params(pDates, pPrevious, pFilters, pOffice), serve: serveProductivity},
		{path: "/productivity/first-response-time", params: params(pDates, pPrevious, pFilters, pOffice, pViewBy), serve: timeSeries(func(a *agg) float64 { return a.firstResponse.avg() })},
		{path: "/productivity/replies-sent", params: params(pDates, pPrevious, pFilters, pOffice, pViewBy), serve: serveRepliesSent},
		{path: "/productivity/resolution-time", params: params(pDates, pPrevious, pFilters, pOffice, pViewBy), serve: timeSeries(func(a *agg) float64 { return a.resolution.avg() })},
		{path: "/productivity/resolved", params: params(pDates, pPrevious, pFilters, pOffice, pViewBy), serve: serveResolved},
		{path: "/productivity/response-time", params: params(pDates, pPrevious, pFilters, pOffice, pViewBy), serve: timeSeries(func(a *agg) float64 { return a.response.avg() })},
		{path: "/user", params: params(pUser, pDates, pPrevious, pFilters, pOffice), user: true, serve: serveUser},
		{path: "/user/conversation-history", params: params(pUser, pDates, pPrevious, []string{"status"}, pFilters, pOffice, []string{"page", "sortField", "sortOrder"}), sortFields: historySort, user: true, serve: serveHistory},
		{path: "/user/customers-helped", params: params(pUser, pDates, pPrevious, pFilters, pViewBy), user: true, serve: serveCustomersHelped},
		{path: "/user/drilldown", params: params(pUser, pDates, pFilters, pPaging), user: true, serve: serveUserDrilldown},
		{path: "/user/happiness", params: params(pUser, pDates, pPrevious, pFilters), user: true, serve: serveHappiness},
		{path: "/user/ratings", params: params(pUser, pDates, pPrevious, pFilters, pRatings), sortFields: ratingSort, user: true, serve: serveRatings},
		{path: "/user/replies", params: params(pUser, pDates, pPrevious, pFilters, pViewBy), user: true, serve: serveRepliesSent},
		{path: "/user/resolutions", params: params(pUser, pDates, pPrevious, pFilters, pViewBy), user: true, serve: serveResolved},
		{path: "/user/chat", params: params(pUser, pDates, pPrevious, []string{"mailboxes", "tags"}, pOffice), user: true, serve: serveUserChat},
		{path: "/chat", params: params(pDates, pPrevious, pChannel, pOffice), serve: serveChat},
		{path: "/email", params: params(pDates, pPrevious, pChannel, pOffice), serve: serveEmail},
		{path: "/phone", params: params(pDates, pPrevious, pChannel, pOffice), serve: servePhone},
	}
	m := make(map[string]*route, len(list))
	for _, r := range list {
		r.path = "/v2/reports" + r.path
		r.required = append(slices.Clone(pDates), r.required...)
		if r.user {
			r.required = append(r.required, "user")
		}
		m[r.path] = r
	}
	return m
}()

// filterTags names the tags the request filters on.
func (q *request) filterTags() []reports.FilterTag {
	var out []reports.FilterTag
	for _, id := range q.filter.tags {
		ft := reports.FilterTag{ID: id}
		if i := slices.IndexFunc(tags, func(t Tag) bool { return t.ID == id }); i >= 0 {
			ft.Name = tags[i].Name
		}
		out = append(out, ft)
	}
	return out
}

// both aggregates the current range and, when asked, the previous one.
func (d *dataset) both(q *request, f *filter, scope uint32) (cur, prev *agg) {
	cur = d.aggregate(q.start, q.end, f, scope)
	if q.hasPrev {
		prev = d.aggregate(q.pstart, q.pend, f, scope)
	}
	return cur, prev
}

// withPrevious builds the previous-range value and the deltas when the
// previous range was asked for.
func withPrevious[S, D any](prev *agg, stats func(*agg) S, deltas func() D) (*S, *D) {
	if prev == nil {
		return nil, nil
	}
	s, d := stats(prev), deltas()
	return &s, &d
}

func serveCompany(d *dataset, q *request) any {
	cur, prev := d.both(q, &q.filter, 0)
	res := reports.CompanyResult{FilterTags: q.filterTags(), Current: companyStats(cur)}
	res.Previous, res.Deltas = withPrevious(prev, companyStats, func() reports.CompanyDeltas {
		c, p := companyStats(cur), companyStats(prev)
		return reports.CompanyDeltas{
			CustomersHelped:      delta(c.CustomersHelped, p.CustomersHelped),
			TotalReplies:         delta(c.TotalReplies, p.TotalReplies),
			RepliesPerDay:        delta(c.RepliesPerDay, p.RepliesPerDay),
			Closed:               delta(c.Closed, p.Closed),
			TotalUsers:           delta(c.TotalUsers, p.TotalUsers),
			RepliesPerDayPerUser: delta(c.RepliesPerDayPerUser, p.RepliesPerDayPerUser),
		}
	})
	for u, info := range users {
		uc, up := d.both(q, &q.filter, 1<<u)
		cu := reports.CompanyUser{
			User:            fmt.Sprint(info.ID),
			Name:            info.Name,
			CustomersHelped: float64(uc.helped),
			Replies:         float64(uc.replies),
			HandleTime:      uc.handlePerReply.avg(),
			HappinessScore:  uc.happinessScore(),
		}
		if up != nil {
			cu.PreviousCustomersHelped = float64(up.helped)
			cu.PreviousReplies = float64(up.replies)
			cu.PreviousHandleTime = up.handlePerReply.avg()
			cu.PreviousHappinessScore = up.happinessScore()
		}
		res.Users = append(res.Users, cu)
	}
	return res
}

func companyStats(a *agg) reports.CompanyStats {
	s := reports.CompanyStats{
		Period:          a.period(),
		CustomersHelped: float64(a.helped),
		Closed:          float64(a.closed),
		TotalReplies:    float64(a.replies),
		TotalUsers:      float64(a.repliers),
		TotalDays:       a.days,
		RepliesPerDay:   a.perDay(a.replies),
		ResolvedPerDay:  a.perDay(a.resolved),
	}
	if a.repliers > 0 {
		s.RepliesPerDayPerUser = round2(float64(a.replies) / a.days / float64(a.repliers))
	}
	return s
}

func serveCustomersHelped(d *dataset, q *request) any {
	return series(d, q, &q.filter, func(t time.Time, a *agg) reports.CustomersPoint {
		return reports.CustomersPoint{Date: t, Customers: float64(a.helped)}
	})
}

func serveRepliesSent(d *dataset, q *request) any {
	return series(d, q, &q.filter, func(t time.Time, a *agg) reports.RepliesPoint {
		return reports.RepliesPoint{Date: t, Replies: float64(a.replies)}
	})
}

func serveResolved(d *dataset, q *request) any {
	return series(d, q, &q.filter, func(t time.Time, a *agg) reports.ResolvedPoint {
		return reports.ResolvedPoint{Date: t, Resolved: float64(a.resolved)}
	})
}

// timeSeries serves an average-time series.
func timeSeries(metric func(*agg) float64) func(d *dataset, q *request) any {
	return func(d *dataset, q *request) any {
		return series(d, q, &q.filter, func(t time.Time, a *agg) reports.TimePoint {
			return reports.TimePoint{Date: t, Time: metric(a)}
		})
	}
}

func serveNewConversations(d *dataset, q *request) any {
	return series(d, q, &q.filter, func(t time.Time, a *agg) reports.NewConversationsPoint {
		return reports.NewConversationsPoint{Start: t, Count: float64(a.customerStarted)}
	})
}

// serveReceivedMessages serves the received-messages series, with points
// {date, messages} as the API has been seen to send them, or {start, count}
// as its documentation shows them (StartCountPoints).
func serveReceivedMessages(d *dataset, q *request) any {
	if q.shapes&StartCountPoints != 0 {
		return series(d, q, &q.filter, func(t time.Time, a *agg) reports.NewConversationsPoint {
			return reports.NewConversationsPoint{Start: t, Count: float64(a.received)}
		})
	}
	return series(d, q, &q.filter, func(t time.Time, a *agg) reports.ReceivedMessagesPoint {
		return reports.ReceivedMessagesPoint{Date: t, Messages: float64(a.received)}
	})
}

func serveVolumeByChannel(d *dataset, q *request) any {
	return series(d, q, &q.filter, func(t time.Time, a *agg) reports.ChannelVolumePoint {
		return reports.ChannelVolumePoint{Date: t, Email: float64(a.byType[typeEmail]), Chat: float64(a.byType[typeChat]), Phone: float64(a.byType[typePhone])}
	})
}

// busyGrid counts the conversations of [start, end) per ISO weekday and hour.
func (d *dataset) busyGrid(start, end time.Time, f *filter) (grid [8][24]int) {
	d.each(start, end, f, 0, func(c *conversation) { grid[isoWeekday(c.created)][c.created.Hour()]++ })
	return grid
}

func serveBusyTimes(d *dataset, q *request) any {
	grid := d.busyGrid(q.start, q.end, &q.filter)
	res := reports.ConversationsBusiestTimesResult{Times: make([]reports.BusyTime, 0, 7*24)}
	for day := 1; day <= 7; day++ {
		for h := range 24 {
			res.Times = append(res.Times, reports.BusyTime{Day: day, Hour: h, Count: float64(grid[day][h])})
		}
	}
	return res
}

func conversationsStats(a *agg) reports.ConversationsStats {
	return reports.ConversationsStats{Period: a.period(), ConversationsMetrics: conversationsMetrics(a)}
}

func conversationsMetrics(a *agg) reports.ConversationsMetrics {
	return reports.ConversationsMetrics{
		TotalConversations:   float64(a.conversations),
		ConversationsCreated: float64(a.userStarted),
		NewConversations:     float64(a.customerStarted),
		Customers:            float64(a.customers),
		ConversationsPerDay:  a.perDay(a.conversations),
	}
}

// tally counts conversations per tag (the last entry: untagged), customer,
// saved reply and workflow.
type tally struct {
	tags, customers, savedReplies, workflows []int
}

func (d *dataset) tally(start, end time.Time, f *filter) tally {
	t := tally{tags: make([]int, len(tags)+1), customers: make([]int, customerCount), savedReplies: make([]int, len(savedReplies)), workflows: make([]int, len(workflows))}
	d.each(start, end, f, 0, func(c *conversation) {
		if c.tags == 0 {
			t.tags[len(tags)]++
		}
		for i := range tags {
			if c.tags&(1<<i) != 0 {
				t.tags[i]++
			}
		}
		t.customers[c.customer]++
		if c.savedReply >= 0 {
			t.savedReplies[c.savedReply]++
		}
		if c.workflow >= 0 {
			t.workflows[c.workflow]++
		}
	})
	return t
}

// topLimit is how many entries a top list shows.
const topLimit = 10

// topList ranks entries by count: count is the number of entries with a
// conversation, top the first topLimit of them, percentages of total.
func topList(cur, prev []int, total, ptotal int, item func(i int) reports.TopItem) *reports.TopList {
	var idx []int
	for i, n := range cur {
		if n > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(cur[b], cur[a]) })
	out := &reports.TopList{Count: float64(len(idx)), Top: []reports.TopItem{}}
	for _, i := range idx[:min(len(idx), topLimit)] {
		it := item(i)
		it.Count, it.PreviousCount = float64(cur[i]), float64(prev[i])
		it.Percent = percent(it.Count, float64(total))
		it.PreviousPercent = percent(it.PreviousCount, float64(ptotal))
		it.DeltaPercent = round2(it.Percent - it.PreviousPercent)
		out.Top = append(out.Top, it)
	}
	return out
}

func serveConversations(d *dataset, q *request) any {
	cur, prev := d.both(q, &q.filter, 0)
	res := reports.ConversationsResult{FilterTags: q.filterTags(), Current: conversationsStats(cur)}
	res.Previous, res.Deltas = withPrevious(prev, conversationsStats, func() reports.ConversationsMetrics {
		c, p := conversationsMetrics(cur), conversationsMetrics(prev)
		return reports.ConversationsMetrics{
			TotalConversations:   delta(c.TotalConversations, p.TotalConversations),
			ConversationsCreated: delta(c.ConversationsCreated, p.ConversationsCreated),
			NewConversations:     delta(c.NewConversations, p.NewConversations),
			Customers:            delta(c.Customers, p.Customers),
			ConversationsPerDay:  delta(c.ConversationsPerDay, p.ConversationsPerDay),
		}
	})

	grid := d.busyGrid(q.start, q.end, &q.filter)
	var busiest reports.BusyTime
	var hours [24]int
	for day := 1; day <= 7; day++ {
		for h, n := range grid[day] {
			hours[h] += n
			if float64(n) > busiest.Count || busiest.Day == 0 {
				busiest = reports.BusyTime{Day: day, Hour: h, Count: float64(n)}
			}
		}
	}
	res.BusiestDay = &busiest
	res.BusyTimeStart = 0
	for h := range hours {
		if hours[h] > hours[res.BusyTimeStart] {
			res.BusyTimeStart = h
		}
	}
	res.BusyTimeEnd = res.BusyTimeStart + 1

	ct := d.tally(q.start, q.end, &q.filter)
	pt := tally{tags: make([]int, len(ct.tags)), customers: make([]int, len(ct.customers)), savedReplies: make([]int, len(ct.savedReplies)), workflows: make([]int, len(ct.workflows))}
	ptotal := 0
	if prev != nil {
		pt, ptotal = d.tally(q.pstart, q.pend, &q.filter), prev.conversations
	}
	total := cur.conversations
	res.Tags = topList(ct.tags, pt.tags, total, ptotal, func(i int) reports.TopItem {
		if i == len(tags) {
			return reports.TopItem{ID: UntaggedTagID}
		}
		return reports.TopItem{ID: tags[i].ID, Name: tags[i].Name}
	})
	res.Customers = topList(ct.customers, pt.customers, total, ptotal, func(i int) reports.TopItem {
		return reports.TopItem{ID: customers[i].ID, Name: customers[i].Name}
	})
	res.Replies = topList(ct.savedReplies, pt.savedReplies, total, ptotal, func(i int) reports.TopItem {
		mb := savedReplies[i].MailboxID
		return reports.TopItem{ID: savedReplies[i].ID, Name: savedReplies[i].Name, MailboxID: &mb}
	})
	res.Workflows = topList(ct.workflows, pt.workflows, total, ptotal, func(i int) reports.TopItem {
		return reports.TopItem{ID: workflows[i].ID, Name: workflows[i].Name}
	})
	res.CustomFields = d.customFields(q)
	return res
}

// drilldown answers a page of the conversations that keep accepts.
func drilldown(d *dataset, q *request, keep func(*conversation) bool, forUser bool) reports.DrilldownResult {
	all := d.list(q.start, q.end, &q.filter, q.scope, keep)
	items, pages := page(all, q.page, q.rows)
	res := reports.DrilldownResult{Conversations: reports.Paged[reports.DrilldownConversation]{
		Page: q.page, Pages: pages, Count: len(all), Results: make([]reports.DrilldownConversation, 0, len(items)),
	}}
	for _, c := range items {
		res.Conversations.Results = append(res.Conversations.Results, drilldownConversation(c, forUser))
	}
	return res
}

// drilldownConversation is c as a drilldown lists it; the user drilldown
// leaves out the customer's e-mail and ids and the assignee's name and adds
// the waiting-since fields.
func drilldownConversation(c *conversation, forUser bool) reports.DrilldownConversation {
	dc := reports.DrilldownConversation{
		ID:           c.id,
		Number:       c.number,
		Type:         reports.ConversationType(typeNames[c.typ]),
		MailboxID:    mailboxes[c.mailbox].ID,
		Attachments:  c.attachments,
		Subject:      c.subjectText(),
		Status:       reports.ConversationStatus(statusNames[c.status]),
		ThreadCount:  c.messages + len(c.replies),
		Preview:      c.preview(),
		CustomerName: customers[c.customer].Name,
		ModifiedAt:   c.modified,
		Tags:         []reports.ConversationTag{},
	}
	if c.assigned >= 0 {
		dc.AssignedID = users[c.assigned].ID
	}
	for i, t := range tags {
		if c.tags&(1<<i) != 0 {
			dc.Tags = append(dc.Tags, reports.ConversationTag{ID: t.ID, Name: t.Name, Color: t.Color})
		}
	}
	if forUser {
		if c.status != statusClosed {
			since, kind := c.modified, 1
			dc.WaitingSince, dc.WaitingSinceType = &since, &kind
		}
		return dc
	}
	email := customerEmail(c.customer)
	dc.CustomerEmail = &email
	dc.CustomerIDs = []int64{customers[c.customer].ID}
	if c.assigned >= 0 {
		name := users[c.assigned].Name
		dc.AssignedName = &name
	}
	return dc
}

func serveCompanyDrilldown(d *dataset, q *request) any {
	var keep func(*conversation) bool
	if h, ok := drilldownRanges[q.rangeName]; ok {
		keep = h.keep(q.rangeID)
	}
	return drilldown(d, q, keep, false)
}

func serveConversationsDrilldown(d *dataset, q *request) any { return drilldown(d, q, nil, false) }

func serveNewDrilldown(d *dataset, q *request) any {
	return drilldown(d, q, func(c *conversation) bool { return c.creator < 0 }, false)
}

func serveUserDrilldown(d *dataset, q *request) any { return drilldown(d, q, nil, true) }

func serveFieldsDrilldown(d *dataset, q *request) any {
	id := q.fieldID
	var keep func(*conversation) bool
	switch q.field {
	case "tagid":
		tag := &filter{tags: []int64{id}}
		keep = tag.match
	case "replyid":
		keep = func(c *conversation) bool { return c.savedReply >= 0 && savedReplies[c.savedReply].ID == id }
	case "workflowid":
		keep = func(c *conversation) bool { return c.workflow >= 0 && workflows[c.workflow].ID == id }
	default:
		keep = func(c *conversation) bool { return customers[c.customer].ID == id }
	}
	return drilldown(d, q, keep, false)
}

// docsStats sums the Docs traffic of the days whose noon is in [start, end).
func (d *dataset) docsStats(start, end time.Time, sites []int) (reports.DocsStats, []int) {
	perSite := make([]int, len(sites))
	var s reports.DocsStats
	var browse, email, found, failed, viewed float64
	for day := range d.docs.visitors[0] {
		noon := d.docs.first.AddDate(0, 0, day).Add(12 * time.Hour)
		if noon.Before(start) || !noon.Before(end) {
			continue
		}
		for i, site := range sites {
			v := float64(d.docs.visitors[site][day])
			h := d.docs.habits[site]
			perSite[i] += int(v)
			s.Visitors += v
			browse += v * h.browse
			email += v * h.sentEmail
			found += v * h.foundAnswer
			failed += v * h.failed
			viewed += v * h.viewedPerVisit
		}
	}
	if s.Visitors > 0 {
		s.BrowseAction = round2(browse / s.Visitors)
		s.SearchAction = round2(100 - s.BrowseAction)
		s.SentAnEmailResult = round2(email / s.Visitors)
		s.FoundAnAnswerResult = round2(found / s.Visitors)
		s.FailedResult = round2(failed / s.Visitors)
		s.DocsViewedPerVisit = round2(viewed / s.Visitors)
	}
	return s, perSite
}

// docsID makes a 24-hex-digit Docs id from a site id and a number.
func docsID(site string, kind, n int) string { return fmt.Sprintf("%s%x%x", site[:22], kind, n) }

func serveDocs(d *dataset, q *request) any {
	var selected []int
	for i, s := range sites {
		if len(q.sites) == 0 || slices.Contains(q.sites, s.ID) {
			selected = append(selected, i)
		}
	}
	cur, perSite := d.docsStats(q.start, q.end, selected)
	res := reports.DocsResult{Current: cur}
	if q.hasPrev {
		prev, _ := d.docsStats(q.pstart, q.pend, selected)
		res.Previous = &prev
		res.Deltas = &reports.DocsStats{
			Visitors:            delta(cur.Visitors, prev.Visitors),
			BrowseAction:        pointDelta(cur.BrowseAction, prev.BrowseAction),
			SentAnEmailResult:   pointDelta(cur.SentAnEmailResult, prev.SentAnEmailResult),
			FoundAnAnswerResult: pointDelta(cur.FoundAnAnswerResult, prev.FoundAnAnswerResult),
			SearchAction:        pointDelta(cur.SearchAction, prev.SearchAction),
			FailedResult:        pointDelta(cur.FailedResult, prev.FailedResult),
			DocsViewedPerVisit:  delta(cur.DocsViewedPerVisit, prev.DocsViewedPerVisit),
		}
	}
	searches := cur.Visitors * cur.SearchAction / 100
	for i, term := range docsSearches {
		res.PopularSearches = append(res.PopularSearches, reports.PopularSearch{ID: term, Count: float64(int(searches / float64(4+2*i))), Results: float64(2 + i%5)})
	}
	for i, term := range docsFailed {
		res.FailedSearches = append(res.FailedSearches, reports.FailedSearch{ID: term, Count: float64(int(searches / float64(40+20*i)))})
	}
	for i, site := range selected {
		id := sites[site].ID
		for k, name := range docsArticles[site] {
			res.TopArticles = append(res.TopArticles, reports.TopArticle{ID: docsID(id, 1, k), Name: name, SiteID: id, CollectionID: docsID(id, 2, k%2), Count: float64(perSite[i] / (3 + 2*k))})
		}
		for k, name := range docsCategories[site] {
			res.TopCategories = append(res.TopCategories, reports.TopCategory{ID: docsID(id, 3, k), Name: name, SiteID: id, Count: float64(perSite[i] / (2 + k)), Articles: float64(4 + 3*k)})
		}
	}
	slices.SortStableFunc(res.TopArticles, func(a, b reports.TopArticle) int { return cmp.Compare(b.Count, a.Count) })
	slices.SortStableFunc(res.TopCategories, func(a, b reports.TopCategory) int { return cmp.Compare(b.Count, a.Count) })
	return res
}

func happinessStats(a *agg) reports.HappinessStats {
	n := float64(a.ratingsCount())
	return reports.HappinessStats{
		RatingsPercent:            percent(float64(a.ratedCustomers), float64(a.helped)),
		Great:                     percent(float64(a.ratings[scoreGreat]), n),
		Okay:                      percent(float64(a.ratings[scoreOkay]), n),
		NotGood:                   percent(float64(a.ratings[scoreNotGood]), n),
		HappinessScore:            a.happinessScore(),
		GreatCount:                float64(a.ratings[scoreGreat]),
		OkayCount:                 float64(a.ratings[scoreOkay]),
		NotGoodCount:              float64(a.ratings[scoreNotGood]),
		RatingsCount:              n,
		TotalCustomersWithRatings: float64(a.ratedCustomers),
		TotalCustomers:            float64(a.helped),
	}
}

// serveHappiness serves the company's or a user's happiness. The deltas of
// the percentages are differences in points, those of the counts percent
// changes, as in the API's answers.
func serveHappiness(d *dataset, q *request) any {
	cur, prev := d.both(q, &q.filter, q.scope)
	res := reports.HappinessResult{FilterTags: q.filterTags(), Current: happinessStats(cur)}
	res.Previous, res.Deltas = withPrevious(prev, happinessStats, func() reports.HappinessDeltas {
		c, p := happinessStats(cur), happinessStats(prev)
		return reports.HappinessDeltas{
			Great:          pointDelta(c.Great, p.Great),
			Okay:           pointDelta(c.Okay, p.Okay),
			NotGood:        pointDelta(c.NotGood, p.NotGood),
			HappinessScore: pointDelta(c.HappinessScore, p.HappinessScore),
			GreatCount:     delta(c.GreatCount, p.GreatCount),
			OkayCount:      delta(c.OkayCount, p.OkayCount),
			NotGoodCount:   delta(c.NotGoodCount, p.NotGoodCount),
		}
	})
	return res
}

var ratingFilters = map[string]int{"great": scoreGreat, "ok": scoreOkay, "not-good": scoreNotGood}

// ratingSortKeys are the sort keys of the ratings reports; number, the
// default, is sortBy's.
var ratingSortKeys = map[string]func(*conversation) float64{
	"modifiedAt": func(c *conversation) float64 { return float64(c.rating.at.Unix()) },
	"rating":     func(c *conversation) float64 { return float64(c.rating.score) },
}

// historySortKeys are the sort keys of the conversation history.
var historySortKeys = map[string]func(r reports.HistoryConversation) float64{
	"number":       func(r reports.HistoryConversation) float64 { return float64(r.Number) },
	"repliesSent":  func(r reports.HistoryConversation) float64 { return r.RepliesSent },
	"responseTime": func(r reports.HistoryConversation) float64 { return r.ResponseTime },
	"resolveTime":  func(r reports.HistoryConversation) float64 { return r.ResolveTime },
}

// serveRatings serves a page of the ratings of the range, sorted by
// sortField (default number) in sortOrder (default DESC).
func serveRatings(d *dataset, q *request) any {
	want := ratingFilters[q.rating]
	all := d.list(q.start, q.end, &q.filter, q.scope, func(c *conversation) bool {
		return c.rating != nil && in(q.scope, c.replies[c.rating.reply].user) && (want == 0 || c.rating.score == want)
	})
	sortBy(all, q.sortOrder, ratingSortKeys[q.sortField])
	items, pages := page(all, q.page, fixedRows)
	res := reports.RatingsResult{Paged: reports.Paged[reports.Rating]{Page: q.page, Pages: pages, Count: len(all), Results: make([]reports.Rating, 0, len(items))}}
	for _, c := range items {
		rt, rp := c.rating, c.replies[c.rating.reply]
		typ := reports.ConversationType(typeNames[c.typ])
		score := reports.RatingScore(rt.score)
		comment := rt.comment
		r := reports.Rating{
			ID:                 c.id,
			Number:             c.number,
			ThreadID:           &rp.thread,
			ThreadCreatedAt:    &rp.at,
			Type:               &typ,
			RatingID:           &score,
			RatingCustomerID:   &customers[c.customer].ID,
			RatingComments:     &comment,
			RatingCreatedAt:    &rt.at,
			RatingCustomerName: &customers[c.customer].Name,
			RatingUserID:       &users[rp.user].ID,
			RatingUserName:     &users[rp.user].Name,
		}
		if q.shapes&NullFields != 0 {
			r.ThreadID, r.ThreadCreatedAt, r.Type, r.RatingID, r.RatingComments = nil, nil, nil, nil, nil
			r.RatingUserID, r.RatingCustomerName, r.RatingUserName = nil, nil, nil
		}
		res.Results = append(res.Results, r)
	}
	return res
}

// sortBy orders newest-first conversations by key (nil: by number) in order
// (default DESC); ties keep the newest first.
func sortBy(cs []*conversation, order string, key func(*conversation) float64) {
	if key == nil {
		key = func(c *conversation) float64 { return float64(c.number) }
	}
	slices.SortStableFunc(cs, func(a, b *conversation) int {
		if order == "ASC" {
			return cmp.Compare(key(a), key(b))
		}
		return cmp.Compare(key(b), key(a))
	})
}

func productivityStats(a *agg) reports.ProductivityStats {
	return reports.ProductivityStats{
		Period:                      a.period(),
		TotalConversations:          float64(a.conversations),
		ResolutionTime:              a.resolution.avg(),
		RepliesToResolve:            a.repliesToResolve.avg(),
		ResponseTime:                a.response.avg(),
		FirstResponseTime:           a.firstResponse.avg(),
		Resolved:                    float64(a.resolved),
		ResolvedOnFirstReply:        float64(a.resolvedFirst),
		Closed:                      float64(a.closed),
		RepliesSent:                 float64(a.replies),
		HandleTime:                  a.handle.avg(),
		PercentResolvedOnFirstReply: fraction(float64(a.resolvedFirst), float64(a.resolved)),
	}
}

// serveProductivity serves the productivity report. Office hours are not
// enabled in the fake account, so officeHours=true counts all hours, as the
// API does then.
func serveProductivity(d *dataset, q *request) any {
	cur, prev := d.both(q, &q.filter, 0)
	res := reports.ProductivityResult{
		FilterTags:        q.filterTags(),
		Current:           productivityStats(cur),
		ResponseTime:      d.rangeBuckets(q, &q.filter, histResponse, false),
		HandleTime:        d.rangeBuckets(q, &q.filter, histHandle, false),
		FirstResponseTime: d.rangeBuckets(q, &q.filter, histFirstResponse, false),
		RepliesToResolve:  d.rangeBuckets(q, &q.filter, histToResolve, true),
	}
	res.Previous, res.Deltas = withPrevious(prev, productivityStats, func() reports.ProductivityDeltas {
		c, p := productivityStats(cur), productivityStats(prev)
		return reports.ProductivityDeltas{
			TotalConversations:   delta(c.TotalConversations, p.TotalConversations),
			ResolutionTime:       delta(c.ResolutionTime, p.ResolutionTime),
			RepliesToResolve:     delta(c.RepliesToResolve, p.RepliesToResolve),
			ResponseTime:         delta(c.ResponseTime, p.ResponseTime),
			FirstResponseTime:    delta(c.FirstResponseTime, p.FirstResponseTime),
			Resolved:             delta(c.Resolved, p.Resolved),
			ResolvedOnFirstReply: delta(c.ResolvedOnFirstReply, p.ResolvedOnFirstReply),
			Closed:               delta(c.Closed, p.Closed),
			RepliesSent:          delta(c.RepliesSent, p.RepliesSent),
			HandleTime:           delta(c.HandleTime, p.HandleTime),
		}
	})
	return res
}

// userInfo describes the user or team of the request.
func (d *dataset) userInfo(q *request) reports.UserInfo {
	info := reports.UserInfo{ID: q.user, CreatedAt: userCreatedAt,
		TotalCustomersHelped: float64(d.customersHelped(q.scope))}
	for _, x := range users {
		if x.ID == q.user {
			info.Name = x.Name
		}
	}
	for _, t := range teams {
		if t.ID == q.user {
			info.Name = t.Name
		}
	}
	if u, ok := accountOnly(q.user); ok {
		info.Name, info.CreatedAt = u.Name(), u.CreatedAt
	}
	return info
}

func userStats(a *agg) reports.UserStats {
	return reports.UserStats{
		Period:                      a.period(),
		TotalDays:                   a.days,
		Resolved:                    float64(a.resolved),
		ConversationsCreated:        float64(a.userStarted),
		Closed:                      float64(a.closed),
		TotalReplies:                float64(a.replies),
		ResolvedOnFirstReply:        float64(a.resolvedFirst),
		PercentResolvedOnFirstReply: fraction(float64(a.resolvedFirst), float64(a.resolved)),
		RepliesToResolve:            a.repliesToResolve.avg(),
		HandleTime:                  a.handlePerReply.avg(),
		HappinessScore:              a.happinessScore(),
		ResponseTime:                a.response.avg(),
		ResolutionTime:              a.resolution.avg(),
		RepliesPerDay:               a.perDay(a.replies),
		CustomersHelped:             float64(a.helped),
		TotalConversations:          float64(a.conversations),
		ConversationsPerDay:         a.perDay(a.conversations),
	}
}

func serveUser(d *dataset, q *request) any {
	cur, prev := d.both(q, &q.filter, q.scope)
	res := reports.UserResult{FilterTags: q.filterTags(), User: d.userInfo(q), Current: userStats(cur)}
	busiest := 1
	for wd := 2; wd <= 7; wd++ {
		if cur.weekdays[wd] > cur.weekdays[busiest] {
			busiest = wd
		}
	}
	res.Current.BusiestDay = &busiest
	res.Previous, res.Deltas = withPrevious(prev, userStats, func() reports.UserDeltas {
		c, p := userStats(cur), userStats(prev)
		return reports.UserDeltas{
			TotalConversations:   delta(c.TotalConversations, p.TotalConversations),
			ActiveConversations:  delta(float64(cur.open), float64(prev.open)),
			ConversationsCreated: delta(c.ConversationsCreated, p.ConversationsCreated),
			CustomersHelped:      delta(c.CustomersHelped, p.CustomersHelped),
			HappinessScore:       pointDelta(c.HappinessScore, p.HappinessScore),
			RepliesPerDay:        delta(c.RepliesPerDay, p.RepliesPerDay),
			ResolvedOnFirstReply: delta(c.ResolvedOnFirstReply, p.ResolvedOnFirstReply),
			HandleTime:           delta(c.HandleTime, p.HandleTime),
			ConversationsPerDay:  delta(c.ConversationsPerDay, p.ConversationsPerDay),
			Resolved:             delta(c.Resolved, p.Resolved),
			RepliesToResolve:     delta(c.RepliesToResolve, p.RepliesToResolve),
			TotalReplies:         delta(c.TotalReplies, p.TotalReplies),
			Closed:               delta(c.Closed, p.Closed),
			ResponseTime:         delta(c.ResponseTime, p.ResponseTime),
			ResolutionTime:       delta(c.ResolutionTime, p.ResolutionTime),
		}
	})
	return res
}

// historyRow is c in a user's conversation history: one row per
// conversation (the API may list a conversation once per reply).
func historyRow(c *conversation, scope uint32) reports.HistoryConversation {
	var h mean
	for _, rp := range c.replies {
		if in(scope, rp.user) {
			h.add(float64(rp.handle))
		}
	}
	return reports.HistoryConversation{
		ID:                c.id,
		Number:            c.number,
		Customers:         []reports.Customer{{ID: customers[c.customer].ID, Name: customers[c.customer].Name}},
		AvgHandleTime:     h.avg(),
		FirstResponseTime: max(c.firstResponse, 0),
		RepliesSent:       float64(h.n),
		ResponseTime:      max(c.response, 0),
		ResolveTime:       max(c.resolution, 0),
	}
}

// serveHistory serves a page of a user's conversation history, filtered by
// status and sorted by sortField (default number) in sortOrder (default
// DESC).
func serveHistory(d *dataset, q *request) any {
	all := d.list(q.start, q.end, &q.filter, q.scope, func(c *conversation) bool {
		return q.status == "" || statusNames[c.status] == q.status
	})
	rows := make([]reports.HistoryConversation, len(all))
	for i, c := range all {
		rows[i] = historyRow(c, q.scope)
	}
	key := historySortKeys[cmp.Or(q.sortField, "number")]
	slices.SortStableFunc(rows, func(a, b reports.HistoryConversation) int {
		if q.sortOrder == "ASC" {
			return cmp.Compare(key(a), key(b))
		}
		return cmp.Compare(key(b), key(a))
	})
	items, pages := page(rows, q.page, fixedRows)
	return reports.UserConversationHistoryResult{Page: q.page, Pages: pages, Count: len(rows), Results: items}
}

func userChatStats(a *agg) reports.UserChatStats {
	n, m, r, w, dur := float64(a.conversations), a.chatMessages.avg(), a.chatResponse.avg(), a.chatWait.avg(), a.chatDuration.avg()
	return reports.UserChatStats{StartDate: &a.start, EndDate: &a.end, NewConversations: &n, MessagesPerChat: &m, ResponseTime: &r, WaitTime: &w, Duration: &dur}
}

// serveUserChat serves a user's chat report, in its flat reading
// (newConversations, messagesPerChat, responseTime, waitTime, duration), or
// in the chat report's nesting (NestedUserChat), scoped to the user.
func serveUserChat(d *dataset, q *request) any {
	if q.shapes&NestedUserChat != 0 {
		ch := serveChat(d, q).(reports.ChatResult)
		res := reports.UserChatResult{FilterTags: ch.FilterTags, Current: nestedChat(&ch.Current.Period, &ch.Current.ChatMetrics),
			WaitTime: ch.WaitTime, ResponseTime: ch.ResponseTime, MessagesPerChat: ch.MessagesPerChat, Duration: ch.Duration}
		if ch.Previous != nil {
			res.Previous, res.Deltas = nestedChat(&ch.Previous.Period, &ch.Previous.ChatMetrics), nestedChat(nil, ch.Deltas)
		}
		return res
	}
	f := q.filter
	f.types = 1 << typeChat
	cur, prev := d.both(q, &f, q.scope)
	c := userChatStats(cur)
	res := reports.UserChatResult{FilterTags: q.filterTags(), Current: &c}
	info := d.userInfo(q)
	res.User = &info
	if prev != nil {
		p := userChatStats(prev)
		dn, dm, dr, dw, dd := delta(*c.NewConversations, *p.NewConversations), delta(*c.MessagesPerChat, *p.MessagesPerChat), delta(*c.ResponseTime, *p.ResponseTime), delta(*c.WaitTime, *p.WaitTime), delta(*c.Duration, *p.Duration)
		res.Previous = &p
		res.Deltas = &reports.UserChatStats{NewConversations: &dn, MessagesPerChat: &dm, ResponseTime: &dr, WaitTime: &dw, Duration: &dd}
	}
	return res
}

// nestedChat is a chat report's figures (and period, unless nil) as the
// nested user chat report has them.
func nestedChat(p *reports.Period, m *reports.ChatMetrics) *reports.UserChatStats {
	s := &reports.UserChatStats{Volume: &m.Volume, Responses: &m.Responses, Resolutions: &m.Resolutions}
	if p != nil {
		s.StartDate, s.EndDate = &p.StartDate, &p.EndDate
	}
	return s
}

func chatMetrics(a *agg) reports.ChatMetrics {
	return reports.ChatMetrics{
		Volume: reports.ChatVolume{
			ChatConversations: float64(a.conversations),
			CompletedChats:    float64(a.conversations - a.missedChats),
			MissedChats:       float64(a.missedChats),
			ChatsPerDay:       a.perDay(a.conversations),
		},
		Responses:   reports.ChatResponses{WaitTime: a.chatWait.avg(), ResponseTime: a.chatResponse.avg()},
		Resolutions: reports.ChatResolutions{MessagesPerChat: a.chatMessages.avg(), Duration: a.chatDuration.avg()},
	}
}

// serveChat serves the chat report, and the nested user chat report: the
// scope is the request's user, or everyone.
func serveChat(d *dataset, q *request) any {
	f := q.filter
	f.types = 1 << typeChat
	cur, prev := d.both(q, &f, q.scope)
	res := reports.ChatResult{
		FilterTags:      q.filterTags(),
		Current:         reports.ChatStats{Period: cur.period(), ChatMetrics: chatMetrics(cur)},
		WaitTime:        d.rangeBuckets(q, &f, histChatWait, false),
		ResponseTime:    d.rangeBuckets(q, &f, histChatResponse, false),
		MessagesPerChat: d.rangeBuckets(q, &f, histChatMessages, false),
		Duration:        d.rangeBuckets(q, &f, histChatDuration, false),
	}
	if prev != nil {
		c, p := chatMetrics(cur), chatMetrics(prev)
		res.Previous = &reports.ChatStats{Period: prev.period(), ChatMetrics: p}
		res.Deltas = &reports.ChatMetrics{
			Volume: reports.ChatVolume{
				ChatConversations: delta(c.Volume.ChatConversations, p.Volume.ChatConversations),
				CompletedChats:    delta(c.Volume.CompletedChats, p.Volume.CompletedChats),
				MissedChats:       delta(c.Volume.MissedChats, p.Volume.MissedChats),
				ChatsPerDay:       delta(c.Volume.ChatsPerDay, p.Volume.ChatsPerDay),
			},
			Responses: reports.ChatResponses{
				WaitTime:     delta(c.Responses.WaitTime, p.Responses.WaitTime),
				ResponseTime: delta(c.Responses.ResponseTime, p.Responses.ResponseTime),
			},
			Resolutions: reports.ChatResolutions{
				MessagesPerChat: delta(c.Resolutions.MessagesPerChat, p.Resolutions.MessagesPerChat),
				Duration:        delta(c.Resolutions.Duration, p.Resolutions.Duration),
			},
		}
	}
	return res
}

func emailStats(a *agg) reports.EmailStats {
	return reports.EmailStats{
		Period: a.period(),
		Volume: reports.EmailVolume{
			EmailConversations: float64(a.conversations),
			EmailsCreated:      float64(a.userStarted),
			RepliesSent:        float64(a.replies),
			MessagesReceived:   float64(a.received),
		},
		Resolutions: reports.EmailResolutions{
			EmailResolutionDeltas: reports.EmailResolutionDeltas{
				Resolved:             float64(a.resolved),
				ResolvedOnFirstReply: float64(a.resolvedFirst),
				ResolutionTime:       a.resolution.avg(),
				RepliesToResolve:     a.repliesToResolve.avg(),
				HandleTime:           a.handle.avg(),
				Closed:               float64(a.closed),
			},
			PercentResolvedOnFirstReply: fraction(float64(a.resolvedFirst), float64(a.resolved)),
		},
		Responses: reports.EmailResponses{ResponseTime: a.response.avg(), FirstResponseTime: a.firstResponse.avg()},
	}
}

func serveEmail(d *dataset, q *request) any {
	f := q.filter
	f.types = 1 << typeEmail
	cur, prev := d.both(q, &f, 0)
	res := reports.EmailResult{
		FilterTags:        q.filterTags(),
		Current:           emailStats(cur),
		ResponseTime:      d.rangeBuckets(q, &f, histResponse, false),
		HandleTime:        d.rangeBuckets(q, &f, histHandle, false),
		FirstResponseTime: d.rangeBuckets(q, &f, histFirstResponse, false),
		ResolutionTime:    d.rangeBuckets(q, &f, histResolution, false),
		RepliesToResolve:  d.rangeBuckets(q, &f, histToResolve, true),
	}
	if prev != nil {
		c, p := emailStats(cur), emailStats(prev)
		res.Previous = &p
		cr, pr := c.Resolutions.EmailResolutionDeltas, p.Resolutions.EmailResolutionDeltas
		res.Deltas = &reports.EmailDeltas{
			Volume: reports.EmailVolume{
				EmailConversations: delta(c.Volume.EmailConversations, p.Volume.EmailConversations),
				EmailsCreated:      delta(c.Volume.EmailsCreated, p.Volume.EmailsCreated),
				RepliesSent:        delta(c.Volume.RepliesSent, p.Volume.RepliesSent),
				MessagesReceived:   delta(c.Volume.MessagesReceived, p.Volume.MessagesReceived),
			},
			Resolutions: reports.EmailResolutionDeltas{
				Resolved:             delta(cr.Resolved, pr.Resolved),
				ResolvedOnFirstReply: delta(cr.ResolvedOnFirstReply, pr.ResolvedOnFirstReply),
				ResolutionTime:       delta(cr.ResolutionTime, pr.ResolutionTime),
				RepliesToResolve:     delta(cr.RepliesToResolve, pr.RepliesToResolve),
				HandleTime:           delta(cr.HandleTime, pr.HandleTime),
				Closed:               delta(cr.Closed, pr.Closed),
			},
			Responses: reports.EmailResponses{
				ResponseTime:      delta(c.Responses.ResponseTime, p.Responses.ResponseTime),
				FirstResponseTime: delta(c.Responses.FirstResponseTime, p.Responses.FirstResponseTime),
			},
		}
	}
	return res
}

func phoneMetrics(a *agg) reports.PhoneMetrics {
	return reports.PhoneMetrics{PhoneConversations: float64(a.conversations), PhoneCallsCreated: float64(a.userStarted), Customers: float64(a.customers)}
}

func servePhone(d *dataset, q *request) any {
	f := q.filter
	f.types = 1 << typePhone
	cur, prev := d.both(q, &f, 0)
	res := reports.PhoneResult{Current: reports.PhoneStats{Period: cur.period(), PhoneMetrics: phoneMetrics(cur)}}
	if prev != nil {
		c, p := phoneMetrics(cur), phoneMetrics(prev)
		res.Previous = &reports.PhoneStats{Period: prev.period(), PhoneMetrics: p}
		res.Deltas = &reports.PhoneDeltas{
			NewConversations:  delta(c.PhoneConversations, p.PhoneConversations),
			PhoneCallsCreated: delta(c.PhoneCallsCreated, p.PhoneCallsCreated),
			Customers:         delta(c.Customers, p.Customers),
		}
	}
	for u, info := range users {
		uc, up := d.both(q, &f, 1<<u)
		pu := reports.PhoneUser{ID: info.ID, Name: info.Name, Current: phoneMetrics(uc)}
		if up != nil {
			pm := phoneMetrics(up)
			pu.Previous = &pm
		}
		res.Users = append(res.Users, pu)
	}
	return res
}
