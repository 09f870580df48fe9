package reports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Names to ids: the reports filter on ids, people know names. A Resolver
// turns a user's, mailbox's, tag's or folder's name into its id with the
// lists of mailbox.go, one list call per kind for its whole life.

// NameKind is a kind of thing a Resolver names.
type NameKind string

// The kinds a Resolver names.
const (
	KindUser    NameKind = "user"    // users, by full name ("First Last") or e-mail address
	KindMailbox NameKind = "mailbox" // mailboxes, by name or e-mail address
	KindTag     NameKind = "tag"     // tags, by name or slug
	KindFolder  NameKind = "folder"  // folders, by name, within a mailbox or across all of them
)

// NameKinds are the kinds, in the order a lookup lists them.
var NameKinds = []NameKind{KindUser, KindMailbox, KindTag, KindFolder}

// ParseNameKind reads a kind as a user types it: user, mailbox, tag or
// folder, singular or plural, in any case ("users", "Tags").
func ParseNameKind(s string) (NameKind, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, k := range NameKinds {
		if t == string(k) || t == k.Plural() {
			return k, nil
		}
	}
	return "", fmt.Errorf("reports: unknown kind %s: want users, mailboxes, tags or folders", quoteName(s))
}

// Plural is the kind's plural: users, mailboxes, tags, folders.
func (k NameKind) Plural() string {
	if k == KindMailbox {
		return "mailboxes"
	}
	return string(k) + "s"
}

// NameEntry is a named thing: its kind, id and name, and what else names it.
type NameEntry struct {
	Kind NameKind `json:"kind"` // user, mailbox, tag or folder
	ID   int64    `json:"id"`   // the id the reports' params and filters take
	// Name is the name: a user's full name ("First Last", "" for an invited
	// user who has not set one), a mailbox's, tag's or folder's name.
	Name      string `json:"name"`
	Email     string `json:"email,omitempty"`     // a user's or mailbox's e-mail address
	Slug      string `json:"slug,omitempty"`      // a tag's slug; a mailbox's slug
	MailboxID int64  `json:"mailboxId,omitempty"` // a folder's mailbox
}

// keys are the texts that name e: its name, and a user's or mailbox's
// e-mail address or a tag's slug. A mailbox's slug is a random key, not a
// name, and a folder has only its name.
func (e NameEntry) keys() []string {
	keys := []string{e.Name}
	switch e.Kind {
	case KindUser, KindMailbox:
		keys = append(keys, e.Email)
	case KindTag:
		keys = append(keys, e.Slug)
	}
	return keys
}

// NameError is a name that names nothing, or several things. It matches
// ErrInvalidParams with errors.Is: the name was refused before any report
// request (the lookup's list calls aside).
type NameError struct {
	Kind NameKind // what was looked for
	Name string   // the name as given; empty (or only white space) when no name was given
	// MailboxID is the mailbox whose folders were searched; 0 when every
	// mailbox's were, or the kind is not KindFolder.
	MailboxID int64
	// Ambiguous is true when several entries have the name.
	Ambiguous bool
	// Candidates are, when Ambiguous, every entry with the name; otherwise
	// the closest names (at most MaxSuggestions), nearest first, or none
	// when nothing is near.
	Candidates []NameEntry
}

// MaxSuggestions is the most close names a NameError for an unknown name
// offers.
const MaxSuggestions = 5

// maxShownCandidates is the most candidates a NameError's text lists; the
// Candidates field keeps them all.
const maxShownCandidates = 10

// Error says what was looked for and lists the candidates, each with its
// id. The name and the candidates are quoted with their control characters
// escaped and capped at 512 bytes, as every echoed value in the package's
// errors.
func (e *NameError) Error() string {
	var b strings.Builder
	b.WriteString("reports: ")
	where := ""
	if e.Kind == KindFolder && e.MailboxID != 0 {
		where = " of mailbox " + strconv.FormatInt(e.MailboxID, 10)
	}
	switch {
	case normalize(e.Name) == "":
		fmt.Fprintf(&b, "the %s name is empty: give a name or an id", e.Kind)
		return b.String()
	case e.Ambiguous:
		fmt.Fprintf(&b, "%d %s%s are named %s: ", len(e.Candidates), e.Kind.Plural(), where, quoteName(e.Name))
	case len(e.Candidates) == 0:
		fmt.Fprintf(&b, "no %s%s is named %s, and none has a similar name", e.Kind, where, quoteName(e.Name))
		return b.String()
	default:
		fmt.Fprintf(&b, "no %s%s is named %s; the closest: ", e.Kind, where, quoteName(e.Name))
	}
	for i, c := range e.Candidates {
		if i == maxShownCandidates {
			fmt.Fprintf(&b, ", and %d more", len(e.Candidates)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.String())
	}
	if e.Ambiguous {
		b.WriteString("; give the id")
		switch e.Kind {
		case KindUser:
			b.WriteString(" or the e-mail address")
		case KindFolder:
			if e.MailboxID == 0 {
				b.WriteString(", or the folder's mailbox")
			}
		}
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrInvalidParams) true.
func (e *NameError) Unwrap() error { return ErrInvalidParams }

// String shows the entry as a NameError lists it: its quoted name, then its
// id and, where it has them, e-mail address or mailbox.
func (e NameEntry) String() string {
	name := e.Name
	if name == "" && e.Email != "" {
		name = e.Email
	}
	s := quoteName(name) + " (" + strconv.FormatInt(e.ID, 10)
	switch {
	case e.Email != "" && e.Name != "":
		s += ", " + quoteName(e.Email)
	case e.MailboxID != 0:
		s += ", mailbox " + strconv.FormatInt(e.MailboxID, 10)
	}
	return s + ")"
}

// quoteName quotes a name for an error, with its control, bidi and other
// non-printable characters escaped (strconv.Quote), and cuts the quoted
// text at maxPart bytes, escapes included, at a character's end, noting the
// name's length: "abc…"…(6000 bytes).
func quoteName(s string) string {
	q := strconv.Quote(s)
	if len(q) <= maxPart {
		return q
	}
	b := []byte{'"'}
	for i := 0; i < len(s); {
		_, w := utf8.DecodeRuneInString(s[i:])
		piece := strconv.Quote(s[i : i+w])
		piece = piece[1 : len(piece)-1]
		if len(b)+len(piece)+len(`…"`) > maxPart {
			break
		}
		b = append(b, piece...)
		i += w
	}
	return string(b) + `…"(` + strconv.Itoa(len(s)) + " bytes)"
}

// Resolver turns names into ids: users by full name or e-mail address,
// mailboxes by name or e-mail address, tags by name or slug, folders by name
// within a mailbox or across all of them; one name (Resolve, ResolveFolder)
// or a comma-separated list of them (ResolveList, ResolveFolderList). It
// also lists every entry of a kind (Entries) and the names that complete a
// prefix (Complete). Make one with NewResolver and share it: it is safe for
// concurrent use.
//
// Rules:
//   - A number (ASCII digits only) is always an id: it resolves without a
//     lookup, to an entry with that id and no name. An id that is not
//     positive is a *ParamError.
//   - Otherwise the name is matched against the kind's entries, exactly but
//     for case and white space: surrounding white space is dropped, runs of
//     white space count as one space, and case is compared with Unicode
//     simple case folding (strings.EqualFold: "maya patel" names Maya Patel,
//     "ÅSA" names Åsa; "STRASSE" does not name "Straße", which needs full
//     folding). Unicode normalization is not applied: a composed "é" and
//     an e with a combining accent differ.
//   - One match resolves. Several (two tags "VIP" and "vip", a folder name
//     in two mailboxes) are a *NameError with Ambiguous set and every match
//     as a candidate, with its id: the caller gives the id instead. None is
//     a *NameError listing the closest names (see Resolve).
//   - An empty name is a *NameError. A failed list call (401, 403, 5xx, a
//     network error) is returned as it is, an *APIError, not a NameError.
//
// Each kind's list is fetched once, on first use, and kept for the
// Resolver's life: concurrent callers share one fetch, and later ones take
// the kept list. A fetch that fails is not kept: the next call tries again.
// Forget drops what is kept, for a long-lived process whose account changes.
// A walk's pages go through the client's pacing, retries and errors like any
// call.
type Resolver struct {
	c     *Client
	mu    sync.Mutex
	lists map[listScope]*listFetch
}

// listScope is one list the resolver fetches: a kind, and for folders the
// mailbox.
type listScope struct {
	kind    NameKind
	mailbox int64
}

// listFetch is a list being fetched, or fetched.
type listFetch struct {
	done    chan struct{} // closed when entries and err are set
	entries []NameEntry
	err     error
}

// NewResolver returns a Resolver that lists names with c.
func NewResolver(c *Client) *Resolver {
	return &Resolver{c: c, lists: map[listScope]*listFetch{}}
}

// Forget drops the lists the resolver keeps, so that the next call fetches
// them again. Calls under way keep what they fetched.
func (r *Resolver) Forget() {
	r.mu.Lock()
	clear(r.lists)
	r.mu.Unlock()
}

// Resolve returns the entry of kind that nameOrID names (see Resolver for
// the rules). A folder name is looked for in every mailbox's folders; use
// ResolveFolder for one mailbox's. An id resolves to NameEntry{Kind, ID}
// without a lookup.
//
// An unknown name is a *NameError whose Candidates are the closest names,
// nearest first, at most MaxSuggestions: first the names that start with
// what was given, then those that hold it, then those within a small edit
// distance (Levenshtein over case-folded characters: at most 2 edits, or a
// third of the name's length for longer names), each group by distance and
// then name.
func (r *Resolver) Resolve(ctx context.Context, kind NameKind, nameOrID string) (NameEntry, error) {
	if err := checkKind(kind); err != nil {
		return NameEntry{}, err
	}
	if e, ok, err := asID(kind, nameOrID); ok || err != nil {
		return e, err
	}
	if normalize(nameOrID) == "" {
		return NameEntry{}, &NameError{Kind: kind, Name: nameOrID}
	}
	entries, err := r.Entries(ctx, kind)
	if err != nil {
		return NameEntry{}, err
	}
	return resolve(kind, 0, nameOrID, entries)
}

// ResolveFolder returns the folder of mailbox mailboxID that nameOrID names,
// with one list call for that mailbox's folders (see Resolver for the
// rules). A mailboxID that is not positive is a *ParamError.
func (r *Resolver) ResolveFolder(ctx context.Context, mailboxID int64, nameOrID string) (NameEntry, error) {
	if mailboxID <= 0 {
		return NameEntry{}, &ParamError{Field: "mailboxID", Reason: fmt.Sprintf("must be a positive mailbox id, got %d", mailboxID)}
	}
	if e, ok, err := asID(KindFolder, nameOrID); ok || err != nil {
		e.MailboxID = mailboxID
		return e, err
	}
	if normalize(nameOrID) == "" {
		return NameEntry{}, &NameError{Kind: KindFolder, Name: nameOrID, MailboxID: mailboxID}
	}
	entries, err := r.list(ctx, listScope{KindFolder, mailboxID})
	if err != nil {
		return NameEntry{}, err
	}
	return resolve(KindFolder, mailboxID, nameOrID, entries)
}

// ResolveList resolves a comma-separated list of names or ids of kind, as
// a command line's or an MCP tool's list value gives them ("vip, billing",
// "Support,202"), in order, each by Resolve's rules. A name that holds
// commas is found too: where the text from one item to a later one names
// an entry, the longest such text is one name (`vip, q&a, "urgent"` is the
// tags vip and q&a, "urgent"). Empty items are skipped; a list of none is a
// *NameError. A list of ids takes no lookup. The error of an item that
// names nothing, or several things, is its *NameError.
func (r *Resolver) ResolveList(ctx context.Context, kind NameKind, list string) ([]NameEntry, error) {
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	return resolveList(kind, 0, list, func() ([]NameEntry, error) { return r.Entries(ctx, kind) })
}

// ResolveFolderList is ResolveList for the folders of one mailbox, as
// ResolveFolder resolves one.
func (r *Resolver) ResolveFolderList(ctx context.Context, mailboxID int64, list string) ([]NameEntry, error) {
	if mailboxID <= 0 {
		return nil, &ParamError{Field: "mailboxID", Reason: fmt.Sprintf("must be a positive mailbox id, got %d", mailboxID)}
	}
	out, err := resolveList(KindFolder, mailboxID, list, func() ([]NameEntry, error) {
		return r.list(ctx, listScope{KindFolder, mailboxID})
	})
	for i := range out {
		out[i].MailboxID = mailboxID
	}
	return out, err
}

// resolveList resolves the items of list; entries lists the kind's entries
// when an item is no id.
func resolveList(kind NameKind, mailboxID int64, list string, entries func() ([]NameEntry, error)) ([]NameEntry, error) {
	var items []string
	allIDs := true
	for item := range strings.SplitSeq(list, ",") {
		items = append(items, item)
		if _, isID, _ := asID(kind, item); !isID && normalize(item) != "" {
			allIDs = false
		}
	}
	var all []NameEntry
	if !allIDs {
		var err error
		if all, err = entries(); err != nil {
			return nil, err
		}
	}
	// A name can span as many items as the most commas a name has, plus
	// one.
	span := 1
	for _, e := range all {
		for _, k := range e.keys() {
			span = max(span, strings.Count(k, ",")+1)
		}
	}
	one := func(text string) (NameEntry, error) {
		if e, ok, err := asID(kind, text); ok || err != nil {
			return e, err
		}
		return resolve(kind, mailboxID, text, all)
	}
	var out []NameEntry
	for i := 0; i < len(items); {
		if normalize(items[i]) == "" {
			i++
			continue
		}
		j := min(len(items), i+span)
		for ; j > i+1; j-- {
			if e, err := one(strings.TrimSpace(strings.Join(items[i:j], ","))); err == nil {
				out = append(out, e)
				break
			}
		}
		if j > i+1 {
			i = j
			continue
		}
		e, err := one(strings.TrimSpace(items[i]))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		i++
	}
	if len(out) == 0 {
		return nil, &NameError{Kind: kind, MailboxID: mailboxID} // no name in it
	}
	return out, nil
}

// Entries returns every entry of kind, sorted by name (case-folded) and
// then id: for KindFolder, the folders of every mailbox (one list call for
// the mailboxes and one per mailbox), each with its MailboxID. The slice is
// the caller's.
func (r *Resolver) Entries(ctx context.Context, kind NameKind) ([]NameEntry, error) {
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	if kind != KindFolder {
		entries, err := r.list(ctx, listScope{kind: kind})
		return slices.Clone(entries), err
	}
	mailboxes, err := r.list(ctx, listScope{kind: KindMailbox})
	if err != nil {
		return nil, err
	}
	var all []NameEntry
	for _, m := range slices.SortedFunc(slices.Values(mailboxes), func(a, b NameEntry) int { return cmp.Compare(a.ID, b.ID) }) {
		folders, err := r.list(ctx, listScope{KindFolder, m.ID})
		if err != nil {
			return nil, err
		}
		all = append(all, folders...)
	}
	sortEntries(all)
	return all, nil
}

// Complete returns the names of kind that start with prefix, case-folded,
// for shell completion: sorted, each once (a folder name shared by two
// mailboxes is one name), and for users their e-mail addresses too. Names
// with control characters are left out, as no shell line can hold them.
func (r *Resolver) Complete(ctx context.Context, kind NameKind, prefix string) ([]string, error) {
	entries, err := r.Entries(ctx, kind)
	if err != nil {
		return nil, err
	}
	p := fold(normalize(prefix))
	var out []string
	for _, e := range entries {
		names := []string{e.Name}
		if e.Kind == KindUser {
			names = append(names, e.Email)
		}
		for _, n := range names {
			if n != "" && !strings.ContainsFunc(n, unicode.IsControl) && strings.HasPrefix(fold(normalize(n)), p) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func checkKind(kind NameKind) error {
	if !slices.Contains(NameKinds, kind) {
		return fmt.Errorf("reports: unknown kind %s: want user, mailbox, tag or folder", quoteName(string(kind)))
	}
	return nil
}

// asID reads nameOrID as an id when it is a number: ok is true then, or err
// says why the number is no id.
func asID(kind NameKind, nameOrID string) (e NameEntry, ok bool, err error) {
	s := strings.TrimSpace(nameOrID)
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		return NameEntry{}, false, nil
	}
	id, perr := strconv.ParseInt(s, 10, 64)
	switch {
	case perr != nil:
		err = &ParamError{Field: string(kind), Reason: "the id " + quoteName(s) + " is out of range"}
	case id <= 0:
		err = &ParamError{Field: string(kind), Reason: fmt.Sprintf("must be a positive id, got %d", id)}
	}
	return NameEntry{Kind: kind, ID: id}, err == nil, err
}

// list returns the entries of one list, fetching it once for all callers.
// A caller whose context ends while it waits gets the context's error; the
// fetch goes on for the others. When the fetch itself ended with its
// caller's context, a caller whose context is alive fetches again.
func (r *Resolver) list(ctx context.Context, scope listScope) ([]NameEntry, error) {
	for {
		r.mu.Lock()
		f, ok := r.lists[scope]
		if !ok {
			f = &listFetch{done: make(chan struct{})}
			r.lists[scope] = f
			r.mu.Unlock()
			f.entries, f.err = r.fetch(ctx, scope)
			if f.err != nil {
				r.mu.Lock()
				if r.lists[scope] == f {
					delete(r.lists, scope) // a failure is not kept
				}
				r.mu.Unlock()
			}
			close(f.done)
			return f.entries, f.err
		}
		r.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, fmt.Errorf("reports: listing %s: %w", scope.kind.Plural(), ctxError(ctx))
		}
		if f.err != nil && ctx.Err() == nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
			continue // the fetching caller left; this one has time
		}
		return f.entries, f.err
	}
}

// fetch lists every entry of scope, walking all pages.
func (r *Resolver) fetch(ctx context.Context, scope listScope) ([]NameEntry, error) {
	var out []NameEntry
	var err error
	switch scope.kind {
	case KindUser:
		out, err = collect(r.c.AllUsers(ctx, ListUsersParams{}), func(u User) NameEntry {
			return NameEntry{Kind: KindUser, ID: u.ID, Name: u.Name(), Email: u.Email}
		})
	case KindMailbox:
		out, err = collect(r.c.AllMailboxes(ctx, ListMailboxesParams{}), func(m Mailbox) NameEntry {
			return NameEntry{Kind: KindMailbox, ID: m.ID, Name: m.Name, Email: m.Email, Slug: m.Slug}
		})
	case KindTag:
		out, err = collect(r.c.AllTags(ctx, ListTagsParams{}), func(t Tag) NameEntry {
			return NameEntry{Kind: KindTag, ID: t.ID, Name: t.Name, Slug: t.Slug}
		})
	case KindFolder:
		out, err = collect(r.c.AllFolders(ctx, scope.mailbox, ListFoldersParams{}), func(f Folder) NameEntry {
			return NameEntry{Kind: KindFolder, ID: f.ID, Name: f.Name, MailboxID: f.MailboxID}
		})
	}
	if err != nil {
		return nil, err
	}
	sortEntries(out)
	return out, nil
}

// collect makes an entry of every item of a walk.
func collect[T any](all iter.Seq2[T, error], entry func(T) NameEntry) ([]NameEntry, error) {
	var out []NameEntry
	for item, err := range all {
		if err != nil {
			return nil, err
		}
		out = append(out, entry(item))
	}
	return out, nil
}

func sortEntries(entries []NameEntry) {
	slices.SortStableFunc(entries, func(a, b NameEntry) int {
		return cmp.Or(strings.Compare(fold(a.Name), fold(b.Name)), cmp.Compare(a.MailboxID, b.MailboxID), cmp.Compare(a.ID, b.ID))
	})
}

// resolve matches name against entries.
func resolve(kind NameKind, mailboxID int64, name string, entries []NameEntry) (NameEntry, error) {
	want := fold(normalize(name))
	var matches []NameEntry
	for _, e := range entries {
		if slices.ContainsFunc(e.keys(), func(k string) bool { return k != "" && fold(normalize(k)) == want }) {
			matches = append(matches, e)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return NameEntry{}, &NameError{Kind: kind, Name: name, MailboxID: mailboxID, Candidates: closest(want, entries)}
	}
	return NameEntry{}, &NameError{Kind: kind, Name: name, MailboxID: mailboxID, Ambiguous: true, Candidates: matches}
}

// maxEditRunes bounds the names the edit distance is computed for: longer
// ones are only compared by prefix and substring, so that a huge name costs
// little.
const maxEditRunes = 256

// closest ranks the entries by how near one of their keys is to want (a
// folded, normalized name) and returns the nearest MaxSuggestions: keys that
// start with want, then keys that hold it, then keys within a small edit
// distance; within a group by distance, then by name.
func closest(want string, entries []NameEntry) []NameEntry {
	type ranked struct {
		e          NameEntry
		group, far int
	}
	wantRunes := []rune(want)
	near := max(2, len(wantRunes)/3) // the most edits a near name is away
	var found []ranked
	for _, e := range entries {
		best := ranked{group: -1}
		for _, k := range e.keys() {
			if k == "" {
				continue
			}
			key := fold(normalize(k))
			g, d := -1, 0
			switch keyRunes := utf8.RuneCountInString(key); {
			case strings.HasPrefix(key, want):
				g, d = 0, keyRunes-len(wantRunes)
			case strings.Contains(key, want):
				g, d = 1, keyRunes-len(wantRunes)
			case len(wantRunes) <= maxEditRunes && keyRunes <= maxEditRunes && abs(keyRunes-len(wantRunes)) <= near:
				// (Lengths further apart than near are further apart than
				// near in edits too.)
				if d = levenshtein(wantRunes, []rune(key)); d <= near {
					g = 2
				}
			}
			if g >= 0 && (best.group < 0 || g < best.group || g == best.group && d < best.far) {
				best = ranked{e, g, d}
			}
		}
		if best.group >= 0 {
			found = append(found, best)
		}
	}
	slices.SortStableFunc(found, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.group, b.group), cmp.Compare(a.far, b.far), strings.Compare(fold(a.e.Name), fold(b.e.Name)), cmp.Compare(a.e.ID, b.e.ID))
	})
	out := make([]NameEntry, 0, min(len(found), MaxSuggestions))
	for _, f := range found[:min(len(found), MaxSuggestions)] {
		out = append(out, f.e)
	}
	return out
}

// levenshtein is the edit distance of a and b: insertions, deletions and
// substitutions of characters.
func levenshtein(a, b []rune) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := range a {
		prev := row[0]
		row[0] = i + 1
		for j := range b {
			cur := row[j+1]
			cost := 1
			if a[i] == b[j] {
				cost = 0
			}
			row[j+1] = min(row[j+1]+1, row[j]+1, prev+cost)
			prev = cur
		}
	}
	return row[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// normalize drops surrounding white space and makes each run of white space
// inside one space.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// fold maps each character to the smallest of its simple case folding
// orbit, so that fold(a) == fold(b) exactly when strings.EqualFold(a, b),
// and prefixes and substrings can be compared folded too.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}
