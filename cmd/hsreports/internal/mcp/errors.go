package mcp

// The text of a tool error: in the tool's words, each value it echoes
// capped, and nothing a terminal or a log would obey.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// maxEcho caps, in bytes, each value an error echoes, as the SDK caps each
// part of its errors.
const maxEcho = 512

// toolError says what went wrong, as the command would on stderr, made
// safe (safeText); with flags, in the arguments' words (--start is start).
func (s *server) toolError(err error, flags bool) string {
	var pe *reports.ParamError
	var text string
	switch {
	case errors.As(err, &pe):
		text = input.FlagOf(pe.Field) + ": " + input.FlagsIn(pe.Reason)
	case errors.Is(err, context.DeadlineExceeded) && s.a.Flags.Timeout > 0 && !strings.Contains(err.Error(), "--timeout"):
		text = fmt.Sprintf("no answer within --timeout %v: %v", s.a.Flags.Timeout, err)
	default:
		text = err.Error()
	}
	if flags {
		text = argWords(text)
	}
	return safeText(text)
}

var flagRef = regexp.MustCompile(`--([a-z][a-z-]*)`)

// argWords speaks of a tool's arguments where the command's text speaks
// of flags: "--tz" is "tz". The server's own flags (--timeout) stay.
func argWords(s string) string {
	return flagRef.ReplaceAllStringFunc(s, func(m string) string {
		if argNames()[m[2:]] {
			return m[2:]
		}
		return m
	})
}

// argNames are the names of every tool's arguments.
var argNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	for _, r := range catalog.All() {
		for _, a := range reportArgs(r) {
			names[a.Name] = true
		}
	}
	for _, t := range []*mcp.Tool{historyTool("UTC"), lookupTool()} {
		for _, a := range t.InputSchema.(objectSchema) {
			names[a.name] = true
		}
	}
	return names
})

// safeText is an error's text made safe to show and to log: each quoted
// value (Go's %q) capped at maxEcho bytes of what it quotes, any other run
// of more than maxEcho bytes without a space cut the same way, both saying
// how long they were, and control and bidi characters escaped (as
// cmdutil.EscapeText does for the command's stderr).
func safeText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			b.WriteString(capRuns(s))
			break
		}
		b.WriteString(capRuns(s[:i]))
		s = s[i:]
		q, err := strconv.QuotedPrefix(s)
		if err != nil { // a lone quote
			b.WriteByte('"')
			s = s[1:]
			continue
		}
		s = s[len(q):]
		v, err := strconv.Unquote(q)
		if err != nil || len(v) <= maxEcho {
			b.WriteString(q)
			continue
		}
		b.WriteString(strconv.Quote(cutUTF8(v, maxEcho)))
		fmt.Fprintf(&b, "…(%d bytes)", len(v))
	}
	return cmdutil.EscapeText(b.String())
}

// capRuns cuts each run of s without a space that is longer than maxEcho
// bytes.
func capRuns(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], " \n\t")
		if j < 0 {
			j = len(s) - i
		}
		run := s[i : i+j]
		if len(run) > maxEcho {
			b.WriteString(cutUTF8(run, maxEcho))
			fmt.Fprintf(&b, "…(%d bytes)", len(run))
		} else {
			b.WriteString(run)
		}
		i += j
		if i < len(s) {
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// cutUTF8 cuts s to at most n bytes, not within a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
