package survey

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCSVTextIsReversibleAndInert(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"", ""},
		{"A-017", "A-017"},
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{"@SUM(1)", "'@SUM(1)"},
		{"+84", "'+84"},
		{"-1", "'-1"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'x", "''x"},
		{"''", "'''"},
		{" =1", " =1"},
		{"Thái độ", "Thái độ"},
	} {
		if got := CSVText(c.in); got != c.out {
			t.Errorf("CSVText(%q) = %q, want %q", c.in, got, c.out)
		}
		if got := CSVUntext(CSVText(c.in)); got != c.in {
			t.Errorf("CSVUntext(CSVText(%q)) = %q", c.in, got)
		}
	}
}

// Numeric columns stay numbers, even negative ones; text never starts a
// formula.
func TestCSVRecordLeavesNumbersAlone(t *testing.T) {
	rec := Response{Seq: 3, RawValue: -1, DurationMS: -5, Ticket: "-5"}.CSVRecord()
	for i, name := range CSVHeader() {
		want, ok := map[string]string{"seq": "3", "raw_value": "-1", "duration_ms": "-5", "ticket": "'-5"}[name]
		if ok && rec[i] != want {
			t.Errorf("%s = %q, want %q", name, rec[i], want)
		}
	}
}

func TestReasonsJSONIsTheCanonicalSlice(t *testing.T) {
	for _, rs := range [][]string{nil, {}, {""}, {"a;b", "c,d"}, {"<>&", "\u2028", "\x01", `"\`}} {
		c := string(Response{Reasons: rs}.Canonical())
		if want := `"reasons":` + ReasonsJSON(rs) + `,"outcome"`; !strings.Contains(c, want) {
			t.Errorf("%q: %s not in %s", rs, want, c)
		}
	}
}

// What CSVWriter writes, CSVReader reads back byte for byte, CR and LF
// inside cells included (encoding/csv's reader turns CR LF into LF).
func FuzzCSVWriterReader(f *testing.F) {
	for _, s := range []string{"", "a", "a,b", `"`, "x\r\ny", "\r", "\n", "\r\n", " lead", "\ttab", "Thái\u2028độ", "\x00"} {
		f.Add(s, "b")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip()
		}
		in := [][]string{{a, b}, {b}, {"", a}}
		var buf bytes.Buffer
		w := NewCSVWriter(&buf)
		for _, rec := range in {
			if err := w.Write(rec); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		r := NewCSVReader(bytes.NewReader(buf.Bytes()))
		for i, want := range in {
			got, err := r.Read()
			if err != nil {
				t.Fatalf("record %d: %v in %q", i, err, buf.String())
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("record %d = %q, want %q (file %q)", i, got, want, buf.String())
			}
		}
		if _, err := r.Read(); err != io.EOF {
			t.Fatalf("after the last record: %v", err)
		}
	})
}

func TestCSVReaderRefusesMalformedInput(t *testing.T) {
	for _, in := range []string{
		"a\"b,c\r\n",   // a quote in an unquoted field
		"\"a\"b,c\r\n", // text after a closing quote
		"\"a,b\r\n",    // an unterminated quote
		"a\rb\r\n",     // a bare CR outside quotes
		"\xff,b\r\n",   // invalid UTF-8
	} {
		if rec, err := NewCSVReader(strings.NewReader(in)).Read(); err == nil {
			t.Errorf("%q read as %q", in, rec)
		}
	}
	r := NewCSVReader(strings.NewReader("\ufeffa,\"b\r\nc\"\r\nd\n"))
	if rec, err := r.Read(); err != nil || !reflect.DeepEqual(rec, []string{"a", "b\r\nc"}) {
		t.Fatalf("%q %v", rec, err)
	}
	if rec, err := r.Read(); err != nil || !reflect.DeepEqual(rec, []string{"d"}) || r.Line() != 4 {
		t.Fatalf("%q %v line %d", rec, err, r.Line())
	}
}
