package reports

import (
	"cmp"
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of pacing against the API's fixed-window rate limit, in a synctest
// bubble (fake time, in-process transport): what they count does not depend
// on how busy the machine is.

// fixedWindow is the account's rate limit as the API counts it: limit report
// calls per fixed window, aligned on the window (a minute unless window is
// set), whoever makes them, so that several clients of one server share it.
// Every answer carries X-RateLimit-Limit-Minute and
// X-RateLimit-Remaining-Minute; a call over the limit is answered 429 with
// X-RateLimit-Retry-After, the seconds until the window ends, rounded up,
// and is not counted. others is how many calls of every window other users
// of the account take; body is the answer to a call served (a minimal
// conversations report when nil).
type fixedWindow struct {
	limit  int
	window time.Duration
	others int
	body   []byte

	mu        sync.Mutex
	start     time.Time // of the current window
	used      int
	served    map[time.Time]int // per window
	throttled map[time.Time]int // per window
}

func (f *fixedWindow) handle(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	now := time.Now()
	window := cmp.Or(f.window, time.Minute)
	if ws := now.Truncate(window); !ws.Equal(f.start) {
		f.start, f.used = ws, f.others
	}
	if f.served == nil {
		f.served, f.throttled = map[time.Time]int{}, map[time.Time]int{}
	}
	over := f.used >= f.limit
	if over {
		f.throttled[f.start]++
	} else {
		f.used++
		f.served[f.start]++
	}
	left, reset := max(f.limit-f.used, 0), f.start.Add(window).Sub(now)
	f.mu.Unlock()

	w.Header().Set("X-RateLimit-Limit-Minute", strconv.Itoa(f.limit))
	w.Header().Set("X-RateLimit-Remaining-Minute", strconv.Itoa(left))
	if over {
		secs := int((reset + time.Second - 1) / time.Second)
		injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", strconv.Itoa(secs))(w, r)
		return
	}
	body := f.body
	if body == nil {
		body = []byte(`{"current":{"volume":1}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// totals returns the calls served and the 429s answered, and the most 429s
// of any one window.
func (f *fixedWindow) totals() (served, throttled, worst int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.served {
		served += n
	}
	for _, n := range f.throttled {
		throttled += n
		worst = max(worst, n)
	}
	return served, throttled, worst
}

// bulkJob makes calls GetConversations calls from workers goroutines and
// returns the errors.
func bulkJob(ctx context.Context, c *Client, calls, workers int) []error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		next atomic.Int64
	)
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= int64(calls) {
				if _, err := c.GetConversations(ctx, ConversationsParams{}); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return errs
}

// TestBulkJobUnderAFixedWindow: with WithRateLimit set to the server's limit
// a burst is paced so that the server answers not a single 429, and with
// retries off no call fails; without the limiter the 429s come, and a single
// retry still delivers every call, since after a 429's pause the calls it
// turned away go before new ones. (It ran in real time against a 2-second
// window and failed now and then on a busy machine; on a fake clock it
// counts the same every run.)
func TestBulkJobUnderAFixedWindow(t *testing.T) {
	const limit, calls, workers = 20, 50, 8
	t.Run("limiter", func(t *testing.T) {
		f := &fixedWindow{limit: limit}
		s, _ := newTestServer(t, f.handle)
		synctest.Test(t, func(t *testing.T) {
			c, _ := inProcess(t, s, WithRateLimit(limit), WithMaxRetries(0))

			errs := bulkJob(t.Context(), c, calls, workers)

			assert.Empty(t, errs, "no call fails, although none may be retried")
			served, throttled, _ := f.totals()
			assert.Zero(t, throttled, "the server answered no 429")
			assert.Equal(t, calls, served, "one request per call")
			assert.Equal(t, int32(1), s.tokenCalls.Load())
		})
	})
	t.Run("retries only", func(t *testing.T) {
		f := &fixedWindow{limit: limit}
		s, _ := newTestServer(t, f.handle)
		synctest.Test(t, func(t *testing.T) {
			c, _ := inProcess(t, s, WithMaxRetries(1))

			errs := bulkJob(t.Context(), c, calls, workers)

			assert.Empty(t, errs, "the retries on 429 deliver every call")
			served, throttled, _ := f.totals()
			assert.Positive(t, throttled, "unpaced, the burst overruns the window")
			assert.Equal(t, calls, served)
			assert.Equal(t, calls+throttled, len(s.requests()), "every 429 was retried, once")
			assert.Equal(t, limit, c.RateLimit().Limit, "the client reports the server's limit")
		})
	})
}

// TestFleetSharesOneLimit: three processes of one account, each a client
// told the account's full limit, run a bulk job at once against the API's
// fixed one-minute windows, starting mid-window. Each client sees what the
// others spend only in X-RateLimit-Remaining-Minute and the 429s: with it,
// the fleet gets at most one 429 a window and still at least 95% of the
// limit. (Each probing a spent window, they took two or three 429s a window.)
func TestFleetSharesOneLimit(t *testing.T) {
	const limit, clients, calls, workers = 60, 3, 200, 4
	f := &fixedWindow{limit: limit}
	s, _ := newTestServer(t, f.handle)
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(17 * time.Second) // mid-window
		start := time.Now()
		var wg sync.WaitGroup
		var failed atomic.Int32
		for range clients {
			c, _ := inProcess(t, s, WithRateLimit(limit))
			wg.Go(func() { failed.Add(int32(len(bulkJob(t.Context(), c, calls, workers)))) })
		}
		wg.Wait()
		took := time.Since(start)

		served, throttled, worst := f.totals()
		t.Logf("%d calls in %v, %d 429s, at most %d in a window", served, took, throttled, worst)
		assert.Zero(t, failed.Load())
		assert.Equal(t, clients*calls, served)
		assert.LessOrEqual(t, worst, 1, "at most one 429 a window for the whole fleet")
		// The budget is a limit a window: the windows the job began in
		// and ended in count whole, the ones between in full.
		windows := int(start.Add(took).Truncate(time.Minute).Sub(start.Truncate(time.Minute))/time.Minute) + 1
		assert.GreaterOrEqual(t, float64(served), 0.95*limit*float64(windows-1),
			"at least 95%% of the limit: %d calls over %d windows", served, windows)
	})
}

// TestRateLimitBurst: with WithRateLimitBurst(8) eight calls with a fresh
// budget go out at once, where the even pace of WithRateLimit(30) spreads
// them over 14.4 s; the ninth waits for the allowance to refill, and after
// idle minutes eight go at once again.
func TestRateLimitBurst(t *testing.T) {
	st := &stamps{}
	s, _ := newTestServer(t, st.wrap(serveFixture(t, "company.json")))
	for _, tt := range []struct {
		name  string
		burst []Option
		want  []time.Duration // when the 8 calls went
	}{
		{"burst 8", []Option{WithRateLimitBurst(8)}, make([]time.Duration, 8)},
		{"no burst", nil, func() []time.Duration {
			var at []time.Duration
			for i := range 8 {
				at = append(at, time.Duration(i)*time.Minute*100/(97*30)) // paced at 97%
			}
			return at
		}()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				st.mu.Lock()
				st.start, st.at = time.Now(), nil
				st.mu.Unlock()
				c, _ := inProcess(t, s, append([]Option{WithRateLimit(30)}, tt.burst...)...)
				refresh := func() {
					errs := concurrently(8, 8, func(int) error { _, err := getCompany(c, t.Context()); return err })
					require.Empty(t, errs)
				}
				refresh()
				got := st.times()
				require.Len(t, got, 8)
				for i, at := range got {
					assert.InDelta(t, float64(tt.want[i]), float64(at), float64(time.Millisecond), "call %d", i+1)
				}
				if len(tt.burst) == 0 {
					return
				}
				_, err := getCompany(c, t.Context())
				require.NoError(t, err)
				interval := time.Minute * 100 / (97 * 30)
				assert.InDelta(t, float64(interval), float64(st.times()[8]), float64(time.Millisecond), "the ninth waits for one refill")

				time.Sleep(5 * time.Minute)
				from := time.Since(st.start)
				refresh()
				for i, at := range st.times()[9:] {
					assert.Equal(t, from, at, "after 5 idle minutes, call %d goes at once", i+1)
				}
			})
		})
	}
}

func TestRateLimitBurstRefusesBadValues(t *testing.T) {
	for name, opts := range map[string][]Option{
		"burst 0":                     {WithRateLimit(60), WithRateLimitBurst(0)},
		"negative burst":              {WithRateLimit(60), WithRateLimitBurst(-3)},
		"burst without a rate limit":  {WithRateLimitBurst(8)},
		"burst above the rate limit":  {WithRateLimit(5), WithRateLimitBurst(8)},
		"burst before a 0 rate limit": {WithRateLimitBurst(2), WithRateLimit(0)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(testClientID, testClientSecret, opts...)
			assert.ErrorContains(t, err, "WithRateLimitBurst")
		})
	}
	_, err := New(testClientID, testClientSecret, WithRateLimitBurst(8), WithRateLimit(30))
	assert.NoError(t, err, "in any order")
	_, err = New(testClientID, testClientSecret, WithRateLimitBurst(1))
	assert.NoError(t, err, "1 is the default, with or without a limit")
}
