package reports

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFoldIsEqualFold sweeps every Unicode character: fold maps it to one
// character of its case-folding orbit, the same for the whole orbit, so that
// fold(a) == fold(b) exactly when strings.EqualFold(a, b).
func TestFoldIsEqualFold(t *testing.T) {
	checked := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		f := fold(s)
		require.True(t, strings.EqualFold(s, f), "%U folds to %q, not a case variant", r, f)
		require.Equal(t, 1, utf8.RuneCountInString(f), "%U", r)
		for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
			require.Equal(t, f, fold(string(o)), "%U and %U are one orbit", r, o)
		}
		checked++
	}
	assert.Greater(t, checked, 1_100_000)
	assert.Equal(t, fold("ÅSA LINDQVIST"), fold("åsa lindqvist"))
	assert.Equal(t, fold("Ωmega"), fold("ωMEGA"))
	assert.Equal(t, fold("ΣΑΣ"), fold("σας"), "final sigma folds with sigma")
	assert.NotEqual(t, fold("STRASSE"), fold("straße"), "simple folding, not full")
}

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"vip", "vip", 0}, {"vipp", "vip", 1},
		{"kitten", "sitting", 3}, {"unasigned", "unassigned", 1}, {"unasigned", "assigned", 3},
		{"åsa", "asa", 1}, {"flaw", "lawn", 2},
	} {
		assert.Equal(t, tc.d, levenshtein([]rune(tc.a), []rune(tc.b)), "%q %q", tc.a, tc.b)
		assert.Equal(t, tc.d, levenshtein([]rune(tc.b), []rune(tc.a)), "%q %q", tc.b, tc.a)
	}
}

// TestClosest checks the ranking of suggestions: prefix, then substring,
// then edit distance, each by distance and then name; at most five.
func TestClosest(t *testing.T) {
	entries := []NameEntry{
		{Kind: KindTag, ID: 1, Name: "billing"},
		{Kind: KindTag, ID: 2, Name: "Billing Dispute"},
		{Kind: KindTag, ID: 3, Name: "re-billing"},
		{Kind: KindTag, ID: 4, Name: "biling"},
		{Kind: KindTag, ID: 5, Name: "bug"},
		{Kind: KindTag, ID: 6, Name: "x", Slug: "billing-x"},
		{Kind: KindTag, ID: 7, Name: "billi"},
	}
	ids := func(es []NameEntry) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	assert.Equal(t, []int64{7, 1, 6, 2, 3}, ids(closest(fold("BILL"), entries)), "prefixes by length (a slug too), then what holds it")
	assert.Equal(t, []int64{4, 1}, ids(closest(fold("bilIng"), entries)), "near: within 2 edits; billi is 3 away")
	assert.Equal(t, []int64{5}, ids(closest(fold("bugg"), entries)))
	assert.Empty(t, closest(fold("zzzzzz"), entries))
	long := strings.Repeat("b", maxEditRunes+1)
	assert.Empty(t, closest(long, entries), "a huge name is not compared by edit distance")
}
