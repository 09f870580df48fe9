// Package metricdoc reads what the reports package's field comments say of
// each number a result holds, and writes it as Go: the table behind
// reports.MetricInfos (metricinfo_gen.go, made by go generate with
// internal/cmd/genmetrics). The comments are the source of truth; this
// package only reads a few fixed phrases in them.
//
// # The phrases
//
// A field's comment (its doc comment, else its line comment), without a
// leading "FieldName is " or "FieldName are " and "the " (or "a", "an"),
// starts with what
// the number is. Case and the kind of dash do not matter:
//
//	distinct count of ...           distinct, count
//	count of days ...               count, days
//	count of ...                    count, count
//	average count of ...            average, count
//	average time in seconds ...     average, seconds
//	time in seconds ...             measure, seconds
//	how many ...                    measure, count
//	percent (0–100) of ...          percent, percent
//	fraction (0–1) of ...           percent, fraction
//	score (−100 to 100) ...         score, points
//	percent change of ...           change, percent
//	change in points of ...         change, points
//	id of ... / ids of ...          id, id
//	weekday (1 Monday ...           code, weekday
//	hour (0–23) ...                 code, hour
//	rating (1 Great ...             code, rating
//	page number ...                 code, page
//	code ...                        code, code
//
// Anywhere in the comment:
//   - "weighted by [Type.Field]" names the weight of an average, percent or
//     score: the field Field of struct Type, found from the number's own
//     object outwards (see reports.MetricInfo);
//   - "of the previous range", "over the previous range" or "for the
//     previous range" marks a comparison figure, and every number under a
//     field so marked;
//   - a comment that starts "changes from the previous range" marks a field
//     whose numbers are all changes: each is a percent change, or a change in
//     points where the number itself is a percent, a fraction or a score;
//   - a comment that starts "peak of" marks a field that holds a peak (the
//     busiest hour): its counts are peaks, which do not add up over days.
package metricdoc

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Doc is what a field's comment says of its number.
type Doc struct {
	Type, Field string // the struct type (without type parameters) and the field, Go names
	Kind, Unit  string // "" when the comment names no kind
	Weight      string // "Type.Field" of the weight, or ""
	Previous    bool   // a figure of the previous range, or a field that holds them
	Changes     bool   // a field whose numbers are changes from the previous range
	Peak        bool   // a field that holds a peak: its counts are peaks
	Description string // the comment, on one line
}

// Key is the table's key of the doc: "Type.Field".
func (d Doc) Key() string { return d.Type + "." + d.Field }

type phrase struct {
	prefix     string
	kind, unit string
}

// phrases are the starts of a comment that say what its number is, in the
// order they are tried (the longest of a common start first).
var phrases = []phrase{
	{"distinct count of ", "distinct", "count"},
	{"count of days", "count", "days"},
	{"count of ", "count", "count"},
	{"average count of ", "average", "count"},
	{"average time in seconds", "average", "seconds"},
	{"time in seconds", "measure", "seconds"},
	{"how many ", "measure", "count"},
	{"percent (0-100) of ", "percent", "percent"},
	{"fraction (0-1) of ", "percent", "fraction"},
	{"score (-100 to 100)", "score", "points"},
	{"percent change of ", "change", "percent"},
	{"change in points of ", "change", "points"},
	{"id of ", "id", "id"},
	{"ids of ", "id", "id"},
	{"weekday (1 monday", "code", "weekday"},
	{"hour (0-23)", "code", "hour"},
	{"rating (1 great", "code", "rating"},
	{"page number", "code", "page"},
	{"code ", "code", "code"},
}

var (
	weightRE   = regexp.MustCompile(`weighted by \[(\w+)\.(\w+)\]`)
	previousRE = regexp.MustCompile(`(?i)\b(of|over|for) the previous range\b`)
	spaceRE    = regexp.MustCompile(`\s+`)
	dashes     = strings.NewReplacer("–", "-", "−", "-", "—", "-")
)

// Classify reads the comment of field (its Go name) of struct typ.
func Classify(typ, field, comment string) Doc {
	desc := strings.TrimSpace(spaceRE.ReplaceAllString(comment, " "))
	for _, verb := range []string{" is ", " are "} {
		desc = strings.TrimPrefix(desc, field+verb)
	}
	d := Doc{Type: typ, Field: field, Description: desc}
	text := strings.ToLower(dashes.Replace(desc))
	for _, article := range []string{"the ", "a ", "an "} {
		text = strings.TrimPrefix(text, article)
	}
	for _, p := range phrases {
		if strings.HasPrefix(text, p.prefix) {
			d.Kind, d.Unit = p.kind, p.unit
			break
		}
	}
	if m := weightRE.FindStringSubmatch(desc); m != nil {
		d.Weight = m[1] + "." + m[2]
	}
	d.Changes = strings.HasPrefix(text, "changes from the previous range")
	d.Peak = strings.HasPrefix(text, "peak of")
	d.Previous = d.Changes || previousRE.MatchString(desc)
	return d
}

// structs are the struct types of a package: name → type.
type structs map[string]*ast.StructType

// Parse reads the non-test Go files of dir (not *_gen.go) and returns the
// docs of every struct field whose comment says something of a number, by
// type and field. It fails when a field of a result type (one a GetX method
// of Client returns, and the types those hold) that is a plain number has a
// comment that names no kind, and when a weight names no field.
func Parse(dir string) ([]Doc, error) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_gen.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	types := map[string]ast.Expr{} // every type's definition or alias
	st := structs{}
	var roots []string
	for _, f := range parsed {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok {
						continue
					}
					types[ts.Name.Name] = ts.Type
					if s, ok := ts.Type.(*ast.StructType); ok {
						st[ts.Name.Name] = s
					}
				}
			case *ast.FuncDecl:
				if root := resultOf(decl); root != "" {
					roots = append(roots, root)
				}
			}
		}
	}
	results := reachable(roots, types)

	var docs []Doc
	var problems []string
	names := make([]string, 0, len(st))
	for name := range st {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, field := range st[name].Fields.List {
			for _, id := range field.Names {
				comment := field.Doc.Text()
				if comment == "" {
					comment = field.Comment.Text()
				}
				d := Classify(name, id.Name, comment)
				if d.Kind == "" && results[name] && isNumber(field.Type, types) && id.IsExported() {
					problems = append(problems, fmt.Sprintf("%s.%s: the comment names no kind (%q)", name, id.Name, d.Description))
				}
				if d.Weight != "" && !hasField(st, d.Weight) {
					problems = append(problems, fmt.Sprintf("%s.%s: weighted by [%s], which is no field", name, id.Name, d.Weight))
				}
				if d.Weight != "" && !slices.Contains([]string{"average", "percent", "score"}, d.Kind) {
					problems = append(problems, fmt.Sprintf("%s.%s: a weight for a %q", name, id.Name, d.Kind))
				}
				if d.Kind != "" || d.Previous || d.Peak {
					docs = append(docs, d)
				}
			}
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("metricdoc: %s", strings.Join(problems, "\n\t"))
	}
	return docs, nil
}

// resultOf is the result type a GetX method of *Client returns, or "".
func resultOf(fn *ast.FuncDecl) string {
	if fn.Recv == nil || !strings.HasPrefix(fn.Name.Name, "Get") || fn.Type.Results == nil || len(fn.Type.Results.List) == 0 {
		return ""
	}
	star, ok := fn.Type.Results.List[0].Type.(*ast.StarExpr)
	if !ok {
		return ""
	}
	id, ok := star.X.(*ast.Ident)
	if !ok {
		return ""
	}
	return id.Name
}

// reachable are the type names the roots are made of: every identifier in
// their definitions, followed.
func reachable(roots []string, types map[string]ast.Expr) map[string]bool {
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		def, ok := types[name]
		if !ok || seen[name] {
			return
		}
		seen[name] = true
		ast.Inspect(def, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				visit(id.Name)
			}
			return true
		})
	}
	for _, r := range roots {
		visit(r)
	}
	return seen
}

// isNumber reports whether a field's type is a number (a named number type
// of the package too), a pointer to one or a list of them.
func isNumber(e ast.Expr, types map[string]ast.Expr) bool {
	switch t := e.(type) {
	case *ast.StarExpr:
		return isNumber(t.X, types)
	case *ast.ArrayType:
		return isNumber(t.Elt, types)
	case *ast.Ident:
		switch t.Name {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
			return true
		}
		if def, ok := types[t.Name]; ok && def != e {
			return isNumber(def, types)
		}
	}
	return false
}

func hasField(st structs, ref string) bool {
	typ, field, _ := strings.Cut(ref, ".")
	s, ok := st[typ]
	if !ok {
		return false
	}
	for _, f := range s.Fields.List {
		for _, id := range f.Names {
			if id.Name == field {
				return true
			}
		}
	}
	return false
}

// Render writes the docs as the Go file of package pkg that holds them: a
// map fieldDocs from "Type.Field" to a fieldDoc, gofmt'd.
func Render(pkg string, docs []Doc) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/cmd/genmetrics from the field comments; DO NOT EDIT.\n\npackage %s\n\n", pkg)
	b.WriteString("// fieldDocs is what each field's comment says of its number, by \"Type.Field\".\n")
	b.WriteString("var fieldDocs = map[string]fieldDoc{\n")
	for _, d := range docs {
		fmt.Fprintf(&b, "\t%s: {", strconv.Quote(d.Key()))
		var parts []string
		if d.Kind != "" {
			parts = append(parts, "kind: "+strconv.Quote(d.Kind), "unit: "+strconv.Quote(d.Unit))
		}
		if d.Weight != "" {
			parts = append(parts, "weight: "+strconv.Quote(d.Weight))
		}
		if d.Previous {
			parts = append(parts, "previous: true")
		}
		if d.Changes {
			parts = append(parts, "changes: true")
		}
		if d.Peak {
			parts = append(parts, "peak: true")
		}
		parts = append(parts, "desc: "+strconv.Quote(d.Description))
		b.WriteString(strings.Join(parts, ", "))
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// Generate is Parse and Render of the package in dir.
func Generate(dir string) ([]byte, error) {
	docs, err := Parse(dir)
	if err != nil {
		return nil, err
	}
	pkg, err := packageName(dir)
	if err != nil {
		return nil, err
	}
	return Render(pkg, docs)
}

func packageName(dir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("metricdoc: no Go files in %s", dir)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return "", err
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly)
		if err != nil {
			return "", err
		}
		return f.Name.Name, nil
	}
	return "", fmt.Errorf("metricdoc: no package in %s", dir)
}
