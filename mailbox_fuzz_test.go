package reports

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzListPage decodes any bytes as a list answer: it never panics, and
// what decodes encodes to an answer that decodes to the same page.
func FuzzListPage(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "lists", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatal("no list fixtures", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{`{}`, `{"_embedded": {}}`, `{"_embedded": {"users": null}}`, `{"_embedded": {"other": [1]}}`, `{"page": null}`, `[]`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkListPage[User](t, b)
		checkListPage[Mailbox](t, b)
		checkListPage[Tag](t, b)
		checkListPage[Folder](t, b)
	})
}

func checkListPage[T ListItem](t *testing.T, b []byte) {
	var p ListPage[T]
	if decode(b, &p) != nil {
		return
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("%s decoded but does not encode: %v", b, err)
	}
	var back ListPage[T]
	if err := decode(out, &back); err != nil {
		t.Fatalf("%s encodes to %s, which does not decode: %v", b, out, err)
	}
	again, err := json.Marshal(back)
	if err != nil || string(again) != string(out) {
		t.Fatalf("%s: %s, then %s", b, out, again)
	}
}

// FuzzResolve matches any name against entries of any names: it never
// panics, a match is a case-insensitive one, and the error quotes at most
// 512 bytes of each value.
func FuzzResolve(f *testing.F) {
	f.Add("Maya", "Maya Patel", "maya.patel@acme.example")
	f.Add(`q&a, "urgent"`, `Q&A, "URGENT"`, "q-a-urgent")
	f.Add("\x00\xff\u202e", "\u202e", "")
	f.Add(strings.Repeat("é", 400), strings.Repeat("É", 400), "x")
	f.Fuzz(func(t *testing.T, name, a, b string) {
		entries := []NameEntry{{Kind: KindTag, ID: 1, Name: a, Slug: b}, {Kind: KindTag, ID: 2, Name: b}}
		e, err := resolve(KindTag, 0, name, entries)
		if err == nil {
			if !strings.EqualFold(normalize(name), normalize(e.Name)) && !strings.EqualFold(normalize(name), normalize(e.Slug)) {
				t.Fatalf("%q resolved to %+v", name, e)
			}
			return
		}
		text := err.Error()
		if !utf8.ValidString(text) {
			t.Fatalf("not UTF-8: %q", text)
		}
		if strings.ContainsFunc(text, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0x202e }) {
			t.Fatalf("unescaped: %q", text)
		}
		if len(text) > 3*(maxPart+32)+200 {
			t.Fatalf("%d bytes: %q", len(text), text)
		}
	})
}
