package main

import (
	"context"
	"log/slog"

	"hailong/kiosk/screens"
	"hailong/kiosk/survey"
)

// serveLocalAPI starts the local HTTP API on 127.0.0.1 when configured.
func serveLocalAPI(ctx context.Context, cfg survey.Config, k *screens.Kiosk, log *slog.Logger) (stop func(), err error) {
	return func() {}, nil
}
