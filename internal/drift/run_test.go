package drift

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

// api is a minimal API: a token endpoint and fixed report answers by path.
func api(t *testing.T, answers map[string]string) (*httptest.Server, *[]string) {
	t.Helper()
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v2/oauth2/token" {
			_, _ = io.WriteString(w, `{"access_token": "tok-secret", "token_type": "bearer", "expires_in": 7200}`)
			return
		}
		asked = append(asked, r.URL.Path)
		body, ok := answers[r.URL.Path]
		if !ok {
			http.Error(w, "Unknown URL", http.StatusNotFound)
			return
		}
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

func apiClient(t *testing.T, url string, rec *Recorder) *reports.Client {
	t.Helper()
	c, err := reports.New("id", "secret", reports.WithBaseURL(url), reports.WithMaxRetries(0),
		reports.WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(t, err)
	return c
}

func reportsNamed(methods ...string) []Report {
	var out []Report
	for _, r := range slices.Concat(Reports, Lists) {
		for _, m := range methods {
			if r.Method == m {
				out = append(out, r)
			}
		}
	}
	return out
}

func TestRecorderKeepsAPIAnswersOnly(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	rec := &Recorder{}
	c := srv.Client(reports.WithHTTPClient(&http.Client{Transport: rec}))
	_, err := c.GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)

	ex, ok := rec.Take()
	require.True(t, ok)
	assert.Equal(t, "/v2/reports/company", ex.Path)
	assert.Equal(t, http.StatusOK, ex.Status)
	assert.True(t, json.Valid(ex.Body))
	assert.NotContains(t, string(ex.Body), "access_token")
	assert.Equal(t, 2, rec.Sent(), "a token and a report")
	_, ok = rec.Take()
	assert.False(t, ok, "Take forgets")

	// A list's answer is kept too.
	_, err = c.ListFolders(context.Background(), 202, reports.ListFoldersParams{})
	require.NoError(t, err)
	ex, ok = rec.Take()
	require.True(t, ok)
	assert.Equal(t, "/v2/mailboxes/202/folders", ex.Path)
	assert.Contains(t, string(ex.Body), `"_embedded"`)

	// The token answer alone is never kept.
	_, err = srv.Client(reports.WithHTTPClient(&http.Client{Transport: rec})).Token(context.Background())
	require.NoError(t, err)
	_, ok = rec.Take()
	assert.False(t, ok)
}

func TestRecorderBudget(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	rec := &Recorder{Max: 2}
	c := srv.Client(reports.WithHTTPClient(&http.Client{Transport: rec}), reports.WithMaxRetries(0))
	_, err := c.GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)
	_, err = c.GetHappiness(context.Background(), reports.HappinessParams{})
	require.ErrorContains(t, err, "budget of 2 requests is spent")
	assert.Equal(t, 2, rec.Sent())
	assert.Len(t, srv.Requests(), 2, "a token and a report: the refused request was not sent")
}

func TestRecorderPassesACutBodyOn(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	srv.CutNext(1)
	rec := &Recorder{}
	c := srv.Client(reports.WithHTTPClient(&http.Client{Transport: rec}), reports.WithMaxRetries(0))
	_, err := c.GetCompany(context.Background(), reports.CompanyParams{})
	require.Error(t, err, "the SDK sees the answer cut off, as without the Recorder")
	ex, ok := rec.Take()
	require.True(t, ok)
	assert.False(t, json.Valid(ex.Body))
}

func TestRunFindsWhereAnAnswerDoesNotDecode(t *testing.T) {
	body := strings.Replace(company("", "["+user+"]"), `"closed": 2`, `"closed": "2"`, 1)
	srv, _ := api(t, map[string]string{"/v2/reports/company": body})
	rec := &Recorder{}
	results := run(context.Background(), apiClient(t, srv.URL, rec), rec, Args{}, reportsNamed("GetCompany"))
	require.Len(t, results, 1)
	r := results[0]
	assert.Equal(t, "/v2/reports/company", r.Path)
	require.Error(t, r.Err, "the SDK's decoding error")
	assert.Equal(t, []string{"current.closed: wrong type"}, brief(r.Findings))
	assert.True(t, Failed(results))

	var out bytes.Buffer
	require.NoError(t, Write(&out, results))
	assert.Contains(t, out.String(), "GetCompany (GET /v2/reports/company): 1 finding\n  ! current.closed: wrong type: string, the model has float64\n")
	assert.Contains(t, out.String(), "1 compared, 0 without an answer, 0 skipped; 1 with values that did not decode (!).")
	assert.NotContains(t, out.String(), "tok-secret")
}

func TestRunSkipsWhatItHasNoIDsFor(t *testing.T) {
	srv, asked := api(t, map[string]string{
		"/v2/reports/company":       company("", "[]"),
		"/v2/reports/conversations": `{"current": {}}`,
	})
	rec := &Recorder{}
	results := run(context.Background(), apiClient(t, srv.URL, rec), rec, Args{},
		reportsNamed("GetCompany", "GetConversations", "GetUser", "GetConversationsDrilldownByField"))
	require.Len(t, results, 4)
	assert.Equal(t, []string{"/v2/reports/company", "/v2/reports/conversations"}, *asked)
	assert.Contains(t, results[2].Skipped, "no field id")
	assert.Contains(t, results[3].Skipped, "no user id")
	assert.False(t, Failed(results))

	var out bytes.Buffer
	require.NoError(t, Write(&out, results))
	assert.Contains(t, out.String(), "GetUser: skipped: no user id: the company report listed no users\n")
	assert.Contains(t, out.String(), "2 compared, 0 without an answer, 2 skipped; 0 with values that did not decode (!).")
}

// TestRunListsFoldersOfTheFirstMailbox checks that ListFolders takes its
// mailbox from the mailboxes list, and is skipped when the list has none.
func TestRunListsFoldersOfTheFirstMailbox(t *testing.T) {
	empty := `{"page": {"size": 50, "totalElements": 0, "totalPages": 0, "number": 1}, "_links": {}}`
	srv, asked := api(t, map[string]string{"/v2/mailboxes": empty})
	rec := &Recorder{}
	results := run(context.Background(), apiClient(t, srv.URL, rec), rec, Args{}, reportsNamed("ListMailboxes", "ListFolders"))
	require.Len(t, results, 2)
	assert.Equal(t, []string{"/v2/mailboxes"}, *asked)
	assert.Equal(t, "no mailbox id: the mailboxes list gave none", results[1].Skipped)

	fake := reportstest.NewServer()
	defer fake.Close()
	rec = &Recorder{}
	c := fake.Client(reports.WithHTTPClient(&http.Client{Transport: rec}))
	results = run(context.Background(), c, rec, Args{}, reportsNamed("ListMailboxes", "ListFolders"))
	require.Len(t, results, 2)
	assert.Equal(t, "/v2/mailboxes/201/folders", results[1].Path, "the first mailbox's")
	assert.False(t, Failed(results))
}

func TestRunReportsAPIErrors(t *testing.T) {
	srv := reportstest.NewServer()
	defer srv.Close()
	srv.FailNext(1, http.StatusForbidden)
	rec := &Recorder{}
	c := srv.Client(reports.WithHTTPClient(&http.Client{Transport: rec}))
	results := run(context.Background(), c, rec, Args{}, reportsNamed("GetDocs"))
	require.Len(t, results, 1)
	assert.True(t, errors.Is(results[0].Err, reports.ErrForbidden))
	assert.Nil(t, results[0].Findings)
	assert.False(t, Failed(results), "an API error is no drift")

	var out bytes.Buffer
	require.NoError(t, Write(&out, results))
	assert.Contains(t, out.String(), "GetDocs (GET /v2/reports/docs): no answer to compare: ")
	assert.Contains(t, out.String(), "0 compared, 1 without an answer, 0 skipped")
}

func TestArgsFromAnswers(t *testing.T) {
	a := Args{}.from(&reports.CompanyResult{Users: []reports.CompanyUser{{User: "x"}, {User: "0"}, {User: "42"}, {User: "43"}}})
	assert.Equal(t, int64(42), a.User, "the first user with a usable id")
	assert.Equal(t, int64(42), a.from(&reports.CompanyResult{Users: []reports.CompanyUser{{User: "7"}}}).User, "a given id stays")

	conv := &reports.ConversationsResult{
		Tags:      &reports.TopList{Top: []reports.TopItem{{ID: 1}}}, // untagged: no drilldown
		Customers: &reports.TopList{Top: []reports.TopItem{{ID: 9}}},
	}
	a = Args{}.from(conv)
	assert.Equal(t, reports.FieldCustomerID, a.Field)
	assert.Equal(t, int64(9), a.FieldID)
	conv.Tags.Top = append(conv.Tags.Top, reports.TopItem{ID: 5})
	a = Args{}.from(conv)
	assert.Equal(t, reports.FieldTagID, a.Field)
	assert.Equal(t, int64(5), a.FieldID)

	a = Args{}.from(&reports.ListPage[reports.Mailbox]{Items: []reports.Mailbox{{ID: 0}, {ID: 201}, {ID: 202}}})
	assert.Equal(t, int64(201), a.Mailbox, "the first mailbox with an id")
	assert.Equal(t, int64(201), a.from(&reports.ListPage[reports.Mailbox]{Items: []reports.Mailbox{{ID: 9}}}).Mailbox, "a given id stays")
}
