package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoEnv asks for the fake API, as HELPSCOUT_DEMO=1 in the environment does.
func demoEnv(k string) string {
	if k == "HELPSCOUT_DEMO" {
		return "1"
	}
	return ""
}

// TestRun runs the example against the fake API and checks its table
// against the same report fetched directly.
func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), &stdout, &stderr, demoEnv))
	assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line says the fake API is used")
	assert.Contains(t, stderr.String(), "fake API")

	srv := reportstest.NewServer()
	defer srv.Close()
	// The SDK's default range, as hsreports company sends it.
	want, err := srv.Client().GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)

	out := stdout.String()
	assert.True(t, strings.HasPrefix(out, "Company overview, Thu 19 Nov 00:00 to Thu 26 Nov 15:04 UTC"), out)
	for name, values := range map[string][3]float64{
		"Customers helped":     {want.Current.CustomersHelped, want.Previous.CustomersHelped, want.Deltas.CustomersHelped},
		"Replies sent":         {want.Current.TotalReplies, want.Previous.TotalReplies, want.Deltas.TotalReplies},
		"Conversations closed": {want.Current.Closed, want.Previous.Closed, want.Deltas.Closed},
	} {
		line := fmt.Sprintf("%-26s %12.0f %16.0f %+7.1f%%\n", name, values[0], values[1], values[2])
		assert.Contains(t, out, line)
	}
	for _, u := range want.Users {
		assert.Contains(t, out, fmt.Sprintf("%-26s %12.0f %16.0f", u.Name, u.Replies, u.CustomersHelped))
	}
	assert.Equal(t, 2+1+6+2+len(want.Users), strings.Count(out, "\n"), out)
}

// TestRunRefusesHalfCredentials checks that one credential without the other
// is an error, not a silent fallback to the fake.
func TestRunRefusesHalfCredentials(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), &stdout, &stderr, func(k string) string {
		if k == "HELPSCOUT_CLIENT_ID" {
			return "only-the-id"
		}
		return ""
	})
	require.Error(t, err)
	assert.Empty(t, stdout.String())
}
