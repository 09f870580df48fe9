package reportstest

import (
	"strings"
	"testing"
)

// BenchmarkLongFilter computes a one-year company report (no answer cache)
// filtered on one tag id given 1000 times, then once: with filters as sets
// the two cost about the same (the lists made it a loop over ids × tags ×
// conversations).
func BenchmarkLongFilter(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	rt := routes["/v2/reports/company"]
	for _, bc := range []struct{ name, tags string }{
		{"tags=1000", strings.Repeat("302,", 999) + "302"},
		{"tags=1", "302"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				q, errs := parseRequest(rt, yearQuery+"&tags="+bc.tags, false)
				if errs != nil {
					b.Fatal(errs)
				}
				rt.serve(srv.data, q)
			}
		})
	}
}
