package reports

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors. An *APIError matches the one for its status code with
// errors.Is; an *AuthError matches ErrUnauthorized when the token endpoint
// refused the credentials.
var (
	// ErrInvalidParams is matched by every *ParamError: the params were
	// refused before any request was sent.
	ErrInvalidParams = errors.New("reports: invalid params")
	// ErrUnauthorized is matched by a 401 answer and by refused credentials.
	ErrUnauthorized = errors.New("reports: unauthorized")
	// ErrForbidden is matched by a 403 answer, e.g. a plan without reports.
	ErrForbidden = errors.New("reports: forbidden")
	// ErrNotFound is matched by a 404 answer.
	ErrNotFound = errors.New("reports: not found")
	// ErrRateLimited is matched by a 429 answer that was still limited after
	// the retries.
	ErrRateLimited = errors.New("reports: rate limited")
)

// maxErrorBody caps how much of an error body is read.
const maxErrorBody = 1 << 20

// maxMessage caps how much of a plain-text error body lands in Message.
const maxMessage = 512

// APIError is an answer of the API with a status code of 400 or above. It is
// decoded from the API's vnd.error body, from an OAuth-style error body, from
// plain text or from an empty body.
type APIError struct {
	Method     string       // the HTTP method, GET
	Path       string       // the request path, without the query
	StatusCode int          // the HTTP status code
	Message    string       // the API's message, or the status text when the body had none
	LogRef     string       // the API's reference to quote to Help Scout support
	Errors     []FieldError // the validation errors, flattened
	// CorrelationID is the answer's Correlation-Id header, which identifies
	// the request in Help Scout's logs; quote it with LogRef to support. As
	// every header the SDK reads, it has the token cut out in every form
	// the body's fields have it cut out in.
	CorrelationID string
	// RetryAfter is how long the API asked to wait (X-RateLimit-Retry-After or
	// Retry-After), when it said.
	RetryAfter time.Duration
	// Attempts is how many requests the call made, this answer the last of
	// them: 1 when it was not retried.
	Attempts int
}

// FieldError is one validation error of a 400 answer.
type FieldError struct {
	Path          string `json:"path"`                    // the parameter, e.g. "end"
	Message       string `json:"message"`                 // what is wrong with it
	RejectedValue any    `json:"rejectedValue,omitempty"` // the value sent, as the API echoes it
	Source        string `json:"source,omitempty"`        // where the API found it, when it says
}

// Error says method, path, status, how many attempts were made, the API's
// message and field errors, its logRef and the correlation id:
//
//	reports: GET /v2/reports/company: 500 Internal Server Error after 4 attempts (logRef …, Correlation-Id …)
func (e *APIError) Error() string {
	return "reports: " + e.Method + " " + e.Path + ": " + e.detail()
}

// detail is the error text after "reports: METHOD path: ". Each part the
// server supplied is escaped and capped (see sanitize); the fields keep the
// values as they came (with the token cut out).
func (e *APIError) detail() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.Message != "" && e.Message != http.StatusText(e.StatusCode) {
		b.WriteString(": ")
		b.WriteString(sanitize(e.Message, nil, maxPart))
	}
	for i, fe := range e.Errors {
		if i == maxFieldErrors {
			fmt.Fprintf(&b, "; and %d more field errors", len(e.Errors)-i)
			break
		}
		b.WriteString("; ")
		if fe.Path != "" {
			b.WriteString(sanitize(fe.Path, nil, maxPart))
			b.WriteString(": ")
		}
		b.WriteString(sanitize(fe.Message, nil, maxPart))
		if fe.RejectedValue != nil {
			b.WriteString(" (rejected ")
			b.WriteString(sanitize(fmt.Sprint(fe.RejectedValue), nil, maxPart))
			b.WriteByte(')')
		}
	}
	var refs []string
	if e.LogRef != "" {
		refs = append(refs, "logRef "+sanitize(e.LogRef, nil, maxPart))
	}
	if e.CorrelationID != "" {
		refs = append(refs, "Correlation-Id "+sanitize(e.CorrelationID, nil, maxPart))
	}
	if len(refs) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(refs, ", "))
		b.WriteByte(')')
	}
	return b.String()
}

// waitError is a call whose context ended while it waited to retry: it
// matches both the context's error and the last attempt's.
type waitError struct {
	path      string
	err, last error
}

func (e *waitError) Error() string {
	last := e.last.Error()
	if apiErr, ok := e.last.(*APIError); ok {
		last = apiErr.detail()
	}
	return "reports: GET " + e.path + ": " + e.err.Error() + " while waiting to retry after: " + last
}

func (e *waitError) Unwrap() []error { return []error{e.err, e.last} }

// Is matches the sentinel for the status code.
func (e *APIError) Is(target error) bool {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return target == ErrUnauthorized
	case http.StatusForbidden:
		return target == ErrForbidden
	case http.StatusNotFound:
		return target == ErrNotFound
	case http.StatusTooManyRequests:
		return target == ErrRateLimited
	}
	return false
}

// errorBody is the union of the error bodies the API answers with.
type errorBody struct {
	LogRef   string `json:"logRef"`
	Message  string `json:"message"`
	Path     string `json:"path"`
	Embedded struct {
		Errors []errorBody `json:"errors"`
	} `json:"_embedded"`
	RejectedValue any    `json:"rejectedValue"`
	Source        string `json:"source"`
	// OAuth-style bodies, as a report route answers an invalid token.
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

// flatten appends the nested validation errors of b.
func (b *errorBody) flatten(out []FieldError) []FieldError {
	for i := range b.Embedded.Errors {
		c := &b.Embedded.Errors[i]
		if c.Message != "" || c.Path != "" {
			out = append(out, FieldError{Path: c.Path, Message: c.Message, RejectedValue: c.RejectedValue, Source: c.Source})
		}
		out = c.flatten(out)
	}
	return out
}

// parseAPIError decodes an error answer's body, with token cut out of it. It
// never fails: whatever the body, the result says the status and as much as
// the body told.
func parseAPIError(method, path string, status int, body []byte, token string) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: status}
	r := newRedactor(token)
	body = bytes.TrimSpace(r.bytes(body))
	var eb errorBody
	switch {
	case len(body) == 0:
	case body[0] == '{' && json.Unmarshal(body, &eb) == nil:
		e.LogRef = r.field(eb.LogRef)
		e.Message = r.field(cmp.Or(eb.Message, eb.Description, eb.Code))
		e.Errors = eb.flatten(nil)
		for i := range e.Errors {
			fe := &e.Errors[i]
			fe.Path, fe.Message, fe.Source = r.field(fe.Path), r.field(fe.Message), r.field(fe.Source)
			fe.RejectedValue = r.value(fe.RejectedValue)
		}
	default:
		e.Message = plainMessage(body, r)
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	if e.Message == "" {
		e.Message = "HTTP status " + strconv.Itoa(status)
	}
	return e
}

// plainMessage makes a short message of a plain-text body (an HTML page, say)
// from which r's secrets were cut: whitespace runs made one space, bytes that
// are not UTF-8 made '?', and the first maxMessage bytes of that kept. It
// cuts the secrets again, should the collapsed whitespace or a '?' have made
// one.
func plainMessage(body []byte, r *redactor) string {
	msg := strings.Join(strings.Fields(strings.ToValidUTF8(string(body), "?")), " ")
	msg = string(cutUTF8([]byte(msg), maxMessage))
	return string(cutUTF8([]byte(r.field(msg)), maxMessage))
}

// cutUTF8 cuts b to at most n bytes, without the start of a character
// that the cut split.
func cutUTF8(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	b = b[:n]
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				b = b[:i]
			}
			break
		}
	}
	return b
}

// AuthError is a failure to get an access token from the token endpoint. It
// never carries the client secret or the token endpoint's raw body.
type AuthError struct {
	StatusCode  int    // the token endpoint's status code; 0 when no answer came
	Code        string // the OAuth2 error code, e.g. "invalid_client"
	Description string // the OAuth2 error description
	Err         error  // the underlying error when no answer came
}

// Error says the token fetch failed, with the endpoint's status, code and
// description; never the secret or the endpoint's raw body. The code, the
// description and the underlying error's text are escaped and capped (see
// sanitize); the fields keep them as they came (with the secret cut out).
func (e *AuthError) Error() string {
	var b strings.Builder
	b.WriteString("fetching OAuth2 token")
	if e.StatusCode != 0 {
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteByte(' ')
			b.WriteString(t)
		}
	}
	for _, part := range []string{e.Code, e.Description} {
		if part != "" {
			b.WriteString(": ")
			b.WriteString(sanitize(part, nil, maxPart))
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(sanitize(e.Err.Error(), nil, maxErrorText)) // an error's whole text, maybe of several parts
	}
	return b.String()
}

// Unwrap returns the underlying error, if any.
func (e *AuthError) Unwrap() error { return e.Err }

// Is makes refused credentials (400 or 401 from the token endpoint) match
// ErrUnauthorized.
func (e *AuthError) Is(target error) bool {
	return target == ErrUnauthorized && (e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusBadRequest)
}
