// Package pace keeps a client's calls within the API's per-minute rate limit:
// a token bucket shared by all goroutines, a pause that a 429 imposes on every
// caller (after which the calls it turned away go first), and a gate that
// holds new requests while the server's reported remaining budget is already
// spoken for by requests in flight.
//
// Callers queue in the order they come, the calls that retry a 429 ahead of
// the others, and only the caller at the head of the queue holds a slot of
// the token bucket. So a pause spends no slots: when it ends, the call the
// 429 turned away goes first, at once, and the others follow one slot apart,
// never faster than the bucket allows.
package pace

import (
	"context"
	"fmt"
	"slices"
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
	remaining  int       // the server's last reported remaining budget
	known      bool      // whether remaining was reported
	inflight   int       // requests sent and not yet answered (only with a limiter)
	held       int       // Holds out: calls waiting to retry a 429, which go first
	queue      []*ticket // the callers in Wait: held calls first, then by arrival
}

// ticket is a caller's place in the queue.
type ticket struct {
	held bool              // the caller retries a 429
	wake chan struct{}     // poked when the caller should look again
	slot *rate.Reservation // the head's reserved slot, if any; guarded by mu
}

// New returns a Pacer. With perMinute > 0 calls are paced at Margin·perMinute
// per minute, one at a time (burst 1), and the remaining-budget gate is on.
// With perMinute == 0 only the pause after a 429 applies.
func New(perMinute int) *Pacer {
	p := &Pacer{}
	if perMinute > 0 {
		p.limiter = rate.NewLimiter(rate.Limit(Margin*float64(perMinute)/60), 1)
	}
	return p
}

// Wait blocks until a request may be sent, or the context is done. When it
// returns nil the caller must call Done once the answer (or failure) is in.
//
// h is the Hold of a call that retries after a 429, nil for any other call.
// Held calls queue ahead of the others, and the others wait while any Hold
// is out, so that when a 429's pause ends the calls it turned away go first
// and a budget that new calls would spend at once cannot turn them away
// again. Wait releases h.
func (p *Pacer) Wait(ctx context.Context, h *Hold) error {
	defer h.Release()
	if err := ctx.Err(); err != nil {
		return err
	}
	t := &ticket{held: h != nil, wake: make(chan struct{}, 1)}
	p.mu.Lock()
	p.enqueue(t)
	p.mu.Unlock()
	for {
		p.mu.Lock()
		d, err := p.turn(ctx, t)
		if err != nil || d == 0 {
			p.leave(t, err == nil)
			p.mu.Unlock()
			return err
		}
		p.mu.Unlock()

		var timer *time.Timer
		var due <-chan time.Time
		if d > 0 {
			timer = time.NewTimer(d)
			due = timer.C
		}
		select {
		case <-t.wake:
		case <-due:
		case <-ctx.Done():
			p.mu.Lock()
			p.leave(t, false)
			p.mu.Unlock()
			return ctx.Err()
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// turn decides for t, with p.mu held: 0 means send now; a positive duration
// means look again after it, or when poked; -1 means wait to be poked. Every
// answer but "send now" gives up a reserved slot that is not due yet.
func (p *Pacer) turn(ctx context.Context, t *ticket) (time.Duration, error) {
	now := time.Now()
	switch {
	case p.queue[0] != t:
		return p.drop(t, now, -1), nil
	case now.Before(p.pauseUntil): // a 429 asked everybody to wait
		return p.drop(t, now, p.pauseUntil.Sub(now)), nil
	case !t.held && p.held > 0: // a call the 429 turned away goes first
		return p.drop(t, now, -1), nil
	case p.limiter == nil:
		return 0, nil
	case p.known && p.remaining <= p.inflight && p.inflight > 0:
		// The server's remaining budget is spoken for by the requests in
		// flight: wait for their answers (one probe goes when none is).
		return p.drop(t, now, -1), nil
	}
	if t.slot == nil {
		t.slot = p.limiter.ReserveN(now, 1)
	}
	d := t.slot.DelayFrom(now)
	if dl, ok := ctx.Deadline(); ok && d > 0 && now.Add(d).After(dl) {
		p.drop(t, now, 0)
		return 0, fmt.Errorf("%w: the next slot of the rate limit is %v away", context.DeadlineExceeded, d)
	}
	return d, nil
}

// drop gives up t's reserved slot, if it is not due yet, and returns d.
func (p *Pacer) drop(t *ticket, now time.Time, d time.Duration) time.Duration {
	if t.slot != nil {
		t.slot.CancelAt(now)
		t.slot = nil
	}
	return d
}

// enqueue adds t to the queue, a held call after the other held calls, and
// pokes the head if t is it. p.mu must be held.
func (p *Pacer) enqueue(t *ticket) {
	i := len(p.queue)
	if t.held {
		i = slices.IndexFunc(p.queue, func(o *ticket) bool { return !o.held })
		if i < 0 {
			i = len(p.queue)
		}
	}
	if i == 0 && len(p.queue) > 0 {
		// The head loses its place: its slot goes to t.
		p.drop(p.queue[0], time.Now(), 0)
		poke(p.queue[0])
	}
	p.queue = slices.Insert(p.queue, i, t)
	p.pokeHead()
}

// leave takes t out of the queue, sent or giving up, and lets the next
// caller look. p.mu must be held.
func (p *Pacer) leave(t *ticket, sent bool) {
	if !sent {
		p.drop(t, time.Now(), 0)
	}
	if i := slices.Index(p.queue, t); i >= 0 {
		p.queue = slices.Delete(p.queue, i, i+1)
	}
	if sent && p.limiter != nil {
		p.inflight++
	}
	p.pokeHead()
}

// pokeHead wakes the caller at the head of the queue to look again. p.mu must
// be held.
func (p *Pacer) pokeHead() {
	if len(p.queue) > 0 {
		poke(p.queue[0])
	}
}

func poke(t *ticket) {
	select {
	case t.wake <- struct{}{}:
	default: // already poked
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
	p.pokeHead()
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
		p.pokeHead()
		p.mu.Unlock()
	})
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
	p.pokeHead()
	p.mu.Unlock()
}

// Pause holds every caller's next request for d, as a 429's Retry-After asks.
func (p *Pacer) Pause(d time.Duration) {
	until := time.Now().Add(d)
	p.mu.Lock()
	if until.After(p.pauseUntil) {
		p.pauseUntil = until
		p.pokeHead()
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
