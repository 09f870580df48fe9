package reports

import (
	"reflect"

	"github.com/helpscout-go/reports/internal/flat"
)

// Metric is one number of a report: its name and its value.
type Metric struct {
	// Name is the number's path in the API's answer: its JSON names
	// joined by dots, e.g. "current.customersHelped" or
	// "users.100101.replies".
	Name  string
	Value float64 // the number; integers (ids, counts) are converted
}

// Metrics returns every number of a decoded result, named by its path of
// the API's JSON names, in the order of the answer: what a warehouse, a
// Prometheus gauge or a spreadsheet wants. result is any report's result,
// or a pointer to one (the GetX methods' answer as it is); Metrics walks
// it by reflection, without a JSON round trip.
//
//	res, _ := c.GetCompany(ctx, p)
//	for _, m := range reports.Metrics(res) {
//		fmt.Println(m.Name, m.Value) // current.customersHelped 1123, ...
//	}
//
// The rules:
//   - names are the JSON names, so they match the API's docs and a
//     json.Marshal of the result; fields of embedded structs (Period,
//     Paged) sit at their parent's level, as in the JSON;
//   - a list element is named by its id where its elements have distinct
//     ids (users.100101.replies, tags.top.17.count; the company report's
//     users by their "user" id), else by its index (current.0.customers);
//     the id itself is not a metric then;
//   - nil pointers (a previous range not asked for), empty lists and maps
//     give nothing; map values are named by their keys, sorted;
//   - strings, dates and times and booleans are not numbers and are left
//     out: a boolean is a flag (a drilldown row's attachments), not a
//     measure;
//   - everything else that is a number is in, ids and conversation numbers
//     of drilldown rows included.
//
// Names are unique within a result. The busiest-times report is a bare
// list in JSON, so its names start with the index (0.count).
func Metrics(result any) []Metric {
	out := make([]Metric, 0, 32)
	flat.Walk(result, jsonShape, func(l flat.Leaf) bool {
		if l.Key {
			return true
		}
		v := l.Value
		var f float64
		switch v.Kind() {
		case reflect.Float32, reflect.Float64:
			f = v.Float()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			f = float64(v.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			f = float64(v.Uint())
		default:
			return true
		}
		out = append(out, Metric{Name: string(l.Path), Value: f})
		return true
	})
	return out
}

var (
	busiestTimesType     = reflect.TypeFor[ConversationsBusiestTimesResult]()
	receivedMessagesType = reflect.TypeFor[ReceivedMessagesPoint]()
)

// jsonShape gives the walk of a result the JSON shape of the types whose
// MarshalJSON is not their Go structure: the busiest-times report is a
// bare list, and a received-messages point is {"date", "messages"}
// whichever reading it was decoded from, so that names do not change with
// the answer.
func jsonShape(v reflect.Value) (reflect.Value, bool) {
	switch v.Type() {
	case busiestTimesType:
		return v.Field(0), true // Times
	case receivedMessagesType:
		p := v.Interface().(ReceivedMessagesPoint)
		return reflect.ValueOf(receivedLive{Date: p.Date, Messages: p.Messages}), true
	}
	return v, false
}
