package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"github.com/helpscout-go/reports/internal/ordered"
)

// decode is the one decoder of report answers: encoding/json. A faster
// decoder was measured (bench/README.md) and dropped: a call spends 100–300
// ms on the network, so a few hundred microseconds of decoding do not pay
// for a dependency in every user's build that, unlike encoding/json, crashed
// the process on a deeply nested body.
func decode(data []byte, out any) error { return json.Unmarshal(data, out) }

// Result types shared by several report areas.
//
// Decoding rules, for every result type: metrics are float64, because the API
// prints the same metric as 2278004 or 2278004.0; ids are int64; values the
// API may send as null are pointers; fields some reports or some answers
// leave out are pointers with omitempty or slices with omitzero (an absent
// list stays absent, an empty one stays []). Unknown fields are
// ignored. json.Marshal of a decoded result gives back the API's field names
// and values, so results can be stored or forwarded as the API sent them.
//
// Units, as the field comments use them: a count is a whole number of
// things, sent as a float; seconds are a duration, mostly an average; a
// percent is 0–100 (37.27 means 37.27 %), not a fraction; points are the
// difference of two percents. Dates and times are UTC. A comment marked
// (inferred) says what the sample answers show where no public source
// defines the field.
//
// Each comment of a number starts with what it is, in the phrases
// MetricInfos reads (go generate turns them into metricinfo_gen.go; see
// internal/metricdoc): "count of", "distinct count of" (never summed over
// days), "average time in seconds" or "average count of", with "weighted
// by [Type.Field]" where a figure of the result weights it, "percent
// (0–100) of", "fraction (0–1) of", "score (−100 to 100)", "percent change
// of", "change in points of", "id of", "weekday", "hour (0–23)", "rating",
// "page number", "code". A comment that mentions the previous range marks a
// comparison figure.
//
// Deltas, the change from the previous range to the current one, come in
// two units, as the API's sample answers show: a percent change,
// (current − previous) / previous × 100, which is 0 when previous is 0 (the
// samples give 0.0 for a handle time that went from 0 to 6); and, for the
// metrics that are themselves percents, a difference in points, current −
// previous. Each Deltas type says which field is which.

// Period is the interval a report's current or previous values cover, as
// the API echoes it.
type Period struct {
	StartDate time.Time `json:"startDate"` // start of the range, UTC
	EndDate   time.Time `json:"endDate"`   // end of the range, UTC
}

// FilterTag is a tag of a report's filterTags list. The v1 docs call the
// list "all tags available for filtering in reports, including tag id=1,
// which represents conversations that are untagged".
type FilterTag struct {
	ID   int64  `json:"id"`   // id of the tag; 1 stands for untagged conversations
	Name string `json:"name"` // the tag's name
}

// TimeSeries is the answer of every time-series report: one point per bucket
// of the current range and, when a previous range was sent, of the previous
// one.
type TimeSeries[P any] struct {
	Current  []P `json:"current"`           // the points of the current range, oldest first
	Previous []P `json:"previous,omitzero"` // the points of the previous range; absent unless one was asked for
}

// A time-series point is one bucket (a day, week or month, per the params'
// ViewBy) of a series. Its date stands for the bucket: the v1 docs say a
// point counts "from start until the next time interval". The docs' samples
// date points at 12:00 UTC; a live sample dates its only point at the
// requested start (13:30 UTC). No source says in which time zone buckets
// begin.

// CustomersPoint is a bucket of a customers-helped series.
type CustomersPoint struct {
	Date      time.Time `json:"date"`      // the bucket, UTC
	Customers float64   `json:"customers"` // distinct count of customers who got a reply in the bucket (one helped on two days counts once in their week)
}

// ChannelVolumePoint is a bucket of the volume-by-channel series.
type ChannelVolumePoint struct {
	Date  time.Time `json:"date"`  // the bucket, UTC
	Chat  float64   `json:"chat"`  // count of chat conversations, third-party chat integrations included
	Email float64   `json:"email"` // count of e-mail conversations
	Phone float64   `json:"phone"` // count of phone conversations
}

// NewConversationsPoint is a bucket of the new-conversations series.
type NewConversationsPoint struct {
	Start time.Time `json:"start"` // the bucket, UTC
	Count float64   `json:"count"` // count of new conversations created in the bucket
}

// TimePoint is a bucket of a response, first-response or resolution time
// series: the average time in seconds.
type TimePoint struct {
	Date time.Time `json:"date"` // the bucket, UTC
	Time float64   `json:"time"` // average time in seconds over the bucket (a float, e.g. 94825.74); the series carries no weight
}

// RepliesPoint is a bucket of a replies series.
type RepliesPoint struct {
	Date    time.Time `json:"date"`    // the bucket, UTC
	Replies float64   `json:"replies"` // count of replies sent to customers in the bucket
}

// ResolvedPoint is a bucket of a resolved-conversations series.
type ResolvedPoint struct {
	Date     time.Time `json:"date"`     // the bucket, UTC
	Resolved float64   `json:"resolved"` // count of conversations resolved (closed with at least one reply) in the bucket
}

// ReceivedMessagesPoint is a bucket of the received-messages series.
//
// The API's documentation shows {"start", "count"} while live answers have
// shown {"date", "messages"}; both readings decode into Date and Messages,
// and encoding gives back the keys that were decoded ({"date", "messages"}
// for a point built in Go).
type ReceivedMessagesPoint struct {
	Date     time.Time // the bucket, UTC ("date" or "start")
	Messages float64   // count of messages received from customers in the bucket ("messages" or "count")
	docKeys  bool      // decoded from {"start", "count"}
}

// receivedLive is a received-messages point in the live reading: how the
// walks (Metrics, flat) take every point, whichever reading it came in.
type receivedLive struct {
	Date     time.Time `json:"date"`     // the bucket, UTC
	Messages float64   `json:"messages"` // count of messages received from customers in the bucket
}

type receivedDoc struct {
	Start time.Time `json:"start"`
	Count float64   `json:"count"`
}

// UnmarshalJSON accepts both readings of a received-messages point.
func (p *ReceivedMessagesPoint) UnmarshalJSON(b []byte) error {
	var w struct {
		Date     *time.Time `json:"date"`
		Start    *time.Time `json:"start"`
		Messages *float64   `json:"messages"`
		Count    *float64   `json:"count"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = ReceivedMessagesPoint{}
	switch {
	case w.Date != nil || w.Messages != nil:
		p.Date, p.Messages = deref(w.Date), deref(w.Messages)
	case w.Start != nil || w.Count != nil:
		p.Date, p.Messages, p.docKeys = deref(w.Start), deref(w.Count), true
	}
	return nil
}

// MarshalJSON writes the keys the point was decoded from.
func (p ReceivedMessagesPoint) MarshalJSON() ([]byte, error) {
	if p.docKeys {
		return json.Marshal(receivedDoc{Start: p.Date, Count: p.Messages})
	}
	return json.Marshal(receivedLive{Date: p.Date, Messages: p.Messages})
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// RangeBuckets is a histogram of a metric (response time, handle time,
// replies to resolve...): how many conversations fell into each range.
type RangeBuckets struct {
	// Count is the count of conversations in the histogram, current range
	// (the v1 docs: "total number of resolved conversations").
	Count float64 `json:"count"`
	// PreviousCount is the count of conversations in the histogram over the
	// previous range; 0 when none was asked for.
	PreviousCount float64 `json:"previousCount"`
	// Ranges are the ranges; the samples list them in no fixed order (the
	// chat sample by count) and some skip ids.
	Ranges []RangeBucket `json:"ranges"`
}

// RangeBucket is one range of a histogram. The range ids are the ones the
// company drilldown's RangeID takes (presumably; no source confirms it for
// v2). Their meaning, from the v1 docs (not confirmed for v2):
//   - response and first-response time, resolution time: 1 < 15 min,
//     2 15–30 min, 3 30–60 min, 4 1–2 h, 5 2–3 h, 6 3–6 h, 7 6–12 h,
//     8 12–24 h, 9 1–2 days, 10 > 2 days;
//   - handle time: 1 < 1 min, 2 1–2 min, 3 2–5 min, 4 5–10 min, 5 > 10 min;
//   - replies to resolve: 1 to 4 replies, 5 five or more.
//
// No source gives the chat report's ranges (wait time, response time,
// messages per chat, duration).
type RangeBucket struct {
	ID            int     `json:"id"`            // id of the range; see the ids above
	Count         float64 `json:"count"`         // count of conversations in the range, current range
	PreviousCount float64 `json:"previousCount"` // count of conversations in the range over the previous range
	// Percent is the percent (0–100) of the histogram's conversations in
	// this range, current range (Count of the histogram's Count), weighted
	// by [RangeBuckets.Count].
	Percent float64 `json:"percent"`
	// PreviousPercent is the percent (0–100) of the histogram's
	// conversations in this range over the previous range (PreviousCount of
	// the histogram's PreviousCount), weighted by
	// [RangeBuckets.PreviousCount].
	PreviousPercent float64 `json:"previousPercent"`
	// ResolutionTime is the average time in seconds from creation to
	// resolution of the range's conversations, weighted by
	// [RangeBucket.Count] (inferred); only the replies-to-resolve buckets
	// carry it.
	ResolutionTime *float64 `json:"resolutionTime,omitempty"`
}

// TopList is a count and the top entries of a category (tags, customers,
// saved replies, workflows).
type TopList struct {
	// Count is the distinct count of the category's entries used over the
	// current range: the tags, customers, saved replies or workflows
	// (inferred: the v1 docs call it the number of tags used, of customer
	// conversations, of saved replies sent, per list; a tag used on two days
	// is one tag of their week).
	Count float64   `json:"count"`
	Top   []TopItem `json:"top"` // the top entries, most used first
}

// TopItem is one entry of a top list: a tag, customer, saved reply or
// workflow.
type TopItem struct {
	ID        int64  `json:"id"`                  // id of the tag, customer, saved reply or workflow; tag 1 is "untagged"
	Name      string `json:"name,omitempty"`      // absent for tag 1, "untagged"
	MailboxID *int64 `json:"mailboxId,omitempty"` // id of the saved reply's mailbox; saved replies only
	// Count is the count of conversations with this entry (times used, for
	// saved replies and workflows), current range.
	Count         float64 `json:"count"`
	PreviousCount float64 `json:"previousCount"` // count of conversations with this entry (times used) over the previous range
	// Percent is the percent (0–100) of the range's conversations with this
	// entry.
	Percent         float64 `json:"percent"`
	PreviousPercent float64 `json:"previousPercent"` // percent (0–100) of conversations with this entry over the previous range
	// DeltaPercent is the change in points of Percent, Percent −
	// PreviousPercent (the samples: 80.67 − 79.375 = 1.2968).
	DeltaPercent float64 `json:"deltaPercent"`
}

// Paged is a page of a paged report: the items and where the page stands.
//
// Every paged report has two iterators beside its GetX method: AllX yields
// the items of every page and AllXPages the pages themselves, with Pages and
// Count for a progress display ("120 of 455"). A walk starts at the params'
// Page (1 when 0) and ends at the last page the first answer reported.
// Nothing is fetched before the first iteration. The client's clock is read
// once when a walk starts, so that every page asks for the same range even
// when the dates are defaulted (a long walk may pass midnight). Ranging
// again starts a new walk; breaking out stops all fetching; an error is
// yielded once and ends the walk. With WithPrefetch(n), up to n pages are
// fetched at once and still yielded in order.
type Paged[T any] struct {
	Page    int `json:"page"`    // page number of this page, from 1
	Pages   int `json:"pages"`   // count of pages
	Count   int `json:"count"`   // count of items across all pages
	Results []T `json:"results"` // the items of this page
}

// DrilldownResult is the answer of every drilldown: a page of conversations.
type DrilldownResult struct {
	Conversations Paged[DrilldownConversation] `json:"conversations"` // a page of the conversations
}

// DrilldownConversation is a conversation listed by a drilldown. The user
// drilldown leaves out the customer e-mail, customer ids and assignee name and
// adds the waiting-since fields. Field meanings are the v1 docs' (the
// "abbreviated conversation" object); a row has no creation or closing time.
type DrilldownConversation struct {
	ID          int64              `json:"id"`          // id of the conversation
	Number      int64              `json:"number"`      // id of the conversation as Help Scout shows it (its number)
	Type        ConversationType   `json:"type"`        // email, chat or phone
	MailboxID   int64              `json:"mailboxid"`   // id of the mailbox (inbox) the conversation is in
	Attachments bool               `json:"attachments"` // whether the conversation has attachments
	Subject     string             `json:"subject"`     // the subject
	Status      ConversationStatus `json:"status"`      // active, pending or closed (now, not at the end of the range)
	// ThreadCount is the count of published threads of the conversation
	// (no line items, drafts or threads held for review).
	ThreadCount   int     `json:"threadCount"`
	Preview       string  `json:"preview"`                 // the start of the most recent thread
	CustomerName  string  `json:"customerName"`            // the customer's name (or e-mail address)
	CustomerEmail *string `json:"customerEmail,omitempty"` // the customer's e-mail address; not in the user drilldown
	CustomerIDs   []int64 `json:"customerIds,omitzero"`    // ids of the conversation's customers; not in the user drilldown
	// ModifiedAt is when the conversation was last modified, UTC. It is the
	// only time a row carries.
	ModifiedAt   time.Time `json:"modifiedAt"`
	AssignedID   int64     `json:"assignedid"`             // id of the assigned user; 0 when unassigned
	AssignedName *string   `json:"assignedName,omitempty"` // the assigned user's name; not in the user drilldown
	// WaitingSince is since when the customer has been waiting, UTC (user
	// drilldown only; in the sample it equals ModifiedAt) (inferred).
	WaitingSince *time.Time `json:"waitingSince,omitempty"`
	// WaitingSinceType is a code for what WaitingSince dates (user
	// drilldown only; the sample has 2); no source defines its values.
	WaitingSinceType *int              `json:"waitingSinceType,omitempty"`
	Tags             []ConversationTag `json:"tags"` // the conversation's tags
}

// ConversationTag is a tag on a conversation.
type ConversationTag struct {
	ID    int64  `json:"id"`    // id of the tag
	Name  string `json:"name"`  // the tag's name
	Color string `json:"color"` // the tag's colour as Help Scout names it, e.g. "none"
}

// RatingsResult is the answer of the ratings reports: a page of ratings.
type RatingsResult struct {
	// Facets is passed through as the API sent it; its content is not
	// documented.
	Facets json.RawMessage `json:"facets,omitempty"`
	Paged[Rating]
}

// RatingScore is the value of a happiness rating. The mapping 1 Great,
// 2 Okay, 3 Not Good comes from the v1 docs' rating parameter (the v2 pages
// do not show it) and from third-party connectors (Singer tap, Stitch).
type RatingScore int

// The rating scores.
const (
	RatingScoreGreat   RatingScore = 1
	RatingScoreOkay    RatingScore = 2
	RatingScoreNotGood RatingScore = 3
)

// String names the score.
func (s RatingScore) String() string {
	switch s {
	case RatingScoreGreat:
		return "great"
	case RatingScoreOkay:
		return "okay"
	case RatingScoreNotGood:
		return "not good"
	}
	return "unknown"
}

// Rating is one happiness rating and the conversation thread it rates. Most
// fields may be null.
type Rating struct {
	ID                 int64             `json:"id"`                 // id of the conversation
	Number             int64             `json:"number"`             // id of the conversation as Help Scout shows it (its number)
	ThreadID           *int64            `json:"threadid"`           // id of the rated thread (the user's reply)
	ThreadCreatedAt    *time.Time        `json:"threadCreatedAt"`    // when the rated thread was created, UTC
	Type               *ConversationType `json:"type"`               // the conversation's type: email, chat or phone
	RatingID           *RatingScore      `json:"ratingId"`           // rating (1 Great, 2 Okay, 3 Not Good) the customer gave
	RatingCustomerID   *int64            `json:"ratingCustomerId"`   // id of the customer who rated
	RatingComments     *string           `json:"ratingComments"`     // the customer's comment; may be "" or null
	RatingCreatedAt    *time.Time        `json:"ratingCreatedAt"`    // when the customer rated, UTC
	RatingCustomerName *string           `json:"ratingCustomerName"` // the rating customer's name (or e-mail address)
	RatingUserID       *int64            `json:"ratingUserId"`       // id of the user whose reply was rated
	RatingUserName     *string           `json:"ratingUserName"`     // that user's name
}

// Customer is a customer's id and name.
type Customer struct {
	ID   int64  `json:"id"`   // id of the customer
	Name string `json:"name"` // the customer's name
}

// conversationsPage unwraps the page of a drilldown answer.
func conversationsPage(r *DrilldownResult) *Paged[DrilldownConversation] { return &r.Conversations }

// ratingsPage unwraps the page of a ratings answer.
func ratingsPage(r *RatingsResult) *Paged[Rating] { return &r.Paged }

// samePage is the page of an answer that is a page.
func samePage[T any](r *Paged[T]) *Paged[T] { return r }

// walkPages is the one walk behind every AllX and AllXPages method: it
// yields every page from first (1 when 0) to the last page. R is the answer
// type of path, page unwraps its page, and at returns the params for a page.
//
// The last page is the one the latest answer names: the data behind a walk
// may change while it runs, and each answer's Pages is followed, in page
// order, as far as the data goes. When the count grows the walk goes on to
// the new last page; when it shrinks the walk ends at the new last page, and
// a page whose answer puts it past the last is not yielded (pages fetched
// ahead beyond it are dropped). So no yielded page has Page > Pages, except
// that a page past the count that still holds items is yielded with Pages
// raised to its Page, since those items exist.
//
// Nothing is fetched before the first iteration. The client's clock is read
// once when a walk starts, so that every page asks for the same range even
// when its dates are defaulted (a walk of many pages takes minutes, and may
// pass midnight). Each range starts a new walk; breaking out stops all
// fetching; an error is yielded once and ends the walk. With the client's
// prefetch n > 1, up to n pages are fetched at once while pages are still
// yielded in order. A walk is one caller of the client's pacer, however many
// pages it fetches at once: it takes turns with the other callers rather
// than a turn per page.
func walkPages[R, T any](ctx context.Context, c *Client, path string, first int, at func(page int) params, page func(*R) *Paged[T]) iter.Seq2[*Paged[T], error] {
	return func(yield func(*Paged[T], error) bool) {
		if err := c.check(); err != nil {
			yield(nil, fmt.Errorf("reports: GET %s: %w", path, err))
			return
		}
		now := c.Now()
		fetch := func(ctx context.Context, n int) (*Paged[T], error) {
			r, err := getAt[R](ctx, c, path, at(n), now)
			if err != nil {
				return nil, err
			}
			return page(r), nil
		}
		// pastLast reports whether page n's answer p says there is no such
		// page; a page past the count that holds items is relabelled.
		pastLast := func(p *Paged[T], n int) bool {
			if n <= p.Pages {
				return false
			}
			if len(p.Results) == 0 {
				return true
			}
			p.Pages = n
			return false
		}
		if first == 0 {
			first = 1 // a negative page is left to the params' validation
		}
		// The first page alone, then on to the last page the latest answer
		// names, up to the client's prefetch at once.
		next, last := first, first
		more := func() (int, bool) {
			if next > last {
				return 0, false
			}
			next++
			return next - 1, true
		}
		for r := range ordered.Fetch(ctx, c.prefetch, more, fetch) {
			if r.Key > last {
				return // fetched ahead, but the count shrank below it
			}
			if r.Err != nil {
				yield(nil, r.Err)
				return
			}
			if pastLast(r.Val, r.Key) || !yield(r.Val, nil) {
				return
			}
			last = r.Val.Pages // the latest answer's count
		}
		if next <= last { // ctx ended before the next page was asked for
			yield(nil, fmt.Errorf("reports: GET %s: %w", path, ctxError(ctx)))
		}
	}
}

// items yields the items of every page of pages.
func items[T any](pages iter.Seq2[*Paged[T], error]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for p, err := range pages {
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range p.Results {
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}
