// Package pace keeps a client's calls within the API's per-minute rate limit:
// a token bucket shared by all goroutines, a pause that a 429 imposes on every
// caller, and a gate that holds new requests while the server's reported
// remaining budget is already spoken for by requests in flight.
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
	remaining  int  // the server's last reported remaining budget
	known      bool // whether remaining was reported
	inflight   int  // requests sent and not yet answered (only with a limiter)
	wake       chan struct{}
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
func (p *Pacer) Wait(ctx context.Context) error {
	if err := p.waitPause(ctx); err != nil {
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
	for {
		p.mu.Lock()
		if time.Now().Before(p.pauseUntil) {
			// A 429 came in while this caller waited for the limiter or for
			// answers: the pause applies to it too.
			p.mu.Unlock()
			if err := p.waitPause(ctx); err != nil {
				return err
			}
			continue
		}
		// Send when the budget is unknown, when it covers the requests in
		// flight, or when nothing is in flight (a single probe per slot).
		if !p.known || p.remaining > p.inflight || p.inflight == 0 {
			p.inflight++
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

// waitPause sleeps until the pause a 429 imposed is over.
func (p *Pacer) waitPause(ctx context.Context) error {
	for {
		p.mu.Lock()
		d := time.Until(p.pauseUntil)
		p.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if err := Sleep(ctx, d); err != nil {
			return err
		}
	}
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
	close(p.wake)
	p.wake = make(chan struct{})
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
