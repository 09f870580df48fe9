package pace

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// All tests run in a synctest bubble: time is fake, and synctest.Wait tells
// when every goroutine is blocked, so "still waiting" is a fact, not a guess.

// waiter calls p.Wait in a goroutine and reports whether it has returned.
type waiter struct {
	done atomic.Bool
	err  error
	at   time.Duration // when Wait returned, since the bubble's start
}

func startWait(ctx context.Context, p *Pacer, t0 time.Time) *waiter {
	w := &waiter{}
	go func() {
		w.err = p.Wait(ctx, nil)
		w.at = time.Since(t0)
		w.done.Store(true)
	}()
	return w
}

func TestWithoutLimitOnlyPauses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(0, 1)
		start := time.Now()
		for range 1000 {
			require.NoError(t, p.Wait(t.Context(), nil))
			p.Done(0, true) // a reported budget of 0 does not gate without a limit
		}
		assert.Zero(t, time.Since(start), "no limit: no waiting")
	})
}

func TestLimiterSpreadsCallsAtMargin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const perMinute, calls = 60, 30
		p := New(perMinute, 1)
		start := time.Now()
		for range calls {
			require.NoError(t, p.Wait(t.Context(), nil))
			p.Done(0, false)
		}
		interval := time.Minute * 100 / (97 * perMinute) // Margin is 0.97
		assert.InDelta(t, float64((calls-1)*interval), float64(time.Since(start)), float64(time.Millisecond),
			"burst 1: the first call at once, then one every %v", interval)
	})
}

func TestLimiterIsSharedByGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(600, 1) // 9.7 a second
		var sent atomic.Int32
		for range 10 {
			go func() {
				for range 10 {
					if p.Wait(t.Context(), nil) == nil {
						sent.Add(1)
						p.Done(0, false)
					}
				}
			}()
		}
		time.Sleep(10*time.Second + 50*time.Millisecond)
		synctest.Wait()
		// 1 at once and 9.7/s: 98 in the first 10 s whatever the goroutines.
		assert.Equal(t, int32(98), sent.Load())
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Equal(t, int32(100), sent.Load())
	})
}

func TestPauseHoldsEveryCaller(t *testing.T) {
	for _, perMinute := range []int{0, 6000} {
		synctest.Test(t, func(t *testing.T) {
			p := New(perMinute, 1)
			start := time.Now()
			p.Pause(30 * time.Second)
			p.Pause(10 * time.Second) // a shorter pause does not shorten it
			var ws []*waiter
			for range 3 {
				ws = append(ws, startWait(t.Context(), p, start))
			}
			time.Sleep(29 * time.Second)
			synctest.Wait()
			for _, w := range ws {
				assert.False(t, w.done.Load(), "perMinute %d: released before the pause ended", perMinute)
			}
			time.Sleep(2 * time.Second)
			synctest.Wait()
			for _, w := range ws {
				require.True(t, w.done.Load())
				require.NoError(t, w.err)
				assert.GreaterOrEqual(t, w.at, 30*time.Second)
				p.Done(0, false)
			}
		})
	}
}

func TestGateHoldsRequestsBeyondRemainingBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(6000, 1) // fast enough that only the gate holds calls back
		start := time.Now()
		require.NoError(t, p.Wait(t.Context(), nil))
		p.Done(2, true) // the server says 2 left
		time.Sleep(time.Second)

		a := startWait(t.Context(), p, start)
		b := startWait(t.Context(), p, start)
		c := startWait(t.Context(), p, start)
		time.Sleep(time.Second)
		synctest.Wait()
		released := func() int {
			n := 0
			for _, w := range []*waiter{a, b, c} {
				if w.done.Load() {
					n++
				}
			}
			return n
		}
		assert.Equal(t, 2, released(), "a budget of 2 lets 2 requests fly")

		p.Done(1, true) // one answered, 1 left: covers the one in flight only
		synctest.Wait()
		assert.Equal(t, 2, released())

		p.Done(10, true) // the window refreshed
		synctest.Wait()
		assert.Equal(t, 3, released())
		p.Done(9, true)
	})
}

// TestGateWaitsForTheWindowWhenBudgetIsSpent: when an answer says the
// budget is spent and nothing is in flight, no request probes the spent
// window (others of the account spent it, and a probe would be turned away):
// the callers wait until the window has surely ended, a Window after its
// first answer, and then go at the paced rate until an answer says more.
func TestGateWaitsForTheWindowWhenBudgetIsSpent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(6000, 1)
		start := time.Now()
		require.NoError(t, p.Wait(t.Context(), nil))
		p.Done(20, true) // the window's first answer: it ends by start+1m
		time.Sleep(10 * time.Second)
		require.NoError(t, p.Wait(t.Context(), nil))
		p.Done(0, true) // nothing left, nothing in flight
		a := startWait(t.Context(), p, start)
		b := startWait(t.Context(), p, start)
		time.Sleep(49 * time.Second)
		synctest.Wait()
		assert.False(t, a.done.Load() || b.done.Load(), "no probe into the spent window")
		time.Sleep(2 * time.Second)
		synctest.Wait()
		require.True(t, a.done.Load() && b.done.Load(), "both go once the window has ended")
		assert.Equal(t, Window, min(a.at, b.at), "a Window after the window's first answer")
		p.Done(59, true) // the new window
		p.Done(58, true)
	})
}

// TestGateLearnsTheWindowFromA429: a 429's wait says when the window ends,
// sooner than the bound of a Window after its first answer.
func TestGateLearnsTheWindowFromA429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(6000, 1)
		start := time.Now()
		require.NoError(t, p.Wait(t.Context(), nil))
		p.Pause(5 * time.Second) // the first answer is a 429: retry after 5 s
		p.Done(0, true)
		w := startWait(t.Context(), p, start)
		time.Sleep(time.Minute)
		synctest.Wait()
		require.True(t, w.done.Load())
		assert.Equal(t, 5*time.Second, w.at)
		p.Done(59, true)
	})
}

// TestPauseAppliesToCallersHeldByTheGate: a caller already past the pause
// check, held by the gate, must not be released into a pause that a 429
// answer started meanwhile.
func TestPauseAppliesToCallersHeldByTheGate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(6000, 1)
		start := time.Now()
		require.NoError(t, p.Wait(t.Context(), nil))
		p.Done(1, true)
		require.NoError(t, p.Wait(t.Context(), nil)) // the last of the budget, in flight
		held := startWait(t.Context(), p, start)
		time.Sleep(time.Second)
		synctest.Wait()
		require.False(t, held.done.Load(), "held by the gate")

		// It is answered 429 (others spent the budget), retry after 30 s.
		pausedAt := time.Since(start)
		p.Pause(30 * time.Second)
		p.Done(0, true)
		time.Sleep(29 * time.Second)
		synctest.Wait()
		assert.False(t, held.done.Load(), "released into the pause")
		time.Sleep(2 * time.Second)
		synctest.Wait()
		require.True(t, held.done.Load())
		require.NoError(t, held.err)
		assert.Equal(t, pausedAt+30*time.Second, held.at)
		p.Done(5, true)
	})
}

func TestPauseStartedDuringLimiterWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(60, 1) // one call every ~1.03 s
		start := time.Now()
		require.NoError(t, p.Wait(t.Context(), nil))
		w := startWait(t.Context(), p, start) // waits for the limiter
		synctest.Wait()
		p.Pause(20 * time.Second)
		p.Done(0, false)
		time.Sleep(time.Minute)
		synctest.Wait()
		require.True(t, w.done.Load())
		require.NoError(t, w.err)
		assert.Equal(t, 20*time.Second, w.at)
		p.Done(0, false)
	})
}

func TestWaitEndsWithTheContext(t *testing.T) {
	type setup func(p *Pacer)
	tests := []struct {
		name      string
		perMinute int
		setup     setup
	}{
		{"paused", 0, func(p *Pacer) { p.Pause(time.Hour) }},
		{"paused with limiter", 60, func(p *Pacer) { p.Pause(time.Hour) }},
		{"limiter", 1, func(p *Pacer) { _ = p.Wait(context.Background(), nil) }},
		{"gate", 6000, func(p *Pacer) {
			_ = p.Wait(context.Background(), nil)
			p.Done(1, true)
			_ = p.Wait(context.Background(), nil) // in flight, budget spent
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := New(tt.perMinute, 1)
				tt.setup(p)
				start := time.Now()
				ctx, cancel := context.WithCancel(t.Context())
				w := startWait(ctx, p, start)
				time.Sleep(5 * time.Second)
				synctest.Wait()
				require.False(t, w.done.Load())
				cancel()
				synctest.Wait()
				require.True(t, w.done.Load(), "Wait must end when the context does")
				assert.ErrorIs(t, w.err, context.Canceled)
				assert.Equal(t, 5*time.Second, w.at)
			})
		})
	}
}

func TestWaitBeyondDeadlineFailsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(1, 1) // one call a minute
		require.NoError(t, p.Wait(t.Context(), nil))
		p.Done(0, false)
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		start := time.Now()
		err := p.Wait(ctx, nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Zero(t, time.Since(start), "a wait that outlives the deadline fails at once")
	})
}

func TestSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		require.NoError(t, Sleep(t.Context(), 3*time.Second))
		assert.Equal(t, 3*time.Second, time.Since(start))
		require.NoError(t, Sleep(t.Context(), 0))
		require.NoError(t, Sleep(t.Context(), -time.Second))

		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start = time.Now()
		assert.ErrorIs(t, Sleep(ctx, time.Hour), context.DeadlineExceeded)
		assert.Equal(t, time.Second, time.Since(start))
		assert.ErrorIs(t, Sleep(ctx, 0), context.DeadlineExceeded, "a done context is reported even without a wait")
	})
}

// TestHeldRetriesGoFirst: when a 429's pause ends, the calls it turned away
// (each with a Hold) are let through before any new call; a new call goes
// once the last hold is released, by Wait or by a call giving up.
func TestHeldRetriesGoFirst(t *testing.T) {
	for _, limit := range []int{0, 6000} {
		synctest.Test(t, func(t *testing.T) {
			p := New(limit, 1)
			start := time.Now()
			p.Pause(10 * time.Second)
			h1, h2 := p.Hold(), p.Hold()
			fresh := startWait(t.Context(), p, start)

			time.Sleep(11 * time.Second) // the pause is over; the retriers are late
			synctest.Wait()
			assert.False(t, fresh.done.Load(), "limit %d: a new call waits for the held retries", limit)

			require.NoError(t, p.Wait(t.Context(), h1))
			p.Done(10, true)
			synctest.Wait()
			assert.False(t, fresh.done.Load(), "limit %d: one hold is still out", limit)

			h2.Release()            // the second call gave up
			h2.Release()            // harmless twice
			time.Sleep(time.Second) // the limiter's next slot
			synctest.Wait()
			require.True(t, fresh.done.Load(), "limit %d: no hold left", limit)
			assert.NoError(t, fresh.err)
			p.Done(9, true)
		})
	}
}

// TestHoldDoesNotOutliveContext: a new call held behind a retry still ends
// when its context does.
func TestHoldDoesNotOutliveContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(0, 1)
		h := p.Hold()
		defer h.Release()
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		assert.ErrorIs(t, p.Wait(ctx, nil), context.DeadlineExceeded)
	})
}

// TestCanceledHeadDoesNotBlockTheQueue: a caller whose context ends while it
// is at the head of the queue (waiting for its slot, or for a pause) leaves
// the queue, so the calls behind it go at their time instead of never.
func TestCanceledHeadDoesNotBlockTheQueue(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(p *Pacer)
	}{
		{"waiting for its slot", func(p *Pacer) { _ = p.Wait(context.Background(), nil); p.Done(0, false) }},
		{"waiting for a pause", func(p *Pacer) { p.Pause(10 * time.Second) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := New(60, 1) // a slot every ~1.03 s
				tt.setup(p)
				start := time.Now()
				ctx, cancel := context.WithCancel(t.Context())
				head := startWait(ctx, p, start)
				synctest.Wait()
				next := startWait(t.Context(), p, start) // queued behind the head
				synctest.Wait()
				require.False(t, head.done.Load())
				require.False(t, next.done.Load())

				cancel()
				synctest.Wait()
				require.True(t, head.done.Load())
				assert.ErrorIs(t, head.err, context.Canceled)

				time.Sleep(time.Minute)
				synctest.Wait()
				require.True(t, next.done.Load(), "the call behind a canceled head must not wait for ever")
				require.NoError(t, next.err)
				assert.LessOrEqual(t, next.at, 10*time.Second, "it goes at its slot or when the pause ends")
				p.Done(0, false)
			})
		})
	}
}
