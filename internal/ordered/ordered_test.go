package ordered

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// calls counts the calls of a test: started, in flight, the most in flight
// at once, and those that ended with their context canceled.
type calls struct {
	mu                               sync.Mutex
	started, inFlight, most, stopped int
	keys                             []int // in the order started
}

// slow returns a call that takes delay(k) on the bubble's clock, or ends
// early with the context's error, and answers k*10.
func (c *calls) slow(delay func(k int) time.Duration) func(context.Context, int) (int, error) {
	return func(ctx context.Context, k int) (int, error) {
		c.mu.Lock()
		c.started++
		c.inFlight++
		c.most = max(c.most, c.inFlight)
		c.keys = append(c.keys, k)
		c.mu.Unlock()
		defer func() {
			c.mu.Lock()
			c.inFlight--
			c.mu.Unlock()
		}()
		select {
		case <-time.After(delay(k)):
			return k * 10, nil
		case <-ctx.Done():
			c.mu.Lock()
			c.stopped++
			c.mu.Unlock()
			return 0, ctx.Err()
		}
	}
}

func (c *calls) snapshot() (started, inFlight, most, stopped int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.started, c.inFlight, c.most, c.stopped
}

// upTo gives the keys 0..n-1.
func upTo(n int) func() (int, bool) {
	k := 0
	return func() (int, bool) {
		if k == n {
			return 0, false
		}
		k++
		return k - 1, true
	}
}

// TestFetchInOrder: later keys end first, yet the results come in key
// order, with n calls in flight at most and exactly n while keys remain;
// nothing is called before the first iteration; every call is over when the
// loop ends (synctest.Test fails on a goroutine left behind).
func TestFetchInOrder(t *testing.T) {
	for _, n := range []int{0, 1, 3, 8} {
		synctest.Test(t, func(t *testing.T) {
			c := &calls{}
			seq := Fetch(t.Context(), n, upTo(10), c.slow(func(k int) time.Duration { return time.Duration(10-k) * time.Second }))
			synctest.Wait()
			started, _, _, _ := c.snapshot()
			assert.Zero(t, started, "nothing before the first iteration")
			var got []int
			for r := range seq {
				require.NoError(t, r.Err)
				assert.Equal(t, r.Key*10, r.Val)
				got = append(got, r.Key)
			}
			assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, got)
			started, inFlight, most, _ := c.snapshot()
			assert.Equal(t, 10, started)
			assert.Zero(t, inFlight)
			assert.Equal(t, max(n, 1), most, "n = %d", n)
		})
	}
}

// TestFetchAsksAgainAfterEachResult: next is asked again after each result,
// so keys that depend on the answers (a walk's last page) are called as
// soon as they are known, and the iteration ends only when next has none
// and nothing is in flight.
func TestFetchAsksAgainAfterEachResult(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &calls{}
		known, k := 1, 0 // key 0 is known; each result makes two more known, up to 7
		next := func() (int, bool) {
			if k >= known {
				return 0, false
			}
			k++
			return k - 1, true
		}
		var got []int
		for r := range Fetch(t.Context(), 4, next, c.slow(func(int) time.Duration { return time.Second })) {
			got = append(got, r.Key)
			known = min(known+2, 7)
		}
		assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6}, got)
		_, _, most, _ := c.snapshot()
		assert.Equal(t, 4, most)
	})
}

// TestFetchBreakCancelsAndWaits: a break ends the loop with the calls in
// flight canceled and over, and no call is started after it.
func TestFetchBreakCancelsAndWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &calls{}
		n := 0
		for r := range Fetch(t.Context(), 4, upTo(100), c.slow(func(k int) time.Duration { return time.Duration(k+1) * time.Second })) {
			require.NoError(t, r.Err)
			if n++; n == 2 {
				break
			}
		}
		started, inFlight, _, stopped := c.snapshot()
		assert.Zero(t, inFlight, "every call is over when the loop ends")
		assert.Equal(t, 5, started, "4 at first, then one more for the first result")
		assert.Equal(t, 3, stopped, "the calls in flight were canceled")
		time.Sleep(time.Hour)
		synctest.Wait()
		after, _, _, _ := c.snapshot()
		assert.Equal(t, started, after, "nothing after the break")
	})
}

// TestFetchStopsAtTheContextsEnd: once ctx is done no call is started; the
// calls in flight are yielded with their errors, then the loop ends; with
// ctx done before the start, nothing is called at all.
func TestFetchStopsAtTheContextsEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &calls{}
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(2500*time.Millisecond, cancel)
		var ok, failed []int
		for r := range Fetch(ctx, 3, upTo(100), c.slow(func(int) time.Duration { return time.Second })) {
			if r.Err != nil {
				assert.ErrorIs(t, r.Err, context.Canceled)
				failed = append(failed, r.Key)
			} else {
				ok = append(ok, r.Key)
			}
		}
		// At 1 s keys 0-2 end and 3-5 start; at 2 s 3-5 end and 6-8 start;
		// at 2.5 s 6-8 are canceled.
		assert.Equal(t, []int{0, 1, 2, 3, 4, 5}, ok)
		assert.Equal(t, []int{6, 7, 8}, failed)
		started, inFlight, _, _ := c.snapshot()
		assert.Equal(t, 9, started, "none after the context's end")
		assert.Zero(t, inFlight)

		c = &calls{}
		for range Fetch(ctx, 3, upTo(100), c.slow(func(int) time.Duration { return time.Second })) {
			t.Error("a result with the context done before the start")
		}
		started, _, _, _ = c.snapshot()
		assert.Zero(t, started)
	})
}

// TestFetchCallsSeeOneContext: every call gets a context derived from the
// caller's (its values and its end), canceled once the loop is over.
func TestFetchCallsSeeOneContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(t.Context(), key{}, "mine")
	var mu sync.Mutex
	var seen []context.Context
	for r := range Fetch(ctx, 2, upTo(3), func(ctx context.Context, k int) (int, error) {
		mu.Lock()
		seen = append(seen, ctx)
		mu.Unlock()
		if ctx.Value(key{}) != "mine" {
			return 0, errors.New("not the caller's context")
		}
		return k, nil
	}) {
		require.NoError(t, r.Err)
	}
	require.Len(t, seen, 3)
	for _, c := range seen {
		assert.ErrorIs(t, c.Err(), context.Canceled, "canceled when the loop is over")
		assert.True(t, seen[0] == c, "one context for all the calls")
	}
}
