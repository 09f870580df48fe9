package main

// Benchmarks of hsreports mcp (bench/README.md, "hsreports mcp"): the size
// of the tool list, and a history answer over a year of daily rows.

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"time"

	hsmcp "github.com/helpscout-go/reports/cmd/hsreports/internal/mcp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// wireLog keeps the last message a client read, as it came.
type wireLog struct{ last []byte }

func (w *wireLog) Write(p []byte) (int, error) {
	if line, ok := bytes.CutPrefix(p, []byte("read: ")); ok {
		w.last = append(w.last[:0], line...)
	}
	return len(p), nil
}

// BenchmarkMCPToolsList lists the tools of a server with every tool (the
// 32 reports, history, lookup) over an in-memory transport: bytes/list is
// the JSON of the tools as they come over the wire.
func BenchmarkMCPToolsList(b *testing.B) {
	url, _ := historyDB(b, "UTC", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	srv, done, err := hsmcp.NewServer(&hsmcp.Options{App: mcpApp(b, nil, io.Discard, "--demo"), DB: url})
	if err != nil {
		b.Fatal(err)
	}
	defer done()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(b.Context(), st, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ss.Close()
	log := &wireLog{}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "bench", Version: "0"}, nil).Connect(b.Context(), &mcp.LoggingTransport{Transport: ct, Writer: log}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer cs.Close()
	for b.Loop() {
		if _, err := cs.ListTools(b.Context(), nil); err != nil {
			b.Fatal(err)
		}
	}
	var answer struct {
		Result struct {
			Tools json.RawMessage `json:"tools"`
		} `json:"result"`
	}
	if err := json.Unmarshal(log.last, &answer); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(answer.Result.Tools)), "bytes/list")
}

// BenchmarkMCPHistoryYear answers history over a year of daily rows of a
// SQLite database, per day (365 points) and per week from the days (52),
// with no credentials: no client, so no request can be sent
// (requests/op is the fake API's count, which is 0 by construction).
func BenchmarkMCPHistoryYear(b *testing.B) {
	srv, _ := fakeAPI(b)
	url, _ := historyDB(b, "UTC", time.Date(2025, 11, 26, 0, 0, 0, 0, time.UTC), 365)
	cs := historyServer(b, url)
	for _, each := range []string{"day", "week"} {
		b.Run(each, func(b *testing.B) {
			for b.Loop() {
				res, err := cs.CallTool(b.Context(), &mcp.CallToolParams{Name: "history", Arguments: map[string]any{"report": "company", "metric": "repliesPerDay", "each": each}})
				if err != nil || res.IsError {
					b.Fatal(err, res)
				}
			}
			b.ReportMetric(float64(reportCalls(srv)), "requests")
		})
	}
}
