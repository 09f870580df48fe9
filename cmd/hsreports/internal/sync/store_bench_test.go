package sync

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkStoreWrite writes buckets of 110 metrics, as a company report's
// day has, one transaction each: on SQLite, and on PostgreSQL with
// HSREPORTS_TEST_POSTGRES (.ci/postgres go test -run '^$' -bench StoreWrite
// ./cmd/hsreports/).
func BenchmarkStoreWrite(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchmarkStoreWrite(b, "sqlite:"+filepath.Join(b.TempDir(), "bench.db")) })
	b.Run("postgres", func(b *testing.B) {
		u := os.Getenv("HSREPORTS_TEST_POSTGRES")
		if u == "" {
			b.Skip("no PostgreSQL: run with .ci/postgres")
		}
		admin, err := sql.Open("pgx", u)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP TABLE IF EXISTS metrics, hsreports_buckets, hsreports_schema`); err != nil {
			b.Fatal(err)
		}
		benchmarkStoreWrite(b, u)
	})
}

func benchmarkStoreWrite(b *testing.B, db string) {
	ctx := context.Background()
	st, err := openStore(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	rows := make([]figure, 110)
	for i := range rows {
		rows[i] = figure{fmt.Sprintf("users.%d.replies", 100000+i), float64(i)}
	}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := range b.N {
		k := bucketKey{"company", "", day.AddDate(0, 0, i), day.AddDate(0, 0, i+1)}
		if err := st.write(ctx, k, day, rows, false); err != nil {
			b.Fatal(err)
		}
	}
}
