package drift

import (
	"fmt"
	"io"
)

// Write prints the drift report of results: one section per report, its
// findings one a line, and a summary.
func Write(w io.Writer, results []Result) error {
	var compared, skipped, failed, unanswered int
	kinds := map[Kind]int{}
	for _, r := range results {
		head := r.Method
		if r.Path != "" {
			head += " (GET " + r.Path + ")"
		}
		switch {
		case r.Skipped != "":
			skipped++
			fmt.Fprintf(w, "%s: skipped: %s\n", head, r.Skipped)
			continue
		case r.Findings == nil:
			unanswered++
			fmt.Fprintf(w, "%s: no answer to compare: %v\n", head, r.Err)
			continue
		}
		compared++
		if Fatal(r.Findings) {
			failed++
		}
		if len(r.Findings) == 0 {
			fmt.Fprintf(w, "%s: no drift\n", head)
			continue
		}
		fmt.Fprintf(w, "%s: %d %s\n", head, len(r.Findings), plural(len(r.Findings), "finding"))
		for _, f := range r.Findings {
			kinds[f.Kind]++
			mark := " "
			if f.Kind.Fatal() {
				mark = "!"
			}
			fmt.Fprintf(w, "  %s %s\n", mark, f)
		}
		if r.Err != nil {
			fmt.Fprintf(w, "    the SDK said: %v\n", r.Err)
		}
	}
	_, err := fmt.Fprintf(w, "\n%d compared, %d without an answer, %d skipped; %d with values that did not decode (!).\n"+
		"Findings: %d unknown keys, %d keys that differ in case, %d absent fields, %d wrong types, %d nulls, %d empty lists.\n",
		compared, unanswered, skipped, failed,
		kinds[Unknown], kinds[CaseOnly], kinds[Missing], kinds[Mismatch], kinds[Null], kinds[Unchecked])
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
