package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkStoreWrite writes buckets of 110 metrics, as a company report's
// day has, one transaction each.
func BenchmarkStoreWrite(b *testing.B) {
	ctx := context.Background()
	st, err := openStore(ctx, "sqlite:"+filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	rows := make([]metricRow, 110)
	for i := range rows {
		rows[i] = metricRow{fmt.Sprintf("users.%d.replies", 100000+i), float64(i)}
	}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := range b.N {
		k := bucketKey{"company", "", day.AddDate(0, 0, i), day.AddDate(0, 0, i+1)}
		if err := st.write(ctx, k, day, rows); err != nil {
			b.Fatal(err)
		}
	}
}
