// Package flat holds the one set of JSON field rules of the module: how
// encoding/json names the members of a Go value, and the walks that name
// every leaf of a value, or of a type, by its path of JSON names joined by
// dots. reports.Metrics (and MetricInfos) and internal/drift use it, and it
// is what the printers of hsreports need for their dotted CSV columns
// (Columns, Column.Value): one set of rules, so that every face names a
// figure the same way. The command is another module, but may import this
// package (Go's internal rule goes by path).
//
// # The rules
//
// The members of a struct are the fields encoding/json encodes, under the
// names it gives them (Fields): a field's json tag name, or its Go name when
// the tag has none (no lowercasing); fields tagged "-" and unexported fields
// left out; the fields of embedded structs (by value or pointer, exported or
// not) promoted to their parent's level, where the shallowest field of a name
// wins, a tagged one wins a tie at the same depth, and any other tie drops
// them all; an embedded struct with a tag name is an object of that name.
// omitempty and omitzero change no name: the walks give a zero value that
// json.Marshal would leave out; nor does the string option, though
// json.Marshal writes such a number as a string.
//
// A leaf is a value the walks do not look into: a bool, a number, a string,
// a []byte (json.RawMessage), a time.Time and any other type that encodes
// itself (json.Marshaler or encoding.TextMarshaler), unless it is
// registered with a Shape. An interface is walked by its dynamic value.
//
// A list's element is named by its key where every element of the list has
// a distinct, non-empty one: the value of its "id" field, or of its "user"
// field where it has no "id" (a string or integer field; Field.Key). It is
// named by its index otherwise. A map's value is named by its key (maps are
// walked in key order; a map whose keys are not strings or integers gives
// nothing, as encoding/json refuses it). A type-level name (Columns, Leaves)
// writes a list's element and a map's value as "*".
//
// Nil pointers and interfaces, empty lists and maps give nothing.
//
// # Shapes
//
// A type whose JSON is not its Go structure (its own MarshalJSON) is a leaf,
// unless its package registers a Shape for it (Register, from its init): the
// type the walks take it for, and how to convert a value. The reports package
// registers its result types of that kind, so every importer of reports walks
// them alike.
//
// # Bounds
//
// A walk never loops and never goes deeper than MaxDepth objects and lists:
// a pointer, map or slice that is already on the current path (a cycle, such
// as n.Next = n) gives nothing more, and neither does a value past MaxDepth.
// A recursive type's type-level walk stops where the type recurs: the field
// that recurs is a leaf there.
//
// Names are joined by dots as they are: a JSON name that holds a dot makes
// names ambiguous.
package flat

import (
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// MaxDepth is how many objects and lists deep the walks go.
const MaxDepth = 32

// Field is a member of a struct's JSON object, as encoding/json names it.
type Field struct {
	Name   string       // the JSON key: the tag's name, else the Go name
	Index  []int        // the index sequence (reflect.Value.FieldByIndex), through embedded structs
	Type   reflect.Type // the field's Go type
	Owner  reflect.Type // the struct type that declares the field: the struct itself or one it embeds
	GoName string       // the field's Go name
	// Omit says the field is tagged omitempty or omitzero: json.Marshal may
	// leave it out; the walks do not.
	Omit bool
	// Key says the field names its struct's element in a list: the struct's
	// "id" field, else its "user" field, of a string or integer type.
	Key bool
}

// Fields returns the members of struct type t, in encoding/json's order; nil
// when t is not a struct. The slice is shared: do not modify it.
func Fields(t reflect.Type) []Field {
	if t.Kind() != reflect.Struct {
		return nil
	}
	return typeInfo(t).fields
}

// Shape says how the walks take a type whose JSON is not its Go structure.
type Shape struct {
	// Type is the type walked instead: one whose encoding/json form is the
	// type's JSON.
	Type reflect.Type
	// Convert returns a value of Type for a value of the registered type.
	Convert func(v reflect.Value) reflect.Value
}

var shapes sync.Map // reflect.Type → Shape

// Register makes the walks take struct type t as s describes. Call it from
// the init of t's package, before any walk: the walks cache what they learn
// of a type. It panics when t is not a struct, s is incomplete, or t is
// registered already.
func Register(t reflect.Type, s Shape) {
	if t.Kind() != reflect.Struct || s.Type == nil || s.Convert == nil {
		panic(fmt.Sprintf("flat: Register(%v): want a struct type and a Shape with Type and Convert", t))
	}
	if _, dup := shapes.LoadOrStore(t, s); dup {
		panic(fmt.Sprintf("flat: Register(%v) twice", t))
	}
}

// Column is a leaf of a type: its name and how to reach it.
type Column struct {
	// Name is the dotted path of JSON names; "*" stands for a list's element
	// or a map's value (Leaves only). The root itself, when it is a leaf, is
	// "".
	Name string
	// Type is the leaf's Go type, as its field declares it (a pointer, say).
	Type reflect.Type
	// Fields are the struct fields on the way from the root to the leaf,
	// outermost first; the last is the leaf's own field unless the leaf is
	// the root or an element of a list (of scalars) or map, whose field is
	// the one before.
	Fields []Field
	steps  []step
}

// step is a move from a value to the next one on a column's way.
type step struct {
	index   []int                             // a field, through embedded structs
	convert func(reflect.Value) reflect.Value // a Shape's conversion
	elem    bool                              // into a list's element or a map's value
}

// Value returns the column's value in v, a value of the type Columns was
// given (or a pointer to one): the leaf's field as it is (a pointer stays a
// pointer). It returns the invalid Value where a pointer or interface on the
// way is nil, and for a column of Leaves that goes through a list or map.
func (c Column) Value(v reflect.Value) reflect.Value {
	for _, s := range c.steps {
		v = indirect(v)
		switch {
		case !v.IsValid() || s.elem:
			return reflect.Value{}
		case s.convert != nil:
			v = s.convert(v)
		default:
			var ok bool
			if v, ok = fieldByIndex(v, s.index); !ok {
				return reflect.Value{}
			}
		}
	}
	return v
}

// Columns returns the leaves of type t, in encoding/json's order, for a
// table's columns: struct fields are followed through pointers and named
// by their dotted path, and a list or map is one leaf (a cell), not walked
// into. The slice is shared: do not modify it.
func Columns(t reflect.Type) []Column { return columnsOf(t, false) }

// Leaves returns every leaf of type t as the value walk names it, with lists
// and maps walked into and their elements named "*": the pattern of every
// name Walk can give a value of type t (but for a recursive type past its
// recursion and the contents of interfaces, which a type does not show).
// The slice is shared: do not modify it.
func Leaves(t reflect.Type) []Column { return columnsOf(t, true) }

type columnsKey struct {
	t       reflect.Type
	descend bool
}

var columnsCache sync.Map // columnsKey → []Column

func columnsOf(t reflect.Type, descend bool) []Column {
	k := columnsKey{t, descend}
	if c, ok := columnsCache.Load(k); ok {
		return c.([]Column)
	}
	tw := typeWalker{descend: descend}
	tw.walk(t, nil, nil, nil, 0)
	c, _ := columnsCache.LoadOrStore(k, slices.Clip(tw.out))
	return c.([]Column)
}

type typeWalker struct {
	descend bool
	onPath  []reflect.Type // the struct types on the current path
	out     []Column
}

// walk adds the leaves of declared (a field's type) at name.
func (tw *typeWalker) walk(declared reflect.Type, name []string, fields []Field, steps []step, depth int) {
	emit := func() {
		tw.out = append(tw.out, Column{Name: strings.Join(name, "."), Type: declared, Fields: slices.Clip(fields), steps: slices.Clip(steps)})
	}
	t := derefType(declared)
	if s := classOf(t).shape; s != nil {
		steps = append(slices.Clip(steps), step{convert: s.Convert})
		declared = s.Type
		t = derefType(s.Type)
	}
	switch {
	case classOf(t).leaf:
		emit()
		return
	case depth >= MaxDepth:
		return // as the value walk: nothing past MaxDepth
	}
	switch t.Kind() {
	case reflect.Struct:
		if slices.Contains(tw.onPath, t) {
			emit() // a recursive type: the recurring field is a leaf
			return
		}
		tw.onPath = append(tw.onPath, t)
		for _, f := range typeInfo(t).fields {
			tw.walk(f.Type, append(slices.Clip(name), f.Name), append(slices.Clip(fields), f),
				append(slices.Clip(steps), step{index: f.Index}), depth+1)
		}
		tw.onPath = tw.onPath[:len(tw.onPath)-1]
	case reflect.Slice, reflect.Array, reflect.Map:
		if !tw.descend {
			emit()
			return
		}
		if t.Kind() == reflect.Map && !textKey(t.Key()) {
			return // encoding/json refuses such maps; the walk gives nothing
		}
		tw.walk(t.Elem(), append(slices.Clip(name), "*"), fields, append(slices.Clip(steps), step{elem: true}), depth+1)
	default:
		emit()
	}
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// typeClass is what the walks need to know of a type before walking a
// value of it.
type typeClass struct {
	// leaf: not a struct, list or map to walk into, or one that encodes
	// itself (time.Time, json.RawMessage...) and has no Shape.
	leaf  bool
	shape *Shape      // the type's registered Shape, if any
	info  *structInfo // a struct's members
}

var classCache sync.Map // reflect.Type → *typeClass

var scalarClass = &typeClass{leaf: true}

// classOf classifies t, which is no pointer.
func classOf(t reflect.Type) *typeClass {
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Array, reflect.Map:
	default:
		return scalarClass
	}
	if c, ok := classCache.Load(t); ok {
		return c.(*typeClass)
	}
	c := &typeClass{}
	if s, ok := shapes.Load(t); ok {
		sh := s.(Shape)
		c.shape = &sh
	} else {
		c.leaf = t == timeType ||
			(t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && t.Elem().Kind() == reflect.Uint8 || // bytes: base64 or raw JSON
			t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) ||
			t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType)
	}
	if t.Kind() == reflect.Struct {
		c.info = typeInfo(t)
	}
	actual, _ := classCache.LoadOrStore(t, c)
	return actual.(*typeClass)
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func textKey(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// Leaf is one leaf of a walked value.
type Leaf struct {
	// Path is the leaf's dotted path of JSON names, list keys or indexes and
	// map keys. It is only valid during the callback: copy it
	// (string(l.Path)) to keep it.
	Path []byte
	// Pattern is Path with "*" for every list key or index and map key: the
	// Name of the leaf's column in Leaves. Valid during the callback only.
	Pattern []byte
	// Value is the leaf, never a pointer or interface: a bool, a number, a
	// string, bytes, or a type that encodes itself (time.Time...).
	Value reflect.Value
	// Key says the leaf is the field whose value names its list element
	// (Path holds it already).
	Key bool
}

// Walk calls fn for every leaf of v, in encoding/json's order, until fn
// returns false.
func Walk(v any, fn func(Leaf) bool) {
	w := walker{fn: fn, path: make([]byte, 0, 128), pattern: make([]byte, 0, 128)}
	w.value(reflect.ValueOf(v), plain, 0)
}

// role is what a value is to its parent.
type role int

const (
	plain      role = iota
	key             // the field that keys its list element
	keyedEntry      // a list element named by its key
)

type walker struct {
	fn            func(Leaf) bool
	path, pattern []byte
	onPath        []uintptr // the pointers, maps and slices on the current path
	stop          bool
}

// enter records p on the current path; false when it is there already (a
// cycle). Zero-sized values share addresses, and are never cycles.
func (w *walker) enter(p uintptr, size uintptr) bool {
	if size == 0 {
		return true
	}
	if slices.Contains(w.onPath, p) {
		return false
	}
	w.onPath = append(w.onPath, p)
	return true
}

// value walks v, which is r to its parent, depth objects and lists deep.
func (w *walker) value(v reflect.Value, r role, depth int) {
	entered := len(w.onPath)
	w.walkValue(v, r, depth)
	w.onPath = w.onPath[:entered] // v's pointers, maps and slices leave the path
}

func (w *walker) walkValue(v reflect.Value, r role, depth int) {
	for !w.stop && v.IsValid() {
		switch v.Kind() {
		case reflect.Interface:
			if v.IsNil() {
				return
			}
			v = v.Elem()
			continue
		case reflect.Pointer:
			if v.IsNil() || !w.enter(v.Pointer(), v.Type().Elem().Size()) {
				return
			}
			v = v.Elem()
			continue
		case reflect.Struct, reflect.Slice, reflect.Array, reflect.Map:
		default:
			w.leaf(v, r)
			return
		}
		c := classOf(v.Type())
		switch {
		case c.shape != nil:
			v = c.shape.Convert(v)
			continue
		case c.leaf:
			w.leaf(v, r)
			return
		case depth >= MaxDepth:
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			w.fields(v, c.info, r == keyedEntry, depth+1)
		case reflect.Slice, reflect.Array:
			if v.Kind() == reflect.Slice && v.Len() > 0 && !w.enter(v.Pointer(), v.Type().Elem().Size()) {
				return
			}
			w.list(v, depth+1)
		case reflect.Map:
			if v.Len() > 0 && !w.enter(v.Pointer(), 1) {
				return
			}
			w.mapValues(v, depth+1)
		}
		return
	}
}

func (w *walker) leaf(v reflect.Value, r role) {
	if !w.fn(Leaf{Path: w.path, Pattern: w.pattern, Value: v, Key: r == key}) {
		w.stop = true
	}
}

// mark is where to cut the path and pattern back to.
type mark struct{ path, pattern int }

// push appends a segment to the path and pattern (seg, or "*" there when
// star) and returns where to cut back.
func (w *walker) push(seg string, star bool) mark {
	m := w.dot()
	w.path = append(w.path, seg...)
	if star {
		w.pattern = append(w.pattern, '*')
	} else {
		w.pattern = append(w.pattern, seg...)
	}
	return m
}

// dot appends the separators of a new segment and returns where to cut
// back.
func (w *walker) dot() mark {
	m := mark{len(w.path), len(w.pattern)}
	if m.path > 0 {
		w.path = append(w.path, '.')
	}
	if m.pattern > 0 {
		w.pattern = append(w.pattern, '.')
	}
	return m
}

func (w *walker) pop(m mark) {
	w.path, w.pattern = w.path[:m.path], w.pattern[:m.pattern]
}

func (w *walker) fields(v reflect.Value, info *structInfo, keyed bool, depth int) {
	for i := range info.fields {
		f := &info.fields[i]
		fv, ok := fieldByIndex(v, f.Index)
		if !ok {
			continue // inside a nil embedded pointer
		}
		m := w.push(f.Name, false)
		r := plain
		if keyed && i == info.key {
			r = key
		}
		w.value(fv, r, depth)
		w.pop(m)
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

func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

func (w *walker) list(v reflect.Value, depth int) {
	keys := listKeys(v)
	r := plain
	if keys != nil {
		r = keyedEntry
	}
	for i := range v.Len() {
		var m mark
		if keys != nil {
			m = w.push(keys[i], true)
		} else {
			m = w.dot()
			w.path = strconv.AppendInt(w.path, int64(i), 10)
			w.pattern = append(w.pattern, '*')
		}
		w.value(v.Index(i), r, depth)
		w.pop(m)
		if w.stop {
			return
		}
	}
}

// listKeys are the keys of a list's elements, or nil when they are to be
// named by index.
func listKeys(v reflect.Value) []string {
	et := derefType(v.Type().Elem())
	if et.Kind() != reflect.Struct || v.Len() == 0 {
		return nil
	}
	c := classOf(et)
	if c.shape != nil || c.leaf || c.info.key < 0 {
		return nil
	}
	info := c.info
	keys := make([]string, v.Len())
	seen := make(map[string]bool, v.Len())
	for i := range keys {
		e := indirect(v.Index(i))
		if !e.IsValid() {
			return nil
		}
		kv, ok := fieldByIndex(e, info.fields[info.key].Index)
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
	v = indirect(v)
	if !v.IsValid() {
		return "", false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), true
	}
	return "", false
}

func (w *walker) mapValues(v reflect.Value, depth int) {
	if v.Len() == 0 || !textKey(v.Type().Key()) {
		return // encoding/json refuses maps with other keys
	}
	type entry struct {
		key string
		val reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		k, _ := scalarText(it.Key())
		entries = append(entries, entry{k, it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	for _, e := range entries {
		m := w.push(e.key, true)
		w.value(e.val, plain, depth)
		w.pop(m)
		if w.stop {
			return
		}
	}
}

// structInfo is what the walks need of a struct type: its members and
// which one keys a list element (-1 if none).
type structInfo struct {
	fields []Field
	key    int
}

var infoCache sync.Map // reflect.Type → *structInfo

func typeInfo(t reflect.Type) *structInfo {
	if info, ok := infoCache.Load(t); ok {
		return info.(*structInfo)
	}
	info := &structInfo{fields: jsonFields(t), key: -1}
	for _, name := range []string{"id", "user"} {
		for i, f := range info.fields {
			if f.Name == name && info.key < 0 && textKey(derefType(f.Type)) {
				info.key = i
				info.fields[i].Key = true
			}
		}
	}
	actual, _ := infoCache.LoadOrStore(t, info)
	return actual.(*structInfo)
}

// jsonFields lists the fields encoding/json encodes for struct type t, as
// its typeFields does: level by level through embedded structs, a type
// embedded twice at one level annihilating its fields, then the dominant
// field of each name, in index order.
func jsonFields(t reflect.Type) []Field {
	type candidate struct {
		Field
		tagged bool
	}
	type level struct {
		t     reflect.Type
		index []int
	}
	var all []candidate
	next, visited := []level{{t: t}}, map[reflect.Type]bool{}
	var count map[reflect.Type]int
	nextCount := map[reflect.Type]int{t: 1}
	for len(next) > 0 {
		current := next
		next, count, nextCount = nil, nextCount, map[reflect.Type]int{}
		for _, l := range current {
			if visited[l.t] {
				continue
			}
			visited[l.t] = true
			for i := range l.t.NumField() {
				sf := l.t.Field(i)
				if sf.Anonymous {
					et := sf.Type
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if !sf.IsExported() && et.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTag(name) {
					name = ""
				}
				index := append(slices.Clip(l.index), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					nextCount[ft]++
					if nextCount[ft] == 1 {
						next = append(next, level{ft, index})
					}
					continue
				}
				tagged := name != ""
				if !tagged {
					name = sf.Name
				}
				omit := slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
				c := candidate{Field{Name: name, Index: index, Type: sf.Type, Owner: l.t, GoName: sf.Name, Omit: omit}, tagged}
				all = append(all, c)
				if count[l.t] > 1 {
					all = append(all, c) // the type is embedded twice at this level: its fields annihilate
				}
			}
		}
	}
	slices.SortStableFunc(all, func(a, b candidate) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.Index), len(b.Index)); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return 1
		}
		return slices.Compare(a.Index, b.Index)
	})
	var out []Field
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].Name == all[i].Name {
			j++
		}
		if j-i == 1 || len(all[i].Index) < len(all[i+1].Index) || all[i].tagged != all[i+1].tagged {
			out = append(out, all[i].Field)
		}
		i = j
	}
	slices.SortFunc(out, func(a, b Field) int { return slices.Compare(a.Index, b.Index) })
	return out
}

// validTag is encoding/json's rule for a tag name it takes.
func validTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
