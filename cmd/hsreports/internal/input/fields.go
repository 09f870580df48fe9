// Package input is the one way from what a user gives to a report's
// params: the flags of a command and the arguments of an MCP tool are both
// decoded into an Input (the report's params, the dates as given, the ids
// or names as given), and resolved by the same code (Resolve): dates in
// the zone, --last, --compare and --compare-to, names to ids.
package input

import (
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/helpscout-go/reports"
)

// Field is how one params field is given: a flag on the command line, an
// argument of an MCP tool, by the same name.
type Field struct {
	Name    string // the flag's and the argument's name
	Usage   string // its help
	Example string // flag and value of the demo data, for a field a report requires
	// IDs is what the field's ids name (user, mailbox, tag, folder): a
	// field of ids, which takes names too; "" for other fields.
	IDs string
}

// fields maps the Go name of every params field to its flag. Dates fields
// (Start, End, PreviousStart, PreviousEnd) are given as text, parsed in
// the zone once it is known.
var fields = map[string]Field{
	"User":          {Name: "user", Usage: "`id` of a user (or of a team, for the team's summary), or the user's name or e-mail address (required)", Example: "--user 100101", IDs: "user"},
	"Start":         {Name: "start", Usage: "start of the range: RFC 3339, or a date meaning its midnight in --tz"},
	"End":           {Name: "end", Usage: "end of the range (excluded): RFC 3339, or a date meaning its midnight in --tz"},
	"PreviousStart": {Name: "previous-start", Usage: "start of the range to compare with (RFC 3339 or a date)"},
	"PreviousEnd":   {Name: "previous-end", Usage: "end of the range to compare with (RFC 3339 or a date)"},
	"Mailboxes":     {Name: "mailbox", Usage: "mailbox `ids` or names, comma-separated", IDs: "mailbox"},
	"Tags":          {Name: "tag", Usage: "tag `ids` or names, comma-separated (1: untagged)", IDs: "tag"},
	"Folders":       {Name: "folder", Usage: "folder `ids` or names (of the --mailbox given), comma-separated", IDs: "folder"},
	"Types":         {Name: "type", Usage: "conversation types, comma-separated"},
	"Sites":         {Name: "site", Usage: "Docs site `ids`, comma-separated"},
	"Page":          {Name: "page", Usage: "page to get (from 1); the first page of --all"},
	"Rows":          {Name: "rows", Usage: "rows per page, at most 50 (the API's default: 25)"},
	"ViewBy":        {Name: "view-by", Usage: "bucket size (day up to 60 days, week up to a year, month from 61 days)"},
	"OfficeHours":   {Name: "office-hours", Usage: "count office hours only"},
	"Range":         {Name: "range", Usage: "the metric whose range bucket to list", Example: "--range responseTime"},
	"RangeID":       {Name: "range-id", Usage: "the bucket of --range: its `id` in the productivity report's ranges", Example: "--range-id 1"},
	"Field":         {Name: "field", Usage: "what --field-id names (default customerid)", Example: "--field tagid"},
	"FieldID":       {Name: "field-id", Usage: "the tag, saved reply, workflow or customer `id` (required)", Example: "--field-id 301"},
	"Status":        {Name: "status", Usage: "conversation status"},
	"SortField":     {Name: "sort-field", Usage: "sort by"},
	"SortOrder":     {Name: "sort-order", Usage: "sort order"},
	"Rating":        {Name: "rating", Usage: "which ratings"},
}

// FieldOf is the field of a params field's Go name.
func FieldOf(goName string) (Field, bool) {
	f, ok := fields[goName]
	return f, ok
}

// Enums lists the values of each of the SDK's enum types, from its
// constants: a field of one of these types takes only these.
var Enums = map[reflect.Type][]string{
	reflect.TypeFor[reports.ConversationType]():   {string(reports.ConversationTypeEmail), string(reports.ConversationTypeChat), string(reports.ConversationTypePhone)},
	reflect.TypeFor[reports.ViewBy]():             {string(reports.ViewByDay), string(reports.ViewByWeek), string(reports.ViewByMonth)},
	reflect.TypeFor[reports.DrilldownRange]():     {string(reports.RangeReplies), string(reports.RangeFirstReplyResolved), string(reports.RangeResolved), string(reports.RangeResponseTime), string(reports.RangeFirstResponseTime), string(reports.RangeHandleTime)},
	reflect.TypeFor[reports.DrilldownField]():     {string(reports.FieldTagID), string(reports.FieldReplyID), string(reports.FieldWorkflowID), string(reports.FieldCustomerID)},
	reflect.TypeFor[reports.ConversationStatus](): {string(reports.StatusActive), string(reports.StatusPending), string(reports.StatusClosed)},
	reflect.TypeFor[reports.HistorySortField]():   {string(reports.HistorySortByNumber), string(reports.HistorySortByRepliesSent), string(reports.HistorySortByResponseTime), string(reports.HistorySortByResolveTime)},
	reflect.TypeFor[reports.RatingSortField]():    {string(reports.RatingSortByNumber), string(reports.RatingSortByModifiedAt), string(reports.RatingSortByRating)},
	reflect.TypeFor[reports.SortOrder]():          {string(reports.SortAscending), string(reports.SortDescending)},
	reflect.TypeFor[reports.RatingFilter]():       {string(reports.RatingFilterGreat), string(reports.RatingFilterOK), string(reports.RatingFilterNotGood), string(reports.RatingFilterAll)},
}

// EnumOf is the values a field of type t takes (t or its elements an
// enum type), or nil.
func EnumOf(t reflect.Type) []string {
	if v, ok := Enums[t]; ok {
		return v
	}
	if t.Kind() == reflect.Slice {
		return Enums[t.Elem()]
	}
	return nil
}

// CompareTo are the values of --compare-to.
var CompareTo = []string{"period", "month", "year"}

// EachValues are the values of --each.
var EachValues = []string{string(reports.ViewByDay), string(reports.ViewByWeek), string(reports.ViewByMonth)}

var timeType = reflect.TypeFor[time.Time]()

// ParamFields lists the params fields of t in order, embedded structs
// flattened: the Go names that fields has entries for. The list is shared:
// do not change it.
func ParamFields(t reflect.Type) []reflect.StructField {
	if f, ok := paramFields.Load(t); ok {
		return f.([]reflect.StructField)
	}
	var out []reflect.StructField
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		out = append(out, f)
	}
	paramFields.Store(t, out)
	return out
}

// paramFields caches ParamFields by type: every run builds every command.
var paramFields sync.Map

// Required are the flags of params type t a report requires: those whose
// help example the table gives (user, the drilldowns' range and field),
// with their example.
func Required(t reflect.Type) []Field {
	var out []Field
	for _, sf := range ParamFields(t) {
		if f := fields[sf.Name]; f.Example != "" {
			out = append(out, f)
		}
	}
	return out
}

// FlagOf names the flag of a *reports.ParamError's field ("Mailboxes[2]"
// is --mailbox).
func FlagOf(goField string) string {
	name, _, _ := strings.Cut(goField, "[")
	if f, ok := fields[name]; ok {
		return "--" + f.Name
	}
	return name
}

var goFieldPattern = regexp.MustCompile(`\b[A-Z][A-Za-z]+\b`)

// FlagsIn names flags where a *reports.ParamError's reason names Go fields
// ("requires Range" is "requires --range").
func FlagsIn(reason string) string {
	return goFieldPattern.ReplaceAllStringFunc(reason, func(w string) string {
		if _, ok := fields[w]; ok {
			return FlagOf(w)
		}
		return w
	})
}
