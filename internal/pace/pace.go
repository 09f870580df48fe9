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
//
// A caller that sends many requests at once (a walk that fetches pages
// ahead, marked with AsOneCaller) holds one place in the queue, not one per
// request: when one of its requests goes, its next one goes to the back of
// the queue, so that it takes turns with the other callers.
//
// The budget gate also keeps to the API's fixed one-minute windows, which
// other processes of the account spend too: when the answers say the budget
// is spent, new requests wait until the window has surely ended (a minute
// after the first answer seen in it, or when a 429 said) instead of probing
// with a request that would be turned away.
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
	known      bool      // whether remaining was reported, in this window
	least      int       // the least remaining reported in this window
	windowEnd  time.Time // when this window has surely ended; zero before any report
	first      int       // the remaining of the window's first answer
	firstAt    time.Time // when it came
	lastAt     time.Time // when the window's latest answer came
	answers    int       // the answers of the window after its first
	inflight   int       // requests sent and not yet answered (only with a limiter)
	held       int       // Holds out: calls waiting to retry a 429, which go first
	queue      []*ticket // the callers in Wait: held calls first, then by arrival
}

// Window is the length of the API's fixed rate-limit window.
const Window = time.Minute

// ticket is a request's place in the queue.
type ticket struct {
	held bool              // the request retries a 429
	c    *caller           // the caller it belongs to, nil for a call of its own
	wake chan struct{}     // poked when the request should look again
	slot *rate.Reservation // the head's reserved slot, if any; guarded by mu
}

// caller groups the requests of one caller (see AsOneCaller): only one of
// them, turn, is in the queue; the others wait behind it, in order.
type caller struct {
	turn    *ticket
	waiting []*ticket
}

type callerKey struct{}

// AsOneCaller returns a context whose requests the pacer treats as those of
// one caller: however many of them wait at once, they hold one place in the
// queue and take turns with the other callers.
func AsOneCaller(ctx context.Context) context.Context {
	return context.WithValue(ctx, callerKey{}, &caller{})
}

// New returns a Pacer. With perMinute > 0 calls are paced at Margin·perMinute
// per minute, with bursts of up to burst calls at once (at least 1) when the
// bucket is full, and the remaining-budget gate is on. With perMinute == 0
// only the pause after a 429 applies.
func New(perMinute, burst int) *Pacer {
	p := &Pacer{}
	if perMinute > 0 {
		p.limiter = rate.NewLimiter(rate.Limit(Margin*float64(perMinute)/60), max(burst, 1))
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
	if !t.held {
		t.c, _ = ctx.Value(callerKey{}).(*caller)
	}
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
	case p.known && float64(p.least-p.inflight)-p.othersSince(now) < 1 && now.Before(p.windowEnd):
		if p.inflight > 0 {
			// The server's remaining budget is spoken for by the
			// requests in flight: wait for their answers.
			return p.drop(t, now, -1), nil
		}
		// Spent, by this client or by others of the account: wait for
		// the window to end rather than send a request it would turn
		// away.
		d := p.windowEnd.Sub(now)
		if dl, ok := ctx.Deadline(); ok && now.Add(d).After(dl) {
			p.drop(t, now, 0)
			return 0, fmt.Errorf("%w: the rate limit's budget is spent for the next %v", context.DeadlineExceeded, d)
		}
		return p.drop(t, now, d), nil
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

// othersSince estimates how much of the budget others of the account (other
// clients, other processes) have spent since the latest answer: what they
// spent in this window so far, the budget's fall that this client's own
// answers do not explain, at the pace they spent it. So that near the end
// of a window's budget the fleet's clients do not all send into its last
// request. p.mu must be held.
func (p *Pacer) othersSince(now time.Time) float64 {
	span := p.lastAt.Sub(p.firstAt)
	spent := p.first - p.least - p.answers
	if span <= 0 || spent <= 0 {
		return 0
	}
	return float64(spent) * float64(now.Sub(p.lastAt)) / float64(span)
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
// pokes the head if t is it. A request of a caller that has its turn in the
// queue already waits behind it instead. p.mu must be held.
func (p *Pacer) enqueue(t *ticket) {
	if t.c != nil {
		if t.c.turn != nil {
			t.c.waiting = append(t.c.waiting, t)
			return
		}
		t.c.turn = t
	}
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
	i := slices.Index(p.queue, t)
	if c := t.c; c != nil {
		if c.turn != t {
			// Not in the queue: it waited behind its caller's turn.
			if j := slices.Index(c.waiting, t); j >= 0 {
				c.waiting = slices.Delete(c.waiting, j, j+1)
			}
			return
		}
		c.turn = nil
		if len(c.waiting) > 0 {
			// The caller's next request takes the turn: at the back of
			// the queue when this one went, in its place when it gave up.
			next := c.waiting[0]
			c.waiting = c.waiting[1:]
			c.turn = next
			if sent || i < 0 {
				p.queue = append(p.queue, next)
			} else {
				p.queue[i] = next
				i = -1
			}
		}
	}
	if i >= 0 {
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
	now := time.Now()
	p.mu.Lock()
	p.inflight--
	if known {
		// A window is known to have begun when its end has passed, or
		// when the budget rose by more than the answers still in flight
		// can explain (they may arrive out of order). The window then
		// ends, at the latest, a Window after this answer.
		if !p.known || !now.Before(p.windowEnd) || remaining >= p.least+p.inflight {
			p.windowEnd = now.Add(Window)
			if now.Before(p.pauseUntil) && p.pauseUntil.Before(p.windowEnd) {
				p.windowEnd = p.pauseUntil // a 429 said when it ends
			}
			p.least, p.first, p.firstAt, p.answers = remaining, remaining, now, -1
		}
		p.least = min(p.least, remaining)
		p.lastAt = now
		p.answers++
		p.remaining, p.known = remaining, true
	}
	p.pokeHead()
	p.mu.Unlock()
}

// Pause holds every caller's next request for d, as a 429's Retry-After asks.
// The 429 also says when the rate limit's window ends: its budget, spent, is
// forgotten then.
func (p *Pacer) Pause(d time.Duration) {
	until := time.Now().Add(d)
	p.mu.Lock()
	if until.After(p.pauseUntil) {
		p.pauseUntil = until
		p.pokeHead()
	}
	if p.known && until.Before(p.windowEnd) {
		p.windowEnd = until
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
