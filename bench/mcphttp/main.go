// Command mcphttp measures `hsreports mcp --http` serving a team: N
// concurrent sessions (50 by default), each calling report tools, against
// reportstest with a fixed-window rate limit: the peak RSS of the hsreports
// process, the 429s the fake sent (the target is 0: every session shares
// the server's one client, so one pacer holds the account's limit), the
// rate of its report requests as a share of the limit, and the tool errors.
//
//	go run ./bench/mcphttp                                   # 50 sessions, 8 calls each, 400 requests a minute
//	go run ./bench/mcphttp -sessions 50 -calls 8 -limit 400
//
// The sessions speak Streamable HTTP with net/http (initialize, the
// initialized notification, tools/call; answers as JSON or server-sent
// events), so that the library's module needs no MCP client; hsreports runs
// as its own process (HELPSCOUT_API_URL), with a bearer token, so that its
// RSS is its own.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/helpscout-go/reports/bench/internal/child"
	"github.com/helpscout-go/reports/reportstest"
)

const token = "bench-token-0123456789abcdef0123456789"

// tools are the calls a session makes, in turn: overall reports, series
// and pages of lists.
var tools = []struct {
	name string
	args map[string]any
}{
	{"company", map[string]any{"last": "4w", "compare-to": "period"}},
	{"productivity", map[string]any{"last": "1w"}},
	{"conversations_new", map[string]any{"last": "3m", "view-by": "week"}},
	{"happiness_ratings", map[string]any{"last": "4w", "rating": "not-good"}},
	{"conversations_drilldown", map[string]any{"last": "4w", "rows": 50}},
	{"email", map[string]any{"last": "4w"}},
	{"user", map[string]any{"user": 100101, "last": "4w"}},
	{"conversations_busy-times", map[string]any{"last": "4w"}},
}

func main() {
	sessions := flag.Int("sessions", 50, "concurrent MCP sessions")
	calls := flag.Int("calls", 8, "tool calls per session")
	limit := flag.Int("limit", 400, "the fake's rate limit and hsreports' --rate-limit, requests a minute")
	flag.Parse()

	dir, err := os.MkdirTemp("", "hsreports-bench")
	check(err)
	defer os.RemoveAll(dir)
	bin, err := child.Build(dir)
	check(err)

	srv := reportstest.NewServer(reportstest.WithRateLimit(*limit, time.Minute))
	defer srv.Close()
	cmd := exec.Command(bin, "mcp", "--http", "127.0.0.1:0", "--rate-limit", strconv.Itoa(*limit))
	cmd.Env = append(os.Environ(), "HELPSCOUT_CLIENT_ID="+reportstest.ClientID, "HELPSCOUT_CLIENT_SECRET="+reportstest.ClientSecret,
		"HELPSCOUT_API_URL="+srv.URL, "HSREPORTS_MCP_TOKEN="+token)
	stderr, err := cmd.StderrPipe()
	check(err)
	check(cmd.Start())
	peak := child.WatchPeak(cmd.Process.Pid, time.Millisecond)
	url := listening(stderr)

	fmt.Printf("hsreports mcp --http --rate-limit %d: %d sessions × %d tool calls, against reportstest limited to %d a minute\n", *limit, *sessions, *calls, *limit)
	started := time.Now()
	var toolErrors, failures atomic.Int64
	var wg sync.WaitGroup
	var firstErr sync.Once
	for i := range *sessions {
		wg.Go(func() {
			s, err := open(url)
			if err != nil {
				failures.Add(1)
				firstErr.Do(func() { log.Printf("session %d: %v", i, err) })
				return
			}
			defer s.close()
			for k := range *calls {
				c := tools[(i+k)%len(tools)]
				isError, err := s.call(c.name, c.args)
				switch {
				case err != nil:
					failures.Add(1)
					firstErr.Do(func() { log.Printf("session %d, %s: %v", i, c.name, err) })
				case isError:
					toolErrors.Add(1)
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(started)
	check(cmd.Process.Signal(syscall.SIGINT))
	_ = cmd.Wait()
	rss := peak()

	var times []time.Time
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v2/reports") && r.Time.After(started) {
			times = append(times, r.Time)
		}
	}
	sort.Slice(times, func(a, b int) bool { return times[a].Before(times[b]) })
	perMin := 0.0
	if len(times) > 1 {
		perMin = float64(len(times)-1) / times[len(times)-1].Sub(times[0]).Minutes()
	}
	fmt.Printf("%9s %6s %9s %10s %12s %14s %6s %11s %8s\n", "sessions", "calls", "wall", "peak RSS", "requests/min", "share of limit", "429s", "tool errors", "failures")
	fmt.Printf("%9d %6d %9s %7.1f MB %12.1f %13.1f%% %6d %11d %8d\n", *sessions, *sessions**calls, wall.Round(time.Second),
		float64(rss)/1024, perMin, 100*perMin/float64(*limit), srv.Throttled(), toolErrors.Load(), failures.Load())
	fmt.Printf("report requests: %d; API tokens fetched: %d\n", len(times), srv.TokenRequests())
}

// listening reads hsreports' stderr until it says where it listens, then
// passes the rest on.
func listening(r io.Reader) string {
	at := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/mcp)`)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fmt.Fprintln(os.Stderr, sc.Text())
		if m := at.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(os.Stderr, r)
			return m[1]
		}
	}
	log.Fatal("hsreports mcp --http did not start")
	return ""
}

// session is an MCP session over Streamable HTTP.
type session struct {
	url, id string
	next    int
}

// open starts a session: initialize, then the initialized notification.
func open(url string) (*session, error) {
	s := &session{url: url}
	if _, err := s.post("initialize", map[string]any{"protocolVersion": "2025-06-18", "capabilities": map[string]any{}, "clientInfo": map[string]any{"name": "bench", "version": "0"}}, true); err != nil {
		return nil, err
	}
	_, err := s.post("notifications/initialized", nil, false)
	return s, err
}

// call calls a tool and tells whether it answered with a tool error.
func (s *session) call(name string, args map[string]any) (bool, error) {
	raw, err := s.post("tools/call", map[string]any{"name": name, "arguments": args}, true)
	if err != nil {
		return false, err
	}
	var res struct {
		IsError bool `json:"isError"`
	}
	return res.IsError, json.Unmarshal(raw, &res)
}

func (s *session) close() {
	req, _ := http.NewRequest(http.MethodDelete, s.url, nil)
	s.headers(req)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}

func (s *session) headers(req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if s.id != "" {
		req.Header.Set("Mcp-Session-Id", s.id)
		req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	}
}

// post sends a request (a notification when !call) and returns its result.
func (s *session) post(method string, params any, call bool) (json.RawMessage, error) {
	msg := map[string]any{"jsonrpc": "2.0", "method": method}
	if params != nil {
		msg["params"] = params
	}
	if call {
		s.next++
		msg["id"] = s.next
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	s.headers(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if id := resp.Header.Get("Mcp-Session-Id"); id != "" {
		s.id = id
	}
	if !call {
		io.Copy(io.Discard, resp.Body)
		if resp.StatusCode/100 != 2 {
			return nil, fmt.Errorf("%s: %s", method, resp.Status)
		}
		return nil, nil
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("%s: %s: %s", method, resp.Status, b)
	}
	var answers [][]byte
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data:"); ok && strings.TrimSpace(data) != "" {
				answers = append(answers, []byte(data))
			}
		}
	} else {
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		answers = append(answers, b)
	}
	for _, a := range answers {
		var r struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(a, &r) != nil || r.ID != s.next {
			continue
		}
		if r.Error != nil {
			return nil, fmt.Errorf("%s: %s", method, r.Error.Message)
		}
		return r.Result, nil
	}
	return nil, fmt.Errorf("%s: no answer", method)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
