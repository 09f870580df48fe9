package reports

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// hostileToken has a character of every kind that an encoder escapes: URL
// (/ + = &), JSON (" and, for Go's encoder, < > &), HTML (& " <).
const hostileToken = `ab/cd+ef=gh&ij"kl<mn-0123456789`

// echoForms are the ways a server may echo a secret it was sent, by name:
// every form the redactor promises to cut out.
func echoForms(secret string) map[string]string {
	const cid = "client-id"
	jsonEncoded, _ := json.Marshal(secret) // Go's encoder: \" and \u003c \u003e \u0026
	var allU, solidus, decimal, allPercent strings.Builder
	for _, c := range secret {
		switch {
		case c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'):
			allU.WriteRune(c)
			decimal.WriteRune(c)
		case c > 0xffff:
			fmt.Fprintf(&allU, `\u%04X\u%04X`, 0xd800+(c-0x10000)>>10, 0xdc00+(c-0x10000)&0x3ff)
			fmt.Fprintf(&decimal, "&#%d;", c)
		default:
			fmt.Fprintf(&allU, `\u%04X`, c)
			fmt.Fprintf(&decimal, "&#%d;", c)
		}
		if c == '/' {
			solidus.WriteString(`\/`)
		} else {
			solidus.WriteRune(c)
		}
	}
	for i := range len(secret) {
		fmt.Fprintf(&allPercent, "%%%02x", secret[i])
	}
	b64 := func(enc *base64.Encoding, s string) string { return enc.EncodeToString([]byte(s)) }
	return map[string]string{
		"raw":                               secret,
		"JSON, Go's encoder":                string(jsonEncoded[1 : len(jsonEncoded)-1]),
		`JSON, \u for all but letters`:      allU.String(),
		`JSON, \/`:                          solidus.String(),
		"URL, query (+ for space)":          url.QueryEscape(secret),
		"URL, path (%20 for space)":         url.PathEscape(secret),
		"URL, every byte, lower case":       allPercent.String(),
		"HTML, named":                       html.EscapeString(secret),
		"HTML, decimal":                     decimal.String(),
		"base64 std":                        b64(base64.StdEncoding, secret),
		"base64 URL, raw":                   b64(base64.RawURLEncoding, secret),
		"base64 std of Bearer":              b64(base64.StdEncoding, "Bearer "+secret),
		"base64 URL of Bearer":              b64(base64.URLEncoding, "Bearer "+secret),
		"base64 std of Basic id:secret":     b64(base64.StdEncoding, "Basic "+cid+":"+secret),
		"base64 URL of Basic id:secret":     b64(base64.RawURLEncoding, "Basic "+cid+":"+secret),
		"Basic header, as x/oauth2 sends":   "Basic " + b64(base64.StdEncoding, url.QueryEscape(cid)+":"+url.QueryEscape(secret)),
		`base64 std of Bearer, JSON \/`:     strings.ReplaceAll(b64(base64.StdEncoding, "Bearer "+secret), "/", `\/`),
		"base64 std of Bearer, URL-escaped": url.QueryEscape(b64(base64.StdEncoding, "Bearer "+secret)),
	}
}

// leaks returns how text still gives the secret away, decoded each way a
// reader might decode it; "" if it does not. It is the property's oracle,
// written apart from the redactor.
func leaks(text, secret string) string {
	decodings := map[string]string{
		"raw":             text,
		"JSON-unescaped":  unescapeJSON(text),
		"percent-decoded": unescapePercent(text, false),
		"form-decoded":    unescapePercent(text, true),
		"HTML-unescaped":  unescapeHTML(text),
	}
	for name, d := range decodings {
		if strings.Contains(d, secret) {
			return name
		}
		if base64Holds(d, secret) {
			return "base64 of " + name
		}
	}
	return ""
}

// base64Holds reports whether a run of base64 characters of text (either
// alphabet), decoded at any alignment, holds secret.
func base64Holds(text, secret string) bool {
	isB64 := func(c rune) bool {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("+/-_", c)
	}
	for _, run := range strings.FieldsFunc(text, func(c rune) bool { return !isB64(c) }) {
		run = strings.NewReplacer("-", "+", "_", "/").Replace(run)
		for off := range 4 {
			if off >= len(run) {
				break
			}
			r := run[off:]
			if len(r)%4 == 1 {
				r = r[:len(r)-1]
			}
			if b, err := base64.RawStdEncoding.DecodeString(r); err == nil && bytes.Contains(b, []byte(secret)) {
				return true
			}
		}
	}
	return false
}

func unescapeJSON(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
			i++
		case 'b', 'f', 'n', 'r', 't':
			b.WriteByte(map[byte]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[c])
			i++
		case 'u':
			n, err := strconv.ParseUint(s[i+2:min(len(s), i+6)], 16, 16)
			if err != nil || i+6 > len(s) {
				b.WriteByte('\\')
				continue
			}
			c := rune(n)
			i += 5
			if c >= 0xd800 && c < 0xdc00 && i+7 <= len(s) && s[i+1:i+3] == `\u` {
				if lo, err := strconv.ParseUint(s[i+3:i+7], 16, 16); err == nil && lo >= 0xdc00 && lo < 0xe000 {
					c = 0x10000 + (c-0xd800)<<10 + rune(lo-0xdc00)
					i += 6
				}
			}
			b.WriteRune(c)
		default:
			b.WriteByte('\\')
		}
	}
	return b.String()
}

func unescapePercent(s string, plusIsSpace bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '%' && i+2 < len(s)+0 && i+3 <= len(s):
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
			b.WriteByte('%')
		case s[i] == '+' && plusIsSpace:
			b.WriteByte(' ')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func unescapeHTML(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		semi := strings.IndexByte(s[i:min(len(s), i+12)], ';')
		if s[i] != '&' || semi < 2 {
			b.WriteByte(s[i])
			continue
		}
		ref := s[i+1 : i+semi]
		named := map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'"}
		if v, ok := named[ref]; ok {
			b.WriteString(v)
			i += semi
			continue
		}
		var n uint64
		var err error = strconv.ErrSyntax
		if strings.HasPrefix(ref, "#x") || strings.HasPrefix(ref, "#X") {
			n, err = strconv.ParseUint(ref[2:], 16, 32)
		} else if strings.HasPrefix(ref, "#") {
			n, err = strconv.ParseUint(ref[1:], 10, 32)
		}
		if err != nil || n > utf8.MaxRune {
			b.WriteByte('&')
			continue
		}
		b.WriteRune(rune(n))
		i += semi
	}
	return b.String()
}

// TestRedactorEveryForm: each form of a secret, alone or amid text (valid
// JSON or not), is cut out, and nothing else is.
func TestRedactorEveryForm(t *testing.T) {
	for _, secret := range []string{hostileToken, testToken, "S3CR3T-client+secret/x", "with space & ü 😀 tail"} {
		r := newRedactor(secret)
		for name, form := range echoForms(secret) {
			for _, text := range []string{
				form,
				"before " + form + " after",
				`{"message":"bad token ` + form + `","broken": `,
				"Authorization: " + form + "\r\n",
			} {
				out := r.string(text)
				assert.Empty(t, leaks(out, secret), "%s: %q → %q", name, text, out)
				assert.Contains(t, out, redactedText, "%s: %q", name, text)
			}
		}
	}

	r := newRedactor(hostileToken)
	for _, s := range []string{"", "nothing to hide here", "ab/cd+ef=gh", "%2F%2B%3D", `\u0041\/`, "&amp;&#47;", "YWIvY2Q="} {
		assert.Equal(t, s, r.string(s), "not a secret: unchanged")
	}
	assert.Equal(t, "x [redacted] y", r.string("x "+hostileToken+" y"))
	assert.Equal(t, "Authorization: Bearer [redacted]", r.string("Authorization: Bearer "+url.QueryEscape(hostileToken)))
	assert.Equal(t, `"[redacted]"`, r.string(`"`+base64.StdEncoding.EncodeToString([]byte("Bearer "+hostileToken))+`"`),
		"a base64 match takes the whole run")

	var none *redactor
	assert.Equal(t, "x "+hostileToken, none.string("x "+hostileToken))
	assert.Nil(t, newRedactor("", ""))
}

// TestEchoedTokenEveryForm: a report answer that echoes the bearer token in
// any form, in a JSON body or a plain-text one (where a JSON-escaped echo is
// not decoded), reaches neither the error nor the debug log.
func TestEchoedTokenEveryForm(t *testing.T) {
	for name := range echoForms(hostileToken) {
		for _, ct := range []string{"text/plain", "application/json", "text/html"} {
			t.Run(name+" as "+ct, func(t *testing.T) {
				logger, logs := debugLogger()
				url := echoingReports(t, hostileToken, name, func(echo string) string {
					switch ct {
					case "application/json":
						return `{"logRef":"` + echo + `","message":"invalid token ` + echo + `","_embedded":{"errors":[{"path":"` + echo + `","message":"m","rejectedValue":["` + echo + `"]}]}}`
					case "text/html":
						return "<html><body><p>Your header was " + echo + "</p></body></html>"
					}
					return "invalid token " + echo + `, see {"token":"` + echo + `"`
				})
				src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: hostileToken})
				c, err := NewWithTokenSource(src, WithBaseURL(url), WithLogger(logger), WithMaxRetries(0))
				require.NoError(t, err)

				_, err = getCompany(c, t.Context())

				var ae *APIError
				require.ErrorAs(t, err, &ae)
				for what, text := range map[string]string{
					"Error()":      err.Error(),
					"%+v and %#v":  fmt.Sprintf("%+v %#v", err, ae),
					"the fields":   fmt.Sprint(ae.Message, ae.LogRef, ae.Errors),
					"the log":      logs.String(),
					"the log, raw": fmt.Sprint(logs.records(t)),
				} {
					assert.Empty(t, leaks(text, hostileToken), "%s: %s", what, text)
				}
				assert.Contains(t, err.Error(), redactedText)
			})
		}
	}
}

// keptHeaderNames are the headers of an answer the SDK reads: found with
// grep (Header.Get, resp.Header, h[...]) in client.go, auth.go and
// internal/retry. TestEchoedTokenInHeaders echoes the token in each.
var keptHeaderNames = []string{"Correlation-Id", "X-Ratelimit-Limit-Minute", "X-Ratelimit-Remaining-Minute", "X-Ratelimit-Retry-After", "Retry-After"}

// TestEchoedTokenInHeaders: an answer that echoes the bearer token in any
// header the SDK keeps or logs (the Correlation-Id of an error, the rate
// limit and Retry-After headers it reads), in any form the body redactor
// knows, puts it nowhere: not in APIError.CorrelationID or any other field,
// err.Error(), %+v or %#v, the RateLimit state, or the debug log. Tokens of
// two kinds: one with every character an encoder escapes, and one of digits
// only, which the numeric headers could carry as a number. Answers of
// three kinds: 500 (an error), 429 (an error that waits), 200 (a success
// whose headers are only read). Issue 26 item 3.
func TestEchoedTokenInHeaders(t *testing.T) {
	for _, token := range []string{hostileToken, "738261947"} {
		for form := range echoForms(token) {
			for _, header := range keptHeaderNames {
				for _, status := range []int{http.StatusInternalServerError, http.StatusTooManyRequests, http.StatusOK} {
					name := fmt.Sprintf("%s/%s in %s/%d", token, form, header, status)
					logger, logs := debugLogger()
					body := fixture(t, "company.json")
					s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						got, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
						w.Header().Set(header, echoForms(got)[form])
						w.WriteHeader(status)
						if status == http.StatusOK {
							_, _ = w.Write(body)
						}
					}))
					src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token})
					c, err := NewWithTokenSource(src, WithBaseURL(s.URL), WithLogger(logger), WithMaxRetries(0))
					require.NoError(t, err)

					_, err = getCompany(c, t.Context())
					s.Close()

					texts := map[string]string{
						"RateLimit": fmt.Sprintf("%+v %#v", c.RateLimit(), c.RateLimit()),
						"the log":   logs.String() + fmt.Sprint(logs.records(t)),
					}
					if status == http.StatusOK {
						require.NoError(t, err, name)
					} else {
						var ae *APIError
						require.ErrorAs(t, err, &ae, name)
						texts["Error()"] = err.Error()
						texts["%+v and %#v"] = fmt.Sprintf("%+v %#v %#v", err, ae, *ae)
						texts["CorrelationID"] = ae.CorrelationID
					}
					for what, text := range texts {
						if leak := leaks(text, token); leak != "" {
							t.Errorf("%s: %s gives the token away (%s): %s", name, what, leak, text)
						}
					}
				}
			}
		}
	}
}

// TestAnswerHeadersKeepTheRest: the headers the SDK reads keep their clean
// values, in order, beside the ones cut; a header it does not read is left
// out once one is cut; with nothing to cut, the answer's own header is used.
func TestAnswerHeadersKeepTheRest(t *testing.T) {
	r := newRedactor(hostileToken)
	h := http.Header{
		"Correlation-Id":           {"abc", "x " + hostileToken},
		"X-Ratelimit-Limit-Minute": {"400"},
		"Retry-After":              {"7"},
		"X-Other":                  {hostileToken},
	}
	got := answerHeaders(h, r)
	assert.Equal(t, http.Header{
		"Correlation-Id":           {"abc", "x " + redactedText},
		"X-Ratelimit-Limit-Minute": {"400"},
		"Retry-After":              {"7"},
	}, got)
	assert.Equal(t, hostileToken, h.Get("X-Other"), "the answer's header is not changed")

	h = http.Header{"Retry-After": {"30"}, "X-Ratelimit-Remaining-Minute": {"12"}, "Correlation-Id": {hostileToken}}
	assert.Equal(t, http.Header{"Retry-After": {"30"}, "X-Ratelimit-Remaining-Minute": {"12"}, "Correlation-Id": {redactedText}}, answerHeaders(h, r))

	clean := http.Header{"Correlation-Id": {"abc"}, "Retry-After": {"7"}}
	got = answerHeaders(clean, r)
	got["Probe"] = []string{"x"}
	assert.Equal(t, "x", clean.Get("Probe"), "nothing to cut: the same header, no copy")
}

// TestEchoedSecretEveryForm: a token endpoint that echoes the client secret
// in any form in error_description (the form it was sent, say) puts it into
// neither the error nor the debug log (so not into hsreports --verbose).
func TestEchoedSecretEveryForm(t *testing.T) {
	const secret = "S3CR3T-client+secret/x"
	forms := echoForms(secret)
	forms[formAsSent] = ""
	for name := range forms {
		t.Run(name, func(t *testing.T) {
			logger, logs := debugLogger()
			tokens := echoingTokenEndpoint(t, name)
			s, _ := newTestServer(t, serveFixture(t, "company.json"))
			c, err := New(testClientID, secret, WithBaseURL(s.URL), WithTokenURL(tokens), WithLogger(logger), WithMaxRetries(0))
			require.NoError(t, err)

			_, err = getCompany(c, t.Context())
			_, tokErr := c.Token(t.Context())

			var ae *AuthError
			require.ErrorAs(t, err, &ae)
			require.ErrorAs(t, tokErr, &ae)
			assert.Contains(t, ae.Description, redactedText)
			for what, text := range map[string]string{
				"Error()":    err.Error() + tokErr.Error(),
				"%+v, %#v":   fmt.Sprintf("%+v %#v %+v %#v", err, err, tokErr, tokErr),
				"the fields": ae.Code + ae.Description,
				"the log":    logs.String() + fmt.Sprint(logs.records(t)),
			} {
				assert.Empty(t, leaks(text, secret), "%s: %s", what, text)
			}
			assert.Empty(t, s.requests())
		})
	}
}

// TestPrintable: control and bidi characters are escaped, nothing else is,
// and a long text is cut at a character boundary with its length said.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, ünïcödé, 😀":    "plain text, ünïcödé, 😀",
		"\x1b]0;TITLE\a\x1b[31mRED": `\x1b]0;TITLE\a\x1b[31mRED`,
		"a\r\nforged line\tx\v\f\b": `a\r\nforged line\tx\v\f\b`,
		"nul\x00 del\x7f":           `nul\x00 del\x7f`,
		"c1 \u0085 \u009b31m":       `c1 \u0085 \u009b31m`,
		"bidi \u202egnp.exe \u2066x\u2069 \u202a\u202b\u202c\u202d \u2067\u2068": `bidi \u202egnp.exe \u2066x\u2069 \u202a\u202b\u202c\u202d \u2067\u2068`,
		"marks \u200e\u200f\u061c seps \u2028\u2029":                             `marks \u200e\u200f\u061c seps \u2028\u2029`,
		"bad \xff\xfe utf8":    `bad \xff\xfe utf8`,
		`already \x1b escaped`: `already \x1b escaped`,
	} {
		got := printable(in, maxPart)
		assert.Equal(t, want, got, "%q", in)
		assert.Equal(t, got, printable(got, maxPart), "idempotent")
	}

	long := strings.Repeat("é", 600) // 1200 bytes
	got := printable(long, maxPart)
	assert.Equal(t, strings.Repeat("é", 256)+"…(1200 bytes)", got)

	esc := strings.Repeat("\x1b", 200) // each escape is 4 bytes: 128 fit
	assert.Equal(t, strings.Repeat(`\x1b`, 128)+"…(200 bytes)", printable(esc, maxPart), "an escape is not split")

	assert.Equal(t, "exactly", printable("exactly", 7))
	assert.Equal(t, "exactl…(8 bytes)", printable("exactly!", 6))
}

// TestErrorTextEscaped: whatever a hostile server puts in an error answer,
// the error text has no control or bidi character and no part longer than
// maxPart, while the APIError's fields keep what the server said.
func TestErrorTextEscaped(t *testing.T) {
	const hostile = "\x1b]0;TITLE\a\x1b[31mRED\r\nhsreports: everything is fine\u202e\u2066\u0085"
	hostileJSON, _ := json.Marshal(hostile)
	body := `{"logRef":` + string(hostileJSON) + `,"message":` + string(hostileJSON) + `,"_embedded":{"errors":[` +
		`{"path":` + string(hostileJSON) + `,"message":` + string(hostileJSON) + `,"rejectedValue":{"k":` + string(hostileJSON) + `},"source":"Q"}]}}`
	logger, logs := debugLogger()
	_, c := newTestServer(t, answerWith(400, "application/vnd.error+json", body, "Correlation-Id", "corr\u202e-1"), WithLogger(logger))

	_, err := getCompany(c, t.Context())

	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assertPrintable(t, err.Error())
	assert.Contains(t, err.Error(), `400 Bad Request: \x1b]0;TITLE\a\x1b[31mRED\r\nhsreports: everything is fine\u202e\u2066\u0085; \x1b]0;TITLE`)
	assert.Contains(t, err.Error(), `Correlation-Id corr\u202e-1`)
	assert.Equal(t, hostile, ae.Message, "the field keeps the raw value")
	assert.Equal(t, hostile, ae.LogRef)
	assert.Equal(t, "corr\u202e-1", ae.CorrelationID)
	require.Len(t, ae.Errors, 1)
	assert.Equal(t, hostile, ae.Errors[0].Path)
	assert.Equal(t, map[string]any{"k": hostile}, ae.Errors[0].RejectedValue)
	recs := logs.records(t)
	require.NotEmpty(t, recs)
	for _, r := range recs {
		assertPrintable(t, fmt.Sprint(r["error"])) // what any handler gets
	}

	t.Run("plain text", func(t *testing.T) {
		_, c := newTestServer(t, answerWith(502, "text/plain", "oops \x1b[2J\x07\u202e gateway"))
		_, err := getCompany(c, t.Context())
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assertPrintable(t, err.Error())
		assert.Contains(t, err.Error(), `oops \x1b[2J\a\u202e gateway`)
		assert.Equal(t, "oops \x1b[2J\x07\u202e gateway", ae.Message)
	})

	t.Run("a 900 KB message", func(t *testing.T) {
		msg := strings.Repeat("A", 900<<10)
		_, c := newTestServer(t, answerWith(500, "application/json", `{"message":"`+msg+`","logRef":"`+msg[:600]+`"}`), WithMaxRetries(0))
		_, err := getCompany(c, t.Context())
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Len(t, ae.Message, 900<<10, "the field keeps it all")
		want := "reports: GET /v2/reports/company: 500 Internal Server Error: " + msg[:maxPart] + "…(921600 bytes) (logRef " + msg[:maxPart] + "…(600 bytes))"
		assert.Equal(t, want, err.Error())
	})

	t.Run("a thousand field errors", func(t *testing.T) {
		fes := strings.Repeat(`{"path":"p","message":"m"},`, 1000)
		_, c := newTestServer(t, answerWith(400, "application/json", `{"message":"bad","_embedded":{"errors":[`+fes[:len(fes)-1]+`]}}`))
		_, err := getCompany(c, t.Context())
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Len(t, ae.Errors, 1000)
		assert.Equal(t, "reports: GET /v2/reports/company: 400 Bad Request: bad"+strings.Repeat("; p: m", 20)+"; and 980 more field errors", err.Error())
	})

	t.Run("the token endpoint's error_description", func(t *testing.T) {
		const osc8 = "\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\\r\nok"
		desc, _ := json.Marshal(osc8)
		tokens := httptest.NewServer(answerWith(400, "application/json", `{"error":"invalid_grant\u001b[5m","error_description":`+string(desc)+`}`))
		t.Cleanup(tokens.Close)
		s, _ := newTestServer(t, serveFixture(t, "company.json"))
		logger, logs := debugLogger()
		c, err := New(testClientID, testClientSecret, WithBaseURL(s.URL), WithTokenURL(tokens.URL+"/token"), WithLogger(logger))
		require.NoError(t, err)
		_, err = getCompany(c, t.Context())
		var ae *AuthError
		require.ErrorAs(t, err, &ae)
		assertPrintable(t, err.Error())
		assert.Equal(t, osc8, ae.Description, "the field keeps the raw value")
		assert.Equal(t, "invalid_grant\x1b[5m", ae.Code)
		assert.Equal(t, `reports: GET /v2/reports/company: fetching OAuth2 token: 400 Bad Request: invalid_grant\x1b[5m: \x1b]8;;https://evil.example/\x1b\click here\x1b]8;;\x1b\\r\nok`, err.Error())
		for _, r := range logs.records(t) {
			assertPrintable(t, fmt.Sprint(r["error"]))
		}
	})

	t.Run("a transport error that quotes the server", func(t *testing.T) {
		cause := errors.New("tls: server said \x1b]0;pwned\a\u202e")
		hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, cause })}
		logger, logs := debugLogger()
		src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken})
		c, err := NewWithTokenSource(src, WithBaseURL("https://api.helpscout.test"), WithHTTPClient(hc), WithMaxRetries(0), WithLogger(logger))
		require.NoError(t, err)
		_, err = getCompany(c, t.Context())
		require.ErrorIs(t, err, cause)
		assertPrintable(t, err.Error())
		assert.Contains(t, err.Error(), `tls: server said \x1b]0;pwned\a\u202e`)
		for _, r := range logs.records(t) {
			assertPrintable(t, fmt.Sprint(r["error"]))
		}
	})

	t.Run("a 200 whose value does not decode", func(t *testing.T) {
		date := strings.Repeat("\u202e", 100<<10) + testToken
		_, c := newTestServer(t, answerWith(200, "application/json", `{"current":{"startDate":"`+date+`"}}`))
		_, err := getCompany(c, t.Context())
		var pe *time.ParseError
		require.ErrorAs(t, err, &pe, "the decoding error is still there to match")
		assertPrintable(t, err.Error())
		assert.NotContains(t, err.Error(), testToken)
		assert.Less(t, len(err.Error()), maxErrorText+100)
	})
}

// echoingReports serves report routes that answer 400 with body(echo),
// echo being the bearer token the request carried in the named echo form.
func echoingReports(t *testing.T, token, form string, body func(echo string) string) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || got != token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, body(echoForms(got)[form]))
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// formAsSent names the echo of the whole token request body.
const formAsSent = "the form, as sent"

// echoingTokenEndpoint is a token endpoint that refuses every request with
// an error_description that echoes the client secret in the named form, or
// the request body as it came (formAsSent). It returns the endpoint's URL.
func echoingTokenEndpoint(t *testing.T, form string) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		q, _ := url.ParseQuery(string(raw))
		desc := "unknown client_secret " + echoForms(q.Get("client_secret"))[form]
		if form == formAsSent {
			desc = "malformed request: " + string(raw)
		}
		b, _ := json.Marshal(map[string]string{"error": "invalid_client", "error_description": desc})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write(b)
	}))
	t.Cleanup(s.Close)
	return s.URL + "/token"
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// assertPrintable fails if text has a control or bidi character.
func assertPrintable(t *testing.T, text string) {
	t.Helper()
	if i := firstUnprintable(text); i >= 0 {
		t.Errorf("unprintable character at %d of %q", i, text)
	}
}

// BenchmarkRedact1MiB cuts a token out of a 1 MiB error body (the most that
// is read): ordinary text, and the worst case where every byte may start
// an encoded character.
func BenchmarkRedact1MiB(b *testing.B) {
	for name, body := range map[string]string{
		"text":    strings.Repeat("the quick brown fox "+testToken[:8]+" ", 1<<20/38),
		"escapes": strings.Repeat(`%\&`, 1<<20/3),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				_ = parseAPIError(http.MethodGet, "/v2/reports/company", 500, []byte(body), hostileToken)
			}
		})
	}
}

// TestRedactorBoundedWork: a secret and a text made to be slow to search
// (every position a long partial match) cost a bounded number of steps: the
// text is cut out whole rather than searched for minutes. Ordinary text,
// and text full of escapes that match nothing, is searched to its end.
func TestRedactorBoundedWork(t *testing.T) {
	ordinary := strings.Repeat("some text, 100%25 \\u0041 &amp; ", 1<<15)
	for name, tc := range map[string]struct{ secret, text, want string }{
		"a run of one letter":    {strings.Repeat("a", 4000) + "b", strings.Repeat("a", 1<<20), redactedText},
		"percent signs, escaped": {strings.Repeat("%", 4000), strings.Repeat("%25", 1<<20/3), redactedText},
		"backslashes, escaped":   {strings.Repeat(`\`, 4000) + "x", strings.Repeat(`\\`, 1<<19), redactedText},
		"a megabyte token, raw":  {strings.Repeat("t", 1<<20), "x" + strings.Repeat("t", 1<<20) + "y", "x" + redactedText + "y"},
		"ordinary text":          {hostileToken, ordinary + url.QueryEscape(hostileToken), ordinary + redactedText},
		"escapes, no secret":     {hostileToken, strings.Repeat(`%\&+-_`, 1<<20/6), strings.Repeat(`%\&+-_`, 1<<20/6)},
	} {
		t.Run(name, func(t *testing.T) {
			assert.True(t, newRedactor(tc.secret).string(tc.text) == tc.want)
		})
	}
}
