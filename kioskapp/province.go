package kioskapp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// provinceFileFor is where a kiosk looks for the province's defaults on
// the system goos: on Linux where the kiosk package keeps them (shipped
// with every line commented out), on Windows %ProgramData%\HaiLong\kiosk.toml,
// beside the kiosk's data folder (%ProgramData%\HaiLong\kiosk), one per PC
// for every Windows account.
func provinceFileFor(goos string, getenv func(string) string) string {
	if goos != "windows" {
		return "/etc/hailong-kiosk/kiosk.toml"
	}
	dir := getenv("ProgramData")
	if dir == "" {
		dir = `C:\ProgramData` // never unset on a real Windows
	}
	return strings.TrimRight(dir, `\`) + `\HaiLong\kiosk.toml`
}

// provinceDefaults is what a province ships to all its kiosks: the server
// the setup screen offers, and a CA to trust besides the system's.
//
//	[enrol]
//	server = "https://diem.example.gov.vn"
//	ca_file = "/etc/hailong-kiosk/province-ca.pem"
type provinceDefaults struct {
	Enrol struct {
		Server string `toml:"server"`
		CAFile string `toml:"ca_file"`
	} `toml:"enrol"`
}

// readProvince reads the province's defaults from path. A missing file is
// no defaults; a file that cannot be read or parsed is an error in
// Vietnamese and English that names it and says what to do (the kiosk
// logs it and still shows its setup screen, with nothing pre-filled).
// Keys it does not know are named in warnings, since a misspelt key would
// otherwise be ignored without a word.
func readProvince(path string) (p provinceDefaults, warnings []string, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil, nil
	}
	if err != nil {
		return p, nil, fmt.Errorf("Không đọc được tệp cấu hình tỉnh %s (%v): kiểm tra quyền đọc của tệp; màn hình cài đặt vẫn mở, hãy nhập địa chỉ máy chủ bằng tay. / "+
			"Cannot read the province file %s (%v): check its permissions; the setup screen still opens, type the server address by hand.", path, err, path, err)
	}
	dec := toml.NewDecoder(strings.NewReader(string(b)))
	if err := dec.Decode(&p); err != nil {
		where := err.Error()
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			where = fmt.Sprintf("%d:%d: %s", row, col, de.Error())
		}
		return provinceDefaults{}, nil, fmt.Errorf("Tệp cấu hình tỉnh %s sai cú pháp (%s): hãy sửa tệp (mẫu: [enrol] server = \"https://…\"); màn hình cài đặt vẫn mở, hãy nhập địa chỉ máy chủ bằng tay. / "+
			"The province file %s is malformed (%s): fix it (e.g. [enrol] server = \"https://…\"); the setup screen still opens, type the server address by hand.", path, where, path, where)
	}
	strict := toml.NewDecoder(strings.NewReader(string(b)))
	strict.DisallowUnknownFields()
	var sm *toml.StrictMissingError
	if err := strict.Decode(&provinceDefaults{}); errors.As(err, &sm) {
		for _, e := range sm.Errors {
			warnings = append(warnings, fmt.Sprintf("%s: unknown key %s", path, strings.Join(e.Key(), ".")))
		}
	}
	p.Enrol.Server = strings.TrimSpace(p.Enrol.Server)
	p.Enrol.CAFile = strings.TrimSpace(p.Enrol.CAFile)
	return p, warnings, nil
}
