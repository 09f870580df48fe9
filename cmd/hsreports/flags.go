package main

// The flag binding: a report's flags are the fields of its params struct,
// found by reflection, so that a report takes exactly the flags its params
// have. Every field the SDK's params structs use has one entry in fields;
// the dates are parsed after all flags are, since they depend on --tz.

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// field is how one params field appears on the command line.
type field struct {
	flag    string // the flag's name
	usage   string // its help
	example string // flag and value for the command's example, when required
}

// fields maps the Go name of every params field to its flag. Dates fields
// (Start, End, PreviousStart, PreviousEnd) are strings on the command line,
// parsed in --tz once all flags are known.
var fields = map[string]field{
	"User":          {flag: "user", usage: "`id` of a user, or of a team for the team's summary (required)", example: "--user 100101"},
	"Start":         {flag: "start", usage: "start of the range: RFC 3339, or a date meaning its midnight in --tz"},
	"End":           {flag: "end", usage: "end of the range (excluded): RFC 3339, or a date meaning its midnight in --tz"},
	"PreviousStart": {flag: "previous-start", usage: "start of the range to compare with (RFC 3339 or a date)"},
	"PreviousEnd":   {flag: "previous-end", usage: "end of the range to compare with (RFC 3339 or a date)"},
	"Mailboxes":     {flag: "mailbox", usage: "mailbox `ids`, comma-separated"},
	"Tags":          {flag: "tag", usage: "tag `ids`, comma-separated (1: untagged)"},
	"Folders":       {flag: "folder", usage: "folder `ids`, comma-separated"},
	"Types":         {flag: "type", usage: "conversation types, comma-separated"},
	"Sites":         {flag: "site", usage: "Docs site `ids`, comma-separated"},
	"Page":          {flag: "page", usage: "page to get (from 1); the first page of --all"},
	"Rows":          {flag: "rows", usage: "rows per page, at most 50 (the API's default: 25)"},
	"ViewBy":        {flag: "view-by", usage: "bucket size (day up to 60 days, week up to a year, month from 61 days)"},
	"OfficeHours":   {flag: "office-hours", usage: "count office hours only"},
	"Range":         {flag: "range", usage: "the metric whose range bucket to list", example: "--range responseTime"},
	"RangeID":       {flag: "range-id", usage: "the bucket of --range: its `id` in the productivity report's ranges", example: "--range-id 1"},
	"Field":         {flag: "field", usage: "what --field-id names (default customerid)", example: "--field tagid"},
	"FieldID":       {flag: "field-id", usage: "the tag, saved reply, workflow or customer `id` (required)", example: "--field-id 301"},
	"Status":        {flag: "status", usage: "conversation status"},
	"SortField":     {flag: "sort-field", usage: "sort by"},
	"SortOrder":     {flag: "sort-order", usage: "sort order"},
	"Rating":        {flag: "rating", usage: "which ratings"},
}

// enums lists the values of each of the SDK's enum types, from its
// constants: a flag of one of these types takes only these.
var enums = map[reflect.Type][]string{
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

var timeType = reflect.TypeFor[time.Time]()

// compareTo are the values of --compare-to.
var compareTo = []string{"period", "month", "year"}

// binding holds the params value a command's flags write into, and the date
// flags, which are resolved once --tz is known.
type binding struct {
	params    reflect.Value     // addressable params struct
	dates     map[string]string // Start, End, PreviousStart, PreviousEnd: as given
	last      string
	compare   bool
	compareTo string // --compare-to: period, month or year
	all       bool
	list      string // --list: an overall report's list whose elements are the rows
}

// paramFields lists the params fields of t in order, embedded structs
// flattened: the Go names that fields has entries for.
func paramFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		out = append(out, f)
	}
	return out
}

// hasField reports whether params type t has a field of that name.
func hasField(t reflect.Type, name string) bool {
	_, ok := t.FieldByName(name)
	return ok
}

// bind adds the flags of params type t to cmd and returns where they land.
func bind(cmd *cobra.Command, t reflect.Type, paged bool) *binding {
	b := &binding{params: reflect.New(t).Elem(), dates: map[string]string{}}
	fs := cmd.Flags()
	for _, sf := range paramFields(t) {
		f, ok := fields[sf.Name]
		if !ok {
			panic("hsreports: no flag for params field " + t.Name() + "." + sf.Name)
		}
		v := b.params.FieldByIndex(sf.Index)
		switch {
		case sf.Type == timeType:
			fs.Var(dateValue{b.dates, sf.Name}, f.flag, f.usage)
		case enums[sf.Type] != nil:
			fs.Var(&enumValue{v: v, values: enums[sf.Type]}, f.flag, f.usage+": "+strings.Join(enums[sf.Type], ", "))
			complete(cmd, f.flag, enums[sf.Type])
		case sf.Type.Kind() == reflect.Slice && enums[sf.Type.Elem()] != nil:
			values := enums[sf.Type.Elem()]
			fs.Var(&enumValue{v: v, values: values}, f.flag, f.usage+": "+strings.Join(values, ", "))
			completeList(cmd, f.flag, values)
		default:
			switch p := v.Addr().Interface().(type) {
			case *int64:
				fs.Int64Var(p, f.flag, 0, f.usage)
			case *int:
				fs.IntVar(p, f.flag, 0, f.usage)
			case *bool:
				fs.BoolVar(p, f.flag, false, f.usage)
			case *[]int64:
				fs.Int64SliceVar(p, f.flag, nil, f.usage)
				fs.Lookup(f.flag).DefValue = "" // no "(default [])" in the help
			case *[]string:
				fs.StringSliceVar(p, f.flag, nil, f.usage)
				fs.Lookup(f.flag).DefValue = ""
			default:
				panic("hsreports: no flag type for params field " + t.Name() + "." + sf.Name)
			}
		}
	}
	fs.StringVar(&b.last, "last", "", "the range: the N whole days (7d), weeks (4w, Monday to Sunday) or months (3m) before the current one, in --tz")
	complete(cmd, "last", []string{"7d", "30d", "1w", "4w", "1m", "3m", "12m"})
	if hasField(t, "PreviousStart") {
		fs.BoolVar(&b.compare, "compare", false, "also get the previous range of equal length, right before the range")
		fs.Var(&enumValue{v: reflect.ValueOf(&b.compareTo).Elem(), values: compareTo}, "compare-to", "compare with the range right before (period, as --compare), or the same dates a month or a year earlier (year over year): "+strings.Join(compareTo, ", "))
		complete(cmd, "compare-to", compareTo)
	}
	if paged {
		fs.BoolVar(&b.all, "all", false, "every page, from --page on (a progress line on stderr when it is a terminal)")
	}
	return b
}

// complete offers values as the shell completion of a flag.
func complete(cmd *cobra.Command, flag string, values []string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// resolve sets the dates in the params from the date flags, in loc, with now
// (the client's clock) for --last, and returns the params.
func (b *binding) resolve(now time.Time, loc *time.Location) (any, error) {
	dates := map[string]time.Time{}
	for _, name := range []string{"Start", "End", "PreviousStart", "PreviousEnd"} {
		s, ok := b.dates[name]
		if !ok {
			continue
		}
		t, err := parseDate(s, loc)
		if err != nil {
			return nil, usageErrorf("--%s %q: %v", fields[name].flag, s, err)
		}
		dates[name] = t
	}
	if b.last != "" {
		if _, ok := b.dates["Start"]; ok {
			return nil, usageErrorf("--last and --start: give one or the other")
		}
		if _, ok := b.dates["End"]; ok {
			return nil, usageErrorf("--last and --end: give one or the other")
		}
		d, err := lastRange(b.last, now.In(loc))
		if err != nil {
			return nil, usageErrorf("--last %q: %v", b.last, err)
		}
		dates["Start"], dates["End"] = d.Start, d.End
	}
	if b.compare || b.compareTo != "" {
		_, ps := b.dates["PreviousStart"]
		_, pe := b.dates["PreviousEnd"]
		if ps || pe {
			return nil, usageErrorf("--compare and --previous-start/--previous-end: give one or the other")
		}
		cur := reports.Dates{Start: dates["Start"], End: dates["End"]}
		switch b.compareTo {
		case "", "period":
			prev := cur.Previous()
			if !prev.PreviousStart.IsZero() {
				dates["PreviousStart"], dates["PreviousEnd"] = prev.PreviousStart, prev.PreviousEnd
			}
			// Without a range, the SDK's default range comes with its
			// previous range already.
		default:
			if cur.Start.IsZero() || cur.End.IsZero() {
				return nil, usageErrorf("--compare-to %s: give the range (--last, or --start and --end)", b.compareTo)
			}
			years, months := -1, 0
			if b.compareTo == "month" {
				years, months = 0, -1
			}
			prev := cur.AddDate(years, months, 0) // the same calendar dates, in the range's zone
			dates["PreviousStart"], dates["PreviousEnd"] = prev.Start, prev.End
		}
	}
	for name, t := range dates {
		b.params.FieldByName(name).Set(reflect.ValueOf(t))
	}
	return b.params.Interface(), nil
}

// parseDate reads RFC 3339, or a date meaning its midnight in loc.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		// Noon of that date in loc, then its day: where DST skips
		// midnight, ParseInLocation's midnight would be 23:00 the day
		// before.
		y, m, d := t.Date()
		return reports.Day(time.Date(y, m, d, 12, 0, 0, 0, loc)).Start, nil
	}
	return time.Time{}, errors.New("want RFC 3339 (2026-11-01T09:30:00Z) or a date (2026-11-01)")
}

var lastPattern = regexp.MustCompile(`^([1-9][0-9]{0,3})([dwm])$`)

// lastRange is the range --last names: the n whole days, weeks (Monday to
// Sunday) or calendar months before the current one, in now's location.
func lastRange(s string, now time.Time) (reports.Dates, error) {
	m := lastPattern.FindStringSubmatch(s)
	if m == nil {
		return reports.Dates{}, errors.New("want a count and a unit: 7d (days), 4w (weeks), 3m (months)")
	}
	n, _ := strconv.Atoi(m[1])
	switch m[2] {
	case "d":
		return reports.LastDays(now, n), nil
	case "w":
		return reports.LastWeeks(now, n), nil
	}
	return reports.LastMonths(now, n), nil
}

// flagOf names the flag of a *reports.ParamError's field ("Mailboxes[2]"
// is --mailbox).
func flagOf(goField string) string {
	name, _, _ := strings.Cut(goField, "[")
	if f, ok := fields[name]; ok {
		return "--" + f.flag
	}
	return name
}

var goFieldPattern = regexp.MustCompile(`\b[A-Z][A-Za-z]+\b`)

// flagsIn names flags where a *reports.ParamError's reason names Go fields
// ("requires Range" is "requires --range").
func flagsIn(reason string) string {
	return goFieldPattern.ReplaceAllStringFunc(reason, func(w string) string {
		if _, ok := fields[w]; ok {
			return flagOf(w)
		}
		return w
	})
}

// dateValue keeps a date flag's text until --tz is known.
type dateValue struct {
	m    map[string]string
	name string
}

func (d dateValue) String() string     { return d.m[d.name] }
func (d dateValue) Set(s string) error { d.m[d.name] = s; return nil }
func (d dateValue) Type() string       { return "time" }

// enumValue is a flag of one of the SDK's enum types, or a comma-separated
// list of them; values are matched without regard to case.
type enumValue struct {
	v      reflect.Value
	values []string
}

func (e *enumValue) String() string {
	if !e.v.IsValid() {
		return ""
	}
	if e.v.Kind() == reflect.Slice {
		var parts []string
		for i := range e.v.Len() {
			parts = append(parts, e.v.Index(i).String())
		}
		return strings.Join(parts, ",")
	}
	return e.v.String()
}

func (e *enumValue) Set(s string) error {
	one := func(s string) (reflect.Value, error) {
		i := slices.IndexFunc(e.values, func(v string) bool { return strings.EqualFold(v, strings.TrimSpace(s)) })
		if i < 0 {
			return reflect.Value{}, fmt.Errorf("want one of %s", strings.Join(e.values, ", "))
		}
		t := e.v.Type()
		if t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		return reflect.ValueOf(e.values[i]).Convert(t), nil
	}
	if e.v.Kind() != reflect.Slice {
		v, err := one(s)
		if err == nil {
			e.v.Set(v)
		}
		return err
	}
	for part := range strings.SplitSeq(s, ",") {
		v, err := one(part)
		if err != nil {
			return err
		}
		e.v.Set(reflect.Append(e.v, v))
	}
	return nil
}

func (e *enumValue) Type() string {
	if e.v.Kind() == reflect.Slice {
		return "list"
	}
	return "string"
}

var _ pflag.Value = (*enumValue)(nil)

// optString is a string flag that tells "not given" (nil) from "given
// empty".
type optString struct{ p **string }

func (o *optString) String() string {
	if *o.p == nil {
		return ""
	}
	return **o.p
}

func (o *optString) Set(s string) error { *o.p = &s; return nil }
func (o *optString) Type() string       { return "list" }
