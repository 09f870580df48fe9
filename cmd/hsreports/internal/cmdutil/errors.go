package cmdutil

import (
	"errors"
	"fmt"
)

// The exit codes.
const (
	ExitOK          = 0
	ExitFailure     = 1   // the API or the network failed, or writing the output did
	ExitUsage       = 2   // a usage error, invalid params or no credentials, before any request
	ExitTempFail    = 75  // EX_TEMPFAIL: try again later (another sync holds the database)
	ExitInterrupted = 130 // Ctrl-C (SIGINT)
	ExitTerminated  = 143 // SIGTERM
)

// UsageError is a mistake on the command line or in a tool's arguments,
// found before any request: exit code 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef is a UsageError of a message.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Errorf(format, args...)}
}

// TempError is a failure that a later run may not meet (another run holds
// a lock): exit code 75.
type TempError struct{ Err error }

func (e *TempError) Error() string { return e.Err.Error() }
func (e *TempError) Unwrap() error { return e.Err }

// IsUsage reports whether err is a usage error.
func IsUsage(err error) bool {
	var ue *UsageError
	return errors.As(err, &ue)
}
