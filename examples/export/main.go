// Command export writes the happiness ratings of the last 30 days as CSV on
// stdout, one rating a row, walking every page of the ratings report.
//
//	HELPSCOUT_DEMO=1 go run ./examples/export > ratings.csv
//
// With HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET set it asks the Help
// Scout API; with HELPSCOUT_DEMO=1 it runs against the fake API of
// package reportstest (and says so on stderr, so the CSV stays clean);
// without either it fails.
package main

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/examples/internal/exampleenv"
)

func main() { exampleenv.Main("export", run) }

// header names the CSV columns.
var header = []string{"number", "conversation_id", "type", "rating", "rated_at", "customer_id", "customer_name", "user_id", "user_name", "comments"}

// run writes the CSV on stdout; notices go to stderr.
func run(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) error {
	env, err := exampleenv.Open(getenv, stderr)
	if err != nil {
		return err
	}
	defer env.Close()

	w := csv.NewWriter(stdout)
	if err := w.Write(header); err != nil {
		return err
	}
	params := reports.HappinessRatingsParams{
		Dates:     reports.Dates{Start: env.Now.AddDate(0, 0, -30), End: env.Now},
		SortField: reports.RatingSortByModifiedAt,
		SortOrder: reports.SortAscending,
	}
	for r, err := range env.Client.AllHappinessRatings(ctx, params) {
		if err != nil {
			return err
		}
		score := ""
		if r.RatingID != nil {
			score = r.RatingID.String()
		}
		if err := w.Write([]string{
			strconv.FormatInt(r.Number, 10),
			strconv.FormatInt(r.ID, 10),
			str(r.Type),
			score,
			timestamp(r.RatingCreatedAt),
			id(r.RatingCustomerID),
			str(r.RatingCustomerName),
			id(r.RatingUserID),
			str(r.RatingUserName),
			str(r.RatingComments),
		}); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// The API may send any of these as null, which becomes an empty cell.

func str[S ~string](p *S) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

func id(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func timestamp(p *time.Time) string {
	if p == nil {
		return ""
	}
	return p.UTC().Format(time.RFC3339)
}
