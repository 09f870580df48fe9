package reports

import (
	"bytes"
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
	// RetryAfter is how long the API asked to wait (X-RateLimit-Retry-After or
	// Retry-After), when it said.
	RetryAfter time.Duration
}

// FieldError is one validation error of a 400 answer.
type FieldError struct {
	Path          string `json:"path"`                    // the parameter, e.g. "end"
	Message       string `json:"message"`                 // what is wrong with it
	RejectedValue any    `json:"rejectedValue,omitempty"` // the value sent, as the API echoes it
	Source        string `json:"source,omitempty"`        // where the API found it, when it says
}

// redact cuts secret (the bearer token) out of an error body before it is
// parsed, should the answer echo it, so that no part of it reaches an error
// string or a log, whether the message is cut short or the token sits in a
// nested value.
func redact(body []byte, secret string) []byte {
	if secret == "" || !bytes.Contains(body, []byte(secret)) {
		return body
	}
	return bytes.ReplaceAll(body, []byte(secret), []byte("[redacted]"))
}

// Error says method, path, status and the API's message and field errors.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("reports: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.Message != "" && e.Message != http.StatusText(e.StatusCode) {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, fe := range e.Errors {
		b.WriteString("; ")
		if fe.Path != "" {
			b.WriteString(fe.Path)
			b.WriteString(": ")
		}
		b.WriteString(fe.Message)
		if fe.RejectedValue != nil {
			fmt.Fprintf(&b, " (rejected %v)", fe.RejectedValue)
		}
	}
	if e.LogRef != "" {
		b.WriteString(" (logRef ")
		b.WriteString(e.LogRef)
		b.WriteByte(')')
	}
	return b.String()
}

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

// parseAPIError decodes an error answer's body. It never fails: whatever the
// body, the result says the status and as much as the body told.
func parseAPIError(method, path string, status int, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: status}
	body = bytes.TrimSpace(body)
	var eb errorBody
	switch {
	case len(body) == 0:
	case body[0] == '{' && json.Unmarshal(body, &eb) == nil:
		e.LogRef = eb.LogRef
		e.Message = eb.Message
		if e.Message == "" && eb.Description != "" {
			e.Message = eb.Description
		}
		if e.Message == "" {
			e.Message = eb.Code
		}
		e.Errors = eb.flatten(nil)
	default:
		e.Message = plainMessage(body)
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	if e.Message == "" {
		e.Message = "HTTP status " + strconv.Itoa(status)
	}
	return e
}

// plainMessage makes a short, printable message of a plain-text body.
func plainMessage(body []byte) string {
	if len(body) > maxMessage {
		body = body[:maxMessage]
		for len(body) > 0 && !utf8.Valid(body) {
			body = body[:len(body)-1]
		}
	}
	return strings.Join(strings.Fields(strings.ToValidUTF8(string(body), "?")), " ")
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
// description; never the secret or the endpoint's raw body.
func (e *AuthError) Error() string {
	var b strings.Builder
	b.WriteString("reports: fetching OAuth2 token")
	if e.StatusCode != 0 {
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteByte(' ')
			b.WriteString(t)
		}
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(e.Description)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
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
