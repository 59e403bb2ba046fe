package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"hailong/kiosk/localapi"
	"hailong/kiosk/screens"
	"hailong/kiosk/survey"
)

// serveLocalAPI starts the local HTTP API on 127.0.0.1 when configured, and
// returns the function that stops it.
func serveLocalAPI(cfg survey.Config, k *screens.Kiosk, log *slog.Logger) (stop func(), err error) {
	if cfg.LocalAPI.Port == 0 {
		return func() {}, nil
	}
	ln, err := localapi.Listen(cfg.LocalAPI.Port)
	if err != nil {
		return nil, fmt.Errorf("local API on 127.0.0.1:%d: %w", cfg.LocalAPI.Port, err)
	}
	srv := localapi.NewServer(localapi.New(k, cfg.LocalAPI.Secret))
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("local API stopped", "err", err)
		}
	}()
	log.Info("local API listening", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}
