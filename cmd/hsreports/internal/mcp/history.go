package mcp

// The history tool: a metric over time, from the database hsreports sync
// keeps, without a request.

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// storedReports are the reports hsreports sync stores: the overall ones
// that take no id.
func storedReports() []string {
	var out []string
	for _, r := range catalog.All() {
		if info := r.Info(); info.Kind == catalog.Overall && !info.Has("User") {
			out = append(out, info.Slug())
		}
	}
	return out
}

// granularities are the bucket sizes, finest first.
var granularities = []string{"day", "week", "month"}

// elementKinds are the kinds of names a list element of a metric is, by
// the list: users.100101.replies is a user's.
var elementKinds = map[string]string{"users": "user", "tags.top": "tag"}

// historyFilters are the filters of sync, in the order of its filters
// column: the flag, and the kind of names it takes ("" for none).
var historyFilters = []struct{ name, kind string }{
	{"mailbox", "mailbox"}, {"tag", "tag"}, {"folder", "folder"}, {"type", ""}, {"site", ""}, {"office-hours", ""},
}

func historyTool(tz string) *mcp.Tool {
	return &mcp.Tool{
		Name:        "history",
		Description: "A metric over time from the database hsreports sync keeps (no API request).",
		Annotations: readOnly,
		InputSchema: objectSchema{
			{name: "report", p: prop{Enum: storedReports(), Description: "report"}, required: true},
			{name: "metric", p: prop{Type: "string", MinLength: 1, Description: "as stored: totalReplies, users.<id or name>.replies"}, required: true},
			{name: "each", p: prop{Enum: granularities, Description: "bucket size (default: as stored)"}},
			{name: "start", p: prop{Type: "string", Description: "from (default: all stored)"}},
			{name: "end", p: prop{Type: "string", Description: briefs["end"]}},
			{name: "last", p: prop{Type: "string", Pattern: lastPattern, Description: briefs["last"]}},
			{name: "filters", p: prop{Type: "string", Description: "as synced: mailbox=101,Support type=email"}},
			{name: "tz", p: prop{Type: "string", Description: "IANA zone (default " + tz + ", or as stored)"}},
		},
	}
}

// historyCall is a history call's arguments, read.
type historyCall struct {
	report, metric, each string
	dates                map[string]string   // start, end, last
	filters              map[string][]string // by flag; office-hours: ["true"]
	tz                   string
}

// history answers a metric over time from the store.
func (s *server) history(ctx context.Context, args map[string]json.RawMessage) (*mcp.CallToolResult, error) {
	h, err := s.historyArgs(ctx, args)
	if err != nil {
		return nil, err
	}
	infos, err := s.store.Info(ctx, h.report)
	if err != nil {
		return nil, err
	}
	info, metric, weight, err := s.findMetric(ctx, infos, h.report, h.metric)
	if err != nil {
		return nil, err
	}
	if why := measurable(info); why != "" {
		return nil, cmdutil.Usagef("%s %s is %s", h.report, metric, why)
	}
	filters, flags := h.filterText()
	all, err := s.store.Buckets(ctx, h.report, filters, metric, weight)
	if err != nil {
		return nil, err
	}
	syncLine := func(each string, d reports.Dates, tz string) string {
		line := "hsreports sync --reports " + h.report + " --each " + each
		if !d.Start.IsZero() {
			loc, _ := time.LoadLocation(tz)
			line += " --start " + d.Start.In(loc).Format(time.DateOnly) + " --end " + d.End.In(loc).Format(time.DateOnly)
		}
		return line + " --tz " + tz + flags
	}
	what := h.report + " " + metric
	if filters != "" {
		what += " [" + filters + "]"
	}
	if len(all) == 0 {
		return nil, cmdutil.Usagef("nothing stored of %s; to store it: %s (the last 30 days; give --start and --end for others)", what, syncLine("day", reports.Dates{}, cmp.Or(h.tz, s.tz)))
	}
	// The series stored, by granularity and zone.
	type key struct{ granularity, tz string }
	series := map[key][]Bucket{}
	zones := map[string]bool{}
	for _, b := range all {
		series[key{b.Granularity, b.TZ}] = append(series[key{b.Granularity, b.TZ}], b)
		zones[b.TZ] = true
	}
	tz := h.tz
	switch {
	case tz != "" && !zones[tz]:
		return nil, cmdutil.Usagef("tz %q: %s is stored in %s only: give one of those, or sync in %s: %s", tz, what, strings.Join(slices.Sorted(mapsKeys(zones)), ", "), tz, syncLine("day", reports.Dates{}, tz))
	case tz == "" && zones[s.tz]:
		tz = s.tz
	case tz == "" && len(zones) == 1:
		for z := range zones {
			tz = z
		}
	case tz == "":
		return nil, cmdutil.Usagef("tz: %s is stored in %s: give tz", what, strings.Join(slices.Sorted(mapsKeys(zones)), ", "))
	}
	loc, err := cmdutil.LoadZone(tz)
	if err != nil {
		return nil, cmdutil.Usagef("tz %q: %v", tz, err)
	}
	var stored []string // the granularities stored in tz
	for _, g := range granularities {
		if len(series[key{g, tz}]) > 0 {
			stored = append(stored, g)
		}
	}
	each := cmp.Or(h.each, stored[0])
	source := each
	if len(series[key{each, tz}]) == 0 {
		if len(series[key{"day", tz}]) == 0 || each == "day" {
			return nil, cmdutil.Usagef("each %s: %s is stored per %s in %s, not per %s; to store %ss: %s", each, what, strings.Join(stored, ", "), tz, each, each, syncLine(each, reports.Dates{}, tz))
		}
		source = "day"
		if why := combines(info, weight); why != "" {
			return nil, cmdutil.Usagef("each %s: %s is %s; it is stored per %s only. Store %ss: %s", each, what, why, strings.Join(stored, ", "), each, syncLine(each, reports.Dates{}, tz))
		}
	}
	src := series[key{source, tz}]
	now := s.a.IO.Present()
	rng, err := h.rangeOf(now, loc)
	if err != nil {
		return nil, err
	}
	if rng.Start.IsZero() { // all that is stored
		rng = reports.Dates{Start: src[0].Start.In(loc), End: src[len(src)-1].End.In(loc)}
	}
	rng = widen(rng, each, loc)
	byStart := map[int64]Bucket{}
	for _, b := range src {
		byStart[b.Start.Unix()] = b
	}
	hp := &historyPage{Report: h.report, Metric: metric, Kind: info.Kind, Unit: info.Unit, Weight: weight, Each: each, From: source,
		TZ: tz, Filters: filters, Start: rng.Start.Format(time.RFC3339), End: rng.End.Format(time.RFC3339), Points: []historyPoint{}}
	var missing []reports.Dates
	for _, b := range rng.Split(reports.ViewBy(each)) {
		p := historyPoint{Start: b.Start.Format(time.DateOnly), End: b.End.Format(time.DateOnly)}
		var sum, weights float64
		for _, d := range b.Split(reports.ViewBy(source)) {
			if !d.Start.Before(now) {
				continue // not yet
			}
			p.Expected++
			got, ok := byStart[d.Start.Unix()]
			if !ok {
				missing = appendSpan(missing, d)
				continue
			}
			p.Stored++
			switch {
			case source == each || info.Kind == "count":
				sum += got.Value
			case got.Weight != nil && *got.Weight > 0:
				sum += got.Value * *got.Weight
				weights += *got.Weight
			}
		}
		if p.Expected == 0 {
			continue
		}
		switch {
		case p.Stored == 0:
		case source == each || info.Kind == "count":
			p.Value = &sum
		case weights > 0:
			v := sum / weights
			p.Value = &v
		}
		hp.Points = append(hp.Points, p)
	}
	for _, m := range missing {
		hp.Missing = append(hp.Missing, historySpan{m.Start.In(loc).Format(time.DateOnly), m.End.In(loc).Format(time.DateOnly)})
	}
	if len(missing) > 0 {
		hp.Sync = syncLine(source, reports.Dates{Start: missing[0].Start, End: missing[len(missing)-1].End}, tz)
	}
	return hp.result(info, stored, series[key{source, tz}], loc)
}

// historyPage is history's answer, its structured content.
type historyPage struct {
	Report  string         `json:"report"`
	Metric  string         `json:"metric"`
	Kind    string         `json:"kind"`
	Unit    string         `json:"unit"`
	Weight  string         `json:"weight,omitempty"`
	Each    string         `json:"each"`
	From    string         `json:"from"` // the stored buckets it is made of
	TZ      string         `json:"tz"`
	Filters string         `json:"filters"`
	Start   string         `json:"start"`
	End     string         `json:"end"`
	Points  []historyPoint `json:"points"`
	Missing []historySpan  `json:"missing,omitzero"`
	Sync    string         `json:"sync,omitempty"` // the hsreports sync line that fills what is missing
}

// historyPoint is a bucket of the answer: its dates (the last excluded),
// its value (null when nothing of it is stored) and how many of its
// stored buckets there are of how many.
type historyPoint struct {
	Start    string   `json:"start"`
	End      string   `json:"end"`
	Value    *float64 `json:"value"`
	Stored   int      `json:"stored"`
	Expected int      `json:"expected"`
}

// historySpan is a span of missing buckets, the end excluded.
type historySpan struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// result is the answer: its text (what, how, what is stored and missing,
// then the points) and the structured content.
func (hp *historyPage) result(info MetricInfo, stored []string, src []Bucket, loc *time.Location) (*mcp.CallToolResult, error) {
	var b strings.Builder
	how := "as stored"
	if hp.From != hp.Each {
		how = "summed over days"
		if info.Kind != "count" {
			how = "averaged over days, weighted by " + hp.Weight
		}
	}
	fmt.Fprintf(&b, "History of %s %s (%s, %s) per %s, %s; %s. Range: %s to %s, %s (%d %ss). From the database, no API request.",
		hp.Report, hp.Metric, cmp.Or(info.Kind, "?"), cmp.Or(info.Unit, "?"), hp.Each, how, filtersNote(hp.Filters),
		hp.firstDay(), hp.lastDay(loc), hp.TZ, len(hp.Points), hp.Each)
	if info.Description != "" {
		b.WriteString(" " + cmdutil.EscapeText(info.Description) + ".")
	}
	fmt.Fprintf(&b, "\nStored: %ss in %s from %s to %s (%d); stored per: %s.", hp.From, hp.TZ,
		src[0].Start.In(loc).Format(time.DateOnly), src[len(src)-1].End.In(loc).AddDate(0, 0, -1).Format(time.DateOnly), len(src), strings.Join(stored, ", "))
	if len(hp.Missing) > 0 {
		n := 0
		for _, p := range hp.Points {
			n += p.Expected - p.Stored
		}
		var spans []string
		for _, m := range hp.Missing[:min(len(hp.Missing), 5)] {
			spans = append(spans, m.Start+" to "+m.End)
		}
		more := ""
		if len(hp.Missing) > 5 {
			more = fmt.Sprintf(" and %d more spans", len(hp.Missing)-5)
		}
		fmt.Fprintf(&b, "\nMissing: %d %ss (%s%s, end excluded); a point short of its %ss is marked. To fill them (sync fetches only what is missing): %s", n, hp.From, strings.Join(spans, ", "), more, hp.From, hp.Sync)
	} else {
		b.WriteString("\nMissing: nothing in the range.")
	}
	b.WriteString("\n\n")
	rows := hp.Points
	if cut := historyRows(len(rows)); cut < len(rows) {
		fmt.Fprintf(&b, "The last %d of %d points (the structured content has all):\n", cut, len(rows))
		rows = rows[len(rows)-cut:]
	}
	fmt.Fprintf(&b, "%-10s  %s\n", strings.ToUpper(hp.Each), "VALUE")
	for _, p := range rows {
		v := "(none stored)"
		if p.Value != nil {
			v = figure(info.Unit, *p.Value)
		}
		if p.Stored < p.Expected {
			v += fmt.Sprintf("  (%d of %d %ss stored)", p.Stored, p.Expected, hp.From)
		}
		fmt.Fprintf(&b, "%-10s  %s\n", p.Start, v)
	}
	doc, err := marshal(hp)
	if err != nil {
		return nil, err
	}
	return &mcp.CallToolResult{
		Content:           []mcp.Content{&mcp.TextContent{Text: strings.TrimRight(b.String(), "\n")}},
		StructuredContent: json.RawMessage(doc),
	}, nil
}

// historyRows is how many points of n the text shows: all that fit in
// TextCap at about 60 bytes each.
func historyRows(n int) int { return min(n, (TextCap-2048)/60) }

// firstDay is the first point's date (the range's start when there is
// none).
func (hp *historyPage) firstDay() string {
	if len(hp.Points) == 0 {
		return hp.Start[:10]
	}
	return hp.Points[0].Start
}

// lastDay is the range's last day.
func (hp *historyPage) lastDay(loc *time.Location) string {
	end, err := time.Parse(time.RFC3339, hp.End)
	if err != nil {
		return hp.End
	}
	return end.In(loc).AddDate(0, 0, -1).Format(time.DateOnly)
}

func filtersNote(f string) string {
	if f == "" {
		return "no filters"
	}
	return "filters " + f
}

// figure writes a value in its unit: seconds as a duration, percents.
func figure(unit string, v float64) string {
	switch unit {
	case "seconds":
		return duration(v)
	case "percent":
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	case "fraction":
		return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return thousands(v)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// measurable says why a metric is no figure to show over time, or "".
func measurable(info MetricInfo) string {
	switch info.Kind {
	case "id", "code":
		return "an identifier or a code, not a measure"
	case "change":
		return "a change from a previous range (sync stores none)"
	}
	return ""
}

// combines says why a metric's days do not combine into weeks or months,
// or "" when they do: counts are summed, averages, percents and scores
// weighted by their weight.
func combines(info MetricInfo, weight string) string {
	if why := measurable(info); why != "" {
		return why
	}
	switch info.Kind {
	case "count":
		return ""
	case "distinct":
		return "a distinct count: a customer (or user) of Monday and of Tuesday is one of the week, so days do not add up"
	case "average", "percent", "score":
		if weight != "" {
			return ""
		}
		return "an " + info.Kind + " with no weight to combine days by"
	case "measure":
		return "one item's own figure, not a bucket's"
	}
	return "of a kind (" + cmp.Or(info.Kind, "unknown") + ") whose days do not combine"
}

// widen widens d to whole buckets of each, in loc.
func widen(d reports.Dates, each string, loc *time.Location) reports.Dates {
	bucket := func(t time.Time) reports.Dates {
		switch each {
		case "week":
			return reports.Week(t)
		case "month":
			return reports.Month(t)
		}
		return reports.Day(t)
	}
	return reports.Dates{Start: bucket(d.Start.In(loc)).Start, End: bucket(d.End.In(loc).Add(-time.Nanosecond)).End}
}

// appendSpan adds bucket d to the spans, joining it to the last when it
// follows it.
func appendSpan(spans []reports.Dates, d reports.Dates) []reports.Dates {
	if n := len(spans); n > 0 && spans[n-1].End.Equal(d.Start) {
		spans[n-1].End = d.End
		return spans
	}
	return append(spans, d)
}

// historyArgs reads history's arguments; names of filters are resolved
// in the store.
func (s *server) historyArgs(ctx context.Context, args map[string]json.RawMessage) (*historyCall, error) {
	h := &historyCall{dates: map[string]string{}, filters: map[string][]string{}}
	str := func(k string, raw json.RawMessage) (string, error) {
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", cmdutil.Usagef("%s: want a string", k)
		}
		return v, nil
	}
	for _, k := range slices.Sorted(mapsKeys(args)) {
		raw := args[k]
		if isNone(raw) {
			continue
		}
		var err error
		switch k {
		case "report":
			if h.report, err = str(k, raw); err == nil && !slices.Contains(storedReports(), h.report) {
				err = cmdutil.Usagef("report %q: want one of %s", h.report, strings.Join(storedReports(), ", "))
			}
		case "metric":
			h.metric, err = str(k, raw)
		case "each":
			if h.each, err = str(k, raw); err == nil && !slices.Contains(granularities, h.each) {
				err = cmdutil.Usagef("each %q: want day, week or month", h.each)
			}
		case "start", "end", "last":
			h.dates[k], err = str(k, raw)
		case "tz":
			if h.tz, err = tzArg(raw, ""); err == nil && h.tz != "" {
				if _, zerr := cmdutil.LoadZone(h.tz); zerr != nil {
					err = cmdutil.Usagef("tz %q: %v", h.tz, zerr)
				}
			}
		case "filters":
			var text string
			if text, err = str(k, raw); err == nil {
				err = s.filtersArg(ctx, text, h.filters)
			}
		default:
			err = cmdutil.Usagef("no argument %q", k)
		}
		if err != nil {
			return nil, err
		}
	}
	if h.report == "" || h.metric == "" {
		return nil, cmdutil.Usagef("report and metric are required (report: %s)", strings.Join(storedReports(), ", "))
	}
	return h, nil
}

// filtersArg reads the filters argument: flag=values separated by
// spaces, as the filters column has them (mailbox=101,102 type=email);
// mailboxes, tags and folders by id or by name (looked up in the store's
// tables of names; a name with a space or a comma in double quotes:
// mailbox="Sales, EU"). office-hours stands alone or is =true.
func (s *server) filtersArg(ctx context.Context, text string, into map[string][]string) error {
	for _, part := range splitOutside(strings.TrimSpace(text), ' ') {
		if part == "" {
			continue
		}
		flag, values, _ := strings.Cut(part, "=")
		i := slices.IndexFunc(historyFilters, func(f struct{ name, kind string }) bool { return f.name == flag })
		if i < 0 {
			return cmdutil.Usagef("filters: %q: want mailbox=, tag=, folder=, type=, site= or office-hours", flag)
		}
		if flag == "office-hours" {
			if values != "" && values != "true" {
				return cmdutil.Usagef("filters: office-hours takes no value (or true)")
			}
			into[flag] = []string{"true"}
			continue
		}
		for _, v := range splitOutside(values, ',') {
			v = strings.Trim(strings.TrimSpace(v), `"`)
			switch {
			case v == "":
				return cmdutil.Usagef("filters: %s: an empty value", flag)
			case flag == "type" && !slices.Contains(input.Enums[conversationType], v):
				return cmdutil.Usagef("filters: type %q: want email, chat or phone", v)
			case historyFilters[i].kind != "":
				id, err := input.ParseID(v)
				if err != nil {
					if id, err = s.storeID(ctx, flag, v); err != nil {
						return err
					}
				}
				if id <= 0 {
					return cmdutil.Usagef("filters: %s: want positive ids, got %d", flag, id)
				}
				v = strconv.FormatInt(id, 10)
			}
			into[flag] = append(into[flag], v)
		}
	}
	return nil
}

// splitOutside splits s at sep where it is not within double quotes.
func splitOutside(s string, sep rune) []string {
	var out []string
	quoted, start := false, 0
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == sep && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// storeID is the id of the thing of kind named name in the store's
// tables of names.
func (s *server) storeID(ctx context.Context, kind, name string) (int64, error) {
	entries, err := s.store.Entries(ctx, kind, 0)
	if err != nil {
		return 0, err
	}
	var found []Entry
	for _, e := range entries {
		if exact(e, name) {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 1:
		return found[0].ID, nil
	case 0:
		close := match(entries, name)
		hint := ""
		if len(close) > 0 {
			var names []string
			for _, e := range close[:min(len(close), 5)] {
				names = append(names, strconv.Quote(e.Name)+" ("+strconv.FormatInt(e.ID, 10)+")")
			}
			hint = "; close: " + strings.Join(names, ", ")
		}
		return 0, cmdutil.Usagef("%s %q: no %s of that name in the database%s", kind, name, kind, hint)
	}
	var names []string
	for _, e := range found {
		names = append(names, strconv.Quote(e.Name)+" ("+strconv.FormatInt(e.ID, 10)+")")
	}
	return 0, cmdutil.Usagef("%s %q: %d match: %s; give the id", kind, name, len(found), strings.Join(names, ", "))
}

// filterText is the filters as the filters column has them (sync's
// canonical text: ids sorted, flag=values, in sync's order), and as sync's
// flags.
func (h *historyCall) filterText() (text, flags string) {
	var parts []string
	for _, f := range historyFilters {
		var values []string
		if f.name == "office-hours" {
			values = h.filters[f.name]
		} else {
			values = slices.Clone(h.filters[f.name])
			if f.kind != "" {
				slices.SortFunc(values, func(a, b string) int {
					x, _ := strconv.ParseInt(a, 10, 64)
					y, _ := strconv.ParseInt(b, 10, 64)
					return cmp.Compare(x, y)
				})
			} else {
				slices.Sort(values)
			}
			values = slices.Compact(values)
		}
		if len(values) == 0 {
			continue
		}
		parts = append(parts, f.name+"="+strings.Join(values, ","))
		if f.name == "office-hours" {
			flags += " --office-hours"
		} else {
			flags += " --" + f.name + " " + strings.Join(values, ",")
		}
	}
	return strings.Join(parts, " "), flags
}

// rangeOf is the range the call asks for, in loc; zero when none.
func (h *historyCall) rangeOf(now time.Time, loc *time.Location) (reports.Dates, error) {
	var d reports.Dates
	if last := h.dates["last"]; last != "" {
		if h.dates["start"] != "" || h.dates["end"] != "" {
			return d, cmdutil.Usagef("last and start or end: give one or the other")
		}
		r, err := input.LastRange(last, now.In(loc))
		if err != nil {
			return d, cmdutil.Usagef("last %q: %v", last, err)
		}
		return r, nil
	}
	for _, k := range []string{"start", "end"} {
		v := h.dates[k]
		if v == "" {
			continue
		}
		t, err := input.ParseDate(v, loc)
		if err != nil {
			return d, cmdutil.Usagef("%s %q: %v", k, v, err)
		}
		if k == "start" {
			d.Start = t
		} else {
			d.End = t
		}
	}
	switch {
	case d.Start.IsZero() && d.End.IsZero():
	case d.Start.IsZero():
		return d, cmdutil.Usagef("end without start: give both, or last")
	case d.End.IsZero():
		d.End = now
	}
	if !d.Start.IsZero() && !d.Start.Before(d.End) {
		return d, cmdutil.Usagef("end: must be after start")
	}
	return d, nil
}

// findMetric is the metric_info row of metric (a name as stored, with a
// list element's id or name), the metric's stored name (with the id) and
// that of its weight.
func (s *server) findMetric(ctx context.Context, infos []MetricInfo, report, metric string) (MetricInfo, string, string, error) {
	if len(infos) == 0 {
		return MetricInfo{}, "", "", cmdutil.Usagef("report %s: no metric_info rows: nothing of it is stored (hsreports sync --reports %s)", report, report)
	}
	for _, info := range infos {
		if info.Metric == metric && !strings.Contains(metric, "*") {
			return info, metric, info.Weight, nil
		}
	}
	for _, info := range infos {
		before, after, ok := strings.Cut(info.Metric, ".*.")
		if !ok || !strings.HasPrefix(metric, before+".") || !strings.HasSuffix(metric, "."+after) || len(metric) <= len(before)+len(after)+2 {
			continue
		}
		elem := metric[len(before)+1 : len(metric)-len(after)-1]
		if elem == "*" {
			return MetricInfo{}, "", "", cmdutil.Usagef("metric %q: name one of %s: %s.<id or name>.%s", metric, before, before, after)
		}
		id, err := input.ParseID(elem)
		if err != nil {
			kind, ok := elementKinds[before]
			if !ok {
				return MetricInfo{}, "", "", cmdutil.Usagef("metric %q: %s are named by id here", metric, before)
			}
			if id, err = s.storeID(ctx, kind, elem); err != nil {
				return MetricInfo{}, "", "", err
			}
		}
		name := before + "." + strconv.FormatInt(id, 10) + "." + after
		weight := strings.Replace(info.Weight, ".*.", "."+strconv.FormatInt(id, 10)+".", 1)
		return info, name, weight, nil
	}
	// Unknown: the names that hold its words, else the first ones.
	var close []string
	word := strings.ToLower(metric[strings.LastIndexByte(metric, '.')+1:])
	for _, info := range infos {
		if strings.Contains(strings.ToLower(info.Metric), word) {
			close = append(close, info.Metric)
		}
	}
	if len(close) == 0 {
		for _, info := range infos {
			close = append(close, info.Metric)
		}
	}
	more := ""
	if len(close) > 20 {
		more = fmt.Sprintf(" (and %d more)", len(close)-20)
		close = close[:20]
	}
	return MetricInfo{}, "", "", cmdutil.Usagef("metric %q: no such metric of %s; it has %s%s", metric, report, strings.Join(close, ", "), more)
}

var conversationType = reflect.TypeFor[reports.ConversationType]()
