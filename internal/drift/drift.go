// Package drift compares a report answer, as raw JSON, with the SDK's result
// type for it, and says where they disagree: keys the answer has that the
// model does not (also a key whose case differs from the model's, which
// encoding/json accepts anyway), model fields the answer left out, and values
// that do not decode into the model (a string where a number is wanted, null
// where the model has no room for it). It runs over the fixtures and over
// reportstest's answers in CI, and over a live account's answers in
// internal/livecheck.
//
// # How the comparison works
//
// Compare walks the JSON and the Go type side by side, as encoding/json
// would decode one into the other: a struct's keys are its members as
// internal/flat names them, by encoding/json's rules (json names, a field
// without a tag by its Go name, embedded structs' fields promoted), keys
// are matched exactly first and then ignoring case, pointers, slices,
// maps and interfaces take null, and a leaf (a number, string, bool,
// time.Time, json.RawMessage, or any other type with its own UnmarshalJSON)
// is checked by decoding the value into it. The types whose decoding accepts
// more than one shape (ReceivedMessagesPoint, ConversationsBusiestTimesResult
// and the user chat report) are listed in a small table, shapes, which says
// what encoding/json type decodes like them and which keys each of their
// readings has; a test keeps the table in step with the SDK.
//
// Findings name report paths, such as current.volume.chatConversations,
// users[].name or conversations.results[].tags[].color ([] stands for every
// element of a list); a finding in a list counts the elements it holds for.
// A finding holds key names and JSON types, never a value of the answer, so
// a drift report can be shared without sharing the account's data.
package drift

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/helpscout-go/reports/internal/flat"
)

// Kind is what a finding says.
type Kind int

// The kinds of findings. Mismatch and Null are the values that did not
// decode (Fatal); the others are informational for a live account.
const (
	// Unknown is a key the answer has and the model does not: its value is
	// dropped when decoding.
	Unknown Kind = iota + 1
	// CaseOnly is a key that matches a model field only when case is
	// ignored: encoding/json decodes it into that field, a case-sensitive
	// decoder would not.
	CaseOnly
	// Missing is a model field the answer did not have: it keeps its zero
	// value (nil for the optional ones).
	Missing
	// Mismatch is a value the model's field cannot hold: decoding the answer
	// fails.
	Mismatch
	// Null is null where the model's field cannot hold null: it decodes
	// without an error into the zero value (0, "", false, a zero time or
	// struct), which the caller cannot tell from a real zero.
	Null
	// Unchecked is a list that came empty, so the fields of its items were
	// not compared.
	Unchecked
)

var kindNames = map[Kind]string{
	Unknown:   "unknown key",
	CaseOnly:  "key differs in case",
	Missing:   "absent",
	Mismatch:  "wrong type",
	Null:      "null",
	Unchecked: "empty list",
}

// String names the kind as the drift report prints it.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Fatal reports whether the kind is a value that did not decode.
func (k Kind) Fatal() bool { return k == Mismatch || k == Null }

// Finding is one disagreement between an answer and the model.
type Finding struct {
	Path   string // report path, e.g. users[].name; "" is the answer itself
	Kind   Kind
	Detail string // what was sent and what the model has, without values
	// Count is how many times the finding held (once per list element).
	Count int
	// Of is, for Missing, how many objects there were at the parent path:
	// "absent in Count of Of".
	Of int
	// Optional is, for Missing, whether the model expects the field may be
	// absent (a pointer, or omitempty/omitzero).
	Optional bool
}

// String is the finding on one line, as the drift report prints it.
func (f Finding) String() string {
	path := f.Path
	if path == "" {
		path = "(the answer)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", path, f.Kind)
	if f.Detail != "" {
		b.WriteString(": " + f.Detail)
	}
	if f.Kind == Missing && f.Optional {
		b.WriteString(", optional in the model")
	}
	switch {
	case f.Kind == Missing && f.Count < f.Of:
		fmt.Fprintf(&b, " (in %d of %d)", f.Count, f.Of)
	case f.Kind == Missing && f.Of > 1:
		fmt.Fprintf(&b, " (in all %d)", f.Of)
	case f.Count > 1:
		fmt.Fprintf(&b, " (%d times)", f.Count)
	}
	return b.String()
}

// Fatal reports whether any finding is a value that did not decode.
func Fatal(findings []Finding) bool {
	return slices.ContainsFunc(findings, func(f Finding) bool { return f.Kind.Fatal() })
}

// Compare compares body, a report answer, with t, the result type it decodes
// into, and returns the findings sorted by path and kind (empty, not nil,
// when there are none). A body that does not decode into t always has a
// fatal finding.
func Compare(body []byte, t reflect.Type) []Finding {
	w := walker{found: map[findingKey]*Finding{}, parents: map[string]string{}, seen: map[string]int{}}
	if !json.Valid(body) {
		w.add("", Mismatch, "the answer is not valid JSON", false)
		return w.findings()
	}
	w.value("", body, t)
	if !Fatal(w.findings()) {
		// The walk mirrors encoding/json; this catches what it might miss.
		if err := json.Unmarshal(body, reflect.New(t).Interface()); err != nil {
			w.add("", Mismatch, "does not decode into "+typeName(t)+": "+errorKind(err), false)
		}
	}
	return w.findings()
}

type findingKey struct {
	path string
	kind Kind
}

// walker collects the findings of one answer.
type walker struct {
	found   map[findingKey]*Finding
	parents map[string]string // a missing field's path -> its object's path
	seen    map[string]int    // objects compared with a struct, per path
}

func (w *walker) add(path string, kind Kind, detail string, optional bool) {
	k := findingKey{path, kind}
	if f, ok := w.found[k]; ok {
		f.Count++
		return
	}
	w.found[k] = &Finding{Path: path, Kind: kind, Detail: detail, Count: 1, Optional: optional}
}

// fatalAt reports whether a value at path or under it did not decode.
func (w *walker) fatalAt(path string) bool {
	for k := range w.found {
		if k.kind.Fatal() && (k.path == path || strings.HasPrefix(k.path, path) && (path == "" || strings.ContainsAny(k.path[len(path):len(path)+1], ".["))) {
			return true
		}
	}
	return false
}

func (w *walker) findings() []Finding {
	out := make([]Finding, 0, len(w.found))
	for _, f := range w.found {
		if f.Kind == Missing {
			f.Of = w.seen[w.parents[f.Path]]
		}
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b Finding) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return int(a.Kind) - int(b.Kind)
	})
	return out
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
)

// value compares raw with t at path.
func (w *walker) value(path string, raw []byte, t reflect.Type) {
	kind := jsonKind(raw)
	if kind == "null" {
		if !nullable(t) {
			w.add(path, Null, "the model's "+typeName(t)+" cannot hold null and reads it as its zero value", false)
		}
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := shapes[t]; ok {
		w.shaped(path, raw, t, s)
		if !decodes(raw, t) && !w.fatalAt(path) {
			w.add(path, Mismatch, kind+" that "+typeName(t)+"'s UnmarshalJSON refuses", false)
		}
		return
	}
	switch {
	case isLeaf(t):
		if !decodes(raw, t) {
			w.add(path, Mismatch, mismatch(kind, t), false)
		}
	case t.Kind() == reflect.Slice:
		w.list(path, raw, kind, t)
	case t.Kind() == reflect.Struct:
		w.object(path, raw, kind, t, typeName(t), nil)
	}
}

// shaped compares raw with t, a type listed in shapes as s.
func (w *walker) shaped(path string, raw []byte, t reflect.Type, s shape) {
	if s.as.Kind() != reflect.Struct {
		w.value(path, raw, s.as) // as is no type of shapes
		return
	}
	var reading []string
	var keys map[string]json.RawMessage
	if len(s.readings) > 0 && json.Unmarshal(raw, &keys) == nil {
		reading = s.pick(keys)
	}
	w.object(path, raw, jsonKind(raw), s.as, typeName(t), reading)
}

// list compares raw with t, a slice type.
func (w *walker) list(path string, raw []byte, kind string, t reflect.Type) {
	if kind != "array" {
		w.add(path, Mismatch, kind+", the model has a list ("+typeName(t)+")", false)
		return
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		w.add(path, Mismatch, "array, "+errorKind(err), false)
		return
	}
	elem := t.Elem()
	if len(items) == 0 {
		if e := deref(elem); e.Kind() == reflect.Struct && (!isLeaf(e) || shapes[e].as != nil) {
			w.add(path, Unchecked, "the fields of its items were not compared", false)
		}
		return
	}
	for _, item := range items {
		w.value(path+"[]", item, elem)
	}
}

// object compares raw with t, a struct type, which findings call model.
// When reading is not nil, only the fields it names may be missing (the
// others belong to another shape the type accepts).
func (w *walker) object(path string, raw []byte, kind string, t reflect.Type, model string, reading []string) {
	if kind != "object" {
		w.add(path, Mismatch, kind+", the model has an object ("+model+")", false)
		return
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		w.add(path, Mismatch, "object, "+errorKind(err), false)
		return
	}
	w.seen[path]++
	fields := flat.Fields(t)
	got := make([]bool, len(fields))
	for _, key := range sortedKeys(keys) {
		i := matchField(fields, key)
		at := join(path, key)
		if i < 0 {
			w.add(at, Unknown, describe(keys[key])+", not in the model ("+model+")", false)
			continue
		}
		if fields[i].Name != key {
			w.add(at, CaseOnly, "the model's key is "+fields[i].Name+"; encoding/json decodes it, a case-sensitive decoder would not", false)
		}
		got[i] = true
		w.value(at, keys[key], fields[i].Type)
	}
	for i, f := range fields {
		if got[i] || reading != nil && !slices.Contains(reading, f.Name) {
			continue
		}
		at := join(path, f.Name)
		w.parents[at] = path
		// Optional: a pointer, or tagged omitempty or omitzero.
		w.add(at, Missing, typeName(f.Type), f.Type.Kind() == reflect.Pointer || f.Omit)
	}
}

// matchField finds the field key decodes into: the exact name first, then
// one equal when case is ignored, as encoding/json does. It returns -1 when
// none.
func matchField(fields []flat.Field, key string) int {
	if i := slices.IndexFunc(fields, func(f flat.Field) bool { return f.Name == key }); i >= 0 {
		return i
	}
	return slices.IndexFunc(fields, func(f flat.Field) bool { return strings.EqualFold(f.Name, key) })
}

// isLeaf reports whether t is compared by decoding a value into it rather
// than by walking it: scalars, interfaces, maps, []byte, and types with
// their own UnmarshalJSON (time.Time, json.RawMessage) that shapes does not
// describe.
func isLeaf(t reflect.Type) bool {
	if t == rawMessageType || reflect.PointerTo(t).Implements(unmarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Struct:
		return false
	case reflect.Slice:
		return t.Elem().Kind() == reflect.Uint8
	}
	return true
}

func nullable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// decodes reports whether raw decodes into a value of type t.
func decodes(raw []byte, t reflect.Type) bool {
	return json.Unmarshal(raw, reflect.New(t).Interface()) == nil
}

// jsonKind names the JSON type of raw: object, array, string, number,
// bool or null.
func jsonKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// describe is the JSON type of an unknown key's value and, for an object,
// its keys (names, not values).
func describe(raw []byte) string {
	kind := jsonKind(raw)
	var keys map[string]json.RawMessage
	if kind == "object" && json.Unmarshal(raw, &keys) == nil && len(keys) > 0 {
		return kind + " with keys " + strings.Join(sortedKeys(keys), ", ")
	}
	return kind
}

// mismatch says why a leaf value did not decode, without the value.
func mismatch(kind string, t reflect.Type) string {
	switch {
	case kind == "string" && deref(t) == reflect.TypeFor[time.Time]():
		return "string that is not an RFC 3339 time, the model has time.Time"
	case kind == "number" && isInteger(t):
		return "number that is not an integer within " + typeName(t) + "'s range, the model has " + typeName(t)
	}
	return kind + ", the model has " + typeName(t)
}

func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// errorKind describes a decoding error without quoting the answer's values.
func errorKind(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("%s into %s at %s", typ.Value, typeName(typ.Type), typ.Field)
	}
	return fmt.Sprintf("a %T from decoding", err)
}

// typeName is t's Go type, with the SDK's package as "reports".
func typeName(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "github.com/helpscout-go/reports.", "reports.")
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
