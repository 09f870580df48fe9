// Command hsreports measures a long `hsreports --all --format ndjson` walk:
// the peak RSS of the hsreports process for walks of different lengths
// (memory must stay flat: rows are streamed, not kept), and the rate of its
// requests against a rate-limited fake API, as a share of --rate-limit.
//
//	go run ./bench/hsreports                 # 1,000 and 10,000 rows at 400 requests a minute
//	go run ./bench/hsreports -rows 1000,10000,20000 -limit 600
//
// It builds cmd/hsreports, starts reportstest with a fixed-window rate limit
// of -limit requests a minute and, in front of it, a proxy that makes the
// conversations drilldown as long as asked: the fake's year of data has
// about 4,800 conversations, so page k of a walk is the fake's page
// ((k-1) mod P)+1 (every request still goes to the rate-limited fake), with
// its ids made unique and the answer's page, pages and count those of the
// walk asked for. hsreports runs as its own process against the proxy
// (HELPSCOUT_API_URL), so that its RSS is its own.
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
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/bench/internal/child"
	"github.com/helpscout-go/reports/reportstest"
)

const (
	drilldownPath = "/v2/reports/conversations/drilldown"
	rowsPerPage   = 50
	idStride      = 1_000_000_000 // ids of the k-th pass over the fake's pages
)

func main() {
	rowsFlag := flag.String("rows", "1000,10000", "walk lengths in rows, comma-separated")
	limit := flag.Int("limit", 400, "the fake's rate limit and hsreports' --rate-limit, requests a minute")
	flag.Parse()

	dir, err := os.MkdirTemp("", "hsreports-bench")
	check(err)
	defer os.RemoveAll(dir)
	bin, err := child.Build(dir)
	check(err)

	fmt.Printf("hsreports conversations drilldown --all --format ndjson --rows %d --rate-limit %d, against reportstest limited to %d a minute\n", rowsPerPage, *limit, *limit)
	fmt.Printf("%8s %6s %10s %10s %12s %14s %6s %6s %s\n", "rows", "pages", "wall", "peak RSS", "requests/min", "share of limit", "429s", "conns", "check")
	for _, s := range strings.Split(*rowsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		check(err)
		walk(bin, n, *limit)
	}
}

// walk runs one walk of n rows and prints its figures.
func walk(bin string, n, limit int) {
	srv := reportstest.NewServer(reportstest.WithRateLimit(limit, time.Minute))
	defer srv.Close()
	year := reports.LastDays(srv.Now(), 365)
	first, err := srv.Client().GetConversationsDrilldown(context.Background(), reports.ConversationsDrilldownParams{Dates: year, Paging: reports.Paging{Rows: rowsPerPage}})
	check(err)
	// Only whole pages of the fake are passed over again.
	proxy := httptest.NewUnstartedServer(longer(srv.URL, first.Conversations.Count/rowsPerPage, n))
	var conns atomic.Int64
	proxy.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	proxy.Start()
	defer proxy.Close()

	cmd := exec.Command(bin, "conversations", "drilldown", "--all", "--format", "ndjson", "--rows", strconv.Itoa(rowsPerPage),
		"--start", year.Start.Format(time.RFC3339), "--end", year.End.Format(time.RFC3339), "--rate-limit", strconv.Itoa(limit))
	cmd.Env = append(os.Environ(), "HELPSCOUT_CLIENT_ID="+reportstest.ClientID, "HELPSCOUT_CLIENT_SECRET="+reportstest.ClientSecret, "HELPSCOUT_API_URL="+proxy.URL)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	check(err)
	started := time.Now()
	check(cmd.Start())
	peak := child.WatchPeak(cmd.Process.Pid, time.Millisecond)
	lines, distinct, bad := readRows(stdout)
	check(cmd.Wait())
	wall := time.Since(started)
	rss := peak() // KiB

	var times []time.Time
	for _, r := range srv.Requests() {
		if r.Path == drilldownPath && r.Time.After(started) {
			times = append(times, r.Time)
		}
	}
	perMin := float64(len(times)-1) / times[len(times)-1].Sub(times[0]).Minutes()
	verdict := "ok"
	if lines != n || distinct != n || bad > 0 {
		verdict = fmt.Sprintf("FAILED: %d lines, %d distinct ids, %d not JSON", lines, distinct, bad)
	}
	fmt.Printf("%8d %6d %10s %8.1f MB %12.1f %13.1f%% %6d %6d %s\n", n, len(times), wall.Round(time.Millisecond),
		float64(rss)/1024, perMin, 100*perMin/float64(limit), srv.Throttled(), conns.Load(), verdict)
}

// readRows reads the ndjson rows: how many, how many distinct ids, how many
// lines were not a conversation.
func readRows(r io.Reader) (lines, distinct, bad int) {
	ids := map[int64]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines++
		var c reports.DrilldownConversation
		if json.Unmarshal(sc.Bytes(), &c) != nil || c.ID == 0 {
			bad++
			continue
		}
		ids[c.ID] = true
	}
	check(sc.Err())
	return lines, len(ids), bad
}

// longer proxies the fake at target, making its conversations drilldown n
// rows long by passing over its pages again.
func longer(target string, fakePages, n int) http.Handler {
	u, err := url.Parse(target)
	check(err)
	pages := (n + rowsPerPage - 1) / rowsPerPage
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(u)
			if r.In.URL.Path != drilldownPath {
				return
			}
			q := r.Out.URL.Query()
			k, _ := strconv.Atoi(q.Get("page"))
			k = max(k, 1)
			q.Set("page", strconv.Itoa((k-1)%fakePages+1))
			r.Out.URL.RawQuery = q.Encode()
			r.Out.Header.Set("X-Walk-Page", strconv.Itoa(k))
		},
		ModifyResponse: func(resp *http.Response) error {
			if resp.Request.URL.Path != drilldownPath || resp.StatusCode != http.StatusOK {
				return nil // 429s and token answers go through as they are
			}
			k, _ := strconv.Atoi(resp.Request.Header.Get("X-Walk-Page"))
			var d reports.DrilldownResult
			if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
				return err
			}
			resp.Body.Close()
			c := &d.Conversations
			for i := range c.Results {
				c.Results[i].ID += int64((k-1)/fakePages) * idStride
			}
			if rest := n - (k-1)*rowsPerPage; rest < len(c.Results) {
				c.Results = c.Results[:max(rest, 0)]
			}
			c.Page, c.Pages, c.Count = k, pages, n
			b, err := json.Marshal(d)
			if err != nil {
				return err
			}
			resp.Body = io.NopCloser(bytes.NewReader(b))
			resp.ContentLength = int64(len(b))
			resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
			return nil
		},
	}
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
