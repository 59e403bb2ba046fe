package kioskapp

import (
	"context"
	"errors"
	"fmt"

	"hailong/kiosk/config"
	"hailong/kiosk/localdb"
	"hailong/kiosk/survey"
)

// errNotEnrolled means the kiosk has nothing to run on: no --config, no
// enrolment and no --demo. The window shows the setup screen instead; the
// other commands say what to do.
var errNotEnrolled = errors.New("Kiosk này chưa được đăng ký và không có --config: hãy đăng ký trên màn hình kiosk hoặc bằng kiosk enrol, hoặc dùng --demo để chạy trung tâm mẫu. / " +
	"This kiosk is not enrolled and has no --config: enrol it on its screen or with kiosk enrol, or pass --demo for the demo centre.")

// kioskConfig returns the configuration the kiosk runs on: the file given
// with --config, else the one the scoring server gave at enrolment, else,
// with --demo only, the embedded demo centre; otherwise errNotEnrolled (a
// kiosk fresh from its package must ask for its enrolment, not pretend to
// be the demo centre). A file is loaded before the database is opened, so
// a bad file stops the kiosk before anything is written.
func kioskConfig(ctx context.Context, path string, demo bool, db *localdb.DB) (survey.Config, *localdb.Enrolment, error) {
	var e *localdb.Enrolment
	if db != nil {
		en, ok, err := db.Enrolment(ctx)
		if err != nil {
			return survey.Config{}, nil, err
		}
		if ok {
			e = &en
		}
	}
	if path != "" {
		cfg, err := config.Load(path)
		return cfg, e, err
	}
	if e != nil && e.Config.Centre.ID != "" {
		cfg, err := e.Config.ToSurvey()
		if err != nil {
			return survey.Config{}, e, fmt.Errorf("the configuration stored at enrolment: %w", err)
		}
		return cfg, e, nil
	}
	if demo {
		return config.Demo(), e, nil
	}
	return survey.Config{}, e, errNotEnrolled
}
