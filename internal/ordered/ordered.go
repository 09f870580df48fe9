// Package ordered makes calls ahead, a few at a time, and hands their
// results back in the order of their keys: the one prefetching loop behind
// the SDK's page walks (walkPages) and series (Series).
package ordered

import (
	"context"
	"iter"
	"sync"

	"github.com/helpscout-go/reports/internal/pace"
)

// Result is the outcome of the call for Key.
type Result[K, V any] struct {
	Key K
	Val V
	Err error
}

// Fetch calls call for each key next gives, with up to n calls in flight
// (at least 1), and yields their results in the order of the keys, whatever
// order the calls end in. Nothing is called before the first iteration.
//
// next is asked for a key whenever fewer than n calls are in flight, again
// after each result is yielded (so a walk whose last page moves with its
// answers can give more), and reports false when it has none for now; when
// it has none and no call is in flight, the iteration ends. Once ctx is done
// no call is started: the calls in flight are yielded (their errors say
// ctx's end), then the iteration ends, and the caller, which knows whether
// it wanted more, says so.
//
// The calls run on a context derived from ctx that the client's pacer
// counts as one caller (pace.AsOneCaller), however many of them wait at
// once: a walk or a series takes turns with the client's other callers, not
// a turn per call. When the iteration ends, by the caller's break, by next
// running out or by ctx's end, that context is canceled and every call is
// waited for: no goroutine outlives the loop.
func Fetch[K, V any](ctx context.Context, n int, next func() (K, bool), call func(context.Context, K) (V, error)) iter.Seq[Result[K, V]] {
	return func(yield func(Result[K, V]) bool) {
		ctx, cancel := context.WithCancel(pace.AsOneCaller(ctx))
		var wg sync.WaitGroup
		defer wg.Wait() // no call outlives the loop
		defer cancel()
		var pending []chan Result[K, V] // in key order
		for {
			for len(pending) < max(n, 1) && ctx.Err() == nil {
				k, ok := next()
				if !ok {
					break
				}
				ch := make(chan Result[K, V], 1)
				pending = append(pending, ch)
				wg.Go(func() {
					v, err := call(ctx, k)
					ch <- Result[K, V]{Key: k, Val: v, Err: err}
				})
			}
			if len(pending) == 0 {
				return
			}
			r := <-pending[0]
			pending = pending[1:]
			if !yield(r) {
				return
			}
		}
	}
}
