package chart

import (
	"encoding/xml"
	"errors"
	"flag"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name.svg, or rewrites it with -update.
func golden(t *testing.T, name string, got template.HTML) {
	t.Helper()
	path := filepath.Join("testdata", name+".svg")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if string(want) != string(got)+"\n" {
		t.Errorf("%s differs from the golden file %s (run go test -update after checking the change)", name, path)
	}
}

// element is one parsed SVG element with its attributes and direct text.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parse decodes the markup as strict XML and returns every element in
// document order; a parse error fails the test.
func parse(t *testing.T, markup template.HTML) []*element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(markup)))
	d.Strict = true
	var out, stack []*element
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, markup)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			out, stack = append(out, e), append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	if len(out) == 0 || out[0].name != "svg" {
		t.Fatalf("root element is not svg:\n%s", markup)
	}
	return out
}

// count returns how many elements have the tag name and, when class is
// not empty, that class among theirs.
func count(els []*element, name, class string) int {
	n := 0
	for _, e := range els {
		if e.name != name {
			continue
		}
		if class == "" || hasClass(e.attrs["class"], class) {
			n++
		}
	}
	return n
}

func hasClass(list, class string) bool {
	for _, c := range strings.Fields(list) {
		if c == class {
			return true
		}
	}
	return false
}

// checkAccessible asserts role="img", a viewBox, and that the title and
// description read back exactly (so data with <>&" was escaped, not lost).
func checkAccessible(t *testing.T, els []*element, title, desc string) {
	t.Helper()
	root := els[0]
	if root.attrs["role"] != "img" || root.attrs["viewBox"] == "" || root.attrs["width"] != "" {
		t.Errorf("root svg attributes = %v, want role=img, a viewBox and no fixed width", root.attrs)
	}
	if els[1].name != "title" || els[1].text != title {
		t.Errorf("first child = <%s>%q, want <title>%q", els[1].name, els[1].text, title)
	}
	if els[2].name != "desc" || (desc != "" && els[2].text != desc) {
		t.Errorf("second child = <%s>%q, want <desc>%q", els[2].name, els[2].text, desc)
	}
}

func templateHTML(s string) template.HTML { return template.HTML(s) }
