package reports

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/helpscout-go/reports/internal/ordered"
)

// Bucket is one item of a series: a bucket's range and the report for it.
type Bucket[R any] struct {
	Dates  Dates // the bucket, as given to Series
	Result *R    // the report over the bucket; nil when the item is an error
}

// RangedParams is the constraint Series puts on its params: a pointer to a
// report's params struct, which embeds Dates (every report's does). Code
// that calls Series from a generic function of its own names it:
//
//	func daily[P any, PP reports.RangedParams[P], R any](ctx context.Context, c *reports.Client,
//		get func(context.Context, P) (*R, error), p P, d reports.Dates) iter.Seq2[reports.Bucket[R], error] {
//		return reports.Series[P, PP](ctx, c, get, p, d.Split(reports.ViewByDay))
//	}
type RangedParams[P any] interface {
	*P
	setDates(Dates)
}

// setDates sets the current range of a params struct that embeds Dates:
// the constraint that lets Series take any report's params.
func (d *Dates) setDates(x Dates) { *d = x }

// previousDates is the previous range of a params struct that embeds
// PreviousDates.
func (p *PreviousDates) previousDates() *PreviousDates { return p }

// Series fetches a report once per bucket and yields the buckets in order,
// each with its report: a time axis for any report that takes a range.
//
//	days := reports.LastDays(c.Now().In(berlin), 30).Split(reports.ViewByDay)
//	for b, err := range reports.Series(ctx, c, c.GetCompany, reports.CompanyParams{}, days) {
//		if err != nil { ... } // b.Dates says which bucket failed
//		fmt.Println(b.Dates.Start, b.Result.Current.CustomersHelped)
//	}
//
// get is a report method of c (c.GetCompany, c.GetUser...), and p its
// params with anything but the range: each call gets p with its Dates set
// to the bucket. Where p has a PreviousDates, each bucket is compared with
// its own previous range (bucket.Previous()) when p's is set, and with none
// when it is zero; a fixed previous range would compare every bucket with
// the same period.
//
// Up to the client's WithPrefetch calls are in flight at once (one by
// default), every call goes through the client's pacing and retries, and
// the buckets are yielded in the order given, whatever order the answers
// come in. A series is one caller of the client's pacer, however many of
// its calls wait at once, as a page walk is: under WithRateLimit it takes
// turns with the client's other callers rather than a turn per call. Nothing is fetched before the first iteration. Breaking out of
// the loop, an error or the context's end stops the series: the calls in
// flight are canceled and waited for before the loop ends, and no goroutine
// is left. An error is yielded once, with its bucket, and ends the series;
// once the context is done, that error matches its error (and its cause)
// whatever the call in flight answered.
// A bucket that is not a range (zero or inverted) is an error matching
// ErrInvalidParams, found before any request.
//
// Where the report has a ViewBy (the time series reports: customers helped,
// new conversations, replies sent...) and the buckets are days, weeks or
// months within its limits, one call with ViewBy is cheaper than a series:
// one request instead of one per bucket. Series is for the reports without
// one (the overall reports: company, conversations, happiness...) and for
// bucket sizes the API does not offer.
func Series[P any, PP RangedParams[P], R any](ctx context.Context, c *Client, get func(context.Context, P) (*R, error), p P, buckets []Dates) iter.Seq2[Bucket[R], error] {
	return func(yield func(Bucket[R], error) bool) {
		if c == nil || get == nil {
			yield(Bucket[R]{}, errors.New("reports: Series: nil client or report method"))
			return
		}
		for i, b := range buckets {
			if b.Start.IsZero() || b.End.IsZero() || !b.Start.Before(b.End) {
				yield(Bucket[R]{Dates: b}, fmt.Errorf("reports: Series: %w", &ParamError{
					Field:  fmt.Sprintf("buckets[%d]", i),
					Reason: fmt.Sprintf("must be a range with End after Start (start %s, end %s)", b.Start.UTC().Format(wireTime), b.End.UTC().Format(wireTime)),
				}))
				return
			}
		}
		at := func(b Dates) P {
			q := p
			PP(&q).setDates(b)
			if pd, ok := any(PP(&q)).(interface{ previousDates() *PreviousDates }); ok {
				if prev := pd.previousDates(); !prev.PreviousStart.IsZero() || !prev.PreviousEnd.IsZero() {
					*prev = b.Previous()
				}
			}
			return q
		}

		// Stop at the context's end, whatever the call in flight answered.
		stopped := func(i int) {
			yield(Bucket[R]{Dates: buckets[i]}, fmt.Errorf("reports: Series: %w", ctxError(ctx)))
		}
		next, done := 0, 0
		more := func() (int, bool) {
			if next == len(buckets) {
				return 0, false
			}
			next++
			return next - 1, true
		}
		call := func(ctx context.Context, i int) (*R, error) { return get(ctx, at(buckets[i])) }
		for r := range ordered.Fetch(ctx, c.prefetch, more, call) {
			switch {
			case ctx.Err() != nil:
				stopped(r.Key)
				return
			case r.Err != nil:
				yield(Bucket[R]{Dates: buckets[r.Key]}, r.Err)
				return
			case !yield(Bucket[R]{Dates: buckets[r.Key], Result: r.Val}, nil):
				return
			}
			done++
		}
		if done < len(buckets) { // the context ended before the next call
			stopped(done)
		}
	}
}
