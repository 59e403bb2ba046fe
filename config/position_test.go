package config

import "testing"

func TestIndexKeys(t *testing.T) {
	doc := `a = 1
b.c = "x"
arr = [1, 2]
inline = { x = 1, y = { z = 2 } }

[t]
k = "v"

[[items]]
  name = "one"

[[items]]
name = "two"
list = [{ q = 1 }, { q = 2 }]

[items.sub]
deep = true
`
	ix := indexKeys([]byte(doc))
	cases := []struct {
		path     string
		key, val pos
	}{
		{"a", pos{1, 1}, pos{1, 5}},
		{"b.c", pos{2, 1}, pos{2, 7}},
		{"arr", pos{3, 1}, pos{3, 1}}, // arrays have no range: the key stands in
		{"arr[1]", pos{3, 1}, pos{3, 11}},
		{"inline.x", pos{4, 12}, pos{4, 16}},
		{"inline.y.z", pos{4, 25}, pos{4, 29}},
		{"t", pos{6, 2}, pos{6, 2}},
		{"t.k", pos{7, 1}, pos{7, 5}},
		{"items", pos{9, 3}, pos{9, 3}},
		{"items[0]", pos{9, 3}, pos{9, 3}},
		{"items[0].name", pos{10, 3}, pos{10, 10}},
		{"items[1]", pos{12, 3}, pos{12, 3}},
		{"items[1].name", pos{13, 1}, pos{13, 8}},
		{"items[1].list[1].q", pos{14, 22}, pos{14, 26}},
		{"items[1].sub.deep", pos{17, 1}, pos{17, 8}},
	}
	for _, c := range cases {
		s, ok := ix[c.path]
		if !ok {
			t.Errorf("%s not indexed", c.path)
			continue
		}
		if s.Key != c.key || s.Value != c.val {
			t.Errorf("%s at key %v value %v, want key %v value %v", c.path, s.Key, s.Value, c.key, c.val)
		}
	}
}

func TestLookupFallsBackToParent(t *testing.T) {
	ix := indexKeys([]byte("[[officers]]\nid = \"a\"\n\n[[officers]]\nid = \"b\"\n"))
	cases := []struct {
		path    string
		atValue bool
		want    pos
	}{
		{"officers[1].id", true, pos{5, 6}},
		{"officers[1].id", false, pos{5, 1}},
		{"officers[1].name", true, pos{4, 3}},
		{"officers[7].name", true, pos{1, 3}},
		{"centre.name", true, pos{}},
	}
	for _, c := range cases {
		if got := ix.lookup(c.path, c.atValue); got != c.want {
			t.Errorf("lookup(%s, %v) = %v, want %v", c.path, c.atValue, got, c.want)
		}
	}
}

func TestDisplayKey(t *testing.T) {
	cases := map[string]string{
		"officers[2].pin_hash": "officers.pin_hash",
		"reasons_for[1]":       "reasons_for",
		"scale.mapping.2":      "scale.mapping.2",
		"a[1].b[2].c":          "a.b.c",
		"":                     "",
	}
	for in, want := range cases {
		if got := displayKey(in); got != want {
			t.Errorf("displayKey(%q) = %q, want %q", in, got, want)
		}
	}
}
