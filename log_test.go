package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logBuffer is a JSON slog handler's output, safe for concurrent writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// records decodes the JSON lines written so far.
func (b *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(bytes.NewReader([]byte(b.String())))
	for sc.Scan() {
		var r map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), "%s", sc.Bytes())
		recs = append(recs, r)
	}
	return recs
}

// debugLogger returns a logger at debug level that writes JSON into a buffer.
func debugLogger() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

func TestLogRecordsEachAttempt(t *testing.T) {
	logger, logs := debugLogger()
	ok := serveFixture(t, "company.json")
	remaining := 42
	h := faultsThen(ok, injected(http.StatusServiceUnavailable), injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "3"))
	s, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		remaining--
		w.Header().Set("X-RateLimit-Limit-Minute", "400")
		w.Header().Set("X-RateLimit-Remaining-Minute", fmt.Sprint(remaining))
		h(w, r)
	})
	synctest.Test(t, func(t *testing.T) {
		c, _ := inProcess(t, s, WithLogger(logger), WithRetryBackoff(time.Second, time.Second))

		_, err := c.GetCompany(t.Context(), CompanyParams{Filters: Filters{Tags: []int64{9}}})

		require.NoError(t, err)
		recs := logs.records(t)
		require.Len(t, recs, 3, "one record per attempt")
		want := []struct {
			status    float64
			wait      time.Duration
			remaining float64
			err       string
		}{
			{503, 0, 41, "503 Service Unavailable"}, // backoff between base/2 and base: checked below
			{429, 3 * time.Second, 40, "429 Too Many Requests"},
			{200, 0, 39, ""},
		}
		for i, r := range recs {
			assert.Equal(t, "DEBUG", r["level"])
			assert.Equal(t, "reports: attempt", r["msg"])
			assert.Equal(t, "GET", r["method"])
			assert.Equal(t, "/v2/reports/company", r["path"])
			assert.Contains(t, r["query"], "tags=9")
			assert.Equal(t, want[i].status, r["status"])
			assert.Equal(t, float64(i+1), r["attempt"])
			assert.Equal(t, want[i].remaining, r["ratelimit_remaining"])
			assert.Contains(t, r, "duration")
			if i == 0 {
				assert.InDelta(t, float64(750*time.Millisecond), r["retry_wait"], float64(250*time.Millisecond))
			} else {
				assert.Equal(t, float64(want[i].wait), r["retry_wait"])
			}
			if want[i].err == "" {
				assert.NotContains(t, r, "error")
			} else {
				assert.Contains(t, r["error"], want[i].err)
			}
		}
	})
}

func TestLogRecordsNetworkFailures(t *testing.T) {
	logger, logs := debugLogger()
	_, c := newTestServer(t, faultsThen(serveFixture(t, "company.json"), hangUp(t)), WithLogger(logger), WithHTTPClient(noKeepAlives()))

	_, err := getCompany(c, t.Context())

	require.NoError(t, err)
	recs := logs.records(t)
	require.Len(t, recs, 2)
	assert.Equal(t, float64(0), recs[0]["status"], "no answer")
	assert.Contains(t, recs[0]["error"], "EOF")
	assert.Positive(t, recs[0]["retry_wait"])
	assert.Equal(t, float64(200), recs[1]["status"])
}

func TestSilentByDefault(t *testing.T) {
	// Not parallel: it swaps the process's default logger to catch records
	// that would go there.
	defaultLogs := &logBuffer{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(defaultLogs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	infoLogger := func() (*slog.Logger, *logBuffer) {
		b := &logBuffer{}
		return slog.New(slog.NewJSONHandler(b, nil)), b
	}
	info, infoLogs := infoLogger()

	for _, opts := range [][]Option{nil, {WithLogger(info)}} {
		h := faultsThen(serveFixture(t, "company.json"), injected(http.StatusBadGateway))
		_, c := newTestServer(t, h, opts...)
		_, err := getCompany(c, t.Context())
		require.NoError(t, err)
		_, err = c.GetCompanyDrilldown(t.Context(), CompanyDrilldownParams{Paging: Paging{Rows: 51}})
		require.ErrorIs(t, err, ErrInvalidParams)
	}
	assert.Empty(t, defaultLogs.String(), "nothing goes to slog's default logger")
	assert.Empty(t, infoLogs.String(), "attempts are logged at debug level only")
}

// TestSecretsNeverLeak makes calls fail in every way that involves the
// credentials or the token, and scans the errors (printed every way) and the
// debug log for the client secret and the access token.
func TestSecretsNeverLeak(t *testing.T) {
	// echoForm is a token endpoint that answers with the request's form,
	// secret included, as a careless or hostile server might.
	echoForm := func(status int, asJSON bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			form := r.PostForm.Encode()
			if asJSON {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = fmt.Fprintf(w, `{"error":"invalid_client","error_description":"unknown client_secret %s","echo":%q}`,
					r.PostForm.Get("client_secret"), form)
				return
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, form)
		}
	}
	closed := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		return "http://" + addr + "/token"
	}()
	redirectAway := func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:1/v2/reports/company", http.StatusFound)
	}

	tests := []struct {
		name   string
		report http.HandlerFunc
		token  http.HandlerFunc // nil: the test server's own endpoint
		opts   []Option
	}{
		{"token endpoint echoes the form as text", nil, echoForm(500, false), nil},
		{"token endpoint echoes the secret in its error", nil, echoForm(401, true), nil},
		{"token endpoint unreachable", nil, nil, []Option{WithTokenURL(closed)}},
		{"token endpoint hangs up", nil, hangUp(t), nil},
		{"401 twice", injected(http.StatusUnauthorized), nil, nil},
		{"429", injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "0"), nil, nil},
		{"500", injected(http.StatusInternalServerError), nil, nil},
		{"hang-up", hangUp(t), nil, nil},
		{"reset", resetConn(t), nil, nil},
		{"body cut off", cutBody(t), nil, nil},
		{"undecodable", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "{") }, nil, nil},
		{"redirect to another host", redirectAway, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := debugLogger()
			report := tt.report
			if report == nil {
				report = serveFixture(t, "company.json")
			}
			opts := append([]Option{WithLogger(logger), WithHTTPClient(noKeepAlives()), WithMaxRetries(1)}, tt.opts...)
			if tt.token != nil {
				u, _ := tokenEndpoint(t, rep(5, tt.token)...)
				opts = append(opts, WithTokenURL(u))
			}
			_, c := newTestServer(t, report, opts...)

			_, err := getCompany(c, t.Context())
			_, tokErr := c.Token(t.Context())

			require.Error(t, err)
			printed := []string{
				fmt.Sprintf("%v | %+v | %#v | %s | %q", err, err, err, err, err),
				fmt.Sprintf("%v | %+v | %#v", tokErr, tokErr, tokErr),
				fmt.Sprintf("%v | %+v | %#v | %s", c, c, c, c),
				logs.String(),
			}
			for _, p := range printed {
				assert.NotContains(t, p, testClientSecret)
				assert.NotContains(t, p, testToken)
			}
			assert.NotEmpty(t, logs.String(), "the attempts were logged")
		})
	}
}

func TestClientPrintsNoSecret(t *testing.T) {
	_, c := newTestServer(t, serveFixture(t, "company.json"))
	_, err := getCompany(c, t.Context()) // a token is cached now
	require.NoError(t, err)

	for _, s := range []string{
		fmt.Sprintf("%v %+v %#v %s %q %x", c, c, c, c, c, c),
		fmt.Sprint(c),
		// The struct itself, as a careless fmt.Printf("%+v", *c) would print
		// it (reflect.Value spares copying its mutex).
		fmt.Sprintf("%v %+v %#v", reflect.ValueOf(c).Elem(), reflect.ValueOf(c).Elem(), reflect.ValueOf(c).Elem()),
	} {
		assert.NotContains(t, s, testClientSecret)
		assert.NotContains(t, s, testToken)
	}
	assert.Contains(t, fmt.Sprint(c), c.root, "it still says which API it talks to")
}
