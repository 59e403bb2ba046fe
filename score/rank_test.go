package score

import (
	"fmt"
	"reflect"
	"testing"
)

func TestRank(t *testing.T) {
	g := func(id string, k, n int) Group {
		return Group{ID: id, Counts: Counts{VerySatisfied: k, Dissatisfied: n - k, Filtered: 100}}
	}
	groups := []Group{
		g("small", 7, 7),    // 100 % but n = 7: unranked
		g("a", 27, 30),      // 90 %, n = 30: at the threshold, ranked
		g("b", 45, 50),      // 90 %, n = 50: same rate, more evidence first
		g("c", 40, 40),      // 100 %
		g("d", 29, 29),      // n = 29: one short
		g("e", 20, 40),      // 50 %
		g("f", 20, 40),      // 50 %, same n: shares e's rank, after it by id
		g("g", 31, 60),      // 51.7 %
		g("empty", 0, 0),    // nothing at all
		g("tiny", 1, 2),     // n = 2
		g("z", 299, 333),    // 89.79 %: rounds to 89.8, below a and b exactly
		g("y", 900, 1000),   // 90 % exactly, n = 1000
		g("x", 9000, 10001), // 89.991 %: rounds to 90.0 but is lower
	}
	got := Rank(groups, MinRankN)
	type row struct {
		ID   string
		Rank int
		VI   string
	}
	var rows []row
	for _, s := range got {
		rows = append(rows, row{s.ID, s.Rank, s.LabelVI()})
	}
	want := []row{
		{"c", 1, "hạng 1"},
		{"y", 2, "hạng 2"},
		{"b", 3, "hạng 3"},
		{"a", 4, "hạng 4"},
		{"x", 5, "hạng 5"},
		{"z", 6, "hạng 6"},
		{"g", 7, "hạng 7"},
		{"e", 8, "hạng 8"},
		{"f", 8, "hạng 8"},
		{"d", 0, "chưa đủ số liệu, n = 29"},
		{"small", 0, "chưa đủ số liệu, n = 7"},
		{"tiny", 0, "chưa đủ số liệu, n = 2"},
		{"empty", 0, "chưa đủ số liệu, n = 0"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("ranking\n got %v\nwant %v", rows, want)
	}
	if got[9].LabelEN() != "not enough data, n = 29" || got[0].LabelEN() != "rank 1" || got[9].Ranked() || !got[0].Ranked() {
		t.Fatalf("labels %q %q", got[9].LabelEN(), got[0].LabelEN())
	}
	if groups[0].ID != "small" {
		t.Fatal("Rank reordered its input")
	}
}

func TestRankThresholdIsConfigurable(t *testing.T) {
	groups := []Group{{ID: "a", Counts: Counts{Satisfied: 7}}, {ID: "b", Counts: Counts{Satisfied: 5, Dissatisfied: 1}}}
	for _, tt := range []struct {
		minN  int
		ranks []int
	}{
		{0, []int{0, 0}}, // < 1: the default, 30
		{30, []int{0, 0}},
		{7, []int{1, 0}},
		{6, []int{1, 2}},
		{1, []int{1, 2}},
	} {
		var ranks []int
		for _, s := range Rank(groups, tt.minN) {
			ranks = append(ranks, s.Rank)
		}
		if fmt.Sprint(ranks) != fmt.Sprint(tt.ranks) {
			t.Errorf("minN %d: ranks %v, want %v", tt.minN, ranks, tt.ranks)
		}
	}
}

// TestRankIsDeterministic: the order does not depend on the input's.
func TestRankIsDeterministic(t *testing.T) {
	groups := []Group{
		{ID: "b", Counts: Counts{VerySatisfied: 30}},
		{ID: "a", Counts: Counts{VerySatisfied: 30}},
		{ID: "c", Counts: Counts{Satisfied: 5}},
		{ID: "d", Counts: Counts{Satisfied: 5}},
	}
	first := Rank(groups, 30)
	rev := []Group{groups[3], groups[2], groups[1], groups[0]}
	if again := Rank(rev, 30); !reflect.DeepEqual(first, again) {
		t.Fatalf("order depends on the input:\n%v\n%v", first, again)
	}
	if first[0].ID != "a" || first[0].Rank != 1 || first[1].Rank != 1 || first[2].ID != "c" {
		t.Fatalf("ties: %+v", first)
	}
}
