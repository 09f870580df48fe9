package drift

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// maxBody bounds the answer a Recorder keeps, well above any report's.
const maxBody = 64 << 20

// tokenPath ends the token endpoint's path, whose answers are never kept.
const tokenPath = "/v2/oauth2/token"

// Recorder is an http.RoundTripper that keeps a copy of the last API
// answer (a report, under /v2/reports/, or a list, such as /v2/users) and
// counts every request, token requests included. Token answers are never
// kept. Give it to the SDK with reports.WithHTTPClient(&http.Client{Transport:
// rec}).
type Recorder struct {
	// Base sends the requests; nil is http.DefaultTransport.
	Base http.RoundTripper
	// Max is how many requests may be sent, all told; after that a request
	// fails without being sent. 0 is no limit.
	Max int

	mu   sync.Mutex
	sent int
	last *Exchange
}

// Exchange is an API answer as it came.
type Exchange struct {
	Path   string // the request's path from /v2/ on, e.g. /v2/reports/company
	Status int
	Body   []byte
}

// RoundTrip sends req through Base and keeps an API answer's body: any
// answer but the token endpoint's.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	if r.Max > 0 && r.sent >= r.Max {
		r.mu.Unlock()
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("drift: the budget of %d requests is spent", r.Max)
	}
	r.sent++
	r.mu.Unlock()

	base := r.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || strings.HasSuffix(req.URL.Path, tokenPath) {
		return resp, err
	}
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	_ = resp.Body.Close()
	var rest io.Reader = bytes.NewReader(body)
	if readErr != nil {
		// The SDK sees the body cut off as it was.
		rest = io.MultiReader(rest, errReader{readErr})
	}
	resp.Body = io.NopCloser(rest)

	path := req.URL.Path
	if i := strings.Index(path, "/v2/"); i > 0 {
		path = path[i:] // without a base URL's prefix
	}
	r.mu.Lock()
	r.last = &Exchange{Path: path, Status: resp.StatusCode, Body: body}
	r.mu.Unlock()
	return resp, nil
}

// Take returns the last API answer and forgets it; false when there is
// none since the last Take.
func (r *Recorder) Take() (Exchange, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	last := r.last
	r.last = nil
	if last == nil {
		return Exchange{}, false
	}
	return *last, true
}

// Sent is how many requests were sent.
func (r *Recorder) Sent() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
