package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets. Their seeds are f.Add calls, every sample response in
// testdata, and the committed corpora in testdata/fuzz/<target>; .ci/fuzz
// runs each briefly. Property of all: never a panic, always a value or a
// clear error.

// resultCodec checks the round-trip property of one result type.
type resultCodec struct {
	typ   reflect.Type
	check func(data []byte) error
}

func codec[T any]() resultCodec { return resultCodec{reflect.TypeFor[T](), fuzzRoundTrip[T]} }

// fuzzRoundTrip is the property of one result type T: if data decodes, the
// result encodes, the encoding decodes, and encoding is then stable.
func fuzzRoundTrip[T any](data []byte) error {
	var v T
	if err := decode(data, &v); err != nil {
		return nil // refusing bad input is fine
	}
	first, err := json.Marshal(&v)
	if err != nil {
		return fmt.Errorf("decoded but does not encode: %w", err)
	}
	var again T
	if err := json.Unmarshal(first, &again); err != nil {
		return fmt.Errorf("its own encoding %s does not decode: %w", first, err)
	}
	second, err := json.Marshal(&again)
	if err != nil {
		return fmt.Errorf("re-decoded but does not encode: %w", err)
	}
	if !bytes.Equal(first, second) {
		return fmt.Errorf("encoding is not stable:\n%s\n%s", first, second)
	}
	return nil
}

// resultCodecs are the result types of the 32 endpoints.
var resultCodecs = []resultCodec{
	codec[ChatResult](),
	codec[EmailResult](),
	codec[PhoneResult](),
	codec[CompanyResult](),
	codec[CompanyCustomersHelpedResult](),
	codec[CompanyDrilldownResult](),
	codec[ConversationsResult](),
	codec[ConversationsNewConversationsResult](),
	codec[ConversationsChannelVolumesResult](),
	codec[ConversationsBusiestTimesResult](),
	codec[ConversationsDrilldownResult](),
	codec[ConversationsDrilldownByFieldResult](),
	codec[ConversationsNewConversationsDrilldownResult](),
	codec[ConversationsReceivedMessageStatsResult](),
	codec[DocsResult](),
	codec[HappinessResult](),
	codec[HappinessRatingsResult](),
	codec[ProductivityResult](),
	codec[ProductivityFirstResponseTimeResult](),
	codec[ProductivityRepliesSentResult](),
	codec[ProductivityResolutionTimeResult](),
	codec[ProductivityResolvedResult](),
	codec[ProductivityResponseTimeResult](),
	codec[UserResult](),
	codec[UserConversationHistoryResult](),
	codec[UserCustomersHelpedResult](),
	codec[UserDrilldownResult](),
	codec[UserHappinessResult](),
	codec[UserHappinessDrilldownResult](),
	codec[UserRepliesResult](),
	codec[UserResolutionsResult](),
	codec[UserChatResult](),
}

// addSamples adds every sample response in testdata as a seed.
func addSamples(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no samples in testdata: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// TestResultCodecsCoverEveryEndpoint checks that the fuzzed types are the
// results of all 32 GetX methods, and that every sample response passes the
// round trip as each of them.
func TestResultCodecsCoverEveryEndpoint(t *testing.T) {
	fuzzed := map[reflect.Type]bool{}
	for _, rc := range resultCodecs {
		fuzzed[rc.typ] = true
	}
	ct := reflect.TypeFor[*Client]()
	gets := 0
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if !strings.HasPrefix(m.Name, "Get") || m.Name == "Get" { // Get is the untyped escape hatch
			continue
		}
		gets++
		res := m.Type.Out(0).Elem()
		if !fuzzed[res] {
			t.Errorf("%s returns %v, which is not fuzzed", m.Name, res)
		}
	}
	if gets != 32 || len(resultCodecs) != 32 {
		t.Errorf("%d GetX methods and %d fuzzed results, want 32 each", gets, len(resultCodecs))
	}

	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, rc := range resultCodecs {
			if err := rc.check(b); err != nil {
				t.Errorf("%s as %v: %v", p, rc.typ, err)
			}
		}
	}
}

// FuzzDecodeResults feeds arbitrary bytes to the decoder of every result
// type: no panic, and what decodes encodes, decodes again and is stable.
func FuzzDecodeResults(f *testing.F) {
	addSamples(f)
	for _, s := range []string{
		`null`, `{}`, `[]`, `[null]`, `{"current":null}`, `{"current":{"startDate":"2026-01-01T00:00:00+05:30"}}`,
		`{"conversations":{"page":1e3,"pages":-1,"results":[{"id":1,"customerEmail":null}]}}`,
		`{"current":[{"date":"2020-01-01T00:00:00Z","messages":2.5},{"start":"2020-01-01T00:00:00Z","count":1}]}`,
		`{"results":[{"ratingId":4,"type":"fax","threadid":null}],"facets":{"a":[1,2]}}`,
		`{"CURRENT":{"Volume":{"Total":1}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, rc := range resultCodecs {
			if err := rc.check(data); err != nil {
				t.Errorf("%v: %v", rc.typ, err)
			}
		}
	})
}

// fuzzToken is the bearer token of FuzzParseAPIError; it has the characters
// JSON encoders escape.
const fuzzToken = "tok/en+9xyz"

// FuzzParseAPIError feeds arbitrary error answers to parseAPIError: no panic,
// the status kept, a non-empty valid-UTF-8 message, an error string that says
// the status and never the bearer token, however the body encodes it, that
// has no control or bidi character and stays short, and only the status's
// own sentinel matched.
func FuzzParseAPIError(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
	}{
		{400, `{"logRef":"x#1","message":"Bad request","_embedded":{"errors":[{"path":"start","message":"Malformed date","rejectedValue":"x"}]}}`},
		{401, `{"error":"invalid_token","error_description":"The access token is invalid or has expired"}`},
		{403, ``},
		{404, `Unknown URL`},
		{429, `{"message":"API rate limit exceeded"}`},
		{500, "<html><body>\xff\xfe oops</body></html>"},
		{502, `{"message":""}`},
		{503, `{"_embedded":{"errors":[{"_embedded":{"errors":[{"message":"deep"}]}}]}}`},
		{418, `{`},
		{400, `{"message":7}`},
		{400, "   \n\t "},
		{401, `{"message":"bad token tok\/en\u002b9xyz","logRef":"tok/en+9xyz"}`},
		{400, `{"_embedded":{"errors":[{"path":"tok\u002fen+9xyz","rejectedValue":{"tok\/en+9xyz":["tok\u002Fen\u002B9xyz"]}}]}}`},
		{400, `{"message":"\u001b]0;TITLE\u0007\u001b[31mRED\r\nhsreports: ok","logRef":"\u202e","_embedded":{"errors":[{"path":"\u0085","rejectedValue":["\u2066"]}]}}`},
		{502, "<html>\x1b[2J\a\u202e tok%2Fen%2B9xyz dG9rL2VuKzl4eXo=</html>"},
	} {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 || status/100 == 2 {
			return // net/http gives 3-digit codes; 2xx are no errors
		}
		e := parseAPIError(http.MethodGet, "/v2/reports/company", status, body, fuzzToken)
		if e == nil {
			t.Fatal("nil error")
		}
		if e.StatusCode != status || e.Method != http.MethodGet || e.Path != "/v2/reports/company" {
			t.Fatalf("status, method or path lost: %+v", e)
		}
		if e.Message == "" {
			t.Fatalf("empty Message for status %d, body %q", status, body)
		}
		if !utf8.ValidString(e.Message) {
			t.Fatalf("Message is not valid UTF-8: %q", e.Message)
		}
		msg := e.Error()
		if strings.Contains(msg, fuzzToken) {
			t.Fatalf("Error() %q holds the token", msg)
		}
		if bad := firstUnprintable(msg); bad >= 0 {
			t.Fatalf("Error() %q has a control or bidi character at %d", msg, bad)
		}
		if len(msg) > 64<<10 {
			t.Fatalf("Error() is %d bytes", len(msg))
		}
		if !strings.Contains(msg, strconv.Itoa(status)) || !strings.Contains(msg, "GET /v2/reports/company") {
			t.Fatalf("Error() %q does not say the request and status", msg)
		}
		for code, sentinel := range map[int]error{401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound, 429: ErrRateLimited} {
			if errors.Is(e, sentinel) != (status == code) {
				t.Fatalf("status %d: errors.Is(%v) = %v", status, sentinel, errors.Is(e, sentinel))
			}
		}
	})
}

// FuzzRedact: a random secret, echoed in any form the redactor promises
// (echoForms) between random text, leaves nothing that gives it away
// however the result is decoded (leaks): neither the redactor's output nor
// the message and error text parseAPIError makes of that body.
func FuzzRedact(f *testing.F) {
	for _, s := range []struct {
		secret, prefix, suffix string
		form                   uint8
	}{
		{hostileToken, "invalid token ", "", 0},
		{testToken, `{"message":"`, `"}`, 1},
		{"S3CR3T-client+secret/x", "client_secret=", "&grant_type=client_credentials", 4},
		{"with space & ü 😀 tail", "<p>", "</p>", 7},
		{"\x00\x1b[31m\u202e secret", "Authorization: ", "\r\n", 9},
		{"aaaaaaaaaaaaaaaaaaaa", "aaaa", "aaaa", 12},
		{"\\\\\\\\%%%%&&&&", `\\%&`, `\u005c`, 2},
	} {
		f.Add(s.secret, s.prefix, s.suffix, s.form)
	}
	f.Fuzz(func(t *testing.T, secret, prefix, suffix string, form uint8) {
		if len(secret) < 8 || strings.ContainsAny(secret, "[]") {
			return // shorter secrets have no base64 form looked for; [ ] would meet "[redacted]"
		}
		forms := echoForms(secret)
		names := slices.Sorted(maps.Keys(forms))
		name := names[int(form)%len(names)]
		text := prefix + forms[name] + suffix

		out := newRedactor(secret).string(text)
		if how := leaks(out, secret); how != "" {
			t.Fatalf("%s echo: %q\nredacted: %q\nstill holds the secret, %s", name, text, out, how)
		}

		e := parseAPIError(http.MethodGet, "/v2/reports/company", 500, []byte(text), secret)
		if how := leaks(e.Message, secret); how != "" {
			t.Fatalf("%s echo: %q\nMessage %q holds the secret, %s", name, text, e.Message, how)
		}
		if b := bytes.TrimSpace([]byte(text)); len(b) > 0 && b[0] == '{' && json.Valid(b) {
			return // Error() joins parts decoded from JSON: checked by FuzzParseAPIError
		}
		if how := leaks(e.Error(), secret); how != "" {
			t.Fatalf("%s echo: %q\nError() %q holds the secret, %s", name, text, e.Error(), how)
		}
	})
}

// FuzzPrintable: printable's output has no control or bidi character, is
// valid UTF-8, is stable under printable, keeps clean short text as it is,
// and is cut to the limit with the note of the length.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]0;TITLE\a", "\u202e\u2066\u0085", "bad \xff", strings.Repeat("é", 300), `\x1b`} {
		f.Add(s, uint16(maxPart))
	}
	f.Add("exactly!", uint16(7))
	f.Fuzz(func(t *testing.T, s string, limit uint16) {
		n := int(limit % 2048)
		out := printable(s, n)
		if bad := firstUnprintable(out); bad >= 0 {
			t.Fatalf("printable(%q, %d) = %q: unprintable at %d", s, n, out, bad)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("printable(%q, %d) = %q: not UTF-8", s, n, out)
		}
		if again := printable(out, len(out)); again != out {
			t.Fatalf("not stable: %q then %q", out, again)
		}
		full := printable(s, 1<<30)
		if len(full) <= n {
			if out != full {
				t.Fatalf("printable(%q, %d) = %q, want %q uncut", s, n, out, full)
			}
			if firstUnprintable(s) < 0 && utf8.ValidString(s) && out != s {
				t.Fatalf("clean %q changed to %q", s, out)
			}
			return
		}
		note := "…(" + strconv.Itoa(len(s)) + " bytes)"
		kept, ok := strings.CutSuffix(out, note)
		if !ok || len(kept) > n || !strings.HasPrefix(full, kept) {
			t.Fatalf("printable(%q, %d) = %q: want at most %d bytes of %q then %q", s, n, out, n, full, note)
		}
	})
}

// firstUnprintable returns the index of the first control or bidi character
// (or byte that is not UTF-8) of s, -1 if none.
func firstUnprintable(s string) int {
	for i, c := range s {
		if c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 ||
			c == 0x200e || c == 0x200f || c == 0x061c || c == 0x2028 || c == 0x2029 || c == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return i
		}
	}
	return -1
}
