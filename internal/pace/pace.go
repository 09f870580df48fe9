// Package pace keeps a client's calls within the API's per-minute rate limit:
// a token bucket shared by all goroutines, a pause that a 429 imposes on every
// caller (after which the calls it turned away go first), and a gate that
// holds new requests while the server's reported remaining budget is already
// spoken for by requests in flight.
package pace

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Margin is the share of the configured limit the bucket paces at. A fixed
// one-minute window lets a bucket that runs at exactly the limit land one call
// too many in a window when requests arrive a little early or late; pacing at
// 97% absorbs that jitter and costs 3% of the throughput.
const Margin = 0.97

// Pacer is safe for concurrent use. Its zero value is not usable; use New.
type Pacer struct {
	limiter *rate.Limiter // nil when the caller set no limit

	mu         sync.Mutex
	pauseUntil time.Time
	remaining  int           // the server's last reported remaining budget
	known      bool          // whether remaining was reported
	inflight   int           // requests sent and not yet answered (only with a limiter)
	held       int           // calls waiting to retry after a 429, which go first
	wake       chan struct{} // closed and replaced to wake the callers in admit
}

// New returns a Pacer. With perMinute > 0 calls are paced at Margin·perMinute
// per minute, one at a time (burst 1), and the remaining-budget gate is on.
// With perMinute == 0 only the pause after a 429 applies.
func New(perMinute int) *Pacer {
	p := &Pacer{wake: make(chan struct{})}
	if perMinute > 0 {
		p.limiter = rate.NewLimiter(rate.Limit(Margin*float64(perMinute)/60), 1)
	}
	return p
}

// Wait blocks until a request may be sent, or the context is done. When it
// returns nil the caller must call Done once the answer (or failure) is in.
//
// h is the Hold of a call that retries after a 429, nil for any other call.
// Calls without a Hold wait while any Hold is out, so that when a 429's
// pause ends the calls it turned away go first and a budget that new calls
// would spend at once cannot turn them away again. Wait releases h.
func (p *Pacer) Wait(ctx context.Context, h *Hold) error {
	defer h.Release()
	if err := p.admit(ctx, h, false); err != nil {
		return err
	}
	if p.limiter == nil {
		return nil
	}
	if err := p.limiter.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The limiter refuses at once a wait that would outlive the deadline.
		return fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	// A 429 may have come in while this caller waited for the limiter: the
	// pause applies to it too. Then the remaining-budget gate.
	return p.admit(ctx, h, true)
}

// admit waits until no 429 pause is on and no held call is to go first
// (unless h is one). With gate set it also waits until the server's
// remaining budget covers the requests in flight, and counts the request
// in flight.
func (p *Pacer) admit(ctx context.Context, h *Hold, gate bool) error {
	for {
		p.mu.Lock()
		if d := time.Until(p.pauseUntil); d > 0 {
			p.mu.Unlock()
			if err := Sleep(ctx, d); err != nil {
				return err
			}
			continue
		}
		ok := h != nil || p.held == 0
		if ok && gate {
			// Send when the budget is unknown, when it covers the requests
			// in flight, or when nothing is in flight (one probe per slot).
			ok = !p.known || p.remaining > p.inflight || p.inflight == 0
			if ok {
				p.inflight++
			}
		}
		if ok {
			p.mu.Unlock()
			return nil
		}
		wake := p.wake
		p.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Hold marks a call that will retry after a 429; see Wait. Release it when
// the call gives up instead; releasing twice, or a nil Hold, is harmless.
type Hold struct {
	p    *Pacer
	once sync.Once
}

// Hold registers a call that will retry after a 429.
func (p *Pacer) Hold() *Hold {
	p.mu.Lock()
	p.held++
	p.mu.Unlock()
	return &Hold{p: p}
}

// Release ends the hold and lets the waiting calls go when it was the last.
func (h *Hold) Release() {
	if h == nil {
		return
	}
	h.once.Do(func() {
		p := h.p
		p.mu.Lock()
		p.held--
		p.broadcast()
		p.mu.Unlock()
	})
}

// broadcast wakes every caller waiting in admit; p.mu must be held.
func (p *Pacer) broadcast() {
	close(p.wake)
	p.wake = make(chan struct{})
}

// Done records the end of a request that Wait let through, with the
// remaining budget the answer reported (known false when it said none).
func (p *Pacer) Done(remaining int, known bool) {
	if p.limiter == nil {
		return
	}
	p.mu.Lock()
	p.inflight--
	if known {
		p.remaining, p.known = remaining, true
	}
	p.broadcast()
	p.mu.Unlock()
}

// Pause holds every caller's next request for d, as a 429's Retry-After asks.
func (p *Pacer) Pause(d time.Duration) {
	until := time.Now().Add(d)
	p.mu.Lock()
	if until.After(p.pauseUntil) {
		p.pauseUntil = until
	}
	p.mu.Unlock()
}

// Sleep waits for d or until the context is done, whichever comes first.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
