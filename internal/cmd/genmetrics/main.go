// Command genmetrics writes the table of what each number of the reports
// package's results is (metricinfo_gen.go) from the package's field
// comments; see internal/metricdoc for the phrases it reads. The reports
// package runs it with go generate:
//
//	go generate .   # in the module's root
//
// Usage: genmetrics [-dir DIR] [-o FILE]; by default the current directory
// and metricinfo_gen.go in it.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/helpscout-go/reports/internal/metricdoc"
)

func main() {
	dir := flag.String("dir", ".", "the package's directory")
	out := flag.String("o", "", "the file to write (default DIR/metricinfo_gen.go)")
	flag.Parse()
	if *out == "" {
		*out = filepath.Join(*dir, "metricinfo_gen.go")
	}
	src, err := metricdoc.Generate(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genmetrics:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genmetrics:", err)
		os.Exit(1)
	}
}
