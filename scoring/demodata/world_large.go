package demodata

import "fmt"

// LargeWorld is the demo's three centres grown to the size of issue 10's
// page benchmarks: counters kiosks in all (split 5:3:2 between the
// provincial centre, the city centre and the ward), two officers a
// counter, and each centre's Rate multiplied by rate. The first centres'
// own officers, the weak officer and the named situations (the bad
// afternoon, the late kiosk, the silent kiosk) are kept; the officers
// added have made-up names and ordinary moods.
func LargeWorld(counters int, rate float64) []Centre {
	w := World()
	split := []int{counters * 5 / 10, counters * 3 / 10}
	split = append(split, counters-split[0]-split[1])
	for i := range w {
		c := &w[i]
		c.Counters = max(split[i], c.Counters)
		c.Rate *= rate
		for n := len(c.Officers); n < 2*c.Counters; n++ {
			c.Officers = append(c.Officers, madeUpOfficer(c.ID, n))
		}
	}
	return w
}

// Name parts of the made-up officers: common Vietnamese family, middle
// and given names.
var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middleNames = []string{"Văn", "Thị", "Minh", "Thu", "Quốc", "Thanh", "Hữu", "Ngọc", "Đức", "Kim"}
	givenNames  = []string{"An", "Bình", "Chi", "Dũng", "Giang", "Hạnh", "Khánh", "Linh", "Nam", "Oanh", "Phúc", "Quyên", "Sang", "Tâm", "Uyên", "Vinh", "Xuân", "Yến"}
)

// madeUpOfficer is officer n of centre: a name from the parts above, a
// 4-digit PIN that is neither a run nor a repeat, and a mood near the
// centre's ordinary officers.
func madeUpOfficer(centre string, n int) Officer {
	return Officer{
		ID:           fmt.Sprintf("%s-x%03d", centre, n),
		Name:         familyNames[n%len(familyNames)] + " " + middleNames[n/3%len(middleNames)] + " " + givenNames[n*7%len(givenNames)],
		Title:        "Chuyên viên",
		PIN:          fmt.Sprintf("%d%d%02d", 2+n%7, 9-n%7, 10+n%89),
		Dissatisfied: 0.025 + float64(n%5)*0.005,
		Satisfied:    0.11 + float64(n%4)*0.01,
	}
}
