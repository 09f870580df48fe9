package reportstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
)

// The Mailbox API's lists that name what the reports filter on: users,
// mailboxes, a mailbox's folders and tags, as HAL pages. They agree with
// the reports: the company report's users, the catalogue's mailboxes,
// folders and tags, with ids and names unchanged, and counts taken from the
// same conversations. The account has a few more users, folders and tags
// than the reports show, with the names a resolver finds hard: two users
// with the same first name, a user with no name yet, a name with letters
// beyond ASCII, a tag with a comma and quotes, a folder name in two
// mailboxes, and one in two cases.

// DefaultListPageSize is how many items a page of a list holds unless
// WithListPageSize or SetListPageSize says otherwise: 50, as the API's.
const DefaultListPageSize = 50

// WithListPageSize sets how many items a page of a list holds; see
// Server.SetListPageSize.
func WithListPageSize(n int) Option { return func(c *config) { c.pageSize = n } }

// SetListPageSize makes a page of a list (users, mailboxes, folders, tags)
// hold n items (n <= 0: DefaultListPageSize), so that a test walks several
// pages of the small lists the fake has.
func (s *Server) SetListPageSize(n int) {
	if n <= 0 {
		n = DefaultListPageSize
	}
	s.mu.Lock()
	s.pageSize = n
	s.mu.Unlock()
}

// Directory is what the lists serve, each list whole, in the order the list
// gives it, with the HAL links of this server: the account's users (the
// company report's, with the same ids and names, and the account-only users
// who have no conversations), its mailboxes (the catalogue's), their folders
// (the catalogue's and a few empty ones, with MailboxID set), and the tags
// (the catalogue's and a few no conversation has), in alphabetical order.
type Directory struct {
	Users     []reports.User
	Mailboxes []reports.Mailbox
	Folders   []reports.Folder
	Tags      []reports.Tag
}

// Directory returns what the lists serve.
func (s *Server) Directory() Directory {
	s.mu.Lock()
	d := s.data
	s.mu.Unlock()
	if d == nil {
		return Directory{}
	}
	dir := d.dir
	return Directory{
		Users:     withLinks(s.URL, dir.users),
		Mailboxes: withLinks(s.URL, dir.mailboxes),
		Folders:   withLinks(s.URL, dir.folders),
		Tags:      withLinks(s.URL, dir.tags),
	}
}

// accountUser is a user of the account the reports do not list: no
// conversation has them.
type accountUser struct {
	id                           int64
	first, last, email, role, tz string
	created                      time.Time
	mailboxes                    []int64 // the mailboxes they may use
}

var (
	listsUpdatedAt   = time.Date(2026, 1, 12, 16, 20, 0, 0, time.UTC)
	accountOnlyUsers = []accountUser{
		// The same first name as Maya Patel: "Maya" is no full name.
		{100107, "Maya", "Lopez", "maya.lopez@acme.example", "user", "America/Mexico_City", time.Date(2025, 2, 3, 14, 0, 0, 0, time.UTC), []int64{202}},
		// Beyond ASCII: "åsa lindqvist" and "ÅSA LINDQVIST" name her too.
		{100108, "Åsa", "Lindqvist", "asa.lindqvist@acme.example", "admin", "Europe/Stockholm", time.Date(2024, 9, 16, 8, 0, 0, 0, time.UTC), []int64{201, 202, 203}},
		// Invited, not accepted yet: no name, only an e-mail address.
		{100109, "", "", "new.hire@acme.example", "user", "UTC", time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), nil},
	}
	userRoles     = []string{"owner", "admin", "user", "user", "user", "user"}
	userTimezones = []string{"America/New_York", "Europe/Oslo", "Africa/Lagos", "America/Bogota", "Asia/Seoul", "Europe/Dublin"}
	userTitles    = []string{"Head of Support", "Support Lead", "", "", "Support Engineer", ""}
	// extraFolders are the folders no conversation is in: per mailbox, a
	// name, type and id offset after the catalogue's three. "Needs
	// Attention" is in two mailboxes, once in lower case.
	extraFolders = map[int64][]struct {
		name, typ string
		offset    int64
	}{
		201: {{"Needs Attention", "needsattention", 4}, {"Drafts", "drafts", 5}, {"Spam", "spam", 6}},
		202: {{"Drafts", "drafts", 5}, {"Spam", "spam", 6}},
		203: {{"needs attention", "needsattention", 4}, {"Drafts", "drafts", 5}, {"Spam", "spam", 6}},
	}
	folderTypes = []string{"open", "assigned", "closed"} // of folderNames
	// extraTags are tags no conversation has: one with a comma and quotes,
	// one that starts like "vip".
	extraTags = []Tag{{307, `q&a, "urgent"`, "none"}, {308, "VIP Escalation", "red"}}
)

// accountOnly returns the account-only user of id.
func accountOnly(id int64) (reports.User, bool) {
	for _, u := range accountOnlyUsers {
		if u.id == id {
			return u.user(), true
		}
	}
	return reports.User{}, false
}

func (u accountUser) user() reports.User {
	return reports.User{
		ID: u.id, FirstName: u.first, LastName: u.last, Email: u.email, Role: u.role, Timezone: u.tz,
		PhotoURL: "https://avatars.acme.example/" + strconv.FormatInt(u.id, 10) + ".png", CreatedAt: u.created,
		UpdatedAt: later(u.created, listsUpdatedAt), Type: "user",
	}
}

// later is the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// directory is what the lists of a data set serve, without links.
type directory struct {
	users     []reports.User
	access    []uint8 // per user: bit i for the mailbox mailboxes[i]
	mailboxes []reports.Mailbox
	folders   []reports.Folder // by mailbox, then id
	tags      []reports.Tag    // in alphabetical order
}

// makeDirectory makes the lists of the data set, from its conversations;
// it draws no random numbers, so the rest of the data set stays as it was.
func (d *dataset) makeDirectory() *directory {
	dir := &directory{}
	// Who may use which mailbox: whoever was assigned or replied there.
	access := make([]uint8, len(users))
	folderTotal := make([]int, len(folders))
	folderActive := make([]int, len(folders))
	folderChanged := make([]time.Time, len(folders))
	tagCount := make([]int, len(tags))
	for i := range d.convs {
		c := &d.convs[i]
		if c.assigned >= 0 {
			access[c.assigned] |= 1 << c.mailbox
		}
		for _, rp := range c.replies {
			access[rp.user] |= 1 << c.mailbox
		}
		f := c.folderIndex()
		folderTotal[f]++
		if c.status == statusActive {
			folderActive[f]++
		}
		folderChanged[f] = later(folderChanged[f], c.modified)
		for t := range tags {
			if c.tags&(1<<t) != 0 {
				tagCount[t]++
			}
		}
	}

	for i, u := range users {
		first, last, _ := strings.Cut(u.Name, " ")
		mention, initials := strings.ToLower(first), first[:1]+last[:1]
		ru := reports.User{
			ID: u.ID, FirstName: first, LastName: last,
			Email: strings.ToLower(first) + "." + strings.ToLower(last) + "@acme.example",
			Role:  userRoles[i], Timezone: userTimezones[i],
			PhotoURL:  "https://avatars.acme.example/" + strconv.FormatInt(u.ID, 10) + ".png",
			CreatedAt: userCreatedAt, UpdatedAt: listsUpdatedAt, Type: "user",
			Mention: &mention, Initials: &initials,
		}
		if userTitles[i] != "" {
			ru.JobTitle = &userTitles[i]
		}
		dir.users = append(dir.users, ru)
		dir.access = append(dir.access, access[i])
	}
	for _, u := range accountOnlyUsers {
		var bits uint8
		for _, m := range u.mailboxes {
			bits |= 1 << slices.IndexFunc(mailboxes, func(n Named) bool { return n.ID == m })
		}
		dir.users = append(dir.users, u.user())
		dir.access = append(dir.access, bits)
	}

	for _, m := range mailboxes {
		r := rng{s: uint64(m.ID)}
		dir.mailboxes = append(dir.mailboxes, reports.Mailbox{
			ID: m.ID, Name: m.Name, Slug: fmt.Sprintf("%016x", r.next()),
			Email:     strings.ToLower(m.Name) + "@acme.example",
			CreatedAt: userCreatedAt, UpdatedAt: listsUpdatedAt,
		})
	}

	for i, f := range folders {
		dir.folders = append(dir.folders, reports.Folder{
			ID: f.ID, Name: f.Name, Type: folderTypes[i%len(folderNames)], MailboxID: f.MailboxID,
			TotalCount: folderTotal[i], ActiveCount: folderActive[i], UpdatedAt: later(folderChanged[i], userCreatedAt),
		})
		if i%len(folderNames) == len(folderNames)-1 {
			for _, x := range extraFolders[f.MailboxID] {
				dir.folders = append(dir.folders, reports.Folder{
					ID: f.MailboxID*10 + x.offset, Name: x.name, Type: x.typ, MailboxID: f.MailboxID, UpdatedAt: userCreatedAt,
				})
			}
		}
	}

	for i, t := range tags {
		dir.tags = append(dir.tags, tagOf(t, tagCount[i]))
	}
	for _, t := range extraTags {
		dir.tags = append(dir.tags, tagOf(t, 0))
	}
	slices.SortFunc(dir.tags, func(a, b reports.Tag) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return dir
}

// tagOf is the list's tag of a catalogue tag: a tag used on conversations
// was changed since it was created, an unused one never was.
func tagOf(t Tag, count int) reports.Tag {
	rt := reports.Tag{ID: t.ID, Name: t.Name, Slug: slug(t.Name), Color: t.Color, CreatedAt: userCreatedAt, TicketCount: count}
	if count > 0 {
		updated := listsUpdatedAt
		rt.UpdatedAt = &updated
	}
	return rt
}

// slug is the slug of a tag name: lower case, letters and digits, runs of
// anything else one hyphen ("Dark Side": "dark-side"; `q&a, "urgent"`:
// "q-a-urgent").
func slug(name string) string {
	fields := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	})
	return strings.Join(fields, "-")
}

// The list paths, and the params each takes.
var (
	listRoutes = map[string]*route{
		"/v2/users":     {path: "/v2/users", params: []string{"page", "email", "mailbox"}},
		"/v2/mailboxes": {path: "/v2/mailboxes", params: []string{"page"}},
		"/v2/tags":      {path: "/v2/tags", params: []string{"page"}},
	}
	foldersRoute = &route{path: "/v2/mailboxes/{id}/folders", params: []string{"page"}}
)

// folderMailbox returns the mailbox id of a folders path,
// /v2/mailboxes/{id}/folders.
func folderMailbox(p string) (string, bool) {
	id, ok := strings.CutPrefix(p, "/v2/mailboxes/")
	if !ok {
		return "", false
	}
	id, ok = strings.CutSuffix(id, "/folders")
	return id, ok && id != "" && !strings.ContainsFunc(id, func(r rune) bool { return r < '0' || r > '9' })
}

// isListPath reports whether p is a list's path.
func isListPath(p string) bool {
	_, ok := listRoutes[p]
	if !ok {
		_, ok = folderMailbox(p)
	}
	return ok
}

// serveList answers a list path: the checks of every API call, then the
// test's handler of the path or a page of the list.
func (s *Server) serveList(w http.ResponseWriter, r *http.Request, h http.Header, custom http.Handler) (int, []byte) {
	return s.serveAPI(w, r, h, custom, func() (int, []byte) {
		rt, isFolders := listRoutes[r.URL.Path], false
		if rt == nil {
			rt, isFolders = foldersRoute, true
		}
		q, errs := parseRequest(rt, r.URL.RawQuery, s.lenient)
		if errs != nil {
			return s.vndError(h, http.StatusBadRequest, "Bad request", errs)
		}
		s.mu.Lock()
		data, shapes, size := s.data, s.shapes, s.pageSize
		s.mu.Unlock()
		dir := data.dir
		l := lister{base: s.URL, u: r.URL, page: q.page, size: size}
		var v any
		switch r.URL.Path {
		case "/v2/users":
			var list []reports.User
			for i, u := range dir.users {
				if (q.email == "" || strings.EqualFold(u.Email, q.email)) && (q.mailbox == 0 || dir.mayUse(i, q.mailbox)) {
					list = append(list, u)
				}
			}
			v = listOf(l, list)
		case "/v2/mailboxes":
			v = listOf(l, dir.mailboxes)
		case "/v2/tags":
			v = listOf(l, dir.tags)
		}
		if isFolders {
			id, _ := folderMailbox(r.URL.Path)
			m, err := strconv.ParseInt(id, 10, 64)
			if i := slices.IndexFunc(mailboxes, func(n Named) bool { return n.ID == m }); err != nil || i < 0 {
				return s.vndError(h, http.StatusNotFound, "Not found", []fieldError{{
					Path: "mailboxId", Message: "no mailbox with this id", RejectedValue: clip(id), Source: "PATH", Links: aboutLink("InvalidIdentifier"),
				}})
			}
			list := slices.DeleteFunc(slices.Clone(dir.folders), func(f reports.Folder) bool { return f.MailboxID != m })
			if shapes&UnpagedFolders != 0 {
				v = reports.ListPage[reports.Folder]{Items: withLinks(s.URL, list), Links: halLinks(map[string]string{"self": s.URL + r.URL.Path})}
			} else {
				v = listOf(l, list)
			}
		}
		body, err := json.Marshal(v)
		if err != nil {
			return s.vndError(h, http.StatusInternalServerError, "Internal error", nil)
		}
		h.Set("Content-Type", "application/hal+json")
		return http.StatusOK, body
	})
}

// mayUse reports whether user i of the directory may use the mailbox.
func (dir *directory) mayUse(i int, mailbox int64) bool {
	m := slices.IndexFunc(mailboxes, func(n Named) bool { return n.ID == mailbox })
	return m >= 0 && dir.access[i]&(1<<m) != 0
}

// lister is the request a page of a list answers.
type lister struct {
	base       string   // the server's URL
	u          *url.URL // the request's
	page, size int
}

// listOf answers page l.page of all, l.size items a page, as the API does:
// the page object, the HAL links (self, first, last, next, previous, page,
// with the request's other params), and no _embedded when the page is
// empty.
func listOf[T reports.ListItem](l lister, all []T) reports.ListPage[T] {
	items, pages := page(all, l.page, l.size)
	at := func(n int) string {
		q := l.u.Query()
		q.Set("page", strconv.Itoa(n))
		return l.base + l.u.Path + "?" + q.Encode()
	}
	hrefs := map[string]string{"self": at(l.page), "first": at(1)}
	if pages > 0 {
		hrefs["last"] = at(pages)
	}
	if l.page < pages {
		hrefs["next"] = at(l.page + 1)
	}
	if l.page > 1 {
		hrefs["previous"] = at(min(l.page-1, max(pages, 1)))
	}
	lp := reports.ListPage[T]{
		Page:  &reports.ListPageInfo{Size: l.size, TotalElements: len(all), TotalPages: pages, Number: l.page},
		Links: halLinks(hrefs),
	}
	if len(items) > 0 {
		lp.Items = withLinks(l.base, items)
	}
	return lp
}

// halLinks is a HAL _links object of rel -> href, with the templated page link
// of a list.
func halLinks(hrefs map[string]string) json.RawMessage {
	out := map[string]map[string]any{}
	for rel, href := range hrefs {
		out[rel] = map[string]any{"href": href}
	}
	if self, ok := hrefs["first"]; ok {
		path, _, _ := strings.Cut(self, "?")
		out["page"] = map[string]any{"href": path + "{?page}", "templated": true}
	}
	b, _ := json.Marshal(out)
	return b
}

// withLinks returns copies of items with the HAL links the API gives each:
// a user's and a folder's self, a mailbox's self, folders and fields; tags
// have none, as in the API's sample.
func withLinks[T reports.ListItem](base string, items []T) []T {
	out := slices.Clone(items)
	for i := range out {
		switch it := any(&out[i]).(type) {
		case *reports.User:
			it.Links = halLinks(map[string]string{"self": base + "/v2/users/" + strconv.FormatInt(it.ID, 10)})
		case *reports.Mailbox:
			m := base + "/v2/mailboxes/" + strconv.FormatInt(it.ID, 10)
			it.Links = halLinks(map[string]string{"self": m, "folders": m + "/folders", "fields": m + "/fields"})
		case *reports.Folder:
			it.Links = halLinks(map[string]string{"self": base + "/v2/mailboxes/" + strconv.FormatInt(it.MailboxID, 10) + "/folders/" + strconv.FormatInt(it.ID, 10)})
		}
	}
	return out
}
