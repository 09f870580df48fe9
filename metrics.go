package reports

import (
	"reflect"

	"github.com/helpscout-go/reports/internal/flat"
)

// Metric is one number of a report: its name, its value and what it is.
type Metric struct {
	// Name is the number's path in the result: its JSON names joined by
	// dots, list elements by id or index, e.g. "current.customersHelped" or
	// "users.100101.replies".
	Name  string
	Value float64 // the number; integers (ids, counts) are converted
	// Info says what the number is (kind, unit, weight); never nil, and its
	// Name is this metric's pattern ("users.*.replies"). It is shared by
	// every metric of that pattern: read it, do not modify it. For a number
	// the SDK does not document (a value of your own type), its Kind is "".
	Info *MetricInfo
}

// Metrics returns every number of a decoded result, named by its path of
// the API's JSON names, in the order of the answer, with what each is
// (Metric.Info): what a warehouse, a Prometheus gauge or a spreadsheet wants.
// result is any report's result, or a pointer to one (the GetX methods'
// answer as it is); Metrics walks it by reflection, without a JSON round
// trip.
//
//	res, _ := c.GetCompany(ctx, p)
//	for _, m := range reports.Metrics(res) {
//		fmt.Println(m.Name, m.Value, m.Info.Kind) // current.customersHelped 1123 distinct, ...
//	}
//
// The rules:
//   - names are the JSON names of json.Marshal of the result; fields of
//     embedded structs (Period, Paged) sit at their parent's level, as in
//     the JSON, and a field without a json tag has its Go name;
//   - a list element is named by its id where its elements have distinct
//     ids (users.100101.replies, tags.top.17.count; the company report's
//     users by their "user" id), else by its index (current.0.customers);
//     the id itself is not a metric then;
//   - without a previous range (the result's previous and deltas absent, or
//     a time series without previous points), the comparison figures are
//     left out, though the API sends them as zeros or copies: the
//     MetricInfo.Comparison ones, such as users.N.previousReplies,
//     tags.top.N.previousCount and .previousPercent and .deltaPercent,
//     customFields.fields.N.summary.unansweredDelta and the histograms'
//     previousCount. With a previous range they are in. A part of a result
//     (Metrics(r.Users)) has no previous range of its own and keeps them;
//   - nil pointers, empty lists and maps give nothing; map values are named
//     by their keys, sorted;
//   - strings, dates and times and booleans are not numbers and are left
//     out: a boolean is a flag (a drilldown row's attachments), not a
//     measure; numbers that are ids or codes are in, with Info.Kind
//     KindID or KindCode (a top list's mailboxId, a drilldown row's
//     number) so that a store can leave them out;
//   - one name per figure, whichever shape the API sent, where the result
//     accepts two: a received-messages point is named
//     {date, messages} (current.0.messages) also when it came, and
//     json.Marshal gives it back, as the docs' {start, count}; the user chat
//     report's figures are named as its nested reading (the chat report's)
//     names them: the flat reading's current.waitTime is
//     current.responses.waitTime, responseTime is responses.responseTime,
//     messagesPerChat and duration are resolutions.messagesPerChat and
//     resolutions.duration, and newConversations keeps its name. These are
//     the only names that differ from json.Marshal's;
//   - the busiest-times report is a bare list in JSON, so its names start
//     with the index (0.count); a bare number (Metrics(42)) is one metric
//     named "", the root's empty path.
//
// Names are unique within a result. Metrics never loops and its output is
// bounded by its input: a value that holds itself (n.Next = n, through a
// pointer, a slice, a map or an interface), which json.Marshal refuses,
// gives its numbers up to where the cycle closes and nothing more, and
// nothing deeper than 32 objects and lists is walked.
func Metrics(result any) []Metric {
	v := reflect.ValueOf(result)
	if !v.IsValid() {
		return nil
	}
	tab := infosOf(v.Type())
	previous := tab.hasPrevious(v)
	out := make([]Metric, 0, max(32, len(tab.infos)))
	var unknown map[string]*MetricInfo // patterns the type does not show
	flat.Walk(result, func(l flat.Leaf) bool {
		if l.Key {
			return true
		}
		f, ok := number(l.Value)
		if !ok {
			return true
		}
		info := tab.byName[string(l.Pattern)]
		if info == nil {
			if info = unknown[string(l.Pattern)]; info == nil {
				if unknown == nil {
					unknown = map[string]*MetricInfo{}
				}
				info = &MetricInfo{Name: string(l.Pattern)}
				unknown[info.Name] = info
			}
		}
		if info.Comparison && !previous {
			return true
		}
		out = append(out, Metric{Name: string(l.Path), Value: f, Info: info})
		return true
	})
	return out
}

// number is v as a float64, when v is a number.
func number(v reflect.Value) (float64, bool) {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(v.Uint()), true
	}
	return 0, false
}
