package chart

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHBars(t *testing.T) {
	reasons := []HBar{
		{Label: "Thời gian chờ đợi lâu", Value: 42},
		{Label: "Thái độ phục vụ chưa tốt", Value: 17},
		{Label: nasty, Value: 5},
		{Label: "Hướng dẫn hồ sơ chưa rõ ràng, phải đi lại nhiều lần", Value: 0},
	}
	tests := []struct {
		name  string
		items []HBar
		bars  int
	}{
		{"hbars-reasons", reasons, 3},
		{"hbars-all-zero", []HBar{{Label: "a"}, {Label: "b"}}, 0},
		{"hbars-empty", nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := HBars{ID: tc.name, Title: "Lý do không hài lòng", Desc: "Số lượt chọn mỗi lý do", Items: tc.items,
				Style: StyleDissatisfied, LabelHead: "Lý do", ValueHead: "Số lượt", ShareHead: "Tỷ lệ", NoData: "Chưa có đánh giá", Comma: true}
			got := c.SVG()
			els := parse(t, got)
			checkAccessible(t, els, c.Title, c.Desc)
			if n := count(els, "rect", "bar"); n != tc.bars {
				t.Errorf("%d bars, want %d", n, tc.bars)
			}
			if n := count(els, "text", "label"); n != len(tc.items) {
				t.Errorf("%d labels, want %d", n, len(tc.items))
			}
			found := false
			for _, e := range els {
				found = found || e.name == "text" && e.attrs["class"] == "label" && e.text == nasty
			}
			if len(tc.items) > 2 && !found {
				t.Error("the label with <>&\" does not read back")
			}
			golden(t, tc.name, got)
		})
	}
	tab := HBars{Items: reasons, Comma: true}.Table()
	if got := tab.Rows[0][2].Text; got != "65,6%" {
		t.Errorf("share of 42 in 64 = %q, want 65,6%%", got)
	}
}

func TestHBarsLongLabel(t *testing.T) {
	long := strings.Repeat("Hồ sơ ", 20)
	els := parse(t, HBars{ID: "x", Items: []HBar{{Label: long, Value: 3}}}.SVG())
	for _, e := range els {
		if e.name == "text" && e.attrs["class"] == "label" {
			if n := utf8.RuneCountInString(e.text); n != maxHLabel || !strings.HasSuffix(e.text, "…") {
				t.Errorf("label of %d runes drawn as %d runes: %q", utf8.RuneCountInString(long), n, e.text)
			}
		}
		if e.name == "title" && strings.HasSuffix(e.text, ": 3") && !strings.HasPrefix(e.text, long) {
			t.Errorf("tooltip lost the whole label: %q", e.text)
		}
	}
}
