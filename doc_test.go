package reports

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResultFieldsDocumented checks that every exported field of every
// result type has a doc or line comment saying what it holds and its unit.
// The result types are the exported types reachable from what the Client's
// exported methods return (Get..., All..., and whatever comes next), through
// fields, pointers, slices, maps, aliases and type arguments. Embedded fields
// are documented where their type is declared, so they need no comment of
// their own.
func TestResultFieldsDocumented(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	types := map[string]*ast.TypeSpec{}
	typeDoc := map[string]*ast.CommentGroup{}
	var methods []*ast.FuncDecl
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok {
						types[ts.Name.Name] = ts
						typeDoc[ts.Name.Name] = cmpOr(ts.Doc, d.Doc)
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.IsExported() && isClient(d.Recv.List[0].Type) {
					methods = append(methods, d)
				}
			}
		}
	}
	require.NotEmpty(t, methods)

	seen := map[string]bool{}
	var missing []string
	fields := 0
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.Ident:
			ts, ok := types[e.Name]
			if !ok || seen[e.Name] || !e.IsExported() {
				return
			}
			seen[e.Name] = true
			if text(typeDoc[e.Name]) == "" {
				missing = append(missing, e.Name+" (the type)")
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				walk(ts.Type)
				return
			}
			for _, f := range st.Fields.List {
				walk(f.Type)
				if len(f.Names) == 0 {
					continue // embedded: documented at its declaration
				}
				for _, n := range f.Names {
					if !n.IsExported() {
						continue
					}
					fields++
					if text(f.Doc) == "" && text(f.Comment) == "" {
						missing = append(missing, e.Name+"."+n.Name+" ("+fset.Position(n.Pos()).String()+")")
					}
				}
			}
		case *ast.StarExpr:
			walk(e.X)
		case *ast.ArrayType:
			walk(e.Elt)
		case *ast.MapType:
			walk(e.Key)
			walk(e.Value)
		case *ast.IndexExpr:
			walk(e.X)
			walk(e.Index)
		case *ast.IndexListExpr:
			walk(e.X)
			for _, x := range e.Indices {
				walk(x)
			}
		}
	}
	for _, m := range methods {
		if m.Type.Results == nil {
			continue
		}
		for _, r := range m.Type.Results.List {
			walk(r.Type)
		}
	}

	// The walk must reach the result types, or this test proves nothing.
	for _, name := range []string{"CompanyDeltas", "HappinessDeltas", "DrilldownConversation", "Rating", "HistoryConversation", "RangeBucket", "ChatVolume", "ReceivedMessagesPoint", "UserChatStats"} {
		assert.True(t, seen[name], "%s is not reached from the Client's methods", name)
	}
	assert.Greater(t, fields, 300, "fields checked")
	slices.Sort(missing)
	assert.Empty(t, missing, "exported result fields without a doc or line comment:\n%s", strings.Join(missing, "\n"))
}

func isClient(e ast.Expr) bool {
	s, ok := e.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := s.X.(*ast.Ident)
	return ok && id.Name == "Client"
}

func text(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.TrimSpace(g.Text())
}

func cmpOr(a, b *ast.CommentGroup) *ast.CommentGroup {
	if a != nil {
		return a
	}
	return b
}
