package cmdutil

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// EnumValue is a flag of one of a set of words, or a comma-separated list
// of them, matched without regard to case, written into V: a string, a
// string-based type (the SDK's enum types), or a slice of one.
type EnumValue struct {
	V      reflect.Value
	Values []string
}

// NewEnum is an EnumValue writing into *p.
func NewEnum(p *string, values []string) *EnumValue {
	return &EnumValue{V: reflect.ValueOf(p).Elem(), Values: values}
}

func (e *EnumValue) String() string {
	if !e.V.IsValid() {
		return ""
	}
	if e.V.Kind() == reflect.Slice {
		var parts []string
		for i := range e.V.Len() {
			parts = append(parts, e.V.Index(i).String())
		}
		return strings.Join(parts, ",")
	}
	return e.V.String()
}

// Match is the value of values that s names, without regard to case.
func Match(values []string, s string) (string, error) {
	i := slices.IndexFunc(values, func(v string) bool { return strings.EqualFold(v, strings.TrimSpace(s)) })
	if i < 0 {
		return "", fmt.Errorf("want one of %s", strings.Join(values, ", "))
	}
	return values[i], nil
}

func (e *EnumValue) Set(s string) error {
	t := e.V.Type()
	if t.Kind() != reflect.Slice {
		v, err := Match(e.Values, s)
		if err == nil {
			e.V.Set(reflect.ValueOf(v).Convert(t))
		}
		return err
	}
	for part := range strings.SplitSeq(s, ",") {
		if err := e.SetOne(part); err != nil {
			return err
		}
	}
	return nil
}

// SetOne sets one word: the value, or one more element of the list.
func (e *EnumValue) SetOne(s string) error {
	v, err := Match(e.Values, s)
	if err != nil {
		return err
	}
	if t := e.V.Type(); t.Kind() == reflect.Slice {
		e.V.Set(reflect.Append(e.V, reflect.ValueOf(v).Convert(t.Elem())))
	} else {
		e.V.Set(reflect.ValueOf(v).Convert(t))
	}
	return nil
}

func (e *EnumValue) Type() string {
	if e.V.Kind() == reflect.Slice {
		return "list"
	}
	return "string"
}

var _ pflag.Value = (*EnumValue)(nil)

// optString is a string flag that tells "not given" (nil) from "given
// empty".
type optString struct{ p **string }

func (o *optString) String() string {
	if *o.p == nil {
		return ""
	}
	return **o.p
}

func (o *optString) Set(s string) error { *o.p = &s; return nil }
func (o *optString) Type() string       { return "list" }

// Complete offers values as the shell completion of a flag.
func Complete(cmd *cobra.Command, flag string, values []string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// CompleteList offers values as the completion of a comma-separated list
// flag: after "email," it offers "email,chat" and "email,phone", keeping
// what was typed and leaving out what is already in the list.
func CompleteList(cmd *cobra.Command, flag string, values func() []string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		i := strings.LastIndexByte(toComplete, ',')
		typed := toComplete[:i+1]
		given := strings.Split(strings.ToLower(typed), ",")
		var out []string
		for _, v := range values() {
			if !slices.Contains(given, strings.ToLower(v)) {
				out = append(out, typed+v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
}
