package drift

import (
	"encoding/json"
	"reflect"
	"slices"
	"time"

	"github.com/helpscout-go/reports"
)

// shape describes a result type whose decoding accepts more than one shape
// of JSON, for the comparison: the SDK's own UnmarshalJSON cannot be walked,
// and a plain struct that holds two readings would list the fields of the
// reading that did not come as missing.
type shape struct {
	// as is a type that encoding/json decodes from the same JSON as the
	// SDK's type does (for a plain struct, the type itself): its keys are
	// the keys the SDK reads.
	as reflect.Type
	// readings are the key sets of the shapes the type accepts, in the
	// order the SDK prefers them. Only the fields of the reading picked for
	// an answer can be missing. Empty: one reading, all of as's keys.
	readings [][]string
}

// pick returns the reading of an object with these keys: the first that has
// a key no other reading has, else the first. This is the SDK's rule for
// ReceivedMessagesPoint (date or messages: the live reading; else start or
// count: the docs' reading), and it tells the user chat report's flat and
// nested readings apart by the keys that only one of them has.
func (s shape) pick(keys map[string]json.RawMessage) []string {
	for i, r := range s.readings {
		for _, k := range r {
			if _, ok := keys[k]; ok && !s.shared(i, k) {
				return r
			}
		}
	}
	return s.readings[0]
}

// shared reports whether k is a key of a reading other than the i-th.
func (s shape) shared(i int, k string) bool {
	for j, r := range s.readings {
		if j != i && slices.Contains(r, k) {
			return true
		}
	}
	return false
}

// receivedMessagesPoint decodes like reports.ReceivedMessagesPoint: the
// live keys {date, messages} or the docs' {start, count}. A null reads as
// zero there too.
type receivedMessagesPoint struct {
	Date     time.Time `json:"date"`
	Messages float64   `json:"messages"`
	Start    time.Time `json:"start"`
	Count    float64   `json:"count"`
}

// shapes are the result types that accept more than one shape of JSON.
// Every other type with its own UnmarshalJSON is compared as a leaf, by
// decoding; TestShapesCoverCustomDecoders fails when a result type gains
// one that is neither a leaf nor listed here.
var shapes = map[reflect.Type]shape{
	// The lists are HAL: the items under _embedded, named after the list.
	reflect.TypeFor[reports.ListPage[reports.User]]():    listShape[reports.User]("users"),
	reflect.TypeFor[reports.ListPage[reports.Mailbox]](): listShape[reports.Mailbox]("mailboxes"),
	reflect.TypeFor[reports.ListPage[reports.Folder]]():  listShape[reports.Folder]("folders"),
	reflect.TypeFor[reports.ListPage[reports.Tag]]():     listShape[reports.Tag]("tags"),
	reflect.TypeFor[reports.ReceivedMessagesPoint](): {
		as:       reflect.TypeFor[receivedMessagesPoint](),
		readings: [][]string{{"date", "messages"}, {"start", "count"}},
	},
	// A bare array of busy times, held in Times.
	reflect.TypeFor[reports.ConversationsBusiestTimesResult](): {
		as: reflect.TypeFor[[]reports.BusyTime](),
	},
	// The user chat report is flat or nested like the chat report; the
	// histograms come only with the nesting.
	reflect.TypeFor[reports.UserChatResult](): {
		as: reflect.TypeFor[reports.UserChatResult](),
		readings: [][]string{
			{"filterTags", "user", "current", "previous", "deltas"},
			{"filterTags", "user", "current", "previous", "deltas", "waitTime", "responseTime", "messagesPerChat", "duration"},
		},
	},
	reflect.TypeFor[reports.UserChatStats](): {
		as: reflect.TypeFor[reports.UserChatStats](),
		readings: [][]string{
			{"startDate", "endDate", "newConversations", "messagesPerChat", "responseTime", "waitTime", "duration"},
			{"startDate", "endDate", "volume", "responses", "resolutions"},
		},
	},
}

// listShape describes reports.ListPage[T], whose items are under
// _embedded.<key>: a struct made for the key decodes like it, but for
// refusing an _embedded without the key (which the comparison reports as a
// value the SDK's UnmarshalJSON refuses).
func listShape[T any](key string) shape {
	embedded := reflect.StructOf([]reflect.StructField{
		{Name: "Items", Type: reflect.TypeFor[[]T](), Tag: reflect.StructTag(`json:"` + key + `"`)},
	})
	return shape{as: reflect.StructOf([]reflect.StructField{
		{Name: "Embedded", Type: reflect.PointerTo(embedded), Tag: `json:"_embedded,omitempty"`},
		{Name: "Page", Type: reflect.TypeFor[*reports.ListPageInfo](), Tag: `json:"page,omitempty"`},
		{Name: "Links", Type: reflect.TypeFor[json.RawMessage](), Tag: `json:"_links,omitempty"`},
	})}
}
