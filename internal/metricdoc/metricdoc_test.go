package metricdoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClassifyEveryPhrase: each phrase of the table, as a doc comment
// ("Field is the ...") and as a line comment, gives its kind and unit.
func TestClassifyEveryPhrase(t *testing.T) {
	for _, p := range phrases {
		text := p.prefix + "things in the range"
		for _, comment := range []string{text, "F is the " + text, "F are " + text, "F is a " + text, strings.ToUpper(text[:1]) + text[1:]} {
			d := Classify("T", "F", comment)
			assert.Equal(t, p.kind, d.Kind, comment)
			assert.Equal(t, p.unit, d.Unit, comment)
			assert.False(t, d.Previous, comment)
		}
	}
	// Dashes and minus signs as the comments write them.
	assert.Equal(t, "percent", Classify("T", "F", "percent (0–100) of the ratings").Kind)
	assert.Equal(t, "fraction", Classify("T", "F", "fraction (0–1) of the ratings").Unit)
	assert.Equal(t, "score", Classify("T", "F", "score (−100 to 100) of the ratings").Kind)
	assert.Equal(t, "hour", Classify("T", "F", "hour (0–23) of the day").Unit)
	// Longest first: a distinct count is not a count, an average count not a
	// count, a count of days is in days.
	assert.Equal(t, "distinct", Classify("T", "F", "distinct count of customers").Kind)
	assert.Equal(t, "average", Classify("T", "F", "average count of replies per day").Kind)
	assert.Equal(t, "days", Classify("T", "F", "count of days in the range").Unit)

	for _, vague := range []string{"", "the number of replies", "customers helped", "the share of conversations", "a count: 3"} {
		assert.Empty(t, Classify("T", "F", vague).Kind, vague)
	}
}

func TestClassifyMarkers(t *testing.T) {
	d := Classify("T", "F", "F is the average time in seconds to resolve,\n\tweighted by [T.Resolved] (inferred).")
	assert.Equal(t, "T.Resolved", d.Weight)
	assert.Equal(t, "the average time in seconds to resolve, weighted by [T.Resolved] (inferred).", d.Description, "one line")

	for _, prev := range []string{"count of replies over the previous range", "figures of the previous range", "count for the previous range; 0 without one"} {
		assert.True(t, Classify("T", "F", prev).Previous, prev)
	}
	for _, cur := range []string{"count of replies, current range", "count of replies; the previous range has its own"} {
		assert.False(t, Classify("T", "F", cur).Previous, cur)
	}
	d = Classify("T", "Deltas", "changes from the previous range to the current one (percent changes)")
	assert.True(t, d.Changes)
	assert.True(t, d.Previous)
	assert.False(t, d.Peak)
	assert.Empty(t, d.Kind)
	d = Classify("T", "Busiest", "Busiest is the peak of the busy times: the hour with the most conversations")
	assert.True(t, d.Peak)
	assert.False(t, d.Previous)
}

// TestParse: a package's result types, reached from its GetX methods, are
// classified; a vague number of a result, an unknown weight and a weight on
// a count are refused, naming the field.
func TestParse(t *testing.T) {
	write := func(t *testing.T, src string) string {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "a.go"), []byte(src), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "a_test.go"), []byte("package p\n\ntype Ignored struct{ N int }\n"), 0o644))
		return dir
	}
	const head = "package p\n\ntype Client struct{}\n\nfunc (c *Client) GetX() (*Result, error) { return nil, nil }\n\n"
	dir := write(t, head+`type Result = Series[Point]

type Series[P any] struct {
	Current  []P // the points
	Previous []P // the points of the previous range
}

type Point struct {
	Count float64 // count of replies
	Time  float64 // average time in seconds per reply, weighted by [Point.Count]
	Code  Code    // code of something
}

type Code int

type Params struct {
	Page int // which page
}
`)
	docs, err := Parse(dir)
	require.NoError(t, err)
	got := map[string]Doc{}
	for _, d := range docs {
		got[d.Key()] = d
	}
	assert.Equal(t, Doc{Type: "Point", Field: "Time", Kind: "average", Unit: "seconds", Weight: "Point.Count", Description: "average time in seconds per reply, weighted by [Point.Count]"}, got["Point.Time"])
	assert.True(t, got["Series.Previous"].Previous)
	assert.NotContains(t, got, "Params.Page", "not a result type and not classified")
	src, err := Generate(dir)
	require.NoError(t, err)
	assert.Regexp(t, `"Point.Time": +{kind: "average", unit: "seconds", weight: "Point.Count"`, string(src))
	assert.Contains(t, string(src), "DO NOT EDIT")

	for _, tc := range []struct{ body, want string }{
		{"type Result struct {\n\tN float64 // replies\n}\n", `Result.N: the comment names no kind`},
		{"type Result struct {\n\tN Score // the score\n}\n\ntype Score int\n", `Result.N: the comment names no kind`},
		{"type Result struct {\n\tN float64 // average count of x, weighted by [Result.M]\n}\n", `weighted by [Result.M], which is no field`},
		{"type Result struct {\n\tN float64 // count of x, weighted by [Result.N]\n}\n", `a weight for a "count"`},
	} {
		_, err := Parse(write(t, head+tc.body))
		if assert.Error(t, err, tc.body) {
			assert.Contains(t, err.Error(), tc.want)
		}
	}
}
