package main

import (
	"context"
	"encoding/json"
	"fmt"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
)

// enrolment is what `kiosk enrol` stores in the kiosk's database: where to
// upload, the token, the extra CA, and the last configuration from the
// server with its ETag.
type enrolment struct {
	Server string
	Token  string
	CAFile string
	Config protocol.KioskConfig
	ETag   string
}

// loadEnrolment reads the enrolment; ok is false for a kiosk never enrolled.
func loadEnrolment(ctx context.Context, db *localdb.DB) (e enrolment, ok bool, err error) {
	get := func(key string) string {
		if err != nil {
			return ""
		}
		var v string
		v, _, err = db.Meta(ctx, key)
		return v
	}
	e.Server = get(localdb.MetaServerURL)
	e.Token = get(localdb.MetaToken)
	e.CAFile = get(localdb.MetaCAFile)
	e.ETag = get(localdb.MetaConfigETag)
	raw := get(localdb.MetaConfigJSON)
	if err != nil {
		return e, false, fmt.Errorf("read enrolment: %w", err)
	}
	if e.Server == "" || e.Token == "" {
		return e, false, nil
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &e.Config); err != nil {
			return e, false, fmt.Errorf("stored configuration: %w", err)
		}
	}
	return e, true, nil
}

// saveEnrolment stores every field durably.
func saveEnrolment(ctx context.Context, db *localdb.DB, e enrolment) error {
	if err := saveConfig(ctx, db, e.Config, e.ETag); err != nil {
		return err
	}
	for k, v := range map[string]string{localdb.MetaServerURL: e.Server, localdb.MetaToken: e.Token, localdb.MetaCAFile: e.CAFile} {
		if err := db.SetMeta(ctx, k, v); err != nil {
			return fmt.Errorf("save enrolment: %w", err)
		}
	}
	return nil
}

// saveConfig stores a configuration from the server and its ETag.
func saveConfig(ctx context.Context, db *localdb.DB, cfg protocol.KioskConfig, etag string) error {
	raw, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("save configuration: %w", err)
	}
	if err := db.SetMeta(ctx, localdb.MetaConfigJSON, string(raw)); err != nil {
		return fmt.Errorf("save configuration: %w", err)
	}
	if err := db.SetMeta(ctx, localdb.MetaConfigETag, etag); err != nil {
		return fmt.Errorf("save configuration: %w", err)
	}
	return nil
}
