package config

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// pos is a 1-based line and byte column in a file; the zero pos is unknown.
type pos struct {
	Line, Col int
}

// spot is where a key and its value sit in a file.
type spot struct {
	Key, Value pos
}

// keyIndex maps a key path to where it is written. Paths join key parts with
// dots and mark items of arrays with their 0-based index:
// "officers[2].pin_hash", "scale.mapping.2", "reasons_for[1]". A table
// header (or an array-of-tables item) is indexed under its own path,
// "officers[2]", pointing at its name.
//
// Problems found after decoding use it to name the line of the offending
// key; go-toml reports positions only for errors it finds itself.
type keyIndex map[string]spot

// indexKeys walks a document that already decoded cleanly and records where
// every key, table header and array item is written. A document that does
// not parse yields whatever was indexed before the error.
func indexKeys(data []byte) keyIndex {
	ix := keyIndex{}
	p := &unstable.Parser{}
	p.Reset(data)
	counts := map[string]int{} // array-of-tables path → items seen
	var table string           // path of the current [table] or [[array]] item
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			it := e.Key()
			parts, first := keyParts(p, &it)
			if len(parts) == 0 {
				continue
			}
			table = join(resolve(counts, parts[:len(parts)-1]), parts[len(parts)-1])
			if e.Kind == unstable.ArrayTable {
				n := counts[table]
				counts[table] = n + 1
				if n == 0 { // the array itself is where its first item is
					ix[table] = spot{Key: first, Value: first}
				}
				table += "[" + strconv.Itoa(n) + "]"
			}
			ix[table] = spot{Key: first, Value: first}
		case unstable.KeyValue:
			ix.keyValue(p, table, e)
		}
	}
	return ix
}

// keyValue records a key = value expression under table, then whatever an
// inline table or array value holds.
func (ix keyIndex) keyValue(p *unstable.Parser, table string, kv *unstable.Node) {
	it := kv.Key()
	parts, keyPos := keyParts(p, &it)
	path := join(table, strings.Join(parts, "."))
	ix.value(p, path, keyPos, kv.Value())
}

// value records one value at path, recursing into arrays and inline tables.
func (ix keyIndex) value(p *unstable.Parser, path string, keyPos pos, v *unstable.Node) {
	valPos := keyPos
	if v.Raw.Length > 0 { // arrays carry no range; fall back to the key
		valPos = shapeStart(p, v.Raw)
	}
	ix[path] = spot{Key: keyPos, Value: valPos}
	switch v.Kind {
	case unstable.InlineTable:
		children := v.Children()
		for children.Next() {
			if c := children.Node(); c.Kind == unstable.KeyValue {
				ix.keyValue(p, path, c)
			}
		}
	case unstable.Array:
		children := v.Children()
		for i := 0; children.Next(); {
			c := children.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			ix.value(p, path+"["+strconv.Itoa(i)+"]", valPos, c)
			i++
		}
	}
}

// keyParts returns the parts of a (possibly dotted) key and where its first
// part starts.
func keyParts(p *unstable.Parser, it *unstable.Iterator) ([]string, pos) {
	var parts []string
	var first pos
	for it.Next() {
		n := it.Node()
		if parts == nil {
			first = shapeStart(p, n.Raw)
		}
		parts = append(parts, string(n.Data))
	}
	return parts, first
}

// resolve turns the leading parts of a table header into a path, indexing
// parts that name an array of tables with its latest item ([[a]] then [a.b]
// means "a[last].b").
func resolve(counts map[string]int, parts []string) string {
	var path string
	for _, part := range parts {
		path = join(path, part)
		if n, ok := counts[path]; ok && n > 0 {
			path += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	return path
}

// lookup finds where path is written. A missing key falls back to its
// closest written parent (a missing officer name points at its [[officers]]
// header); atValue picks the value's position rather than the key's.
func (ix keyIndex) lookup(path string, atValue bool) pos {
	for path != "" {
		if s, ok := ix[path]; ok {
			if atValue {
				return s.Value
			}
			return s.Key
		}
		path = parent(path)
	}
	return pos{}
}

// parent strips the last part of a path: "a[1].b" → "a[1]" → "a".
func parent(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

func join(table, key string) string {
	if table == "" {
		return key
	}
	return table + "." + key
}

func shapeStart(p *unstable.Parser, r unstable.Range) pos {
	s := p.Shape(r).Start
	return pos{Line: s.Line, Col: s.Column}
}
