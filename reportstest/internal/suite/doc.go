// Package suite is a test suite shaped like a user's: 200 tests, each with
// a reportstest server of its own closed by t.Cleanup, half of them
// parallel. Its test binary prints the process's peak resident memory
// (VmHWM) at the end; bench/README.md records the figure.
//
//	go test -c -o /tmp/suite.test ./reportstest/internal/suite
//	/usr/bin/time -v /tmp/suite.test
package suite
