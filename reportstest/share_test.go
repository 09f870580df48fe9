package reportstest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDatasetShared checks that servers of one seed and present share one
// data set, generated once even when they start together, and that the
// cache keeps only the most recently used data sets.
func TestDatasetShared(t *testing.T) {
	a := NewServer()
	defer a.Close()
	b := NewServer(WithNow(defaultNow.Add(300 * time.Millisecond))) // the same second
	defer b.Close()
	other := NewServer(WithSeed(2))
	defer other.Close()
	assert.Same(t, a.data, b.data)
	assert.NotSame(t, a.data, other.data)

	var wg sync.WaitGroup
	got := make([]*dataset, 4)
	for i := range got {
		wg.Go(func() {
			s := NewServer(WithSeed(1 << 50))
			got[i] = s.data
			s.Close()
		})
	}
	wg.Wait()
	for _, d := range got {
		assert.Same(t, got[0], d, "generated once")
	}

	for seed := range uint64(maxDatasets) {
		NewServer(WithSeed(1<<51 + seed)).Close()
	}
	c := NewServer()
	defer c.Close()
	assert.NotSame(t, a.data, c.data, "evicted after %d other data sets", maxDatasets)
	assert.Equal(t, *a.data, *c.data, "and generated again, the same")
}

// TestCloseDrops checks that Close lets go of the answers, the log, the
// tokens and the handlers, and keeps the counters.
func TestCloseDrops(t *testing.T) {
	s := NewServer()
	s.Handle("/v2/other", nil)
	_, err := s.Client().GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)
	s.mu.Lock()
	assert.NotEmpty(t, s.answers)
	assert.NotEmpty(t, s.log)
	assert.NotEmpty(t, s.tokens)
	s.mu.Unlock()

	s.Close()
	s.mu.Lock()
	assert.Nil(t, s.data)
	assert.Nil(t, s.answers)
	assert.Zero(t, s.cachedBytes)
	assert.Nil(t, s.log)
	assert.Nil(t, s.tokens)
	assert.Nil(t, s.handlers)
	s.mu.Unlock()
	assert.Empty(t, s.Requests())
	assert.Equal(t, 1, s.TokenRequests())
	assert.Equal(t, defaultNow, s.Now(), "Now still answers")
}

// TestAnswerCacheBounded checks that the answer cache never holds more
// than its byte budget, and keeps answering from the data set.
func TestAnswerCacheBounded(t *testing.T) {
	s := NewServer()
	defer s.Close()
	const budget = 256 << 10 // 12 pages of 50
	s.budget = budget
	c := s.Client()
	year := reports.Dates{Start: s.Now().AddDate(-1, 0, 1), End: s.Now()}
	peak := 0
	for page := 1; page <= 40; page++ {
		res, err := c.GetConversationsDrilldown(context.Background(), reports.ConversationsDrilldownParams{Dates: year, Paging: reports.Paging{Page: page, Rows: 50}})
		require.NoError(t, err)
		require.Equal(t, 50, len(res.Conversations.Results), "page %d", page)
		s.mu.Lock()
		peak = max(peak, s.cachedBytes)
		total := 0
		for k, v := range s.answers {
			total += len(k) + len(v)
		}
		assert.Equal(t, total, s.cachedBytes)
		s.mu.Unlock()
	}
	assert.Greater(t, peak, budget/2, "the pages filled the cache")
	assert.LessOrEqual(t, peak, budget)
}
