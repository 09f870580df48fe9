package reportstest_test

import (
	"testing"

	"github.com/helpscout-go/reports/reportstest"
)

// BenchmarkNewServer measures NewServer and Close: first, a server whose
// seed no server had before, which generates its data set; later, a server
// whose data set an earlier server generated.
func BenchmarkNewServer(b *testing.B) {
	b.Run("first", func(b *testing.B) {
		seed := uint64(1 << 40)
		for b.Loop() {
			seed++
			reportstest.NewServer(reportstest.WithSeed(seed)).Close()
		}
	})
	b.Run("later", func(b *testing.B) {
		reportstest.NewServer().Close()
		for b.Loop() {
			reportstest.NewServer().Close()
		}
	})
}
