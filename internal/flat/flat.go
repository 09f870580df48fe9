// Package flat walks a decoded JSON value (a Go value that encoding/json
// decodes into) by reflection and reports its scalars, each named by the
// path of its JSON names: the one walk behind reports.Metrics and the
// dotted columns of hsreports' CSV.
//
// Names follow encoding/json: a field's json tag or Go name, fields of
// embedded structs promoted as encoding/json promotes them (the shallower
// name wins, two at the same depth both drop), fields tagged "-" and
// unexported fields left out. Nil pointers and interfaces, empty lists and
// maps give nothing. A list element is named by its key (the value of its
// "id" field, or of a scalar "user" field where it has no "id") when every
// element of the list has a distinct non-empty one, else by its index; a
// map value by its key, in sorted order. Byte slices (json.RawMessage) are
// skipped; time.Time is a scalar.
package flat

import (
	"cmp"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Leaf is one scalar of a walked value.
type Leaf struct {
	// Path is the dotted path of JSON names, list keys and indexes. It is
	// only valid during the callback: copy it (string(l.Path)) to keep it.
	Path []byte
	// Value is the scalar: a bool, an integer, a float, a string or a
	// time.Time, never a pointer.
	Value reflect.Value
	// Key says the leaf is the field that names its list element (its
	// id), which the path already holds.
	Key bool
}

// Sub substitutes a value for another before the walk looks at it, for
// types whose JSON form is not their Go structure (a custom MarshalJSON):
// it returns the value to walk instead and true, or false to walk v.
type Sub func(v reflect.Value) (reflect.Value, bool)

// Walk calls fn for every scalar of v, in field and element order, until fn
// returns false. sub may be nil.
func Walk(v any, sub Sub, fn func(Leaf) bool) {
	w := walker{sub: sub, fn: fn, path: make([]byte, 0, 128)}
	w.value(reflect.ValueOf(v), plain)
}

// role is what a value is to its parent.
type role int

const (
	plain      role = iota
	key             // the field that keys its list element
	keyedEntry      // a list element named by its key
)

type walker struct {
	sub  Sub
	fn   func(Leaf) bool
	path []byte
	stop bool
}

var timeType = reflect.TypeFor[time.Time]()

func (w *walker) value(v reflect.Value, r role) {
	for !w.stop && v.IsValid() {
		if w.sub != nil {
			if s, ok := w.sub(v); ok {
				v = s
			}
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return
			}
			v = v.Elem()
			continue
		case reflect.Struct:
			if v.Type() == timeType {
				w.leaf(v, r)
				return
			}
			w.fields(v, r == keyedEntry)
		case reflect.Slice, reflect.Array:
			if v.Type().Elem().Kind() == reflect.Uint8 {
				return // bytes: a json.RawMessage, not numbers
			}
			w.list(v)
		case reflect.Map:
			w.mapValues(v)
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
			reflect.Float32, reflect.Float64, reflect.String:
			w.leaf(v, r)
		}
		return
	}
}

func (w *walker) leaf(v reflect.Value, r role) {
	if !w.fn(Leaf{Path: w.path, Value: v, Key: r == key}) {
		w.stop = true
	}
}

// push appends a path segment and returns the length to restore.
func (w *walker) push(seg string) int {
	n := len(w.path)
	if n > 0 {
		w.path = append(w.path, '.')
	}
	w.path = append(w.path, seg...)
	return n
}

func (w *walker) pushBytes(seg []byte) int {
	n := len(w.path)
	if n > 0 {
		w.path = append(w.path, '.')
	}
	w.path = append(w.path, seg...)
	return n
}

func (w *walker) fields(v reflect.Value, keyed bool) {
	info := typeInfo(v.Type())
	for i := range info.fields {
		f := &info.fields[i]
		fv, ok := fieldByIndex(v, f.index)
		if !ok {
			continue // inside a nil embedded pointer
		}
		n := w.push(f.name)
		r := plain
		if keyed && i == info.key {
			r = key
		}
		w.value(fv, r)
		w.path = w.path[:n]
		if w.stop {
			return
		}
	}
}

func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func (w *walker) list(v reflect.Value) {
	keys := listKeys(v)
	var num []byte
	r := plain
	if keys != nil {
		r = keyedEntry
	}
	for i := range v.Len() {
		var n int
		if keys != nil {
			n = w.push(keys[i])
		} else {
			num = strconv.AppendInt(num[:0], int64(i), 10)
			n = w.pushBytes(num)
		}
		w.value(v.Index(i), r)
		w.path = w.path[:n]
		if w.stop {
			return
		}
	}
}

// listKeys are the keys of a list's elements, or nil when they are to be
// named by index.
func listKeys(v reflect.Value) []string {
	et := v.Type().Elem()
	for et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	if et.Kind() != reflect.Struct || v.Len() == 0 {
		return nil
	}
	info := typeInfo(et)
	if info.key < 0 {
		return nil
	}
	keys := make([]string, v.Len())
	seen := make(map[string]bool, v.Len())
	for i := range keys {
		e := v.Index(i)
		for e.Kind() == reflect.Pointer {
			if e.IsNil() {
				return nil
			}
			e = e.Elem()
		}
		kv, ok := fieldByIndex(e, info.fields[info.key].index)
		if !ok {
			return nil
		}
		k, ok := scalarText(kv)
		if !ok || k == "" || seen[k] {
			return nil
		}
		seen[k] = true
		keys[i] = k
	}
	return keys
}

// scalarText is the text of a string or integer key.
func scalarText(v reflect.Value) (string, bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), true
	}
	return "", false
}

func (w *walker) mapValues(v reflect.Value) {
	if v.Len() == 0 {
		return
	}
	type entry struct {
		key string
		val reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		k, ok := scalarText(it.Key())
		if !ok {
			return // encoding/json refuses such maps too
		}
		entries = append(entries, entry{k, it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	for _, e := range entries {
		n := w.push(e.key)
		w.value(e.val, plain)
		w.path = w.path[:n]
		if w.stop {
			return
		}
	}
}

// structInfo is what the walk needs of a struct type: its JSON fields in
// order and which of them keys a list element (-1 if none).
type structInfo struct {
	fields []field
	key    int
}

type field struct {
	name  string
	index []int
	depth int
}

var infoCache sync.Map // reflect.Type → *structInfo

func typeInfo(t reflect.Type) *structInfo {
	if info, ok := infoCache.Load(t); ok {
		return info.(*structInfo)
	}
	info := &structInfo{fields: jsonFields(t), key: -1}
	for _, name := range []string{"id", "user"} {
		for i, f := range info.fields {
			if f.name == name && info.key < 0 && isKeyKind(t.FieldByIndex(f.index).Type) {
				info.key = i
			}
		}
	}
	actual, _ := infoCache.LoadOrStore(t, info)
	return actual.(*structInfo)
}

func isKeyKind(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// jsonFields lists the fields encoding/json encodes for t, embedded
// structs' fields promoted, in encoding/json's order.
func jsonFields(t reflect.Type) []field {
	var all []field
	type level struct {
		t     reflect.Type
		index []int
	}
	current, visited := []level{{t: t}}, map[reflect.Type]bool{}
	for depth := 0; len(current) > 0; depth++ {
		var next []level
		for _, l := range current {
			if visited[l.t] {
				continue
			}
			visited[l.t] = true
			for i := range l.t.NumField() {
				sf := l.t.Field(i)
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				ft := sf.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				index := append(slices.Clip(l.index), i)
				if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
					next = append(next, level{ft, index})
					continue
				}
				if !sf.IsExported() {
					continue
				}
				if name == "" {
					name = sf.Name
				}
				all = append(all, field{name: name, index: index, depth: depth})
			}
		}
		current = next
	}
	// Dominance: per name, the shallowest field wins; a tie drops both.
	slices.SortStableFunc(all, func(a, b field) int {
		return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.depth, b.depth))
	})
	var out []field
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].name == all[i].name {
			j++
		}
		if j-i == 1 || all[i].depth < all[i+1].depth {
			out = append(out, all[i])
		}
		i = j
	}
	// encoding/json's order: by index sequence.
	slices.SortFunc(out, func(a, b field) int { return slices.Compare(a.index, b.index) })
	return out
}
