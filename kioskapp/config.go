package kioskapp

import (
	"context"
	"fmt"

	"hailong/kiosk/config"
	"hailong/kiosk/localdb"
	"hailong/kiosk/survey"
)

// kioskConfig returns the configuration the kiosk runs on: the file given
// with --config, else the one the scoring server gave at enrolment, else the
// embedded demo centre. A file is loaded before the database is opened, so a
// bad file stops the kiosk before anything is written.
func kioskConfig(ctx context.Context, path string, db *localdb.DB) (survey.Config, *localdb.Enrolment, error) {
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
	return config.Demo(), e, nil
}
