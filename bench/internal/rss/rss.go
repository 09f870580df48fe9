// Package rss measures the peak resident memory of a child process, for the
// benchmarks that run a built command (bench/hsreports, bench/sync).
package rss

import (
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// WatchPeak polls the peak RSS of process pid (VmHWM in /proc, which only
// grows) every interval until the process is gone; the function it returns
// waits for that and gives the last reading, in KiB.
//
// The child's own rusage would not do: os/exec starts it with vfork, and
// Linux counts in its maxrss the RSS the parent (the benchmark, with the
// fake API and its answer cache) had when the child called exec.
func WatchPeak(pid int, interval time.Duration) func() int64 {
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
			if err != nil {
				return
			}
			_, v, ok := strings.Cut(string(b), "VmHWM:")
			if !ok {
				return // a zombie: its memory is gone
			}
			if kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.SplitN(v, "\n", 2)[0], "kB")), 10, 64); err == nil {
				peak.Store(kb)
			}
			time.Sleep(interval)
		}
	}()
	return func() int64 {
		<-done
		return peak.Load()
	}
}
