package exampleenv

import (
	"bytes"
	"context"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestOpenFake checks that with HELPSCOUT_DEMO=1 the examples get a
// working fake and one line saying so.
func TestOpenFake(t *testing.T) {
	var notice bytes.Buffer
	e, err := Open(env(map[string]string{EnvDemo: "1"}), &notice)
	require.NoError(t, err)
	defer e.Close()
	require.NotNil(t, e.Fake)
	assert.Equal(t, reportstest.DefaultNow(), e.Now)
	assert.Equal(t, 1, bytes.Count(notice.Bytes(), []byte("\n")))
	assert.Contains(t, notice.String(), "fake API")
	company, err := e.Client.GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)
	assert.Positive(t, company.Current.TotalReplies)
}

// TestOpenReal checks that with credentials the client targets the API
// given (no request is sent: New does no I/O) and nothing is printed.
func TestOpenReal(t *testing.T) {
	srv := reportstest.NewServer(reportstest.WithCredentials("id-from-env", "secret-from-env"))
	defer srv.Close()
	var notice bytes.Buffer
	e, err := Open(env(map[string]string{EnvClientID: "id-from-env", EnvClientSecret: "secret-from-env"}), &notice, reports.WithBaseURL(srv.URL))
	require.NoError(t, err)
	defer e.Close()
	assert.Nil(t, e.Fake)
	assert.Empty(t, notice.String())
	_, err = e.Client.Token(context.Background())
	require.NoError(t, err, "the credentials from the environment were used")
	assert.Equal(t, 1, srv.TokenRequests())
}

// TestOpenHalfSet refuses one credential without the other.
func TestOpenHalfSet(t *testing.T) {
	for _, vars := range []map[string]string{{EnvClientID: "id-value"}, {EnvClientSecret: "s3cr3t-value"}} {
		_, err := Open(env(vars), &bytes.Buffer{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), EnvClientSecret)
		assert.NotContains(t, err.Error(), "s3cr3t-value", "no secret in errors")
	}
}

// TestOpenNeither refuses to give sample data where none was asked for:
// no credentials and no HELPSCOUT_DEMO=1 is an error naming all three.
func TestOpenNeither(t *testing.T) {
	for _, vars := range []map[string]string{nil, {EnvDemo: "0"}} {
		var notice bytes.Buffer
		e, err := Open(env(vars), &notice)
		require.Error(t, err)
		assert.Nil(t, e)
		for _, name := range []string{EnvClientID, EnvClientSecret, EnvDemo} {
			assert.Contains(t, err.Error(), name)
		}
		assert.Empty(t, notice.String())
	}
}
