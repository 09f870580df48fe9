package reportstest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// The data set: a fixed catalogue (users, teams, mailboxes, folders, tags,
// saved replies, workflows, customers, Docs sites) and, generated from the
// seed, a year of conversations before the server's now.

// Named is an entity of the catalogue: its id and name.
type Named struct {
	ID   int64
	Name string
}

// Team is a team of users. A team id is accepted wherever a user id is: the
// user reports then sum over the team's members.
type Team struct {
	ID      int64
	Name    string
	Members []int64
}

// Folder is a mailbox folder. Each mailbox has three: Unassigned (open and
// unassigned), Assigned (open or pending and assigned) and Closed.
type Folder struct {
	ID        int64
	MailboxID int64
	Name      string
}

// Tag is a conversation tag. Tag id 1 is not in the catalogue: as in the API,
// it stands for the untagged conversations in the tags filter and in top
// lists.
type Tag struct {
	ID    int64
	Name  string
	Color string
}

// SavedReply is a saved reply of a mailbox.
type SavedReply struct {
	ID        int64
	MailboxID int64
	Name      string
}

// Site is a Docs site; its id is a string, as in the API.
type Site struct {
	ID   string
	Name string
}

// CustomField is a custom field of a mailbox and the values it offers. Most
// conversations of the mailbox have one of the values; the others left the
// field unanswered.
type CustomField struct {
	ID        int64
	MailboxID int64
	Name      string
	Values    []Named
}

// Catalog lists the ids a Server knows, to build requests from. It is the
// same for every seed; only the conversations depend on the seed.
type Catalog struct {
	Users        []Named
	Teams        []Team
	Mailboxes    []Named
	Folders      []Folder
	Tags         []Tag
	SavedReplies []SavedReply
	Workflows    []Named
	Customers    []Named
	Sites        []Site
	CustomFields []CustomField
}

// UntaggedTagID is the tag id that filters on untagged conversations.
const UntaggedTagID = 1

var (
	users = []Named{
		{100101, "Maya Patel"}, {100102, "Jonas Berg"}, {100103, "Amara Okafor"},
		{100104, "Luis Moreno"}, {100105, "Hannah Kim"}, {100106, "Tom Walsh"},
	}
	userWeights = []int{5, 4, 4, 3, 3, 2}
	teams       = []Team{
		{100901, "Tier 1", []int64{100101, 100102, 100103}},
		{100902, "Tier 2", []int64{100104, 100105, 100106}},
	}
	mailboxes        = []Named{{201, "Support"}, {202, "Sales"}, {203, "Billing"}}
	mailboxWeights   = []int{6, 2, 2}
	folderNames      = []string{"Unassigned", "Assigned", "Closed"}
	tags             = []Tag{{301, "billing", "red"}, {302, "bug", "orange"}, {303, "feature-request", "blue"}, {304, "how-to", "green"}, {305, "refund", "purple"}, {306, "vip", "yellow"}}
	savedReplies     = []SavedReply{{401, 201, "Password reset steps"}, {402, 203, "Refund policy"}, {403, 202, "Pricing overview"}, {404, 201, "Known issue: sync delay"}, {405, 201, "Thanks for the feedback"}}
	workflows        = []Named{{451, "Auto-tag VIP"}, {452, "Route billing questions"}, {453, "Close stale conversations"}, {454, "Escalate bugs"}}
	sites            = []Site{{"5215163545667acd25394b5c", "Acme Help Center"}, {"5214c77c45667acd25394b51", "Acme Developer Docs"}}
	userCreatedAt    = time.Date(2019, 3, 4, 9, 30, 0, 0, time.UTC)
	firstNames       = []string{"Olivia", "Noah", "Emma", "Liam", "Ava", "Lucas", "Mia", "Ethan", "Zoe", "Omar", "Chloe", "Ravi", "Lena", "Mateo", "Ines", "Felix", "Nora", "Kenji", "Sara", "Yusuf"}
	lastNames        = []string{"Smith", "Garcia", "Nguyen", "Müller", "Rossi", "Silva", "Kowalski", "Dubois", "Jensen", "Tanaka", "Haddad", "Novak", "Larsen", "Costa", "Ibrahim", "Fischer", "Moreau", "Sato", "Walker", "Byrne"}
	customerIDBase   = int64(700001)
	customerCount    = len(firstNames) * len(lastNames)
	customers        = makeCustomers()
	folders          = makeFolders()
	ratingComments   = [4][]string{nil, {"Super helpful, thanks!", "Fast and friendly.", "Solved with one reply.", "Great support as always."}, {"Fine, it took a while.", "Got there in the end."}, {"Still not fixed.", "Too slow to answer.", "Did not answer my question."}}
	subjectsByTag    = [][]string{{"Invoice shows the wrong amount", "Charged twice this month", "Update my billing address"}, {"Export button does nothing", "Sync stopped working", "Error 500 when saving"}, {"Dark mode?", "Could you add bulk editing?", "API access for tags"}, {"How do I reset my password?", "How to invite teammates", "Where is my API key?"}, {"Refund for unused seats", "Cancel and refund, please"}, {"Enterprise plan questions", "Renewal call next week"}}
	subjectsUntagged = []string{"Quick question", "Need help with my account", "Following up", "Hello there"}
)

func makeCustomers() []Named {
	out := make([]Named, 0, customerCount)
	for i, first := range firstNames {
		for j, last := range lastNames {
			out = append(out, Named{customerIDBase + int64(i*len(lastNames)+j), first + " " + last})
		}
	}
	return out
}

// The custom fields: two of Support, one of Billing.
var (
	customFields = []CustomField{
		{501, 201, "Account Type", []Named{{5011, "Paying Customer"}, {5012, "Trial Customer"}, {5013, "Partner"}}},
		{502, 201, "Product Area", []Named{{5021, "Inbox"}, {5022, "Docs"}, {5023, "Beacon"}, {5024, "Reports"}}},
		{503, 203, "Refund Reason", []Named{{5031, "Too expensive"}, {5032, "Missing feature"}, {5033, "Switched provider"}}},
	}
	fieldSlots = makeFieldSlots()
)

// makeFieldSlots numbers each custom field within its mailbox: the slot of
// conversation.custom that holds its answer.
func makeFieldSlots() []int {
	out := make([]int, len(customFields))
	perMailbox := map[int64]int{}
	for i, f := range customFields {
		out[i] = perMailbox[f.MailboxID]
		perMailbox[f.MailboxID]++
	}
	return out
}

func makeFolders() []Folder {
	var out []Folder
	for _, m := range mailboxes {
		for i, name := range folderNames {
			out = append(out, Folder{ID: m.ID*10 + int64(i) + 1, MailboxID: m.ID, Name: name})
		}
	}
	return out
}

// customerEmail is the e-mail address of customer i.
func customerEmail(i int) string {
	n := customers[i].Name
	first, last, _ := strings.Cut(n, " ")
	return fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, "ü", "u")), i)
}

// catalog returns a copy of the catalogue.
func catalog() Catalog {
	ts := make([]Team, len(teams))
	for i, t := range teams {
		ts[i] = Team{t.ID, t.Name, slices.Clone(t.Members)}
	}
	cf := make([]CustomField, len(customFields))
	for i, f := range customFields {
		cf[i] = CustomField{f.ID, f.MailboxID, f.Name, slices.Clone(f.Values)}
	}
	return Catalog{
		Users:        slices.Clone(users),
		Teams:        ts,
		Mailboxes:    slices.Clone(mailboxes),
		Folders:      slices.Clone(folders),
		Tags:         slices.Clone(tags),
		SavedReplies: slices.Clone(savedReplies),
		Workflows:    slices.Clone(workflows),
		Customers:    slices.Clone(customers),
		Sites:        slices.Clone(sites),
		CustomFields: cf,
	}
}

// Conversation types, as indexes.
const (
	typeEmail = iota
	typeChat
	typePhone
	numTypes
)

var typeNames = [numTypes]string{"email", "chat", "phone"}

// Conversation statuses.
const (
	statusActive = iota
	statusPending
	statusClosed
)

var statusNames = []string{"active", "pending", "closed"}

// Rating scores, as the API numbers them.
const (
	scoreGreat   = 1
	scoreOkay    = 2
	scoreNotGood = 3
)

// reply is a message a user sent in a conversation.
type reply struct {
	at     time.Time
	user   int   // index into users
	handle int   // seconds the user spent on it
	thread int64 // thread id
}

// rating is a customer's happiness rating of a reply.
type rating struct {
	score   int
	at      time.Time
	comment string
	reply   int // index into the conversation's replies
}

// conversation is one generated conversation. Indexes point into the
// catalogue; -1 means none.
type conversation struct {
	id, number  int64
	typ         int
	mailbox     int
	tags        uint8 // bit i: tags[i]
	customer    int
	creator     int // the user who started it, -1 when the customer did
	assigned    int
	status      int
	created     time.Time
	modified    time.Time
	closedAt    time.Time // zero unless closed
	closedBy    int       // the user whose reply closed it, or the assignee
	replies     []reply
	messages    int // messages from the customer
	rating      *rating
	savedReply  int
	workflow    int
	subject     int // index into the subjects of its first tag, or of untagged
	attachments bool
	custom      [2]uint8 // answers to its mailbox's custom fields, by slot: value index + 1, 0 unanswered

	// Derived metrics, in seconds; negative when not applicable.
	firstResponse float64
	response      float64 // the average wait for a reply
	resolution    float64 // created to closed, for resolved conversations
	handle        float64 // the time spent on all replies
}

func (c *conversation) resolved() bool { return c.status == statusClosed && len(c.replies) > 0 }

// folderIndex is the index of the conversation's folder in folders.
func (c *conversation) folderIndex() int {
	i := 0
	switch {
	case c.status == statusClosed:
		i = 2
	case c.assigned >= 0:
		i = 1
	}
	return c.mailbox*len(folderNames) + i
}

func (c *conversation) subjectText() string {
	for i := range tags {
		if c.tags&(1<<i) != 0 {
			return subjectsByTag[i][c.subject%len(subjectsByTag[i])]
		}
	}
	return subjectsUntagged[c.subject%len(subjectsUntagged)]
}

func (c *conversation) preview() string {
	return "Hi, " + strings.ToLower(c.subjectText()[:1]) + c.subjectText()[1:] + " Thanks in advance."
}

// rng is splitmix64: small, fast, and fixed for good, so that a seed gives
// the same data set on every Go version.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int         { return int(r.next() % uint64(n)) }
func (r *rng) float() float64         { return float64(r.next()>>11) / (1 << 53) }
func (r *rng) chance(p float64) bool  { return r.float() < p }
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// pick returns an index with probability proportional to its weight.
func (r *rng) pick(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.intn(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (r *rng) seconds(lo, hi time.Duration) time.Duration {
	return time.Duration(r.between(int(lo/time.Second), int(hi/time.Second))) * time.Second
}

// Generation parameters.
const (
	dataDays    = 365 // days of conversations before now
	weekdayRate = 14  // conversations on a weekday at the start of the year
	weekendRate = 5
)

var (
	hourWeights  = []int{1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 9, 8, 9, 10, 9, 8, 6, 4, 3, 2, 2, 1, 1}
	typeWeights  = []int{70, 20, 10}
	emailReplies = []int{10, 35, 25, 15, 8, 5, 2} // weights of 0..6 replies
	scoreWeights = []int{70, 20, 10}              // great, okay, not good
	// Waits before a first e-mail reply: ranges and their weights.
	emailFirstWait    = []struct{ lo, hi time.Duration }{{5 * time.Minute, 15 * time.Minute}, {15 * time.Minute, time.Hour}, {time.Hour, 4 * time.Hour}, {4 * time.Hour, 12 * time.Hour}, {12 * time.Hour, 36 * time.Hour}, {36 * time.Hour, 72 * time.Hour}}
	emailFirstWeights = []int{20, 30, 25, 12, 9, 4}
)

// dataset is what a Server answers from. It is read-only once generated, so
// servers of the same seed and present share one.
type dataset struct {
	now   time.Time
	convs []conversation // ordered by creation time
	docs  docsData
	dir   *directory // what the lists serve (lists.go)
}

// maxDatasets is how many data sets are kept for later servers: the most
// recently used ones. A data set takes about 2 MiB.
const maxDatasets = 8

type datasetKey struct {
	seed uint64
	now  int64 // Unix seconds: the present is truncated to the second
}

// datasets keeps the most recently used data sets, the last one last. Each is
// generated once, outside the lock, by the first server that needs it.
var datasets struct {
	sync.Mutex
	recent []datasetEntry
}

type datasetEntry struct {
	key datasetKey
	get func() *dataset
}

// sharedDataset returns the data set of seed and now, generating it if no
// recent server used it.
func sharedDataset(seed uint64, now time.Time) *dataset {
	key := datasetKey{seed, now.Unix()}
	datasets.Lock()
	i := slices.IndexFunc(datasets.recent, func(e datasetEntry) bool { return e.key == key })
	var e datasetEntry
	if i >= 0 {
		e = datasets.recent[i]
		datasets.recent = slices.Delete(datasets.recent, i, i+1)
	} else {
		e = datasetEntry{key, sync.OnceValue(func() *dataset { return generate(seed, now) })}
		if len(datasets.recent) == maxDatasets {
			datasets.recent = slices.Delete(datasets.recent, 0, 1)
		}
	}
	datasets.recent = append(datasets.recent, e)
	datasets.Unlock()
	return e.get()
}

// generate builds the data set of a seed: about 4,800 conversations over the
// year before now.
func generate(seed uint64, now time.Time) *dataset {
	r := &rng{s: seed}
	now = now.UTC().Truncate(time.Second)
	first := midnight(now).AddDate(0, 0, -dataDays)
	d := &dataset{now: now}
	var times []time.Time
	for day := 0; day <= dataDays; day++ {
		date := first.AddDate(0, 0, day)
		rate := weekdayRate
		if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			rate = weekendRate
		}
		growth := 1 + 0.3*float64(day)/dataDays
		n := int(float64(rate)*growth*(0.7+0.6*r.float()) + 0.5)
		for range n {
			t := date.Add(time.Duration(r.pick(hourWeights))*time.Hour + r.seconds(0, time.Hour-time.Second))
			if t.Before(now) {
				times = append(times, t)
			}
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	d.convs = make([]conversation, len(times))
	for i, t := range times {
		d.convs[i] = newConversation(r, now, t, int64(10001+i))
	}
	d.docs = generateDocs(r, first)
	answerCustomFields(d.convs, seed)
	d.dir = d.makeDirectory()
	return d
}

// Answer rates of the custom fields, and the weights of their values.
var (
	fieldAnswerRate = []float64{0.85, 0.7, 0.6}
	valueWeights    = []int{6, 3, 2, 1}
)

// answerCustomFields draws the custom-field answers of the conversations
// from a stream of their own, so that the rest of the data set stays as it
// was before custom fields were added.
func answerCustomFields(convs []conversation, seed uint64) {
	r := &rng{s: seed ^ 0x6a09e667f3bcc909}
	for i := range convs {
		c := &convs[i]
		for f, cf := range customFields {
			if cf.MailboxID == mailboxes[c.mailbox].ID && r.chance(fieldAnswerRate[f]) {
				c.custom[fieldSlots[f]] = uint8(1 + r.pick(valueWeights[:len(cf.Values)]))
			}
		}
	}
}

// customersHelped is the number of distinct customers the users of scope
// replied to over the whole data set (UserInfo.TotalCustomersHelped): for a
// team, each customer once, however many members helped them.
func (d *dataset) customersHelped(scope uint32) int {
	seen := make([]bool, customerCount)
	n := 0
	for i := range d.convs {
		c := &d.convs[i]
		if c.repliedBy(scope) && !seen[c.customer] {
			seen[c.customer] = true
			n++
		}
	}
	return n
}

// newConversation generates the conversation created at t; nothing in it
// happens after now.
func newConversation(r *rng, now, t time.Time, number int64) conversation {
	c := conversation{
		id:            410000000 + number*37,
		number:        number,
		typ:           r.pick(typeWeights),
		mailbox:       r.pick(mailboxWeights),
		customer:      int(float64(customerCount) * r.float() * r.float()), // a few customers write often
		creator:       -1,
		assigned:      -1,
		closedBy:      -1,
		created:       t,
		savedReply:    -1,
		workflow:      -1,
		subject:       r.intn(12),
		attachments:   r.chance(0.15),
		firstResponse: -1, response: -1, resolution: -1,
	}
	for i := range tags {
		if r.chance(0.12) {
			c.tags |= 1 << i
		}
	}
	if r.chance(0.85) {
		c.assigned = r.pick(userWeights)
	}
	switch c.typ {
	case typeEmail:
		if c.assigned >= 0 && r.chance(0.07) {
			c.creator = c.assigned
		}
	case typePhone:
		if c.assigned >= 0 && r.chance(0.3) {
			c.creator = c.assigned
		}
	}

	c.addReplies(r, now)
	c.settle(r, now)
	c.rate(r, now)
	return c
}

// replyPlan draws how many replies a conversation of type typ gets, and
// returns how long each waits for the message before it.
func replyPlan(r *rng, typ int) (n int, wait func(first bool) time.Duration) {
	switch typ {
	case typeEmail:
		return r.pick(emailReplies), func(first bool) time.Duration {
			if first {
				w := emailFirstWait[r.pick(emailFirstWeights)]
				return r.seconds(w.lo, w.hi)
			}
			return r.seconds(10*time.Minute, 24*time.Hour)
		}
	case typeChat:
		if !r.chance(0.06) { // the rest are missed chats
			n = r.between(2, 10)
		}
		return n, func(first bool) time.Duration {
			if first {
				return r.seconds(10*time.Second, 5*time.Minute)
			}
			return r.seconds(20*time.Second, 2*time.Minute)
		}
	}
	return r.between(1, 2), func(first bool) time.Duration {
		if first {
			return r.seconds(0, 2*time.Minute)
		}
		return r.seconds(time.Minute, 10*time.Minute)
	}
}

// addReplies generates the replies sent before now, and the metrics that
// follow from them.
func (c *conversation) addReplies(r *rng, now time.Time) {
	n, wait := replyPlan(r, c.typ)
	if n > 0 && c.assigned < 0 {
		c.assigned = r.pick(userWeights)
	}
	at := c.created
	var waits float64
	for k := range n {
		at = at.Add(wait(k == 0))
		if !at.Before(now) {
			break
		}
		u := c.assigned
		if r.chance(0.2) {
			u = r.pick(userWeights)
		}
		c.replies = append(c.replies, reply{at: at, user: u, handle: r.between(20, 360), thread: 1160000000 + c.number*16 + int64(k)})
		waits += at.Sub(prevTime(c.replies, c.created)).Seconds()
	}
	c.messages = max(1, len(c.replies)+r.between(-1, 1))
	c.modified = c.created
	if len(c.replies) > 0 {
		c.modified = c.replies[len(c.replies)-1].at
		c.firstResponse = c.replies[0].at.Sub(c.created).Seconds()
		c.response = waits / float64(len(c.replies))
		for _, rp := range c.replies {
			c.handle += float64(rp.handle)
		}
		if r.chance(0.3) {
			c.savedReply = r.intn(len(savedReplies))
		}
	}
	if r.chance(0.2) {
		c.workflow = r.intn(len(workflows))
	}
}

// settle draws the status: most answered conversations are closed a while
// after the last reply, a few unanswered ones too; a closing after now does
// not happen.
func (c *conversation) settle(r *rng, now time.Time) {
	switch p := r.float(); {
	case len(c.replies) > 0 && p < 0.78:
		c.closedAt = c.modified.Add(r.seconds(5*time.Minute, 6*time.Hour))
		c.closedBy = c.replies[len(c.replies)-1].user
	case len(c.replies) > 0 && p < 0.86:
		c.status = statusPending
	case len(c.replies) == 0 && p < 0.06:
		c.closedAt = c.modified.Add(r.seconds(time.Hour, 48*time.Hour))
		c.closedBy = c.assigned
	}
	if c.closedAt.IsZero() {
		return
	}
	if !c.closedAt.Before(now) {
		c.closedAt, c.closedBy = time.Time{}, -1
		return
	}
	c.status = statusClosed
	c.modified = c.closedAt
	if len(c.replies) > 0 {
		c.resolution = c.closedAt.Sub(c.created).Seconds()
	}
}

// rate draws the customer's rating of the last reply, if any, given before
// now.
func (c *conversation) rate(r *rng, now time.Time) {
	if len(c.replies) == 0 || !r.chance(0.32) {
		return
	}
	rt := &rating{score: 1 + r.pick(scoreWeights), reply: len(c.replies) - 1}
	rt.at = c.replies[rt.reply].at.Add(r.seconds(10*time.Minute, 48*time.Hour))
	if r.chance(0.55) {
		list := ratingComments[rt.score]
		rt.comment = list[r.intn(len(list))]
	}
	if rt.at.Before(now) {
		c.rating = rt
		c.modified = maxTime(c.modified, rt.at)
	}
}

// prevTime is when the message before the last reply was sent.
func prevTime(rs []reply, created time.Time) time.Time {
	if len(rs) < 2 {
		return created
	}
	return rs[len(rs)-2].at
}

// repliedBy reports whether a user of the set (a bit mask over users) replied
// or started the conversation.
func (c *conversation) repliedBy(set uint32) bool {
	if c.creator >= 0 && set&(1<<c.creator) != 0 {
		return true
	}
	for _, rp := range c.replies {
		if set&(1<<rp.user) != 0 {
			return true
		}
	}
	return false
}

func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// docsData is the Docs traffic: visitors per site and day, and the sites'
// habits.
type docsData struct {
	first    time.Time
	visitors [][]int // [site][day]
	habits   []docsHabits
}

// docsHabits are the percentages a site's visits split into.
type docsHabits struct {
	browse, sentEmail, foundAnswer, failed, viewedPerVisit float64
}

var (
	docsArticles   = [][]string{{"Getting started", "Reset your password", "Invite your team", "Billing FAQ", "Export your data"}, {"API authentication", "Rate limits", "Webhooks", "Pagination"}}
	docsCategories = [][]string{{"Account", "Billing", "Using the app"}, {"API", "Integrations"}}
	docsSearches   = []string{"pricing", "password", "export", "api key", "refund", "webhook"}
	docsFailed     = []string{"knowlege", "dark mode", "sso setup"}
	siteVisitors   = []int{120, 45}
)

func generateDocs(r *rng, first time.Time) docsData {
	dd := docsData{first: first}
	for s := range sites {
		row := make([]int, dataDays+1)
		for day := range row {
			row[day] = int(float64(siteVisitors[s]) * (0.6 + 0.8*r.float()))
		}
		dd.visitors = append(dd.visitors, row)
		dd.habits = append(dd.habits, docsHabits{
			browse:         60 + 30*r.float(),
			sentEmail:      0.2 + 2*r.float(),
			foundAnswer:    60 + 25*r.float(),
			failed:         15 + 20*r.float(),
			viewedPerVisit: 0.8 + 1.5*r.float(),
		})
	}
	return dd
}
