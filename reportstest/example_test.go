package reportstest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"golang.org/x/oauth2"
)

func ExampleNewServer() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	res, err := client.GetConversations(context.Background(), reports.ConversationsParams{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.0f conversations from %s to %s\n", res.Current.TotalConversations,
		res.Current.StartDate.Format(time.DateOnly), res.Current.EndDate.Format(time.DateOnly))
	// Output:
	// 116 conversations from 2026-11-19 to 2026-11-26
}

func ExampleServer_FailNext() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client(reports.WithRetryBackoff(time.Millisecond, 10*time.Millisecond))

	// The next two report calls fail with 503; the SDK retries them.
	srv.FailNext(2, http.StatusServiceUnavailable)
	if _, err := client.GetHappiness(context.Background(), reports.HappinessParams{}); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// POST /v2/oauth2/token 200
	// GET /v2/reports/happiness 503
	// GET /v2/reports/happiness 503
	// GET /v2/reports/happiness 200
}

func ExampleServer_SetRateLimit() {
	// A clock that stands still keeps the three calls in one window.
	clock := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	srv := reportstest.NewServer(reportstest.WithClock(clock))
	defer srv.Close()
	client := srv.Client(reports.WithMaxRetries(0))

	srv.SetRateLimit(2, time.Minute)
	for range 3 {
		_, err := client.GetCompany(context.Background(), reports.CompanyParams{})
		fmt.Printf("remaining %d, rate limited: %v\n", client.RateLimit().Remaining, errors.Is(err, reports.ErrRateLimited))
	}
	fmt.Println("429 answers:", srv.Throttled())
	// Output:
	// remaining 1, rate limited: false
	// remaining 0, rate limited: false
	// remaining 0, rate limited: true
	// 429 answers: 1
}

func ExampleServer_FailNext_onePath() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// Only the happiness report fails, once, as a plan without reports would.
	srv.FailNext(1, http.StatusForbidden, "/v2/reports/happiness")
	_, err := client.GetCompany(ctx, reports.CompanyParams{})
	fmt.Println("company:", err)
	_, err = client.GetHappiness(ctx, reports.HappinessParams{})
	var apiErr *reports.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("happiness:", apiErr.StatusCode, apiErr.Message, errors.Is(err, reports.ErrForbidden))
	}
	// Output:
	// company: <nil>
	// happiness: 403 Access denied true
}

func ExampleServer_Handle() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	// The Docs report answers what the test chooses, after the token check.
	srv.Handle("/v2/reports/docs", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"current":{"visitors":3},"topArticles":null}`)
	}))
	res, err := client.GetDocs(context.Background(), reports.DocsParams{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("visitors:", res.Current.Visitors, "articles:", len(res.TopArticles))
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// visitors: 3 articles: 0
	// POST /v2/oauth2/token 200
	// GET /v2/reports/docs 200
}

func ExampleWithShapes() {
	srv := reportstest.NewServer(reportstest.WithShapes(reportstest.AllShapes))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// NullFields: every rating field that may be null is.
	ratings, err := client.GetHappinessRatings(ctx, reports.HappinessRatingsParams{})
	if err != nil {
		log.Fatal(err)
	}
	r := ratings.Results[0]
	fmt.Println("rating id:", r.RatingID, "user:", r.RatingUserName, "created:", r.RatingCreatedAt.Format(time.DateOnly))

	// NestedUserChat: the user chat report in the chat report's nesting.
	chat, err := client.GetUserChat(ctx, reports.UserChatParams{User: srv.Catalog().Users[0].ID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("flat:", chat.Current.NewConversations, "nested:", chat.Current.Volume.ChatConversations)
	// Output:
	// rating id: <nil> user: <nil> created: 2026-11-26
	// flat: <nil> nested: 7
}

func ExampleWithLenientValidation() {
	for _, opts := range [][]reportstest.Option{nil, {reportstest.WithLenientValidation()}} {
		srv := reportstest.NewServer(opts...)
		tok, err := srv.Client().Token(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		// A parameter the company report does not take.
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v2/reports/company?start=2026-11-01T00:00:00Z&end=2026-11-26T00:00:00Z&sort=asc", nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println(resp.Status)
		srv.Close()
	}
	// Output:
	// 400 Bad Request
	// 200 OK
}

func ExampleServer_Requests() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	if _, err := client.GetCompany(ctx, reports.CompanyParams{}); err != nil {
		log.Fatal(err)
	}
	srv.ClearRequests() // only what follows
	if _, err := client.GetEmail(ctx, reports.EmailParams{}); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status, r.Header.Get("Authorization"), r.Query.Get("start"), r.CorrelationID != "")
	}
	// Output:
	// GET /v2/reports/email 200 Bearer [redacted] 2026-11-19T00:00:00Z true
}

func ExampleServer_OAuth2Config() {
	srv := reportstest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	cfg := srv.OAuth2Config("https://app.example/callback")

	// The user opens the authorize URL and approves the app: the fake
	// approves at once and redirects to the callback with a code.
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(cfg.AuthCodeURL("state-42"))
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	callback, _ := url.Parse(resp.Header.Get("Location"))
	fmt.Println("state:", callback.Query().Get("state"))

	tok, err := cfg.Exchange(ctx, callback.Query().Get("code"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("refresh token:", tok.RefreshToken != "")

	// The SDK on the app's token source: the reports of the approving account.
	client, err := reports.NewWithTokenSource(cfg.TokenSource(ctx, tok), reports.WithBaseURL(srv.URL), reports.WithClock(srv.Now))
	if err != nil {
		log.Fatal(err)
	}
	company, err := client.GetCompany(ctx, reports.CompanyParams{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("replies:", company.Current.TotalReplies)

	// Once the access token has expired, the token source refreshes it; the
	// refresh token rotates, and the used one is refused afterwards.
	tok.Expiry = time.Now().Add(-time.Minute)
	fresh, err := cfg.TokenSource(ctx, tok).Token()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("rotated:", fresh.RefreshToken != tok.RefreshToken)
	_, err = cfg.TokenSource(ctx, tok).Token()
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		fmt.Println("used refresh token:", re.Response.StatusCode, re.ErrorDescription)
	}

	// Shortcut: a code as if the user had approved, without the redirect.
	tok, err = cfg.Exchange(ctx, srv.AuthorizationCode())
	fmt.Println("exchanged:", err == nil && tok.Valid())
	// Output:
	// state: state-42
	// refresh token: true
	// replies: 294
	// rotated: true
	// used refresh token: 400 Invalid refresh_token
	// exchanged: true
}
