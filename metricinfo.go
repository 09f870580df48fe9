package reports

//go:generate go run ./internal/cmd/genmetrics -dir . -o metricinfo_gen.go

import (
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/helpscout-go/reports/internal/flat"
)

// MetricKind says what a metric is, and so how it combines with the same
// metric of other buckets (days, weeks, months) or items: what a database
// view needs to aggregate it right. The kinds are read from the result
// types' field comments (see MetricInfo).
type MetricKind string

// The kinds of metrics. A dashboard that sums a column gets a right answer or
// no answer: only counts are summed.
const (
	// KindCount is a count of events or things in the bucket (replies sent,
	// conversations closed, days): summed over buckets.
	KindCount MetricKind = "count"
	// KindDistinct is a count of distinct things (customers helped, users,
	// visitors, conversations touched): a customer helped on Monday and on
	// Tuesday is one customer of the week, so a distinct count is never
	// summed over buckets. Read the stored bucket of the size wanted (the
	// week's, the month's) instead.
	KindDistinct MetricKind = "distinct"
	// KindAverage is a mean (a time, a count per day or per chat): over
	// buckets, the mean of the buckets' values weighted by the metric Weight
	// names; without a Weight, read the stored bucket of the size wanted.
	KindAverage MetricKind = "average"
	// KindPercent is a share of a whole, 0–100 or a fraction 0–1 (its Unit):
	// recomputed from the counts it is a share of, or over buckets weighted
	// by the whole Weight names; without a Weight, read the stored bucket of
	// the size wanted.
	KindPercent MetricKind = "percent"
	// KindScore is a figure made of percents (the happiness score, the Great
	// percent minus the Not Good percent, −100 to 100): over buckets,
	// weighted by Weight, or recomputed from its parts; never summed.
	KindScore MetricKind = "score"
	// KindPeak is the count of the busiest slot (the conversations report's
	// busiest weekday and hour): the largest of several counts, never summed
	// or averaged; read the stored bucket of the size wanted.
	KindPeak MetricKind = "peak"
	// KindChange is a change from the previous range to the current one, a
	// percent change or a difference in points (its Unit): a comparison
	// figure, never combined; recompute it from the combined figures.
	KindChange MetricKind = "change"
	// KindMeasure is one item's own figure (a conversation's first response
	// time in a history row, the articles a search term finds): neither a
	// total nor a mean of a bucket; never summed over buckets.
	KindMeasure MetricKind = "measure"
	// KindID is an identifier given as a number (a mailbox id in a top list,
	// a conversation's number): not a measure, never summed or averaged.
	KindID MetricKind = "id"
	// KindCode is a number that names a category or a position (a weekday,
	// an hour of the day, a rating, a page number): not a measure.
	KindCode MetricKind = "code"
)

// MetricUnit is what a metric's number counts or measures.
type MetricUnit string

// The units of metrics.
const (
	UnitCount    MetricUnit = "count"    // a number of things (or, for an average, things per something)
	UnitDays     MetricUnit = "days"     // a number of days
	UnitSeconds  MetricUnit = "seconds"  // a duration in seconds
	UnitPercent  MetricUnit = "percent"  // 0–100 (37.27 is 37.27 %); for a change, a percent change
	UnitFraction MetricUnit = "fraction" // 0–1 (the percentResolvedOnFirstReply fields, despite their name)
	UnitPoints   MetricUnit = "points"   // a difference of percents, or a score on the −100–100 scale
	UnitID       MetricUnit = "id"       // an identifier
	UnitWeekday  MetricUnit = "weekday"  // 1 Monday … 7 Sunday
	UnitHour     MetricUnit = "hour"     // 0–23
	UnitRating   MetricUnit = "rating"   // 1 Great, 2 Okay, 3 Not Good
	UnitPage     MetricUnit = "page"     // a page number, from 1
	UnitCode     MetricUnit = "code"     // a code no source defines
)

// MetricInfo is what a metric of a result is: its name pattern, kind, unit,
// weight and description, read from the doc comments of the result types'
// fields (a table generated from them by go generate, so that it follows the
// docs). The comments say "count of …", "distinct count of …", "average
// time in seconds …, weighted by [Type.Field]", "percent (0–100) of …" and
// so on; internal/metricdoc lists the phrases.
type MetricInfo struct {
	// Name is the metric's name with every list element and map key as
	// "*": "users.*.replies", "current.*.customers". A Metric's Name matches
	// it segment by segment.
	Name string
	// Kind says how the metric combines over buckets; "" for a number the
	// SDK does not document (a value of a type of yours).
	Kind MetricKind
	// Unit is what the number counts or measures; "" with Kind "".
	Unit MetricUnit
	// Weight is, for an average, a percent or a score, the Name of the
	// metric of the same result that weights it when buckets are combined
	// ("current.totalDays" for "current.repliesPerDay"), when one is known;
	// else "". It is the field the comment names, looked for from the
	// metric's own object outwards, and of the same range (a previous
	// figure's weight is a previous figure).
	Weight string
	// Comparison says the metric is a previous range's figure or a change
	// from it: meaningless without a previous range, and left out by
	// Metrics when the result has none.
	Comparison bool
	// Description is the field's doc comment on one line; under the
	// previous range or the deltas, it says so.
	Description string
}

// fieldDoc is what a field's comment says of its number: a row of the table
// internal/cmd/genmetrics generates (metricinfo_gen.go).
type fieldDoc struct {
	kind     MetricKind
	unit     MetricUnit
	weight   string // "Type.Field", or ""
	previous bool   // a previous range's figure, or a field that holds them
	changes  bool   // a field whose numbers are all changes from the previous range
	peak     bool   // a field that holds a peak: its counts are peaks
	desc     string
}

// MetricInfos returns the infos of every metric a result of result's type
// can give, in the order Metrics gives them: result is any report's result,
// or a pointer to one, nil or not ((*CompanyResult)(nil) will do). List
// elements and map keys are "*" in the names. Only the numbers of the
// result's type are listed; those inside an interface, which a type does not
// show, are not.
func MetricInfos(result any) []MetricInfo {
	t := reflect.TypeOf(result)
	if t == nil {
		return nil
	}
	return slices.Clone(infosOf(t).infos)
}

// infoTable is the metric infos of a type, and what Metrics needs to use
// them.
type infoTable struct {
	infos  []MetricInfo
	byName map[string]*MetricInfo
	// presence are the indexes of the type's own fields that hold a previous
	// range (pointers and lists, nil or empty without one); none for a type
	// that has none.
	presence [][]int
}

var infoTables sync.Map // reflect.Type → *infoTable

func infosOf(t reflect.Type) *infoTable {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if tab, ok := infoTables.Load(t); ok {
		return tab.(*infoTable)
	}
	tab := buildInfos(t)
	actual, _ := infoTables.LoadOrStore(t, tab)
	return actual.(*infoTable)
}

var pkgPath = reflect.TypeFor[Metric]().PkgPath()

// docOf is the doc of a field of one of this package's types.
func docOf(f flat.Field) (fieldDoc, bool) {
	if f.Owner.PkgPath() != pkgPath {
		return fieldDoc{}, false
	}
	name, _, _ := strings.Cut(f.Owner.Name(), "[") // TimeSeries[...] is TimeSeries
	d, ok := fieldDocs[name+"."+f.GoName]
	return d, ok
}

func isNumberType(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

func buildInfos(t reflect.Type) *infoTable {
	tab := &infoTable{}
	type source struct {
		weight string // the doc's "Type.Field"
		field  string // the leaf's own "Type.Field"
	}
	var sources []source
	for _, c := range flat.Leaves(t) {
		if !isNumberType(c.Type) {
			continue
		}
		info := MetricInfo{Name: c.Name}
		var src source
		var previous, changes, peak bool
		for i, f := range c.Fields {
			d, ok := docOf(f)
			if !ok {
				continue
			}
			previous = previous || d.previous
			changes = changes || d.changes
			peak = peak || d.peak
			if i == len(c.Fields)-1 {
				info.Kind, info.Unit, info.Description = d.kind, d.unit, d.desc
				src = source{weight: d.weight, field: strings.SplitN(f.Owner.Name(), "[", 2)[0] + "." + f.GoName}
				if !d.previous && previous {
					info.Description += " (previous range)"
				}
			}
		}
		if peak && info.Kind == KindCount {
			info.Kind, info.Description = KindPeak, "peak: "+info.Description
		}
		info.Comparison = previous || info.Kind == KindChange
		if changes && info.Kind != KindChange && info.Kind != KindID && info.Kind != KindCode && info.Kind != "" {
			// A delta of a figure: a percent change, or a change in points
			// of a percent, a fraction or a score.
			unit, how := UnitPercent, "percent change of: "
			if info.Unit == UnitPercent || info.Unit == UnitFraction || info.Unit == UnitPoints {
				unit, how = UnitPoints, "change in points of: "
			}
			info.Kind, info.Unit, info.Description = KindChange, unit, how+info.Description
			src.weight = ""
		}
		tab.infos = append(tab.infos, info)
		sources = append(sources, src)
	}
	for i := range tab.infos {
		if w := sources[i].weight; w != "" {
			tab.infos[i].Weight = resolveWeight(tab.infos, i, func(j int) bool { return sources[j].field == w })
		}
	}
	tab.byName = make(map[string]*MetricInfo, len(tab.infos))
	for i := range tab.infos {
		tab.byName[tab.infos[i].Name] = &tab.infos[i]
	}
	for _, f := range flat.Fields(t) {
		if d, ok := docOf(f); ok && d.previous {
			switch f.Type.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Map:
				tab.presence = append(tab.presence, f.Index)
			}
		}
	}
	return tab
}

// resolveWeight finds the metric that weights metric i among infos: one
// whose field is the weight (match) and of the same range (Comparison),
// under the nearest object that encloses i and holds one outside any list.
func resolveWeight(infos []MetricInfo, i int, match func(j int) bool) string {
	name := infos[i].Name
	for end := strings.LastIndexByte(name, '.'); ; end = strings.LastIndexByte(name[:end], '.') {
		prefix := "" // the enclosing object's name and its dot
		if end >= 0 {
			prefix = name[:end+1]
		}
		best, depth := -1, 0
		for j := range infos {
			rest, ok := strings.CutPrefix(infos[j].Name, prefix)
			if !ok || j == i || !match(j) || infos[j].Comparison != infos[i].Comparison ||
				slices.Contains(strings.Split(rest, "."), "*") {
				continue
			}
			if d := strings.Count(rest, "."); best < 0 || d < depth {
				best, depth = j, d
			}
		}
		switch {
		case best >= 0:
			return infos[best].Name
		case end < 0:
			return ""
		}
	}
}

// hasPrevious reports whether v, a value of the table's type, holds a
// previous range: true when one of its fields that hold one is set, or when
// the type has no such field (a part of a result: its figures are kept).
func (tab *infoTable) hasPrevious(v reflect.Value) bool {
	if len(tab.presence) == 0 {
		return true
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	for _, index := range tab.presence {
		f, err := v.FieldByIndexErr(index)
		if err != nil {
			continue
		}
		switch f.Kind() {
		case reflect.Pointer, reflect.Map:
			if !f.IsNil() {
				return true
			}
		case reflect.Slice:
			if f.Len() > 0 {
				return true
			}
		}
	}
	return false
}
