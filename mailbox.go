package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The lists of the Mailbox API 2.0 that give the ids the reports filter on
// their names: users, mailboxes, a mailbox's folders and tags. They take the
// same OAuth2 token as the reports and go through the same request path
// (pacing, retries, errors, redaction).
//
// What the sources say (see shared/reference/api.md for the keys):
//   - DOC "List Users" (GET /v2/users): params email ("exact match") and
//     mailbox; "all user types ... are returned, including those who have
//     not yet accepted their Help Scout invitations". Each user has id,
//     firstName, lastName, email, role, timezone, photoUrl, createdAt,
//     updatedAt, type, mention, initials, jobTitle, phone, alternateEmails,
//     _links. The PHP SDK's test payload leaves out mention, initials,
//     jobTitle, phone and alternateEmails: they are optional here.
//   - DOC "List Mailboxes" (GET /v2/mailboxes): no params but page; each
//     mailbox has id, name, slug, email, createdAt, updatedAt, _links
//     (self, folders, fields).
//   - DOC "List Tags" (GET /v2/tags): param page only ("Tags are returned
//     in alphabetical order"); each tag has id, name, slug, color,
//     createdAt, ticketCount and, once changed, updatedAt.
//   - "List Folders" (GET /v2/mailboxes/{id}/folders): the DOC page was not
//     readable; the shape is the PHP SDK's (MailboxesEndpoint follows the
//     mailbox's folders link; Entry/Folder.php; tests/Payloads): id, name,
//     type, userId, totalCount, activeCount, updatedAt, _links. The v1 docs
//     list the folder types open, mine, needsattention, drafts, assigned,
//     closed, spam.
//   - Every list is HAL: {"_embedded": {"<kind>": [...]}, "page": {"size",
//     "totalElements", "totalPages", "number"}, "_links": {...}}. Page
//     numbers are 1-based: the DOC samples answer "number": 1 for the first
//     page, the PHP SDK passes the requested page through, and a third-party
//     client tested against the API in 2026 (wavyx/hscli,
//     docs/api-reference.md) says so. The PHP SDK's payloads leave out
//     _embedded when a page is empty.
//
// UNCERTAIN, and how the SDK reads it:
//   - Whether the folders list is paged: the PHP payload has no page object.
//     A list answer without one is read as the only page (ListPage.Page is
//     nil; the walk stops after it), and with one as any other page.
//   - A mailbox filter on the tags list: no source shows one, so
//     ListTagsParams has none; filter tags by mailbox in your code if the
//     API adds one (or use Client.Get).
//   - The tag id type: the PHP SDK keeps it as a string, the DOC sample
//     sends a number; the SDK decodes a number (int64), and drift and
//     livecheck report a string.
//   - Whether an invited user who has not accepted has names: the SDK reads
//     absent or empty names as "" and resolves such a user by e-mail only.

// User is a user of the account, as GET /v2/users lists it. Its ID is what
// the user reports' User param and the company report's users[].user take.
type User struct {
	ID        int64     `json:"id"`        // id of the user
	FirstName string    `json:"firstName"` // the first name; "" for an invited user who has not set one (inferred)
	LastName  string    `json:"lastName"`  // the last name
	Email     string    `json:"email"`     // the e-mail address the user signs in with
	Role      string    `json:"role"`      // the account role: owner, admin or user
	Timezone  string    `json:"timezone"`  // the user's time zone, an IANA name such as America/New_York
	PhotoURL  string    `json:"photoUrl"`  // the URL of the user's photo
	CreatedAt time.Time `json:"createdAt"` // when the user was created, UTC
	UpdatedAt time.Time `json:"updatedAt"` // when the user was last changed, UTC
	Type      string    `json:"type"`      // the kind of user; "user" in every sample
	// Mention is the handle that @mentions the user in notes; the PHP SDK's
	// sample leaves it out.
	Mention  *string `json:"mention,omitempty"`
	Initials *string `json:"initials,omitempty"` // the user's initials, as avatars show them
	JobTitle *string `json:"jobTitle,omitempty"` // the user's job title
	Phone    *string `json:"phone,omitempty"`    // the user's phone number
	// AlternateEmails are the user's other e-mail addresses.
	AlternateEmails []string        `json:"alternateEmails,omitzero"`
	Links           json.RawMessage `json:"_links,omitempty"` // the HAL links (self), as the API sent them
}

// Name is the user's full name, "First Last", as the company report's
// users[].name gives it; "" when the user has neither.
func (u User) Name() string { return strings.TrimSpace(u.FirstName + " " + u.LastName) }

// Mailbox is a mailbox (an inbox), as GET /v2/mailboxes lists it. Its ID is
// what the reports' Mailboxes filter takes.
type Mailbox struct {
	ID        int64           `json:"id"`               // id of the mailbox
	Name      string          `json:"name"`             // the mailbox's name, e.g. "Support"
	Slug      string          `json:"slug"`             // the key Help Scout's web app uses for the mailbox (16 hex digits in the samples)
	Email     string          `json:"email"`            // the mailbox's e-mail address
	CreatedAt time.Time       `json:"createdAt"`        // when the mailbox was created, UTC
	UpdatedAt time.Time       `json:"updatedAt"`        // when the mailbox was last changed, UTC
	Links     json.RawMessage `json:"_links,omitempty"` // the HAL links (self, folders, fields), as the API sent them
}

// Tag is a conversation tag, as GET /v2/tags lists it. Its ID is what the
// reports' Tags filter takes.
type Tag struct {
	ID    int64  `json:"id"`    // id of the tag
	Name  string `json:"name"`  // the tag as the web app shows it
	Slug  string `json:"slug"`  // the tag's slug, e.g. "dark-side" for "Dark Side"
	Color string `json:"color"` // the tag's colour as Help Scout names it, e.g. "green"
	// CreatedAt is when the tag was created, UTC.
	CreatedAt time.Time `json:"createdAt"`
	// UpdatedAt is when the tag was last changed, UTC; absent for a tag
	// never changed.
	UpdatedAt   *time.Time      `json:"updatedAt,omitempty"`
	TicketCount int             `json:"ticketCount"`      // count of conversations with the tag
	Links       json.RawMessage `json:"_links,omitempty"` // the HAL links, as the API sent them; the samples have none
}

// Folder is a folder of a mailbox, as GET /v2/mailboxes/{id}/folders lists
// it. Its ID is what the reports' Folders filter takes.
type Folder struct {
	ID   int64  `json:"id"`   // id of the folder
	Name string `json:"name"` // the folder's name, e.g. "Unassigned"; two mailboxes may have folders of the same name
	// Type is what the folder holds: open, mine, needsattention, drafts,
	// assigned, closed or spam (the v1 docs; the PHP SDK's sample has
	// mytickets).
	Type        string          `json:"type"`
	UserID      int64           `json:"userId"`           // id of the user of a "mine" folder; 0 for the others
	TotalCount  int             `json:"totalCount"`       // count of conversations in the folder
	ActiveCount int             `json:"activeCount"`      // count of the conversations in the folder that are active (not pending)
	UpdatedAt   time.Time       `json:"updatedAt"`        // when the folder last changed, UTC
	Links       json.RawMessage `json:"_links,omitempty"` // the HAL links (self), as the API sent them
	// MailboxID is the mailbox the folder was listed for. It is not in the
	// API's answer: ListFolders and AllFolders set it, and JSON leaves it
	// out.
	MailboxID int64 `json:"-"`
}

// ListItem is what a ListPage holds: a User, Mailbox, Tag or Folder. Code
// generic over the lists takes it as the constraint of its type parameter.
type ListItem interface {
	User | Mailbox | Tag | Folder
}

// listKey is the key of T's list in a HAL answer's _embedded.
func listKey[T ListItem]() string {
	var zero T
	switch any(zero).(type) {
	case User:
		return "users"
	case Mailbox:
		return "mailboxes"
	case Tag:
		return "tags"
	}
	return "folders"
}

// ListPage is a page of a Mailbox API list, the answer of ListUsers,
// ListMailboxes, ListTags and ListFolders. It is decoded from the API's HAL
// answer, {"_embedded": {"users": [...]}, "page": {...}, "_links": {...}},
// and json.Marshal gives that answer back.
//
// The AllX iterators walk the pages of a list as the reports' walk does (see
// Paged), one Paged per ListPage: Paged.Page is Page.Number, Paged.Pages
// Page.TotalPages and Paged.Count Page.TotalElements.
type ListPage[T ListItem] struct {
	// Items are the page's items (_embedded.users, .mailboxes, .tags or
	// .folders); nil when the answer has none, as the API leaves _embedded
	// out of an empty page.
	Items []T
	// Page is where the page stands; nil when the answer has no page object
	// (the PHP SDK's sample of the folders list has none): the list is all
	// there is.
	Page *ListPageInfo
	// Links are the answer's HAL links (self, first, last, next, previous,
	// page), as the API sent them.
	Links json.RawMessage
}

// ListPageInfo is the page object of a Mailbox API list.
type ListPageInfo struct {
	Size          int `json:"size"`          // how many items a full page holds (50 in the samples)
	TotalElements int `json:"totalElements"` // count of items across all pages
	TotalPages    int `json:"totalPages"`    // count of pages; 0 for an empty list (inferred)
	Number        int `json:"number"`        // page number of this page, from 1
}

// listWire is ListPage as the API sends it, with the list under its key.
type listWire[T ListItem] struct {
	Embedded map[string][]T  `json:"_embedded,omitempty"`
	Page     *ListPageInfo   `json:"page,omitempty"`
	Links    json.RawMessage `json:"_links,omitempty"`
}

// UnmarshalJSON reads a HAL list answer. An _embedded that holds other keys
// but not the list's is an error, not an empty page: the API would have
// renamed the list.
func (l *ListPage[T]) UnmarshalJSON(b []byte) error {
	var w struct {
		Embedded map[string]json.RawMessage `json:"_embedded"`
		Page     *ListPageInfo              `json:"page"`
		Links    json.RawMessage            `json:"_links"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	key := listKey[T]()
	*l = ListPage[T]{Page: w.Page, Links: w.Links}
	raw, ok := w.Embedded[key]
	switch {
	case ok:
		if err := json.Unmarshal(raw, &l.Items); err != nil {
			return fmt.Errorf("_embedded.%s: %w", key, err)
		}
	case len(w.Embedded) > 0:
		keys := make([]string, 0, len(w.Embedded))
		for k := range w.Embedded {
			keys = append(keys, strconv.Quote(k))
		}
		slices.Sort(keys)
		return fmt.Errorf("_embedded has no %q list, only %s", key, strings.Join(keys, ", "))
	}
	return nil
}

// MarshalJSON writes the HAL answer the page was decoded from.
func (l ListPage[T]) MarshalJSON() ([]byte, error) {
	w := listWire[T]{Page: l.Page, Links: l.Links}
	if l.Items != nil {
		w.Embedded = map[string][]T{listKey[T](): l.Items}
	}
	return json.Marshal(w)
}

// listPaged is the one adapter from a HAL page to the page of walkPages;
// an answer without a page object is a list of one page.
func listPaged[T ListItem](r *ListPage[T]) *Paged[T] {
	p := &Paged[T]{Page: 1, Pages: 1, Count: len(r.Items), Results: r.Items}
	if r.Page != nil {
		p.Page, p.Pages, p.Count = r.Page.Number, r.Page.TotalPages, r.Page.TotalElements
	}
	return p
}

// walkList walks the pages of a list from page first on through walkPages,
// the walk of every paged report, each page adapted by listPaged after
// each, if not nil, has seen it.
func walkList[T ListItem](ctx context.Context, c *Client, path string, first int, at func(page int) params, each func(*ListPage[T])) iter.Seq2[*Paged[T], error] {
	return walkPages(ctx, c, path, first, at, func(r *ListPage[T]) *Paged[T] {
		if each != nil {
			each(r)
		}
		return listPaged(r)
	})
}

// ListUsersParams are the params of ListUsers.
type ListUsersParams struct {
	// Mailbox lists only the users of this mailbox (mailbox); 0 sends none.
	Mailbox int64
	// Email lists only the user with this e-mail address (email; the API
	// matches it exactly); "" sends none.
	Email string
	Page  int // page: 1-based page number; 0 sends none
}

func (p ListUsersParams) encode(q *query) {
	if p.Mailbox < 0 {
		q.invalid("Mailbox", "must be a positive mailbox id, got %d", p.Mailbox)
	}
	if p.Mailbox > 0 {
		q.int("mailbox", p.Mailbox)
	}
	if p.Email != "" && !looksLikeEmail(p.Email) {
		q.invalid("Email", "must be an e-mail address such as bear@acme.com, with no spaces or control characters")
	}
	q.str("email", p.Email)
	q.page(p.Page)
}

// looksLikeEmail reports whether s has the form local@domain, without
// spaces or control characters; the API judges the rest.
func looksLikeEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.Contains(domain, "@") &&
		!strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

// ListMailboxesParams are the params of ListMailboxes.
type ListMailboxesParams struct {
	Page int // page: 1-based page number; 0 sends none
}

func (p ListMailboxesParams) encode(q *query) { q.page(p.Page) }

// ListTagsParams are the params of ListTags.
type ListTagsParams struct {
	Page int // page: 1-based page number; 0 sends none
}

func (p ListTagsParams) encode(q *query) { q.page(p.Page) }

// ListFoldersParams are the params of ListFolders; the mailbox is the
// method's argument, as it is part of the path.
type ListFoldersParams struct {
	Page int // page: 1-based page number; 0 sends none
}

// foldersQuery is ListFoldersParams with the mailbox of the path, so that
// the one encoder refuses a mailbox id that is not positive.
type foldersQuery struct {
	ListFoldersParams
	mailbox int64
}

func (p foldersQuery) encode(q *query) {
	if p.mailbox <= 0 {
		q.invalid("mailboxID", "must be a positive mailbox id, got %d", p.mailbox)
	}
	q.page(p.Page)
}

func foldersPath(mailboxID int64) string {
	return "/v2/mailboxes/" + strconv.FormatInt(mailboxID, 10) + "/folders"
}

// setMailbox sets the MailboxID of each folder.
func setMailbox(folders []Folder, mailboxID int64) {
	for i := range folders {
		folders[i].MailboxID = mailboxID
	}
}

// ListUsers returns a page of the account's users: GET /v2/users.
func (c *Client) ListUsers(ctx context.Context, p ListUsersParams) (*ListPage[User], error) {
	return get[ListPage[User]](ctx, c, "/v2/users", p)
}

// ListMailboxes returns a page of the mailboxes: GET /v2/mailboxes.
func (c *Client) ListMailboxes(ctx context.Context, p ListMailboxesParams) (*ListPage[Mailbox], error) {
	return get[ListPage[Mailbox]](ctx, c, "/v2/mailboxes", p)
}

// ListTags returns a page of the tags, in alphabetical order: GET /v2/tags.
func (c *Client) ListTags(ctx context.Context, p ListTagsParams) (*ListPage[Tag], error) {
	return get[ListPage[Tag]](ctx, c, "/v2/tags", p)
}

// ListFolders returns a page of a mailbox's folders, each with its
// MailboxID set: GET /v2/mailboxes/{mailboxID}/folders. A mailboxID that is
// not positive is refused before any request.
func (c *Client) ListFolders(ctx context.Context, mailboxID int64, p ListFoldersParams) (*ListPage[Folder], error) {
	r, err := get[ListPage[Folder]](ctx, c, foldersPath(mailboxID), foldersQuery{p, mailboxID})
	if err != nil {
		return nil, err
	}
	setMailbox(r.Items, mailboxID)
	return r, nil
}

// AllUsers iterates over the users on every page, from p.Page on: GET
// /v2/users, page by page; see ListUsers, and Paged for how a walk goes.
func (c *Client) AllUsers(ctx context.Context, p ListUsersParams) iter.Seq2[User, error] {
	return items(c.AllUsersPages(ctx, p))
}

// AllUsersPages iterates over the pages of GET /v2/users, from p.Page on,
// each with the number of pages and the count of users; see AllUsers.
func (c *Client) AllUsersPages(ctx context.Context, p ListUsersParams) iter.Seq2[*Paged[User], error] {
	return walkList[User](ctx, c, "/v2/users", p.Page, func(page int) params {
		q := p
		q.Page = page
		return q
	}, nil)
}

// AllMailboxes iterates over the mailboxes on every page, from p.Page on:
// GET /v2/mailboxes, page by page; see ListMailboxes, and Paged for how a
// walk goes.
func (c *Client) AllMailboxes(ctx context.Context, p ListMailboxesParams) iter.Seq2[Mailbox, error] {
	return items(c.AllMailboxesPages(ctx, p))
}

// AllMailboxesPages iterates over the pages of GET /v2/mailboxes, from
// p.Page on, each with the number of pages and the count of mailboxes; see
// AllMailboxes.
func (c *Client) AllMailboxesPages(ctx context.Context, p ListMailboxesParams) iter.Seq2[*Paged[Mailbox], error] {
	return walkList[Mailbox](ctx, c, "/v2/mailboxes", p.Page, func(page int) params {
		return ListMailboxesParams{Page: page}
	}, nil)
}

// AllTags iterates over the tags on every page, from p.Page on: GET
// /v2/tags, page by page; see ListTags, and Paged for how a walk goes.
func (c *Client) AllTags(ctx context.Context, p ListTagsParams) iter.Seq2[Tag, error] {
	return items(c.AllTagsPages(ctx, p))
}

// AllTagsPages iterates over the pages of GET /v2/tags, from p.Page on, each
// with the number of pages and the count of tags; see AllTags.
func (c *Client) AllTagsPages(ctx context.Context, p ListTagsParams) iter.Seq2[*Paged[Tag], error] {
	return walkList[Tag](ctx, c, "/v2/tags", p.Page, func(page int) params {
		return ListTagsParams{Page: page}
	}, nil)
}

// AllFolders iterates over a mailbox's folders on every page, from p.Page
// on, each with its MailboxID set: GET /v2/mailboxes/{mailboxID}/folders,
// page by page; see ListFolders, and Paged for how a walk goes.
func (c *Client) AllFolders(ctx context.Context, mailboxID int64, p ListFoldersParams) iter.Seq2[Folder, error] {
	return items(c.AllFoldersPages(ctx, mailboxID, p))
}

// AllFoldersPages iterates over the pages of GET
// /v2/mailboxes/{mailboxID}/folders, from p.Page on, each with the number of
// pages and the count of folders; see AllFolders.
func (c *Client) AllFoldersPages(ctx context.Context, mailboxID int64, p ListFoldersParams) iter.Seq2[*Paged[Folder], error] {
	return walkList(ctx, c, foldersPath(mailboxID), p.Page, func(page int) params {
		return foldersQuery{ListFoldersParams{Page: page}, mailboxID}
	}, func(r *ListPage[Folder]) { setMailbox(r.Items, mailboxID) })
}
