package reports

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// What the SDK says about an answer goes through sanitize: the secrets it
// knows are cut out (a redactor), then control and bidi characters are
// escaped and the text is capped (printable), so that a hostile or careless
// server can neither make an error string or a log record carry a credential
// nor drive the terminal that prints it.

// redactedText replaces every secret that a redactor finds.
const redactedText = "[redacted]"

// maxPart caps, in bytes, each server-supplied part of an error string (a
// message, a logRef, a field error, a Correlation-Id, an OAuth2 error
// description); a longer part is cut and says how long it was.
const maxPart = 512

// maxFieldErrors caps how many field errors an *APIError's text lists; the
// Errors field keeps them all.
const maxFieldErrors = 20

// minBase64Core is the length below which the base64 forms of a secret are
// not looked for: shorter runs would match ordinary text.
const minBase64Core = 8

// sanitize is the one function that server-supplied text passes through on
// its way into an error string or a log record: r's secrets cut out, in the
// text and in what escaping makes of it (see field; r may be nil), control
// and bidi characters escaped, and the text capped at limit bytes. The
// fields of *APIError and *AuthError are cut with r.field when they are
// made, so their Error methods call sanitize with a nil r.
func sanitize(s string, r *redactor, limit int) string {
	return printable(r.field(s), limit)
}

// redactor cuts secrets (the bearer token, the client secret) out of text in
// every form in which the SDK sends them or a server may echo them:
//
//   - raw;
//   - JSON-escaped, \/, \", \\ and \uXXXX (either case, surrogate pairs too),
//     whether or not the text around them is valid JSON;
//   - URL-escaped, %XX (either case) and + or %20 for a space;
//   - as HTML character references: &amp; &lt; &gt; &quot; &apos; &#NN; &#xHH;
//   - base64, standard or URL alphabet, padded or not, of any text that
//     holds the secret (or its URL-escaped form): the secret alone, the
//     credentials "id:secret", a "Bearer tok" or "Basic id:secret" header.
//
// The escapes may be mixed within one echo. A base64 match cuts out the whole
// run of base64 characters around it, so that no partial characters of the
// encoded secret are left. A nil *redactor cuts nothing.
type redactor struct {
	needles []needle
	// byFirst lists, for each byte, the needles whose first character
	// starts with it as it is; at the bytes that may start an escape (see
	// special) every needle is tried.
	byFirst [256][]int
}

// needle is one form of a secret to look for.
type needle struct {
	text  string
	first rune // the first character of text
	// b64 marks the core of a base64 encoding of the secret: the characters
	// that depend on its bytes only, whatever comes before and after it.
	// '+' and '/' also match the URL alphabet's '-' and '_'.
	b64 bool
}

// newRedactor returns a redactor of the non-empty secrets, nil if none.
func newRedactor(secrets ...string) *redactor {
	r := &redactor{}
	add := func(text string, b64 bool) {
		first, _ := utf8.DecodeRuneInString(text)
		n := needle{text: text, first: first, b64: b64}
		if text == "" || slices.Contains(r.needles, n) {
			return
		}
		r.byFirst[text[0]] = append(r.byFirst[text[0]], len(r.needles))
		r.needles = append(r.needles, n)
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		add(s, false)
		for _, src := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			for _, core := range base64Cores(src) {
				if len(core) >= minBase64Core {
					add(core, true)
				}
			}
		}
	}
	if len(r.needles) == 0 {
		return nil
	}
	return r
}

// special reports whether c may start an encoded character: an escape, a
// '+' for a space, or the URL alphabet's '-' and '_' of base64.
func special(c byte) bool {
	return c == '%' || c == '\\' || c == '&' || c == '+' || c == '-' || c == '_'
}

// base64Cores returns, for each of the three alignments src can have in a
// base64 encoding of a longer text, the characters that src's bytes alone
// decide (standard alphabet).
func base64Cores(src string) []string {
	cores := make([]string, 0, 3)
	for k := range 3 {
		buf := make([]byte, k, k+len(src))
		buf = append(buf, src...)
		enc := base64.RawStdEncoding.EncodeToString(buf)
		// Character i holds bits [6i, 6i+6); src's bits are [8k, 8(k+n)).
		start, end := (8*k+5)/6, 8*(k+len(src))/6
		if start < end {
			cores = append(cores, enc[start:end])
		}
	}
	return cores
}

// string returns s with every secret cut out.
func (r *redactor) string(s string) string {
	if r == nil {
		return s
	}
	spans := r.find(s)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp[0]])
		b.WriteString(redactedText)
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// bytes returns body with every secret cut out; body itself when none is
// in it.
func (r *redactor) bytes(body []byte) []byte {
	if r == nil {
		return body
	}
	s := string(body)
	if out := r.string(s); len(out) != len(s) || out != s {
		return []byte(out)
	}
	return body
}

// value redacts the strings of a decoded JSON value, map keys included.
func (r *redactor) value(v any) any {
	switch v := v.(type) {
	case string:
		return r.field(v)
	case []any:
		for i := range v {
			v[i] = r.value(v[i])
		}
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[r.field(k)] = r.value(e)
		}
		return m
	}
	return v
}

// field cuts the secrets out of s, a value kept in an error's field, and
// also the characters that would show one once printable escaped them with
// the text around them (a secret "10000000" from "\x10" + "000000"), so that
// no error text made of the field shows a secret either.
func (r *redactor) field(s string) string {
	s = r.string(s)
	if r == nil || printable(s, len(s)) == s {
		return s // shown as it is: r.string found all there is
	}
	for range 4 {
		var shown []byte
		var starts []int // where each character of s starts in shown
		for i := 0; i < len(s); {
			starts = append(starts, len(shown))
			var w int
			shown, w = appendShown(shown, s, i)
			i += w
		}
		spans := r.find(string(shown))
		if spans == nil {
			return s
		}
		// Cut each character whose shown form a span touches.
		var b strings.Builder
		k, cutting := 0, false
		for i := 0; i < len(s); k++ {
			_, w := utf8.DecodeRuneInString(s[i:])
			from, to := starts[k], len(shown)
			if k+1 < len(starts) {
				to = starts[k+1]
			}
			touched := slices.ContainsFunc(spans, func(sp [2]int) bool { return sp[0] < to && from < sp[1] })
			switch {
			case touched && !cutting:
				b.WriteString(redactedText)
			case !touched:
				b.WriteString(s[i : i+w])
			}
			cutting = touched
			i += w
		}
		s = b.String()
	}
	return s
}

// find returns the spans of s that hold a secret, sorted and merged.
func (r *redactor) find(s string) [][2]int {
	var spans [][2]int
	var decoded [4]decoding
	for i := 0; i < len(s); i++ {
		try := func(k int) {
			n := &r.needles[k]
			end := n.matchAt(s, i)
			if end < 0 {
				return
			}
			start := i
			if n.b64 {
				start, end = widenBase64(s, start, end)
			}
			spans = append(spans, [2]int{start, end})
		}
		if !special(s[i]) {
			for _, k := range r.byFirst[s[i]] {
				try(k)
			}
			continue
		}
		ds := decodeAt(decoded[:0], s, i)
		for k := range r.needles {
			if r.needles[k].firstIn(ds) {
				try(k)
			}
		}
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		if last := &merged[len(merged)-1]; sp[0] <= last[1] {
			last[1] = max(last[1], sp[1])
		} else {
			merged = append(merged, sp)
		}
	}
	return merged
}

// decoding is one way to read the character at a position of a text: the
// character and where its encoding ends.
type decoding struct {
	c   rune
	end int
}

// decodeAt appends to ds the ways to read the character at s[p]: as it is;
// a '+' as a space; %XX escapes (of the bytes of one character); a JSON
// escape; an HTML character reference.
func decodeAt(ds []decoding, s string, p int) []decoding {
	c, w := utf8.DecodeRuneInString(s[p:])
	ds = append(ds, decoding{c, p + w})
	switch s[p] {
	case '+':
		ds = append(ds, decoding{' ', p + 1})
	case '%':
		var buf [utf8.UTFMax]byte
		n, q, whole := 0, p, false
		for n < len(buf) && q+3 <= len(s) && s[q] == '%' {
			hi, ok1 := unhex(s[q+1])
			lo, ok2 := unhex(s[q+2])
			if !ok1 || !ok2 {
				break
			}
			buf[n] = hi<<4 | lo
			n, q = n+1, q+3
			if utf8.FullRune(buf[:n]) {
				c, w := utf8.DecodeRune(buf[:n])
				if whole = w == n; whole {
					ds = append(ds, decoding{c, q})
				}
				break
			}
		}
		if n > 0 && !whole { // a byte that is not UTF-8, as a secret may hold
			ds = append(ds, decoding{utf8.RuneError, p + 3})
		}
	case '\\':
		if c, e := jsonEscape(s, p); e > 0 {
			ds = append(ds, decoding{c, e})
		}
	case '&':
		if c, e := htmlReference(s, p); e > 0 {
			ds = append(ds, decoding{c, e})
		}
	}
	return ds
}

// is reports whether d reads as c, a character of n.
func (n *needle) is(d rune, c rune) bool {
	return d == c || n.b64 && (c == '+' && d == '-' || c == '/' && d == '_')
}

// firstIn reports whether one of ds reads as n's first character.
func (n *needle) firstIn(ds []decoding) bool {
	for _, d := range ds {
		if n.is(d.c, n.first) {
			return true
		}
	}
	return false
}

// matchAt returns where an encoding of n that starts at s[i] ends, or -1.
// Every character of n may be encoded its own way, so the candidates are a
// set of positions, advanced one character of n at a time.
func (n *needle) matchAt(s string, i int) int {
	var bufA, bufB [8]int
	var decoded [4]decoding
	cur, next := append(bufA[:0], i), bufB[:0]
	for j := 0; j < len(n.text); {
		c, w := utf8.DecodeRuneInString(n.text[j:])
		next = next[:0]
		for _, p := range cur {
			if p >= len(s) {
				continue
			}
			if !special(s[p]) { // the common case: the character as it is
				if d, dw := utf8.DecodeRuneInString(s[p:]); d == c && !slices.Contains(next, p+dw) {
					next = append(next, p+dw)
				}
				continue
			}
			for _, d := range decodeAt(decoded[:0], s, p) {
				if n.is(d.c, c) && !slices.Contains(next, d.end) {
					next = append(next, d.end)
				}
			}
		}
		if len(next) == 0 {
			return -1
		}
		cur, next = next, cur
		j += w
	}
	return slices.Max(cur)
}

// jsonEscape decodes the JSON escape at s[p] (a backslash): the character
// and where the escape ends, or -1. A \u escape of a surrogate pair is one
// character.
func jsonEscape(s string, p int) (rune, int) {
	if p+1 >= len(s) {
		return 0, -1
	}
	switch s[p+1] {
	case '"', '\\', '/':
		return rune(s[p+1]), p + 2
	case 'b':
		return '\b', p + 2
	case 'f':
		return '\f', p + 2
	case 'n':
		return '\n', p + 2
	case 'r':
		return '\r', p + 2
	case 't':
		return '\t', p + 2
	case 'u':
		c, ok := hex4(s, p+2)
		if !ok {
			return 0, -1
		}
		if c >= 0xD800 && c < 0xDC00 && p+12 <= len(s) && s[p+6] == '\\' && s[p+7] == 'u' {
			if lo, ok := hex4(s, p+8); ok && lo >= 0xDC00 && lo < 0xE000 {
				return (c-0xD800)<<10 | (lo - 0xDC00) + 0x10000, p + 12
			}
		}
		return c, p + 6
	}
	return 0, -1
}

// htmlReference decodes the HTML character reference at s[p] (an
// ampersand): the character and where the reference ends, or -1.
func htmlReference(s string, p int) (rune, int) {
	semi := strings.IndexByte(s[p:min(len(s), p+12)], ';')
	if semi < 2 {
		return 0, -1
	}
	name, end := s[p+1:p+semi], p+semi+1
	switch name {
	case "amp":
		return '&', end
	case "lt":
		return '<', end
	case "gt":
		return '>', end
	case "quot":
		return '"', end
	case "apos":
		return '\'', end
	}
	if name[0] != '#' {
		return 0, -1
	}
	var n uint64
	var err error
	if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
		n, err = strconv.ParseUint(name[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(name[1:], 10, 32)
	}
	if err != nil || n > utf8.MaxRune {
		return 0, -1
	}
	return rune(n), end
}

func hex4(s string, p int) (rune, bool) {
	if p+4 > len(s) {
		return 0, false
	}
	var c rune
	for i := range 4 {
		d, ok := unhex(s[p+i])
		if !ok {
			return 0, false
		}
		c = c<<4 | rune(d)
	}
	return c, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// widenBase64 widens the span [start, end) of s over the base64 characters
// (either alphabet, or escaped as %XX, \/ or \uXXXX) on both sides.
func widenBase64(s string, start, end int) (int, int) {
	for start > 0 {
		switch { // whole escapes first, so that none is left half cut
		case start >= 6 && s[start-6] == '\\' && s[start-5] == 'u' && isHex(s[start-4]) && isHex(s[start-3]) && isHex(s[start-2]) && isHex(s[start-1]):
			start -= 6
		case start >= 3 && s[start-3] == '%' && isHex(s[start-2]) && isHex(s[start-1]):
			start -= 3
		case start >= 2 && s[start-2:start] == `\/`:
			start -= 2
		case isBase64Char(s[start-1]):
			start--
		default:
			return start, widenBase64Right(s, end)
		}
	}
	return start, widenBase64Right(s, end)
}

func widenBase64Right(s string, end int) int {
	for end < len(s) {
		switch {
		case isBase64Char(s[end]):
			end++
		case strings.HasPrefix(s[end:], `\/`):
			end += 2
		case end+3 <= len(s) && s[end] == '%' && isHex(s[end+1]) && isHex(s[end+2]):
			end += 3
		case end+6 <= len(s) && s[end] == '\\' && s[end+1] == 'u' && isHex(s[end+2]) && isHex(s[end+3]) && isHex(s[end+4]) && isHex(s[end+5]):
			end += 6
		default:
			return end
		}
	}
	return end
}

func isBase64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '+' || c == '/' || c == '-' || c == '_' || c == '='
}

func isHex(c byte) bool { _, ok := unhex(c); return ok }

// printable returns s with its control and bidi characters escaped, cut to
// at most limit bytes (plus the note of the cut, "…(N bytes)", N being s's
// length) at a character boundary. Escaped are C0 and DEL (\n, \r, \t, \a,
// \b, \f, \v, else \xNN), C1, the bidi embeddings, overrides, isolates and
// marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), the line and
// paragraph separators (U+2028, U+2029), all as \uNNNN, and bytes that are
// not UTF-8 (\xNN). A backslash is not escaped, so that printable of its own
// output changes nothing.
func printable(s string, limit int) string {
	clean := len(s) <= limit
	for i := 0; clean && i < len(s); {
		c, w := utf8.DecodeRuneInString(s[i:])
		clean = !escaped(c, w)
		i += w
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), limit) + 16)
	var unit [12]byte
	for i := 0; i < len(s); {
		u, w := appendShown(unit[:0], s, i)
		if b.Len()+len(u) > limit {
			b.WriteString("…(")
			b.WriteString(strconv.Itoa(len(s)))
			b.WriteString(" bytes)")
			break
		}
		b.Write(u)
		i += w
	}
	return b.String()
}

// escaped reports whether printable escapes the character c, of w bytes.
func escaped(c rune, w int) bool {
	return c < 0x20 || c == 0x7f || (c == utf8.RuneError && w == 1) || (c >= 0x80 && needsEscape(c))
}

// appendShown appends how printable shows the character at s[i], and
// returns its length in s.
func appendShown(u []byte, s string, i int) ([]byte, int) {
	c, w := utf8.DecodeRuneInString(s[i:])
	switch {
	case c == utf8.RuneError && w == 1:
		return append(u, '\\', 'x', lowerHex[s[i]>>4], lowerHex[s[i]&0xf]), w
	case c < 0x20 || c == 0x7f:
		switch c {
		case '\a':
			return append(u, `\a`...), w
		case '\b':
			return append(u, `\b`...), w
		case '\f':
			return append(u, `\f`...), w
		case '\n':
			return append(u, `\n`...), w
		case '\r':
			return append(u, `\r`...), w
		case '\t':
			return append(u, `\t`...), w
		case '\v':
			return append(u, `\v`...), w
		}
		return append(u, '\\', 'x', lowerHex[c>>4], lowerHex[c&0xf]), w
	case c >= 0x80 && needsEscape(c):
		return append(u, '\\', 'u', lowerHex[c>>12&0xf], lowerHex[c>>8&0xf], lowerHex[c>>4&0xf], lowerHex[c&0xf]), w
	}
	return append(u, s[i:i+w]...), w
}

const lowerHex = "0123456789abcdef"

// needsEscape reports whether the non-ASCII rune c is a C1 control, a bidi
// control or a line or paragraph separator.
func needsEscape(c rune) bool {
	switch {
	case c <= 0x9f: // C1
		return true
	case c == 0x061c, c == 0x200e, c == 0x200f, c == 0x2028, c == 0x2029:
		return true
	case 0x202a <= c && c <= 0x202e, 0x2066 <= c && c <= 0x2069:
		return true
	}
	return false
}

// maxErrorText caps a whole error text in a debug log record, and the text
// of an error that is not the SDK's own (a decoding or network error, whose
// text may quote what the server sent).
const maxErrorText = 16 << 10

// cleanError is an error whose text went through sanitize; it unwraps to the
// error it was made from, so that errors.Is and errors.As still reach it.
type cleanError struct {
	text string
	err  error
}

func (e *cleanError) Error() string { return e.text }

func (e *cleanError) Unwrap() error { return e.err }

// sanitizeError returns err with its text sanitized (r's secrets cut out,
// escaped, capped at maxErrorText), or err itself when that changes nothing.
func sanitizeError(err error, r *redactor) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	if clean := sanitize(text, r, maxErrorText); clean != text {
		return &cleanError{text: clean, err: err}
	}
	return err
}
