// Command sync measures `hsreports sync` over a year of daily buckets of
// the four default reports (1,460 calls, and the pages of the ratings that
// come with happiness) against reportstest with a fixed-window rate limit: the request rate as a share of the limit, the
// 429s, the peak RSS of the hsreports process, and the share of the run
// spent in the database (hsreports' summary line says it); then a rerun of
// the same year, which must send no report request.
//
//	go run ./bench/sync                            # SQLite, 1,500 requests a minute
//	.ci/postgres go run ./bench/sync -postgres     # and PostgreSQL (HSREPORTS_TEST_POSTGRES)
//
// hsreports runs as its own process (HELPSCOUT_API_URL), so that its RSS
// is its own.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/bench/internal/child"
	"github.com/helpscout-go/reports/reportstest"
)

func main() {
	limit := flag.Int("limit", 1500, "the fake's rate limit and --rate-limit, requests a minute")
	pg := flag.Bool("postgres", false, "also on the PostgreSQL of $HSREPORTS_TEST_POSTGRES")
	flag.Parse()

	dir, err := os.MkdirTemp("", "bench-sync")
	check(err)
	defer os.RemoveAll(dir)
	bin, err := child.Build(dir)
	check(err)

	dbs := []string{"sqlite:" + filepath.Join(dir, "bench.db")}
	if *pg {
		u := os.Getenv("HSREPORTS_TEST_POSTGRES")
		if u == "" {
			log.Fatal("-postgres: set HSREPORTS_TEST_POSTGRES, e.g. with .ci/postgres go run ./bench/sync -postgres")
		}
		dbs = append(dbs, u)
	}
	fmt.Printf("hsreports sync --each day over a year (4 reports), --rate-limit %d, against reportstest limited to %d a minute\n", *limit, *limit)
	fmt.Printf("%-8s %-6s %9s %6s %8s %10s %12s %14s %6s %10s %8s %s\n", "db", "run", "buckets", "calls", "ratings", "wall", "requests/min", "share of limit", "429s", "peak RSS", "cpu", "db time")
	for _, db := range dbs {
		srv := reportstest.NewServer(reportstest.WithRateLimit(*limit, time.Minute))
		year := reports.Dates{Start: srv.Now().AddDate(-1, 0, 0), End: srv.Now()}
		year = reports.Dates{Start: reports.Day(year.Start).Start, End: reports.Day(year.End).Start}
		name := "sqlite"
		if !strings.HasPrefix(db, "sqlite:") {
			name = "postgres"
		}
		for _, run := range []string{"first", "rerun"} {
			sync(bin, srv, db, name, run, year, *limit)
		}
		srv.Close()
	}
}

var summary = regexp.MustCompile(`sync: (\d+) buckets written, (\d+) skipped \(stored\), (\d+) rows, (\d+) ratings, (\d+) calls, (\d+) 429s, into .* \(([^)]+) in the database\)`)

// sync runs hsreports sync once and prints its figures: cpu is the
// process's user and system time (its rusage; only maxrss there counts the
// parent's memory).
func sync(bin string, srv *reportstest.Server, db, name, run string, year reports.Dates, limit int) {
	srv.ClearRequests()
	cmd := exec.Command(bin, "sync", "--db", db, "--start", year.Start.Format(time.RFC3339), "--end", year.End.Format(time.RFC3339),
		"--rate-limit", strconv.Itoa(limit))
	cmd.Env = append(os.Environ(), "HELPSCOUT_CLIENT_ID="+reportstest.ClientID, "HELPSCOUT_CLIENT_SECRET="+reportstest.ClientSecret, "HELPSCOUT_API_URL="+srv.URL)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	started := time.Now()
	check(cmd.Start())
	peak := child.WatchPeak(cmd.Process.Pid, 10*time.Millisecond)
	if err := cmd.Wait(); err != nil {
		log.Fatalf("hsreports sync: %v\n%s", err, stderr.String())
	}
	wall := time.Since(started)
	m := summary.FindStringSubmatch(stderr.String())
	if m == nil {
		log.Fatalf("no summary line in:\n%s", stderr.String())
	}
	dbTime, err := time.ParseDuration(m[7])
	check(err)
	var times []time.Time
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v2/reports") {
			times = append(times, r.Time)
		}
	}
	rate, share := "-", "-"
	if len(times) > 1 {
		perMin := float64(len(times)-1) / times[len(times)-1].Sub(times[0]).Minutes()
		rate, share = fmt.Sprintf("%.1f", perMin), fmt.Sprintf("%.1f%%", 100*perMin/float64(limit))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Printf("%-8s %-6s %9s %6d %8s %10s %12s %14s %6d %7.1f MB %8s %s (%.1f%% of wall)\n", name, run, m[1]+"+"+m[2], len(times), m[4],
		wall.Round(time.Millisecond), rate, share, srv.Throttled(), float64(peak())/1024, cpu.Round(10*time.Millisecond), dbTime, 100*dbTime.Seconds()/wall.Seconds())
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
