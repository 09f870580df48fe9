package mcp

// The tools' input schemas: compact (the shared rules are said once, in
// the server's instructions), with bounds that are the checks' own.

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strconv"
	"strings"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
)

// prop is an argument's schema.
type prop struct {
	Type        any         `json:"type,omitempty"` // a JSON type, or a list of them
	Items       *prop       `json:"items,omitempty"`
	Enum        []string    `json:"enum,omitempty"`
	Minimum     json.Number `json:"minimum,omitempty"`
	Maximum     json.Number `json:"maximum,omitempty"`
	MinLength   int         `json:"minLength,omitempty"`
	Pattern     string      `json:"pattern,omitempty"`
	Description string      `json:"description,omitempty"`
}

// arg is an argument of a tool: its name, schema and whether the tool
// requires it.
type arg struct {
	name     string
	p        prop
	required bool
}

// objectSchema is a tool's input schema: its arguments, in order.
type objectSchema []arg

// MarshalJSON writes the schema with its properties in order.
func (o objectSchema) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{`)
	var required []string
	for i, a := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(a.name)
		p, err := marshal(a.p)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(p)
		if a.required {
			required = append(required, a.name)
		}
	}
	b.WriteString(`}`)
	if len(required) > 0 {
		r, _ := json.Marshal(required)
		b.WriteString(`,"required":`)
		b.Write(r)
	}
	b.WriteString(`}`)
	return b.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// maxID is the schemas' maximum of ids: 10^15, far above any id, within
// the integers a JSON number carries exactly in every client (2^53), and
// within what the checks take (the SDK's: 2^62 for users and the fields
// drilldown's ids, the Go type's for the filters'), so that the schema is
// the stricter.
const maxID = json.Number("1e15")

// maxInt32 is the SDK's maximum of a page and a range id (the API's 32-bit
// integers, as the fake refuses beyond).
const maxInt32 = json.Number("2147483647")

// bounds are the ranges of the integer arguments that the schemas give:
// within what the checks accept, and their lower bounds the checks' own.
// They are the SDK's (params.go): a page is not negative (Paging, and the
// ratings' and history's Page), rows are 0 to 50 (Paging.Rows), a range id
// is not negative (CompanyDrilldownParams.RangeID, requiring a range), ids
// of users, mailboxes, tags, folders and of the fields drilldown are
// positive; a page and a range id are at most 2^31-1. Above maxID the
// checks take ids the Go types hold; the schemas stop there. TestMCPSchemaBounds sweeps each across
// its edges: every value a schema allows is accepted, and every value
// refused is outside it.
var bounds = map[string][2]json.Number{
	"page":     {"0", maxInt32},
	"rows":     {"0", "50"},
	"range-id": {"0", maxInt32},
	"field-id": {"1", maxID},
	"user":     {"1", maxID},
	"mailbox":  {"1", maxID},
	"tag":      {"1", maxID},
	"folder":   {"1", maxID},
}

// lastPattern is what last takes: input.LastPattern, written shorter.
const lastPattern = `^[1-9][0-9]{0,3}[dwm]$`

// omitted are the command's flags a tool does not take, to keep the tool
// list short: compare is compare-to period, which says what it compares
// with (a model asked for "last month against the month before" picks
// period or month knowingly); a comparison with a range of one's own is
// two calls.
var omitted = map[string]bool{"previous-start": true, "previous-end": true, "compare": true, "folder": true}

// briefs are the arguments' descriptions: short, as the rules they share
// (dates, ranges, comparisons, names, units) are in the instructions.
var briefs = map[string]string{
	"start":        "from",
	"end":          "to",
	"last":         "7d, 4w, 3m",
	"compare-to":   "compare with",
	"mailbox":      "ids or names",
	"tag":          "ids or names",
	"folder":       "ids or names",
	"type":         "channels",
	"site":         "Docs site ids",
	"user":         "id or name",
	"page":         "from 1",
	"rows":         "per page",
	"view-by":      "bucket size",
	"office-hours": "office hours only",
	"range":        "metric",
	"range-id":     "bucket id",
	"field":        "what field-id is",
	"field-id":     "its id",
	"status":       "status",
	"sort-field":   "sort by",
	"sort-order":   "order",
	"rating":       "ratings",
	"all":          "walk pages",
	"tz":           "IANA zone",
}

// optional are the arguments the command's table gives an example of (a
// required-looking one) that the SDK takes absent: field, which it
// defaults to customerid, and the company drilldown's range and range-id
// (0, not sent; a range-id requires a range). A schema requires what the
// checks require, no more (TestMCPRequiredArguments).
var optional = map[string]bool{"field": true, "range": true, "range-id": true}

// schemaOf is the schema of an input argument of a report's tool.
func schemaOf(a input.Arg) arg {
	p := prop{Description: briefs[a.Name]}
	if a.Pattern != "" {
		p.Pattern = lastPattern
	}
	b, bounded := bounds[a.Name]
	switch {
	case a.Type == "array":
		p.Type = "array"
		p.Items = &prop{Enum: a.Enum}
		switch {
		case a.Enum != nil: // the enum says the type
		case len(a.Items) == 1:
			p.Items.Type = a.Items[0]
		default:
			p.Items.Type = a.Items
		}
		if bounded {
			p.Items.Minimum, p.Items.Maximum = b[0], b[1]
		}
	case a.Items != nil: // one id or name
		p.Type = a.Items
	case a.Enum != nil:
		p.Enum = a.Enum
	default:
		p.Type = a.Type
	}
	if bounded && p.Items == nil {
		p.Minimum, p.Maximum = b[0], b[1]
	}
	return arg{name: a.Name, p: p, required: a.Required && !optional[a.Name]}
}

// integerArg tells whether an argument takes integers (a list of them),
// whose JSON numbers are made plain integers before they are read.
func integerArg(p prop) bool {
	has := func(t any) bool {
		switch t := t.(type) {
		case string:
			return t == "integer"
		case []string:
			for _, x := range t {
				if x == "integer" {
					return true
				}
			}
		}
		return false
	}
	return has(p.Type) || p.Items != nil && has(p.Items.Type)
}

// integral rewrites the numbers of raw (a number, or a list) that are
// whole (2.0, 1e2) as integers (2, 100), as JSON Schema's "integer" takes
// them; other values are left as they are.
func integral(raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return raw
	}
	if raw[0] == '[' {
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return raw
		}
		changed := false
		for i, e := range list {
			if n := integral(e); !bytes.Equal(n, e) {
				list[i], changed = n, true
			}
		}
		if !changed {
			return raw
		}
		out, _ := json.Marshal(list)
		return out
	}
	if !bytes.ContainsAny(raw, ".eE") || raw[0] == '"' {
		return raw
	}
	var n json.Number
	if len(raw) > 64 || json.Unmarshal(raw, &n) != nil {
		return raw
	}
	if _, exp, ok := strings.Cut(strings.ToLower(n.String()), "e"); ok {
		if e, err := strconv.Atoi(exp); err != nil || e > 40 || e < -40 {
			return raw // far outside any bound: refused as it is
		}
	}
	r, ok := new(big.Rat).SetString(n.String())
	if !ok || !r.IsInt() || r.Num().BitLen() > 256 {
		return raw
	}
	return json.RawMessage(r.Num().String())
}
