package reports

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowBuckets answers the company fixture after a delay that depends on
// the bucket (by its start), on the bubble's clock, and counts the calls in
// flight. A bucket whose start is in fail gets a 400.
type slowBuckets struct {
	body  []byte
	delay func(start time.Time) time.Duration
	fail  map[time.Time]bool

	mu               sync.Mutex
	inFlight, most   int
	started, settled int
	canceled         int
}

func (s *slowBuckets) handle(w http.ResponseWriter, r *http.Request) {
	start, err := time.Parse(wireTime, r.URL.Query().Get("start"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.inFlight++
	s.started++
	s.most = max(s.most, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.settled++
		s.mu.Unlock()
	}()
	select {
	case <-time.After(s.delay(start)):
	case <-r.Context().Done():
		s.mu.Lock()
		s.canceled++
		s.mu.Unlock()
		return
	}
	if s.fail[start] {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"message":"bad bucket"}`))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.body)
}

func (s *slowBuckets) counts() (most, started, canceled, inFlight int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most, s.started, s.canceled, s.inFlight
}

// TestSeriesConcurrencyAndOrder: in a bubble, the later buckets answer
// first; the series still yields in bucket order, with up to the client's
// prefetch calls in flight and never more (one at a time by default), and
// takes the time of the slowest window, not the sum.
func TestSeriesConcurrencyAndOrder(t *testing.T) {
	buckets := LastDays(testNow, 10).Split(ViewByDay)
	for _, prefetch := range []int{1, 4} {
		t.Run("prefetch "+string(rune('0'+prefetch)), func(t *testing.T) {
			sb := &slowBuckets{body: fixture(t, "company.json"), delay: func(start time.Time) time.Duration {
				return time.Duration(10-start.Day()%10) * time.Second // later days answer sooner
			}}
			s, _ := newTestServer(t, sb.handle)
			synctest.Test(t, func(t *testing.T) {
				opts := []Option{}
				if prefetch > 1 {
					opts = append(opts, WithPrefetch(prefetch))
				}
				c, _ := inProcess(t, s, opts...)
				var got []Dates
				for b, err := range Series(t.Context(), c, c.GetCompany, CompanyParams{}, buckets) {
					require.NoError(t, err)
					require.NotNil(t, b.Result)
					got = append(got, b.Dates)
				}
				assert.Equal(t, buckets, got, "in bucket order")
				most, started, _, inFlight := sb.counts()
				assert.Equal(t, prefetch, most, "calls in flight at most")
				assert.Equal(t, len(buckets), started, "one call per bucket")
				assert.Zero(t, inFlight)
			})
		})
	}
}

// TestSeriesUnderThePacer: with WithRateLimit(60) and prefetch 4, the
// calls of a series are spread by the pacer, one a little more than a
// second apart on the bubble's clock, however many may be in flight.
func TestSeriesUnderThePacer(t *testing.T) {
	st := &stamps{}
	s, _ := newTestServer(t, st.wrap(serveFixture(t, "company.json")))
	synctest.Test(t, func(t *testing.T) {
		st.start = time.Now()
		c, _ := inProcess(t, s, WithPrefetch(4), WithRateLimit(60))
		n := 0
		for _, err := range Series(t.Context(), c, c.GetCompany, CompanyParams{}, LastDays(testNow, 8).Split(ViewByDay)) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 8, n)
		require.Len(t, st.at, 8)
		for i := 1; i < len(st.at); i++ {
			assert.GreaterOrEqual(t, st.at[i]-st.at[i-1], time.Second, "call %d paced", i)
		}
	})
}

// TestSeriesStops: breaking out, an error and the context's end stop the
// series: the calls in flight are canceled and done before the loop ends,
// nothing more is sent, no goroutine is left (synctest.Test fails on one
// that outlives the bubble), and an error comes once, with its bucket.
func TestSeriesStops(t *testing.T) {
	buckets := LastDays(testNow, 10).Split(ViewByDay)
	each := func(time.Time) time.Duration { return time.Second }

	t.Run("break", func(t *testing.T) {
		// Bucket k answers after k+1 s: at the break, after the second,
		// the third to fifth are in flight.
		sb := &slowBuckets{body: fixture(t, "company.json"), delay: func(start time.Time) time.Duration {
			return start.Sub(buckets[0].Start)/24 + time.Second
		}}
		s, _ := newTestServer(t, sb.handle)
		synctest.Test(t, func(t *testing.T) {
			c, _ := inProcess(t, s, WithPrefetch(4))
			n := 0
			for _, err := range Series(t.Context(), c, c.GetCompany, CompanyParams{}, buckets) {
				require.NoError(t, err)
				if n++; n == 2 {
					break
				}
			}
			_, started, canceled, inFlight := sb.counts()
			assert.Zero(t, inFlight, "no call in flight after the loop")
			assert.Equal(t, 5, started, "the first 4, then the fifth when the first was yielded")
			assert.Equal(t, 3, canceled, "the calls in flight were canceled")
			time.Sleep(time.Minute)
			synctest.Wait()
			_, after, _, _ := sb.counts()
			assert.Equal(t, started, after, "nothing sent after the break")
		})
	})

	t.Run("error", func(t *testing.T) {
		sb := &slowBuckets{body: fixture(t, "company.json"), delay: each, fail: map[time.Time]bool{buckets[3].Start: true}}
		s, _ := newTestServer(t, sb.handle)
		synctest.Test(t, func(t *testing.T) {
			c, _ := inProcess(t, s, WithPrefetch(4), WithMaxRetries(0))
			var got []Dates
			var errs []error
			for b, err := range Series(t.Context(), c, c.GetCompany, CompanyParams{}, buckets) {
				got = append(got, b.Dates)
				if err != nil {
					errs = append(errs, err)
					assert.Nil(t, b.Result)
				}
			}
			require.Len(t, errs, 1, "one error, then the end")
			var apiErr *APIError
			require.ErrorAs(t, errs[0], &apiErr)
			assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
			assert.Equal(t, buckets[:4], got, "the error says its bucket, after the buckets before it")
			_, _, _, inFlight := sb.counts()
			assert.Zero(t, inFlight)
		})
	})

	t.Run("cancel", func(t *testing.T) {
		sb := &slowBuckets{body: fixture(t, "company.json"), delay: each}
		s, _ := newTestServer(t, sb.handle)
		synctest.Test(t, func(t *testing.T) {
			c, _ := inProcess(t, s, WithPrefetch(3))
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(2500*time.Millisecond, cancel)
			var errs []error
			n := 0
			for _, err := range Series(ctx, c, c.GetCompany, CompanyParams{}, buckets) {
				if err != nil {
					errs = append(errs, err)
				} else {
					n++
				}
			}
			require.Len(t, errs, 1)
			assert.True(t, errors.Is(errs[0], context.Canceled), "%v", errs[0])
			assert.Less(t, n, len(buckets))
			_, _, _, inFlight := sb.counts()
			assert.Zero(t, inFlight)
		})
	})
}

// TestSeriesCanceledBeforeStart: a context already done sends nothing and
// yields its error, with its cause, once.
func TestSeriesCanceledBeforeStart(t *testing.T) {
	sb := &slowBuckets{body: fixture(t, "company.json"), delay: func(time.Time) time.Duration { return time.Second }}
	s, c := newTestServer(t, sb.handle, WithPrefetch(4))
	ctx, cancel := context.WithCancelCause(t.Context())
	cause := errors.New("shutting down")
	cancel(cause)
	var errs []error
	for b, err := range Series(ctx, c, c.GetCompany, CompanyParams{}, LastDays(testNow, 5).Split(ViewByDay)) {
		errs = append(errs, err)
		assert.Nil(t, b.Result)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.ErrorIs(t, errs[0], cause)
	assert.Empty(t, s.requests(), "nothing sent")
}

// TestSeriesSharesThePacerFairly: a series with 8 calls in flight and a
// goroutine making one call after another share WithRateLimit(60) for a
// minute. A series is one caller of the pacer, as a page walk is, however
// many of its calls wait: the two take turns and get half of the requests
// each (before, each waiting call was a turn of its own: 51 to 8).
func TestSeriesSharesThePacerFairly(t *testing.T) {
	days := Dates{Start: testNow.AddDate(-1, 0, 0), End: testNow}.Split(ViewByDay)
	checkTakesTurns(t, serveFixture(t, "company.json"), "/v2/reports/company", func(ctx context.Context, c *Client) {
		for _, err := range Series(ctx, c, c.GetCompany, CompanyParams{}, days) {
			if err != nil {
				return
			}
		}
	})
}
