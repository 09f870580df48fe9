package flat

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
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

// TestWalkLeaves: every scalar with its path, the key fields marked, in
// order; what the CSV flattening of hsreports needs besides the numbers.
func TestWalkLeaves(t *testing.T) {
	when := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	v := []row{{Period: &Period{when}, Tags: []tag{{7, "vip"}}, Count: 2, On: true}, {}}
	type leaf struct {
		path string
		val  any
		key  bool
	}
	var got []leaf
	Walk(v, nil, func(l Leaf) bool {
		got = append(got, leaf{string(l.Path), l.Value.Interface(), l.Key})
		return true
	})
	assert.Equal(t, []leaf{
		{"0.start", when, false}, {"0.tags.7.id", int64(7), true}, {"0.tags.7.name", "vip", false},
		{"0.count", 2.0, false}, {"0.on", true, false},
		{"1.count", 0.0, false}, {"1.on", false, false}, // a nil embedded pointer and a nil list give nothing
	}, got)

	n := 0
	Walk(v, nil, func(Leaf) bool { n++; return n < 3 })
	assert.Equal(t, 3, n, "false stops the walk")

	var subbed []string
	Walk(v[0], func(v reflect.Value) (reflect.Value, bool) {
		if v.Type() == reflect.TypeFor[[]tag]() {
			return reflect.ValueOf(map[string]int{"b": 2, "a": 1}), true
		}
		return v, false
	}, func(l Leaf) bool { subbed = append(subbed, string(l.Path)); return true })
	assert.Equal(t, []string{"start", "tags.a", "tags.b", "count", "on"}, subbed, "a substitute is walked instead, maps in key order")

	assert.NotPanics(t, func() {
		Walk(nil, nil, func(Leaf) bool { t.Error("a leaf of nil"); return true })
		Walk((*row)(nil), nil, func(Leaf) bool { t.Error("a leaf of a nil pointer"); return true })
		Walk(map[[2]int]float64{{1, 2}: 3}, nil, func(Leaf) bool { t.Error("a map whose keys are not text"); return true })
	})
}
