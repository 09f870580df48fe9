package mcp

// The lookup tool: the names behind the ids the reports take.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Directory is the names of an account that the lookup tool lists: the
// SDK's resolver (the Mailbox API's lists), or the tables hsreports sync
// keeps.
type Directory interface {
	// Entries lists the entries of kind: user, mailbox, tag or folder; for
	// folders, those of mailbox, or of every mailbox when it is 0.
	Entries(ctx context.Context, kind string, mailbox int64) ([]Entry, error)
}

// Entry is a user, mailbox, tag or folder: its id and what names it.
type Entry struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email,omitempty"`     // a user's or mailbox's
	Slug      string `json:"slug,omitempty"`      // a tag's
	MailboxID int64  `json:"mailboxId,omitempty"` // a folder's
}

// lookupKinds are what lookup lists, as the command's words say them
// (hsreports lookup users), and the kind each is.
var lookupKinds = map[string]string{"users": "user", "mailboxes": "mailbox", "tags": "tag", "folders": "folder"}

// lookupRows caps the rows of a lookup's answer.
const lookupRows = 200

func lookupTool() *mcp.Tool {
	return &mcp.Tool{
		Name:        "lookup",
		Description: "Ids and names of users, mailboxes, tags or folders.",
		Annotations: readOnly,
		InputSchema: objectSchema{
			{name: "kind", p: prop{Enum: []string{"users", "mailboxes", "tags", "folders"}, Description: "what to list"}, required: true},
			{name: "name", p: prop{Type: "string", Description: "a name, part, email or slug"}},
			{name: "mailbox", p: prop{Type: []string{"integer", "string"}, Minimum: "1", Maximum: maxID, Description: "folders of this mailbox"}},
		},
	}
}

// lookup lists the entries of a kind, those matching name when it is
// given: exact matches (case and spacing aside) when there are any, else
// those whose name, email or slug hold it.
func (s *server) lookup(ctx context.Context, args map[string]json.RawMessage) (*mcp.CallToolResult, error) {
	var kindWord, name string
	var mailbox int64
	for _, k := range slices.Sorted(mapsKeys(args)) {
		raw := args[k]
		if isNone(raw) {
			continue
		}
		switch k {
		case "kind":
			if err := json.Unmarshal(raw, &kindWord); err != nil || lookupKinds[kindWord] == "" {
				return nil, cmdutil.Usagef("kind: want users, mailboxes, tags or folders")
			}
		case "name":
			if err := json.Unmarshal(raw, &name); err != nil {
				return nil, cmdutil.Usagef("name: want a string")
			}
		case "mailbox":
			id, err := s.mailboxArg(ctx, integral(raw))
			if err != nil {
				return nil, err
			}
			mailbox = id
		default:
			return nil, cmdutil.Usagef("no argument %q", k)
		}
	}
	if kindWord == "" {
		return nil, cmdutil.Usagef("kind: required: users, mailboxes, tags or folders")
	}
	kind := lookupKinds[kindWord]
	if mailbox != 0 && kind != "folder" {
		return nil, cmdutil.Usagef("mailbox: only for folders")
	}
	entries, err := s.dir.Entries(ctx, kind, mailbox)
	if err != nil {
		return nil, err
	}
	found := match(entries, name)
	shown := found[:min(len(found), lookupRows)]
	var b strings.Builder
	switch {
	case name == "":
		fmt.Fprintf(&b, "%d %s.", len(found), kindWord)
	default:
		fmt.Fprintf(&b, "%d of %d %s match %q.", len(found), len(entries), kindWord, name)
	}
	if len(shown) < len(found) {
		fmt.Fprintf(&b, " The first %d are here: give a name to narrow.", len(shown))
	}
	if len(found) == 0 && name != "" {
		b.WriteString(" Call without name to list them all.")
	}
	b.WriteString(" A report's mailbox, tag, folder or user takes the id or the exact name.\n\n")
	b.WriteString(entryTable(kind, shown))
	doc, err := marshal(struct {
		Kind    string  `json:"kind"`
		Count   int     `json:"count"`
		Results []Entry `json:"results"`
	}{kindWord, len(found), append([]Entry{}, shown...)})
	if err != nil {
		return nil, err
	}
	return &mcp.CallToolResult{
		Content:           []mcp.Content{&mcp.TextContent{Text: b.String()}},
		StructuredContent: json.RawMessage(doc),
	}, nil
}

// mailboxArg reads a mailbox given as an id or a name.
func (s *server) mailboxArg(ctx context.Context, raw json.RawMessage) (int64, error) {
	var id int64
	var s1 string
	if json.Unmarshal(raw, &id) == nil {
		if id <= 0 {
			return 0, cmdutil.Usagef("mailbox: want a positive id, got %d", id)
		}
		return id, nil
	}
	if err := json.Unmarshal(raw, &s1); err != nil || strings.TrimSpace(s1) == "" {
		return 0, cmdutil.Usagef("mailbox: want an id or a name")
	}
	if n, err := input.ParseID(s1); err == nil {
		if n <= 0 {
			return 0, cmdutil.Usagef("mailbox: want a positive id, got %d", n)
		}
		return n, nil
	}
	if s.names != nil { // the API's names: the SDK's resolver, as every id argument
		m, err := s.names.Resolve(ctx, reports.KindMailbox, s1)
		var ne *reports.NameError
		if errors.As(err, &ne) {
			return 0, cmdutil.Usagef("mailbox: %w", err)
		}
		return m.ID, err
	}
	// The database's names (history without credentials).
	boxes, err := s.dir.Entries(ctx, "mailbox", 0)
	if err != nil {
		return 0, err
	}
	found := match(boxes, s1)
	switch {
	case len(found) == 1 && exact(found[0], s1):
		return found[0].ID, nil
	case len(found) == 0:
		return 0, cmdutil.Usagef("mailbox %q: no such mailbox (lookup kind=mailboxes lists them)", s1)
	}
	var names []string
	for _, e := range found[:min(len(found), 10)] {
		names = append(names, strconv.Quote(e.Name)+" ("+strconv.FormatInt(e.ID, 10)+")")
	}
	return 0, cmdutil.Usagef("mailbox %q: %d mailboxes match: %s; give the id", s1, len(found), strings.Join(names, ", "))
}

// fold is a name compared: lower case, spaces as one.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// exact tells whether name names e: its name, email or slug, case and
// spacing aside.
func exact(e Entry, name string) bool {
	n := fold(name)
	return n != "" && (fold(e.Name) == n || fold(e.Email) == n || fold(e.Slug) == n)
}

// match lists the entries name names exactly, else those whose name,
// email or slug hold it; all of them when name is "". In their order.
func match(entries []Entry, name string) []Entry {
	n := fold(name)
	if n == "" {
		return entries
	}
	var exacts, parts []Entry
	for _, e := range entries {
		switch {
		case exact(e, name):
			exacts = append(exacts, e)
		case strings.Contains(fold(e.Name), n) || strings.Contains(fold(e.Email), n) || strings.Contains(fold(e.Slug), n):
			parts = append(parts, e)
		}
	}
	if len(exacts) > 0 {
		return exacts
	}
	return parts
}

// entryTable is entries as a table: id, name, and what else names them.
func entryTable(kind string, entries []Entry) string {
	if len(entries) == 0 {
		return "(none)"
	}
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%d  %s", e.ID, cmdutil.EscapeText(e.Name))
		switch {
		case e.Email != "":
			fmt.Fprintf(&b, "  <%s>", cmdutil.EscapeText(e.Email))
		case e.Slug != "" && kind == "tag":
			fmt.Fprintf(&b, "  (slug %s)", cmdutil.EscapeText(e.Slug))
		case e.MailboxID != 0:
			fmt.Fprintf(&b, "  (mailbox %d)", e.MailboxID)
		}
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// resolverDirectory is the names of the API, listed by the SDK's resolver
// (each kind once for the server's life).
type resolverDirectory struct{ r *reports.Resolver }

func (d resolverDirectory) Entries(ctx context.Context, kind string, mailbox int64) ([]Entry, error) {
	k, err := reports.ParseNameKind(kind)
	if err != nil {
		return nil, err
	}
	all, err := d.r.Entries(ctx, k)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(all))
	for _, e := range all {
		if mailbox != 0 && e.MailboxID != mailbox {
			continue
		}
		out = append(out, Entry{ID: e.ID, Name: e.Name, Email: e.Email, Slug: e.Slug, MailboxID: e.MailboxID})
	}
	return out, nil
}
