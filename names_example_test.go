package reports_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

func ExampleClient_AllMailboxes() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	for m, err := range client.AllMailboxes(context.Background(), reports.ListMailboxesParams{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.ID, m.Name, m.Email)
	}
	// Output:
	// 201 Support support@acme.example
	// 202 Sales sales@acme.example
	// 203 Billing billing@acme.example
}

func ExampleResolver_Resolve() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// One resolver for the run: each kind is listed once, whatever it
	// resolves.
	names := reports.NewResolver(client)
	support, err := names.Resolve(ctx, reports.KindMailbox, "support")
	if err != nil {
		log.Fatal(err)
	}
	vip, err := names.Resolve(ctx, reports.KindTag, "VIP")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(support.ID, vip.ID)

	company, err := client.GetCompany(ctx, reports.CompanyParams{
		Filters: reports.Filters{Mailboxes: []int64{support.ID}, Tags: []int64{vip.ID}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(company.FilterTags[0].Name)

	// A name that names nothing, or several things, is an error that
	// matches ErrInvalidParams and says what is close.
	_, err = names.Resolve(ctx, reports.KindUser, "Maya")
	fmt.Println(errors.Is(err, reports.ErrInvalidParams))
	fmt.Println(err)
	_, err = names.Resolve(ctx, reports.KindFolder, "Unassigned")
	fmt.Println(err)
	folder, err := names.ResolveFolder(ctx, support.ID, "Unassigned")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(folder.ID)
	// Output:
	// 201 306
	// vip
	// true
	// reports: no user is named "Maya"; the closest: "Maya Lopez" (100107, "maya.lopez@acme.example"), "Maya Patel" (100101, "maya.patel@acme.example")
	// reports: 3 folders are named "Unassigned": "Unassigned" (2011, mailbox 201), "Unassigned" (2021, mailbox 202), "Unassigned" (2031, mailbox 203); give the id, or the folder's mailbox
	// 2011
}
