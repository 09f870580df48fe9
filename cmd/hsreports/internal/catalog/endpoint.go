package catalog

import (
	"context"
	"iter"
	"reflect"

	"github.com/helpscout-go/reports"
)

// getter is a GetX method of the SDK, as a method expression.
type getter[P, R any] func(*reports.Client, context.Context, P) (*R, error)

// endpoint is a report, typed: its getter, and how its answer gives rows
// and, for a paged report, its page and the walk of its pages.
type endpoint[P any, PP reports.RangedParams[P], R any] struct {
	info  Info
	get   getter[P, R]
	rows  func(*R) []Item
	page  func(*R) *Page                                                      // paged reports
	walk  func(context.Context, *reports.Client, P) iter.Seq2[*Result, error] // paged reports
	empty func(page int) *R                                                   // paged reports
	head  func(*R) any                                                        // paged reports: the answer, its results emptied
	_     func(PP)                                                            // PP is the params' pointer type
}

func (e *endpoint[P, PP, R]) Info() *Info { return &e.info }

// result is the Result of an answer.
func (e *endpoint[P, PP, R]) result(r *R) *Result {
	res := &Result{Value: r, Items: e.rows(r)}
	if e.page != nil {
		res.Page, res.Doc = e.page(r), e.head(r)
	}
	return res
}

func (e *endpoint[P, PP, R]) Get(ctx context.Context, c *reports.Client, p any) (*Result, error) {
	r, err := e.get(c, ctx, p.(P))
	if err != nil {
		return nil, err
	}
	return e.result(r), nil
}

func (e *endpoint[P, PP, R]) Pages(ctx context.Context, c *reports.Client, p any) iter.Seq2[*Result, error] {
	if e.walk != nil {
		return e.walk(ctx, c, p.(P))
	}
	return func(yield func(*Result, error) bool) {
		res, err := e.Get(ctx, c, p)
		yield(res, err)
	}
}

func (e *endpoint[P, PP, R]) Series(ctx context.Context, c *reports.Client, p any, buckets []reports.Dates) iter.Seq2[Bucket, error] {
	call := func(ctx context.Context, q P) (*R, error) { return e.get(c, ctx, q) }
	return func(yield func(Bucket, error) bool) {
		for b, err := range reports.Series[P, PP](ctx, c, call, p.(P), buckets) {
			bk := Bucket{Dates: b.Dates}
			if err == nil {
				bk.Result = e.result(b.Result)
			}
			if !yield(bk, err) {
				return
			}
		}
	}
}

func (e *endpoint[P, PP, R]) EmptyPage(page int) *Result {
	if e.empty == nil {
		return nil
	}
	return e.result(e.empty(page))
}

// overall is a report answered with one object: current, previous and
// deltas, and lists beside them. Its one row is the whole answer.
func overall[P any, PP reports.RangedParams[P], R any](path, about string, get getter[P, R]) Report {
	return &endpoint[P, PP, R]{
		info: Info{Path: path, About: about, Kind: Overall, Params: reflect.TypeFor[P](), Result: reflect.TypeFor[R](), Item: reflect.TypeFor[R](),
			Rows: "the whole report (one row, nested objects as dotted columns); with --list, an element of that list"},
		get:  get,
		rows: func(r *R) []Item { return []Item{{Value: reflect.ValueOf(r).Elem()}} },
	}
}

// series is a time series: its rows are the points, current then previous.
func series[P any, PP reports.RangedParams[P], T any](path, about string, get getter[P, reports.TimeSeries[T]]) Report {
	return &endpoint[P, PP, reports.TimeSeries[T]]{
		info: Info{Path: path, About: about, Kind: Series, Params: reflect.TypeFor[P](), Result: reflect.TypeFor[reports.TimeSeries[T]](),
			Item: reflect.TypeFor[T](), Lead: "period", Rows: "a point of the series, with its period (current or previous)"},
		get: get,
		rows: func(r *reports.TimeSeries[T]) []Item {
			rows := make([]Item, 0, len(r.Current)+len(r.Previous))
			for _, p := range r.Current {
				rows = append(rows, Item{"current", reflect.ValueOf(p)})
			}
			for _, p := range r.Previous {
				rows = append(rows, Item{"previous", reflect.ValueOf(p)})
			}
			return rows
		},
	}
}

// items are the elements of a list, as rows.
func items[T any](list []T) []Item {
	rows := make([]Item, len(list))
	for i, x := range list {
		rows[i] = Item{Value: reflect.ValueOf(x)}
	}
	return rows
}

// list is a report answered with a list: its rows are the items.
func list[P any, PP reports.RangedParams[P], R, T any](path, about, rows string, get getter[P, R], elems func(*R) []T) Report {
	return &endpoint[P, PP, R]{
		info: Info{Path: path, About: about, Rows: rows, Kind: List, Params: reflect.TypeFor[P](), Result: reflect.TypeFor[R](), Item: reflect.TypeFor[T]()},
		get:  get,
		rows: func(r *R) []Item { return items(elems(r)) },
	}
}

// paged is a report answered a page at a time: its rows are the page's
// items; walk is the SDK's AllXPages, page finds the page in an answer,
// and wrap makes an answer of a page (the document a walk writes).
func paged[P any, PP reports.RangedParams[P], R, T any](path, about, rows string, get getter[P, R],
	walk func(*reports.Client, context.Context, P) iter.Seq2[*reports.Paged[T], error],
	page func(*R) *reports.Paged[T], wrap func(*reports.Paged[T]) *R) *endpoint[P, PP, R] {
	e := &endpoint[P, PP, R]{
		info: Info{Path: path, About: about, Rows: rows, Kind: Paged, Params: reflect.TypeFor[P](), Result: reflect.TypeFor[R](), Item: reflect.TypeFor[T]()},
		get:  get,
		rows: func(r *R) []Item { return items(page(r).Results) },
		page: func(r *R) *Page {
			pg := page(r)
			return &Page{Page: pg.Page, Pages: pg.Pages, Count: pg.Count}
		},
		empty: func(n int) *R { return wrap(&reports.Paged[T]{Page: n, Results: []T{}}) },
		head: func(r *R) any {
			h := *page(r)
			h.Results = []T{}
			return wrap(&h)
		},
	}
	e.walk = func(ctx context.Context, c *reports.Client, p P) iter.Seq2[*Result, error] {
		return func(yield func(*Result, error) bool) {
			for pg, err := range walk(c, ctx, p) {
				if err != nil {
					yield(nil, err)
					return
				}
				if !yield(e.result(wrap(pg)), nil) {
					return
				}
			}
		}
	}
	return e
}

// drilldown is a paged report of conversations.
func drilldown[P any, PP reports.RangedParams[P]](path, about string, get getter[P, reports.DrilldownResult],
	walk func(*reports.Client, context.Context, P) iter.Seq2[*reports.Paged[reports.DrilldownConversation], error]) Report {
	e := paged[P, PP](path, about, "a conversation", get, walk,
		func(r *reports.DrilldownResult) *reports.Paged[reports.DrilldownConversation] {
			return &r.Conversations
		},
		func(p *reports.Paged[reports.DrilldownConversation]) *reports.DrilldownResult {
			return &reports.DrilldownResult{Conversations: *p}
		})
	e.info.Brief = []string{"number", "type", "status", "mailboxid", "subject", "customerName", "assignedName", "threadCount", "modifiedAt", "waitingSince", "tags"}
	return e
}

// ratings is a paged report of happiness ratings.
func ratings[P any, PP reports.RangedParams[P]](path, about string, get getter[P, reports.RatingsResult],
	walk func(*reports.Client, context.Context, P) iter.Seq2[*reports.Paged[reports.Rating], error]) Report {
	e := paged[P, PP](path, about, "a rating", get, walk,
		func(r *reports.RatingsResult) *reports.Paged[reports.Rating] { return &r.Paged },
		// Facets, which the API's docs show empty, is not kept by a walk.
		func(p *reports.Paged[reports.Rating]) *reports.RatingsResult {
			return &reports.RatingsResult{Paged: *p}
		})
	e.info.Brief = []string{"number", "type", "ratingId", "ratingCustomerName", "ratingUserName", "ratingComments", "ratingCreatedAt"}
	return e
}
