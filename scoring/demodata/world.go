package demodata

import "time"

// Zone is the demo centres' time zone: Asia/Ho_Chi_Minh, which has kept
// UTC+07:00 without daylight saving since 1975, so a fixed zone is exact
// and needs no time zone database on the machine.
var Zone = time.FixedZone("ICT", 7*3600)

// The PINs of every demo centre (6 digits, not guessable: SPEC §4).
const (
	TechnicianPIN = "909090"
	ManagerPIN    = "808080"
)

// AppVersion is the kiosk version the demo kiosks report.
const AppVersion = "0.1.0"

// Centre is one demo centre and how its citizens rate.
type Centre struct {
	ID, Name string
	Counters int       // counters "1" … "N", one kiosk each
	Officers []Officer // at least Counters of them
	// Rate is the mean number of ratings a counter takes in a quarter
	// hour at ordinary load; the weekday and hour factors scale it.
	Rate float64
	// English is the share of citizens who switch the kiosk to English.
	English float64
}

// Officer is one demo officer and how satisfied citizens are with them.
type Officer struct {
	ID, Name, Title, PIN string
	// Dissatisfied and Satisfied are the chances of Không hài lòng and
	// Hài lòng at ordinary load; the rest is Rất hài lòng.
	Dissatisfied, Satisfied float64
	// Reasons weighs the reason codes this officer's unhappy citizens
	// pick; nil takes usualReasons.
	Reasons map[string]float64
}

// The demo's named situations, which the tests and the README refer to.
const (
	// ProvincialCentre is the centre of the demo manager and of the kiosk
	// that `make run` enrols (counter 1, officers cb01–cb04).
	ProvincialCentre = "qn-hcc"
	// WeakOfficer is the officer with clearly lower satisfaction.
	WeakOfficer = "cb06"
	// BadCentre and BadCounter had the bad afternoon (BadAfternoon).
	BadCentre  = "qn-hcc"
	BadCounter = "3"
	// LateCentre and LateCounter: a kiosk offline for three days about
	// two weeks ago, whose ratings arrived when it came back.
	LateCentre  = "hp-hcc"
	LateCounter = "2"
	// SilentCentre and SilentCounter: a kiosk that stopped reaching the
	// server SilentFor before the end of the data.
	SilentCentre  = "hg-mc"
	SilentCounter = "3"
	SilentFor     = 150 * time.Minute
	// InviteCentre and InviteCounter: the counter whose kiosk is in invite
	// mode (the officer invites each rating with F9, or the queue system
	// with POST /trigger and the citizen's ticket), so that the pages show
	// a response rate (SPEC §7). It is in the demo manager's centre, and
	// the officers take turns at it like at every counter.
	InviteCentre  = ProvincialCentre
	InviteCounter = "5"
)

// usualReasons weighs the default reasons (survey.DefaultReasons) as
// unhappy citizens of an ordinary officer pick them: waiting first.
var usualReasons = map[string]float64{"wait": 35, "unclear": 25, "late": 15, "rude": 8, "extra_papers": 10, "other": 7}

// weakReasons are the weak officer's: manner and guidance.
var weakReasons = map[string]float64{"rude": 35, "unclear": 35, "wait": 15, "extra_papers": 10, "other": 5}

// badAfternoonReasons are the bad afternoon's: the queue.
var badAfternoonReasons = map[string]float64{"wait": 60, "late": 20, "unclear": 10, "other": 10}

// World returns the three demo centres. Their names are realistic but
// made up, and so are their officers: the dashboard says on every page
// that these are not any centre's real figures.
func World() []Centre {
	return []Centre{
		{
			ID: ProvincialCentre, Name: "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh",
			Counters: 6, Rate: 1.2, English: 0.04,
			Officers: []Officer{
				// cb01–cb04 keep the ids, names and PINs that `make run`
				// signs in on the real kiosk at counter 1.
				{ID: "cb01", Name: "Nguyễn Thị Lan", Title: "Chuyên viên", PIN: "1111", Dissatisfied: 0.03, Satisfied: 0.12},
				{ID: "cb02", Name: "Trần Văn Minh", Title: "Phó Trưởng phòng", PIN: "2222", Dissatisfied: 0.025, Satisfied: 0.10},
				{ID: "cb03", Name: "Lê Thị Hồng Nhung", Title: "Chuyên viên", PIN: "3333", Dissatisfied: 0.035, Satisfied: 0.14},
				{ID: "cb04", Name: "Phạm Đức Thắng", Title: "Cán sự", PIN: "4444", Dissatisfied: 0.04, Satisfied: 0.15},
				{ID: "cb05", Name: "Vũ Thị Thu Hà", Title: "Chuyên viên", PIN: "5555", Dissatisfied: 0.03, Satisfied: 0.13},
				{ID: WeakOfficer, Name: "Đỗ Văn Hùng", Title: "Chuyên viên", PIN: "6666", Dissatisfied: 0.16, Satisfied: 0.28, Reasons: weakReasons},
				{ID: "cb07", Name: "Hoàng Minh Tuấn", Title: "Chuyên viên chính", PIN: "7777", Dissatisfied: 0.025, Satisfied: 0.11},
				{ID: "cb08", Name: "Bùi Thị Ngọc Ánh", Title: "Cán sự", PIN: "8888", Dissatisfied: 0.035, Satisfied: 0.14},
			},
		},
		{
			ID: "hp-hcc", Name: "Trung tâm Phục vụ hành chính công thành phố Hải Phòng",
			Counters: 4, Rate: 1.1, English: 0.03,
			Officers: []Officer{
				{ID: "hp01", Name: "Ngô Thị Mai", Title: "Chuyên viên", PIN: "1212", Dissatisfied: 0.03, Satisfied: 0.13},
				{ID: "hp02", Name: "Đặng Quốc Huy", Title: "Chuyên viên", PIN: "2323", Dissatisfied: 0.04, Satisfied: 0.15},
				{ID: "hp03", Name: "Trịnh Thị Thanh Hương", Title: "Phó Giám đốc Trung tâm", PIN: "3434", Dissatisfied: 0.02, Satisfied: 0.10},
				{ID: "hp04", Name: "Phan Văn Long", Title: "Cán sự", PIN: "4545", Dissatisfied: 0.045, Satisfied: 0.16},
				{ID: "hp05", Name: "Lương Thị Bích Ngọc", Title: "Chuyên viên", PIN: "5656", Dissatisfied: 0.03, Satisfied: 0.12},
				{ID: "hp06", Name: "Mai Xuân Trường", Title: "Chuyên viên chính", PIN: "6767", Dissatisfied: 0.035, Satisfied: 0.13},
			},
		},
		{
			ID: "hg-mc", Name: "Bộ phận Một cửa phường Hồng Gai",
			Counters: 3, Rate: 0.6, English: 0.01,
			Officers: []Officer{
				{ID: "hg01", Name: "Đinh Thị Hải Yến", Title: "Công chức Tư pháp – Hộ tịch", PIN: "1357", Dissatisfied: 0.035, Satisfied: 0.15},
				{ID: "hg02", Name: "Cao Văn Sơn", Title: "Công chức Địa chính – Xây dựng", PIN: "2468", Dissatisfied: 0.05, Satisfied: 0.17},
				{ID: "hg03", Name: "Tạ Thị Phương", Title: "Công chức Văn phòng – Thống kê", PIN: "3579", Dissatisfied: 0.03, Satisfied: 0.14},
				{ID: "hg04", Name: "Lý Minh Đức", Title: "Công chức Văn hoá – Xã hội", PIN: "4680", Dissatisfied: 0.04, Satisfied: 0.16},
			},
		},
	}
}

// KioskID names the demo kiosk of a centre's counter.
func KioskID(centreID, counterID string) string { return "kiosk-" + centreID + "-" + counterID }
