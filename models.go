package reports

import (
	"context"
	"encoding/json"
	"iter"
	"sync"
	"time"
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

// Period is the interval a report's current or previous values cover.
type Period struct {
	StartDate time.Time `json:"startDate"`
	EndDate   time.Time `json:"endDate"`
}

// FilterTag is a tag the report was filtered on.
type FilterTag struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// TimeSeries is the answer of every time-series report: one point per bucket
// of the current range and, when a previous range was sent, of the previous
// one.
type TimeSeries[P any] struct {
	Current  []P `json:"current"`
	Previous []P `json:"previous,omitzero"`
}

// CustomersPoint is a bucket of a customers-helped series.
type CustomersPoint struct {
	Date      time.Time `json:"date"`
	Customers float64   `json:"customers"`
}

// ChannelVolumePoint is a bucket of the volume-by-channel series.
type ChannelVolumePoint struct {
	Date  time.Time `json:"date"`
	Chat  float64   `json:"chat"`
	Email float64   `json:"email"`
	Phone float64   `json:"phone"`
}

// NewConversationsPoint is a bucket of the new-conversations series.
type NewConversationsPoint struct {
	Start time.Time `json:"start"`
	Count float64   `json:"count"`
}

// TimePoint is a bucket of a response, first-response or resolution time
// series: the average time in seconds.
type TimePoint struct {
	Date time.Time `json:"date"`
	Time float64   `json:"time"`
}

// RepliesPoint is a bucket of a replies series.
type RepliesPoint struct {
	Date    time.Time `json:"date"`
	Replies float64   `json:"replies"`
}

// ResolvedPoint is a bucket of a resolved-conversations series.
type ResolvedPoint struct {
	Date     time.Time `json:"date"`
	Resolved float64   `json:"resolved"`
}

// ReceivedMessagesPoint is a bucket of the received-messages series.
//
// The API's documentation shows {"start", "count"} while live answers have
// shown {"date", "messages"}; both readings decode into Date and Messages,
// and encoding gives back the keys that were decoded ({"date", "messages"}
// for a point built in Go).
type ReceivedMessagesPoint struct {
	Date     time.Time
	Messages float64
	docKeys  bool // decoded from {"start", "count"}
}

type receivedLive struct {
	Date     time.Time `json:"date"`
	Messages float64   `json:"messages"`
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
	Count         float64       `json:"count"`
	PreviousCount float64       `json:"previousCount"`
	Ranges        []RangeBucket `json:"ranges"`
}

// RangeBucket is one range of a histogram. The range ids are the ones the
// company drilldown's RangeID takes.
type RangeBucket struct {
	ID              int     `json:"id"`
	Count           float64 `json:"count"`
	PreviousCount   float64 `json:"previousCount"`
	Percent         float64 `json:"percent"`
	PreviousPercent float64 `json:"previousPercent"`
	// ResolutionTime is the average resolution time in seconds; only the
	// replies-to-resolve buckets carry it.
	ResolutionTime *float64 `json:"resolutionTime,omitempty"`
}

// TopList is a count and the top entries of a category (tags, customers,
// saved replies, workflows).
type TopList struct {
	Count float64   `json:"count"`
	Top   []TopItem `json:"top"`
}

// TopItem is one entry of a top list.
type TopItem struct {
	ID              int64   `json:"id"`
	Name            string  `json:"name,omitempty"`      // absent for tag 1, "untagged"
	MailboxID       *int64  `json:"mailboxId,omitempty"` // saved replies only
	Count           float64 `json:"count"`
	PreviousCount   float64 `json:"previousCount"`
	Percent         float64 `json:"percent"`
	PreviousPercent float64 `json:"previousPercent"`
	DeltaPercent    float64 `json:"deltaPercent"`
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
	Page    int `json:"page"`  // this page, from 1
	Pages   int `json:"pages"` // the number of pages
	Count   int `json:"count"` // the number of items across all pages
	Results []T `json:"results"`
}

// DrilldownResult is the answer of every drilldown: a page of conversations.
type DrilldownResult struct {
	Conversations Paged[DrilldownConversation] `json:"conversations"`
}

// DrilldownConversation is a conversation listed by a drilldown. The user
// drilldown leaves out the customer e-mail, customer ids and assignee name and
// adds the waiting-since fields.
type DrilldownConversation struct {
	ID               int64              `json:"id"`
	Number           int64              `json:"number"`
	Type             ConversationType   `json:"type"`
	MailboxID        int64              `json:"mailboxid"`
	Attachments      bool               `json:"attachments"`
	Subject          string             `json:"subject"`
	Status           ConversationStatus `json:"status"`
	ThreadCount      int                `json:"threadCount"`
	Preview          string             `json:"preview"`
	CustomerName     string             `json:"customerName"`
	CustomerEmail    *string            `json:"customerEmail,omitempty"`
	CustomerIDs      []int64            `json:"customerIds,omitzero"`
	ModifiedAt       time.Time          `json:"modifiedAt"`
	AssignedID       int64              `json:"assignedid"` // 0 when unassigned
	AssignedName     *string            `json:"assignedName,omitempty"`
	WaitingSince     *time.Time         `json:"waitingSince,omitempty"`
	WaitingSinceType *int               `json:"waitingSinceType,omitempty"`
	Tags             []ConversationTag  `json:"tags"`
}

// ConversationTag is a tag on a conversation.
type ConversationTag struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Color string `json:"color"`
}

// RatingsResult is the answer of the ratings reports: a page of ratings.
type RatingsResult struct {
	// Facets is passed through as the API sent it; its content is not
	// documented.
	Facets json.RawMessage `json:"facets,omitempty"`
	Paged[Rating]
}

// RatingScore is the value of a happiness rating.
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
	ID                 int64             `json:"id"`     // the conversation id
	Number             int64             `json:"number"` // the conversation number
	ThreadID           *int64            `json:"threadid"`
	ThreadCreatedAt    *time.Time        `json:"threadCreatedAt"`
	Type               *ConversationType `json:"type"`
	RatingID           *RatingScore      `json:"ratingId"`
	RatingCustomerID   *int64            `json:"ratingCustomerId"`
	RatingComments     *string           `json:"ratingComments"`
	RatingCreatedAt    *time.Time        `json:"ratingCreatedAt"`
	RatingCustomerName *string           `json:"ratingCustomerName"`
	RatingUserID       *int64            `json:"ratingUserId"`
	RatingUserName     *string           `json:"ratingUserName"`
}

// Customer is a customer's id and name.
type Customer struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// conversationsPage unwraps the page of a drilldown answer.
func conversationsPage(r *DrilldownResult) *Paged[DrilldownConversation] { return &r.Conversations }

// ratingsPage unwraps the page of a ratings answer.
func ratingsPage(r *RatingsResult) *Paged[Rating] { return &r.Paged }

// samePage is the page of an answer that is a page.
func samePage[T any](r *Paged[T]) *Paged[T] { return r }

// walkPages is the one walk behind every AllX and AllXPages method: it
// yields every page from first (1 when 0) to the last page the first answer
// reported. R is the answer type of path, page unwraps its page, and at
// returns the params for a page.
//
// Nothing is fetched before the first iteration. The client's clock is read
// once when a walk starts, so that every page asks for the same range even
// when its dates are defaulted (a walk of many pages takes minutes, and may
// pass midnight). Each range starts a new walk; breaking out stops all
// fetching; an error is yielded once and ends the walk. With the client's
// prefetch n > 1, up to n pages are fetched at once while pages are still
// yielded in order.
func walkPages[R, T any](ctx context.Context, c *Client, path string, first int, at func(page int) params, page func(*R) *Paged[T]) iter.Seq2[*Paged[T], error] {
	return func(yield func(*Paged[T], error) bool) {
		now := c.now()
		fetch := func(ctx context.Context, n int) (*Paged[T], error) {
			r, err := getAt[R](ctx, c, path, at(n), now)
			if err != nil {
				return nil, err
			}
			return page(r), nil
		}
		n := first
		if n == 0 {
			n = 1 // a negative page is left to the params' validation
		}
		p, err := fetch(ctx, n)
		if err != nil || !yield(p, nil) {
			if err != nil {
				yield(nil, err)
			}
			return
		}
		last := p.Pages

		type result struct {
			page *Paged[T]
			err  error
		}
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer wg.Wait() // no fetch outlives the walk
		defer cancel()
		var pending []chan result
		next := n + 1
		for {
			for next <= last && len(pending) < c.prefetch {
				ch, page := make(chan result, 1), next
				pending = append(pending, ch)
				wg.Go(func() {
					p, err := fetch(ctx, page)
					ch <- result{p, err}
				})
				next++
			}
			if len(pending) == 0 {
				return
			}
			res := <-pending[0]
			pending = pending[1:]
			if res.err != nil {
				yield(nil, res.err)
				return
			}
			if !yield(res.page, nil) {
				return
			}
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
