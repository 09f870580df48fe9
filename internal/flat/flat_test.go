package flat

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type tag struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type Period struct {
	Start time.Time `json:"start"`
}

type row struct {
	*Period
	Tags  []tag   `json:"tags"`
	Count float64 `json:"count,omitempty"`
	On    bool    `json:"on"`
}

// TestWalkLeaves: every leaf with its path and pattern, the key fields
// marked, in order.
func TestWalkLeaves(t *testing.T) {
	when := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	v := []row{{Period: &Period{when}, Tags: []tag{{7, "vip"}}, Count: 2, On: true}, {}}
	type leaf struct {
		path, pattern string
		val           any
		key           bool
	}
	var got []leaf
	Walk(v, func(l Leaf) bool {
		got = append(got, leaf{string(l.Path), string(l.Pattern), l.Value.Interface(), l.Key})
		return true
	})
	assert.Equal(t, []leaf{
		{"0.start", "*.start", when, false}, {"0.tags.7.id", "*.tags.*.id", int64(7), true}, {"0.tags.7.name", "*.tags.*.name", "vip", false},
		{"0.count", "*.count", 2.0, false}, {"0.on", "*.on", true, false},
		{"1.count", "*.count", 0.0, false}, {"1.on", "*.on", false, false}, // a nil embedded pointer and a nil list give nothing
	}, got)

	n := 0
	Walk(v, func(Leaf) bool { n++; return n < 3 })
	assert.Equal(t, 3, n, "false stops the walk")

	var paths []string
	Walk(map[string]any{"b": 2, "a": map[int]float64{10: 1, 9: 2}, "c": []any{nil, 3}}, func(l Leaf) bool {
		paths = append(paths, string(l.Path)+"|"+string(l.Pattern))
		return true
	})
	assert.Equal(t, []string{"a.10|*.*", "a.9|*.*", "b|*", "c.1|*.*"}, paths, "maps in key order (as text), interfaces by their value")

	Walk(42, func(l Leaf) bool { paths = []string{string(l.Path)}; return true })
	assert.Equal(t, []string{""}, paths, "the root itself has the empty path")

	assert.NotPanics(t, func() {
		Walk(nil, func(Leaf) bool { t.Error("a leaf of nil"); return true })
		Walk((*row)(nil), func(Leaf) bool { t.Error("a leaf of a nil pointer"); return true })
		Walk(map[[2]int]float64{{1, 2}: 3}, func(Leaf) bool { t.Error("a map whose keys are not text"); return true })
	})
}

// The rules of encoding/json for members, one type each.
type (
	embA struct {
		X int // untagged in both embA and embB: ambiguous, dropped
		Z int `json:"z"`
		Q int `json:"Q"`
	}
	embB struct {
		X int
		Y int `json:"y"`
	}
	embC struct {
		Q int // untagged: loses to embA's tagged Q at the same depth
		W int // deeper than embedded's W: loses
	}
	Exported struct {
		E int `json:"e"`
	}
	Tagged struct {
		T int `json:"t"`
	}
	embedded struct {
		embA
		embB
		*embC
		Y    int `json:"y"` // shallower than embB's y: wins
		W    int
		Skip int `json:"-"`
		//lint:ignore SA5008 encoding/json's rule: "-," names the key "-"
		Dash int `json:"-,"`
		//lint:ignore U1000 an unexported field, which encoding/json leaves out
		inner int
		//lint:ignore SA5008 encoding/json's rule: an invalid name is the Go name
		Bad   int  `json:"a\"b"`
		Opt   int  `json:",omitempty"` // no name in the tag: the Go name
		Named embB `json:"named"`      // a tagged embedded-like field is an object
		Exported
		Tagged `json:"tagged"` // a tagged embedded struct is an object, not promoted
		Ptr    *Exported       `json:"ptr"`
		Str    int             `json:"str,string"` // the string option changes no name
	}
	// twice embeds a type twice at the same level: its fields annihilate.
	Twin   struct{ T int }
	inner1 struct{ Twin }
	inner2 struct{ Twin }
	twice  struct {
		inner1
		inner2
		K int `json:"k"`
	}
	// deeper: a tagged field deeper than an untagged one loses.
	deep   struct{ embC }
	deeper struct {
		deep
		Q int
	}
)

// jsonKeys are the object keys of b, in order.
func jsonKeys(t *testing.T, b []byte) []string {
	d := json.NewDecoder(bytes.NewReader(b))
	var keys []string
	tok, err := d.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	for d.More() {
		k, err := d.Token()
		require.NoError(t, err)
		keys = append(keys, k.(string))
		var skip json.RawMessage
		require.NoError(t, d.Decode(&skip))
	}
	return keys
}

// filled is a value of t with every exported leaf set and every pointer
// allocated, so that json.Marshal writes every member.
func filled(t reflect.Type, n *int) reflect.Value {
	v := reflect.New(t).Elem()
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.CanSet() {
				v.Set(reflect.New(v.Type().Elem()))
				fill(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() || v.Type().Field(i).Anonymous {
					fill(v.Field(i))
				}
			}
		case reflect.Int, reflect.Int64:
			if v.CanSet() {
				*n++
				v.SetInt(int64(*n))
			}
		case reflect.Float64:
			if v.CanSet() {
				*n++
				v.SetFloat(float64(*n))
			}
		case reflect.Bool:
			if v.CanSet() {
				v.SetBool(true)
			}
		}
	}
	fill(v)
	return v
}

// TestFieldsMirrorEncodingJSON: Fields names exactly the keys json.Marshal
// writes, in its order, for every rule of its typeFields.
func TestFieldsMirrorEncodingJSON(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[embedded](), reflect.TypeFor[twice](), reflect.TypeFor[deeper](),
		reflect.TypeFor[row](), reflect.TypeFor[embA](),
	} {
		t.Run(typ.Name(), func(t *testing.T) {
			n := 0
			v := filled(typ, &n)
			b, err := json.Marshal(v.Interface())
			require.NoError(t, err)
			var names []string
			for _, f := range Fields(typ) {
				names = append(names, f.Name)
				fv, ok := fieldByIndex(v, f.Index)
				require.True(t, ok)
				assert.Equal(t, f.Type, fv.Type(), f.Name)
				assert.Equal(t, f.GoName, f.Owner.Field(f.Index[len(f.Index)-1]).Name, "%s: Owner declares GoName", f.Name)
			}
			assert.Equal(t, jsonKeys(t, b), names, "%s", b)
		})
	}
	byName := map[string]Field{}
	for _, f := range Fields(reflect.TypeFor[embedded]()) {
		byName[f.Name] = f
	}
	assert.Equal(t, reflect.TypeFor[embA](), byName["Q"].Owner, "the tagged Q wins")
	assert.Equal(t, reflect.TypeFor[embedded](), byName["y"].Owner, "the shallower y wins")
	assert.True(t, byName["Opt"].Omit)
	assert.False(t, byName["W"].Omit)
	assert.Equal(t, "Bad", byName["Bad"].GoName)
	assert.Nil(t, Fields(reflect.TypeFor[int]()))

	keyed := map[string]bool{}
	for _, f := range Fields(reflect.TypeFor[tag]()) {
		keyed[f.Name] = f.Key
	}
	assert.Equal(t, map[string]bool{"id": true, "name": false}, keyed)
	type byUser struct {
		User string  `json:"user"`
		N    float64 `json:"n"`
	}
	assert.True(t, Fields(reflect.TypeFor[byUser]())[0].Key, `"user" keys where there is no "id"`)
}

type (
	metric struct {
		ID    int      `json:"id"`
		Value float64  `json:"value"`
		Ratio *float64 `json:"ratio,omitempty"`
		Codes []int    `json:"codes"`
	}
	report struct {
		Period
		Current  *metric          `json:"current"`
		Previous *metric          `json:"previous,omitempty"`
		Users    []metric         `json:"users"`
		ByName   map[string]int64 `json:"byName"`
		Raw      json.RawMessage  `json:"raw"`
		Untagged float64
		Any      any `json:"any"`
	}
)

// TestColumns: the columns of a type (lists and maps as cells) and its
// leaves (walked into, "*"), and Value through nil pointers.
func TestColumns(t *testing.T) {
	names := func(cs []Column) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return out
	}
	typ := reflect.TypeFor[report]()
	assert.Equal(t, []string{"start", "current.id", "current.value", "current.ratio", "current.codes",
		"previous.id", "previous.value", "previous.ratio", "previous.codes", "users", "byName", "raw", "Untagged", "any"}, names(Columns(typ)))
	assert.Equal(t, []string{"start", "current.id", "current.value", "current.ratio", "current.codes.*",
		"previous.id", "previous.value", "previous.ratio", "previous.codes.*",
		"users.*.id", "users.*.value", "users.*.ratio", "users.*.codes.*", "byName.*", "raw", "Untagged", "any"}, names(Leaves(typ)))

	cols := map[string]Column{}
	for _, c := range Columns(typ) {
		cols[c.Name] = c
	}
	r := report{Current: &metric{ID: 3, Value: 1.5}, Users: []metric{{ID: 1}}}
	assert.Equal(t, 1.5, cols["current.value"].Value(reflect.ValueOf(r)).Interface())
	assert.Equal(t, 1.5, cols["current.value"].Value(reflect.ValueOf(&r)).Interface(), "a pointer to the value")
	assert.False(t, cols["previous.value"].Value(reflect.ValueOf(r)).IsValid(), "a nil pointer on the way: no value")
	assert.True(t, cols["current.ratio"].Value(reflect.ValueOf(r)).IsNil(), "the leaf's own pointer stays")
	assert.Equal(t, r.Users, cols["users"].Value(reflect.ValueOf(r)).Interface())
	assert.Equal(t, reflect.TypeFor[*float64](), cols["current.ratio"].Type)
	var fieldNames []string
	for _, f := range cols["current.value"].Fields {
		fieldNames = append(fieldNames, f.GoName)
	}
	assert.Equal(t, []string{"Current", "Value"}, fieldNames)

	for _, c := range Leaves(typ) {
		if strings.Contains(c.Name, "*") {
			assert.False(t, c.Value(reflect.ValueOf(r)).IsValid(), "%s goes through a list: no single value", c.Name)
		}
	}
	assert.Equal(t, []string{""}, names(Columns(reflect.TypeFor[float64]())), "a leaf root")
	assert.Equal(t, []string{"*.id", "*.value", "*.ratio", "*.codes.*"}, names(Leaves(reflect.TypeFor[[]*metric]())))
}

// TestColumnsAgreeWithWalk: every leaf the value walk gives has its pattern
// among Leaves, with the same value as the column of Columns of the same
// name where there is one, and the walk's names are json.Marshal's paths.
func TestColumnsAgreeWithWalk(t *testing.T) {
	ratio := 0.5
	r := report{
		Period:   Period{time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		Current:  &metric{ID: 3, Value: 1.5, Ratio: &ratio, Codes: []int{4, 5}},
		Previous: &metric{ID: 4, Value: 2.5},
		Users:    []metric{{ID: 1, Value: 6}, {ID: 2, Value: 7}},
		ByName:   map[string]int64{"x": 8},
		Raw:      json.RawMessage(`{"r":1}`),
		Untagged: 9,
		Any:      map[string]any{"k": 10.0},
	}
	leaves := map[string]bool{}
	for _, c := range Leaves(reflect.TypeFor[report]()) {
		leaves[c.Name] = true
	}
	cols := map[string]Column{}
	for _, c := range Columns(reflect.TypeFor[report]()) {
		cols[c.Name] = c
	}
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var doc any
	require.NoError(t, json.Unmarshal(b, &doc))
	n := 0
	Walk(&r, func(l Leaf) bool {
		n++
		path, pattern := string(l.Path), string(l.Pattern)
		if !strings.HasPrefix(pattern, "any.") { // a type does not show an interface's content
			assert.True(t, leaves[pattern], "%s: pattern %s is no leaf of the type", path, pattern)
		}
		if c, ok := cols[path]; ok {
			v := c.Value(reflect.ValueOf(r))
			for v.Kind() == reflect.Pointer {
				v = v.Elem()
			}
			assert.Equal(t, l.Value.Interface(), v.Interface(), path)
		}
		if !l.Key && path != "raw" {
			got, ok := resolve(doc, path)
			if assert.True(t, ok, "%s is not in %s", path, b) {
				want := l.Value.Interface()
				switch x := want.(type) {
				case time.Time:
					want = x.Format(time.RFC3339Nano)
				case int, int64:
					want = float64(reflect.ValueOf(x).Int())
				}
				assert.Equal(t, want, got, path)
			}
		}
		return true
	})
	assert.Equal(t, 16, n)
}

// resolve finds a dotted path in a decoded JSON document: an object's key,
// a list element by its "id" or index.
func resolve(doc any, path string) (any, bool) {
	for seg := range strings.SplitSeq(path, ".") {
		switch d := doc.(type) {
		case map[string]any:
			v, ok := d[seg]
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			found := false
			for _, e := range d {
				if m, ok := e.(map[string]any); ok && jsonText(m["id"]) == seg {
					doc, found = e, true
					break
				}
			}
			if !found {
				i, err := strconv.Atoi(seg)
				if err != nil || i >= len(d) {
					return nil, false
				}
				doc = d[i]
			}
		default:
			return nil, false
		}
	}
	return doc, true
}

func jsonText(v any) string {
	switch v := v.(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return "\x00"
}

type (
	node struct {
		V    float64 `json:"v"`
		Next *node   `json:"next"`
	}
	holder struct {
		V   float64 `json:"v"`
		Any any     `json:"any"`
	}
)

// TestWalkCycles: a value that holds itself, through a pointer, a slice, a
// map or an interface, gives each of its leaves once on the way to the
// cycle and then nothing more; json.Marshal refuses the same values.
func TestWalkCycles(t *testing.T) {
	n := &node{V: 1}
	n.Next = n
	two := &node{V: 1, Next: &node{V: 2}}
	two.Next.Next = two

	s := make([]any, 2)
	s[0], s[1] = 1.0, s

	m := map[string]any{"v": 1.0}
	m["self"] = m

	h := &holder{V: 1}
	h.Any = h

	var iface any
	iface = &iface

	for _, tc := range []struct {
		name  string
		v     any
		paths []string
	}{
		{"pointer", n, []string{"v"}},
		{"pointer, two steps", two, []string{"v", "next.v"}},
		{"slice", s, []string{"0"}},
		{"map", m, []string{"v"}},
		{"interface", h, []string{"v"}},
		{"interface holding a pointer to itself", &iface, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := json.Marshal(tc.v)
			require.Error(t, err, "json.Marshal refuses it")
			var paths []string
			Walk(tc.v, func(l Leaf) bool { paths = append(paths, string(l.Path)); return true })
			assert.Equal(t, tc.paths, paths)
		})
	}

	// Not a cycle: the same pointer twice side by side gives both.
	shared := &node{V: 3}
	var paths []string
	Walk(struct {
		A *node `json:"a"`
		B *node `json:"b"`
	}{shared, shared}, func(l Leaf) bool { paths = append(paths, string(l.Path)); return true })
	assert.Equal(t, []string{"a.v", "b.v"}, paths)

	// Depth: a list of 100 nodes gives MaxDepth of them.
	var head *node
	for i := range 100 {
		head = &node{V: float64(100 - i), Next: head}
	}
	paths = nil
	Walk(head, func(l Leaf) bool { paths = append(paths, string(l.Path)); return true })
	assert.Len(t, paths, MaxDepth)
	assert.Equal(t, strings.Repeat("next.", MaxDepth-1)+"v", paths[len(paths)-1])

	var names []string
	for _, c := range Leaves(reflect.TypeFor[node]()) {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"v", "next"}, names, "a recursive type stops where it recurs")
}

// shaped encodes itself as a list of its two numbers.
type shaped struct{ a, b float64 }

func (s shaped) MarshalJSON() ([]byte, error) { return json.Marshal([]float64{s.a, s.b}) }

type selfEncoding struct{ N float64 }

func (selfEncoding) MarshalJSON() ([]byte, error) { return []byte(`"x"`), nil }

func init() {
	Register(reflect.TypeFor[shaped](), Shape{
		Type: reflect.TypeFor[[]float64](),
		Convert: func(v reflect.Value) reflect.Value {
			s := v.Interface().(shaped)
			return reflect.ValueOf([]float64{s.a, s.b})
		},
	})
}

func same(v reflect.Value) reflect.Value { return v }

// TestShapes: a registered type is walked as its Shape; an unregistered
// type that encodes itself is a leaf.
func TestShapes(t *testing.T) {
	type doc struct {
		S shaped       `json:"s"`
		E selfEncoding `json:"e"`
	}
	var paths []string
	var values []any
	Walk(doc{S: shaped{1, 2}}, func(l Leaf) bool {
		paths = append(paths, string(l.Path))
		values = append(values, l.Value.Interface())
		return true
	})
	assert.Equal(t, []string{"s.0", "s.1", "e"}, paths)
	assert.Equal(t, []any{1.0, 2.0, selfEncoding{}}, values)

	var names []string
	for _, c := range Leaves(reflect.TypeFor[doc]()) {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"s.*", "e"}, names)
	c := Columns(reflect.TypeFor[doc]())[0]
	assert.Equal(t, reflect.TypeFor[[]float64](), c.Type, "the column of a shaped field has the shape's type")
	assert.Equal(t, []float64{1, 2}, c.Value(reflect.ValueOf(doc{S: shaped{1, 2}})).Interface())

	assert.Panics(t, func() { Register(reflect.TypeFor[shaped](), Shape{Type: reflect.TypeFor[int](), Convert: same}) }, "twice")
	assert.Panics(t, func() { Register(reflect.TypeFor[int](), Shape{Type: reflect.TypeFor[int](), Convert: same}) }, "not a struct")
	assert.Panics(t, func() { Register(reflect.TypeFor[node](), Shape{}) }, "incomplete")
}
