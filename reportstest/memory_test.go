package reportstest_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heapInUse is the heap that is reachable, after collecting the rest.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestLaterServersAreCheap checks that servers of a seed and present seen
// before share the data set: starting and closing one allocates a few KiB,
// not the data set's MiBs.
func TestLaterServersAreCheap(t *testing.T) {
	reportstest.NewServer().Close()
	const n = 50
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		reportstest.NewServer().Close()
	}
	runtime.ReadMemStats(&after)
	perServer := (after.TotalAlloc - before.TotalAlloc) / n
	t.Logf("%d bytes allocated per later server", perServer)
	assert.LessOrEqual(t, perServer, uint64(256<<10))
}

// TestClosedServerKeepsLittle checks that a closed server that a test still
// holds (as t.Cleanup does until a group of parallel tests ends) keeps at
// most 64 KiB reachable, while an open one holds its answers.
func TestClosedServerKeepsLittle(t *testing.T) {
	reportstest.NewServer().Close() // the shared data set exists
	const n = 10
	held := make([]*reportstest.Server, n)
	base := heapInUse()
	for i := range held {
		srv := reportstest.NewServer()
		c := srv.Client()
		quarter := reports.Dates{Start: srv.Now().AddDate(0, -3, 0), End: srv.Now()}
		for page := 1; page <= 10; page++ {
			_, err := c.GetConversationsDrilldown(context.Background(), reports.ConversationsDrilldownParams{Dates: quarter, Paging: reports.Paging{Page: page, Rows: 50}})
			require.NoError(t, err)
		}
		held[i] = srv
	}
	open := (heapInUse() - base) / n
	for _, srv := range held {
		srv.Close()
	}
	closed := (heapInUse() - base) / n
	runtime.KeepAlive(held)
	t.Logf("per server: %d bytes open, %d closed", open, closed)
	assert.Greater(t, open, int64(200<<10), "an open server holds its answers (10 pages of 50)")
	assert.LessOrEqual(t, closed, int64(64<<10))
}
