package input

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
)

// Arg describes an argument of an input: a flag's name, its help and the
// JSON type of its value, for an MCP tool's schema.
type Arg struct {
	Name     string
	Usage    string   // the flag's help, its `name` of the value unquoted
	Type     string   // JSON type: string, integer, boolean or array
	Items    []string // array: the JSON types of the elements (integer and string for ids or names)
	Enum     []string // the values it takes, when a set of words (of the elements, for an array)
	Pattern  string   // a regular expression its text matches (last)
	Required bool     // the report requires it
	IDs      string   // what its ids (or names) name: user, mailbox, tag, folder
}

// Args lists the arguments of the input, in the order of its flags: the
// params fields, then last, then compare and compare-to where the params
// take a previous range.
func (in *Input) Args() []Arg {
	var out []Arg
	required := map[string]bool{}
	for _, f := range Required(in.Type()) {
		required[f.Name] = true
	}
	for _, sf := range ParamFields(in.Type()) {
		f := fields[sf.Name]
		a := Arg{Name: f.Name, Usage: unquote(f.Usage), Required: required[f.Name], IDs: f.IDs}
		switch {
		case sf.Type == timeType:
			a.Type = "string"
		case f.IDs != "" && sf.Type.Kind() == reflect.Slice:
			a.Type, a.Items = "array", []string{"integer", "string"}
		case f.IDs != "":
			a.Type = "integer"
			a.Items = []string{"integer", "string"}
		case sf.Type.Kind() == reflect.Slice:
			a.Type, a.Items, a.Enum = "array", []string{"string"}, EnumOf(sf.Type)
		case EnumOf(sf.Type) != nil:
			a.Type, a.Enum = "string", EnumOf(sf.Type)
		case sf.Type.Kind() == reflect.Bool:
			a.Type = "boolean"
		case sf.Type.Kind() == reflect.Int || sf.Type.Kind() == reflect.Int64:
			a.Type = "integer"
		default:
			a.Type = "string"
		}
		out = append(out, a)
	}
	out = append(out, Arg{Name: "last", Type: "string", Pattern: LastPattern.String(),
		Usage: "the range: the N whole days (7d), weeks (4w, Monday to Sunday) or months (3m) before the current one, in --tz"})
	if in.hasPrevious() {
		out = append(out,
			Arg{Name: "compare", Type: "boolean", Usage: "also get the previous range of equal length, right before the range"},
			Arg{Name: "compare-to", Type: "string", Enum: CompareTo, Usage: "compare with the range right before (period, as --compare), or the same dates a month or a year earlier (year over year)"})
	}
	return out
}

// unquote drops the backquotes of a flag's help (they name its value).
func unquote(s string) string { return strings.ReplaceAll(s, "`", "") }

// SetArg sets the argument name from its JSON value, typed: a number where
// the flag takes a number, a list as a JSON array (whose values may hold
// commas), ids as numbers or names. An empty value ("", [], null) is none,
// as a model may send for an optional argument. Its errors are usage
// errors in the flags' words (--name).
func (in *Input) SetArg(name string, raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` || string(raw) == "[]" {
		return nil
	}
	bad := func(format string, args ...any) error {
		return cmdutil.Usagef("--%s: "+format, append([]any{name}, args...)...)
	}
	switch name {
	case "last":
		return decodeInto(raw, &in.Last, bad)
	case "compare":
		if !in.hasPrevious() {
			return cmdutil.Usagef("no argument %q", name)
		}
		return decodeInto(raw, &in.Compare, bad)
	case "compare-to":
		if !in.hasPrevious() {
			return cmdutil.Usagef("no argument %q", name)
		}
		var s string
		if err := decodeInto(raw, &s, bad); err != nil {
			return err
		}
		v, err := cmdutil.Match(CompareTo, s)
		if err != nil {
			return bad("%q: %v", s, err)
		}
		in.CompareTo = v
		return nil
	}
	sf, ok := in.fieldOf(name)
	if !ok {
		return cmdutil.Usagef("no argument %q", name)
	}
	f := fields[sf.Name]
	v := in.params.FieldByIndex(sf.Index)
	switch {
	case sf.Type == timeType:
		var s string
		if err := decodeInto(raw, &s, bad); err != nil {
			return err
		}
		in.dates[sf.Name] = s
	case f.IDs != "":
		tokens, err := idTokens(raw)
		if err != nil {
			return bad("%v", err)
		}
		if sf.Type.Kind() != reflect.Slice && len(tokens) != 1 {
			return bad("want one id or name")
		}
		texts := make([]idText, len(tokens))
		for i, tok := range tokens {
			texts[i] = idText{text: tok}
		}
		in.ids[sf.Name] = texts
	case EnumOf(sf.Type) != nil:
		var words []string
		if sf.Type.Kind() == reflect.Slice && raw[0] == '[' {
			if err := decodeInto(raw, &words, bad); err != nil {
				return err
			}
		} else {
			var s string
			if err := decodeInto(raw, &s, bad); err != nil {
				return err
			}
			words = []string{s}
		}
		e := &cmdutil.EnumValue{V: v, Values: EnumOf(sf.Type)}
		for _, w := range words {
			if err := e.SetOne(w); err != nil {
				return bad("%q: %v", w, err)
			}
		}
	default:
		p := reflect.New(sf.Type)
		if err := decodeInto(raw, p.Interface(), bad); err != nil {
			return err
		}
		v.Set(p.Elem())
	}
	return nil
}

// fieldOf is the params field whose argument is name.
func (in *Input) fieldOf(name string) (reflect.StructField, bool) {
	for _, sf := range ParamFields(in.Type()) {
		if fields[sf.Name].Name == name {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}

// decodeInto decodes raw into p, with an error in the argument's words.
func decodeInto(raw json.RawMessage, p any, bad func(string, ...any) error) error {
	if err := json.Unmarshal(raw, p); err != nil {
		return bad("want %s", jsonKind(reflect.TypeOf(p).Elem()))
	}
	return nil
}

// jsonKind names the JSON a Go type decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(jsonKind(t.Elem()), "a ") + "s"
	}
	return "a string"
}

// idTokens reads ids or names: a number, a string, or a list of them.
func idTokens(raw json.RawMessage) ([]string, error) {
	var list []json.RawMessage
	if raw[0] == '[' {
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("want ids or names")
		}
	} else {
		list = []json.RawMessage{raw}
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		var s string
		if err := json.Unmarshal(e, &s); err == nil {
			out = append(out, s)
			continue
		}
		var n json.Number
		d := json.NewDecoder(bytes.NewReader(e))
		d.UseNumber()
		if err := d.Decode(&n); err != nil {
			return nil, fmt.Errorf("want ids (whole numbers) or names (strings)")
		}
		if _, err := n.Int64(); err != nil {
			return nil, fmt.Errorf("%s: want a whole number", n)
		}
		out = append(out, n.String())
	}
	return out, nil
}
