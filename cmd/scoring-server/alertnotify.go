package main

import (
	"context"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/scoring/webhook"
)

// notifyingStore is the store serve runs on: each alert transition it
// commits (opened by the evaluator, acknowledged or closed on the
// dashboard or by the evaluator) is also handed to the webhook notifier,
// whose Notify only queues it. Whoever made the transition never waits
// for a centre's chat tool.
type notifyingStore struct {
	*sqlitestore.Store
	hooks *webhook.Notifier
}

// OpenAlert opens an alert and notifies its centre's webhook when it is
// new.
func (s notifyingStore) OpenAlert(ctx context.Context, a scoring.Alert) (scoring.Alert, bool, error) {
	got, opened, err := s.Store.OpenAlert(ctx, a)
	if err == nil && opened {
		s.hooks.Notify(scoring.AlertEventOpened, got)
	}
	return got, opened, err
}

// AckAlert acknowledges an alert and notifies its centre's webhook.
func (s notifyingStore) AckAlert(ctx context.Context, id int64, by, comment string, at time.Time) (scoring.Alert, error) {
	got, err := s.Store.AckAlert(ctx, id, by, comment, at)
	if err == nil {
		s.hooks.Notify(scoring.AlertEventAcknowledged, got)
	}
	return got, err
}

// CloseAlert closes an alert and notifies its centre's webhook.
func (s notifyingStore) CloseAlert(ctx context.Context, id int64, by string, at time.Time) (scoring.Alert, error) {
	got, err := s.Store.CloseAlert(ctx, id, by, at)
	if err == nil {
		s.hooks.Notify(scoring.AlertEventClosed, got)
	}
	return got, err
}
