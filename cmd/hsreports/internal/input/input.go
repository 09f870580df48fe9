package input

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/spf13/cobra"
)

// Input is a report's input as a user gave it, flags or an MCP tool's
// arguments alike: the params with every field but the dates and the ids
// set, and the dates, ids (or names) and range words as given, for Resolve.
type Input struct {
	params reflect.Value       // addressable params struct
	dates  map[string]string   // Start, End, PreviousStart, PreviousEnd, as given
	ids    map[string][]idText // the fields of ids, by Go name: ids or names, as given

	Last      string // --last: 7d, 4w, 3m
	Compare   bool   // --compare
	CompareTo string // --compare-to: period, month or year

	// Names, when set before Bind, gives the names of a kind that the shell
	// completion of the flags of ids offers.
	Names func(kind reports.NameKind) []string
}

// New is an empty input of params type t.
func New(t reflect.Type) *Input {
	return &Input{params: reflect.New(t).Elem(), dates: map[string]string{}, ids: map[string][]idText{}}
}

// Type is the params type.
func (in *Input) Type() reflect.Type { return in.params.Type() }

// Range tells whether a range was given (--start, --end or --last).
func (in *Input) Range() bool {
	_, s := in.dates["Start"]
	_, e := in.dates["End"]
	return s || e || in.Last != ""
}

// hasPrevious tells whether the params take a previous range.
func (in *Input) hasPrevious() bool {
	_, ok := in.Type().FieldByName("PreviousStart")
	return ok
}

// Bind adds the flags of a report's input to cmd: a flag per params
// field, --last, and --compare and --compare-to where the params take a
// previous range.
func (in *Input) Bind(cmd *cobra.Command) {
	in.BindFields(cmd)
	in.BindLast(cmd, "the range: the N whole days (7d), weeks (4w, Monday to Sunday) or months (3m) before the current one, in --tz",
		[]string{"7d", "30d", "1w", "4w", "1m", "3m", "12m"})
	if in.hasPrevious() {
		fs := cmd.Flags()
		fs.BoolVar(&in.Compare, "compare", false, "also get the previous range of equal length, right before the range")
		fs.Var(cmdutil.NewEnum(&in.CompareTo, CompareTo), "compare-to", "compare with the range right before (period, as --compare), or the same dates a month or a year earlier (year over year): "+strings.Join(CompareTo, ", "))
		cmdutil.Complete(cmd, "compare-to", CompareTo)
	}
}

// BindFields adds a flag per params field to cmd.
func (in *Input) BindFields(cmd *cobra.Command) {
	fs := cmd.Flags()
	t := in.Type()
	for _, sf := range ParamFields(t) {
		f, ok := fields[sf.Name]
		if !ok {
			panic("hsreports: no flag for params field " + t.Name() + "." + sf.Name)
		}
		v := in.params.FieldByIndex(sf.Index)
		switch {
		case sf.Type == timeType:
			fs.Var(&dateValue{in, sf.Name}, f.Name, f.Usage)
		case f.IDs != "":
			fs.Var(&idsValue{in: in, field: sf.Name, list: sf.Type.Kind() == reflect.Slice}, f.Name, f.Usage)
			if in.Names != nil {
				kind := reports.NameKind(f.IDs)
				cmdutil.CompleteList(cmd, f.Name, func() []string { return in.Names(kind) })
			}
		case EnumOf(sf.Type) != nil:
			values := EnumOf(sf.Type)
			fs.Var(&cmdutil.EnumValue{V: v, Values: values}, f.Name, f.Usage+": "+strings.Join(values, ", "))
			if sf.Type.Kind() == reflect.Slice {
				cmdutil.CompleteList(cmd, f.Name, func() []string { return values })
			} else {
				cmdutil.Complete(cmd, f.Name, values)
			}
		default:
			switch p := v.Addr().Interface().(type) {
			case *int64:
				fs.Int64Var(p, f.Name, 0, f.Usage)
			case *int:
				fs.IntVar(p, f.Name, 0, f.Usage)
			case *bool:
				fs.BoolVar(p, f.Name, false, f.Usage)
			case *[]string:
				fs.StringSliceVar(p, f.Name, nil, f.Usage)
			default:
				panic("hsreports: no flag type for params field " + t.Name() + "." + sf.Name)
			}
		}
	}
}

// BindLast adds --last, with its help and the completions offered.
func (in *Input) BindLast(cmd *cobra.Command, usage string, offers []string) {
	cmd.Flags().StringVar(&in.Last, "last", "", usage)
	cmdutil.Complete(cmd, "last", offers)
}

// dateValue keeps a date flag's text until the zone is known.
type dateValue struct {
	in   *Input
	name string
}

func (d *dateValue) String() string     { return d.in.dates[d.name] }
func (d *dateValue) Set(s string) error { d.in.dates[d.name] = s; return nil }
func (d *dateValue) Type() string       { return "time" }

// idText is ids or names as given: a flag's text, a list of ids or names
// separated by commas (a name may hold commas: reports.Resolver.ResolveList
// finds it), or one element of an MCP argument's list, one id or name.
type idText struct {
	text string
	list bool
}

// idsValue keeps the ids (or names) of a field of ids until they are
// resolved.
type idsValue struct {
	in    *Input
	field string
	list  bool
}

func (v *idsValue) String() string {
	var parts []string
	for _, t := range v.in.ids[v.field] {
		parts = append(parts, t.text)
	}
	return strings.Join(parts, ",")
}

func (v *idsValue) Set(s string) error {
	if !v.list {
		v.in.ids[v.field] = []idText{{text: s}}
		return nil
	}
	v.in.ids[v.field] = append(v.in.ids[v.field], idText{text: s, list: true})
	return nil
}

func (v *idsValue) Type() string {
	if v.list {
		return "ids"
	}
	return "id"
}

// Resolved is an input resolved: the SDK's params and the ranges they
// cover.
type Resolved struct {
	Params any // the report's params struct, P
	// Range is the range the params cover, in the zone: as given, or the
	// default (see reports.Dates).
	Range reports.Dates
	// Previous is the range compared with, zero when none.
	Previous reports.Dates
}

// Resolve resolves the input, in loc, with now (the client's clock) for
// --last and the default range, and names for the names given for ids
// (nil: ids only): the one place where a report's params are made.
func (in *Input) Resolve(ctx context.Context, now time.Time, loc *time.Location, names *reports.Resolver) (Resolved, error) {
	dates := map[string]time.Time{}
	for _, name := range []string{"Start", "End", "PreviousStart", "PreviousEnd"} {
		s, ok := in.dates[name]
		if !ok {
			continue
		}
		t, err := ParseDate(s, loc)
		if err != nil {
			return Resolved{}, cmdutil.Usagef("--%s %q: %v", fields[name].Name, s, err)
		}
		if t.IsZero() { // 0001-01-01T00:00:00Z, which the params read as no date
			return Resolved{}, cmdutil.Usagef("--%s %q: the first instant of year 1 stands for no date: give a later one", fields[name].Name, s)
		}
		dates[name] = t
	}
	if in.Last != "" {
		if _, ok := in.dates["Start"]; ok {
			return Resolved{}, cmdutil.Usagef("--last and --start: give one or the other")
		}
		if _, ok := in.dates["End"]; ok {
			return Resolved{}, cmdutil.Usagef("--last and --end: give one or the other")
		}
		d, err := LastRange(in.Last, now.In(loc))
		if err != nil {
			return Resolved{}, cmdutil.Usagef("--last %q: %v", in.Last, err)
		}
		dates["Start"], dates["End"] = d.Start, d.End
	}
	if in.Compare || in.CompareTo != "" {
		_, ps := in.dates["PreviousStart"]
		_, pe := in.dates["PreviousEnd"]
		if ps || pe {
			return Resolved{}, cmdutil.Usagef("--compare and --previous-start/--previous-end: give one or the other")
		}
		cur := reports.Dates{Start: dates["Start"], End: dates["End"]}
		switch in.CompareTo {
		case "", "period":
			prev := cur.Previous()
			if !prev.PreviousStart.IsZero() {
				dates["PreviousStart"], dates["PreviousEnd"] = prev.PreviousStart, prev.PreviousEnd
			}
			// Without a range, the SDK's default range comes with its
			// previous range already.
		default:
			if cur.Start.IsZero() || cur.End.IsZero() {
				return Resolved{}, cmdutil.Usagef("--compare-to %s: give the range (--last, or --start and --end)", in.CompareTo)
			}
			years, months := -1, 0
			if in.CompareTo == "month" {
				years, months = 0, -1
			}
			prev := cur.AddDate(years, months, 0) // the same calendar dates, in the range's zone
			dates["PreviousStart"], dates["PreviousEnd"] = prev.Start, prev.End
		}
	}
	p := reflect.New(in.Type()).Elem()
	p.Set(in.params)
	for name, t := range dates {
		p.FieldByName(name).Set(reflect.ValueOf(t))
	}
	if err := in.resolveIDs(ctx, p, names); err != nil {
		return Resolved{}, err
	}
	res := Resolved{Params: p.Interface()}
	var err error
	if res.Range, res.Previous, err = Ranges(res.Params, now, loc); err != nil {
		return Resolved{}, err
	}
	return res, nil
}

// resolveIDs sets the fields of ids of p from the ids or names given: a
// number is an id, anything else a name, looked up with names. A folder's
// name is looked up in the mailbox given, when one is, else in every
// mailbox.
func (in *Input) resolveIDs(ctx context.Context, p reflect.Value, names *reports.Resolver) error {
	var mailboxes []int64
	for _, name := range []string{"Mailboxes", "Tags", "Folders", "User"} { // mailboxes first
		texts, ok := in.ids[name]
		if !ok {
			continue
		}
		f := fields[name]
		var ids []int64
		for _, t := range texts {
			got, err := resolveText(ctx, names, reports.NameKind(f.IDs), t, mailboxes)
			if err != nil {
				var ne *reports.NameError
				if errors.As(err, &ne) || errors.Is(err, errNoNames) {
					return cmdutil.Usagef("--%s: %w", f.Name, err)
				}
				return err
			}
			ids = append(ids, got...)
		}
		field := p.FieldByName(name)
		if field.Kind() == reflect.Slice {
			field.Set(reflect.ValueOf(ids))
		} else if len(ids) > 0 {
			field.SetInt(ids[len(ids)-1])
		}
		if name == "Mailboxes" {
			mailboxes = ids
		}
	}
	return nil
}

// errNoNames is the error of a name where only ids are taken.
var errNoNames = errors.New("want ids (whole numbers)")

// resolveText resolves the ids or names of t.
func resolveText(ctx context.Context, names *reports.Resolver, kind reports.NameKind, t idText, mailboxes []int64) ([]int64, error) {
	tokens := []string{t.text}
	if t.list {
		tokens = strings.Split(t.text, ",")
	}
	ids := make([]int64, 0, len(tokens))
	for _, tok := range tokens {
		id, err := ParseID(tok)
		if err != nil {
			ids = nil
			break
		}
		ids = append(ids, id)
	}
	if ids != nil {
		return ids, nil
	}
	if names == nil {
		return nil, fmt.Errorf("%q: %w", t.text, errNoNames)
	}
	var entries []reports.NameEntry
	var err error
	oneMailbox := kind == reports.KindFolder && len(mailboxes) == 1
	switch {
	case oneMailbox && t.list:
		entries, err = names.ResolveFolderList(ctx, mailboxes[0], t.text)
	case t.list:
		entries, err = names.ResolveList(ctx, kind, t.text)
	default:
		var e reports.NameEntry
		if oneMailbox {
			e, err = names.ResolveFolder(ctx, mailboxes[0], t.text)
		} else {
			e, err = names.Resolve(ctx, kind, t.text)
		}
		entries = []reports.NameEntry{e}
	}
	if err != nil {
		return nil, err
	}
	ids = make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	return ids, nil
}

// ParseID reads an id given as text: a number is always an id.
func ParseID(s string) (int64, error) {
	return strconv.ParseInt(strings.TrimSpace(s), 10, 64)
}

// Ranges are the range params p cover and the one they compare with, in
// loc: what the SDK sends for them (reports.Dates.Resolve, the one home of
// the default range), with now. A range the SDK would refuse is its
// error, a *reports.ParamError.
func Ranges(p any, now time.Time, loc *time.Location) (cur, prev reports.Dates, err error) {
	v := reflect.ValueOf(p)
	f := v.FieldByName("Dates")
	if !f.IsValid() {
		return cur, prev, nil
	}
	given := f.Interface().(reports.Dates)
	if cur, err = given.Resolve(now); err != nil {
		return cur, prev, err
	}
	cur = reports.Dates{Start: cur.Start.In(loc), End: cur.End.In(loc)}
	if pf := v.FieldByName("PreviousDates"); pf.IsValid() {
		pd, err := pf.Interface().(reports.PreviousDates).Resolve(given, now)
		if err != nil {
			return cur, prev, err
		}
		if !pd.PreviousStart.IsZero() {
			prev = reports.Dates{Start: pd.PreviousStart.In(loc), End: pd.PreviousEnd.In(loc)}
		}
	}
	return cur, prev, nil
}

// WithPrevious is params p with the previous range right before d where p
// takes one and has none (--compare without a range leaves the SDK's
// default to it): reports.Series compares each bucket with its own previous
// range only where p has one.
func WithPrevious(p any, d reports.Dates) any {
	v := reflect.New(reflect.TypeOf(p)).Elem()
	v.Set(reflect.ValueOf(p))
	ps, pe := v.FieldByName("PreviousStart"), v.FieldByName("PreviousEnd")
	if !ps.IsValid() || !pe.IsValid() || !ps.Interface().(time.Time).IsZero() {
		return p
	}
	prev := d.Previous()
	ps.Set(reflect.ValueOf(prev.PreviousStart))
	pe.Set(reflect.ValueOf(prev.PreviousEnd))
	return v.Interface()
}

// ParseDate reads RFC 3339, or a date meaning its midnight in loc.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
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

// LastPattern is what --last takes.
var LastPattern = regexp.MustCompile(`^([1-9][0-9]{0,3})([dwm])$`)

// maxLast is the most --last takes of each unit: ten years (the longest
// range the fake answers; the API documents none, and a longer one is
// surely a typo).
var maxLast = map[string]int{"d": 3653, "w": 522, "m": 120}

// LastRange is the range --last names: the n whole days, weeks (Monday to
// Sunday) or calendar months before the current one, in now's location;
// ten years at most.
func LastRange(s string, now time.Time) (reports.Dates, error) {
	m := LastPattern.FindStringSubmatch(s)
	if m == nil {
		return reports.Dates{}, errors.New("want a count and a unit: 7d (days), 4w (weeks), 3m (months)")
	}
	n, _ := strconv.Atoi(m[1])
	if n > maxLast[m[2]] {
		return reports.Dates{}, fmt.Errorf("at most ten years: %d%s", maxLast[m[2]], m[2])
	}
	switch m[2] {
	case "d":
		return reports.LastDays(now, n), nil
	case "w":
		return reports.LastWeeks(now, n), nil
	}
	return reports.LastMonths(now, n), nil
}
