//go:build !unix

package cmdutil

// alive reports whether process pid runs: where that can't be told, yes,
// so that a live run's file is never removed.
func alive(int) bool { return true }
