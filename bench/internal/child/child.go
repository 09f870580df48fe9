// Package child builds hsreports and measures the peak resident memory of
// its process, for the benchmarks that run the built command
// (bench/hsreports, bench/sync).
package child

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Build builds cmd/hsreports into dir (from the repository's root, where
// the benchmarks run) and returns the binary's path.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "hsreports")
	build := exec.Command("go", "build", "-o", bin, "./cmd/hsreports")
	build.Stderr = os.Stderr
	return bin, build.Run()
}

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
