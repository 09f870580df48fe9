package cmdutil

// Text from elsewhere (the API's answers and errors, customers' subjects
// and names) made safe for a terminal: control and bidi characters are
// shown escaped instead of being obeyed.

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// unsafeRune reports whether a terminal would obey r rather than show it:
// C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) that reorder what follows them.
func unsafeRune(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// EscapeText returns s with every unsafe rune written as an escape (\n,
// \t, \x1b, \u202e) and invalid UTF-8 as \xNN; the rest is left as it is.
// A string without them is returned unchanged.
func EscapeText(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
